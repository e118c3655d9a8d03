/*
 * test-csv.c — the CSV reader of core/csv.c without a database: fields,
 * quotes, doubled quotes, line breaks inside quotes (the line numbers that
 * reports give stay right), CRLF and LF, a byte order mark, blank lines,
 * and the malformed cases.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

static struct ptl__csv reader(const char *text)
{
	return (struct ptl__csv){ .text = text, .len = strlen(text) };
}

START_TEST(test_csv_fields_and_lines)
{
	struct ptl__csv r = reader("\xEF\xBB\xBF" "day,unit\r\n2026-12-02,journee\r\n\r\n"
	                           "2026-12-09,\"re\"\"pas, \"\"midi\"\"\"\n"
	                           "\"a\nb\",x\n,\n");

	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);
	ck_assert_uint_eq(r.count, 2);
	ck_assert_str_eq(r.fields[0], "day");
	ck_assert_uint_eq(r.line, 1);
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);
	ck_assert_str_eq(r.fields[1], "journee");
	ck_assert_uint_eq(r.line, 2);
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);  /* the blank line 3 skipped */
	ck_assert_uint_eq(r.line, 4);
	ck_assert_str_eq(r.fields[1], "re\"pas, \"midi\"");
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);
	ck_assert_uint_eq(r.line, 5);
	ck_assert_str_eq(r.fields[0], "a\nb");
	ck_assert_str_eq(r.fields[1], "x");
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);  /* two empty fields */
	ck_assert_uint_eq(r.line, 7);
	ck_assert_uint_eq(r.count, 2);
	ck_assert_str_eq(r.fields[0], "");
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_END);
	ptl__csv_free(&r);
}
END_TEST

START_TEST(test_csv_last_line_without_end)
{
	struct ptl__csv r = reader("a,b");

	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);
	ck_assert_str_eq(r.fields[1], "b");
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_END);
	ptl__csv_free(&r);
}
END_TEST

START_TEST(test_csv_malformed)
{
	struct ptl__csv r = reader("a,b\n\"open,c\n");
	struct ptl__csv s = reader("a\n\"x\"y,z\n");
	struct ptl__csv t = reader("a\nx\"y\n");

	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_RECORD);
	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_MALFORMED);
	ck_assert_uint_eq(r.line, 2);
	ck_assert_int_eq(ptl__csv_next(&s), PTL__CSV_RECORD);
	ck_assert_int_eq(ptl__csv_next(&s), PTL__CSV_MALFORMED);  /* text after the quote */
	ck_assert_int_eq(ptl__csv_next(&t), PTL__CSV_RECORD);
	ck_assert_int_eq(ptl__csv_next(&t), PTL__CSV_MALFORMED);  /* a quote inside a field */
	ptl__csv_free(&r);
	ptl__csv_free(&s);
	ptl__csv_free(&t);
}
END_TEST

START_TEST(test_csv_empty)
{
	struct ptl__csv r = reader("");

	ck_assert_int_eq(ptl__csv_next(&r), PTL__CSV_END);
	ptl__csv_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("reader");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_csv_fields_and_lines);
	tcase_add_test(tc, test_csv_last_line_without_end);
	tcase_add_test(tc, test_csv_malformed);
	tcase_add_test(tc, test_csv_empty);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
