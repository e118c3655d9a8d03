/*
 * me.c — the logged-in parent's reads (see me.h): each is one prepared
 * statement that begins with the session check (PTL__SESSION_CTE) and reads
 * the page's data of the session's family in the same round trip.
 *
 * GET /api/v1/me needs rows of three kinds (guardians, children, pending
 * requests): one UNION ALL lists them, each row with every column of the
 * three row readers (NULL where it does not apply) and a "part" saying which
 * it is; the session's columns repeat on every row.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/me.h>

#include "db-internal.h"
#include "error-internal.h"
#include "family-internal.h"
#include "request-internal.h"
#include "session-internal.h"

enum { PART_GUARDIAN = 1, PART_CHILD = 2, PART_REQUEST = 3 };

/* The columns of a guardian row, a child row and a request row, NULL when
 * the row is of another kind: the first branch names and types them all. */
#define NO_GUARDIAN \
	" NULL::text AS email, NULL::text AS phone, NULL::text AS address, NULL::text AS postcode," \
	" NULL::text AS city, NULL::text AS mobile_phone, NULL::text AS work_phone," \
	" NULL::text AS employer, NULL::boolean AS notify_by_email, NULL::boolean AS notify_by_sms," \
	" NULL::text AS relationship"
#define NO_CHILD \
	" NULL::integer AS birth_day, NULL::text AS sex, NULL::text AS school," \
	" NULL::text AS school_level, NULL::text AS allergies, NULL::text AS diet," \
	" NULL::text AS doctor, NULL::text AS authorized_pickup"
#define NO_REQUEST \
	" NULL::text AS kind, NULL::text AS status, NULL::text AS summary, NULL::text AS before," \
	" NULL::text AS after, NULL::bigint AS guardian_id, NULL::bigint AS target_id," \
	" NULL::bigint AS processed_at, NULL::text AS processed_by, NULL::text AS note," \
	" NULL::text AS guardian_name, NULL::text AS changes"

static const char me_sql[] =
	PTL__SESSION_CTE
	" SELECT s.*, m.* FROM s CROSS JOIN LATERAL ("
	"  SELECT 1 AS part, g.id, g.family_id, g.first_name, g.last_name,"
	"         extract(epoch from g.created_at)::bigint AS created_at,"
	"         extract(epoch from g.updated_at)::bigint AS updated_at,"
	"         coalesce(g.email, '') AS email, g.phone, g.address, g.postcode, g.city,"
	"         g.mobile_phone, g.work_phone, g.employer, g.notify_by_email, g.notify_by_sms,"
	"         g.relationship,"
	NO_CHILD "," NO_REQUEST ","
	"         extract(epoch from g.created_at)::bigint AS sort1, g.id AS sort2"
	"    FROM guardian g WHERE g.family_id = s.session_family_id"
	"  UNION ALL"
	"  SELECT 2, c.id, c.family_id, c.first_name, c.last_name,"
	"         extract(epoch from c.created_at)::bigint, extract(epoch from c.updated_at)::bigint,"
	NO_GUARDIAN ","
	"         c.birth_date - date '1970-01-01', c.sex, c.school, c.school_level, c.allergies,"
	"         c.diet, c.doctor, c.authorized_pickup," NO_REQUEST ","
	"         c.birth_date - date '1970-01-01', c.id"
	"    FROM child c WHERE c.family_id = s.session_family_id"
	"  UNION ALL"
	"  SELECT 3, r.id, r.family_id, NULL, NULL, extract(epoch from r.created_at)::bigint, NULL,"
	NO_GUARDIAN "," NO_CHILD ","
	"         r.kind, r.status, r.summary, r.before::text, r.after::text,"
	"         coalesce(r.guardian_id, 0), coalesce(r.target_id, 0),"
	"         coalesce(extract(epoch from r.processed_at)::bigint, 0), r.processed_by, r.note,"
	"         " PTL__REQUEST_GUARDIAN_NAME ", " PTL__REQUEST_CHANGES ","
	"         -extract(epoch from r.created_at)::bigint, -r.id"
	"    FROM request r WHERE r.family_id = s.session_family_id AND r.status = 'pending'"
	" ) m ORDER BY m.part, m.sort1, m.sort2";

static int out_of_memory(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

void ptl_me_free(ptl_me *me)
{
	if (!me)
		return;
	ptl_family_free(me->family);
	ptl_requests_free(me->pending);
	free(me);
}

/* Size the arrays by the rows of each part, then fill them in order. */
static int me_from_rows(ptl_me *me, const PGresult *res)
{
	int rows = PQntuples(res);
	size_t counts[4] = { 0 };
	ptl_family *f = me->family;
	int rc = PTL_OK;

	for (int i = 0; i < rows; i++) {
		int64_t part = ptl__db_get_int64(res, i, "part");
		if (part >= PART_GUARDIAN && part <= PART_REQUEST)
			counts[part]++;
	}
	f->id = me->session.family_id;
	f->name = ptl__db_dup(res, 0, "family_name");
	f->created_at = ptl__db_get_int64(res, 0, "family_created_at");
	f->updated_at = ptl__db_get_int64(res, 0, "family_updated_at");
	f->guardians = calloc(counts[PART_GUARDIAN] + 1, sizeof(ptl_guardian));
	f->children = calloc(counts[PART_CHILD] + 1, sizeof(ptl_child));
	me->pending->items = calloc(counts[PART_REQUEST] + 1, sizeof(ptl_request));
	if (!f->name || !f->guardians || !f->children || !me->pending->items)
		return out_of_memory();
	for (int i = 0; rc == PTL_OK && i < rows; i++) {
		switch (ptl__db_get_int64(res, i, "part")) {
		case PART_GUARDIAN:
			rc = ptl__guardian_from_row(&f->guardians[f->guardian_count++], res, i);
			break;
		case PART_CHILD:
			rc = ptl__child_from_row(&f->children[f->child_count++], res, i);
			break;
		case PART_REQUEST:
			rc = ptl__request_from_row(&me->pending->items[me->pending->count++], res, i);
			break;
		}
	}
	for (size_t i = 0; i < f->guardian_count; i++)
		if (f->guardians[i].id == me->session.guardian_id)
			me->guardian = &f->guardians[i];
	if (rc == PTL_OK && !me->guardian)
		rc = ptl__error_set(PTL_EAUTH, NULL, "Votre session a expiré. Reconnectez-vous.",
		                    "the session's guardian is not in its family");
	return rc;
}

/* Run @p sql, which begins with PTL__SESSION_CTE ($1, $2) and may take @p arg
 * as $3, for @p token. @return the result, its first row's session in
 * @p session; or NULL with *rc set (PTL_EAUTH: no live session). */
static PGresult *session_query(ptl_db *db, const char *sql, int nparams, const char *token,
                               int64_t arg, ptl_session *session, int *rc)
{
	char hash[65];
	struct ptl__num now = ptl__num(ptl_clock_now()), n = ptl__num(arg);
	const char *params[] = { hash, now.s, n.s };
	PGresult *res;

	if ((*rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return NULL;
	if (!(res = ptl__db_query_prepared(db, sql, nparams, params))) {
		*rc = ptl_error_last()->code;
		return NULL;
	}
	if ((*rc = ptl__session_from_row(session, res, 0)) != PTL_OK) {
		PQclear(res);
		return NULL;
	}
	return res;
}

int ptl_me_get(ptl_me **out, ptl_db *db, const char *token)
{
	ptl_session session;
	PGresult *res;
	ptl_me *me;
	int rc;

	*out = NULL;
	if (!(res = session_query(db, me_sql, 2, token, 0, &session, &rc)))
		return rc;
	me = calloc(1, sizeof(*me));
	if (!me || !(me->family = calloc(1, sizeof(ptl_family))) ||
	    !(me->pending = calloc(1, sizeof(ptl_requests)))) {
		rc = out_of_memory();
	} else {
		me->session = session;
		rc = me_from_rows(me, res);
	}
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_me_free(me);
		return rc;
	}
	*out = me;
	return PTL_OK;
}

int ptl_me_child_get(ptl_child **out, ptl_session *session_out, ptl_db *db,
                     const char *token, int64_t child_id)
{
	ptl_session session;
	PGresult *res;
	int rc;

	*out = NULL;
	res = session_query(db,
		PTL__SESSION_CTE " SELECT s.*, " PTL__CHILD_COLUMNS
		"  FROM s LEFT JOIN child c ON c.family_id = s.session_family_id AND c.id = $3::bigint",
		3, token, child_id, &session, &rc);
	if (!res)
		return rc;
	if (session_out)
		*session_out = session;
	if (!ptl__db_get(res, 0, "id")) {
		rc = ptl__error_set(PTL_ENOTFOUND, "id", "Cet enfant est introuvable.",
		                    "no child %lld in this family", (long long)child_id);
	} else if (!(*out = calloc(1, sizeof(ptl_child)))) {
		rc = out_of_memory();
	} else if ((rc = ptl__child_from_row(*out, res, 0)) != PTL_OK) {
		ptl_child_free(*out);
		*out = NULL;
	}
	PQclear(res);
	return rc;
}

int ptl_me_requests(ptl_requests **out, ptl_session *session_out, ptl_db *db,
                    const char *token)
{
	ptl_session session;
	PGresult *res;
	int rc;

	*out = NULL;
	res = session_query(db,
		PTL__SESSION_CTE " SELECT s.*, " PTL__REQUEST_COLUMNS
		"  FROM s LEFT JOIN request r ON r.family_id = s.session_family_id"
		" ORDER BY r.created_at DESC, r.id DESC", 2, token, 0, &session, &rc);
	if (!res)
		return rc;
	if (session_out)
		*session_out = session;
	/* A family without requests gives one row, with r's columns NULL. */
	rc = ptl__requests_from_rows(out, res, ptl__db_get(res, 0, "id") ? PQntuples(res) : 0);
	PQclear(res);
	return rc;
}
