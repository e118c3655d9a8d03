/*
 * test-http-week.c — the typical week (semaine type) endpoints over real
 * HTTP, as the pages use them (reservation-api.md): reading the stored
 * week (401 without a session, empty before one is stored, 404 for another
 * family's enrolment), previewing a week (the days it would book, a full
 * day with its waiting rank, the closure skipped with its French reason,
 * nothing written), storing it (403 without the CSRF token, 422 with the
 * field of a malformed slot, the bookings made), and a changed week that
 * cancels only what the previous one booked, and does not book again a day
 * the family cancelled (skipped with its French reason).
 * The server's clock is 2026-11-26 (PORTAIL_NOW); the catalogue is
 * catalogue-fixture.h: mercredis-2026 opens on Wednesdays, closed on
 * 2026-12-23; elementaires has 1 place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "catalogue-fixture.h"
#include "harness.h"
#include "suite.h"
#include "testdb.h"

#define NOW "2026-11-26T08:00:00Z"
#define PASSWORD "Banc-d-essai-2026"

static char *conninfo;

/* The item of list @p list of @p obj for day @p day. */
static json_t *item_on(json_t *obj, const char *list, const char *day)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(obj, list), i, e)
		if (strcmp(json_string_value(json_object_get(e, "day")), day) == 0)
			return e;
	ck_abort_msg("no %s in %s", day, list);
	return NULL;
}

static const char *text(json_t *obj, const char *name)
{
	const char *v = json_string_value(json_object_get(obj, name));

	ck_assert_msg(v != NULL, "%s is not a string", name);
	return v;
}

/* @p action ("book" or "cancel") journee on @p day through @p path (an
 * enrolment's reservations), as Mes réservations does. */
static void by_hand(struct http_client *c, const char *path, const char *action,
                    const char *day)
{
	struct http_reply *r = http_call_json(c, "POST", path,
	                                      json_pack("{s:[{s:s, s:s}]}", action, "day", day,
	                                                "unit", "journee"), c->csrf);

	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
}

/* A week body: journee on Wednesdays of @p weeks, up to 2027-01-31. */
static json_t *wednesdays(const char *weeks)
{
	return json_pack("{s:[{s:i, s:s, s:s}], s:s}", "slots", "weekday", 3, "unit", "journee",
	                 "weeks", weeks, "to", "2027-01-31");
}

START_TEST(test_http_week_get_preview_put)
{
	struct test_server_opts so = { .conninfo = conninfo, .now = NOW };
	struct test_server s;
	struct http_client c, other;
	struct http_reply *r;
	ptl_demo_generated made;
	ptl_db *db = NULL;
	char week[96], preview[112], hugo_book[112], lea_book[112];
	int64_t lea;

	test_sql(conninfo, TEST_CATALOGUE_SQL);
	test_sql(conninfo, TEST_RESERVATION_UNITS_SQL);
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_demo_generate(&made, db, 2, PASSWORD), PTL_OK);
	ptl_db_close(db);
	lea = ptl_test_db_enrol(conninfo, made.first_family_id, 1, "Léa");
	ptl_test_db_enrol(conninfo, made.first_family_id + 1, 1, "Hugo");
	snprintf(week, sizeof(week), "/api/v1/enrolments/%lld/week", (long long)lea);
	snprintf(preview, sizeof(preview), "/api/v1/enrolments/%lld/week/preview", (long long)lea);
	snprintf(hugo_book, sizeof(hugo_book), "/api/v1/enrolments/%lld/reservations",
	         (long long)lea + 1);
	snprintf(lea_book, sizeof(lea_book), "/api/v1/enrolments/%lld/reservations", (long long)lea);
	test_server_start(&s, &so);
	http_client_init(&c, &s);
	http_client_init(&other, &s);

	r = http_call(&c, "GET", week, NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	{
		char email[128];

		snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL,
		         (long long)made.first_family_id);
		http_reply_free(http_login(&c, email, PASSWORD));
		snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL,
		         (long long)made.first_family_id + 1);
		http_reply_free(http_login(&other, email, PASSWORD));
	}

	/* None stored yet; not the other family's. */
	r = http_call(&c, "GET", week, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "slots")), 0);
	ck_assert(json_is_null(json_object_get(r->json, "from")));
	ck_assert(json_is_null(json_object_get(r->json, "to")));
	http_reply_free(r);
	r = http_call(&other, "GET", week, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	r = http_call_json(&other, "POST", preview, wednesdays("all"), other.csrf);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* Hugo holds the one place of 9 December. */
	by_hand(&other, hugo_book, "book", "2026-12-09");

	/* The preview: booked, waiting with its rank, the closure skipped. */
	r = http_call_json(&c, "POST", preview, wednesdays("all"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "book")), 8);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "cancel")), 0);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "skipped")), 1);
	ck_assert_str_eq(text(item_on(r->json, "book", "2026-12-02"), "outcome"), "booked");
	ck_assert_str_eq(text(item_on(r->json, "book", "2026-12-02"), "unit"), "journee");
	ck_assert_str_eq(text(item_on(r->json, "book", "2026-12-09"), "outcome"), "waiting");
	ck_assert_int_eq(json_integer_value(json_object_get(item_on(r->json, "book", "2026-12-09"),
	                                                    "rank")), 1);
	ck_assert_str_eq(text(item_on(r->json, "skipped", "2026-12-23"), "reason_code"), "closed");
	ck_assert_str_eq(text(item_on(r->json, "skipped", "2026-12-23"), "reason"),
	                 "Fermé (Vacances de Noël)");
	http_reply_free(r);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT count(*) FROM reservation"), 1);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT count(*) FROM typical_week"), 0);

	/* Storing: the CSRF token, then malformed slots with their field. */
	r = http_call_json(&c, "PUT", week, wednesdays("all"), NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call_json(&c, "PUT", week, wednesdays("sometimes"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "slots[0].weeks");
	http_reply_free(r);
	r = http_call_json(&c, "PUT", week,
	                   json_pack("{s:[{s:i, s:s}, {s:i, s:s}]}", "slots", "weekday", 3, "unit",
	                             "journee", "weekday", 3, "unit", "goûter"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "slots[1].unit");
	http_reply_free(r);
	r = http_call_json(&c, "PUT", week, json_pack("{s:[{s:i, s:s}]}", "slots", "weekday", 9,
	                                               "unit", "journee"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "slots[0].weekday");
	http_reply_free(r);
	r = http_call_json(&c, "PUT", week, json_pack("{s:s}", "slots", "mercredi"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "slots");
	http_reply_free(r);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT count(*) FROM reservation"), 1);

	r = http_call_json(&c, "PUT", week, wednesdays("all"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "results")), 9);
	ck_assert_str_eq(text(item_on(r->json, "results", "2026-12-09"), "outcome"), "waiting");
	ck_assert_str_eq(text(item_on(r->json, "results", "2026-12-23"), "outcome"), "refused");
	http_reply_free(r);
	r = http_call(&c, "GET", week, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(
		json_array_get(json_object_get(r->json, "slots"), 0), "weekday")), 3);
	ck_assert_str_eq(text(json_array_get(json_object_get(r->json, "slots"), 0), "weeks"), "all");
	ck_assert_str_eq(text(r->json, "from"), "2026-11-26");
	ck_assert_str_eq(text(r->json, "to"), "2027-01-31");
	http_reply_free(r);

	/* Even weeks only: the preview cancels the odd Wednesdays the week
	 * booked (2, 16, 30 December, 6 and 20 January); storing does it. */
	r = http_call_json(&c, "POST", preview, wednesdays("even"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "cancel")), 5);
	ck_assert_str_eq(text(item_on(r->json, "cancel", "2026-12-16"), "outcome"), "cancelled");
	http_reply_free(r);
	r = http_call_json(&c, "PUT", week, wednesdays("even"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	ck_assert_int_eq(test_sql_long(conninfo, "SELECT count(*) FROM reservation"
	                                         " WHERE source = 'week' AND status <> 'cancelled'"),
	                 3);

	/* Léa is ill: her family cancels Wednesday 13 January on Mes
	 * réservations. Storing the week again does not book it: the preview
	 * says so with its French reason. */
	by_hand(&c, lea_book, "cancel", "2027-01-13");
	r = http_call_json(&c, "POST", preview, wednesdays("even"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "book")), 0);
	ck_assert_str_eq(text(item_on(r->json, "skipped", "2027-01-13"), "reason_code"),
	                 "already_cancelled");
	ck_assert_str_eq(text(item_on(r->json, "skipped", "2027-01-13"), "reason"),
	                 "Annulé par vous le 26 novembre 2026");
	http_reply_free(r);

	http_client_cleanup(&c);
	http_client_cleanup(&other);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

int main(void)
{
	Suite *suite = suite_create("http_week");
	TCase *tc = tcase_create("week");

	tcase_set_timeout(tc, 110);
	tcase_add_test(tc, test_http_week_get_preview_put);
	suite_add_tcase(suite, tc);
	return ptl_test_run_with_db(suite, "http_week", &conninfo);
}
