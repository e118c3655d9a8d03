/*
 * test-field.c — the field table (portail/field.h) without a database: its
 * lookups, its French messages, and that the pattern of each format, which
 * the pages use, accepts exactly what the library's own checks accept.
 */
#include <check.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/portail.h>

#include "core/text.h"

START_TEST(test_field_lookup)
{
	const ptl_field *f = ptl_field_find("child", "school_level");
	size_t n = ptl_field_count();

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->label_fr, "Niveau scolaire");
	ck_assert_int_eq(f->format, PTL_FIELD_CHOICE);
	ck_assert_uint_eq(f->value_count, 15);
	ck_assert_str_eq(f->values[0].value, "PS");
	ck_assert_str_eq(f->values[0].label_fr, "Petite section (PS)");
	ck_assert_str_eq(f->values[14].value, "Tle");
	ck_assert_ptr_null(ptl_field_find("child", "email"));
	ck_assert_ptr_null(ptl_field_find(NULL, "email"));
	ck_assert_ptr_null(ptl_field_at(n));
	ck_assert_str_eq(ptl_field_find("guardian", "email")->object, "guardian");
	ck_assert_uint_eq(ptl_field_find("guardian", "address")->max_chars, 200);
	ck_assert_str_eq(ptl_field_format_name(PTL_FIELD_PHONE_FR), "phone_fr");
	ck_assert_str_eq(ptl_field_format_name((ptl_field_format)99), "");
	ck_assert_str_eq(ptl_field_format_pattern((ptl_field_format)99), "");
}
END_TEST

/* Every entry is complete, found again by its name, and written in French
 * with the typographic apostrophe. */
START_TEST(test_field_table_is_complete)
{
	for (size_t i = 0; i < ptl_field_count(); i++) {
		const ptl_field *f = ptl_field_at(i);

		ck_assert_ptr_eq(ptl_field_find(f->object, f->name), f);
		ck_assert_msg(*f->label_fr && *f->subject_fr, "%s.%s has no label", f->object, f->name);
		ck_assert_ptr_null(strchr(f->label_fr, '\''));
		ck_assert_ptr_null(strchr(f->subject_fr, '\''));
		ck_assert_msg((f->format == PTL_FIELD_CHOICE) == (f->value_count > 0),
		              "%s.%s: values only for choices", f->object, f->name);
		for (size_t v = 0; v < f->value_count; v++)
			ck_assert_ptr_null(strchr(f->values[v].label_fr, '\''));
		for (int p = PTL_FIELD_MISSING; p <= PTL_FIELD_NOT_TEXT; p++) {
			char fr[256];
			ptl_field_message_fr(fr, sizeof(fr), f, (ptl_field_problem)p);
			ck_assert_msg(*fr && !strchr(fr, '\''), "%s.%s: message %d: %s", f->object,
			              f->name, p, fr);
		}
	}
}
END_TEST

START_TEST(test_field_messages)
{
	ptl_field one = *ptl_field_find("guardian", "city");
	char fr[256];
	size_t n;

	ptl_field_message_fr(fr, sizeof(fr), &one, PTL_FIELD_TOO_LONG);
	ck_assert_str_eq(fr, "La commune ne doit pas dépasser 100 caractères.");
	one.max_chars = 1;
	ptl_field_message_fr(fr, sizeof(fr), &one, PTL_FIELD_TOO_LONG);
	ck_assert_str_eq(fr, "La commune ne doit pas dépasser 1 caractère.");
	one.max_chars = 2;
	ptl_field_message_fr(fr, sizeof(fr), &one, PTL_FIELD_TOO_LONG);
	ck_assert_str_eq(fr, "La commune ne doit pas dépasser 2 caractères.");
	ptl_field_message_fr(fr, sizeof(fr), ptl_field_find("child", "first_name"), PTL_FIELD_MISSING);
	ck_assert_str_eq(fr, "Le prénom est obligatoire.");
	ptl_field_message_fr(fr, sizeof(fr), ptl_field_find("guardian", "phone"),
	                     PTL_FIELD_BAD_FORMAT);
	ck_assert_str_eq(fr, "Le numéro de téléphone doit comporter 10 chiffres (exemple : 06 12 34 56 78).");
	ptl_field_message_fr(fr, sizeof(fr), ptl_field_find("child", "sex"), PTL_FIELD_BAD_FORMAT);
	ck_assert_str_eq(fr, "Choisissez une valeur de la liste pour «\u00a0Sexe\u00a0».");
	ptl_field_message_fr(fr, sizeof(fr), ptl_field_find("guardian", "address"),
	                     PTL_FIELD_NOT_TEXT);
	ck_assert_str_eq(fr, "L’adresse contient des caractères non valides.");
	/* Truncated like snprintf, with the whole length returned. */
	n = ptl_field_message_fr(fr, 8, ptl_field_find("child", "first_name"), PTL_FIELD_MISSING);
	ck_assert_uint_eq(n, strlen("Le prénom est obligatoire."));
	ck_assert_uint_eq(strlen(fr), 7);
	ck_assert_uint_eq(ptl_field_message_fr(fr, sizeof(fr), NULL, PTL_FIELD_MISSING), 0);
}
END_TEST

/* Does the whole of @p s match the format's pattern, as an HTML pattern
 * attribute reads it (anchored at both ends)? */
static bool pattern_matches(ptl_field_format format, const char *s)
{
	char anchored[512];
	regex_t re;
	bool hit;

	snprintf(anchored, sizeof(anchored), "^(%s)$", ptl_field_format_pattern(format));
	ck_assert_int_eq(regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB), 0);
	hit = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return hit;
}

START_TEST(test_field_patterns_agree_with_checks)
{
	static const char *const phones[] = {
		"0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78",
		"+33 6 12 34 56 78", "+33612345678", "+33 (0)6 12 34 56 78", "+33(0)612345678",
		"02 38 00 00 01", "0012345678", "061234567", "06123456789", "+34 6 12 34 56 78",
		"+33 0 12 34 56 78", "06 12 34 56 7a", "6 12 34 56 78", "06  12--34..56 78",
		"(0)6 12 34 56 78", "+33 (0)0 12 34 56 78", "06/12/34/56/78",
	};
	static const char *const postcodes[] = {
		"45000", "45190", "01000", "20000", "95880", "97400", "98800", "00100", "96000",
		"99000", "4500", "450000", "4500a", "2A000",
	};
	char out[11];

	for (size_t i = 0; i < sizeof(phones) / sizeof(phones[0]); i++)
		ck_assert_msg(pattern_matches(PTL_FIELD_PHONE_FR, phones[i]) ==
		              ptl__phone_fr_normalize(phones[i], out), "phone %s", phones[i]);
	for (size_t i = 0; i < sizeof(postcodes) / sizeof(postcodes[0]); i++)
		ck_assert_msg(pattern_matches(PTL_FIELD_POSTCODE_FR, postcodes[i]) ==
		              ptl__postcode_fr_valid(postcodes[i]), "postcode %s", postcodes[i]);
	ck_assert(pattern_matches(PTL_FIELD_DATE, "2019-05-06"));
	ck_assert(!pattern_matches(PTL_FIELD_DATE, "06/05/2019"));
}
END_TEST

static Suite *field_suite(void)
{
	Suite *s = suite_create("field");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_field_lookup);
	tcase_add_test(tc, test_field_table_is_complete);
	tcase_add_test(tc, test_field_messages);
	tcase_add_test(tc, test_field_patterns_agree_with_checks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(field_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
