/*
 * reservation-places.c — the places of a group's days under row locks, the
 * waiting lists' promotions and array literals (reservation-places.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>

#include "error-internal.h"
#include "mail-internal.h"
#include "reservation-places.h"

/* --- array literals ---------------------------------------------------------- */

void ptl__lit_add(struct ptl__lit *l, const char *text)
{
	size_t need = strlen(text) + 3;

	if (l->failed)
		return;
	if (l->len + need >= l->size) {
		size_t size = (l->size + need) * 2;
		char *grown = realloc(l->s, size);

		if (!grown) {
			l->failed = true;
			return;
		}
		l->s = grown;
		l->size = size;
	}
	l->len += (size_t)snprintf(l->s + l->len, l->size - l->len, "%s%s",
	                           l->len ? "," : "{", text);
}

const char *ptl__lit_end(struct ptl__lit *l)
{
	char *grown;

	if (l->failed || !(grown = realloc(l->s, l->len + 3)))
		return NULL;
	l->s = grown;
	if (l->len == 0)
		l->s[l->len++] = '{';
	l->s[l->len++] = '}';
	l->s[l->len] = '\0';
	l->failed = true;  /* ended: nothing more is added */
	return l->s;
}

void ptl__lit_add_int(struct ptl__lit *l, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	ptl__lit_add(l, buf);
}

void ptl__lit_add_day(struct ptl__lit *l, ptl_day d)
{
	char buf[11];

	ptl_day_format(buf, d);
	ptl__lit_add(l, buf);
}

void ptl__lit_free(struct ptl__lit *l)
{
	free(l->s);
	*l = (struct ptl__lit){ 0 };
}

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

/* --- locking ------------------------------------------------------------------- */

/* The load rows of the slots made to exist, before any of them is locked (so
 * that no transaction waits on another's new row while holding a lock).
 * Only the missing ones are inserted: an insertion that meets an existing
 * row being updated waits for that transaction, and the rows of a busy day
 * always are. */
static const char ensure_sql[] =
	"WITH s AS (SELECT DISTINCT u.id AS unit_id, u.counter_id, x.day"
	"             FROM unnest($2::bigint[], $3::date[]) AS x (unit_id, day)"
	"             JOIN unit u ON u.id = x.unit_id),"
	" c AS (INSERT INTO counter_load (counter_id, day)"
	"       SELECT DISTINCT counter_id, day FROM s WHERE counter_id IS NOT NULL"
	"          AND NOT EXISTS (SELECT 1 FROM counter_load l"
	"                           WHERE l.counter_id = s.counter_id AND l.day = s.day)"
	"       ON CONFLICT DO NOTHING)"
	" INSERT INTO reservation_load (group_id, unit_id, day)"
	" SELECT $1::bigint, unit_id, day FROM s"
	"  WHERE NOT EXISTS (SELECT 1 FROM reservation_load l WHERE l.group_id = $1::bigint"
	"                       AND l.unit_id = s.unit_id AND l.day = s.day)"
	" ON CONFLICT DO NOTHING";

/* Both kinds of load rows locked in one round trip, in the one order: the
 * counters' rows (unit_id 0) come first, each kind in key order (the first
 * branch of a UNION ALL is read, and so locked, before the second). */
static const char lock_sql[] =
	"WITH want AS MATERIALIZED (SELECT DISTINCT u.id AS unit_id, u.counter_id, x.day"
	"             FROM unnest($2::bigint[], $3::date[]) AS x (unit_id, day)"
	"             JOIN unit u ON u.id = x.unit_id),"
	" k AS (SELECT l.counter_id, l.day, l.taken, cc.capacity"
	"         FROM counter_load l JOIN capacity_counter cc ON cc.id = l.counter_id"
	"        WHERE (l.counter_id, l.day) IN (SELECT counter_id, day FROM want)"
	"        ORDER BY l.counter_id, l.day FOR UPDATE OF l),"
	" s AS (SELECT l.unit_id, l.day, l.taken, l.waiting_seq, g.capacity"
	"         FROM reservation_load l JOIN period_group g ON g.id = l.group_id"
	"        WHERE l.group_id = $1::bigint AND (l.unit_id, l.day) IN (SELECT unit_id, day FROM want)"
	"        ORDER BY l.unit_id, l.day FOR UPDATE OF l)"
	" SELECT 0::bigint AS unit_id, k.counter_id, k.day::text AS day, k.taken,"
	"        0::bigint AS waiting_seq, k.capacity, ''::text AS mine FROM k"
	" UNION ALL"
	" SELECT s.unit_id, coalesce(u.counter_id, 0), s.day::text, s.taken, s.waiting_seq,"
	"        s.capacity,"
	"        coalesce((SELECT r.status FROM reservation r WHERE r.enrolment_id = $4::bigint"
	"                    AND r.unit_id = s.unit_id AND r.day = s.day"
	"                    AND r.status <> 'cancelled'), '')"
	"   FROM s JOIN unit u ON u.id = s.unit_id";

int ptl__places_lock(ptl_db *db, struct ptl__places *p, const char *units, const char *days)
{
	struct ptl__num gid = ptl__num(p->group_id), eid = ptl__num(p->enrolment_id);
	const char *params[] = { gid.s, units, days, eid.s };
	PGresult *res;
	size_t rows;
	int rc = PTL_OK;

	if (!p->loads_exist) {
		if (!(res = ptl__db_query_prepared(db, ensure_sql, 3, params)))
			return ptl_error_last()->code;
		PQclear(res);
	}
	if (!(res = ptl__db_query_prepared(db, lock_sql, 4, params)))
		return ptl_error_last()->code;
	rows = (size_t)PQntuples(res);
	p->counters = calloc(rows + 1, sizeof(*p->counters));
	p->slots = calloc(rows + 1, sizeof(*p->slots));
	if (!p->counters || !p->slots) {
		rc = oom();
		goto done;
	}
	for (size_t i = 0; i < rows; i++) {
		int64_t counter_id = ptl__db_get_int64(res, (int)i, "counter_id");
		int64_t unit_id = ptl__db_get_int64(res, (int)i, "unit_id");
		ptl_day day;

		ptl_day_parse(&day, ptl__db_get(res, (int)i, "day"));
		if (unit_id == 0) {  /* a counter's row: they come first */
			struct ptl__counter *k = &p->counters[p->ncounters++];

			k->id = counter_id;
			k->day = day;
			k->taken = (int)ptl__db_get_int64(res, (int)i, "taken");
			k->capacity = (int)ptl__db_get_int64(res, (int)i, "capacity");
			continue;
		}
		struct ptl__slot *s = &p->slots[p->nslots++];

		s->unit_id = unit_id;
		s->day = day;
		s->taken = (int)ptl__db_get_int64(res, (int)i, "taken");
		s->seq = ptl__db_get_int64(res, (int)i, "waiting_seq");
		s->capacity = (int)ptl__db_get_int64(res, (int)i, "capacity");
		snprintf(s->mine, sizeof(s->mine), "%s", ptl__db_get(res, (int)i, "mine"));
		s->counter = -1;
		for (size_t k = 0; counter_id && k < p->ncounters; k++)
			if (p->counters[k].id == counter_id && p->counters[k].day == s->day)
				s->counter = (int)k;
	}
done:
	PQclear(res);
	return rc;
}

struct ptl__slot *ptl__places_slot(struct ptl__places *p, int64_t unit_id, ptl_day day)
{
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i].unit_id == unit_id && p->slots[i].day == day)
			return &p->slots[i];
	return NULL;
}

bool ptl__places_room(const struct ptl__places *p, const struct ptl__slot *s)
{
	return s->taken < s->capacity &&
	       (s->counter < 0 || p->counters[s->counter].taken < p->counters[s->counter].capacity);
}

void ptl__places_take(struct ptl__places *p, struct ptl__slot *s, int n)
{
	s->taken += n;
	if (s->counter >= 0)
		p->counters[s->counter].taken += n;
}

/* --- the waiting lists ------------------------------------------------------------ */

int ptl__places_promote(ptl_db *db, struct ptl__places *p, int64_t now, size_t *promoted)
{
	struct ptl__lit u = { 0 }, d = { 0 }, n = { 0 };
	struct ptl__num gid = ptl__num(p->group_id), at = ptl__num(now);
	size_t count = 0;
	PGresult *res;
	int rc = PTL_OK;

	if (promoted)
		*promoted = 0;
	for (size_t i = 0; i < p->nslots; i++) {
		struct ptl__slot *s = &p->slots[i];
		int give = 0;

		while (give < s->freed && ptl__places_room(p, s)) {
			ptl__places_take(p, s, 1);
			give++;
		}
		s->freed = give;  /* now: places offered to those waiting */
		if (!give)
			continue;
		ptl__lit_add_int(&u, s->unit_id);
		ptl__lit_add_day(&d, s->day);
		ptl__lit_add_int(&n, give);
		count++;
	}
	if (!count)
		goto done;
	{
		const char *params[] = { gid.s, ptl__lit_end(&u), ptl__lit_end(&d), ptl__lit_end(&n),
		                         at.s };

		if (!params[1] || !params[2] || !params[3]) {
			rc = oom();
			goto done;
		}
		res = ptl__db_query_prepared(db,
			"WITH f AS (SELECT * FROM unnest($2::bigint[], $3::date[], $4::int[])"
			"             AS f (unit_id, day, n)),"
			" cand AS (SELECT r.id, f.n, row_number() OVER (PARTITION BY r.unit_id, r.day"
			"                                               ORDER BY r.waiting_seq) AS k"
			"            FROM reservation r JOIN f ON f.unit_id = r.unit_id AND f.day = r.day"
			"           WHERE r.group_id = $1::bigint AND r.status = 'waiting')"
			" UPDATE reservation r"
			"    SET status = CASE WHEN EXISTS (SELECT 1 FROM request q"
			"                                    WHERE q.id = r.request_id"
			"                                      AND q.status = 'pending')"
			"                      THEN 'pending' ELSE 'booked' END,"
			"        waiting_seq = NULL, updated_at = to_timestamp($5::bigint)"
			"   FROM cand WHERE r.id = cand.id AND cand.k <= cand.n AND r.status = 'waiting'"
			" RETURNING r.family_id, r.unit_id, r.day::text AS day, r.status,"
			"   to_char(r.day, 'DD/MM/YYYY') AS day_fr,"
			"   (SELECT c.first_name FROM enrolment e JOIN child c ON c.id = e.child_id"
			"     WHERE e.id = r.enrolment_id) AS first_name,"
			"   (SELECT label FROM unit WHERE id = r.unit_id) AS unit_label", 5, params);
	}
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	for (int row = 0; row < PQntuples(res); row++) {
		ptl_day day;
		struct ptl__slot *s;

		ptl_day_parse(&day, ptl__db_get(res, row, "day"));
		if ((s = ptl__places_slot(p, ptl__db_get_int64(res, row, "unit_id"), day)))
			s->freed--;
	}
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i].freed > 0)  /* fewer waiting than places */
			ptl__places_take(p, &p->slots[i], -p->slots[i].freed);
	for (size_t i = 0; i < p->nslots; i++)
		p->slots[i].freed = 0;
	for (int row = 0; row < PQntuples(res) && rc == PTL_OK; row++) {
		bool pending = strcmp(ptl__db_get(res, row, "status"), "pending") == 0;
		char body[700];

		snprintf(body, sizeof(body),
			"Bonjour,\n\nUne place s’est libérée : la réservation de %s (%s) du %s,"
			" qui était sur liste d’attente, %s.\n\nVoir les réservations : %s/\n",
			ptl__db_get(res, row, "first_name"), ptl__db_get(res, row, "unit_label"),
			ptl__db_get(res, row, "day_fr"),
			pending ? "a maintenant une place et attend la validation du service"
			        : "est confirmée",
			ptl__public_url());
		rc = ptl__mail_queue_family(db, ptl__db_get_int64(res, row, "family_id"),
		                            pending ? "Place libérée : réservation en attente de validation"
		                                    : "Place libérée : réservation confirmée", body);
	}
	if (promoted)
		*promoted = (size_t)PQntuples(res);
	PQclear(res);
done:
	ptl__lit_free(&u);
	ptl__lit_free(&d);
	ptl__lit_free(&n);
	return rc;
}

/* --- writing back ------------------------------------------------------------------ */

int ptl__places_write_params(struct ptl__places_written *w, const struct ptl__places *p)
{
	*w = (struct ptl__places_written){ 0 };
	for (size_t i = 0; i < p->nslots; i++) {
		ptl__lit_add_int(&w->lit[0], p->slots[i].unit_id);
		ptl__lit_add_day(&w->lit[1], p->slots[i].day);
		ptl__lit_add_int(&w->lit[2], p->slots[i].taken);
		ptl__lit_add_int(&w->lit[3], p->slots[i].seq);
	}
	for (size_t i = 0; i < p->ncounters; i++) {
		ptl__lit_add_int(&w->lit[4], p->counters[i].id);
		ptl__lit_add_day(&w->lit[5], p->counters[i].day);
		ptl__lit_add_int(&w->lit[6], p->counters[i].taken);
	}
	for (size_t i = 0; i < 7; i++)
		if (!(w->params[i] = ptl__lit_end(&w->lit[i]))) {
			ptl__places_written_free(w);
			return oom();
		}
	return PTL_OK;
}

int ptl__places_written_check(const struct ptl__places *p, PGresult *res)
{
	if (PQntuples(res) < 1 || ptl__db_get_int64(res, 0, "slots") != (int64_t)p->nslots ||
	    ptl__db_get_int64(res, 0, "counters") != (int64_t)p->ncounters)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "a day's places would exceed its capacity");
	return PTL_OK;
}

void ptl__places_written_free(struct ptl__places_written *w)
{
	for (size_t i = 0; i < 7; i++)
		ptl__lit_free(&w->lit[i]);
}

int ptl__places_write(ptl_db *db, struct ptl__places *p)
{
	struct ptl__places_written w;
	struct ptl__num gid = ptl__num(p->group_id);
	const char *force = p->force ? "true" : "false";
	PGresult *res;
	int rc;

	if (!p->nslots && !p->ncounters)
		return PTL_OK;
	if ((rc = ptl__places_write_params(&w, p)) != PTL_OK)
		return rc;
	{
		const char *params[] = { gid.s, w.params[0], w.params[1], w.params[2], w.params[3],
		                         w.params[4], w.params[5], w.params[6], force };

		res = ptl__db_query_prepared(db,
			"WITH " PTL__PLACES_WRITE_CTES("1", "2", "3", "4", "5", "6", "7", "8", "9")
			" SELECT (SELECT count(*) FROM s) AS slots, (SELECT count(*) FROM k) AS counters",
			9, params);
	}
	rc = res ? ptl__places_written_check(p, res) : ptl_error_last()->code;
	PQclear(res);
	ptl__places_written_free(&w);
	return rc;
}

void ptl__places_free(struct ptl__places *p)
{
	free(p->slots);
	free(p->counters);
	p->slots = NULL;
	p->counters = NULL;
	p->nslots = p->ncounters = 0;
}
