/*
 * migrate.c — bringing a database up to the schema this library expects.
 *
 * Each migration runs in its own transaction under an advisory lock, so two
 * processes migrating at once apply each migration exactly once. Migration
 * scripts hold several statements and no parameters, which is why they go
 * through PQexec; they are constants compiled into the library.
 */
#include <stdio.h>
#include <string.h>

#include <portail/error.h>

#include "db-internal.h"
#include "error-internal.h"
#include "migrate.h"

/* Any constant of our own: the key of the migration advisory lock. */
#define MIGRATION_LOCK_KEY "7464212"

static int run_script(ptl_db *db, const char *sql)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = PTL_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		rc = ptl__error_set(state ? PTL_ERROR : PTL_EUNAVAILABLE, NULL, NULL,
			"migration failed: %s", msg ? msg : PQerrorMessage(db->conn));
		ptl__error_set_sqlstate(state);
	}
	PQclear(res);
	return rc;
}

struct step {
	const struct ptl__migration *migration;
	bool applied;
};

static int apply_one(ptl_db *db, void *ctx)
{
	struct step *step = ctx;
	struct ptl__num number = ptl__num(step->migration->number);
	const char *params[] = { number.s, step->migration->name };
	PGresult *res;
	int rc;

	step->applied = false;
	rc = ptl__db_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ")", 0, NULL);
	if (rc == PTL_OK)
		rc = ptl__db_exec(db,
			"CREATE TABLE IF NOT EXISTS schema_migrations ("
			" version integer PRIMARY KEY,"
			" name text NOT NULL,"
			" applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL);
	if (rc != PTL_OK)
		return rc;
	res = ptl__db_query(db, "SELECT 1 FROM schema_migrations WHERE version = $1", 1, params);
	if (!res)
		return ptl_error_last()->code;
	bool done = PQntuples(res) > 0;
	PQclear(res);
	if (done)
		return PTL_OK;
	rc = run_script(db, step->migration->sql);
	if (rc == PTL_OK)
		rc = ptl__db_exec(db,
			"INSERT INTO schema_migrations (version, name) VALUES ($1::integer, $2)",
			2, params);
	step->applied = rc == PTL_OK;
	return rc;
}

int ptl_db_migrate(ptl_db *db, int *applied_out)
{
	int applied = 0;

	for (int i = 0; i < ptl__migration_count; i++) {
		struct step step = { &ptl__migrations[i], false };
		int rc = ptl__db_transaction(db, apply_one, &step);
		if (rc != PTL_OK) {
			if (applied_out)
				*applied_out = applied;
			return rc;
		}
		applied += step.applied;
	}
	if (applied_out)
		*applied_out = applied;
	return PTL_OK;
}

int ptl_db_schema_version(ptl_db *db, int *out)
{
	PGresult *res = ptl__db_query(db,
		"SELECT coalesce(max(version), 0) AS version FROM schema_migrations"
		" WHERE to_regclass('schema_migrations') IS NOT NULL", 0, NULL);

	*out = 0;
	if (!res) {
		/* No table yet: an empty database. */
		if (strcmp(ptl_error_last()->sqlstate, "42P01") == 0)
			return PTL_OK;
		return ptl_error_last()->code;
	}
	*out = (int)ptl__db_get_int64(res, 0, "version");
	PQclear(res);
	return PTL_OK;
}

int ptl_db_latest_migration(void)
{
	return ptl__migrations[ptl__migration_count - 1].number;
}
