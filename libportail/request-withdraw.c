/*
 * request-withdraw.c — a family takes back one of its pending requests
 * (see ptl_request_withdraw in request.h): whatever its kind, the request
 * is closed as "withdrawn" by a conditional update (status = 'pending'), so
 * that a manager processing it at the same moment and the family cannot
 * both win; the kind's withdraw hook drops what the request had set aside,
 * in the same transaction. The request keeps who withdrew it (processed_by:
 * the guardian's name). Nothing is mailed: the family did it.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/request.h>

#include "db-internal.h"
#include "error-internal.h"
#include "request-internal.h"

struct withdrawal {
	int64_t family_id, guardian_id, request_id;
	ptl_request *written;
};

static int withdraw(ptl_db *db, void *ctx)
{
	struct withdrawal *w = ctx;
	struct ptl__num fid = ptl__num(w->family_id), rid = ptl__num(w->request_id),
	                now = ptl__num(ptl_clock_now()), gid = ptl__num(w->guardian_id);
	const char *params[] = { rid.s, fid.s, now.s, gid.s };
	const struct ptl__request_kind_def *def;
	PGresult *res;
	int rc;

	res = ptl__db_query(db,
		"UPDATE request r SET status = 'withdrawn', processed_at = to_timestamp($3::bigint),"
		"       note = '', processed_by = coalesce((SELECT g.first_name || ' ' || g.last_name"
		"                                             FROM guardian g WHERE g.id = $4"
		"                                              AND g.family_id = $2), '')"
		" WHERE r.id = $1 AND r.family_id = $2 AND r.status = 'pending'"
		" RETURNING " PTL__REQUEST_COLUMNS ","
		"           (SELECT f.name FROM family f WHERE f.id = r.family_id) AS family_name",
		4, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		res = ptl__db_query(db, "SELECT 1 FROM request WHERE id = $1 AND family_id = $2",
		                    2, params);
		if (!res)
			return ptl_error_last()->code;
		bool exists = PQntuples(res) == 1;
		PQclear(res);
		if (!exists)
			return ptl__error_set(PTL_ENOTFOUND, "id", "Demande introuvable.",
			                      "no request %s in this family", rid.s);
		return ptl__error_set(PTL_ECONFLICT, "id",
			"Cette demande a déjà été traitée : elle ne peut plus être retirée.",
			"request %s is no longer pending", rid.s);
	}
	ptl_request_free(w->written);
	w->written = calloc(1, sizeof(ptl_request));
	rc = w->written ? ptl__request_from_row(w->written, res, 0)
	                : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	if (rc != PTL_OK)
		return rc;
	def = ptl__request_kind_def(w->written->kind);
	if (def && def->withdraw)
		rc = def->withdraw(db, w->request_id, now.s);
	return rc;
}

int ptl_request_withdraw(ptl_request **out, ptl_db *db, int64_t family_id,
                         int64_t guardian_id, int64_t request_id)
{
	struct withdrawal w = { family_id, guardian_id, request_id, NULL };
	int rc;

	if (out)
		*out = NULL;
	if (family_id <= 0 || request_id <= 0)
		return ptl__error_set(PTL_ENOTFOUND, "id", "Demande introuvable.", "no such request");
	rc = ptl__db_transaction(db, withdraw, &w);
	if (rc != PTL_OK || !out) {
		ptl_request_free(w.written);
		return rc;
	}
	*out = w.written;
	return PTL_OK;
}
