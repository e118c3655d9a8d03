/*
 * core/csv.c — reading CSV text record by record (see core/csv.h). The
 * grammar is RFC 4180's, section 2, made lenient in the two ways files
 * from spreadsheets need: LF alone ends a record as CRLF does, and a byte
 * order mark may open the text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

/* Append byte @p ch to the record's buffer. */
static bool put(struct ptl__csv *r, size_t *used, char ch)
{
	if (*used == r->buf_size) {
		size_t size = r->buf_size ? 2 * r->buf_size : 256;
		char *grown = realloc(r->buf, size);

		if (!grown)
			return false;
		r->buf = grown;
		r->buf_size = size;
	}
	r->buf[(*used)++] = ch;
	return true;
}

/* Note that a field starts at offset @p at of the buffer (pointers are set
 * once the record is read: the buffer may move meanwhile). */
static bool field_at(struct ptl__csv *r, size_t at)
{
	if (r->count == r->fields_size) {
		size_t size = r->fields_size ? 2 * r->fields_size : 16;
		char **grown = realloc(r->fields, size * sizeof(*grown));

		if (!grown)
			return false;
		r->fields = grown;
		r->fields_size = size;
	}
	r->fields[r->count++] = (char *)(uintptr_t)at;
	return true;
}

/* Whether the text at @p pos ends a record (CRLF, LF, or the end). */
static size_t record_end(const struct ptl__csv *r, size_t pos)
{
	if (pos >= r->len)
		return 0;
	if (r->text[pos] == '\n')
		return 1;
	if (r->text[pos] == '\r' && pos + 1 < r->len && r->text[pos + 1] == '\n')
		return 2;
	return 0;
}

enum ptl__csv_result ptl__csv_next(struct ptl__csv *r)
{
	size_t used, eol;

	if (r->next_line == 0) {
		r->next_line = 1;
		if (r->len >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
			r->pos = 3;
	}
	for (;;) {
		const char *t = r->text;
		bool ended = false;

		if (r->pos >= r->len)
			return PTL__CSV_END;
		r->line = r->next_line;
		r->count = 0;
		used = 0;
		while (!ended) {
			if (!field_at(r, used))
				return PTL__CSV_NOMEM;
			if (r->pos < r->len && t[r->pos] == '"') {
				r->pos++;
				for (;;) {
					if (r->pos >= r->len)
						return PTL__CSV_MALFORMED;
					if (t[r->pos] == '"') {
						if (r->pos + 1 < r->len && t[r->pos + 1] == '"') {
							if (!put(r, &used, '"'))
								return PTL__CSV_NOMEM;
							r->pos += 2;
							continue;
						}
						r->pos++;
						break;
					}
					if (t[r->pos] == '\n')
						r->next_line++;
					if (!put(r, &used, t[r->pos++]))
						return PTL__CSV_NOMEM;
				}
				if (r->pos < r->len && t[r->pos] != ',' && !record_end(r, r->pos))
					return PTL__CSV_MALFORMED;
			} else {
				while (r->pos < r->len && t[r->pos] != ',' && !record_end(r, r->pos)) {
					if (t[r->pos] == '"')
						return PTL__CSV_MALFORMED;
					if (!put(r, &used, t[r->pos++]))
						return PTL__CSV_NOMEM;
				}
			}
			if (!put(r, &used, '\0'))
				return PTL__CSV_NOMEM;
			if (r->pos < r->len && t[r->pos] == ',') {
				r->pos++;
				continue;
			}
			eol = record_end(r, r->pos);
			r->pos += eol;
			if (eol)
				r->next_line++;
			ended = true;
		}
		for (size_t i = 0; i < r->count; i++)
			r->fields[i] = r->buf + (uintptr_t)r->fields[i];
		if (r->count == 1 && r->fields[0][0] == '\0')
			continue;  /* a blank line */
		return PTL__CSV_RECORD;
	}
}

void ptl__csv_free(struct ptl__csv *r)
{
	free(r->buf);
	free(r->fields);
	r->buf = NULL;
	r->fields = NULL;
	r->buf_size = r->fields_size = r->count = 0;
}
