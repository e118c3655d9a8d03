/*
 * typical-week.c — reading a child's stored typical week
 * (ptl_typical_week_mine/_get, typical-week.h) in one prepared statement,
 * the session check included for parents; the names of the parities.
 * Storing and expanding it is typical-week-expand.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <portail/clock.h>
#include <portail/error.h>
#include <portail/typical-week.h>

#include "db-internal.h"
#include "error-internal.h"
#include "session-internal.h"

/* Everything but the session: $3 the enrolment; "s" has session_family_id
 * (0: any family). One row, e_id NULL when the enrolment is not the
 * family's; week_from NULL when no week is stored. */
#define WEEK_BODY \
	" SELECT s.*, x.* FROM s LEFT JOIN LATERAL (" \
	"  SELECT e.id AS e_id, w.from_day::text AS week_from, w.to_day::text AS week_to," \
	"         (SELECT coalesce(json_agg(json_build_array(ws.weekday, u.code, ws.weeks)" \
	"                                   ORDER BY ws.position), '[]')" \
	"            FROM typical_week_slot ws JOIN unit u ON u.id = ws.unit_id" \
	"           WHERE ws.enrolment_id = e.id)::text AS slots" \
	"    FROM enrolment e LEFT JOIN typical_week w ON w.enrolment_id = e.id" \
	"   WHERE e.id = $3::bigint" \
	"     AND (s.session_family_id = 0 OR e.family_id = s.session_family_id)) x ON true"

static const char mine_sql[] = PTL__SESSION_CTE WEEK_BODY;

static const char get_sql[] =
	"WITH s AS (SELECT $1::bigint AS session_family_id, $2::bigint AS unused)" WEEK_BODY;

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

const char *ptl_typical_week_parity_name(ptl_week_parity weeks)
{
	static const char *const names[] = { "all", "even", "odd" };

	return (unsigned int)weeks < 3 ? names[weeks] : NULL;
}

int ptl_typical_week_parity_parse(ptl_week_parity *out, const char *name)
{
	for (unsigned int i = 0; name && i < 3; i++)
		if (strcmp(name, ptl_typical_week_parity_name((ptl_week_parity)i)) == 0) {
			*out = (ptl_week_parity)i;
			return PTL_OK;
		}
	return PTL_EINVALID;
}

/* The week of row 0 of @p res into a new *out. */
static int read_week(ptl_typical_week **out, const PGresult *res)
{
	ptl_typical_week *w = calloc(1, sizeof(*w));
	json_t *slots = json_loads(ptl__db_get(res, 0, "slots"), 0, NULL), *e;
	const char *from = ptl__db_get(res, 0, "week_from"), *to = ptl__db_get(res, 0, "week_to");
	size_t i;

	if (!w || !slots || !(w->slots = calloc(json_array_size(slots) + 1, sizeof(*w->slots)))) {
		free(w);
		json_decref(slots);
		return oom();
	}
	w->enrolment_id = ptl__db_get_int64(res, 0, "e_id");
	snprintf(w->from, sizeof(w->from), "%s", from ? from : "");
	snprintf(w->to, sizeof(w->to), "%s", to ? to : "");
	json_array_foreach(slots, i, e) {
		ptl_typical_week_slot *s = &w->slots[w->slot_count++];

		s->weekday = (int)json_integer_value(json_array_get(e, 0));
		snprintf(s->unit, sizeof(s->unit), "%s", json_string_value(json_array_get(e, 1)));
		ptl_typical_week_parity_parse(&s->weeks, json_string_value(json_array_get(e, 2)));
	}
	json_decref(slots);
	*out = w;
	return PTL_OK;
}

static int week_read(ptl_typical_week **out, ptl_session *session_out, ptl_db *db,
                     const char *token, int64_t family_id, int64_t enrolment_id)
{
	char hash[65] = "";
	struct ptl__num at = ptl__num(ptl_clock_now()), fid = ptl__num(family_id),
	                eid = ptl__num(enrolment_id);
	PGresult *res;
	int rc;

	*out = NULL;
	if (token && (rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	{
		const char *params[] = { token ? hash : fid.s, at.s, eid.s };

		if (!(res = ptl__db_query_prepared(db, token ? mine_sql : get_sql, 3, params)))
			return ptl_error_last()->code;
	}
	if ((rc = ptl__session_row_object(session_out, res, token != NULL, "e_id", "enrolment",
	                                  "Inscription introuvable.")) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	rc = read_week(out, res);
	PQclear(res);
	return rc;
}

int ptl_typical_week_mine(ptl_typical_week **out, ptl_session *session_out, ptl_db *db,
                          const char *token, int64_t enrolment_id)
{
	if (!token) {
		*out = NULL;
		return ptl__error_set(PTL_EAUTH, NULL, "Veuillez vous connecter.", "no session");
	}
	return week_read(out, session_out, db, token, 0, enrolment_id);
}

int ptl_typical_week_get(ptl_typical_week **out, ptl_db *db, int64_t family_id,
                         int64_t enrolment_id)
{
	return week_read(out, NULL, db, NULL, family_id, enrolment_id);
}

void ptl_typical_week_free(ptl_typical_week *week)
{
	if (!week)
		return;
	free(week->slots);
	free(week);
}
