/*
 * output.c — the helpers every command of portail-cli shares: the mapping of
 * library statuses to exit codes and the printing of the library's last
 * error, usage texts, the parsing of common option values (ids, counts,
 * durations), the database connection from --db or PORTAIL_DB, JSON output
 * through jansson, aligned text tables, and progress lines that only appear
 * on a terminal.
 */
#include <errno.h>
#include <getopt.h>
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

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", CLI_PROGRAM);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_getopt_begin(cli_context *ctx, const char *usage)
{
	ctx->usage = usage;
	optind = 0;  /* glibc: start a fresh scan */
	opterr = 1;  /* getopt names the command (argv[0]) in its messages */
}

int cli_help(const cli_context *ctx)
{
	fputs(ctx->usage, stdout);
	return CLI_EXIT_OK;
}

int cli_usage_error(const cli_context *ctx, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s: ", CLI_PROGRAM);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(ctx->usage, stderr);
	return CLI_EXIT_USAGE;
}

int cli_expect_operands(const cli_context *ctx, int argc, char **argv, int count,
                        const char *what)
{
	int given = argc - optind;

	if (given < count)
		return cli_usage_error(ctx, "%s: missing %s", ctx->name, what);
	if (given > count)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", ctx->name,
		                       argv[optind + count]);
	return CLI_EXIT_OK;
}

bool cli_parse_id(const char *text, int64_t *out)
{
	char *end;
	long long v;

	if (!text || *text < '0' || *text > '9')
		return false;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

bool cli_parse_count(const char *text, size_t *out)
{
	int64_t n;

	if (!cli_parse_id(text, &n) || (uint64_t)n > SIZE_MAX)
		return false;
	*out = (size_t)n;
	return true;
}

bool cli_parse_duration(const char *text, int64_t *out)
{
	/* A year of seconds a thousand times over: far beyond any useful age,
	 * and far from overflowing an int64_t. */
	const int64_t max = INT64_C(1000) * 366 * 86400;
	const char *p = text;
	int64_t total = 0;

	if (!text || !*text)
		return false;
	while (*p) {
		int64_t n = 0, unit;

		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			n = n * 10 + (*p - '0');
			if (n > max)
				return false;
		}
		switch (*p++) {
		case 'd': unit = 86400; break;
		case 'h': unit = 3600; break;
		case 'm': unit = 60; break;
		case 's': unit = 1; break;
		default: return false;  /* no unit, or an unknown one */
		}
		if (n > max / unit || total > max - n * unit)
			return false;
		total += n * unit;
	}
	*out = total;
	return true;
}

const char *cli_manager_name(const char *given)
{
	const char *user = getenv("USER");

	if (given)
		return given;
	return user && *user ? user : "manager";
}

int cli_db_open(const cli_context *ctx, ptl_db **out)
{
	const char *conninfo = ctx->conninfo;
	const char *env = getenv("PORTAIL_DB");
	int rc;

	*out = NULL;
	if ((!conninfo || !*conninfo) && (!env || !*env)) {
		cli_error("no database given: pass --db CONNINFO or set PORTAIL_DB");
		return CLI_EXIT_USAGE;
	}
	rc = ptl_db_open(out, conninfo);
	if (rc == PTL_OK)
		return CLI_EXIT_OK;
	/* A malformed connection string is a bad --db or PORTAIL_DB: usage. */
	rc = rc == PTL_EINVALID ? (cli_fail(rc), CLI_EXIT_USAGE) : cli_fail(rc);
	if (rc == CLI_EXIT_SYSTEM)
		cli_error("check the connection string given by %s and that the server is running",
		          conninfo && *conninfo ? "--db" : "PORTAIL_DB");
	ptl_db_close(*out);
	*out = NULL;
	return rc;
}

int cli_json_print(json_t *value)
{
	int rc;

	if (!value) {
		cli_error("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	rc = json_dumpf(value, stdout, JSON_INDENT(2));
	json_decref(value);
	if (rc != 0 || fputc('\n', stdout) == EOF) {
		cli_error("cannot write the output");
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

json_t *cli_json_string(const char *text)
{
	return json_string(text ? text : "");
}

json_t *cli_json_time(ptl_time t)
{
	char buf[21];

	ptl_time_format(buf, t);
	return json_string(buf);
}

json_t *cli_json_time_or_null(ptl_time t)
{
	return t ? cli_json_time(t) : json_null();
}

json_t *cli_json_parse(const char *text)
{
	json_t *value = json_loads(text ? text : "", JSON_DECODE_ANY, NULL);

	return value ? value : cli_json_string(text);
}

json_t *cli_json_day(ptl_day d)
{
	char buf[11];

	ptl_day_format(buf, d);
	return json_string(buf);
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
