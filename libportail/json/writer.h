/*
 * writer.h — JSON text written straight into one growing buffer, for the
 * representations the web API sends on every page load (a month calendar,
 * the enrolment cascade, a child's enrolments). Building a jansson tree
 * first costs an allocation per value and per member and a hash table per
 * object, then json_dumps() walks it all again: for a month calendar that
 * was most of portail-web's CPU per request. The text written here is
 * byte for byte what json_dumps(tree, JSON_COMPACT) gives for the same
 * tree (members in the order written, no spaces, "\\uXXXX" escapes in
 * upper case for control characters, other UTF-8 as is), so that the
 * json_t form of a representation is the parse of its text.
 *
 * Usage: a zeroed struct, then values in document order; `key` names the
 * member inside an object and is NULL for an array's items and the top
 * value; commas come by themselves. Any failure (out of memory, text that
 * is not UTF-8) sticks, and ptl__jw_finish() then returns NULL, as a
 * jansson builder would. Keys are literals of our code: written as they
 * are, not escaped.
 */
#ifndef PORTAIL_JSON_WRITER_H
#define PORTAIL_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <portail/portail.h>

struct ptl__jw {
	char *buf;
	size_t len, cap;
	bool failed;
};

/** Open an object ('{') or an array ('['). */
void ptl__jw_open(struct ptl__jw *w, const char *key, char bracket);

/** Close what ptl__jw_open() opened: '}' or ']'. */
void ptl__jw_close(struct ptl__jw *w, char bracket);

/** A string, or null when @p s is NULL. */
void ptl__jw_string(struct ptl__jw *w, const char *key, const char *s);

/** A string, "" when @p s is NULL (as ptl_json_text()). */
void ptl__jw_text(struct ptl__jw *w, const char *key, const char *s);

void ptl__jw_int(struct ptl__jw *w, const char *key, int64_t n);

/** An integer, or null when @p n is 0 (ranks, ids that may be absent). */
void ptl__jw_int_or_null(struct ptl__jw *w, const char *key, int64_t n);

void ptl__jw_bool(struct ptl__jw *w, const char *key, bool b);

void ptl__jw_null(struct ptl__jw *w, const char *key);

/** "YYYY-MM-DD" (as ptl_json_day()). */
void ptl__jw_day(struct ptl__jw *w, const char *key, ptl_day day);

/** "YYYY-MM-DDThh:mm:ssZ", or null for 0 (as ptl_json_time()). */
void ptl__jw_time(struct ptl__jw *w, const char *key, ptl_time t);

/** An object or an array already written as JSON text by PostgreSQL (the
 *  ::text of a jsonb column, such as a request's values before and after),
 *  as it is; any other text (none, or not an object nor an array) as a
 *  string, as ptl_json_parse() would give it. */
void ptl__jw_json(struct ptl__jw *w, const char *key, const char *json);

/** The text written (malloc'd, the caller frees it), or NULL when anything
 *  failed; the writer is emptied either way. */
char *ptl__jw_finish(struct ptl__jw *w);

/** The same, parsed: a new reference, or NULL. For the json_t form of a
 *  representation written as text. */
json_t *ptl__jw_finish_json(struct ptl__jw *w);

#endif
