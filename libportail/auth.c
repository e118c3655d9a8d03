/*
 * auth.c — logging in: throttling, checking the password or one-time code,
 * and opening a session.
 *
 * Every evaluated attempt costs exactly one argon2id verification, whether
 * the email is known or not, and is recorded in login_attempt; attempts
 * refused by throttling are not evaluated and not recorded.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/error.h>

#include "core/throttle.h"
#include "db-internal.h"
#include "error-internal.h"
#include "password.h"
#include "session-internal.h"
#include "util.h"

/* Longer input cannot be a valid password (128 characters of at most 4
 * bytes); refusing it early bounds the hashing work an attacker can cause. */
#define MAX_SECRET_BYTES (PTL_PASSWORD_MAX_CHARS * 4)
#define MAX_KEY_BYTES 254

static int bad_credentials(void)
{
	return ptl__error_set(PTL_EAUTH, NULL, "Adresse e-mail ou mot de passe incorrect.",
	                      "unknown email or wrong password");
}

/* Gather the throttling state of one key ("email" or "client_addr"). */
static int throttle_state(ptl_db *db, const char *column, const char *key, ptl_time now,
                          struct ptl__throttle_state *out)
{
	struct ptl__num n = ptl__num(now), window = ptl__num(PTL_THROTTLE_WINDOW);
	const char *params[] = { key, n.s, window.s };
	char sql[1024];
	PGresult *res;

	snprintf(sql, sizeof(sql),
		"WITH recent AS ("
		"  SELECT succeeded, at FROM login_attempt"
		"   WHERE %s = $1 AND at > to_timestamp($2::bigint - $3::bigint)),"
		" last_success AS (SELECT max(at) AS at FROM recent WHERE succeeded)"
		" SELECT count(*) AS attempts,"
		"        coalesce(extract(epoch from min(at))::bigint, 0) AS oldest,"
		"        count(*) FILTER (WHERE NOT succeeded AND at > coalesce("
		"          (SELECT at FROM last_success), '-infinity')) AS failures,"
		"        coalesce(extract(epoch from max(at) FILTER (WHERE NOT succeeded))::bigint, 0)"
		"          AS last_failure"
		"   FROM recent", column);
	res = ptl__db_query(db, sql, 3, params);
	if (!res)
		return ptl_error_last()->code;
	out->attempts_in_window = (int)ptl__db_get_int64(res, 0, "attempts");
	out->oldest_attempt_at = ptl__db_get_int64(res, 0, "oldest");
	out->consecutive_failures = (int)ptl__db_get_int64(res, 0, "failures");
	out->last_failure_at = ptl__db_get_int64(res, 0, "last_failure");
	PQclear(res);
	return PTL_OK;
}

static int check_throttle(ptl_db *db, const char *email, const char *addr, ptl_time now)
{
	struct ptl__throttle_state by_email, by_addr;
	int rc;

	if ((rc = throttle_state(db, "email", email, now, &by_email)) != PTL_OK ||
	    (rc = throttle_state(db, "client_addr", addr, now, &by_addr)) != PTL_OK)
		return rc;
	int64_t wait = ptl__throttle_wait(&by_email, PTL_THROTTLE_DAILY_CAP_EMAIL, now);
	int64_t wait_addr = ptl__throttle_wait(&by_addr, PTL_THROTTLE_DAILY_CAP_ADDRESS, now);
	if (wait_addr > wait)
		wait = wait_addr;
	if (wait > 0) {
		ptl__error_set(PTL_ETHROTTLED, NULL,
			"Trop de tentatives de connexion. Patientez avant de réessayer.",
			"too many login attempts; retry in %lld s", (long long)wait);
		ptl__error_set_retry_after((long)wait);
		return PTL_ETHROTTLED;
	}
	return PTL_OK;
}

struct account_row {
	int64_t guardian_id;
	int64_t family_id;
	char *password_hash;   /* NULL when none */
	char *code_hash;       /* NULL when none or expired */
	bool active;
	bool found;
};

static int load_account(ptl_db *db, const char *email, ptl_time now, struct account_row *out)
{
	struct ptl__num n = ptl__num(now);
	const char *params[] = { email, n.s };
	PGresult *res = ptl__db_query(db,
		"SELECT g.id AS guardian_id, g.family_id, a.password_hash, a.active,"
		"       CASE WHEN a.one_time_code_expires_at > to_timestamp($2::bigint)"
		"            THEN a.one_time_code_hash END AS code_hash"
		"  FROM guardian g JOIN account a ON a.guardian_id = g.id"
		" WHERE g.email = $1", 2, params);

	memset(out, 0, sizeof(*out));
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 1) {
		const char *pw = ptl__db_get(res, 0, "password_hash");
		const char *code = ptl__db_get(res, 0, "code_hash");
		out->found = true;
		out->guardian_id = ptl__db_get_int64(res, 0, "guardian_id");
		out->family_id = ptl__db_get_int64(res, 0, "family_id");
		out->active = ptl__db_get_bool(res, 0, "active");
		out->password_hash = pw ? strdup(pw) : NULL;
		out->code_hash = code ? strdup(code) : NULL;
	}
	PQclear(res);
	return PTL_OK;
}

static int record_attempt(ptl_db *db, const char *email, const char *addr, bool ok, ptl_time now)
{
	struct ptl__num n = ptl__num(now);
	const char *params[] = { email, addr, ok ? "true" : "false", n.s };

	return ptl__db_exec(db,
		"INSERT INTO login_attempt (email, client_addr, succeeded, at)"
		" VALUES ($1, $2, $3::boolean, to_timestamp($4::bigint))", 4, params);
}

int ptl_auth_login(ptl_db *db, const char *email_in, const char *password,
                   const char *client_addr, char **token_out, ptl_session *session_out)
{
	struct account_row account = { 0 };
	char email[MAX_KEY_BYTES + 1], addr[64], canonical[13];
	ptl_time now = ptl_clock_now();
	bool ok = false, by_code = false;
	int rc;

	*token_out = NULL;
	if ((rc = ptl_init()) != PTL_OK)
		return rc;
	/* The throttling key is the email as typed, trimmed and lower-cased. */
	char *trimmed = ptl__trimmed(email_in);
	if (!trimmed)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	snprintf(email, sizeof(email), "%s", trimmed);
	free(trimmed);
	ptl__ascii_lower(email);
	snprintf(addr, sizeof(addr), "%s", client_addr && *client_addr ? client_addr : "unknown");
	if (!password || !*email || strlen(password) > MAX_SECRET_BYTES)
		return bad_credentials();

	if ((rc = check_throttle(db, email, addr, now)) != PTL_OK ||
	    (rc = load_account(db, email, now, &account)) != PTL_OK)
		goto done;

	/* Exactly one verification: against the code when the account has a live
	 * one and the input has the shape of a code, else against the password
	 * (or a dummy hash). */
	if (account.code_hash && ptl__one_time_code_canonical(canonical, password)) {
		ok = ptl__password_verify(account.code_hash, canonical);
		by_code = true;
	} else {
		ok = ptl__password_verify(account.password_hash, password);
	}
	ok = ok && account.found;

	if ((rc = record_attempt(db, email, addr, ok, now)) != PTL_OK)
		goto done;
	if (!ok) {
		rc = bad_credentials();
		goto done;
	}
	/* Only the holder of the password learns that the account waits. */
	if (!account.active) {
		rc = ptl__error_set(PTL_EFORBIDDEN, NULL,
			"Votre inscription attend la validation du service. Vous recevrez un e-mail"
			" dès qu'elle sera validée.", "account not yet validated by the service");
		goto done;
	}
	rc = ptl__session_open(db, account.guardian_id, account.family_id, by_code, addr,
	                       token_out, session_out);
done:
	free(account.password_hash);
	free(account.code_hash);
	return rc;
}
