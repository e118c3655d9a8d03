/*
 * routes_contact.c — the logged-in parent's own contact details.
 *
 *   PUT /api/v1/me/contact  {phone, mobile_phone, work_phone, address,
 *                            postcode, city, employer, notify_by_email,
 *                            notify_by_sms}  -> 200 {"request"}
 *
 * The guardian is the session's. The email is not among the details: only
 * the service changes a login email. The change is recorded in the
 * validation queue; by default it applies at once ("applied").
 */
#include "web.h"

static void web_route_me_contact(struct web_request *rq, struct web_reply *rp)
{
	static const char *const names[] = {
		"phone", "mobile_phone", "work_phone", "address", "postcode", "city",
		"employer", NULL,
	};
	const char *v[sizeof(names) / sizeof(names[0])];
	ptl_contact_options in = PTL_CONTACT_OPTIONS_INIT;
	ptl_request *request = NULL;
	ptl_db *db;
	int rc;

	if (!web_body_strings(rq, rp, names, v) ||
	    !web_body_bool(rq, rp, "notify_by_email", &in.notify_by_email) ||
	    !web_body_bool(rq, rp, "notify_by_sms", &in.notify_by_sms))
		return;
	in.phone = v[0];
	in.mobile_phone = v[1];
	in.work_phone = v[2];
	in.address = v[3];
	in.postcode = v[4];
	in.city = v[5];
	in.employer = v[6];
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_profile_update_contact(&request, db, rq->session.guardian_id, &in);
	if (rc == PTL_ENOTFOUND) {
		/* The account went away under a live session. */
		web_reply_unauthenticated(rp, rq);
		return;
	}
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	/* The request as the library recorded it: nothing is read back. */
	web_reply_request_json(rp, 200, request);
	ptl_request_free(request);
}

static const struct web_route routes[] = {
	{ "PUT", "/api/v1/me/contact", web_route_me_contact, WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_contact, "contact", routes);
