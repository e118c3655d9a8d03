/*
 * test-family.c — connections, families, guardians and children against the
 * real database.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

START_TEST(test_db_open_unreachable_is_unavailable)
{
	ptl_db *db = NULL;

	ck_assert_status(ptl_db_open(&db, "host=/nonexistent/socket/dir dbname=x"), PTL_EUNAVAILABLE);
	ck_assert_ptr_nonnull(db);
	ck_assert_status(ptl_db_ping(db), PTL_EUNAVAILABLE);
	ptl_db_close(db);
	ck_assert_status(ptl_db_open(&db, "not a = valid = string"), PTL_EINVALID);
	ck_assert_ptr_null(db);
}
END_TEST

START_TEST(test_family_create_then_get)
{
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	ptl_family *f = NULL;
	char *code = NULL;
	int64_t id;

	in.first_name = "  Inès ";
	in.last_name = "Rivière";
	in.email = " Ines.Riviere@Example.ORG ";
	in.phone = "+33 6 98 76 54 32";
	in.address = "3 allée des Peupliers";
	in.postcode = "45190";
	in.city = "Valmont-sur-Loire";
	ck_assert_status(ptl_family_create(&id, &code, test_db, &in), PTL_OK);
	ck_assert_uint_eq(strlen(code), 14);
	ck_assert_int_eq(code[4], '-');

	ck_assert_status(ptl_family_get(&f, test_db, id), PTL_OK);
	ck_assert_str_eq(f->name, "Rivière");   /* defaults to the guardian's name */
	ck_assert_uint_eq(f->guardian_count, 1);
	ck_assert_str_eq(f->guardians[0].first_name, "Inès");
	ck_assert_str_eq(f->guardians[0].email, "ines.riviere@example.org");
	ck_assert_str_eq(f->guardians[0].phone, "0698765432");
	ck_assert_str_eq(f->guardians[0].postcode, "45190");
	ck_assert_int_eq(f->created_at, ptl_clock_now());
	ck_assert_uint_eq(f->child_count, 0);
	ptl_family_free(f);
	ptl_free(code);
	ptl_family_free(NULL);
}
END_TEST

START_TEST(test_family_create_refuses_bad_fields_and_writes_nothing)
{
	struct { const char *field; ptl_family_options in; } cases[] = {
		{ "email", { 1, NULL, "Anne", "Duc", "pas-une-adresse", NULL, NULL, NULL, NULL } },
		{ "email", { 1, NULL, "Anne", "Duc", "", NULL, NULL, NULL, NULL } },
		{ "first_name", { 1, NULL, " ", "Duc", "anne.duc@example.org", NULL, NULL, NULL, NULL } },
		{ "last_name", { 1, NULL, "Anne", NULL, "anne.duc@example.org", NULL, NULL, NULL, NULL } },
		{ "phone", { 1, NULL, "Anne", "Duc", "anne.duc@example.org", "12345", NULL, NULL, NULL } },
		{ "postcode", { 1, NULL, "Anne", "Duc", "anne.duc@example.org", NULL, NULL, "ABCDE", NULL } },
	};
	long long before = test_scalar("SELECT count(*) FROM family");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *code = NULL;
		ck_assert_status(ptl_family_create(NULL, &code, test_db, &cases[i].in), PTL_EINVALID);
		ck_assert_str_eq(ptl_error_last()->field, cases[i].field);
		ck_assert(strlen(ptl_error_last()->message_fr) > 0);
		ck_assert_ptr_null(code);
	}
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family"), before);
}
END_TEST

START_TEST(test_family_duplicate_email_is_refused_whole)
{
	char *code = test_family_new("double@example.org", NULL);
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	long long families = test_scalar("SELECT count(*) FROM family");

	in.first_name = "Paul";
	in.last_name = "Autre";
	in.email = "DOUBLE@example.org";
	ck_assert_status(ptl_family_create(NULL, NULL, test_db, &in), PTL_EEXISTS);
	ck_assert_str_eq(ptl_error_last()->field, "email");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family"), families);
	ptl_free(code);
}
END_TEST

START_TEST(test_family_list_and_search)
{
	ptl_families *all = NULL, *found = NULL;
	int64_t id;
	char *code = test_family_new("zephyrin.cherche@example.org", &id);
	ptl_child_options child = PTL_CHILD_OPTIONS_INIT;

	child.first_name = "Jade";
	child.last_name = "Essai";
	child.birth_date = "2019-05-06";
	ck_assert_status(ptl_child_create(NULL, test_db, id, &child), PTL_OK);

	ck_assert_status(ptl_family_list(&all, test_db, NULL), PTL_OK);
	ck_assert_uint_ge(all->count, 1);
	ck_assert_status(ptl_family_list(&found, test_db, "ZEPHYRIN"), PTL_OK);
	ck_assert_uint_eq(found->count, 1);
	ck_assert_int_eq(found->items[0].id, id);
	ck_assert_uint_eq(found->items[0].child_count, 1);
	ck_assert_str_eq(found->items[0].children[0].first_name, "Jade");
	ptl_families_free(found);
	/* A search is a plain substring: LIKE wildcards match nothing special. */
	ck_assert_status(ptl_family_list(&found, test_db, "%"), PTL_OK);
	ck_assert_uint_eq(found->count, 0);
	ptl_families_free(found);
	ptl_families_free(all);
	ptl_free(code);
}
END_TEST

START_TEST(test_family_get_unknown_is_not_found)
{
	ptl_family *f = NULL;

	ck_assert_status(ptl_family_get(&f, test_db, 987654321), PTL_ENOTFOUND);
	ck_assert_ptr_null(f);
}
END_TEST

START_TEST(test_child_birth_date_rules)
{
	int64_t id;
	char *code = test_family_new("naissances@example.org", &id);
	ptl_child_options child = PTL_CHILD_OPTIONS_INIT;
	ptl_family *f;

	child.first_name = "Tom";
	child.last_name = "Essai";
	child.birth_date = "2026-11-27";   /* tomorrow (the clock is 2026-11-26) */
	ck_assert_status(ptl_child_create(NULL, test_db, id, &child), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "birth_date");
	child.birth_date = "2025-02-29";
	ck_assert_status(ptl_child_create(NULL, test_db, id, &child), PTL_EINVALID);
	child.birth_date = "1990-01-01";
	ck_assert_status(ptl_child_create(NULL, test_db, id, &child), PTL_EINVALID);
	child.birth_date = "2026-11-26";   /* born today */
	ck_assert_status(ptl_child_create(NULL, test_db, id, &child), PTL_OK);
	ck_assert_status(ptl_child_create(NULL, test_db, 987654321, &child), PTL_ENOTFOUND);

	ck_assert_status(ptl_family_get(&f, test_db, id), PTL_OK);
	ck_assert_uint_eq(f->child_count, 1);
	char buf[11];
	ptl_day_format(buf, f->children[0].birth_date);
	ck_assert_str_eq(buf, "2026-11-26");
	ptl_family_free(f);
	ptl_free(code);
}
END_TEST

START_TEST(test_demo_load_is_idempotent)
{
	int created = -1;
	ptl_guardian *g = NULL;

	ck_assert_status(ptl_demo_load(&created, test_db), PTL_OK);
	ck_assert_status(ptl_demo_load(&created, test_db), PTL_OK);
	ck_assert_int_eq(created, 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM guardian WHERE email = 'camille.lambert@example.org'"), 1);
	ck_assert_status(ptl_guardian_get_by_email(&g, test_db, PTL_DEMO_EMAIL), PTL_OK);
	ck_assert_str_eq(g->first_name, "Camille");
	ptl_guardian_free(g);
}
END_TEST

/* Every options struct is accepted from version 1 to the library's current
 * one: version 0 (a struct never initialised) and a later version (a caller
 * built against a newer library) are refused before anything is written,
 * naming the field "version". */
static void assert_version_refused(int status)
{
	ck_assert_int_eq(status, PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "version");
}

START_TEST(test_options_version_outside_1_to_current_is_refused)
{
	const unsigned int bad[] = { 0, 1000 };
	ptl_families *before = NULL, *after = NULL;
	ptl_family *f = NULL;
	int64_t id;
	char *code = test_family_new("options.version@example.org", &id);

	ck_assert_status(ptl_family_get(&f, test_db, id), PTL_OK);
	ck_assert_status(ptl_family_list(&before, test_db, NULL), PTL_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ptl_family_options family = PTL_FAMILY_OPTIONS_INIT;
		ptl_child_options child = PTL_CHILD_OPTIONS_INIT;
		ptl_contact_options contact = PTL_CONTACT_OPTIONS_INIT;
		ptl_signup_options signup = PTL_SIGNUP_OPTIONS_INIT;
		ptl_structure_options structure = PTL_STRUCTURE_OPTIONS_INIT;
		ptl_request_list_options requests = PTL_REQUEST_LIST_OPTIONS_INIT;
		ptl_requests *listed = NULL;
		ptl_batch_result batch;

		family.version = child.version = contact.version = bad[i];
		signup.version = structure.version = requests.version = bad[i];
		family.first_name = "Version";
		family.last_name = "Refusée";
		family.email = "refusee.version@example.org";
		child.first_name = "Jade";
		child.last_name = "Version";
		child.birth_date = "2019-05-06";
		contact.phone = "01 23 45 67 89";
		signup.email = "inscription.version@example.org";
		signup.password = "un mot de passe sûr";
		signup.first_name = "Version";
		signup.last_name = "Refusée";
		assert_version_refused(ptl_family_create(NULL, NULL, test_db, &family));
		assert_version_refused(ptl_child_create(NULL, test_db, id, &child));
		assert_version_refused(ptl_profile_add_child(NULL, test_db, f->guardians[0].id, &child));
		assert_version_refused(ptl_profile_update_contact(NULL, test_db, f->guardians[0].id,
		                                                  &contact));
		assert_version_refused(ptl_signup_create(test_db, &signup));
		assert_version_refused(ptl_structure_set(NULL, test_db, &structure));
		assert_version_refused(ptl_request_list(&listed, test_db, &requests));
		ck_assert_ptr_null(listed);
		requests.status = "pending";
		assert_version_refused(ptl_request_process_matching(&batch, test_db, &requests,
		                                                    "Mme Test", NULL, NULL));
		ck_assert_uint_eq(batch.processed, 0);
	}
	ck_assert_status(ptl_family_list(&after, test_db, NULL), PTL_OK);
	ck_assert_uint_eq(after->count, before->count);
	ptl_families_free(before);
	ptl_families_free(after);
	ptl_family_free(f);
	ptl_free(code);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("family");
	TCase *tc = tcase_create("family");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_db_open_unreachable_is_unavailable);
	tcase_add_test(tc, test_family_create_then_get);
	tcase_add_test(tc, test_family_create_refuses_bad_fields_and_writes_nothing);
	tcase_add_test(tc, test_family_duplicate_email_is_refused_whole);
	tcase_add_test(tc, test_family_list_and_search);
	tcase_add_test(tc, test_family_get_unknown_is_not_found);
	tcase_add_test(tc, test_child_birth_date_rules);
	tcase_add_test(tc, test_demo_load_is_idempotent);
	tcase_add_test(tc, test_options_version_outside_1_to_current_is_refused);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
