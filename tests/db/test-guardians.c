/*
 * test-guardians.c — a family's second guardian against the real database:
 * the manager adds, changes and removes guardians (the last one stays, a
 * removed one's sessions end at once and their requests keep their name),
 * and a parent asks to add the other parent or to change their details
 * through the queue (guardian_add, guardian_edit), with the one-time code
 * mailed to the new guardian and the notices to every guardian who wants
 * them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Log in with @p secret (a password or a one-time code); the status. */
static int login(const char *email, const char *secret, char **token)
{
	ptl_session s;
	char *t = NULL;
	int rc = ptl_auth_login(&t, &s, test_db, email, secret, "192.0.2.80");

	if (token)
		*token = t;
	else
		ptl_free(t);
	return rc;
}

/* The first guardian of family @p family_id. */
static int64_t first_guardian(int64_t family_id)
{
	ptl_family *f = NULL;
	int64_t id;

	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	id = f->guardians[0].id;
	ptl_family_free(f);
	return id;
}

/* The one-time code in the last message of the outbox to @p email. */
static char *code_mailed_to(const char *email)
{
	ptl_mails *mails = NULL;
	const char *p;
	char *code = NULL;

	ck_assert_status(ptl_mail_outbox(&mails, test_db, email, 0), PTL_OK);
	for (size_t i = 0; i < mails->count && !code; i++)
		if (strcmp(mails->items[i].subject, "Votre compte sur le Portail Famille") == 0 &&
		    (p = strstr(mails->items[i].body, "code à usage unique : ")))
			code = strndup(p + strlen("code à usage unique : "), 14);
	ck_assert_ptr_nonnull(code);
	ptl_mails_free(mails);
	return code;
}

START_TEST(test_guardian_add_with_email_gives_a_login)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_family *f = NULL;
	char *first = NULL, *code = NULL;
	int64_t family_id, id = 0;

	first = test_family_new("paul.ajout@example.org", &family_id);
	in.first_name = " Léa ";
	in.last_name = "Ajout";
	in.relationship = "mere";
	in.email = " Lea.Ajout@Example.ORG";
	in.mobile_phone = "07 12 34 56 78";
	in.employer = "Mairie";
	ck_assert_status(ptl_guardian_add(&id, &code, test_db, family_id, &in), PTL_OK);
	ck_assert_ptr_nonnull(code);
	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	ck_assert_uint_eq(f->guardian_count, 2);
	ck_assert_int_eq(f->guardians[1].id, id);
	ck_assert_str_eq(f->guardians[1].first_name, "Léa");
	ck_assert_str_eq(f->guardians[1].relationship, "mere");
	ck_assert_str_eq(f->guardians[1].email, "lea.ajout@example.org");
	ck_assert_str_eq(f->guardians[1].mobile_phone, "0712345678");
	ck_assert(f->guardians[1].has_login && f->guardians[1].login_active);
	ck_assert_str_eq(f->guardians[0].relationship, "");
	ptl_family_free(f);
	/* The code logs the new guardian in once, to choose a password. */
	ck_assert_status(login("lea.ajout@example.org", code, NULL), PTL_OK);
	ptl_free(code);
	free(first);
}
END_TEST

START_TEST(test_guardian_add_without_email_has_no_login)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	char *first, *code = (char *)"unset";
	int64_t family_id, id = 0;

	first = test_family_new("sans.login@example.org", &family_id);
	in.first_name = "Marc";
	in.last_name = "Sanslogin";
	in.email = "  ";
	ck_assert_status(ptl_guardian_add(&id, &code, test_db, family_id, &in), PTL_OK);
	ck_assert_ptr_null(code);
	ck_assert_status(ptl_guardian_get(&g, test_db, id), PTL_OK);
	ck_assert_str_eq(g->email, "");
	ck_assert(!g->has_login);
	ptl_guardian_free(g);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM account a JOIN guardian g"
	                             " ON g.id = a.guardian_id WHERE g.last_name = 'Sanslogin'"), 0);
	free(first);
}
END_TEST

START_TEST(test_guardian_add_refusals_write_nothing)
{
	struct { const char *field; int status; ptl_guardian_options in; } cases[] = {
		{ "first_name", PTL_EINVALID, { .version = 1, .last_name = "Refus" } },
		{ "relationship", PTL_EINVALID,
		  { .version = 1, .first_name = "A", .last_name = "Refus", .relationship = "oncle" } },
		{ "email", PTL_EINVALID,
		  { .version = 1, .first_name = "A", .last_name = "Refus", .email = "pas-une-adresse" } },
		{ "work_phone", PTL_EINVALID,
		  { .version = 1, .first_name = "A", .last_name = "Refus", .work_phone = "12" } },
		{ "postcode", PTL_EINVALID,
		  { .version = 1, .first_name = "A", .last_name = "Refus", .postcode = "00100" } },
		{ "email", PTL_EEXISTS,
		  { .version = 1, .first_name = "A", .last_name = "Refus",
		    .email = "REFUS.PREMIER@example.org" } },
		{ "version", PTL_EINVALID, { .version = 2, .first_name = "A", .last_name = "Refus" } },
	};
	char *first, *code = NULL;
	int64_t family_id;
	long long guardians, accounts;

	first = test_family_new("refus.premier@example.org", &family_id);
	guardians = test_scalar("SELECT count(*) FROM guardian");
	accounts = test_scalar("SELECT count(*) FROM account");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_status(ptl_guardian_add(NULL, &code, test_db, family_id, &cases[i].in),
		                 cases[i].status);
		ck_assert_str_eq(ptl_error_last()->field, cases[i].field);
		ck_assert(*ptl_error_last()->message_fr);
		ck_assert_ptr_null(code);
	}
	ck_assert_status(ptl_guardian_add(NULL, &code, test_db, 999999, &cases[0].in), PTL_EINVALID);
	cases[0].in.first_name = "A";
	ck_assert_status(ptl_guardian_add(NULL, &code, test_db, 999999, &cases[0].in), PTL_ENOTFOUND);
	ck_assert_str_eq(ptl_error_last()->field, "family_id");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM guardian"), guardians);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM account"), accounts);
	free(first);
}
END_TEST

START_TEST(test_guardian_edit_changes_only_what_is_given)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	char *first;
	int64_t family_id, id;

	first = test_family_new("edit.manager@example.org", &family_id);
	id = first_guardian(family_id);
	in.relationship = "pere";
	in.city = "Orléans";
	in.phone = "02 38 00 00 01";
	ck_assert_status(ptl_guardian_edit(&g, test_db, id, &in), PTL_OK);
	ck_assert_str_eq(g->first_name, "Nora");
	ck_assert_str_eq(g->relationship, "pere");
	ck_assert_str_eq(g->phone, "0238000001");
	ck_assert_str_eq(g->email, "edit.manager@example.org");
	ck_assert(g->has_login);
	ptl_guardian_free(g);

	/* "" clears an optional detail; a required one cannot be cleared. */
	in = (ptl_guardian_options)PTL_GUARDIAN_OPTIONS_INIT;
	in.city = "";
	ck_assert_status(ptl_guardian_edit(NULL, test_db, id, &in), PTL_OK);
	in.last_name = " ";
	ck_assert_status(ptl_guardian_edit(NULL, test_db, id, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "last_name");
	in.last_name = NULL;
	in.email = "autre@example.org";
	ck_assert_status(ptl_guardian_edit(NULL, test_db, id, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "email");
	in.email = NULL;
	ck_assert_status(ptl_guardian_edit(NULL, test_db, 999999, &in), PTL_ENOTFOUND);
	ck_assert_status(ptl_guardian_get(&g, test_db, id), PTL_OK);
	ck_assert_str_eq(g->city, "");
	ck_assert_str_eq(g->relationship, "pere");
	ck_assert_str_eq(g->email, "edit.manager@example.org");
	ptl_guardian_free(g);
	free(first);
}
END_TEST

START_TEST(test_guardian_remove_ends_sessions_and_keeps_history)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_contact_options contact = PTL_CONTACT_OPTIONS_INIT;
	ptl_requests *list = NULL;
	ptl_session session;
	ptl_family *f = NULL;
	char *first, *code = NULL, *token = NULL;
	int64_t family_id, first_id, second_id;

	first = test_family_new("reste@example.org", &family_id);
	first_id = first_guardian(family_id);
	in.first_name = "Hugo";
	in.last_name = "Part";
	in.email = "part@example.org";
	ck_assert_status(ptl_guardian_add(&second_id, &code, test_db, family_id, &in), PTL_OK);
	ck_assert_status(login("part@example.org", code, &token), PTL_OK);
	ck_assert_status(ptl_session_get(&session, test_db, token), PTL_OK);
	contact.city = "Tours";
	ck_assert_status(ptl_profile_update_contact(NULL, test_db, second_id, &contact), PTL_OK);

	ck_assert_status(ptl_guardian_remove(test_db, second_id), PTL_OK);
	/* At once: the session is gone, and the code no longer logs in. */
	ck_assert_status(ptl_session_get(&session, test_db, token), PTL_EAUTH);
	ck_assert_status(login("part@example.org", code, NULL), PTL_EAUTH);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM session s JOIN guardian g"
	                             " ON g.id = s.guardian_id WHERE g.email = 'part@example.org'"), 0);
	/* What they sent stays, under their name. */
	ck_assert_status(ptl_request_list_family(&list, test_db, family_id, false, 0), PTL_OK);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_str_eq(list->items[0].guardian_name, "Hugo Part");
	ck_assert_int_eq(list->items[0].guardian_id, 0);
	ptl_requests_free(list);
	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	ck_assert_uint_eq(f->guardian_count, 1);
	ck_assert_int_eq(f->guardians[0].id, first_id);
	ptl_family_free(f);
	/* The email is free again for a login. */
	ck_assert_status(ptl_guardian_add(NULL, NULL, test_db, family_id, &in), PTL_OK);
	ck_assert_status(ptl_guardian_remove(test_db, second_id), PTL_ENOTFOUND);
	ptl_free(token);
	ptl_free(code);
	free(first);
}
END_TEST

START_TEST(test_guardian_remove_never_the_last)
{
	char *first, sql[160];
	int64_t family_id, id;
	PGconn *conn;
	PGresult *res;

	first = test_family_new("dernier@example.org", &family_id);
	id = first_guardian(family_id);
	ck_assert_status(ptl_guardian_remove(test_db, id), PTL_EFORBIDDEN);
	ck_assert_str_eq(ptl_error_last()->field, "guardian_id");
	ck_assert_str_eq(ptl_error_last()->message_fr,
	                 "Le dernier responsable d’une famille ne peut pas être retiré.");
	/* The database holds the rule against any other writer too. */
	conn = PQconnectdb(test_conninfo);
	snprintf(sql, sizeof(sql), "DELETE FROM guardian WHERE id = %lld", (long long)id);
	res = PQexec(conn, sql);
	ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "23514");
	PQclear(res);
	/* Deleting the family itself takes its guardians with it. */
	snprintf(sql, sizeof(sql), "DELETE FROM family WHERE id = %lld", (long long)family_id);
	res = PQexec(conn, sql);
	ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(conn);
	free(first);
}
END_TEST

struct remover { int64_t guardian_id; int status; };

static void *remove_one(void *arg)
{
	struct remover *r = arg;
	ptl_db *db = NULL;

	ck_assert_int_eq(ptl_db_open(&db, test_conninfo), PTL_OK);
	r->status = ptl_guardian_remove(db, r->guardian_id);
	ptl_db_close(db);
	return NULL;
}

/* Two managers remove the two guardians at the same moment: one removal
 * wins, the other is refused, the family keeps a guardian. */
START_TEST(test_guardian_remove_race_keeps_one)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	struct remover r[2];
	pthread_t threads[2];
	char *first, sql[128];
	int64_t family_id;

	first = test_family_new("course.un@example.org", &family_id);
	in.first_name = "Course";
	in.last_name = "Deux";
	r[0].guardian_id = first_guardian(family_id);
	ck_assert_status(ptl_guardian_add(&r[1].guardian_id, NULL, test_db, family_id, &in), PTL_OK);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, remove_one, &r[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	ck_assert_int_eq((r[0].status == PTL_OK) + (r[1].status == PTL_OK), 1);
	ck_assert(r[0].status == PTL_EFORBIDDEN || r[1].status == PTL_EFORBIDDEN);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM guardian WHERE family_id = %lld",
	         (long long)family_id);
	ck_assert_int_eq(test_scalar(sql), 1);
	free(first);
}
END_TEST

START_TEST(test_guardian_add_request_accepted_mails_the_code)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_request *req = NULL;
	ptl_family *f = NULL;
	ptl_mails *mails = NULL;
	char *first, *code;
	int64_t family_id, parent, request_id;
	long long guardians = test_scalar("SELECT count(*) FROM guardian");

	first = test_family_new("demande.ajout@example.org", &family_id);
	parent = first_guardian(family_id);
	in.first_name = "Sam";
	in.last_name = "Second";
	in.relationship = "pere";
	in.email = "Sam.Second@example.org";
	in.phone = "06 00 00 00 02";
	ck_assert_status(ptl_profile_add_guardian(&req, test_db, parent, &in), PTL_OK);
	ck_assert_int_eq(req->kind, PTL_REQUEST_GUARDIAN_ADD);
	ck_assert_int_eq(req->status, PTL_REQUEST_PENDING);   /* waits by default */
	ck_assert_str_eq(req->guardian_name, "Nora Essai");
	ck_assert_str_eq(req->summary, "Ajout de Sam Second comme responsable légal");
	ck_assert_uint_eq(req->change_count, 5);
	ck_assert_str_eq(req->changes[2].field, "relationship");
	ck_assert_str_eq(req->changes[2].label, "Lien avec les enfants");
	ck_assert_str_eq(req->changes[3].after, "sam.second@example.org");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM guardian"), guardians + 1);

	ck_assert_status(ptl_request_accept(test_db, req->id, "Service enfance", NULL), PTL_OK);
	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	ck_assert_uint_eq(f->guardian_count, 2);
	ck_assert_str_eq(f->guardians[1].relationship, "pere");
	ck_assert_str_eq(f->guardians[1].phone, "0600000002");
	ck_assert(f->guardians[1].has_login);
	request_id = req->id;
	ptl_request_free(req);
	/* The request now names the guardian it added. */
	ck_assert_status(ptl_request_get(&req, test_db, request_id), PTL_OK);
	ck_assert_int_eq(req->status, PTL_REQUEST_ACCEPTED);
	ck_assert_int_eq(req->target_id, f->guardians[1].id);
	ptl_request_free(req);

	/* The new guardian's code is in the outbox; it logs them in. */
	code = code_mailed_to("sam.second@example.org");
	ck_assert_status(login("sam.second@example.org", code, NULL), PTL_OK);
	free(code);
	/* The decision's notice goes to both guardians who want email. */
	ck_assert_status(ptl_mail_outbox(&mails, test_db, "demande.ajout@example.org", 0), PTL_OK);
	ck_assert_uint_eq(mails->count, 1);
	ck_assert_ptr_nonnull(strstr(mails->items[0].subject, "acceptée"));
	ptl_mails_free(mails);
	ptl_family_free(f);
	free(first);
}
END_TEST

START_TEST(test_guardian_add_request_for_a_taken_email_stays_pending)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_request *req = NULL;
	char *a, *b;
	int64_t family_id;

	a = test_family_new("deja.pris@example.org", NULL);
	b = test_family_new("veut.ajouter@example.org", &family_id);
	in.first_name = "Pris";
	in.last_name = "Deja";
	in.email = "deja.pris@example.org";
	ck_assert_status(ptl_profile_add_guardian(&req, test_db, first_guardian(family_id), &in),
	                 PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, req->id, "Service", NULL), PTL_EEXISTS);
	ck_assert_str_eq(ptl_error_last()->field, "email");
	ck_assert_int_eq(ptl_request_outcome_of(PTL_EEXISTS), PTL_REQUEST_FAILED);
	ptl_request_free(req);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM guardian WHERE last_name = 'Deja'"), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE kind = 'guardian_add'"
	                             " AND status = 'pending' AND after->>'last_name' = 'Deja'"), 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_guardian_edit_request_for_the_other_guardian)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT, add = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_contact_options contact = PTL_CONTACT_OPTIONS_INIT;
	ptl_request *req = NULL, *late = NULL;
	ptl_guardian *g = NULL;
	char *first, *stranger;
	int64_t family_id, other_family, me, other;

	first = test_family_new("edite.autre@example.org", &family_id);
	stranger = test_family_new("etranger@example.org", &other_family);
	me = first_guardian(family_id);
	add.first_name = "Alix";
	add.last_name = "Autre";
	add.email = "alix.autre@example.org";
	ck_assert_status(ptl_guardian_add(&other, NULL, test_db, family_id, &add), PTL_OK);

	in.employer = "Hôpital";
	in.relationship = "tutrice";
	ck_assert_status(ptl_profile_edit_guardian(&req, test_db, me, other, &in), PTL_OK);
	ck_assert_int_eq(req->kind, PTL_REQUEST_GUARDIAN_EDIT);
	ck_assert_int_eq(req->status, PTL_REQUEST_PENDING);
	ck_assert_int_eq(req->target_id, other);
	ck_assert_uint_eq(req->change_count, 2);
	ck_assert_str_eq(req->changes[0].field, "relationship");
	ck_assert_str_eq(req->changes[1].field, "employer");
	ck_assert_str_eq(req->changes[1].after, "Hôpital");
	ck_assert_status(ptl_request_accept(test_db, req->id, "Service", NULL), PTL_OK);
	ck_assert_status(ptl_guardian_get(&g, test_db, other), PTL_OK);
	ck_assert_str_eq(g->employer, "Hôpital");
	ck_assert_str_eq(g->relationship, "tutrice");
	ck_assert_str_eq(g->first_name, "Alix");
	ptl_guardian_free(g);
	ptl_request_free(req);

	/* Not the email, not oneself, not another family's guardian. */
	in.email = "nouvelle@example.org";
	ck_assert_status(ptl_profile_edit_guardian(NULL, test_db, me, other, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "email");
	in.email = NULL;
	ck_assert_status(ptl_profile_edit_guardian(NULL, test_db, me, me, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "id");
	ck_assert_status(ptl_profile_edit_guardian(NULL, test_db, me, first_guardian(other_family),
	                                           &in), PTL_ENOTFOUND);
	ck_assert_status(ptl_profile_edit_guardian(NULL, test_db, first_guardian(other_family), other,
	                                           &in), PTL_ENOTFOUND);

	/* The other guardian changes their own details meanwhile: the edit is
	 * outdated. */
	in.employer = "Lycée";
	ck_assert_status(ptl_profile_edit_guardian(&late, test_db, me, other, &in), PTL_OK);
	contact.employer = "Commune";
	ck_assert_status(ptl_profile_update_contact(NULL, test_db, other, &contact), PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, late->id, "Service", NULL), PTL_ECONFLICT);
	ck_assert_str_eq(ptl_error_last()->field, "outdated");
	ptl_request_free(late);
	free(first);
	free(stranger);
}
END_TEST

/* Notices about a request go to every guardian who wants them by email. */
START_TEST(test_guardian_notices_go_to_each_guardian_who_wants_them)
{
	ptl_guardian_options add = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_contact_options quiet = PTL_CONTACT_OPTIONS_INIT;
	ptl_child_options child = PTL_CHILD_OPTIONS_INIT;
	int64_t family_id, second, third, request_id;
	char *first;

	first = test_family_new("avis.un@example.org", &family_id);
	add.first_name = "Avis";
	add.last_name = "Deux";
	add.email = "avis.deux@example.org";
	ck_assert_status(ptl_guardian_add(&second, NULL, test_db, family_id, &add), PTL_OK);
	add.email = "avis.trois@example.org";
	ck_assert_status(ptl_guardian_add(&third, NULL, test_db, family_id, &add), PTL_OK);
	quiet.notify_by_email = 0;
	ck_assert_status(ptl_profile_update_contact(NULL, test_db, third, &quiet), PTL_OK);
	child.first_name = "Avis";
	child.last_name = "Enfant";
	child.birth_date = "2019-03-04";
	ck_assert_status(ptl_profile_add_child(&request_id, test_db, second, &child), PTL_OK);
	ck_assert_status(ptl_request_refuse(test_db, request_id, "Service", "Pièce manquante"),
	                 PTL_OK);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox WHERE recipient IN"
	                             " ('avis.un@example.org', 'avis.deux@example.org')"
	                             " AND subject LIKE '%refusée'"), 2);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox"
	                             " WHERE recipient = 'avis.trois@example.org'"), 0);
	free(first);
}
END_TEST

START_TEST(test_guardian_request_kinds_are_registered)
{
	ptl_request_kind kind;
	bool waits = false;

	ck_assert_int_ge(ptl_request_kind_count(), 9);
	ck_assert_str_eq(ptl_request_kind_name(PTL_REQUEST_GUARDIAN_ADD), "guardian_add");
	ck_assert_str_eq(ptl_request_kind_name(PTL_REQUEST_GUARDIAN_EDIT), "guardian_edit");
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_GUARDIAN_ADD));
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_GUARDIAN_EDIT));
	ck_assert_str_eq(ptl_request_kind_target(PTL_REQUEST_GUARDIAN_EDIT), "guardian");
	ck_assert_status(ptl_request_kind_from_name(&kind, "guardian_edit"), PTL_OK);
	ck_assert_int_eq(kind, PTL_REQUEST_GUARDIAN_EDIT);
	ck_assert_status(ptl_request_kind_needs_validation(&waits, test_db, PTL_REQUEST_GUARDIAN_ADD),
	                 PTL_OK);
	ck_assert(waits);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request_kind WHERE kind IN"
	                             " ('guardian_add', 'guardian_edit') AND needs_validation"), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("guardians");
	TCase *tc = tcase_create("guardians");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_guardian_add_with_email_gives_a_login);
	tcase_add_test(tc, test_guardian_add_without_email_has_no_login);
	tcase_add_test(tc, test_guardian_add_refusals_write_nothing);
	tcase_add_test(tc, test_guardian_edit_changes_only_what_is_given);
	tcase_add_test(tc, test_guardian_remove_ends_sessions_and_keeps_history);
	tcase_add_test(tc, test_guardian_remove_never_the_last);
	tcase_add_test(tc, test_guardian_remove_race_keeps_one);
	tcase_add_test(tc, test_guardian_add_request_accepted_mails_the_code);
	tcase_add_test(tc, test_guardian_add_request_for_a_taken_email_stays_pending);
	tcase_add_test(tc, test_guardian_edit_request_for_the_other_guardian);
	tcase_add_test(tc, test_guardian_notices_go_to_each_guardian_who_wants_them);
	tcase_add_test(tc, test_guardian_request_kinds_are_registered);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
