/*
 * test-cli-reservations.c — `portail-cli reservation list` as a manager
 * uses it, against a fresh database: a day's attendance list per group
 * (the waiting list in its order, with ranks), the filters, a cancelled
 * late day marked billed, --csv and --json, and its usage errors. The
 * bookings are made through the library, as parents make them.
 * The catalogue is catalogue-fixture.h's with a journee unit; elementaires
 * has 1 place.
 */
#include <portail/portail.h>

#include "catalogue-fixture.h"
#include "cli-run.h"
#include "testdb.h"

static char *conninfo;
static ptl_db *lib;
static ptl_demo_generated made;

static void sql(const char *text)
{
	ptl_test_db_exec(conninfo, text);
}

/* A validated enrolment of a new child @p first of family @p family. */
static void enrolled(int64_t family, const char *first)
{
	char text[1400];

	snprintf(text, sizeof(text), TEST_ENROLLED_SQL_FORMAT, (long long)family, first, 1, 1,
	         (long long)family);
	sql(text);
}

static void book(int64_t family, int64_t enrolment, const char *day, bool cancel)
{
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick pick = { day, "journee" };
	ptl_reservation_results *r = NULL;

	if (cancel) {
		in.cancel = &pick;
		in.cancel_count = 1;
	} else {
		in.book = &pick;
		in.book_count = 1;
	}
	ck_assert_int_eq(ptl_reservation_change(&r, lib, family, 0, enrolment, &in), PTL_OK);
	ptl_reservation_results_free(r);
}

static void setup(void)
{
	conninfo = ptl_test_db_create("clireservations");
	ck_assert_int_eq(ptl_db_open(&lib, conninfo), PTL_OK);
	sql(TEST_CATALOGUE_SQL);
	sql("INSERT INTO unit (period_id, code, label) SELECT id, 'journee', 'Journée'"
	    "  FROM period WHERE code = 'mercredis-2026'");
	ck_assert_int_eq(ptl_demo_generate(&made, lib, 2, "Banc-d-essai-2026"), PTL_OK);
	enrolled(made.first_family_id, "Léa");
	enrolled(made.first_family_id + 1, "Hugo");
	/* Léa booked on the 2nd, Hugo waits; both on the 9th, Hugo first. */
	book(made.first_family_id, 1, "2026-12-02", false);
	book(made.first_family_id + 1, 2, "2026-12-02", false);
	book(made.first_family_id + 1, 2, "2026-12-09", false);
	book(made.first_family_id, 1, "2026-12-09", false);
}

static void teardown(void)
{
	ptl_db_close(lib);
	lib = NULL;
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
}

START_TEST(test_cli_reservation_list_a_day_per_group)
{
	struct run r;

	run_cli(&r, conninfo, NULL, "reservation", "list", "--day", "2026-12-02", "--csv", NULL);
	run_check_out(&r, 0,
		"DAY,PERIOD,GROUP,UNIT,CHILD,STATUS,SOURCE\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,Léa Lambert,booked,parent\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,Hugo Lambert,waiting 1,parent\r\n");
	run_cli(&r, conninfo, NULL, "reservation", "list", "--from", "2026-12-01", "--to",
	        "2026-12-31", "--status", "waiting", "--json", NULL);
	assert_status(&r, 0);
	ck_assert_uint_eq(json_length(r.out), 2);
	{
		json_t *list = parse_json(r.out);

		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 1),
		                                                   "child_name")), "Léa Lambert");
		ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(list, 1), "rank")),
		                 1);
		json_decref(list);
	}
	run_free(&r);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--family", "999999", NULL);
	run_check_out(&r, 0, "No reservation matches.\n");
}
END_TEST

START_TEST(test_cli_reservation_list_billed_cancellations)
{
	struct run r;

	sql("UPDATE period SET reservation_rules ="
	    " '{\"cancelling\": {\"notice\": \"D-30 12:00\", \"late\": \"billable\"}}'");
	book(made.first_family_id, 1, "2026-12-02", true);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--status", "cancelled", "--csv", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "Léa Lambert,cancelled BILLED,parent"), "%s", r.out);
	run_free(&r);
	/* Hugo got the place. */
	run_cli(&r, conninfo, NULL, "reservation", "list", "--day", "2026-12-02", "--unit",
	        "journee", "--group", "elementaires", "--period", "mercredis-2026", "--csv", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "Hugo Lambert,booked,parent"), "%s", r.out);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_reservation_list_usage)
{
	struct run r;

	run_cli(&r, conninfo, NULL, "reservation", "list", "--status", "maybe", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--from", "2026-02-30", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--day", "2026-12-02", "--to",
	        "2026-12-09", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--family", "x", NULL);
	run_check(&r, 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli_reservations");
	TCase *tc = add_tcase(s, "list", 90, setup, teardown);

	tcase_add_test(tc, test_cli_reservation_list_a_day_per_group);
	tcase_add_test(tc, test_cli_reservation_list_billed_cancellations);
	tcase_add_test(tc, test_cli_reservation_list_usage);
	unsetenv("PORTAIL_SMTP_URL");
	return run_suite(s);
}
