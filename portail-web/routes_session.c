/*
 * routes_session.c — logging in and out.
 *
 *   GET    /api/v1/csrf     the anonymous CSRF token (double-submit cookie)
 *   POST   /api/v1/session  log in: {"email","password"} -> session cookie
 *   DELETE /api/v1/session  log out
 *
 * The session cookie is HttpOnly, SameSite=Lax, Secure when the server
 * sits behind TLS, and has no Max-Age: it lives as long as the browser
 * session, and the library expires the session itself.
 *
 * The device cookie (portail_device) carries the device token the library
 * hands back after a successful login, and is sent back only to the login
 * endpoint: HttpOnly, SameSite=Strict, for as long as the library trusts
 * the device. Logging out keeps it: it vouches for the device, not for a
 * session. The rules it changes are all the library's.
 */
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>

#include "web.h"

static void web_route_csrf(struct web_request *rq, struct web_reply *rp)
{
	char token[128];

	if (!web_cookie_get(rq->conn, WEB_CSRF_COOKIE, token, sizeof(token)) ||
	    !web_token_shaped(token))
		ptl_token_new(token);
	web_reply_json(rp, 200, json_pack("{s:s}", "csrf_token", token));
	web_set_cookie(rp, WEB_CSRF_COOKIE, token, "Strict", rq->cfg->secure_cookies);
}

/* A string member of the body, or NULL (absent, or not a string). */
static const char *member(const json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

static void web_route_login(struct web_request *rq, struct web_reply *rp)
{
	char addr[WEB_ADDR_SIZE];
	const char *email = member(rq->json, "email");
	const char *password = member(rq->json, "password");
	char old[128], device[128];
	ptl_login login;
	ptl_db *db;
	int rc;

	if (!email || !password) {
		web_reply_error(rp, 400, "bad_request",
			"Indiquez une adresse e-mail et un mot de passe.",
			!email ? "email" : "password");
		return;
	}
	db = web_db_or_reply(rq, rp);
	if (!db)
		return;
	if (!web_cookie_get(rq->conn, WEB_DEVICE_COOKIE, device, sizeof(device)) ||
	    !web_token_shaped(device))
		device[0] = '\0';
	rc = ptl_auth_login_device(&login, db, email, password, web_client_addr(rq, addr),
	                           device[0] ? device : NULL);
	if (rc == PTL_EAUTH) {
		web_reply_error(rp, 401, ptl_status_name(rc),
			"Adresse e-mail ou mot de passe incorrect.", NULL);
		return;
	}
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	/* A session the browser still held is replaced, not left open. */
	if (web_cookie_get(rq->conn, WEB_SESSION_COOKIE, old, sizeof(old)) &&
	    web_token_shaped(old) && strcmp(old, login.session_token) != 0)
		ptl_session_end(db, old);
	web_reply_json(rp, 200, json_pack("{s:b,s:s}",
		"must_change_password", login.session.must_change_password,
		"csrf_token", login.session.csrf_token));
	web_set_cookie(rp, WEB_SESSION_COOKIE, login.session_token, "Lax", rq->cfg->secure_cookies);
	web_reply_header(rp, "Set-Cookie: %s=%s; Path=/api/v1/session; Max-Age=%d; HttpOnly;"
		" SameSite=Strict%s", WEB_DEVICE_COOKIE, login.device_token,
		PTL_DEVICE_LIFETIME_SECONDS, rq->cfg->secure_cookies ? "; Secure" : "");
}

static void web_route_logout(struct web_request *rq, struct web_reply *rp)
{
	if (rq->session_token[0]) {
		ptl_db *db = web_db_or_reply(rq, rp);
		int rc;

		if (!db)
			return;
		rc = ptl_session_end(db, rq->session_token);
		if (rc != PTL_OK) {
			web_reply_status(rp, rc);
			return;
		}
	}
	web_reply_empty(rp, 204);
	rp->no_store = true;
	web_set_cookie(rp, WEB_SESSION_COOKIE, NULL, "Lax", rq->cfg->secure_cookies);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/csrf", web_route_csrf, 0, NULL },
	{ "POST", "/api/v1/session", web_route_login, WEB_CSRF_ANONYMOUS | WEB_JSON_BODY, NULL },
	{ "DELETE", "/api/v1/session", web_route_logout, WEB_PASSWORD_CHANGE_OK, NULL },
};

WEB_MODULE(web_module_session, "session", routes);
