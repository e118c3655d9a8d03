/*
 * migrate.c — bringing a database up to the schema this library expects.
 *
 * Each migration runs in its own transaction under an advisory lock, so two
 * processes migrating at once apply each migration exactly once. Migration
 * scripts hold several statements and no parameters, which is why they go
 * through PQexec; they are constants compiled into the library.
 *
 * The version table records the SHA-256 of each applied migration's text.
 * A migration that has landed is never edited: when the text this library
 * carries differs from the one applied to the database, migrating and
 * reading the schema version refuse, naming the migration, rather than let
 * two databases with the same version hold different schemas. Versions
 * applied before checksums were kept get theirs recorded by the next
 * migrate.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include <portail/auth.h>
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

/* The hex SHA-256 of a migration's text. */
static void checksum(char out[2 * crypto_hash_sha256_BYTES + 1], const char *sql)
{
	unsigned char hash[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(hash, (const unsigned char *)sql, strlen(sql));
	sodium_bin2hex(out, 2 * crypto_hash_sha256_BYTES + 1, hash, sizeof(hash));
}

/* The migration of this library numbered @p number, or NULL. */
static const struct ptl__migration *known_migration(int64_t number)
{
	for (int i = 0; i < ptl__migration_count; i++)
		if (ptl__migrations[i].number == number)
			return &ptl__migrations[i];
	return NULL;
}

/* Compare the recorded checksums of the applied migrations with the texts
 * this library carries; with @p record, fill in those not recorded yet.
 * The table exists. The checksum column is read through to_jsonb() so that
 * a table made before it existed reads as "not recorded". */
static int verify_checksums(ptl_db *db, bool record)
{
	char sum[2 * crypto_hash_sha256_BYTES + 1];
	PGresult *res = ptl__db_query(db,
		"SELECT m.version, m.name, to_jsonb(m) ->> 'checksum' AS checksum"
		"  FROM schema_migrations m ORDER BY m.version", 0, NULL);
	int rc = PTL_OK;

	if (!res)
		return ptl_error_last()->code;
	for (int i = 0; i < PQntuples(res) && rc == PTL_OK; i++) {
		const struct ptl__migration *m = known_migration(ptl__db_get_int64(res, i, "version"));
		const char *recorded = ptl__db_get(res, i, "checksum");

		if (!m)
			continue;   /* newer than this library: not ours to judge */
		checksum(sum, m->sql);
		if (recorded && strcmp(recorded, sum) != 0) {
			rc = ptl__error_set(PTL_ERROR, NULL, NULL,
				"migration %s has changed since it was applied to this database"
				" (recorded as %s, SHA-256 %.12s..., now %.12s...): a landed migration is"
				" never edited; restore its text and put the change in a new migration",
				m->name, ptl__db_get(res, i, "name"), recorded, sum);
		} else if (!recorded && record) {
			struct ptl__num version = ptl__num(m->number);
			const char *params[] = { version.s, sum };
			rc = ptl__db_exec(db,
				"UPDATE schema_migrations SET checksum = $2"
				" WHERE version = $1::integer AND checksum IS NULL", 2, params);
		}
	}
	PQclear(res);
	return rc;
}

/* Under the lock: the version table as this library wants it, and the
 * applied migrations checked against their texts. */
static int prepare(ptl_db *db, void *ctx)
{
	int rc;

	(void)ctx;
	if ((rc = ptl__db_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ")",
	                       0, NULL)) != PTL_OK ||
	    (rc = ptl__db_exec(db,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version integer PRIMARY KEY,"
		" name text NOT NULL,"
		" applied_at timestamptz NOT NULL DEFAULT now(),"
		" checksum text)", 0, NULL)) != PTL_OK ||
	    (rc = ptl__db_exec(db,
		"ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text", 0, NULL)))
		return rc;
	return verify_checksums(db, true);
}

struct step {
	const struct ptl__migration *migration;
	bool applied;
};

static int apply_one(ptl_db *db, void *ctx)
{
	struct step *step = ctx;
	struct ptl__num number = ptl__num(step->migration->number);
	char sum[2 * crypto_hash_sha256_BYTES + 1];
	const char *params[] = { number.s, step->migration->name, sum };
	PGresult *res;
	int rc;

	step->applied = false;
	checksum(sum, step->migration->sql);
	rc = ptl__db_exec(db, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ")", 0, NULL);
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
			"INSERT INTO schema_migrations (version, name, checksum)"
			" VALUES ($1::integer, $2, $3)", 3, params);
	step->applied = rc == PTL_OK;
	return rc;
}

int ptl_db_migrate(int *applied_out, ptl_db *db)
{
	int applied = 0, rc;

	if (applied_out)
		*applied_out = 0;
	if ((rc = ptl_init()) != PTL_OK || (rc = ptl__db_transaction(db, prepare, NULL)) != PTL_OK)
		return rc;
	for (int i = 0; i < ptl__migration_count; i++) {
		struct step step = { &ptl__migrations[i], false };
		rc = ptl__db_transaction(db, apply_one, &step);
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

int ptl_db_schema_version(int *out, ptl_db *db)
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
	if (*out == 0)
		return PTL_OK;
	int rc = ptl_init();
	if (rc == PTL_OK)
		rc = verify_checksums(db, false);
	if (rc != PTL_OK)
		*out = 0;
	return rc;
}

int ptl_db_pending_migrations(int *out, ptl_db *db)
{
	PGresult *res = ptl__db_query(db, "SELECT version FROM schema_migrations", 0, NULL);
	int rows;

	*out = ptl__migration_count;
	if (!res) {
		/* No table yet: an empty database, every migration to apply. */
		if (strcmp(ptl_error_last()->sqlstate, "42P01") == 0)
			return PTL_OK;
		*out = 0;
		return ptl_error_last()->code;
	}
	rows = PQntuples(res);
	for (int i = 0; i < rows; i++)
		if (known_migration(ptl__db_get_int64(res, i, "version")))
			(*out)--;
	PQclear(res);
	return PTL_OK;
}

int ptl_db_latest_migration(void)
{
	return ptl__migrations[ptl__migration_count - 1].number;
}
