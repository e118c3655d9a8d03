/*
 * test-json-writer.c — the JSON text writer of libportail-json
 * (libportail/json/writer.h) gives, byte for byte, what json_dumps(...,
 * JSON_COMPACT) gives of the same tree: the web API's answers must not
 * change when a representation is written as text. Each case writes a
 * document both ways and compares; text that is not UTF-8 fails both
 * ways. No database.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "suite.h"
#include "writer.h"

/* {"s": TEXT} written by the writer, or NULL when it refused it. */
static char *written(const char *text)
{
	struct ptl__jw w = { 0 };

	ptl__jw_open(&w, NULL, '{');
	ptl__jw_string(&w, "s", text);
	ptl__jw_close(&w, '}');
	return ptl__jw_finish(&w);
}

/* The same through jansson, or NULL when json_string() refuses it. */
static char *dumped(const char *text)
{
	json_t *s = json_string(text), *obj;
	char *out;

	if (!s)
		return NULL;
	obj = json_pack("{s:o}", "s", s);
	out = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	return out;
}

START_TEST(test_writer_strings_as_jansson)
{
	static const char *const texts[] = {
		"", "plain", "with \"quotes\" and \\ backslash", "a/b", "tab\there",
		"\b\f\n\r\t", "\x01\x02\x1f end", "\x7f", "Jour férié (Jour de l’an)",
		"€ 12", "emoji \xf0\x9f\x98\x80", "Ω\xe2\x80\xa8", "À l’école",
		/* not UTF-8: a lone continuation byte, a truncated sequence, an
		 * overlong '/', a surrogate, past U+10FFFF, a bad lead byte */
		"\x80", "abc\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *a = written(texts[i]), *b = dumped(texts[i]);

		if (b)
			ck_assert_msg(a && strcmp(a, b) == 0, "case %zu: %s != %s", i, a ? a : "NULL", b);
		else
			ck_assert_msg(!a, "case %zu: written although jansson refuses it", i);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(test_writer_document_as_jansson)
{
	struct ptl__jw w = { 0 };
	json_t *tree;
	char *a, *b;
	ptl_day d;

	ck_assert_int_eq(ptl_day_parse(&d, "2027-01-06"), PTL_OK);
	ptl__jw_open(&w, NULL, '{');
	ptl__jw_int(&w, "zero", 0);
	ptl__jw_int(&w, "min", INT64_MIN);
	ptl__jw_int(&w, "max", INT64_MAX);
	ptl__jw_int(&w, "minus", -42);
	ptl__jw_int_or_null(&w, "rank", 0);
	ptl__jw_int_or_null(&w, "rank2", 3);
	ptl__jw_bool(&w, "yes", true);
	ptl__jw_bool(&w, "no", false);
	ptl__jw_null(&w, "nothing");
	ptl__jw_text(&w, "text", NULL);
	ptl__jw_string(&w, "string", NULL);
	ptl__jw_day(&w, "day", d);
	ptl__jw_time(&w, "never", 0);
	ptl__jw_time(&w, "at", 1798761600);
	ptl__jw_open(&w, "empty", '{');
	ptl__jw_close(&w, '}');
	ptl__jw_open(&w, "list", '[');
	ptl__jw_open(&w, NULL, '[');
	ptl__jw_close(&w, ']');
	ptl__jw_int(&w, NULL, 1);
	ptl__jw_string(&w, NULL, "two");
	ptl__jw_open(&w, NULL, '{');
	ptl__jw_open(&w, "inner", '[');
	ptl__jw_null(&w, NULL);
	ptl__jw_close(&w, ']');
	ptl__jw_close(&w, '}');
	ptl__jw_close(&w, ']');
	ptl__jw_close(&w, '}');
	a = ptl__jw_finish(&w);
	tree = json_pack("{s:I, s:I, s:I, s:I, s:n, s:i, s:b, s:b, s:n, s:s, s:n, s:s, s:n, s:s,"
	                 " s:{}, s:[[], i, s, {s:[n]}]}",
	                 "zero", (json_int_t)0, "min", (json_int_t)INT64_MIN,
	                 "max", (json_int_t)INT64_MAX, "minus", (json_int_t)-42, "rank",
	                 "rank2", 3, "yes", 1, "no", 0, "nothing", "text", "", "string",
	                 "day", "2027-01-06", "never", "at", "2027-01-01T00:00:00Z", "empty",
	                 "list", 1, "two", "inner");
	ck_assert_ptr_nonnull(tree);
	b = json_dumps(tree, JSON_COMPACT);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a, b);
	json_decref(tree);
	free(a);
	free(b);

	/* A long text grows the buffer and stays whole. */
	{
		char *big = malloc(100001), *x, *y;

		memset(big, 'e', 100000);
		big[100000] = '\0';
		big[500] = '\n';
		x = written(big);
		y = dumped(big);
		ck_assert_ptr_nonnull(x);
		ck_assert_str_eq(x, y);
		free(x);
		free(y);
		free(big);
	}
}
END_TEST

START_TEST(test_writer_parse)
{
	struct ptl__jw w = { 0 };
	json_t *j;

	ptl__jw_open(&w, NULL, '{');
	ptl__jw_string(&w, "a", "b");
	ptl__jw_close(&w, '}');
	j = ptl__jw_finish_json(&w);
	ck_assert_str_eq(json_string_value(json_object_get(j, "a")), "b");
	json_decref(j);

	/* A failure sticks: no text, no tree. */
	ptl__jw_open(&w, NULL, '{');
	ptl__jw_string(&w, "a", "\xff");
	ptl__jw_string(&w, "b", "fine");
	ptl__jw_close(&w, '}');
	ck_assert_ptr_null(ptl__jw_finish_json(&w));
}
END_TEST

static Suite *writer_suite(void)
{
	Suite *s = suite_create("json-writer");
	TCase *tc = tcase_create("as-jansson");

	tcase_add_test(tc, test_writer_strings_as_jansson);
	tcase_add_test(tc, test_writer_document_as_jansson);
	tcase_add_test(tc, test_writer_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run(writer_suite());
}
