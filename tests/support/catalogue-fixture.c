/*
 * catalogue-fixture.c — the enrolled children of catalogue-fixture.h, for
 * the tests that need them without writing the SQL again.
 */
#include <stdio.h>
#include <stdlib.h>

#include <check.h>
#include <libpq-fe.h>

#include "catalogue-fixture.h"

int64_t test_enrolled(const char *conninfo, int64_t family, const char *first, int count)
{
	char sql[1500];
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res;
	int64_t id;

	snprintf(sql, sizeof(sql), TEST_ENROLLED_SQL_FORMAT " RETURNING id", (long long)family,
	         first, count, count, (long long)family);
	res = PQexec(conn, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == count, "%s",
	              PQerrorMessage(conn));
	id = atoll(PQgetvalue(res, 0, 0));
	for (int i = 1; i < count; i++)
		if (atoll(PQgetvalue(res, i, 0)) < id)
			id = atoll(PQgetvalue(res, i, 0));
	PQclear(res);
	PQfinish(conn);
	return id;
}
