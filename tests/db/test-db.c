/*
 * test-db.c — the library's connections against a real PostgreSQL: a
 * connection whose backend was terminated while idle is reopened before
 * the next call uses it, a transaction that lost its connection before its
 * COMMIT was sent is run again once, and one that lost it during its COMMIT
 * is not. An internal test: it reaches the connection and the transaction
 * helper of db-internal.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <libpq-fe.h>

#include <portail/portail.h>

#include "db-internal.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static long long scalar(const char *sql)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, sql);
	long long v;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(conn));
	v = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return v;
}

static void run(const char *sql)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	ck_assert_msg(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK, "%s: %s", sql,
		PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
}

/* End the server process behind @p db from another connection, as an
 * administrator or a server restart would, and wait until it is gone. */
static void terminate_backend(ptl_db *db)
{
	char sql[128];
	int pid = PQbackendPID(db->conn);

	ck_assert_int_gt(pid, 0);
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d)::int", pid);
	ck_assert_int_eq(scalar(sql), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_stat_activity WHERE pid = %d", pid);
	for (int i = 0; i < 500 && scalar(sql) > 0; i++)
		usleep(10000);
	ck_assert_int_eq(scalar(sql), 0);
}

static void setup(void)
{
	run("CREATE TABLE IF NOT EXISTS db_test_writes (label text NOT NULL)");
	run("TRUNCATE db_test_writes");
}

START_TEST(test_db_idle_connection_terminated_is_reopened)
{
	ptl_db *db = NULL;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_db_ping(db), PTL_OK);
	terminate_backend(db);
	ck_assert_msg(ptl_db_ping(db) == PTL_OK, "%s", ptl_error_last()->message);
	ck_assert_uint_eq(db->generation, 1);
	ck_assert_int_eq(ptl_db_ping(db), PTL_OK);
	ck_assert_uint_eq(db->generation, 1);
	ptl_db_close(db);
}
END_TEST

START_TEST(test_db_write_after_terminated_backend_succeeds)
{
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	ptl_db *db = NULL;
	char *code = NULL;
	int64_t id = 0;
	int rc;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_db_ping(db), PTL_OK);
	terminate_backend(db);
	in.first_name = "Inès";
	in.last_name = "Relance";
	in.email = "ines.relance@example.org";
	rc = ptl_family_create(&id, &code, db, &in);
	ck_assert_msg(rc == PTL_OK, "%s", ptl_error_last()->message);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM guardian"
		" WHERE email = 'ines.relance@example.org'"), 1);
	ptl_free(code);
	ptl_db_close(db);
}
END_TEST

struct work {
	int attempts;
	bool break_before_commit;
};

/* Writes a row; on its first attempt, loses its connection after the
 * write: before one more statement, or just before the COMMIT. */
static int write_row(ptl_db *db, void *ctx)
{
	struct work *w = ctx;
	const char *params[1] = { "written" };
	int rc;

	w->attempts++;
	rc = ptl__db_exec(db, "INSERT INTO db_test_writes (label) VALUES ($1)", 1, params);
	if (rc != PTL_OK || w->attempts > 1)
		return rc;
	terminate_backend(db);
	if (w->break_before_commit)
		return ptl__db_exec(db, "SELECT 1", 0, NULL);
	return PTL_OK;
}

START_TEST(test_db_transaction_broken_before_commit_runs_again)
{
	struct work w = { .break_before_commit = true };
	ptl_db *db = NULL;
	int rc;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	rc = ptl__db_transaction(db, write_row, &w);
	ck_assert_msg(rc == PTL_OK, "%s", ptl_error_last()->message);
	ck_assert_int_eq(w.attempts, 2);
	ck_assert_int_eq(scalar("SELECT count(*) FROM db_test_writes"), 1);
	ptl_db_close(db);
}
END_TEST

START_TEST(test_db_transaction_broken_at_commit_is_not_run_again)
{
	struct work w = { .break_before_commit = false };
	ptl_db *db = NULL;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl__db_transaction(db, write_row, &w), PTL_EUNAVAILABLE);
	ck_assert_int_eq(w.attempts, 1);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "COMMIT"));
	/* The connection is reopened for the next call. */
	ck_assert_int_eq(ptl_db_ping(db), PTL_OK);
	ck_assert_int_eq(scalar("SELECT count(*) FROM db_test_writes"), 0);
	ptl_db_close(db);
}
END_TEST

START_TEST(test_db_server_gone_is_unavailable)
{
	ptl_db *db = NULL;
	char *missing = ptl_test_db_conninfo("t_db_never_created");

	ck_assert_int_eq(ptl_db_open(&db, missing), PTL_EUNAVAILABLE);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(ptl_db_ping(db), PTL_EUNAVAILABLE);
	ptl_db_close(db);
	free(missing);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("connections");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_db_idle_connection_terminated_is_reopened);
	tcase_add_test(tc, test_db_write_after_terminated_backend_succeeds);
	tcase_add_test(tc, test_db_transaction_broken_before_commit_runs_again);
	tcase_add_test(tc, test_db_transaction_broken_at_commit_is_not_run_again);
	tcase_add_test(tc, test_db_server_gone_is_unavailable);
	suite_add_tcase(s, tc);
	return ptl_test_run_with_db(s, "db_connections", &conninfo);
}
