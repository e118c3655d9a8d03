/*
 * rate.c — limits on anonymous actions per client address (see rate.h).
 * The rule is core/throttle.c's ptl__rate_wait(); this file counts and
 * records. A transaction-level advisory lock on the (action, address) pair
 * makes the count and the record one step under concurrency. The lock is a
 * statement of its own: a statement's snapshot is taken before it runs, so
 * a count in the statement that waited for the lock would not see what the
 * previous holder committed meanwhile.
 */
#include <stdio.h>

#include <portail/error.h>

#include "core/throttle.h"
#include "db-internal.h"
#include "error-internal.h"
#include "rate.h"

int ptl__rate_check(const char *action, const char *client_addr, int recent, int64_t oldest,
                    int limit, int64_t window, ptl_time now)
{
	int64_t wait = ptl__rate_wait(recent, oldest, limit, window, now);

	if (wait <= 0)
		return PTL_OK;
	ptl__error_set(PTL_ETHROTTLED, NULL,
		"Trop de demandes depuis votre connexion. Réessayez un peu plus tard.",
		"too many %s requests from %s; retry in %lld s", action,
		client_addr && *client_addr ? client_addr : "unknown", (long long)wait);
	ptl__error_set_retry_after((long)wait);
	return PTL_ETHROTTLED;
}

int ptl__rate_take(ptl_db *db, const char *action, const char *client_addr, int limit,
                   int64_t window)
{
	ptl_time now = ptl_clock_now();
	struct ptl__num n = ptl__num(now), w = ptl__num(window);
	const char *addr = client_addr && *client_addr ? client_addr : "unknown";
	const char *params[] = { action, addr, n.s, w.s };
	int rc = ptl__db_exec(db, "SELECT pg_advisory_xact_lock(hashtext($1 || ' ' || $2))",
	                      2, params);

	if (rc != PTL_OK)
		return rc;
	PGresult *res = ptl__db_query(db,
		"SELECT (SELECT count(*) FROM rate_event WHERE action = $1 AND client_addr = $2"
		"          AND at > to_timestamp($3::bigint - $4::bigint)) AS recent,"
		"       (SELECT coalesce(extract(epoch from min(at))::bigint, 0) FROM rate_event"
		"         WHERE action = $1 AND client_addr = $2"
		"           AND at > to_timestamp($3::bigint - $4::bigint)) AS oldest", 4, params);

	if (!res)
		return ptl_error_last()->code;
	rc = ptl__rate_check(action, addr, (int)ptl__db_get_int64(res, 0, "recent"),
	                     ptl__db_get_int64(res, 0, "oldest"), limit, window, now);
	PQclear(res);
	if (rc != PTL_OK)
		return rc;
	return ptl__db_exec(db,
		"INSERT INTO rate_event (action, client_addr, at)"
		" VALUES ($1, $2, to_timestamp($3::bigint))", 3, params);
}
