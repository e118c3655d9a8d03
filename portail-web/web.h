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
 *
 * The interfaces are split by concern; this header includes them all, for
 * the files that use several:
 *   web-reply.h    what a handler answers, and sending it (http.c)
 *   web-request.h  one request: path and query parameters, body, cookies,
 *                  the client's address
 *   web-auth.h     sessions and CSRF (auth.c)
 *   web-routes.h   the modules' route tables, the router, shared replies
 *   web-server.h   settings, civetweb, the connection pool, mail, the log
 * and path.h, query.h: the parsers of paths and query strings (libc only).
 */
#ifndef PORTAIL_WEB_H
#define PORTAIL_WEB_H

#include <portail-json/portail-json.h>

#include "web-reply.h"
#include "web-request.h"
#include "web-auth.h"
#include "web-routes.h"
#include "web-server.h"

#endif
