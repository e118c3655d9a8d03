/*
 * test-http-catalogue.c — GET /api/v1/catalogue: the town's catalogue tree
 * as the pages read it, without a session: the demo data's catalogue, in
 * the file's shape with each object's id; nothing but GET at that address.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

/* Member @p i of array member @p key of @p o (borrowed). */
static json_t *nth(json_t *o, const char *key, size_t i)
{
	json_t *v = json_array_get(json_object_get(o, key), i);

	ck_assert_msg(v != NULL, "no %s[%zu]", key, i);
	return v;
}

START_TEST(test_http_catalogue_public_tree)
{
	struct test_server_opts so = { .conninfo = conninfo };
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	ptl_catalogue *tree = NULL;
	json_t *mercredis, *period, *units;
	ptl_db *db;
	char buf[64];

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_demo_load(NULL, db), PTL_OK);
	ck_assert_int_eq(ptl_catalogue_get(&tree, db), PTL_OK);
	ptl_db_close(db);

	test_server_start(&s, &so);
	http_client_init(&c, &s);
	r = http_call(&c, "GET", "/api/v1/catalogue", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(r->json);
	ck_assert_ptr_null(http_set_cookie(r, "portail_session", buf, sizeof(buf)));
	ck_assert_int_eq(json_integer_value(json_object_get(r->json, "format")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "facilities")),
	                  tree->facility_count);
	mercredis = nth(nth(nth(r->json, "facilities", 0), "activity_types", 0), "activities", 0);
	ck_assert_str_eq(json_string_value(json_object_get(mercredis, "name")), "Mercredis");
	ck_assert_int_eq(json_integer_value(json_object_get(mercredis, "id")),
	                 tree->facilities[0].activity_types[0].activities[0].id);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(mercredis, "rules"),
	                                                   "version")), "2026-1");
	period = nth(mercredis, "periods", 0);
	ck_assert_str_eq(json_string_value(json_object_get(period, "label")), "ALSH Mercredis 2026/2027");
	ck_assert_int_eq(json_integer_value(json_object_get(period, "id")),
	                 tree->facilities[0].activity_types[0].activities[0].periods[0].id);
	ck_assert_str_eq(json_string_value(nth(period, "opening_weekdays", 0)), "wednesday");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(period, "enrolment"),
	                                                   "opens")), "2026-06-01");
	units = json_object_get(period, "units");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(units, 2), "depends_on")),
	                 "matin");
	ck_assert_str_eq(json_string_value(nth(json_array_get(units, 1), "incompatible_with", 0)),
	                 "journee");
	ck_assert_str_eq(json_string_value(nth(nth(period, "groups", 0), "school_levels", 2)), "GS");
	/* The crèche is a pre-enrolment. */
	ck_assert_str_eq(json_string_value(json_object_get(
		nth(nth(r->json, "facilities", 2), "activity_types", 0), "category")), "petite_enfance");
	http_reply_free(r);
	ptl_catalogue_free(tree);

	/* Read-only here: the manager imports the catalogue with portail-cli. */
	http_get_anonymous_csrf(&c);
	r = http_call(&c, "POST", "/api/v1/catalogue", "{\"format\":1}", c.csrf);
	ck_assert_int_eq(r->status, 405);
	http_reply_free(r);

	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

static Suite *catalogue_suite(void)
{
	Suite *s = suite_create("http_catalogue");
	TCase *tc = tcase_create("catalogue");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_catalogue_public_tree);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(catalogue_suite(), "http_catalogue", &conninfo);
}
