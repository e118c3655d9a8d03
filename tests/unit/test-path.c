/*
 * test-path.c — portail-web's route paths (portail-web/path.c): literal
 * text, numbered "{name}" parameters, "{name:token}" parameters, any
 * number of them in one path, a parameter followed by text in its segment.
 */
#include <check.h>
#include <string.h>

#include "path.h"
#include "suite.h"

static bool match(const char *pattern, const char *path, struct web_path_params *p)
{
	return web_path_match(pattern, path, p);
}

static bool name_is(const struct web_path_param *p, const char *name)
{
	return p->name_len == strlen(name) && strncmp(p->name, name, p->name_len) == 0;
}

START_TEST(test_path_literal)
{
	struct web_path_params p;

	ck_assert(match("/api/v1/me", "/api/v1/me", &p));
	ck_assert_uint_eq(p.count, 0);
	ck_assert(!match("/api/v1/me", "/api/v1/me/", &p));
	ck_assert(!match("/api/v1/me", "/api/v1/m", &p));
	ck_assert(!match("/api/v1/me", "/api/v1/mess", &p));
}
END_TEST

START_TEST(test_path_two_numbered_parameters)
{
	const char *pattern = "/api/v1/children/{child}/enrolments/{enrolment}";
	struct web_path_params p;

	ck_assert(match(pattern, "/api/v1/children/12/enrolments/345", &p));
	ck_assert_uint_eq(p.count, 2);
	ck_assert(name_is(&p.items[0], "child"));
	ck_assert_int_eq(p.items[0].id, 12);
	ck_assert(name_is(&p.items[1], "enrolment"));
	ck_assert_int_eq(p.items[1].id, 345);
	ck_assert(match(pattern, "/api/v1/children/999999999999999999/enrolments/1", &p));
	ck_assert_int_eq(p.items[0].id, INT64_C(999999999999999999));

	ck_assert(!match(pattern, "/api/v1/children/12/enrolments", &p));
	ck_assert(!match(pattern, "/api/v1/children/12/enrolments/", &p));
	ck_assert(!match(pattern, "/api/v1/children//enrolments/3", &p));
	ck_assert(!match(pattern, "/api/v1/children/0/enrolments/3", &p));      /* not positive */
	ck_assert(!match(pattern, "/api/v1/children/012/enrolments/3", &p));    /* leading zero */
	ck_assert(!match(pattern, "/api/v1/children/-1/enrolments/3", &p));
	ck_assert(!match(pattern, "/api/v1/children/+1/enrolments/3", &p));
	ck_assert(!match(pattern, "/api/v1/children/1x/enrolments/3", &p));
	ck_assert(!match(pattern, "/api/v1/children/1000000000000000000/enrolments/3", &p));
	ck_assert(!match(pattern, "/api/v1/children/12/enrolments/3/x", &p));
}
END_TEST

START_TEST(test_path_token_parameter)
{
	struct web_path_params p;
	char long_path[WEB_PATH_TOKEN_MAX + 32];

	ck_assert(match("/api/v1/links/{code:token}/use", "/api/v1/links/aZ09-_x/use", &p));
	ck_assert_uint_eq(p.count, 1);
	ck_assert(name_is(&p.items[0], "code"));
	ck_assert_str_eq(p.items[0].token, "aZ09-_x");
	ck_assert_int_eq(p.items[0].id, 0);
	ck_assert(!match("/api/v1/links/{code:token}/use", "/api/v1/links//use", &p));
	ck_assert(!match("/api/v1/links/{code:token}/use", "/api/v1/links/a.b/use", &p));
	ck_assert(!match("/api/v1/links/{code:token}/use", "/api/v1/links/a%2Fb/use", &p));

	strcpy(long_path, "/t/");
	memset(long_path + 3, 'a', WEB_PATH_TOKEN_MAX);
	long_path[3 + WEB_PATH_TOKEN_MAX] = '\0';
	ck_assert(match("/t/{t:token}", long_path, &p));
	strcat(long_path, "a");
	ck_assert(!match("/t/{t:token}", long_path, &p));
	/* An unknown type matches nothing. */
	ck_assert(!match("/t/{t:date}", "/t/2026-12-01", &p));
}
END_TEST

START_TEST(test_path_parameter_with_a_suffix)
{
	const char *pattern = "/ical/{feed:token}.ics";
	struct web_path_params p;

	ck_assert(match(pattern, "/ical/aZ09-_x.ics", &p));
	ck_assert_uint_eq(p.count, 1);
	ck_assert(name_is(&p.items[0], "feed"));
	ck_assert_str_eq(p.items[0].token, "aZ09-_x");
	ck_assert(!match(pattern, "/ical/aZ09-_x", &p));
	ck_assert(!match(pattern, "/ical/aZ09-_x.ics/", &p));
	ck_assert(!match(pattern, "/ical/aZ09-_x.icsx", &p));
	ck_assert(!match(pattern, "/ical/aZ09-_x.ical", &p));
	ck_assert(!match(pattern, "/ical/.ics", &p));
	ck_assert(!match(pattern, "/ical/a.b.ics", &p));
	ck_assert(!match(pattern, "/ical/a/b.ics", &p));
	/* A number too, and the suffix never becomes part of the parameter. */
	ck_assert(match("/f/{n}.txt", "/f/42.txt", &p));
	ck_assert_int_eq(p.items[0].id, 42);
	ck_assert(!match("/f/{n}.txt", "/f/42x.txt", &p));
}
END_TEST

START_TEST(test_path_bounds_of_the_pattern)
{
	struct web_path_params p;

	ck_assert(match("/{a}/{b}/{c}/{d}", "/1/2/3/4", &p));
	ck_assert_uint_eq(p.count, WEB_PATH_MAX_PARAMS);
	ck_assert(!match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", &p));
	ck_assert(!match("/{a", "/1", &p));
}
END_TEST

static Suite *path_suite(void)
{
	Suite *s = suite_create("path");
	TCase *tc = tcase_create("match");

	tcase_add_test(tc, test_path_literal);
	tcase_add_test(tc, test_path_two_numbered_parameters);
	tcase_add_test(tc, test_path_token_parameter);
	tcase_add_test(tc, test_path_parameter_with_a_suffix);
	tcase_add_test(tc, test_path_bounds_of_the_pattern);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run(path_suite());
}
