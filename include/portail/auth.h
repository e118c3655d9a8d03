/*
 * auth.h — login accounts, passwords, sessions and login throttling.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash, at least
 * 19 MiB and 2 passes); they are 12 to 128 characters long and are never
 * truncated. Session tokens carry 256 random bits; only their hash is
 * stored. A session ends after 30 minutes without use or 12 hours after
 * login, whichever comes first. Login attempts are throttled per email and
 * per client address (see core/throttle.h); an unknown email and a wrong
 * password get the same answer, after the same work.
 */
#ifndef PORTAIL_AUTH_H
#define PORTAIL_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/clock.h>
#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Characters of a token in text (base64url of 32 random bytes). */
#define PTL_TOKEN_LEN 43

#define PTL_PASSWORD_MIN_CHARS 12
#define PTL_PASSWORD_MAX_CHARS 128
#define PTL_SESSION_IDLE_SECONDS (30 * 60)
#define PTL_SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define PTL_ONE_TIME_CODE_DAYS 14

/** A live session. Plain value: nothing to free. */
typedef struct ptl_session {
	int64_t guardian_id;
	int64_t family_id;
	bool must_change_password;        /**< logged in with a one-time code */
	char csrf_token[PTL_TOKEN_LEN + 1];  /**< to echo on every change */
	ptl_time created_at;
	ptl_time last_seen_at;
} ptl_session;

/** Initialise the cryptographic library; called by every function that
 *  needs it, may be called first by a program. @return PTL_OK or PTL_ERROR. */
int ptl_init(void);

/** Fill @p out with a new random token (256 bits, base64url, NUL-ended). */
void ptl_token_new(char out[PTL_TOKEN_LEN + 1]);

/** Compare two tokens in constant time; false if either is NULL or the
 *  lengths differ. */
bool ptl_token_equal(const char *a, const char *b);

/**
 * Log in with an email and a password (or a one-time code).
 *
 * @param client_addr the client's address, for throttling (NULL: "unknown")
 * @param token_out   receives the session token, for the cookie; the caller
 *                    frees it with free()
 * @param session_out receives the session (may be NULL)
 * @return PTL_OK; PTL_EAUTH (unknown email or wrong password: one answer
 *         for both); PTL_EFORBIDDEN (right password, but the account waits
 *         for the service's validation); PTL_ETHROTTLED (retry_after set);
 *         PTL_EUNAVAILABLE.
 */
int ptl_auth_login(ptl_db *db, const char *email, const char *password,
                   const char *client_addr, char **token_out,
                   ptl_session *session_out);

/** Find the live session of @p token and mark it used.
 *  @return PTL_OK, PTL_EAUTH (unknown or expired), PTL_EUNAVAILABLE. */
int ptl_session_get(ptl_db *db, const char *token, ptl_session *out);

/** End the session of @p token (logout). Unknown tokens are not an error. */
int ptl_session_end(ptl_db *db, const char *token);

/**
 * Change the password of the session's guardian. @p current is required
 * unless the session was opened with a one-time code. Ends every other
 * session of the guardian; the session of @p token stays open.
 * @return PTL_OK, PTL_EAUTH (bad session or current password),
 *         PTL_EINVALID (field "new_password" breaks the policy).
 */
int ptl_auth_change_password(ptl_db *db, const char *token,
                             const char *current, const char *new_password);

/** Manager: issue a new one-time code for the login @p email; the old
 *  password and code stop working and every session of the account ends.
 *  @param code_out receives the code; the caller frees it with free(). */
int ptl_account_reset_password(ptl_db *db, const char *email, char **code_out);

/** Manager: set a password directly (demo data, imports). */
int ptl_account_set_password(ptl_db *db, const char *email, const char *password);

/** Manager: change a login email. Only the manager can: parents cannot.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_EEXISTS, PTL_EINVALID. */
int ptl_account_set_email(ptl_db *db, const char *old_email, const char *new_email);

#ifdef __cplusplus
}
#endif
#endif
