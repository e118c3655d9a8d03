/*
 * test-http-me.c — the logged-in parent over HTTP: GET /api/v1/me, the
 * forced password change after a one-time code, the password policy, and
 * the idle and absolute expiry of sessions (the server's clock is set
 * through PORTAIL_NOW, across restarts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void start_at(struct test_server *s, const char *now)
{
	struct test_server_opts o = { .conninfo = conninfo, .now = now };

	test_server_start(s, &o);
}

static void start(struct test_server *s, struct http_client *c)
{
	start_at(s, NULL);
	http_client_init(c, s);
}

static struct http_reply *put_password(struct http_client *c, const char *current,
                                       const char *new_password)
{
	json_t *j = json_pack("{s:s}", "new_password", new_password);
	struct http_reply *r;
	char *text;

	if (current)
		json_object_set_new(j, "current_password", json_string(current));
	text = json_dumps(j, JSON_COMPACT);
	r = http_call(c, "PUT", "/api/v1/me/password", text, c->csrf);
	free(text);
	json_decref(j);
	return r;
}

static const char *str(const json_t *obj, const char *name)
{
	const char *v = json_string_value(json_object_get(obj, name));

	ck_assert_msg(v != NULL, "no string \"%s\"", name);
	return v;
}

START_TEST(test_http_me_requires_session)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char line[512];

	start(&s, &c);
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	ck_assert_str_eq(http_error_code(r), "unauthenticated");
	ck_assert_str_eq(http_error_message(r), "Votre session a expiré. Reconnectez-vous.");
	http_reply_free(r);

	/* A well-formed token that is no session: refused, and the cookie dropped. */
	snprintf(c.session, sizeof(c.session), "%s", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	ck_assert_ptr_nonnull(http_set_cookie(r, "portail_session", line, sizeof(line)));
	ck_assert(strstr(line, "Max-Age=0") != NULL);
	http_reply_free(r);

	/* Garbage. */
	snprintf(c.session, sizeof(c.session), "%s", "x';--");
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_me_returns_guardian_and_family)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	const json_t *g, *fam, *children, *guardians;
	char csrf[256];

	test_family_seed(conninfo, "me", true, &f);
	test_child_seed(conninfo, f.id, "Jeanne", "2019-09-01");
	test_child_seed(conninfo, f.id, "Léo", "2016-02-29");
	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	snprintf(csrf, sizeof(csrf), "%s", c.csrf);

	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(r->json);
	g = json_object_get(r->json, "guardian");
	ck_assert(json_is_integer(json_object_get(g, "id")));
	ck_assert_str_eq(str(g, "first_name"), "Claire");
	ck_assert_str_eq(str(g, "last_name"), "Martin");
	ck_assert_str_eq(str(g, "email"), f.email);
	ck_assert_str_eq(str(g, "address"), "3 rue des Tilleuls");
	ck_assert_str_eq(str(g, "postcode"), "45000");
	ck_assert_str_eq(str(g, "city"), "Valmont-sur-Loire");
	ck_assert_ptr_nonnull(json_string_value(json_object_get(g, "phone")));

	fam = json_object_get(r->json, "family");
	ck_assert_int_eq(json_integer_value(json_object_get(fam, "id")), f.id);
	ck_assert_str_eq(str(fam, "name"), "Martin");
	children = json_object_get(fam, "children");
	ck_assert_uint_eq(json_array_size(children), 2);
	ck_assert_str_eq(str(json_array_get(children, 0), "first_name"), "Léo");
	ck_assert_str_eq(str(json_array_get(children, 0), "birth_date"), "2016-02-29");
	ck_assert_str_eq(str(json_array_get(children, 1), "birth_date"), "2019-09-01");
	ck_assert(json_is_integer(json_object_get(json_array_get(children, 0), "id")));
	guardians = json_object_get(fam, "guardians");
	ck_assert_uint_eq(json_array_size(guardians), 1);
	ck_assert_str_eq(str(json_array_get(guardians, 0), "email"), f.email);

	ck_assert(json_is_false(json_object_get(r->json, "must_change_password")));
	ck_assert_str_eq(str(r->json, "csrf_token"), csrf);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_one_time_code_forces_password_change)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char anonymous[256];
	const char *new_password = "Mon-nouveau-mot-de-passe";

	test_family_seed(conninfo, "otc", false, &f);
	start(&s, &c);
	r = http_login(&c, f.email, f.code);
	ck_assert_int_eq(r->status, 200);
	ck_assert(json_is_true(json_object_get(r->json, "must_change_password")));
	http_reply_free(r);
	snprintf(anonymous, sizeof(anonymous), "%s", c.csrf_cookie);

	/* Me: yes, and it says so. */
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(json_is_true(json_object_get(r->json, "must_change_password")));
	http_reply_free(r);

	/* Every other endpoint: first the new password. */
	r = http_call(&c, "GET", "/api/v1/csrf", NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "password_change_required");
	http_reply_free(r);
	{
		json_t *j = json_pack("{s:s,s:s}", "email", f.email, "password", f.code);
		char *text = json_dumps(j, JSON_COMPACT);

		r = http_call(&c, "POST", "/api/v1/session", text, anonymous);
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "password_change_required");
		http_reply_free(r);
		free(text);
		json_decref(j);
	}

	/* The policy still applies. */
	r = put_password(&c, NULL, "court");
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "new_password");
	http_reply_free(r);

	/* No current password needed now. */
	r = put_password(&c, NULL, new_password);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);

	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(json_is_false(json_object_get(r->json, "must_change_password")));
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/csrf", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	/* The code is spent; the new password opens. */
	{
		struct http_client other;

		http_client_init(&other, &s);
		r = http_login(&other, f.email, f.code);
		ck_assert_int_eq(r->status, 401);
		http_reply_free(r);
		r = http_login(&other, f.email, new_password);
		ck_assert_int_eq(r->status, 200);
		ck_assert(json_is_false(json_object_get(r->json, "must_change_password")));
		http_reply_free(r);
		http_client_cleanup(&other);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_password_policy_422)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char too_long[200];

	memset(too_long, 'a', 129);
	too_long[129] = '\0';
	test_family_seed(conninfo, "policy", true, &f);
	start(&s, &c);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	r = put_password(&c, f.password, "onze-carac");      /* 10 characters */
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "new_password");
	ck_assert_str_ne(http_error_message(r), "");
	http_reply_free(r);

	r = put_password(&c, f.password, too_long);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "new_password");
	http_reply_free(r);

	r = http_call(&c, "PUT", "/api/v1/me/password", "{}", c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "new_password");
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_password_change_needs_current)
{
	struct test_family f;
	struct test_server s;
	struct http_client c, other;
	struct http_reply *r;
	const char *new_password = "Encore-un-autre-mot-de-passe";

	test_family_seed(conninfo, "current", true, &f);
	start(&s, &c);
	http_client_init(&other, &s);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_login(&other, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	r = put_password(&c, NULL, new_password);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "current_password");
	http_reply_free(r);
	r = put_password(&c, "Pas-le-bon-mot-de-passe", new_password);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "current_password");
	ck_assert_str_eq(http_error_message(r), "Le mot de passe actuel est incorrect.");
	http_reply_free(r);
	/* A wrong current password is a mistake in the form: the session lives on. */
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	r = put_password(&c, f.password, new_password);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);

	/* This session goes on; the other one has ended. */
	r = http_call(&c, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&other, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);

	r = http_login(&other, f.email, f.password);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	r = http_login(&other, f.email, new_password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	http_client_cleanup(&other);
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* GET /api/v1/me on a server whose clock says @p t. */
static long me_at(struct http_client *c, ptl_time t)
{
	struct test_server s;
	struct http_reply *r;
	char now[32];
	long status;

	test_time_text(now, t);
	start_at(&s, now);
	http_client_use(c, &s);
	r = http_call(c, "GET", "/api/v1/me", NULL, NULL);
	status = r->status;
	http_reply_free(r);
	http_client_disconnect(c);
	ck_assert_int_eq(test_server_stop(&s), 0);
	return status;
}

/* Log in on a server whose clock says @p t. */
static void login_at(struct http_client *c, const struct test_family *f, ptl_time t)
{
	struct test_server s;
	struct http_reply *r;
	char now[32];

	test_time_text(now, t);
	start_at(&s, now);
	http_client_init(c, &s);
	r = http_login(c, f->email, f->password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	http_client_disconnect(c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}

START_TEST(test_http_session_idle_expiry)
{
	struct test_family f;
	struct http_client c;
	ptl_time t0 = (ptl_time)time(NULL);

	test_family_seed(conninfo, "idle", true, &f);
	login_at(&c, &f, t0);
	/* Used every 29 minutes: alive. */
	ck_assert_int_eq(me_at(&c, t0 + 29 * 60), 200);
	ck_assert_int_eq(me_at(&c, t0 + 58 * 60), 200);
	/* Then 31 minutes without use: gone, for good. */
	ck_assert_int_eq(me_at(&c, t0 + 89 * 60), 401);
	ck_assert_int_eq(me_at(&c, t0 + 90 * 60), 401);
	http_client_cleanup(&c);
}
END_TEST

START_TEST(test_http_session_absolute_expiry)
{
	struct test_family f;
	struct http_client c;
	ptl_time t0 = (ptl_time)time(NULL), t;

	test_family_seed(conninfo, "absolute", true, &f);
	login_at(&c, &f, t0);
	/* Kept busy for almost 12 hours... */
	for (t = t0 + 25 * 60; t <= t0 + 12 * 3600 - 60; t += 25 * 60)
		ck_assert_msg(me_at(&c, t) == 200, "after %lld s", (long long)(t - t0));
	ck_assert_int_eq(me_at(&c, t0 + 12 * 3600 - 60), 200);
	/* ...it still ends 12 hours after the login. */
	ck_assert_int_eq(me_at(&c, t0 + 12 * 3600 + 60), 401);
	http_client_cleanup(&c);
}
END_TEST

static Suite *me_suite(void)
{
	Suite *s = suite_create("http_me");
	TCase *tc = tcase_create("me");
	TCase *expiry = tcase_create("expiry");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_me_requires_session);
	tcase_add_test(tc, test_http_me_returns_guardian_and_family);
	tcase_add_test(tc, test_http_one_time_code_forces_password_change);
	tcase_add_test(tc, test_http_password_policy_422);
	tcase_add_test(tc, test_http_password_change_needs_current);
	suite_add_tcase(s, tc);

	tcase_set_timeout(expiry, 90);
	tcase_add_test(expiry, test_http_session_idle_expiry);
	tcase_add_test(expiry, test_http_session_absolute_expiry);
	suite_add_tcase(s, expiry);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(me_suite(), "http_me", &conninfo);
}
