/*
 * router.c — from a request to a handler.
 *
 * The route table lists every API endpoint with its rules (session needed,
 * allowed while a password change is due, which CSRF check); a path may end
 * in "{id}", a positive number handed to the handler in rq->id (any other
 * text there is an unknown path: 404). The router
 * reads the body (413 beyond WEB_BODY_MAX), finds the session (for routes
 * flagged WEB_SESSION_IN_READ, it only takes the cookie's token: the
 * handler's one library read checks the session with the page), applies the
 * CSRF check to every state-changing method, then calls the handler and
 * sends what it answered. The handler borrows a database connection when it
 * first needs one, and the router gives it back before the reply is
 * written. A connection dropped while idle is reopened by the library
 * before use, so no request is replayed here. Paths outside
 * /api/ and the health checks are static files.
 */
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>

#include "web.h"

static const struct web_route routes[] = {
	{ "GET", "/healthz", web_route_healthz, WEB_NO_SESSION },
	{ "GET", "/readyz", web_route_readyz, WEB_NO_SESSION },
	{ "GET", "/api/v1/csrf", web_route_csrf, 0 },
	{ "GET", "/api/v1/vocabulary", web_route_vocabulary, WEB_NO_SESSION },
	{ "POST", "/api/v1/session", web_route_login, WEB_CSRF_ANONYMOUS | WEB_JSON_BODY },
	{ "DELETE", "/api/v1/session", web_route_logout, WEB_PASSWORD_CHANGE_OK },
	{ "GET", "/api/v1/me", web_route_me,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ | WEB_PASSWORD_CHANGE_OK },
	{ "PUT", "/api/v1/me/password", web_route_me_password,
	  WEB_NEED_SESSION | WEB_PASSWORD_CHANGE_OK | WEB_JSON_BODY },
	{ "PUT", "/api/v1/me/contact", web_route_me_contact, WEB_NEED_SESSION | WEB_JSON_BODY },
	{ "POST", "/api/v1/children", web_route_child_add, WEB_NEED_SESSION | WEB_JSON_BODY },
	{ "GET", "/api/v1/children/{id}", web_route_child_get,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ },
	{ "PUT", "/api/v1/children/{id}", web_route_child_edit, WEB_NEED_SESSION | WEB_JSON_BODY },
	{ "GET", "/api/v1/requests", web_route_requests, WEB_NEED_SESSION | WEB_SESSION_IN_READ },
	{ "POST", "/api/v1/signup", web_route_signup, WEB_CSRF_ANONYMOUS | WEB_JSON_BODY },
	{ "POST", "/api/v1/signup/confirm", web_route_signup_confirm,
	  WEB_CSRF_ANONYMOUS | WEB_JSON_BODY },
	{ "POST", "/api/v1/password/forgot", web_route_password_forgot,
	  WEB_CSRF_ANONYMOUS | WEB_JSON_BODY },
	{ "POST", "/api/v1/password/reset", web_route_password_reset,
	  WEB_CSRF_ANONYMOUS | WEB_JSON_BODY },
};

#define ROUTE_COUNT (sizeof(routes) / sizeof(routes[0]))

/* Does @p path match @p pattern? A trailing "{id}" matches a positive
 * number of at most 18 digits (no sign, no leading zero), put in @p id. */
static bool path_matches(const char *pattern, const char *path, int64_t *id)
{
	const char *param = strstr(pattern, "{id}");
	size_t prefix = param ? (size_t)(param - pattern) : 0;
	int64_t n = 0;
	size_t digits = 0;

	if (!param)
		return strcmp(pattern, path) == 0;
	if (strncmp(pattern, path, prefix) != 0)
		return false;
	for (path += prefix; *path >= '0' && *path <= '9'; path++) {
		if (digits == 0 && *path == '0')
			return false;
		if (++digits > 18)
			return false;
		n = n * 10 + (*path - '0');
	}
	if (digits == 0 || *path != '\0')
		return false;
	*id = n;
	return true;
}

static bool is_safe_method(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
	       strcmp(method, "OPTIONS") == 0;
}

static bool is_api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

static void run_route(struct web_request *rq, const struct web_route *route,
                      struct web_reply *rp)
{
	rq->route_flags = route->flags;
	if (route->flags & WEB_SESSION_IN_READ) {
		/* The handler's read checks the session: only take the token. */
		if (!web_session_token(rq)) {
			web_reply_unauthenticated(rp, rq);
			return;
		}
	} else if (!(route->flags & WEB_NO_SESSION) && web_session_load(rq, rp) < 0) {
		return;
	}
	if (!is_safe_method(rq->method) &&
	    !web_csrf_check(rq, rp, route->flags & WEB_CSRF_ANONYMOUS))
		return;
	if (!(route->flags & WEB_SESSION_IN_READ) && !web_session_rules(rq, rp))
		return;
	if (route->flags & WEB_JSON_BODY) {
		json_decref(rq->json);
		rq->json = web_parse_json_object(rq->body, rq->body_len);
		if (!rq->json) {
			web_reply_error(rp, 400, "bad_request",
				"La requête est mal formée (JSON attendu).", NULL);
			return;
		}
	}
	route->handler(rq, rp);
}

static void method_not_allowed(const char *path, struct web_reply *rp)
{
	char allow[128] = "";

	for (size_t i = 0; i < ROUTE_COUNT; i++) {
		int64_t id;

		if (!path_matches(routes[i].path, path, &id))
			continue;
		if (allow[0])
			strcat(allow, ", ");
		strcat(allow, routes[i].method);
	}
	web_reply_error(rp, 405, "method_not_allowed",
		"Cette opération n’est pas possible à cette adresse.", NULL);
	web_reply_header(rp, "Allow: %s", allow[0] ? allow : "GET, HEAD");
}

int web_dispatch(struct mg_connection *conn, void *cbdata)
{
	struct web_request rq;
	struct web_reply rp;
	const struct web_route *route = NULL;
	bool path_known = false;
	int status;

	memset(&rq, 0, sizeof(rq));
	rq.conn = conn;
	rq.ri = mg_get_request_info(conn);
	rq.cfg = cbdata;
	rq.method = rq.ri->request_method;
	rq.path = rq.ri->local_uri ? rq.ri->local_uri : "/";
	web_reply_init(&rp);

	for (size_t i = 0; i < ROUTE_COUNT; i++) {
		int64_t id = 0;

		if (!path_matches(routes[i].path, rq.path, &id))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, rq.method) == 0) {
			route = &routes[i];
			rq.id = id;
		}
	}

	if (!path_known && !is_api_path(rq.path)) {
		if (strcmp(rq.method, "GET") == 0 || strcmp(rq.method, "HEAD") == 0)
			web_static_serve(&rq, &rp);
		else
			method_not_allowed(rq.path, &rp);
		goto send;
	}
	if (!path_known) {
		web_reply_error(&rp, 404, ptl_status_name(PTL_ENOTFOUND),
			"Cette adresse n’existe pas.", NULL);
		goto send;
	}
	if (!route) {
		method_not_allowed(rq.path, &rp);
		goto send;
	}

	if (!is_safe_method(rq.method)) {
		status = web_read_body(conn, &rq.body, &rq.body_len);
		if (status == 413) {
			web_reply_error(&rp, 413, "too_large",
				"La requête est trop volumineuse.", NULL);
			rp.close = true;
			goto send;
		}
		if (status == 408) {
			web_reply_error(&rp, 408, "timeout",
				"La requête est arrivée trop lentement.", NULL);
			rp.close = true;
			goto send;
		}
		if (status != 0) {
			web_reply_error(&rp, 400, "bad_request", "La requête est incomplète.", NULL);
			rp.close = true;
			goto send;
		}
	}

	run_route(&rq, route, &rp);
	/* The reply may meet a slow reader: no connection is held for it. */
	web_db_return(&rq);

send:
	status = web_send(conn, &rp, strcmp(rq.method, "HEAD") == 0);
	if (rp.close)
		web_drop_connection(conn);
	web_reply_clear(&rp);
	json_decref(rq.json);
	free(rq.body);
	return status > 0 ? status : 500;
}

/* civetweb's own refusals, before any handler: what each means for the
 * client. A request civetweb cannot take is the client's error (4xx), never
 * "internal": an unsupported HTTP version is answered 400. */
static const struct {
	int status, send;
	const char *code, *text;
} civetweb_errors[] = {
	{ 404, 404, "not_found", "Cette adresse n’existe pas." },
	{ 408, 408, "timeout", "La requête est arrivée trop lentement." },
	{ 413, 413, "too_large", "La requête est trop volumineuse." },
	{ 414, 414, "too_large", "L’adresse demandée est trop longue." },
	{ 431, 431, "too_large", "Les en-têtes de la requête sont trop volumineux." },
	{ 505, 400, "bad_request", "La version du protocole HTTP n’est pas prise en charge." },
};

int web_http_error(struct mg_connection *conn, int status, const char *msg)
{
	struct web_reply rp;
	int send = status;
	const char *code = status >= 500 ? "internal" : "bad_request";
	const char *text = status >= 500 ? "Une erreur inattendue est survenue. Réessayez plus tard." :
	                   "La requête est mal formée.";

	for (size_t i = 0; i < sizeof(civetweb_errors) / sizeof(civetweb_errors[0]); i++)
		if (civetweb_errors[i].status == status) {
			send = civetweb_errors[i].send;
			code = civetweb_errors[i].code;
			text = civetweb_errors[i].text;
		}
	web_reply_init(&rp);
	web_reply_error(&rp, send, code, text, NULL);
	rp.close = true;
	web_send(conn, &rp, false);
	web_reply_clear(&rp);
	return 0;
}

void web_connection_close(const struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct web_reply rp;

	/* "OPTIONS *" asks what the server as a whole supports. civetweb 1.15
	 * takes the request, calls no handler for it and closes the connection
	 * without a word: the answer goes out here, just before. */
	if (!ri || ri->local_uri || !ri->request_method || !ri->request_uri ||
	    strcmp(ri->request_method, "OPTIONS") != 0 || strcmp(ri->request_uri, "*") != 0)
		return;
	web_reply_init(&rp);
	web_reply_empty(&rp, 204);
	web_reply_header(&rp, "Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS");
	rp.close = true;
	web_send((struct mg_connection *)conn, &rp, false);
	web_reply_clear(&rp);
}
