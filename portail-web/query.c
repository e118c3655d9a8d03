/*
 * query.c — the one parser of URL query strings (query.h): split on "&"
 * and "=", percent-decode, check the text, then check the names against
 * what the route takes. Everything is written into the caller's struct
 * web_query, whose buffer is large enough for any accepted query: a decoded
 * name or value is never longer than its encoded form, and each parameter
 * adds at most two NULs where it had one separator or none.
 */
#include <string.h>

#include "query.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the @p len bytes at @p in into @p out, NUL-ended: "%XX" is the
 * byte XX, "+" a space. False on a bad escape, or an escaped NUL (%00),
 * which C text cannot hold. */
static bool decode(const char *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		if (in[i] == '+') {
			*out++ = ' ';
		} else if (in[i] == '%') {
			int hi = i + 2 < len ? hex_digit(in[i + 1]) : -1;
			int lo = i + 2 < len ? hex_digit(in[i + 2]) : -1;

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return false;
			*out++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*out++ = in[i];
		}
	}
	*out = '\0';
	return true;
}

/* UTF-8 text without control characters. */
static bool is_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned char c = *p;
		size_t more;
		unsigned long cp;

		if (c < 0x20 || c == 0x7F)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			more = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			more = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			more = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (size_t k = 1; k <= more; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[k] & 0x3F);
		}
		/* Overlong forms, surrogates and beyond U+10FFFF. */
		if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += more + 1;
	}
	return true;
}

static const struct web_query_param *find_param(const struct web_query_param *params,
                                                const char *name)
{
	for (; params && params->name; params++)
		if (strcmp(params->name, name) == 0)
			return params;
	return NULL;
}

static enum web_query_status fault(struct web_query *q, enum web_query_status status,
                                   const char *name)
{
	size_t n = strlen(name);

	if (n >= sizeof(q->fault))
		n = sizeof(q->fault) - 1;
	memcpy(q->fault, name, n);
	q->fault[n] = '\0';
	return status;
}

enum web_query_status web_query_parse(struct web_query *q, const char *raw,
                                      const struct web_query_param *params)
{
	size_t raw_len = raw ? strlen(raw) : 0;
	char *out = q->buf;
	const char *p = raw;

	q->count = 0;
	q->fault[0] = '\0';
	if (raw_len > WEB_QUERY_MAX_BYTES)
		return WEB_QUERY_TOO_LONG;
	while (p && *p) {
		const char *end = strchr(p, '&'), *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const struct web_query_param *known;
		char *name, *value;

		eq = memchr(p, '=', len);
		if (len == 0) {           /* "a=1&&b=2": nothing between */
			p = end ? end + 1 : NULL;
			continue;
		}
		if (q->count == WEB_QUERY_MAX_PARAMS)
			return WEB_QUERY_TOO_MANY;
		name = out;
		if (!decode(p, eq ? (size_t)(eq - p) : len, name))
			return WEB_QUERY_MALFORMED;
		out += strlen(name) + 1;
		value = out;
		if (eq && !decode(eq + 1, len - (size_t)(eq - p) - 1, value))
			return fault(q, WEB_QUERY_MALFORMED, name);
		if (!eq)
			*value = '\0';
		out += strlen(value) + 1;
		if (!*name || !is_text(name))
			return WEB_QUERY_MALFORMED;
		if (!is_text(value))
			return fault(q, WEB_QUERY_MALFORMED, name);
		known = find_param(params, name);
		if (!known)
			return fault(q, WEB_QUERY_UNKNOWN, name);
		if (!known->repeatable && web_query_get(q, name))
			return fault(q, WEB_QUERY_REPEATED, name);
		q->names[q->count] = name;
		q->values[q->count] = value;
		q->count++;
		p = end ? end + 1 : NULL;
	}
	return WEB_QUERY_OK;
}

const char *web_query_get(const struct web_query *q, const char *name)
{
	for (size_t i = 0; i < q->count; i++)
		if (strcmp(q->names[i], name) == 0)
			return q->values[i];
	return NULL;
}

size_t web_query_get_all(const struct web_query *q, const char *name, const char **out,
                         size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < q->count; i++)
		if (strcmp(q->names[i], name) == 0) {
			if (n < max)
				out[n] = q->values[i];
			n++;
		}
	return n;
}
