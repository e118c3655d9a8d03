/*
 * test-http-reservations.c — the reservation endpoints over real HTTP, as
 * the pages use them (reservation-api.md): a child's month calendar (401
 * without a session, 404 for another family's enrolment, 422 for a bad
 * month), booking and cancelling a selection (403 without the CSRF token,
 * 422 with the field for a malformed body, 409 for an enrolment not
 * validated, refusals day by day in the results, a booking that waits for
 * validation on the dashboard), and 200 parents booking at once the last
 * day of a group with 10 places: exactly 10 booked, the others on the
 * waiting list, every answer matching the database, no server error. The
 * bookings of one day are judged one after the other under its row lock,
 * each in a few milliseconds, more on a busy shared 2-core machine: that
 * server lets a request wait up to 60 s for a database connection
 * (--db-wait-ms) instead of 2 s, so that the last of 200 bookings queued
 * behind one lock is answered rather than turned away with a 503.
 * The server's clock is 2026-11-26 (PORTAIL_NOW); the catalogue is
 * catalogue-fixture.h with units added here: mercredis-2026 opens on
 * Wednesdays, closed on 2026-12-23; journee, matin (incompatible with
 * journee, links repas), repas (depends on matin).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "catalogue-fixture.h"
#include "harness.h"
#include "suite.h"
#include "testdb.h"

#define NOW "2026-11-26T08:00:00Z"
#define PASSWORD "Banc-d-essai-2026"

static char *conninfo;

static const char *str(json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	ck_assert_msg(json_is_string(v), "%s is not a string", name);
	return json_string_value(v);
}

/* The catalogue, once for the suite's database. */
static void catalogue(void)
{
	if (test_sql_long(conninfo, "SELECT count(*) FROM unit") > 0)
		return;
	test_sql(conninfo, TEST_CATALOGUE_SQL);
	test_sql(conninfo, TEST_RESERVATION_UNITS_SQL);
}

/* @p count children of family @p family, each with a validated enrolment in
 * elementaires of mercredis-2026: the first enrolment's id (the others
 * follow). */
static int64_t enrolled(int64_t family, int count, const char *first)
{
	char sql[1400];

	snprintf(sql, sizeof(sql), TEST_ENROLLED_SQL_FORMAT, (long long)family, first, count, count,
	         (long long)family);
	test_sql(conninfo, sql);
	return test_sql_long(conninfo, "SELECT max(id) FROM enrolment") - count + 1;
}

static ptl_demo_generated generate(int64_t families)
{
	ptl_demo_generated made;
	ptl_db *db = NULL;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_demo_generate(&made, db, families, PASSWORD), PTL_OK);
	ptl_db_close(db);
	return made;
}

static json_t *picks(const char *list, const char *day, const char *unit)
{
	return json_pack("{s:[{s:s, s:s}]}", list, "day", day, "unit", unit);
}

/* The unit @p unit of day @p day of a calendar answer. */
static json_t *cal_unit(json_t *cal, const char *day, const char *unit)
{
	size_t i, k;
	json_t *d, *u;

	json_array_foreach(json_object_get(cal, "days"), i, d)
		if (strcmp(str(d, "day"), day) == 0)
			json_array_foreach(json_object_get(d, "units"), k, u)
				if (strcmp(str(u, "unit"), unit) == 0)
					return u;
	ck_abort_msg("no %s on %s", unit, day);
	return NULL;
}

START_TEST(test_http_reservations_calendar_and_changes)
{
	struct test_server_opts so = { .conninfo = conninfo, .now = NOW };
	struct test_server s;
	struct http_client c, other;
	struct http_reply *r;
	ptl_demo_generated made;
	int64_t lea, hugo;
	char cal[128], book[128];
	json_t *results, *d;

	catalogue();
	made = generate(2);
	lea = enrolled(made.first_family_id, 1, "Léa");
	hugo = enrolled(made.first_family_id + 1, 1, "Hugo");
	test_server_start(&s, &so);
	http_client_init(&c, &s);
	http_client_init(&other, &s);
	snprintf(cal, sizeof(cal), "/api/v1/enrolments/%lld/calendar?month=2026-12", (long long)lea);
	snprintf(book, sizeof(book), "/api/v1/enrolments/%lld/reservations", (long long)lea);

	r = http_call(&c, "GET", cal, NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	http_login_generated(&c, made.first_family_id, PASSWORD);
	http_login_generated(&other, made.first_family_id + 1, PASSWORD);

	/* The month, every day. */
	r = http_call(&c, "GET", cal, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(str(r->json, "month"), "2026-12");
	ck_assert_str_eq(str(json_object_get(r->json, "enrolment"), "child_name"), "Léa Lambert");
	ck_assert_str_eq(str(json_object_get(json_object_get(r->json, "enrolment"), "group"),
	                     "code"), "elementaires");
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "days")), 31);
	d = json_array_get(json_object_get(r->json, "days"), 0);
	ck_assert_str_eq(str(d, "state"), "weekday_closed");
	d = json_array_get(json_object_get(r->json, "days"), 22);
	ck_assert_str_eq(str(d, "state"), "closed");
	ck_assert_str_eq(str(d, "reason"), "Vacances de Noël");
	ck_assert_str_eq(str(cal_unit(r->json, "2026-12-02", "journee"), "state"), "bookable");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_array_get(
		json_object_get(r->json, "units"), 1), "incompatible_with"), 0)), "journee");
	http_reply_free(r);
	snprintf(cal, sizeof(cal), "/api/v1/enrolments/%lld/calendar?month=2026-13", (long long)lea);
	r = http_call(&c, "GET", cal, NULL, NULL);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "month");
	http_reply_free(r);
	snprintf(cal, sizeof(cal), "/api/v1/enrolments/%lld/calendar?month=2026-12", (long long)lea);
	r = http_call(&other, "GET", cal, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* Booking: CSRF, the body's shape, another family's enrolment. */
	r = http_call_json(&c, "POST", book, picks("book", "2026-12-02", "journee"), NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call_json(&c, "POST", book, json_pack("{s:s}", "book", "2026-12-02"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "book");
	http_reply_free(r);
	r = http_call_json(&c, "POST", book, picks("book", "2026-12-32", "journee"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "book[0].day");
	http_reply_free(r);
	r = http_call_json(&other, "POST", book, picks("book", "2026-12-02", "journee"), other.csrf);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* Two days: one booked, one refused with why. */
	r = http_call_json(&c, "POST", book,
	                   json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "book",
	                             "day", "2026-12-02", "unit", "journee",
	                             "day", "2026-12-23", "unit", "journee"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	results = json_object_get(r->json, "results");
	ck_assert_int_eq(json_array_size(results), 2);
	ck_assert_str_eq(str(json_array_get(results, 0), "outcome"), "booked");
	ck_assert_str_eq(str(json_array_get(results, 0), "action"), "book");
	ck_assert_str_eq(str(json_array_get(results, 1), "outcome"), "refused");
	ck_assert_str_eq(str(json_array_get(results, 1), "reason_code"), "closed");
	ck_assert_str_eq(str(json_array_get(results, 1), "reason"), "Fermé (Vacances de Noël)");
	ck_assert(json_is_null(json_object_get(r->json, "request")));
	http_reply_free(r);
	/* Hugo's family sees the day full, then waits on its list. */
	snprintf(cal, sizeof(cal), "/api/v1/enrolments/%lld/calendar?month=2026-12",
	         (long long)hugo);
	r = http_call(&other, "GET", cal, NULL, NULL);
	ck_assert_str_eq(str(cal_unit(r->json, "2026-12-02", "journee"), "state"), "full");
	http_reply_free(r);
	snprintf(book, sizeof(book), "/api/v1/enrolments/%lld/reservations", (long long)hugo);
	r = http_call_json(&other, "POST", book, picks("book", "2026-12-02", "journee"), other.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(str(json_array_get(json_object_get(r->json, "results"), 0), "outcome"),
	                 "waiting");
	ck_assert_int_eq(json_integer_value(json_object_get(
		json_array_get(json_object_get(r->json, "results"), 0), "rank")), 1);
	http_reply_free(r);
	/* Léa's family cancels: Hugo gets the place. */
	snprintf(book, sizeof(book), "/api/v1/enrolments/%lld/reservations", (long long)lea);
	r = http_call_json(&c, "POST", book, picks("cancel", "2026-12-02", "journee"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(str(json_array_get(json_object_get(r->json, "results"), 0), "outcome"),
	                 "cancelled");
	http_reply_free(r);
	r = http_call(&other, "GET", cal, NULL, NULL);
	ck_assert_str_eq(str(cal_unit(r->json, "2026-12-02", "journee"), "state"), "booked");
	http_reply_free(r);

	/* A booking that waits for validation is on the dashboard. */
	test_sql(conninfo, "UPDATE period SET reservation_rules ="
	                   " '{\"booking\": {\"validation\": true}}'");
	r = http_call_json(&c, "POST", book, picks("book", "2026-12-09", "matin"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	results = json_object_get(r->json, "results");
	ck_assert_int_eq(json_array_size(results), 2);  /* matin, and repas it links */
	ck_assert_str_eq(str(json_array_get(results, 0), "outcome"), "pending");
	ck_assert_str_eq(str(json_array_get(results, 1), "added"), "linked");
	ck_assert_str_eq(str(json_object_get(r->json, "request"), "kind"), "reservation");
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/requests", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_msg(strstr(r->body, "\"reservation\""), "%s", r->body);
	http_reply_free(r);

	/* An enrolment that is not validated cannot book. */
	test_sql(conninfo, "UPDATE enrolment SET status = 'pending'");
	r = http_call_json(&c, "POST", book, picks("book", "2026-12-16", "journee"), c.csrf);
	ck_assert_int_eq(r->status, 409);
	ck_assert_str_eq(http_error_field(r), "enrolment");
	http_reply_free(r);

	http_client_cleanup(&c);
	http_client_cleanup(&other);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

/* --- 200 parents at once for 10 places -------------------------------------------- */

#define FAMILIES 20
#define PER_FAMILY 10
#define RACERS (FAMILIES * PER_FAMILY)

struct racer {
	pthread_t thread;
	struct http_client c;
	int64_t enrolment;
	long status;
	char outcome[16];
	int rank;
};

static pthread_barrier_t start_line;

static void *race(void *arg)
{
	struct racer *me = arg;
	char path[96];
	struct http_reply *r;

	snprintf(path, sizeof(path), "/api/v1/enrolments/%lld/reservations",
	         (long long)me->enrolment);
	pthread_barrier_wait(&start_line);
	r = http_call_json(&me->c, "POST", path, picks("book", "2026-12-16", "journee"), me->c.csrf);
	me->status = r->status;
	if (r->status == 200) {
		json_t *item = json_array_get(json_object_get(r->json, "results"), 0);

		snprintf(me->outcome, sizeof(me->outcome), "%s",
		         json_string_value(json_object_get(item, "outcome")));
		me->rank = (int)json_integer_value(json_object_get(item, "rank"));
	}
	http_reply_free(r);
	return NULL;
}

START_TEST(test_http_reservations_200_parents_for_10_places)
{
	struct test_server_opts so = { .conninfo = conninfo, .now = NOW,
	                               .extra = { "--db-wait-ms", "60000", NULL } };
	struct test_server s;
	static struct racer racers[RACERS];
	struct http_client parents[FAMILIES];
	ptl_demo_generated made;
	int booked = 0, waiting = 0;
	char sql[300];

	catalogue();
	test_sql(conninfo, "UPDATE period_group SET capacity = 10 WHERE code = 'elementaires';"
	                   "UPDATE period SET reservation_rules = '{}'");
	made = generate(FAMILIES);
	test_server_start(&s, &so);
	for (int f = 0; f < FAMILIES; f++) {
		int64_t first = enrolled(made.first_family_id + f, PER_FAMILY, "Enfant");

		http_client_init(&parents[f], &s);
		http_login_generated(&parents[f], made.first_family_id + f, PASSWORD);
		for (int k = 0; k < PER_FAMILY; k++) {
			struct racer *me = &racers[f * PER_FAMILY + k];

			*me = (struct racer){ .enrolment = first + k };
			http_client_init(&me->c, &s);
			memcpy(me->c.session, parents[f].session, sizeof(me->c.session));
			memcpy(me->c.csrf_cookie, parents[f].csrf_cookie, sizeof(me->c.csrf_cookie));
			memcpy(me->c.csrf, parents[f].csrf, sizeof(me->c.csrf));
		}
	}
	ck_assert_int_eq(pthread_barrier_init(&start_line, NULL, RACERS), 0);
	for (int i = 0; i < RACERS; i++)
		ck_assert_int_eq(pthread_create(&racers[i].thread, NULL, race, &racers[i]), 0);
	for (int i = 0; i < RACERS; i++)
		pthread_join(racers[i].thread, NULL);
	pthread_barrier_destroy(&start_line);

	for (int i = 0; i < RACERS; i++) {
		struct racer *me = &racers[i];
		const char *in_db;

		ck_assert_msg(me->status == 200, "attempt %d answered %ld", i, me->status);
		booked += strcmp(me->outcome, "booked") == 0;
		waiting += strcmp(me->outcome, "waiting") == 0;
		/* The answer is what the database holds. */
		snprintf(sql, sizeof(sql),
		         "SELECT CASE status WHEN 'booked' THEN 1 WHEN 'waiting' THEN 2 ELSE 3 END"
		         "  FROM reservation WHERE enrolment_id = %lld AND status <> 'cancelled'"
		         "   AND day = '2026-12-16'",
		         (long long)me->enrolment);
		in_db = test_sql_long(conninfo, sql) == 1 ? "booked" : "waiting";
		ck_assert_str_eq(me->outcome, in_db);
		if (strcmp(me->outcome, "waiting") == 0) {
			snprintf(sql, sizeof(sql),
			         "SELECT 1 + (SELECT count(*) FROM reservation w WHERE w.status = 'waiting'"
			         "   AND w.day = r.day AND w.waiting_seq < r.waiting_seq)"
			         "  FROM reservation r WHERE r.enrolment_id = %lld AND r.status = 'waiting'",
			         (long long)me->enrolment);
			ck_assert_int_eq(me->rank, test_sql_long(conninfo, sql));
		}
	}
	ck_assert_int_eq(booked, 10);
	ck_assert_int_eq(waiting, RACERS - 10);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT count(*) FROM reservation"
	                                         " WHERE status = 'booked' AND day = '2026-12-16'"),
	                 10);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT taken FROM reservation_load"
	                                         " WHERE day = '2026-12-16'"), 10);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT count(DISTINCT waiting_seq) FROM reservation"
	                                         " WHERE status = 'waiting' AND day = '2026-12-16'"),
	                 RACERS - 10);

	for (int i = 0; i < RACERS; i++)
		http_client_cleanup(&racers[i].c);
	for (int f = 0; f < FAMILIES; f++)
		http_client_cleanup(&parents[f]);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("http_reservations");
	TCase *tc = tcase_create("reservations");

	tcase_set_timeout(tc, 110);
	tcase_add_test(tc, test_http_reservations_calendar_and_changes);
	tcase_add_test(tc, test_http_reservations_200_parents_for_10_places);
	suite_add_tcase(suite, tc);
	return ptl_test_run_with_db(suite, "http_reservations", &conninfo);
}
