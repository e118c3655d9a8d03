/*
 * routes_children.c — the children of the logged-in parent's family.
 *
 *   GET  /api/v1/children/{child}  one child of the family
 *   POST /api/v1/children          ask to add a child     -> 202 {"request"}
 *   PUT  /api/v1/children/{child}  ask to change a child  -> 202 {"request"}
 *
 * The family is always the session's, never one the client names: a child
 * of another family is "not found", exactly like an id that does not exist
 * (the library checks it again for changes). Whether a change waits for the
 * service or applies at once is the library's setting; the answer carries
 * the request as recorded.
 */

#include "web.h"

static const char not_found_message[] = "Cet enfant est introuvable.";

static void web_route_child_get(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_session session;
	ptl_child *child = NULL;
	int rc;

	if (!db)
		return;
	rc = ptl_me_child_get(&child, &session, db, rq->session_token,
	                      web_path_id(rq, "child"));
	web_db_return(rq);
	web_reply_family_read_text(rq, rp, rc, &session,
	                           rc == PTL_OK ? ptl_json_child_text(child, PTL_JSON_DEFAULT) : NULL,
	                           not_found_message);
	ptl_child_free(child);
}

/* The child's details from the body; false with @p rp filled if malformed. */
static bool child_from_body(struct web_request *rq, struct web_reply *rp, ptl_child_options *in)
{
	static const char *const names[] = {
		"first_name", "last_name", "birth_date", "sex", "school", "school_level",
		"allergies", "diet", "doctor", "authorized_pickup", NULL,
	};
	const char *v[sizeof(names) / sizeof(names[0])];

	if (!web_body_strings(rq, rp, names, v))
		return false;
	in->first_name = v[0];
	in->last_name = v[1];
	in->birth_date = v[2];
	in->sex = v[3];
	in->school = v[4];
	in->school_level = v[5];
	in->allergies = v[6];
	in->diet = v[7];
	in->doctor = v[8];
	in->authorized_pickup = v[9];
	return true;
}

static void web_route_child_add(struct web_request *rq, struct web_reply *rp)
{
	ptl_child_options in = PTL_CHILD_OPTIONS_INIT;
	int64_t request_id = 0;
	ptl_db *db;
	int rc;

	if (!child_from_body(rq, rp, &in))
		return;
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_profile_add_child(&request_id, db, rq->session.guardian_id, &in);
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_request(db, rp, 202, request_id);
}

static void web_route_child_edit(struct web_request *rq, struct web_reply *rp)
{
	ptl_child_options in = PTL_CHILD_OPTIONS_INIT;
	int64_t request_id = 0;
	ptl_db *db;
	int rc;

	if (!child_from_body(rq, rp, &in))
		return;
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_profile_edit_child(&request_id, db, rq->session.guardian_id, web_path_id(rq, "child"),
	                            &in);
	if (rc == PTL_ENOTFOUND) {
		web_reply_error(rp, 404, ptl_status_name(rc), not_found_message, NULL);
		return;
	}
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_request(db, rp, 202, request_id);
}

static const struct web_route routes[] = {
	{ "POST", "/api/v1/children", web_route_child_add, WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
	{ "GET", "/api/v1/children/{child}", web_route_child_get,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "PUT", "/api/v1/children/{child}", web_route_child_edit,
	  WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_children, "children", routes);
