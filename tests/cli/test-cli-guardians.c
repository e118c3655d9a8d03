/*
 * test-cli-guardians.c — the manager keeps a family's guardians with the
 * real portail-cli: `family add-guardian` (with a login and its one-time
 * code when an email is given), `family edit-guardian`, `family
 * remove-guardian` (never the last; the removed guardian's login and
 * sessions end), `family show` and `family list` showing every guardian
 * with their login, and `queue list` / `queue show` naming who asked, a
 * removed guardian included.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <portail/portail.h>

#include "cli-run.h"
#include "testdb.h"

static char *conninfo;

static void db_setup(void)
{
	conninfo = ptl_test_db_create("cli_guardians");
}

static void db_teardown(void)
{
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
}

/* Log in as a parent would; the library's status, the token in *token
 * (may be NULL). */
static int parent_login(const char *email, const char *secret, char **token)
{
	ptl_session session;
	ptl_db *db;
	char *t = NULL;
	int rc;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	rc = ptl_auth_login(&t, &session, db, email, secret, "192.0.2.11");
	ptl_db_close(db);
	if (token)
		*token = t;
	else
		ptl_free(t);
	return rc;
}

static int session_alive(const char *token)
{
	ptl_session session;
	ptl_db *db;
	int rc;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	rc = ptl_session_get(&session, db, token);
	ptl_db_close(db);
	return rc;
}

/* A family made through the CLI; its id. */
static int64_t new_family(const char *first, const char *last, const char *email)
{
	struct run r;
	json_t *json;
	int64_t id;

	run_cli(&r, conninfo, NULL, "family", "create", "--first-name", first,
	        "--last-name", last, "--email", email, "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	id = json_integer_value(json_object_get(json, "family_id"));
	json_decref(json);
	run_free(&r);
	return id;
}

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
	int64_t family = new_family("Claire", "Fontaine", "claire.fontaine@example.org");
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
}
END_TEST

START_TEST(test_cli_add_guardian_without_email_has_no_login)
{
	int64_t family = new_family("Rose", "Blanc", "rose.blanc@example.org");
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
}
END_TEST

START_TEST(test_cli_add_guardian_refusals)
{
	int64_t family = new_family("Iris", "Vert", "iris.vert@example.org");
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
}
END_TEST

START_TEST(test_cli_edit_guardian)
{
	int64_t family = new_family("Noé", "Brun", "noe.brun@example.org");
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
}
END_TEST

START_TEST(test_cli_remove_guardian_ends_the_login_and_keeps_the_history)
{
	int64_t family = new_family("Lou", "Gris", "lou.gris@example.org");
	ID_TEXT(fid, family);
	char *code, *token = NULL;
	int64_t id = add_guardian_json(fid, &code, "--first-name", "Tom", "--last-name", "Gris",
	                               "--email", "tom.gris@example.org", NULL);
	ID_TEXT(gid, id);
	ptl_contact_options contact = PTL_CONTACT_OPTIONS_INIT;
	ptl_db *db;
	struct run r;
	char *first_id;

	ck_assert_int_eq(parent_login("tom.gris@example.org", code, &token), PTL_OK);
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
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
	ck_assert_int_eq(session_alive(token), PTL_EAUTH);
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
}
END_TEST

static Suite *guardians_suite(void)
{
	Suite *s = suite_create("cli-guardians");
	TCase *tc = add_tcase(s, "guardians", 120, db_setup, db_teardown);

	tcase_add_test(tc, test_cli_add_guardian_with_a_login_then_show_and_list);
	tcase_add_test(tc, test_cli_add_guardian_without_email_has_no_login);
	tcase_add_test(tc, test_cli_add_guardian_refusals);
	tcase_add_test(tc, test_cli_edit_guardian);
	tcase_add_test(tc, test_cli_remove_guardian_ends_the_login_and_keeps_the_history);
	return s;
}

int main(void)
{
	return run_suite(guardians_suite());
}
