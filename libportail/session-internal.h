/*
 * session-internal.h — opening sessions and clearing the login throttle,
 * for the login and account modules.
 */
#ifndef PORTAIL_SESSION_INTERNAL_H
#define PORTAIL_SESSION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/auth.h>

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
