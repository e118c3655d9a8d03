/*
 * test-http-guardians.c — both parents over HTTP: each guardian with a
 * login sees the same family, theirs marked "you", the other's
 * notification settings hidden; a parent asks to add the other parent
 * (POST /api/v1/guardians) and to change their details (PUT
 * /api/v1/guardians/{id}), never their email; another family's guardian is
 * 404, every change without the CSRF token 403; each request names who
 * sent it; one guardian's password change leaves the other's login and
 * session alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libpq-fe.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void login(struct http_client *c, const char *email, const char *password)
{
	struct http_reply *r = http_login(c, email, password);

	ck_assert_msg(r->status == 200, "login %s: %ld %s", email, r->status, r->body);
	http_reply_free(r);
}

/* A second guardian with a login and a known password in family @p f;
 * their id. */
static int64_t second_guardian(const struct test_family *f, const char *email,
                               const char *password)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_db *db = NULL;
	int64_t id = 0;

	in.first_name = "Karim";
	in.last_name = "Martin";
	in.relationship = "pere";
	in.email = email;
	in.mobile_phone = "07 11 22 33 44";
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_guardian_add(&id, NULL, db, f->id, &in), PTL_OK);
	ck_assert_int_eq(ptl_account_set_password(db, email, password), PTL_OK);
	ptl_db_close(db);
	return id;
}

/* The guardian of id @p id among @p guardians, or NULL. */
static json_t *guardian_of(json_t *guardians, int64_t id)
{
	size_t i;
	json_t *g;

	json_array_foreach(guardians, i, g)
		if (json_integer_value(json_object_get(g, "id")) == id)
			return g;
	return NULL;
}

static long long scalar(const char *sql)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, sql);
	long long v;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(conn));
	v = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return v;
}

START_TEST(test_http_both_guardians_see_the_same_family)
{
	struct test_family f;
	struct test_server s;
	struct http_client a, b;
	json_t *ma, *mb, *other;
	int64_t first_id, second_id;

	test_family_seed(conninfo, "deux", true, &f);
	second_id = second_guardian(&f, "karim.deux@example.org", "Karim-Deux-Valmont");
	test_server_start_with_client(&s, &a, conninfo);
	http_client_init(&b, &s);
	login(&a, f.email, f.password);
	login(&b, "karim.deux@example.org", "Karim-Deux-Valmont");

	ma = http_get_json(&a, "/api/v1/me");
	mb = http_get_json(&b, "/api/v1/me");
	first_id = json_integer_value(json_object_get(json_object_get(ma, "guardian"), "id"));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(mb, "guardian"), "id")),
	                 second_id);
	ck_assert(json_equal(json_object_get(json_object_get(ma, "family"), "children"),
	                     json_object_get(json_object_get(mb, "family"), "children")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ma, "family"), "id")),
	                 json_integer_value(json_object_get(json_object_get(mb, "family"), "id")));
	/* Each sees both, theirs marked "you"; the other's details but not
	 * their notification settings. */
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(ma, "family"),
	                                                  "guardians")), 2);
	other = guardian_of(json_object_get(json_object_get(ma, "family"), "guardians"), second_id);
	ck_assert_ptr_nonnull(other);
	ck_assert(json_is_false(json_object_get(other, "you")));
	ck_assert_str_eq(json_string_value(json_object_get(other, "mobile_phone")), "0711223344");
	ck_assert_str_eq(json_string_value(json_object_get(other, "relationship")), "pere");
	ck_assert_ptr_null(json_object_get(other, "notify_by_email"));
	ck_assert_ptr_null(json_object_get(other, "notify_by_sms"));
	ck_assert(json_is_true(json_object_get(guardian_of(json_object_get(
		json_object_get(ma, "family"), "guardians"), first_id), "you")));
	ck_assert_ptr_null(json_object_get(guardian_of(json_object_get(
		json_object_get(mb, "family"), "guardians"), first_id), "notify_by_email"));
	json_decref(ma);
	json_decref(mb);
	http_client_cleanup(&b);
	test_server_stop_with_client(&s, &a);
}
END_TEST

START_TEST(test_http_ask_to_add_the_other_parent)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	json_t *req, *body, *list;

	test_family_seed(conninfo, "ajout", true, &f);
	test_server_start_with_client(&s, &c, conninfo);
	login(&c, f.email, f.password);

	body = json_pack("{s:s,s:s,s:s,s:s,s:s}", "first_name", "Sami", "last_name", "Martin",
	                 "relationship", "pere", "email", "Sami.Martin@example.org",
	                 "phone", "02 38 00 00 09");
	r = http_call_json(&c, "POST", "/api/v1/guardians", json_incref(body), NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call_json(&c, "POST", "/api/v1/guardians", json_incref(body), c.csrf);
	ck_assert_msg(r->status == 202, "%ld %s", r->status, r->body);
	req = json_object_get(r->json, "request");
	ck_assert_str_eq(json_string_value(json_object_get(req, "kind")), "guardian_add");
	ck_assert_str_eq(json_string_value(json_object_get(req, "kind_label")),
	                 "Ajout d’un responsable légal");
	ck_assert_str_eq(json_string_value(json_object_get(req, "status")), "pending");
	ck_assert_str_eq(json_string_value(json_object_get(req, "guardian_name")), "Claire Martin");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(req, "after"), "email")),
	                 "sami.martin@example.org");
	http_reply_free(r);
	json_decref(body);

	/* Bad input: a French message naming the field, nothing recorded. */
	r = http_call_json(&c, "POST", "/api/v1/guardians",
	                   json_pack("{s:s,s:s,s:s}", "first_name", "Sami", "last_name", "Martin",
	                             "relationship", "oncle"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "relationship");
	ck_assert_str_eq(http_error_message(r),
	                 "Choisissez une valeur de la liste pour «\u00a0Lien avec les enfants\u00a0».");
	http_reply_free(r);
	r = http_call_json(&c, "POST", "/api/v1/guardians",
	                   json_pack("{s:s,s:i}", "first_name", "Sami", "last_name", 3), c.csrf);
	ck_assert_int_eq(r->status, 400);
	http_reply_free(r);

	list = http_get_json(&c, "/api/v1/requests");
	ck_assert_uint_eq(json_array_size(json_object_get(list, "requests")), 1);
	json_decref(list);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_ask_to_change_the_other_guardian)
{
	struct test_family f, stranger;
	struct test_server s;
	struct http_client a, b;
	struct http_reply *r;
	json_t *req, *me;
	int64_t second_id, stranger_id, me_id;
	char path[64];
	ptl_db *db = NULL;
	ptl_guardian *g = NULL;

	test_family_seed(conninfo, "modif", true, &f);
	test_family_seed(conninfo, "autrefam", true, &stranger);
	second_id = second_guardian(&f, "karim.modif@example.org", "Karim-Modif-Valmont");
	test_server_start_with_client(&s, &a, conninfo);
	http_client_init(&b, &s);
	login(&a, f.email, f.password);
	login(&b, stranger.email, stranger.password);
	me = http_get_json(&b, "/api/v1/me");
	stranger_id = json_integer_value(json_object_get(json_object_get(me, "guardian"), "id"));
	json_decref(me);
	me = http_get_json(&a, "/api/v1/me");
	me_id = json_integer_value(json_object_get(json_object_get(me, "guardian"), "id"));
	json_decref(me);

	snprintf(path, sizeof(path), "/api/v1/guardians/%lld", (long long)second_id);
	r = http_call_json(&a, "PUT", path, json_pack("{s:s}", "employer", "Gare"), NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	/* Notification settings are not among what a parent can ask. */
	r = http_call_json(&a, "PUT", path, json_pack("{s:s,s:s,s:b}", "employer", "Gare SNCF",
	                                               "city", "Orléans", "notify_by_email", 0),
	                   a.csrf);
	ck_assert_msg(r->status == 202, "%ld %s", r->status, r->body);
	req = json_object_get(r->json, "request");
	ck_assert_str_eq(json_string_value(json_object_get(req, "kind")), "guardian_edit");
	ck_assert_str_eq(json_string_value(json_object_get(req, "status")), "pending");
	ck_assert_int_eq(json_integer_value(json_object_get(req, "target_id")), second_id);
	ck_assert_uint_eq(json_array_size(json_object_get(req, "changes")), 2);
	ck_assert_ptr_null(json_object_get(json_object_get(req, "after"), "notify_by_email"));
	ck_assert_ptr_null(json_object_get(json_object_get(req, "after"), "email"));
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_request_accept(db, json_integer_value(json_object_get(req, "id")),
	                                    "Service", NULL), PTL_OK);
	http_reply_free(r);
	ck_assert_int_eq(ptl_guardian_get(&g, db, second_id), PTL_OK);
	ck_assert_str_eq(g->employer, "Gare SNCF");
	ck_assert_str_eq(g->email, "karim.modif@example.org");
	ck_assert(g->notify_by_email);
	ptl_guardian_free(g);
	ptl_db_close(db);

	/* Never the email; not oneself; not another family's guardian. */
	r = http_call_json(&a, "PUT", path, json_pack("{s:s}", "email", "pirate@example.org"),
	                   a.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "email");
	ck_assert_str_eq(http_error_message(r),
	                 "L’adresse e-mail ne peut être changée que par le service.");
	http_reply_free(r);
	snprintf(path, sizeof(path), "/api/v1/guardians/%lld", (long long)me_id);
	r = http_call_json(&a, "PUT", path, json_pack("{s:s}", "city", "Blois"), a.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "id");
	http_reply_free(r);
	snprintf(path, sizeof(path), "/api/v1/guardians/%lld", (long long)stranger_id);
	r = http_call_json(&a, "PUT", path, json_pack("{s:s}", "city", "Blois"), a.csrf);
	ck_assert_int_eq(r->status, 404);
	ck_assert_str_eq(http_error_code(r), "not_found");
	http_reply_free(r);
	snprintf(path, sizeof(path), "/api/v1/guardians/%lld", (long long)second_id);
	r = http_call_json(&b, "PUT", path, json_pack("{s:s}", "city", "Blois"), b.csrf);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	ck_assert_int_eq(scalar("SELECT count(*) FROM request WHERE after->>'city' = 'Blois'"), 0);

	http_client_cleanup(&b);
	test_server_stop_with_client(&s, &a);
}
END_TEST

/* Each request names who sent it; one guardian's password change and
 * logout leave the other's login and session alone. */
START_TEST(test_http_each_guardian_keeps_their_own_account)
{
	struct test_family f;
	struct test_server s;
	struct http_client a, b;
	struct http_reply *r;
	json_t *list, *first, *body;

	test_family_seed(conninfo, "compte", true, &f);
	(void)second_guardian(&f, "karim.compte@example.org", "Karim-Compte-Valmont");
	test_server_start_with_client(&s, &a, conninfo);
	http_client_init(&b, &s);
	login(&a, f.email, f.password);
	login(&b, "karim.compte@example.org", "Karim-Compte-Valmont");

	r = http_call_json(&b, "POST", "/api/v1/children",
	                   json_pack("{s:s,s:s,s:s}", "first_name", "Nina", "last_name", "Martin",
	                             "birth_date", "2019-04-05"), b.csrf);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	list = http_get_json(&a, "/api/v1/requests");
	first = json_array_get(json_object_get(list, "requests"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(first, "guardian_name")), "Karim Martin");
	json_decref(list);

	body = json_pack("{s:s,s:s}", "current_password", "Karim-Compte-Valmont",
	                 "new_password", "Karim-Nouveau-2026");
	r = http_call_json(&b, "PUT", "/api/v1/me/password", body, b.csrf);
	ck_assert_int_eq(r->status, 204);
	http_reply_free(r);
	r = http_call(&b, "DELETE", "/api/v1/session", NULL, b.csrf);
	http_reply_free(r);
	/* The first parent is still logged in, and their password unchanged. */
	list = http_get_json(&a, "/api/v1/me");
	json_decref(list);
	http_client_cleanup(&b);
	http_client_init(&b, &s);
	login(&b, f.email, f.password);
	http_client_cleanup(&b);
	test_server_stop_with_client(&s, &a);
}
END_TEST

static Suite *guardians_suite(void)
{
	Suite *s = suite_create("http-guardians");
	TCase *tc = tcase_create("guardians");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_both_guardians_see_the_same_family);
	tcase_add_test(tc, test_http_ask_to_add_the_other_parent);
	tcase_add_test(tc, test_http_ask_to_change_the_other_guardian);
	tcase_add_test(tc, test_http_each_guardian_keeps_their_own_account);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(guardians_suite(), "http_guardians", &conninfo);
}
