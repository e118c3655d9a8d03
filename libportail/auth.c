/*
 * auth.c — logging in: throttling, checking the password or one-time code,
 * recognising the devices that logged in before, and opening a session.
 *
 * The rules of throttling are core/throttle.c's; this file gathers the
 * history they need, records the outcome and keeps the device tokens. One
 * login is one transaction under a lock on the account's email
 * (pg_advisory_xact_lock), taken before anything is read: simultaneous
 * attempts on one account are evaluated one after the other, so that a
 * burst is counted exactly as the same attempts made in sequence.
 *
 * Every evaluated attempt costs exactly one argon2id verification, whether
 * the email is known or not, and is recorded in login_attempt; attempts
 * refused by throttling are not evaluated and not recorded.
 *
 * Device tokens are random (256 bits) and only their hash is stored, bound
 * to the guardian: nothing to sign, so no server key to keep, rotate or
 * leak, and a device is forgotten by deleting its row (its failure series
 * lives in that row too).
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

_Static_assert(PTL_THROTTLE_DEVICE_LIFETIME == PTL_DEVICE_LIFETIME_SECONDS,
               "the rule and the API give one device lifetime");

static int bad_credentials(void)
{
	return ptl__error_set(PTL_EAUTH, NULL, "Adresse e-mail ou mot de passe incorrect.",
	                      "unknown email or wrong password");
}

static int throttled(enum ptl__throttle_limit limit, int64_t wait)
{
	static const char *const why[] = {
		[PTL_THROTTLE_NONE] = "throttled",
		[PTL_THROTTLE_DEVICE] = "this device failed too often",
		[PTL_THROTTLE_PAIR] = "too many failures for this account from this address",
		[PTL_THROTTLE_ACCOUNT] = "daily cap of failures from unknown devices on this account",
		[PTL_THROTTLE_ADDRESS] = "daily cap of failures from this address",
	};
	const char *fr = limit == PTL_THROTTLE_ACCOUNT
		? "Trop de tentatives de connexion sur ce compte aujourd’hui. Connectez-vous depuis"
		  " un appareil où vous vous êtes déjà connecté, ou choisissez un nouveau mot de"
		  " passe avec « Mot de passe oublié »."
		: "Trop de tentatives de connexion. Patientez avant de réessayer.";

	ptl__error_set(PTL_ETHROTTLED, NULL, fr, "too many login attempts (%s); retry in %lld s",
	               why[limit], (long long)wait);
	ptl__error_set_retry_after((long)wait);
	return PTL_ETHROTTLED;
}

struct login_tx {
	/* in */
	const char *email;
	const char *password;
	const char *addr;
	const char *device_hash;      /* hash of the presented device token, or NULL */
	const char *device_token;     /* the presented token, when shaped */
	ptl_time now;
	/* out */
	int result;                   /* PTL_OK, PTL_EAUTH or PTL_EFORBIDDEN */
	char *session_token;
	ptl_login *login;
};

/* The account (if any) of the email, the presented device (if valid for
 * it) and the throttling history, in one statement. */
static PGresult *gather(ptl_db *db, const struct login_tx *t)
{
	struct ptl__num n = ptl__num(t->now), window = ptl__num(PTL_THROTTLE_WINDOW),
	                lifetime = ptl__num(PTL_THROTTLE_DEVICE_LIFETIME);
	const char *params[] = { t->email, t->addr, n.s, window.s, t->device_hash, lifetime.s };

	return ptl__db_query(db,
		"WITH recent AS ("
		"  SELECT id, email, client_addr, succeeded, cleared, at FROM login_attempt"
		"   WHERE (email = $1 OR client_addr = $2) AND NOT known_device"
		"     AND at > to_timestamp($3::bigint - $4::bigint)),"
		" pair AS (SELECT id, succeeded, at FROM recent"
		"           WHERE email = $1 AND client_addr = $2 AND NOT cleared),"
		" pair_failures AS (SELECT at FROM pair WHERE NOT succeeded"
		"   AND id > coalesce((SELECT max(id) FROM pair WHERE succeeded), 0)),"
		" account_failures AS (SELECT at FROM recent"
		"   WHERE email = $1 AND NOT succeeded AND NOT cleared),"
		" address_failures AS (SELECT at FROM recent WHERE client_addr = $2 AND NOT succeeded),"
		" who AS (SELECT g.id AS guardian_id, g.family_id, a.password_hash, a.active,"
		"                CASE WHEN a.one_time_code_expires_at > to_timestamp($3::bigint)"
		"                     THEN a.one_time_code_hash END AS code_hash"
		"           FROM guardian g JOIN account a ON a.guardian_id = g.id WHERE g.email = $1)"
		" SELECT (SELECT count(*) FROM pair_failures) AS pair_failures,"
		"        (SELECT coalesce(extract(epoch from max(at))::bigint, 0) FROM pair_failures)"
		"          AS pair_last_failure,"
		"        (SELECT count(*) FROM account_failures) AS account_failures,"
		"        (SELECT coalesce(extract(epoch from min(at))::bigint, 0) FROM account_failures)"
		"          AS account_oldest,"
		"        (SELECT count(*) FROM address_failures) AS address_failures,"
		"        (SELECT coalesce(extract(epoch from min(at))::bigint, 0) FROM address_failures)"
		"          AS address_oldest,"
		"        who.guardian_id, who.family_id, who.password_hash, who.active, who.code_hash,"
		"        d.token_hash IS NOT NULL AS known_device,"
		"        coalesce(d.failures, 0) AS device_failures,"
		"        coalesce(extract(epoch from d.last_failure_at)::bigint, 0) AS device_last_failure"
		"   FROM (SELECT 1) AS one"
		"   LEFT JOIN who ON true"
		"   LEFT JOIN login_device d ON d.guardian_id = who.guardian_id AND d.token_hash = $5"
		"         AND d.last_used_at > to_timestamp($3::bigint - $6::bigint)", 6, params);
}

static void read_history(const PGresult *res, struct ptl__login_history *h)
{
	memset(h, 0, sizeof(*h));
	h->known_device = ptl__db_get_bool(res, 0, "known_device");
	h->device.consecutive_failures = (int)ptl__db_get_int64(res, 0, "device_failures");
	h->device.last_failure_at = ptl__db_get_int64(res, 0, "device_last_failure");
	h->pair.consecutive_failures = (int)ptl__db_get_int64(res, 0, "pair_failures");
	h->pair.last_failure_at = ptl__db_get_int64(res, 0, "pair_last_failure");
	h->account.attempts_in_window = (int)ptl__db_get_int64(res, 0, "account_failures");
	h->account.oldest_attempt_at = ptl__db_get_int64(res, 0, "account_oldest");
	h->address.attempts_in_window = (int)ptl__db_get_int64(res, 0, "address_failures");
	h->address.oldest_attempt_at = ptl__db_get_int64(res, 0, "address_oldest");
}

/* Exactly one verification: against the code when the account has a live
 * one and the input has the shape of a code, else against the password (or
 * a dummy hash, for an unknown email). */
static bool verify(const PGresult *res, const char *password, bool *by_code)
{
	const char *code_hash = ptl__db_get(res, 0, "code_hash");
	char canonical[13];
	bool ok;

	*by_code = false;
	if (code_hash && ptl__one_time_code_canonical(canonical, password)) {
		ok = ptl__password_verify(code_hash, canonical);
		*by_code = true;
	} else {
		ok = ptl__password_verify(ptl__db_get(res, 0, "password_hash"), password);
	}
	return ok && ptl__db_get(res, 0, "guardian_id") != NULL;
}

static int record_attempt(ptl_db *db, const struct login_tx *t, bool ok, bool known_device)
{
	struct ptl__num n = ptl__num(t->now);
	const char *params[] = { t->email, t->addr, ok ? "true" : "false", n.s,
	                         known_device ? "true" : "false" };

	return ptl__db_exec(db,
		"INSERT INTO login_attempt (email, client_addr, succeeded, at, known_device)"
		" VALUES ($1, $2, $3::boolean, to_timestamp($4::bigint), $5::boolean)", 5, params);
}

/* Apply what the attempt changes to the presented device, or issue a new
 * one; the device token to hand back goes into t->login. */
static int update_device(ptl_db *db, struct login_tx *t, const struct ptl__login_effects *e,
                         int64_t guardian_id)
{
	struct ptl__num n = ptl__num(t->now), gid = ptl__num(guardian_id),
	                lifetime = ptl__num(PTL_THROTTLE_DEVICE_LIFETIME);
	char token[PTL_TOKEN_LEN + 1], hash[65];
	int rc;

	if (e->device_forget) {
		const char *params[] = { t->device_hash };
		return ptl__db_exec(db, "DELETE FROM login_device WHERE token_hash = $1", 1, params);
	}
	if (e->device_failure) {
		const char *params[] = { t->device_hash, n.s };
		return ptl__db_exec(db,
			"UPDATE login_device SET failures = failures + 1,"
			"       last_failure_at = to_timestamp($2::bigint) WHERE token_hash = $1",
			2, params);
	}
	if (e->device_clear) {
		const char *params[] = { t->device_hash, n.s };
		snprintf(t->login->device_token, sizeof(t->login->device_token), "%s", t->device_token);
		return ptl__db_exec(db,
			"UPDATE login_device SET failures = 0, last_failure_at = NULL,"
			"       last_used_at = to_timestamp($2::bigint) WHERE token_hash = $1", 2, params);
	}
	if (!e->device_issue)
		return PTL_OK;
	ptl_token_new(token);
	ptl__token_hash(hash, token);
	const char *params[] = { hash, gid.s, n.s, lifetime.s };
	/* The account's devices unused for a lifetime go as a new one comes. */
	if ((rc = ptl__db_exec(db,
		"DELETE FROM login_device WHERE guardian_id = $1"
		"   AND last_used_at <= to_timestamp($2::bigint - $3::bigint)", 3, params + 1)) != PTL_OK ||
	    (rc = ptl__db_exec(db,
		"INSERT INTO login_device (token_hash, guardian_id, created_at, last_used_at)"
		" VALUES ($1, $2, to_timestamp($3::bigint), to_timestamp($3::bigint))", 3, params)))
		return rc;
	memcpy(t->login->device_token, token, sizeof(token));
	return PTL_OK;
}

static int login_in_tx(ptl_db *db, void *ctx)
{
	struct login_tx *t = ctx;
	struct ptl__login_history h;
	enum ptl__throttle_limit limit;
	const char *params[] = { t->email };
	bool ok, by_code, active;
	int64_t guardian_id, family_id, wait;
	PGresult *res;
	int rc;

	/* A retried transaction starts again from nothing. */
	free(t->session_token);
	t->session_token = NULL;
	t->login->device_token[0] = '\0';
	if ((rc = ptl__db_exec(db, "SELECT pg_advisory_xact_lock(hashtext('login ' || $1))",
	                       1, params)) != PTL_OK)
		return rc;
	/* A statement of its own after the lock, so that its snapshot sees
	 * every attempt committed before the lock was ours. */
	if (!(res = gather(db, t)))
		return ptl_error_last()->code;
	read_history(res, &h);
	if ((wait = ptl__login_wait(&h, t->now, &limit)) > 0) {
		PQclear(res);
		return throttled(limit, wait);
	}
	ok = verify(res, t->password, &by_code);
	active = ptl__db_get_bool(res, 0, "active");
	guardian_id = ptl__db_get_int64(res, 0, "guardian_id");
	family_id = ptl__db_get_int64(res, 0, "family_id");
	PQclear(res);

	struct ptl__login_effects e = ptl__login_after(&h, ok);
	if (!(ok && active))
		e.device_clear = e.device_issue = false;   /* no login: no device to hand back */
	if ((rc = record_attempt(db, t, ok, h.known_device)) != PTL_OK ||
	    (rc = update_device(db, t, &e, guardian_id)) != PTL_OK)
		return rc;
	if (!ok) {
		t->result = PTL_EAUTH;
		return PTL_OK;   /* the failure is recorded: commit it */
	}
	/* Only the holder of the password learns that the account waits. */
	if (!active) {
		t->result = PTL_EFORBIDDEN;
		return PTL_OK;
	}
	t->login->known_device = h.known_device;
	t->result = PTL_OK;
	return ptl__session_open(db, guardian_id, family_id, by_code, t->addr,
	                         &t->session_token, &t->login->session);
}

int ptl_auth_login_device(ptl_login *out, ptl_db *db, const char *email_in,
                          const char *password, const char *client_addr,
                          const char *device_token)
{
	char email[MAX_KEY_BYTES + 1], addr[64], device_hash[65];
	struct login_tx t = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
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

	t.email = email;
	t.password = password;
	t.addr = addr;
	t.now = ptl_clock_now();
	t.login = out;
	if (device_token && strlen(device_token) == PTL_TOKEN_LEN) {
		ptl__token_hash(device_hash, device_token);
		t.device_hash = device_hash;
		t.device_token = device_token;
	}
	rc = ptl__db_transaction(db, login_in_tx, &t);
	if (rc == PTL_OK && t.result == PTL_EAUTH)
		rc = bad_credentials();
	else if (rc == PTL_OK && t.result == PTL_EFORBIDDEN)
		rc = ptl__error_set(PTL_EFORBIDDEN, NULL,
			"Votre inscription attend la validation du service. Vous recevrez un e-mail"
			" dès qu’elle sera validée.", "account not yet validated by the service");
	if (rc == PTL_OK)
		snprintf(out->session_token, sizeof(out->session_token), "%s", t.session_token);
	else
		memset(out, 0, sizeof(*out));
	free(t.session_token);
	return rc;
}

int ptl_auth_login(char **token_out, ptl_session *session_out, ptl_db *db,
                   const char *email, const char *password, const char *client_addr)
{
	ptl_login login;
	int rc = ptl_auth_login_device(&login, db, email, password, client_addr, NULL);

	*token_out = NULL;
	if (rc != PTL_OK)
		return rc;
	if (!(*token_out = strdup(login.session_token)))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	if (session_out)
		*session_out = login.session;
	return PTL_OK;
}

int ptl__login_throttle_clear(ptl_db *db, int64_t guardian_id)
{
	struct ptl__num gid = ptl__num(guardian_id);
	const char *params[] = { gid.s };
	int rc = ptl__db_exec(db,
		"UPDATE login_attempt SET cleared = true"
		" WHERE email = (SELECT email FROM guardian WHERE id = $1) AND NOT cleared", 1, params);

	if (rc != PTL_OK)
		return rc;
	return ptl__db_exec(db,
		"UPDATE login_device SET failures = 0, last_failure_at = NULL"
		" WHERE guardian_id = $1 AND failures > 0", 1, params);
}
