/*
 * suite.h — running a Check suite the same way in every test program.
 */
#ifndef PORTAIL_TEST_SUITE_H
#define PORTAIL_TEST_SUITE_H

#include <check.h>

/** Run @p suite and free it. @return EXIT_SUCCESS or EXIT_FAILURE. */
int ptl_test_run(Suite *suite);

/** Make a fresh database labelled @p label, store its connection string in
 *  *@p conninfo for the tests (before Check forks them), run @p suite, then
 *  drop the database and free the string. @return as ptl_test_run(). */
int ptl_test_run_with_db(Suite *suite, const char *label, char **conninfo);

#endif
