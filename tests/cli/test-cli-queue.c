/*
 * test-cli-queue.c — tests of the manager's `queue` and `mail` commands of
 * portail-cli: families and their requests are set up through the library's
 * public API, as the parents' portal would; then the real built program
 * lists, shows, accepts and refuses them, and the tests check what the
 * manager sees and, through the library, what changed for the family. The
 * mail tests run a real SMTP server on loopback (smtp-server.c: aiosmtpd
 * from Debian's python3-aiosmtpd, writing into a maildir) and read what it
 * received.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include <portail/portail.h>

#include "cli-run.h"
#include "smtp-server.h"
#include "testdb.h"

#define PASSWORD "Lilas-et-Roses-2026"
#define ACCEPTED_SUBJECT "Votre demande a été acceptée"
#define REFUSED_SUBJECT "Votre demande a été refusée"

/* ---- the database and the families' side --------------------------------- */

static char *conninfo;  /* the fresh database of the running test */
static ptl_db *lib;     /* the library's connection to it, as the portal has */

static void db_setup(void)
{
	conninfo = ptl_test_db_create("cliqueue");
	ck_assert_int_eq(ptl_db_open(&lib, conninfo), PTL_OK);
}

static void db_teardown(void)
{
	ptl_db_close(lib);
	lib = NULL;
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
}

struct family {
	int64_t id;
	int64_t guardian_id;
	const char *email;
};

/* A family created by the service, living in Orléans. */
static struct family make_family(const char *first, const char *last, const char *email)
{
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	struct family f = { 0, 0, email };
	ptl_guardian *g = NULL;

	in.first_name = first;
	in.last_name = last;
	in.email = email;
	in.address = "3 rue des Lilas";
	in.postcode = "45000";
	in.city = "Orléans";
	ck_assert_int_eq(ptl_family_create(&f.id, NULL, lib, &in), PTL_OK);
	ck_assert_int_eq(ptl_guardian_get_by_email(&g, lib, email), PTL_OK);
	f.guardian_id = g->id;
	ptl_guardian_free(g);
	return f;
}

/* The family asks to add a child; returns the request's id. */
static int64_t ask_child(const struct family *f, const char *first, const char *last)
{
	ptl_child_options in = PTL_CHILD_OPTIONS_INIT;
	int64_t id = 0;

	in.first_name = first;
	in.last_name = last;
	in.birth_date = "2019-05-14";
	in.school_level = "MS";
	ck_assert_int_eq(ptl_profile_add_child(&id, lib, f->guardian_id, &in), PTL_OK);
	ck_assert_int_gt(id, 0);
	return id;
}

/* The family's guardian asks to move to @p city (postcode 37000). */
static int64_t ask_contact(const struct family *f, const char *city)
{
	ptl_contact_options in = PTL_CONTACT_OPTIONS_INIT;
	ptl_request *request = NULL;
	int64_t id;

	in.phone = "06 12 34 56 78";
	in.address = "3 rue des Lilas";
	in.postcode = "37000";
	in.city = city;
	ck_assert_int_eq(ptl_profile_update_contact(&request, lib, f->guardian_id, &in), PTL_OK);
	id = request->id;
	ptl_request_free(request);
	ck_assert_int_gt(id, 0);
	return id;
}

/* The newest message to @p email in the outbox (caller frees), or NULL. */
static ptl_mails *latest_mail(const char *email)
{
	ptl_mails *mails = NULL;

	ck_assert_int_eq(ptl_mail_outbox(&mails, lib, email, 1), PTL_OK);
	return mails;
}

/* A parent signs up, then follows the link of the confirmation mail (read
 * from the outbox); returns the id of the sign-up request that waits. */
static int64_t signup_confirmed(const char *email, const char *first, const char *last)
{
	ptl_signup_options in = PTL_SIGNUP_OPTIONS_INIT;
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_requests *list = NULL;
	ptl_mails *mails;
	const char *link;
	char token[128];
	size_t len;
	int64_t id;

	in.email = email;
	in.password = PASSWORD;
	in.first_name = first;
	in.last_name = last;
	in.postcode = "45000";
	in.city = "Orléans";
	ck_assert_int_eq(ptl_signup_create(lib, &in), PTL_OK);

	mails = latest_mail(email);
	ck_assert_int_eq(mails->count, 1);
	link = strstr(mails->items[0].body, "confirmer.html?jeton=");
	ck_assert_msg(link != NULL, "no confirmation link in:\n%s", mails->items[0].body);
	link += strlen("confirmer.html?jeton=");
	len = strcspn(link, " \r\n");
	ck_assert_int_gt(len, 0);
	ck_assert_int_lt(len, sizeof(token));
	memcpy(token, link, len);
	token[len] = '\0';
	ptl_mails_free(mails);
	ck_assert_int_eq(ptl_signup_confirm(lib, token), PTL_OK);

	filter.kind = "signup";
	filter.status = "pending";
	filter.limit = 1;
	ck_assert_int_eq(ptl_request_list(&list, lib, &filter), PTL_OK);
	ck_assert_int_eq(list->count, 1);
	id = list->items[0].id;
	ptl_requests_free(list);
	return id;
}

static ptl_request *request_get(int64_t id)
{
	ptl_request *r = NULL;

	ck_assert_int_eq(ptl_request_get(&r, lib, id), PTL_OK);
	return r;
}

static void assert_request_status(int64_t id, const char *status)
{
	ptl_request *r = request_get(id);

	ck_assert_msg(strcmp(ptl_request_status_name(r->status), status) == 0,
	              "request %lld is %s, expected %s", (long long)id,
	              ptl_request_status_name(r->status), status);
	ptl_request_free(r);
}

static size_t child_count(int64_t family_id)
{
	ptl_family *f = NULL;
	size_t n;

	ck_assert_int_eq(ptl_family_get(&f, lib, family_id), PTL_OK);
	n = f->child_count;
	ptl_family_free(f);
	return n;
}

/* Log in as the parent would; returns the library's status. */
static int parent_login(const char *email, const char *password)
{
	ptl_session session;
	char *token = NULL;
	int rc = ptl_auth_login(&token, &session, lib, email, password, "192.0.2.10");

	ptl_free(token);
	return rc;
}

/* ---- queue list ---------------------------------------------------------- */

START_TEST(test_cli_queue_list_filters_by_kind_status_and_family)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	struct family b = make_family("Paul", "Durand", "paul.durand@example.org");
	int64_t r1 = ask_child(&a, "Jade", "Martin");
	int64_t r2 = ask_contact(&a, "Tours");
	int64_t r3 = ask_child(&b, "Léo", "Durand");
	int64_t r4 = signup_confirmed("lucie.petit@example.org", "Lucie", "Petit");
	ID_TEXT(fa, a.id);
	ID_TEXT(fb, b.id);
	char today[11], family_cell[64];
	struct run r;
	json_t *json, *item;

	/* Every status, newest first, with every field. */
	run_cli(&r, conninfo, NULL, "queue", "list", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 4, r4, r3, r2, r1);
	json = parse_json(r.out);
	item = json_array_get(json, 3);
	ck_assert_str_eq(json_string_value(json_object_get(item, "kind")), "child_add");
	ck_assert_str_eq(json_string_value(json_object_get(item, "status")), "pending");
	ck_assert_str_eq(json_string_value(json_object_get(item, "summary")),
	                 "Ajout de l’enfant Jade Martin");
	ck_assert_int_eq(json_integer_value(json_object_get(item, "family_id")), a.id);
	ck_assert_str_eq(json_string_value(json_object_get(item, "family_name")), "Martin");
	ck_assert_int_eq(json_integer_value(json_object_get(item, "guardian_id")), a.guardian_id);
	ck_assert(json_is_object(json_object_get(item, "before")));
	ck_assert_int_eq(json_object_size(json_object_get(item, "before")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(item, "after"),
	                                                   "first_name")), "Jade");
	ck_assert(json_is_null(json_object_get(item, "processed_at")));
	ck_assert(json_is_string(json_object_get(item, "created_at")));
	/* A contact change applies at once, and is listed for review. */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json, 2), "status")),
	                 "applied");
	json_decref(json);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--kind", "child_add", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 2, r3, r1);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--status", "applied", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 1, r2);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--status", "pending", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 3, r4, r3, r1);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--family", fa, "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 2, r2, r1);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--family", fb, "--kind", "child_add",
	        "--status", "pending", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 1, r3);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--limit", "1", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 1, r4);
	run_free(&r);

	/* Nothing is two days old yet. */
	run_cli(&r, conninfo, NULL, "queue", "list", "--older-than", "2d", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 0);
	run_free(&r);

	/* The table: aligned columns, times in UTC to the minute. */
	run_cli(&r, conninfo, NULL, "queue", "list", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "ID"), "%s", r.out);
	ck_assert_str_eq(r.err, "");
	{
		char now[21];

		ptl_time_format(now, ptl_clock_now());
		memcpy(today, now, 10);
		today[10] = '\0';
	}
	ck_assert_int_eq(column_of(r.out, today), column_of(r.out, "CREATED (UTC)"));
	snprintf(family_cell, sizeof(family_cell), "Durand (%lld)", (long long)b.id);
	ck_assert_int_eq(column_of(r.out, family_cell), column_of(r.out, "FAMILY"));
	ck_assert_int_eq(column_of(r.out, "Ajout de l’enfant Léo Durand"), column_of(r.out, "SUMMARY"));
	ck_assert_int_eq(column_of(r.out, "contact_change"), column_of(r.out, "KIND"));
	ck_assert_int_eq(column_of(r.out, "applied"), column_of(r.out, "STATUS"));
	ck_assert_ptr_nonnull(strstr(r.out, "Modification des coordonnées de Jeanne Martin"));
	ck_assert_ptr_nonnull(strstr(r.out, "\n4 requests.\n"));
	/* HH:MM after the day */
	{
		const char *d = strstr(r.out, today);

		ck_assert(d && d[10] == ' ' && d[13] == ':' && d[16] == ' ');
	}
	run_free(&r);

	/* The same listing for a spreadsheet: CSV, UTF-8 as it is. */
	run_cli(&r, conninfo, NULL, "queue", "list", "--family", fa, "--csv", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "ID,CREATED (UTC),FAMILY,ASKED BY,KIND,STATUS,SUMMARY\r\n"), "%s",
	              r.out);
	{
		char row[160];
		const char *at;

		snprintf(row, sizeof(row), "\r\n%lld,%s ", (long long)r1, today);
		at = strstr(r.out, row);
		ck_assert_msg(at, "no row for request %lld in:\n%s", (long long)r1, r.out);
		snprintf(row, sizeof(row), ",Martin (%lld),Jeanne Martin,child_add,pending,"
		         "Ajout de l’enfant Jade Martin\r\n", (long long)a.id);
		ck_assert_msg(strstr(at, row), "%s", r.out);
		ck_assert_ptr_null(strstr(r.out, "requests."));
		/* A header and two rows, each ended by CRLF, no bare LF. */
		for (at = r.out; (at = strchr(at, '\n')); at++)
			ck_assert(at > r.out && at[-1] == '\r');
	}
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--kind", "child_edit", NULL);
	run_check_out(&r, 0, "No request matches these filters.\n");

	/* Unknown values are the library's to refuse, naming the option. */
	run_cli(&r, conninfo, NULL, "queue", "list", "--kind", "holiday", NULL);
	assert_status(&r, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strstr(r.err, "(field: kind)") != NULL, "%s", r.err);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "list", "--status", "lost", NULL);
	run_check_err(&r, 1, "(field: status)");
}
END_TEST

START_TEST(test_cli_queue_list_bad_options_are_usage_errors)
{
	static const char *const bad[][2] = {
		{ "--older-than", "2x" }, { "--older-than", "d" }, { "--older-than", "-2d" },
		{ "--older-than", "2" }, { "--older-than", "99999999999999999d" },
		{ "--family", "martin" }, { "--family", "0" }, { "--limit", "0" },
		{ "--limit", "ten" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_cli(&r, UNREACHABLE_DB, NULL, "queue", "list", bad[i][0], bad[i][1], NULL);
		assert_status(&r, 2);
		ck_assert_str_eq(r.out, "");
		ck_assert_msg(strstr(r.err, bad[i][1]) != NULL, "%s %s:\n%s", bad[i][0], bad[i][1],
		              r.err);
		ck_assert_ptr_nonnull(strstr(r.err, "usage: portail-cli queue list"));
		run_free(&r);
	}
	/* Durations that are fine never reach a usage error. */
	static const char *const good[] = { "2d", "12h", "30m", "45s", "1d12h" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		run_cli(&r, UNREACHABLE_DB, NULL, "queue", "list", "--older-than", good[i], NULL);
		run_check(&r, 3);
	}
}
END_TEST

/* ---- queue show ------------------------------------------------------------ */

START_TEST(test_cli_queue_show_prints_fields_and_changes)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t contact = ask_contact(&a, "Tours");
	int64_t child = ask_child(&a, "Jade", "Martin");
	ID_TEXT(contact_id, contact);
	ID_TEXT(child_id, child);
	char heading[96];
	struct run r;
	json_t *json, *changes, *last;

	run_cli(&r, conninfo, NULL, "queue", "show", contact_id, NULL);
	assert_status(&r, 0);
	snprintf(heading, sizeof(heading), "Request %s: contact_change, applied\n", contact_id);
	ck_assert_msg(starts_with(r.out, heading), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "Modification des coordonnées de Jeanne Martin"));
	ck_assert_ptr_nonnull(strstr(r.out, "Martin (family "));
	assert_line_has(r.out, "  city:", "Orléans → Tours");
	assert_line_has(r.out, "  postcode:", "45000 → 37000");
	/* Only what differs. */
	ck_assert_ptr_null(line_value(r.out, "  address:"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "show", contact_id, "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "id")), contact);
	ck_assert_str_eq(json_string_value(json_object_get(json, "status")), "applied");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json, "before"), "city")),
	                 "Orléans");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json, "after"), "city")),
	                 "Tours");
	ck_assert_int_eq(json_integer_value(json_object_get(json, "target_id")), a.guardian_id);
	/* What it changes, as the library computed it. */
	changes = json_object_get(json, "changes");
	ck_assert_uint_ge(json_array_size(changes), 2);
	last = json_array_get(changes, json_array_size(changes) - 1);
	ck_assert_str_eq(json_string_value(json_object_get(last, "field")), "city");
	ck_assert_str_eq(json_string_value(json_object_get(last, "label")), "Commune");
	ck_assert_str_eq(json_string_value(json_object_get(last, "before")), "Orléans");
	ck_assert_str_eq(json_string_value(json_object_get(last, "after")), "Tours");
	json_decref(json);
	run_free(&r);

	/* A new child: nothing before, every proposed value shown. */
	run_cli(&r, conninfo, NULL, "queue", "show", child_id, NULL);
	assert_status(&r, 0);
	snprintf(heading, sizeof(heading), "Request %s: child_add, pending\n", child_id);
	ck_assert_msg(starts_with(r.out, heading), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "processed:  not yet"));
	ck_assert_ptr_nonnull(strstr(r.out, "Proposed:"));
	assert_line_has(r.out, "  first_name:", "Jade");
	assert_line_has(r.out, "  birth_date:", "2019-05-14");
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "show", "999999", NULL);
	run_check_refused(&r);

	run_cli(&r, conninfo, NULL, "queue", "show", "twelve", NULL);
	run_check_err(&r, 2, "'twelve' is not a request ID");

	run_cli(&r, conninfo, NULL, "queue", "show", NULL);
	run_check_err(&r, 2, "missing the request ID");
}
END_TEST

/* ---- queue accept, queue refuse -------------------------------------------- */

START_TEST(test_cli_queue_accept_applies_the_change)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id = ask_child(&a, "Jade", "Martin");
	ID_TEXT(id_text, id);
	char expected[160];
	ptl_family *family = NULL;
	ptl_request *req;
	struct run r;
	json_t *json, *mail;

	ck_assert_int_eq(child_count(a.id), 0);
	run_cli(&r, conninfo, NULL, "queue", "accept", id_text, "--note", "Bienvenue à Jade",
	        "--as", "Claire Agent", NULL);
	assert_status(&r, 0);
	snprintf(expected, sizeof(expected), "Request %s accepted.\n"
	         "Accepted 1 request(s); 0 skipped (already processed); 0 failed.\n", id_text);
	ck_assert_str_eq(r.out, expected);
	ck_assert_str_eq(r.err, "");
	run_free(&r);

	/* The child is in the family. */
	ck_assert_int_eq(ptl_family_get(&family, lib, a.id), PTL_OK);
	ck_assert_int_eq(family->child_count, 1);
	ck_assert_str_eq(family->children[0].first_name, "Jade");
	ck_assert_str_eq(family->children[0].school_level, "MS");
	req = request_get(id);
	ck_assert_int_eq(req->status, PTL_REQUEST_ACCEPTED);
	ck_assert_str_eq(req->processed_by, "Claire Agent");
	ck_assert_str_eq(req->note, "Bienvenue à Jade");
	ck_assert_int_gt(req->processed_at, 0);
	ck_assert_int_eq(req->target_id, family->children[0].id);
	ptl_request_free(req);
	ptl_family_free(family);

	/* The family is told, in the outbox (no relay here). */
	run_cli(&r, conninfo, NULL, "mail", "outbox", "--to", a.email, "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_int_eq(json_array_size(json), 1);
	mail = json_array_get(json, 0);
	ck_assert_str_eq(json_string_value(json_object_get(mail, "recipient")), a.email);
	ck_assert_str_eq(json_string_value(json_object_get(mail, "subject")), ACCEPTED_SUBJECT);
	ck_assert_str_eq(json_string_value(json_object_get(mail, "status")), "outbox");
	ck_assert(json_is_null(json_object_get(mail, "sent_at")));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(mail, "body")),
	                             "Ajout de l’enfant Jade Martin"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(mail, "body")),
	                             "Bienvenue à Jade"));
	json_decref(json);
	run_free(&r);
}
END_TEST

/* Without --as, the manager is $USER, else "manager". */
START_TEST(test_cli_queue_accept_names_the_manager_from_user)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t first = ask_child(&a, "Jade", "Martin");
	int64_t second = ask_child(&a, "Hugo", "Martin");
	ID_TEXT(first_id, first);
	ID_TEXT(second_id, second);
	static const char *const user[] = { "USER=agent.dupont", NULL };
	static const char *const no_user[] = { "USER=", NULL };
	ptl_request *req;
	struct run r;

	run_cli_env(&r, conninfo, user, NULL, "queue", "accept", first_id, NULL);
	run_check(&r, 0);
	req = request_get(first);
	ck_assert_str_eq(req->processed_by, "agent.dupont");
	ptl_request_free(req);

	run_cli_env(&r, conninfo, no_user, NULL, "queue", "accept", second_id, NULL);
	run_check(&r, 0);
	req = request_get(second);
	ck_assert_str_eq(req->processed_by, "manager");
	ptl_request_free(req);
	ck_assert_int_eq(child_count(a.id), 2);
}
END_TEST

START_TEST(test_cli_queue_accept_twice_says_already_processed)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id = ask_child(&a, "Jade", "Martin");
	int64_t other = ask_child(&a, "Hugo", "Martin");
	ID_TEXT(id_text, id);
	ID_TEXT(other_text, other);
	char expected[320];
	struct run r;

	run_cli(&r, conninfo, NULL, "queue", "accept", id_text, NULL);
	run_check(&r, 0);

	snprintf(expected, sizeof(expected), "Request %s: already processed.\n"
	         "Accepted 0 request(s); 1 skipped (already processed); 0 failed.\n", id_text);
	run_cli(&r, conninfo, NULL, "queue", "accept", id_text, NULL);
	run_check_out(&r, 1, expected);
	/* Not applied twice. */
	ck_assert_int_eq(child_count(a.id), 1);

	/* Several at once: each is reported, the exit status says one was refused. */
	snprintf(expected, sizeof(expected), "Request %s accepted.\n"
	         "Request %s: already processed.\n"
	         "Request 999999: not accepted: not found\n"
	         "Accepted 1 request(s); 1 skipped (already processed); 1 failed.\n",
	         other_text, id_text);
	run_cli(&r, conninfo, NULL, "queue", "accept", other_text, id_text, "999999", NULL);
	run_check_out(&r, 1, expected);
	ck_assert_int_eq(child_count(a.id), 2);

	run_cli(&r, conninfo, NULL, "queue", "refuse", id_text, "--reason", "Trop tard", NULL);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "already processed"));
	run_free(&r);
	assert_request_status(id, "accepted");

	/* Bad ids are caught before anything is processed. */
	run_cli(&r, conninfo, NULL, "queue", "accept", "12", "douze", NULL);
	assert_status(&r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "'douze' is not a request ID"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "accept", NULL);
	run_check_err(&r, 2, "missing the request ID");
}
END_TEST

/* Two waiting changes of the same details: once the newer is accepted, the
 * older no longer applies: it is closed as outdated and nothing changes. */
START_TEST(test_cli_queue_accept_of_an_outdated_edit_changes_nothing)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t older, newer;
	char expected[320], heading[96];
	ptl_guardian *g = NULL;
	struct run r;

	ck_assert_int_eq(ptl_request_kind_set(lib, PTL_REQUEST_CONTACT_CHANGE, true), PTL_OK);
	older = ask_contact(&a, "Tours");
	newer = ask_contact(&a, "Amboise");
	ID_TEXT(older_text, older);
	ID_TEXT(newer_text, newer);

	run_cli(&r, conninfo, NULL, "queue", "accept", newer_text, NULL);
	run_check(&r, 0);
	snprintf(expected, sizeof(expected),
	         "Request %s: outdated (the values changed since it was sent); nothing applied.\n"
	         "Accepted 0 request(s); 0 skipped (already processed); 1 outdated (nothing"
	         " applied); 0 failed.\n", older_text);
	run_cli(&r, conninfo, NULL, "queue", "accept", older_text, NULL);
	run_check_out(&r, 1, expected);
	assert_request_status(older, "outdated");
	ck_assert_int_eq(ptl_guardian_get(&g, lib, a.guardian_id), PTL_OK);
	ck_assert_str_eq(g->city, "Amboise");
	ptl_guardian_free(g);

	run_cli(&r, conninfo, NULL, "queue", "show", older_text, NULL);
	assert_status(&r, 0);
	snprintf(heading, sizeof(heading), "Request %s: contact_change, outdated\n", older_text);
	ck_assert_msg(starts_with(r.out, heading), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "(outdated: nothing applied)"));
	run_free(&r);
}
END_TEST

/* Several managers accept the same request at the same moment: exactly one
 * succeeds, the others are told it was already processed, and the change is
 * applied once. */
START_TEST(test_cli_queue_concurrent_accept_succeeds_once)
{
	enum { MANAGERS = 4, WON = 10, ALREADY = 11, OTHER = 12 };
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id = ask_child(&a, "Jade", "Martin");
	ID_TEXT(id_text, id);
	pid_t pids[MANAGERS];
	int won = 0, already = 0;
	ptl_mails *mails = NULL;

	for (int i = 0; i < MANAGERS; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			char name[32];
			struct run r;

			snprintf(name, sizeof(name), "Agent %d", i);
			run_cli(&r, conninfo, NULL, "queue", "accept", id_text, "--as", name, NULL);
			if (r.status == 0 && strstr(r.out, " accepted.\n"))
				_exit(WON);
			if (r.status == 1 && strstr(r.out, ": already processed.\n"))
				_exit(ALREADY);
			fprintf(stderr, "status %d\n%s%s", r.status, r.out, r.err);
			_exit(OTHER);
		}
	}
	for (int i = 0; i < MANAGERS; i++) {
		int wstatus;

		ck_assert_int_eq(waitpid(pids[i], &wstatus, 0), pids[i]);
		ck_assert(WIFEXITED(wstatus));
		ck_assert_int_ne(WEXITSTATUS(wstatus), OTHER);
		won += WEXITSTATUS(wstatus) == WON;
		already += WEXITSTATUS(wstatus) == ALREADY;
	}
	ck_assert_int_eq(won, 1);
	ck_assert_int_eq(already, MANAGERS - 1);
	ck_assert_int_eq(child_count(a.id), 1);
	ck_assert_int_eq(ptl_mail_outbox(&mails, lib, a.email, 0), PTL_OK);
	ck_assert_int_eq(mails->count, 1);
	ptl_mails_free(mails);
}
END_TEST

START_TEST(test_cli_queue_refuse_requires_a_reason)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id = ask_child(&a, "Jade", "Martin");
	const char *reason = "Merci de fournir l'acte de naissance.";
	ID_TEXT(id_text, id);
	char expected[160];
	ptl_request *req;
	ptl_mails *mails;
	struct run r;

	run_cli(&r, conninfo, NULL, "queue", "refuse", id_text, NULL);
	assert_status(&r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_ptr_nonnull(strstr(r.err, "--reason"));
	run_free(&r);
	assert_request_status(id, "pending");

	/* Blank is no reason: the library says so, naming it. */
	run_cli(&r, conninfo, NULL, "queue", "refuse", id_text, "--reason", "   ", NULL);
	run_check_err(&r, 1, "(field: reason)");
	assert_request_status(id, "pending");

	/* Each verb has its own word for the text. */
	run_cli(&r, conninfo, NULL, "queue", "refuse", id_text, "--note", "x", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "queue", "accept", id_text, "--reason", "x", NULL);
	run_check(&r, 2);
	assert_request_status(id, "pending");

	snprintf(expected, sizeof(expected), "Request %s refused.\n"
	         "Refused 1 request(s); 0 skipped (already processed); 0 failed.\n", id_text);
	run_cli(&r, conninfo, NULL, "queue", "refuse", id_text, "--reason", reason,
	        "--as", "Claire Agent", NULL);
	run_check_out(&r, 0, expected);

	req = request_get(id);
	ck_assert_int_eq(req->status, PTL_REQUEST_REFUSED);
	ck_assert_str_eq(req->note, reason);
	ck_assert_str_eq(req->processed_by, "Claire Agent");
	ptl_request_free(req);
	ck_assert_int_eq(child_count(a.id), 0);

	mails = latest_mail(a.email);
	ck_assert_int_eq(mails->count, 1);
	ck_assert_str_eq(mails->items[0].subject, REFUSED_SUBJECT);
	ck_assert_ptr_nonnull(strstr(mails->items[0].body, reason));
	ptl_mails_free(mails);

	run_cli(&r, conninfo, NULL, "queue", "show", id_text, NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "  reason:", reason);
	ck_assert_ptr_nonnull(strstr(r.out, "by Claire Agent"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "accept", id_text, NULL);
	assert_status(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "already processed"));
	run_free(&r);
	ck_assert_int_eq(child_count(a.id), 0);
}
END_TEST

/* ---- batches ----------------------------------------------------------------- */

START_TEST(test_cli_queue_batch_accept_older_than)
{
	struct family a, b;
	int64_t c1, c2, k;
	char later[21], now_env[64];
	const char *const env[] = { now_env, NULL };
	ptl_guardian *g = NULL;
	struct run r;

	/* Contact changes wait, for this town. */
	run_cli(&r, conninfo, NULL, "queue", "settings", "set", "contact_change", "--wait", NULL);
	run_check(&r, 0);

	a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	b = make_family("Paul", "Durand", "paul.durand@example.org");
	c1 = ask_contact(&a, "Tours");
	c2 = ask_contact(&b, "Blois");
	k = ask_child(&a, "Jade", "Martin");
	assert_request_status(c1, "pending");
	assert_request_status(c2, "pending");

	/* Today, none is two days old. */
	run_cli(&r, conninfo, NULL, "queue", "accept", "--all", "--kind", "contact_change",
	        "--older-than", "2d", NULL);
	run_check_out(&r, 0, "Accepted 0 request(s); 0 skipped (already processed); 0 failed.\n");
	assert_request_status(c1, "pending");

	/* Three days later, both are. */
	ptl_time_format(later, ptl_clock_now() + 3 * 86400);
	snprintf(now_env, sizeof(now_env), "PORTAIL_NOW=%s", later);

	run_cli_env(&r, conninfo, env, NULL, "queue", "list", "--status", "pending",
	            "--older-than", "2d", "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 3, k, c2, c1);
	run_free(&r);

	run_cli_env(&r, conninfo, env, NULL, "queue", "accept", "--all", "--kind", "contact_change",
	            "--older-than", "2d", "--note", "Merci", NULL);
	run_check_out(&r, 0, "Accepted 2 request(s); 0 skipped (already processed); 0 failed.\n");

	assert_request_status(c1, "accepted");
	assert_request_status(c2, "accepted");
	assert_request_status(k, "pending");  /* another kind */
	ck_assert_int_eq(ptl_guardian_get(&g, lib, a.guardian_id), PTL_OK);
	ck_assert_str_eq(g->city, "Tours");
	ck_assert_str_eq(g->postcode, "37000");
	ptl_guardian_free(g);
	ck_assert_int_eq(ptl_guardian_get(&g, lib, b.guardian_id), PTL_OK);
	ck_assert_str_eq(g->city, "Blois");
	ptl_guardian_free(g);

	/* Nothing left to do. */
	run_cli_env(&r, conninfo, env, NULL, "queue", "accept", "--all", "--kind", "contact_change",
	            "--older-than", "2d", NULL);
	run_check_out(&r, 0, "Accepted 0 request(s); 0 skipped (already processed); 0 failed.\n");
}
END_TEST

START_TEST(test_cli_queue_batch_refuse_by_family)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	struct family b = make_family("Paul", "Durand", "paul.durand@example.org");
	int64_t ka = ask_child(&a, "Jade", "Martin");
	int64_t kb1 = ask_child(&b, "Léo", "Durand");
	int64_t kb2 = ask_child(&b, "Zoé", "Durand");
	ID_TEXT(fb, b.id);
	ptl_request *req;
	struct run r;

	run_cli(&r, conninfo, NULL, "queue", "refuse", "--all", "--family", fb,
	        "--reason", "Dossier incomplet", NULL);
	run_check_out(&r, 0, "Refused 2 request(s); 0 skipped (already processed); 0 failed.\n");
	req = request_get(kb1);
	ck_assert_int_eq(req->status, PTL_REQUEST_REFUSED);
	ck_assert_str_eq(req->note, "Dossier incomplet");
	ptl_request_free(req);
	assert_request_status(kb2, "refused");
	assert_request_status(ka, "pending");
	ck_assert_int_eq(child_count(b.id), 0);

	run_cli(&r, conninfo, NULL, "queue", "accept", "--all", "--kind", "holiday", NULL);
	run_check_err(&r, 1, "(field: kind)");
	assert_request_status(ka, "pending");

	run_cli(&r, conninfo, NULL, "queue", "accept", "--all", NULL);
	run_check_out(&r, 0, "Accepted 1 request(s); 0 skipped (already processed); 0 failed.\n");
	assert_request_status(ka, "accepted");
	ck_assert_int_eq(child_count(a.id), 1);
}
END_TEST

START_TEST(test_cli_queue_batch_usage_errors)
{
	struct run r;

	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "accept", "--all", "5", NULL);
	run_check_err(&r, 2, "not both");

	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "refuse", "--all", NULL);
	run_check_err(&r, 2, "--reason");

	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "accept", "--kind", "child_add", NULL);
	run_check(&r, 2);

	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "accept", "5", "--kind", "child_add", NULL);
	run_check_err(&r, 2, "--all");

	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "accept", "--all", "--older-than", "soon", NULL);
	run_check(&r, 2);

	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "accept", "--all", "--status", "refused", NULL);
	run_check(&r, 2);

	/* A well-formed command reaches the database. */
	run_cli(&r, UNREACHABLE_DB, NULL, "queue", "accept", "--all", NULL);
	run_check(&r, 3);
}
END_TEST

/* ---- queue settings -------------------------------------------------------- */

START_TEST(test_cli_queue_settings_set_no_wait_applies_at_once)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id, later;
	struct run r;
	json_t *json;

	run_cli(&r, conninfo, NULL, "queue", "settings", NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "child_add ", "yes");
	assert_line_has(r.out, "contact_change ", "no");
	for (int k = 1; k <= ptl_request_kind_count(); k++)
		ck_assert_ptr_nonnull(strstr(r.out, ptl_request_kind_name((ptl_request_kind)k)));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "settings", "set", "child_add", "--no-wait", NULL);
	run_check_out(&r, 0,
		"Requests of kind child_add now take effect at once (still listed for review).\n");

	run_cli(&r, conninfo, NULL, "queue", "settings", "--csv", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "KIND,WAITS FOR VALIDATION\r\n"), "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out,
		"\r\nchild_add,\"no (applied at once, listed for review)\"\r\n"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "settings", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	for (size_t i = 0; i < json_array_size(json); i++) {
		json_t *item = json_array_get(json, i);

		if (strcmp(json_string_value(json_object_get(item, "kind")), "child_add") == 0)
			ck_assert(json_is_false(json_object_get(item, "needs_validation")));
		if (strcmp(json_string_value(json_object_get(item, "kind")), "signup") == 0)
			ck_assert(json_is_true(json_object_get(item, "needs_validation")));
	}
	ck_assert_int_gt(json_array_size(json), 0);
	json_decref(json);
	run_free(&r);

	/* A new child now goes in at once, and is listed for review. */
	id = ask_child(&a, "Jade", "Martin");
	assert_request_status(id, "applied");
	ck_assert_int_eq(child_count(a.id), 1);
	run_cli(&r, conninfo, NULL, "queue", "list", "--kind", "child_add", "--status", "applied",
	        "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 1, id);
	run_free(&r);
	{
		ID_TEXT(id_text, id);

		run_cli(&r, conninfo, NULL, "queue", "accept", id_text, NULL);
		assert_status(&r, 1);
		ck_assert_ptr_nonnull(strstr(r.out, "already processed"));
		run_free(&r);
	}

	run_cli(&r, conninfo, NULL, "queue", "settings", "set", "child_add", "--wait", NULL);
	run_check_out(&r, 0, "Requests of kind child_add now wait for validation.\n");
	later = ask_child(&a, "Hugo", "Martin");
	assert_request_status(later, "pending");
	ck_assert_int_eq(child_count(a.id), 1);

	run_cli(&r, conninfo, NULL, "queue", "settings", "set", "holiday", "--wait", NULL);
	run_check_err(&r, 1, "(field: kind)");
}
END_TEST

START_TEST(test_cli_queue_settings_usage_errors)
{
	static const char *const bad[][4] = {
		{ "set", "child_add", NULL, NULL },
		{ "set", "child_add", "--wait", "--no-wait" },
		{ "set", "--wait", NULL, NULL },
		{ "frobnicate", NULL, NULL, NULL },
		{ "--wait", NULL, NULL, NULL },
		{ "set", "child_add", "signup", "--wait" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_cli(&r, UNREACHABLE_DB, NULL, "queue", "settings", bad[i][0], bad[i][1],
		        bad[i][2], bad[i][3], NULL);
		ck_assert_msg(r.status == 2, "queue settings %s %s: status %d\n%s", bad[i][0],
		              bad[i][1] ? bad[i][1] : "", r.status, r.err);
		ck_assert_ptr_nonnull(strstr(r.err, "usage: portail-cli queue settings"));
		run_free(&r);
	}
}
END_TEST

/* ---- sign-up, end to end ------------------------------------------------------ */

START_TEST(test_cli_queue_signup_accept_activates_the_account)
{
	const char *email = "lucie.petit@example.org";
	int64_t id = signup_confirmed(email, "Lucie", "Petit");
	ID_TEXT(id_text, id);
	ptl_mails *mails;
	struct run r;

	ck_assert_int_eq(parent_login(email, PASSWORD), PTL_EFORBIDDEN);

	run_cli(&r, conninfo, NULL, "queue", "list", "--kind", "signup", "--status", "pending",
	        "--json", NULL);
	assert_status(&r, 0);
	assert_json_ids(r.out, 1, id);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "queue", "accept", id_text, NULL);
	run_check(&r, 0);

	ck_assert_int_eq(parent_login(email, PASSWORD), PTL_OK);
	mails = latest_mail(email);
	ck_assert_int_eq(mails->count, 1);
	ck_assert_str_eq(mails->items[0].subject, ACCEPTED_SUBJECT);
	ptl_mails_free(mails);
}
END_TEST

/* ---- mail outbox ---------------------------------------------------------------- */

START_TEST(test_cli_mail_outbox_lists_the_notifications)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t k1 = ask_child(&a, "Jade", "Martin");
	int64_t k2 = ask_child(&a, "Hugo", "Martin");
	ID_TEXT(k1_text, k1);
	ID_TEXT(k2_text, k2);
	struct run r;
	json_t *json, *mail;

	run_cli(&r, conninfo, NULL, "mail", "outbox", NULL);
	run_check_out(&r, 0, "No messages yet.\n");

	run_cli(&r, conninfo, NULL, "queue", "accept", k1_text, NULL);
	run_check(&r, 0);
	run_cli(&r, conninfo, NULL, "queue", "refuse", k2_text, "--reason", "Doublon", NULL);
	run_check(&r, 0);

	/* Newest first, aligned. */
	run_cli(&r, conninfo, NULL, "mail", "outbox", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "ID"), "%s", r.out);
	ck_assert_int_eq(column_of(r.out, a.email), column_of(r.out, "RECIPIENT"));
	ck_assert_int_eq(column_of(r.out, REFUSED_SUBJECT), column_of(r.out, "SUBJECT"));
	ck_assert_int_eq(column_of(r.out, "outbox"), column_of(r.out, "STATUS"));
	ck_assert_ptr_nonnull(strstr(r.out, ACCEPTED_SUBJECT));
	ck_assert(strstr(r.out, REFUSED_SUBJECT) < strstr(r.out, ACCEPTED_SUBJECT));
	ck_assert_ptr_nonnull(strstr(r.out, "\n2 messages.\n"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "mail", "outbox", "--limit", "1", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_int_eq(json_array_size(json), 1);
	mail = json_array_get(json, 0);
	ck_assert_str_eq(json_string_value(json_object_get(mail, "subject")), REFUSED_SUBJECT);
	ck_assert_str_eq(json_string_value(json_object_get(mail, "status")), "outbox");
	ck_assert_str_eq(json_string_value(json_object_get(mail, "error")), "");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(mail, "body")), "Doublon"));
	json_decref(json);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "mail", "outbox", "--csv", NULL);
	assert_status(&r, 0);
	ck_assert_msg(starts_with(r.out, "ID,CREATED (UTC),STATUS,RECIPIENT,SUBJECT\r\n"), "%s",
	              r.out);
	ck_assert_ptr_nonnull(strstr(r.out, ",outbox,jeanne.martin@example.org,"));
	ck_assert_ptr_null(strstr(r.out, "messages."));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "mail", "outbox", "--full", NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Subject: " REFUSED_SUBJECT "\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "To:      jeanne.martin@example.org\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "Doublon"));
	ck_assert_ptr_nonnull(strstr(r.out, "Ajout de l’enfant Jade Martin"));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "mail", "outbox", "--to", "paul.durand@example.org", NULL);
	run_check_out(&r, 0, "No message to paul.durand@example.org.\n");

	run_cli(&r, conninfo, NULL, "mail", "outbox", "--limit", "none", NULL);
	run_check(&r, 2);

	/* No relay: delivery says so, and the messages stay. */
	run_cli(&r, conninfo, NULL, "mail", "deliver", NULL);
	assert_status(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "No mail relay configured"));
	ck_assert_ptr_nonnull(strstr(r.out, "2 message(s)"));
	run_free(&r);
	{
		ptl_mails *mails = NULL;

		ck_assert_int_eq(ptl_mail_outbox(&mails, lib, NULL, 0), PTL_OK);
		ck_assert_int_eq(mails->count, 2);
		for (size_t i = 0; i < mails->count; i++)
			ck_assert_str_eq(mails->items[i].status, "outbox");
		ptl_mails_free(mails);
	}
}
END_TEST

/* ---- through a real SMTP server ------------------------------------------------ */

/* Each test: a fresh database, an empty maildir, and a running server. */
static void smtp_test_setup(void)
{
	smtp_assert_ready();
	db_setup();
}

/* Check the statuses of all messages in the outbox, newest first, joined
 * by ",". */
static void assert_outbox_statuses(const char *expected)
{
	ptl_mails *mails = NULL;
	char text[512] = "";

	ck_assert_int_eq(ptl_mail_outbox(&mails, lib, NULL, 0), PTL_OK);
	for (size_t i = 0; i < mails->count; i++) {
		if (i)
			strcat(text, ",");
		strncat(text, mails->items[i].status, 16);
	}
	ptl_mails_free(mails);
	ck_assert_str_eq(text, expected);
}

/* Processing only writes the family's notice to the outbox, even with a
 * relay set: `mail deliver` (or portail-web's worker) sends it. */
START_TEST(test_cli_queue_accept_leaves_the_notification_to_mail_deliver)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id = ask_child(&a, "Jade", "Martin");
	ID_TEXT(id_text, id);
	const char *const env[] = { smtp_url_env, mail_from_env, NULL };
	size_t count;
	char *message;
	struct run r;
	json_t *json;

	run_cli_env(&r, conninfo, env, NULL, "queue", "accept", id_text, "--note",
	            "Bienvenue à Jade", NULL);
	run_check(&r, 0);
	ck_assert_int_eq(received_count(), 0);
	assert_outbox_statuses("outbox");

	run_cli_env(&r, conninfo, env, NULL, "mail", "deliver", NULL);
	run_check_out(&r, 0, "Sent 1 message(s) through the mail relay.\n");
	message = received_checked(a.email, ACCEPTED_SUBJECT, "Ajout de l’enfant Jade Martin",
	                           &count);
	ck_assert_int_eq(count, 1);
	ck_assert_ptr_nonnull(strstr(message, "Bienvenue à Jade"));
	free(message);
	ck_assert_int_eq(received_count(), 1);

	assert_outbox_statuses("sent");
	run_cli(&r, conninfo, NULL, "mail", "outbox", "--json", NULL);
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json, 0), "status")),
	                 "sent");
	ck_assert(json_is_string(json_object_get(json_array_get(json, 0), "sent_at")));
	json_decref(json);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_queue_refuse_sends_the_reason_by_smtp)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t id = ask_child(&a, "Jade", "Martin");
	ID_TEXT(id_text, id);
	const char *const env[] = { smtp_url_env, mail_from_env, NULL };
	size_t count;
	char *message;
	struct run r;

	run_cli_env(&r, conninfo, env, NULL, "queue", "refuse", id_text, "--reason",
	            "Pièce manquante", NULL);
	run_check(&r, 0);
	run_cli_env(&r, conninfo, env, NULL, "mail", "deliver", NULL);
	run_check(&r, 0);
	message = received_checked(a.email, REFUSED_SUBJECT, "Pièce manquante", &count);
	free(message);
}
END_TEST

static long long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000LL + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* A relay that takes the connection and never answers would hold delivery
 * for the mail timeout (30 s): a manager's decision does not wait for it. */
START_TEST(test_cli_queue_accept_is_not_slowed_by_a_silent_relay)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t k1 = ask_child(&a, "Jade", "Martin");
	int64_t k2 = ask_child(&a, "Hugo", "Martin");
	ID_TEXT(k1_text, k1);
	ID_TEXT(k2_text, k2);
	char silent_env[96];
	const char *const env[] = { silent_env, mail_from_env, NULL };
	struct timespec start;
	int port = 0, relay = silent_relay_open(&port);
	struct run r;

	ck_assert_int_ge(relay, 0);
	snprintf(silent_env, sizeof(silent_env), "PORTAIL_SMTP_URL=smtp://127.0.0.1:%d", port);
	clock_gettime(CLOCK_MONOTONIC, &start);
	run_cli_env(&r, conninfo, env, NULL, "queue", "accept", k1_text, NULL);
	run_check(&r, 0);
	run_cli_env(&r, conninfo, env, NULL, "queue", "refuse", k2_text, "--reason", "Doublon", NULL);
	run_check(&r, 0);
	ck_assert_msg(elapsed_ms(&start) < 10000, "the decisions took %lld ms", elapsed_ms(&start));
	assert_request_status(k1, "accepted");
	assert_request_status(k2, "refused");
	assert_outbox_statuses("outbox,outbox");
	close(relay);
}
END_TEST

START_TEST(test_cli_mail_deliver_sends_the_outbox)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	struct family b = make_family("Paul", "Durand", "paul.durand@example.org");
	int64_t ka = ask_child(&a, "Jade", "Martin");
	int64_t kb = ask_child(&b, "Léo", "Durand");
	ID_TEXT(ka_text, ka);
	ID_TEXT(kb_text, kb);
	const char *const env[] = { smtp_url_env, mail_from_env, NULL };
	size_t count;
	char *message;
	struct run r;

	/* Processed while no relay is configured: the notices wait in the outbox. */
	run_cli(&r, conninfo, NULL, "queue", "accept", ka_text, NULL);
	run_check(&r, 0);
	run_cli(&r, conninfo, NULL, "queue", "refuse", kb_text, "--reason", "Doublon", NULL);
	run_check(&r, 0);
	assert_outbox_statuses("outbox,outbox");
	ck_assert_int_eq(received_count(), 0);

	run_cli_env(&r, conninfo, env, NULL, "mail", "deliver", NULL);
	run_check_out(&r, 0, "Sent 2 message(s) through the mail relay.\n");

	message = received_checked(a.email, ACCEPTED_SUBJECT, "Ajout de l’enfant Jade Martin",
	                           &count);
	ck_assert_int_eq(count, 1);
	free(message);
	message = received_checked(b.email, REFUSED_SUBJECT, "Doublon", &count);
	ck_assert_int_eq(count, 1);
	free(message);
	assert_outbox_statuses("sent,sent");

	/* Nothing is sent twice. */
	run_cli_env(&r, conninfo, env, NULL, "mail", "deliver", NULL);
	run_check_out(&r, 0, "Sent 0 message(s) through the mail relay.\n");
	ck_assert_int_eq(received_count(), 2);
}
END_TEST

START_TEST(test_cli_mail_deliver_to_a_closed_port_keeps_the_messages)
{
	struct family a = make_family("Jeanne", "Martin", "jeanne.martin@example.org");
	int64_t k1 = ask_child(&a, "Jade", "Martin");
	int64_t k2 = ask_child(&a, "Hugo", "Martin");
	ID_TEXT(k1_text, k1);
	ID_TEXT(k2_text, k2);
	char closed_env[96];
	const char *const closed[] = { closed_env, mail_from_env, NULL };
	const char *const live[] = { smtp_url_env, mail_from_env, NULL };
	int port = free_port();
	ptl_mails *mails = NULL;
	struct run r;

	ck_assert_int_gt(port, 0);
	ck_assert(!port_accepts(port));
	snprintf(closed_env, sizeof(closed_env), "PORTAIL_SMTP_URL=smtp://127.0.0.1:%d", port);

	run_cli(&r, conninfo, NULL, "queue", "accept", k1_text, NULL);
	run_check(&r, 0);

	run_cli_env(&r, conninfo, closed, NULL, "mail", "deliver", NULL);
	assert_status(&r, 3);
	ck_assert_str_eq(r.out, "Sent 0 message(s) through the mail relay.\n");
	ck_assert_msg(strstr(r.err, "relay") != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, "retried") != NULL, "%s", r.err);
	run_free(&r);
	ck_assert_int_eq(ptl_mail_outbox(&mails, lib, NULL, 0), PTL_OK);
	ck_assert_int_eq(mails->count, 1);
	ck_assert_str_eq(mails->items[0].status, "failed");
	ck_assert_str_ne(mails->items[0].error, "");
	ck_assert_int_eq(mails->items[0].sent_at, 0);
	ptl_mails_free(mails);

	/* A refusal by the relay does not undo the decision: the notice waits. */
	run_cli_env(&r, conninfo, closed, NULL, "queue", "accept", k2_text, NULL);
	run_check(&r, 0);
	assert_request_status(k2, "accepted");
	ck_assert_int_eq(received_count(), 0);

	/* The relay is back: both go out. */
	run_cli_env(&r, conninfo, live, NULL, "mail", "deliver", NULL);
	run_check_out(&r, 0, "Sent 2 message(s) through the mail relay.\n");
	ck_assert_int_eq(received_count(), 2);
	assert_outbox_statuses("sent,sent");
}
END_TEST

/* ---- the suite ------------------------------------------------------------------ */

/* Fresh databases take time; the program is slow under sanitizers. */
static TCase *tcase(Suite *s, const char *name)
{
	return add_tcase(s, name, 90, db_setup, db_teardown);
}

static Suite *queue_suite(void)
{
	Suite *s = suite_create("cli-queue");
	TCase *tc;

	tc = tcase(s, "list");
	tcase_add_test(tc, test_cli_queue_list_filters_by_kind_status_and_family);
	tcase_add_test(tc, test_cli_queue_list_bad_options_are_usage_errors);
	tcase_add_test(tc, test_cli_queue_show_prints_fields_and_changes);

	tc = tcase(s, "process");
	tcase_add_test(tc, test_cli_queue_accept_applies_the_change);
	tcase_add_test(tc, test_cli_queue_accept_names_the_manager_from_user);
	tcase_add_test(tc, test_cli_queue_accept_twice_says_already_processed);
	tcase_add_test(tc, test_cli_queue_concurrent_accept_succeeds_once);
	tcase_add_test(tc, test_cli_queue_accept_of_an_outdated_edit_changes_nothing);
	tcase_add_test(tc, test_cli_queue_refuse_requires_a_reason);
	tcase_add_test(tc, test_cli_queue_signup_accept_activates_the_account);

	tc = tcase(s, "batch");
	tcase_add_test(tc, test_cli_queue_batch_accept_older_than);
	tcase_add_test(tc, test_cli_queue_batch_refuse_by_family);
	tcase_add_test(tc, test_cli_queue_batch_usage_errors);

	tc = tcase(s, "settings");
	tcase_add_test(tc, test_cli_queue_settings_set_no_wait_applies_at_once);
	tcase_add_test(tc, test_cli_queue_settings_usage_errors);

	tc = tcase(s, "outbox");
	tcase_add_test(tc, test_cli_mail_outbox_lists_the_notifications);

	/* The SMTP server runs for the whole test case, started and stopped in
	 * the runner process, so that it is stopped even when a test fails. */
	tc = add_tcase(s, "smtp", 90, smtp_test_setup, db_teardown);
	tcase_add_unchecked_fixture(tc, smtp_start, smtp_stop);
	tcase_add_test(tc, test_cli_queue_accept_leaves_the_notification_to_mail_deliver);
	tcase_add_test(tc, test_cli_queue_refuse_sends_the_reason_by_smtp);
	tcase_add_test(tc, test_cli_queue_accept_is_not_slowed_by_a_silent_relay);
	tcase_add_test(tc, test_cli_mail_deliver_sends_the_outbox);
	tcase_add_test(tc, test_cli_mail_deliver_to_a_closed_port_keeps_the_messages);
	return s;
}

int main(void)
{
	/* The library in this process sets up data as the portal would: with
	 * the system clock and no relay (messages stay in the outbox). */
	unsetenv("PORTAIL_NOW");
	unsetenv("PORTAIL_SMTP_URL");
	unsetenv("PORTAIL_MAIL_FROM");
	unsetenv("PORTAIL_PUBLIC_URL");
	if (sodium_init() < 0)
		return EXIT_FAILURE;
	return run_suite(queue_suite());
}
