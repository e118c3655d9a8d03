/*
 * suite.c — running a Check suite the same way in every test program
 * (see suite.h).
 */
#include <stdlib.h>

#include "suite.h"
#include "testdb.h"

int ptl_test_run(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int ptl_test_run_with_db(Suite *suite, const char *label, char **conninfo)
{
	int status;

	*conninfo = ptl_test_db_create(label);
	status = ptl_test_run(suite);
	ptl_test_db_drop(*conninfo);
	free(*conninfo);
	*conninfo = NULL;
	return status;
}
