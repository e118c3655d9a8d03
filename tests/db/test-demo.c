/*
 * test-demo.c — the generated data set of the benchmark (ptl_demo_generate)
 * against the real database: what it makes, that its parents can log in,
 * and what it refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define PASSWORD "Banc-d-essai-2026"

START_TEST(test_demo_generate_makes_families_children_and_requests)
{
	ptl_demo_generated made;
	long long families = test_scalar("SELECT count(*) FROM family");
	ptl_family *f = NULL;

	ck_assert_status(ptl_demo_generate(&made, test_db, 50, PASSWORD), PTL_OK);
	ck_assert_int_eq(made.families, 50);
	ck_assert_int_eq(made.children, 100);
	ck_assert_int_eq(made.requests, 150);
	ck_assert_int_eq(made.last_family_id - made.first_family_id, 49);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family"), families + 50);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE status = 'pending'"
	                             "   AND kind = 'child_edit'"), 50);
	/* One hash shared by every generated login. */
	ck_assert_int_eq(test_scalar("SELECT count(DISTINCT password_hash) FROM account a"
	                             "  JOIN guardian g ON g.id = a.guardian_id"
	                             " WHERE g.email LIKE '%@demo.example.org'"), 1);

	ck_assert_status(ptl_family_get(&f, test_db, made.last_family_id), PTL_OK);
	ck_assert_uint_eq(f->guardian_count, 1);
	ck_assert_uint_eq(f->child_count, 2);
	ck_assert_str_eq(f->guardians[0].last_name, f->name);
	ck_assert_str_eq(f->guardians[0].postcode, "45190");
	ptl_family_free(f);
}
END_TEST

START_TEST(test_demo_generate_parents_can_log_in)
{
	ptl_demo_generated made;
	ptl_session session;
	char email[128], *token = NULL;

	ck_assert_status(ptl_demo_generate(&made, test_db, 3, PASSWORD), PTL_OK);
	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL, (long long)made.first_family_id);
	ck_assert_status(ptl_auth_login(&token, &session, test_db, email, PASSWORD, "192.0.2.7"),
	                 PTL_OK);
	ck_assert_int_eq(session.family_id, made.first_family_id);
	ck_assert(!session.must_change_password);
	ptl_free(token);
	ck_assert_status(ptl_auth_login(&token, NULL, test_db, email, "Pas-le-bon-2026", "192.0.2.7"),
	                 PTL_EAUTH);
}
END_TEST

START_TEST(test_demo_generate_refuses_bad_input_and_writes_nothing)
{
	long long families = test_scalar("SELECT count(*) FROM family");

	ck_assert_status(ptl_demo_generate(NULL, test_db, 0, PASSWORD), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "families");
	ck_assert_status(ptl_demo_generate(NULL, test_db, 2000000, PASSWORD), PTL_EINVALID);
	ck_assert_status(ptl_demo_generate(NULL, test_db, 5, "court"), PTL_EINVALID);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family"), families);
}
END_TEST

static Suite *demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("generate");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_demo_generate_makes_families_children_and_requests);
	tcase_add_test(tc, test_demo_generate_parents_can_log_in);
	tcase_add_test(tc, test_demo_generate_refuses_bad_input_and_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(demo_suite());
}
