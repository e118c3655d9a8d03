/*
 * auth.h — login accounts, passwords, sessions and login throttling.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash, at least
 * 19 MiB and 2 passes); they are 12 to 128 characters long and are never
 * truncated. Session tokens carry 256 random bits; only their hash is
 * stored. A session ends after 30 minutes without use or 12 hours after
 * login, whichever comes first.
 *
 * Login attempts are throttled so that a guesser is slowed and the real
 * parent is not (the rules: libportail/core/throttle.h). From an unknown
 * device: delays per pair (account, client address), at most 25 failures
 * per account and 300 per address in 24 hours. A device that logged in to
 * the account before presents the device token it was given then, and is
 * subject only to its own series of failures. A new password or one-time
 * code clears the account's throttle. An unknown email and a wrong password
 * get the same answer, after the same work.
 */
#ifndef PORTAIL_AUTH_H
#define PORTAIL_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/clock.h>
#include <portail/db.h>
#include <portail/error.h>

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

/** What a successful login hands back. Plain value: nothing to free. */
typedef struct ptl_login {
	char session_token[PTL_TOKEN_LEN + 1];  /**< for the session cookie */
	/** For the device cookie: the token presented, when it was valid for
	 *  this account, else a new one. Kept by the device for
	 *  PTL_DEVICE_LIFETIME_SECONDS after its last successful login. */
	char device_token[PTL_TOKEN_LEN + 1];
	bool known_device;                      /**< the token presented was valid */
	ptl_session session;
} ptl_login;

/** How long a device stays trusted after its last successful login. */
#define PTL_DEVICE_LIFETIME_SECONDS (365 * 24 * 60 * 60)

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
 *                    frees it with ptl_free()
 * @param session_out receives the session (may be NULL)
 * @return PTL_OK; PTL_EAUTH (unknown email or wrong password: one answer
 *         for both); PTL_EFORBIDDEN (right password, but the account waits
 *         for the service's validation); PTL_ETHROTTLED (retry_after set);
 *         PTL_EUNAVAILABLE.
 */
int ptl_auth_login(char **token_out, ptl_session *session_out, ptl_db *db,
                   const char *email, const char *password,
                   const char *client_addr);

/**
 * Log in from a device that may have logged in to the account before.
 *
 * The check of the throttle, the verification and the record of the
 * attempt are one step per account: simultaneous attempts are evaluated as
 * if made one after the other.
 *
 * @param out          filled on success (zeroed otherwise)
 * @param client_addr  the client's address, for throttling (NULL: "unknown")
 * @param device_token the token of the device cookie, or NULL. A token
 *                     valid for this account exempts the attempt from the
 *                     per-account, per-pair and per-address limits; the
 *                     device has its own series of failures instead, and
 *                     after ten consecutive ones it is no longer trusted.
 * @return as ptl_auth_login().
 */
int ptl_auth_login_device(ptl_login *out, ptl_db *db, const char *email,
                          const char *password, const char *client_addr,
                          const char *device_token);

/** Find the live session of @p token and mark it used.
 *  @return PTL_OK, PTL_EAUTH (unknown or expired), PTL_EUNAVAILABLE. */
int ptl_session_get(ptl_session *out, ptl_db *db, const char *token);

/** End the session of @p token (logout). Unknown tokens are not an error. */
int ptl_session_end(ptl_db *db, const char *token);

/**
 * Change the password of the session's guardian. @p current is required
 * unless the session was opened with a one-time code. Ends every other
 * session of the guardian; the session of @p token stays open.
 * @return PTL_OK; PTL_EAUTH (no live session for @p token);
 *         PTL_EINVALID with field "current_password" (missing, or not the
 *         account's password) or "new_password" (breaks the policy).
 */
int ptl_auth_change_password(ptl_db *db, const char *token,
                             const char *current, const char *new_password);

/** Manager: issue a new one-time code for the login @p email; the old
 *  password and code stop working and every session of the account ends.
 *  @param code_out receives the code; the caller frees it with ptl_free(). */
int ptl_account_reset_password(char **code_out, ptl_db *db, const char *email);

/** Manager: set a password directly (demo data, imports). */
int ptl_account_set_password(ptl_db *db, const char *email, const char *password);

/** Manager: change a login email. Only the manager can: parents cannot.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_EEXISTS, PTL_EINVALID. */
int ptl_account_set_email(ptl_db *db, const char *old_email, const char *new_email);

#ifdef __cplusplus
}
#endif
#endif
