/*
 * web-auth.h — sessions and CSRF (auth.c): finding the session of a
 * request's cookie, the routes' session rules, the CSRF checks and the
 * replies of those rules.
 */
#ifndef PORTAIL_WEB_AUTH_H
#define PORTAIL_WEB_AUTH_H

#include <stdbool.h>

#include <jansson.h>

#include <portail/portail.h>

#include "web-reply.h"
#include "web-request.h"

/* Look up the session of the request's cookie. @return 0 (with or without
 * a session), or -1 with @p rp filled (database unavailable). */
int web_session_load(struct web_request *rq, struct web_reply *rp);

/* Take the cookie's token into rq->session_token, without asking the
 * database. @return whether there was a well-formed one. */
bool web_session_token(struct web_request *rq);

/* The route's session rules once the session is known: 401 without one on
 * a WEB_NEED_SESSION route, 403 while a password change is due unless the
 * route allows it. @return true to go on; else @p rp is filled. */
bool web_session_rules(struct web_request *rq, struct web_reply *rp);

/* For WEB_SESSION_IN_READ routes, after the library call that read the
 * session and the page's data: @p rc its status, @p session the session it
 * found (NULL when it found none or failed first). Applies the session rules
 * as the router does for other routes. @return true when the handler goes on
 * (rc is then PTL_OK or a status about the data, such as PTL_ENOTFOUND);
 * else @p rp is filled. */
bool web_session_from_read(struct web_request *rq, struct web_reply *rp, int rc,
                           const ptl_session *session);

/* The whole answer of a WEB_SESSION_IN_READ route that reads one thing of
 * the session's family: the session rules as web_session_from_read (the
 * session counts when @p rc is PTL_OK or PTL_ENOTFOUND; any other status
 * came before the session was read), then 200 with @p body when @p rc is
 * PTL_OK, 404 with the French @p not_found for PTL_ENOTFOUND (or, when
 * @p not_found is NULL, the status's own answer). Takes @p body (NULL
 * unless @p rc is PTL_OK). */
void web_reply_family_read(struct web_request *rq, struct web_reply *rp, int rc,
                           const ptl_session *session, json_t *body, const char *not_found);

/* The same with @p body already written as JSON text (malloc'd, taken). */
void web_reply_family_read_text(struct web_request *rq, struct web_reply *rp, int rc,
                                const ptl_session *session, char *body, const char *not_found);

/* Check the X-CSRF-Token header: against the session's token when the
 * request has a live session (and @p anonymous is false), otherwise against
 * the portail_csrf cookie. @return true if right; else @p rp is the 403. */
bool web_csrf_check(struct web_request *rq, struct web_reply *rp, bool anonymous);

/* The error replies of the session rules. */
void web_reply_unauthenticated(struct web_reply *rp, const struct web_request *rq);
void web_reply_password_change_required(struct web_reply *rp);

#endif
