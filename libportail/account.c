/*
 * account.c — what the manager does to login accounts: new one-time codes,
 * passwords set directly, login email changes.
 */
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

static int unknown_login(const char *email)
{
	return ptl__error_set(PTL_ENOTFOUND, "email", "Aucun compte n’utilise cette adresse e-mail.",
	                      "no login account with email %s", email);
}

struct credential_update {
	const char *email;
	const char *password_hash;   /* NULL: clear */
	const char *code_hash;       /* NULL: clear */
};

static int update_credentials(ptl_db *db, void *ctx)
{
	struct credential_update *u = ctx;
	ptl_time now = ptl_clock_now();
	struct ptl__num n = ptl__num(now),
	                expires = ptl__num(now + PTL_ONE_TIME_CODE_DAYS * 86400);
	const char *params[] = { u->email, u->password_hash, u->code_hash, n.s, expires.s };
	PGresult *res = ptl__db_query(db,
		"UPDATE account a SET password_hash = $2, one_time_code_hash = $3,"
		"       one_time_code_expires_at = CASE WHEN $3::text IS NULL THEN NULL"
		"                                  ELSE to_timestamp($5::bigint) END,"
		"       updated_at = to_timestamp($4::bigint)"
		"  FROM guardian g WHERE g.id = a.guardian_id AND g.email = $1"
		" RETURNING a.guardian_id", 5, params);
	int rc;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return unknown_login(u->email);
	}
	int64_t guardian_id = ptl__db_get_int64(res, 0, "guardian_id");
	PQclear(res);
	/* New credentials: whoever was logged in with the old ones is out, and
	 * the failures of the old ones no longer hold the account back. */
	rc = ptl__sessions_end_all(db, guardian_id, NULL);
	if (rc == PTL_OK)
		rc = ptl__login_throttle_clear(db, guardian_id);
	return rc;
}

int ptl_account_reset_password(char **code_out, ptl_db *db, const char *email_in)
{
	char code[PTL_ONE_TIME_CODE_LEN + 1], canonical[13], hash[crypto_pwhash_STRBYTES];
	char *email = NULL;
	int rc;

	*code_out = NULL;
	if ((rc = ptl__check(&email, "guardian", "email", email_in)) != PTL_OK)
		return rc;
	ptl__one_time_code_new(code);
	(void)ptl__one_time_code_canonical(canonical, code);
	rc = ptl__password_hash(hash, canonical);
	if (rc == PTL_OK) {
		struct credential_update u = { email, NULL, hash };
		rc = ptl__db_transaction(db, update_credentials, &u);
	}
	if (rc == PTL_OK && !(*code_out = strdup(code)))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	free(email);
	return rc;
}

int ptl_account_set_password(ptl_db *db, const char *email_in, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	char *email = NULL;
	int rc;

	if ((rc = ptl__check(&email, "guardian", "email", email_in)) == PTL_OK &&
	    (rc = ptl__check_password("password", password)) == PTL_OK &&
	    (rc = ptl__password_hash(hash, password)) == PTL_OK) {
		struct credential_update u = { email, hash, NULL };
		rc = ptl__db_transaction(db, update_credentials, &u);
	}
	free(email);
	return rc;
}

int ptl_account_set_email(ptl_db *db, const char *old_in, const char *new_in)
{
	char *old_email = NULL, *new_email = NULL;
	int rc;

	if ((rc = ptl__check_as(&old_email, "guardian", "email", "old_email", old_in)) == PTL_OK &&
	    (rc = ptl__check_as(&new_email, "guardian", "email", "new_email", new_in)) == PTL_OK) {
		struct ptl__num now = ptl__num(ptl_clock_now());
		const char *params[] = { old_email, new_email, now.s };
		PGresult *res = ptl__db_query(db,
			"UPDATE guardian SET email = $2, updated_at = to_timestamp($3::bigint)"
			" WHERE email = $1 AND EXISTS (SELECT 1 FROM account WHERE guardian_id = id)"
			" RETURNING id", 3, params);
		if (!res && ptl_error_last()->code == PTL_EEXISTS)
			rc = ptl__error_set(PTL_EEXISTS, "new_email",
				"Cette adresse e-mail est déjà utilisée par un compte.",
				"email %s is already a login", new_email);
		else if (!res)
			rc = ptl_error_last()->code;
		else if (PQntuples(res) != 1)
			rc = unknown_login(old_email);
		PQclear(res);
	}
	free(old_email);
	free(new_email);
	return rc;
}
