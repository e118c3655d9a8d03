/*
 * web-reply.h — what a handler answers and how http.c sends it: the reply
 * (status, headers, body), its JSON and error forms, the mapping of library
 * statuses to HTTP ones, and the single write that sends it.
 */
#ifndef PORTAIL_WEB_REPLY_H
#define PORTAIL_WEB_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct mg_connection;

/* What a 503 asks the client to wait, in seconds (Retry-After). */
#define WEB_RETRY_AFTER_SECONDS 2

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

/* A JSON body already written as text (a ptl_json_..._text()); takes the
 * malloc'd @p text; NULL (out of memory) answers 500. */
void web_reply_json_text(struct web_reply *rp, int status, char *text);

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

#endif
