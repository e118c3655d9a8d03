/*
 * common.c — what the database suites share (see common.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "catalogue-fixture.h"
#include "common.h"
#include "suite.h"

char *test_conninfo;
ptl_db *test_db;

void test_db_setup(void)
{
	ck_assert_int_eq(ptl_db_open(&test_db, test_conninfo), PTL_OK);
	ptl_clock_set(1795680000);   /* 2026-11-26T08:00:00Z */
}

void test_db_teardown(void)
{
	ptl_db_close(test_db);
	test_db = NULL;
	ptl_clock_reset();
}

long long test_scalar(const char *sql)
{
	return test_scalar_on(test_conninfo, sql);
}

long long test_scalar_on(const char *conninfo, const char *sql)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, sql);
	long long v;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(conn));
	v = PQgetisnull(res, 0, 0) ? -1 : atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return v;
}

void test_exec(const char *sql)
{
	ptl_test_db_exec(test_conninfo, sql);
}

int64_t test_child_new(int64_t family_id, const char *first, const char *sex,
                       const char *birth, const char *level)
{
	ptl_child_options c = PTL_CHILD_OPTIONS_INIT;
	int64_t id;

	c.first_name = first;
	c.last_name = "Lambert";
	c.sex = sex;
	c.birth_date = birth;
	c.school_level = level;
	ck_assert_status(ptl_child_create(&id, test_db, family_id, &c), PTL_OK);
	return id;
}

char *test_family_new(const char *email, int64_t *family_id)
{
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	char *code = NULL;
	int64_t id;

	in.first_name = "Nora";
	in.last_name = "Essai";
	in.email = email;
	ck_assert_status(ptl_family_create(&id, &code, test_db, &in), PTL_OK);
	if (family_id)
		*family_id = id;
	return code;
}

void test_reservation_setup(ptl_demo_generated *made, int64_t *lea, int64_t *hugo)
{
	test_db_setup();
	ptl_test_db_exec(test_conninfo,
		"TRUNCATE facility, activity_type, activity, period, period_group, enrolment,"
		" family, request, mail_outbox, reservation, reservation_load, counter_load,"
		" typical_week RESTART IDENTITY CASCADE");
	ptl_test_db_exec(test_conninfo, TEST_CATALOGUE_SQL);
	ptl_test_db_exec(test_conninfo, TEST_RESERVATION_UNITS_SQL);
	ck_assert_status(ptl_demo_generate(made, test_db, 2, "Banc-d-essai-2026"), PTL_OK);
	*lea = ptl_test_db_enrol(test_conninfo, made->first_family_id, 1, "Léa");
	*hugo = ptl_test_db_enrol(test_conninfo, made->first_family_id + 1, 1, "Hugo");
}

int test_run_suite(Suite *s)
{
	/* One database for the suite, made before the forks of Check. */
	return ptl_test_run_with_db(s, "db", &test_conninfo);
}

ptl_reservation_results *test_change_one(int64_t family, int64_t enrolment, bool cancel,
                                         const char *day, const char *unit, int expected)
{
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick pick = { day, unit };
	ptl_reservation_results *r = NULL;

	if (cancel) {
		in.cancel = &pick;
		in.cancel_count = 1;
	} else {
		in.book = &pick;
		in.book_count = 1;
	}
	ck_assert_status(ptl_reservation_change(&r, test_db, family, 0, enrolment, &in), expected);
	return r;
}
