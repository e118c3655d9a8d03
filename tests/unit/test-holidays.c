/*
 * test-holidays.c — French public holidays and working days (holiday.h),
 * without a database: Easter against dates from the calendars, each feast
 * of a year by name, Alsace-Moselle's two days, the years when Ascension
 * falls on 1 May, leap years, and counting working days back over a
 * holiday.
 */
#include <portail/portail.h>

#include "suite.h"
#include "when.h"

static void assert_easter(int year, const char *expected)
{
	ptl_day d;

	ck_assert_int_eq(ptl_easter(&d, year), PTL_OK);
	ck_assert_int_eq(d, day(expected));
}

START_TEST(test_holiday_easter_known_dates)
{
	assert_easter(1900, "1900-04-15");
	assert_easter(1943, "1943-04-25");  /* the latest possible date */
	assert_easter(1961, "1961-04-02");
	assert_easter(2000, "2000-04-23");
	assert_easter(2008, "2008-03-23");
	assert_easter(2011, "2011-04-24");
	assert_easter(2019, "2019-04-21");
	assert_easter(2024, "2024-03-31");  /* a leap year */
	assert_easter(2025, "2025-04-20");
	assert_easter(2026, "2026-04-05");
	assert_easter(2027, "2027-03-28");
	assert_easter(2038, "2038-04-25");
	assert_easter(2285, "2285-03-22");  /* the earliest possible date */

	ptl_day d = 12345;
	ck_assert_int_eq(ptl_easter(&d, 1899), PTL_EINVALID);
	ck_assert_int_eq(ptl_easter(&d, 10000), PTL_EINVALID);
	ck_assert_int_eq(d, 12345);
}
END_TEST

START_TEST(test_holiday_easter_is_a_sunday_between_22_march_and_25_april)
{
	for (int year = 1900; year <= 9999; year++) {
		ptl_day easter, first, last;
		ck_assert_int_eq(ptl_easter(&easter, year), PTL_OK);
		ck_assert_int_eq(ptl_day_from_ymd(&first, year, 3, 22), PTL_OK);
		ck_assert_int_eq(ptl_day_from_ymd(&last, year, 4, 25), PTL_OK);
		ck_assert_msg(ptl_day_weekday(easter) == 7, "Easter %d not a Sunday", year);
		ck_assert_msg(easter >= first && easter <= last, "Easter %d out of range", year);
	}
}
END_TEST

static void assert_name(const char *date, unsigned int flags, const char *expected)
{
	const char *name = ptl_holiday_name(day(date), flags);

	if (!expected) {
		ck_assert_msg(name == NULL, "%s is %s", date, name ? name : "");
		ck_assert(!ptl_holiday_is(day(date), flags));
	} else {
		ck_assert_msg(name != NULL, "%s is no holiday", date);
		ck_assert_str_eq(name, expected);
		ck_assert(ptl_holiday_is(day(date), flags));
	}
}

START_TEST(test_holiday_names_of_2026)
{
	assert_name("2026-01-01", 0, "Jour de l’an");
	assert_name("2026-04-06", 0, "Lundi de Pâques");
	assert_name("2026-05-01", 0, "Fête du Travail");
	assert_name("2026-05-08", 0, "Victoire 1945");
	assert_name("2026-05-14", 0, "Ascension");
	assert_name("2026-05-25", 0, "Lundi de Pentecôte");
	assert_name("2026-07-14", 0, "Fête nationale");
	assert_name("2026-08-15", 0, "Assomption");
	assert_name("2026-11-01", 0, "Toussaint");
	assert_name("2026-11-11", 0, "Armistice 1918");
	assert_name("2026-12-25", 0, "Noël");
	/* Easter Sunday and Whit Sunday are Sundays, not holidays of the law. */
	assert_name("2026-04-05", 0, NULL);
	assert_name("2026-05-24", 0, NULL);
	/* The day after or before a holiday is an ordinary day. */
	assert_name("2026-04-07", 0, NULL);
	assert_name("2026-05-13", 0, NULL);
	assert_name("2026-07-13", 0, NULL);
	assert_name("2026-12-31", 0, NULL);
}
END_TEST

START_TEST(test_holiday_alsace_moselle_adds_good_friday_and_26_december)
{
	assert_name("2026-04-03", 0, NULL);
	assert_name("2026-04-03", PTL_HOLIDAY_ALSACE_MOSELLE, "Vendredi saint");
	assert_name("2026-12-26", 0, NULL);
	assert_name("2026-12-26", PTL_HOLIDAY_ALSACE_MOSELLE, "Saint-Étienne");
	/* The national days stay. */
	assert_name("2026-04-06", PTL_HOLIDAY_ALSACE_MOSELLE, "Lundi de Pâques");
	assert_name("2026-12-25", PTL_HOLIDAY_ALSACE_MOSELLE, "Noël");
	/* 2024: Good Friday on 29 March, in a leap year. */
	assert_name("2024-03-29", PTL_HOLIDAY_ALSACE_MOSELLE, "Vendredi saint");
}
END_TEST

START_TEST(test_holiday_leap_years_and_29_february)
{
	/* 2024: Easter on 31 March, so Easter Monday on 1 April, Ascension on
	 * 9 May, Whit Monday on 20 May: counted across the 29th of February. */
	assert_name("2024-02-29", 0, NULL);
	assert_name("2024-04-01", 0, "Lundi de Pâques");
	assert_name("2024-05-09", 0, "Ascension");
	assert_name("2024-05-20", 0, "Lundi de Pentecôte");
	/* 2000, a leap century: Easter 23 April. */
	assert_name("2000-04-24", 0, "Lundi de Pâques");
	assert_name("2000-06-01", 0, "Ascension");
	assert_name("2000-06-12", 0, "Lundi de Pentecôte");
	/* 2100 is not leap: Easter 28 March, Ascension 6 May. */
	assert_name("2100-03-29", 0, "Lundi de Pâques");
	assert_name("2100-05-06", 0, "Ascension");
}
END_TEST

START_TEST(test_holiday_ascension_on_1_may_is_one_day)
{
	ptl_day list[PTL_HOLIDAY_MAX_PER_YEAR];
	size_t n;

	/* 2008: Easter 23 March, Ascension 1 May. */
	assert_name("2008-05-01", 0, "Fête du Travail et Ascension");
	ck_assert_int_eq(ptl_holiday_list(list, &n, 2008, 0), PTL_OK);
	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(ptl_holiday_list(list, &n, 2008, PTL_HOLIDAY_ALSACE_MOSELLE), PTL_OK);
	ck_assert_uint_eq(n, 12);
	/* 1997: Easter 30 March, Ascension on 8 May, with Victoire 1945. */
	assert_name("1997-05-08", 0, "Victoire 1945 et Ascension");
	ck_assert_int_eq(ptl_holiday_list(list, &n, 1997, 0), PTL_OK);
	ck_assert_uint_eq(n, 10);
}
END_TEST

START_TEST(test_holiday_list_of_a_year_in_order)
{
	const char *national[] = { "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08",
	                           "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15",
	                           "2026-11-01", "2026-11-11", "2026-12-25" };
	const char *alsace[] = { "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01",
	                         "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14",
	                         "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
	                         "2026-12-26" };
	ptl_day list[PTL_HOLIDAY_MAX_PER_YEAR];
	size_t n;

	ck_assert_int_eq(ptl_holiday_list(list, &n, 2026, PTL_HOLIDAY_NATIONAL), PTL_OK);
	ck_assert_uint_eq(n, 11);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(list[i], day(national[i]));
	ck_assert_int_eq(ptl_holiday_list(list, &n, 2026, PTL_HOLIDAY_ALSACE_MOSELLE), PTL_OK);
	ck_assert_uint_eq(n, 13);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(list[i], day(alsace[i]));
	ck_assert_int_eq(ptl_holiday_list(list, &n, 1899, 0), PTL_EINVALID);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_holiday_list_agrees_with_each_day)
{
	for (int year = 1990; year <= 2060; year++) {
		for (unsigned int flags = 0; flags <= PTL_HOLIDAY_ALSACE_MOSELLE; flags++) {
			ptl_day list[PTL_HOLIDAY_MAX_PER_YEAR], d, end;
			size_t n, at = 0;
			ck_assert_int_eq(ptl_holiday_list(list, &n, year, flags), PTL_OK);
			ck_assert_int_eq(ptl_day_from_ymd(&d, year, 1, 1), PTL_OK);
			ck_assert_int_eq(ptl_day_from_ymd(&end, year, 12, 31), PTL_OK);
			for (; d <= end; d++) {
				bool listed = at < n && list[at] == d;
				ck_assert_msg(listed == ptl_holiday_is(d, flags), "day %d of %d", d, year);
				at += listed;
			}
			ck_assert_uint_eq(at, n);
		}
	}
}
END_TEST

START_TEST(test_holiday_working_days)
{
	ck_assert(ptl_working_day_is(day("2026-05-13"), 0));   /* Wednesday */
	ck_assert(!ptl_working_day_is(day("2026-05-14"), 0));  /* Ascension, a Thursday */
	ck_assert(ptl_working_day_is(day("2026-05-15"), 0));   /* the bridge is a working day */
	ck_assert(!ptl_working_day_is(day("2026-05-16"), 0));  /* Saturday */
	ck_assert(!ptl_working_day_is(day("2026-05-17"), 0));  /* Sunday */
	ck_assert(!ptl_working_day_is(day("2026-05-25"), 0));  /* Whit Monday */
	/* 26 December 2025, a Friday: working, except in Alsace-Moselle. */
	ck_assert(ptl_working_day_is(day("2025-12-26"), 0));
	ck_assert(!ptl_working_day_is(day("2025-12-26"), PTL_HOLIDAY_ALSACE_MOSELLE));
	ck_assert(ptl_working_day_is(day("2024-02-29"), 0));   /* a Thursday */
}
END_TEST

START_TEST(test_holiday_working_days_counted_back_skip_holidays)
{
	/* The working day before Friday 15 May 2026 is Wednesday 13: the
	 * Thursday is Ascension. */
	ck_assert_int_eq(ptl_working_day_before(day("2026-05-15"), 1, 0), day("2026-05-13"));
	/* Two working days before Tuesday 7 April 2026 (after Easter Monday):
	 * Friday 3 and Thursday 2 April; in Alsace-Moselle Good Friday is a
	 * holiday too, so Thursday 2 and Wednesday 1. */
	ck_assert_int_eq(ptl_working_day_before(day("2026-04-07"), 1, 0), day("2026-04-03"));
	ck_assert_int_eq(ptl_working_day_before(day("2026-04-07"), 2, 0), day("2026-04-02"));
	ck_assert_int_eq(ptl_working_day_before(day("2026-04-07"), 2, PTL_HOLIDAY_ALSACE_MOSELLE),
	                 day("2026-04-01"));
	/* From a Sunday or a Saturday: the Friday before counts as the first. */
	ck_assert_int_eq(ptl_working_day_before(day("2026-05-17"), 1, 0), day("2026-05-15"));
	ck_assert_int_eq(ptl_working_day_before(day("2026-05-16"), 3, 0), day("2026-05-12"));
	/* Over Christmas and New Year 2026-2027 (Friday 25 December, Friday
	 * 1 January): the working day before Monday 4 January 2027 is
	 * Thursday 31 December. */
	ck_assert_int_eq(ptl_working_day_before(day("2027-01-04"), 1, 0), day("2026-12-31"));
	ck_assert_int_eq(ptl_working_day_before(day("2027-01-04"), 5, 0), day("2026-12-24"));
	ck_assert_int_eq(ptl_working_day_before(day("2026-05-15"), 0, 0), day("2026-05-15"));
	/* Never before 1900. */
	ck_assert_int_eq(ptl_working_day_before(day("1900-01-03"), 5, 0), day("1900-01-01"));
}
END_TEST

static Suite *holiday_suite(void)
{
	Suite *s = suite_create("holiday");
	TCase *easter = tcase_create("easter");
	TCase *holidays = tcase_create("holidays");
	TCase *working = tcase_create("working");

	tcase_add_test(easter, test_holiday_easter_known_dates);
	tcase_add_test(easter, test_holiday_easter_is_a_sunday_between_22_march_and_25_april);
	tcase_add_test(holidays, test_holiday_names_of_2026);
	tcase_add_test(holidays, test_holiday_alsace_moselle_adds_good_friday_and_26_december);
	tcase_add_test(holidays, test_holiday_leap_years_and_29_february);
	tcase_add_test(holidays, test_holiday_ascension_on_1_may_is_one_day);
	tcase_add_test(holidays, test_holiday_list_of_a_year_in_order);
	tcase_add_test(holidays, test_holiday_list_agrees_with_each_day);
	tcase_add_test(working, test_holiday_working_days);
	tcase_add_test(working, test_holiday_working_days_counted_back_skip_holidays);
	suite_add_tcase(s, easter);
	suite_add_tcase(s, holidays);
	suite_add_tcase(s, working);
	return s;
}

int main(void)
{
	return ptl_test_run(holiday_suite());
}
