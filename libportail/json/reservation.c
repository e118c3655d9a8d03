/*
 * reservation.c — the JSON representations of reservations as the
 * reservation web API gives them (/work/briefs/reservation-api.md is the
 * contract: field names never change): the month calendar of one
 * enrolment and the answer of a change, day by day. Used by the web API
 * and the CLI's --json alike.
 */
#include <portail-json/portail-json.h>

/* Codes of the units at @p indexes ([] when none). */
static json_t *codes(const ptl_catalogue_unit *units, size_t count, const int *indexes,
                     size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		if (indexes[i] >= 0 && (size_t)indexes[i] < count &&
		    json_array_append_new(list, json_string(units[indexes[i]].code)) != 0) {
			json_decref(list);
			list = NULL;
		}
	return list;
}

/* "08:30", or null when not given. */
static json_t *hour(int minutes)
{
	char buf[6];

	if (minutes < 0)
		return json_null();
	snprintf(buf, sizeof(buf), "%02d:%02d", minutes / 60 % 24, minutes % 60);
	return json_string(buf);
}

static json_t *unit(const ptl_reservation_calendar *cal, const ptl_catalogue_unit *u)
{
	int parent = u->depends_on;

	return json_pack("{s:s, s:s, s:o, s:o, s:s?, s:o, s:o}", "code", u->code, "label", u->label,
	                 "starts_at", hour(u->starts_at), "ends_at", hour(u->ends_at),
	                 "depends_on", parent >= 0 && (size_t)parent < cal->unit_count
	                               ? cal->units[parent].code : NULL,
	                 "incompatible_with", codes(cal->units, cal->unit_count, u->incompatible,
	                                            u->incompatible_count),
	                 "linked", codes(cal->units, cal->unit_count, u->linked, u->linked_count));
}

static json_t *day_unit(const ptl_reservation_calendar *cal, const ptl_reservation_day_unit *u)
{
	char label[PTL_INSTANT_FR_SIZE] = "";

	if (u->modifiable && u->modifiable_until)
		ptl_instant_format_fr_short(label, u->modifiable_until);
	return json_pack("{s:s, s:s, s:o, s:i, s:b, s:o, s:s?, s:b, s:s?, s:s?}",
	                 "unit", cal->units[u->unit].code,
	                 "state", ptl_reservation_unit_state_name(u->state),
	                 "rank", u->rank ? json_integer(u->rank) : json_null(),
	                 "places_left", u->places_left, "modifiable", u->modifiable,
	                 "modifiable_until", ptl_json_time(u->modifiable ? u->modifiable_until : 0),
	                 "modifiable_until_label", label[0] ? label : NULL,
	                 "late_cancel_billable", u->late_cancel_billable,
	                 "reason_code", u->reason_code, "reason", u->reason_fr);
}

static json_t *day(const ptl_reservation_calendar *cal, const ptl_reservation_day *d)
{
	json_t *units = json_array();

	for (size_t i = 0; units && i < d->unit_count; i++)
		if (json_array_append_new(units, day_unit(cal, &d->units[i])) != 0) {
			json_decref(units);
			units = NULL;
		}
	return json_pack("{s:s, s:s, s:s?, s:s?, s:o}", "day", d->day,
	                 "state", ptl_reservation_day_state_name(d->state),
	                 "reason_code", d->reason_code, "reason", d->reason_fr, "units", units);
}

json_t *ptl_json_reservation_calendar(const ptl_reservation_calendar *cal, unsigned int flags)
{
	json_t *units = json_array(), *days = json_array();

	(void)flags;
	for (size_t i = 0; units && i < cal->unit_count; i++)
		if (json_array_append_new(units, unit(cal, &cal->units[i])) != 0) {
			json_decref(units);
			units = NULL;
		}
	for (size_t i = 0; days && i < cal->day_count; i++)
		if (json_array_append_new(days, day(cal, &cal->days[i])) != 0) {
			json_decref(days);
			days = NULL;
		}
	return json_pack("{s:{s:I, s:I, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s, s:s},"
	                 " s:s, s:o, s:o}",
	                 "enrolment", "id", (json_int_t)cal->enrolment_id,
	                 "child_id", (json_int_t)cal->child_id, "child_name", cal->child_name,
	                 "period", "code", cal->period_code, "label", cal->period_label,
	                 "group", "code", cal->group_code, "label", cal->group_label,
	                 "first_day", cal->first_day, "last_day", cal->last_day,
	                 "status", cal->status,
	                 "month", cal->month, "units", units, "days", days);
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
