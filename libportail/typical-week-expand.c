/*
 * typical-week-expand.c — storing a typical week and expanding it into
 * reservations (ptl_typical_week_preview/_set/_expand_period,
 * typical-week.h).
 *
 * One enrolment's expansion is one transaction of a few statements:
 *  1. the enrolment (row locked), its period's units and relations, its
 *     stored week, the live bookings the week made from today on, and the
 *     (day, unit) from today on that someone other than the week cancelled
 *     (reservation.cancelled_by, 0021) and nothing books now;
 *  2. in C, the pure expansion (core/week.c, ptl_week_reexpand) says which
 *     (day, unit) the week designates in the span and which bookings of the
 *     previous week it no longer designates: for a week stored, every one
 *     from today on, those outside its new span included; for the batch,
 *     only those within the days it expands; a unit that a designated unit
 *     links is designated with it; a designated (day, unit) that someone
 *     else cancelled is left out (skipped as "already_cancelled", with who
 *     cancelled it and when): a day the family, the service or a closure
 *     cancelled is never booked, nor charged, again by the week, while one
 *     the week itself removed may be;
 *  3. all of them go, as one selection, through the change of a parent's
 *     reservations (reservation-change.c, source "week", late cancellations
 *     refused): every rule is judged there and only there, set-based;
 *  4. the week is stored (two statements), or, for a preview, everything
 *     since the savepoint is rolled back: the preview is exactly what
 *     storing would do at that instant, ranks on the waiting lists included.
 */
#define _GNU_SOURCE  /* asprintf */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <portail/clock.h>
#include <portail/error.h>
#include <portail/typical-week.h>

#include "core/reservation-rules.h"
#include "db-internal.h"
#include "error-internal.h"
#include "reservation-internal.h"
#include "reservation-places.h"

/* One enrolment's expansion. */
struct run {
	int64_t family_id, guardian_id, enrolment_id;
	const ptl_typical_week_options *in;  /* NULL: the stored week (batch) */
	bool has_from, has_to;               /* the span asked */
	ptl_day from, to;
	bool store, preview;
	/* out */
	int64_t fam;
	bool skipped_enrolment;  /* batch: not validated, or nothing left to expand */
	ptl_reservation_results *results;
};

/* A (day, unit) that someone other than the week cancelled: the last such
 * cancellation. */
struct withheld {
	ptl_day day;
	int64_t unit;
	const char *by;      /* reservation.cancelled_by; NULL: not known (borrowed) */
	int64_t at;          /* when */
	const char *reason;  /* cancel_reason: a closure's (borrowed) */
};

/* What the transaction works on (freed at its end). */
struct work {
	struct ptl__resa_units u;
	ptl_week_slot *slots;       /* the week's, then the linked units */
	size_t nslots, nasked;      /* nasked: the week's own */
	ptl_week_booking *previous;
	size_t nprevious;
	json_t *withheld_json;      /* owns the strings of withheld */
	struct withheld *withheld;  /* ascending by day then unit */
	size_t nwithheld;
	ptl_week_item *add, *remove;
	size_t *left_out;           /* the add items withheld (their indexes) */
	size_t nleft_out;
	char (*days)[11];
	ptl_reservation_pick *book, *cancel;
};

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

static void work_free(struct work *w)
{
	ptl__resa_units_free(&w->u);
	free(w->slots);
	free(w->previous);
	free(w->withheld);
	json_decref(w->withheld_json);
	free(w->left_out);
	free(w->add);
	free(w->remove);
	free(w->days);
	free(w->book);
	free(w->cancel);
}

static const char load_sql[] =
	"SELECT e.family_id, e.period_id, e.status, e.first_day::text AS first_day,"
	"       e.last_day::text AS last_day,"
	"       " PTL__RESA_UNITS_JSON " AS units,"
	"       " PTL__RESA_RELATIONS_JSON " AS relations,"
	"       w.from_day::text AS week_from, w.to_day::text AS week_to,"
	"       (SELECT coalesce(json_agg(json_build_array(ws.weekday, ws.unit_id, ws.weeks)"
	"                                 ORDER BY ws.position), '[]')"
	"          FROM typical_week_slot ws WHERE ws.enrolment_id = e.id)::text AS slots,"
	"       (SELECT coalesce(json_agg(json_build_array(r.day::text, r.unit_id)"
	"                                 ORDER BY r.day, r.unit_id), '[]')"
	"          FROM reservation r WHERE r.enrolment_id = e.id AND r.status <> 'cancelled'"
	"           AND r.source = 'week' AND r.day >= $3::date)::text AS previous,"
	"       (SELECT coalesce(json_agg(json_build_array(c.day::text, c.unit_id, c.cancelled_by,"
	"                                 extract(epoch FROM c.updated_at)::bigint, c.cancel_reason)"
	"                                 ORDER BY c.day, c.unit_id), '[]')"
	"          FROM (SELECT DISTINCT ON (r.day, r.unit_id) r.day, r.unit_id, r.cancelled_by,"
	"                       r.updated_at, r.cancel_reason"
	"                  FROM reservation r"
	"                 WHERE r.family_id = e.family_id AND r.enrolment_id = e.id"
	"                   AND r.status = 'cancelled' AND r.day >= $3::date"
	"                   AND r.cancelled_by IS DISTINCT FROM 'week'"
	"                   AND NOT EXISTS (SELECT 1 FROM reservation l"
	"                                    WHERE l.enrolment_id = e.id AND l.day = r.day"
	"                                      AND l.unit_id = r.unit_id"
	"                                      AND l.status <> 'cancelled')"
	"                 ORDER BY r.day, r.unit_id, r.updated_at DESC) c)::text AS withheld"
	"  FROM enrolment e LEFT JOIN typical_week w ON w.enrolment_id = e.id"
	" WHERE e.id = $1::bigint AND ($2::bigint = 0 OR e.family_id = $2::bigint)"
	"   FOR UPDATE OF e";

/* --- the slots ------------------------------------------------------------------ */

static int slot_error(size_t i, const char *member, const char *fr, const char *en)
{
	char field[40];

	if (member)
		snprintf(field, sizeof(field), "slots[%zu].%s", i, member);
	else
		snprintf(field, sizeof(field), "slots[%zu]", i);
	return ptl__error_set(PTL_EINVALID, field, fr, "%s: %s", field, en);
}

static bool overlaps(const ptl_week_slot *a, const ptl_week_slot *b)
{
	return a->weekday == b->weekday && a->unit == b->unit &&
	       (a->parity == b->parity || a->parity == PTL_WEEK_EVERY ||
	        b->parity == PTL_WEEK_EVERY);
}

/* The family's slots, checked against the period's units. */
static int asked_slots(struct work *w, const ptl_typical_week_options *in)
{
	for (size_t i = 0; i < in->slot_count; i++) {
		const ptl_typical_week_slot *s = &in->slots[i];
		ptl_week_slot *o = &w->slots[w->nslots];
		int unit = -1;

		for (size_t u = 0; u < w->u.count; u++)
			if (strcmp(w->u.units[u].code, s->unit) == 0)
				unit = (int)u;
		if (unit < 0)
			return slot_error(i, "unit", "Cette unité n’existe pas pour cette période.",
			                  "not a unit of the period");
		*o = (ptl_week_slot){ .weekday = s->weekday, .unit = w->u.ids[unit],
		                      .parity = s->weeks };
		for (size_t j = 0; j < w->nslots; j++)
			if (overlaps(&w->slots[j], o))
				return slot_error(i, NULL, "Cette unité est déjà prévue ce jour-là.",
				                  "the unit is already in the week on that weekday");
		w->nslots++;
	}
	return PTL_OK;
}

/* The stored slots ([weekday, unit_id, weeks] in @p text). */
static int stored_slots(struct work *w, const char *text)
{
	json_t *list = json_loads(text, 0, NULL), *e;
	size_t i;

	if (!list)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable typical week");
	json_array_foreach(list, i, e) {
		ptl_week_slot *o = &w->slots[w->nslots];

		if (w->nslots == PTL_TYPICAL_WEEK_MAX_SLOTS)
			break;
		o->weekday = (int)json_integer_value(json_array_get(e, 0));
		o->unit = json_integer_value(json_array_get(e, 1));
		o->parity = PTL_WEEK_EVERY;
		ptl_typical_week_parity_parse(&o->parity, json_string_value(json_array_get(e, 2)));
		w->nslots++;
	}
	json_decref(list);
	return PTL_OK;
}

/* Add, with the parity of the slot that links them, the units linked to
 * the slots' units (again for those, until none is new). */
static void add_linked(struct work *w)
{
	w->nasked = w->nslots;
	for (size_t i = 0; i < w->nslots; i++) {
		int unit = ptl__resa_unit_index(&w->u, w->slots[i].unit);

		if (unit < 0)
			continue;
		for (size_t k = 0; k < w->u.units[unit].linked_count; k++) {
			int other = w->u.units[unit].linked[k];
			ptl_week_slot s = { .weekday = w->slots[i].weekday, .parity = w->slots[i].parity };
			bool known = false;

			if (other < 0 || (size_t)other >= w->u.count)
				continue;
			s.unit = w->u.ids[other];
			for (size_t j = 0; j < w->nslots && !known; j++)
				known = overlaps(&w->slots[j], &s);
			if (!known && w->nslots < 2 * PTL_TYPICAL_WEEK_MAX_SLOTS * 8)
				w->slots[w->nslots++] = s;
		}
	}
}

static int read_previous(struct work *w, const char *text)
{
	json_t *list = json_loads(text, 0, NULL), *e;
	size_t i;

	if (!list)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable week bookings");
	if (!(w->previous = calloc(json_array_size(list) + 1, sizeof(*w->previous)))) {
		json_decref(list);
		return oom();
	}
	json_array_foreach(list, i, e) {
		ptl_day_parse(&w->previous[i].day, json_string_value(json_array_get(e, 0)));
		w->previous[i].unit = json_integer_value(json_array_get(e, 1));
	}
	w->nprevious = json_array_size(list);
	json_decref(list);
	return PTL_OK;
}

/* The (day, unit) that someone other than the week cancelled
 * ([day, unit_id, cancelled_by, epoch, cancel_reason] in @p text). */
static int read_withheld(struct work *w, const char *text)
{
	json_t *e;
	size_t i;

	if (!(w->withheld_json = json_loads(text, 0, NULL)))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable cancelled days");
	if (!(w->withheld = calloc(json_array_size(w->withheld_json) + 1, sizeof(*w->withheld))))
		return oom();
	json_array_foreach(w->withheld_json, i, e) {
		struct withheld *o = &w->withheld[i];

		ptl_day_parse(&o->day, json_string_value(json_array_get(e, 0)));
		o->unit = json_integer_value(json_array_get(e, 1));
		o->by = json_string_value(json_array_get(e, 2));
		o->at = json_integer_value(json_array_get(e, 3));
		o->reason = json_string_value(json_array_get(e, 4));
	}
	w->nwithheld = json_array_size(w->withheld_json);
	return PTL_OK;
}

/* The cancellation that withholds (@p day, @p unit) from the week, or NULL. */
static const struct withheld *withheld_of(const struct work *w, ptl_day day, int64_t unit)
{
	size_t lo = 0, hi = w->nwithheld;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct withheld *m = &w->withheld[mid];

		if (m->day == day && m->unit == unit)
			return m;
		if (m->day < day || (m->day == day && m->unit < unit))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* --- expanding ---------------------------------------------------------------- */

/* The designations and removals of the week over [from, to] as picks;
 * with @p replaces (a week stored), also the removals of the previous
 * bookings outside [from, to]. */
static int expand(struct work *w, ptl_reservation_change_options *picks, ptl_day from,
                  ptl_day to, bool replaces, int64_t now)
{
	ptl_week_options o = PTL_WEEK_OPTIONS_INIT;
	ptl_week_list add = { 0 }, remove = { 0 };
	size_t n = 0;
	int rc;

	/* Every day of the span is "open" to the pure expansion: the change
	 * judges closures, holidays, the enrolment and the notice. */
	o.from = o.period_first = o.enrolment_first = from;
	o.to = o.period_last = o.enrolment_last = to;
	o.opening_weekdays = 127;
	o.slots = w->slots;
	o.slot_count = w->nslots;
	o.now = now;
	o.replaces = replaces;
	if ((rc = ptl_week_reexpand(&add, &remove, &o, w->previous, w->nprevious, NULL)) != PTL_OK)
		return rc;
	if (!(w->add = calloc(add.count + 1, sizeof(*w->add))) ||
	    !(w->remove = calloc(remove.count + 1, sizeof(*w->remove))))
		return oom();
	add.items = w->add;
	add.capacity = add.count;
	remove.items = w->remove;
	remove.capacity = remove.count;
	if ((rc = ptl_week_reexpand(&add, &remove, &o, w->previous, w->nprevious, NULL)) != PTL_OK)
		return rc;
	if (!(w->days = calloc(add.count + remove.count + 1, sizeof(*w->days))) ||
	    !(w->left_out = calloc(add.count + 1, sizeof(*w->left_out))) ||
	    !(w->book = calloc(add.count + 1, sizeof(*w->book))) ||
	    !(w->cancel = calloc(remove.count + 1, sizeof(*w->cancel))))
		return oom();
	for (size_t i = 0; i < remove.count; i++, n++) {
		int unit = ptl__resa_unit_index(&w->u, w->remove[i].unit);

		ptl_day_format(w->days[n], w->remove[i].day);
		w->cancel[picks->cancel_count++] = (ptl_reservation_pick){
			.day = w->days[n], .unit = unit >= 0 ? w->u.units[unit].code : "?" };
	}
	for (size_t i = 0; i < add.count; i++, n++) {
		int unit = ptl__resa_unit_index(&w->u, w->add[i].unit);

		if (unit < 0)
			continue;
		if (withheld_of(w, w->add[i].day, w->add[i].unit)) {
			w->left_out[w->nleft_out++] = i;
			continue;
		}
		ptl_day_format(w->days[n], w->add[i].day);
		w->book[picks->book_count++] = (ptl_reservation_pick){
			.day = w->days[n], .unit = w->u.units[unit].code };
	}
	picks->book = w->book;
	picks->cancel = w->cancel;
	return PTL_OK;
}

/* Why (@p fr, @p en: the caller's to free) the week leaves out a day that
 * @p c cancelled. */
static int left_out_why(char **fr, char **en, const struct withheld *c)
{
	char when[PTL_DAY_FR_SIZE], iso[11];
	ptl_day day = ptl_day_of_instant_paris(c->at);
	int n1, n2;

	ptl_day_format_fr(when, day);
	ptl_day_format(iso, day);
	if (c->by && strcmp(c->by, "parent") == 0) {
		n1 = asprintf(fr, "Annulé par vous le %s", when);
		n2 = asprintf(en, "cancelled by the family on %s", iso);
	} else if (c->by && strcmp(c->by, "closure") == 0) {
		bool why = c->reason && *c->reason;

		n1 = asprintf(fr, "Annulé par le service le %s : accueil fermé ce jour-là%s%s%s",
		              when, why ? " (" : "", why ? c->reason : "", why ? ")" : "");
		n2 = asprintf(en, "cancelled when the day was closed on %s", iso);
	} else {
		n1 = asprintf(fr, "Annulé par le service le %s", when);
		n2 = asprintf(en, "cancelled by the service on %s", iso);
	}
	if (n1 < 0 || n2 < 0) {
		if (n1 >= 0)
			free(*fr);
		if (n2 >= 0)
			free(*en);
		*fr = *en = NULL;
		return oom();
	}
	return PTL_OK;
}

/* Add to @p r, in day order, the days the week left out because someone
 * else had cancelled them: unchanged, "already_cancelled". */
static int add_left_out(ptl_reservation_results *r, const struct work *w)
{
	ptl_reservation_result *all;
	size_t total = r->count + w->nleft_out, a = 0, b = 0;
	int rc = PTL_OK;

	if (w->nleft_out == 0)
		return PTL_OK;
	if (!(all = calloc(total + 1, sizeof(*all))))
		return oom();
	for (size_t k = 0; k < total; k++) {
		const ptl_week_item *it = b < w->nleft_out ? &w->add[w->left_out[b]] : NULL;
		char day[11] = "";

		if (it)
			ptl_day_format(day, it->day);
		if (!it || (a < r->count && strcmp(r->items[a].day, day) <= 0)) {
			all[k] = r->items[a++];
			continue;
		}
		{
			ptl_reservation_result *o = &all[k];
			int unit = ptl__resa_unit_index(&w->u, it->unit);

			b++;
			memcpy(o->day, day, sizeof(o->day));
			o->outcome = PTL_RESERVATION_UNCHANGED;
			o->reason_code = ptl__resa_reason_code(PTL__RESA_ALREADY_CANCELLED);
			o->unit = strdup(w->u.units[unit].code);
			o->unit_label = strdup(w->u.units[unit].label);
			if (rc == PTL_OK && (!o->unit || !o->unit_label))
				rc = oom();
			if (rc == PTL_OK)
				rc = left_out_why(&o->reason_fr, &o->reason_en,
				                  withheld_of(w, it->day, it->unit));
		}
	}
	free(r->items);
	r->items = all;
	r->count = total;
	return rc;
}

/* Store the week: its span and the family's own slots. */
static int store(ptl_db *db, struct run *r, struct work *w, int64_t period_id, ptl_day from,
                 ptl_day to, int64_t now)
{
	struct ptl__num eid = ptl__num(r->enrolment_id), fid = ptl__num(r->fam),
	                pid = ptl__num(period_id), at = ptl__num(now);
	struct ptl__lit wd = { 0 }, units = { 0 }, weeks = { 0 };
	char lo[11], hi[11];
	int rc;

	ptl_day_format(lo, from);
	ptl_day_format(hi, to);
	{
		const char *params[] = { eid.s, fid.s, pid.s, lo, hi, at.s };

		rc = ptl__db_exec(db,
			"WITH w AS (INSERT INTO typical_week (enrolment_id, family_id, period_id, from_day,"
			"                 to_day, updated_at)"
			"     VALUES ($1::bigint, $2::bigint, $3::bigint, $4::date, $5::date,"
			"             to_timestamp($6::bigint))"
			"     ON CONFLICT (enrolment_id) DO UPDATE SET from_day = excluded.from_day,"
			"        to_day = excluded.to_day, updated_at = excluded.updated_at"
			"     RETURNING enrolment_id)"
			" DELETE FROM typical_week_slot s USING w WHERE s.enrolment_id = w.enrolment_id",
			6, params);
	}
	if (rc != PTL_OK || w->nasked == 0)
		return rc;
	for (size_t i = 0; i < w->nasked; i++) {
		ptl__lit_add_int(&wd, w->slots[i].weekday);
		ptl__lit_add_int(&units, w->slots[i].unit);
		ptl__lit_add(&weeks, ptl_typical_week_parity_name(w->slots[i].parity));
	}
	{
		const char *params[] = { eid.s, ptl__lit_end(&wd), ptl__lit_end(&units),
		                         ptl__lit_end(&weeks) };

		rc = params[1] && params[2] && params[3]
		     ? ptl__db_exec(db,
			"INSERT INTO typical_week_slot (enrolment_id, position, weekday, unit_id, weeks)"
			" SELECT $1::bigint, x.n - 1, x.weekday, x.unit_id, x.weeks"
			"   FROM unnest($2::smallint[], $3::bigint[], $4::text[])"
			"        WITH ORDINALITY AS x (weekday, unit_id, weeks, n)", 4, params)
		     : oom();
	}
	ptl__lit_free(&wd);
	ptl__lit_free(&units);
	ptl__lit_free(&weeks);
	return rc;
}

static int week_tx(ptl_db *db, void *arg)
{
	struct run *r = arg;
	struct work w = { 0 };
	ptl_reservation_change_options picks = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	int64_t now = ptl_clock_now(), period_id;
	ptl_day today = ptl_day_of_instant_paris(now), first, last, from, to;
	struct ptl__num eid = ptl__num(r->enrolment_id), fid = ptl__num(r->family_id);
	char lo[11];
	const char *params[] = { eid.s, fid.s, lo };
	PGresult *res;
	int rc;

	ptl_reservation_results_free(r->results);
	r->results = NULL;
	r->skipped_enrolment = false;
	ptl_day_format(lo, today);
	if (!(res = ptl__db_query_prepared(db, load_sql, 3, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__resa_enrolment_row(res, r->enrolment_id)) != PTL_OK) {
		PQclear(res);
		/* The batch leaves out the weeks of enrolments that cannot book. */
		r->skipped_enrolment = rc == PTL_ECONFLICT && !r->in;
		return r->skipped_enrolment ? PTL_OK : rc;
	}
	r->fam = ptl__db_get_int64(res, 0, "family_id");
	period_id = ptl__db_get_int64(res, 0, "period_id");
	ptl_day_parse(&first, ptl__db_get(res, 0, "first_day"));
	ptl_day_parse(&last, ptl__db_get(res, 0, "last_day"));
	from = r->has_from ? r->from : today;
	to = r->has_to ? r->to : last;
	if (!r->in) {  /* the stored week's span, cut to the one asked */
		ptl_day wf, wt;

		ptl_day_parse(&wf, ptl__db_get(res, 0, "week_from"));
		ptl_day_parse(&wt, ptl__db_get(res, 0, "week_to"));
		from = from > wf ? from : wf;
		to = to < wt ? to : wt;
	}
	from = from > today ? from : today;
	from = from > first ? from : first;
	to = to < last ? to : last;

	rc = ptl__resa_units_read(&w.u, ptl__db_get(res, 0, "units"),
	                          ptl__db_get(res, 0, "relations"));
	if (rc == PTL_OK &&
	    !(w.slots = calloc(2 * PTL_TYPICAL_WEEK_MAX_SLOTS * 8 + 1, sizeof(*w.slots))))
		rc = oom();
	if (rc == PTL_OK)
		rc = r->in ? asked_slots(&w, r->in) : stored_slots(&w, ptl__db_get(res, 0, "slots"));
	if (rc == PTL_OK)
		rc = read_previous(&w, ptl__db_get(res, 0, "previous"));
	if (rc == PTL_OK)
		rc = read_withheld(&w, ptl__db_get(res, 0, "withheld"));
	PQclear(res);
	if (rc != PTL_OK)
		goto done;
	if (from > to) {
		if (!r->in) {
			r->skipped_enrolment = true;
			goto done;
		}
		rc = ptl__error_set(PTL_EINVALID, r->has_from ? "from" : "to",
			"Aucun jour à venir de l’inscription dans ces dates.",
			"no day of the enrolment from today on within these dates");
		goto done;
	}
	add_linked(&w);
	/* A week the family stores replaces the previous one on every day
	 * (a span made shorter cancels the bookings it leaves out); the batch
	 * only expands the days it is given. */
	if ((rc = expand(&w, &picks, from, to, r->in != NULL, now)) != PTL_OK)
		goto done;
	if (r->preview && (rc = ptl__db_exec(db, "SAVEPOINT week_preview", 0, NULL)) != PTL_OK)
		goto done;
	if (picks.book_count + picks.cancel_count > 0) {
		struct ptl__resa_as as = {
			.source = "week", .family = true, .family_id = r->family_id,
			.guardian_id = r->guardian_id, .no_late_cancel = true,
		};

		rc = ptl__reservation_change_in(&r->results, NULL, db, r->enrolment_id, &picks, &as);
	} else if (!(r->results = calloc(1, sizeof(*r->results)))) {
		rc = oom();
	}
	if (rc == PTL_OK)
		rc = add_left_out(r->results, &w);
	if (rc == PTL_OK && r->store)
		rc = store(db, r, &w, period_id, from, to, now);
	if (rc == PTL_OK && r->preview)
		rc = ptl__db_exec(db, "ROLLBACK TO SAVEPOINT week_preview", 0, NULL);
done:
	work_free(&w);
	return rc;
}

/* --- the public functions ------------------------------------------------------- */

static int check_day(bool *has, ptl_day *out, const char *text, const char *field)
{
	*has = text && *text;
	if (*has && ptl_day_parse(out, text) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, field, "Date invalide (AAAA-MM-JJ).",
		                      "%s: not a date YYYY-MM-DD", field);
	return PTL_OK;
}

static int check_span(struct run *r, const char *from, const char *to)
{
	int rc;

	if ((rc = check_day(&r->has_from, &r->from, from, "from")) != PTL_OK ||
	    (rc = check_day(&r->has_to, &r->to, to, "to")) != PTL_OK)
		return rc;
	if (r->has_from && r->has_to && r->to < r->from)
		return ptl__error_set(PTL_EINVALID, "to",
			"Le dernier jour ne peut pas précéder le premier.",
			"to: the last day is before the first");
	return PTL_OK;
}

/* What can be checked of @p in without the database. */
static int check_options(struct run *r, const ptl_typical_week_options *in)
{
	if (!in || in->version != PTL_TYPICAL_WEEK_OPTIONS_VERSION)
		return ptl__error_set(PTL_EINVALID, "version", "Version d’options inconnue.",
		                      "unknown typical week options version");
	if (in->slot_count > PTL_TYPICAL_WEEK_MAX_SLOTS || (in->slot_count && !in->slots))
		return ptl__error_set(PTL_EINVALID, "slots",
			"Une semaine type compte au plus 64 créneaux.",
			"slots: at most 64 slots");
	for (size_t i = 0; i < in->slot_count; i++) {
		const ptl_typical_week_slot *s = &in->slots[i];

		if (s->weekday < 1 || s->weekday > 7)
			return slot_error(i, "weekday",
				"Jour de la semaine invalide (1 lundi … 7 dimanche).",
				"a weekday is 1 (Monday) to 7 (Sunday)");
		if (!memchr(s->unit, '\0', sizeof(s->unit)) || !s->unit[0])
			return slot_error(i, "unit", "Unité manquante.", "missing unit code");
		if (!ptl_typical_week_parity_name(s->weeks))
			return slot_error(i, "weeks",
				"Semaines invalides : toutes, paires ou impaires.",
				"weeks are all, even or odd");
	}
	return check_span(r, in->from, in->to);
}

static int run_one(ptl_reservation_results **out, ptl_db *db, struct run *r)
{
	int rc = ptl__db_transaction(db, week_tx, r);

	if (rc == PTL_OK && !r->results && !(r->results = calloc(1, sizeof(*r->results))))
		rc = oom();
	if (rc != PTL_OK) {
		ptl_reservation_results_free(r->results);
		r->results = NULL;
	}
	*out = r->results;
	return rc;
}

int ptl_typical_week_preview(ptl_reservation_results **out, ptl_db *db, int64_t family_id,
                             int64_t enrolment_id, const ptl_typical_week_options *in)
{
	struct run r = { .family_id = family_id, .enrolment_id = enrolment_id, .in = in,
	                 .preview = true };
	int rc;

	*out = NULL;
	if ((rc = check_options(&r, in)) != PTL_OK)
		return rc;
	return run_one(out, db, &r);
}

int ptl_typical_week_set(ptl_reservation_results **out, ptl_db *db, int64_t family_id,
                         int64_t guardian_id, int64_t enrolment_id,
                         const ptl_typical_week_options *in)
{
	struct run r = { .family_id = family_id, .guardian_id = guardian_id,
	                 .enrolment_id = enrolment_id, .in = in, .store = true };
	int rc;

	*out = NULL;
	if ((rc = check_options(&r, in)) != PTL_OK)
		return rc;
	return run_one(out, db, &r);
}

/* --- the batch ------------------------------------------------------------------ */

static void count_reason(ptl_typical_week_summary *s, const char *code, size_t n)
{
	size_t k;

	for (k = 0; k < s->reason_count; k++)
		if (strcmp(s->reasons[k].reason_code, code) == 0)
			break;
	if (k == s->reason_count) {
		if (k == sizeof(s->reasons) / sizeof(s->reasons[0]))
			return;
		s->reasons[s->reason_count++].reason_code = code;
	}
	s->reasons[k].count += n;
}

static void tally(ptl_typical_week_summary *s, const ptl_reservation_results *results)
{
	for (size_t i = 0; i < results->count; i++) {
		const ptl_reservation_result *it = &results->items[i];

		switch (it->outcome) {
		case PTL_RESERVATION_BOOKED: s->booked++; continue;
		case PTL_RESERVATION_PENDING: s->pending++; continue;
		case PTL_RESERVATION_WAITING: s->waiting++; continue;
		case PTL_RESERVATION_CANCELLED: s->cancelled++; continue;
		case PTL_RESERVATION_CANCEL_PENDING: s->cancel_pending++; continue;
		default: break;
		}
		s->skipped++;
		if (it->reason_code)
			count_reason(s, it->reason_code, 1);
	}
}

/* Add @p part (a chunk's) to @p s. */
static void add_summary(ptl_typical_week_summary *s, const ptl_typical_week_summary *part)
{
	s->enrolments += part->enrolments;
	s->not_validated += part->not_validated;
	s->booked += part->booked;
	s->pending += part->pending;
	s->waiting += part->waiting;
	s->cancelled += part->cancelled;
	s->cancel_pending += part->cancel_pending;
	s->skipped += part->skipped;
	for (size_t k = 0; k < part->reason_count; k++)
		count_reason(s, part->reasons[k].reason_code, part->reasons[k].count);
}

static int by_count(const void *a, const void *b)
{
	const ptl_typical_week_reason_count *x = a, *y = b;

	return x->count != y->count ? (x->count < y->count ? 1 : -1)
	                            : strcmp(x->reason_code, y->reason_code);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many enrolments share one transaction of the batch: a commit each
 * would cost more than the enrolment's own statements. */
#define CHUNK 100

/* One transaction of the batch: the enrolments [from, to) of the list. */
struct chunk {
	const struct run *base;
	json_t *list;
	size_t from, to, total;
	const ptl_typical_week_expand_options *options;
	ptl_typical_week_summary part;
	int64_t *families;   /* of the enrolments expanded (part.enrolments) */
};

static int chunk_tx(ptl_db *db, void *arg)
{
	struct chunk *k = arg;
	int rc = PTL_OK;

	memset(&k->part, 0, sizeof(k->part));
	for (size_t i = k->from; i < k->to && rc == PTL_OK; i++) {
		struct run r = *k->base;

		r.enrolment_id = json_integer_value(json_array_get(k->list, i));
		if ((rc = week_tx(db, &r)) == PTL_OK) {
			if (r.skipped_enrolment) {
				k->part.not_validated += r.fam == 0;
			} else {
				k->families[k->part.enrolments++] = r.fam;
				if (r.results)
					tally(&k->part, r.results);
			}
		}
		ptl_reservation_results_free(r.results);
		if (rc == PTL_OK && k->options->progress)
			k->options->progress(k->options->progress_arg, i + 1, k->total);
	}
	return rc;
}

int ptl_typical_week_expand_period(ptl_typical_week_summary *out, ptl_db *db,
                                   const ptl_typical_week_expand_options *options)
{
	struct run base = { 0 };
	json_t *list = NULL;
	int64_t *families = NULL;
	PGresult *res;
	size_t total;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!options || options->version != PTL_TYPICAL_WEEK_EXPAND_OPTIONS_VERSION)
		return ptl__error_set(PTL_EINVALID, "version", "Version d’options inconnue.",
		                      "unknown expand options version");
	if (!options->period || !*options->period)
		return ptl__error_set(PTL_EINVALID, "period", "Période manquante.",
		                      "period: missing period code");
	if ((rc = check_span(&base, options->from, options->to)) != PTL_OK)
		return rc;
	{
		const char *params[] = { options->period };

		res = ptl__db_query(db,
			"SELECT coalesce((SELECT json_agg(w.enrolment_id ORDER BY w.enrolment_id)"
			"                   FROM typical_week w WHERE w.period_id = p.id), '[]')::text"
			"       AS weeks"
			"  FROM period p WHERE p.code = $1", 1, params);
	}
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "period", "Période introuvable.",
		                      "no period %s", options->period);
	}
	list = json_loads(ptl__db_get(res, 0, "weeks"), 0, NULL);
	PQclear(res);
	total = json_array_size(list);
	if (!list || !(families = calloc(total + 1, sizeof(*families)))) {
		json_decref(list);
		return oom();
	}
	for (size_t from = 0; from < total && rc == PTL_OK; from += CHUNK) {
		struct chunk k = { .base = &base, .list = list, .from = from, .total = total,
		                   .to = from + CHUNK < total ? from + CHUNK : total,
		                   .options = options, .families = families + out->enrolments };

		if ((rc = ptl__db_transaction(db, chunk_tx, &k)) == PTL_OK)
			add_summary(out, &k.part);
	}
	qsort(families, out->enrolments, sizeof(*families), by_id);
	for (size_t k = 0; k < out->enrolments; k++)
		out->families += k == 0 || families[k] != families[k - 1];
	qsort(out->reasons, out->reason_count, sizeof(out->reasons[0]), by_count);
	free(families);
	json_decref(list);
	return rc;
}
