/*
 * test-calendar-feed.c — the parts of the calendar feed without a
 * database: a feed's token split into selector and verifier, and the
 * iCalendar text of a list of reservations, parsed back with libical (the
 * events, their UIDs, summaries, statuses and times: the Paris wall clock
 * in UTC on both sides of the DST changes, all-day events for units
 * without hours), with RFC 5545's line rules checked on the text itself
 * (CRLF, at most 75 octets, folding that never cuts a UTF-8 character).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "calendar-feed-internal.h"

static ptl_day day_of(const char *text)
{
	ptl_day d;

	ck_assert_int_eq(ptl_day_parse(&d, text), PTL_OK);
	return d;
}

static ptl_time instant_of(const char *text)
{
	ptl_time t;

	ck_assert_int_eq(ptl_time_parse(&t, text), PTL_OK);
	return t;
}

#define SELECTOR "AbCdEfGh-_012345"
#define VERIFIER "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456"

START_TEST(test_feed_token_split)
{
	char selector[PTL_CALENDAR_FEED_SELECTOR_LEN + 1], verifier[PTL_TOKEN_LEN + 1];
	char bad[PTL_CALENDAR_FEED_TOKEN_LEN + 2];

	ck_assert(ptl__feed_token_split(selector, verifier, SELECTOR VERIFIER));
	ck_assert_str_eq(selector, SELECTOR);
	ck_assert_str_eq(verifier, VERIFIER);

	ck_assert(!ptl__feed_token_split(selector, verifier, NULL));
	ck_assert(!ptl__feed_token_split(selector, verifier, ""));
	ck_assert(!ptl__feed_token_split(selector, verifier, SELECTOR));
	ck_assert(!ptl__feed_token_split(selector, verifier, SELECTOR VERIFIER "x"));
	ck_assert_str_eq(selector, "");
	strcpy(bad, SELECTOR VERIFIER);
	bad[PTL_CALENDAR_FEED_TOKEN_LEN - 1] = '\0';
	ck_assert(!ptl__feed_token_split(selector, verifier, bad));
	/* Only base64url characters, anywhere. */
	const char others[] = ".+/=% ";
	for (size_t i = 0; i < sizeof(others) - 1; i++) {
		strcpy(bad, SELECTOR VERIFIER);
		bad[i * 9] = others[i];
		ck_assert_msg(!ptl__feed_token_split(selector, verifier, bad), "%s", bad);
	}
}
END_TEST

/* Render @p count events of family "Lambert" at 2026-11-26T08:00:00Z. */
static char *render(const struct ptl__feed_event *events, size_t count)
{
	struct ptl__feed_calendar cal = { "Lambert", instant_of("2026-11-26T08:00:00Z"), count,
	                                  events };
	char *text = NULL;

	ck_assert_int_eq(ptl__feed_ics_render(&text, &cal), PTL_OK);
	ck_assert_ptr_nonnull(text);
	return text;
}

/* The octets of a UTF-8 sequence that starts with @p c (0: not a start). */
static int utf8_length(unsigned char c)
{
	return c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
	       (c & 0xf8) == 0xf0 ? 4 : 0;
}

/* RFC 5545 3.1: lines end in CRLF, are at most 75 octets, and a folded
 * line (starting with a space) continues a character sequence that was not
 * cut: every line is valid UTF-8 on its own. */
static void assert_lines(const char *text)
{
	const char *line = text;

	while (*line) {
		const char *end = strstr(line, "\r\n");

		ck_assert_msg(end != NULL, "a line without CRLF: %s", line);
		ck_assert_msg(end - line <= 75, "a line of %d octets", (int)(end - line));
		ck_assert_msg(!memchr(line, '\n', (size_t)(end - line)), "a bare LF");
		for (const char *p = line; p < end;) {
			int n = utf8_length((unsigned char)*p);

			ck_assert_msg(n > 0 && p + n <= end, "a UTF-8 character cut at a fold");
			for (int k = 1; k < n; k++)
				ck_assert_msg(((unsigned char)p[k] & 0xc0) == 0x80, "bad UTF-8");
			p += n;
		}
		line = end + 2;
	}
}

static icalcomponent *parse(const char *text)
{
	icalcomponent *cal = icalparser_parse_string(text);

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	ck_assert_int_eq(icalcomponent_count_errors(cal), 0);
	return cal;
}

/* The event of @p uid in @p cal. */
static icalcomponent *event_of(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(e), uid) == 0)
			return e;
	ck_abort_msg("no event %s", uid);
	return NULL;
}

/* The time of @p t as an instant (UTC) or, for a date, as its day. */
static void assert_utc(struct icaltimetype t, const char *iso)
{
	ck_assert(!t.is_date);
	ck_assert(icaltime_is_utc(t));
	ck_assert_int_eq((long long)icaltime_as_timet(t), (long long)instant_of(iso));
}

static void assert_date(struct icaltimetype t, int y, int m, int d)
{
	ck_assert(t.is_date);
	ck_assert_int_eq(t.year, y);
	ck_assert_int_eq(t.month, m);
	ck_assert_int_eq(t.day, d);
}

static const char *x_property(icalcomponent *c, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY))
		if (strcmp(icalproperty_get_x_name(p), name) == 0)
			return icalproperty_get_x(p);
	return NULL;
}

START_TEST(test_feed_events_read_back)
{
	const struct ptl__feed_event events[] = {
		{ 11, day_of("2026-12-02"), "Léa", "Journée", "ALSH Mercredis 2026/2027",
		  8 * 3600 + 1800, 17 * 3600 + 1800, false, false, instant_of("2026-11-20T10:00:00Z") },
		{ 12, day_of("2027-06-30"), "Hugo", "Matin", "ALSH Mercredis 2026/2027",
		  8 * 3600 + 1800, 12 * 3600, true, false, 0 },
		{ 13, day_of("2026-12-09"), "Léa", "Repas", "Restauration 2026/2027",
		  -1, -1, false, true, 0 },
	};
	char *text = render(events, 3);
	icalcomponent *cal, *e;

	assert_lines(text);
	cal = parse(text);
	ck_assert_int_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 3);
	ck_assert_str_eq(icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY) ?
	                 icalproperty_get_version(
	                     icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY)) : "",
	                 "2.0");
	ck_assert_str_eq(x_property(cal, "X-WR-CALNAME"), "Réservations – famille Lambert");

	/* Winter: 08:30 in Paris is 07:30 UTC. */
	e = event_of(cal, "reservation-11@portail-famille");
	ck_assert_str_eq(icalcomponent_get_summary(e), "Léa — Journée (ALSH Mercredis 2026/2027)");
	ck_assert_int_eq(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
	assert_utc(icalcomponent_get_dtstart(e), "2026-12-02T07:30:00Z");
	assert_utc(icalcomponent_get_dtend(e), "2026-12-02T16:30:00Z");
	assert_utc(icalcomponent_get_dtstamp(e), "2026-11-26T08:00:00Z");
	assert_utc(icalproperty_get_lastmodified(
	               icalcomponent_get_first_property(e, ICAL_LASTMODIFIED_PROPERTY)),
	           "2026-11-20T10:00:00Z");

	/* Summer: 08:30 in Paris is 06:30 UTC; waiting for validation. */
	e = event_of(cal, "reservation-12@portail-famille");
	ck_assert_str_eq(icalcomponent_get_summary(e), "Hugo — Matin (ALSH Mercredis 2026/2027)");
	ck_assert_int_eq(icalcomponent_get_status(e), ICAL_STATUS_TENTATIVE);
	ck_assert_ptr_nonnull(strstr(icalcomponent_get_description(e), "attente de validation"));
	assert_utc(icalcomponent_get_dtstart(e), "2027-06-30T06:30:00Z");
	assert_utc(icalcomponent_get_dtend(e), "2027-06-30T10:00:00Z");
	ck_assert_ptr_null(icalcomponent_get_first_property(e, ICAL_LASTMODIFIED_PROPERTY));

	/* No hours: the whole day, DTEND the next day (exclusive). */
	e = event_of(cal, "reservation-13@portail-famille");
	ck_assert_int_eq(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
	ck_assert_ptr_nonnull(strstr(icalcomponent_get_description(e), "annulation"));
	assert_date(icalcomponent_get_dtstart(e), 2026, 12, 9);
	assert_date(icalcomponent_get_dtend(e), 2026, 12, 10);
	ck_assert_ptr_nonnull(strstr(text, "DTSTART;VALUE=DATE:20261209\r\n"));

	icalcomponent_free(cal);
	free(text);
}
END_TEST

START_TEST(test_feed_dst_days)
{
	/* The last Sundays of March and October 2027 and 2026, and the days
	 * before: the offset changes at 01:00 UTC. A unit from 07:30 to 09:00. */
	const struct ptl__feed_event events[] = {
		{ 1, day_of("2027-03-27"), "Léa", "Matin", "Été", 27000, 32400, false, false, 0 },
		{ 2, day_of("2027-03-28"), "Léa", "Matin", "Été", 27000, 32400, false, false, 0 },
		{ 3, day_of("2026-10-24"), "Léa", "Matin", "Été", 27000, 32400, false, false, 0 },
		{ 4, day_of("2026-10-25"), "Léa", "Matin", "Été", 27000, 32400, false, false, 0 },
		/* The hour skipped on 2027-03-28: 02:30 does not exist, 02:00-03:00
		 * is the jump itself (01:00 UTC). */
		{ 5, day_of("2027-03-28"), "Léa", "Nuit", "Été", 9000, 14400, false, false, 0 },
	};
	/* Each event's start, and the end of the last. */
	const char *const starts[] = { "2027-03-27T06:30:00Z", "2027-03-28T05:30:00Z",
	                               "2026-10-24T05:30:00Z", "2026-10-25T06:30:00Z",
	                               "2027-03-28T01:00:00Z" };
	char *text = render(events, 5), uid[64];
	icalcomponent *cal = parse(text);

	for (int i = 0; i < 5; i++) {
		snprintf(uid, sizeof(uid), "reservation-%d@portail-famille", i + 1);
		assert_utc(icalcomponent_get_dtstart(event_of(cal, uid)), starts[i]);
	}
	assert_utc(icalcomponent_get_dtend(event_of(cal, uid)), "2027-03-28T02:00:00Z");
	icalcomponent_free(cal);
	free(text);
}
END_TEST

START_TEST(test_feed_text_is_escaped_and_folded)
{
	/* Commas, semicolons and a backslash in labels come back as they were;
	 * a long summary of accented letters is folded between characters. */
	char long_unit[400] = "";
	for (int i = 0; i < 60; i++)
		strcat(long_unit, "é");
	const struct ptl__feed_event events[] = {
		{ 7, day_of("2026-12-02"), "Zoé", "Matin, repas; goûter \\ sieste", "Été",
		  -1, -1, false, false, 0 },
		{ 8, day_of("2026-12-02"), "Zoé", long_unit, "Été", -1, -1, false, false, 0 },
	};
	struct ptl__feed_calendar cal = { "Dupont, Durand; Martin\r\nX-EVIL:1",
	                                  instant_of("2026-11-26T08:00:00Z"), 2, events };
	char *text = NULL, expected[600];
	icalcomponent *c;

	ck_assert_int_eq(ptl__feed_ics_render(&text, &cal), PTL_OK);
	assert_lines(text);
	c = parse(text);
	ck_assert_str_eq(icalcomponent_get_summary(event_of(c, "reservation-7@portail-famille")),
	                 "Zoé — Matin, repas; goûter \\ sieste (Été)");
	snprintf(expected, sizeof(expected), "Zoé — %s (Été)", long_unit);
	ck_assert_str_eq(icalcomponent_get_summary(event_of(c, "reservation-8@portail-famille")),
	                 expected);
	/* The family's name cannot add a line or a parameter. */
	ck_assert_ptr_null(x_property(c, "X-EVIL"));
	ck_assert_ptr_null(strstr(text, "\r\nX-EVIL"));
	ck_assert_str_eq(icalproperty_get_name(icalcomponent_get_first_property(c,
	                 ICAL_NAME_PROPERTY)), "Réservations – famille Dupont, Durand; Martin  X-EVIL:1");
	ck_assert_str_eq(x_property(c, "X-WR-CALNAME"),
	                 "Réservations – famille Dupont  Durand  Martin  X-EVIL:1");
	icalcomponent_free(c);
	free(text);
}
END_TEST

START_TEST(test_feed_without_reservations)
{
	char *text = render(NULL, 0);
	icalcomponent *cal = parse(text);

	assert_lines(text);
	ck_assert_int_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
	ck_assert_ptr_nonnull(strstr(text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
	icalcomponent_free(cal);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("calendar_feed");
	TCase *token = tcase_create("token"), *ics = tcase_create("ics");
	SRunner *sr;
	int failed;

	tcase_add_test(token, test_feed_token_split);
	tcase_add_test(ics, test_feed_events_read_back);
	tcase_add_test(ics, test_feed_dst_days);
	tcase_add_test(ics, test_feed_text_is_escaped_and_folded);
	tcase_add_test(ics, test_feed_without_reservations);
	suite_add_tcase(s, token);
	suite_add_tcase(s, ics);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
