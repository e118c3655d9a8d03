/*
 * testdb.c — fresh databases for tests (see testdb.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <libpq-fe.h>

#include <portail/portail.h>

#include "catalogue-fixture.h"
#include "testdb.h"

static const char *admin_conninfo(void)
{
	const char *admin = getenv("PORTAIL_TEST_PG");

	if (!admin || !*admin) {
		fprintf(stderr, "PORTAIL_TEST_PG is not set: run the tests with ./portail test\n");
		exit(1);
	}
	return admin;
}

static void admin_exec(const char *sql)
{
	PGconn *conn = PQconnectdb(admin_conninfo());
	PGresult *res;

	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "test cluster unreachable: %s", PQerrorMessage(conn));
		exit(1);
	}
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
		exit(1);
	}
	PQclear(res);
	PQfinish(conn);
}

char *ptl_test_db_conninfo(const char *dbname)
{
	const char *admin = admin_conninfo();
	size_t size = strlen(admin) + strlen(dbname) + 16;
	char *conninfo = malloc(size);

	/* In a libpq connection string a later keyword overrides an earlier one. */
	snprintf(conninfo, size, "%s dbname=%s", admin, dbname);
	return conninfo;
}

char *ptl_test_db_create_empty(const char *label)
{
	static int serial;
	char name[64], sql[128];

	snprintf(name, sizeof(name), "t_%.30s_%ld_%d", label, (long)getpid(), ++serial);
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	admin_exec(sql);
	return ptl_test_db_conninfo(name);
}

char *ptl_test_db_create(const char *label)
{
	char *conninfo = ptl_test_db_create_empty(label);
	ptl_db *db;

	if (ptl_db_open(&db, conninfo) != PTL_OK || ptl_db_migrate(NULL, db) != PTL_OK) {
		fprintf(stderr, "cannot prepare %s: %s\n", conninfo, ptl_error_last()->message);
		exit(1);
	}
	ptl_db_close(db);
	return conninfo;
}

void ptl_test_db_exec(const char *conninfo, const char *sql)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, sql);

	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK ||
	              PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
}

long long ptl_test_db_enrol(const char *conninfo, long long family, int count,
                            const char *first)
{
	char sql[1500];
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res;
	long long id;

	snprintf(sql, sizeof(sql), TEST_ENROLLED_SQL_FORMAT " RETURNING id", family, first, count,
	         count, family);
	res = PQexec(conn, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == count, "%s",
	              PQerrorMessage(conn));
	id = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return id;
}

void ptl_test_db_drop(const char *conninfo)
{
	const char *p = strrchr(conninfo, '=');
	char sql[128];

	if (!p)
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", p + 1);
	admin_exec(sql);
}
