/*
 * test-cli-enrolment.c — the manager's `enrolment` and `document` commands
 * of portail-cli, and enrolments in `queue`: children are enrolled through
 * the library's public API, as the parents' portal does, in the catalogue
 * of catalogue-fixture.h; then the real built program lists, validates
 * (a full group refused unless forced), cancels, waiting-lists and grants
 * them, and the tests check what the manager sees and, through the
 * library, what changed. Both sides run on 2026-11-26 (PORTAIL_NOW).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libpq-fe.h>

#include <portail/portail.h>

#include "catalogue-fixture.h"
#include "cli-run.h"
#include "testdb.h"

#define NOW "2026-11-26T08:00:00Z"

static char *conninfo;
static ptl_db *lib;
static int64_t family_id, guardian_id;
static const char *const now_env[] = { "PORTAIL_NOW=" NOW, NULL };

#define CLI(r, ...) run_cli_env(r, conninfo, now_env, NULL, __VA_ARGS__, NULL)

static void setup(void)
{
	ptl_family_options f = PTL_FAMILY_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	PGconn *conn;
	PGresult *res;
	ptl_time now;

	ck_assert_int_eq(ptl_time_parse(&now, NOW), PTL_OK);
	ptl_clock_set(now);
	conninfo = ptl_test_db_create("clienrol");
	conn = PQconnectdb(conninfo);
	res = PQexec(conn, TEST_CATALOGUE_SQL);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	ck_assert_int_eq(ptl_db_open(&lib, conninfo), PTL_OK);
	f.first_name = "Claire";
	f.last_name = "Lambert";
	f.email = "claire.lambert@example.org";
	ck_assert_int_eq(ptl_family_create(&family_id, NULL, lib, &f), PTL_OK);
	ck_assert_int_eq(ptl_guardian_get_by_email(&g, lib, f.email), PTL_OK);
	guardian_id = g->id;
	ptl_guardian_free(g);
}

static void teardown(void)
{
	ptl_db_close(lib);
	lib = NULL;
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
	ptl_clock_reset();
}

static int64_t child(const char *first, const char *level)
{
	ptl_child_options c = PTL_CHILD_OPTIONS_INIT;
	int64_t id;

	c.first_name = first;
	c.last_name = "Lambert";
	c.birth_date = "2018-06-06";
	c.sex = "F";
	c.school_level = level;
	ck_assert_int_eq(ptl_child_create(&id, lib, family_id, &c), PTL_OK);
	return id;
}

/* Enrol a new child in elementaires; its enrolment (and request) ids. */
static int64_t enrol(const char *first, int64_t *request_id)
{
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	int64_t id;

	in.period = "mercredis-2026";
	in.group = "elementaires";
	in.first_day = "2026-12-02";
	in.last_day = "2027-07-03";
	in.accept_rules = "2026-1";
	ck_assert_int_eq(ptl_enrolment_submit(&e, NULL, lib, family_id, guardian_id,
	                                      child(first, "CM1"), &in), PTL_OK);
	id = e->id;
	if (request_id)
		*request_id = e->request_id;
	ptl_enrolment_free(e);
	return id;
}

static ptl_enrolment_status status_of(int64_t id)
{
	ptl_enrolment *e = NULL;
	ptl_enrolment_status s;

	ck_assert_int_eq(ptl_enrolment_get(&e, lib, id), PTL_OK);
	s = e->status;
	ptl_enrolment_free(e);
	return s;
}

START_TEST(test_cli_enrolment_list_validate_full_force)
{
	int64_t rid_b, a = enrol("Alice", NULL), b = enrol("Basile", &rid_b);
	struct run r;
	json_t *json;
	ID_TEXT(a_text, a);
	ID_TEXT(rid_b_text, rid_b);

	CLI(&r, "enrolment", "list", "--period", "mercredis-2026", "--status", "pending");
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Alice Lambert"));
	ck_assert_ptr_nonnull(strstr(r.out, "elementaires"));
	ck_assert_ptr_nonnull(strstr(r.out, "2026-12-02..2027-07-03"));
	ck_assert_ptr_nonnull(strstr(r.out, "2 enrolments."));
	run_free(&r);
	CLI(&r, "enrolment", "list", "--json");
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_uint_eq(json_array_size(json), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json, 0), "marker")), "?");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json, 0), "family_id")),
	                 family_id);
	json_decref(json);
	run_free(&r);
	CLI(&r, "enrolment", "list", "--csv", "--status", "validated");
	run_check_out(&r, 0, "ID,CHILD,PERIOD,GROUP,DATES,STATUS,MARK,RANK,ACTIVITY\r\n");
	CLI(&r, "enrolment", "list", "--status", "lost");
	run_check_refused(&r);

	/* Enrolments are requests of the queue. */
	CLI(&r, "queue", "list", "--kind", "enrolment", "--status", "pending");
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Inscription de Alice Lambert : Mercredis"));
	run_free(&r);

	/* One place: the first validated, the second refused unless forced. */
	CLI(&r, "enrolment", "validate", a_text);
	run_check_out(&r, 0, "Enrolment validated.\n");
	ck_assert_int_eq(status_of(a), PTL_ENROLMENT_VALIDATED);
	CLI(&r, "queue", "accept", rid_b_text);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "not accepted"));
	ck_assert_ptr_nonnull(strstr(r.out, "full"));
	run_free(&r);
	ck_assert_int_eq(status_of(b), PTL_ENROLMENT_PENDING);
	CLI(&r, "queue", "accept", "--force", rid_b_text);
	assert_status(&r, 0);
	run_free(&r);
	ck_assert_int_eq(status_of(b), PTL_ENROLMENT_VALIDATED);
	CLI(&r, "queue", "refuse", "--force", "--reason", "x", rid_b_text);
	assert_status(&r, 2);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_enrolment_waitlist_cancel_offer)
{
	int64_t a = enrol("Alice", NULL), b = enrol("Basile", NULL), c = enrol("Chloé", NULL);
	struct run r;
	ID_TEXT(a_text, a);
	ID_TEXT(b_text, b);
	ID_TEXT(c_text, c);

	CLI(&r, "enrolment", "validate", a_text);
	run_check(&r, 0);
	CLI(&r, "enrolment", "waitlist", "add", b_text);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "is on the waiting list, rank 1."));
	run_free(&r);
	CLI(&r, "enrolment", "waitlist", "add", c_text);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "rank 2"));
	run_free(&r);
	CLI(&r, "enrolment", "waitlist", "move", c_text, "--to", "1");
	run_check_out(&r, 0, "Waiting list reordered.\n");
	CLI(&r, "enrolment", "waitlist", "--period", "mercredis-2026", "--group", "elementaires",
	    "--json");
	assert_json_ids(r.out, 2, c, b);
	run_free(&r);
	CLI(&r, "enrolment", "waitlist", "--group", "elementaires");
	run_check(&r, 2);

	/* Cancelling the validated one offers its place to Chloé, first. */
	CLI(&r, "enrolment", "cancel", a_text);
	run_check(&r, 2);
	CLI(&r, "enrolment", "cancel", a_text, "--reason", "Déménagement");
	run_check_out(&r, 0, "Enrolment cancelled.\n");
	ck_assert_int_eq(status_of(a), PTL_ENROLMENT_CANCELLED);
	ck_assert_int_eq(status_of(c), PTL_ENROLMENT_PENDING);
	CLI(&r, "queue", "list", "--kind", "enrolment_offer", "--status", "pending");
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Place proposée à Chloé Lambert"));
	run_free(&r);
	CLI(&r, "enrolment", "cancel", a_text, "--reason", "Encore");
	run_check_refused(&r);
}
END_TEST

START_TEST(test_cli_enrolment_show_documents_grant)
{
	int64_t a = enrol("Alice", NULL);
	struct run r;
	ID_TEXT(a_text, a);
	ID_TEXT(family_text, family_id);

	CLI(&r, "enrolment", "show", a_text);
	assert_status(&r, 0);
	assert_line_has(r.out, "Enrolment ", "pending (?)");
	assert_line_has(r.out, "Group:", "Élémentaires +6 ans (elementaires)");
	ck_assert_ptr_nonnull(strstr(r.out, "Missing:   Carnet de vaccination à jour (vaccinations)"));
	run_free(&r);

	CLI(&r, "document", "add", family_text, "--type", "vaccinations", "--valid-from",
	    "2026-10-01");
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "Document "));
	run_free(&r);
	CLI(&r, "document", "add", family_text, "--type", "vaccinations");
	run_check(&r, 2);
	CLI(&r, "document", "add", "999999", "--type", "vaccinations", "--valid-from", "2026-10-01");
	run_check_refused(&r);
	CLI(&r, "enrolment", "show", a_text);
	assert_status(&r, 0);
	ck_assert_ptr_null(strstr(r.out, "Carnet de vaccination"));
	ck_assert_ptr_nonnull(strstr(r.out, "Missing:   Attestation d’assurance (assurance)"));
	run_free(&r);

	/* Granting is for petite enfance only. */
	CLI(&r, "enrolment", "grant", a_text, "--start", "2027-01-04", "--days", "4", "--hours",
	    "32");
	run_check_refused(&r);
	CLI(&r, "enrolment", "grant", a_text, "--start", "2027-01-04");
	run_check(&r, 2);
	CLI(&r, "enrolment", "validate", a_text, "--reason", "x");
	run_check(&r, 2);
	CLI(&r, "enrolment", "validate", "--help");
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "usage: portail-cli enrolment validate ID"));
	run_free(&r);
}
END_TEST

static Suite *enrolment_suite(void)
{
	Suite *s = suite_create("cli-enrolment");
	TCase *tc = add_tcase(s, "enrolment", 120, setup, teardown);

	tcase_add_test(tc, test_cli_enrolment_list_validate_full_force);
	tcase_add_test(tc, test_cli_enrolment_waitlist_cancel_offer);
	tcase_add_test(tc, test_cli_enrolment_show_documents_grant);
	return s;
}

int main(void)
{
	unsetenv("PORTAIL_NOW");
	return run_suite(enrolment_suite());
}
