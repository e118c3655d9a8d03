/*
 * enrolment-documents.c — the documents families provide (vaccination
 * record, insurance certificate...), as the manager records them (see
 * ptl_document_add in enrolment.h). A document counts for every activity
 * that asks for its type, from the day it was issued for the activity's
 * validity; the enrolment readers compute what is still missing.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "db-internal.h"
#include "error-internal.h"
#include "util.h"

/* A document type as the catalogue writes them: [a-z0-9][a-z0-9-]{0,63}. */
static bool type_ok(const char *type)
{
	size_t n = type ? strlen(type) : 0;

	if (n < 1 || n > 64 || type[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((type[i] >= 'a' && type[i] <= 'z') || (type[i] >= '0' && type[i] <= '9') ||
		      type[i] == '-'))
			return false;
	return true;
}

int ptl_document_add(int64_t *id_out, ptl_db *db, const ptl_document_options *in)
{
	struct ptl__num fid = ptl__num(in->family_id), cid = ptl__num(in->child_id),
	                now = ptl__num(ptl_clock_now());
	ptl_day from;
	PGresult *res;
	int rc;

	if ((rc = ptl__options_check(&in->version, PTL_DOCUMENT_OPTIONS_VERSION,
	                             "ptl_document_options")))
		return rc;
	if (!type_ok(in->type))
		return ptl__error_set(PTL_EINVALID, "type", NULL,
		                      "a document type is lower-case letters, digits and hyphens");
	if (!in->valid_from || ptl_day_parse(&from, in->valid_from) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, "valid_from", NULL, "valid_from: a date (YYYY-MM-DD)");
	const char *params[] = { fid.s, in->child_id ? cid.s : NULL, in->type, in->valid_from,
	                         in->manager ? in->manager : "", now.s };
	/* The child, when named, must be of the family: nothing is written
	 * otherwise. */
	res = ptl__db_query(db,
		"INSERT INTO family_document (family_id, child_id, document_type, valid_from,"
		"                             recorded_by, created_at)"
		" SELECT f.id, $2::bigint, $3, $4::date, $5, to_timestamp($6::bigint)"
		"   FROM family f WHERE f.id = $1"
		"    AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM child c"
		"                                        WHERE c.id = $2::bigint AND c.family_id = f.id))"
		" RETURNING id", 6, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		if (in->child_id)
			return ptl__error_set(PTL_ENOTFOUND, "child", NULL, "no child %s in family %s",
			                      cid.s, fid.s);
		return ptl__error_set(PTL_ENOTFOUND, "family", NULL, "no family %s", fid.s);
	}
	if (id_out)
		*id_out = ptl__db_get_int64(res, 0, "id");
	PQclear(res);
	return PTL_OK;
}
