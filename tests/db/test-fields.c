/*
 * test-fields.c — the field table against the database and through the
 * library: the CHECK constraints of the schema agree with the table (read
 * from the catalogue), and the library refuses values with the table's
 * rules and messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Every CHECK constraint on @p table.@p column, in PostgreSQL's own words,
 * one after another (caller frees); NULL when the column does not exist. */
static char *column_checks(PGconn *conn, const char *table, const char *column)
{
	const char *params[] = { table, column };
	PGresult *res = PQexecParams(conn,
		"SELECT a.attname IS NOT NULL AS exists,"
		"       coalesce(string_agg(pg_get_constraintdef(c.oid), ' ; '), '') AS defs"
		"  FROM pg_attribute a"
		"  LEFT JOIN pg_constraint c ON c.conrelid = a.attrelid AND c.contype = 'c'"
		"        AND a.attnum = ANY (c.conkey)"
		" WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped"
		" GROUP BY a.attname", 2, NULL, params, NULL, NULL, 0);
	char *defs = NULL;

	ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	if (PQntuples(res) == 1)
		defs = strdup(PQgetvalue(res, 0, PQfnumber(res, "defs")));
	PQclear(res);
	return defs;
}

/* The N of "length(column) <= N" in @p defs; -1 when there is none. A
 * second, different bound fails the test. */
static long length_bound(const char *defs, const char *column)
{
	char needle[128];
	long bound = -1;

	snprintf(needle, sizeof(needle), "length(%s) <= ", column);
	for (const char *p = strstr(defs, needle); p; p = strstr(p + 1, needle)) {
		long n = strtol(p + strlen(needle), NULL, 10);
		ck_assert_msg(bound < 0 || bound == n, "%s: two length bounds", column);
		bound = n;
	}
	return bound;
}

/* Check that the values of "column = ANY (ARRAY['a'::text, ...])" are the
 * field's values, and "" when the field is optional. */
static void check_values(const char *defs, const ptl_field *f)
{
	char needle[128], value[64];
	const char *p;
	size_t found = 0;

	snprintf(needle, sizeof(needle), "%s = ANY (ARRAY[", f->name);
	p = strstr(defs, needle);
	ck_assert_msg(p, "%s.%s: no CHECK of its values in: %s", f->object, f->name, defs);
	for (p += strlen(needle); *p == '\''; found++) {
		const char *end = strchr(p + 1, '\'');
		size_t len = (size_t)(end - p - 1);
		bool known = !f->required && len == 0;

		ck_assert(len < sizeof(value));
		memcpy(value, p + 1, len);
		value[len] = '\0';
		for (size_t i = 0; i < f->value_count; i++)
			known = known || strcmp(f->values[i].value, value) == 0;
		ck_assert_msg(known, "%s.%s: the database allows '%s'", f->object, f->name, value);
		p = strstr(end, "::text");
		ck_assert_ptr_nonnull(p);
		p += strlen("::text");
		if (strncmp(p, ", ", 2) == 0)
			p += 2;
	}
	ck_assert_uint_eq(found, f->value_count + (f->required ? 0 : 1));
}

/* The regular expression of "column ~ '...'" must accept, among values in
 * their stored form, those the field's pattern accepts. */
static void check_format(PGconn *conn, const char *defs, const ptl_field *f)
{
	static const char *const phones[] = { "0612345678", "0238000001", "0012345678",
	                                      "061234567", "06123456789", "6123456789" };
	static const char *const postcodes[] = { "45190", "01000", "20000", "97400", "98800",
	                                         "00100", "96000", "99000", "4519", "451900" };
	const char *const *samples = f->format == PTL_FIELD_PHONE_FR ? phones : postcodes;
	size_t count = f->format == PTL_FIELD_PHONE_FR ? sizeof(phones) / sizeof(phones[0])
	                                               : sizeof(postcodes) / sizeof(postcodes[0]);
	char needle[128], regex[256];
	const char *p, *end;

	snprintf(needle, sizeof(needle), "%s ~ '", f->name);
	p = strstr(defs, needle);
	ck_assert_msg(p, "%s.%s: no CHECK of its format in: %s", f->object, f->name, defs);
	p += strlen(needle);
	end = strstr(p, "'::text");
	ck_assert(end && (size_t)(end - p) < sizeof(regex));
	memcpy(regex, p, (size_t)(end - p));
	regex[end - p] = '\0';
	for (size_t i = 0; i < count; i++) {
		const char *params[] = { samples[i], regex, ptl_field_format_pattern(f->format) };
		PGresult *res = PQexecParams(conn,
			"SELECT ($1 ~ $2) = ($1 ~ ('^(' || $3 || ')$')) AS agree", 3, NULL, params,
			NULL, NULL, 0);
		ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
		ck_assert_msg(strcmp(PQgetvalue(res, 0, 0), "t") == 0, "%s.%s: '%s' is judged apart",
		              f->object, f->name, samples[i]);
		PQclear(res);
	}
	ck_assert_str_eq(regex + strlen(regex) - 3, ")?$");   /* "" stays allowed */
}

START_TEST(test_fields_sql_checks_agree_with_table)
{
	PGconn *conn = PQconnectdb(test_conninfo);
	size_t limits = 0;

	ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
	for (size_t i = 0; i < ptl_field_count(); i++) {
		const ptl_field *f = ptl_field_at(i);
		char *defs = column_checks(conn, f->object, f->name);

		/* Each object is a table, each field one of its columns. */
		ck_assert_msg(defs, "no column %s.%s", f->object, f->name);
		if (f->max_chars) {
			ck_assert_msg(length_bound(defs, f->name) == (long)f->max_chars,
			              "%s.%s: at most %zu characters, the database says: %s",
			              f->object, f->name, f->max_chars, defs);
			limits++;
		} else {
			ck_assert_int_eq(length_bound(defs, f->name), -1);
		}
		if (f->required && f->format == PTL_FIELD_TEXT) {
			char needle[128];
			snprintf(needle, sizeof(needle), "length(%s) >= 1", f->name);
			ck_assert_msg(strstr(defs, needle), "%s.%s is required: %s", f->object, f->name,
			              defs);
		}
		if (f->format == PTL_FIELD_CHOICE)
			check_values(defs, f);
		if (f->format == PTL_FIELD_PHONE_FR || f->format == PTL_FIELD_POSTCODE_FR)
			check_format(conn, defs, f);
		free(defs);
	}
	ck_assert_uint_ge(limits, 14);
	PQfinish(conn);
}
END_TEST

static void expect_refusal(int rc, const char *object, const char *name, const char *as,
                           ptl_field_problem problem)
{
	char fr[256];

	ck_assert_int_eq(rc, PTL_EINVALID);
	ptl_field_message_fr(fr, sizeof(fr), ptl_field_find(object, name), problem);
	ck_assert_str_eq(ptl_error_last()->field, as);
	ck_assert_str_eq(ptl_error_last()->message_fr, fr);
}

START_TEST(test_fields_library_refuses_with_table_messages)
{
	char long_name[102], long_address[202];
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	ptl_child_options c = PTL_CHILD_OPTIONS_INIT;
	ptl_family *family = NULL;
	char *code = NULL;
	int64_t family_id;

	/* One character over the limits. */
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	memset(long_address, 'b', sizeof(long_address) - 1);
	long_address[sizeof(long_address) - 1] = '\0';
	in.first_name = long_name;
	in.last_name = "Champ";
	in.email = "  Champ.Table@Example.ORG ";
	expect_refusal(ptl_family_create(NULL, NULL, test_db, &in), "guardian", "first_name",
	               "first_name", PTL_FIELD_TOO_LONG);
	long_name[100] = '\0';
	in.first_name = long_name;
	in.family_name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	expect_refusal(ptl_family_create(NULL, NULL, test_db, &in), "family", "name",
	               "family_name", PTL_FIELD_TOO_LONG);
	in.family_name = "  ";
	in.address = long_address;
	expect_refusal(ptl_family_create(NULL, NULL, test_db, &in), "guardian", "address",
	               "address", PTL_FIELD_TOO_LONG);
	in.address = NULL;
	in.phone = "06 12 34 56";
	expect_refusal(ptl_family_create(NULL, NULL, test_db, &in), "guardian", "phone",
	               "phone", PTL_FIELD_BAD_FORMAT);
	in.phone = "+33 (0)6 12 34 56 78";
	in.last_name = "\x01";
	expect_refusal(ptl_family_create(NULL, NULL, test_db, &in), "guardian", "last_name",
	               "last_name", PTL_FIELD_NOT_TEXT);
	in.last_name = " ";
	expect_refusal(ptl_family_create(NULL, NULL, test_db, &in), "guardian", "last_name",
	               "last_name", PTL_FIELD_MISSING);

	/* Accepted: cleaned as the table says; the family named after its guardian. */
	in.last_name = " Champ ";
	ck_assert_status(ptl_family_create(&family_id, &code, test_db, &in), PTL_OK);
	ck_assert_status(ptl_family_get(&family, test_db, family_id), PTL_OK);
	ck_assert_str_eq(family->name, "Champ");
	ck_assert_str_eq(family->guardians[0].email, "champ.table@example.org");
	ck_assert_str_eq(family->guardians[0].phone, "0612345678");
	ck_assert_uint_eq(strlen(family->guardians[0].first_name), 100);
	ptl_family_free(family);

	c.first_name = "Lou";
	c.last_name = "Champ";
	c.birth_date = "2019-05-06";
	c.school_level = "CE3";
	expect_refusal(ptl_child_create(NULL, test_db, family_id, &c), "child", "school_level",
	               "school_level", PTL_FIELD_BAD_FORMAT);
	c.school_level = "CE1";
	c.sex = "X";
	expect_refusal(ptl_child_create(NULL, test_db, family_id, &c), "child", "sex", "sex",
	               PTL_FIELD_BAD_FORMAT);
	c.sex = "";
	c.birth_date = "2019-02-30";
	expect_refusal(ptl_child_create(NULL, test_db, family_id, &c), "child", "birth_date",
	               "birth_date", PTL_FIELD_BAD_FORMAT);
	c.birth_date = NULL;
	expect_refusal(ptl_child_create(NULL, test_db, family_id, &c), "child", "birth_date",
	               "birth_date", PTL_FIELD_MISSING);
	c.birth_date = "2019-05-06";
	ck_assert_status(ptl_child_create(NULL, test_db, family_id, &c), PTL_OK);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM child WHERE first_name = 'Lou'"
	                             " AND school_level = 'CE1' AND sex = ''"), 1);

	/* The manager's change of a login email names the input. */
	expect_refusal(ptl_account_set_email(test_db, "champ.table@example.org", "pas une adresse"),
	               "guardian", "email", "new_email", PTL_FIELD_BAD_FORMAT);
	free(code);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fields");
	TCase *tc = tcase_create("fields");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fields_sql_checks_agree_with_table);
	tcase_add_test(tc, test_fields_library_refuses_with_table_messages);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
