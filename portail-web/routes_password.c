/*
 * routes_password.c — "mot de passe oublié": a reset link by email.
 *
 *   POST /api/v1/password/forgot  {email} -> 202 {"status":"sent_if_known"}
 *   POST /api/v1/password/reset   {token, new_password} -> 204
 *
 * Anonymous: the CSRF check is the double-submit cookie. The answer to
 * "forgot" never says whether the email is known (only a malformed address
 * is refused, 422); the mail is queued and delivered by the mail thread. A
 * reset link works once, for one hour; one that is unknown, used or expired
 * answers 410 "invalid_link". A reset ends every session of the account.
 */
#include <civetweb.h>

#include "web.h"

static void web_route_password_forgot(struct web_request *rq, struct web_reply *rp)
{
	char addr[WEB_ADDR_SIZE];
	static const char *const names[] = { "email", NULL };
	const char *email[1];
	ptl_db *db;
	int rc;

	if (!web_body_strings(rq, rp, names, email))
		return;
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_password_forgot(db, email[0], web_client_addr(rq, addr));
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_json(rp, 202, json_pack("{s:s}", "status", "sent_if_known"));
}

static void web_route_password_reset(struct web_request *rq, struct web_reply *rp)
{
	static const char *const names[] = { "token", "new_password", NULL };
	const char *v[3];
	ptl_db *db;
	int rc;

	if (!web_body_strings(rq, rp, names, v))
		return;
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	rc = ptl_password_reset(db, v[0] ? v[0] : "", v[1]);
	if (rc != PTL_OK) {
		web_reply_link_status(rp, rc);
		return;
	}
	web_reply_empty(rp, 204);
	rp->no_store = true;
}

static const struct web_route routes[] = {
	{ "POST", "/api/v1/password/forgot", web_route_password_forgot,
	  WEB_CSRF_ANONYMOUS | WEB_JSON_BODY, NULL },
	{ "POST", "/api/v1/password/reset", web_route_password_reset,
	  WEB_CSRF_ANONYMOUS | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_password, "password", routes);
