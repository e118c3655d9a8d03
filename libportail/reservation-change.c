/*
 * reservation-change.c — booking and cancelling units of days of one
 * enrolment, in one transaction of set-based statements (reservation.h).
 *
 * The round trips do not grow with the days asked:
 *  1. the enrolment (row locked: one family's changes of a child are judged
 *     one after the other), its period's rules, units and relations, the
 *     closure days and the child's live reservations over the days asked;
 *  2. then the rules are applied in C, day by day (core/reservation-rules.c,
 *     core/units.c): what to cancel, what to book, what is refused and why;
 *  3. the load rows of the days' units are made to exist, then locked in
 *     one order, counters first, then group slots (so two transactions never
 *     wait on each other in a cycle); under those locks the places are
 *     counted in C: cancellations free places, the first ones waiting on a
 *     freed slot get them (one UPDATE), bookings take what is left or join
 *     the waiting list (one INSERT), and the loads are written back with
 *     a condition that they never exceed the capacity.
 * Promoted families are told by mail (the outbox, in the transaction).
 */
#define _GNU_SOURCE  /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <portail/clock.h>
#include <portail/error.h>
#include <portail/holiday.h>
#include <portail/reservation.h>

#include "core/reservation-rules.h"
#include "core/units.h"
#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"
#include "request-internal.h"
#include "reservation-internal.h"
#include "reservation-places.h"

struct item {
	ptl_day day;
	int unit;                  /* index in the period's units; -1 unknown */
	const char *unit_code;     /* as asked (borrowed) */
	bool cancel;
	ptl_reservation_added added;
	ptl_reservation_outcome outcome;  /* 0: to write */
	enum ptl__resa_reason reason;
	char *why_fr, *why_en;     /* the reason's sentence with its detail */
	bool billable, pending;
	int rank;
	int pick;                  /* the index of its pick (cancels first); -1 added */
};

struct live { int unit; ptl_day day; };

struct ctx {
	int64_t family_id, guardian_id, enrolment_id;
	const ptl_reservation_change_options *in;
	bool manager;              /* windows, notice and options do not bind */
	bool force;                /* a manager's booking over the capacity */
	const char *source;        /* reservation.source of what is booked, cancelled_by of
	                              what is cancelled (NULL: "parent") */
	bool unlimited;            /* no limit on the picks (the library's own changes) */
	bool no_late_cancel;       /* a cancellation past its notice is refused */
	ptl_day *days_asked;       /* per pick, in book then cancel order */
	ptl_day lo, hi;
	/* loaded */
	int64_t fam, group_id;
	char *child_name;
	char *loads;               /* ",unit:day,...,": the group's load rows over the days */
	struct ptl__resa_span span;
	struct ptl__resa_rules rules;
	bool resident;
	bool debt_blocked;         /* the family owes more than the threshold */
	struct ptl__resa_units u;
	size_t nclosures;
	ptl_day *closure_day;
	char **closure_reason;
	size_t nlive;
	struct live *live;
	/* work */
	size_t nitems, items_size;
	struct item *items;
	struct ptl__places places;
	ptl_request *request;
};

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

static void free_loaded(struct ctx *c)
{
	ptl__resa_units_free(&c->u);
	for (size_t i = 0; i < c->nclosures; i++)
		free(c->closure_reason[i]);
	free(c->closure_day);
	free(c->closure_reason);
	free(c->live);
	free(c->child_name);
	free(c->loads);
	for (size_t i = 0; i < c->nitems; i++) {
		free(c->items[i].why_fr);
		free(c->items[i].why_en);
	}
	free(c->items);
	ptl__places_free(&c->places);
	ptl_request_free(c->request);
	c->closure_day = NULL;
	c->closure_reason = NULL;
	c->live = NULL;
	c->child_name = NULL;
	c->loads = NULL;
	c->items = NULL;
	c->request = NULL;
	c->nclosures = c->nlive = c->nitems = c->items_size = 0;
}

/* --- loading ---------------------------------------------------------------- */

static int load_json(struct ctx *c, const char *units_text, const char *relations_text,
                     const char *closures_text, const char *live_text)
{
	json_t *clo = json_loads(closures_text, 0, NULL), *live = json_loads(live_text, 0, NULL), *e;
	size_t i;
	int rc;

	if ((rc = ptl__resa_units_read(&c->u, units_text, relations_text)) != PTL_OK)
		goto done;
	if (!clo || !live) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable reservation context");
		goto done;
	}
	c->nclosures = json_array_size(clo);
	c->closure_day = calloc(c->nclosures + 1, sizeof(ptl_day));
	c->closure_reason = calloc(c->nclosures + 1, sizeof(char *));
	if (!c->closure_day || !c->closure_reason) {
		c->nclosures = 0;
		rc = oom();
		goto done;
	}
	json_array_foreach(clo, i, e) {
		ptl_day_parse(&c->closure_day[i], json_string_value(json_array_get(e, 0)));
		if (!(c->closure_reason[i] = strdup(json_string_value(json_array_get(e, 1))))) {
			rc = oom();
			goto done;
		}
	}
	c->nlive = json_array_size(live);
	if (!(c->live = calloc(c->nlive + 1, sizeof(*c->live)))) {
		c->nlive = 0;
		rc = oom();
		goto done;
	}
	json_array_foreach(live, i, e) {
		c->live[i].unit = ptl__resa_unit_index(&c->u, json_integer_value(json_array_get(e, 0)));
		ptl_day_parse(&c->live[i].day, json_string_value(json_array_get(e, 1)));
	}
done:
	json_decref(clo);
	json_decref(live);
	return rc;
}

static const char load_sql[] =
	"SELECT e.family_id, e.group_id, e.status, e.first_day::text AS first_day,"
	"       e.last_day::text AS last_day, p.first_day::text AS period_first,"
	"       p.last_day::text AS period_last, p.opening_weekdays,"
	"       p.reservation_rules::text AS rules, c.first_name,"
	"       " PTL__RESA_RESIDENT " AS resident,"
	"       " PTL__RESA_BALANCE " AS balance, " PTL__RESA_OVERRIDE " AS override,"
	"       " PTL__RESA_UNITS_JSON " AS units,"
	"       " PTL__RESA_RELATIONS_JSON " AS relations,"
	"       (SELECT coalesce(json_agg(json_build_array(k.day::text, k.reason)), '[]')"
	"          FROM period_closure k WHERE k.period_id = e.period_id"
	"           AND k.day BETWEEN $3::date AND $4::date)::text AS closures,"
	"       (SELECT coalesce(json_agg(json_build_array(r.unit_id, r.day::text)), '[]')"
	"          FROM reservation r WHERE r.enrolment_id = e.id AND r.status <> 'cancelled'"
	"           AND r.day BETWEEN $3::date AND $4::date)::text AS live,"
	"       (SELECT coalesce(string_agg(l.unit_id || ':' || (l.day - date '1970-01-01'), ','), '')"
	"          FROM reservation_load l WHERE l.group_id = e.group_id"
	"           AND l.day BETWEEN $3::date AND $4::date) AS loads"
	"  FROM enrolment e JOIN period p ON p.id = e.period_id JOIN child c ON c.id = e.child_id"
	" WHERE e.id = $1 AND ($2::bigint = 0 OR e.family_id = $2::bigint)"
	"   FOR UPDATE OF e";

static int load(ptl_db *db, struct ctx *c)
{
	struct ptl__num eid = ptl__num(c->enrolment_id), fid = ptl__num(c->family_id);
	char lo[11], hi[11];
	const char *params[] = { eid.s, fid.s, lo, hi };
	PGresult *res;
	int rc;

	ptl_day_format(lo, c->lo);
	ptl_day_format(hi, c->hi);
	if (!(res = ptl__db_query_prepared(db, load_sql, 4, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__resa_enrolment_row(res, c->enrolment_id)) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	c->fam = ptl__db_get_int64(res, 0, "family_id");
	c->group_id = ptl__db_get_int64(res, 0, "group_id");
	ptl_day_parse(&c->span.enrolment_first, ptl__db_get(res, 0, "first_day"));
	ptl_day_parse(&c->span.enrolment_last, ptl__db_get(res, 0, "last_day"));
	ptl_day_parse(&c->span.period_first, ptl__db_get(res, 0, "period_first"));
	ptl_day_parse(&c->span.period_last, ptl__db_get(res, 0, "period_last"));
	c->span.opening_weekdays = (unsigned int)ptl__db_get_int64(res, 0, "opening_weekdays");
	ptl__reservation_rules_parse(&c->rules, ptl__db_get(res, 0, "rules"));
	c->resident = ptl__db_get_bool(res, 0, "resident");
	c->debt_blocked = ptl__resa_debt_blocks(&c->rules, ptl__db_get_int64(res, 0, "balance"),
	                                        ptl__db_get_bool(res, 0, "override"));
	if (asprintf(&c->loads, ",%s,", ptl__db_get(res, 0, "loads")) < 0)
		c->loads = NULL;
	if (!(c->child_name = ptl__db_dup(res, 0, "first_name")) || !c->loads) {
		PQclear(res);
		return oom();
	}
	rc = load_json(c, ptl__db_get(res, 0, "units"), ptl__db_get(res, 0, "relations"),
	               ptl__db_get(res, 0, "closures"), ptl__db_get(res, 0, "live"));
	PQclear(res);
	return rc;
}

int ptl__resa_enrolment_row(const PGresult *res, int64_t enrolment_id)
{
	if (PQntuples(res) != 1)
		return ptl__error_set(PTL_ENOTFOUND, "enrolment", "Inscription introuvable.",
		                      "no enrolment %lld", (long long)enrolment_id);
	if (strcmp(ptl__db_get(res, 0, "status"), "validated") != 0)
		return ptl__error_set(PTL_ECONFLICT, "enrolment",
			"Seule une inscription validée permet de réserver.",
			"only a validated enrolment can book");
	return PTL_OK;
}

/* --- judging, day by day ---------------------------------------------------- */

static int push(struct ctx *c, const struct item *it)
{
	if (c->nitems == c->items_size) {
		size_t size = c->items_size ? 2 * c->items_size : 16;
		struct item *grown = realloc(c->items, size * sizeof(*grown));

		if (!grown)
			return oom();
		c->items = grown;
		c->items_size = size;
	}
	c->items[c->nitems++] = *it;
	return PTL_OK;
}

/* Refuse (or leave unchanged) item @p it with @p reason and, when given,
 * a detail appended to the sentences. */
static int judge(struct item *it, ptl_reservation_outcome outcome, enum ptl__resa_reason reason,
                 const char *detail)
{
	const char *fr = ptl__resa_reason_fr(reason), *en = ptl__resa_reason_en(reason);
	int n1, n2;

	it->outcome = outcome;
	it->reason = reason;
	if (detail && *detail) {
		n1 = asprintf(&it->why_fr, "%s (%s)", fr, detail);
		n2 = asprintf(&it->why_en, "%s (%s)", en, detail);
	} else {
		n1 = asprintf(&it->why_fr, "%s", fr);
		n2 = asprintf(&it->why_en, "%s", en);
	}
	if (n1 < 0 || n2 < 0) {
		it->why_fr = it->why_en = NULL;
		return oom();
	}
	return PTL_OK;
}

static const char *closure_of(const struct ctx *c, ptl_day day)
{
	for (size_t i = 0; i < c->nclosures; i++)
		if (c->closure_day[i] == day)
			return c->closure_reason[i];
	return NULL;
}

/* Why a change of @p day is not allowed, with the deadline in the detail. */
static int refuse_change(struct item *it, enum ptl__resa_reason why, int64_t deadline)
{
	char until[PTL_INSTANT_FR_SIZE] = "";

	if (why == PTL__RESA_NOTICE && deadline != INT64_MIN && deadline != INT64_MAX)
		ptl_instant_format_fr(until, deadline);
	return judge(it, PTL_RESERVATION_REFUSED, why, until[0] ? until : NULL);
}

/* Whether the change may be made now: for the manager, always (neither
 * the window, nor the notice, nor the options, nor the debt threshold bind
 * the service); for a family, a booking also waits for its debt to fall
 * below the threshold. */
static enum ptl__resa_reason change_allowed(const struct ctx *c, int64_t *deadline,
                                            bool *billable, bool cancel, ptl_day day,
                                            int64_t now)
{
	if (c->manager) {
		*deadline = INT64_MAX;
		*billable = false;
		return PTL__RESA_OK;
	}
	enum ptl__resa_reason why = ptl__resa_change_allowed(deadline, billable, &c->rules, cancel,
	                                                     day, now, c->resident);

	return why == PTL__RESA_OK && !cancel && c->debt_blocked ? PTL__RESA_DEBT : why;
}

static int judge_day(struct ctx *c, size_t from, size_t to, int64_t now)
{
	ptl_day day = c->items[from].day;
	const char *closure = closure_of(c, day);
	enum ptl__resa_reason state = ptl__resa_day_state(&c->span, &c->rules, day, closure != NULL);
	bool live[64] = { false }, ask[64] = { false }, out[64] = { false }, any = false;
	size_t n = c->u.count < 64 ? c->u.count : 64, asked_end = to;
	int rc = PTL_OK;

	for (size_t i = from; i < to && rc == PTL_OK; i++) {
		struct item *it = &c->items[i];

		if (state != PTL__RESA_OK)
			rc = judge(it, PTL_RESERVATION_REFUSED, state,
			           state == PTL__RESA_HOLIDAY ? ptl_holiday_name(day, c->rules.holidays)
			           : state == PTL__RESA_CLOSED ? closure : NULL);
		else if (it->unit < 0 || (size_t)it->unit >= n)
			rc = judge(it, PTL_RESERVATION_REFUSED, PTL__RESA_UNKNOWN_UNIT, it->unit_code);
	}
	if (state != PTL__RESA_OK || rc != PTL_OK)
		return rc;
	for (size_t i = 0; i < c->nlive; i++)
		if (c->live[i].day == day && c->live[i].unit >= 0 && (size_t)c->live[i].unit < n)
			live[c->live[i].unit] = true;

	/* Cancellations first. */
	for (size_t i = from; i < asked_end; i++) {
		struct item *it = &c->items[i];

		if (!it->cancel || it->outcome)
			continue;
		if (!live[it->unit])
			rc = judge(it, PTL_RESERVATION_UNCHANGED, PTL__RESA_NOT_BOOKED, NULL);
		else
			ask[it->unit] = any = true;
		if (rc != PTL_OK)
			return rc;
	}
	if (any) {
		int64_t deadline;
		bool billable;
		enum ptl__resa_reason why = change_allowed(c, &deadline, &billable, true, day, now);

		if (why == PTL__RESA_OK && billable && c->no_late_cancel)
			why = PTL__RESA_NOTICE;
		if (why != PTL__RESA_OK) {
			for (size_t i = from; i < asked_end && rc == PTL_OK; i++)
				if (c->items[i].cancel && !c->items[i].outcome)
					rc = refuse_change(&c->items[i], why, deadline);
		} else {
			ptl__units_to_cancel(out, c->u.units, n, live, ask);
			for (size_t u = 0; u < n && rc == PTL_OK; u++) {
				struct item extra = { .day = day, .unit = (int)u, .cancel = true,
				                      .pick = -1, .added = PTL_RESERVATION_DEPENDENT };
				struct item *it = NULL;

				if (!out[u])
					continue;
				for (size_t i = from; i < asked_end && !it; i++)
					if (c->items[i].cancel && c->items[i].unit == (int)u &&
					    !c->items[i].outcome)
						it = &c->items[i];
				if (!it) {
					extra.unit_code = c->u.units[u].code;
					if ((rc = push(c, &extra)) != PTL_OK)
						return rc;
					it = &c->items[c->nitems - 1];
				}
				it->billable = billable;
				it->pending = !c->manager && c->rules.cancelling.validation;
				live[u] = false;
			}
		}
	}
	if (rc != PTL_OK)
		return rc;

	/* Then bookings. */
	memset(ask, 0, sizeof(ask));
	any = false;
	for (size_t i = from; i < asked_end; i++) {
		struct item *it = &c->items[i];

		if (it->cancel || it->outcome)
			continue;
		if (live[it->unit] || ask[it->unit])
			rc = judge(it, PTL_RESERVATION_UNCHANGED, PTL__RESA_ALREADY_BOOKED, NULL);
		else
			ask[it->unit] = any = true;
		if (rc != PTL_OK)
			return rc;
	}
	if (any) {
		int64_t deadline;
		bool billable;
		enum ptl__resa_reason why = change_allowed(c, &deadline, &billable, false, day, now);
		ptl__unit_conflict conflict;

		if (why == PTL__RESA_OK &&
		    ptl__units_to_book(out, &conflict, 1, c->u.units, n, ask, live) > 0) {
			why = conflict.problem == PTL_UNITS_INCOMPATIBLE ? PTL__RESA_INCOMPATIBLE
			                                                 : PTL__RESA_WITHOUT_PARENT;
			for (size_t i = from; i < asked_end && rc == PTL_OK; i++)
				if (!c->items[i].cancel && !c->items[i].outcome)
					rc = judge(&c->items[i], PTL_RESERVATION_REFUSED, why,
					           ask[conflict.unit] ? c->u.units[conflict.other].label
					                              : c->u.units[conflict.unit].label);
			return rc;
		}
		if (why != PTL__RESA_OK) {
			for (size_t i = from; i < asked_end && rc == PTL_OK; i++)
				if (!c->items[i].cancel && !c->items[i].outcome)
					rc = refuse_change(&c->items[i], why, deadline);
			return rc;
		}
		for (size_t u = 0; u < n && rc == PTL_OK; u++) {
			bool pending = !c->manager && c->rules.booking.validation;
			struct item extra = { .day = day, .unit = (int)u, .pick = -1,
			                      .added = PTL_RESERVATION_LINKED, .pending = pending };

			if (!out[u] || live[u])
				continue;
			for (size_t i = from; i < asked_end; i++)
				if (!c->items[i].cancel && c->items[i].unit == (int)u && !c->items[i].outcome)
					c->items[i].pending = pending;
			if (!ask[u]) {
				extra.unit_code = c->u.units[u].code;
				rc = push(c, &extra);
			}
		}
	}
	return rc;
}

static int compare_items(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return x->day < y->day ? -1 : x->day > y->day;
}

static int judge_all(struct ctx *c, int64_t now)
{
	size_t i = 0, asked;
	int rc = PTL_OK;

	for (size_t k = 0; k < c->in->cancel_count + c->in->book_count; k++) {
		bool cancel = k < c->in->cancel_count;
		const ptl_reservation_pick *p = cancel ? &c->in->cancel[k]
		                                       : &c->in->book[k - c->in->cancel_count];
		struct item it = { .day = c->days_asked[k], .cancel = cancel, .unit = -1,
		                   .unit_code = p->unit, .pick = (int)k };

		for (size_t u = 0; u < c->u.count; u++)
			if (strcmp(c->u.units[u].code, p->unit) == 0)
				it.unit = (int)u;
		if ((rc = push(c, &it)) != PTL_OK)
			return rc;
	}
	/* By day, keeping the asked order within a day (an insertion sort:
	 * qsort is not stable; at most PTL_RESERVATION_MAX_PICKS items). */
	asked = c->nitems;
	for (size_t a = 1; a < asked; a++)
		for (size_t b = a; b > 0 && compare_items(&c->items[b - 1], &c->items[b]) > 0; b--) {
			struct item t = c->items[b];
			c->items[b] = c->items[b - 1];
			c->items[b - 1] = t;
		}
	while (i < asked && rc == PTL_OK) {
		size_t j = i;

		while (j < asked && c->items[j].day == c->items[i].day)
			j++;
		rc = judge_day(c, i, j, now);
		i = j;
	}
	return rc;
}

/* --- places ------------------------------------------------------------------ */

/* The items to write: not judged yet. */
static bool to_write(const struct item *it)
{
	return it->outcome == 0;
}

/* Send the request that waiting changes belong to; *applied tells that the
 * manager set its kind to apply at once (then nothing waits). */
static int send_request(ptl_db *db, struct ctx *c, ptl_request_kind kind, size_t count,
                        int64_t *id, bool *applied)
{
	char summary[200];
	struct ptl__request_new rq = {
		.family_id = c->fam, .guardian_id = c->guardian_id, .target_id = c->enrolment_id,
		.kind = kind, .summary = summary, .before_json = "{}", .after_json = "{}",
	};
	ptl_request *written = NULL;
	int rc;

	*applied = false;
	if (!c->request && !(written = calloc(1, sizeof(*written))))
		return oom();

	snprintf(summary, sizeof(summary), "%s de %s : %zu jour%s",
	         kind == PTL_REQUEST_RESERVATION ? "Réservation" : "Annulation", c->child_name,
	         count, count > 1 ? "s" : "");
	rq.written = written;
	rc = ptl__request_submit(db, &rq, id, applied);
	if (rc == PTL_OK && written)
		c->request = written;
	else
		ptl_request_free(written);
	return rc;
}

static bool counts_place(const char *status)
{
	return strcmp(status, "booked") == 0 || strcmp(status, "pending") == 0 ||
	       strcmp(status, "cancel_pending") == 0;
}

/* Cancellations; *waiting tells whether anyone waits on their slots (read
 * under the places' locks, in the same round trip): else no freed place
 * can be handed on. */
static int cancel_items(ptl_db *db, struct ctx *c, int64_t now, bool *waiting)
{
	struct ptl__lit u = { 0 }, d = { 0 }, st = { 0 }, bill = { 0 }, was = { 0 };
	struct ptl__num eid = ptl__num(c->enrolment_id), at = ptl__num(now),
	                gid = ptl__num(c->group_id);
	size_t count = 0, pending = 0, sent = 0;
	int64_t request_id = 0;
	bool applied = false;
	struct ptl__num rid;
	PGresult *res;
	int rc = PTL_OK;

	*waiting = false;
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];
		struct ptl__slot *s;

		if (!to_write(it) || !it->cancel)
			continue;
		s = ptl__places_slot(&c->places, c->u.ids[it->unit], it->day);
		if (!s || !s->mine[0]) {  /* gone meanwhile */
			if ((rc = judge(it, PTL_RESERVATION_UNCHANGED, PTL__RESA_NOT_BOOKED, NULL)))
				goto done;
			continue;
		}
		if (it->pending && strcmp(s->mine, "cancel_pending") == 0) {
			/* Asked already: it still waits. */
			it->outcome = PTL_RESERVATION_CANCEL_PENDING;
			it->pending = false;
			continue;
		}
		if (it->pending && strcmp(s->mine, "booked") == 0) {
			it->outcome = PTL_RESERVATION_CANCEL_PENDING;
			pending++;
		} else {
			it->outcome = PTL_RESERVATION_CANCELLED;
			it->pending = false;
		}
		count++;
	}
	if (!count)
		goto done;
	if (pending && (rc = send_request(db, c, PTL_REQUEST_RESERVATION_CANCEL, pending,
	                                  &request_id, &applied)) != PTL_OK)
		goto done;
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];
		struct ptl__slot *s;

		if (!it->cancel || !(it->outcome == PTL_RESERVATION_CANCELLED ||
		                     (it->outcome == PTL_RESERVATION_CANCEL_PENDING && it->pending)))
			continue;
		if (it->pending && applied)  /* the kind no longer waits */
			it->outcome = PTL_RESERVATION_CANCELLED;
		it->pending = false;
		s = ptl__places_slot(&c->places, c->u.ids[it->unit], it->day);
		if (it->outcome == PTL_RESERVATION_CANCELLED) {
			it->billable = it->billable && counts_place(s->mine);
			if (counts_place(s->mine)) {
				ptl__places_take(&c->places, s, -1);
				s->freed++;
			}
		}
		ptl__lit_add_int(&u, c->u.ids[it->unit]);
		ptl__lit_add_day(&d, it->day);
		ptl__lit_add(&st, it->outcome == PTL_RESERVATION_CANCELLED ? "cancelled"
		                                                            : "cancel_pending");
		ptl__lit_add(&bill, it->billable ? "true" : "false");
		ptl__lit_add(&was, s->mine);
		sent++;
	}
	rid = ptl__num(request_id);
	{
		const char *params[] = { eid.s, ptl__lit_end(&u), ptl__lit_end(&d), ptl__lit_end(&st),
		                         request_id ? rid.s : NULL, at.s, ptl__lit_end(&bill), gid.s,
		                         ptl__lit_end(&was), c->source ? c->source : "parent" };

		if (!params[1] || !params[2] || !params[3] || !params[6] || !params[8]) {
			rc = oom();
			goto done;
		}
		/* Its snapshot follows the locks: it sees every waiting booking,
		 * and each reservation's status as it is under them. The statuses
		 * judged above were read by the locking statement, whose snapshot
		 * was taken before it waited: a promotion of one of them
		 * (waiting to booked) committed meanwhile by the transaction that
		 * held the locks is not in it. So each one is cancelled only if it
		 * still has the status judged; one that changed is not, and the
		 * transaction is then redone (as on a serialisation failure), its
		 * locks now free: judged again on the current status (the place
		 * given back, the validation asked). It is rare (the child
		 * promoted while the family cancelled), so the common case costs
		 * no round trip more. */
		res = ptl__db_query_prepared(db,
			"WITH gone AS (UPDATE reservation r SET status = x.status, billable = x.billable,"
			"       waiting_seq = NULL, updated_at = to_timestamp($6::bigint),"
			"       request_id = CASE WHEN x.status = 'cancel_pending' THEN $5::bigint"
			"                         ELSE r.request_id END,"
			"       cancelled_by = CASE WHEN x.status = 'cancelled' THEN $10::text END"
			"  FROM unnest($2::bigint[], $3::date[], $4::text[], $7::boolean[], $9::text[])"
			"       AS x (unit_id, day, status, billable, was)"
			" WHERE r.enrolment_id = $1::bigint AND r.unit_id = x.unit_id AND r.day = x.day"
			"   AND r.status = x.was RETURNING 1)"
			" SELECT (SELECT count(*) FROM gone) AS cancelled,"
			"        EXISTS (SELECT 1 FROM reservation w"
			"                 WHERE w.group_id = $8::bigint AND w.status = 'waiting'"
			"                   AND (w.unit_id, w.day) IN"
			"                       (SELECT * FROM unnest($2::bigint[], $3::date[]))) AS waiting",
			10, params);
		if (!res)
			rc = ptl_error_last()->code;
		else if (ptl__db_get_int64(res, 0, "cancelled") != (int64_t)sent) {
			rc = ptl__error_set(PTL_ECONFLICT, NULL,
				"Les réservations de ce jour viennent de changer : réessayez.",
				"a reservation changed while its day's places were awaited");
			ptl__error_set_sqlstate("40001");  /* redone by ptl__db_transaction */
		} else
			*waiting = ptl__db_get_bool(res, 0, "waiting");
		PQclear(res);
	}
done:
	ptl__lit_free(&u);
	ptl__lit_free(&d);
	ptl__lit_free(&st);
	ptl__lit_free(&bill);
	ptl__lit_free(&was);
	return rc;
}

/* Bookings: a place if there is one, else the waiting list. Those that need
 * validation (a place or a rank) belong to one request: accepted before a
 * waiting one gets its place, that one is booked at once; still waiting for
 * the manager, it becomes pending. The new reservations and the places'
 * counts are written in one statement, the last before COMMIT: the day's
 * other bookers wait for its locks the shortest time. */
static int book_and_write(ptl_db *db, struct ctx *c, int64_t now)
{
	struct ptl__lit u = { 0 }, d = { 0 }, st = { 0 }, seq = { 0 }, rq = { 0 };
	struct ptl__places_written w = { 0 };
	struct ptl__num eid = ptl__num(c->enrolment_id), fid = ptl__num(c->fam),
	                gid = ptl__num(c->group_id), at = ptl__num(now), rid;
	const char *source = c->source ? c->source : "parent";
	size_t pending = 0;
	int64_t request_id = 0;
	bool applied = false;
	PGresult *res;
	int rc = PTL_OK;

	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];

		if (!to_write(it) || it->cancel)
			continue;
		if (!ptl__places_slot(&c->places, c->u.ids[it->unit], it->day))
			return ptl__error_set(PTL_ERROR, NULL, NULL, "a slot was not locked");
		pending += it->pending;
	}
	if (pending && (rc = send_request(db, c, PTL_REQUEST_RESERVATION, pending,
	                                  &request_id, &applied)) != PTL_OK)
		goto done;
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];
		struct ptl__slot *s;

		if (!to_write(it) || it->cancel)
			continue;
		s = ptl__places_slot(&c->places, c->u.ids[it->unit], it->day);
		if (applied)  /* the kind no longer waits */
			it->pending = false;
		if (ptl__places_room(&c->places, s) || c->force) {
			ptl__places_take(&c->places, s, 1);
			it->outcome = it->pending ? PTL_RESERVATION_PENDING : PTL_RESERVATION_BOOKED;
			ptl__lit_add(&seq, "NULL");
		} else {
			it->outcome = PTL_RESERVATION_WAITING;
			ptl__lit_add_int(&seq, ++s->seq);
		}
		ptl__lit_add(&rq, it->pending ? "true" : "false");
		it->pending = false;
		ptl__lit_add_int(&u, c->u.ids[it->unit]);
		ptl__lit_add_day(&d, it->day);
		ptl__lit_add(&st, it->outcome == PTL_RESERVATION_BOOKED ? "booked"
		                  : it->outcome == PTL_RESERVATION_PENDING ? "pending" : "waiting");
	}
	rid = ptl__num(request_id);
	if ((rc = ptl__places_write_params(&w, &c->places)) != PTL_OK)
		goto done;
	{
		const char *params[] = { eid.s, fid.s, gid.s, ptl__lit_end(&u), ptl__lit_end(&d),
		                         ptl__lit_end(&st), request_id ? rid.s : NULL, at.s,
		                         ptl__lit_end(&seq), ptl__lit_end(&rq), source, w.params[0],
		                         w.params[1], w.params[2], w.params[3], w.params[4],
		                         w.params[5], w.params[6], c->places.force ? "true" : "false" };

		if (!params[3] || !params[4] || !params[5] || !params[8] || !params[9]) {
			rc = oom();
			goto done;
		}
		/* The rank of a new waiting booking: it is the last of its list
		 * (one per enrolment, unit and day). */
		res = ptl__db_query_prepared(db,
			"WITH " PTL__PLACES_WRITE_CTES("3", "12", "13", "14", "15", "16", "17", "18", "19") ","
			" n AS (INSERT INTO reservation AS n (enrolment_id, family_id, group_id, unit_id,"
			"       day, status, waiting_seq, source, request_id, created_at, updated_at)"
			" SELECT $1::bigint, $2::bigint, $3::bigint, x.unit_id, x.day, x.status, x.seq,"
			"        $11::text, CASE WHEN x.rq THEN $7::bigint END,"
			"        to_timestamp($8::bigint), to_timestamp($8::bigint)"
			"   FROM unnest($4::bigint[], $5::date[], $6::text[], $9::bigint[], $10::boolean[])"
			"        AS x (unit_id, day, status, seq, rq)"
			" RETURNING n.unit_id, n.day::text AS day,"
			"   CASE WHEN n.status = 'waiting' THEN 1 + (SELECT count(*) FROM reservation w"
			"         WHERE w.group_id = n.group_id AND w.unit_id = n.unit_id AND w.day = n.day"
			"           AND w.status = 'waiting' AND w.waiting_seq < n.waiting_seq)"
			"        ELSE 0 END AS rank)"
			" SELECT t.slots, t.counters, coalesce(n.unit_id, 0) AS unit_id, n.day, n.rank"
			"   FROM (SELECT (SELECT count(*) FROM s) AS slots,"
			"                (SELECT count(*) FROM k) AS counters) t LEFT JOIN n ON true",
			19, params);
	}
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	if ((rc = ptl__places_written_check(&c->places, res)) != PTL_OK) {
		PQclear(res);
		goto done;
	}
	for (int row = 0; row < PQntuples(res); row++) {
		int64_t unit_id = ptl__db_get_int64(res, row, "unit_id");
		ptl_day day;

		if (!unit_id)  /* nothing booked: the counts' row alone */
			continue;
		ptl_day_parse(&day, ptl__db_get(res, row, "day"));
		for (size_t i = 0; i < c->nitems; i++) {
			struct item *it = &c->items[i];

			if (!it->cancel && it->unit >= 0 && c->u.ids[it->unit] == unit_id &&
			    it->day == day && it->outcome == PTL_RESERVATION_WAITING && !it->why_fr) {
				it->rank = (int)ptl__db_get_int64(res, row, "rank");
				it->reason = PTL__RESA_FULL;
				if (asprintf(&it->why_fr, "Complet : %s est %d%s sur la liste d’attente",
				             c->child_name, it->rank, it->rank == 1 ? "re" : "e") < 0 ||
				    asprintf(&it->why_en, "full: on the waiting list (rank %d)", it->rank) < 0)
					rc = oom();
			}
		}
	}
	PQclear(res);
done:
	ptl__lit_free(&u);
	ptl__lit_free(&d);
	ptl__lit_free(&st);
	ptl__lit_free(&seq);
	ptl__lit_free(&rq);
	ptl__places_written_free(&w);
	return rc;
}

/* Whether the load row of (@p unit, @p day) existed when the enrolment was
 * read (they are never deleted while their unit and group exist). */
static bool load_exists(const struct ctx *c, int unit, ptl_day day)
{
	char key[48];

	snprintf(key, sizeof(key), ",%lld:%d,", (long long)c->u.ids[unit], (int)day);
	return c->u.counter_ids[unit] == 0 && strstr(c->loads, key) != NULL;
}

/* Lock the places of every slot the items touch. */
static int lock_places(ptl_db *db, struct ctx *c)
{
	struct ptl__lit u = { 0 }, d = { 0 };
	const char *units, *days;
	int rc;

	c->places.loads_exist = true;
	for (size_t i = 0; i < c->nitems; i++)
		if (to_write(&c->items[i])) {
			ptl__lit_add_int(&u, c->u.ids[c->items[i].unit]);
			ptl__lit_add_day(&d, c->items[i].day);
			c->places.loads_exist = c->places.loads_exist &&
			                        load_exists(c, c->items[i].unit, c->items[i].day);
		}
	c->places.group_id = c->group_id;
	c->places.force = c->force;
	c->places.enrolment_id = c->enrolment_id;
	units = ptl__lit_end(&u);
	days = ptl__lit_end(&d);
	rc = units && days ? ptl__places_lock(db, &c->places, units, days) : oom();
	ptl__lit_free(&u);
	ptl__lit_free(&d);
	return rc;
}

/* --- the transaction ----------------------------------------------------------- */

static int change_tx(ptl_db *db, void *arg)
{
	struct ctx *c = arg;
	int64_t now = ptl_clock_now();
	bool any = false, waiting;
	int rc;

	free_loaded(c);
	if ((rc = load(db, c)) != PTL_OK || (rc = judge_all(c, now)) != PTL_OK)
		return rc;
	for (size_t i = 0; i < c->nitems; i++)
		any = any || to_write(&c->items[i]);
	if (!any)
		return PTL_OK;
	if ((rc = lock_places(db, c)) != PTL_OK || (rc = cancel_items(db, c, now, &waiting)) != PTL_OK)
		return rc;
	if (waiting)
		rc = ptl__places_promote(db, &c->places, now, NULL);
	else  /* nobody to hand a freed place to: it stays free */
		for (size_t i = 0; i < c->places.nslots; i++)
			c->places.slots[i].freed = 0;
	return rc == PTL_OK ? book_and_write(db, c, now) : rc;
}

/* --- the public function --------------------------------------------------------- */

static int check_picks(struct ctx *c, const ptl_reservation_change_options *in)
{
	size_t total = in->book_count + in->cancel_count;

	if (in->version != PTL_RESERVATION_CHANGE_OPTIONS_VERSION)
		return ptl__error_set(PTL_EINVALID, "version", "Version d’options inconnue.",
		                      "unknown options version %u", in->version);
	if (total == 0 || (total > PTL_RESERVATION_MAX_PICKS && !c->unlimited))
		return ptl__error_set(PTL_EINVALID, "book",
			"Choisissez entre 1 et 400 jours à réserver ou à annuler.",
			"between 1 and %d picks to book or cancel, not %zu",
			PTL_RESERVATION_MAX_PICKS, total);
	if (!(c->days_asked = calloc(total, sizeof(ptl_day))))
		return oom();
	for (size_t k = 0; k < total; k++) {
		bool cancel = k < in->cancel_count;
		size_t index = cancel ? k : k - in->cancel_count;
		const ptl_reservation_pick *p = cancel ? &in->cancel[index] : &in->book[index];
		char field[40];

		snprintf(field, sizeof(field), "%s[%zu].day", cancel ? "cancel" : "book", index);
		if (!p->day || ptl_day_parse(&c->days_asked[k], p->day) != PTL_OK)
			return ptl__error_set(PTL_EINVALID, field, "Date invalide (AAAA-MM-JJ).",
			                      "%s: not a date YYYY-MM-DD", field);
		snprintf(field, sizeof(field), "%s[%zu].unit", cancel ? "cancel" : "book", index);
		if (!p->unit || !*p->unit || strlen(p->unit) > 64)
			return ptl__error_set(PTL_EINVALID, field, "Unité manquante.",
			                      "%s: missing unit code", field);
		if (k == 0 || c->days_asked[k] < c->lo)
			c->lo = c->days_asked[k];
		if (k == 0 || c->days_asked[k] > c->hi)
			c->hi = c->days_asked[k];
	}
	return PTL_OK;
}

static int fill_results(ptl_reservation_results *r, struct ctx *c)
{
	if (!(r->items = calloc(c->nitems + 1, sizeof(*r->items))))
		return oom();
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];
		ptl_reservation_result *o = &r->items[r->count++];

		ptl_day_format(o->day, it->day);
		o->unit = strdup(it->unit >= 0 ? c->u.units[it->unit].code : it->unit_code);
		o->unit_label = strdup(it->unit >= 0 ? c->u.units[it->unit].label : "");
		o->cancel = it->cancel;
		o->outcome = it->outcome;
		o->rank = it->rank;
		o->billable = it->billable;
		o->added = it->added;
		o->reason_code = ptl__resa_reason_code(it->reason);
		o->reason_fr = it->why_fr;
		o->reason_en = it->why_en;
		it->why_fr = it->why_en = NULL;
		if (!o->unit || !o->unit_label)
			return oom();
	}
	r->request = c->request;
	c->request = NULL;
	return PTL_OK;
}

int ptl_reservation_change(ptl_reservation_results **out, ptl_db *db, int64_t family_id,
                           int64_t guardian_id, int64_t enrolment_id,
                           const ptl_reservation_change_options *in)
{
	struct ctx c = { .family_id = family_id, .guardian_id = guardian_id,
	                 .enrolment_id = enrolment_id, .in = in };
	ptl_reservation_results *r = NULL;
	int rc;

	*out = NULL;
	if (!in)
		return ptl__error_set(PTL_EINVALID, "book", "Rien à réserver.", "no options");
	if ((rc = check_picks(&c, in)) == PTL_OK &&
	    (rc = ptl__db_transaction(db, change_tx, &c)) == PTL_OK) {
		if (!(r = calloc(1, sizeof(*r))))
			rc = oom();
		else if ((rc = fill_results(r, &c)) != PTL_OK) {
			ptl_reservation_results_free(r);
			r = NULL;
		}
	}
	free_loaded(&c);
	free(c.days_asked);
	*out = r;
	return rc;
}

int ptl__reservation_change_in(ptl_reservation_results **out, int **picks, ptl_db *db,
                               int64_t enrolment_id, const ptl_reservation_change_options *in,
                               const struct ptl__resa_as *as)
{
	struct ctx c = { .enrolment_id = enrolment_id, .in = in, .manager = !as->family,
	                 .force = as->force, .source = as->source, .unlimited = true,
	                 .family_id = as->family_id, .guardian_id = as->guardian_id,
	                 .no_late_cancel = as->no_late_cancel };
	ptl_reservation_results *r = NULL;
	int rc;

	*out = NULL;
	if (picks)
		*picks = NULL;
	if ((rc = check_picks(&c, in)) == PTL_OK && (rc = change_tx(db, &c)) == PTL_OK) {
		if (!(r = calloc(1, sizeof(*r))) ||
		    (picks && !(*picks = calloc(c.nitems + 1, sizeof(int)))))
			rc = oom();
		else {
			for (size_t i = 0; picks && i < c.nitems; i++)
				(*picks)[i] = c.items[i].pick;
			rc = fill_results(r, &c);
		}
		if (rc != PTL_OK) {
			ptl_reservation_results_free(r);
			r = NULL;
			if (picks) {
				free(*picks);
				*picks = NULL;
			}
		}
	}
	free_loaded(&c);
	free(c.days_asked);
	*out = r;
	return rc;
}

const char *ptl_reservation_outcome_name(ptl_reservation_outcome outcome)
{
	static const char *const names[] = { NULL, "booked", "pending", "waiting", "cancelled",
	                                     "cancel_pending", "unchanged", "refused" };

	return (int)outcome >= 1 && (int)outcome <= 7 ? names[outcome] : NULL;
}

void ptl_reservation_results_free(ptl_reservation_results *results)
{
	if (!results)
		return;
	for (size_t i = 0; i < results->count; i++) {
		free(results->items[i].unit);
		free(results->items[i].unit_label);
		free(results->items[i].reason_fr);
		free(results->items[i].reason_en);
	}
	free(results->items);
	ptl_request_free(results->request);
	free(results);
}
