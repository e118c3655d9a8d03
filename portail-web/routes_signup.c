/*
 * routes_signup.c — first sign-up of a parent the service does not know.
 *
 *   POST /api/v1/signup          {email, password, first_name, last_name,
 *                                 phone, address, postcode, city}
 *                                -> 202 {"status":"confirmation_sent"}
 *   POST /api/v1/signup/confirm  {token} -> 200 {"status":"waiting_validation"}
 *
 * Anonymous: the CSRF check is the double-submit cookie, as for logging in.
 * The answer to a sign-up is the same whether the email is already known or
 * not (the library queues a different mail, delivered later by the mail
 * thread, so neither the answer nor its timing tells). A link that is
 * unknown, used or expired answers 410 "invalid_link".
 */
#include <civetweb.h>

#include "web.h"

void web_reply_link_status(struct web_reply *rp, int ptl_code)
{
	if (ptl_code == PTL_EAUTH)
		web_reply_error(rp, 410, "invalid_link", ptl_error_last()->message_fr, NULL);
	else
		web_reply_status(rp, ptl_code);
}

static void web_route_signup(struct web_request *rq, struct web_reply *rp)
{
	char addr[WEB_ADDR_SIZE];
	static const char *const names[] = {
		"email", "password", "first_name", "last_name", "phone", "address",
		"postcode", "city", NULL,
	};
	const char *v[sizeof(names) / sizeof(names[0])];
	ptl_signup_options in = PTL_SIGNUP_OPTIONS_INIT;
	ptl_db *db;
	int rc;

	if (!web_body_strings(rq, rp, names, v))
		return;
	in.email = v[0];
	in.password = v[1];
	in.first_name = v[2];
	in.last_name = v[3];
	in.phone = v[4];
	in.address = v[5];
	in.postcode = v[6];
	in.city = v[7];
	in.client_addr = web_client_addr(rq, addr);
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_signup_create(db, &in);
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_json(rp, 202, json_pack("{s:s}", "status", "confirmation_sent"));
}

static void web_route_signup_confirm(struct web_request *rq, struct web_reply *rp)
{
	static const char *const names[] = { "token", NULL };
	const char *token[1];
	ptl_db *db;
	int rc;

	if (!web_body_strings(rq, rp, names, token))
		return;
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_signup_confirm(db, token[0] ? token[0] : "");
	if (rc != PTL_OK) {
		web_reply_link_status(rp, rc);
		return;
	}
	web_reply_json(rp, 200, json_pack("{s:s}", "status", "waiting_validation"));
}

static const struct web_route routes[] = {
	{ "POST", "/api/v1/signup", web_route_signup, WEB_CSRF_ANONYMOUS | WEB_JSON_BODY, NULL },
	{ "POST", "/api/v1/signup/confirm", web_route_signup_confirm,
	  WEB_CSRF_ANONYMOUS | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_signup, "signup", routes);
