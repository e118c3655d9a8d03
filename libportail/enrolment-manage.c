/*
 * enrolment-manage.c — the manager's decisions on enrolments (see
 * enrolment.h): validating (through the queue when the enrolment's request
 * is pending, so that the request and the enrolment move together),
 * granting a petite-enfance place with its contract, the waiting list
 * (adding, moving), and cancelling. Each is one transaction; every change
 * of a group's places locks the group's row first (enrolment-places.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "db-internal.h"
#include "enrolment-internal.h"
#include "error-internal.h"
#include "request-internal.h"
#include "util.h"

/* What the decisions need to know of an enrolment, its row locked. */
struct target {
	int64_t id, group_id, request_id;
	char status[16];
	bool request_pending, pre_enrolment;
	char first_day[11], last_day[11];
};

static int load(struct target *t, ptl_db *db, int64_t enrolment_id)
{
	struct ptl__num eid = ptl__num(enrolment_id);
	const char *params[] = { eid.s };
	PGresult *res = ptl__db_query(db,
		"SELECT e.id, e.group_id, e.status, coalesce(e.request_id, 0) AS request_id,"
		"       e.wanted_start IS NOT NULL AS pre, p.first_day::text AS first_day,"
		"       p.last_day::text AS last_day,"
		"       EXISTS (SELECT 1 FROM request r WHERE r.id = e.request_id"
		"                  AND r.status = 'pending') AS request_pending"
		"  FROM enrolment e JOIN period p ON p.id = e.period_id WHERE e.id = $1"
		"   FOR UPDATE OF e", 1, params);

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", "Inscription introuvable.",
		                      "no enrolment %s", eid.s);
	}
	t->id = enrolment_id;
	t->group_id = ptl__db_get_int64(res, 0, "group_id");
	t->request_id = ptl__db_get_int64(res, 0, "request_id");
	snprintf(t->status, sizeof(t->status), "%s", ptl__db_get(res, 0, "status"));
	snprintf(t->first_day, sizeof(t->first_day), "%s", ptl__db_get(res, 0, "first_day"));
	snprintf(t->last_day, sizeof(t->last_day), "%s", ptl__db_get(res, 0, "last_day"));
	t->request_pending = ptl__db_get_bool(res, 0, "request_pending");
	t->pre_enrolment = ptl__db_get_bool(res, 0, "pre");
	PQclear(res);
	return PTL_OK;
}

static int not_in(const struct target *t, const char *what)
{
	return ptl__error_set(PTL_ECONFLICT, "id", "Cette inscription a déjà été traitée.",
	                      "enrolment %lld is %s, not %s", (long long)t->id, t->status, what);
}

/* Close the enrolment's pending request as @p status by @p manager. */
static int close_request(ptl_db *db, const struct target *t, const char *status,
                         const char *manager, const char *note)
{
	struct ptl__num rid = ptl__num(t->request_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { rid.s, status, now.s, manager, note };

	if (!t->request_pending)
		return PTL_OK;
	return ptl__db_exec(db,
		"UPDATE request SET status = $2, processed_at = to_timestamp($3::bigint),"
		"       processed_by = $4, note = $5 WHERE id = $1 AND status = 'pending'", 5, params);
}

/* --- validating -------------------------------------------------------------- */

struct validation {
	int64_t id;
	const char *manager;
	bool force;
	const struct ptl__contract *contract;   /* a grant's, or NULL */
	bool through_queue;                      /* out: the request is pending */
	int64_t request_id;                      /* out */
};

static int validate_tx(ptl_db *db, void *ctx)
{
	struct validation *v = ctx;
	struct target t;
	int rc = load(&t, db, v->id);

	v->through_queue = false;
	if (rc != PTL_OK)
		return rc;
	if (strcmp(t.status, "pending") != 0 && strcmp(t.status, "waiting") != 0)
		return not_in(&t, "pending or waiting");
	/* A plain validation of a pending request goes through the queue. */
	if (t.request_pending && !v->contract) {
		v->through_queue = true;
		v->request_id = t.request_id;
		return PTL_OK;
	}
	if ((rc = close_request(db, &t, "accepted", v->manager, "")) ||
	    (rc = ptl__enrolment_validate_locked(db, t.id, v->force, v->contract)))
		return rc;
	return ptl__enrolment_notify(db, t.id, "Inscription validée", "a été validée",
		v->contract ? "Une place vous est attribuée : le service vous précisera votre contrat."
		            : "");
}

static int check_manager(const char *manager)
{
	char *who = ptl__trimmed(manager);
	bool ok = who && *who;

	free(who);
	return ok ? PTL_OK : ptl__error_set(PTL_EINVALID, "manager", NULL,
	                                    "the manager's name is required");
}

int ptl_enrolment_validate(ptl_db *db, int64_t enrolment_id, const char *manager, bool force)
{
	struct validation v = { enrolment_id, manager, force, NULL, false, 0 };
	ptl_request_accept_options accept = PTL_REQUEST_ACCEPT_OPTIONS_INIT;
	int rc = check_manager(manager);

	if (rc == PTL_OK)
		rc = ptl__db_transaction(db, validate_tx, &v);
	if (rc != PTL_OK || !v.through_queue)
		return rc;
	accept.force = force;
	return ptl_request_accept_with(db, v.request_id, manager, &accept);
}

int ptl_enrolment_grant(ptl_db *db, int64_t enrolment_id, const char *manager,
                        const ptl_enrolment_grant_options *in)
{
	struct ptl__contract contract = { in->start, in->days_per_week, in->hours_per_week };
	struct validation v = { enrolment_id, manager, in->force, &contract, false, 0 };
	ptl_enrolment *e = NULL;
	ptl_day start;
	int rc;

	if ((rc = ptl__options_check(&in->version, PTL_ENROLMENT_GRANT_OPTIONS_VERSION,
	                             "ptl_enrolment_grant_options")) || (rc = check_manager(manager)))
		return rc;
	if (!in->start || ptl_day_parse(&start, in->start) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, "start", NULL, "start: a date (YYYY-MM-DD)");
	if (in->days_per_week < 1 || in->days_per_week > 7)
		return ptl__error_set(PTL_EINVALID, "days_per_week", NULL, "days: 1 to 7");
	if (in->hours_per_week < 1 || in->hours_per_week > 70)
		return ptl__error_set(PTL_EINVALID, "hours_per_week", NULL, "hours: 1 to 70");
	if ((rc = ptl_enrolment_get(&e, db, enrolment_id)) != PTL_OK)
		return rc;
	bool pre = e->pre_enrolment;
	ptl_enrolment_free(e);
	if (!pre)
		return ptl__error_set(PTL_EINVALID, "id", NULL,
		                      "enrolment %lld is not a petite-enfance pre-enrolment: validate it",
		                      (long long)enrolment_id);
	return ptl__db_transaction(db, validate_tx, &v);
}

/* --- the waiting list -------------------------------------------------------- */

struct waitlisting {
	int64_t id;
	const char *manager;
	int rank;   /* out */
};

static int waitlist_add_tx(ptl_db *db, void *ctx)
{
	struct waitlisting *w = ctx;
	struct target t;
	char detail[160];
	int rc = load(&t, db, w->id);

	if (rc != PTL_OK)
		return rc;
	if (strcmp(t.status, "pending") != 0)
		return not_in(&t, "pending");
	if ((rc = ptl__enrolment_group_lock(db, t.group_id)) ||
	    (rc = close_request(db, &t, "waitlisted", w->manager, "")))
		return rc;
	struct ptl__num eid = ptl__num(t.id), gid = ptl__num(t.group_id),
	                now = ptl__num(ptl_clock_now());
	const char *params[] = { eid.s, gid.s, now.s };
	PGresult *res = ptl__db_query(db,
		"UPDATE enrolment SET status = 'waiting', updated_at = to_timestamp($3::bigint),"
		"       waitlist_rank = 1 + (SELECT coalesce(max(waitlist_rank), 0) FROM enrolment"
		"                             WHERE group_id = $2 AND status = 'waiting')"
		" WHERE id = $1 RETURNING waitlist_rank", 3, params);
	if (!res)
		return ptl_error_last()->code;
	w->rank = (int)ptl__db_get_int64(res, 0, "waitlist_rank");
	PQclear(res);
	snprintf(detail, sizeof(detail), "Rang sur la liste d’attente : %d.", w->rank);
	return ptl__enrolment_notify(db, t.id, "Inscription sur liste d’attente",
	                             "est sur liste d’attente", detail);
}

int ptl_enrolment_waitlist_add(int *rank_out, ptl_db *db, int64_t enrolment_id,
                               const char *manager)
{
	struct waitlisting w = { enrolment_id, manager, 0 };
	int rc = check_manager(manager);

	if (rc == PTL_OK)
		rc = ptl__db_transaction(db, waitlist_add_tx, &w);
	if (rc == PTL_OK && rank_out)
		*rank_out = w.rank;
	return rc;
}

struct move {
	int64_t id;
	int rank;
};

static int waitlist_move_tx(ptl_db *db, void *ctx)
{
	struct move *m = ctx;
	struct target t;
	int rc = load(&t, db, m->id);

	if (rc != PTL_OK)
		return rc;
	if (strcmp(t.status, "waiting") != 0)
		return not_in(&t, "waiting");
	if ((rc = ptl__enrolment_group_lock(db, t.group_id)) != PTL_OK)
		return rc;
	struct ptl__num eid = ptl__num(t.id), gid = ptl__num(t.group_id), rank = ptl__num(m->rank);
	const char *params[] = { eid.s, gid.s, rank.s };
	/* The others keep their order around the moved one, at its new rank
	 * (past the end: last). */
	return ptl__db_exec(db,
		"WITH w AS (SELECT id, waitlist_rank FROM enrolment"
		"            WHERE group_id = $2 AND status = 'waiting'),"
		"     pos AS (SELECT least($3::integer, count(*))::integer AS at FROM w),"
		"     o AS (SELECT id, row_number() OVER (ORDER BY waitlist_rank, id) AS r"
		"             FROM w WHERE id <> $1),"
		"     n AS (SELECT o.id, (o.r + CASE WHEN o.r >= pos.at THEN 1 ELSE 0 END)::integer"
		"                  AS rank FROM o, pos"
		"           UNION ALL SELECT $1::bigint, pos.at FROM pos)"
		" UPDATE enrolment e SET waitlist_rank = n.rank FROM n WHERE e.id = n.id", 3, params);
}

int ptl_enrolment_waitlist_move(ptl_db *db, int64_t enrolment_id, int rank)
{
	struct move m = { enrolment_id, rank };

	if (rank < 1)
		return ptl__error_set(PTL_EINVALID, "rank", NULL, "a rank is 1 or more");
	return ptl__db_transaction(db, waitlist_move_tx, &m);
}

/* --- cancelling -------------------------------------------------------------- */

struct cancellation {
	int64_t id;
	const char *manager, *reason;
};

static int cancel_tx(ptl_db *db, void *ctx)
{
	struct cancellation *c = ctx;
	struct target t;
	char detail[1200];
	int rc = load(&t, db, c->id);

	if (rc != PTL_OK)
		return rc;
	bool held = strcmp(t.status, "validated") == 0, waiting = strcmp(t.status, "waiting") == 0;
	if (!held && !waiting)
		return not_in(&t, "validated or waiting");
	if ((rc = ptl__enrolment_group_lock(db, t.group_id)) != PTL_OK)
		return rc;
	struct ptl__num eid = ptl__num(t.id), now = ptl__num(ptl_clock_now());
	const char *params[] = { eid.s, c->reason, now.s };
	rc = ptl__db_exec(db,
		"UPDATE enrolment SET status = 'cancelled', reason = $2, waitlist_rank = NULL,"
		"       updated_at = to_timestamp($3::bigint) WHERE id = $1", 3, params);
	if (rc == PTL_OK && waiting)
		rc = ptl__enrolment_waitlist_renumber(db, t.group_id);
	snprintf(detail, sizeof(detail), "Motif : %s", c->reason);
	if (rc == PTL_OK)
		rc = ptl__enrolment_notify(db, t.id, "Inscription annulée", "a été annulée", detail);
	if (rc == PTL_OK && held)
		rc = ptl__enrolment_offer_free_places(db, t.group_id);
	return rc;
}

int ptl_enrolment_cancel(ptl_db *db, int64_t enrolment_id, const char *manager,
                         const char *reason)
{
	char *why = ptl__trimmed(reason);
	struct cancellation c = { enrolment_id, manager, why };
	int rc = check_manager(manager);

	if (!why)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else if (rc == PTL_OK && !*why)
		rc = ptl__error_set(PTL_EINVALID, "reason", NULL, "a cancellation needs a reason");
	else if (rc == PTL_OK && strlen(why) > 1000)
		rc = ptl__error_set(PTL_EINVALID, "reason", NULL, "at most 1000 characters");
	if (rc == PTL_OK)
		rc = ptl__db_transaction(db, cancel_tx, &c);
	free(why);
	return rc;
}
