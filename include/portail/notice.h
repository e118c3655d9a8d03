/*
 * notice.h — notice periods (délais de prévenance): until when a reservation
 * of a day may still be made or cancelled.
 *
 * A rule names a deadline day, counted back from the reserved day, and a
 * wall-clock time on it in Europe/Paris; a change is allowed while "now" is
 * strictly before that instant. The forms towns use, and their short text
 * form (what a catalogue file holds; English, lower case, one space apart,
 * times on 24 hours as HH:MM):
 *
 *   "D-2 12:00"                   two calendar days before, before noon
 *                                 ("D-0 00:00": until the day starts);
 *                                 N from 0 to 365
 *   "D-2 working 12:00"           the second working day before (holiday.h:
 *                                 Monday to Friday, public holidays
 *                                 skipped), before noon; N from 1 to 365
 *   "previous wednesday 12:00"    the last Wednesday strictly before the
 *                                 day: for a Wednesday, the one a week
 *                                 before
 *   "previous-week monday 18:00"  Monday of the ISO week (Monday first)
 *                                 before the day's week
 *   "previous-month day 20 12:00" the 20th of the month before the day's;
 *                                 a day the month lacks (31, 30, 29) is its
 *                                 last day
 *
 * The time is read on the Paris clock of the deadline day, summer or winter
 * time alike; a time that day's clock skips (02:30 on the last Sunday of
 * March) is reached when the clock jumps to 03:00, and a time it shows
 * twice (02:30 on the last Sunday of October) at its first occurrence (see
 * ptl_instant_of_paris_wall in date.h).
 *
 * All these functions are pure (no I/O, no clock: "now" is an argument),
 * except that ptl_notice_parse and ptl_notice_deadline describe a refusal
 * in the calling thread's last error (error.h).
 */
#ifndef PORTAIL_NOTICE_H
#define PORTAIL_NOTICE_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/date.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The forms of a notice rule. */
typedef enum ptl_notice_kind {
	PTL_NOTICE_DAYS = 1,         /**< "D-N HH:MM": N calendar days before */
	PTL_NOTICE_WORKING_DAYS = 2, /**< "D-N working HH:MM": N working days before */
	PTL_NOTICE_WEEKDAY = 3,      /**< "previous <weekday> HH:MM" */
	PTL_NOTICE_PREVIOUS_WEEK = 4, /**< "previous-week <weekday> HH:MM" */
	PTL_NOTICE_PREVIOUS_MONTH = 5, /**< "previous-month day N HH:MM" */
} ptl_notice_kind;

/** A notice rule, by value (no allocation). */
typedef struct ptl_notice_rule {
	ptl_notice_kind kind;
	int count;    /**< days (DAYS 0-365, WORKING_DAYS 1-365) or the day
	                   of the month (PREVIOUS_MONTH, 1-31); else 0 */
	int weekday;  /**< ISO weekday 1 (Monday) - 7 (Sunday) for WEEKDAY and
	                   PREVIOUS_WEEK; else 0 */
	int minute;   /**< the time: minutes after midnight, 0-1439 */
} ptl_notice_rule;

/** Room for ptl_notice_format()'s text, its NUL included. */
#define PTL_NOTICE_TEXT_SIZE 40

/** Parse the short text form of a rule (see above), exactly.
 *  @return PTL_OK, or PTL_EINVALID (field "notice", with what is wrong)
 *  leaving @p out untouched. */
int ptl_notice_parse(ptl_notice_rule *out, const char *text);

/** Write the short text form of @p rule into @p buf: what
 *  ptl_notice_parse() reads back as the same rule ("" for an invalid
 *  rule). */
void ptl_notice_format(char buf[PTL_NOTICE_TEXT_SIZE], const ptl_notice_rule *rule);

/** The deadline for a change of day @p day: the instant (seconds since the
 *  epoch, UTC) from which @p rule no longer allows it. @p holidays is the
 *  period's holiday flags (holiday.h: 0 or PTL_HOLIDAY_ALSACE_MOSELLE), used
 *  to count working days. @return PTL_OK, or PTL_EINVALID for a rule out of
 *  range or a day outside years 1900-9999 (@p out untouched). */
int ptl_notice_deadline(int64_t *out, const ptl_notice_rule *rule, ptl_day day,
                        unsigned int holidays);

/** True when a change of day @p day made at instant @p now is still allowed
 *  by @p rule: @p now is strictly before the deadline. False for an invalid
 *  rule. */
bool ptl_notice_allows(const ptl_notice_rule *rule, ptl_day day, unsigned int holidays,
                       int64_t now);

#ifdef __cplusplus
}
#endif
#endif
