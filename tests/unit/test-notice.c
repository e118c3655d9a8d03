/*
 * test-notice.c — notice periods (notice.h) and the Paris wall clock they
 * rest on (date.h), without a database: the rules' text form read and
 * written, refused texts, each form's deadline written out, the DST
 * Sundays of March and October (a time the clock skips, one it shows
 * twice), a deadline on a public holiday, the 29th of February, a
 * "previous weekday" rule on that weekday, and the French reading of a
 * deadline.
 */
#include <string.h>

#include <portail/portail.h>

#include "suite.h"
#include "when.h"

static ptl_notice_rule rule(const char *text)
{
	ptl_notice_rule r;

	ck_assert_msg(ptl_notice_parse(&r, text) == PTL_OK, "%s refused", text);
	return r;
}

/* The deadline of a change of @p date under @p text, as "...Z". */
static void assert_deadline(const char *text, const char *date, unsigned int holidays,
                            const char *expected)
{
	ptl_notice_rule r = rule(text);
	int64_t t = 0;
	char buf[21];

	ck_assert_int_eq(ptl_notice_deadline(&t, &r, day(date), holidays), PTL_OK);
	ptl_time_format(buf, t);
	ck_assert_msg(strcmp(buf, expected) == 0, "%s for %s: %s, expected %s", text, date, buf,
	              expected);
}

/* --- the text form -------------------------------------------------------- */

START_TEST(test_notice_text_round_trip)
{
	const char *texts[] = { "D-2 12:00", "D-0 00:00", "D-365 23:59", "D-1 working 09:30",
	                        "D-10 working 18:00", "previous monday 00:00",
	                        "previous wednesday 12:00", "previous sunday 23:59",
	                        "previous-week monday 18:00", "previous-week friday 12:00",
	                        "previous-month day 20 12:00", "previous-month day 31 08:05" };
	char buf[PTL_NOTICE_TEXT_SIZE];

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ptl_notice_rule r = rule(texts[i]);
		ptl_notice_format(buf, &r);
		ck_assert_str_eq(buf, texts[i]);
	}
	ptl_notice_rule r = rule("D-2 working 12:00");
	ck_assert_int_eq(r.kind, PTL_NOTICE_WORKING_DAYS);
	ck_assert_int_eq(r.count, 2);
	ck_assert_int_eq(r.minute, 720);
	r = rule("previous wednesday 12:00");
	ck_assert_int_eq(r.kind, PTL_NOTICE_WEEKDAY);
	ck_assert_int_eq(r.weekday, 3);
	r = rule("previous-week monday 18:00");
	ck_assert_int_eq(r.kind, PTL_NOTICE_PREVIOUS_WEEK);
	ck_assert_int_eq(r.weekday, 1);
	ck_assert_int_eq(r.minute, 18 * 60);
	r = rule("previous-month day 20 12:00");
	ck_assert_int_eq(r.kind, PTL_NOTICE_PREVIOUS_MONTH);
	ck_assert_int_eq(r.count, 20);
}
END_TEST

START_TEST(test_notice_text_refused)
{
	const char *bad[] = { "", "d-2 12:00", "D-2", "D-2 12:0", "D-2 1200", "D-2 24:00",
	                      "D-2 12:60", "D-02 12:00", "D--2 12:00", "D-366 12:00", "D-1000 12:00",
	                      "D-0 working 12:00", "D-2 Working 12:00", "D-2  12:00", " D-2 12:00",
	                      "D-2 12:00 ", "D-2 12:00x", "previous wed 12:00",
	                      "previous Wednesday 12:00", "previous wednesday", "previous 12:00",
	                      "previous-week 12:00", "previous-week funday 12:00",
	                      "previous-month 20 12:00", "previous-month day 0 12:00",
	                      "previous-month day 32 12:00", "previous-month day 020 12:00",
	                      "J-2 12:00", "D-2 12:00\n" };
	ptl_notice_rule r = { PTL_NOTICE_DAYS, 7, 0, 60 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ptl_notice_parse(&r, bad[i]) == PTL_EINVALID, "\"%s\" accepted", bad[i]);
		ck_assert_str_eq(ptl_error_last()->field, "notice");
		ck_assert_int_eq(ptl_error_last()->code, PTL_EINVALID);
	}
	ck_assert_int_eq(ptl_notice_parse(&r, NULL), PTL_EINVALID);
	/* Nothing was written over the rule. */
	ck_assert_int_eq(r.kind, PTL_NOTICE_DAYS);
	ck_assert_int_eq(r.count, 7);
	ck_assert_int_eq(r.minute, 60);
	/* The messages say what is wrong, in both languages. */
	ck_assert_int_eq(ptl_notice_parse(&r, "D-2 25:00"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->message_fr,
	                 "L’heure du délai de prévenance s’écrit HH:MM, de 00:00 à 23:59.");
	ck_assert_int_eq(ptl_notice_parse(&r, "D-400 12:00"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->message,
	                 "the notice's number of days is from 0 to 365 (from 1 to 365 in working days)");
	ck_assert_int_eq(ptl_notice_parse(&r, "soon"), PTL_EINVALID);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message_fr, "« D-2 12:00 »"));
}
END_TEST

START_TEST(test_notice_invalid_rule_allows_nothing)
{
	ptl_notice_rule bad[] = {
		{ (ptl_notice_kind)0, 1, 0, 0 },
		{ PTL_NOTICE_DAYS, -1, 0, 0 },
		{ PTL_NOTICE_WORKING_DAYS, 0, 0, 0 },
		{ PTL_NOTICE_WEEKDAY, 0, 8, 0 },
		{ PTL_NOTICE_PREVIOUS_MONTH, 32, 0, 0 },
		{ PTL_NOTICE_DAYS, 1, 0, 1440 },
	};
	char buf[PTL_NOTICE_TEXT_SIZE];
	int64_t t = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert(!ptl_notice_allows(&bad[i], day("2026-10-14"), 0, 0));
		ck_assert_int_eq(ptl_notice_deadline(&t, &bad[i], day("2026-10-14"), 0), PTL_EINVALID);
		ptl_notice_format(buf, &bad[i]);
		ck_assert_str_eq(buf, "");
	}
	ck_assert(!ptl_notice_allows(NULL, day("2026-10-14"), 0, 0));
	ck_assert_int_eq(t, 42);
	/* A day outside the calendar. */
	ptl_notice_rule r = rule("D-1 12:00");
	ck_assert_int_eq(ptl_notice_deadline(&t, &r, day("1900-01-01") - 1, 0), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "day");
}
END_TEST

/* --- each form ------------------------------------------------------------- */

START_TEST(test_notice_calendar_days)
{
	/* Wednesday 14 October 2026, in summer time (UTC+2). */
	assert_deadline("D-2 12:00", "2026-10-14", 0, "2026-10-12T10:00:00Z");
	assert_deadline("D-0 00:00", "2026-10-14", 0, "2026-10-13T22:00:00Z");
	assert_deadline("D-7 18:30", "2026-10-14", 0, "2026-10-07T16:30:00Z");
	/* Across the 29th of February 2024, in winter time (UTC+1). */
	assert_deadline("D-2 12:00", "2024-03-01", 0, "2024-02-28T11:00:00Z");
	assert_deadline("D-1 12:00", "2024-03-01", 0, "2024-02-29T11:00:00Z");
	assert_deadline("D-1 12:00", "2023-03-01", 0, "2023-02-28T11:00:00Z");
	/* Calendar days do not skip a public holiday: for Friday 15 May 2026
	 * the day before is Ascension. */
	assert_deadline("D-1 12:00", "2026-05-15", 0, "2026-05-14T10:00:00Z");
}
END_TEST

START_TEST(test_notice_working_days_skip_holidays_and_weekends)
{
	/* Friday 15 May 2026: Thursday 14 is Ascension, so the working day
	 * before is Wednesday 13. */
	assert_deadline("D-1 working 12:00", "2026-05-15", 0, "2026-05-13T10:00:00Z");
	/* Monday 18 May 2026: Friday 15 then Wednesday 13. */
	assert_deadline("D-1 working 12:00", "2026-05-18", 0, "2026-05-15T10:00:00Z");
	assert_deadline("D-2 working 12:00", "2026-05-18", 0, "2026-05-13T10:00:00Z");
	/* Tuesday 7 April 2026, after Easter Monday: Friday 3, Thursday 2; in
	 * Alsace-Moselle Good Friday is a holiday too. */
	assert_deadline("D-2 working 12:00", "2026-04-07", 0, "2026-04-02T10:00:00Z");
	assert_deadline("D-2 working 12:00", "2026-04-07", PTL_HOLIDAY_ALSACE_MOSELLE,
	                "2026-04-01T10:00:00Z");
	/* A Saturday reservation: the working day before is the Friday. */
	assert_deadline("D-1 working 17:00", "2026-10-17", 0, "2026-10-16T15:00:00Z");
}
END_TEST

START_TEST(test_notice_previous_weekday)
{
	/* For Thursday 15 October 2026, the previous Wednesday is the 14th. */
	assert_deadline("previous wednesday 12:00", "2026-10-15", 0, "2026-10-14T10:00:00Z");
	/* For a Wednesday itself, the Wednesday a week before, not that day. */
	assert_deadline("previous wednesday 12:00", "2026-10-14", 0, "2026-10-07T10:00:00Z");
	/* For Tuesday 13 October, the Wednesday of the week before. */
	assert_deadline("previous wednesday 12:00", "2026-10-13", 0, "2026-10-07T10:00:00Z");
	/* Over a month end and the 29th of February. */
	assert_deadline("previous thursday 09:00", "2024-03-01", 0, "2024-02-29T08:00:00Z");
	assert_deadline("previous friday 09:00", "2024-03-01", 0, "2024-02-23T08:00:00Z");
}
END_TEST

START_TEST(test_notice_previous_week)
{
	/* Wednesday 14 October 2026 is in the ISO week of Monday 12: the week
	 * before starts Monday 5. */
	assert_deadline("previous-week monday 18:00", "2026-10-14", 0, "2026-10-05T16:00:00Z");
	/* Its Monday and its Sunday have the same deadline. */
	assert_deadline("previous-week monday 18:00", "2026-10-12", 0, "2026-10-05T16:00:00Z");
	assert_deadline("previous-week monday 18:00", "2026-10-18", 0, "2026-10-05T16:00:00Z");
	/* The next Monday moves it a week on. */
	assert_deadline("previous-week monday 18:00", "2026-10-19", 0, "2026-10-12T16:00:00Z");
	assert_deadline("previous-week friday 12:00", "2026-10-14", 0, "2026-10-09T10:00:00Z");
	/* Across the year: Friday 1 January 2027 is in the week of Monday
	 * 28 December 2026. */
	assert_deadline("previous-week thursday 12:00", "2027-01-01", 0, "2026-12-24T11:00:00Z");
}
END_TEST

START_TEST(test_notice_previous_month)
{
	assert_deadline("previous-month day 20 12:00", "2026-10-14", 0, "2026-09-20T10:00:00Z");
	assert_deadline("previous-month day 20 12:00", "2026-10-01", 0, "2026-09-20T10:00:00Z");
	assert_deadline("previous-month day 20 12:00", "2026-10-31", 0, "2026-09-20T10:00:00Z");
	/* Day 31 of a month of 30 days, or of February: its last day. */
	assert_deadline("previous-month day 31 12:00", "2026-05-05", 0, "2026-04-30T10:00:00Z");
	assert_deadline("previous-month day 31 12:00", "2024-03-15", 0, "2024-02-29T11:00:00Z");
	assert_deadline("previous-month day 30 12:00", "2026-03-15", 0, "2026-02-28T11:00:00Z");
	assert_deadline("previous-month day 29 12:00", "2024-03-15", 0, "2024-02-29T11:00:00Z");
	/* January's previous month is December of the year before. */
	assert_deadline("previous-month day 20 12:00", "2027-01-10", 0, "2026-12-20T11:00:00Z");
}
END_TEST

/* --- daylight saving time ---------------------------------------------------- */

START_TEST(test_notice_march_dst_sunday)
{
	/* Sunday 29 March 2026: the clock goes from 02:00 CET to 03:00 CEST
	 * at 01:00 UTC. For Monday 30 March, "the day before":
	 * noon is in summer time (UTC+2), the day before's noon in winter time. */
	assert_deadline("D-1 12:00", "2026-03-30", 0, "2026-03-29T10:00:00Z");
	assert_deadline("D-2 12:00", "2026-03-30", 0, "2026-03-28T11:00:00Z");
	assert_deadline("D-1 01:59", "2026-03-30", 0, "2026-03-29T00:59:00Z");
	/* 02:30 does not exist that day: the deadline is the jump itself,
	 * the first instant the clock shows a later time (03:00 CEST) — the
	 * same instant as 03:00 and as 02:00. */
	assert_deadline("D-1 02:30", "2026-03-30", 0, "2026-03-29T01:00:00Z");
	assert_deadline("D-1 02:00", "2026-03-30", 0, "2026-03-29T01:00:00Z");
	assert_deadline("D-1 03:00", "2026-03-30", 0, "2026-03-29T01:00:00Z");
	assert_deadline("D-1 03:01", "2026-03-30", 0, "2026-03-29T01:01:00Z");

	/* A parent at 02:59:59 UTC+1 (00:59:59 UTC) is still in time for
	 * "before 02:30"; one second later the clock reads 03:00 and it is
	 * past. */
	ptl_notice_rule r = rule("D-1 02:30");
	ck_assert(ptl_notice_allows(&r, day("2026-03-30"), 0, instant("2026-03-29T00:59:59Z")));
	ck_assert(!ptl_notice_allows(&r, day("2026-03-30"), 0, instant("2026-03-29T01:00:00Z")));
	/* 12:00 on the Sunday itself: 10:00 UTC. */
	r = rule("D-0 12:00");
	ck_assert(ptl_notice_allows(&r, day("2026-03-29"), 0, instant("2026-03-29T09:59:59Z")));
	ck_assert(!ptl_notice_allows(&r, day("2026-03-29"), 0, instant("2026-03-29T10:00:00Z")));
}
END_TEST

START_TEST(test_notice_october_dst_sunday)
{
	/* Sunday 25 October 2026: the clock goes from 03:00 CEST back to
	 * 02:00 CET at 01:00 UTC, so it shows 02:00-02:59 twice. */
	assert_deadline("D-1 12:00", "2026-10-26", 0, "2026-10-25T11:00:00Z");
	assert_deadline("D-2 12:00", "2026-10-26", 0, "2026-10-24T10:00:00Z");
	assert_deadline("D-1 01:30", "2026-10-26", 0, "2026-10-24T23:30:00Z");
	/* 02:30 is shown twice: the deadline is its first occurrence (CEST). */
	assert_deadline("D-1 02:30", "2026-10-26", 0, "2026-10-25T00:30:00Z");
	assert_deadline("D-1 02:00", "2026-10-26", 0, "2026-10-25T00:00:00Z");
	assert_deadline("D-1 03:00", "2026-10-26", 0, "2026-10-25T02:00:00Z");

	ptl_notice_rule r = rule("D-1 02:30");
	ck_assert(ptl_notice_allows(&r, day("2026-10-26"), 0, instant("2026-10-25T00:29:59Z")));
	ck_assert(!ptl_notice_allows(&r, day("2026-10-26"), 0, instant("2026-10-25T00:30:00Z")));
	/* When the clock shows 02:10 the second time (CET), it is still past. */
	ck_assert(!ptl_notice_allows(&r, day("2026-10-26"), 0, instant("2026-10-25T01:10:00Z")));
	/* 12:00 on the Sunday itself: 11:00 UTC. */
	r = rule("D-0 12:00");
	ck_assert(ptl_notice_allows(&r, day("2026-10-25"), 0, instant("2026-10-25T10:59:59Z")));
	ck_assert(!ptl_notice_allows(&r, day("2026-10-25"), 0, instant("2026-10-25T11:00:00Z")));
}
END_TEST

START_TEST(test_notice_allows_strictly_before_the_deadline)
{
	ptl_notice_rule r = rule("D-2 working 12:00");
	int64_t deadline;

	ck_assert_int_eq(ptl_notice_deadline(&deadline, &r, day("2026-05-15"), 0), PTL_OK);
	ck_assert(ptl_notice_allows(&r, day("2026-05-15"), 0, deadline - 1));
	ck_assert(!ptl_notice_allows(&r, day("2026-05-15"), 0, deadline));
	ck_assert(!ptl_notice_allows(&r, day("2026-05-15"), 0, deadline + 86400));
}
END_TEST

START_TEST(test_notice_wall_clock_is_the_first_instant_showing_the_time)
{
	/* For every day of 2000-2037 and times around the changes: the instant
	 * shows that day and that time or later, and the second before it shows
	 * an earlier time. */
	static const int times[] = { 0, 3600, 5400, 7199, 7200, 9000, 10799, 10800, 12600, 43200,
	                             86340 };
	ptl_day first = day("2000-01-01"), last = day("2037-12-31");

	for (ptl_day d = first; d <= last; d++) {
		for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
			int64_t t = ptl_instant_of_paris_wall(d, times[i]);
			int64_t shown = t + ptl_paris_utc_offset(t) - (int64_t)d * 86400;
			int64_t before = t - 1 + ptl_paris_utc_offset(t - 1) - (int64_t)d * 86400;
			ck_assert_msg(shown >= times[i] && shown <= times[i] + 3600 && before < times[i],
			              "day %d at %d s", d, times[i]);
		}
	}
}
END_TEST

/* --- for the pages ----------------------------------------------------------- */

START_TEST(test_notice_deadline_reads_in_french)
{
	ptl_notice_rule r = rule("D-1 12:00");
	char buf[PTL_INSTANT_FR_SIZE];
	int64_t t;

	ck_assert_int_eq(ptl_notice_deadline(&t, &r, day("2026-10-14"), 0), PTL_OK);
	ptl_instant_format_fr_short(buf, t);
	ck_assert_str_eq(buf, "mardi 13 octobre à 12 h 00");
	r = rule("previous-month day 1 08:30");
	ck_assert_int_eq(ptl_notice_deadline(&t, &r, day("2026-11-20"), 0), PTL_OK);
	ptl_instant_format_fr_short(buf, t);
	ck_assert_str_eq(buf, "jeudi 1er octobre à 8 h 30");
	/* The skipped hour reads as the time the clock jumps to. */
	r = rule("D-1 02:30");
	ck_assert_int_eq(ptl_notice_deadline(&t, &r, day("2026-03-30"), 0), PTL_OK);
	ptl_instant_format_fr_short(buf, t);
	ck_assert_str_eq(buf, "dimanche 29 mars à 3 h 00");
	/* The long form still carries the year. */
	ptl_instant_format_fr(buf, t);
	ck_assert_str_eq(buf, "dimanche 29 mars 2026 à 3 h 00");
}
END_TEST

static Suite *notice_suite(void)
{
	Suite *s = suite_create("notice");
	TCase *text = tcase_create("text");
	TCase *forms = tcase_create("forms");
	TCase *dst = tcase_create("dst");

	tcase_add_test(text, test_notice_text_round_trip);
	tcase_add_test(text, test_notice_text_refused);
	tcase_add_test(text, test_notice_invalid_rule_allows_nothing);
	tcase_add_test(text, test_notice_deadline_reads_in_french);
	tcase_add_test(forms, test_notice_calendar_days);
	tcase_add_test(forms, test_notice_working_days_skip_holidays_and_weekends);
	tcase_add_test(forms, test_notice_previous_weekday);
	tcase_add_test(forms, test_notice_previous_week);
	tcase_add_test(forms, test_notice_previous_month);
	tcase_add_test(forms, test_notice_allows_strictly_before_the_deadline);
	tcase_add_test(dst, test_notice_march_dst_sunday);
	tcase_add_test(dst, test_notice_october_dst_sunday);
	tcase_add_test(dst, test_notice_wall_clock_is_the_first_instant_showing_the_time);
	suite_add_tcase(s, text);
	suite_add_tcase(s, forms);
	suite_add_tcase(s, dst);
	return s;
}

int main(void)
{
	return ptl_test_run(notice_suite());
}
