/*
 * me.h — what a logged-in parent reads, from the session's token.
 *
 * Each function here checks the session and reads the page's data in one
 * statement, prepared once per connection: one round trip to PostgreSQL per
 * page, the session check included. The session is marked used at most once
 * a minute (as ptl_session_get does). The family is always the session's:
 * nothing the caller passes can name another one.
 *
 * Status codes common to all: PTL_EAUTH when @p token opens no live session
 * (unknown, expired, or the account is disabled); PTL_EUNAVAILABLE.
 * Ownership as everywhere: what comes back through `out` is the caller's,
 * released with the matching _free().
 */
#ifndef PORTAIL_ME_H
#define PORTAIL_ME_H

#include <stdint.h>

#include <portail/auth.h>
#include <portail/db.h>
#include <portail/family.h>
#include <portail/request.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The parent's home: who they are, their family and what is pending. */
typedef struct ptl_me {
	ptl_session session;
	const ptl_guardian *guardian;  /**< the session's guardian: borrowed, it
	                                    points into family->guardians */
	ptl_family *family;            /**< with its guardians and children */
	ptl_requests *pending;         /**< the family's pending requests,
	                                    newest first */
} ptl_me;

/** Read the session of @p token, its guardian, family and pending requests.
 *  @return PTL_OK, PTL_EAUTH, PTL_EUNAVAILABLE. */
int ptl_me_get(ptl_me **out, ptl_db *db, const char *token);

void ptl_me_free(ptl_me *me);

/** Read child @p child_id of the session's family.
 *  @param session_out receives the session when there is one (may be NULL)
 *  @return PTL_OK; PTL_ENOTFOUND (no such child in the family, another
 *          family's child included: *session_out is filled); PTL_EAUTH. */
int ptl_me_child_get(ptl_child **out, ptl_session *session_out, ptl_db *db,
                     const char *token, int64_t child_id);

/** Read every request of the session's family, newest first.
 *  @param session_out receives the session (may be NULL)
 *  @return PTL_OK, PTL_EAUTH, PTL_EUNAVAILABLE. */
int ptl_me_requests(ptl_requests **out, ptl_session *session_out, ptl_db *db,
                    const char *token);

#ifdef __cplusplus
}
#endif
#endif
