/*
 * test-http-structure.c — GET /api/v1/structure: the structure's identity
 * and contact details, as the pages' footer and "Nous contacter" read
 * them, without a session; nothing but GET at that address.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

START_TEST(test_http_structure_public_read)
{
	ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;
	struct test_server_opts so = { .conninfo = conninfo };
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	ptl_db *db;
	char buf[64];

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	o.values[PTL_STRUCTURE_NAME] = "Service enfance de Httpville";
	o.values[PTL_STRUCTURE_PHONE] = "02 38 99 88 77";
	o.values[PTL_STRUCTURE_OPENING_HOURS] = "Lundi : 9 h – 12 h\nMardi : fermé";
	ck_assert_int_eq(ptl_structure_set(NULL, db, &o), PTL_OK);
	ptl_db_close(db);

	test_server_start(&s, &so);
	http_client_init(&c, &s);
	r = http_call(&c, "GET", "/api/v1/structure", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(r->json);
	ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof(buf)), "application/json; charset=utf-8");
	ck_assert_ptr_null(http_set_cookie(r, "portail_session", buf, sizeof(buf)));
	ck_assert_uint_eq(json_object_size(r->json), PTL_STRUCTURE_FIELD_COUNT);
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "name")), "Service enfance de Httpville");
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "phone")), "0238998877");
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "opening_hours")),
		"Lundi : 9 h – 12 h\nMardi : fermé");
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "city")), "");
	http_reply_free(r);

	/* Read-only here: the manager sets the details with portail-cli. */
	http_get_anonymous_csrf(&c);
	r = http_call(&c, "PUT", "/api/v1/structure", "{\"name\":\"x\"}", c.csrf);
	ck_assert_int_eq(r->status, 405);
	http_reply_free(r);

	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

static Suite *structure_suite(void)
{
	Suite *s = suite_create("http_structure");
	TCase *tc = tcase_create("structure");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_structure_public_read);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(structure_suite(), "http_structure", &conninfo);
}
