/*
 * test-http-slow.c — slow clients cannot freeze portail-web.
 *
 * 200 connections stall (headers never finished, a body that never ends, a
 * body announced and never sent) while a logged-in parent and a load
 * balancer use the server: /healthz and GET /api/v1/me answer at once. The
 * timings and the server's resident memory are printed as figures
 * ("FIGURE name: value unit"). A stalled client is dropped after the
 * request timeout, a 413 closes its connection, and a request that finds
 * every database connection busy for too long gets a 503 with Retry-After.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <libpq-fe.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

#define STALLED 200
/* The target is one second; the bound leaves room for a loaded CI machine
 * and the sanitizer build (about three times slower). */
#define ANSWER_BOUND_MS 3000

static char *conninfo;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Three kinds of stalled clients, in turn. */
static void open_stalled(const struct test_server *s, int fds[STALLED])
{
	static const char *const kinds[] = {
		/* headers that never end */
		"GET /api/v1/me HTTP/1.1\r\nHost: portail\r\nUser-Agent: slow",
		/* a body that never ends */
		"POST /api/v1/session HTTP/1.1\r\nHost: portail\r\n"
		"Content-Type: application/json\r\nContent-Length: 2000\r\n\r\n{\"email\":",
		/* a large body announced, nothing of it sent */
		"POST /api/v1/signup HTTP/1.1\r\nHost: portail\r\n"
		"Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n",
	};

	for (int i = 0; i < STALLED; i++)
		fds[i] = test_raw_connect(s, kinds[i % 3]);
	/* Let the server take them all in. */
	usleep(500 * 1000);
}

static long resident_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Does process @p pid run with a sanitizer (which multiplies its memory)? */
static bool sanitized(pid_t pid)
{
	char path[64], line[512];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/maps", (long)pid);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "libasan") || strstr(line, "libtsan") || strstr(line, "libubsan");
	fclose(f);
	return found;
}

/* GET @p path on a fresh connection. @return how long it took, in ms. */
static long long timed_get(struct http_client *c, const char *path, long expect)
{
	long long start;
	struct http_reply *r;

	http_client_disconnect(c);
	start = now_ms();
	r = http_call(c, "GET", path, NULL, NULL);
	start = now_ms() - start;
	ck_assert_int_eq(r->status, expect);
	http_reply_free(r);
	return start;
}

START_TEST(test_http_stalled_clients_do_not_freeze_the_server)
{
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo };
	struct http_client c;
	struct http_reply *r;
	struct test_family f;
	int fds[STALLED];
	long long healthz = 0, me = 0;
	long rss;

	test_family_seed(conninfo, "slow", true, &f);
	test_server_start(&s, &o);
	http_client_init(&c, &s);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	open_stalled(&s, fds);
	for (int i = 0; i < 5; i++) {
		long long h = timed_get(&c, "/healthz", 200);
		long long m = timed_get(&c, "/api/v1/me", 200);

		healthz = h > healthz ? h : healthz;
		me = m > me ? m : me;
	}
	rss = resident_kb(s.pid);
	printf("FIGURE healthz with %d stalled connections (worst of 5): %lld ms\n", STALLED, healthz);
	printf("FIGURE GET /api/v1/me with %d stalled connections (worst of 5): %lld ms\n",
		STALLED, me);
	printf("FIGURE portail-web resident memory with %d stalled connections: %ld kB\n",
		STALLED, rss);
	fflush(stdout);
	ck_assert_int_lt(healthz, ANSWER_BOUND_MS);
	ck_assert_int_lt(me, ANSWER_BOUND_MS);
	/* The budget is for a normal build; a sanitizer's shadow memory is not. */
	if (!sanitized(s.pid))
		ck_assert_int_lt(rss, 64 * 1024);

	for (int i = 0; i < STALLED; i++)
		close(fds[i]);
	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

START_TEST(test_http_stalled_client_is_dropped_after_the_timeout)
{
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo };
	int headers, body;
	long long start;

	test_server_start(&s, &o);
	headers = test_raw_connect(&s, "GET /healthz HTTP/1.1\r\nHost: portail\r\n");
	body = test_raw_connect(&s, "POST /api/v1/session HTTP/1.1\r\nHost: portail\r\n"
		"Content-Length: 100\r\n\r\n{");
	start = now_ms();
	ck_assert(test_raw_wait_closed(headers, 20000, NULL, 0));
	ck_assert(test_raw_wait_closed(body, 20000, NULL, 0));
	printf("FIGURE a stalled client is dropped after: %lld ms\n", now_ms() - start);
	ck_assert_int_lt(now_ms() - start, 15000);
	close(headers);
	close(body);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

START_TEST(test_http_too_large_closes_the_connection)
{
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo };
	char reply[2048];
	int fd;

	test_server_start(&s, &o);
	/* Announced too large: answered at once, then the connection ends
	 * although the client asked to keep it and keeps sending. */
	fd = test_raw_connect(&s, "POST /api/v1/session HTTP/1.1\r\nHost: portail\r\n"
		"Connection: keep-alive\r\nContent-Length: 10000000\r\n\r\n{\"email\":");
	ck_assert(test_raw_wait_closed(fd, 5000, reply, sizeof(reply)));
	ck_assert_msg(strncmp(reply, "HTTP/1.1 413 ", 13) == 0, "%s", reply);
	ck_assert_ptr_nonnull(strstr(reply, "Connection: close\r\n"));
	close(fd);

	/* Sent too large in chunks: the same. */
	fd = test_raw_connect(&s, "POST /api/v1/session HTTP/1.1\r\nHost: portail\r\n"
		"Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (int i = 0; i < 70; i++) {
		char chunk[1100];

		memset(chunk, 'a', sizeof(chunk));
		memcpy(chunk, "400\r\n", 5);
		memcpy(chunk + 5 + 1024, "\r\n", 2);
		if (send(fd, chunk, 5 + 1024 + 2, MSG_NOSIGNAL) < 0)
			break;
	}
	ck_assert(test_raw_wait_closed(fd, 5000, reply, sizeof(reply)));
	ck_assert_msg(strncmp(reply, "HTTP/1.1 413 ", 13) == 0, "%s", reply);
	close(fd);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

struct blocked_login {
	const struct test_server *s;
	const struct test_family *f;
	long status;
};

static void *log_in(void *arg)
{
	struct blocked_login *b = arg;
	struct http_client c;
	struct http_reply *r;

	http_client_init(&c, b->s);
	r = http_login(&c, b->f->email, b->f->password);
	b->status = r->status;
	http_reply_free(r);
	http_client_cleanup(&c);
	return NULL;
}

START_TEST(test_http_no_connection_free_is_503_with_retry_after)
{
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo,
		.extra = { "--db-connections", "1", NULL } };
	struct blocked_login b;
	struct http_client c;
	struct http_reply *r;
	struct test_family f;
	pthread_t thread;
	PGconn *locker;
	PGresult *res;
	char buf[64];

	test_family_seed(conninfo, "pool", true, &f);
	test_server_start(&s, &o);
	/* The one connection gets stuck behind a lock held here. */
	locker = PQconnectdb(conninfo);
	ck_assert_int_eq(PQstatus(locker), CONNECTION_OK);
	res = PQexec(locker, "BEGIN; LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
	ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	b.s = &s;
	b.f = &f;
	b.status = 0;
	ck_assert_int_eq(pthread_create(&thread, NULL, log_in, &b), 0);
	usleep(300 * 1000);

	http_client_init(&c, &s);
	r = http_call(&c, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 503);
	ck_assert_str_eq(http_error_code(r), "unavailable");
	ck_assert_str_eq(http_header(r, "Retry-After", buf, sizeof(buf)), "2");
	http_reply_free(r);
	/* The process itself still answers. */
	r = http_call(&c, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	res = PQexec(locker, "COMMIT");
	PQclear(res);
	PQfinish(locker);
	pthread_join(thread, NULL);
	ck_assert_int_eq(b.status, 200);
	r = http_call(&c, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

static Suite *slow_suite(void)
{
	Suite *s = suite_create("http_slow");
	TCase *tc = tcase_create("slow clients");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_stalled_clients_do_not_freeze_the_server);
	tcase_add_test(tc, test_http_stalled_client_is_dropped_after_the_timeout);
	tcase_add_test(tc, test_http_too_large_closes_the_connection);
	tcase_add_test(tc, test_http_no_connection_free_is_503_with_retry_after);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(slow_suite(), "http_slow", &conninfo);
}
