/*
 * typical-week.c — the JSON representations of a typical week (semaine
 * type) as the reservation web API gives them (reservation-api.md, the
 * contract): the stored week and the preview of a week. Used by the web
 * API and the CLI's --json alike.
 */
#include <portail-json/portail-json.h>

json_t *ptl_json_typical_week(const ptl_typical_week *w, unsigned int flags)
{
	json_t *slots = json_array();

	(void)flags;
	for (size_t i = 0; slots && i < w->slot_count; i++) {
		const ptl_typical_week_slot *s = &w->slots[i];

		if (json_array_append_new(slots, json_pack("{s:i, s:s, s:s}", "weekday", s->weekday,
		                                           "unit", s->unit, "weeks",
		                                           ptl_typical_week_parity_name(s->weeks))) != 0) {
			json_decref(slots);
			slots = NULL;
		}
	}
	return json_pack("{s:o, s:s?, s:s?}", "slots", slots, "from", w->from[0] ? w->from : NULL,
	                 "to", w->to[0] ? w->to : NULL);
}

/* Which list of the preview an item goes to: 0 book, 1 cancel, 2 skipped. */
static int list_of(const ptl_reservation_result *it)
{
	switch (it->outcome) {
	case PTL_RESERVATION_BOOKED:
	case PTL_RESERVATION_PENDING:
	case PTL_RESERVATION_WAITING:
		return 0;
	case PTL_RESERVATION_CANCELLED:
	case PTL_RESERVATION_CANCEL_PENDING:
		return 1;
	default:
		return 2;
	}
}

json_t *ptl_json_typical_week_preview(const ptl_reservation_results *r, unsigned int flags)
{
	json_t *lists[3] = { json_array(), json_array(), json_array() };

	(void)flags;
	for (size_t i = 0; i < r->count; i++) {
		const ptl_reservation_result *it = &r->items[i];
		int which = list_of(it);
		json_t *item;

		if (which == 0)
			item = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?, s:s?}", "day", it->day,
			                 "unit", it->unit, "unit_label", it->unit_label,
			                 "outcome", ptl_reservation_outcome_name(it->outcome),
			                 "rank", it->rank ? json_integer(it->rank) : json_null(),
			                 "reason_code", it->reason_code, "reason", it->reason_fr);
		else if (which == 1)
			item = json_pack("{s:s, s:s, s:s, s:s, s:b}", "day", it->day, "unit", it->unit,
			                 "unit_label", it->unit_label,
			                 "outcome", ptl_reservation_outcome_name(it->outcome),
			                 "billable", it->billable);
		else
			item = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?}", "day", it->day,
			                 "unit", it->unit, "unit_label", it->unit_label,
			                 "action", it->cancel ? "cancel" : "book",
			                 "reason_code", it->reason_code, "reason", it->reason_fr);
		if (!lists[which]) {
			json_decref(item);
		} else if (json_array_append_new(lists[which], item) != 0) {
			json_decref(lists[which]);
			lists[which] = NULL;
		}
	}
	return json_pack("{s:o, s:o, s:o}", "book", lists[0], "cancel", lists[1],
	                 "skipped", lists[2]);
}

json_t *ptl_json_typical_week_summary(const ptl_typical_week_summary *s, unsigned int flags)
{
	json_t *reasons = json_object();

	(void)flags;
	for (size_t i = 0; reasons && i < s->reason_count; i++)
		if (json_object_set_new(reasons, s->reasons[i].reason_code,
		                        json_integer((json_int_t)s->reasons[i].count)) != 0) {
			json_decref(reasons);
			reasons = NULL;
		}
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
	                 "families", (json_int_t)s->families, "enrolments", (json_int_t)s->enrolments,
	                 "not_validated", (json_int_t)s->not_validated,
	                 "booked", (json_int_t)s->booked, "pending", (json_int_t)s->pending,
	                 "waiting", (json_int_t)s->waiting, "cancelled", (json_int_t)s->cancelled,
	                 "cancel_pending", (json_int_t)s->cancel_pending,
	                 "skipped", (json_int_t)s->skipped, "skipped_by_reason", reasons);
}
