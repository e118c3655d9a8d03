/*
 * test-http-throttle.c — login throttling over HTTP: after repeated
 * failures the server answers 429 with Retry-After, for a known and an
 * unknown email alike, and lets the parent in again once the delay has
 * passed. The server's clock is fixed (PORTAIL_NOW) so that no delay
 * runs out while the test works. A suite of its own: the failures from
 * 127.0.0.1 must not slow the other suites down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void start_at(struct test_server *s, struct http_client *c, ptl_time t)
{
	struct test_server_opts o = { .conninfo = conninfo };
	char now[32];

	test_time_text(now, t);
	o.now = now;
	test_server_start(s, &o);
	http_client_init(c, s);
}

static void stop(struct test_server *s, struct http_client *c)
{
	http_client_cleanup(c);
	ck_assert_int_eq(test_server_stop(s), 0);
}

/* Fail to log in until refused; returns the 429 reply (the test fails if
 * none comes within ten attempts or one comes within the first five). */
static struct http_reply *fail_until_throttled(struct http_client *c, const char *email)
{
	for (int attempt = 1; attempt <= 10; attempt++) {
		struct http_reply *r = http_login(c, email, "Pas-le-bon-mot-de-passe");

		if (r->status == 429) {
			ck_assert_msg(attempt > 5, "throttled after only %d attempts", attempt);
			return r;
		}
		ck_assert_msg(r->status == 401, "attempt %d: %ld", attempt, r->status);
		http_reply_free(r);
	}
	ck_abort_msg("never throttled");
	return NULL;
}

static void assert_throttled(struct http_reply *r)
{
	char buf[64];
	const char *retry = http_header(r, "Retry-After", buf, sizeof(buf));
	char *end;
	long seconds;

	ck_assert_int_eq(r->status, 429);
	ck_assert_str_eq(http_error_code(r), "throttled");
	ck_assert_str_ne(http_error_message(r), "");
	ck_assert_msg(retry != NULL, "no Retry-After");
	seconds = strtol(retry, &end, 10);
	ck_assert_msg(*end == '\0' && seconds >= 1 && seconds <= 24 * 3600, "Retry-After: %s", retry);
}

START_TEST(test_http_login_throttled_429)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	ptl_time t0 = (ptl_time)time(NULL);

	test_family_seed(conninfo, "throttle", true, &f);
	start_at(&s, &c, t0);
	r = fail_until_throttled(&c, f.email);
	assert_throttled(r);
	http_reply_free(r);

	/* While it lasts, even the right password waits. */
	r = http_login(&c, f.email, f.password);
	assert_throttled(r);
	ck_assert_str_eq(c.session, "");
	http_reply_free(r);
	stop(&s, &c);

	/* A quarter of an hour later (the longest delay), the parent gets in. */
	start_at(&s, &c, t0 + 16 * 60);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	stop(&s, &c);
}
END_TEST

START_TEST(test_http_unknown_email_throttled_alike)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char email[128];
	ptl_time t0 = (ptl_time)time(NULL) + 3600;

	snprintf(email, sizeof(email), "nobody.%ld@example.org", (long)getpid());
	start_at(&s, &c, t0);
	r = fail_until_throttled(&c, email);
	assert_throttled(r);
	http_reply_free(r);
	stop(&s, &c);
}
END_TEST

/* A failed login for a fresh unknown email, as forwarded by a proxy for
 * client @p forwarded_for. */
static long login_forwarded(struct http_client *c, const char *forwarded_for)
{
	static int serial;
	char email[128], body[256], header[128];
	const char *headers[] = { header, "Content-Type: application/json", NULL };
	struct http_reply *r;
	long status;

	snprintf(email, sizeof(email), "proxy.%ld.%d@example.org", (long)getpid(), ++serial);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"Pas-le-bon-mot\"}", email);
	snprintf(header, sizeof(header), "X-Forwarded-For: %s", forwarded_for);
	http_get_anonymous_csrf(c);
	r = http_call_raw(c, "POST", "/api/v1/session", body, strlen(body), c->csrf, headers, false);
	status = r->status;
	http_reply_free(r);
	return status;
}

START_TEST(test_http_throttle_by_forwarded_address_behind_trusted_proxy)
{
	struct test_server_opts o = { .conninfo = conninfo,
	                              .extra = { "--trusted-proxy", "127.0.0.1", NULL } };
	struct test_server s;
	struct http_client c;
	char now[32];

	test_time_text(now, (ptl_time)time(NULL) + 2 * 86400);
	o.now = now;
	test_server_start(&s, &o);
	http_client_init(&c, &s);
	/* Six failures of one client behind the proxy: that client waits... */
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(login_forwarded(&c, "10.9.8.7, 198.51.100.20"), 401);
	ck_assert_int_eq(login_forwarded(&c, "198.51.100.20"), 429);
	/* ...not the other clients of the same proxy. */
	ck_assert_int_eq(login_forwarded(&c, "198.51.100.21"), 401);
	stop(&s, &c);
}
END_TEST

START_TEST(test_http_forwarded_for_ignored_without_trusted_proxy)
{
	struct test_server s;
	struct http_client c;
	char client[32];

	start_at(&s, &c, (ptl_time)time(NULL) + 3 * 86400);
	/* A client cannot escape throttling by claiming other addresses. */
	for (int i = 0; i < 6; i++) {
		snprintf(client, sizeof(client), "198.51.100.%d", 30 + i);
		ck_assert_int_eq(login_forwarded(&c, client), 401);
	}
	ck_assert_int_eq(login_forwarded(&c, "198.51.100.99"), 429);
	stop(&s, &c);
}
END_TEST

static Suite *throttle_suite(void)
{
	Suite *s = suite_create("http_throttle");
	TCase *tc = tcase_create("throttle");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_login_throttled_429);
	tcase_add_test(tc, test_http_unknown_email_throttled_alike);
	tcase_add_test(tc, test_http_throttle_by_forwarded_address_behind_trusted_proxy);
	tcase_add_test(tc, test_http_forwarded_for_ignored_without_trusted_proxy);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(throttle_suite(), "http_throttle", &conninfo);
}
