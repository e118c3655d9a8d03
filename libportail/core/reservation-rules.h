/*
 * core/reservation-rules.h — the pure rules of reservations: a period's
 * reservation rules (the catalogue's reservation_rules object, read by
 * reservation-rules.c), what a day of a period is (open, outside, closed,
 * holiday), whether a change of a day is still allowed at an instant
 * (booking window, modification options, notice periods), and the reasons
 * with their stable codes and French and English sentences.
 * No I/O, no clock ("now" is an argument), no allocation.
 */
#ifndef PORTAIL_CORE_RESERVATION_RULES_H
#define PORTAIL_CORE_RESERVATION_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/date.h>
#include <portail/notice.h>

/** What a period allows for one kind of change (booking or cancelling). */
struct ptl__resa_change_rule {
	bool allowed;          /* online at all */
	bool validation;       /* waits for the manager (a request in the queue) */
	bool has_notice;
	ptl_notice_rule notice;  /* délai de prévenance */
};

/** The most school holiday spans a period's rules list. */
#define PTL__RESA_MAX_SCHOOL_HOLIDAYS 24

/** Which days of a period families book online. */
enum ptl__resa_online_days {
	PTL__RESA_DAYS_ALL = 0,     /* every open day */
	PTL__RESA_DAYS_SCHOOL,      /* school days only: not in the school holidays */
	PTL__RESA_DAYS_HOLIDAYS,    /* the school holidays only */
};

/** A period's reservation rules. The default (an empty object): booking
 *  and cancelling allowed at once, no notice, no window, national
 *  holidays. */
struct ptl__resa_rules {
	unsigned int holidays;   /* holiday.h flags */
	struct ptl__resa_change_rule booking, cancelling;
	bool late_cancel_billable;  /* past the cancelling notice: allowed, billed */
	bool has_opens;             /* online booking opens on this day... */
	ptl_day opens;
	bool has_residents_open;    /* ...and on this earlier day for residents */
	ptl_day residents_open;
	bool has_read_only_from;    /* from this day on, nothing changes online */
	ptl_day read_only_from;
	bool has_debt_threshold;    /* booking blocked above this balance */
	int64_t debt_threshold_cents;
	enum ptl__resa_online_days online_days;  /* which days book online */
	unsigned int school_holiday_count;       /* the zone's school holidays */
	struct { ptl_day first, last; } school_holidays[PTL__RESA_MAX_SCHOOL_HOLIDAYS];
};

/** The default rules (see above). */
void ptl__resa_rules_default(struct ptl__resa_rules *out);

/** Why a day or a change is refused (0: it is not). The order is the
 *  contract's table (reservation-api.md). */
enum ptl__resa_reason {
	PTL__RESA_OK = 0,
	PTL__RESA_OUTSIDE_PERIOD,
	PTL__RESA_OUTSIDE_ENROLMENT,
	PTL__RESA_WEEKDAY_CLOSED,
	PTL__RESA_CLOSED,
	PTL__RESA_HOLIDAY,
	PTL__RESA_WINDOW_NOT_OPEN,
	PTL__RESA_WINDOW_CLOSED,
	PTL__RESA_NOTICE,
	PTL__RESA_BOOKING_NOT_ALLOWED,
	PTL__RESA_CANCELLING_NOT_ALLOWED,
	PTL__RESA_INCOMPATIBLE,
	PTL__RESA_WITHOUT_PARENT,
	PTL__RESA_ALREADY_BOOKED,
	PTL__RESA_NOT_BOOKED,
	PTL__RESA_UNKNOWN_UNIT,
	PTL__RESA_FULL,
	PTL__RESA_DEBT,
	PTL__RESA_SCHOOL_DAYS_ONLY,
	PTL__RESA_HOLIDAYS_ONLY,
	PTL__RESA_ALREADY_CANCELLED,  /* the typical week: cancelled by someone else */
	PTL__RESA_REASON_COUNT
};

/** The stable code ("holiday"), the French and the English sentence of a
 *  reason (static strings; NULL for PTL__RESA_OK or out of range). */
const char *ptl__resa_reason_code(enum ptl__resa_reason reason);
const char *ptl__resa_reason_fr(enum ptl__resa_reason reason);
const char *ptl__resa_reason_en(enum ptl__resa_reason reason);

/** What the calendar knows of a period and an enrolment. */
struct ptl__resa_span {
	ptl_day period_first, period_last;
	ptl_day enrolment_first, enrolment_last;
	unsigned int opening_weekdays;  /* bit 0 Monday ... bit 6 Sunday */
};

/** What day @p day is for the enrolment: PTL__RESA_OK (open),
 *  OUTSIDE_PERIOD, OUTSIDE_ENROLMENT, WEEKDAY_CLOSED, CLOSED (when
 *  @p closure, a closure day of the period) or HOLIDAY (a public holiday
 *  under @p rules->holidays), checked in that order. */
enum ptl__resa_reason ptl__resa_day_state(const struct ptl__resa_span *span,
                                          const struct ptl__resa_rules *rules, ptl_day day,
                                          bool closure);

/** Whether @p day is in one of the school holidays of @p rules. */
bool ptl__resa_school_holiday(const struct ptl__resa_rules *rules, ptl_day day);

/** Whether a change of open day @p day (@p cancel: a cancellation, else a
 *  booking) asked at instant @p now, by a family that is a resident or
 *  not, is allowed: PTL__RESA_OK, or BOOKING_NOT_ALLOWED /
 *  CANCELLING_NOT_ALLOWED, WINDOW_CLOSED, SCHOOL_DAYS_ONLY / HOLIDAYS_ONLY
 *  (a booking of a day the period does not book online), WINDOW_NOT_OPEN,
 *  NOTICE, checked in that order.
 *  @p deadline receives the instant from which the notice refuses it
 *  (INT64_MAX without a notice). @p billable is set for a cancellation past
 *  its notice that the period allows late and bills (then the result is
 *  PTL__RESA_OK). */
enum ptl__resa_reason ptl__resa_change_allowed(int64_t *deadline, bool *billable,
                                               const struct ptl__resa_rules *rules, bool cancel,
                                               ptl_day day, int64_t now, bool resident);

/** Whether a family whose balance is @p balance_cents (positive: owed)
 *  may not book under @p rules: the period sets a debt threshold, the
 *  balance is above it and the manager set no @p override for the family. */
bool ptl__resa_debt_blocks(const struct ptl__resa_rules *rules, int64_t balance_cents,
                           bool override);

#endif
