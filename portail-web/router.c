/*
 * router.c — from a request to a handler.
 *
 * The route table lists every API endpoint with its rules (session needed,
 * allowed while a password change is due, which CSRF check). The router
 * reads the body (413 beyond WEB_BODY_MAX), finds the session, applies the
 * CSRF check to every state-changing method, then calls the handler and
 * sends what it answered. A GET that met an unavailable database is run
 * once more: the first failure may just have revealed a dropped
 * connection, which the library reopens on the next call. Paths outside
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
	{ "POST", "/api/v1/session", web_route_login, WEB_CSRF_ANONYMOUS | WEB_JSON_BODY },
	{ "DELETE", "/api/v1/session", web_route_logout, WEB_PASSWORD_CHANGE_OK },
	{ "GET", "/api/v1/me", web_route_me, WEB_NEED_SESSION | WEB_PASSWORD_CHANGE_OK },
	{ "PUT", "/api/v1/me/password", web_route_me_password,
	  WEB_NEED_SESSION | WEB_PASSWORD_CHANGE_OK | WEB_JSON_BODY },
};

#define ROUTE_COUNT (sizeof(routes) / sizeof(routes[0]))

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
	if (!(route->flags & WEB_NO_SESSION) && web_session_load(rq, rp) < 0)
		return;
	if (!is_safe_method(rq->method) &&
	    !web_csrf_check(rq, rp, route->flags & WEB_CSRF_ANONYMOUS))
		return;
	if ((route->flags & WEB_NEED_SESSION) && !rq->has_session) {
		web_reply_unauthenticated(rp, rq);
		return;
	}
	if (rq->has_session && rq->session.must_change_password &&
	    !(route->flags & WEB_PASSWORD_CHANGE_OK)) {
		web_reply_password_change_required(rp);
		return;
	}
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
		if (strcmp(routes[i].path, path) != 0)
			continue;
		if (allow[0])
			strcat(allow, ", ");
		strcat(allow, routes[i].method);
	}
	web_reply_error(rp, 405, "method_not_allowed",
		"Cette opération n'est pas possible à cette adresse.", NULL);
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
		if (strcmp(routes[i].path, rq.path) != 0)
			continue;
		path_known = true;
		if (strcmp(routes[i].method, rq.method) == 0)
			route = &routes[i];
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
			"Cette adresse n'existe pas.", NULL);
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
		if (status != 0) {
			web_reply_error(&rp, 400, "bad_request", "La requête est incomplète.", NULL);
			rp.close = true;
			goto send;
		}
	}

	run_route(&rq, route, &rp);
	if (rp.unavailable && strcmp(rq.method, "GET") == 0) {
		web_reply_clear(&rp);
		run_route(&rq, route, &rp);
	}

send:
	status = web_send(conn, &rp, strcmp(rq.method, "HEAD") == 0);
	web_reply_clear(&rp);
	json_decref(rq.json);
	free(rq.body);
	return status > 0 ? status : 500;
}

int web_http_error(struct mg_connection *conn, int status, const char *msg)
{
	struct web_reply rp;
	const char *code = status == 404 ? "not_found" : status >= 500 ? "internal" : "bad_request";
	const char *text = status == 404 ? "Cette adresse n'existe pas." :
	                   status >= 500 ? "Une erreur inattendue est survenue. Réessayez plus tard." :
	                   "La requête est mal formée.";

	web_reply_init(&rp);
	web_reply_error(&rp, status, code, text, NULL);
	rp.close = true;
	web_send(conn, &rp, false);
	web_reply_clear(&rp);
	return 0;
}
