/*
 * test-query.c — portail-web's query-string parser (portail-web/query.c):
 * percent-decoding, the parameters a route takes, repeated names refused
 * or kept in order, and the bounds.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "query.h"
#include "suite.h"

static const struct web_query_param calendar[] = {
	{ "from", false }, { "to", false }, { "status", true }, { NULL, false },
};

START_TEST(test_query_reads_the_named_parameters)
{
	struct web_query q;
	const char *status[4];

	ck_assert_int_eq(web_query_parse(&q, "from=2026-12-01&to=2026-12-31&status=pending",
	                                 calendar), WEB_QUERY_OK);
	ck_assert_str_eq(web_query_get(&q, "from"), "2026-12-01");
	ck_assert_str_eq(web_query_get(&q, "to"), "2026-12-31");
	ck_assert_uint_eq(web_query_get_all(&q, "status", status, 4), 1);
	ck_assert_str_eq(status[0], "pending");
	ck_assert_ptr_null(web_query_get(&q, "family"));
}
END_TEST

START_TEST(test_query_empty_or_absent)
{
	struct web_query q;

	ck_assert_int_eq(web_query_parse(&q, NULL, calendar), WEB_QUERY_OK);
	ck_assert_uint_eq(q.count, 0);
	ck_assert_int_eq(web_query_parse(&q, "", NULL), WEB_QUERY_OK);
	ck_assert_uint_eq(q.count, 0);
	/* Empty pieces between separators are nothing. */
	ck_assert_int_eq(web_query_parse(&q, "&from=1&&", calendar), WEB_QUERY_OK);
	ck_assert_uint_eq(q.count, 1);
	/* A name without "=" has the empty value; "to=" too. */
	ck_assert_int_eq(web_query_parse(&q, "from&to=", calendar), WEB_QUERY_OK);
	ck_assert_str_eq(web_query_get(&q, "from"), "");
	ck_assert_str_eq(web_query_get(&q, "to"), "");
}
END_TEST

START_TEST(test_query_percent_decoding)
{
	struct web_query q;

	ck_assert_int_eq(web_query_parse(&q, "status=l%E2%80%99%C3%A9t%c3%a9+2026%2B1%26x%3Dy",
	                                 calendar), WEB_QUERY_OK);
	ck_assert_str_eq(web_query_get(&q, "status"), "l’été 2026+1&x=y");
	/* Names are decoded too. */
	ck_assert_int_eq(web_query_parse(&q, "%66rom=1", calendar), WEB_QUERY_OK);
	ck_assert_str_eq(web_query_get(&q, "from"), "1");
}
END_TEST

START_TEST(test_query_malformed_is_refused)
{
	static const char *const bad[] = {
		"from=%",            /* escape cut short */
		"from=%4",
		"from=%zz",          /* not hex */
		"from=a%00b",        /* NUL */
		"from=%0A",          /* control character */
		"from=%C3",          /* cut UTF-8 */
		"from=%C0%AF",       /* overlong */
		"from=%ED%A0%80",    /* surrogate */
		"from=%FF",
		"=1",                /* no name */
		"%zz=1",
	};
	struct web_query q;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(web_query_parse(&q, bad[i], calendar) == WEB_QUERY_MALFORMED,
		              "%s accepted", bad[i]);
	web_query_parse(&q, "from=%zz", calendar);
	ck_assert_str_eq(q.fault, "from");
}
END_TEST

START_TEST(test_query_unknown_and_repeated)
{
	struct web_query q;
	const char *status[2];

	ck_assert_int_eq(web_query_parse(&q, "from=1&family=2", calendar), WEB_QUERY_UNKNOWN);
	ck_assert_str_eq(q.fault, "family");
	/* A route that takes none refuses any. */
	ck_assert_int_eq(web_query_parse(&q, "from=1", NULL), WEB_QUERY_UNKNOWN);
	/* Repeated: refused unless the route says it may repeat. */
	ck_assert_int_eq(web_query_parse(&q, "from=1&to=2&from=3", calendar),
	                 WEB_QUERY_REPEATED);
	ck_assert_str_eq(q.fault, "from");
	ck_assert_int_eq(web_query_parse(&q, "status=pending&status=accepted&status=refused",
	                                 calendar), WEB_QUERY_OK);
	ck_assert_uint_eq(web_query_get_all(&q, "status", status, 2), 3);
	ck_assert_str_eq(status[0], "pending");
	ck_assert_str_eq(status[1], "accepted");
	ck_assert_str_eq(web_query_get(&q, "status"), "pending");
}
END_TEST

START_TEST(test_query_bounds)
{
	static const struct web_query_param any_status[] = { { "status", true }, { NULL, false } };
	char raw[WEB_QUERY_MAX_BYTES + 64];
	struct web_query q;
	size_t n = 0;

	/* Exactly the most parameters, the longest query: accepted. */
	for (int i = 0; i < WEB_QUERY_MAX_PARAMS; i++)
		n += (size_t)snprintf(raw + n, sizeof(raw) - n, "%sstatus", i ? "&" : "");
	ck_assert_int_eq(web_query_parse(&q, raw, any_status), WEB_QUERY_OK);
	ck_assert_uint_eq(q.count, WEB_QUERY_MAX_PARAMS);
	snprintf(raw + n, sizeof(raw) - n, "&status");
	ck_assert_int_eq(web_query_parse(&q, raw, any_status), WEB_QUERY_TOO_MANY);

	memcpy(raw, "status=", 7);
	memset(raw + 7, 'a', WEB_QUERY_MAX_BYTES - 7);
	raw[WEB_QUERY_MAX_BYTES] = '\0';
	ck_assert_int_eq(web_query_parse(&q, raw, any_status), WEB_QUERY_OK);
	ck_assert_uint_eq(strlen(web_query_get(&q, "status")), WEB_QUERY_MAX_BYTES - 7);
	raw[WEB_QUERY_MAX_BYTES] = 'a';
	raw[WEB_QUERY_MAX_BYTES + 1] = '\0';
	ck_assert_int_eq(web_query_parse(&q, raw, any_status), WEB_QUERY_TOO_LONG);

	/* The worst case for the buffer: one-letter names without values. */
	n = 0;
	for (int i = 0; i < WEB_QUERY_MAX_PARAMS; i++)
		n += (size_t)snprintf(raw + n, sizeof(raw) - n, "%ss", i ? "&" : "");
	{
		static const struct web_query_param s_only[] = { { "s", true }, { NULL, false } };

		ck_assert_int_eq(web_query_parse(&q, raw, s_only), WEB_QUERY_OK);
		ck_assert_uint_eq(q.count, WEB_QUERY_MAX_PARAMS);
	}
}
END_TEST

/* Random queries from the characters that matter: never a crash, never a
 * value that is not text (run under the sanitizers by CI). */
START_TEST(test_query_random_inputs)
{
	static const char alphabet[] = "fromtstau=&%+0A9Ffz\xC3\xA9\xE2\x80\x99\x01 ";
	static const struct web_query_param any[] = {
		{ "from", false }, { "to", true }, { "s", true }, { "f", false }, { NULL, false },
	};
	unsigned int seed = 12345;
	char raw[96];
	struct web_query q;

	for (int round = 0; round < 50000; round++) {
		size_t len = (seed = seed * 1103515245u + 12345u) >> 16 & 63;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			raw[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		raw[len] = '\0';
		if (web_query_parse(&q, raw, any) != WEB_QUERY_OK)
			continue;
		for (size_t i = 0; i < q.count; i++) {
			ck_assert(q.names[i][0] != '\0');
			for (const char *c = q.values[i]; *c; c++)
				ck_assert((unsigned char)*c >= 0x20);
		}
	}
}
END_TEST

static Suite *query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_query_reads_the_named_parameters);
	tcase_add_test(tc, test_query_empty_or_absent);
	tcase_add_test(tc, test_query_percent_decoding);
	tcase_add_test(tc, test_query_malformed_is_refused);
	tcase_add_test(tc, test_query_unknown_and_repeated);
	tcase_add_test(tc, test_query_bounds);
	tcase_add_test(tc, test_query_random_inputs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run(query_suite());
}
