/*
 * test-requests.c — the validation queue, parents' profile changes, sign-up,
 * password reset links and the outbox, against the real database.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static int64_t guardian_of(const char *email)
{
	ptl_guardian *g = NULL;
	int64_t id;

	ck_assert_status(ptl_guardian_get_by_email(&g, test_db, email), PTL_OK);
	id = g->id;
	ptl_guardian_free(g);
	return id;
}

static ptl_child_options child_jade(void)
{
	ptl_child_options c = PTL_CHILD_OPTIONS_INIT;

	c.first_name = "Jade";
	c.last_name = "Essai";
	c.birth_date = "2019-05-06";
	c.sex = "F";
	c.school = "École des Tilleuls";
	c.school_level = "GS";
	c.allergies = "Arachide (PAI)";
	c.authorized_pickup = "Mamie Odette, 06 11 22 33 44";
	return c;
}

static size_t family_children(int64_t family_id)
{
	ptl_family *f = NULL;
	size_t n;

	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	n = f->child_count;
	ptl_family_free(f);
	return n;
}

/* The link token in the newest message to @p email. */
static char *token_mailed_to(const char *email)
{
	ptl_mails *mails = NULL;
	char *token;
	const char *p;

	ck_assert_status(ptl_mail_outbox(&mails, test_db, email, 1), PTL_OK);
	ck_assert_uint_eq(mails->count, 1);
	p = strstr(mails->items[0].body, "jeton=");
	ck_assert_ptr_nonnull(p);
	token = strndup(p + 6, PTL_TOKEN_LEN);
	ptl_mails_free(mails);
	return token;
}

START_TEST(test_request_child_add_waits_then_applies_on_accept)
{
	int64_t family_id, request_id;
	char *code = test_family_new("ajout@example.org", &family_id);
	ptl_child_options c = child_jade();
	ptl_request *r = NULL;
	ptl_family *f = NULL;

	ck_assert_status(ptl_profile_add_child(&request_id, test_db, guardian_of("ajout@example.org"),
	                                       &c), PTL_OK);
	ck_assert_uint_eq(family_children(family_id), 0);
	ck_assert_status(ptl_request_get(&r, test_db, request_id), PTL_OK);
	ck_assert_int_eq(r->kind, PTL_REQUEST_CHILD_ADD);
	ck_assert_int_eq(r->status, PTL_REQUEST_PENDING);
	ck_assert_str_eq(r->summary, "Ajout de l’enfant Jade Essai");
	ck_assert_ptr_nonnull(strstr(r->after_json, "\"school_level\": \"GS\""));
	ptl_request_free(r);

	ck_assert_status(ptl_request_accept(test_db, request_id, "agent.accueil", NULL), PTL_OK);
	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	ck_assert_uint_eq(f->child_count, 1);
	ck_assert_str_eq(f->children[0].allergies, "Arachide (PAI)");
	ck_assert_str_eq(f->children[0].school_level, "GS");
	ck_assert_str_eq(f->children[0].sex, "F");
	ptl_family_free(f);

	ck_assert_status(ptl_request_get(&r, test_db, request_id), PTL_OK);
	ck_assert_int_eq(r->status, PTL_REQUEST_ACCEPTED);
	ck_assert_str_eq(r->processed_by, "agent.accueil");
	ck_assert_int_eq(r->processed_at, ptl_clock_now());
	ck_assert_int_gt(r->target_id, 0);
	ptl_request_free(r);

	/* The family is told by email. */
	ptl_mails *mails = NULL;
	ck_assert_status(ptl_mail_outbox(&mails, test_db, "ajout@example.org", 0), PTL_OK);
	ck_assert_uint_eq(mails->count, 1);
	ck_assert_str_eq(mails->items[0].subject, "Votre demande a été acceptée");
	ck_assert_ptr_nonnull(strstr(mails->items[0].body, "Ajout de l’enfant Jade Essai"));
	/* Sent at 08:00 UTC: 9 h in Paris, read as the pages read dates. */
	ck_assert_ptr_nonnull(strstr(mails->items[0].body,
	                             "» du jeudi 26 novembre 2026 à 9 h 00 a été acceptée"));
	ck_assert_str_eq(mails->items[0].status, "outbox");
	ptl_mails_free(mails);
	free(code);
}
END_TEST

START_TEST(test_request_refuse_needs_reason_and_changes_nothing)
{
	int64_t family_id, request_id;
	char *code = test_family_new("refus@example.org", &family_id);
	ptl_child_options c = child_jade();
	ptl_request *r = NULL;

	ck_assert_status(ptl_profile_add_child(&request_id, test_db, guardian_of("refus@example.org"),
	                                       &c), PTL_OK);
	ck_assert_status(ptl_request_refuse(test_db, request_id, "agent", "  "), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "reason");
	ck_assert_status(ptl_request_refuse(test_db, request_id, "agent", "Enfant déjà inscrit"), PTL_OK);
	ck_assert_uint_eq(family_children(family_id), 0);
	ck_assert_status(ptl_request_get(&r, test_db, request_id), PTL_OK);
	ck_assert_int_eq(r->status, PTL_REQUEST_REFUSED);
	ck_assert_str_eq(r->note, "Enfant déjà inscrit");
	ptl_request_free(r);
	/* Processed once only. */
	ck_assert_status(ptl_request_accept(test_db, request_id, "agent", NULL), PTL_ECONFLICT);
	ck_assert_status(ptl_request_accept(test_db, 99999999, "agent", NULL), PTL_ENOTFOUND);
	free(code);
}
END_TEST

struct racer {
	int64_t id;
	int status;
};

static void *race_accept(void *arg)
{
	struct racer *r = arg;
	ptl_db *db = NULL;

	if (ptl_db_open(&db, test_conninfo) == PTL_OK)
		r->status = ptl_request_accept(db, r->id, "agent", NULL);
	else
		r->status = -100;
	ptl_db_close(db);
	return NULL;
}

START_TEST(test_request_two_managers_exactly_one_wins)
{
	int64_t family_id;
	char *code = test_family_new("course@example.org", &family_id);
	int64_t guardian = guardian_of("course@example.org");

	for (int round = 0; round < 5; round++) {
		ptl_child_options c = child_jade();
		struct racer a = { 0, 0 }, b = { 0, 0 };
		pthread_t ta, tb;

		ck_assert_status(ptl_profile_add_child(&a.id, test_db, guardian, &c), PTL_OK);
		b.id = a.id;
		pthread_create(&ta, NULL, race_accept, &a);
		pthread_create(&tb, NULL, race_accept, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		ck_assert_msg((a.status == PTL_OK) != (b.status == PTL_OK), "statuses %d and %d",
		              a.status, b.status);
		ck_assert_int_eq(a.status == PTL_OK ? b.status : a.status, PTL_ECONFLICT);
		ck_assert_uint_eq(family_children(family_id), (size_t)round + 1);
	}
	free(code);
}
END_TEST

/* One parent's contact change, sent from its own connection. */
struct contact_racer {
	pthread_barrier_t *start;
	int64_t guardian;
	const char *employer;
	int status;
};

static void *race_contact(void *arg)
{
	struct contact_racer *r = arg;
	ptl_db *db = NULL;
	ptl_contact_options in = PTL_CONTACT_OPTIONS_INIT;
	ptl_request *written = NULL;
	bool open = ptl_db_open(&db, test_conninfo) == PTL_OK;

	in.employer = r->employer;
	pthread_barrier_wait(r->start);
	r->status = open ? ptl_profile_update_contact(&written, db, r->guardian, &in) : -100;
	ptl_request_free(written);
	ptl_db_close(db);
	return NULL;
}

START_TEST(test_request_simultaneous_contact_changes_all_apply)
{
	enum { N = 8 };
	static const char *const employers[N] = { "A", "B", "C", "D", "E", "F", "G", "H" };
	int64_t family_id;
	char *code = test_family_new("ensemble@example.org", &family_id);
	int64_t guardian = guardian_of("ensemble@example.org");
	struct contact_racer r[N];
	pthread_t threads[N];
	pthread_barrier_t start;
	char sql[256];

	pthread_barrier_init(&start, NULL, N);
	for (int i = 0; i < N; i++) {
		r[i] = (struct contact_racer){ &start, guardian, employers[i], 0 };
		pthread_create(&threads[i], NULL, race_contact, &r[i]);
	}
	for (int i = 0; i < N; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&start);
	/* Each change waits for the one before it and applies over it. */
	for (int i = 0; i < N; i++)
		ck_assert_msg(r[i].status == PTL_OK, "change %d: status %d", i, r[i].status);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM request WHERE family_id = %lld"
	         " AND kind = 'contact_change' AND status = 'applied'", (long long)family_id);
	ck_assert_int_eq(test_scalar(sql), N);
	free(code);
}
END_TEST

START_TEST(test_request_edit_child_shows_before_and_after)
{
	int64_t family_id, other_family, child_id, request_id;
	char *code = test_family_new("fiche@example.org", &family_id);
	char *other = test_family_new("voisin@example.org", &other_family);
	ptl_child_options c = child_jade();
	ptl_request *r = NULL;
	ptl_family *f = NULL;

	ck_assert_status(ptl_child_create(&child_id, test_db, family_id, &c), PTL_OK);
	c.school_level = "CP";
	c.diet = "Sans porc";
	/* Another family's parent cannot touch this child: it does not exist for them. */
	ck_assert_status(ptl_profile_edit_child(NULL, test_db, guardian_of("voisin@example.org"),
	                                        child_id, &c), PTL_ENOTFOUND);
	ck_assert_status(ptl_profile_edit_child(&request_id, test_db, guardian_of("fiche@example.org"),
	                                        child_id, &c), PTL_OK);
	ck_assert_status(ptl_request_get(&r, test_db, request_id), PTL_OK);
	ck_assert_int_eq(r->status, PTL_REQUEST_PENDING);
	ck_assert_int_eq(r->target_id, child_id);
	ck_assert_ptr_nonnull(strstr(r->before_json, "\"school_level\": \"GS\""));
	ck_assert_ptr_nonnull(strstr(r->after_json, "\"school_level\": \"CP\""));
	ptl_request_free(r);

	ck_assert_status(ptl_request_accept(test_db, request_id, "agent", "OK"), PTL_OK);
	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	ck_assert_str_eq(f->children[0].school_level, "CP");
	ck_assert_str_eq(f->children[0].diet, "Sans porc");
	ptl_family_free(f);
	free(code);
	free(other);
}
END_TEST

START_TEST(test_request_bad_child_fields_are_refused_with_field)
{
	int64_t family_id;
	char *code = test_family_new("champs@example.org", &family_id);
	int64_t guardian = guardian_of("champs@example.org");
	long long before = test_scalar("SELECT count(*) FROM request");
	char long_text[600];
	struct { const char *field; ptl_child_options c; } cases[8];

	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	for (int i = 0; i < 8; i++)
		cases[i].c = child_jade();
	cases[0].field = "school_level"; cases[0].c.school_level = "CE3";
	cases[1].field = "sex"; cases[1].c.sex = "X";
	cases[2].field = "allergies"; cases[2].c.allergies = long_text;
	cases[3].field = "birth_date"; cases[3].c.birth_date = "2030-01-01";
	cases[4].field = "birth_date"; cases[4].c.birth_date = "06/05/2019";
	cases[5].field = "first_name"; cases[5].c.first_name = "";
	cases[6].field = "authorized_pickup"; cases[6].c.authorized_pickup = long_text;
	cases[7].field = "diet"; cases[7].c.diet = long_text;
	for (int i = 0; i < 8; i++) {
		ck_assert_status(ptl_profile_add_child(NULL, test_db, guardian, &cases[i].c), PTL_EINVALID);
		ck_assert_str_eq(ptl_error_last()->field, cases[i].field);
	}
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request"), before);
	free(code);
}
END_TEST

START_TEST(test_request_contact_change_applies_at_once_and_is_listed)
{
	int64_t family_id;
	ptl_request *written = NULL;
	char *code = test_family_new("coord@example.org", &family_id);
	int64_t guardian = guardian_of("coord@example.org");
	ptl_contact_options in = PTL_CONTACT_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	ptl_requests *list = NULL;
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;

	in.phone = "02 38 00 00 01";
	in.mobile_phone = "07 00 00 00 02";
	in.address = "5 place de la Mairie";
	in.postcode = "45190";
	in.city = "Valmont-sur-Loire";
	in.employer = "Boulangerie du Centre";
	in.notify_by_sms = 1;
	in.postcode = "4519";
	ck_assert_status(ptl_profile_update_contact(&written, test_db, guardian, &in), PTL_EINVALID);
	ck_assert_ptr_null(written);
	ck_assert_str_eq(ptl_error_last()->field, "postcode");
	in.postcode = "45190";
	ck_assert_status(ptl_profile_update_contact(&written, test_db, guardian, &in), PTL_OK);

	ck_assert_status(ptl_guardian_get(&g, test_db, guardian), PTL_OK);
	ck_assert_str_eq(g->mobile_phone, "0700000002");
	ck_assert_str_eq(g->employer, "Boulangerie du Centre");
	ck_assert(g->notify_by_sms);
	ck_assert_str_eq(g->email, "coord@example.org");   /* never changed by the parent */
	ptl_guardian_free(g);

	filter.family_id = family_id;
	ck_assert_status(ptl_request_list(&list, test_db, &filter), PTL_OK);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].status, PTL_REQUEST_APPLIED);
	ck_assert_int_eq(list->items[0].kind, PTL_REQUEST_CONTACT_CHANGE);
	ck_assert_ptr_nonnull(strstr(list->items[0].before_json, "\"employer\": \"\""));
	/* What the change handed back is what was recorded, without a read. */
	ck_assert_int_eq(written->id, list->items[0].id);
	ck_assert_int_eq(written->status, PTL_REQUEST_APPLIED);
	ck_assert_int_eq(written->kind, PTL_REQUEST_CONTACT_CHANGE);
	ck_assert_uint_eq(written->change_count, list->items[0].change_count);
	ck_assert_str_eq(written->guardian_name, list->items[0].guardian_name);
	ck_assert_str_eq(written->summary, list->items[0].summary);
	ck_assert_str_eq(written->family_name, list->items[0].family_name);
	ck_assert_str_eq(written->after_json, list->items[0].after_json);
	ck_assert_int_eq(written->target_id, guardian);
	ck_assert_int_eq(written->created_at, ptl_clock_now());
	ptl_requests_free(list);
	/* An applied request is not pending: nothing to accept. */
	ck_assert_status(ptl_request_accept(test_db, written->id, "agent", NULL), PTL_ECONFLICT);
	ptl_request_free(written);
	free(code);
}
END_TEST

START_TEST(test_request_kind_setting_decides_waiting)
{
	int64_t family_id;
	char *code = test_family_new("reglage@example.org", &family_id);
	ptl_child_options c = child_jade();
	bool waits;

	ck_assert_status(ptl_request_kind_needs_validation(&waits, test_db, PTL_REQUEST_CHILD_ADD),
	                 PTL_OK);
	ck_assert(waits);
	ck_assert_status(ptl_request_kind_set(test_db, PTL_REQUEST_CHILD_ADD, false), PTL_OK);
	ck_assert_status(ptl_request_kind_needs_validation(&waits, test_db, PTL_REQUEST_CHILD_ADD),
	                 PTL_OK);
	ck_assert(!waits);
	ck_assert_status(ptl_profile_add_child(NULL, test_db, guardian_of("reglage@example.org"), &c),
	                 PTL_OK);
	ck_assert_uint_eq(family_children(family_id), 1);
	ck_assert_status(ptl_request_kind_set(test_db, (ptl_request_kind)99, true), PTL_EINVALID);
	free(code);
	/* The setting goes back to its default in the test case's teardown,
	 * which runs even when this test fails. */
}
END_TEST

/* Whatever the settings tests did, even when they failed: the defaults. */
static void restore_kind_settings(void)
{
	ptl_db *db = NULL;

	if (ptl_db_open(&db, test_conninfo) == PTL_OK) {
		(void)ptl_request_kind_set(db, PTL_REQUEST_CHILD_ADD, true);
		(void)ptl_request_kind_set(db, PTL_REQUEST_CONTACT_CHANGE, false);
	}
	ptl_db_close(db);
}

START_TEST(test_request_kinds_have_names_labels_and_modules)
{
	ptl_request_kind kind;
	ptl_request_status status;

	ck_assert_int_eq(ptl_request_kind_count(), 11);
	for (int k = 1; k <= ptl_request_kind_count(); k++) {
		ck_assert_ptr_nonnull(ptl_request_kind_name((ptl_request_kind)k));
		ck_assert_ptr_nonnull(ptl_request_kind_label((ptl_request_kind)k));
		ck_assert_status(ptl_request_kind_from_name(&kind, ptl_request_kind_name((ptl_request_kind)k)),
		                 PTL_OK);
		ck_assert_int_eq(kind, k);
	}
	ck_assert_str_eq(ptl_request_kind_name(PTL_REQUEST_CHILD_EDIT), "child_edit");
	ck_assert_str_eq(ptl_request_kind_label(PTL_REQUEST_CHILD_ADD), "Ajout d’un enfant");
	ck_assert_str_eq(ptl_request_kind_target(PTL_REQUEST_CONTACT_CHANGE), "guardian");
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_SIGNUP));
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_ENROLMENT));
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_CERTIFICATE));
	ck_assert_ptr_null(ptl_request_kind_name((ptl_request_kind)0));
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_RESERVATION));
	ck_assert(ptl_request_kind_registered(PTL_REQUEST_RESERVATION_CANCEL));
	ck_assert_ptr_null(ptl_request_kind_label((ptl_request_kind)(ptl_request_kind_count() + 1)));
	ck_assert_status(ptl_request_kind_from_name(&kind, "holiday"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "kind");

	ck_assert_status(ptl_request_status_from_name(&status, "outdated"), PTL_OK);
	ck_assert_int_eq(status, PTL_REQUEST_OUTDATED);
	ck_assert_str_eq(ptl_request_status_name(PTL_REQUEST_APPLIED), "applied");
	ck_assert_str_eq(ptl_request_status_label(PTL_REQUEST_PENDING), "En attente");
	ck_assert_status(ptl_request_status_from_name(&status, "lost"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "status");
}
END_TEST

/* A contact change by @p guardian; its request's id in *id. */
static int contact_change(int64_t *id, int64_t guardian, const ptl_contact_options *in)
{
	ptl_request *r = NULL;
	int rc = ptl_profile_update_contact(&r, test_db, guardian, in);

	*id = r ? r->id : 0;
	ptl_request_free(r);
	return rc;
}

/* The change at @p i, checked. */
static void assert_change(const ptl_request *r, size_t i, const char *field, const char *label,
                          const char *before, const char *after)
{
	ck_assert_uint_gt(r->change_count, i);
	ck_assert_str_eq(r->changes[i].field, field);
	ck_assert_str_eq(r->changes[i].label, label);
	if (before)
		ck_assert_str_eq(r->changes[i].before, before);
	else
		ck_assert_ptr_null(r->changes[i].before);
	ck_assert_str_eq(r->changes[i].after, after);
}

START_TEST(test_request_changes_are_computed_by_the_library)
{
	int64_t family_id, child_id, add_id, edit_id, contact_id;
	char *code = test_family_new("diff@example.org", &family_id);
	int64_t guardian = guardian_of("diff@example.org");
	ptl_child_options c = child_jade();
	ptl_contact_options in = PTL_CONTACT_OPTIONS_INIT;
	ptl_request *r = NULL;

	/* An addition: every value given, in the form's order, nothing before. */
	ck_assert_status(ptl_profile_add_child(&add_id, test_db, guardian, &c), PTL_OK);
	ck_assert_status(ptl_request_get(&r, test_db, add_id), PTL_OK);
	ck_assert_uint_eq(r->change_count, 8);   /* diet and doctor left empty */
	assert_change(r, 0, "first_name", "Prénom", NULL, "Jade");
	assert_change(r, 2, "birth_date", "Date de naissance", NULL, "2019-05-06");
	assert_change(r, 5, "school_level", "Niveau scolaire", NULL, "GS");
	assert_change(r, 7, "authorized_pickup", "Personnes autorisées à venir chercher l’enfant",
	              NULL, "Mamie Odette, 06 11 22 33 44");
	ck_assert_str_eq(r->guardian_name, "Nora Essai");
	ptl_request_free(r);

	/* An edit: only what differs, with the value before. */
	ck_assert_status(ptl_child_create(&child_id, test_db, family_id, &c), PTL_OK);
	c.school_level = "CP";
	c.diet = "Sans porc";
	ck_assert_status(ptl_profile_edit_child(&edit_id, test_db, guardian, child_id, &c), PTL_OK);
	ck_assert_status(ptl_request_get(&r, test_db, edit_id), PTL_OK);
	ck_assert_uint_eq(r->change_count, 2);
	assert_change(r, 0, "school_level", "Niveau scolaire", "GS", "CP");
	assert_change(r, 1, "diet", "Régime alimentaire", "", "Sans porc");
	ptl_request_free(r);

	/* Contact details: yes-no fields as "true"/"false". */
	in.city = "Tours";
	in.notify_by_email = 0;
	ck_assert_status(contact_change(&contact_id, guardian, &in), PTL_OK);
	ck_assert_status(ptl_request_get(&r, test_db, contact_id), PTL_OK);
	ck_assert_int_eq(r->kind, PTL_REQUEST_CONTACT_CHANGE);
	for (size_t i = 0; i < r->change_count; i++)
		if (strcmp(r->changes[i].field, "notify_by_email") == 0)
			assert_change(r, i, "notify_by_email", "Notifications par e-mail", "true", "false");
	ck_assert_str_eq(r->changes[r->change_count - 1].field, "notify_by_email");
	ptl_request_free(r);
	free(code);
}
END_TEST

START_TEST(test_request_stale_child_edit_is_outdated)
{
	int64_t family_id, child_id, older, newer;
	char *code = test_family_new("perime@example.org", &family_id);
	int64_t guardian = guardian_of("perime@example.org");
	ptl_child_options c = child_jade();
	ptl_request *r = NULL;
	ptl_family *f = NULL;
	ptl_mails *mails = NULL;

	ck_assert_status(ptl_child_create(&child_id, test_db, family_id, &c), PTL_OK);
	c.school_level = "CP";
	ck_assert_status(ptl_profile_edit_child(&older, test_db, guardian, child_id, &c), PTL_OK);
	c.school_level = "CE1";
	c.diet = "Végétarien";
	ck_assert_status(ptl_profile_edit_child(&newer, test_db, guardian, child_id, &c), PTL_OK);

	ck_assert_status(ptl_request_accept(test_db, newer, "agent", NULL), PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, older, "agent", NULL), PTL_ECONFLICT);
	ck_assert_str_eq(ptl_error_last()->field, "outdated");
	ck_assert_int_eq(ptl_request_outcome_of(PTL_ECONFLICT), PTL_REQUEST_STALE);

	/* The newer values stay; the older request is closed as outdated. */
	ck_assert_status(ptl_family_get(&f, test_db, family_id), PTL_OK);
	ck_assert_str_eq(f->children[0].school_level, "CE1");
	ck_assert_str_eq(f->children[0].diet, "Végétarien");
	ptl_family_free(f);
	ck_assert_status(ptl_request_get(&r, test_db, older), PTL_OK);
	ck_assert_int_eq(r->status, PTL_REQUEST_OUTDATED);
	ck_assert_str_eq(r->processed_by, "agent");
	ptl_request_free(r);
	/* It is closed: processing it again finds it already processed. */
	ck_assert_status(ptl_request_accept(test_db, older, "agent", NULL), PTL_ECONFLICT);
	ck_assert_int_eq(ptl_request_outcome_of(PTL_ECONFLICT), PTL_REQUEST_SKIPPED);
	/* The family is told, in the outbox (delivery comes later). */
	ck_assert_status(ptl_mail_outbox(&mails, test_db, "perime@example.org", 1), PTL_OK);
	ck_assert_uint_eq(mails->count, 1);
	ck_assert_str_eq(mails->items[0].subject, "Votre demande n’a pas pu être appliquée");
	ck_assert_ptr_nonnull(strstr(mails->items[0].body, "envoyez une nouvelle demande"));
	ptl_mails_free(mails);
	free(code);
}
END_TEST

START_TEST(test_request_stale_contact_change_is_outdated)
{
	int64_t family_id, older, newer;
	char *code = test_family_new("coordperime@example.org", &family_id);
	int64_t guardian = guardian_of("coordperime@example.org");
	ptl_contact_options in = PTL_CONTACT_OPTIONS_INIT;
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_batch_result result;
	ptl_guardian *g = NULL;

	ck_assert_status(ptl_request_kind_set(test_db, PTL_REQUEST_CONTACT_CHANGE, true), PTL_OK);
	in.city = "Tours";
	ck_assert_status(contact_change(&older, guardian, &in), PTL_OK);
	in.city = "Blois";
	ck_assert_status(contact_change(&newer, guardian, &in), PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, newer, "agent", NULL), PTL_OK);
	/* In a batch too: counted as outdated, nothing applied. */
	filter.family_id = family_id;
	ck_assert_status(ptl_request_process_matching(&result, test_db, &filter, "agent", NULL, NULL),
	                 PTL_OK);
	ck_assert_uint_eq(result.processed, 0);
	ck_assert_uint_eq(result.outdated, 1);
	ck_assert_status(ptl_guardian_get(&g, test_db, guardian), PTL_OK);
	ck_assert_str_eq(g->city, "Blois");
	ptl_guardian_free(g);
	free(code);
}
END_TEST

START_TEST(test_request_family_listing_needs_the_family)
{
	int64_t a, b;
	char *ca = test_family_new("liste-a@example.org", &a);
	char *cb = test_family_new("liste-b@example.org", &b);
	ptl_child_options c = child_jade();
	ptl_requests *list = NULL;

	ck_assert_status(ptl_profile_add_child(NULL, test_db, guardian_of("liste-a@example.org"), &c),
	                 PTL_OK);
	ck_assert_status(ptl_profile_add_child(NULL, test_db, guardian_of("liste-b@example.org"), &c),
	                 PTL_OK);
	/* 0 never means "every family" here. */
	ck_assert_status(ptl_request_list_family(&list, test_db, 0, false, 0), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "family_id");
	ck_assert_ptr_null(list);
	ck_assert_status(ptl_request_list_family(&list, test_db, -3, true, 0), PTL_EINVALID);
	ck_assert_status(ptl_request_list_family(&list, test_db, a, true, 0), PTL_OK);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].family_id, a);
	ptl_requests_free(list);
	free(ca);
	free(cb);
}
END_TEST

START_TEST(test_request_decision_input_is_checked_once)
{
	ck_assert_status(ptl_request_check_decision("  ", NULL, true), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "manager");
	ck_assert_int_eq(ptl_request_outcome_of(PTL_EINVALID), PTL_REQUEST_STOPPED);
	ck_assert_status(ptl_request_check_decision("agent", " ", false), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "reason");
	ck_assert_status(ptl_request_check_decision("agent", NULL, true), PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, 99999999, "agent", NULL), PTL_ENOTFOUND);
	ck_assert_int_eq(ptl_request_outcome_of(PTL_ENOTFOUND), PTL_REQUEST_FAILED);
}
END_TEST

START_TEST(test_mail_backlog_counts_what_waits)
{
	int64_t family_id, request_id;
	char *code = test_family_new("attente-courrier@example.org", &family_id);
	ptl_child_options c = child_jade();
	ptl_mail_backlog *before = NULL, *after = NULL;

	ck_assert_status(ptl_mail_backlog_get(&before, test_db), PTL_OK);
	ck_assert_status(ptl_profile_add_child(&request_id, test_db, guardian_of("attente-courrier@example.org"),
	                                       &c), PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, request_id, "agent", NULL), PTL_OK);
	/* The notice waits; once refused by a relay, its error is the one told. */
	ck_assert_int_eq(test_scalar("UPDATE mail_outbox SET status = 'failed', error = 'refus du relais'"
	                             " WHERE id = (SELECT max(id) FROM mail_outbox) RETURNING 1"), 1);
	ck_assert_status(ptl_mail_backlog_get(&after, test_db), PTL_OK);
	ck_assert_uint_eq(after->waiting, before->waiting + 1);
	ck_assert_str_eq(after->last_error, "refus du relais");
	ptl_mail_backlog_free(before);
	ptl_mail_backlog_free(after);
	ptl_mail_backlog_free(NULL);

	unsetenv("PORTAIL_SMTP_URL");
	ck_assert(!ptl_mail_relay_configured());
	setenv("PORTAIL_SMTP_URL", "", 1);
	ck_assert(!ptl_mail_relay_configured());
	setenv("PORTAIL_SMTP_URL", "smtp://127.0.0.1:1", 1);
	ck_assert(ptl_mail_relay_configured());
	unsetenv("PORTAIL_SMTP_URL");
	free(code);
}
END_TEST

START_TEST(test_request_list_filters_and_batch)
{
	int64_t family_id;
	char *code = test_family_new("lot@example.org", &family_id);
	int64_t guardian = guardian_of("lot@example.org");
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_requests *list = NULL;
	ptl_batch_result result;
	ptl_time start = ptl_clock_now();

	for (int i = 0; i < 3; i++) {
		ptl_child_options c = child_jade();
		ptl_clock_set(start + i * 86400);
		ck_assert_status(ptl_profile_add_child(NULL, test_db, guardian, &c), PTL_OK);
	}
	ptl_clock_set(start + 3 * 86400);
	filter.family_id = family_id;
	filter.kind = "child_add";
	filter.older_than_seconds = 2 * 86400;
	ck_assert_status(ptl_request_list(&list, test_db, &filter), PTL_OK);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_int_gt(list->items[0].created_at, list->items[1].created_at);   /* newest first */
	ptl_requests_free(list);

	ck_assert_status(ptl_request_process_matching(&result, test_db, &filter, "agent", NULL, NULL),
	                 PTL_OK);
	ck_assert_uint_eq(result.processed, 2);
	ck_assert_uint_eq(family_children(family_id), 2);
	filter.older_than_seconds = 0;
	ck_assert_status(ptl_request_process_matching(&result, test_db, &filter, "agent", NULL,
	                                              "Doublon"), PTL_OK);
	ck_assert_uint_eq(result.processed, 1);
	ck_assert_uint_eq(family_children(family_id), 2);

	filter.kind = "bogus";
	ck_assert_status(ptl_request_list(&list, test_db, &filter), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "kind");
	free(code);
}
END_TEST

START_TEST(test_signup_confirm_validate_login)
{
	ptl_signup_options in = PTL_SIGNUP_OPTIONS_INIT;
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_requests *list = NULL;
	char *token, *session = NULL;
	ptl_session s;

	in.email = "Nouvelle.Famille@example.org";
	in.password = "un mot de passe solide";
	in.first_name = "Yasmine";
	in.last_name = "Nouvelle";
	in.postcode = "45190";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_OK);
	token = token_mailed_to("nouvelle.famille@example.org");

	/* Inactive: the right password is told it waits; a wrong one learns nothing. */
	ck_assert_status(ptl_auth_login(&session, &s, test_db, in.email, in.password, "192.0.2.50"),
	                 PTL_EFORBIDDEN);
	ck_assert_status(ptl_auth_login(&session, &s, test_db, in.email,
	                                "pas le bon mot de passe", "192.0.2.50"), PTL_EAUTH);

	ck_assert_status(ptl_signup_confirm(test_db, token), PTL_OK);
	ck_assert_status(ptl_signup_confirm(test_db, token), PTL_EAUTH);   /* single use */
	filter.kind = "signup";
	filter.status = "pending";
	ck_assert_status(ptl_request_list(&list, test_db, &filter), PTL_OK);
	ck_assert_uint_ge(list->count, 1);
	ck_assert_str_eq(list->items[0].summary, "Première inscription de la famille Nouvelle");
	ck_assert_status(ptl_request_accept(test_db, list->items[0].id, "agent", NULL), PTL_OK);
	ptl_requests_free(list);

	ck_assert_status(ptl_auth_login(&session, &s, test_db, in.email, in.password, "192.0.2.50"),
	                 PTL_OK);
	free(session);
	free(token);
}
END_TEST

START_TEST(test_signup_known_email_creates_nothing_and_says_nothing)
{
	char *code = test_family_new("connue@example.org", NULL);
	ptl_signup_options in = PTL_SIGNUP_OPTIONS_INIT;
	long long families = test_scalar("SELECT count(*) FROM family");
	ptl_mails *mails = NULL;

	in.email = "connue@example.org";
	in.password = "un mot de passe solide";
	in.first_name = "Autre";
	in.last_name = "Personne";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_OK);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family"), families);
	ck_assert_status(ptl_mail_outbox(&mails, test_db, "connue@example.org", 0), PTL_OK);
	ck_assert_uint_eq(mails->count, 1);
	ck_assert_str_eq(mails->items[0].subject, "Vous avez déjà un compte sur le Portail Famille");
	ptl_mails_free(mails);

	in.email = "pas-une-adresse";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "email");
	in.email = "court@example.org";
	in.password = "court";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "password");
	free(code);
}
END_TEST

START_TEST(test_password_reset_by_link)
{
	char *code = test_family_new("oubli@example.org", NULL);
	char *token, *session = NULL, *old_session = NULL;
	ptl_mails *mails = NULL;
	ptl_session s;
	ptl_time start = ptl_clock_now();

	ck_assert_status(ptl_account_set_password(test_db, "oubli@example.org", "ancien mot de passe"), PTL_OK);
	ck_assert_status(ptl_auth_login(&old_session, &s, test_db, "oubli@example.org",
	                                "ancien mot de passe", "192.0.2.60"), PTL_OK);

	/* Unknown email: the same answer, and no message. */
	long long outbox = test_scalar("SELECT count(*) FROM mail_outbox");
	ck_assert_status(ptl_password_forgot(test_db, "inconnu@example.org", "192.0.2.70"), PTL_OK);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox"), outbox);

	ck_assert_status(ptl_password_forgot(test_db, "OUBLI@example.org", "192.0.2.70"), PTL_OK);
	token = token_mailed_to("oubli@example.org");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM email_token WHERE purpose = 'reset_password'"
	                             " AND length(token_hash) = 64"), 1);

	ck_assert_status(ptl_password_reset(test_db, token, "court"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "new_password");
	ck_assert_status(ptl_password_reset(test_db, token, "nouveau mot de passe"), PTL_OK);
	ck_assert_status(ptl_password_reset(test_db, token, "encore un autre mdp"), PTL_EAUTH);
	ck_assert_status(ptl_session_get(&s, test_db, old_session), PTL_EAUTH);
	ck_assert_status(ptl_auth_login(&session, &s, test_db, "oubli@example.org",
	                                "nouveau mot de passe", "192.0.2.60"), PTL_OK);
	free(session);
	free(token);

	/* A link is valid one hour. */
	ck_assert_status(ptl_password_forgot(test_db, "oubli@example.org", "192.0.2.70"), PTL_OK);
	token = token_mailed_to("oubli@example.org");
	ptl_clock_set(start + 3601);
	ck_assert_status(ptl_password_reset(test_db, token, "nouveau mot de passe 2"), PTL_EAUTH);
	free(token);

	/* At most three links an hour: the fourth request sends nothing. */
	for (int i = 0; i < 4; i++)
		ck_assert_status(ptl_password_forgot(test_db, "oubli@example.org", "192.0.2.70"), PTL_OK);
	ck_assert_status(ptl_mail_outbox(&mails, test_db, "oubli@example.org", 0), PTL_OK);
	ck_assert_uint_eq(mails->count, 5);
	ptl_mails_free(mails);
	free(old_session);
	free(code);
}
END_TEST

START_TEST(test_rate_limits_per_client_address)
{
	ptl_signup_options in = PTL_SIGNUP_OPTIONS_INIT;
	char email[64];
	ptl_time start = ptl_clock_now();

	in.password = "un mot de passe solide";
	in.first_name = "Robot";
	in.last_name = "Inscrit";
	in.client_addr = "203.0.113.99";
	for (int i = 0; i < PTL_SIGNUPS_PER_ADDRESS_HOUR; i++) {
		snprintf(email, sizeof(email), "lot%d@example.org", i);
		in.email = email;
		ck_assert_status(ptl_signup_create(test_db, &in), PTL_OK);
	}
	long long families = test_scalar("SELECT count(*) FROM family");
	in.email = "un-de-trop@example.org";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_ETHROTTLED);
	ck_assert_int_eq(ptl_error_last()->retry_after, 3600);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family"), families);
	/* Another address is not held back; the first one is again an hour later. */
	in.client_addr = "203.0.113.100";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_OK);
	ptl_clock_set(start + 3600);
	in.client_addr = "203.0.113.99";
	in.email = "plus-tard@example.org";
	ck_assert_status(ptl_signup_create(test_db, &in), PTL_OK);

	for (int i = 0; i < PTL_RESETS_PER_ADDRESS_HOUR; i++)
		ck_assert_status(ptl_password_forgot(test_db, "personne@example.org", "203.0.113.7"), PTL_OK);
	ck_assert_status(ptl_password_forgot(test_db, "personne@example.org", "203.0.113.7"),
	                 PTL_ETHROTTLED);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("requests");
	TCase *tc = tcase_create("requests");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_request_child_add_waits_then_applies_on_accept);
	tcase_add_test(tc, test_request_refuse_needs_reason_and_changes_nothing);
	tcase_add_test(tc, test_request_two_managers_exactly_one_wins);
	tcase_add_test(tc, test_request_simultaneous_contact_changes_all_apply);
	tcase_add_test(tc, test_request_edit_child_shows_before_and_after);
	tcase_add_test(tc, test_request_bad_child_fields_are_refused_with_field);
	tcase_add_test(tc, test_request_contact_change_applies_at_once_and_is_listed);
	tcase_add_test(tc, test_request_kinds_have_names_labels_and_modules);
	tcase_add_test(tc, test_request_changes_are_computed_by_the_library);
	tcase_add_test(tc, test_request_stale_child_edit_is_outdated);
	tcase_add_test(tc, test_request_family_listing_needs_the_family);
	tcase_add_test(tc, test_request_decision_input_is_checked_once);
	tcase_add_test(tc, test_request_list_filters_and_batch);
	tcase_add_test(tc, test_mail_backlog_counts_what_waits);
	tcase_add_test(tc, test_signup_confirm_validate_login);
	tcase_add_test(tc, test_signup_known_email_creates_nothing_and_says_nothing);
	tcase_add_test(tc, test_password_reset_by_link);
	tcase_add_test(tc, test_rate_limits_per_client_address);
	suite_add_tcase(s, tc);

	/* Tests that change a kind's setting, restored after the case (in the
	 * runner process, so even when one fails). */
	tc = tcase_create("settings");
	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_add_unchecked_fixture(tc, NULL, restore_kind_settings);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_request_kind_setting_decides_waiting);
	tcase_add_test(tc, test_request_stale_contact_change_is_outdated);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
