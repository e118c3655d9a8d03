/*
 * args.c — what a command of portail-cli does before it calls the library:
 * prepare getopt and answer --help or a bad command line with the command's
 * usage (from its noun's table), take --json or --csv, check the operands, read a plain command line (--help, --json and
 * operands) whole, parse the common option values (ids, counts, durations,
 * the manager's name), open the database of --db or PORTAIL_DB and read
 * a file named on the command line whole.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_getopt_begin(cli_context *ctx)
{
	ctx->format = CLI_FORMAT_TEXT;
	optind = 0;  /* glibc: start a fresh scan */
	opterr = 1;  /* getopt names the command (argv[0]) in its messages */
}

int cli_format_option(cli_context *ctx, int c)
{
	cli_format wanted = c == CLI_OPT_CSV ? CLI_FORMAT_CSV : CLI_FORMAT_JSON;

	if (ctx->format != CLI_FORMAT_TEXT && ctx->format != wanted)
		return cli_usage_error(ctx, "%s: give one of --json and --csv, not both", ctx->name);
	ctx->format = wanted;
	return CLI_EXIT_OK;
}

int cli_help(const cli_context *ctx)
{
	fputs(ctx->command->usage, stdout);
	return CLI_EXIT_OK;
}

int cli_usage_error(const cli_context *ctx, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		cli_verror(fmt, ap);
		va_end(ap);
	}
	fputs(ctx->command->usage, stderr);
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

bool cli_parse_plain(cli_context *ctx, int argc, char **argv, bool *json, int count,
                     const char *what, int *rc)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	cli_getopt_begin(ctx);
	/* Without json, the table starts at --help: --json is then unknown. */
	while ((c = getopt_long(argc, argv, "h", options + (json ? 0 : 1), NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			*rc = cli_help(ctx);
			return false;
		default:
			*rc = cli_usage_error(ctx, NULL);
			return false;
		}
	}
	*rc = cli_expect_operands(ctx, argc, argv, count, what);
	return *rc == CLI_EXIT_OK;
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

/* The most cli_read_file() reads. */
#define MAX_FILE (16 * 1024 * 1024)

int cli_read_file(const char *path, char **out, size_t *len_out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t len = 0, size = 65536;
	char *text = malloc(size);

	*out = NULL;
	if (!f) {
		free(text);
		cli_error("%s: %s", path, strerror(errno));
		return CLI_EXIT_REFUSED;
	}
	while (text) {
		size_t n = fread(text + len, 1, size - len - 1, f);

		len += n;
		if (len < size - 1)
			break;
		if (size >= MAX_FILE) {
			cli_error("%s: larger than %d MB", path, MAX_FILE / (1024 * 1024));
			free(text);
			text = NULL;
			break;
		}
		char *grown = realloc(text, size * 2);
		if (!grown) {
			free(text);
			text = NULL;
			break;
		}
		text = grown;
		size *= 2;
	}
	if (text && ferror(f)) {
		cli_error("%s: %s", path, strerror(errno));
		free(text);
		text = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (!text)
		return CLI_EXIT_REFUSED;
	text[len] = '\0';
	*out = text;
	if (len_out)
		*len_out = len;
	return CLI_EXIT_OK;
}
