/*
 * test-core.c — the pure rules of libportail/core, without a database:
 * calendar days, Europe/Paris time, text checks, the password policy,
 * login throttling, and the statuses' names and default messages.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/portail.h>

#include "core/enrolment-rules.h"
#include "core/text.h"
#include "core/throttle.h"
#include "error-internal.h"

static ptl_day day(const char *text)
{
	ptl_day d;

	ck_assert_int_eq(ptl_day_parse(&d, text), PTL_OK);
	return d;
}

static int64_t instant(const char *text)
{
	ptl_time t;

	ck_assert_int_eq(ptl_time_parse(&t, text), PTL_OK);
	return t;
}

/* --- days ---------------------------------------------------------------- */

START_TEST(test_core_day_epoch_and_round_trip)
{
	char buf[11];

	ck_assert_int_eq(day("1970-01-01"), 0);
	ck_assert_int_eq(day("1969-12-31"), -1);
	ck_assert_int_eq(day("2000-03-01") - day("2000-02-28"), 2);  /* 2000 is leap */
	ck_assert_int_eq(day("1900-03-01") - day("1900-02-28"), 1);  /* 1900 is not */
	for (ptl_day d = day("1999-12-25"); d < day("2031-01-10"); d++) {
		int y, m, dd;
		ptl_day back;
		ptl_day_to_ymd(&y, &m, &dd, d);
		ck_assert_int_eq(ptl_day_from_ymd(&back, y, m, dd), PTL_OK);
		ck_assert_int_eq(back, d);
	}
	/* Formatted by hand: the same text as printf's, and parsed back, from
	 * year 0001 to 9999. */
	for (ptl_day d = day("1900-01-01") - 693595; d <= day("9999-12-31"); d += 13) {
		int y, m, dd;
		char want[32];

		ptl_day_to_ymd(&y, &m, &dd, d);
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, dd);
		ptl_day_format(buf, d);
		ck_assert_str_eq(buf, want);
	}
	ptl_day_format(buf, day("2024-02-29"));
	ck_assert_str_eq(buf, "2024-02-29");
}
END_TEST

START_TEST(test_core_day_rejects_impossible_dates)
{
	ptl_day d;
	const char *bad[] = { "2025-02-29", "2024-02-30", "2026-13-01", "2026-00-10", "2026-04-31",
	                      "2026-4-01", "2026-04-01x", "26-04-01", "", "2026/04/01", "abcd-ef-gh",
	                      "1899-12-31" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ptl_day_parse(&d, bad[i]) == PTL_EINVALID, "%s accepted", bad[i]);
	ck_assert_int_eq(ptl_day_parse(&d, NULL), PTL_EINVALID);
}
END_TEST

START_TEST(test_core_day_leap_years)
{
	ck_assert(ptl_is_leap_year(2024));
	ck_assert(ptl_is_leap_year(2000));
	ck_assert(!ptl_is_leap_year(1900));
	ck_assert(!ptl_is_leap_year(2026));
	ck_assert_int_eq(ptl_days_in_month(2028, 2), 29);
	ck_assert_int_eq(ptl_days_in_month(2100, 2), 28);
	ck_assert_int_eq(ptl_days_in_month(2026, 13), 0);
}
END_TEST

START_TEST(test_core_day_weekday)
{
	ck_assert_int_eq(ptl_day_weekday(day("1970-01-01")), 4);  /* Thursday */
	ck_assert_int_eq(ptl_day_weekday(day("2026-11-26")), 4);  /* Thursday */
	ck_assert_int_eq(ptl_day_weekday(day("2026-11-30")), 1);  /* Monday */
	ck_assert_int_eq(ptl_day_weekday(day("1969-12-28")), 7);  /* Sunday, before day 0 */
}
END_TEST

START_TEST(test_core_age_counts_birthdays_and_leap_day)
{
	ck_assert_int_eq(ptl_age_years(day("2017-03-14"), day("2026-03-13")), 8);
	ck_assert_int_eq(ptl_age_years(day("2017-03-14"), day("2026-03-14")), 9);
	/* Born on 29 February: a year older on 1 March of a common year. */
	ck_assert_int_eq(ptl_age_years(day("2020-02-29"), day("2025-02-28")), 4);
	ck_assert_int_eq(ptl_age_years(day("2020-02-29"), day("2025-03-01")), 5);
	ck_assert_int_eq(ptl_age_years(day("2020-02-29"), day("2024-02-29")), 4);
}
END_TEST

/* --- instants and Europe/Paris -------------------------------------------- */

START_TEST(test_core_day_reads_in_french)
{
	char buf[PTL_DAY_FR_SIZE];
	const struct {
		const char *iso, *fr;
	} cases[] = {
		{ "2026-12-02", "2 décembre 2026" },
		{ "2026-07-01", "1er juillet 2026" },   /* the first is "1er" */
		{ "2027-02-01", "1er février 2027" },
		{ "2024-02-29", "29 février 2024" },
		{ "2026-08-15", "15 août 2026" },
		{ "2026-09-30", "30 septembre 2026" },
		{ "1999-01-31", "31 janvier 1999" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ptl_day_format_fr(buf, day(cases[i].iso));
		ck_assert_str_eq(buf, cases[i].fr);
	}
}
END_TEST

START_TEST(test_core_time_parse_and_format)
{
	char buf[21];

	ck_assert_int_eq(instant("1970-01-01T00:00:00Z"), 0);
	ck_assert_int_eq(instant("2026-11-26T10:30:00+01:00"), instant("2026-11-26T09:30:00Z"));
	ck_assert_int_eq(instant("2026-07-01T00:30:00+02:00"), instant("2026-06-30T22:30:00Z"));
	ptl_time_format(buf, instant("2024-02-29T23:59:59Z"));
	ck_assert_str_eq(buf, "2024-02-29T23:59:59Z");

	ptl_time t;
	ck_assert_int_eq(ptl_time_parse(&t, "2026-11-26T24:00:00Z"), PTL_EINVALID);
	ck_assert_int_eq(ptl_time_parse(&t, "2026-11-26T10:00:00"), PTL_EINVALID);
	ck_assert_int_eq(ptl_time_parse(&t, "2026-11-26T10:00:00+1:00"), PTL_EINVALID);
}
END_TEST

START_TEST(test_core_paris_offset_follows_dst)
{
	/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2026-03-29T00:59:59Z")), 3600);
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2026-03-29T01:00:00Z")), 7200);
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2026-10-25T00:59:59Z")), 7200);
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2026-10-25T01:00:00Z")), 3600);
	/* 2024, a leap year: 31 March and 27 October. */
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2024-03-31T01:00:00Z")), 7200);
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2024-03-30T12:00:00Z")), 3600);
	ck_assert_int_eq(ptl_paris_utc_offset(instant("2024-10-27T00:30:00Z")), 7200);
}
END_TEST

/* The French reading of an instant, on the Paris wall clock. */
static void assert_fr(const char *iso, const char *expected)
{
	char buf[PTL_INSTANT_FR_SIZE];

	ptl_instant_format_fr(buf, instant(iso));
	ck_assert_str_eq(buf, expected);
}

START_TEST(test_core_instant_reads_in_french_on_the_paris_clock)
{
	/* Summer time (UTC+2): 05:41 UTC is 7 h 41. */
	assert_fr("2026-10-13T05:41:00Z", "mardi 13 octobre 2026 à 7 h 41");
	/* Winter time (UTC+1), minutes on two digits, no leading zero for the hour. */
	assert_fr("2026-11-26T08:05:59Z", "jeudi 26 novembre 2026 à 9 h 05");
	/* The first of the month is "1er"; midnight is 0 h. */
	assert_fr("2026-06-30T22:00:00Z", "mercredi 1er juillet 2026 à 0 h 00");
	/* Near midnight the Paris day is the next one, and so is the weekday. */
	assert_fr("2026-12-31T23:30:00Z", "vendredi 1er janvier 2027 à 0 h 30");
	/* Around the change to winter time: 00:59 UTC is still 2 h 59 CEST,
	 * 01:00 UTC is 2 h 00 CET. */
	assert_fr("2026-10-25T00:59:00Z", "dimanche 25 octobre 2026 à 2 h 59");
	assert_fr("2026-10-25T01:00:00Z", "dimanche 25 octobre 2026 à 2 h 00");
	assert_fr("2024-02-29T12:00:00Z", "jeudi 29 février 2024 à 13 h 00");
	assert_fr("2026-08-16T21:59:00Z", "dimanche 16 août 2026 à 23 h 59");
}
END_TEST

START_TEST(test_core_paris_day_differs_from_utc_near_midnight)
{
	/* 23:30 UTC on 31 December is already New Year's Day in Paris. */
	ck_assert_int_eq(ptl_day_of_instant_paris(instant("2026-12-31T23:30:00Z")), day("2027-01-01"));
	ck_assert_int_eq(ptl_day_of_instant_utc(instant("2026-12-31T23:30:00Z")), day("2026-12-31"));
	/* In summer, 22:30 UTC is 00:30 the next day. */
	ck_assert_int_eq(ptl_day_of_instant_paris(instant("2026-07-13T22:30:00Z")), day("2026-07-14"));
	ck_assert_int_eq(ptl_day_of_instant_paris(instant("2026-07-13T21:59:59Z")), day("2026-07-13"));
	ck_assert_int_eq(ptl_day_of_instant_utc(-1), -1);
}
END_TEST

/* --- text ------------------------------------------------------------------ */

START_TEST(test_core_text_utf8_counts_characters)
{
	size_t n;

	ck_assert(ptl__utf8_chars("Élodie", &n));
	ck_assert_uint_eq(n, 6);
	ck_assert(ptl__utf8_chars("😀a", &n));
	ck_assert_uint_eq(n, 2);
	ck_assert(!ptl__utf8_chars("\xc3", &n));            /* truncated */
	ck_assert(!ptl__utf8_chars("\xc0\xaf", &n));        /* overlong */
	ck_assert(!ptl__utf8_chars("\xed\xa0\x80", &n));    /* surrogate */
	ck_assert(!ptl__utf8_chars("a\x01", &n));           /* control */
	ck_assert(ptl__text_length_ok("Zoé", 1, 3));
	ck_assert(!ptl__text_length_ok("Zoée", 1, 3));
}
END_TEST

START_TEST(test_core_text_email)
{
	ck_assert(ptl__email_valid("camille.lambert@example.org"));
	ck_assert(ptl__email_valid("a+b@mairie-valmont.fr"));
	ck_assert(!ptl__email_valid("camille@localhost"));
	ck_assert(!ptl__email_valid("@example.org"));
	ck_assert(!ptl__email_valid("a@@example.org"));
	ck_assert(!ptl__email_valid("a b@example.org"));
	ck_assert(!ptl__email_valid("a@-example.org"));
	ck_assert(!ptl__email_valid("a@example..org"));
	ck_assert(!ptl__email_valid(""));
	ck_assert(!ptl__email_valid(NULL));
}
END_TEST

START_TEST(test_core_text_french_phone)
{
	char out[11];

	ck_assert(ptl__phone_fr_normalize("06 12 34 56 78", out));
	ck_assert_str_eq(out, "0612345678");
	ck_assert(ptl__phone_fr_normalize("+33 6 12 34 56 78", out));
	ck_assert_str_eq(out, "0612345678");
	ck_assert(ptl__phone_fr_normalize("+33 (0)2.38.12.34.56", out));
	ck_assert_str_eq(out, "0238123456");
	ck_assert(!ptl__phone_fr_normalize("06 12 34 56", out));
	ck_assert(!ptl__phone_fr_normalize("06 12 34 56 78 9", out));
	ck_assert(!ptl__phone_fr_normalize("0012345678", out));
	ck_assert(!ptl__phone_fr_normalize("+44 20 7946 0958", out));
	ck_assert(!ptl__phone_fr_normalize("06-12-34-ab-78", out));
}
END_TEST

START_TEST(test_core_text_postcode)
{
	ck_assert(ptl__postcode_fr_valid("45000"));
	ck_assert(ptl__postcode_fr_valid("20000"));   /* Ajaccio */
	ck_assert(ptl__postcode_fr_valid("97400"));   /* La Réunion */
	ck_assert(!ptl__postcode_fr_valid("00100"));
	ck_assert(!ptl__postcode_fr_valid("96000"));
	ck_assert(!ptl__postcode_fr_valid("4500"));
	ck_assert(!ptl__postcode_fr_valid("2A000"));
}
END_TEST

START_TEST(test_core_password_policy_counts_characters_not_bytes)
{
	char long_pw[200];

	ck_assert_int_eq(ptl__password_check("onze-carac"), PTL_PASSWORD_TOO_SHORT);
	ck_assert_int_eq(ptl__password_check("douze-caract"), PTL_PASSWORD_OK);
	/* Eleven characters but more than twelve bytes: still too short. */
	ck_assert_int_eq(ptl__password_check("éééééééééé1"), PTL_PASSWORD_TOO_SHORT);
	memset(long_pw, 'x', 128);
	long_pw[128] = '\0';
	ck_assert_int_eq(ptl__password_check(long_pw), PTL_PASSWORD_OK);
	long_pw[128] = 'y';
	long_pw[129] = '\0';
	ck_assert_int_eq(ptl__password_check(long_pw), PTL_PASSWORD_TOO_LONG);
	ck_assert_int_eq(ptl__password_check("\xff\xfe-douze-caract"), PTL_PASSWORD_NOT_TEXT);
}
END_TEST

/* --- throttling --------------------------------------------------------------- */

START_TEST(test_core_throttle_delay_grows_after_five_failures)
{
	ck_assert_int_eq(ptl__throttle_delay(0), 0);
	ck_assert_int_eq(ptl__throttle_delay(5), 0);
	ck_assert_int_eq(ptl__throttle_delay(6), 2);
	ck_assert_int_eq(ptl__throttle_delay(7), 4);
	ck_assert_int_eq(ptl__throttle_delay(14), 512);
	ck_assert_int_eq(ptl__throttle_delay(15), PTL_THROTTLE_MAX_DELAY);
	ck_assert_int_eq(ptl__throttle_delay(1000), PTL_THROTTLE_MAX_DELAY);
}
END_TEST

START_TEST(test_core_throttle_wait)
{
	struct ptl__throttle_state s = { 6, 1000, 6, 900 };

	ck_assert_int_eq(ptl__throttle_wait(&s, 25, 1000), 2);
	ck_assert_int_eq(ptl__throttle_wait(&s, 25, 1002), 0);
	s.consecutive_failures = 5;
	ck_assert_int_eq(ptl__throttle_wait(&s, 25, 1000), 0);
	/* The daily cap: wait until the oldest attempt leaves the window. */
	s.attempts_in_window = 25;
	ck_assert_int_eq(ptl__throttle_wait(&s, 25, 1000), 900 + PTL_THROTTLE_WINDOW - 1000);
	ck_assert_int_eq(ptl__throttle_wait(&s, 25, 900 + PTL_THROTTLE_WINDOW), 0);
}
END_TEST

/* A history with nothing in it, at instant 1000. */
static struct ptl__login_history quiet(void)
{
	struct ptl__login_history h = { 0 };

	return h;
}

START_TEST(test_core_login_unknown_device_pair_account_address)
{
	struct ptl__login_history h = quiet();
	enum ptl__throttle_limit limit;

	ck_assert_int_eq(ptl__login_wait(&h, 1000, &limit), 0);
	ck_assert_int_eq(limit, PTL_THROTTLE_NONE);
	/* Six failures of the pair: 2 s. */
	h.pair = (struct ptl__throttle_state){ .consecutive_failures = 6, .last_failure_at = 1000 };
	ck_assert_int_eq(ptl__login_wait(&h, 1000, &limit), 2);
	ck_assert_int_eq(limit, PTL_THROTTLE_PAIR);
	/* The account's cap: 24 failures leave one more, 25 wait for the window. */
	h.pair = (struct ptl__throttle_state){ 0 };
	h.account = (struct ptl__throttle_state){ .attempts_in_window = 24, .oldest_attempt_at = 900 };
	ck_assert_int_eq(ptl__login_wait(&h, 1000, &limit), 0);
	h.account.attempts_in_window = PTL_THROTTLE_DAILY_CAP_ACCOUNT;
	ck_assert_int_eq(ptl__login_wait(&h, 1000, &limit), 900 + PTL_THROTTLE_WINDOW - 1000);
	ck_assert_int_eq(limit, PTL_THROTTLE_ACCOUNT);
	/* Whichever limit is longest decides. */
	h.address = (struct ptl__throttle_state){ .attempts_in_window = PTL_THROTTLE_DAILY_CAP_ADDRESS,
	                                          .oldest_attempt_at = 950 };
	ck_assert_int_eq(ptl__login_wait(&h, 1000, &limit), 950 + PTL_THROTTLE_WINDOW - 1000);
	ck_assert_int_eq(limit, PTL_THROTTLE_ADDRESS);
	/* A school behind one NAT: a few hundred failures from many parents
	 * in a day, each pair quiet, and nobody waits. */
	h = quiet();
	h.address.attempts_in_window = 200;
	ck_assert_int_eq(ptl__login_wait(&h, 1000, NULL), 0);
}
END_TEST

START_TEST(test_core_login_known_device_answers_only_for_itself)
{
	struct ptl__login_history h = quiet();
	enum ptl__throttle_limit limit;

	/* Every other limit reached, by a guesser elsewhere or a neighbour. */
	h.pair = (struct ptl__throttle_state){ .consecutive_failures = 14, .last_failure_at = 1000 };
	h.account = (struct ptl__throttle_state){ .attempts_in_window = 25, .oldest_attempt_at = 999 };
	h.address = (struct ptl__throttle_state){ .attempts_in_window = 999, .oldest_attempt_at = 999 };
	ck_assert_int_gt(ptl__login_wait(&h, 1000, NULL), 0);
	h.known_device = true;
	ck_assert_int_eq(ptl__login_wait(&h, 1000, &limit), 0);
	ck_assert_int_eq(limit, PTL_THROTTLE_NONE);
	/* Its own failures slow it down as a pair's would. */
	h.device = (struct ptl__throttle_state){ .consecutive_failures = 7, .last_failure_at = 1000 };
	ck_assert_int_eq(ptl__login_wait(&h, 1001, &limit), 3);
	ck_assert_int_eq(limit, PTL_THROTTLE_DEVICE);
	/* ...but no daily cap applies to it. */
	h.device = (struct ptl__throttle_state){ .attempts_in_window = 500, .oldest_attempt_at = 999 };
	ck_assert_int_eq(ptl__login_wait(&h, 1000, NULL), 0);
}
END_TEST

START_TEST(test_core_login_effects)
{
	struct ptl__login_history h = quiet();
	struct ptl__login_effects e;

	/* Unknown device: counted in the shared limits; a success earns a token. */
	e = ptl__login_after(&h, false);
	ck_assert(e.count_as_unknown && !e.device_issue && !e.device_failure);
	e = ptl__login_after(&h, true);
	ck_assert(e.count_as_unknown && e.device_issue && !e.device_clear);
	/* Known device: counted on the device only. */
	h.known_device = true;
	e = ptl__login_after(&h, true);
	ck_assert(!e.count_as_unknown && e.device_clear && !e.device_issue && !e.device_forget);
	e = ptl__login_after(&h, false);
	ck_assert(!e.count_as_unknown && e.device_failure && !e.device_forget);
	/* The tenth consecutive failure: the device is no longer trusted. */
	h.device.consecutive_failures = PTL_THROTTLE_DEVICE_MAX_FAILURES - 2;
	ck_assert(!ptl__login_after(&h, false).device_forget);
	h.device.consecutive_failures = PTL_THROTTLE_DEVICE_MAX_FAILURES - 1;
	ck_assert(ptl__login_after(&h, false).device_forget);
	/* Before it is forgotten its delays have already grown past 2 s. */
	ck_assert_int_gt(ptl__throttle_delay(PTL_THROTTLE_DEVICE_MAX_FAILURES - 1), 2);
}
END_TEST

START_TEST(test_core_rate_limit)
{
	ck_assert_int_eq(ptl__rate_wait(9, 1000, 10, 3600, 2000), 0);
	ck_assert_int_eq(ptl__rate_wait(10, 1000, 10, 3600, 2000), 2600);
	ck_assert_int_eq(ptl__rate_wait(10, 1000, 10, 3600, 4600), 0);
}
END_TEST

/* --- statuses ------------------------------------------------------------------ */

START_TEST(test_core_status_full)
{
	/* Codes are never renumbered: the new one comes after the others. */
	ck_assert_int_eq(PTL_ETHROTTLED, -10);
	ck_assert_int_eq(PTL_EFULL, -11);
	ck_assert_str_eq(ptl_status_name(PTL_EFULL), "full");
	ck_assert_str_eq(ptl_status_name(PTL_ECONFLICT), "conflict");
	/* Default messages, English and French, when the caller gives none. */
	ck_assert_int_eq(ptl__error_set(PTL_EFULL, "group", NULL, "%s", ""), PTL_EFULL);
	ck_assert_str_eq(ptl_error_last()->message, "capacity reached: no place left");
	ck_assert_str_eq(ptl_error_last()->message_fr, "Il n’y a plus de place disponible.");
	ck_assert_str_eq(ptl_error_last()->field, "group");
	ptl__error_set(PTL_EFULL, NULL, "Le groupe du mercredi est complet.", "group %d is full", 3);
	ck_assert_str_eq(ptl_error_last()->message, "group 3 is full");
	ck_assert_str_eq(ptl_error_last()->message_fr, "Le groupe du mercredi est complet.");
}
END_TEST

/* --- enrolment rules ------------------------------------------------------- */

START_TEST(test_core_age_months_counts_completed_months)
{
	/* Same day of the month: a month more. */
	ck_assert_int_eq(ptl__age_months(day("2020-03-15"), day("2020-03-15")), 0);
	ck_assert_int_eq(ptl__age_months(day("2020-03-15"), day("2020-04-14")), 0);
	ck_assert_int_eq(ptl__age_months(day("2020-03-15"), day("2020-04-15")), 1);
	ck_assert_int_eq(ptl__age_months(day("2019-09-15"), day("2026-11-26")), 86);
	ck_assert_int_eq(ptl__age_months(day("2020-03-15"), day("2020-03-14")), -1);
	/* Born on the 31st: months without a 31st complete on the 1st after. */
	ck_assert_int_eq(ptl__age_months(day("2026-01-31"), day("2026-02-28")), 0);
	ck_assert_int_eq(ptl__age_months(day("2026-01-31"), day("2026-03-01")), 1);
	ck_assert_int_eq(ptl__age_months(day("2026-01-31"), day("2026-03-31")), 2);
	ck_assert_int_eq(ptl__age_months(day("2026-01-31"), day("2026-04-30")), 2);
	ck_assert_int_eq(ptl__age_months(day("2026-01-31"), day("2026-05-01")), 3);
	/* Born on 29 February: 12 months on 1 March of a common year, as
	 * ptl_age_years counts one year; 48 months on the next 29 February. */
	ck_assert_int_eq(ptl__age_months(day("2024-02-29"), day("2025-02-28")), 11);
	ck_assert_int_eq(ptl__age_months(day("2024-02-29"), day("2025-03-01")), 12);
	ck_assert_int_eq(ptl_age_years(day("2024-02-29"), day("2025-03-01")), 1);
	ck_assert_int_eq(ptl__age_months(day("2024-02-29"), day("2028-02-28")), 47);
	ck_assert_int_eq(ptl__age_months(day("2024-02-29"), day("2028-02-29")), 48);
	/* Born on 28 February: the 28th of each month. */
	ck_assert_int_eq(ptl__age_months(day("2023-02-28"), day("2024-02-28")), 12);
	/* Across a year end. */
	ck_assert_int_eq(ptl__age_months(day("2023-12-31"), day("2024-01-31")), 1);
	ck_assert_int_eq(ptl__age_months(day("2023-12-31"), day("2024-01-30")), 0);
}
END_TEST

START_TEST(test_core_group_eligibility_by_age_then_level)
{
	struct ptl__group_rule maternelle = { 36, 72, day("2026-12-31"), "PS,MS,GS" };
	struct ptl__group_rule any_age = { -1, -1, day("2026-09-02"), "CP,CE1,CE2,CM1,CM2" };
	struct ptl__group_rule babies = { 2, 36, day("2027-01-04"), "" };

	/* 36 months on the reference day exactly: in; 72: out (upper bound excluded). */
	ck_assert_int_eq(ptl__group_eligibility(&maternelle, day("2023-12-31"), "PS"), PTL__ELIGIBLE);
	ck_assert_int_eq(ptl__group_eligibility(&maternelle, day("2024-01-01"), "PS"),
	                 PTL__TOO_YOUNG);
	ck_assert_int_eq(ptl__group_eligibility(&maternelle, day("2020-12-31"), "GS"), PTL__TOO_OLD);
	ck_assert_int_eq(ptl__group_eligibility(&maternelle, day("2021-01-01"), "GS"), PTL__ELIGIBLE);
	/* Age fits, level does not; no level at all is not a listed level. */
	ck_assert_int_eq(ptl__group_eligibility(&maternelle, day("2022-02-10"), "CP"),
	                 PTL__WRONG_LEVEL);
	ck_assert_int_eq(ptl__group_eligibility(&maternelle, day("2022-02-10"), ""),
	                 PTL__WRONG_LEVEL);
	/* "C" is not "CP", nor "CE" "CE1". */
	ck_assert_int_eq(ptl__group_eligibility(&any_age, day("2018-01-01"), "C"), PTL__WRONG_LEVEL);
	ck_assert_int_eq(ptl__group_eligibility(&any_age, day("2018-01-01"), "CM2"), PTL__ELIGIBLE);
	/* No levels: any child of the age. A baby born on 29 February 2024 is
	 * 34 months old on 4 January 2027. */
	ck_assert_int_eq(ptl__group_eligibility(&babies, day("2024-02-29"), ""), PTL__ELIGIBLE);
	ck_assert_int_eq(ptl__group_eligibility(&babies, day("2026-11-05"), ""), PTL__TOO_YOUNG);
	ck_assert_int_eq(ptl__group_eligibility(&babies, day("2026-11-04"), ""), PTL__ELIGIBLE);
}
END_TEST

START_TEST(test_core_enrolment_window_overlap_marker)
{
	ptl_day opens = day("2026-06-01"), closes = day("2027-06-30");
	char buf[PTL_DAY_FR_SIZE];

	ck_assert_int_eq(ptl__enrolment_window(opens, closes, day("2026-05-31")), PTL__WINDOW_NOT_YET);
	ck_assert_int_eq(ptl__enrolment_window(opens, closes, opens), PTL__WINDOW_OPEN);
	ck_assert_int_eq(ptl__enrolment_window(opens, closes, closes), PTL__WINDOW_OPEN);
	ck_assert_int_eq(ptl__enrolment_window(opens, closes, day("2027-07-01")), PTL__WINDOW_CLOSED);

	ck_assert(ptl__days_overlap(day("2026-12-01"), day("2026-12-31"), day("2026-12-31"),
	                            day("2027-01-31")));
	ck_assert(!ptl__days_overlap(day("2026-12-01"), day("2026-12-30"), day("2026-12-31"),
	                             day("2027-01-31")));
	ck_assert(ptl__days_overlap(day("2026-12-01"), day("2027-12-30"), day("2027-01-01"),
	                            day("2027-01-01")));

	ck_assert_str_eq(ptl__enrolment_marker("validated", false), "V");
	ck_assert_str_eq(ptl__enrolment_marker("validated", true), "V");
	ck_assert_str_eq(ptl__enrolment_marker("pending", false), "?");
	ck_assert_str_eq(ptl__enrolment_marker("pending", true), "!");
	ck_assert_str_eq(ptl__enrolment_marker("waiting", true), "!");
	ck_assert_ptr_null(ptl__enrolment_marker("waiting", false));
	ck_assert_ptr_null(ptl__enrolment_marker("refused", true));
	ck_assert_ptr_null(ptl__enrolment_marker("cancelled", false));
	ck_assert_ptr_null(ptl__enrolment_marker("withdrawn", false));

	ptl_day_format_fr(buf, day("2027-06-01"));
	ck_assert_str_eq(buf, "1er juin 2027");
	ptl_day_format_fr(buf, day("2026-12-09"));
	ck_assert_str_eq(buf, "9 décembre 2026");
	ptl_day_format_fr(buf, day("2028-02-29"));
	ck_assert_str_eq(buf, "29 février 2028");
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *days = tcase_create("days");
	TCase *time = tcase_create("time");
	TCase *text = tcase_create("text");
	TCase *throttle = tcase_create("throttle");
	TCase *status = tcase_create("status");
	TCase *enrolment = tcase_create("enrolment");

	tcase_add_test(enrolment, test_core_age_months_counts_completed_months);
	tcase_add_test(enrolment, test_core_group_eligibility_by_age_then_level);
	tcase_add_test(enrolment, test_core_enrolment_window_overlap_marker);
	tcase_add_test(days, test_core_day_epoch_and_round_trip);
	tcase_add_test(days, test_core_day_rejects_impossible_dates);
	tcase_add_test(days, test_core_day_leap_years);
	tcase_add_test(days, test_core_day_weekday);
	tcase_add_test(days, test_core_age_counts_birthdays_and_leap_day);
	tcase_add_test(days, test_core_day_reads_in_french);
	tcase_add_test(time, test_core_time_parse_and_format);
	tcase_add_test(time, test_core_paris_offset_follows_dst);
	tcase_add_test(time, test_core_paris_day_differs_from_utc_near_midnight);
	tcase_add_test(time, test_core_instant_reads_in_french_on_the_paris_clock);
	tcase_add_test(text, test_core_text_utf8_counts_characters);
	tcase_add_test(text, test_core_text_email);
	tcase_add_test(text, test_core_text_french_phone);
	tcase_add_test(text, test_core_text_postcode);
	tcase_add_test(text, test_core_password_policy_counts_characters_not_bytes);
	tcase_add_test(throttle, test_core_throttle_delay_grows_after_five_failures);
	tcase_add_test(throttle, test_core_throttle_wait);
	tcase_add_test(throttle, test_core_login_unknown_device_pair_account_address);
	tcase_add_test(throttle, test_core_login_known_device_answers_only_for_itself);
	tcase_add_test(throttle, test_core_login_effects);
	tcase_add_test(throttle, test_core_rate_limit);
	suite_add_tcase(s, days);
	suite_add_tcase(s, time);
	suite_add_tcase(s, text);
	tcase_add_test(status, test_core_status_full);
	suite_add_tcase(s, throttle);
	suite_add_tcase(s, status);
	suite_add_tcase(s, enrolment);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(core_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
