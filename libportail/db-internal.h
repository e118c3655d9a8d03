/*
 * db-internal.h — the library's database helpers.
 *
 * Every query goes through ptl__db_query() with $n parameters; it checks the
 * result, maps failures to ptl_status codes in the last error and returns
 * NULL on failure. One user action runs in one ptl__db_transaction(), which
 * retries on serialisation failures and deadlocks.
 */
#ifndef PORTAIL_DB_INTERNAL_H
#define PORTAIL_DB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include <portail/clock.h>
#include <portail/db.h>

struct ptl_db {
	PGconn *conn;
	char *conninfo;
	bool in_transaction;
	/* Counts the reconnections: what a connection holds on the server
	 * (prepared statements, settings) is gone when it changes. */
	unsigned long generation;
	/* The statements prepared on this connection (ptl__db_query_prepared):
	 * a copy of their text, its hash and where a caller's text was last
	 * seen, valid while generation is prepared_generation. */
	struct ptl__prepared { char *text; const char *seen; uint64_t hash; } *prepared;
	size_t prepared_count, prepared_size;
	unsigned long prepared_generation;
};

/** Run one statement with text parameters (NULL entries are SQL NULL).
 *  @return the result, which the caller PQclear()s, or NULL with the last
 *  error set. */
PGresult *ptl__db_query(ptl_db *db, const char *sql, int nparams,
                        const char *const *params);

/** ptl__db_query() through a statement prepared once per connection: the
 *  first call on a connection prepares @p sql under a name derived from its
 *  text, later calls only execute it (no parsing, no planning anew). After a
 *  reconnection, or when the server no longer knows the statement, it is
 *  prepared again. @p sql must be a fixed text (parameters in $n), not one
 *  built per call. */
PGresult *ptl__db_query_prepared(ptl_db *db, const char *sql, int nparams,
                                 const char *const *params);

/** Run one statement and discard its result. @return PTL_OK or the code. */
int ptl__db_exec(ptl_db *db, const char *sql, int nparams, const char *const *params);

typedef int (*ptl__tx_fn)(ptl_db *db, void *ctx);

/** Run @p fn inside BEGIN ... COMMIT. A negative return from @p fn rolls
 *  back and is passed up; serialisation failures and deadlocks are retried
 *  up to five times, and a connection that broke before COMMIT was sent is
 *  reopened and the whole of @p fn run again, once: @p fn must be safe to
 *  run again (it starts from @p ctx as given). A connection that broke
 *  during COMMIT is PTL_EUNAVAILABLE: the outcome is unknown. */
int ptl__db_transaction(ptl_db *db, ptl__tx_fn fn, void *ctx);

/** The value of column @p column in row @p row (NULL for SQL NULL). */
const char *ptl__db_get(const PGresult *res, int row, const char *column);
int64_t ptl__db_get_int64(const PGresult *res, int row, const char *column);
bool ptl__db_get_bool(const PGresult *res, int row, const char *column);

/** A strdup of a column, "" for NULL; NULL only when out of memory. */
char *ptl__db_dup(const PGresult *res, int row, const char *column);

/** Text forms of parameters, for the params arrays. */
struct ptl__num { char s[24]; };
struct ptl__num ptl__num(int64_t v);

/** SQL fragment to turn an epoch parameter into a timestamptz:
 *  write `to_timestamp($n::bigint)`; read back with
 *  `extract(epoch from col)::bigint`. */

#endif
