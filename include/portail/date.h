/*
 * date.h — calendar days.
 *
 * A day is a calendar date with no time zone, held as a day number: the
 * count of days since 1970-01-01 (day 0), in the proleptic Gregorian
 * calendar. Text ("YYYY-MM-DD") appears only at the edges.
 * These functions are pure: no I/O, no clock.
 */
#ifndef PORTAIL_DATE_H
#define PORTAIL_DATE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t ptl_day;

/** True for a leap year of the Gregorian calendar. */
bool ptl_is_leap_year(int year);

/** Days in @p month (1-12) of @p year; 0 for a month out of range. */
int ptl_days_in_month(int year, int month);

/** The day number of a valid date. @return PTL_OK or PTL_EINVALID
 *  (year outside 1900-9999, month or day out of range). */
int ptl_day_from_ymd(ptl_day *out, int year, int month, int day);

/** Split a day number into year, month (1-12) and day (1-31). */
void ptl_day_to_ymd(int *year, int *month, int *day, ptl_day d);

/** Parse exactly "YYYY-MM-DD". @return PTL_OK or PTL_EINVALID. */
int ptl_day_parse(ptl_day *out, const char *text);

/** Write "YYYY-MM-DD" and a NUL into @p buf. */
void ptl_day_format(char buf[11], ptl_day d);

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
int ptl_day_weekday(ptl_day d);

/** The ISO 8601 week of day @p d: weeks start on Monday and belong to the
 *  year of their Thursday, so 2020-12-31 is in week 53 of 2020 and
 *  2027-01-01 in week 53 of 2026. @p week_year receives that year,
 *  @p week the week number (1-53). */
void ptl_day_iso_week(int *week_year, int *week, ptl_day d);

/** Age in whole years on @p on of someone born on @p birth
 *  (born on 29 February: a year older on 1 March of common years). */
int ptl_age_years(ptl_day birth, ptl_day on);

/** The UTC calendar day containing instant @p t (seconds since the epoch). */
ptl_day ptl_day_of_instant_utc(int64_t t);

/** The offset of Europe/Paris from UTC at instant @p t, in seconds: 3600
 *  (CET) or 7200 (CEST, from 01:00 UTC on the last Sunday of March to
 *  01:00 UTC on the last Sunday of October, Directive 2000/84/EC). */
int ptl_paris_utc_offset(int64_t t);

/** The calendar day in Europe/Paris containing instant @p t: "today" for
 *  every rule of the portal. */
ptl_day ptl_day_of_instant_paris(int64_t t);

/** The instant at which the Europe/Paris wall clock shows day @p d at
 *  @p seconds after midnight (0-86399) — precisely, the first instant at
 *  which it shows that time or a later one. So a time of the hour skipped
 *  when summer time starts (02:30 on the last Sunday of March) gives the
 *  jump itself (01:00 UTC, when the clock goes from 02:00 to 03:00), and a
 *  time of the hour shown twice when it ends (02:30 on the last Sunday of
 *  October) gives its first occurrence, in summer time (00:30 UTC). */
int64_t ptl_instant_of_paris_wall(ptl_day d, int seconds);

/** Room for ptl_day_format_fr(), its final NUL included. */
#define PTL_DAY_FR_SIZE 32

/** Day @p d as French readers expect it: "2 décembre 2026", "1er juillet
 *  2026" (the day's ordinal "1er", no weekday, no leading zero). */
void ptl_day_format_fr(char buf[PTL_DAY_FR_SIZE], ptl_day d);

/** Room for ptl_instant_format_fr(), its final NUL included. */
#define PTL_INSTANT_FR_SIZE 64

/** Instant @p t as French readers expect it, on the Europe/Paris wall
 *  clock: "mardi 13 octobre 2026 à 7 h 41", "mercredi 1er juillet 2026 à
 *  0 h 05" (the day's ordinal "1er", the hour without a leading zero). */
void ptl_instant_format_fr(char buf[PTL_INSTANT_FR_SIZE], int64_t t);

/** The same without the year, for a deadline near now: "mardi 14 octobre
 *  à 12 h 00" (pages write "modifiable jusqu’au " before it). */
void ptl_instant_format_fr_short(char buf[PTL_INSTANT_FR_SIZE], int64_t t);

#ifdef __cplusplus
}
#endif
#endif
