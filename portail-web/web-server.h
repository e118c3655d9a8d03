/*
 * web-server.h — the running server: its settings, civetweb (server.c),
 * the pool of database connections a request borrows from (db-pool.c), the
 * mail delivery thread (mail-thread.c) and the log (log.c).
 */
#ifndef PORTAIL_WEB_SERVER_H
#define PORTAIL_WEB_SERVER_H

#include <stdbool.h>

#include <portail/portail.h>

struct web_pool;
struct web_request;
struct web_reply;

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
	int db_wait_ms;          /* how long a request waits for a connection */
	bool secure_cookies;
	const char *trusted_proxy;  /* the reverse proxy's address, or NULL */
	struct web_pool *pool;   /* the database connections (db-pool.c) */
};

/* ---- the server (server.c) -------------------------------------------- */

struct web_server;

/* Start civetweb. @return NULL if it cannot listen (message printed). */
struct web_server *web_server_start(const struct web_config *cfg);

/* The address actually listened on ("127.0.0.1:8080"). */
const char *web_server_address(const struct web_server *srv);

/* Stop: finish the requests in progress, close the connections. */
void web_server_stop(struct web_server *srv);

/* ---- the pool of database connections (db-pool.c) ------------------ */

/* How long a request waits for a free connection before its 503, by
 * default (--db-wait-ms), and at most. */
#define WEB_DEFAULT_DB_WAIT_MS_TEXT "2000"
#define WEB_MAX_DB_WAIT_MS 60000

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

/* The request's database connection, borrowed from the pool on first call
 * and kept in rq->db until the router gives it back (web_db_return) before
 * writing the reply. When none can be had, fills @p rp with a 503 and
 * returns NULL. */
ptl_db *web_db_or_reply(struct web_request *rq, struct web_reply *rp);

/* Give the request's connection back to the pool, if it has one. A read
 * handler calls it as soon as its library read has returned, so that the
 * connection is not held while the reply is rendered (the router calls it
 * again, which then does nothing). */
void web_db_return(struct web_request *rq);

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
