/*
 * web-request.h — one request as the router and the handlers see it: its
 * method, path and parameters, query, body (read and parsed by http.c and
 * json.c), cookies, the client's address (client-addr.c) and the session
 * found for it.
 */
#ifndef PORTAIL_WEB_REQUEST_H
#define PORTAIL_WEB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <portail/portail.h>

#include "path.h"
#include "query.h"
#include "web-reply.h"

struct mg_connection;
struct mg_request_info;
struct web_config;

/* The largest request body accepted; beyond it the answer is 413. */
#define WEB_BODY_MAX (64 * 1024)

/* How long civetweb waits for a request's headers, and for each read of
 * its body (measured: a body that stops coming is given up after about
 * twice this); web_read_body() also bounds the whole body to
 * WEB_BODY_SECONDS. A client slower than that is dropped. */
#define WEB_REQUEST_TIMEOUT_MS 5000
#define WEB_BODY_SECONDS 20

#define WEB_SESSION_COOKIE "portail_session"
#define WEB_CSRF_COOKIE "portail_csrf"
#define WEB_DEVICE_COOKIE "portail_device"
#define WEB_CSRF_HEADER "X-CSRF-Token"


/* What the router (router.c) fills in before calling a handler. */
struct web_request {
	struct mg_connection *conn;
	const struct mg_request_info *ri;
	const struct web_config *cfg;
	const char *method;
	const char *path;
	char *body;                 /* the request body, NUL-ended */
	size_t body_len;
	json_t *json;               /* the body parsed, for routes that want it */
	struct web_path_params params;  /* of the route's path: web_path_id()... */
	struct web_query query;     /* for routes that take query parameters */
	ptl_db *db;                 /* borrowed while the handler runs, or NULL */
	unsigned route_flags;       /* the flags of the route being served */
	bool has_session;
	ptl_session session;
	char session_token[PTL_TOKEN_LEN + 1];  /* from the cookie, if shaped */
};

/* The path parameter @p name of the route being served (router.c): its
 * number, or 0 when the route has no such "{name}". */
int64_t web_path_id(const struct web_request *rq, const char *name);

/* The "{name:token}" parameter @p name, or NULL when there is none. */
const char *web_path_token(const struct web_request *rq, const char *name);

/* ---- the body, cookies and tokens (http.c) ------------------------- */

/* Read the whole body into a malloc'd, NUL-ended buffer.
 * @return 0, 413 (larger than WEB_BODY_MAX), 408 (not all there within
 * WEB_BODY_SECONDS) or 400 (read error). */
int web_read_body(struct mg_connection *conn, char **out, size_t *len_out);

/* Parse a body as a JSON object. @return a new reference, or NULL. */
json_t *web_parse_json_object(const char *body, size_t len);

/* Copy the value of cookie @p name from the Cookie header into @p out.
 * @return true if it was there and fitted. */
bool web_cookie_get(struct mg_connection *conn, const char *name, char *out, size_t size);

/* True if @p s has the shape of a token (base64url, PTL_TOKEN_LEN chars). */
bool web_token_shaped(const char *s);

/* Append a Set-Cookie header; @p value NULL clears the cookie (Max-Age=0). */
void web_set_cookie(struct web_reply *rp, const char *name, const char *value,
                    const char *same_site, bool secure);

/* ---- the body's members (json.c) -------------------------------------- */

/* Read the string members @p names (NULL-ended) of the request body into
 * @p out, in order: NULL when absent or null. A member of another type is a
 * client error: @p rp becomes a 400 naming it and the answer is false. */
bool web_body_strings(const struct web_request *rq, struct web_reply *rp,
                      const char *const *names, const char **out);

/* The same for a boolean member: @p out keeps its value when the member is
 * absent or null. */
bool web_body_bool(const struct web_request *rq, struct web_reply *rp,
                   const char *name, int *out);

/* ---- the client's address (client-addr.c) ------------------------------ */

#define WEB_ADDR_SIZE 64

/* The client's address: X-Forwarded-For's last entry for requests from the
 * trusted proxy, the connection's address otherwise. May return @p buf. */
const char *web_client_addr(const struct web_request *rq, char buf[WEB_ADDR_SIZE]);

#endif
