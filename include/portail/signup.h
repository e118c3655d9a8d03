/*
 * signup.h — first sign-up by a parent the service does not know yet, and
 * "forgotten password" by email.
 *
 * Sign-up: the parent gives an email, a password and the family's details;
 * the account is created inactive and a confirmation link is emailed. Once
 * the link is followed, a "signup" request waits in the validation queue;
 * when the manager accepts it, the account becomes active. Until then a
 * correct login answers PTL_EFORBIDDEN with a message saying it is waiting.
 *
 * Tokens in links carry 256 random bits and are stored hashed; a reset link
 * is valid one hour, a confirmation link seven days; each works once. Neither
 * function that takes an email says whether the email is known.
 */
#ifndef PORTAIL_SIGNUP_H
#define PORTAIL_SIGNUP_H

#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PTL_RESET_TOKEN_SECONDS (60 * 60)
#define PTL_CONFIRM_TOKEN_SECONDS (7 * 24 * 60 * 60)

/** Per client address and per hour, at most this many sign-ups and this
 *  many "mot de passe oublié" requests (each sends a mail): beyond, the
 *  answer is PTL_ETHROTTLED. A town hall's shared address stays well under. */
#define PTL_SIGNUPS_PER_ADDRESS_HOUR 10
#define PTL_RESETS_PER_ADDRESS_HOUR 20

typedef struct ptl_signup_options {
	unsigned int version;     /**< PTL_SIGNUP_OPTIONS_VERSION */
	const char *email;
	const char *password;
	const char *first_name;
	const char *last_name;
	const char *phone;
	const char *address;
	const char *postcode;
	const char *city;
	const char *client_addr;  /**< the client's address, for the rate limit */
} ptl_signup_options;

#define PTL_SIGNUP_OPTIONS_VERSION 1
#define PTL_SIGNUP_OPTIONS_INIT { .version = PTL_SIGNUP_OPTIONS_VERSION }

/** Register a new family and email the confirmation link. When the email is
 *  already a login, nothing is created and the owner of the address is told
 *  by email instead: the answer is PTL_OK either way.
 *  @return PTL_OK, PTL_EINVALID (field named), PTL_ETHROTTLED. */
int ptl_signup_create(ptl_db *db, const ptl_signup_options *in);

/** Follow a confirmation link: the sign-up request enters the queue.
 *  @return PTL_OK, PTL_EAUTH (unknown, used or expired link). */
int ptl_signup_confirm(ptl_db *db, const char *token);

/** "Mot de passe oublié": email a reset link if @p email is a login (at
 *  most three links per account per hour; more are silently not sent).
 *  @param client_addr the client's address, for the rate limit
 *  @return PTL_OK whether or not it is (or PTL_EINVALID for a malformed
 *  email, PTL_ETHROTTLED when this address asked too often). */
int ptl_password_forgot(ptl_db *db, const char *email, const char *client_addr);

/** Set a new password with a reset link's token; ends every session.
 *  @return PTL_OK, PTL_EAUTH (unknown, used or expired link),
 *          PTL_EINVALID (field "new_password"). */
int ptl_password_reset(ptl_db *db, const char *token, const char *new_password);

#ifdef __cplusplus
}
#endif
#endif
