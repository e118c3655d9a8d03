/*
 * router.c — from a request to a handler.
 *
 * Each module declares its endpoints in one table in its own routes_*.c
 * (method, path, handler, rules: session needed, allowed while a password
 * change is due, which CSRF check, a JSON body, the query parameters it
 * takes); the router walks the modules' tables below. A path may hold any
 * number of named parameters: "{child}" is a positive number (at most 18
 * digits, no leading zero) and "{code:token}" a token of letters, digits,
 * "-" and "_" (at most WEB_PATH_TOKEN_MAX); handlers read them with
 * web_path_id() and web_path_token(). Any other text there is an unknown
 * path: 404. The router
 * reads the body (413 beyond WEB_BODY_MAX), finds the session (for routes
 * flagged WEB_SESSION_IN_READ, it only takes the cookie's token: the
 * handler's one library read checks the session with the page), applies the
 * CSRF check to every state-changing method, parses the query string of a
 * route that takes one (400 naming the parameter otherwise), then calls the
 * handler and sends what it answered. A route that takes no query
 * parameter ignores the query string. The handler borrows a database
 * connection when it first needs one, and the router gives it back before
 * the reply is written. A connection dropped while idle is reopened by the
 * library before use, so no request is replayed here. Paths outside /api/
 * and the health checks are static files.
 */
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>

#include "web.h"

/* The modules, each with its table of routes (routes_*.c). */
static const struct web_module *const modules[] = {
	&web_module_health, &web_module_session, &web_module_me, &web_module_contact,
	&web_module_children, &web_module_requests, &web_module_signup, &web_module_password,
	&web_module_vocabulary, &web_module_structure, &web_module_guardians,
	&web_module_enrolments,
	&web_module_catalogue, &web_module_reservations, &web_module_calendar_feed,
	&web_module_week,
	&web_module_certificates,
};

#define MODULE_COUNT (sizeof(modules) / sizeof(modules[0]))

static const struct web_path_param *find_path_param(const struct web_request *rq,
                                                    const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < rq->params.count; i++) {
		const struct web_path_param *p = &rq->params.items[i];

		if (p->name_len == len && strncmp(p->name, name, len) == 0)
			return p;
	}
	return NULL;
}

int64_t web_path_id(const struct web_request *rq, const char *name)
{
	const struct web_path_param *p = find_path_param(rq, name);

	return p ? p->id : 0;
}

const char *web_path_token(const struct web_request *rq, const char *name)
{
	const struct web_path_param *p = find_path_param(rq, name);

	return p && p->token[0] ? p->token : NULL;
}

/* Find the route of @p method and @p path. @return it (with its path
 * parameters in @p params), or NULL; *@p path_known says whether any route
 * has this path, whatever its method. */
static const struct web_route *find_route(const char *method, const char *path,
                                          struct web_path_params *params, bool *path_known)
{
	const struct web_route *found = NULL;
	struct web_path_params tried;

	*path_known = false;
	for (size_t m = 0; m < MODULE_COUNT; m++)
		for (size_t i = 0; i < modules[m]->count; i++) {
			const struct web_route *route = &modules[m]->routes[i];

			if (!web_path_match(route->path, path, &tried))
				continue;
			*path_known = true;
			if (!found && strcmp(route->method, method) == 0) {
				found = route;
				*params = tried;
			}
		}
	return found;
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

/* The query string of a route that takes parameters; false with @p rp the
 * 400 when it is refused. */
static bool parse_query(struct web_request *rq, const struct web_route *route,
                        struct web_reply *rp)
{
	enum web_query_status status = web_query_parse(&rq->query, rq->ri->query_string,
	                                               route->query);
	const char *field = rq->query.fault[0] ? rq->query.fault : NULL;

	switch (status) {
	case WEB_QUERY_OK:
		return true;
	case WEB_QUERY_UNKNOWN:
		web_reply_error(rp, 400, "bad_request", "Ce paramètre n’est pas reconnu.", field);
		break;
	case WEB_QUERY_REPEATED:
		web_reply_error(rp, 400, "bad_request", "Ce paramètre est donné plusieurs fois.",
		                field);
		break;
	case WEB_QUERY_TOO_LONG:
	case WEB_QUERY_TOO_MANY:
		web_reply_error(rp, 414, "too_long", "L’adresse demandée est trop longue.", NULL);
		break;
	default:
		web_reply_error(rp, 400, "bad_request", "L’adresse demandée est mal formée.", field);
		break;
	}
	return false;
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
	if (route->query && !parse_query(rq, route, rp))
		return;
	route->handler(rq, rp);
}

static void method_not_allowed(const char *path, struct web_reply *rp)
{
	char allow[128] = "";
	struct web_path_params params;

	for (size_t m = 0; m < MODULE_COUNT; m++)
		for (size_t i = 0; i < modules[m]->count; i++) {
			const struct web_route *route = &modules[m]->routes[i];

			if (!web_path_match(route->path, path, &params) ||
			    strlen(allow) + strlen(route->method) + 3 > sizeof(allow))
				continue;
			if (allow[0])
				strcat(allow, ", ");
			strcat(allow, route->method);
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

	route = find_route(rq.method, rq.path, &rq.params, &path_known);

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
