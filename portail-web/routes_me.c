/*
 * routes_me.c — the logged-in parent's own resources.
 *
 *   GET /api/v1/me           the guardian, the family (children, guardians)
 *   PUT /api/v1/me/password  choose a new password
 */
#include <string.h>

#include "web.h"

static json_t *guardian_json(const ptl_guardian *g)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
		"id", (json_int_t)g->id,
		"first_name", g->first_name,
		"last_name", g->last_name,
		"email", g->email,
		"phone", g->phone,
		"address", g->address,
		"postcode", g->postcode,
		"city", g->city);
}

static json_t *child_json(const ptl_child *c)
{
	char birth[11];

	ptl_day_format(birth, c->birth_date);
	return json_pack("{s:I,s:s,s:s,s:s}",
		"id", (json_int_t)c->id,
		"first_name", c->first_name,
		"last_name", c->last_name,
		"birth_date", birth);
}

static json_t *family_json(const ptl_family *f)
{
	json_t *children = json_array(), *guardians = json_array();

	for (size_t i = 0; i < f->child_count; i++)
		json_array_append_new(children, child_json(&f->children[i]));
	for (size_t i = 0; i < f->guardian_count; i++)
		json_array_append_new(guardians, guardian_json(&f->guardians[i]));
	return json_pack("{s:I,s:s,s:o,s:o}",
		"id", (json_int_t)f->id,
		"name", f->name,
		"children", children,
		"guardians", guardians);
}

void web_route_me(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_guardian *guardian = NULL;
	ptl_family *family = NULL;
	int rc;

	if (!db)
		return;
	rc = ptl_guardian_get(db, rq->session.guardian_id, &guardian);
	if (rc == PTL_OK)
		rc = ptl_family_get(db, rq->session.family_id, &family);
	if (rc == PTL_ENOTFOUND) {
		/* The account went away under a live session. */
		web_reply_unauthenticated(rp, rq);
	} else if (rc != PTL_OK) {
		web_reply_status(rp, rc);
	} else {
		web_reply_json(rp, 200, json_pack("{s:o,s:o,s:b,s:s}",
			"guardian", guardian_json(guardian),
			"family", family_json(family),
			"must_change_password", rq->session.must_change_password,
			"csrf_token", rq->session.csrf_token));
	}
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

	if (!json_is_string(new_json)) {
		web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID),
			"Choisissez un nouveau mot de passe.", "new_password");
		return;
	}
	if (current_json && !json_is_string(current_json) && !json_is_null(current_json)) {
		web_reply_error(rp, 400, "bad_request", "La requête est mal formée.",
			"current_password");
		return;
	}
	if (!current && !rq->session.must_change_password) {
		web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID),
			"Indiquez votre mot de passe actuel.", "current_password");
		return;
	}
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_auth_change_password(db, rq->session_token, current, new_password);
	if (rc == PTL_EAUTH) {
		/* The session was just found live: the current password is wrong.
		 * That is a mistake in a form field, not a lost session. */
		web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID),
			"Le mot de passe actuel est incorrect.", "current_password");
		return;
	}
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_empty(rp, 204);
	rp->no_store = true;
}
