/*
 * core/reservation-rules.c — the pure rules of reservations (see
 * core/reservation-rules.h). The public holidays come from holiday.c (Code
 * du travail, articles L3133-1 and L3134-13), the notice deadlines from
 * notice.c; "today" is the Paris calendar day of "now".
 */
#include <stddef.h>

#include <portail/holiday.h>

#include "core/notice.h"
#include "core/reservation-rules.h"

void ptl__resa_rules_default(struct ptl__resa_rules *out)
{
	*out = (struct ptl__resa_rules){
		.holidays = PTL_HOLIDAY_NATIONAL,
		.booking = { .allowed = true },
		.cancelling = { .allowed = true },
	};
}

static const struct {
	const char *code, *fr, *en;
} reasons[PTL__RESA_REASON_COUNT] = {
	[PTL__RESA_OUTSIDE_PERIOD] = { "outside_period", "Ce jour n’est pas dans la période",
	                               "the day is not in the period" },
	[PTL__RESA_OUTSIDE_ENROLMENT] = { "outside_enrolment", "Ce jour n’est pas dans l’inscription",
	                                  "the day is not in the enrolment" },
	[PTL__RESA_WEEKDAY_CLOSED] = { "weekday_closed", "L’accueil n’ouvre pas ce jour de la semaine",
	                               "the period does not open on that weekday" },
	[PTL__RESA_CLOSED] = { "closed", "Fermé", "closed" },
	[PTL__RESA_HOLIDAY] = { "holiday", "Jour férié", "public holiday" },
	[PTL__RESA_WINDOW_NOT_OPEN] = { "window_not_open", "Les réservations ne sont pas encore ouvertes",
	                                "online booking is not open yet" },
	[PTL__RESA_WINDOW_CLOSED] = { "window_closed", "Les réservations sont closes",
	                              "online booking is closed" },
	[PTL__RESA_NOTICE] = { "notice", "Le délai de prévenance est dépassé",
	                       "past the notice period" },
	[PTL__RESA_BOOKING_NOT_ALLOWED] = { "booking_not_allowed",
	                                    "Cette période ne se réserve pas en ligne",
	                                    "the period does not allow booking online" },
	[PTL__RESA_CANCELLING_NOT_ALLOWED] = { "cancelling_not_allowed",
	                                       "Cette période ne s’annule pas en ligne",
	                                       "the period does not allow cancelling online" },
	[PTL__RESA_INCOMPATIBLE] = { "incompatible",
	                             "Incompatible avec une autre unité du même jour",
	                             "incompatible with another unit of the day" },
	[PTL__RESA_WITHOUT_PARENT] = { "without_parent",
	                               "Se réserve seulement avec l’unité dont elle dépend",
	                               "only booked with the unit it depends on" },
	[PTL__RESA_ALREADY_BOOKED] = { "already_booked", "Déjà réservé", "already booked" },
	[PTL__RESA_NOT_BOOKED] = { "not_booked", "Pas de réservation à annuler", "nothing to cancel" },
	[PTL__RESA_UNKNOWN_UNIT] = { "unknown_unit", "Cette unité n’existe pas pour cette période",
	                             "not a unit of the period" },
	[PTL__RESA_FULL] = { "full", "Complet : inscrit sur la liste d’attente",
	                     "full: on the waiting list" },
	[PTL__RESA_SCHOOL_DAYS_ONLY] = { "school_days_only",
	                                 "Réservation en ligne les jours d’école seulement",
	                                 "online booking on school days only" },
	[PTL__RESA_HOLIDAYS_ONLY] = { "holidays_only",
	                              "Réservation en ligne pendant les vacances scolaires seulement",
	                              "online booking during the school holidays only" },
	[PTL__RESA_DEBT] = { "debt",
	                     "Les réservations en ligne sont suspendues : merci de contacter le service",
	                     "booking is blocked: the family's balance is above the period's debt"
	                     " threshold" },
	[PTL__RESA_ALREADY_CANCELLED] = { "already_cancelled", "Annulé",
	                                  "cancelled, not by the typical week" },
};

const char *ptl__resa_reason_code(enum ptl__resa_reason r)
{
	return r > 0 && r < PTL__RESA_REASON_COUNT ? reasons[r].code : NULL;
}

const char *ptl__resa_reason_fr(enum ptl__resa_reason r)
{
	return r > 0 && r < PTL__RESA_REASON_COUNT ? reasons[r].fr : NULL;
}

const char *ptl__resa_reason_en(enum ptl__resa_reason r)
{
	return r > 0 && r < PTL__RESA_REASON_COUNT ? reasons[r].en : NULL;
}

enum ptl__resa_reason ptl__resa_day_state(const struct ptl__resa_span *span,
                                          const struct ptl__resa_rules *rules, ptl_day day,
                                          bool closure)
{
	if (day < span->period_first || day > span->period_last)
		return PTL__RESA_OUTSIDE_PERIOD;
	if (day < span->enrolment_first || day > span->enrolment_last)
		return PTL__RESA_OUTSIDE_ENROLMENT;
	if (!(span->opening_weekdays & (1u << (ptl_day_weekday(day) - 1))))
		return PTL__RESA_WEEKDAY_CLOSED;
	if (closure)
		return PTL__RESA_CLOSED;
	if (ptl_holiday_is(day, rules->holidays))
		return PTL__RESA_HOLIDAY;
	return PTL__RESA_OK;
}

bool ptl__resa_school_holiday(const struct ptl__resa_rules *rules, ptl_day day)
{
	for (unsigned int i = 0; i < rules->school_holiday_count; i++)
		if (day >= rules->school_holidays[i].first && day <= rules->school_holidays[i].last)
			return true;
	return false;
}

enum ptl__resa_reason ptl__resa_change_allowed(int64_t *deadline, bool *billable,
                                               const struct ptl__resa_rules *rules, bool cancel,
                                               ptl_day day, int64_t now, bool resident)
{
	const struct ptl__resa_change_rule *rule = cancel ? &rules->cancelling : &rules->booking;
	ptl_day today = ptl_day_of_instant_paris(now);

	*deadline = INT64_MAX;
	*billable = false;
	if (!rule->allowed)
		return cancel ? PTL__RESA_CANCELLING_NOT_ALLOWED : PTL__RESA_BOOKING_NOT_ALLOWED;
	if (rules->has_read_only_from && today >= rules->read_only_from)
		return PTL__RESA_WINDOW_CLOSED;
	if (!cancel && rules->online_days != PTL__RESA_DAYS_ALL &&
	    (rules->online_days == PTL__RESA_DAYS_SCHOOL) == ptl__resa_school_holiday(rules, day))
		return rules->online_days == PTL__RESA_DAYS_SCHOOL ? PTL__RESA_SCHOOL_DAYS_ONLY
		                                                   : PTL__RESA_HOLIDAYS_ONLY;
	if (!cancel && rules->has_opens) {
		ptl_day opens = rules->opens;

		if (resident && rules->has_residents_open && rules->residents_open < opens)
			opens = rules->residents_open;
		if (today < opens)
			return PTL__RESA_WINDOW_NOT_OPEN;
	}
	if (rule->has_notice && ptl__notice_deadline(deadline, &rule->notice, day, rules->holidays))
		*deadline = INT64_MIN;  /* a day out of range: never */
	if (now < *deadline)
		return PTL__RESA_OK;
	if (cancel && rules->late_cancel_billable) {
		*billable = true;
		return PTL__RESA_OK;
	}
	return PTL__RESA_NOTICE;
}

bool ptl__resa_debt_blocks(const struct ptl__resa_rules *rules, int64_t balance_cents,
                           bool override)
{
	return rules->has_debt_threshold && !override &&
	       balance_cents > rules->debt_threshold_cents;
}
