/*
 * week.h — the typical week (semaine type), expanded into reservations.
 *
 * A typical week says, for some weekdays, which units a child comes for:
 * every week, or only in even or only in odd ISO weeks (date.h,
 * ptl_day_iso_week; mind that week 53 and the next year's week 1 are both
 * odd). Expanding it over a span of days lists, day by day, each (day,
 * unit) it designates and what becomes of it: booked, or skipped with the
 * reason. Capacity and the waiting list are not decided here: the database
 * decides them when the bookings are made.
 *
 * A designated (day, unit) is, in this order of precedence:
 *  1. PTL_WEEK_OUTSIDE_ENROLMENT  the day is outside the child's enrolment;
 *  2. PTL_WEEK_CLOSED             outside the period, or not one of its
 *                                 opening weekdays;
 *  3. PTL_WEEK_HOLIDAY            a public holiday (holiday.h);
 *  4. PTL_WEEK_CLOSED             one of the period's closure days;
 *  5. PTL_WEEK_ALREADY_BOOKED     booked already (expanding twice books
 *                                 nothing twice);
 *  6. PTL_WEEK_PAST_NOTICE        the booking notice (notice.h) has passed
 *                                 at "now";
 *  7. PTL_WEEK_BOOK               otherwise: to book.
 *
 * Changing a typical week and expanding again (ptl_week_reexpand) books
 * what the new week designates and is not booked, and cancels what the
 * previous week booked that the new one no longer designates, each within
 * its notice period; the rest stays as it is. When the new week replaces
 * the previous one (option replaces), a previous booking outside the span
 * is no longer designated either (a span made shorter); otherwise only the
 * span is expanded and the bookings outside it are left alone.
 *
 * Lists are written into arrays the caller provides (ptl_week_list), in
 * day order, then in the order of the slots; nothing is allocated. These
 * functions are pure (no I/O, no clock: "now" is an option); a refused
 * input is described in the calling thread's last error (error.h).
 */
#ifndef PORTAIL_WEEK_H
#define PORTAIL_WEEK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/date.h>
#include <portail/notice.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Which ISO weeks a slot of the typical week applies to. */
typedef enum ptl_week_parity {
	PTL_WEEK_EVERY = 0, /**< every week */
	PTL_WEEK_EVEN = 1,  /**< weeks 2, 4, ... 52 */
	PTL_WEEK_ODD = 2,   /**< weeks 1, 3, ... 53 */
} ptl_week_parity;

/** One unit on one weekday of the typical week. */
typedef struct ptl_week_slot {
	int weekday;            /**< ISO weekday, 1 (Monday) - 7 (Sunday) */
	int64_t unit;           /**< the unit's id */
	ptl_week_parity parity;
} ptl_week_slot;

/** One unit booked on one day. */
typedef struct ptl_week_booking {
	ptl_day day;
	int64_t unit;
} ptl_week_booking;

/** What becomes of a (day, unit). Values never renumbered. */
typedef enum ptl_week_outcome {
	PTL_WEEK_BOOK = 0,              /**< to book */
	PTL_WEEK_CANCEL = 1,            /**< to cancel (ptl_week_reexpand) */
	PTL_WEEK_OUTSIDE_ENROLMENT = 2, /**< skipped: outside the enrolment */
	PTL_WEEK_CLOSED = 3,            /**< skipped: closed that day */
	PTL_WEEK_HOLIDAY = 4,           /**< skipped: public holiday */
	PTL_WEEK_ALREADY_BOOKED = 5,    /**< skipped: booked already */
	PTL_WEEK_PAST_NOTICE = 6,       /**< skipped: past the notice period */
} ptl_week_outcome;

/** One (day, unit) and what becomes of it. */
typedef struct ptl_week_item {
	ptl_day day;
	int64_t unit;
	ptl_week_outcome outcome;
} ptl_week_item;

/** A list written by the library into the caller's array: set @p items
 *  and @p capacity; the library sets @p count to how many items the list
 *  has, writing the first @p capacity of them (as snprintf does: a count
 *  above the capacity means a larger array is needed). */
typedef struct ptl_week_list {
	ptl_week_item *items;
	size_t capacity;
	size_t count;
} ptl_week_list;

/** The input of an expansion. Arrays are borrowed for the call. */
typedef struct ptl_week_options {
	unsigned int version;
	ptl_day from, to;                 /**< the span to expand (inclusive) */
	ptl_day period_first, period_last; /**< the period's days (inclusive) */
	unsigned int opening_weekdays;    /**< bit 0 Monday ... bit 6 Sunday, as
	                                       period.opening_weekdays */
	const ptl_day *closures;          /**< closure days, ascending */
	size_t closure_count;
	unsigned int holidays;            /**< holiday.h flags: 0 or
	                                       PTL_HOLIDAY_ALSACE_MOSELLE */
	ptl_day enrolment_first, enrolment_last; /**< the enrolment (inclusive) */
	const ptl_week_slot *slots;       /**< the typical week; a (weekday,
	                                       unit) at most once per parity,
	                                       and not both every week and even
	                                       or odd */
	size_t slot_count;
	const ptl_week_booking *booked;   /**< the child's bookings in the span
	                                       (any origin), ascending by day then
	                                       unit */
	size_t booked_count;
	const ptl_notice_rule *notice;    /**< the booking notice; NULL: until
	                                       the day starts ("D-0 00:00") */
	int64_t now;                      /**< the instant of the expansion */
	/* Version 2. */
	bool replaces;                    /**< ptl_week_reexpand(): the new week
	                                       replaces the previous one on every
	                                       day, so a previous booking outside
	                                       the span is to cancel too; false
	                                       (and version 1): only the span is
	                                       expanded, those outside it are left
	                                       alone */
} ptl_week_options;

#define PTL_WEEK_OPTIONS_VERSION 2
#define PTL_WEEK_OPTIONS_INIT { .version = PTL_WEEK_OPTIONS_VERSION }

/** Expand the typical week of @p options into @p out: every (day, unit) it
 *  designates in the span, with its outcome. @return PTL_OK, or
 *  PTL_EINVALID (the field: "out" for a list without room, "version",
 *  "to", "opening_weekdays", "closures", "slots", "booked" or "notice")
 *  with @p out->count 0. */
int ptl_week_expand(ptl_week_list *out, const ptl_week_options *options);

/** Expand a changed typical week (@p options holds the new one) against
 *  @p previous, the bookings the previous typical week made that still
 *  stand (ascending by day then unit; those outside the span are left
 *  alone, unless @p options->replaces). @p add receives the expansion of the new week, as
 *  ptl_week_expand() (the previous bookings it still designates come out
 *  PTL_WEEK_ALREADY_BOOKED when they are in @p options->booked, as they
 *  should be). @p remove receives each previous booking in the span that the
 *  new week no longer designates (with @p options->replaces, each one
 *  outside the span too): PTL_WEEK_CANCEL when @p cancel_notice
 *  (NULL: until the day starts) still allows it at @p options->now,
 *  PTL_WEEK_PAST_NOTICE when it is kept because it is too late.
 *  @return as ptl_week_expand() (field "previous" too), both counts 0 on
 *  failure. */
int ptl_week_reexpand(ptl_week_list *add, ptl_week_list *remove, const ptl_week_options *options,
                      const ptl_week_booking *previous, size_t previous_count,
                      const ptl_notice_rule *cancel_notice);

/** The French words for an outcome, for the pages and messages
 *  ("à réserver", "fermé", "jour férié", "déjà réservé", "délai de
 *  prévenance dépassé"...); NULL for an unknown value. Static. */
const char *ptl_week_outcome_fr(ptl_week_outcome outcome);

/** A stable English name for an outcome ("book", "cancel",
 *  "outside_enrolment", "closed", "holiday", "already_booked",
 *  "past_notice"), for JSON and CSV; NULL for an unknown value. Static. */
const char *ptl_week_outcome_name(ptl_week_outcome outcome);

#ifdef __cplusplus
}
#endif
#endif
