/*
 * test-structure.c — the structure's identity and contact details against
 * the real database: empty until set, changed field by field, each field
 * checked by its rule from the field table (whose agreement with the
 * database's constraints test-fields.c checks for every object), and the
 * demo data filling the details without overwriting a manager's.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"

static ptl_structure *get(void)
{
	ptl_structure *s = NULL;

	ck_assert_status(ptl_structure_get(&s, test_db), PTL_OK);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Set one field to @p value and expect @p status. */
static void set_one(ptl_structure_field f, const char *value, int status)
{
	ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;

	o.values[f] = value;
	ck_assert_status(ptl_structure_set(NULL, test_db, &o), status);
}

START_TEST(test_structure_empty_until_set)
{
	ptl_structure *s = get();

	for (int i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++)
		ck_assert_str_eq(s->values[i], "");
	ck_assert_int_eq(s->updated_at, 0);
	ptl_structure_free(s);
}
END_TEST

START_TEST(test_structure_set_changes_only_the_fields_given)
{
	ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;
	ptl_structure *s = NULL;

	o.values[PTL_STRUCTURE_NAME] = "  Service enfance de Test  ";
	o.values[PTL_STRUCTURE_PHONE] = "02 38 00 11 22";
	o.values[PTL_STRUCTURE_EMAIL] = "Enfance@Mairie-Test.FR";
	o.values[PTL_STRUCTURE_OPENING_HOURS] = "Lundi : 9 h - 12 h\nMardi : fermé";
	ck_assert_status(ptl_structure_set(&s, test_db, &o), PTL_OK);
	ck_assert_str_eq(s->values[PTL_STRUCTURE_NAME], "Service enfance de Test");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_PHONE], "0238001122");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_EMAIL], "enfance@mairie-test.fr");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_OPENING_HOURS], "Lundi : 9 h - 12 h\nMardi : fermé");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_CITY], "");
	ck_assert_int_eq(s->updated_at, 1795680000);
	ptl_structure_free(s);

	/* A second change keeps what it does not name; "" clears a field. */
	set_one(PTL_STRUCTURE_CITY, "Testville", PTL_OK);
	set_one(PTL_STRUCTURE_PHONE, "", PTL_OK);
	s = get();
	ck_assert_str_eq(s->values[PTL_STRUCTURE_NAME], "Service enfance de Test");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_CITY], "Testville");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_PHONE], "");
	ck_assert_str_eq(s->values[PTL_STRUCTURE_EMAIL], "enfance@mairie-test.fr");
	ptl_structure_free(s);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM structure"), 1);
}
END_TEST

START_TEST(test_structure_each_field_has_its_rule)
{
	static const struct {
		ptl_structure_field field;
		const char *value;
	} refused[] = {
		{ PTL_STRUCTURE_PHONE, "12 34" },
		{ PTL_STRUCTURE_POSTCODE, "4519" },
		{ PTL_STRUCTURE_POSTCODE, "00100" },
		{ PTL_STRUCTURE_EMAIL, "pas-une-adresse" },
	};
	char long_text[502];
	ptl_structure *before = get(), *after;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		set_one(refused[i].field, refused[i].value, PTL_EINVALID);
		ck_assert_str_eq(ptl_error_last()->field, ptl_structure_field_name(refused[i].field));
		ck_assert(ptl_error_last()->message_fr[0] != '\0');
	}
	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	set_one(PTL_STRUCTURE_OPENING_HOURS, long_text, PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "opening_hours");
	long_text[500] = '\0';
	set_one(PTL_STRUCTURE_OPENING_HOURS, long_text, PTL_OK);
	long_text[301] = '\0';
	set_one(PTL_STRUCTURE_HOST, long_text, PTL_EINVALID);

	/* A refused change changes nothing, even the fields that were right. */
	{
		ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;

		o.values[PTL_STRUCTURE_CITY] = "Autreville";
		o.values[PTL_STRUCTURE_POSTCODE] = "ABCDE";
		ck_assert_status(ptl_structure_set(NULL, test_db, &o), PTL_EINVALID);
	}
	after = get();
	ck_assert_str_eq(after->values[PTL_STRUCTURE_CITY], before->values[PTL_STRUCTURE_CITY]);
	ck_assert_str_eq(after->values[PTL_STRUCTURE_NAME], before->values[PTL_STRUCTURE_NAME]);
	ptl_structure_free(before);
	ptl_structure_free(after);

	/* An options struct of an unknown version is refused. */
	{
		ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;

		o.version = PTL_STRUCTURE_OPTIONS_VERSION + 1;
		ck_assert_status(ptl_structure_set(NULL, test_db, &o), PTL_EINVALID);
	}
}
END_TEST

START_TEST(test_structure_fields_are_named_and_labelled)
{
	ck_assert_str_eq(ptl_structure_field_name(PTL_STRUCTURE_OPENING_HOURS), "opening_hours");
	ck_assert_str_eq(ptl_structure_field_label(PTL_STRUCTURE_OPENING_HOURS), "Horaires d’ouverture");
	/* Each field is one of the field table's, with its rules. */
	for (int i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++)
		ck_assert_msg(ptl_field_find("structure", ptl_structure_field_name(i)) != NULL,
		              "structure.%s is not in the field table", ptl_structure_field_name(i));
	ck_assert_ptr_null(ptl_structure_field_name(PTL_STRUCTURE_FIELD_COUNT));
	ck_assert_ptr_null(ptl_structure_field_label((ptl_structure_field)-1));
	/* Every field is a column of the table, under its own name. */
	for (int i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++) {
		char sql[256];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM information_schema.columns"
		         " WHERE table_name = 'structure' AND column_name = '%s'",
		         ptl_structure_field_name(i));
		ck_assert_msg(test_scalar(sql) == 1, "no column %s", ptl_structure_field_name(i));
	}
}
END_TEST

/* The database refuses what the library's rules refuse. */
START_TEST(test_structure_constraints_agree_with_the_rules)
{
	static const char *const refused[] = {
		"UPDATE structure SET phone = '12345'",
		"UPDATE structure SET postcode = '4519'",
		"UPDATE structure SET phone = '0012345678'",
		"UPDATE structure SET email = 'Majuscule@example.org'",
		"UPDATE structure SET opening_hours = repeat('a', 501)",
		"INSERT INTO structure (singleton) VALUES (false)",
		"INSERT INTO structure DEFAULT VALUES",
	};
	PGconn *conn = PQconnectdb(test_conninfo);

	ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		PGresult *res = PQexec(conn, refused[i]);

		ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR, "accepted: %s", refused[i]);
		PQclear(res);
	}
	PQfinish(conn);
}
END_TEST

START_TEST(test_structure_demo_fills_it_once)
{
	ptl_structure *s;

	set_one(PTL_STRUCTURE_NAME, "Le nom choisi par le gestionnaire", PTL_OK);
	ck_assert_status(ptl_demo_load(NULL, test_db), PTL_OK);
	s = get();
	ck_assert_str_eq(s->values[PTL_STRUCTURE_NAME], "Le nom choisi par le gestionnaire");
	ptl_structure_free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("structure");
	TCase *tc = tcase_create("structure");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 60);
	/* In this order: the first one sees the table as the migration left it. */
	tcase_add_test(tc, test_structure_empty_until_set);
	tcase_add_test(tc, test_structure_set_changes_only_the_fields_given);
	tcase_add_test(tc, test_structure_each_field_has_its_rule);
	tcase_add_test(tc, test_structure_fields_are_named_and_labelled);
	tcase_add_test(tc, test_structure_constraints_agree_with_the_rules);
	tcase_add_test(tc, test_structure_demo_fills_it_once);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
