/*
 * cli-run.c — running the real portail-cli for the tests (see cli-run.h):
 * fork, set up the child's environment and standard streams, exec, wait,
 * and read back what it wrote; then the helpers that read its output, and
 * the runner of a test suite.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli-run.h"
#include "suite.h"

#define MAX_ARGS 32

static const char *cli_path(void)
{
	const char *path = getenv("PORTAIL_CLI");

	ck_assert_msg(path && *path, "PORTAIL_CLI is not set: run the tests with meson test");
	return path;
}

static char *slurp(FILE *f)
{
	long size;
	char *text;

	fflush(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)size + 1);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(fread(text, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	return text;
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

static void run_cli_va(struct run *r, const char *db, const char *const *env, const char *input,
                       va_list ap)
{
	static const char *const private[] = {
		"PORTAIL_NOW", "PORTAIL_SMTP_URL", "PORTAIL_MAIL_FROM", "PORTAIL_PUBLIC_URL",
	};
	char *argv[MAX_ARGS + 2];
	FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
	int n = 0, wstatus;
	pid_t pid;

	ck_assert(in && out && err);
	argv[n++] = (char *)"portail-cli";
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
		ck_assert_int_lt(n, MAX_ARGS);
		argv[n++] = (char *)a;
	}
	argv[n] = NULL;
	if (input)
		fputs(input, in);
	fflush(in);
	rewind(in);

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(fileno(in), STDIN_FILENO);
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		if (db)
			setenv("PORTAIL_DB", db, 1);
		else
			unsetenv("PORTAIL_DB");
		for (size_t i = 0; i < sizeof(private) / sizeof(private[0]); i++)
			unsetenv(private[i]);
		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		execv(cli_path(), argv);
		perror("execv portail-cli");
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &wstatus, 0), pid);
	fclose(in);
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	r->out = slurp(out);
	r->err = slurp(err);
}

void run_cli(struct run *r, const char *db, const char *input, ...)
{
	va_list ap;

	va_start(ap, input);
	run_cli_va(r, db, NULL, input, ap);
	va_end(ap);
}

void run_cli_env(struct run *r, const char *db, const char *const *env, const char *input, ...)
{
	va_list ap;

	va_start(ap, input);
	run_cli_va(r, db, env, input, ap);
	va_end(ap);
}

bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *line_value(const char *text, const char *prefix)
{
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len >= strlen(prefix) && starts_with(line, prefix))
			return strndup(line + strlen(prefix), len - strlen(prefix));
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

int column_of(const char *text, const char *needle)
{
	const char *hit = strstr(text, needle), *line;
	int col = 0;

	if (!hit)
		return -1;
	for (line = hit; line > text && line[-1] != '\n'; line--)
		;
	for (const char *p = line; p < hit; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			col++;
	return col;
}

json_t *parse_json(const char *text)
{
	json_error_t error;
	json_t *value = json_loads(text, 0, &error);

	ck_assert_msg(value != NULL, "not JSON (%s): %s", error.text, text);
	return value;
}

size_t json_length(const char *text)
{
	json_t *json = parse_json(text);
	size_t n = json_array_size(json);

	json_decref(json);
	return n;
}

void assert_json_ids(const char *text, size_t count, ...)
{
	json_t *json = parse_json(text);
	va_list ap;

	ck_assert_msg(json_is_array(json), "not an array: %s", text);
	ck_assert_msg(json_array_size(json) == count, "%zu items, expected %zu:\n%s",
	              json_array_size(json), count, text);
	va_start(ap, count);
	for (size_t i = 0; i < count; i++) {
		int64_t expected = va_arg(ap, int64_t);

		ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json, i), "id")),
		                 expected);
	}
	va_end(ap);
	json_decref(json);
}

TCase *add_tcase(Suite *suite, const char *name, double seconds, SFun setup, SFun teardown)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, seconds);
	if (setup)
		tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(suite, tc);
	return tc;
}

int run_suite(Suite *suite)
{
	return ptl_test_run(suite);
}
