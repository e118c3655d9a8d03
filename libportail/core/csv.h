/*
 * core/csv.h — reading CSV text (RFC 4180) record by record: fields
 * separated by commas, records by CRLF or LF, a field in double quotes may
 * hold commas, quotes (doubled) and line breaks. A UTF-8 byte order mark at
 * the start is skipped (spreadsheets write one); blank lines are skipped.
 * Each record knows the line of the text it starts on, for reports.
 * No I/O: the text is given whole.
 */
#ifndef PORTAIL_CORE_CSV_H
#define PORTAIL_CORE_CSV_H

#include <stddef.h>

/** A reader over @p text; set text and len, the rest zero. */
struct ptl__csv {
	const char *text;
	size_t len;
	/* the current record, after ptl__csv_next() returned 1 */
	size_t count;        /* its fields */
	char **fields;       /* NUL-terminated, owned by the reader */
	unsigned int line;   /* the line (from 1) it starts on */
	/* private */
	size_t pos;
	unsigned int next_line;
	char *buf;
	size_t buf_size, fields_size;
};

/** What ptl__csv_next() read. */
enum ptl__csv_result {
	PTL__CSV_END = 0,         /* no more records */
	PTL__CSV_RECORD = 1,      /* a record: count, fields, line */
	PTL__CSV_MALFORMED = -1,  /* a quote left open, or text after a closing quote;
	                             line is where the record starts */
	PTL__CSV_NOMEM = -2,
};

/** Read the next record. */
enum ptl__csv_result ptl__csv_next(struct ptl__csv *r);

/** Release what the reader holds (not the text). */
void ptl__csv_free(struct ptl__csv *r);

#endif
