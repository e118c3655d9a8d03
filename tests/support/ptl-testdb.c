/*
 * ptl-testdb — make a fresh, migrated database on the test cluster and print
 * its connection string; for tests written in other languages (the browser
 * tests). usage: ptl-testdb create LABEL | ptl-testdb drop CONNINFO
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testdb.h"

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "create") == 0) {
		char *conninfo = ptl_test_db_create(argv[2]);
		printf("%s\n", conninfo);
		free(conninfo);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "drop") == 0) {
		ptl_test_db_drop(argv[2]);
		return 0;
	}
	fprintf(stderr, "usage: ptl-testdb create LABEL | ptl-testdb drop CONNINFO\n");
	return 2;
}
