/*
 * session.c — sessions: opening, finding, ending, and changing the password
 * from within one.
 *
 * A session is found by the hash of its token, and lives while it has been
 * used in the last PTL_SESSION_IDLE_SECONDS and was opened less than
 * PTL_SESSION_ABSOLUTE_SECONDS ago. last_seen_at is written at most once a
 * minute, to spare the database a write on every request. The check is one
 * prepared statement (PTL__SESSION_CTE), which the reads of a parent's pages
 * begin with, so that a page costs one round trip, session included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/error.h>

#include "db-internal.h"
#include "error-internal.h"
#include "password.h"
#include "session-internal.h"
#include "util.h"
#include "validate.h"

static int no_session(void)
{
	return ptl__error_set(PTL_EAUTH, NULL, "Votre session a expiré. Reconnectez-vous.",
	                      "no live session for this token");
}

int ptl__session_open(ptl_db *db, int64_t guardian_id, int64_t family_id,
                      bool must_change_password, const char *client_addr,
                      char **token_out, ptl_session *session_out)
{
	char token[PTL_TOKEN_LEN + 1], hash[65];
	ptl_session s = { 0 };
	ptl_time now = ptl_clock_now();
	struct ptl__num gid = ptl__num(guardian_id), n = ptl__num(now);
	int rc;

	ptl_token_new(token);
	ptl_token_new(s.csrf_token);
	ptl__token_hash(hash, token);
	const char *params[] = { hash, gid.s, s.csrf_token,
	                         must_change_password ? "true" : "false", client_addr, n.s };
	rc = ptl__db_exec(db,
		"INSERT INTO session (token_hash, guardian_id, csrf_token, must_change_password,"
		"                     client_addr, created_at, last_seen_at)"
		" VALUES ($1, $2, $3, $4::boolean, $5, to_timestamp($6::bigint),"
		"         to_timestamp($6::bigint))", 6, params);
	if (rc != PTL_OK)
		return rc;
	if (!(*token_out = strdup(token)))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	s.guardian_id = guardian_id;
	s.family_id = family_id;
	s.must_change_password = must_change_password;
	s.created_at = now;
	s.last_seen_at = now;
	if (session_out)
		*session_out = s;
	return PTL_OK;
}

/* Find the live session of a token hash; ENDS nothing, writes nothing. */
static int find_session(ptl_db *db, const char *hash, ptl_time now, ptl_session *out)
{
	struct ptl__num n = ptl__num(now), idle = ptl__num(PTL_SESSION_IDLE_SECONDS),
	                absolute = ptl__num(PTL_SESSION_ABSOLUTE_SECONDS);
	const char *params[] = { hash, n.s, idle.s, absolute.s };
	PGresult *res = ptl__db_query(db,
		"SELECT s.guardian_id, g.family_id, s.csrf_token, s.must_change_password,"
		"       extract(epoch from s.created_at)::bigint AS created_at,"
		"       extract(epoch from s.last_seen_at)::bigint AS last_seen_at"
		"  FROM session s JOIN guardian g ON g.id = s.guardian_id"
		"  JOIN account a ON a.guardian_id = g.id"
		" WHERE s.token_hash = $1 AND a.active"
		"   AND s.last_seen_at > to_timestamp($2::bigint - $3::bigint)"
		"   AND s.created_at > to_timestamp($2::bigint - $4::bigint)"
		"   AND s.created_at <= to_timestamp($2::bigint + 60)", 4, params);

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return no_session();
	}
	memset(out, 0, sizeof(*out));
	out->guardian_id = ptl__db_get_int64(res, 0, "guardian_id");
	out->family_id = ptl__db_get_int64(res, 0, "family_id");
	out->must_change_password = ptl__db_get_bool(res, 0, "must_change_password");
	out->created_at = ptl__db_get_int64(res, 0, "created_at");
	out->last_seen_at = ptl__db_get_int64(res, 0, "last_seen_at");
	snprintf(out->csrf_token, sizeof(out->csrf_token), "%s",
	         ptl__db_get(res, 0, "csrf_token"));
	PQclear(res);
	return PTL_OK;
}

int ptl__session_token_hash(char hash[65], const char *token)
{
	if (!token || strlen(token) != PTL_TOKEN_LEN)
		return no_session();
	ptl__token_hash(hash, token);
	return PTL_OK;
}

int ptl__session_from_row(ptl_session *out, const PGresult *res, int row)
{
	if (row >= PQntuples(res))
		return no_session();
	memset(out, 0, sizeof(*out));
	out->guardian_id = ptl__db_get_int64(res, row, "session_guardian_id");
	out->family_id = ptl__db_get_int64(res, row, "session_family_id");
	out->must_change_password = ptl__db_get_bool(res, row, "session_must_change_password");
	out->created_at = ptl__db_get_int64(res, row, "session_created_at");
	out->last_seen_at = ptl__db_get_int64(res, row, "session_last_seen_at");
	snprintf(out->csrf_token, sizeof(out->csrf_token), "%s",
	         ptl__db_get(res, row, "session_csrf_token"));
	return PTL_OK;
}

int ptl__session_row_object(ptl_session *session_out, const PGresult *res, bool token,
                            const char *id_column, const char *field, const char *fr)
{
	if (token) {
		ptl_session session;
		int rc = ptl__session_from_row(&session, res, 0);

		if (rc != PTL_OK)
			return rc;
		if (session_out)
			*session_out = session;
	}
	if (!ptl__db_get(res, 0, id_column))
		return ptl__error_set(PTL_ENOTFOUND, field, fr, "no %s of the family", field);
	return PTL_OK;
}

int ptl_session_get(ptl_session *out, ptl_db *db, const char *token)
{
	char hash[65];
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { hash, now.s };
	PGresult *res;
	int rc;

	if ((rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	res = ptl__db_query_prepared(db, PTL__SESSION_CTE " SELECT * FROM s", 2, params);
	if (!res)
		return ptl_error_last()->code;
	rc = ptl__session_from_row(out, res, 0);
	PQclear(res);
	return rc;
}

int ptl_session_end(ptl_db *db, const char *token)
{
	char hash[65];
	const char *params[] = { hash };

	if (!token || !*token)
		return PTL_OK;
	ptl__token_hash(hash, token);
	return ptl__db_exec(db, "DELETE FROM session WHERE token_hash = $1", 1, params);
}

int ptl__sessions_end_all(ptl_db *db, int64_t guardian_id, const char *keep_hash)
{
	struct ptl__num gid = ptl__num(guardian_id);
	const char *params[] = { gid.s, keep_hash };

	return ptl__db_exec(db,
		"DELETE FROM session WHERE guardian_id = $1"
		" AND ($2::text IS NULL OR token_hash <> $2)", 2, params);
}

struct password_change {
	int64_t guardian_id;
	const char *keep_hash;
	const char *new_hash;
};

static int store_password(ptl_db *db, void *ctx)
{
	struct password_change *c = ctx;
	struct ptl__num gid = ptl__num(c->guardian_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { gid.s, c->new_hash, now.s, c->keep_hash };
	int rc = ptl__db_exec(db,
		"UPDATE account SET password_hash = $2, one_time_code_hash = NULL,"
		"       one_time_code_expires_at = NULL, updated_at = to_timestamp($3::bigint)"
		" WHERE guardian_id = $1", 3, params);

	if (rc == PTL_OK)
		rc = ptl__sessions_end_all(db, c->guardian_id, c->keep_hash);
	if (rc == PTL_OK && c->keep_hash)
		rc = ptl__db_exec(db,
			"UPDATE session SET must_change_password = false WHERE token_hash = $4"
			" AND guardian_id = $1 AND $2::text IS NOT NULL AND $3::text IS NOT NULL",
			4, params);
	return rc;
}

int ptl_auth_change_password(ptl_db *db, const char *token, const char *current,
                             const char *new_password)
{
	char hash[65], new_hash[crypto_pwhash_STRBYTES];
	ptl_session session;
	int rc;

	if (!token || strlen(token) != PTL_TOKEN_LEN)
		return no_session();
	ptl__token_hash(hash, token);
	if ((rc = find_session(db, hash, ptl_clock_now(), &session)) != PTL_OK)
		return rc;

	if (!new_password || !*new_password)
		return ptl__error_set(PTL_EINVALID, "new_password",
			"Choisissez un nouveau mot de passe.", "new_password is required");
	/* The current password: a mistake in a form field, told as such (the
	 * session itself is fine). Not needed after a one-time code. */
	if (!session.must_change_password && (!current || !*current))
		return ptl__error_set(PTL_EINVALID, "current_password",
			"Indiquez votre mot de passe actuel.", "current_password is required");
	if (!session.must_change_password) {
		struct ptl__num gid = ptl__num(session.guardian_id);
		const char *params[] = { gid.s };
		PGresult *res = ptl__db_query(db,
			"SELECT password_hash FROM account WHERE guardian_id = $1", 1, params);
		if (!res)
			return ptl_error_last()->code;
		bool ok = PQntuples(res) == 1 && strlen(current) <= PTL_PASSWORD_MAX_CHARS * 4 &&
		          ptl__password_verify(ptl__db_get(res, 0, "password_hash"), current);
		PQclear(res);
		if (!ok)
			return ptl__error_set(PTL_EINVALID, "current_password",
				"Le mot de passe actuel est incorrect.", "wrong current password");
	}
	if ((rc = ptl__check_password("new_password", new_password)) != PTL_OK ||
	    (rc = ptl__password_hash(new_hash, new_password)) != PTL_OK)
		return rc;
	struct password_change change = { session.guardian_id, hash, new_hash };
	return ptl__db_transaction(db, store_password, &change);
}
