/*
 * session-internal.h — opening sessions and clearing the login throttle,
 * for the login and account modules.
 */
#ifndef PORTAIL_SESSION_INTERNAL_H
#define PORTAIL_SESSION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/auth.h>

#include "db-internal.h"

/**
 * The session check, to begin a statement that reads a page's data in the
 * same round trip. Parameters: $1 the token's hash, $2 now (epoch seconds).
 * CTE "s" is the live session, if any, with its guardian's family:
 * session_guardian_id, session_family_id, session_csrf_token,
 * session_must_change_password, session_created_at, session_last_seen_at
 * (epoch seconds, already the new value when this statement touched it),
 * family_name, family_created_at, family_updated_at. The session is marked
 * used at most once a minute: session_touch() (migration 0009) is called
 * only when that is due, so that a read neither writes nor sets up a write
 * on every request. Continue with ", more AS (...)" or
 * " SELECT ... FROM s ...".
 */
#define PTL__SESSION_CTE \
	"WITH live AS (" \
	"  SELECT s.token_hash, s.guardian_id AS session_guardian_id," \
	"         g.family_id AS session_family_id, s.csrf_token AS session_csrf_token," \
	"         s.must_change_password AS session_must_change_password," \
	"         extract(epoch from s.created_at)::bigint AS session_created_at," \
	"         extract(epoch from s.last_seen_at)::bigint AS seen_at," \
	"         f.name AS family_name," \
	"         extract(epoch from f.created_at)::bigint AS family_created_at," \
	"         extract(epoch from f.updated_at)::bigint AS family_updated_at" \
	"    FROM session s JOIN guardian g ON g.id = s.guardian_id" \
	"    JOIN account a ON a.guardian_id = g.id JOIN family f ON f.id = g.family_id" \
	"   WHERE s.token_hash = $1 AND a.active" \
	"     AND s.last_seen_at > to_timestamp($2::bigint - " PTL__STR(PTL_SESSION_IDLE_SECONDS) ")" \
	"     AND s.created_at > to_timestamp($2::bigint - " PTL__STR(PTL_SESSION_ABSOLUTE_SECONDS) ")" \
	"     AND s.created_at <= to_timestamp($2::bigint + 60))," \
	" s AS (" \
	"  SELECT live.*, coalesce(CASE WHEN seen_at < $2::bigint - " PTL__STR(PTL__SESSION_TOUCH_SECONDS) \
	"                               THEN session_touch(token_hash, $2::bigint," \
	"                                                  $2::bigint - " PTL__STR(PTL__SESSION_TOUCH_SECONDS) ")" \
	"                          END, seen_at) AS session_last_seen_at FROM live)"

#define PTL__STR_(x) #x
#define PTL__STR(x) PTL__STR_(x)

/** last_seen_at is written at most once per this many seconds. */
#define PTL__SESSION_TOUCH_SECONDS 60

/** Read the session columns of PTL__SESSION_CTE from row @p row.
 *  @return PTL_OK, or PTL_EAUTH with the last error set when @p res has no
 *  row (no live session). */
int ptl__session_from_row(ptl_session *out, const PGresult *res, int row);

/** For a statement over PTL__SESSION_CTE that LEFT JOINs one object of the
 *  session's family: with @p token, the session of row 0 into @p session_out
 *  (may be NULL; PTL_EAUTH without one); then PTL_ENOTFOUND (field
 *  @p field, French @p fr) when column @p id_column of row 0 is NULL (not
 *  the family's). @return PTL_OK or that code, recorded. */
int ptl__session_row_object(ptl_session *session_out, const PGresult *res, bool token,
                            const char *id_column, const char *field, const char *fr);

/** The hash of a well-formed token into @p hash; PTL_EAUTH (last error set)
 *  when @p token cannot be one. */
int ptl__session_token_hash(char hash[65], const char *token);

/** Open a session for a guardian whose credentials were just checked.
 *  @param token_out receives the token (malloc'd). */
int ptl__session_open(ptl_db *db, int64_t guardian_id, int64_t family_id,
                      bool must_change_password, const char *client_addr,
                      char **token_out, ptl_session *session_out);

/** End every session of a guardian except the one whose token hash is
 *  @p keep_hash (NULL: end them all). */
int ptl__sessions_end_all(ptl_db *db, int64_t guardian_id, const char *keep_hash);

/** Clear the login throttle of a guardian's account (new credentials): its
 *  recorded failures stop counting for the account and its pairs, and its
 *  devices' failure series end. In the caller's transaction. */
int ptl__login_throttle_clear(ptl_db *db, int64_t guardian_id);

#endif
