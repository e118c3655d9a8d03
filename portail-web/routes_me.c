/*
 * routes_me.c — the logged-in parent's own resources.
 *
 *   GET /api/v1/me           the guardian, the family (children, guardians)
 *                            and the family's requests still pending
 *   PUT /api/v1/me/password  choose a new password (ends the other sessions)
 *
 * The family is the session's: nothing in the request names it.
 */
#include <string.h>

#include "web.h"

/* The family's pending requests, newest first. */
static int pending_json(ptl_db *db, int64_t family_id, json_t **out)
{
	ptl_request_filter filter = PTL_REQUEST_FILTER_INIT;
	ptl_requests *list = NULL;
	int rc;

	/* 0 would mean every family's. */
	if (family_id <= 0)
		return PTL_ENOTFOUND;
	filter.family_id = family_id;
	filter.status = "pending";
	rc = ptl_request_list(db, &filter, &list);
	if (rc != PTL_OK)
		return rc;
	*out = json_array();
	for (size_t i = 0; i < list->count; i++)
		json_array_append_new(*out, web_request_json(&list->items[i]));
	ptl_requests_free(list);
	return PTL_OK;
}

void web_route_me(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_guardian *guardian = NULL;
	ptl_family *family = NULL;
	json_t *pending = NULL;
	int rc;

	if (!db)
		return;
	rc = ptl_guardian_get(db, rq->session.guardian_id, &guardian);
	if (rc == PTL_OK)
		rc = ptl_family_get(db, rq->session.family_id, &family);
	if (rc == PTL_OK)
		rc = pending_json(db, rq->session.family_id, &pending);
	if (rc == PTL_ENOTFOUND) {
		/* The account went away under a live session. */
		web_reply_unauthenticated(rp, rq);
	} else if (rc != PTL_OK) {
		web_reply_status(rp, rc);
	} else {
		web_reply_json(rp, 200, json_pack("{s:o,s:o,s:o,s:b,s:s}",
			"guardian", ptl_json_guardian(guardian, PTL_JSON_DEFAULT),
			"family", ptl_json_family(family, PTL_JSON_DEFAULT),
			"pending", pending,
			"must_change_password", rq->session.must_change_password,
			"csrf_token", rq->session.csrf_token));
		pending = NULL;
	}
	json_decref(pending);
	ptl_guardian_free(guardian);
	ptl_family_free(family);
}

void web_route_me_password(struct web_request *rq, struct web_reply *rp)
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
