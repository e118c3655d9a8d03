/*
 * cli-run.h — what the tests of portail-cli share: running the real built
 * program (its path in the PORTAIL_CLI environment variable) with a given
 * database, environment and standard input, and capturing its exit status,
 * standard output and standard error; checking a run's exit status and
 * output in one line; small helpers to read what it printed (lines,
 * columns, JSON); and running a suite.
 */
#ifndef PORTAIL_TEST_CLI_RUN_H
#define PORTAIL_TEST_CLI_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Check the exit status of run @p r, then free it. Macros, so that a
 * failure names the test's own line. */
#define run_check(r, expected) \
	do { \
		assert_status(r, expected); \
		run_free(r); \
	} while (0)

/* The same, also checking that standard output is exactly @p text. */
#define run_check_out(r, expected, text) \
	do { \
		assert_status(r, expected); \
		ck_assert_str_eq((r)->out, text); \
		run_free(r); \
	} while (0)

/* The same, also checking that standard error contains @p text. */
#define run_check_err(r, expected, text) \
	do { \
		assert_status(r, expected); \
		ck_assert_msg(strstr((r)->err, text) != NULL, "no \"%s\" on stderr:\n%s", \
		              text, (r)->err); \
		run_free(r); \
	} while (0)

/* The same for a refusal: exit status 1, nothing on standard output, and
 * the program's error on standard error. */
#define run_check_refused(r) \
	do { \
		assert_status(r, 1); \
		ck_assert_str_eq((r)->out, ""); \
		ck_assert(starts_with((r)->err, "portail-cli: ")); \
		run_free(r); \
	} while (0)

/* Declare char NAME[] holding @p id in decimal, for a command line. */
#define ID_TEXT(name, id) \
	char name[24]; \
	snprintf(name, sizeof(name), "%lld", (long long)(id))

bool starts_with(const char *s, const char *prefix);

/* The text after "@p prefix" on the line that starts with it (malloc'd), or NULL. */
char *line_value(const char *text, const char *prefix);

/* Check that the line of @p text starting with @p prefix contains
 * @p needle. */
#define assert_line_has(text, prefix, needle) \
	do { \
		char *line_ = line_value(text, prefix); \
		ck_assert_msg(line_ && strstr(line_, needle), "no \"%s\" on the line \"%s\" of:\n%s", \
		              needle, prefix, text); \
		free(line_); \
	} while (0)

/* The column where @p needle starts on the line of @p text that contains it,
 * counted in characters (UTF-8); -1 if absent. */
int column_of(const char *text, const char *needle);

/* Parse @p text as JSON, failing the test when it is not (new reference). */
json_t *parse_json(const char *text);

/* The number of items of the JSON array in @p text (0 when not an array). */
size_t json_length(const char *text);

/* Check that @p text is a JSON array of @p count objects whose "id" are,
 * in order, the int64_t that follow. */
void assert_json_ids(const char *text, size_t count, ...);

/* Add the test case @p name to @p suite, with a timeout of @p seconds and,
 * when @p setup is not NULL, a checked fixture. */
TCase *add_tcase(Suite *suite, const char *name, double seconds, SFun setup, SFun teardown);

/* Run @p suite and free it: EXIT_SUCCESS when no test failed. */
int run_suite(Suite *suite);

#endif
