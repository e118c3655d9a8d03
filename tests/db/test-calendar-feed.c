/*
 * test-calendar-feed.c — a family's calendar feed against the real
 * database: the token handed out once (only its verifier's hash stored),
 * found again, replaced by a new one, revoked; the feed's text parsed back
 * with libical: booked, pending (tentative) and cancellation-pending
 * reservations of validated enrolments from a year ago on, nothing
 * cancelled or waiting, nothing of another family; and the throttle of
 * unknown tokens per address.
 *
 * The catalogue is catalogue-fixture.h's (mercredis-2026, its units
 * journee, matin, repas), with hours given here to journee (08:30-17:30)
 * and matin (08:30-12:00); repas has none. The clock is 2026-11-26 08:00
 * UTC (common.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "catalogue-fixture.h"
#include "common.h"

static ptl_demo_generated made;
static int64_t family_a, family_b, lea_enrolment, hugo_enrolment;

/* A reservation of @p enrolment for unit @p unit on @p day with @p status. */
static void reservation(int64_t enrolment, const char *day, const char *unit,
                        const char *status)
{
	char sql[1000];

	snprintf(sql, sizeof(sql),
		"INSERT INTO reservation (enrolment_id, family_id, group_id, unit_id, day, status,"
		"                         waiting_seq, created_at, updated_at)"
		" SELECT e.id, e.family_id, e.group_id, u.id, date '%s', '%s',"
		"        CASE WHEN '%s' = 'waiting' THEN 1 END, now(), now()"
		"   FROM enrolment e JOIN unit u ON u.period_id = e.period_id AND u.code = '%s'"
		"  WHERE e.id = %lld", day, status, status, unit, (long long)enrolment);
	test_exec(sql);
}

static void setup(void)
{
	test_db_setup();
	test_exec("TRUNCATE facility, activity_type, activity, period, period_group, enrolment,"
	         " family, request, mail_outbox, reservation, reservation_load, counter_load,"
	         " calendar_feed, rate_event RESTART IDENTITY CASCADE");
	test_exec(TEST_CATALOGUE_SQL);
	test_exec(TEST_RESERVATION_UNITS_SQL);
	test_exec("UPDATE unit SET starts_at = '08:30', ends_at = '17:30' WHERE code = 'journee';"
	         "UPDATE unit SET starts_at = '08:30', ends_at = '12:00' WHERE code = 'matin'");
	ck_assert_status(ptl_demo_generate(&made, test_db, 2, "Agenda-de-la-famille-2026"), PTL_OK);
	family_a = made.first_family_id;
	family_b = made.first_family_id + 1;
	lea_enrolment = test_enrolled(test_conninfo, family_a, "Léa", 1);
	hugo_enrolment = test_enrolled(test_conninfo, family_b, "Hugo", 1);
	reservation(lea_enrolment, "2026-12-02", "journee", "booked");
	reservation(lea_enrolment, "2026-12-09", "journee", "pending");
	reservation(lea_enrolment, "2026-12-16", "matin", "cancel_pending");
	reservation(lea_enrolment, "2026-12-16", "repas", "booked");
	reservation(lea_enrolment, "2027-01-06", "journee", "cancelled");
	reservation(lea_enrolment, "2027-01-13", "journee", "waiting");
	reservation(lea_enrolment, "2025-10-01", "journee", "booked");  /* over a year ago */
	reservation(hugo_enrolment, "2026-12-02", "journee", "booked");
}

static void teardown(void)
{
	test_db_teardown();
}

static ptl_calendar_feed *create(int64_t family)
{
	ptl_calendar_feed *feed = NULL;

	ck_assert_status(ptl_calendar_feed_create(&feed, test_db, family), PTL_OK);
	ck_assert_ptr_nonnull(feed);
	ck_assert(feed->active);
	ck_assert_int_eq(feed->created_at, 1795680000);
	ck_assert_uint_eq(strlen(feed->token), PTL_CALENDAR_FEED_TOKEN_LEN);
	return feed;
}

static char *ics(const char *token, const char *addr, int expected)
{
	char *text = NULL;

	ck_assert_status(ptl_calendar_feed_ics(&text, test_db, token, addr), expected);
	ck_assert(expected == PTL_OK ? text != NULL : text == NULL);
	return text;
}

START_TEST(test_feed_token_given_once_and_found)
{
	ptl_calendar_feed *feed = create(family_a), *got = NULL;
	char url_end[PTL_CALENDAR_FEED_TOKEN_LEN + 16], sql[400], wrong[PTL_CALENDAR_FEED_TOKEN_LEN + 1];
	int64_t family = 0;

	snprintf(url_end, sizeof(url_end), "/ical/%s.ics", feed->token);
	ck_assert_str_eq(feed->url + strlen(feed->url) - strlen(url_end), url_end);
	/* Neither the token nor its verifier is in the database. */
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM calendar_feed WHERE position('%s' IN selector || verifier_hash) > 0",
	         feed->token + PTL_CALENDAR_FEED_SELECTOR_LEN);
	ck_assert_int_eq(test_scalar(sql), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM calendar_feed"), 1);

	ck_assert_status(ptl_calendar_feed_family(&family, test_db, feed->token), PTL_OK);
	ck_assert_int_eq(family, family_a);
	/* The reads never give the token again. */
	ck_assert_status(ptl_calendar_feed_get(&got, test_db, family_a), PTL_OK);
	ck_assert(got->active);
	ck_assert_int_eq(got->created_at, 1795680000);
	ck_assert_ptr_null(got->token);
	ck_assert_ptr_null(got->url);
	ptl_calendar_feed_free(got);

	/* One character changed in the verifier, a malformed token: unknown. */
	strcpy(wrong, feed->token);
	wrong[PTL_CALENDAR_FEED_TOKEN_LEN - 1] = wrong[PTL_CALENDAR_FEED_TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, wrong), PTL_ENOTFOUND);
	ck_assert_int_eq(family, 0);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, "abc"), PTL_ENOTFOUND);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, NULL), PTL_ENOTFOUND);
	ptl_calendar_feed_free(feed);
	ptl_calendar_feed_free(NULL);
}
END_TEST

START_TEST(test_feed_replaced_and_revoked)
{
	ptl_calendar_feed *first = create(family_a), *second = create(family_a), *b = create(family_b);
	ptl_calendar_feed *got = NULL;
	char mixed[PTL_CALENDAR_FEED_TOKEN_LEN + 1];
	int64_t family = 0;

	/* The new one replaces the old one; the other family's stays. */
	ck_assert_str_ne(first->token, second->token);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, first->token), PTL_ENOTFOUND);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, second->token), PTL_OK);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM calendar_feed WHERE revoked_at IS NULL"), 2);
	/* A's selector with B's verifier is no one's. */
	memcpy(mixed, second->token, PTL_CALENDAR_FEED_SELECTOR_LEN);
	strcpy(mixed + PTL_CALENDAR_FEED_SELECTOR_LEN, b->token + PTL_CALENDAR_FEED_SELECTOR_LEN);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, mixed), PTL_ENOTFOUND);

	ck_assert_status(ptl_calendar_feed_revoke(test_db, family_a), PTL_OK);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, second->token), PTL_ENOTFOUND);
	/* Asked for again and again (a calendar still subscribed): unknown,
	 * never throttled, nothing recorded; the replaced one likewise. */
	for (int i = 0; i < PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR + 5; i++)
		ics(i % 2 ? second->token : first->token, "198.51.100.7", PTL_ENOTFOUND);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM rate_event"), 0);
	ck_assert_status(ptl_calendar_feed_revoke(test_db, family_a), PTL_ENOTFOUND);
	ck_assert_str_eq(ptl_error_last()->message_fr, "Aucun lien d’agenda n’est actif.");
	ck_assert_status(ptl_calendar_feed_get(&got, test_db, family_a), PTL_OK);
	ck_assert(!got->active);
	ck_assert_int_eq(got->created_at, 0);
	ptl_calendar_feed_free(got);
	ck_assert_status(ptl_calendar_feed_family(&family, test_db, b->token), PTL_OK);
	ck_assert_int_eq(family, family_b);

	ck_assert_status(ptl_calendar_feed_create(&got, test_db, 999999), PTL_ENOTFOUND);
	ck_assert_ptr_null(got);
	ptl_calendar_feed_free(first);
	ptl_calendar_feed_free(second);
	ptl_calendar_feed_free(b);
}
END_TEST

static icalcomponent *parse(const char *text)
{
	icalcomponent *cal = icalparser_parse_string(text);

	ck_assert_ptr_nonnull(cal);
	ck_assert_int_eq(icalcomponent_count_errors(cal), 0);
	return cal;
}

/* The event of Léa's reservation of @p unit on @p day in @p cal, by its
 * UID, which must be there once. */
static icalcomponent *event_of(icalcomponent *cal, const char *day, const char *unit)
{
	icalcomponent *found = NULL;
	char sql[300], uid[64];

	snprintf(sql, sizeof(sql), "SELECT r.id FROM reservation r JOIN unit u ON u.id = r.unit_id"
	         " WHERE r.day = '%s' AND u.code = '%s' AND r.enrolment_id = %lld", day, unit,
	         (long long)lea_enrolment);
	snprintf(uid, sizeof(uid), "reservation-%lld@portail-famille", test_scalar(sql));
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(e), uid) == 0) {
			ck_assert_msg(!found, "two events %s", uid);
			found = e;
		}
	ck_assert_msg(found != NULL, "no event %s", uid);
	return found;
}

static long long dtstart_of(icalcomponent *e)
{
	return (long long)icaltime_as_timet(icalcomponent_get_dtstart(e));
}

START_TEST(test_feed_shows_the_family_reservations)
{
	ptl_calendar_feed *a = create(family_a), *b = create(family_b);
	char *text = ics(a->token, "198.51.100.7", PTL_OK);
	icalcomponent *cal = parse(text), *e;

	/* Booked, pending, cancellation pending, and repas: four. */
	ck_assert_int_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 4);
	e = event_of(cal, "2026-12-02", "journee");
	ck_assert_str_eq(icalcomponent_get_summary(e), "Léa — Journée (ALSH Mercredis 2026/2027)");
	ck_assert_int_eq(dtstart_of(e), 1796196600);  /* 2026-12-02T07:30:00Z */
	ck_assert_int_eq(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
	e = event_of(cal, "2026-12-09", "journee");
	ck_assert_int_eq(icalcomponent_get_status(e), ICAL_STATUS_TENTATIVE);
	ck_assert_int_eq(dtstart_of(e), 1796801400);  /* 2026-12-09T07:30:00Z */
	e = event_of(cal, "2026-12-16", "matin");
	ck_assert_str_eq(icalcomponent_get_summary(e), "Léa — Matin (ALSH Mercredis 2026/2027)");
	ck_assert_int_eq(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
	ck_assert_int_eq(dtstart_of(e), 1797406200);  /* 2026-12-16T07:30:00Z */
	ck_assert_int_eq((long long)icaltime_as_timet(icalcomponent_get_dtend(e)),
	                 1797418800);                 /* 11:00Z */
	e = event_of(cal, "2026-12-16", "repas");
	ck_assert(icalcomponent_get_dtstart(e).is_date);
	ck_assert_ptr_nonnull(strstr(text, "X-WR-CALNAME:Réservations – famille "));
	/* Neither cancelled, nor waiting, nor over a year old, nor Hugo's. */
	ck_assert_ptr_null(strstr(text, "20270106"));
	ck_assert_ptr_null(strstr(text, "20270113"));
	ck_assert_ptr_null(strstr(text, "20251001"));
	ck_assert_ptr_null(strstr(text, "Hugo"));
	icalcomponent_free(cal);
	free(text);

	/* B's feed: Hugo's day only. */
	text = ics(b->token, "198.51.100.7", PTL_OK);
	cal = parse(text);
	ck_assert_int_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
	ck_assert_ptr_nonnull(strstr(text, "SUMMARY:Hugo — Journée (ALSH Mercredis 2026/2027)"));
	ck_assert_ptr_null(strstr(text, "Léa"));
	icalcomponent_free(cal);
	free(text);

	/* A cancelled enrolment takes its reservations out of the feed. */
	test_exec("UPDATE enrolment SET status = 'cancelled', reason = 'Départ'"
	         " WHERE child_id IN (SELECT id FROM child WHERE first_name = 'Léa')");
	text = ics(a->token, "198.51.100.7", PTL_OK);
	cal = parse(text);
	ck_assert_int_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
	icalcomponent_free(cal);
	free(text);
	ptl_calendar_feed_free(a);
	ptl_calendar_feed_free(b);
}
END_TEST

START_TEST(test_feed_unknown_tokens_throttled)
{
	ptl_calendar_feed *a = create(family_a);
	char wrong[PTL_CALENDAR_FEED_TOKEN_LEN + 1], *text;

	strcpy(wrong, a->token);
	wrong[PTL_CALENDAR_FEED_SELECTOR_LEN] = wrong[PTL_CALENDAR_FEED_SELECTOR_LEN] == 'x' ? 'y' : 'x';
	for (int i = 0; i < PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR; i++)
		ics(i % 2 ? wrong : "malformed", "203.0.113.9", PTL_ENOTFOUND);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM rate_event WHERE client_addr = '203.0.113.9'"),
	                 PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR);
	/* That address now waits, even with the right token; another does not. */
	ics(wrong, "203.0.113.9", PTL_ETHROTTLED);
	ics(a->token, "203.0.113.9", PTL_ETHROTTLED);
	ck_assert_int_eq(ptl_error_last()->retry_after, 3600);
	text = ics(a->token, "198.51.100.7", PTL_OK);
	free(text);
	/* An hour later it may try again. */
	ptl_clock_set(1795680000 + 3601);
	text = ics(a->token, "203.0.113.9", PTL_OK);
	free(text);
	ptl_calendar_feed_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("calendar_feed");
	TCase *tc = tcase_create("feed");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_feed_token_given_once_and_found);
	tcase_add_test(tc, test_feed_replaced_and_revoked);
	tcase_add_test(tc, test_feed_shows_the_family_reservations);
	tcase_add_test(tc, test_feed_unknown_tokens_throttled);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
