/*
 * web.h — the internal interfaces of portail-web, the parents' web server.
 *
 * portail-web is a thin front-end: civetweb receives the requests, the
 * router (router.c) matches them to a handler (routes_*.c), the handler
 * calls libportail and fills a web_reply, and http.c sends that reply in one
 * write with the common headers. Nothing here holds SQL or a business rule.
 *
 * A request is served by one civetweb worker thread from start to end; the
 * workers are many, the database connections few: a request borrows one from
 * the pool (db-pool.c) only while its handler calls the library. One more
 * thread, with its own connection, delivers the mail outbox (mail-thread.c).
 */
#ifndef PORTAIL_WEB_H
#define PORTAIL_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <portail/portail.h>
#include <portail-json/portail-json.h>

#include "path.h"
#include "query.h"

struct mg_connection;
struct mg_request_info;

/* What a 503 asks the client to wait, in seconds (Retry-After). */
#define WEB_RETRY_AFTER_SECONDS 2

/* The largest request body accepted; beyond it the answer is 413. */
#define WEB_BODY_MAX (64 * 1024)

#define WEB_SESSION_COOKIE "portail_session"
#define WEB_CSRF_COOKIE "portail_csrf"
#define WEB_DEVICE_COOKIE "portail_device"
#define WEB_CSRF_HEADER "X-CSRF-Token"

/* Worker threads and database connections: many threads (a slow client
 * holds one), few connections (each is a PostgreSQL backend). Measured: an
 * idle thread costs about 20 kB resident (300 threads: 15 MB for the whole
 * process, 1024: 29 MB; with 200 stalled clients, 24 MB), which is what
 * bounds the count, civetweb 1.15 taking more. */
#define WEB_DEFAULT_THREADS_TEXT "300"
#define WEB_MAX_THREADS 1024
#define WEB_DEFAULT_DB_CONNECTIONS_TEXT "8"
#define WEB_MAX_DB_CONNECTIONS 1000

/* The settings of the running server, fixed at start. */
struct web_config {
	const char *listen;      /* ADDR:PORT */
	const char *conninfo;    /* NULL: PORTAIL_DB */
	const char *static_dir;
	int threads;             /* civetweb worker threads */
	int db_connections;      /* the pool's size */
	bool secure_cookies;
	const char *trusted_proxy;  /* the reverse proxy's address, or NULL */
	struct web_pool *pool;   /* the database connections (db-pool.c) */
};

/* How long civetweb waits for a request's headers, and for each read of
 * its body (measured: a body that stops coming is given up after about
 * twice this); web_read_body() also bounds the whole body to
 * WEB_BODY_SECONDS. A client slower than that is dropped. */
#define WEB_REQUEST_TIMEOUT_MS 5000
#define WEB_BODY_SECONDS 20

/* ---- replies (http.c) ---------------------------------------------- */

/* What a handler answers; http.c turns it into bytes. */
struct web_reply {
	int status;
	const char *content_type;   /* NULL: no body */
	char *body;                 /* malloc'd, or NULL */
	size_t body_len;
	char headers[1024];         /* extra header lines, each ending in CRLF */
	size_t headers_len;
	bool close;                 /* close the connection after this reply */
	bool no_store;              /* Cache-Control: no-store (API replies) */
	const char *cache_control;  /* otherwise, this one (NULL: none) */
};

void web_reply_init(struct web_reply *rp);
void web_reply_clear(struct web_reply *rp);

/* Append one header line ("Name: value", without CRLF). */
void web_reply_header(struct web_reply *rp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A JSON body; steals @p json. */
void web_reply_json(struct web_reply *rp, int status, json_t *json);

/* {"error":{"code":...,"message":...,"field":...}}; @p field may be NULL. */
void web_reply_error(struct web_reply *rp, int status, const char *code,
                     const char *message, const char *field);

/* The error reply for a failed library call, from ptl_error_last(). */
void web_reply_status(struct web_reply *rp, int ptl_code);

/* An empty reply (204, 304). */
void web_reply_empty(struct web_reply *rp, int status);

/* A body taken over as is (malloc'd @p body). */
void web_reply_body(struct web_reply *rp, int status, const char *content_type,
                    char *body, size_t len);

/* The HTTP status for a library status. */
int web_http_status(int ptl_code);

/* Send @p rp on @p conn: status line, common and security headers, extra
 * headers and body, in a single write. @p head: leave the body out.
 * @return the status sent. */
int web_send(struct mg_connection *conn, const struct web_reply *rp, bool head);

/* End the request's connection now that its reply is sent, even if the
 * client is still sending: civetweb 1.15 would otherwise read and discard
 * the rest of the body for as long as the client sends it (a 413, a body
 * too slow). It has no call for that, so this finds the connection's
 * socket by its two ends and shuts it down; civetweb's reads then end at
 * once and it closes the connection. */
void web_drop_connection(struct mg_connection *conn);

/* ---- requests (http.c) ---------------------------------------------- */

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

/* ---- the pool of database connections (db-pool.c) ------------------ */

/* How long a request waits for a free connection before its 503. */
#define WEB_DB_WAIT_MS 2000

struct web_pool;

/* A pool of at most @p size connections to @p conninfo (kept, not copied),
 * opened on first need. @return NULL when out of memory. */
struct web_pool *web_pool_create(const char *conninfo, int size);
/* Close the connections; all must have been given back. NULL: no-op. */
void web_pool_destroy(struct web_pool *p);

/* Borrow a connection, waiting at most @p wait_ms for one to be free.
 * @return PTL_OK with *@p out set, PTL_ECONFLICT when none came free in
 * time, PTL_EUNAVAILABLE when a new one could not be made at all. */
int web_pool_acquire(struct web_pool *p, int wait_ms, ptl_db **out);
/* Give @p db back (NULL: no-op). */
void web_pool_release(struct web_pool *p, ptl_db *db);

struct web_request;
struct web_reply;

/* The request's database connection, borrowed from the pool on first call
 * and kept in rq->db until the router gives it back (web_db_return) before
 * writing the reply. When none can be had, fills @p rp with a 503 and
 * returns NULL. */
ptl_db *web_db_or_reply(struct web_request *rq, struct web_reply *rp);

/* Give the request's connection back to the pool, if it has one. */
void web_db_return(struct web_request *rq);

/* ---- one request, as the router and handlers see it ----------------- */

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

/* ---- the client's address (client-addr.c) ------------------------------ */

#define WEB_ADDR_SIZE 64

/* The client's address: X-Forwarded-For's last entry for requests from the
 * trusted proxy, the connection's address otherwise. May return @p buf. */
const char *web_client_addr(const struct web_request *rq, char buf[WEB_ADDR_SIZE]);


/* ---- sessions and CSRF (auth.c) ------------------------------------- */

/* Look up the session of the request's cookie. @return 0 (with or without
 * a session), or -1 with @p rp filled (database unavailable). */
int web_session_load(struct web_request *rq, struct web_reply *rp);

/* Take the cookie's token into rq->session_token, without asking the
 * database. @return whether there was a well-formed one. */
bool web_session_token(struct web_request *rq);

/* The route's session rules once the session is known: 401 without one on
 * a WEB_NEED_SESSION route, 403 while a password change is due unless the
 * route allows it. @return true to go on; else @p rp is filled. */
bool web_session_rules(struct web_request *rq, struct web_reply *rp);

/* For WEB_SESSION_IN_READ routes, after the library call that read the
 * session and the page's data: @p rc its status, @p session the session it
 * found (NULL when it found none or failed first). Applies the session rules
 * as the router does for other routes. @return true when the handler goes on
 * (rc is then PTL_OK or a status about the data, such as PTL_ENOTFOUND);
 * else @p rp is filled. */
bool web_session_from_read(struct web_request *rq, struct web_reply *rp, int rc,
                           const ptl_session *session);

/* Check the X-CSRF-Token header: against the session's token when the
 * request has a live session (and @p anonymous is false), otherwise against
 * the portail_csrf cookie. @return true if right; else @p rp is the 403. */
bool web_csrf_check(struct web_request *rq, struct web_reply *rp, bool anonymous);

/* The error replies of the session rules. */
void web_reply_unauthenticated(struct web_reply *rp, const struct web_request *rq);
void web_reply_password_change_required(struct web_reply *rp);

/* ---- JSON in and out (json.c) ----------------------------------------- */

/* The API's objects. New references. */
json_t *web_request_json(const ptl_request *r);

/* Read the string members @p names (NULL-ended) of the request body into
 * @p out, in order: NULL when absent or null. A member of another type is a
 * client error: @p rp becomes a 400 naming it and the answer is false. */
bool web_body_strings(const struct web_request *rq, struct web_reply *rp,
                      const char *const *names, const char **out);

/* The same for a boolean member: @p out keeps its value when the member is
 * absent or null. */
bool web_body_bool(const struct web_request *rq, struct web_reply *rp,
                   const char *name, int *out);

/* ---- routes ----------------------------------------------------------- */

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

/* The path parameter @p name of the route being served: its number, or 0
 * when the route has no such "{name}". */
int64_t web_path_id(const struct web_request *rq, const char *name);

/* The "{name:token}" parameter @p name, or NULL when there is none. */
const char *web_path_token(const struct web_request *rq, const char *name);

/* Serve one request (router.c); the civetweb request handler. */
int web_dispatch(struct mg_connection *conn, void *cfg);

/* Answer civetweb's own errors (malformed requests) in our format. */
int web_http_error(struct mg_connection *conn, int status, const char *msg);

/* civetweb closes a connection: answers a pending "OPTIONS *" (204 with
 * Allow), for which civetweb calls no handler. */
void web_connection_close(const struct mg_connection *conn);

/* Static files from the configured directory (static.c). */
void web_static_serve(struct web_request *rq, struct web_reply *rp);

/* Answer @p status with {"request": request @p request_id as recorded}
 * (routes_requests.c). */
void web_reply_request(ptl_db *db, struct web_reply *rp, int status, int64_t request_id);

/* Answer @p status with {"request": @p request} (routes_requests.c). */
void web_reply_request_json(struct web_reply *rp, int status, const ptl_request *request);

/* The error reply of a link endpoint: a refused link (PTL_EAUTH) is 410
 * "invalid_link"; anything else as web_reply_status. */
void web_reply_link_status(struct web_reply *rp, int ptl_code);

/* ---- the server (server.c) -------------------------------------------- */

struct web_server;

/* Start civetweb. @return NULL if it cannot listen (message printed). */
struct web_server *web_server_start(const struct web_config *cfg);

/* The address actually listened on ("127.0.0.1:8080"). */
const char *web_server_address(const struct web_server *srv);

/* Stop: finish the requests in progress, close the connections. */
void web_server_stop(struct web_server *srv);

/* ---- mail delivery (mail-thread.c) ---------------------------------- */

struct web_mailer;

/* When PORTAIL_SMTP_URL is set, start the thread that delivers the outbox
 * every WEB_MAIL_INTERVAL_SECONDS on its own database connection.
 * @return the thread, or NULL (not configured, or it could not start:
 * message printed). */
#define WEB_MAIL_INTERVAL_SECONDS 2
struct web_mailer *web_mailer_start(const struct web_config *cfg);

/* Stop the thread (a delivery in progress finishes) and close its
 * connection. NULL does nothing. */
void web_mailer_stop(struct web_mailer *m);

/* ---- the log (log.c) --------------------------------------------------- */

/* Log a line on stderr, prefixed with the program's name. */
void web_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Log a line that may come once per request: the same line within a second
 * is counted, and written once with its count. */
void web_log_repeated(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write the counts not yet written (at the stop). */
void web_log_flush(void);

#endif
