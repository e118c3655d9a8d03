/*
 * path.h — the parameters of a route's path, and the matching of a
 * request's path against a route's pattern (path.c): "/api/v1/children/
 * {child}/enrolments/{enrolment}" holds two numbers, "/links/{code:token}"
 * a token. libc only, so that the unit tests reach it.
 */
#ifndef PORTAIL_WEB_PATH_H
#define PORTAIL_WEB_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEB_PATH_MAX_PARAMS 4
#define WEB_PATH_TOKEN_MAX 128

struct web_path_param {
	const char *name;          /* in the route's pattern, not NUL-ended */
	size_t name_len;
	int64_t id;                /* a "{name}": a positive number (else 0) */
	char token[WEB_PATH_TOKEN_MAX + 1];  /* a "{name:token}" (else "") */
};

struct web_path_params {
	size_t count;
	struct web_path_param items[WEB_PATH_MAX_PARAMS];
};

/* Does @p path match @p pattern? Its parameters, in order, go into
 * @p params (which holds garbage when it does not match). A "{name}" is a
 * positive number of at most 18 digits without sign or leading zero; a
 * "{name:token}" at most WEB_PATH_TOKEN_MAX letters, digits, "-" or "_";
 * either ends at the next "/" or at the literal text that follows it in the
 * pattern, in the same segment ("{feed:token}.ics"). A
 * pattern with more than WEB_PATH_MAX_PARAMS parameters, or an unclosed
 * brace, matches nothing. */
bool web_path_match(const char *pattern, const char *path, struct web_path_params *params);

#endif
