/*
 * test-http-throttle.c — login throttling over HTTP, as an attacker and as
 * the parent see it: after repeated failures the server answers 429 with
 * Retry-After, for a known and an unknown email alike; neither a burst of
 * simultaneous guesses nor guesses interleaved with successful logins (to
 * one's own account, or the victim's from home) get more attempts
 * evaluated than the rules allow; the parent's browser that logged in before (device cookie) gets
 * in while the account is under attack; a reset link or a new one-time
 * code lifts the account's limit. The server's clock is fixed (PORTAIL_NOW)
 * so that no delay runs out while the test works; client addresses come
 * from X-Forwarded-For behind a trusted proxy. The figures measured are
 * printed.
 */
#include <pthread.h>
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
	test_server_stop_with_client(&s, &c);

	/* A quarter of an hour later (the longest delay), the parent gets in. */
	start_at(&s, &c, t0 + 16 * 60);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
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
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* A login attempt on @p email as forwarded by a proxy for client
 * @p forwarded_for (NULL: no X-Forwarded-For). @return the status. */
static long login_from(struct http_client *c, const char *email, const char *password,
                       const char *forwarded_for)
{
	char body[512], header[128];
	const char *headers[] = { header, NULL };
	struct http_reply *r;
	long status;

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	snprintf(header, sizeof(header), "X-Forwarded-For: %s", forwarded_for ? forwarded_for : "");
	http_get_anonymous_csrf(c);
	r = http_call_raw(c, "POST", "/api/v1/session", body, strlen(body), c->csrf,
	                  forwarded_for ? headers : NULL, false);
	status = r->status;
	http_reply_free(r);
	return status;
}

#define WRONG "Pas-le-bon-mot-de-passe"

/* A server that trusts 127.0.0.1 as its reverse proxy, its clock at @p t. */
static void start_behind_proxy(struct test_server *s, struct http_client *c, ptl_time t)
{
	struct test_server_opts o = { .conninfo = conninfo,
	                              .extra = { "--trusted-proxy", "127.0.0.1", NULL } };
	char now[32];

	test_time_text(now, t);
	o.now = now;
	test_server_start(s, &o);
	http_client_init(c, s);
}

START_TEST(test_http_throttle_by_forwarded_address_behind_trusted_proxy)
{
	struct test_server s;
	struct http_client c;
	char email[128];

	snprintf(email, sizeof(email), "proxy.%ld@example.org", (long)getpid());
	start_behind_proxy(&s, &c, (ptl_time)time(NULL) + 2 * 86400);
	/* Six failures of one client behind the proxy: that client waits... */
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(login_from(&c, email, WRONG, "10.9.8.7, 198.51.100.20"), 401);
	ck_assert_int_eq(login_from(&c, email, WRONG, "198.51.100.20"), 429);
	/* ...not the other clients of the same proxy. */
	ck_assert_int_eq(login_from(&c, email, WRONG, "198.51.100.21"), 401);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_forwarded_for_ignored_without_trusted_proxy)
{
	struct test_server s;
	struct http_client c;
	char client[32], email[128];

	snprintf(email, sizeof(email), "claims.%ld@example.org", (long)getpid());
	start_at(&s, &c, (ptl_time)time(NULL) + 3 * 86400);
	/* A client cannot escape throttling by claiming other addresses. */
	for (int i = 0; i < 6; i++) {
		snprintf(client, sizeof(client), "198.51.100.%d", 30 + i);
		ck_assert_int_eq(login_from(&c, email, WRONG, client), 401);
	}
	ck_assert_int_eq(login_from(&c, email, WRONG, "198.51.100.99"), 429);
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* @p n wrong passwords on @p email, each from its own address
 * PREFIX.i; counts the answers 401 and 429. */
static void guess_from_many(struct http_client *c, const char *email, const char *prefix, int n,
                            int *evaluated, int *refused)
{
	char addr[32];

	*evaluated = *refused = 0;
	for (int i = 0; i < n; i++) {
		long status;

		snprintf(addr, sizeof(addr), "%s.%d", prefix, i);
		status = login_from(c, email, WRONG, addr);
		ck_assert_msg(status == 401 || status == 429, "guess %d: %ld", i, status);
		*evaluated += status == 401;
		*refused += status == 429;
	}
}

START_TEST(test_http_known_device_gets_in_under_attack)
{
	struct test_family f;
	struct test_server s;
	struct http_client parent, attacker, fresh;
	struct http_reply *r;
	char line[512];
	int evaluated, refused;

	test_family_seed(conninfo, "attaque", true, &f);
	start_behind_proxy(&s, &parent, (ptl_time)time(NULL) + 4 * 86400);
	http_client_init(&attacker, &s);
	http_client_init(&fresh, &s);

	/* The parent logged in from home before: the browser keeps a device cookie. */
	ck_assert_int_eq(login_from(&parent, f.email, f.password, "203.0.113.10"), 200);
	r = http_login(&parent, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_device", line, sizeof(line)));
	ck_assert_ptr_nonnull(strstr(line, "HttpOnly"));
	ck_assert_ptr_nonnull(strstr(line, "SameSite=Strict"));
	ck_assert_ptr_nonnull(strstr(line, "Path=/api/v1/session"));
	ck_assert_ptr_nonnull(strstr(line, "Max-Age=31536000"));
	http_reply_free(r);
	ck_assert_uint_eq(strlen(parent.device), PTL_TOKEN_LEN);
	snprintf(line, sizeof(line), "SELECT count(*) FROM login_device d JOIN guardian g"
	         " ON g.id = d.guardian_id WHERE g.email = '%s'", f.email);
	ck_assert_int_eq(test_sql_long(conninfo, line), 1);
	r = http_call(&parent, "DELETE", "/api/v1/session", NULL, parent.csrf);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);
	ck_assert_uint_eq(strlen(parent.device), PTL_TOKEN_LEN);   /* logging out keeps it */

	/* A guesser hammers the account from forty addresses. */
	guess_from_many(&attacker, f.email, "198.51.100", 40, &evaluated, &refused);
	ck_assert_int_eq(evaluated, 25);
	ck_assert_int_eq(refused, 15);

	/* The parent gets in from home, and from the guesser's own address
	 * (a school's NAT), with the browser that logged in before. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(login_from(&parent, f.email, f.password, "203.0.113.10"), 200);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_eq(login_from(&parent, f.email, f.password, "198.51.100.7"), 200);
	/* A browser the account has never seen waits, even with the password. */
	ck_assert_int_eq(login_from(&fresh, f.email, f.password, "203.0.113.11"), 429);
	ck_assert_str_eq(fresh.device, "");
	printf("account under attack from 40 addresses: %d guesses evaluated, %d refused;"
	       " the parent's known browser: 200 from home (%.0f ms, CSRF token fetch included)"
	       " and from the guesser's address; an unknown browser: 429\n", evaluated, refused,
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	http_client_cleanup(&attacker);
	http_client_cleanup(&fresh);
	test_server_stop_with_client(&s, &parent);
}
END_TEST

struct burst {
	struct http_client c;
	pthread_barrier_t *start;
	const char *email;
	long status;
};

static void *burst_attempt(void *arg)
{
	struct burst *b = arg;
	char body[256];
	struct http_reply *r;

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"" WRONG "\"}", b->email);
	pthread_barrier_wait(b->start);
	r = http_call_raw(&b->c, "POST", "/api/v1/session", body, strlen(body), b->c.csrf, NULL,
	                  false);
	b->status = r->status;
	http_reply_free(r);
	return NULL;
}

START_TEST(test_http_simultaneous_wrong_passwords_count_as_sequence)
{
	enum { N = 30 };
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct burst *b = calloc(N, sizeof(*b));
	pthread_t threads[N];
	pthread_barrier_t start;
	int evaluated = 0, refused = 0;

	ck_assert_ptr_nonnull(b);
	test_family_seed(conninfo, "rafale", true, &f);
	start_at(&s, &c, (ptl_time)time(NULL) + 5 * 86400);
	pthread_barrier_init(&start, NULL, N);
	for (int i = 0; i < N; i++) {
		http_client_init(&b[i].c, &s);
		http_get_anonymous_csrf(&b[i].c);
		b[i].start = &start;
		b[i].email = f.email;
	}
	for (int i = 0; i < N; i++)
		pthread_create(&threads[i], NULL, burst_attempt, &b[i]);
	for (int i = 0; i < N; i++) {
		pthread_join(threads[i], NULL);
		ck_assert_msg(b[i].status == 401 || b[i].status == 429, "status %ld", b[i].status);
		evaluated += b[i].status == 401;
		refused += b[i].status == 429;
		http_client_cleanup(&b[i].c);
	}
	pthread_barrier_destroy(&start);
	free(b);
	printf("%d simultaneous wrong passwords on one account from one address:"
	       " %d evaluated (401), %d refused (429); in sequence: 6 evaluated\n",
	       N, evaluated, refused);
	ck_assert_int_eq(evaluated, 6);
	ck_assert_int_eq(refused, N - 6);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_other_successes_do_not_reset_guesses)
{
	struct test_family victim, own;
	struct test_server s;
	struct http_client attacker, parent;
	int evaluated = 0;

	test_family_seed(conninfo, "cible", true, &victim);
	test_family_seed(conninfo, "malin", true, &own);
	start_behind_proxy(&s, &attacker, (ptl_time)time(NULL) + 6 * 86400);
	http_client_init(&parent, &s);
	/* From one address: a guess on the victim's account, then a login to
	 * one's own account, while the victim logs in from home now and then;
	 * twenty times. Neither success gives the guesser more attempts. */
	for (int i = 0; i < 20; i++) {
		long status = login_from(&attacker, victim.email, WRONG, "198.51.100.66");

		ck_assert_msg(status == 401 || status == 429, "guess %d: %ld", i, status);
		evaluated += status == 401;
		ck_assert_int_eq(login_from(&attacker, own.email, own.password, "198.51.100.66"), 200);
		ck_assert_int_eq(login_from(&parent, victim.email, victim.password, "203.0.113.66"), 200);
	}
	printf("guesses interleaved with logins to one's own account and the victim's own"
	       " logins: %d of 20 evaluated\n", evaluated);
	ck_assert_int_eq(evaluated, 6);
	http_client_cleanup(&parent);
	test_server_stop_with_client(&s, &attacker);
}
END_TEST

START_TEST(test_http_reset_link_and_new_code_lift_the_limit)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char token[PTL_TOKEN_LEN + 1];
	int evaluated, refused;
	ptl_db *db = NULL;
	char *code = NULL;

	test_family_seed(conninfo, "verrou", true, &f);
	start_behind_proxy(&s, &c, (ptl_time)time(NULL) + 7 * 86400);
	guess_from_many(&c, f.email, "198.51.110", 26, &evaluated, &refused);
	ck_assert_int_eq(refused, 1);
	ck_assert_int_eq(login_from(&c, f.email, f.password, "203.0.113.20"), 429);

	/* "Mot de passe oublié": the link arrives, the parent picks a new
	 * password, and gets in from the same unknown browser. */
	r = http_call_json(&c, "POST", "/api/v1/password/forgot",
	                   json_pack("{s:s}", "email", f.email), c.csrf);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	ck_assert(test_mail_token(conninfo, f.email, "reinitialiser.html", token));
	r = http_call_json(&c, "POST", "/api/v1/password/reset",
	                   json_pack("{s:s,s:s}", "token", token, "new_password",
	                             "un tout nouveau mot de passe"), c.csrf);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);
	ck_assert_int_eq(login_from(&c, f.email, "un tout nouveau mot de passe", "203.0.113.20"), 200);

	/* Locked again from other addresses; the manager hands out a new code. */
	c.device[0] = '\0';
	guess_from_many(&c, f.email, "198.51.111", 26, &evaluated, &refused);
	ck_assert_int_eq(refused, 1);
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_account_reset_password(&code, db, f.email), PTL_OK);
	ptl_db_close(db);
	ck_assert_int_eq(login_from(&c, f.email, code, "203.0.113.21"), 200);
	ptl_free(code);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *throttle_suite(void)
{
	Suite *s = suite_create("http_throttle");
	TCase *tc = tcase_create("throttle");

	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_http_login_throttled_429);
	tcase_add_test(tc, test_http_unknown_email_throttled_alike);
	tcase_add_test(tc, test_http_throttle_by_forwarded_address_behind_trusted_proxy);
	tcase_add_test(tc, test_http_forwarded_for_ignored_without_trusted_proxy);
	tcase_add_test(tc, test_http_known_device_gets_in_under_attack);
	tcase_add_test(tc, test_http_simultaneous_wrong_passwords_count_as_sequence);
	tcase_add_test(tc, test_http_other_successes_do_not_reset_guesses);
	tcase_add_test(tc, test_http_reset_link_and_new_code_lift_the_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(throttle_suite(), "http_throttle", &conninfo);
}
