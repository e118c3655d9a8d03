/*
 * query.h — the query string of a request's URL, read once by one helper
 * (query.c): `?from=2026-12-01&to=2026-12-31&status=pending`.
 *
 * Bounded: at most WEB_QUERY_MAX_BYTES of query string and
 * WEB_QUERY_MAX_PARAMS parameters, kept in the structure itself (no
 * allocation). Names and values are percent-decoded ("+" is a space, as
 * forms send it) and must then be UTF-8 text without control characters.
 * A route names the parameters it takes: any other is refused, and so is a
 * parameter given twice unless the route says it may repeat (then every
 * value is kept, in order). libc only, so that the unit tests reach it.
 */
#ifndef PORTAIL_WEB_QUERY_H
#define PORTAIL_WEB_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#define WEB_QUERY_MAX_BYTES 1024
#define WEB_QUERY_MAX_PARAMS 16

/* Why a query string was refused. */
enum web_query_status {
	WEB_QUERY_OK = 0,
	WEB_QUERY_TOO_LONG,   /* more than WEB_QUERY_MAX_BYTES */
	WEB_QUERY_TOO_MANY,   /* more than WEB_QUERY_MAX_PARAMS parameters */
	WEB_QUERY_MALFORMED,  /* a bad %-escape, an empty name, not text */
	WEB_QUERY_UNKNOWN,    /* a parameter the route does not take */
	WEB_QUERY_REPEATED,   /* given twice, and it may not repeat */
};

/* One parameter a route takes; arrays of them end with a NULL name. */
struct web_query_param {
	const char *name;
	bool repeatable;      /* may be given more than once */
};

struct web_query {
	size_t count;
	const char *names[WEB_QUERY_MAX_PARAMS];   /* decoded, in order */
	const char *values[WEB_QUERY_MAX_PARAMS];  /* decoded; "" for "?name" */
	char fault[64];        /* the (decoded, cut) name at fault, or "" */
	char buf[WEB_QUERY_MAX_BYTES + 2 * WEB_QUERY_MAX_PARAMS + 2];  /* decoded text */
};

/* Parse @p raw (the part after "?", without it; NULL or "" for none) into
 * @p q, taking only the parameters of @p params (NULL: none at all).
 * @return WEB_QUERY_OK, or why it was refused (q->fault then names the
 * parameter, when one is at fault). */
enum web_query_status web_query_parse(struct web_query *q, const char *raw,
                                      const struct web_query_param *params);

/* The value of parameter @p name (its first, if it repeats), or NULL when it
 * was not given. Borrowed from @p q. */
const char *web_query_get(const struct web_query *q, const char *name);

/* The values of a repeatable parameter @p name, in order: at most @p max of
 * them into @p out. @return how many there are in all. */
size_t web_query_get_all(const struct web_query *q, const char *name, const char **out,
                         size_t max);

#endif
