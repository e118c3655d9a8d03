/*
 * db.h — the connection to the portal's PostgreSQL database.
 *
 * A ptl_db is one libpq connection with the library's session settings
 * (search_path pinned, UTC). It is used by one thread at a time; a
 * multi-threaded program (portail-web) keeps a few in a pool and lends
 * them out. A connection that died while idle (a restarted server, a
 * terminated backend) is noticed and reopened before the next call uses
 * it, and a write whose connection broke before its COMMIT was sent is run
 * again once; while the server is away, calls fail with PTL_EUNAVAILABLE.
 */
#ifndef PORTAIL_DB_H
#define PORTAIL_DB_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptl_db ptl_db;

/** Connect with a libpq connection string; NULL or "" means the
 *  PORTAIL_DB environment variable. The handle is returned even when
 *  the server is down (PTL_EUNAVAILABLE), so that it can reconnect later;
 *  on any other failure *out is NULL.
 *  @return PTL_OK, PTL_EINVALID (no connection string), PTL_EUNAVAILABLE. */
int ptl_db_open(ptl_db **out, const char *conninfo);

/** Close the connection; NULL is a no-op. */
void ptl_db_close(ptl_db *db);

/** Check that the database answers (reconnecting if needed).
 *  @return PTL_OK or PTL_EUNAVAILABLE. */
int ptl_db_ping(ptl_db *db);

/** Apply the migrations not yet applied, in order, each in its own
 *  transaction, recording each in the schema_migrations table with the
 *  SHA-256 of its text. Safe to run again and from two processes at once.
 *  Refuses (PTL_ERROR, naming the migration) when the text of a migration
 *  already applied to the database differs from this library's; records
 *  the checksums missing from a database migrated before they were kept.
 *  @param applied_out if not NULL, receives how many were applied. */
int ptl_db_migrate(int *applied_out, ptl_db *db);

/** The number of the latest applied migration (0 for an empty database).
 *  Refuses like ptl_db_migrate() when an applied migration has changed. */
int ptl_db_schema_version(int *out, ptl_db *db);

/** How many of this library's migrations the database has not applied
 *  (numbers may have gaps: this counts migrations, not numbers). */
int ptl_db_pending_migrations(int *out, ptl_db *db);

/** The number of the latest migration this library knows. */
int ptl_db_latest_migration(void);

#ifdef __cplusplus
}
#endif
#endif
