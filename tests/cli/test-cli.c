/*
 * test-cli.c — tests of portail-cli as a manager uses it: the real built
 * program (path in the PORTAIL_CLI environment variable) is run with
 * PORTAIL_DB pointing at a fresh database of the test cluster, and the tests
 * check what the manager sees (standard output, standard error, exit status)
 * and, through the library, what a parent would then see (logging in). The
 * family commands include a family's other guardians (add-guardian,
 * edit-guardian, remove-guardian) and what the queue shows of who asked.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include <portail/portail.h>

#include "cli-run.h"
#include "testdb.h"

/* ---- the database and the parent's side ---------------------------------- */

static char *conninfo;  /* the fresh database of the running test */

static void db_setup(void)
{
	conninfo = ptl_test_db_create("cli");
}

static void db_teardown(void)
{
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
}

/* An empty database (no migration applied), for `db migrate`. */
static char *create_empty_db(void)
{
	PGconn *conn = PQconnectdb(getenv("PORTAIL_TEST_PG"));
	static int serial;
	char name[64], sql[128];
	PGresult *res;

	ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "test cluster: %s", PQerrorMessage(conn));
	snprintf(name, sizeof(name), "t_cli_empty_%ld_%d", (long)getpid(), ++serial);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	res = PQexec(conn, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	return ptl_test_db_conninfo(name);
}

/* How many migrations database @p db_conninfo has recorded. */
static long long migrations_recorded(const char *db_conninfo)
{
	PGconn *conn = PQconnectdb(db_conninfo);
	PGresult *res = PQexec(conn, "SELECT count(*) FROM schema_migrations");
	long long n;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(conn));
	n = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return n;
}

/* Log in as a parent would; returns the library's status. */
static int parent_login(const char *email, const char *password, bool *must_change)
{
	ptl_db *db;
	ptl_session session;
	char *token = NULL;
	int rc;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	rc = ptl_auth_login(&token, &session, db, email, password, "192.0.2.10");
	if (rc == PTL_OK && must_change)
		*must_change = session.must_change_password;
	ptl_free(token);
	ptl_db_close(db);
	return rc;
}

/* Create a family through the CLI; returns the one-time code (malloc'd). */
static char *create_family(const char *first, const char *last, const char *email,
                           int64_t *id_out)
{
	struct run r;
	json_t *json;
	char *code;

	run_cli(&r, conninfo, NULL, "family", "create", "--first-name", first,
	        "--last-name", last, "--email", email, "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert(json_is_integer(json_object_get(json, "family_id")));
	ck_assert(json_is_string(json_object_get(json, "one_time_code")));
	if (id_out)
		*id_out = json_integer_value(json_object_get(json, "family_id"));
	code = strdup(json_string_value(json_object_get(json, "one_time_code")));
	json_decref(json);
	run_free(&r);
	return code;
}

static void set_password(const char *email, const char *password)
{
	struct run r;
	char line[256];

	snprintf(line, sizeof(line), "%s\n", password);
	run_cli(&r, conninfo, line, "account", "set-password", email, NULL);
	run_check(&r, 0);
}

/* ---- help and usage ------------------------------------------------------ */

static const char *const all_commands[][2] = {
	{ "db", "migrate" }, { "db", "status" },
	{ "family", "create" }, { "family", "list" }, { "family", "show" },
	{ "family", "add-guardian" }, { "family", "edit-guardian" }, { "family", "remove-guardian" },
	{ "account", "create" }, { "account", "reset-password" }, { "account", "set-email" },
	{ "account", "set-password" },
	{ "demo", "load" },
	{ "queue", "list" }, { "queue", "show" }, { "queue", "accept" }, { "queue", "refuse" },
	{ "queue", "settings" },
	{ "mail", "outbox" }, { "mail", "deliver" },
	{ "structure", "show" }, { "structure", "set" },
	{ "enrolment", "list" }, { "enrolment", "show" }, { "enrolment", "validate" },
	{ "enrolment", "grant" }, { "enrolment", "cancel" }, { "enrolment", "waitlist" },
	{ "document", "add" },
	{ "catalogue", "import" }, { "catalogue", "show" }, { "catalogue", "export" },
	{ "reservation", "list" }, { "reservation", "export" }, { "reservation", "import" },
	{ "period", "close-day" }, { "period", "reopen-day" },
	{ "attestation", "verify" }, { "attestation", "batch" },
	{ "family", "debt" }, { "family", "booking-override" },
	{ "week", "show" }, { "week", "expand" },
};

START_TEST(test_cli_help_lists_every_command)
{
	struct run r;

	run_cli(&r, NULL, NULL, "--help", NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "usage: portail-cli"));
	ck_assert_str_eq(r.err, "");
	ck_assert_ptr_nonnull(strstr(r.out, "--db CONNINFO"));
	for (size_t i = 0; i < sizeof(all_commands) / sizeof(all_commands[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s %s ", all_commands[i][0], all_commands[i][1]);
		ck_assert_msg(strstr(r.out, name), "'%s' missing from --help:\n%s", name, r.out);
	}
	run_free(&r);
}
END_TEST

START_TEST(test_cli_version_prints_version)
{
	struct run r;

	run_cli(&r, NULL, NULL, "--version", NULL);
	run_check_out(&r, 0, "portail-cli " PTL_VERSION_STRING "\n");
}
END_TEST

START_TEST(test_cli_noun_help_lists_its_commands)
{
	struct run r;

	run_cli(&r, NULL, NULL, "family", "--help", NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "family create"));
	ck_assert_ptr_nonnull(strstr(r.out, "family list"));
	ck_assert_ptr_nonnull(strstr(r.out, "family show"));
	ck_assert_ptr_null(strstr(r.out, "db migrate"));
	run_free(&r);

	/* A noun without a verb is a usage error that still lists the verbs. */
	run_cli(&r, NULL, NULL, "account", NULL);
	assert_status(&r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "account reset-password"));
	run_free(&r);
}
END_TEST

/* Every command answers --help without touching a database. */
START_TEST(test_cli_every_command_has_help)
{
	const char *noun = all_commands[_i][0], *verb = all_commands[_i][1];
	char expected[96];
	struct run r;

	snprintf(expected, sizeof(expected), "usage: portail-cli %s %s", noun, verb);
	run_cli(&r, UNREACHABLE_DB, NULL, noun, verb, "--help", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, expected), "%s --help printed:\n%s", verb, r.out);
	ck_assert_str_eq(r.err, "");
	run_free(&r);
}
END_TEST

/* The command tables drive the help: every command that `--help` lists is
 * listed by its noun's --help too and answers its own --help with its usage;
 * and every listing offers --csv. Read from the program, not from a copy. */
START_TEST(test_cli_help_comes_from_the_command_tables)
{
	struct run r, noun_help, help;
	char *line, *save = NULL, *text;
	size_t commands = 0, listings = 0;

	run_cli(&r, NULL, NULL, "--help", NULL);
	assert_status(&r, 0);
	text = strstr(r.out, "Commands:\n");
	ck_assert_ptr_nonnull(text);
	text = strdup(text + strlen("Commands:\n"));
	for (line = strtok_r(text, "\n", &save); line && starts_with(line, "  ");
	     line = strtok_r(NULL, "\n", &save)) {
		char noun[32], verb[32], usage[96], listed[96];

		ck_assert_int_eq(sscanf(line, "%31s %31s", noun, verb), 2);
		snprintf(listed, sizeof(listed), "  %s %s ", noun, verb);
		run_cli(&noun_help, NULL, NULL, noun, "--help", NULL);
		assert_status(&noun_help, 0);
		ck_assert_msg(strstr(noun_help.out, listed), "%s --help lacks %s", noun, verb);
		run_free(&noun_help);

		snprintf(usage, sizeof(usage), "usage: portail-cli %s %s", noun, verb);
		run_cli(&help, UNREACHABLE_DB, NULL, noun, verb, "--help", NULL);
		assert_status(&help, 0);
		ck_assert_msg(starts_with(help.out, usage), "%s %s --help:\n%s", noun, verb, help.out);
		if (strcmp(verb, "list") == 0 || strstr(help.out, "--json | --csv")) {
			ck_assert_msg(strstr(help.out, "--csv"), "%s %s has no --csv", noun, verb);
			listings++;
		}
		run_free(&help);
		commands++;
	}
	/* As many as the known list, seven of them listings. */
	ck_assert_uint_eq(commands, sizeof(all_commands) / sizeof(all_commands[0]));
	ck_assert_uint_eq(listings, 7);
	free(text);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_unknown_command_is_usage_error)
{
	struct run r;

	run_cli(&r, NULL, NULL, "frobnicate", NULL);
	assert_status(&r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "unknown command 'frobnicate'"));
	ck_assert_ptr_nonnull(strstr(r.err, "usage: portail-cli"));
	run_free(&r);

	run_cli(&r, NULL, NULL, "family", "delete", "3", NULL);
	assert_status(&r, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "unknown command 'family delete'"));
	ck_assert_ptr_nonnull(strstr(r.err, "family list"));
	run_free(&r);

	run_cli(&r, NULL, NULL, NULL);
	run_check_err(&r, 2, "usage: portail-cli");
}
END_TEST

START_TEST(test_cli_unknown_option_is_usage_error)
{
	struct run r;

	run_cli(&r, UNREACHABLE_DB, NULL, "family", "list", "--colour", NULL);
	assert_status(&r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "--colour"));
	ck_assert_ptr_nonnull(strstr(r.err, "usage: portail-cli family list"));
	run_free(&r);

	run_cli(&r, UNREACHABLE_DB, NULL, "--colour", "family", "list", NULL);
	run_check_err(&r, 2, "usage: portail-cli");

	/* An option that needs a value and has none. */
	run_cli(&r, UNREACHABLE_DB, NULL, "family", "list", "--search", NULL);
	run_check(&r, 2);
}
END_TEST

START_TEST(test_cli_bad_operands_are_usage_errors)
{
	struct run r;

	run_cli(&r, UNREACHABLE_DB, NULL, "family", "show", NULL);
	run_check_err(&r, 2, "missing the family ID");

	run_cli(&r, UNREACHABLE_DB, NULL, "family", "show", "martin", NULL);
	run_check_err(&r, 2, "'martin' is not a family ID");

	run_cli(&r, UNREACHABLE_DB, NULL, "account", "set-email", "a@example.org", NULL);
	run_check(&r, 2);

	/* The password is never taken from the command line. */
	run_cli(&r, UNREACHABLE_DB, "unused\n", "account", "set-password", "a@example.org",
	        "Secret-Password-1", NULL);
	run_check_err(&r, 2, "unexpected argument");
}
END_TEST

START_TEST(test_cli_no_database_given_is_usage_error)
{
	struct run r;

	run_cli(&r, NULL, NULL, "family", "list", NULL);
	run_check_err(&r, 2, "PORTAIL_DB");

	run_cli(&r, NULL, NULL, "--db", "host=/tmp dbname", "family", "list", NULL);
	run_check_err(&r, 2, "(field: db)");
}
END_TEST

/* ---- db ------------------------------------------------------------------- */

START_TEST(test_cli_db_migrate_twice_applies_nothing_the_second_time)
{
	char *empty = create_empty_db();
	int latest = ptl_db_latest_migration();
	long long pending;
	char expected[160];
	struct run r;
	json_t *json;

	ck_assert_int_gt(latest, 0);

	run_cli(&r, empty, NULL, "db", "status", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	pending = json_integer_value(json_object_get(json, "pending"));
	json_decref(json);
	run_free(&r);
	run_cli(&r, empty, NULL, "db", "status", NULL);
	assert_status(&r, 0);
	snprintf(expected, sizeof(expected), "Schema at version 0; latest migration %d.\n"
	         "%lld migration(s) to apply: run `portail-cli db migrate`.\n", latest, pending);
	ck_assert_str_eq(r.out, expected);
	run_free(&r);

	run_cli(&r, empty, NULL, "db", "migrate", NULL);
	/* Every migration the library carries, as many as status said were
	 * to apply (numbers may have gaps). */
	ck_assert_int_eq(migrations_recorded(empty), pending);
	snprintf(expected, sizeof(expected), "Applied %lld migration(s); schema at version %d.\n",
	         pending, latest);
	run_check_out(&r, 0, expected);

	run_cli(&r, empty, NULL, "db", "migrate", NULL);
	assert_status(&r, 0);
	snprintf(expected, sizeof(expected),
	         "Applied 0 migration(s); schema at version %d.\n", latest);
	ck_assert_str_eq(r.out, expected);
	/* Nothing else for the manager to read: no server notices. */
	ck_assert_str_eq(r.err, "");
	run_free(&r);

	run_cli(&r, empty, NULL, "db", "status", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "schema_version")), latest);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "latest_migration")), latest);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "pending")), 0);
	json_decref(json);
	run_free(&r);

	ptl_test_db_drop(empty);
	free(empty);
}
END_TEST

START_TEST(test_cli_db_unreachable_is_system_error)
{
	static const char *const commands[][2] = {
		{ "db", "migrate" }, { "db", "status" }, { "family", "list" }, { "demo", "load" },
		{ "queue", "list" }, { "queue", "settings" }, { "mail", "outbox" },
		{ "mail", "deliver" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		run_cli(&r, UNREACHABLE_DB, NULL, commands[i][0], commands[i][1], NULL);
		assert_status(&r, 3);
		ck_assert_str_eq(r.out, "");
		ck_assert(starts_with(r.err, "portail-cli: database unavailable"));
		ck_assert_ptr_nonnull(strstr(r.err, "/nonexistent/portail-cli-test"));
		ck_assert_ptr_nonnull(strstr(r.err, "PORTAIL_DB"));
		run_free(&r);
	}
}
END_TEST

/* --db comes before PORTAIL_DB. */
START_TEST(test_cli_db_option_overrides_environment)
{
	struct run r;

	run_cli(&r, conninfo, NULL, "--db", UNREACHABLE_DB, "family", "list", NULL);
	run_check_err(&r, 3, "--db");

	run_cli(&r, UNREACHABLE_DB, NULL, "--db", conninfo, "family", "list", NULL);
	run_check_out(&r, 0, "No families yet.\n");
}
END_TEST

/* ---- family --------------------------------------------------------------- */

START_TEST(test_cli_family_create_prints_a_code_that_logs_in)
{
	struct run r;
	char *code;
	bool must_change = false;

	run_cli(&r, conninfo, NULL, "family", "create", "--first-name", "Jeanne",
	        "--last-name", "Martin", "--email", "jeanne.martin@example.org",
	        "--phone", "06 12 34 56 78", "--address", "3 rue des Lilas",
	        "--postcode", "45000", "--city", "Orléans", NULL);
	assert_status(&r, 0);
	ck_assert_str_eq(r.err, "");
	assert_line_has(r.out, "Created family ", "(Martin).");
	code = line_value(r.out, "One-time code: ");
	ck_assert_ptr_nonnull(code);
	ck_assert_int_gt(strlen(code), 0);
	ck_assert_ptr_null(strchr(code, ' '));
	ck_assert_ptr_nonnull(strstr(r.out, "parent"));
	{
		char days[32];

		snprintf(days, sizeof(days), "%d days", PTL_ONE_TIME_CODE_DAYS);
		ck_assert_ptr_nonnull(strstr(r.out, days));
	}

	ck_assert_int_eq(parent_login("jeanne.martin@example.org", code, &must_change), PTL_OK);
	ck_assert(must_change);
	free(code);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_family_create_json_then_show_and_list)
{
	struct run r;
	int64_t id;
	char *code = create_family("Émile", "Dûpont", "emile.dupont@example.org", &id);
	ID_TEXT(id_text, id);
	json_t *json, *guardian;

	ck_assert_int_gt(id, 0);

	run_cli(&r, conninfo, NULL, "family", "show", id_text, "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "id")), id);
	ck_assert_str_eq(json_string_value(json_object_get(json, "name")), "Dûpont");
	ck_assert_int_eq(json_array_size(json_object_get(json, "guardians")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(json, "children")), 0);
	guardian = json_array_get(json_object_get(json, "guardians"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(guardian, "email")),
	                 "emile.dupont@example.org");
	ck_assert_str_eq(json_string_value(json_object_get(guardian, "first_name")), "Émile");
	json_decref(json);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "list", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 1, id);
	run_free(&r);
	free(code);
}
END_TEST

START_TEST(test_cli_family_show_text)
{
	struct run r;
	char heading[96];
	int64_t id;

	run_cli(&r, conninfo, NULL, "family", "create", "--family-name", "Martin-Roux",
	        "--first-name", "Jeanne", "--last-name", "Martin",
	        "--email", "jeanne.martin@example.org", "--phone", "06 12 34 56 78",
	        "--postcode", "45000", "--city", "Orléans", "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		id = json_integer_value(json_object_get(json, "family_id"));
		json_decref(json);
	}
	run_free(&r);

	ID_TEXT(id_text, id);
	run_cli(&r, conninfo, NULL, "family", "show", id_text, NULL);
	assert_status(&r, 0);
	snprintf(heading, sizeof(heading), "Family %lld: Martin-Roux\n", (long long)id);
	ck_assert_msg(starts_with(r.out, heading), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "Jeanne Martin"));
	ck_assert_ptr_nonnull(strstr(r.out, "jeanne.martin@example.org"));
	ck_assert_ptr_nonnull(strstr(r.out, "45000 Orléans"));
	ck_assert_ptr_nonnull(strstr(r.out, "Children (0):"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "show", "999999", NULL);
	run_check_refused(&r);
}
END_TEST

START_TEST(test_cli_family_show_child_and_contact_details)
{
	struct run r;
	int64_t id;
	char *code = create_family("Inès", "Garnier", "ines.garnier@example.org", &id);
	ptl_child_options child = PTL_CHILD_OPTIONS_INIT;
	ptl_contact_options contact = PTL_CONTACT_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	ptl_db *db;

	/* What the parent gave through the portal, as the manager must see it. */
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	child.first_name = "Sacha";
	child.last_name = "Garnier";
	child.birth_date = "2018-10-02";
	child.school_level = "CE2";
	child.allergies = "Arachide (PAI)";
	child.authorized_pickup = "Mamie Lucie";
	ck_assert_int_eq(ptl_child_create(NULL, db, id, &child), PTL_OK);
	ck_assert_int_eq(ptl_guardian_get_by_email(&g, db, "ines.garnier@example.org"), PTL_OK);
	contact.mobile_phone = "07 11 22 33 44";
	contact.employer = "Clinique du Val";
	contact.notify_by_sms = 1;
	ck_assert_int_eq(ptl_profile_update_contact(NULL, db, g->id, &contact), PTL_OK);
	ptl_guardian_free(g);
	ptl_db_close(db);

	ID_TEXT(id_text, id);
	run_cli(&r, conninfo, NULL, "family", "show", id_text, NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "    allergies/PAI:", "Arachide (PAI)");
	assert_line_has(r.out, "    level:", "CE2");
	assert_line_has(r.out, "    pick-up:", "Mamie Lucie");
	assert_line_has(r.out, "    mobile:", "0711223344");
	assert_line_has(r.out, "    employer:", "Clinique du Val");
	assert_line_has(r.out, "    notify:", "email, text message");
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "show", id_text, "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		json_t *kid = json_array_get(json_object_get(json, "children"), 0);
		json_t *parent = json_array_get(json_object_get(json, "guardians"), 0);
		ck_assert_str_eq(json_string_value(json_object_get(kid, "allergies")), "Arachide (PAI)");
		ck_assert_str_eq(json_string_value(json_object_get(kid, "school_level")), "CE2");
		ck_assert_str_eq(json_string_value(json_object_get(parent, "employer")), "Clinique du Val");
		ck_assert(json_is_true(json_object_get(parent, "notify_by_sms")));
		json_decref(json);
	}
	run_free(&r);
	free(code);
}
END_TEST

START_TEST(test_cli_family_list_table_is_aligned)
{
	struct run r;
	char *a = create_family("Jeanne", "Martin", "jeanne.martin@example.org", NULL);
	char *b = create_family("Hélène", "Bézier-Lefèvre", "helene.bezier@example.org", NULL);
	int col;

	run_cli(&r, conninfo, NULL, "family", "list", NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "ID"));
	col = column_of(r.out, "GUARDIANS");
	ck_assert_int_gt(col, 0);
	ck_assert_int_eq(column_of(r.out, "jeanne.martin@example.org"), col);
	ck_assert_int_eq(column_of(r.out, "helene.bezier@example.org"), col);
	ck_assert_int_eq(column_of(r.out, "Bézier-Lefèvre"), column_of(r.out, "NAME"));
	/* by name: Bézier-Lefèvre before Martin */
	ck_assert(strstr(r.out, "Bézier-Lefèvre") < strstr(r.out, "Martin"));
	ck_assert_ptr_nonnull(strstr(r.out, "2 families."));
	/* not a terminal: no progress line */
	ck_assert_str_eq(r.err, "");
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "list", "--search", "BEZIER", "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		ck_assert_int_eq(json_array_size(json), 1);
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json, 0), "name")),
		                 "Bézier-Lefèvre");
		json_decref(json);
	}
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "list", "--search", "nobody-here", NULL);
	run_check_out(&r, 0, "No family matches \"nobody-here\".\n");
	free(a);
	free(b);
}
END_TEST

/* --csv: RFC 4180 for a spreadsheet: a header row, CRLF line ends, a field
 * with a comma, a quote or a line break quoted and its quotes doubled, UTF-8
 * as it is. */
START_TEST(test_cli_family_list_csv_quotes_commas_quotes_and_newlines)
{
	struct run r;
	char expected[512];
	int64_t id;

	run_cli(&r, conninfo, NULL, "family", "create", "--family-name",
	        "Lefèvre, \"les Grands\"\nBis", "--first-name", "Aude", "--last-name", "Lefèvre",
	        "--email", "aude.lefevre@example.org", "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		id = json_integer_value(json_object_get(json, "family_id"));
		json_decref(json);
	}
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "list", "--csv", NULL);
	snprintf(expected, sizeof(expected),
	         "ID,NAME,GUARDIANS,CHILDREN\r\n"
	         "%lld,\"Lefèvre, \"\"les Grands\"\"\nBis\",aude.lefevre@example.org,0\r\n",
	         (long long)id);
	run_check_out(&r, 0, expected);

	/* No family: the header row alone, and no "No families" sentence. */
	run_cli(&r, conninfo, NULL, "family", "list", "--search", "nobody-here", "--csv", NULL);
	run_check_out(&r, 0, "ID,NAME,GUARDIANS,CHILDREN\r\n");

	/* One format at a time. */
	run_cli(&r, conninfo, NULL, "family", "list", "--csv", "--json", NULL);
	assert_status(&r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "--json and --csv"));
	run_free(&r);
}
END_TEST

START_TEST(test_cli_family_create_invalid_email_names_the_field)
{
	struct run r;

	run_cli(&r, conninfo, NULL, "family", "create", "--first-name", "Jeanne",
	        "--last-name", "Martin", "--email", "not-an-email", NULL);
	assert_status(&r, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert(starts_with(r.err, "portail-cli: "));
	ck_assert_msg(strstr(r.err, "(field: email)") != NULL, "%s", r.err);
	run_free(&r);

	/* Nothing was created. */
	run_cli(&r, conninfo, NULL, "family", "list", "--json", NULL);
	assert_status(&r, 0);
	ck_assert_int_eq(json_length(r.out), 0);
	run_free(&r);

	/* A missing required value is the library's to refuse, naming it too. */
	run_cli(&r, conninfo, NULL, "family", "create", "--first-name", "Jeanne",
	        "--email", "jeanne@example.org", NULL);
	run_check_err(&r, 1, "(field: last_name)");
}
END_TEST

START_TEST(test_cli_family_create_duplicate_email_is_refused)
{
	struct run r;
	char *code = create_family("Jeanne", "Martin", "jeanne.martin@example.org", NULL);

	run_cli(&r, conninfo, NULL, "family", "create", "--first-name", "Paul",
	        "--last-name", "Durand", "--email", "Jeanne.Martin@example.org", NULL);
	run_check_refused(&r);

	run_cli(&r, conninfo, NULL, "family", "list", "--json", NULL);
	ck_assert_int_eq(json_length(r.out), 1);
	run_free(&r);
	/* The first family's code still works. */
	ck_assert_int_eq(parent_login("jeanne.martin@example.org", code, NULL), PTL_OK);
	free(code);
}
END_TEST

/* ---- account -------------------------------------------------------------- */

START_TEST(test_cli_account_reset_password_issues_a_new_code)
{
	const char *email = "jeanne.martin@example.org";
	char *old_code = create_family("Jeanne", "Martin", email, NULL);
	char *new_code;
	bool must_change = false;
	struct run r;

	set_password(email, "Lilas-et-Roses-2026");
	ck_assert_int_eq(parent_login(email, "Lilas-et-Roses-2026", NULL), PTL_OK);

	run_cli(&r, conninfo, NULL, "account", "reset-password", email, NULL);
	assert_status(&r, 0);
	new_code = line_value(r.out, "One-time code: ");
	ck_assert_ptr_nonnull(new_code);
	ck_assert_str_ne(new_code, old_code);
	run_free(&r);

	ck_assert_int_eq(parent_login(email, old_code, NULL), PTL_EAUTH);
	ck_assert_int_eq(parent_login(email, "Lilas-et-Roses-2026", NULL), PTL_EAUTH);
	ck_assert_int_eq(parent_login(email, new_code, &must_change), PTL_OK);
	ck_assert(must_change);
	free(old_code);
	free(new_code);

	run_cli(&r, conninfo, NULL, "account", "reset-password", email, "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		ck_assert_str_eq(json_string_value(json_object_get(json, "email")), email);
		ck_assert(json_is_string(json_object_get(json, "one_time_code")));
		json_decref(json);
	}
	run_free(&r);

	run_cli(&r, conninfo, NULL, "account", "reset-password", "nobody@example.org", NULL);
	run_check_out(&r, 1, "");
}
END_TEST

START_TEST(test_cli_account_set_email_changes_the_login)
{
	const char *old_email = "jeanne.martin@example.org";
	const char *new_email = "jeanne.roux@example.org";
	char *code = create_family("Jeanne", "Martin", old_email, NULL);
	char *other = create_family("Paul", "Durand", "paul.durand@example.org", NULL);
	struct run r;

	set_password(old_email, "Lilas-et-Roses-2026");

	run_cli(&r, conninfo, NULL, "account", "set-email", old_email, new_email, NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, new_email));
	run_free(&r);

	ck_assert_int_eq(parent_login(new_email, "Lilas-et-Roses-2026", NULL), PTL_OK);
	ck_assert_int_eq(parent_login(old_email, "Lilas-et-Roses-2026", NULL), PTL_EAUTH);

	/* Another family's login cannot be taken. */
	run_cli(&r, conninfo, NULL, "account", "set-email", new_email,
	        "paul.durand@example.org", NULL);
	run_check(&r, 1);

	run_cli(&r, conninfo, NULL, "account", "set-email", new_email, "not an email", NULL);
	run_check_err(&r, 1, "(field: ");

	run_cli(&r, conninfo, NULL, "account", "set-email", "nobody@example.org",
	        "someone@example.org", NULL);
	run_check(&r, 1);
	free(code);
	free(other);
}
END_TEST

START_TEST(test_cli_account_set_password_reads_stdin)
{
	const char *email = "jeanne.martin@example.org";
	char *code = create_family("Jeanne", "Martin", email, NULL);
	struct run r;

	/* One line; its line ending (even CRLF) is not part of the password. */
	run_cli(&r, conninfo, "Lilas-et-Roses-2026\r\nignored\n", "account", "set-password",
	        email, NULL);
	run_check(&r, 0);
	ck_assert_int_eq(parent_login(email, "Lilas-et-Roses-2026", NULL), PTL_OK);

	run_cli(&r, conninfo, NULL, "account", "set-password", email, NULL);
	run_check_err(&r, 2, "standard input");

	run_cli(&r, conninfo, "short\n", "account", "set-password", email, NULL);
	run_check_err(&r, 1, "(field: ");
	ck_assert_int_eq(parent_login(email, "Lilas-et-Roses-2026", NULL), PTL_OK);
	free(code);
}
END_TEST

/* ---- demo ----------------------------------------------------------------- */

START_TEST(test_cli_demo_load_is_idempotent)
{
	struct run r;
	json_t *list, *family, *children;
	char id_text[24];

	run_cli(&r, conninfo, NULL, "demo", "load", NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "Demo data loaded."));
	ck_assert_ptr_nonnull(strstr(r.out, "Demo login: " PTL_DEMO_EMAIL "\n"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "demo", "load", NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "Demo data already present"));
	ck_assert_ptr_nonnull(strstr(r.out, "Demo login: " PTL_DEMO_EMAIL "\n"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "demo", "load", "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		ck_assert(json_is_false(json_object_get(json, "created")));
		json_decref(json);
	}
	run_free(&r);

	ck_assert_int_eq(parent_login(PTL_DEMO_EMAIL, PTL_DEMO_PASSWORD, NULL), PTL_OK);

	/* One demo family, with its children and their birth dates. */
	run_cli(&r, conninfo, NULL, "family", "list", "--search", PTL_DEMO_EMAIL, "--json", NULL);
	assert_status(&r, 0);
	list = parse_json(r.out);
	ck_assert_int_eq(json_array_size(list), 1);
	snprintf(id_text, sizeof(id_text), "%lld",
	         (long long)json_integer_value(json_object_get(json_array_get(list, 0), "id")));
	json_decref(list);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "show", id_text, "--json", NULL);
	assert_status(&r, 0);
	family = parse_json(r.out);
	children = json_object_get(family, "children");
	ck_assert_int_eq(json_array_size(children), 2);
	for (size_t i = 0; i < 2; i++) {
		const char *born = json_string_value(
			json_object_get(json_array_get(children, i), "birth_date"));
		ptl_day day;

		ck_assert_ptr_nonnull(born);
		ck_assert_int_eq(ptl_day_parse(&day, born), PTL_OK);
	}
	json_decref(family);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "show", id_text, NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Children (2):"));
	ck_assert_ptr_nonnull(strstr(r.out, ", born "));
	run_free(&r);
}
END_TEST

/* ---- structure ----------------------------------------------------------- */

START_TEST(test_cli_structure_set_then_show)
{
	struct run r;
	json_t *json;

	/* Nothing set yet: every field shows "-". */
	run_cli(&r, conninfo, NULL, "structure", "show", NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "name ", "-");
	run_free(&r);

	run_cli(&r, conninfo, NULL, "structure", "set", "--name", "Service enfance de Clivy",
	        "--phone", "02 38 11 22 33", "--opening-hours", "Lundi : 9 h - 12 h\nMardi : fermé",
	        "--email", "Accueil@Clivy.FR", NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "name ", "Service enfance de Clivy");
	assert_line_has(r.out, "phone ", "0238112233");
	assert_line_has(r.out, "city ", "-");
	/* The second line of the opening hours is indented under the first. */
	ck_assert_int_eq(column_of(r.out, "Mardi"), column_of(r.out, "Lundi"));
	run_free(&r);

	/* A later change keeps the other fields; --json gives every field. */
	run_cli(&r, conninfo, NULL, "structure", "set", "--city", "Clivy", NULL);
	run_check(&r, 0);
	run_cli(&r, conninfo, NULL, "structure", "show", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_str_eq(json_string_value(json_object_get(json, "name")), "Service enfance de Clivy");
	ck_assert_str_eq(json_string_value(json_object_get(json, "city")), "Clivy");
	ck_assert_str_eq(json_string_value(json_object_get(json, "email")), "accueil@clivy.fr");
	ck_assert_str_eq(json_string_value(json_object_get(json, "postcode")), "");
	ck_assert(json_is_string(json_object_get(json, "updated_at")));
	ck_assert_uint_eq(json_object_size(json), 10);
	json_decref(json);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_structure_refusals_and_usage)
{
	struct run r;

	run_cli(&r, conninfo, NULL, "structure", "set", "--phone", "12", NULL);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "(field: phone)"));
	run_free(&r);
	run_cli(&r, conninfo, NULL, "structure", "set", "--postcode", "4519", NULL);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "(field: postcode)"));
	run_free(&r);
	run_cli(&r, conninfo, NULL, "structure", "set", NULL);
	run_check_err(&r, 2, "give at least one field");
	run_cli(&r, conninfo, NULL, "structure", "set", "--colour", "bleu", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "structure", "show", "extra", NULL);
	run_check(&r, 2);
}
END_TEST

/* ---- the suite ------------------------------------------------------------ */

/* Argon2id hashing and fresh databases take time; the program is slow
 * under sanitizers. */
static TCase *tcase(Suite *s, const char *name, bool with_db)
{
	return add_tcase(s, name, 60, with_db ? db_setup : NULL, db_teardown);
}

/* ---- a family's other guardians ------------------------------------------ */

/* add-guardian --json: the new guardian's id, and their code in *code
 * (NULL when no email was given). */
static int64_t add_guardian_json(const char *family, char **code, ...)
{
	const char *argv[24] = { "family", "add-guardian", family, "--json" };
	size_t n = 4;
	struct run r;
	json_t *json, *c;
	int64_t id;
	va_list ap;

	va_start(ap, code);
	while (n < 23 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	run_cli(&r, conninfo, NULL, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6],
	        argv[7], argv[8], argv[9], argv[10], argv[11], argv[12], argv[13], NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	id = json_integer_value(json_object_get(json, "guardian_id"));
	c = json_object_get(json, "one_time_code");
	*code = json_is_string(c) ? strdup(json_string_value(c)) : NULL;
	json_decref(json);
	run_free(&r);
	return id;
}

START_TEST(test_cli_add_guardian_with_a_login_then_show_and_list)
{
	int64_t family;
	char *first = create_family("Claire", "Fontaine", "claire.fontaine@example.org", &family);
	ID_TEXT(fid, family);
	struct run r;
	char *code, *line;
	json_t *json, *g;

	run_cli(&r, conninfo, NULL, "family", "add-guardian", fid, "--first-name", "Yann",
	        "--last-name", "Fontaine", "--relationship", "pere", "--email",
	        "Yann.Fontaine@example.org", "--mobile-phone", "07 00 00 00 01",
	        "--employer", "SNCF", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "Added guardian "), "%s", r.out);
	line = line_value(r.out, "One-time code: ");
	ck_assert_ptr_nonnull(line);
	code = line;
	run_free(&r);
	/* The code logs the new guardian in, once, to choose a password. */
	ck_assert_int_eq(parent_login("yann.fontaine@example.org", code, NULL), PTL_OK);
	free(code);

	run_cli(&r, conninfo, NULL, "family", "show", fid, NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Guardians (2):"));
	ck_assert_ptr_nonnull(strstr(r.out, "  Yann Fontaine (guardian "));
	assert_line_has(r.out, "    relationship:", "Père");
	assert_line_has(r.out, "    employer:", "SNCF");
	assert_line_has(r.out, "    login:", "active");
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "show", fid, "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_uint_eq(json_array_size(json_object_get(json, "guardians")), 2);
	g = json_array_get(json_object_get(json, "guardians"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(g, "relationship")), "pere");
	ck_assert_str_eq(json_string_value(json_object_get(g, "mobile_phone")), "0700000001");
	ck_assert(json_is_true(json_object_get(g, "has_login")));
	ck_assert(json_is_true(json_object_get(g, "login_active")));
	json_decref(json);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "list", "--csv", NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, ",\"claire.fontaine@example.org, yann.fontaine@example.org\",0\r\n"),
	              "%s", r.out);
	run_free(&r);
	free(first);
}
END_TEST

START_TEST(test_cli_add_guardian_without_email_has_no_login)
{
	int64_t family;
	char *first = create_family("Rose", "Blanc", "rose.blanc@example.org", &family);
	ID_TEXT(fid, family);
	struct run r;
	char *code = (char *)"unset";

	run_cli(&r, conninfo, NULL, "family", "add-guardian", fid, "--first-name", "Jules",
	        "--last-name", "Blanc", NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "No email given: this guardian has no login."));
	ck_assert_ptr_null(strstr(r.out, "One-time code"));
	run_free(&r);
	ck_assert_int_gt(add_guardian_json(fid, &code, "--first-name", "Léon", "--last-name",
	                                   "Blanc", NULL), 0);
	ck_assert_ptr_null(code);

	run_cli(&r, conninfo, NULL, "family", "list", NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out,
		"rose.blanc@example.org, Jules Blanc (no login), Léon Blanc (no login)"));
	run_free(&r);
	run_cli(&r, conninfo, NULL, "family", "show", fid, NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "  Jules Blanc (guardian ") &&
	              strstr(strstr(r.out, "  Jules Blanc (guardian "), "    login:         none\n"),
	              "%s", r.out);
	run_free(&r);
	free(first);
}
END_TEST

/* A guardian added without an email gets a login later; one who has a
 * login keeps it, and a taken email is refused. */
START_TEST(test_cli_account_create_for_a_guardian_without_login)
{
	int64_t family;
	char *first = create_family("Anne", "Tardive", "anne.tardive@example.org", &family);
	ID_TEXT(fid, family);
	struct run r;
	char *code = (char *)"unset", *line;
	int64_t id = add_guardian_json(fid, &code, "--first-name", "Paul", "--last-name",
	                               "Tardif", NULL);
	ID_TEXT(gid, id);

	ck_assert_ptr_null(code);
	run_cli(&r, conninfo, NULL, "account", "create", gid, " Paul.Tardif@Example.org", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "New one-time code for "), "%s", r.out);
	line = line_value(r.out, "One-time code: ");
	ck_assert_ptr_nonnull(line);
	run_free(&r);
	ck_assert_int_eq(parent_login("paul.tardif@example.org", line, NULL), PTL_OK);
	free(line);
	run_cli(&r, conninfo, NULL, "family", "show", fid, NULL);
	assert_status(&r, 0);
	ck_assert_msg(strstr(r.out, "  Paul Tardif (guardian ") &&
	              !strstr(strstr(r.out, "  Paul Tardif (guardian "), "    login:         none\n"),
	              "%s", r.out);
	run_free(&r);

	/* Twice: the login stays as it is. */
	run_cli(&r, conninfo, NULL, "account", "create", gid, "autre@example.org", NULL);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "already has a login"));
	run_free(&r);
	/* Another guardian's login email, an unknown guardian, a bad id. */
	id = add_guardian_json(fid, &code, "--first-name", "Lou", "--last-name", "Tardif", NULL);
	{
		ID_TEXT(other, id);
		run_cli(&r, conninfo, NULL, "account", "create", other, "anne.tardive@example.org",
		        NULL);
		assert_status(&r, 1);
		ck_assert_ptr_nonnull(strstr(r.err, "already a login"));
		run_free(&r);
		run_cli(&r, conninfo, NULL, "account", "create", other, "pas-un-email", NULL);
		assert_status(&r, 1);
		run_free(&r);
	}
	run_cli(&r, conninfo, NULL, "account", "create", "999999999", "x@example.org", NULL);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "no guardian 999999999"));
	run_free(&r);
	run_cli(&r, conninfo, NULL, "account", "create", "abc", "x@example.org", NULL);
	assert_status(&r, 2);
	run_free(&r);
	free(first);
}
END_TEST

START_TEST(test_cli_add_guardian_refusals)
{
	int64_t family;
	char *first = create_family("Iris", "Vert", "iris.vert@example.org", &family);
	ID_TEXT(fid, family);
	struct run r;

	run_cli(&r, conninfo, NULL, "family", "add-guardian", fid, "--first-name", "Max",
	        "--last-name", "Vert", "--relationship", "oncle", NULL);
	run_check_err(&r, 1, "(field: relationship)");
	run_cli(&r, conninfo, NULL, "family", "add-guardian", fid, "--first-name", "Max",
	        "--last-name", "Vert", "--email", "iris.vert@example.org", NULL);
	run_check_err(&r, 1, "(field: email)");
	run_cli(&r, conninfo, NULL, "family", "add-guardian", "999999", "--first-name", "Max",
	        "--last-name", "Vert", NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "family", "add-guardian", "--first-name", "Max", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "family", "add-guardian", "abc", "--first-name", "Max", NULL);
	run_check(&r, 2);

	run_cli(&r, conninfo, NULL, "family", "show", fid, "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		ck_assert_uint_eq(json_array_size(json_object_get(json, "guardians")), 1);
		json_decref(json);
	}
	run_free(&r);
	free(first);
}
END_TEST

START_TEST(test_cli_edit_guardian)
{
	int64_t family;
	char *first = create_family("Noé", "Brun", "noe.brun@example.org", &family);
	ID_TEXT(fid, family);
	char *code;
	int64_t id = add_guardian_json(fid, &code, "--first-name", "Eva", "--last-name", "Brun",
	                               "--city", "Tours", NULL);
	ID_TEXT(gid, id);
	struct run r;
	json_t *json;

	run_cli(&r, conninfo, NULL, "family", "edit-guardian", gid, "--phone", "02 47 00 00 00",
	        "--relationship", "tutrice", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_str_eq(json_string_value(json_object_get(json, "phone")), "0247000000");
	ck_assert_str_eq(json_string_value(json_object_get(json, "relationship")), "tutrice");
	ck_assert_str_eq(json_string_value(json_object_get(json, "city")), "Tours");
	ck_assert_str_eq(json_string_value(json_object_get(json, "first_name")), "Eva");
	json_decref(json);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "edit-guardian", gid, "--city", "", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "Updated guardian "), "%s", r.out);
	run_free(&r);
	run_cli(&r, conninfo, NULL, "family", "edit-guardian", gid, "--postcode", "123", NULL);
	run_check_err(&r, 1, "(field: postcode)");
	run_cli(&r, conninfo, NULL, "family", "edit-guardian", gid, "--email", "x@example.org", NULL);
	run_check_err(&r, 2, "account set-email");
	run_cli(&r, conninfo, NULL, "family", "edit-guardian", "999999", "--city", "Blois", NULL);
	run_check_refused(&r);

	run_cli(&r, conninfo, NULL, "family", "show", fid, NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "    phone:", "0247000000");
	ck_assert_ptr_null(strstr(r.out, "Tours"));
	run_free(&r);
	free(first);
}
END_TEST

START_TEST(test_cli_remove_guardian_ends_the_login_and_keeps_the_history)
{
	int64_t family;
	char *first = create_family("Lou", "Gris", "lou.gris@example.org", &family);
	ID_TEXT(fid, family);
	char *code, *token = NULL;
	int64_t id = add_guardian_json(fid, &code, "--first-name", "Tom", "--last-name", "Gris",
	                               "--email", "tom.gris@example.org", NULL);
	ID_TEXT(gid, id);
	ptl_contact_options contact = PTL_CONTACT_OPTIONS_INIT;
	ptl_session session;
	ptl_db *db;
	struct run r;
	char *first_id;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_auth_login(&token, &session, db, "tom.gris@example.org", code,
	                                "192.0.2.11"), PTL_OK);
	contact.city = "Blois";
	ck_assert_int_eq(ptl_profile_update_contact(NULL, db, id, &contact), PTL_OK);
	ptl_db_close(db);

	run_cli(&r, conninfo, NULL, "queue", "list", "--family", fid, NULL);
	assert_status(&r, 0);
	ck_assert_int_eq(column_of(r.out, "Tom Gris"), column_of(r.out, "ASKED BY"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "family", "remove-guardian", gid, NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Removed guardian"));
	ck_assert_ptr_nonnull(strstr(r.out, "their login and sessions have ended"));
	run_free(&r);
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_session_get(&session, db, token), PTL_EAUTH);
	ptl_db_close(db);
	ck_assert_int_eq(parent_login("tom.gris@example.org", code, NULL), PTL_EAUTH);

	/* The history keeps who asked. */
	run_cli(&r, conninfo, NULL, "queue", "list", "--family", fid, "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		json_t *req = json_array_get(json, 0);
		ck_assert_str_eq(json_string_value(json_object_get(req, "guardian_name")), "Tom Gris");
		ck_assert(json_is_null(json_object_get(req, "guardian_id")));
		run_free(&r);
		ID_TEXT(rid, json_integer_value(json_object_get(req, "id")));
		json_decref(json);
		run_cli(&r, conninfo, NULL, "queue", "show", rid, NULL);
		assert_status(&r, 0);
		assert_line_has(r.out, "  asked by:", "Tom Gris (guardian since removed)");
		run_free(&r);
	}

	/* Never the last one. */
	run_cli(&r, conninfo, NULL, "family", "show", fid, "--json", NULL);
	assert_status(&r, 0);
	{
		json_t *json = parse_json(r.out);
		json_t *g = json_array_get(json_object_get(json, "guardians"), 0);
		ck_assert_uint_eq(json_array_size(json_object_get(json, "guardians")), 1);
		first_id = malloc(24);
		snprintf(first_id, 24, "%lld", (long long)json_integer_value(json_object_get(g, "id")));
		json_decref(json);
	}
	run_free(&r);
	run_cli(&r, conninfo, NULL, "family", "remove-guardian", first_id, NULL);
	run_check_err(&r, 1, "last guardian");
	run_cli(&r, conninfo, NULL, "family", "remove-guardian", gid, NULL);
	run_check_refused(&r);
	run_cli(&r, conninfo, NULL, "family", "remove-guardian", NULL);
	run_check(&r, 2);
	free(first_id);
	free(code);
	ptl_free(token);
	free(first);
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc;

	tc = tcase(s, "usage", false);
	tcase_add_test(tc, test_cli_help_lists_every_command);
	tcase_add_test(tc, test_cli_version_prints_version);
	tcase_add_test(tc, test_cli_noun_help_lists_its_commands);
	tcase_add_loop_test(tc, test_cli_every_command_has_help, 0,
	                    sizeof(all_commands) / sizeof(all_commands[0]));
	tcase_add_test(tc, test_cli_help_comes_from_the_command_tables);
	tcase_add_test(tc, test_cli_unknown_command_is_usage_error);
	tcase_add_test(tc, test_cli_unknown_option_is_usage_error);
	tcase_add_test(tc, test_cli_bad_operands_are_usage_errors);
	tcase_add_test(tc, test_cli_no_database_given_is_usage_error);

	tc = tcase(s, "structure", true);
	tcase_add_test(tc, test_cli_structure_set_then_show);
	tcase_add_test(tc, test_cli_structure_refusals_and_usage);

	tc = tcase(s, "db", true);
	tcase_add_test(tc, test_cli_db_migrate_twice_applies_nothing_the_second_time);
	tcase_add_test(tc, test_cli_db_unreachable_is_system_error);
	tcase_add_test(tc, test_cli_db_option_overrides_environment);

	tc = tcase(s, "guardians", true);
	tcase_add_test(tc, test_cli_add_guardian_with_a_login_then_show_and_list);
	tcase_add_test(tc, test_cli_add_guardian_without_email_has_no_login);
	tcase_add_test(tc, test_cli_add_guardian_refusals);
	tcase_add_test(tc, test_cli_account_create_for_a_guardian_without_login);
	tcase_add_test(tc, test_cli_edit_guardian);
	tcase_add_test(tc, test_cli_remove_guardian_ends_the_login_and_keeps_the_history);

	tc = tcase(s, "family", true);
	tcase_add_test(tc, test_cli_family_create_prints_a_code_that_logs_in);
	tcase_add_test(tc, test_cli_family_create_json_then_show_and_list);
	tcase_add_test(tc, test_cli_family_show_text);
	tcase_add_test(tc, test_cli_family_show_child_and_contact_details);
	tcase_add_test(tc, test_cli_family_list_table_is_aligned);
	tcase_add_test(tc, test_cli_family_list_csv_quotes_commas_quotes_and_newlines);
	tcase_add_test(tc, test_cli_family_create_invalid_email_names_the_field);
	tcase_add_test(tc, test_cli_family_create_duplicate_email_is_refused);

	tc = tcase(s, "account", true);
	tcase_add_test(tc, test_cli_account_reset_password_issues_a_new_code);
	tcase_add_test(tc, test_cli_account_set_email_changes_the_login);
	tcase_add_test(tc, test_cli_account_set_password_reads_stdin);

	tc = tcase(s, "demo", true);
	tcase_add_test(tc, test_cli_demo_load_is_idempotent);
	return s;
}

int main(void)
{
	return run_suite(cli_suite());
}
