/*
 * db.c — connections, queries, transactions and the mapping of PostgreSQL
 * failures to the library's error codes.
 *
 * A connection that died while idle (a terminated backend, a restarted
 * server) is noticed before the next unit of work and reopened, so that no
 * request fails for it. A transaction whose connection broke before its
 * COMMIT was sent is run again once on a fresh connection: the server rolled
 * it back, nothing of it remains. One that broke while its COMMIT was on its
 * way is never run again, since it may have committed.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>

#include "db-internal.h"
#include "error-internal.h"

#define MAX_TRANSACTION_ATTEMPTS 5

static void forget_prepared(ptl_db *db);

/* Session settings of every connection: the search path is pinned to our
 * schema (pg_catalog, left out of it, is then searched first, so that no
 * object can shadow a built-in), and instants travel in UTC. */
static int configure(ptl_db *db)
{
	PGresult *res = PQexec(db->conn,
		"SELECT pg_catalog.set_config('search_path', 'public', false),"
		" pg_catalog.set_config('TimeZone', 'UTC', false),"
		" pg_catalog.set_config('client_min_messages', 'warning', false)");
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	PQclear(res);
	return ok ? PTL_OK : PTL_EUNAVAILABLE;
}

static int unavailable(ptl_db *db)
{
	char line[256];
	const char *msg = db->conn ? PQerrorMessage(db->conn) : "out of memory";

	snprintf(line, sizeof(line), "%s", msg);
	line[strcspn(line, "\n")] = '\0';
	return ptl__error_set(PTL_EUNAVAILABLE, NULL, NULL, "database unavailable: %s", line);
}

/* Between two units of work the server sends nothing we asked for: an idle
 * connection whose socket is readable, or hung up, is going away (a
 * terminated backend sends its farewell and closes). One poll, no wait. */
static bool idle_connection_lost(ptl_db *db)
{
	struct pollfd p = { .fd = PQsocket(db->conn), .events = POLLIN };

	if (p.fd < 0)
		return true;
	return poll(&p, 1, 0) != 0;
}

/* Make sure the connection is up, reconnecting outside a transaction. */
static int ensure_connected(ptl_db *db)
{
	if (db->in_transaction)
		return PQstatus(db->conn) == CONNECTION_OK ? PTL_OK : unavailable(db);
	if (PQstatus(db->conn) == CONNECTION_OK && !idle_connection_lost(db))
		return PTL_OK;
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK || configure(db) != PTL_OK)
		return unavailable(db);
	db->generation++;
	return PTL_OK;
}

int ptl_db_open(ptl_db **out, const char *conninfo)
{
	ptl_db *db;

	*out = NULL;
	if (!conninfo || !*conninfo)
		conninfo = getenv("PORTAIL_DB");
	if (!conninfo || !*conninfo)
		return ptl__error_set(PTL_EINVALID, "db", NULL,
			"no database given: set PORTAIL_DB or pass a connection string");
	db = calloc(1, sizeof(*db));
	if (!db || !(db->conninfo = strdup(conninfo))) {
		free(db);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	db->conn = PQconnectdb(conninfo);
	if (!db->conn) {
		ptl_db_close(db);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	*out = db;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		/* A malformed string will never work: refuse it now. */
		PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
		if (!opts) {
			ptl_db_close(db);
			*out = NULL;
			return ptl__error_set(PTL_EINVALID, "db", NULL,
				"malformed database connection string");
		}
		PQconninfoFree(opts);
		return unavailable(db);
	}
	if (configure(db) != PTL_OK)
		return unavailable(db);
	return PTL_OK;
}

void ptl_db_close(ptl_db *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	free(db->conninfo);
	forget_prepared(db);
	free(db->prepared);
	free(db);
}

int ptl_db_ping(ptl_db *db)
{
	return ptl__db_exec(db, "SELECT 1", 0, NULL);
}

static int map_failure(ptl_db *db, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int code;

	if (!state || PQstatus(db->conn) != CONNECTION_OK || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57P", 3) == 0 || strcmp(state, "53300") == 0)
		return unavailable(db);
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		code = PTL_ECONFLICT;
	else if (strcmp(state, "23505") == 0)
		code = PTL_EEXISTS;
	else if (strcmp(state, "23503") == 0)
		code = PTL_ENOTFOUND;
	else if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
		code = PTL_EINVALID;
	else
		code = PTL_ERROR;
	ptl__error_set(code, NULL, NULL, "database error %s: %s", state, msg ? msg : "");
	ptl__error_set_sqlstate(state);
	return code;
}

PGresult *ptl__db_query(ptl_db *db, const char *sql, int nparams, const char *const *params)
{
	PGresult *res;
	ExecStatusType st;

	if (ensure_connected(db) != PTL_OK)
		return NULL;
	res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	map_failure(db, res);
	PQclear(res);
	return NULL;
}

/* --- statements prepared once per connection ------------------------------ */

/* FNV-1a: the statement's name comes from its text, so that one text has one
 * name in every process and two texts never share one (64 bits). */
static uint64_t text_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Forget every statement (the server process that had them is gone). */
static void forget_prepared(ptl_db *db)
{
	for (size_t i = 0; i < db->prepared_count; i++)
		free(db->prepared[i].text);
	db->prepared_count = 0;
}

/* The statement of @p sql on this connection, or NULL. A caller's fixed text
 * keeps its address: where it was seen last, one comparison with the copy
 * confirms it; otherwise it is found by the hash of its text, computed into
 * *hash. */
static struct ptl__prepared *find_prepared(ptl_db *db, const char *sql, uint64_t *hash)
{
	for (size_t i = 0; i < db->prepared_count; i++)
		if (db->prepared[i].seen == sql && strcmp(db->prepared[i].text, sql) == 0) {
			*hash = db->prepared[i].hash;
			return &db->prepared[i];
		}
	*hash = text_hash(sql);
	for (size_t i = 0; i < db->prepared_count; i++)
		if (db->prepared[i].hash == *hash) {
			db->prepared[i].seen = sql;
			return &db->prepared[i];
		}
	return NULL;
}

static int remember_prepared(ptl_db *db, const char *sql, uint64_t hash)
{
	char *text = strdup(sql);

	if (text && db->prepared_count == db->prepared_size) {
		size_t size = db->prepared_size ? db->prepared_size * 2 : 16;
		struct ptl__prepared *grown = realloc(db->prepared, size * sizeof(*grown));

		if (grown) {
			db->prepared = grown;
			db->prepared_size = size;
		}
	}
	if (!text || db->prepared_count == db->prepared_size) {
		free(text);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	db->prepared[db->prepared_count++] = (struct ptl__prepared){ text, sql, hash };
	return PTL_OK;
}

/* Prepare @p sql unless this server process has it already; its name,
 * from the hash of its text, into @p name. */
static int prepare(ptl_db *db, const char *sql, int nparams, char name[24])
{
	PGresult *res;
	const char *state;
	uint64_t hash;
	int rc = PTL_OK;

	/* A reconnection (a new server process) knows none of them. */
	if (db->generation != db->prepared_generation) {
		forget_prepared(db);
		db->prepared_generation = db->generation;
	}
	bool known = find_prepared(db, sql, &hash) != NULL;
	snprintf(name, 24, "ptl_%016llx", (unsigned long long)hash);
	if (known)
		return PTL_OK;
	res = PQprepare(db->conn, name, sql, nparams, NULL);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* 42P05: prepared already (by an earlier call that lost its answer). */
	if (PQresultStatus(res) != PGRES_COMMAND_OK && !(state && strcmp(state, "42P05") == 0))
		rc = map_failure(db, res);
	PQclear(res);
	return rc == PTL_OK ? remember_prepared(db, sql, hash) : rc;
}

PGresult *ptl__db_query_prepared(ptl_db *db, const char *sql, int nparams,
                                 const char *const *params)
{
	char name[24];
	PGresult *res = NULL;
	ExecStatusType st;

	for (int attempt = 0; attempt < 2; attempt++) {
		if (ensure_connected(db) != PTL_OK || prepare(db, sql, nparams, name) != PTL_OK)
			return NULL;
		res = PQexecPrepared(db->conn, name, nparams, params, NULL, NULL, 0);
		st = PQresultStatus(res);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
			return res;
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		/* 26000: the server forgot it (DISCARD ALL, e.g. by a pooler):
		 * prepare it again, once. */
		if (attempt > 0 || !state || strcmp(state, "26000") != 0)
			break;
		PQclear(res);
		res = NULL;
		forget_prepared(db);
	}
	map_failure(db, res);
	PQclear(res);
	return NULL;
}

int ptl__db_exec(ptl_db *db, const char *sql, int nparams, const char *const *params)
{
	PGresult *res = ptl__db_query(db, sql, nparams, params);

	if (!res)
		return ptl_error_last()->code;
	PQclear(res);
	return PTL_OK;
}

int ptl__db_transaction(ptl_db *db, ptl__tx_fn fn, void *ctx)
{
	int rc = PTL_ERROR;
	bool reconnected = false;

	for (int attempt = 1; attempt <= MAX_TRANSACTION_ATTEMPTS; attempt++) {
		bool commit_sent = false;

		rc = ptl__db_exec(db, "BEGIN", 0, NULL);
		if (rc == PTL_OK) {
			db->in_transaction = true;
			rc = fn(db, ctx);
			if (rc == PTL_OK) {
				commit_sent = true;
				rc = ptl__db_exec(db, "COMMIT", 0, NULL);
			}
			if (rc != PTL_OK && PQstatus(db->conn) == CONNECTION_OK &&
			    PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
				PGresult *res = PQexec(db->conn, "ROLLBACK");
				PQclear(res);
			}
			db->in_transaction = false;
		}
		if (rc == PTL_EUNAVAILABLE && PQstatus(db->conn) != CONNECTION_OK) {
			if (commit_sent)
				return ptl__error_set(PTL_EUNAVAILABLE, NULL, NULL,
					"database unavailable: the connection broke during COMMIT; "
					"the transaction may or may not have been committed");
			/* Nothing of it remains on the server: redo it once on a
			 * new connection (the next BEGIN reconnects). */
			if (reconnected)
				return rc;
			reconnected = true;
			continue;
		}
		if (rc != PTL_ECONFLICT || ptl_error_last()->sqlstate[0] == '\0')
			return rc;
		/* A serialisation failure or deadlock: the work is safe to redo. */
	}
	return rc;
}

/* The number of column @p column of @p res. Rows are read field by field by
 * name, each name a fixed text: a small per-thread cache remembers where each
 * name was last found, checked against the result's own column name (one
 * comparison instead of a scan of every column), and PQfnumber() decides
 * whenever the cache does not match. */
static int column_number(const PGresult *res, const char *column)
{
	static _Thread_local struct { const char *name; int col; } cache[128];
	size_t slot = ((uintptr_t)column >> 3) % (sizeof(cache) / sizeof(cache[0]));
	int col = cache[slot].col;

	if (cache[slot].name == column && col < PQnfields(res) &&
	    strcmp(PQfname(res, col), column) == 0)
		return col;
	col = PQfnumber(res, column);
	if (col >= 0) {
		cache[slot].name = column;
		cache[slot].col = col;
	}
	return col;
}

const char *ptl__db_get(const PGresult *res, int row, const char *column)
{
	int col = column_number(res, column);

	if (col < 0 || PQgetisnull(res, row, col))
		return NULL;
	return PQgetvalue(res, row, col);
}

int64_t ptl__db_get_int64(const PGresult *res, int row, const char *column)
{
	const char *v = ptl__db_get(res, row, column);

	return v ? strtoll(v, NULL, 10) : 0;
}

bool ptl__db_get_bool(const PGresult *res, int row, const char *column)
{
	const char *v = ptl__db_get(res, row, column);

	return v && v[0] == 't';
}

char *ptl__db_dup(const PGresult *res, int row, const char *column)
{
	const char *v = ptl__db_get(res, row, column);

	return strdup(v ? v : "");
}

struct ptl__num ptl__num(int64_t v)
{
	struct ptl__num n;

	snprintf(n.s, sizeof(n.s), "%lld", (long long)v);
	return n;
}
