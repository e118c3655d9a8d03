/*
 * test-cli-week.c — `portail-cli week show` and `week expand` as a manager
 * uses them, against a fresh database: the stored typical weeks of a
 * period expanded in one batch with its summary (booked, waiting on a full
 * day, skipped by reason, families), expanding again books nothing twice,
 * --json of both, and the usage errors. The weeks are stored through the
 * library, as parents store them; no progress bar shows without a terminal.
 * The catalogue is catalogue-fixture.h's with a journee unit, closed on
 * 2026-12-23; elementaires has 1 place. Both sides run on 2026-11-26
 * (PORTAIL_NOW).
 */
#include <stdlib.h>
#include <string.h>

#include <portail/portail.h>

#include "catalogue-fixture.h"
#include "cli-run.h"
#include "testdb.h"

#define NOW "2026-11-26T08:00:00Z"

static char *conninfo;
static ptl_db *lib;
static ptl_demo_generated made;
static long long lea, hugo;
static const char *const now_env[] = { "PORTAIL_NOW=" NOW, NULL };

#define CLI(r, ...) run_cli_env(r, conninfo, now_env, NULL, __VA_ARGS__, NULL)

/* Store journee on Wednesdays, up to 2027-01-31, for @p enrolment. */
static void store_week(long long family, long long enrolment)
{
	ptl_typical_week_slot slot = { .weekday = 3, .unit = "journee", .weeks = PTL_WEEK_EVERY };
	ptl_typical_week_options in = PTL_TYPICAL_WEEK_OPTIONS_INIT;
	ptl_reservation_results *r = NULL;

	in.slots = &slot;
	in.slot_count = 1;
	in.to = "2027-01-31";
	ck_assert_int_eq(ptl_typical_week_set(&r, lib, family, 0, enrolment, &in), PTL_OK);
	ptl_reservation_results_free(r);
}

static void setup(void)
{
	ptl_time now;

	conninfo = ptl_test_db_create("cliweek");
	ck_assert_int_eq(ptl_time_parse(&now, NOW), PTL_OK);
	ptl_clock_set(now);
	ck_assert_int_eq(ptl_db_open(&lib, conninfo), PTL_OK);
	ptl_test_db_exec(conninfo, TEST_CATALOGUE_SQL);
	ptl_test_db_exec(conninfo,
		"INSERT INTO unit (period_id, code, label) SELECT id, 'journee', 'Journée'"
		"  FROM period WHERE code = 'mercredis-2026';"
		"INSERT INTO period_closure SELECT id, date '2026-12-23', 'Vacances de Noël'"
		"  FROM period WHERE code = 'mercredis-2026'");
	ck_assert_int_eq(ptl_demo_generate(&made, lib, 2, "Banc-d-essai-2026"), PTL_OK);
	lea = ptl_test_db_enrol(conninfo, made.first_family_id, 1, "Léa");
	hugo = ptl_test_db_enrol(conninfo, made.first_family_id + 1, 1, "Hugo");
	store_week(made.first_family_id, lea);
	store_week(made.first_family_id + 1, hugo);
	/* What the weeks booked is gone: the batch books it again. */
	ptl_test_db_exec(conninfo, "TRUNCATE reservation, reservation_load");
}

static void teardown(void)
{
	ptl_db_close(lib);
	lib = NULL;
	ptl_clock_reset();
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
}

START_TEST(test_cli_week_expand_a_period)
{
	struct run r;

	/* One place: Léa's weeks come first, Hugo waits each Wednesday. */
	CLI(&r, "week", "expand", "--period", "mercredis-2026");
	run_check_out(&r, 0,
		"Typical weeks expanded: 2 enrolments of 2 families.\n"
		"Booked:    8\n"
		"Pending:   0 (waiting for validation)\n"
		"Waiting:   8 (on a waiting list)\n"
		"Cancelled: 0 (no longer in the week)\n"
		"Skipped:   2\n"
		"  closed                 2\n");
	CLI(&r, "week", "expand", "--period", "mercredis-2026", "--from", "2026-12-01", "--to",
	    "2026-12-31", "--json");
	assert_status(&r, 0);
	ck_assert_str_eq(r.err, "");  /* no progress bar without a terminal */
	{
		json_t *sum = parse_json(r.out);

		ck_assert_int_eq(json_integer_value(json_object_get(sum, "booked")), 0);
		ck_assert_int_eq(json_integer_value(json_object_get(sum, "families")), 2);
		ck_assert_int_eq(json_integer_value(json_object_get(
			json_object_get(sum, "skipped_by_reason"), "already_booked")), 8);
		ck_assert_int_eq(json_integer_value(json_object_get(
			json_object_get(sum, "skipped_by_reason"), "closed")), 2);
		json_decref(sum);
	}
	run_free(&r);
}
END_TEST

START_TEST(test_cli_week_show)
{
	struct run r;
	char id[24];

	snprintf(id, sizeof(id), "%lld", lea);
	CLI(&r, "week", "show", id);
	run_check_out(&r, 0,
		"Enrolment: 1\n"
		"Span:      2026-11-26 to 2027-01-31\n"
		"Slot:      wednesday journee      all weeks\n");
	CLI(&r, "week", "show", id, "--json");
	assert_status(&r, 0);
	{
		json_t *week = parse_json(r.out);

		ck_assert_str_eq(json_string_value(json_object_get(week, "to")), "2027-01-31");
		ck_assert_str_eq(json_string_value(json_object_get(
			json_array_get(json_object_get(week, "slots"), 0), "weeks")), "all");
		json_decref(week);
	}
	run_free(&r);
	CLI(&r, "week", "show", "999");
	run_check_refused(&r);
}
END_TEST

START_TEST(test_cli_week_usage)
{
	struct run r;

	CLI(&r, "week", "expand");
	run_check(&r, 2);
	CLI(&r, "week", "expand", "--period", "nope");
	run_check_refused(&r);
	CLI(&r, "week", "expand", "--period", "mercredis-2026", "--from", "2026-02-30");
	run_check_refused(&r);
	CLI(&r, "week", "expand", "--period", "mercredis-2026", "extra");
	run_check(&r, 2);
	CLI(&r, "week", "show");
	run_check(&r, 2);
	CLI(&r, "week", "expand", "--help");
	assert_status(&r, 0);
	ck_assert(strstr(r.out, "usage: portail-cli week expand") != NULL);
	run_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli_week");
	TCase *tc = add_tcase(s, "week", 120, setup, teardown);

	tcase_add_test(tc, test_cli_week_expand_a_period);
	tcase_add_test(tc, test_cli_week_show);
	tcase_add_test(tc, test_cli_week_usage);
	unsetenv("PORTAIL_NOW");
	unsetenv("PORTAIL_SMTP_URL");
	return run_suite(s);
}
