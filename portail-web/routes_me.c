/*
 * routes_me.c — the logged-in parent's own resources.
 *
 *   GET /api/v1/me           the guardian, the family (children, guardians:
 *                            "you" marks theirs; the others' notification
 *                            settings are not shown) and the family's
 *                            requests still pending
 *   PUT /api/v1/me/password  choose a new password (ends the other sessions)
 *
 * The family is the session's: nothing in the request names it. GET /me
 * is one library read, session check included (ptl_me_get).
 */
#include <string.h>

#include "web.h"

static void web_route_me(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_me *me = NULL;
	int rc;

	if (!db)
		return;
	rc = ptl_me_get(&me, db, rq->session_token);
	web_db_return(rq);
	if (web_session_from_read(rq, rp, rc, rc == PTL_OK ? &me->session : NULL))
		web_reply_json_text(rp, 200, ptl_json_me_text(me, PTL_JSON_DEFAULT));
	ptl_me_free(me);
}

static void web_route_me_password(struct web_request *rq, struct web_reply *rp)
{
	json_t *current_json = json_object_get(rq->json, "current_password");
	json_t *new_json = json_object_get(rq->json, "new_password");
	const char *current = json_string_value(current_json);
	const char *new_password = json_string_value(new_json);
	ptl_db *db;
	int rc;

	if (new_json && !json_is_string(new_json) && !json_is_null(new_json)) {
		web_reply_error(rp, 400, "bad_request", "La requête est mal formée.",
			"new_password");
		return;
	}
	if (current_json && !json_is_string(current_json) && !json_is_null(current_json)) {
		web_reply_error(rp, 400, "bad_request", "La requête est mal formée.",
			"current_password");
		return;
	}
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_auth_change_password(db, rq->session_token, current, new_password);
	if (rc == PTL_EAUTH) {
		web_reply_unauthenticated(rp, rq);
		return;
	}
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_empty(rp, 204);
	rp->no_store = true;
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/me", web_route_me,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ | WEB_PASSWORD_CHANGE_OK, NULL },
	{ "PUT", "/api/v1/me/password", web_route_me_password,
	  WEB_NEED_SESSION | WEB_PASSWORD_CHANGE_OK | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_me, "me", routes);
