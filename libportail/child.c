/*
 * child.c — the children of a family.
 */
#include <stdlib.h>

#include <portail/error.h>
#include <portail/family.h>

#include "error-internal.h"
#include "family-internal.h"
#include "validate.h"

int ptl__child_from_row(ptl_child *out, const PGresult *res, int row)
{
	out->id = ptl__db_get_int64(res, row, "id");
	out->family_id = ptl__db_get_int64(res, row, "family_id");
	out->birth_date = (ptl_day)ptl__db_get_int64(res, row, "birth_day");
	out->created_at = ptl__db_get_int64(res, row, "created_at");
	out->updated_at = ptl__db_get_int64(res, row, "updated_at");
	out->first_name = ptl__db_dup(res, row, "first_name");
	out->last_name = ptl__db_dup(res, row, "last_name");
	if (!out->first_name || !out->last_name)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return PTL_OK;
}

void ptl__child_clear(ptl_child *c)
{
	free(c->first_name);
	free(c->last_name);
}

int ptl__child_insert(ptl_db *db, int64_t family_id, const char *first_name,
                      const char *last_name, ptl_day birth, int64_t *id_out)
{
	struct ptl__num fid = ptl__num(family_id), day = ptl__num(birth),
	                now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, first_name, last_name, day.s, now.s };
	PGresult *res = ptl__db_query(db,
		"INSERT INTO child (family_id, first_name, last_name, birth_date, created_at, updated_at)"
		" VALUES ($1, $2, $3, date '1970-01-01' + $4::integer,"
		"         to_timestamp($5::bigint), to_timestamp($5::bigint))"
		" RETURNING id", 5, params);

	if (!res) {
		if (ptl_error_last()->code == PTL_ENOTFOUND)
			return ptl__error_set(PTL_ENOTFOUND, "family_id", "Famille introuvable.",
			                      "no family %lld", (long long)family_id);
		return ptl_error_last()->code;
	}
	if (id_out)
		*id_out = ptl__db_get_int64(res, 0, "id");
	PQclear(res);
	return PTL_OK;
}

int ptl_child_create(ptl_db *db, int64_t family_id, const ptl_child_new *in,
                     int64_t *child_id_out)
{
	char *first = NULL, *last = NULL;
	ptl_day birth;
	int rc;

	if (!in || in->version != PTL_CHILD_NEW_VERSION)
		return ptl__error_set(PTL_EINVALID, NULL, NULL, "unsupported ptl_child_new version");
	rc = ptl__check_text(&first, "first_name", in->first_name, 100, true, "Le prénom");
	if (rc == PTL_OK)
		rc = ptl__check_text(&last, "last_name", in->last_name, 100, true, "Le nom");
	if (rc == PTL_OK && (!in->birth_date || ptl_day_parse(&birth, in->birth_date) != PTL_OK))
		rc = ptl__error_set(PTL_EINVALID, "birth_date",
			"La date de naissance n'est pas une date valide (format AAAA-MM-JJ).",
			"birth_date: not a valid YYYY-MM-DD date");
	if (rc == PTL_OK)
		rc = ptl__check_birth_date("birth_date", birth,
		                           ptl_day_of_instant_paris(ptl_clock_now()));
	if (rc == PTL_OK)
		rc = ptl__child_insert(db, family_id, first, last, birth, child_id_out);
	free(first);
	free(last);
	return rc;
}
