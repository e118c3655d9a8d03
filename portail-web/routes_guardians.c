/*
 * routes_guardians.c — the other guardians of the logged-in parent's family.
 *
 *   POST /api/v1/guardians             ask to add a guardian (the other
 *                                      parent)               -> 202 {"request"}
 *   PUT  /api/v1/guardians/{guardian}  ask to change another guardian's
 *                                      details               -> 202 {"request"}
 *
 * Body: first_name, last_name, relationship, phone, mobile_phone,
 * work_phone, address, postcode, city, employer, and to add only email (the
 * new guardian's login once the service accepts). To change, an absent
 * member keeps its value; an email is refused (422, field "email"): only
 * the service changes a login email. Nothing here reads or changes another
 * guardian's password, sessions or notification settings (those members
 * are not read). The family is the session's: a guardian of another family
 * is "not found", like an id that does not exist; one's own details go
 * through PUT /api/v1/me/contact (422, field "id"). The guardians are read
 * with GET /api/v1/me.
 */
#include "web.h"

static const char not_found_message[] = "Ce responsable est introuvable dans votre famille.";

/* The details from the body; false with @p rp filled if malformed. */
static bool guardian_from_body(struct web_request *rq, struct web_reply *rp,
                               ptl_guardian_options *in)
{
	static const char *const names[] = {
		"first_name", "last_name", "relationship", "email", "phone", "mobile_phone",
		"work_phone", "address", "postcode", "city", "employer", NULL,
	};
	const char *v[sizeof(names) / sizeof(names[0])];

	if (!web_body_strings(rq, rp, names, v))
		return false;
	in->first_name = v[0];
	in->last_name = v[1];
	in->relationship = v[2];
	in->email = v[3];
	in->phone = v[4];
	in->mobile_phone = v[5];
	in->work_phone = v[6];
	in->address = v[7];
	in->postcode = v[8];
	in->city = v[9];
	in->employer = v[10];
	return true;
}

/* Record the parent's request: to add a guardian, or (@p edit) to change
 * guardian {guardian}. */
static void ask(struct web_request *rq, struct web_reply *rp, bool edit)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_request *request = NULL;
	ptl_db *db;
	int rc;

	if (!guardian_from_body(rq, rp, &in) || !(db = web_db_or_reply(rq, rp)))
		return;
	rc = edit ? ptl_profile_edit_guardian(&request, db, rq->session.guardian_id,
	                                      web_path_id(rq, "guardian"), &in)
	          : ptl_profile_add_guardian(&request, db, rq->session.guardian_id, &in);
	if (rc == PTL_OK)
		web_reply_request_json(rp, 202, request);
	else if (rc == PTL_ENOTFOUND)
		web_reply_error(rp, 404, ptl_status_name(rc), not_found_message, NULL);
	else
		web_reply_status(rp, rc);
	ptl_request_free(request);
}

static void web_route_guardian_add(struct web_request *rq, struct web_reply *rp)
{
	ask(rq, rp, false);
}

static void web_route_guardian_edit(struct web_request *rq, struct web_reply *rp)
{
	ask(rq, rp, true);
}

static const struct web_route routes[] = {
	{ "POST", "/api/v1/guardians", web_route_guardian_add, WEB_NEED_SESSION | WEB_JSON_BODY,
	  NULL },
	{ "PUT", "/api/v1/guardians/{guardian}", web_route_guardian_edit,
	  WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_guardians, "guardians", routes);
