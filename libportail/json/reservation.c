/*
 * reservation.c — the JSON representations of reservations as the
 * reservation web API gives them (/work/briefs/reservation-api.md is the
 * contract: field names never change): the month calendar of one
 * enrolment and the answer of a change, day by day. Used by the web API
 * and the CLI's --json alike.
 */
#include <portail-json/portail-json.h>

#include "writer.h"

/* Codes of the units at @p indexes, as member @p key. */
static void codes(struct ptl__jw *w, const char *key, const ptl_catalogue_unit *units,
                  size_t count, const int *indexes, size_t n)
{
	ptl__jw_open(w, key, '[');
	for (size_t i = 0; i < n; i++)
		if (indexes[i] >= 0 && (size_t)indexes[i] < count)
			ptl__jw_string(w, NULL, units[indexes[i]].code);
	ptl__jw_close(w, ']');
}

/* "08:30", or null when not given. */
static void hour(struct ptl__jw *w, const char *key, int minutes)
{
	char buf[6];

	if (minutes < 0) {
		ptl__jw_null(w, key);
		return;
	}
	snprintf(buf, sizeof(buf), "%02d:%02d", minutes / 60 % 24, minutes % 60);
	ptl__jw_string(w, key, buf);
}

static void unit(struct ptl__jw *w, const ptl_reservation_calendar *cal,
                 const ptl_catalogue_unit *u)
{
	int parent = u->depends_on;

	ptl__jw_open(w, NULL, '{');
	ptl__jw_string(w, "code", u->code);
	ptl__jw_string(w, "label", u->label);
	hour(w, "starts_at", u->starts_at);
	hour(w, "ends_at", u->ends_at);
	ptl__jw_string(w, "depends_on", parent >= 0 && (size_t)parent < cal->unit_count
	                                ? cal->units[parent].code : NULL);
	codes(w, "incompatible_with", cal->units, cal->unit_count, u->incompatible,
	      u->incompatible_count);
	codes(w, "linked", cal->units, cal->unit_count, u->linked, u->linked_count);
	ptl__jw_close(w, '}');
}

static void day_unit(struct ptl__jw *w, const ptl_reservation_calendar *cal,
                     const ptl_reservation_day_unit *u)
{
	char label[PTL_INSTANT_FR_SIZE] = "";

	if (u->modifiable && u->modifiable_until)
		ptl_instant_format_fr_short(label, u->modifiable_until);
	ptl__jw_open(w, NULL, '{');
	ptl__jw_string(w, "unit", cal->units[u->unit].code);
	ptl__jw_string(w, "state", ptl_reservation_unit_state_name(u->state));
	ptl__jw_int_or_null(w, "rank", u->rank);
	ptl__jw_int(w, "places_left", u->places_left);
	ptl__jw_bool(w, "modifiable", u->modifiable);
	ptl__jw_time(w, "modifiable_until", u->modifiable ? u->modifiable_until : 0);
	ptl__jw_string(w, "modifiable_until_label", label[0] ? label : NULL);
	ptl__jw_bool(w, "late_cancel_billable", u->late_cancel_billable);
	ptl__jw_string(w, "reason_code", u->reason_code);
	ptl__jw_string(w, "reason", u->reason_fr);
	ptl__jw_close(w, '}');
}

static void day(struct ptl__jw *w, const ptl_reservation_calendar *cal,
                const ptl_reservation_day *d)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_string(w, "day", d->day);
	ptl__jw_string(w, "state", ptl_reservation_day_state_name(d->state));
	ptl__jw_string(w, "reason_code", d->reason_code);
	ptl__jw_string(w, "reason", d->reason_fr);
	ptl__jw_open(w, "units", '[');
	for (size_t i = 0; i < d->unit_count; i++)
		day_unit(w, cal, &d->units[i]);
	ptl__jw_close(w, ']');
	ptl__jw_close(w, '}');
}

/* The calendar, written once: the text is what the web API sends, the
 * json_t form its parse. */
static void calendar(struct ptl__jw *w, const ptl_reservation_calendar *cal)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_open(w, "enrolment", '{');
	ptl__jw_int(w, "id", cal->enrolment_id);
	ptl__jw_int(w, "child_id", cal->child_id);
	ptl__jw_string(w, "child_name", cal->child_name);
	ptl__jw_open(w, "period", '{');
	ptl__jw_string(w, "code", cal->period_code);
	ptl__jw_string(w, "label", cal->period_label);
	ptl__jw_close(w, '}');
	ptl__jw_open(w, "group", '{');
	ptl__jw_string(w, "code", cal->group_code);
	ptl__jw_string(w, "label", cal->group_label);
	ptl__jw_close(w, '}');
	ptl__jw_string(w, "first_day", cal->first_day);
	ptl__jw_string(w, "last_day", cal->last_day);
	ptl__jw_string(w, "status", cal->status);
	ptl__jw_close(w, '}');
	ptl__jw_string(w, "month", cal->month);
	ptl__jw_open(w, "units", '[');
	for (size_t i = 0; i < cal->unit_count; i++)
		unit(w, cal, &cal->units[i]);
	ptl__jw_close(w, ']');
	ptl__jw_open(w, "days", '[');
	for (size_t i = 0; i < cal->day_count; i++)
		day(w, cal, &cal->days[i]);
	ptl__jw_close(w, ']');
	ptl__jw_close(w, '}');
}

char *ptl_json_reservation_calendar_text(const ptl_reservation_calendar *cal,
                                         unsigned int flags)
{
	struct ptl__jw w = { 0 };

	(void)flags;
	calendar(&w, cal);
	return ptl__jw_finish(&w);
}

json_t *ptl_json_reservation_calendar(const ptl_reservation_calendar *cal, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	(void)flags;
	calendar(&w, cal);
	return ptl__jw_finish_json(&w);
}

json_t *ptl_json_reservation_results(const ptl_reservation_results *r, unsigned int flags)
{
	json_t *results = json_array();

	for (size_t i = 0; results && i < r->count; i++) {
		const ptl_reservation_result *it = &r->items[i];
		json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s?, s:s?, s:s?, s:s?}",
			"day", it->day, "unit", it->unit, "unit_label", it->unit_label,
			"action", it->cancel ? "cancel" : "book",
			"outcome", ptl_reservation_outcome_name(it->outcome),
			"rank", it->rank ? json_integer(it->rank) : json_null(),
			"billable", it->billable,
			"added", it->added == PTL_RESERVATION_LINKED ? "linked"
			         : it->added == PTL_RESERVATION_DEPENDENT ? "dependent" : NULL,
			"reason_code", it->reason_code, "reason", it->reason_fr,
			"reason_en", it->reason_en);

		if (json_array_append_new(results, item) != 0) {
			json_decref(results);
			results = NULL;
		}
	}
	return json_pack("{s:o, s:o}", "results", results,
	                 "request", r->request ? ptl_json_request(r->request, flags) : json_null());
}

json_t *ptl_json_reservation(const ptl_reservation *r, unsigned int flags)
{
	(void)flags;
	return json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s}",
	                 "id", (json_int_t)r->id, "day", r->day,
	                 "enrolment_id", (json_int_t)r->enrolment_id,
	                 "family_id", (json_int_t)r->family_id, "child_id", (json_int_t)r->child_id,
	                 "child_name", r->child_name, "period", r->period, "group", r->group,
	                 "unit", r->unit, "status", r->status,
	                 "rank", r->rank ? json_integer(r->rank) : json_null(),
	                 "billable", r->billable, "source", r->source);
}
