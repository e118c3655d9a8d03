/*
 * test-http-enrolments.c — the enrolment endpoints over real HTTP, as the
 * pages use them (enrolment-api.md): the cascade for a child, enrolling
 * (201 with the enrolment and its request; 422 with the field for invalid
 * input; 409 for an overlap), the child's and the family's enrolments, and
 * withdrawing a pending request; another family's child or request is 404,
 * a change without the CSRF token 403, no session 401.
 * The server's clock is 2026-11-26 (PORTAIL_NOW); the catalogue is
 * catalogue-fixture.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "catalogue-fixture.h"
#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static const char *str(json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	ck_assert_msg(json_is_string(v), "%s is not a string", name);
	return json_string_value(v);
}

/* obj.path[index]... : walk "facilities", 0, "activity_types", 0, ... */
static json_t *at(json_t *obj, const char *array, size_t index)
{
	json_t *a = json_object_get(obj, array);

	ck_assert_msg(json_is_array(a) && index < json_array_size(a), "no %s[%zu]", array, index);
	return json_array_get(a, index);
}

static json_t *enrolment_body(const char *first, const char *last, const char *rules)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "period", "mercredis-2026",
	                 "group", "elementaires", "first_day", first, "last_day", last,
	                 "comment", "", "accept_rules", rules);
}

START_TEST(test_http_enrolments_cascade_enrol_list_withdraw)
{
	struct test_server_opts so = { .conninfo = conninfo, .now = "2026-11-26T08:00:00Z" };
	struct test_server s;
	struct http_client c, other;
	struct test_family a, b;
	struct http_reply *r;
	json_t *period, *groups;
	char path[128], wpath[128];
	int64_t lea, hugo, request_id;

	test_sql(conninfo, TEST_CATALOGUE_SQL);
	test_family_seed(conninfo, "inscriptions-a", true, &a);
	test_family_seed(conninfo, "inscriptions-b", true, &b);
	lea = test_child_seed(conninfo, a.id, "Léa", "2019-09-15");
	hugo = test_child_seed(conninfo, b.id, "Hugo", "2019-03-01");

	test_server_start(&s, &so);
	http_client_init(&c, &s);
	http_client_init(&other, &s);

	/* No session: 401. */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/enrolment-options", (long long)lea);
	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);

	http_reply_free(http_login(&c, a.email, a.password));
	http_reply_free(http_login(&other, b.email, b.password));

	/* The cascade, in one answer. */
	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(str(json_object_get(r->json, "child"), "first_name"), "Léa");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r->json, "child"),
	                                                    "age_months")), 86);
	json_t *facility = at(r->json, "facilities", 0);
	ck_assert_str_eq(str(facility, "code"), "service-jeunesse");
	ck_assert(json_is_true(json_object_get(facility, "offered")));
	ck_assert(json_is_null(json_object_get(facility, "reason")));
	json_t *activity = at(at(facility, "activity_types", 0), "activities", 0);
	ck_assert(json_is_false(json_object_get(activity, "pre_enrolment")));
	ck_assert_str_eq(str(json_object_get(activity, "rules"), "version"), "2026-1");
	ck_assert(json_is_false(json_object_get(json_object_get(activity, "rules"), "accepted")));
	ck_assert_str_eq(str(at(activity, "documents", 0), "type"), "vaccinations");
	period = at(activity, "periods", 0);
	ck_assert_str_eq(str(period, "enrolment_opens"), "2026-06-01");
	groups = json_object_get(period, "groups");
	ck_assert(json_is_false(json_object_get(json_array_get(groups, 0), "eligible")));
	ck_assert(json_is_true(json_object_get(json_array_get(groups, 1), "proposed")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(groups, 1),
	                                                    "places_left")), 1);
	ck_assert_str_eq(str(at(activity, "periods", 1), "reason"),
	                 "Les inscriptions ouvrent le 1er juin 2027");
	ck_assert_str_eq(str(at(r->json, "facilities", 1), "reason"),
	                 "Aucun groupe ne correspond à l’âge ou au niveau scolaire de Léa");
	http_reply_free(r);

	/* Another family's child: 404, like one that does not exist. */
	r = http_call(&other, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* Enrolling: CSRF, then the input's rules, then 201. */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/enrolments", (long long)lea);
	r = http_call_json(&c, "POST", path, enrolment_body("2026-12-09", "2027-07-03", "2026-1"),
	                   NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call_json(&c, "POST", path, enrolment_body("2026-13-09", "2027-07-03", "2026-1"),
	                   c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "first_day");
	http_reply_free(r);
	r = http_call_json(&c, "POST", path, enrolment_body("2026-12-09", "2027-07-03", NULL),
	                   c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "accept_rules");
	ck_assert_str_eq(http_error_message(r),
	                 "Acceptez le règlement intérieur (version 2026-1) pour inscrire votre enfant.");
	http_reply_free(r);
	r = http_call_json(&c, "POST", path, enrolment_body("2026-12-09", "2027-07-03", "2026-1"),
	                   c.csrf);
	ck_assert_int_eq(r->status, 201);
	json_t *e = json_object_get(r->json, "enrolment"), *req = json_object_get(r->json, "request");
	ck_assert_str_eq(str(e, "status"), "pending");
	ck_assert_str_eq(str(e, "status_label"), "En attente de validation");
	ck_assert_str_eq(str(e, "marker"), "?");
	ck_assert_str_eq(str(e, "child_name"), "Léa Martin");
	ck_assert_str_eq(str(json_object_get(e, "group"), "code"), "elementaires");
	ck_assert_str_eq(str(e, "first_day"), "2026-12-09");
	ck_assert_int_eq(json_array_size(json_object_get(e, "missing")), 2);
	ck_assert(json_is_null(json_object_get(e, "rules_to_accept")));
	ck_assert(json_is_null(json_object_get(e, "pre_enrolment")));
	ck_assert_str_eq(str(req, "kind"), "enrolment");
	ck_assert_str_eq(str(req, "status"), "pending");
	request_id = json_integer_value(json_object_get(req, "id"));
	ck_assert_int_eq(json_integer_value(json_object_get(e, "request_id")), request_id);
	http_reply_free(r);

	/* The same period again, overlapping: 409 with the dates. */
	r = http_call_json(&c, "POST", path, enrolment_body("2027-01-06", "2027-02-24", NULL),
	                   c.csrf);
	ck_assert_int_eq(r->status, 409);
	ck_assert_str_eq(http_error_message(r),
	                 "Léa est déjà inscrite du 9 décembre 2026 au 3 juillet 2027 sur cette période.");
	http_reply_free(r);

	/* Not the other family's child to enrol. */
	r = http_call_json(&other, "POST", path, enrolment_body("2026-12-09", "2027-07-03", "2026-1"),
	                   other.csrf);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* The child's enrolments, and the family's. */
	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "enrolments")), 1);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/enrolments", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(str(at(r->json, "enrolments", 0), "marker"), "?");
	http_reply_free(r);
	r = http_call(&other, "GET", "/api/v1/enrolments", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "enrolments")), 0);
	http_reply_free(r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/enrolments", (long long)hugo);
	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* Withdrawing: not the other family's; CSRF; then withdrawn; then 409. */
	snprintf(wpath, sizeof(wpath), "/api/v1/requests/%lld/withdraw", (long long)request_id);
	r = http_call(&other, "POST", wpath, NULL, other.csrf);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	r = http_call(&c, "POST", wpath, NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call(&c, "POST", wpath, NULL, c.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(str(json_object_get(r->json, "request"), "status"), "withdrawn");
	ck_assert_str_eq(str(json_object_get(r->json, "request"), "status_label"), "Retirée");
	http_reply_free(r);
	r = http_call(&c, "POST", wpath, NULL, c.csrf);
	ck_assert_int_eq(r->status, 409);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/enrolments", NULL, NULL);
	ck_assert_str_eq(str(at(r->json, "enrolments", 0), "status"), "withdrawn");
	ck_assert_str_eq(str(at(r->json, "enrolments", 0), "status_label"), "Retirée");
	ck_assert(json_is_null(json_object_get(at(r->json, "enrolments", 0), "marker")));
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/requests", NULL, NULL);
	ck_assert_str_eq(str(at(r->json, "requests", 0), "status"), "withdrawn");
	http_reply_free(r);

	http_client_cleanup(&other);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *enrolments_suite(void)
{
	Suite *s = suite_create("http_enrolments");
	TCase *tc = tcase_create("enrolments");

	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_http_enrolments_cascade_enrol_list_withdraw);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(enrolments_suite(), "http_enrolments", &conninfo);
}
