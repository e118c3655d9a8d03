/*
 * testdb.h — fresh databases for tests, on the cluster named by the
 * PORTAIL_TEST_PG environment variable (an admin connection string that
 * ./portail test exports).
 */
#ifndef PORTAIL_TEST_TESTDB_H
#define PORTAIL_TEST_TESTDB_H

/** Create a new, uniquely named database, apply the migrations, and return
 *  its connection string (malloc'd). Aborts the test program with a message
 *  on any failure: a database test without a database must fail, not skip. */
char *ptl_test_db_create(const char *label);

/** The same without the migrations: an empty database. */
char *ptl_test_db_create_empty(const char *label);

/** The connection string of database @p dbname on the test cluster. */
char *ptl_test_db_conninfo(const char *dbname);

/** Run @p sql (setup and inspection only) on the database of @p conninfo;
 *  fails the running Check test on error. */
void ptl_test_db_exec(const char *conninfo, const char *sql);

/** Give @p count new children of family @p family, named @p first (then
 *  first1, first2... when more than one) Lambert, each a validated
 *  enrolment in elementaires of mercredis-2026 (catalogue-fixture.h's
 *  TEST_ENROLLED_SQL_FORMAT); fails the running Check test on error.
 *  @return the first enrolment's id (the others follow). */
long long ptl_test_db_enrol(const char *conninfo, long long family, int count,
                            const char *first);

/** Drop a database made by ptl_test_db_create (connections are ended). */
void ptl_test_db_drop(const char *conninfo);

#endif
