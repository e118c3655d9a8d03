/*
 * test-http-dbdown.c — portail-web without its database: it starts
 * anyway, answers 503 in JSON while the database is missing, and recovers
 * by itself, without a restart, once the database is there; when
 * PostgreSQL drops its idle connections, the next requests (reads and
 * changes) succeed: the dropped connection is reopened before use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <libpq-fe.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void assert_unavailable(const struct http_reply *r)
{
	char buf[128];

	ck_assert_int_eq(r->status, 503);
	ck_assert_ptr_nonnull(r->json);
	ck_assert_str_eq(http_error_code(r), "unavailable");
	ck_assert_str_ne(http_error_message(r), "");
	ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof(buf)),
		"application/json; charset=utf-8");
	ck_assert_ptr_nonnull(http_header(r, "Retry-After", buf, sizeof(buf)));
	ck_assert_int_ge(atoi(buf), 1);
}

START_TEST(test_http_database_missing_then_created)
{
	struct test_server s;
	struct test_server_opts o = { 0 };
	struct http_client c;
	struct http_reply *r;
	struct test_family f;
	char name[64], sql[128];
	char *missing;
	ptl_db *db = NULL;
	int rc;

	snprintf(name, sizeof(name), "t_http_missing_%ld", (long)getpid());
	missing = ptl_test_db_conninfo(name);
	o.conninfo = missing;
	test_server_start(&s, &o);
	http_client_init(&c, &s);

	r = http_call(&c, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&c, "GET", "/readyz", NULL, NULL);
	assert_unavailable(r);
	http_reply_free(r);
	/* A request that needs the database: a session to look up. */
	snprintf(c.session, sizeof(c.session), "%s", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC");
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	assert_unavailable(r);
	http_reply_free(r);
	c.session[0] = '\0';
	http_get_anonymous_csrf(&c);
	r = http_call(&c, "POST", "/api/v1/session",
		"{\"email\":\"a@example.org\",\"password\":\"Un-mot-de-passe\"}", c.csrf);
	assert_unavailable(r);
	http_reply_free(r);

	/* The database comes: created and migrated, the server untouched. */
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	test_sql(getenv("PORTAIL_TEST_PG"), sql);
	rc = ptl_db_open(&db, missing);
	ck_assert_msg(rc == PTL_OK, "%s", ptl_error_last()->message);
	ck_assert_int_eq(ptl_db_migrate(NULL, db), PTL_OK);
	ptl_db_close(db);

	r = http_call(&c, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_family_seed(missing, "late", true, &f);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
	ptl_test_db_drop(missing);
	free(missing);
}
END_TEST

/* End the server's connections, as an administrator or a restart would,
 * and wait until they are gone (the signal is only sent). */
static void terminate_backends(void)
{
	/* One connection throughout: a connection per query would leave its
	 * own backends exiting behind it. */
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res;
	long others = -1;

	ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
	res = PQexec(conn, "SELECT array_agg(pg_terminate_backend(pid)) FROM pg_stat_activity"
		" WHERE datname = current_database() AND pid <> pg_backend_pid()");
	ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	PQclear(res);
	for (int i = 0; i < 500 && others != 0; i++) {
		res = PQexec(conn, "SELECT count(*) FROM pg_stat_activity"
			" WHERE datname = current_database() AND pid <> pg_backend_pid()");
		ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
		others = atol(PQgetvalue(res, 0, 0));
		PQclear(res);
		if (others)
			usleep(10000);
	}
	PQfinish(conn);
	ck_assert_int_eq(others, 0);
}

START_TEST(test_http_backends_terminated_recover)
{
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo };
	struct http_client c;
	struct http_reply *r;
	struct test_family f;
	int unavailable = 0;

	test_family_seed(conninfo, "terminated", true, &f);
	test_server_start(&s, &o);
	http_client_init(&c, &s);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	/* Reads: no 503 at all. */
	terminate_backends();
	for (int i = 0; i < 5; i++) {
		r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
		if (r->status == 503)
			unavailable++;
		else
			ck_assert_int_eq(r->status, 200);
		http_reply_free(r);
	}
	ck_assert_int_eq(unavailable, 0);

	/* A change (logging out) right after: the same. */
	terminate_backends();
	r = http_call(&c, "DELETE", "/api/v1/session", NULL, c.csrf);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);
	r = http_call(&c, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

/* Lines in @p path (0 if it does not exist). */
static long count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = 0;
	int ch;

	if (!f)
		return 0;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

/* An outage under load: every request fails, the log does not grow with
 * them (one line per second and message, with a count). */
START_TEST(test_http_outage_log_is_bounded)
{
	struct test_server s;
	struct test_server_opts o = { 0 };
	struct http_client c;
	char name[64], log[128];
	char *missing;
	long long start;
	int requests = 0;
	long lines;

	snprintf(name, sizeof(name), "t_http_outage_%ld", (long)getpid());
	snprintf(log, sizeof(log), "/tmp/portail-outage-%ld.log", (long)getpid());
	missing = ptl_test_db_conninfo(name);
	o.conninfo = missing;
	o.stderr_file = log;
	test_server_start(&s, &o);
	http_client_init(&c, &s);
	start = time(NULL);
	while (time(NULL) - start < 3) {
		struct http_reply *r = http_call(&c, "GET", "/readyz", NULL, NULL);

		assert_unavailable(r);
		http_reply_free(r);
		requests++;
	}
	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
	lines = count_lines(log);
	printf("FIGURE log lines for %d requests during a 3 s outage: %ld\n", requests, lines);
	ck_assert_int_ge(requests, 50);
	/* The start's warning, one line and one count per second, the stop. */
	ck_assert_int_le(lines, 12);
	unlink(log);
	free(missing);
}
END_TEST

static Suite *dbdown_suite(void)
{
	Suite *s = suite_create("http_dbdown");
	TCase *tc = tcase_create("recovery");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_database_missing_then_created);
	tcase_add_test(tc, test_http_backends_terminated_recover);
	tcase_add_test(tc, test_http_outage_log_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(dbdown_suite(), "http_dbdown", &conninfo);
}
