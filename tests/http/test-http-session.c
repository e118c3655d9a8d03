/*
 * test-http-session.c — logging in and out over HTTP: the cookies and
 * their attributes, one answer for every bad credential, the CSRF token on
 * every state-changing request, logout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void start_with(struct test_server *s, struct http_client *c, const char *extra,
                       const char *env)
{
	struct test_server_opts o = { .conninfo = conninfo };

	o.extra[0] = extra;
	o.env[0] = env;
	test_server_start(s, &o);
	http_client_init(c, s);
}

static void start(struct test_server *s, struct http_client *c)
{
	start_with(s, c, NULL, NULL);
}

static char *login_body(const char *email, const char *password)
{
	json_t *j = json_pack("{s:s,s:s}", "email", email, "password", password);
	char *text = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	return text;
}

static bool has_attr(const char *cookie_line, const char *attr)
{
	char copy[1024], *save = NULL, *part;

	snprintf(copy, sizeof(copy), "%s", cookie_line);
	strtok_r(copy, ";", &save);             /* name=value */
	while ((part = strtok_r(NULL, ";", &save)) != NULL) {
		while (*part == ' ')
			part++;
		if (strcasecmp(part, attr) == 0 ||
		    (strncasecmp(part, attr, strlen(attr)) == 0 && part[strlen(attr)] == '='))
			return true;
	}
	return false;
}

START_TEST(test_http_csrf_token_and_cookie)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char line[512], first[128];

	start(&s, &c);
	r = http_call(&c, "GET", "/api/v1/csrf", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	snprintf(first, sizeof(first), "%s", json_string_value(json_object_get(r->json, "csrf_token")));
	ck_assert_uint_eq(strlen(first), PTL_TOKEN_LEN);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_csrf", line, sizeof(line)));
	ck_assert_str_eq(c.csrf_cookie, first);
	ck_assert(has_attr(line, "Path"));
	ck_assert(strstr(line, "Path=/") != NULL);
	ck_assert(has_attr(line, "HttpOnly"));
	ck_assert(strstr(line, "SameSite=Strict") != NULL);
	ck_assert(!has_attr(line, "Secure"));
	http_reply_free(r);

	/* The browser's cookie is kept. */
	r = http_call(&c, "GET", "/api/v1/csrf", NULL, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "csrf_token")), first);
	http_reply_free(r);

	/* A cookie that is not one of our tokens is replaced. */
	snprintf(c.csrf_cookie, sizeof(c.csrf_cookie), "attacker-chosen");
	r = http_call(&c, "GET", "/api/v1/csrf", NULL, NULL);
	ck_assert_str_ne(json_string_value(json_object_get(r->json, "csrf_token")), "attacker-chosen");
	ck_assert_uint_eq(strlen(c.csrf_cookie), PTL_TOKEN_LEN);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_login_sets_session_cookie)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char line[512];

	test_family_seed(conninfo, "cookie", true, &f);
	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	ck_assert(json_is_false(json_object_get(r->json, "must_change_password")));
	ck_assert_uint_eq(strlen(json_string_value(json_object_get(r->json, "csrf_token"))), PTL_TOKEN_LEN);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_session", line, sizeof(line)));
	ck_assert_uint_eq(strlen(c.session), PTL_TOKEN_LEN);
	ck_assert(strncmp(line, "portail_session=", 16) == 0);
	ck_assert(strstr(line, "Path=/") != NULL);
	ck_assert(has_attr(line, "HttpOnly"));
	ck_assert(strstr(line, "SameSite=Lax") != NULL);
	ck_assert(!has_attr(line, "Secure"));
	ck_assert(!has_attr(line, "Max-Age"));
	ck_assert(!has_attr(line, "Expires"));
	http_reply_free(r);

	/* The cookie opens the session. */
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static void check_secure_cookies(const char *extra, const char *env)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char line[512];

	test_family_seed(conninfo, "secure", true, &f);
	start_with(&s, &c, extra, env);
	r = http_call(&c, "GET", "/api/v1/csrf", NULL, NULL);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_csrf", line, sizeof(line)));
	ck_assert(has_attr(line, "Secure"));
	http_reply_free(r);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_session", line, sizeof(line)));
	ck_assert(has_attr(line, "Secure"));
	ck_assert(has_attr(line, "HttpOnly"));
	ck_assert(strstr(line, "SameSite=Lax") != NULL);
	http_reply_free(r);
	r = http_call(&c, "DELETE", "/api/v1/session", NULL, c.csrf);
	ck_assert_int_eq(r->status, 204);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_session", line, sizeof(line)));
	ck_assert(has_attr(line, "Secure"));
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}

START_TEST(test_http_secure_cookies_option)
{
	check_secure_cookies("--secure-cookies", NULL);
}
END_TEST

START_TEST(test_http_secure_cookies_env)
{
	check_secure_cookies(NULL, "PORTAIL_SECURE_COOKIES=1");
}
END_TEST

START_TEST(test_http_bad_credentials_same_answer)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *wrong, *unknown, *ok;
	char unknown_email[160];

	test_family_seed(conninfo, "same", true, &f);
	snprintf(unknown_email, sizeof(unknown_email), "nobody.%s", f.email);
	start(&s, &c);

	wrong = http_login(&c, f.email, "Wrong-password-123");
	unknown = http_login(&c, unknown_email, "Wrong-password-123");
	ck_assert_int_eq(wrong->status, 401);
	ck_assert_int_eq(unknown->status, 401);
	ck_assert_str_eq(wrong->body, unknown->body);
	ck_assert_str_eq(http_error_code(wrong), "unauthenticated");
	ck_assert_str_eq(http_error_message(wrong), "Adresse e-mail ou mot de passe incorrect.");
	ck_assert_ptr_null(http_set_cookie(wrong, "portail_session", (char[8]){ 0 }, 8));
	ck_assert_str_eq(c.session, "");
	http_reply_free(wrong);
	http_reply_free(unknown);

	/* And the right password still works. */
	ok = http_login(&c, f.email, f.password);
	ck_assert_int_eq(ok->status, 200);
	http_reply_free(ok);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_csrf_required_anonymous)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char *body;
	const char *other = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	const char *cross_site[] = { "Sec-Fetch-Site: cross-site", NULL };

	test_family_seed(conninfo, "csrfanon", true, &f);
	body = login_body(f.email, f.password);
	start(&s, &c);

	/* No cookie, no header. */
	r = http_call(&c, "POST", "/api/v1/session", body, NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "csrf");
	ck_assert_str_eq(http_error_message(r),
		"Jeton de sécurité invalide. Rechargez la page et réessayez.");
	http_reply_free(r);

	http_get_anonymous_csrf(&c);
	/* The cookie but no header. */
	r = http_call(&c, "POST", "/api/v1/session", body, NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	/* A header that is not the cookie. */
	r = http_call(&c, "POST", "/api/v1/session", body, other);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	/* The header without the cookie. */
	{
		char saved[256];

		snprintf(saved, sizeof(saved), "%s", c.csrf_cookie);
		c.csrf_cookie[0] = '\0';
		r = http_call(&c, "POST", "/api/v1/session", body, saved);
		ck_assert_int_eq(r->status, 403);
		http_reply_free(r);
		snprintf(c.csrf_cookie, sizeof(c.csrf_cookie), "%s", saved);
	}
	/* Both, but the browser says the request comes from another site. */
	r = http_call_raw(&c, "POST", "/api/v1/session", body, strlen(body), c.csrf, cross_site, false);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	ck_assert_str_eq(c.session, "");

	/* Right: in. */
	r = http_call(&c, "POST", "/api/v1/session", body, c.csrf);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	free(body);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_csrf_required_logged_in)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char anonymous[256], pw[256];

	test_family_seed(conninfo, "csrfin", true, &f);
	snprintf(pw, sizeof(pw), "{\"current_password\":\"%s\",\"new_password\":\"Another-long-pass-1\"}",
		f.password);
	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	snprintf(anonymous, sizeof(anonymous), "%s", c.csrf_cookie);

	static const char *const methods[] = { "DELETE", "PUT", "POST" };
	static const char *const paths[] = { "/api/v1/session", "/api/v1/me/password", "/api/v1/session" };
	for (int i = 0; i < 3; i++) {
		const char *body = strcmp(methods[i], "PUT") == 0 ? pw :
		                   strcmp(methods[i], "POST") == 0 ? "{\"email\":\"x\",\"password\":\"y\"}" : NULL;

		/* Without the header. */
		r = http_call(&c, methods[i], paths[i], body, NULL);
		ck_assert_msg(r->status == 403, "%s %s: %ld", methods[i], paths[i], r->status);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
		/* With a wrong one. */
		r = http_call(&c, methods[i], paths[i], body, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
	}
	/* The anonymous token is not the session's. */
	r = http_call(&c, "DELETE", "/api/v1/session", NULL, anonymous);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);

	/* Nothing happened: still logged in, same password. */
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);

	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_logout_ends_session)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char token[256], line[512];

	test_family_seed(conninfo, "logout", true, &f);
	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	snprintf(token, sizeof(token), "%s", c.session);

	r = http_call(&c, "DELETE", "/api/v1/session", NULL, c.csrf);
	ck_assert_int_eq(r->status, 204);
	ck_assert_uint_eq(r->body_len, 0);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_session", line, sizeof(line)));
	ck_assert(strstr(line, "Max-Age=0") != NULL);
	ck_assert(strncmp(line, "portail_session=;", 17) == 0);
	ck_assert_str_eq(c.session, "");
	http_reply_free(r);

	/* The old cookie, replayed, opens nothing. */
	snprintf(c.session, sizeof(c.session), "%s", token);
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	ck_assert_str_eq(http_error_code(r), "unauthenticated");
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_login_replaces_previous_session)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char first[256];

	test_family_seed(conninfo, "relogin", true, &f);
	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	snprintf(first, sizeof(first), "%s", c.session);

	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	ck_assert_str_ne(c.session, first);

	snprintf(c.session, sizeof(c.session), "%s", first);
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *session_suite(void)
{
	Suite *s = suite_create("http_session");
	TCase *tc = tcase_create("session");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_csrf_token_and_cookie);
	tcase_add_test(tc, test_http_login_sets_session_cookie);
	tcase_add_test(tc, test_http_secure_cookies_option);
	tcase_add_test(tc, test_http_secure_cookies_env);
	tcase_add_test(tc, test_http_bad_credentials_same_answer);
	tcase_add_test(tc, test_http_csrf_required_anonymous);
	tcase_add_test(tc, test_http_csrf_required_logged_in);
	tcase_add_test(tc, test_http_logout_ends_session);
	tcase_add_test(tc, test_http_login_replaces_previous_session);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(session_suite(), "http_session", &conninfo);
}
