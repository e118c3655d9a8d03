/*
 * enrolment-places.c — the places of a group (see enrolment-internal.h):
 * validating an enrolment against the group's capacity, renumbering the
 * waiting list, offering a freed place to the first one waiting, and the
 * family's notices. Everything here runs in the caller's transaction.
 *
 * The capacity rule holds under concurrency because every change of a
 * group's places first locks the group's row (SELECT ... FOR UPDATE) and
 * only then counts, in a new statement: under READ COMMITTED that
 * statement sees what the transaction that held the lock committed. Two
 * managers validating the last place at once: the second counts the
 * first's enrolment and gets PTL_EFULL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "core/enrolment-rules.h"
#include "db-internal.h"
#include "enrolment-internal.h"
#include "error-internal.h"
#include "mail-internal.h"
#include "request-internal.h"

int ptl__enrolment_group_lock(ptl_db *db, int64_t group_id)
{
	struct ptl__num gid = ptl__num(group_id);
	const char *params[] = { gid.s };

	return ptl__db_exec(db, "SELECT 1 FROM period_group WHERE id = $1 FOR UPDATE", 1, params);
}

int ptl__enrolment_waitlist_renumber(ptl_db *db, int64_t group_id)
{
	struct ptl__num gid = ptl__num(group_id);
	const char *params[] = { gid.s };

	return ptl__db_exec(db,
		"UPDATE enrolment e SET waitlist_rank = n.rank"
		"  FROM (SELECT id, row_number() OVER (ORDER BY waitlist_rank, id) AS rank"
		"          FROM enrolment WHERE group_id = $1 AND status = 'waiting') n"
		" WHERE e.id = n.id AND e.waitlist_rank <> n.rank", 1, params);
}

/* Places of group @p group_id taken by validated enrolments and held by
 * offers not answered yet, and its capacity. The group is locked. */
static int places(ptl_db *db, int64_t group_id, int64_t *taken, int64_t *capacity)
{
	struct ptl__num gid = ptl__num(group_id);
	const char *params[] = { gid.s };
	PGresult *res = ptl__db_query(db,
		"SELECT g.capacity,"
		"       (SELECT count(*) FROM enrolment e WHERE e.group_id = g.id"
		"           AND (e.status = 'validated' OR (e.status = 'pending' AND EXISTS ("
		"                SELECT 1 FROM request r WHERE r.id = e.request_id"
		"                   AND r.kind = 'enrolment_offer' AND r.status = 'pending'))))"
		"         AS taken"
		"  FROM period_group g WHERE g.id = $1", 1, params);

	if (!res)
		return ptl_error_last()->code;
	*capacity = PQntuples(res) == 1 ? ptl__db_get_int64(res, 0, "capacity") : 0;
	*taken = PQntuples(res) == 1 ? ptl__db_get_int64(res, 0, "taken") : 0;
	PQclear(res);
	return PTL_OK;
}

int ptl__enrolment_validate_locked(ptl_db *db, int64_t enrolment_id, bool force,
                                   const struct ptl__contract *contract)
{
	struct ptl__num eid = ptl__num(enrolment_id), now = ptl__num(ptl_clock_now()),
	                days = ptl__num(contract ? contract->days : 0),
	                hours = ptl__num(contract ? contract->hours : 0);
	const char *params[] = { eid.s, now.s, contract ? contract->start : NULL,
	                         contract ? days.s : NULL, contract ? hours.s : NULL };
	int64_t group_id, taken, capacity;
	bool waiting;
	char *label;
	PGresult *res;
	int rc;

	res = ptl__db_query(db,
		"SELECT e.group_id, e.status, g.label"
		"  FROM enrolment e JOIN period_group g ON g.id = e.group_id WHERE e.id = $1",
		1, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", "Inscription introuvable.",
		                      "no enrolment %s", eid.s);
	}
	group_id = ptl__db_get_int64(res, 0, "group_id");
	waiting = strcmp(ptl__db_get(res, 0, "status"), "waiting") == 0;
	label = ptl__db_dup(res, 0, "label");
	PQclear(res);
	if (!label)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	if ((rc = ptl__enrolment_group_lock(db, group_id)) != PTL_OK ||
	    (rc = places(db, group_id, &taken, &capacity)) != PTL_OK) {
		free(label);
		return rc;
	}
	/* Called once this enrolment's own request is no longer pending: an
	 * offer of a place to it is not counted in "taken". */
	if (taken >= capacity && !force) {
		rc = ptl__error_set(PTL_EFULL, "group", "Ce groupe est complet.",
			"the group %s is full (%lld of %lld places taken): put the enrolment on the"
			" waiting list, or force", label, (long long)taken, (long long)capacity);
		free(label);
		return rc;
	}
	free(label);
	/* A pre-enrolment's contract: the one granted, else the family's wish. */
	res = ptl__db_query(db,
		"UPDATE enrolment SET status = 'validated', waitlist_rank = NULL,"
		"       contract_start = CASE WHEN wanted_start IS NULL THEN NULL"
		"                             ELSE coalesce($3::date, wanted_start) END,"
		"       contract_days = CASE WHEN wanted_start IS NULL THEN NULL"
		"                            ELSE coalesce($4::smallint, days_per_week) END,"
		"       contract_hours = CASE WHEN wanted_start IS NULL THEN NULL"
		"                             ELSE coalesce($5::smallint, hours_per_week) END,"
		"       first_day = CASE WHEN wanted_start IS NULL THEN first_day"
		"                        ELSE coalesce($3::date, wanted_start) END,"
		"       updated_at = to_timestamp($2::bigint)"
		" WHERE id = $1 AND status IN ('pending', 'waiting') RETURNING id", 5, params);
	if (!res)
		return ptl_error_last()->code;
	rc = PQntuples(res) == 1 ? PTL_OK
	   : ptl__error_set(PTL_ECONFLICT, "id", "Cette inscription n’est plus en attente.",
	                    "enrolment %s is neither pending nor waiting", eid.s);
	PQclear(res);
	if (rc == PTL_OK && waiting)
		rc = ptl__enrolment_waitlist_renumber(db, group_id);
	return rc;
}

int ptl__enrolment_notify(ptl_db *db, int64_t enrolment_id, const char *subject,
                          const char *what, const char *detail)
{
	struct ptl__num eid = ptl__num(enrolment_id);
	const char *params[] = { eid.s };
	char body[3072];
	PGresult *res = ptl__db_query(db,
		"SELECT e.family_id, c.first_name || ' ' || c.last_name AS child, a.name AS activity,"
		"       p.label AS period, g.label AS grp"
		"  FROM enrolment e JOIN child c ON c.id = e.child_id JOIN period p ON p.id = e.period_id"
		"  JOIN period_group g ON g.id = e.group_id JOIN activity a ON a.id = p.activity_id"
		" WHERE e.id = $1", 1, params);
	int rc;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", NULL, "no enrolment %s", eid.s);
	}
	snprintf(body, sizeof(body),
		"Bonjour,\n\nL’inscription de %s à « %s » (%s, groupe %s) %s.\n%s%s"
		"\nVous pouvez suivre les inscriptions de vos enfants sur le portail :\n"
		"%s/tableau-de-bord.html\n\nLe Portail Famille\n",
		ptl__db_get(res, 0, "child"), ptl__db_get(res, 0, "activity"),
		ptl__db_get(res, 0, "period"), ptl__db_get(res, 0, "grp"), what,
		detail, *detail ? "\n" : "", ptl__public_url());
	rc = ptl__mail_queue_family(db, ptl__db_get_int64(res, 0, "family_id"), subject, body);
	PQclear(res);
	return rc;
}

/* Offer the place to the first one waiting in group @p group_id; *done
 * false when nobody waits. */
static int offer_first(ptl_db *db, int64_t group_id, bool *done)
{
	struct ptl__num gid = ptl__num(group_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { gid.s, now.s };
	int64_t enrolment_id, request_id = 0;
	PGresult *res;
	int rc;

	*done = false;
	res = ptl__db_query(db,
		"UPDATE enrolment e SET status = 'pending', waitlist_rank = NULL,"
		"       updated_at = to_timestamp($2::bigint)"
		"  FROM child c, period p, period_group g, activity a"
		" WHERE e.id = (SELECT id FROM enrolment WHERE group_id = $1 AND status = 'waiting'"
		"                ORDER BY waitlist_rank, id LIMIT 1)"
		"   AND c.id = e.child_id AND p.id = e.period_id AND g.id = e.group_id"
		"   AND a.id = p.activity_id"
		" RETURNING e.id, e.family_id,"
		"   'Place proposée à ' || c.first_name || ' ' || c.last_name || ' : ' || a.name ||"
		"   ', ' || p.label || ' (' || g.label || ')' AS summary,"
		"   jsonb_build_object('child', c.first_name || ' ' || c.last_name,"
		"     'activity', a.name, 'period', p.label, 'group', g.label,"
		"     'first_day', e.first_day::text, 'last_day', e.last_day::text)::text AS after",
		2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return PTL_OK;
	}
	enrolment_id = ptl__db_get_int64(res, 0, "id");
	struct ptl__request_new in = {
		.family_id = ptl__db_get_int64(res, 0, "family_id"),
		.target_id = enrolment_id,
		.kind = PTL_REQUEST_ENROLMENT_OFFER,
		.summary = ptl__db_get(res, 0, "summary"),
		.before_json = "{}",
		.after_json = ptl__db_get(res, 0, "after"),
	};
	rc = ptl__request_submit(db, &in, &request_id, NULL);
	PQclear(res);
	if (rc == PTL_OK) {
		struct ptl__num eid = ptl__num(enrolment_id), rid = ptl__num(request_id);
		const char *set[] = { eid.s, rid.s };

		rc = ptl__db_exec(db, "UPDATE enrolment SET request_id = $2 WHERE id = $1", 2, set);
	}
	if (rc == PTL_OK)
		rc = ptl__enrolment_waitlist_renumber(db, group_id);
	if (rc == PTL_OK)
		rc = ptl__enrolment_notify(db, enrolment_id, "Une place s’est libérée",
			"a quitté la liste d’attente : une place s’est libérée et vous est proposée",
			"Le service confirme la place prochainement.");
	*done = rc == PTL_OK;
	return rc;
}

int ptl__enrolment_offer_free_places(ptl_db *db, int64_t group_id)
{
	int64_t taken, capacity;
	bool offered = true;
	int rc = ptl__enrolment_group_lock(db, group_id);

	if (rc == PTL_OK)
		rc = places(db, group_id, &taken, &capacity);
	for (; rc == PTL_OK && offered && taken < capacity; taken++)
		rc = offer_first(db, group_id, &offered);
	return rc;
}
