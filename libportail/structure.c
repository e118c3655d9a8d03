/*
 * structure.c — the identity and contact details of the structure that
 * runs the portal: one row of the structure table, read whole and changed
 * field by field in one UPDATE ... RETURNING.
 *
 * The fields' rules and French labels are those of the one field table
 * (field.c, object "structure"); the SQL is built from their names, in the
 * order of ptl_structure_field, and the column names are the field names.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/field.h>
#include <portail/structure.h>

#include "db-internal.h"
#include "error-internal.h"
#include "validate.h"

/* The fields' names, in the order of ptl_structure_field; their rules and
 * labels are those of the field table (object "structure"). */
static const char *const names[PTL_STRUCTURE_FIELD_COUNT] = {
	[PTL_STRUCTURE_NAME] = "name",
	[PTL_STRUCTURE_ADDRESS] = "address",
	[PTL_STRUCTURE_POSTCODE] = "postcode",
	[PTL_STRUCTURE_CITY] = "city",
	[PTL_STRUCTURE_PHONE] = "phone",
	[PTL_STRUCTURE_EMAIL] = "email",
	[PTL_STRUCTURE_OPENING_HOURS] = "opening_hours",
	[PTL_STRUCTURE_PUBLICATION_DIRECTOR] = "publication_director",
	[PTL_STRUCTURE_HOST] = "host",
};

#define COLUMNS "name, address, postcode, city, phone, email, opening_hours," \
                " publication_director, host, extract(epoch from updated_at)::bigint AS updated_at"

const char *ptl_structure_field_name(ptl_structure_field field)
{
	return (unsigned)field < PTL_STRUCTURE_FIELD_COUNT ? names[field] : NULL;
}

const char *ptl_structure_field_label(ptl_structure_field field)
{
	const ptl_field *f = ptl_field_find("structure", ptl_structure_field_name(field));

	return f ? f->label_fr : NULL;
}

void ptl_structure_free(ptl_structure *structure)
{
	if (!structure)
		return;
	for (size_t i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++)
		free(structure->values[i]);
	free(structure);
}

/* The details in the first row of @p res, into *out. */
static int from_row(ptl_structure **out, const PGresult *res)
{
	ptl_structure *s;

	if (PQntuples(res) != 1)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "the structure row is missing");
	if (!(s = calloc(1, sizeof(*s))))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (size_t i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++) {
		if (!(s->values[i] = ptl__db_dup(res, 0, names[i]))) {
			ptl_structure_free(s);
			return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		}
	}
	s->updated_at = ptl__db_get_int64(res, 0, "updated_at");
	*out = s;
	return PTL_OK;
}

int ptl_structure_get(ptl_structure **out, ptl_db *db)
{
	PGresult *res;
	int rc;

	*out = NULL;
	if (!(res = ptl__db_query(db, "SELECT " COLUMNS " FROM structure", 0, NULL)))
		return ptl_error_last()->code;
	rc = from_row(out, res);
	PQclear(res);
	return rc;
}

int ptl_structure_set(ptl_structure **out, ptl_db *db, const ptl_structure_options *options)
{
	char *clean[PTL_STRUCTURE_FIELD_COUNT] = { 0 };
	const char *params[PTL_STRUCTURE_FIELD_COUNT + 1];
	char sql[1024];
	size_t len;
	struct ptl__num now = ptl__num(ptl_clock_now());
	PGresult *res = NULL;
	ptl_structure *s = NULL;
	int rc = PTL_OK;

	if (out)
		*out = NULL;
	if ((rc = ptl__options_check(options ? &options->version : NULL,
	                             PTL_STRUCTURE_OPTIONS_VERSION, "ptl_structure_options")))
		return rc;
	for (size_t i = 0; i < PTL_STRUCTURE_FIELD_COUNT && rc == PTL_OK; i++)
		if (options->values[i])
			rc = ptl__check(&clean[i], "structure", names[i], options->values[i]);
	if (rc != PTL_OK)
		goto done;

	/* name = COALESCE($1, name), ...: a NULL parameter keeps the value. */
	len = (size_t)snprintf(sql, sizeof(sql), "UPDATE structure SET");
	for (size_t i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++) {
		params[i] = clean[i];
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, " %s = COALESCE($%zu, %s),",
		                        names[i], i + 1, names[i]);
	}
	params[PTL_STRUCTURE_FIELD_COUNT] = now.s;
	snprintf(sql + len, sizeof(sql) - len,
	         " updated_at = to_timestamp($%d::bigint) RETURNING " COLUMNS,
	         PTL_STRUCTURE_FIELD_COUNT + 1);
	if (!(res = ptl__db_query(db, sql, PTL_STRUCTURE_FIELD_COUNT + 1, params))) {
		rc = ptl_error_last()->code;
		goto done;
	}
	if ((rc = from_row(&s, res)) != PTL_OK)
		goto done;
	if (out) {
		*out = s;
		s = NULL;
	}
done:
	PQclear(res);
	ptl_structure_free(s);
	for (size_t i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++)
		free(clean[i]);
	return rc;
}
