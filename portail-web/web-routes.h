/*
 * web-routes.h — the routes: what a module declares (its table of
 * endpoints, with their rules), the router that walks the modules' tables
 * (router.c), the static files (static.c) and the replies several modules
 * share.
 */
#ifndef PORTAIL_WEB_ROUTES_H
#define PORTAIL_WEB_ROUTES_H

#include <stddef.h>

#include <jansson.h>

#include <portail/portail.h>

#include "query.h"
#include "web-reply.h"
#include "web-request.h"

struct mg_connection;

typedef void (*web_handler)(struct web_request *rq, struct web_reply *rp);

/* Route flags. */
enum {
	WEB_NO_SESSION = 1 << 0,      /* never looks at the session cookie */
	WEB_NEED_SESSION = 1 << 1,    /* 401 without a live session */
	WEB_PASSWORD_CHANGE_OK = 1 << 2, /* allowed while a password change is due */
	WEB_CSRF_ANONYMOUS = 1 << 3,  /* checks the double-submit cookie only */
	WEB_JSON_BODY = 1 << 4,       /* the body must be a JSON object */
	WEB_SESSION_IN_READ = 1 << 5, /* GET routes whose handler's library read
	                                 checks the session in the same statement:
	                                 the router only takes the cookie's token
	                                 (401 without one); the handler then calls
	                                 web_session_from_read() */
};

struct web_route {
	const char *method;
	const char *path;            /* may hold "{name}" (a positive number) and
	                              * "{name:token}" parameters */
	web_handler handler;
	unsigned flags;
	const struct web_query_param *query;  /* the query parameters it takes
	                                       * (NULL-ended), or NULL: ignored */
};

/* A module's endpoints: one table in its routes_*.c, listed in router.c. */
struct web_module {
	const char *name;
	const struct web_route *routes;
	size_t count;
};

#define WEB_MODULE(var, name, table) \
	const struct web_module var = { name, table, sizeof(table) / sizeof(table[0]) }

extern const struct web_module web_module_health;
extern const struct web_module web_module_session;
extern const struct web_module web_module_me;
extern const struct web_module web_module_contact;
extern const struct web_module web_module_children;
extern const struct web_module web_module_requests;
extern const struct web_module web_module_signup;
extern const struct web_module web_module_password;
extern const struct web_module web_module_vocabulary;
extern const struct web_module web_module_structure;
extern const struct web_module web_module_guardians;
extern const struct web_module web_module_enrolments;
extern const struct web_module web_module_catalogue;
extern const struct web_module web_module_reservations;
extern const struct web_module web_module_calendar_feed;
extern const struct web_module web_module_week;
extern const struct web_module web_module_certificates;

/* Serve one request (router.c); the civetweb request handler. */
int web_dispatch(struct mg_connection *conn, void *cfg);

/* Answer civetweb's own errors (malformed requests) in our format. */
int web_http_error(struct mg_connection *conn, int status, const char *msg);

/* civetweb closes a connection: answers a pending "OPTIONS *" (204 with
 * Allow), for which civetweb calls no handler. */
void web_connection_close(const struct mg_connection *conn);

/* Static files from the configured directory (static.c). */
void web_static_serve(struct web_request *rq, struct web_reply *rp);

/* The "page introuvable" that any unknown path outside /api/ gets (404
 * with 404.html), for a handler whose answer must not differ from it. */
void web_static_not_found(struct web_request *rq, struct web_reply *rp);

/* Answer @p status with {"request": request @p request_id as recorded}
 * (routes_requests.c). */
void web_reply_request(ptl_db *db, struct web_reply *rp, int status, int64_t request_id);

/* Answer @p status with {"request": @p request} (routes_requests.c). */
void web_reply_request_json(struct web_reply *rp, int status, const ptl_request *request);

/* The error reply of a link endpoint: a refused link (PTL_EAUTH) is 410
 * "invalid_link"; anything else as web_reply_status. */
void web_reply_link_status(struct web_reply *rp, int ptl_code);

#endif
