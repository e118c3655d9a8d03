/*
 * output.c — what the commands of portail-cli print: the mapping of library
 * statuses to exit codes and the printing of the library's last error, the
 * lines several commands share, JSON output through jansson, aligned text
 * tables, the one printer of listings (table, JSON or CSV), and progress
 * lines that only appear on a terminal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_code(int status)
{
	if (status == PTL_OK)
		return CLI_EXIT_OK;
	if (status == PTL_ERROR || status == PTL_EUNAVAILABLE || status > 0)
		return CLI_EXIT_SYSTEM;
	return CLI_EXIT_REFUSED;
}

int cli_fail(int status)
{
	const ptl_error *err = ptl_error_last();
	const char *message = err->message && *err->message ? err->message : NULL;

	if (!message)
		message = status == PTL_EUNAVAILABLE ? "the database cannot be reached"
			: "unexpected failure";
	fprintf(stderr, "%s: %s", CLI_PROGRAM, message);
	if (err->field && *err->field)
		fprintf(stderr, " (field: %s)", err->field);
	if (status == PTL_ETHROTTLED && err->retry_after > 0)
		fprintf(stderr, " (retry after %ld s)", err->retry_after);
	fputc('\n', stderr);
	return cli_exit_code(status);
}

void cli_verror(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", CLI_PROGRAM);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verror(fmt, ap);
	va_end(ap);
}

int cli_out_of_memory(void)
{
	cli_error("out of memory");
	return CLI_EXIT_SYSTEM;
}

void cli_print_one_time_code(const char *code)
{
	printf("One-time code: %s\n", code);
	printf("Hand this code to the parent: it logs them in once, to choose a password,\n"
	       "and stays valid %d days.\n", PTL_ONE_TIME_CODE_DAYS);
}

void cli_print_count(size_t count, const char *one, const char *many)
{
	printf("%zu %s.\n", count, count == 1 ? one : many);
}

int cli_json_print(json_t *value)
{
	int rc;

	if (!value)
		return cli_out_of_memory();
	rc = json_dumpf(value, stdout, JSON_INDENT(2));
	json_decref(value);
	if (rc != 0 || fputc('\n', stdout) == EOF) {
		cli_error("cannot write the output");
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

void cli_format_minute(char buf[17], ptl_time t)
{
	char iso[21];

	ptl_time_format(iso, t);  /* YYYY-MM-DDThh:mm:ssZ */
	memcpy(buf, iso, 16);
	buf[10] = ' ';
	buf[16] = '\0';
}

static bool progress_shown;

void cli_progress_begin(const char *what)
{
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "%s...", what);
	fflush(stderr);
	progress_shown = true;
}

void cli_progress_bar(const char *what, size_t done, size_t total)
{
	char bar[31];
	size_t filled = total ? done * 30 / total : 30;

	if (!isatty(STDERR_FILENO))
		return;
	for (size_t i = 0; i < 30; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %zu/%zu", what, bar, done, total);
	fflush(stderr);
	progress_shown = true;
}

void cli_progress_end(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = false;
}

struct cli_table {
	size_t columns;
	size_t rows;
	size_t capacity;
	char **cells;  /* rows * columns, row 0 the headers */
};

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

cli_table *cli_table_new(size_t columns, const char *const *headers)
{
	cli_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->columns = columns;
	if (!cli_table_add(t, headers)) {
		cli_table_free(t);
		return NULL;
	}
	return t;
}

bool cli_table_add(cli_table *t, const char *const *cells)
{
	if (t->rows == t->capacity) {
		size_t cap = t->capacity ? t->capacity * 2 : 16;
		char **grown = realloc(t->cells, cap * t->columns * sizeof(*grown));

		if (!grown)
			return false;
		t->cells = grown;
		t->capacity = cap;
	}
	for (size_t c = 0; c < t->columns; c++) {
		char *copy = dup_or_empty(cells[c]);

		if (!copy) {
			for (size_t k = 0; k < c; k++)
				free(t->cells[t->rows * t->columns + k]);
			return false;
		}
		t->cells[t->rows * t->columns + c] = copy;
	}
	t->rows++;
	return true;
}

/* Width on screen of UTF-8 text: one column per character. */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void cli_table_print(const cli_table *t)
{
	size_t *width = calloc(t->columns, sizeof(*width));

	if (!width)
		return;
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < t->columns; c++) {
			size_t w = text_width(t->cells[r * t->columns + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->rows; r++) {
		for (size_t c = 0; c < t->columns; c++) {
			const char *cell = t->cells[r * t->columns + c];
			bool last = c + 1 == t->columns;

			fputs(cell, stdout);
			if (!last)
				printf("%*s", (int)(width[c] - text_width(cell) + 2), "");
		}
		fputc('\n', stdout);
	}
	free(width);
}

void cli_table_free(cli_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->rows * t->columns; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

/* One field of CSV (RFC 4180): quoted when it holds a comma, a quote or a
 * line break, its quotes doubled. */
static void csv_field(const char *cell)
{
	if (!strpbrk(cell, ",\"\r\n")) {
		fputs(cell, stdout);
		return;
	}
	fputc('"', stdout);
	for (const char *p = cell; *p; p++) {
		if (*p == '"')
			fputc('"', stdout);
		fputc(*p, stdout);
	}
	fputc('"', stdout);
}

/* The table as CSV: its header row, then its rows, each ended by CRLF. */
static void table_print_csv(const cli_table *t)
{
	for (size_t r = 0; r < t->rows; r++) {
		for (size_t c = 0; c < t->columns; c++) {
			if (c)
				fputc(',', stdout);
			csv_field(t->cells[r * t->columns + c]);
		}
		fputs("\r\n", stdout);
	}
}

static json_t *json_items(const cli_listing *how, const char *items, size_t count, size_t size)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < count; i++, items += size)
		if (json_array_append_new(array, how->to_json(items)) != 0) {
			json_decref(array);
			array = NULL;
		}
	return array;
}

int cli_print_listing(const cli_context *ctx, const cli_listing *how, const void *items,
                      size_t count, size_t size, const char *empty)
{
	const char *item = items;
	cli_table *table;
	bool ok;

	if (ctx->format == CLI_FORMAT_JSON)
		return cli_json_print(json_items(how, items, count, size));
	if (ctx->format == CLI_FORMAT_TEXT && count == 0) {
		if (empty)
			printf("%s\n", empty);
		return CLI_EXIT_OK;
	}
	table = cli_table_new(how->columns, how->headers);
	ok = table != NULL;
	for (size_t i = 0; ok && i < count; i++, item += size)
		ok = how->row(table, item);
	if (ok && ctx->format == CLI_FORMAT_CSV) {
		table_print_csv(table);
	} else if (ok) {
		cli_table_print(table);
		if (how->one)
			cli_print_count(count, how->one, how->many);
	}
	cli_table_free(table);
	if (!ok)
		return cli_out_of_memory();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output");
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

char *cli_join(const char *const *parts, size_t count, const char *sep)
{
	size_t len = 1;
	char *out, *p;

	for (size_t i = 0; i < count; i++)
		len += strlen(parts[i]) + (i ? strlen(sep) : 0);
	out = p = malloc(len);
	if (!out)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < count; i++) {
		if (i)
			p = stpcpy(p, sep);
		p = stpcpy(p, parts[i]);
	}
	return out;
}
