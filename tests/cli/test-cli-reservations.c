/*
 * test-cli-reservations.c — `portail-cli reservation list` as a manager
 * uses it, against a fresh database: a day's attendance list per group
 * (the waiting list in its order, with ranks), the filters, a cancelled
 * late day marked billed, --csv and --json, and its usage errors; the
 * batch corrections of `reservation export` and `reservation import`
 * (export then import changes nothing; corrections reported line by line,
 * the notice not binding the manager, refusals, one mail per family, a
 * dry run, --force over a full day, malformed files changing nothing). The
 * bookings are made through the library, as parents make them.
 * The catalogue is catalogue-fixture.h's with a journee unit; elementaires
 * has 1 place.
 */
#include <libpq-fe.h>

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

/* --- reservation export / import ------------------------------------------------- */

/* One value of a query (caller frees). */
static char *scalar(const char *query)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, query);
	char *value;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1, "%s: %s",
	              query, PQerrorMessage(conn));
	value = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return value;
}

static char *export_all(void)
{
	struct run r;
	char *out;

	run_cli(&r, conninfo, NULL, "reservation", "export", NULL);
	assert_status(&r, 0);
	out = strdup(r.out);
	run_free(&r);
	return out;
}

static long mails(const char *subject_like)
{
	char query[300], *v;
	long n;

	snprintf(query, sizeof(query), "SELECT count(*) FROM mail_outbox WHERE subject LIKE '%s'",
	         subject_like);
	v = scalar(query);
	n = atol(v);
	free(v);
	return n;
}

START_TEST(test_cli_reservation_export_then_import_changes_nothing)
{
	char *lea = scalar("SELECT child_id FROM enrolment WHERE id = 1");
	char *hugo = scalar("SELECT child_id FROM enrolment WHERE id = 2");
	char *before = export_all(), *after, expected[1200];
	long outbox = mails("%");
	struct run r;

	snprintf(expected, sizeof(expected),
		"day,period,group,unit,child id,child name,family,status\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,%s,Léa Lambert,%lld,booked\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,%s,Hugo Lambert,%lld,waiting\r\n"
		"2026-12-09,mercredis-2026,elementaires,journee,%s,Hugo Lambert,%lld,booked\r\n"
		"2026-12-09,mercredis-2026,elementaires,journee,%s,Léa Lambert,%lld,waiting\r\n",
		lea, (long long)made.first_family_id, hugo, (long long)made.first_family_id + 1,
		hugo, (long long)made.first_family_id + 1, lea, (long long)made.first_family_id);
	ck_assert_str_eq(before, expected);
	run_cli(&r, conninfo, before, "reservation", "import", "-", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "line 2: 2026-12-02 journee child "), "%s", r.out);
	ck_assert_msg(strstr(r.out, "line 5: 2026-12-09 journee child "), "%s", r.out);
	ck_assert_msg(strstr(r.out, "0 booked, 0 pending, 0 waiting, 0 cancelled, 4 unchanged,"
	                            " 0 refused; 0 families notified."), "%s", r.out);
	run_free(&r);
	after = export_all();
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(mails("%"), outbox);
	run_cli(&r, conninfo, NULL, "reservation", "export", "--period", "mercredis-2026",
	        "--group", "elementaires", "--from", "2026-12-09", "--to", "2026-12-31", NULL);
	assert_status(&r, 0);
	ck_assert_msg(!strstr(r.out, "2026-12-02") && strstr(r.out, "2026-12-09"), "%s", r.out);
	run_free(&r);
	run_cli(&r, conninfo, NULL, "reservation", "export", "--period", "nope", NULL);
	run_check_out(&r, 0, "day,period,group,unit,child id,child name,family,status\r\n");
	free(lea);
	free(hugo);
	free(before);
	free(after);
}
END_TEST

START_TEST(test_cli_reservation_import_corrections)
{
	char *lea = scalar("SELECT child_id FROM enrolment WHERE id = 1"), file[1200], *out;
	struct run r;

	/* Rules that would stop a parent: they do not bind the manager. */
	sql("UPDATE period SET reservation_rules = '{\"booking\": {\"notice\": \"D-30 12:00\"},"
	    " \"cancelling\": {\"allowed\": false}, \"window\": {\"read_only_from\": \"2026-10-01\"}}'");
	snprintf(file, sizeof(file),
		"day,period,group,unit,child id,status\n"
		"2026-12-02,mercredis-2026,elementaires,journee,%s,cancel\n"
		"2026-12-16,mercredis-2026,elementaires,journee,%s,book\n"
		"2026-11-11,mercredis-2026,elementaires,journee,%s,book\n"
		"2026-12-16,mercredis-2026,elementaires,journee,999999,book\n"
		"\"2026-12-30\",mercredis-2026,elementaires,gouter,%s,book\n",
		lea, lea, lea, lea);
	run_cli(&r, conninfo, file, "reservation", "import", "-", NULL);
	assert_status(&r, 1);
	out = r.out;
	ck_assert_msg(strstr(out, "line 2: 2026-12-02 journee child ") &&
	              strstr(out, ": cancelled\n"), "%s", out);
	ck_assert_msg(strstr(out, "line 3: 2026-12-16 journee child "), "%s", out);
	ck_assert_msg(strstr(out, ": booked\nline 4"), "%s", out);
	ck_assert_msg(strstr(out, ": refused: public holiday (Armistice 1918)\n"), "%s", out);
	ck_assert_msg(strstr(out, "line 5: 2026-12-16 journee child 999999: refused: child 999999"
	                          " has no enrolment in period mercredis-2026, group elementaires\n"),
	              "%s", out);
	ck_assert_msg(strstr(out, "line 6: 2026-12-30 gouter child ") &&
	              strstr(out, ": refused: not a unit of the period (gouter)\n"), "%s", out);
	ck_assert_msg(strstr(out, "1 booked, 0 pending, 0 waiting, 1 cancelled, 0 unchanged,"
	                          " 3 refused; 1 family notified."), "%s", out);
	run_free(&r);
	/* Hugo got Léa's place on the 2nd; Léa is booked on the 16th. */
	run_cli(&r, conninfo, NULL, "reservation", "list", "--csv", "--from", "2026-12-02", "--to",
	        "2026-12-16", "--status", "booked", NULL);
	run_check_out(&r, 0,
		"DAY,PERIOD,GROUP,UNIT,CHILD,STATUS,SOURCE\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,Hugo Lambert,booked,parent\r\n"
		"2026-12-09,mercredis-2026,elementaires,journee,Hugo Lambert,booked,parent\r\n"
		"2026-12-16,mercredis-2026,elementaires,journee,Léa Lambert,booked,import\r\n");
	/* One mail for Léa's family, listing both changes; Hugo's told of his place. */
	ck_assert_int_eq(mails("Vos réservations ont été modifiées"), 1);
	{
		char *body = scalar("SELECT body FROM mail_outbox"
		                    " WHERE subject = 'Vos réservations ont été modifiées'");

		ck_assert_msg(strstr(body, "- Léa, le 2 décembre 2026, Journée : annulée\n") &&
		              strstr(body, "- Léa, le 16 décembre 2026, Journée : réservée\n"),
		              "%s", body);
		free(body);
	}
	ck_assert_int_eq(mails("Place libérée%"), 1);
	free(lea);
}
END_TEST

START_TEST(test_cli_reservation_import_dry_run_force_malformed)
{
	char *lea = scalar("SELECT child_id FROM enrolment WHERE id = 1"), file[1200];
	char *before = export_all(), *after;
	long outbox = mails("%");
	struct run r;

	/* A dry run reports and changes nothing. */
	snprintf(file, sizeof(file), "child id,day,period,group,unit,status\n"
	         "%s,2026-12-02,mercredis-2026,elementaires,journee,cancel\n", lea);
	run_cli(&r, conninfo, file, "reservation", "import", "--dry-run", "-", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, ": cancelled\n") &&
	              strstr(r.out, "Dry run, nothing changed: 0 booked, 0 pending, 0 waiting,"
	                            " 1 cancelled, 0 unchanged, 0 refused; 1 family would be"
	                            " notified."), "%s", r.out);
	run_free(&r);
	after = export_all();
	ck_assert_str_eq(after, before);
	free(after);
	ck_assert_int_eq(mails("%"), outbox);

	/* Malformed files change nothing, not even their good lines. */
	snprintf(file, sizeof(file), "day,period,group,unit,child id,status\n"
	         "2026-12-02,mercredis-2026,elementaires,journee,%s,cancel\n"
	         "2026-02-30,mercredis-2026,elementaires,journee,%s,book\n", lea, lea);
	run_cli(&r, conninfo, file, "reservation", "import", "-", NULL);
	run_check_err(&r, 1, "line 3: not a day (YYYY-MM-DD): '2026-02-30'");
	run_cli(&r, conninfo, "day,period,group,unit,child id\n", "reservation", "import", "-",
	        NULL);
	run_check_err(&r, 1, "no column 'status'");
	snprintf(file, sizeof(file), "day,period,group,unit,child id,status\n"
	         "2026-12-02,mercredis-2026,elementaires,journee,%s,maybe\n", lea);
	run_cli(&r, conninfo, file, "reservation", "import", "-", NULL);
	run_check_err(&r, 1, "line 2: status is not book or cancel");
	snprintf(file, sizeof(file), "day,period,group,unit,child id,status\n"
	         "2026-12-02,mercredis-2026,elementaires,\"journee,%s,book\n", lea);
	run_cli(&r, conninfo, file, "reservation", "import", "-", NULL);
	run_check_err(&r, 1, "line 2: a quote is not closed");
	run_cli(&r, conninfo, NULL, "reservation", "import", "/nonexistent/file.csv", NULL);
	run_check(&r, 1);
	run_cli(&r, conninfo, NULL, "reservation", "import", NULL);
	run_check(&r, 2);
	after = export_all();
	ck_assert_str_eq(after, before);
	free(after);

	/* Hugo holds the one place of the 16th: Léa waits, unless --force. */
	book(made.first_family_id + 1, 2, "2026-12-16", false);
	snprintf(file, sizeof(file), "day,period,group,unit,child id,status\n"
	         "2026-12-16,mercredis-2026,elementaires,journee,%s,book\n", lea);
	run_cli(&r, conninfo, file, "reservation", "import", "-", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, ": waiting (rank 1)\n"), "%s", r.out);
	run_free(&r);
	snprintf(file, sizeof(file), "day,period,group,unit,child id,status\n"
	         "2026-12-16,mercredis-2026,elementaires,journee,%s,cancel\n"
	         "2026-12-16,mercredis-2026,elementaires,journee,%s,book\n", lea, lea);
	run_cli(&r, conninfo, file, "reservation", "import", "--force", "-", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "line 2: 2026-12-16 journee child ") &&
	              strstr(r.out, "line 3: 2026-12-16 journee child ") &&
	              strstr(r.out, "0 booked") == NULL, "%s", r.out);
	run_free(&r);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--day", "2026-12-16", "--csv", NULL);
	run_check_out(&r, 0,
		"DAY,PERIOD,GROUP,UNIT,CHILD,STATUS,SOURCE\r\n"
		"2026-12-16,mercredis-2026,elementaires,journee,Hugo Lambert,booked,parent\r\n"
		"2026-12-16,mercredis-2026,elementaires,journee,Léa Lambert,booked,import\r\n");
	free(lea);
	free(before);
}
END_TEST

/* --- period close-day / reopen-day ---------------------------------------------- */

/* Whether @p query fails (a constraint of the database). */
static bool sql_refused(const char *query)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, query);
	bool refused = PQresultStatus(res) == PGRES_FATAL_ERROR;

	PQclear(res);
	PQfinish(conn);
	return refused;
}

START_TEST(test_cli_period_close_day)
{
	ptl_reservation_calendar *cal = NULL;
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick pick = { "2026-12-02", "journee" };
	ptl_reservation_results *res = NULL;
	long outbox = mails("%");
	struct run r;
	char *body;

	run_cli(&r, conninfo, NULL, "period", "close-day", "mercredis-2026", "2026-12-02",
	        "--reason", "Grève du personnel", NULL);
	run_check_out(&r, 0,
		"Closed 2026-12-02 in mercredis-2026: Grève du personnel\n"
		"1 reservation cancelled without charge, 1 waiting-list entry cancelled;"
		" 2 families notified.\n");
	ck_assert_int_eq(mails("Fermeture le 2 décembre 2026"), 2);
	body = scalar("SELECT body FROM mail_outbox WHERE subject LIKE 'Fermeture%'"
	              " AND body LIKE '%Léa%'");
	ck_assert_msg(strstr(body, "L’accueil « ALSH Mercredis 2026/2027 » est fermé le"
	                           " 2 décembre 2026 : Grève du personnel.\n") &&
	              strstr(body, "sans frais :\n- Léa (Journée)\n"), "%s", body);
	free(body);
	run_cli(&r, conninfo, NULL, "reservation", "list", "--day", "2026-12-02", NULL);
	run_check_out(&r, 0, "No reservation matches.\n");
	run_cli(&r, conninfo, NULL, "reservation", "list", "--day", "2026-12-02", "--status",
	        "cancelled", "--csv", NULL);
	run_check_out(&r, 0,
		"DAY,PERIOD,GROUP,UNIT,CHILD,STATUS,SOURCE\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,Hugo Lambert,cancelled,parent\r\n"
		"2026-12-02,mercredis-2026,elementaires,journee,Léa Lambert,cancelled,parent\r\n");

	/* Twice: nothing more, the first reason kept. */
	run_cli(&r, conninfo, NULL, "period", "close-day", "mercredis-2026", "2026-12-02",
	        "--reason", "Autre raison", NULL);
	run_check_out(&r, 0,
		"2026-12-02 was already closed in mercredis-2026: Grève du personnel\n"
		"0 reservations cancelled without charge, 0 waiting-list entries cancelled;"
		" 0 families notified.\n");
	ck_assert_int_eq(mails("%"), outbox + 2);

	/* The calendar shows it closed with its reason; nobody books it. */
	ck_assert_int_eq(ptl_reservation_calendar_get(&cal, lib, 0, 1, "2026-12"), PTL_OK);
	ck_assert_str_eq(cal->days[1].day, "2026-12-02");
	ck_assert_int_eq(cal->days[1].state, PTL_RESERVATION_DAY_CLOSED);
	ck_assert_str_eq(cal->days[1].reason_fr, "Grève du personnel");
	ptl_reservation_calendar_free(cal);
	in.book = &pick;
	in.book_count = 1;
	ck_assert_int_eq(ptl_reservation_change(&res, lib, made.first_family_id, 0, 1, &in),
	                 PTL_OK);
	ck_assert_int_eq(res->items[0].outcome, PTL_RESERVATION_REFUSED);
	ck_assert_str_eq(res->items[0].reason_code, "closed");
	ptl_reservation_results_free(res);
	/* The database refuses a live reservation on a closure day. */
	ck_assert(sql_refused(
		"INSERT INTO reservation (enrolment_id, family_id, group_id, unit_id, day, status,"
		"                         created_at, updated_at)"
		" SELECT e.id, e.family_id, e.group_id, u.id, date '2026-12-02', 'booked', now(), now()"
		"   FROM enrolment e JOIN unit u ON u.period_id = e.period_id WHERE e.id = 1"));

	/* Opened again, it books again. */
	run_cli(&r, conninfo, NULL, "period", "reopen-day", "mercredis-2026", "2026-12-02", NULL);
	run_check_out(&r, 0, "Opened 2026-12-02 again in mercredis-2026.\n");
	run_cli(&r, conninfo, NULL, "period", "reopen-day", "mercredis-2026", "2026-12-02", NULL);
	run_check_out(&r, 0, "2026-12-02 was not closed in mercredis-2026.\n");
	ck_assert_int_eq(ptl_reservation_change(&res, lib, made.first_family_id, 0, 1, &in),
	                 PTL_OK);
	ck_assert_int_eq(res->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(res);

	/* Refusals. */
	run_cli(&r, conninfo, NULL, "period", "close-day", "nope", "2026-12-02", "--reason", "x",
	        NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "period", "close-day", "mercredis-2026", "2028-01-05",
	        "--reason", "x", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "period", "close-day", "mercredis-2026", "2026-13-02",
	        "--reason", "x", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "period", "close-day", "mercredis-2026", "2026-12-09",
	        "--reason", "", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "period", "close-day", "mercredis-2026", "2026-12-09", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "period", "reopen-day", "mercredis-2026", NULL);
	run_check(&r, 2);
}
END_TEST

/* --- family debt / booking-override ---------------------------------------------- */

START_TEST(test_cli_family_debt)
{
	ID_TEXT(family, made.first_family_id);
	char expected[200];
	struct run r;
	json_t *o;

	snprintf(expected, sizeof(expected),
	         "Family %s: balance 0.00 EUR (nothing owed)\nBooking override: no\n", family);
	run_cli(&r, conninfo, NULL, "family", "debt", family, NULL);
	run_check_out(&r, 0, expected);
	run_cli(&r, conninfo, NULL, "family", "debt", "add", family, "4550", "--label",
	        "Reprise du solde de la trésorerie", NULL);
	snprintf(expected, sizeof(expected), "Recorded. Family %s: balance 45.50 EUR.\n", family);
	run_check_out(&r, 0, expected);
	run_cli(&r, conninfo, NULL, "family", "debt", "add", family, "-1505", "--label",
	        "Paiement", NULL);
	snprintf(expected, sizeof(expected), "Recorded. Family %s: balance 30.45 EUR.\n", family);
	run_check_out(&r, 0, expected);
	run_cli(&r, conninfo, NULL, "family", "debt", family, NULL);
	assert_status(&r, 0);
	snprintf(expected, sizeof(expected), "Family %s: balance 30.45 EUR (owed)\n"
	         "Booking override: no\n", family);
	ck_assert_msg(starts_with(r.out, expected), "%s", r.out);
	ck_assert_msg(strstr(r.out, "45.50") && strstr(r.out, "-15.05") &&
	              strstr(r.out, "Reprise du solde de la trésorerie") &&
	              strstr(r.out, "manager"), "%s", r.out);
	run_free(&r);
	run_cli(&r, conninfo, NULL, "family", "debt", family, "--json", NULL);
	assert_status(&r, 0);
	o = parse_json(r.out);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "balance_cents")), 3045);
	ck_assert_uint_eq(json_array_size(json_object_get(o, "entries")), 2);
	ck_assert(json_is_false(json_object_get(o, "booking_override")));
	json_decref(o);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "booking-override", family, "--allow", NULL);
	snprintf(expected, sizeof(expected), "Family %s may book whatever its balance.\n", family);
	run_check_out(&r, 0, expected);
	run_cli(&r, conninfo, NULL, "family", "debt", family, NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "Booking override: yes"), "%s", r.out);
	run_free(&r);
	run_cli(&r, conninfo, NULL, "family", "booking-override", family, "--clear", NULL);
	snprintf(expected, sizeof(expected), "Family %s: the debt threshold applies again.\n",
	         family);
	run_check_out(&r, 0, expected);

	/* Refusals and usage. */
	run_cli(&r, conninfo, NULL, "family", "debt", "999999", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "family", "debt", "add", "999999", "100", "--label", "x", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "family", "debt", "add", family, "0", "--label", "x", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "family", "debt", "add", family, "100", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "family", "debt", "add", family, "12.50", "--label", "x", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "family", "debt", "x", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "family", "booking-override", family, NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "family", "booking-override", family, "--allow", "--clear",
	        NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "family", "booking-override", "999999", "--allow", NULL);
	run_check_refused(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli_reservations");
	TCase *tc = add_tcase(s, "list", 90, setup, teardown);

	tcase_add_test(tc, test_cli_reservation_list_a_day_per_group);
	tcase_add_test(tc, test_cli_reservation_list_billed_cancellations);
	tcase_add_test(tc, test_cli_reservation_list_usage);
	tc = add_tcase(s, "import", 120, setup, teardown);
	tcase_add_test(tc, test_cli_reservation_export_then_import_changes_nothing);
	tcase_add_test(tc, test_cli_reservation_import_corrections);
	tcase_add_test(tc, test_cli_reservation_import_dry_run_force_malformed);
	tc = add_tcase(s, "period", 120, setup, teardown);
	tcase_add_test(tc, test_cli_period_close_day);
	tcase_add_test(tc, test_cli_family_debt);
	unsetenv("PORTAIL_SMTP_URL");
	return run_suite(s);
}
