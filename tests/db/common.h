/*
 * common.h — what the database suites share: a fresh database per suite,
 * a connection per test, and small inspection helpers.
 */
#ifndef PORTAIL_TEST_DB_COMMON_H
#define PORTAIL_TEST_DB_COMMON_H

#include <check.h>
#include <libpq-fe.h>
#include <stdint.h>

#include <portail/portail.h>

#include "testdb.h"

extern char *test_conninfo;
extern ptl_db *test_db;

/** Check fixture: open test_db on the suite's database, fix the clock. */
void test_db_setup(void);
void test_db_teardown(void);

/** Run a scalar query on the test database directly (for inspection). */
long long test_scalar(const char *sql);
/** The same on another database. */
long long test_scalar_on(const char *conninfo, const char *sql);

/** Run a statement on the test database directly (fixtures), asserting
 *  it succeeds. */
void test_exec(const char *sql);

/** Create child @p first Lambert in family @p family_id (@p sex, @p birth
 *  YYYY-MM-DD, school @p level, each may be NULL); the child's id. */
int64_t test_child_new(int64_t family_id, const char *first, const char *sex,
                       const char *birth, const char *level);

/** Assert a library status, printing the last error when it differs. */
#define ck_assert_status(expr, expected) do { \
	int status_ = (expr); \
	ck_assert_msg(status_ == (expected), "%s returned %d (%s), expected %d", \
	              #expr, status_, ptl_error_last()->message, (expected)); \
} while (0)

/** Create a family whose guardian has @p email; returns the one-time code
 *  (caller frees) and the family id in *family_id. */
char *test_family_new(const char *email, int64_t *family_id);

/** The reservation tests' start (check fixture): test_db_setup(), the
 *  tables of the catalogue, families and reservations emptied, the
 *  catalogue and its units (catalogue-fixture.h), two families made with
 *  ptl_demo_generate() into @p made, and a validated enrolment for Léa of
 *  the first family (@p lea) and Hugo of the second (@p hugo). */
void test_reservation_setup(ptl_demo_generated *made, int64_t *lea, int64_t *hugo);

/** Book (or @p cancel) @p unit on @p day for enrolment @p enrolment as
 *  family @p family, on Mes réservations (ptl_reservation_change()), which
 *  returns @p expected; the results (caller frees; NULL on failure). */
ptl_reservation_results *test_change_one(int64_t family, int64_t enrolment, bool cancel,
                                         const char *day, const char *unit, int expected);

int test_run_suite(Suite *s);

#endif
