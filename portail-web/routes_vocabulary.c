/*
 * routes_vocabulary.c — GET /api/v1/vocabulary: the field table, the
 * request kinds and the password policy (libportail-json's
 * ptl_json_vocabulary), from which the pages build their forms. No session
 * needed; the answer only changes with the program, so it carries an ETag
 * (a hash of its body) and may be kept a few minutes.
 */
#include <stdio.h>
#include <string.h>

#include <civetweb.h>

#include "web.h"

/* 64-bit FNV-1a of @p len bytes of @p data. */
static unsigned long long fnv1a(const char *data, size_t len)
{
	unsigned long long h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void web_route_vocabulary(struct web_request *rq, struct web_reply *rp)
{
	const char *match = mg_get_header(rq->conn, "If-None-Match");
	char etag[24];

	web_reply_json(rp, 200, ptl_json_vocabulary());
	if (rp->status != 200)
		return;
	snprintf(etag, sizeof(etag), "\"%016llx\"", fnv1a(rp->body, rp->body_len));
	if (match && strstr(match, etag))
		web_reply_empty(rp, 304);
	rp->no_store = false;
	rp->cache_control = "public, max-age=300";
	web_reply_header(rp, "ETag: %s", etag);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/vocabulary", web_route_vocabulary, WEB_NO_SESSION, NULL },
};

WEB_MODULE(web_module_vocabulary, "vocabulary", routes);
