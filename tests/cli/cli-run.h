/*
 * cli-run.h — what the tests of portail-cli share: running the real built
 * program (its path in the PORTAIL_CLI environment variable) with a given
 * database, environment and standard input, and capturing its exit status,
 * standard output and standard error; plus small helpers to read what it
 * printed.
 */
#ifndef PORTAIL_TEST_CLI_RUN_H
#define PORTAIL_TEST_CLI_RUN_H

#include <stdbool.h>

#include <check.h>
#include <jansson.h>

#define UNREACHABLE_DB "host=/nonexistent/portail-cli-test dbname=portail connect_timeout=5"

struct run {
	int status;  /* exit status; 128 + signal if killed */
	char *out;
	char *err;
};

/*
 * Run portail-cli with the NULL-ended arguments, PORTAIL_DB set to @p db
 * (NULL: unset) and @p input on standard input (NULL: empty). The program
 * never inherits the test's PORTAIL_NOW, PORTAIL_SMTP_URL, PORTAIL_MAIL_FROM
 * or PORTAIL_PUBLIC_URL.
 */
void run_cli(struct run *r, const char *db, const char *input, ...);

/* The same, with the "NAME=VALUE" settings of the NULL-ended @p env added to
 * the program's environment (NULL: none). */
void run_cli_env(struct run *r, const char *db, const char *const *env, const char *input, ...);

void run_free(struct run *r);

#define assert_status(r, expected) \
	ck_assert_msg((r)->status == (expected), \
		"exit status %d, expected %d\n--- stdout:\n%s--- stderr:\n%s", \
		(r)->status, (expected), (r)->out, (r)->err)

bool starts_with(const char *s, const char *prefix);

/* The text after "@p prefix" on the line that starts with it (malloc'd), or NULL. */
char *line_value(const char *text, const char *prefix);

/* The column where @p needle starts on the line of @p text that contains it,
 * counted in characters (UTF-8); -1 if absent. */
int column_of(const char *text, const char *needle);

/* Parse @p text as JSON, failing the test when it is not (new reference). */
json_t *parse_json(const char *text);

#endif
