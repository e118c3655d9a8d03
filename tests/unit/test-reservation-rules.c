/*
 * test-reservation-rules.c — the pure rules of reservations
 * (core/reservation-rules.h), without a database: what a day of a period is
 * for an enrolment (the order of the checks: period, enrolment, weekday,
 * closure, public holiday; a period starting mid-week; Easter Monday and
 * Alsace-Moselle's Good Friday), and whether a change is still allowed at
 * an instant: booking or cancelling not allowed, the read-only day and the
 * opening day taken on the Paris calendar (an instant that is already the
 * next day in Paris), residents' earlier opening, the notice deadline to
 * the second, across the DST Sunday of March, a late cancellation allowed
 * and billed (never a late booking), and the reason table.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <portail/clock.h>
#include <portail/holiday.h>
#include <portail/notice.h>

#include "core/reservation-rules.h"

static ptl_day day(const char *text)
{
	ptl_day d;

	ck_assert_msg(ptl_day_parse(&d, text) == 0, "not a day: %s", text);
	return d;
}

static int64_t at(const char *text)
{
	ptl_time t;

	ck_assert_msg(ptl_time_parse(&t, text) == 0, "not an instant: %s", text);
	return (int64_t)t;
}

/* Mercredis 2026/2027: Wednesdays (and Mondays, for the holidays), from
 * Wednesday 2 September 2026 to Saturday 3 July 2027; the enrolment from
 * 16 September to 30 June. */
static struct ptl__resa_span span(void)
{
	return (struct ptl__resa_span){
		.period_first = day("2026-09-02"), .period_last = day("2027-07-03"),
		.enrolment_first = day("2026-09-16"), .enrolment_last = day("2027-06-30"),
		.opening_weekdays = 1u << 0 | 1u << 2 | 1u << 4,  /* Mon, Wed, Fri */
	};
}

static enum ptl__resa_reason state_of(const char *d, bool closure, unsigned int holidays)
{
	struct ptl__resa_span s = span();
	struct ptl__resa_rules rules;

	ptl__resa_rules_default(&rules);
	rules.holidays = holidays;
	return ptl__resa_day_state(&s, &rules, day(d), closure);
}

START_TEST(test_reservation_rules_day_state)
{
	/* The period starts on a Wednesday: the Tuesday before is outside it,
	 * and the enrolment starts later. */
	ck_assert_int_eq(state_of("2026-09-01", false, 0), PTL__RESA_OUTSIDE_PERIOD);
	ck_assert_int_eq(state_of("2027-07-05", false, 0), PTL__RESA_OUTSIDE_PERIOD);
	ck_assert_int_eq(state_of("2026-09-02", false, 0), PTL__RESA_OUTSIDE_ENROLMENT);
	ck_assert_int_eq(state_of("2027-07-02", false, 0), PTL__RESA_OUTSIDE_ENROLMENT);
	ck_assert_int_eq(state_of("2026-09-16", false, 0), PTL__RESA_OK);
	ck_assert_int_eq(state_of("2027-06-30", false, 0), PTL__RESA_OK);
	ck_assert_int_eq(state_of("2026-09-17", false, 0), PTL__RESA_WEEKDAY_CLOSED);
	/* A closure wins over a holiday; a closure on a closed weekday is a
	 * closed weekday. */
	ck_assert_int_eq(state_of("2026-11-11", true, 0), PTL__RESA_CLOSED);
	ck_assert_int_eq(state_of("2026-11-11", false, 0), PTL__RESA_HOLIDAY);
	ck_assert_int_eq(state_of("2026-11-12", true, 0), PTL__RESA_WEEKDAY_CLOSED);
	/* Easter Monday 2027 (Easter is 28 March); Good Friday only in
	 * Alsace-Moselle. */
	ck_assert_int_eq(state_of("2027-03-29", false, 0), PTL__RESA_HOLIDAY);
	ck_assert_int_eq(state_of("2027-03-26", false, 0), PTL__RESA_OK);
	ck_assert_int_eq(state_of("2027-03-26", false, PTL_HOLIDAY_ALSACE_MOSELLE),
	                 PTL__RESA_HOLIDAY);
}
END_TEST

static enum ptl__resa_reason allowed(const struct ptl__resa_rules *rules, bool cancel,
                                     const char *d, const char *now, bool resident,
                                     int64_t *deadline, bool *billable)
{
	int64_t dl;
	bool bill;

	return ptl__resa_change_allowed(deadline ? deadline : &dl, billable ? billable : &bill,
	                                rules, cancel, day(d), at(now), resident);
}

START_TEST(test_reservation_rules_default_allows_everything)
{
	struct ptl__resa_rules rules;
	int64_t deadline = 0;
	bool billable = true;

	ptl__resa_rules_default(&rules);
	ck_assert_int_eq(allowed(&rules, false, "2026-12-02", "2026-12-02T16:00:00Z", false,
	                         &deadline, &billable), PTL__RESA_OK);
	ck_assert(deadline == INT64_MAX);
	ck_assert(!billable);
	ck_assert_int_eq(allowed(&rules, true, "2026-12-02", "2026-12-02T16:00:00Z", false, NULL,
	                         NULL), PTL__RESA_OK);
}
END_TEST

START_TEST(test_reservation_rules_not_allowed_online)
{
	struct ptl__resa_rules rules;

	ptl__resa_rules_default(&rules);
	rules.booking.allowed = false;
	ck_assert_int_eq(allowed(&rules, false, "2026-12-02", "2026-11-01T00:00:00Z", false, NULL,
	                         NULL), PTL__RESA_BOOKING_NOT_ALLOWED);
	ck_assert_int_eq(allowed(&rules, true, "2026-12-02", "2026-11-01T00:00:00Z", false, NULL,
	                         NULL), PTL__RESA_OK);
	rules.cancelling.allowed = false;
	ck_assert_int_eq(allowed(&rules, true, "2026-12-02", "2026-11-01T00:00:00Z", false, NULL,
	                         NULL), PTL__RESA_CANCELLING_NOT_ALLOWED);
}
END_TEST

START_TEST(test_reservation_rules_window_on_the_paris_calendar)
{
	struct ptl__resa_rules rules;

	ptl__resa_rules_default(&rules);
	rules.has_opens = true;
	rules.opens = day("2026-06-15");
	rules.has_residents_open = true;
	rules.residents_open = day("2026-06-08");
	rules.has_read_only_from = true;
	rules.read_only_from = day("2027-06-01");
	/* 7 June 22:30 UTC is 8 June 00:30 in Paris: residents may book. */
	ck_assert_int_eq(allowed(&rules, false, "2026-12-02", "2026-06-07T21:59:59Z", true, NULL,
	                         NULL), PTL__RESA_WINDOW_NOT_OPEN);
	ck_assert_int_eq(allowed(&rules, false, "2026-12-02", "2026-06-07T22:30:00Z", true, NULL,
	                         NULL), PTL__RESA_OK);
	ck_assert_int_eq(allowed(&rules, false, "2026-12-02", "2026-06-07T22:30:00Z", false, NULL,
	                         NULL), PTL__RESA_WINDOW_NOT_OPEN);
	ck_assert_int_eq(allowed(&rules, false, "2026-12-02", "2026-06-14T22:00:00Z", false, NULL,
	                         NULL), PTL__RESA_OK);
	/* The opening day concerns bookings only. */
	ck_assert_int_eq(allowed(&rules, true, "2026-12-02", "2026-06-01T10:00:00Z", false, NULL,
	                         NULL), PTL__RESA_OK);
	/* Read-only from 1 June 2027, Paris: 31 May 21:59:59 UTC is the last
	 * second (CEST), for bookings and cancellations alike. */
	ck_assert_int_eq(allowed(&rules, false, "2027-06-30", "2027-05-31T21:59:59Z", false, NULL,
	                         NULL), PTL__RESA_OK);
	ck_assert_int_eq(allowed(&rules, false, "2027-06-30", "2027-05-31T22:00:00Z", false, NULL,
	                         NULL), PTL__RESA_WINDOW_CLOSED);
	ck_assert_int_eq(allowed(&rules, true, "2027-06-30", "2027-05-31T22:00:00Z", true, NULL,
	                         NULL), PTL__RESA_WINDOW_CLOSED);
}
END_TEST

START_TEST(test_reservation_rules_notice_to_the_second)
{
	struct ptl__resa_rules rules;
	int64_t deadline = 0;

	ptl__resa_rules_default(&rules);
	ck_assert_int_eq(ptl_notice_parse(&rules.booking.notice, "D-2 12:00"), 0);
	rules.booking.has_notice = true;
	/* Wednesday 9 December: Monday 7 December 12:00 in Paris (CET), 11:00 UTC. */
	ck_assert_int_eq(allowed(&rules, false, "2026-12-09", "2026-12-07T10:59:59Z", false,
	                         &deadline, NULL), PTL__RESA_OK);
	ck_assert(deadline == at("2026-12-07T11:00:00Z"));
	ck_assert_int_eq(allowed(&rules, false, "2026-12-09", "2026-12-07T11:00:00Z", false,
	                         &deadline, NULL), PTL__RESA_NOTICE);
	ck_assert(deadline == at("2026-12-07T11:00:00Z"));
	/* The notice is the booking's: cancelling has none here. */
	ck_assert_int_eq(allowed(&rules, true, "2026-12-09", "2026-12-08T11:00:00Z", false, NULL,
	                         NULL), PTL__RESA_OK);
	/* Across the DST Sunday of March 2027 (the 28th): for Monday the 29th,
	 * "D-1 18:00" is Sunday 18:00 CEST, 16:00 UTC. */
	ck_assert_int_eq(ptl_notice_parse(&rules.booking.notice, "D-1 18:00"), 0);
	ck_assert_int_eq(allowed(&rules, false, "2027-03-29", "2027-03-28T15:59:59Z", false,
	                         &deadline, NULL), PTL__RESA_OK);
	ck_assert(deadline == at("2027-03-28T16:00:00Z"));
	ck_assert_int_eq(allowed(&rules, false, "2027-03-29", "2027-03-28T16:00:00Z", false, NULL,
	                         NULL), PTL__RESA_NOTICE);
}
END_TEST

START_TEST(test_reservation_rules_late_cancellation_billed)
{
	struct ptl__resa_rules rules;
	bool billable = false;

	ptl__resa_rules_default(&rules);
	ck_assert_int_eq(ptl_notice_parse(&rules.cancelling.notice, "previous wednesday 12:00"), 0);
	rules.cancelling.has_notice = true;
	ck_assert_int_eq(ptl_notice_parse(&rules.booking.notice, "previous wednesday 12:00"), 0);
	rules.booking.has_notice = true;
	/* For Wednesday 9 December, "the previous Wednesday" is the 2nd, not
	 * the day itself. */
	ck_assert_int_eq(allowed(&rules, true, "2026-12-09", "2026-12-02T10:59:59Z", false, NULL,
	                         &billable), PTL__RESA_OK);
	ck_assert(!billable);
	ck_assert_int_eq(allowed(&rules, true, "2026-12-09", "2026-12-02T11:00:00Z", false, NULL,
	                         &billable), PTL__RESA_NOTICE);
	rules.late_cancel_billable = true;
	ck_assert_int_eq(allowed(&rules, true, "2026-12-09", "2026-12-02T11:00:00Z", false, NULL,
	                         &billable), PTL__RESA_OK);
	ck_assert(billable);
	/* A late booking is never let through. */
	ck_assert_int_eq(allowed(&rules, false, "2026-12-09", "2026-12-02T11:00:00Z", false, NULL,
	                         &billable), PTL__RESA_NOTICE);
	ck_assert(!billable);
}
END_TEST

START_TEST(test_reservation_rules_reasons)
{
	ck_assert_ptr_null(ptl__resa_reason_code(PTL__RESA_OK));
	ck_assert_ptr_null(ptl__resa_reason_fr(PTL__RESA_REASON_COUNT));
	for (int r = 1; r < PTL__RESA_REASON_COUNT; r++) {
		ck_assert_ptr_nonnull(ptl__resa_reason_code((enum ptl__resa_reason)r));
		ck_assert_ptr_nonnull(ptl__resa_reason_fr((enum ptl__resa_reason)r));
		ck_assert_ptr_nonnull(ptl__resa_reason_en((enum ptl__resa_reason)r));
	}
	ck_assert_str_eq(ptl__resa_reason_code(PTL__RESA_HOLIDAY), "holiday");
	ck_assert_str_eq(ptl__resa_reason_code(PTL__RESA_FULL), "full");
	ck_assert_str_eq(ptl__resa_reason_code(PTL__RESA_WITHOUT_PARENT), "without_parent");
}
END_TEST

/* The debt threshold: above it, not at it; no threshold, no block; the
 * manager's override lifts it; a credit (negative balance) never blocks. */
START_TEST(test_reservation_rules_debt_threshold)
{
	struct ptl__resa_rules rules;

	ptl__resa_rules_default(&rules);
	ck_assert(!ptl__resa_debt_blocks(&rules, 1000000, false));
	rules.has_debt_threshold = true;
	rules.debt_threshold_cents = 5000;
	ck_assert(!ptl__resa_debt_blocks(&rules, 5000, false));
	ck_assert(ptl__resa_debt_blocks(&rules, 5001, false));
	ck_assert(!ptl__resa_debt_blocks(&rules, 5001, true));
	ck_assert(!ptl__resa_debt_blocks(&rules, -20000, false));
	rules.debt_threshold_cents = 0;
	ck_assert(!ptl__resa_debt_blocks(&rules, 0, false));
	ck_assert(ptl__resa_debt_blocks(&rules, 1, false));
	ck_assert_str_eq(ptl__resa_reason_code(PTL__RESA_DEBT), "debt");
	ck_assert_ptr_null(strpbrk(ptl__resa_reason_fr(PTL__RESA_DEBT), "0123456789€"));
	ck_assert_ptr_nonnull(strstr(ptl__resa_reason_fr(PTL__RESA_DEBT), "contacter le service"));
}
END_TEST

/* Which days book online: school days only, or the school holidays only
 * (the zone's spans, both ends included); cancelling is not concerned. */
START_TEST(test_reservation_rules_online_days)
{
	struct ptl__resa_rules rules;
	const char *now = "2026-11-26T08:00:00Z";

	ptl__resa_rules_default(&rules);
	rules.school_holiday_count = 2;
	rules.school_holidays[0].first = day("2026-10-17");
	rules.school_holidays[0].last = day("2026-11-01");
	rules.school_holidays[1].first = day("2026-12-19");
	rules.school_holidays[1].last = day("2027-01-03");
	ck_assert(!ptl__resa_school_holiday(&rules, day("2026-12-18")));
	ck_assert(ptl__resa_school_holiday(&rules, day("2026-12-19")));
	ck_assert(ptl__resa_school_holiday(&rules, day("2027-01-03")));
	ck_assert(!ptl__resa_school_holiday(&rules, day("2027-01-04")));
	/* "all" (the default): every day. */
	ck_assert_int_eq(allowed(&rules, false, "2026-12-30", now, false, NULL, NULL), PTL__RESA_OK);
	rules.online_days = PTL__RESA_DAYS_SCHOOL;
	ck_assert_int_eq(allowed(&rules, false, "2026-12-16", now, false, NULL, NULL), PTL__RESA_OK);
	ck_assert_int_eq(allowed(&rules, false, "2026-12-19", now, false, NULL, NULL),
	                 PTL__RESA_SCHOOL_DAYS_ONLY);
	ck_assert_int_eq(allowed(&rules, false, "2027-01-03", now, true, NULL, NULL),
	                 PTL__RESA_SCHOOL_DAYS_ONLY);
	ck_assert_int_eq(allowed(&rules, false, "2027-01-06", now, false, NULL, NULL), PTL__RESA_OK);
	ck_assert_int_eq(allowed(&rules, true, "2026-12-30", now, false, NULL, NULL), PTL__RESA_OK);
	rules.online_days = PTL__RESA_DAYS_HOLIDAYS;
	ck_assert_int_eq(allowed(&rules, false, "2026-12-16", now, false, NULL, NULL),
	                 PTL__RESA_HOLIDAYS_ONLY);
	ck_assert_int_eq(allowed(&rules, false, "2026-12-30", now, false, NULL, NULL), PTL__RESA_OK);
	ck_assert_int_eq(allowed(&rules, false, "2026-10-28", now, false, NULL, NULL), PTL__RESA_OK);
	/* A window closed wins over the kind of day. */
	rules.has_read_only_from = true;
	rules.read_only_from = day("2026-11-01");
	ck_assert_int_eq(allowed(&rules, false, "2026-12-16", now, false, NULL, NULL),
	                 PTL__RESA_WINDOW_CLOSED);
	ck_assert_str_eq(ptl__resa_reason_code(PTL__RESA_HOLIDAYS_ONLY), "holidays_only");
	ck_assert_str_eq(ptl__resa_reason_code(PTL__RESA_SCHOOL_DAYS_ONLY), "school_days_only");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reservation-rules");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_reservation_rules_day_state);
	tcase_add_test(tc, test_reservation_rules_default_allows_everything);
	tcase_add_test(tc, test_reservation_rules_not_allowed_online);
	tcase_add_test(tc, test_reservation_rules_window_on_the_paris_calendar);
	tcase_add_test(tc, test_reservation_rules_notice_to_the_second);
	tcase_add_test(tc, test_reservation_rules_late_cancellation_billed);
	tcase_add_test(tc, test_reservation_rules_reasons);
	tcase_add_test(tc, test_reservation_rules_debt_threshold);
	tcase_add_test(tc, test_reservation_rules_online_days);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
