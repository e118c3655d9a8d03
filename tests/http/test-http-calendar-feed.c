/*
 * test-http-calendar-feed.c — the calendar feed over real HTTP: the
 * family's feed created (the address given once), read by a calendar
 * without any cookie (text/calendar, the family's reservations booked
 * through the API and nothing of another family), replaced and revoked
 * (the old address then answers the same "page introuvable" as any
 * unknown address), its status read without the address, the session and
 * CSRF rules of the changes, unknown addresses throttled, and the token
 * never in portail-web's log.
 * The server's clock is 2026-11-26 (PORTAIL_NOW); the catalogue is
 * catalogue-fixture.h with its reservation units, and journee given hours
 * here (08:30-17:30).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "catalogue-fixture.h"
#include "harness.h"
#include "suite.h"
#include "testdb.h"

#define NOW "2026-11-26T08:00:00Z"
#define PASSWORD "Banc-d-essai-2026"
#define FEED "/api/v1/calendar-feed"

static char *conninfo;

/* Book unit journee of @p day for @p enrolment through the API. */
static void book(struct http_client *c, int64_t enrolment, const char *day)
{
	char path[128];
	struct http_reply *r;

	snprintf(path, sizeof(path), "/api/v1/enrolments/%lld/reservations", (long long)enrolment);
	r = http_call_json(c, "POST", path,
	                   json_pack("{s:[{s:s, s:s}]}", "book", "day", day, "unit", "journee"),
	                   c->csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(r->json, "results"), 0), "outcome")), "booked");
	http_reply_free(r);
}

/* POST the feed: 201; its address's path ("/ical/....ics") into @p path
 * and its token into @p token. */
static void create(struct http_client *c, char path[128], char token[128])
{
	struct http_reply *r = http_call(c, "POST", FEED, NULL, c->csrf);
	const char *url, *p;

	ck_assert_int_eq(r->status, 201);
	ck_assert(json_is_true(json_object_get(r->json, "active")));
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "created_at")), NOW);
	url = json_string_value(json_object_get(r->json, "url"));
	ck_assert_ptr_nonnull(url);
	p = strstr(url, "/ical/");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_lt(strlen(p), 128);
	strcpy(path, p);
	ck_assert_uint_eq(strlen(path), strlen("/ical/.ics") + PTL_CALENDAR_FEED_TOKEN_LEN);
	ck_assert_str_eq(path + strlen(path) - 4, ".ics");
	snprintf(token, 128, "%.*s", PTL_CALENDAR_FEED_TOKEN_LEN, path + 6);
	http_reply_free(r);
}

/* GET @p path as a calendar would (@p anon: no cookie): its reply. */
static struct http_reply *fetch(struct http_client *anon, const char *path)
{
	return http_call(anon, "GET", path, NULL, NULL);
}

/* @p path answers the same 404 as an address that never existed. */
static void assert_unknown(struct http_client *anon, const char *path)
{
	struct http_reply *r = fetch(anon, path), *never = fetch(anon, "/pas-une-page.ics");

	ck_assert_int_eq(r->status, 404);
	ck_assert_int_eq(never->status, 404);
	ck_assert_str_eq(r->body, never->body);
	ck_assert_ptr_null(strstr(r->body, "agenda"));
	http_reply_free(r);
	http_reply_free(never);
}

/* Does file @p name hold @p text? */
static bool file_holds(const char *name, const char *text)
{
	FILE *f = fopen(name, "r");
	char line[4096];
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

START_TEST(test_http_calendar_feed)
{
	struct test_server_opts so = { .conninfo = conninfo, .now = NOW };
	struct test_server s;
	struct http_client c, other, anon;
	struct http_reply *r;
	ptl_demo_generated made;
	ptl_db *db = NULL;
	int64_t lea, hugo;
	char path[128], token[128], first_path[128], first_token[128], b_path[128], b_token[128];
	char log[128], buf[256], raw[512], wrong[128];
	int fd;

	test_sql(conninfo, TEST_CATALOGUE_SQL);
	test_sql(conninfo, TEST_RESERVATION_UNITS_SQL);
	test_sql(conninfo, "UPDATE unit SET starts_at = '08:30', ends_at = '17:30'"
	                   " WHERE code = 'journee'");
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_demo_generate(&made, db, 2, PASSWORD), PTL_OK);
	ptl_db_close(db);
	lea = test_enrolled(conninfo, made.first_family_id, "Léa", 1);
	hugo = test_enrolled(conninfo, made.first_family_id + 1, "Hugo", 1);
	snprintf(log, sizeof(log), "/tmp/portail-calendar-feed-%ld.log", (long)getpid());
	so.stderr_file = log;
	test_server_start(&s, &so);
	http_client_init(&c, &s);
	http_client_init(&other, &s);
	http_client_init(&anon, &s);

	/* A session for all three; the CSRF token for the changes. */
	r = http_call(&c, "GET", FEED, NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	http_login_generated(&c, made.first_family_id, PASSWORD);
	http_login_generated(&other, made.first_family_id + 1, PASSWORD);
	r = http_call(&c, "POST", FEED, NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call(&c, "GET", FEED, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(json_is_false(json_object_get(r->json, "active")));
	ck_assert(json_is_null(json_object_get(r->json, "created_at")));
	http_reply_free(r);
	r = http_call(&c, "DELETE", FEED, NULL, c.csrf);
	ck_assert_int_eq(r->status, 404);
	ck_assert_str_eq(http_error_message(r), "Aucun lien d’agenda n’est actif.");
	http_reply_free(r);

	book(&c, lea, "2026-12-02");
	book(&other, hugo, "2026-12-09");

	/* Created: the address once; the status never gives it again. */
	create(&c, first_path, first_token);
	r = http_call(&c, "GET", FEED, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(json_is_true(json_object_get(r->json, "active")));
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "created_at")), NOW);
	ck_assert_ptr_null(json_object_get(r->json, "url"));
	ck_assert_ptr_null(strstr(r->body, first_token));
	http_reply_free(r);

	/* Read by a calendar, without a cookie. */
	r = fetch(&anon, first_path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof(buf)),
	                 "text/calendar; charset=utf-8");
	ck_assert_str_eq(http_header(r, "Cache-Control", buf, sizeof(buf)), "private, max-age=300");
	ck_assert_ptr_null(http_set_cookie(r, "portail_session", buf, sizeof(buf)));
	ck_assert_ptr_nonnull(strstr(r->body, "BEGIN:VCALENDAR\r\n"));
	ck_assert_ptr_nonnull(strstr(r->body,
		"SUMMARY:Léa — Journée (ALSH Mercredis 2026/2027)\r\n"));
	ck_assert_ptr_nonnull(strstr(r->body, "DTSTART:20261202T073000Z\r\n"));
	ck_assert_ptr_null(strstr(r->body, "Hugo"));
	ck_assert_ptr_null(strstr(r->body, "20261209"));
	http_reply_free(r);

	/* The other family's feed: Hugo's day, nothing of Léa's. */
	create(&other, b_path, b_token);
	r = fetch(&anon, b_path);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(strstr(r->body, "SUMMARY:Hugo — Journée"));
	ck_assert_ptr_nonnull(strstr(r->body, "DTSTART:20261209T073000Z\r\n"));
	ck_assert_ptr_null(strstr(r->body, "Léa"));
	ck_assert_ptr_null(strstr(r->body, "20261202"));
	http_reply_free(r);
	/* A's session with B's address is still B's feed, never A's data; A
	 * cannot revoke B's. */
	r = fetch(&c, b_path);
	ck_assert_ptr_null(strstr(r->body, "Léa"));
	http_reply_free(r);

	/* Replaced: the old address is unknown, the new one answers. */
	create(&c, path, token);
	ck_assert_str_ne(path, first_path);
	assert_unknown(&anon, first_path);
	r = fetch(&anon, path);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	/* Revoked: unknown at once; the other family's stays. */
	r = http_call(&c, "DELETE", FEED, NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call(&c, "DELETE", FEED, NULL, c.csrf);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);
	assert_unknown(&anon, path);
	r = fetch(&anon, b_path);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&c, "GET", FEED, NULL, NULL);
	ck_assert(json_is_false(json_object_get(r->json, "active")));
	http_reply_free(r);

	/* Asked for again, a revoked address is still unknown. */
	for (int i = 0; i < 5; i++)
		assert_unknown(&anon, first_path);
	strcpy(wrong, b_path);

	/* Malformed addresses: the same 404. */
	assert_unknown(&anon, "/ical/abc.ics");
	assert_unknown(&anon, "/ical/.ics");

	/* Requests no client would send, with the token in them. */
	snprintf(raw, sizeof(raw), "GET %s HTTP/9.9\r\nHost: x\r\n\r\n", b_path);
	fd = test_raw_connect(&s, raw);
	test_raw_wait_closed(fd, 2000, NULL, 0);
	close(fd);
	snprintf(raw, sizeof(raw), "GET %s?x HTTP/1.1\r\nHost: x\r\nContent-Length: -4\r\n\r\n",
	         b_path);
	fd = test_raw_connect(&s, raw);
	test_raw_wait_closed(fd, 2000, NULL, 0);
	close(fd);

	/* Unknown addresses from one client address: refused after the limit,
	 * even the right one, for a while. Only "/ical/abc.ics" counted so
	 * far: the revoked addresses, asked for again, are not guesses. */
	wrong[strlen(wrong) - 5] = wrong[strlen(wrong) - 5] == 'A' ? 'B' : 'A';
	for (int i = 0; i < PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR - 1; i++) {
		r = fetch(&anon, wrong);
		ck_assert_int_eq(r->status, 404);
		http_reply_free(r);
	}
	r = fetch(&anon, path);
	ck_assert_int_eq(r->status, 429);
	ck_assert_ptr_nonnull(http_header(r, "Retry-After", buf, sizeof(buf)));
	http_reply_free(r);
	r = fetch(&anon, b_path);
	ck_assert_int_eq(r->status, 429);
	http_reply_free(r);

	http_client_cleanup(&c);
	http_client_cleanup(&other);
	http_client_cleanup(&anon);
	ck_assert_int_eq(test_server_stop(&s), 0);
	/* No token in the log, whatever came. */
	ck_assert(!file_holds(log, first_token));
	ck_assert(!file_holds(log, token));
	ck_assert(!file_holds(log, b_token));
	ck_assert(!file_holds(log, b_token + PTL_CALENDAR_FEED_SELECTOR_LEN));
	unlink(log);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("http_calendar_feed");
	TCase *tc = tcase_create("feed");

	tcase_set_timeout(tc, 110);
	tcase_add_test(tc, test_http_calendar_feed);
	suite_add_tcase(suite, tc);
	return ptl_test_run_with_db(suite, "http_calendar_feed", &conninfo);
}
