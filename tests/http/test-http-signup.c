/*
 * test-http-signup.c — the anonymous endpoints over HTTP: sign-up (the same
 * answer for a known email), the confirmation link, the login of an account
 * waiting for the service (403 with the French message), "mot de passe
 * oublié" (the same answer for an unknown email, and no mail), the reset
 * link (single use, valid one hour: the server's clock is set through
 * PORTAIL_NOW across restarts), and the CSRF double-submit on all of them.
 * Links are read from the outbox (no PORTAIL_SMTP_URL here: nothing leaves).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	http_get_anonymous_csrf(c);
}

/* A unique address for a new parent. */
static void new_email(char *buf, size_t size, const char *label)
{
	static int serial;

	snprintf(buf, size, "%s.%ld.%d@example.net", label, (long)getpid(), ++serial);
}

static json_t *signup_body(const char *email)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
		"email", email,
		"password", "Un-mot-de-passe-solide",
		"first_name", "Nadia",
		"last_name", "Benali",
		"phone", "06 11 22 33 44",
		"address", "8 rue du Moulin",
		"postcode", "45000",
		"city", "Valmont-sur-Loire");
}

static struct http_reply *post(struct http_client *c, const char *path, json_t *body)
{
	return http_call_json(c, "POST", path, body, c->csrf);
}

static struct http_reply *confirm(struct http_client *c, const char *token)
{
	return post(c, "/api/v1/signup/confirm", json_pack("{s:s}", "token", token));
}

static struct http_reply *reset(struct http_client *c, const char *token, const char *password)
{
	return post(c, "/api/v1/password/reset",
		json_pack("{s:s,s:s}", "token", token, "new_password", password));
}

static struct http_reply *forgot(struct http_client *c, const char *email)
{
	return post(c, "/api/v1/password/forgot", json_pack("{s:s}", "email", email));
}

static void assert_invalid_link(const struct http_reply *r)
{
	ck_assert_int_eq(r->status, 410);
	ck_assert_str_eq(http_error_code(r), "invalid_link");
	ck_assert_str_ne(http_error_message(r), "");
}

START_TEST(test_http_signup_sends_confirmation)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char email[128], token[PTL_TOKEN_LEN + 1], type[128];

	new_email(email, sizeof(email), "signup");
	start(&s, &c);
	r = post(&c, "/api/v1/signup", signup_body(email));
	ck_assert_int_eq(r->status, 202);
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "status")), "confirmation_sent");
	ck_assert_ptr_nonnull(http_header(r, "Content-Type", type, sizeof(type)));
	ck_assert_str_eq(type, "application/json; charset=utf-8");
	http_reply_free(r);
	ck_assert_uint_eq(test_mail_count(conninfo, email), 1);
	ck_assert(test_mail_token(conninfo, email, "confirmer.html", token));
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_signup_invalid_fields)
{
	static const struct { const char *member, *value, *field; } cases[] = {
		{ "email", "pas-une-adresse", "email" },
		{ "password", "court", "password" },
		{ "first_name", "", "first_name" },
		{ "last_name", "", "last_name" },
		{ "phone", "123", "phone" },
		{ "postcode", "4500", "postcode" },
	};
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char email[128];

	new_email(email, sizeof(email), "invalid");
	start(&s, &c);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *body = signup_body(email);

		json_object_set_new(body, cases[i].member, json_string(cases[i].value));
		r = post(&c, "/api/v1/signup", body);
		ck_assert_msg(r->status == 422, "%s: %ld", cases[i].member, r->status);
		ck_assert_str_eq(http_error_code(r), "invalid");
		ck_assert_str_eq(http_error_field(r), cases[i].field);
		ck_assert_str_ne(http_error_message(r), "");
		http_reply_free(r);
	}
	{
		json_t *body = signup_body(email);

		json_object_del(body, "email");
		r = post(&c, "/api/v1/signup", body);
		ck_assert_int_eq(r->status, 422);
		ck_assert_str_eq(http_error_field(r), "email");
		http_reply_free(r);
		body = signup_body(email);
		json_object_set_new(body, "city", json_true());
		r = post(&c, "/api/v1/signup", body);
		ck_assert_int_eq(r->status, 400);
		ck_assert_str_eq(http_error_field(r), "city");
		http_reply_free(r);
	}
	/* A refused sign-up sends nothing. */
	ck_assert_uint_eq(test_mail_count(conninfo, email), 0);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_signup_known_email_same_answer)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *known, *fresh;
	char email[128], token[PTL_TOKEN_LEN + 1];
	ptl_guardian *g = NULL;
	ptl_db *db = NULL;

	test_family_seed(conninfo, "known", true, &f);
	new_email(email, sizeof(email), "fresh");
	start(&s, &c);
	known = post(&c, "/api/v1/signup", signup_body(f.email));
	fresh = post(&c, "/api/v1/signup", signup_body(email));
	ck_assert_int_eq(known->status, 202);
	ck_assert_int_eq(known->status, fresh->status);
	ck_assert_str_eq(known->body, fresh->body);
	http_reply_free(known);
	http_reply_free(fresh);

	/* The owner of the known address is told by mail, with no link to confirm;
	 * the account is untouched. */
	ck_assert_uint_eq(test_mail_count(conninfo, f.email), 1);
	ck_assert(!test_mail_token(conninfo, f.email, "confirmer.html", token));
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_guardian_get_by_email(&g, db, f.email), PTL_OK);
	ck_assert_int_eq(g->family_id, f.id);
	ck_assert_str_eq(g->first_name, "Claire");
	ptl_guardian_free(g);
	ptl_db_close(db);
	known = http_login(&c, f.email, f.password);
	ck_assert_int_eq(known->status, 200);
	http_reply_free(known);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_signup_confirm_and_waiting_login)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char email[128], token[PTL_TOKEN_LEN + 1], line[512];
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_requests *list = NULL;
	ptl_guardian *g = NULL;
	ptl_db *db = NULL;
	const char *password = "Un-mot-de-passe-solide";
	static const char waiting[] = "Votre inscription attend la validation du service";

	new_email(email, sizeof(email), "confirm");
	start(&s, &c);
	r = post(&c, "/api/v1/signup", signup_body(email));
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	ck_assert(test_mail_token(conninfo, email, "confirmer.html", token));

	/* Bad links. */
	r = confirm(&c, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_invalid_link(r);
	http_reply_free(r);
	r = confirm(&c, "nope");
	assert_invalid_link(r);
	http_reply_free(r);
	r = post(&c, "/api/v1/signup/confirm", json_object());
	assert_invalid_link(r);
	http_reply_free(r);

	/* The right password on a waiting account: 403 with the French message;
	 * a wrong one: the usual 401, which reveals nothing. */
	r = http_login(&c, email, password);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "forbidden");
	ck_assert_ptr_nonnull(strstr(http_error_message(r), waiting));
	ck_assert_ptr_null(http_set_cookie(r, "portail_session", line, sizeof(line)));
	http_reply_free(r);
	r = http_login(&c, email, "Pas-le-bon-mot-de-passe");
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);

	/* The link works once. */
	http_get_anonymous_csrf(&c);
	r = confirm(&c, token);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "status")), "waiting_validation");
	http_reply_free(r);
	r = confirm(&c, token);
	assert_invalid_link(r);
	http_reply_free(r);

	r = http_login(&c, email, password);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "forbidden");
	ck_assert_ptr_nonnull(strstr(http_error_message(r), waiting));
	ck_assert_str_eq(c.session, "");
	http_reply_free(r);

	/* The service validates: the parent logs in and sees the sign-up in
	 * the history. */
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_guardian_get_by_email(&g, db, email), PTL_OK);
	filter.family_id = g->family_id;
	filter.kind = "signup";
	ck_assert_int_eq(ptl_request_list(&list, db, &filter), PTL_OK);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(ptl_request_accept(db, list->items[0].id, "agent.test", NULL), PTL_OK);
	ptl_requests_free(list);
	ptl_guardian_free(g);
	ptl_db_close(db);

	r = http_login(&c, email, password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/requests", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "requests")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(
		json_array_get(json_object_get(r->json, "requests"), 0), "kind")), "signup");
	ck_assert_str_eq(json_string_value(json_object_get(
		json_array_get(json_object_get(r->json, "requests"), 0), "status")), "accepted");
	ck_assert(json_is_string(json_object_get(
		json_array_get(json_object_get(r->json, "requests"), 0), "processed_at")));
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_forgot_same_answer_no_mail)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *known, *unknown, *r;
	char email[128], token[PTL_TOKEN_LEN + 1];

	test_family_seed(conninfo, "forgot", true, &f);
	new_email(email, sizeof(email), "unknown");
	start(&s, &c);
	unknown = forgot(&c, email);
	known = forgot(&c, f.email);
	ck_assert_int_eq(unknown->status, 202);
	ck_assert_str_eq(json_string_value(json_object_get(unknown->json, "status")), "sent_if_known");
	ck_assert_int_eq(known->status, unknown->status);
	ck_assert_str_eq(known->body, unknown->body);
	http_reply_free(known);
	http_reply_free(unknown);

	ck_assert_uint_eq(test_mail_count(conninfo, email), 0);
	ck_assert_uint_eq(test_mail_count(conninfo, f.email), 1);
	ck_assert(test_mail_token(conninfo, f.email, "reinitialiser.html", token));

	r = forgot(&c, "pas une adresse");
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "email");
	http_reply_free(r);
	r = post(&c, "/api/v1/password/forgot", json_object());
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "email");
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_reset_single_use)
{
	struct test_family f;
	struct test_server s;
	struct http_client c, other;
	struct http_reply *r;
	char token[PTL_TOKEN_LEN + 1];
	const char *new_password = "Reinitialise-le-mardi";

	test_family_seed(conninfo, "reset", true, &f);
	start(&s, &c);
	http_client_init(&other, &s);
	r = http_login(&other, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	r = forgot(&c, f.email);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	ck_assert(test_mail_token(conninfo, f.email, "reinitialiser.html", token));

	/* The policy first; the link is not spent by a refused password. */
	r = reset(&c, token, "court");
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "new_password");
	http_reply_free(r);
	r = reset(&c, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new_password);
	assert_invalid_link(r);
	http_reply_free(r);

	r = reset(&c, token, new_password);
	ck_assert_int_eq(r->status, 204);
	ck_assert_uint_eq(r->body_len, 0);
	http_reply_free(r);
	r = reset(&c, token, "Encore-un-autre-essai");
	assert_invalid_link(r);
	http_reply_free(r);

	/* Every session has ended; the new password opens, the old one not. */
	r = http_call(&other, "GET", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	r = http_login(&c, f.email, new_password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	http_client_cleanup(&other);
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* Ask for a reset link on a server whose clock says @p t. */
static void forgot_at(const struct test_family *f, ptl_time t, char token[PTL_TOKEN_LEN + 1])
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char now[32];

	test_time_text(now, t);
	start_at(&s, now);
	http_client_init(&c, &s);
	http_get_anonymous_csrf(&c);
	r = forgot(&c, f->email);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	ck_assert(test_mail_token(conninfo, f->email, "reinitialiser.html", token));
	test_server_stop_with_client(&s, &c);
}

/* Use a reset link on a server whose clock says @p t. @return the status. */
static long reset_at(const char *token, ptl_time t)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char now[32];
	long status;

	test_time_text(now, t);
	start_at(&s, now);
	http_client_init(&c, &s);
	http_get_anonymous_csrf(&c);
	r = reset(&c, token, "Choisi-dans-l-heure");
	status = r->status;
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
	return status;
}

START_TEST(test_http_reset_valid_one_hour)
{
	struct test_family early, late;
	char early_token[PTL_TOKEN_LEN + 1], late_token[PTL_TOKEN_LEN + 1];
	ptl_time t0 = (ptl_time)time(NULL);

	test_family_seed(conninfo, "hour59", true, &early);
	test_family_seed(conninfo, "hour61", true, &late);
	forgot_at(&early, t0, early_token);
	forgot_at(&late, t0, late_token);
	ck_assert_str_ne(early_token, late_token);
	/* 61 minutes later: expired. 59 minutes later: still good. */
	ck_assert_int_eq(reset_at(late_token, t0 + 61 * 60), 410);
	ck_assert_int_eq(reset_at(early_token, t0 + 59 * 60), 204);
	ck_assert_int_eq(reset_at(early_token, t0 + 59 * 60 + 10), 410);
}
END_TEST

START_TEST(test_http_anonymous_changes_need_csrf)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char email[128], token[PTL_TOKEN_LEN + 1], cookie[256];
	const char *paths[] = {
		"/api/v1/signup", "/api/v1/signup/confirm",
		"/api/v1/password/forgot", "/api/v1/password/reset",
	};

	test_family_seed(conninfo, "anoncsrf", true, &f);
	new_email(email, sizeof(email), "nocsrf");
	start(&s, &c);
	snprintf(cookie, sizeof(cookie), "%s", c.csrf_cookie);
	for (size_t i = 0; i < 4; i++) {
		json_t *body = i == 0 ? signup_body(email) :
		               i == 2 ? json_pack("{s:s}", "email", f.email) :
		               json_pack("{s:s,s:s}", "token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		                         "new_password", "Un-mot-de-passe-solide");

		/* No header. */
		r = http_call_json(&c, "POST", paths[i], json_incref(body), NULL);
		ck_assert_msg(r->status == 403, "%s: %ld", paths[i], r->status);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
		/* A header that is not the cookie's. */
		r = http_call_json(&c, "POST", paths[i], json_incref(body),
			"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
		/* The header without the cookie. */
		c.csrf_cookie[0] = '\0';
		r = http_call_json(&c, "POST", paths[i], body, cookie);
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
		snprintf(c.csrf_cookie, sizeof(c.csrf_cookie), "%s", cookie);
	}
	/* Nothing was sent. */
	ck_assert_uint_eq(test_mail_count(conninfo, email), 0);
	ck_assert_uint_eq(test_mail_count(conninfo, f.email), 0);
	ck_assert(!test_mail_token(conninfo, f.email, "reinitialiser.html", token));
	/* With the token, the same request goes through. */
	r = forgot(&c, f.email);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	ck_assert_uint_eq(test_mail_count(conninfo, f.email), 1);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_signup_rate_limited_per_address)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char email[128], value[32];

	/* A clock of its own: the other tests' sign-ups are outside the hour. */
	start_at(&s, "2031-05-04T10:00:00Z");
	http_client_init(&c, &s);
	http_get_anonymous_csrf(&c);
	for (int i = 0; i < PTL_SIGNUPS_PER_ADDRESS_HOUR; i++) {
		new_email(email, sizeof(email), "flood");
		r = post(&c, "/api/v1/signup", signup_body(email));
		ck_assert_int_eq(r->status, 202);
		http_reply_free(r);
	}
	new_email(email, sizeof(email), "flood");
	r = post(&c, "/api/v1/signup", signup_body(email));
	ck_assert_int_eq(r->status, 429);
	ck_assert_str_eq(http_error_code(r), "throttled");
	ck_assert_ptr_nonnull(http_header(r, "Retry-After", value, sizeof(value)));
	ck_assert_str_eq(value, "3600");
	http_reply_free(r);
	ck_assert_uint_eq(test_mail_count(conninfo, email), 0);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *signup_suite(void)
{
	Suite *s = suite_create("http_signup");
	TCase *signup = tcase_create("signup");
	TCase *reset_tc = tcase_create("reset");

	tcase_set_timeout(signup, 60);
	tcase_add_test(signup, test_http_signup_sends_confirmation);
	tcase_add_test(signup, test_http_signup_invalid_fields);
	tcase_add_test(signup, test_http_signup_known_email_same_answer);
	tcase_add_test(signup, test_http_signup_confirm_and_waiting_login);
	tcase_add_test(signup, test_http_anonymous_changes_need_csrf);
	suite_add_tcase(s, signup);

	tcase_set_timeout(reset_tc, 90);
	tcase_add_test(reset_tc, test_http_forgot_same_answer_no_mail);
	tcase_add_test(reset_tc, test_http_reset_single_use);
	tcase_add_test(reset_tc, test_http_reset_valid_one_hour);
	tcase_add_test(reset_tc, test_http_signup_rate_limited_per_address);
	suite_add_tcase(s, reset_tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(signup_suite(), "http_signup", &conninfo);
}
