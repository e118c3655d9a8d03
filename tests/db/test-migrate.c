/*
 * test-migrate.c — bringing a database up to date: from an empty database,
 * twice, and the checksums that make a changed migration refuse to run.
 * Each test starts from an empty database of its own, not from the suite's
 * fixture (which is migrated already and would let these tests pass
 * without migrating anything).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static char *empty_conninfo;
static ptl_db *empty_db;

static void empty_setup(void)
{
	empty_conninfo = ptl_test_db_create_empty("migrate");
	ck_assert_int_eq(ptl_db_open(&empty_db, empty_conninfo), PTL_OK);
}

static void empty_teardown(void)
{
	ptl_db_close(empty_db);
	empty_db = NULL;
	ptl_test_db_drop(empty_conninfo);
	free(empty_conninfo);
	empty_conninfo = NULL;
}

/* A scalar of the test's own database. */
static long long scalar(const char *sql)
{
	return test_scalar_on(empty_conninfo, sql);
}

static void exec(const char *sql)
{
	PGconn *conn = PQconnectdb(empty_conninfo);
	PGresult *res = PQexec(conn, sql);

	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
}

START_TEST(test_migrate_from_empty_then_nothing_to_do)
{
	int latest = ptl_db_latest_migration(), applied = -1, version = -1;

	ck_assert_status(ptl_db_schema_version(&version, empty_db), PTL_OK);
	ck_assert_int_eq(version, 0);
	ck_assert_status(ptl_db_migrate(&applied, empty_db), PTL_OK);
	/* Every migration the library carries (a reserved number may be
	 * missing for a while), the latest last. */
	ck_assert_int_gt(applied, 0);
	ck_assert_int_le(applied, latest);
	ck_assert_int_eq(scalar("SELECT count(*) FROM schema_migrations"), applied);
	ck_assert_int_eq(scalar("SELECT max(version) FROM schema_migrations"), latest);
	ck_assert_status(ptl_db_migrate(&applied, empty_db), PTL_OK);
	ck_assert_int_eq(applied, 0);
	ck_assert_status(ptl_db_schema_version(&version, empty_db), PTL_OK);
	ck_assert_int_eq(version, latest);
	int count = scalar("SELECT count(*) FROM schema_migrations");
	/* Each applied migration carries the SHA-256 of its text. */
	ck_assert_int_eq(scalar("SELECT count(*) FROM schema_migrations"
	                        " WHERE checksum ~ '^[0-9a-f]{64}$'"), count);
	ck_assert_int_eq(scalar("SELECT count(DISTINCT checksum) FROM schema_migrations"), count);
}
END_TEST

START_TEST(test_migrate_refuses_a_changed_migration)
{
	int applied = -1, version = -1;

	ck_assert_status(ptl_db_migrate(NULL, empty_db), PTL_OK);
	/* The text applied as migration 2 is not the one this library carries. */
	exec("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 2");
	ck_assert_status(ptl_db_migrate(&applied, empty_db), PTL_ERROR);
	ck_assert_int_eq(applied, 0);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "migration 0002-"));
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "has changed"));
	ck_assert_status(ptl_db_schema_version(&version, empty_db), PTL_ERROR);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "migration 0002-"));
	/* Nothing was recorded over it. */
	ck_assert_int_eq(scalar("SELECT count(*) FROM schema_migrations"
	                        " WHERE checksum = repeat('0', 64)"), 1);
}
END_TEST

START_TEST(test_migrate_refuses_before_applying_anything)
{
	int applied = -1, latest = ptl_db_latest_migration();

	ck_assert_status(ptl_db_migrate(NULL, empty_db), PTL_OK);
	/* A database at version 1 whose migration 1 differs: migration 2 must
	 * not be applied over it. */
	exec("DELETE FROM schema_migrations WHERE version > 1");
	exec("UPDATE schema_migrations SET checksum = repeat('f', 64) WHERE version = 1");
	ck_assert_status(ptl_db_migrate(&applied, empty_db), PTL_ERROR);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "migration 0001-"));
	ck_assert_int_eq(scalar("SELECT count(*) FROM schema_migrations"), 1);
	ck_assert_int_gt(latest, 1);
}
END_TEST

START_TEST(test_migrate_records_checksums_of_older_databases)
{
	int applied = -1, version = -1, latest = ptl_db_latest_migration();

	/* As a database migrated before checksums were kept: no column. */
	ck_assert_status(ptl_db_migrate(NULL, empty_db), PTL_OK);
	exec("ALTER TABLE schema_migrations DROP COLUMN checksum");
	ck_assert_status(ptl_db_schema_version(&version, empty_db), PTL_OK);
	ck_assert_int_eq(version, latest);
	ck_assert_status(ptl_db_migrate(&applied, empty_db), PTL_OK);
	ck_assert_int_eq(applied, 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM schema_migrations"
	                        " WHERE checksum ~ '^[0-9a-f]{64}$'"),
	                 scalar("SELECT count(*) FROM schema_migrations"));
	/* From then on a change is noticed. */
	exec("UPDATE schema_migrations SET checksum = repeat('1', 64) WHERE version = 3");
	ck_assert_status(ptl_db_schema_version(&version, empty_db), PTL_ERROR);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "migration 0003-"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("migrate");

	tcase_add_checked_fixture(tc, empty_setup, empty_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_migrate_from_empty_then_nothing_to_do);
	tcase_add_test(tc, test_migrate_refuses_a_changed_migration);
	tcase_add_test(tc, test_migrate_refuses_before_applying_anything);
	tcase_add_test(tc, test_migrate_records_checksums_of_older_databases);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
