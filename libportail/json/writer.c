/*
 * writer.c — JSON text written straight into a buffer (see writer.h for
 * why, and for the promise: the bytes of json_dumps(..., JSON_COMPACT)).
 */
#include <stdlib.h>
#include <string.h>

#include "writer.h"

static bool reserve(struct ptl__jw *w, size_t more)
{
	size_t cap = w->cap ? w->cap : 1024;
	char *buf;

	if (w->failed)
		return false;
	if (w->len + more <= w->cap)
		return true;
	while (cap < w->len + more)
		cap *= 2;
	if (!(buf = realloc(w->buf, cap))) {
		w->failed = true;
		return false;
	}
	w->buf = buf;
	w->cap = cap;
	return true;
}

static void put(struct ptl__jw *w, const char *s, size_t n)
{
	if (reserve(w, n)) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

/* The comma before a value or a member (none after an opening bracket or
 * a key), then the member's key. */
static void start(struct ptl__jw *w, const char *key)
{
	char last = w->len ? w->buf[w->len - 1] : '{';

	if (last != '{' && last != '[' && last != ':')
		put(w, ",", 1);
	if (key) {
		size_t n = strlen(key);

		if (reserve(w, n + 3)) {
			w->buf[w->len++] = '"';
			memcpy(w->buf + w->len, key, n);
			w->len += n;
			w->buf[w->len++] = '"';
			w->buf[w->len++] = ':';
		}
	}
}

/* The length of the UTF-8 sequence at @p s (of at most @p left bytes), as
 * jansson accepts it (no overlong forms, no surrogates, at most U+10FFFF),
 * or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static void quoted(struct ptl__jw *w, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i = 0, run;

	/* At worst 6 bytes per byte ("\u001F"), and the quotes. */
	if (!reserve(w, len * 6 + 2))
		return;
	w->buf[w->len++] = '"';
	while (i < len) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			w->buf[w->len++] = (char)c;
			i++;
		} else if (c >= 0x80) {
			if (!(run = utf8_length(s + i, len - i))) {
				w->failed = true;
				return;
			}
			memcpy(w->buf + w->len, s + i, run);
			w->len += run;
			i += run;
		} else {
			char *out = w->buf + w->len;

			out[0] = '\\';
			w->len += 2;
			switch (c) {
			case '"': out[1] = '"'; break;
			case '\\': out[1] = '\\'; break;
			case '\b': out[1] = 'b'; break;
			case '\f': out[1] = 'f'; break;
			case '\n': out[1] = 'n'; break;
			case '\r': out[1] = 'r'; break;
			case '\t': out[1] = 't'; break;
			default:
				memcpy(out + 1, "u00", 3);
				out[4] = hex[c >> 4];
				out[5] = hex[c & 15];
				w->len += 4;
			}
			i++;
		}
	}
	w->buf[w->len++] = '"';
}

void ptl__jw_open(struct ptl__jw *w, const char *key, char bracket)
{
	start(w, key);
	put(w, &bracket, 1);
}

void ptl__jw_close(struct ptl__jw *w, char bracket)
{
	put(w, &bracket, 1);
}

void ptl__jw_string(struct ptl__jw *w, const char *key, const char *s)
{
	start(w, key);
	if (s)
		quoted(w, s);
	else
		put(w, "null", 4);
}

void ptl__jw_text(struct ptl__jw *w, const char *key, const char *s)
{
	ptl__jw_string(w, key, s ? s : "");
}

void ptl__jw_int(struct ptl__jw *w, const char *key, int64_t n)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;

	start(w, key);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--p = '-';
	put(w, p, (size_t)(buf + sizeof(buf) - p));
}

void ptl__jw_int_or_null(struct ptl__jw *w, const char *key, int64_t n)
{
	if (n)
		ptl__jw_int(w, key, n);
	else
		ptl__jw_null(w, key);
}

void ptl__jw_bool(struct ptl__jw *w, const char *key, bool b)
{
	start(w, key);
	put(w, b ? "true" : "false", b ? 4 : 5);
}

void ptl__jw_null(struct ptl__jw *w, const char *key)
{
	start(w, key);
	put(w, "null", 4);
}

void ptl__jw_day(struct ptl__jw *w, const char *key, ptl_day day)
{
	char buf[11];

	ptl_day_format(buf, day);
	ptl__jw_string(w, key, buf);
}

void ptl__jw_time(struct ptl__jw *w, const char *key, ptl_time t)
{
	char buf[21];

	if (t == 0) {
		ptl__jw_null(w, key);
		return;
	}
	ptl_time_format(buf, t);
	ptl__jw_string(w, key, buf);
}

void ptl__jw_json(struct ptl__jw *w, const char *key, const char *json)
{
	size_t n = json ? strlen(json) : 0;

	if (n == 0 || (json[0] != '{' && json[0] != '[')) {
		ptl__jw_text(w, key, json);
		return;
	}
	start(w, key);
	put(w, json, n);
}

char *ptl__jw_finish(struct ptl__jw *w)
{
	char *text = NULL;

	if (reserve(w, 1)) {
		w->buf[w->len] = '\0';
		text = w->buf;
	} else {
		free(w->buf);
	}
	*w = (struct ptl__jw){ 0 };
	return text;
}

json_t *ptl__jw_finish_json(struct ptl__jw *w)
{
	char *text = ptl__jw_finish(w);
	json_t *json = text ? json_loads(text, 0, NULL) : NULL;

	free(text);
	return json;
}
