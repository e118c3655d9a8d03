/*
 * test-enrolments.c — enrolments against the real database: the cascade
 * for a child (what is offered and why not), enrolling (window,
 * eligibility, dates, rules, overlaps), the queue's accept and refuse, the
 * markers, what the family must still provide, capacity with forcing and
 * a race of real threads for the last place, the waiting list (order,
 * moves, a freed place offered), withdrawing, and petite-enfance places.
 *
 * The catalogue is written with SQL (catalogue-fixture.h; the file import
 * is tested in its own module). The clock is 2026-11-26 (common.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue-fixture.h"
#include "common.h"

#define PASSWORD "Banc-d-essai-2026"

static ptl_demo_generated made;
static char *token, *other_token;
static ptl_session session;
static int64_t lea, tom, bebe, other_child;

static void setup(void)
{
	char email[128];
	ptl_session other;

	test_db_setup();
	test_exec("TRUNCATE facility, activity_type, activity, period, period_group, enrolment,"
	         " family, request, mail_outbox RESTART IDENTITY CASCADE");
	test_exec(TEST_CATALOGUE_SQL);
	ck_assert_status(ptl_demo_generate(&made, test_db, 2, PASSWORD), PTL_OK);
	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL, (long long)made.first_family_id);
	ck_assert_status(ptl_auth_login(&token, &session, test_db, email, PASSWORD, "192.0.2.50"),
	                 PTL_OK);
	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL,
	         (long long)made.first_family_id + 1);
	ck_assert_status(ptl_auth_login(&other_token, &other, test_db, email, PASSWORD,
	                                "192.0.2.51"), PTL_OK);
	lea = test_child_new(made.first_family_id, "Léa", "F", "2019-09-15", "CP");
	tom = test_child_new(made.first_family_id, "Tom", "M", "2022-02-10", "MS");
	bebe = test_child_new(made.first_family_id, "Zoé", "F", "2026-02-01", "");
	other_child = test_child_new(made.first_family_id + 1, "Hugo", "M", "2019-03-01", "CE1");
}

static void teardown(void)
{
	ptl_free(token);
	ptl_free(other_token);
	token = other_token = NULL;
	test_db_teardown();
}

/* Enrol @p child as the first family's parent; returns the status. */
static int enrol(ptl_enrolment **out, int64_t child, const char *period, const char *group,
                 const char *first, const char *last)
{
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	int rc;

	in.period = period;
	in.group = group;
	in.first_day = first;
	in.last_day = last;
	in.accept_rules = "2026-1";
	rc = ptl_enrolment_submit(&e, NULL, test_db, session.family_id, session.guardian_id, child,
	                          &in);
	if (out)
		*out = e;
	else
		ptl_enrolment_free(e);
	return rc;
}

static int64_t enrol_ok(int64_t child, const char *group)
{
	ptl_enrolment *e = NULL;
	int64_t id;

	ck_assert_status(enrol(&e, child, "mercredis-2026", group, "2026-12-02", "2027-07-03"),
	                 PTL_OK);
	id = e->id;
	ptl_enrolment_free(e);
	return id;
}

static ptl_enrolment *load(int64_t id)
{
	ptl_enrolment *e = NULL;

	ck_assert_status(ptl_enrolment_get(&e, test_db, id), PTL_OK);
	return e;
}

static const ptl_enrolment_period_option *find_period(const ptl_enrolment_options *o,
                                                      const char *code)
{
	for (size_t i = 0; i < o->facility_count; i++)
		for (size_t j = 0; j < o->facilities[i].type_count; j++)
			for (size_t k = 0; k < o->facilities[i].types[j].activity_count; k++) {
				const ptl_enrolment_activity_option *a = &o->facilities[i].types[j].activities[k];
				for (size_t l = 0; l < a->period_count; l++)
					if (strcmp(a->periods[l].code, code) == 0)
						return &a->periods[l];
			}
	ck_abort_msg("no period %s", code);
	return NULL;
}

/* --- the cascade ------------------------------------------------------------ */

START_TEST(test_enrolment_options_offer_and_say_why_not)
{
	ptl_enrolment_options *o = NULL;
	const ptl_enrolment_period_option *p;

	ck_assert_status(ptl_enrolment_options_get(&o, NULL, test_db, token, lea), PTL_OK);
	ck_assert_str_eq(o->child_first_name, "Léa");
	ck_assert_int_eq(o->age_months, 86);   /* 15 Sep 2019 → 26 Nov 2026 */
	ck_assert_str_eq(o->school_level, "CP");
	ck_assert_uint_eq(o->facility_count, 2);
	ck_assert_str_eq(o->facilities[0].code, "service-jeunesse");
	ck_assert(o->facilities[0].offered);
	/* The crèche takes babies only: nothing there for Léa, and why. */
	ck_assert(!o->facilities[1].offered);
	ck_assert_str_eq(o->facilities[1].reason,
	                 "Aucun groupe ne correspond à l’âge ou au niveau scolaire de Léa");

	p = find_period(o, "mercredis-2026");
	ck_assert(p->offered);
	ck_assert_ptr_null(p->reason);
	ck_assert_uint_eq(p->group_count, 2);
	ck_assert(!p->groups[0].eligible);
	ck_assert_str_eq(p->groups[0].reason, "Léa a dépassé l’âge de ce groupe");
	ck_assert(p->groups[1].eligible && p->groups[1].proposed);
	ck_assert_int_eq(p->groups[1].places_left, 1);

	p = find_period(o, "mercredis-2027");
	ck_assert(!p->offered);
	ck_assert_str_eq(p->reason, "Les inscriptions ouvrent le 1er juin 2027");

	const ptl_enrolment_activity_option *a = &o->facilities[0].types[0].activities[0];
	ck_assert_str_eq(a->rules_version, "2026-1");
	ck_assert(!a->rules_accepted);
	ck_assert_uint_eq(a->document_count, 2);
	ck_assert_str_eq(a->documents[0].type, "vaccinations");
	ck_assert(!a->documents[0].provided);
	ck_assert(!a->documents[0].has_valid_until);
	ptl_enrolment_options_free(o);

	/* Once enrolled, the period says so; the rules are accepted. */
	enrol_ok(lea, "elementaires");
	ck_assert_status(ptl_enrolment_options_get(&o, NULL, test_db, token, lea), PTL_OK);
	p = find_period(o, "mercredis-2026");
	ck_assert(!p->offered);
	ck_assert_str_eq(p->reason, "Léa est déjà inscrite sur cette période");
	ck_assert(o->facilities[0].types[0].activities[0].rules_accepted);
	ptl_enrolment_options_free(o);

	/* Tom is proposed the maternelle group. */
	ck_assert_status(ptl_enrolment_options_get(&o, NULL, test_db, token, tom), PTL_OK);
	p = find_period(o, "mercredis-2026");
	ck_assert(p->groups[0].proposed);
	ck_assert(!p->groups[1].eligible);
	ck_assert_str_eq(p->groups[1].reason,
	                 "Ce groupe ne prend pas le niveau scolaire de Tom (MS)");
	ptl_enrolment_options_free(o);
}
END_TEST

START_TEST(test_enrolment_options_of_another_family_child_not_found)
{
	ptl_enrolment_options *o = NULL;
	ptl_session s;

	ck_assert_status(ptl_enrolment_options_get(&o, &s, test_db, token, other_child),
	                 PTL_ENOTFOUND);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(s.family_id, session.family_id);
	ck_assert_status(ptl_enrolment_options_get(&o, NULL, test_db, "not-a-token", lea), PTL_EAUTH);
}
END_TEST

/* --- enrolling -------------------------------------------------------------- */

START_TEST(test_enrolment_submit_checks_and_writes)
{
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	ptl_request *r = NULL;

	/* The rules must be accepted in their current version. */
	in.period = "mercredis-2026";
	in.group = "elementaires";
	in.first_day = "2026-12-02";
	in.last_day = "2027-03-31";
	in.comment = "  Allergie aux arachides  ";
	ck_assert_status(ptl_enrolment_submit(&e, &r, test_db, session.family_id,
	                                      session.guardian_id, lea, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "accept_rules");
	in.accept_rules = "2025-9";
	ck_assert_status(ptl_enrolment_submit(&e, &r, test_db, session.family_id,
	                                      session.guardian_id, lea, &in), PTL_EINVALID);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM rules_acceptance"), 0);
	in.accept_rules = "2026-1";
	ck_assert_status(ptl_enrolment_submit(&e, &r, test_db, session.family_id,
	                                      session.guardian_id, lea, &in), PTL_OK);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_PENDING);
	ck_assert_str_eq(e->marker, "?");
	ck_assert_str_eq(e->child_name, "Léa Lambert");
	ck_assert_str_eq(e->activity, "Mercredis");
	ck_assert_str_eq(e->group_label, "Élémentaires +6 ans");
	ck_assert_str_eq(e->comment, "Allergie aux arachides");
	ck_assert_int_eq(e->request_id, r->id);
	ck_assert_uint_eq(e->missing_count, 2);
	ck_assert_str_eq(e->missing[0].label, "Carnet de vaccination à jour");
	ck_assert_str_eq(e->rules_version, "");
	ck_assert_int_eq(r->kind, PTL_REQUEST_ENROLMENT);
	ck_assert_int_eq(r->status, PTL_REQUEST_PENDING);
	ck_assert_str_eq(r->summary,
	                 "Inscription de Léa Lambert : Mercredis, ALSH Mercredis 2026/2027"
	                 " (Élémentaires +6 ans)");
	ck_assert_int_eq(r->target_id, e->id);
	ptl_enrolment_free(e);
	ptl_request_free(r);

	/* Overlapping dates: refused with the dates of the other one. */
	in.first_day = "2027-03-01";
	in.last_day = "2027-05-31";
	ck_assert_status(ptl_enrolment_submit(&e, NULL, test_db, session.family_id,
	                                      session.guardian_id, lea, &in), PTL_ECONFLICT);
	ck_assert_str_eq(ptl_error_last()->message_fr,
	                 "Léa est déjà inscrite du 2 décembre 2026 au 31 mars 2027 sur cette période.");
	/* After it: accepted (the rules are accepted already). */
	in.first_day = "2027-04-01";
	in.accept_rules = NULL;
	ck_assert_status(enrol(NULL, lea, "mercredis-2026", "elementaires", "2027-04-01",
	                       "2027-05-31"), PTL_OK);

	/* Not eligible, not open, not in the period, not a group, not the family's child. */
	ck_assert_status(enrol(NULL, tom, "mercredis-2026", "elementaires", "2026-12-02",
	                       "2026-12-31"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "group");
	ck_assert_status(enrol(NULL, tom, "mercredis-2027", "maternelle", "2027-09-01",
	                       "2027-12-31"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->message_fr, "Les inscriptions ouvrent le 1er juin 2027.");
	ck_assert_status(enrol(NULL, tom, "mercredis-2026", "maternelle", "2026-08-01",
	                       "2026-12-31"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "first_day");
	ck_assert_status(enrol(NULL, tom, "mercredis-2026", "maternelle", "2026-12-31",
	                       "2026-12-02"), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "last_day");
	ck_assert_status(enrol(NULL, tom, "mercredis-2026", "nope", "2026-12-02", "2026-12-31"),
	                 PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "group");
	ck_assert_status(enrol(NULL, other_child, "mercredis-2026", "elementaires", "2026-12-02",
	                       "2026-12-31"), PTL_ENOTFOUND);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM enrolment"), 2);
}
END_TEST

/* Two submissions at once for the same child and dates: one passes. */
struct submit_racer {
	pthread_barrier_t *start;
	int64_t family_id, guardian_id, child;
	int status;
};

static void *race_submit(void *arg)
{
	struct submit_racer *r = arg;
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	ptl_db *db = NULL;

	in.period = "mercredis-2026";
	in.group = "maternelle";
	in.first_day = "2026-12-02";
	in.last_day = "2027-01-31";
	in.accept_rules = "2026-1";
	r->status = ptl_db_open(&db, test_conninfo);
	pthread_barrier_wait(r->start);
	if (r->status == PTL_OK)
		r->status = ptl_enrolment_submit(&e, NULL, db, r->family_id, r->guardian_id, r->child,
		                                 &in);
	ptl_enrolment_free(e);
	ptl_db_close(db);
	return NULL;
}

START_TEST(test_enrolment_concurrent_submissions_one_passes)
{
	pthread_barrier_t start;
	struct submit_racer a = { &start, session.family_id, session.guardian_id, tom, 0 }, b = a;
	pthread_t ta, tb;

	pthread_barrier_init(&start, NULL, 2);
	pthread_create(&ta, NULL, race_submit, &a);
	pthread_create(&tb, NULL, race_submit, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&start);
	ck_assert_msg((a.status == PTL_OK) != (b.status == PTL_OK), "statuses %d and %d",
	              a.status, b.status);
	ck_assert_int_eq(a.status == PTL_OK ? b.status : a.status, PTL_ECONFLICT);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM enrolment"), 1);
}
END_TEST

/* --- the queue, markers, capacity ------------------------------------------- */

START_TEST(test_enrolment_accept_validates_refuse_refuses)
{
	int64_t id = enrol_ok(tom, "maternelle");
	ptl_enrolment *e = load(id);
	int64_t request = e->request_id;
	ptl_enrolments *mine = NULL;

	ptl_enrolment_free(e);
	ck_assert_status(ptl_request_accept(test_db, request, "Agent Dupont", NULL), PTL_OK);
	e = load(id);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_VALIDATED);
	ck_assert_str_eq(e->marker, "V");
	ptl_enrolment_free(e);

	id = enrol_ok(lea, "elementaires");
	e = load(id);
	request = e->request_id;
	ptl_enrolment_free(e);
	ck_assert_status(ptl_request_refuse(test_db, request, "Agent Dupont", "Dossier incomplet"),
	                 PTL_OK);
	e = load(id);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_REFUSED);
	ck_assert_ptr_null(e->marker);
	ck_assert_str_eq(e->reason, "Dossier incomplet");
	ck_assert_uint_eq(e->missing_count, 0);   /* nothing asked of a refused one */
	ptl_enrolment_free(e);

	/* The parent's list: newest first, each child's or all. */
	ck_assert_status(ptl_enrolment_list_mine(&mine, NULL, test_db, token, 0), PTL_OK);
	ck_assert_uint_eq(mine->count, 2);
	ck_assert_int_eq(mine->items[0].id, id);
	ptl_enrolments_free(mine);
	ck_assert_status(ptl_enrolment_list_mine(&mine, NULL, test_db, token, tom), PTL_OK);
	ck_assert_uint_eq(mine->count, 1);
	ck_assert_str_eq(mine->items[0].marker, "V");
	ptl_enrolments_free(mine);
	ck_assert_status(ptl_enrolment_list_mine(&mine, NULL, test_db, token, other_child),
	                 PTL_ENOTFOUND);
	ck_assert_status(ptl_enrolment_list_mine(&mine, NULL, test_db, other_token, 0), PTL_OK);
	ck_assert_uint_eq(mine->count, 0);
	ptl_enrolments_free(mine);
}
END_TEST

START_TEST(test_enrolment_full_group_refused_unless_forced)
{
	int64_t first = enrol_ok(lea, "elementaires");
	int64_t second;
	ptl_request_accept_options force = PTL_REQUEST_ACCEPT_OPTIONS_INIT;
	int64_t hugo_like = test_child_new(session.family_id, "Noé", "M", "2018-05-05", "CE2");
	ptl_enrolment *e;

	ck_assert_status(ptl_enrolment_validate(test_db, first, "Agent", false), PTL_OK);
	second = enrol_ok(hugo_like, "elementaires");
	e = load(second);
	ck_assert_status(ptl_request_accept(test_db, e->request_id, "Agent", NULL), PTL_EFULL);
	ck_assert_str_eq(ptl_error_last()->field, "group");
	ck_assert_status(ptl_enrolment_validate(test_db, second, "Agent", false), PTL_EFULL);
	/* Still pending, request included. */
	ptl_enrolment_free(e);
	e = load(second);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_PENDING);
	force.force = true;
	ck_assert_status(ptl_request_accept_with(test_db, e->request_id, "Agent", &force), PTL_OK);
	ptl_enrolment_free(e);
	e = load(second);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_VALIDATED);
	ptl_enrolment_free(e);
}
END_TEST

struct validate_racer {
	pthread_barrier_t *start;
	int64_t id;
	int status;
};

static void *race_validate(void *arg)
{
	struct validate_racer *r = arg;
	ptl_db *db = NULL;

	r->status = ptl_db_open(&db, test_conninfo);
	pthread_barrier_wait(r->start);
	if (r->status == PTL_OK)
		r->status = ptl_enrolment_validate(db, r->id, "Agent", false);
	ptl_db_close(db);
	return NULL;
}

START_TEST(test_enrolment_last_place_race_one_wins)
{
	for (int round = 0; round < 5; round++) {
		pthread_barrier_t start;
		int64_t c1 = test_child_new(session.family_id, "Un", "M", "2018-01-01", "CM1");
		int64_t c2 = test_child_new(session.family_id, "Deux", "F", "2018-01-02", "CM1");
		struct validate_racer a = { &start, enrol_ok(c1, "elementaires"), 0 },
		                      b = { &start, enrol_ok(c2, "elementaires"), 0 };
		pthread_t ta, tb;

		pthread_barrier_init(&start, NULL, 2);
		pthread_create(&ta, NULL, race_validate, &a);
		pthread_create(&tb, NULL, race_validate, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		pthread_barrier_destroy(&start);
		ck_assert_msg((a.status == PTL_OK) != (b.status == PTL_OK), "statuses %d and %d",
		              a.status, b.status);
		ck_assert_int_eq(a.status == PTL_OK ? b.status : a.status, PTL_EFULL);
		ck_assert_int_eq(test_scalar("SELECT count(*) FROM enrolment WHERE status = 'validated'"),
		                 1);
		test_exec("UPDATE enrolment SET status = 'cancelled', reason = 'test'"
		         " WHERE status IN ('validated', 'pending')");
	}
}
END_TEST

/* --- the waiting list -------------------------------------------------------- */

START_TEST(test_enrolment_waitlist_order_move_and_offer)
{
	int64_t kids[4], ids[4];
	ptl_enrolments *list = NULL;
	ptl_enrolment_list_options waiting = PTL_ENROLMENT_LIST_OPTIONS_INIT;
	ptl_enrolment *e;
	int rank = 0;

	for (int i = 0; i < 4; i++) {
		char name[8];
		snprintf(name, sizeof(name), "E%d", i);
		kids[i] = test_child_new(session.family_id, name, "F", "2018-03-03", "CE2");
		ids[i] = enrol_ok(kids[i], "elementaires");
	}
	ck_assert_status(ptl_enrolment_validate(test_db, ids[0], "Agent", false), PTL_OK);
	for (int i = 1; i < 4; i++) {
		ck_assert_status(ptl_enrolment_waitlist_add(&rank, test_db, ids[i], "Agent"), PTL_OK);
		ck_assert_int_eq(rank, i);
	}
	e = load(ids[1]);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_WAITING);
	ck_assert_int_eq(e->waitlist_rank, 1);
	ck_assert_ptr_null(e->marker);
	ptl_enrolment_free(e);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE status = 'waitlisted'"), 3);

	/* The last one moves to the front; the others keep their order. */
	ck_assert_status(ptl_enrolment_waitlist_move(test_db, ids[3], 1), PTL_OK);
	waiting.status = "waiting";
	waiting.group = "elementaires";
	waiting.period = "mercredis-2026";
	ck_assert_status(ptl_enrolment_list(&list, test_db, &waiting), PTL_OK);
	ck_assert_uint_eq(list->count, 3);
	ck_assert_int_eq(list->items[0].id, ids[3]);
	ck_assert_int_eq(list->items[1].id, ids[1]);
	ck_assert_int_eq(list->items[2].id, ids[2]);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(list->items[i].waitlist_rank, i + 1);
	ptl_enrolments_free(list);
	ck_assert_status(ptl_enrolment_waitlist_move(test_db, ids[3], 99), PTL_OK);
	e = load(ids[3]);
	ck_assert_int_eq(e->waitlist_rank, 3);
	ptl_enrolment_free(e);
	ck_assert_status(ptl_enrolment_waitlist_move(test_db, ids[0], 1), PTL_ECONFLICT);

	/* Cancelling the validated one offers its place to the first waiting. */
	ck_assert_status(ptl_enrolment_cancel(test_db, ids[0], "Agent", ""), PTL_EINVALID);
	ck_assert_status(ptl_enrolment_cancel(test_db, ids[0], "Agent", "Déménagement"), PTL_OK);
	e = load(ids[0]);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_CANCELLED);
	ck_assert_str_eq(e->reason, "Déménagement");
	ptl_enrolment_free(e);
	e = load(ids[1]);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_PENDING);
	ck_assert_int_eq(e->waitlist_rank, 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE kind = 'enrolment_offer'"
	                             " AND status = 'pending'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox"
	                             " WHERE subject = 'Une place s’est libérée'"), 1);
	int64_t offer = e->request_id;
	ptl_enrolment_free(e);
	e = load(ids[2]);
	ck_assert_int_eq(e->waitlist_rank, 1);
	ptl_enrolment_free(e);

	/* Withdrawn by the family, the offer goes to the next one. */
	ck_assert_status(ptl_request_withdraw(NULL, test_db, session.family_id, session.guardian_id,
	                                      offer), PTL_OK);
	e = load(ids[1]);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_WITHDRAWN);
	ptl_enrolment_free(e);
	e = load(ids[2]);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_PENDING);
	ck_assert_status(ptl_request_accept(test_db, e->request_id, "Agent", NULL), PTL_OK);
	ptl_enrolment_free(e);
	e = load(ids[2]);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_VALIDATED);
	ptl_enrolment_free(e);
	e = load(ids[3]);
	ck_assert_int_eq(e->waitlist_rank, 1);
	ptl_enrolment_free(e);
}
END_TEST

/* --- withdrawing -------------------------------------------------------------- */

START_TEST(test_enrolment_withdraw_pending_request)
{
	int64_t id = enrol_ok(tom, "maternelle");
	ptl_enrolment *e = load(id);
	int64_t request = e->request_id;
	ptl_request *r = NULL;
	ptl_session other;

	ptl_enrolment_free(e);
	ck_assert_status(ptl_session_get(&other, test_db, other_token), PTL_OK);
	/* Not the other family's. */
	ck_assert_status(ptl_request_withdraw(&r, test_db, other.family_id, other.guardian_id,
	                                      request), PTL_ENOTFOUND);
	ck_assert_status(ptl_request_withdraw(&r, test_db, session.family_id, session.guardian_id,
	                                      request), PTL_OK);
	ck_assert_int_eq(r->status, PTL_REQUEST_WITHDRAWN);
	ck_assert_str_eq(r->processed_by, r->guardian_name);
	ck_assert_str_ne(r->processed_by, "");
	ck_assert_str_eq(ptl_request_status_label(r->status), "Retirée");
	ptl_request_free(r);
	e = load(id);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_WITHDRAWN);
	ck_assert_str_eq(ptl_enrolment_status_label(e->status), "Retirée");
	ptl_enrolment_free(e);
	ck_assert_status(ptl_request_withdraw(&r, test_db, session.family_id, session.guardian_id,
	                                      request), PTL_ECONFLICT);
	ck_assert_status(ptl_request_accept(test_db, request, "Agent", NULL), PTL_ECONFLICT);
	/* The queue no longer lists it as pending. */
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE status = 'pending'"
	                             " AND kind = 'enrolment'"), 0);
	/* Withdrawn, the child can enrol again on the same dates. */
	enrol_ok(tom, "maternelle");
}
END_TEST

/* --- petite enfance ------------------------------------------------------------- */

START_TEST(test_enrolment_pre_enrolment_marker_and_grant)
{
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment_grant_options grant = PTL_ENROLMENT_GRANT_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	int64_t id;

	in.period = "lutins-2027";
	in.group = "bebes";
	in.wanted_start = "2027-01-04";
	in.days_per_week = 4;
	ck_assert_status(ptl_enrolment_submit(&e, NULL, test_db, session.family_id,
	                                      session.guardian_id, bebe, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "hours_per_week");
	in.hours_per_week = 32;
	ck_assert_status(ptl_enrolment_submit(&e, NULL, test_db, session.family_id,
	                                      session.guardian_id, bebe, &in), PTL_OK);
	ck_assert(e->pre_enrolment);
	ck_assert_str_eq(e->marker, "!");
	ck_assert_int_eq(e->days_per_week, 4);
	ck_assert_int_eq(e->hours_per_week, 32);
	ck_assert(!e->has_contract);
	id = e->id;
	ptl_enrolment_free(e);

	/* Waiting, still "!"; then granted with its contract. */
	ck_assert_status(ptl_enrolment_waitlist_add(NULL, test_db, id, "Agent"), PTL_OK);
	e = load(id);
	ck_assert_str_eq(e->marker, "!");
	ck_assert_int_eq(e->waitlist_rank, 1);
	ptl_enrolment_free(e);
	grant.start = "2027-02-01";
	grant.days_per_week = 3;
	grant.hours_per_week = 27;
	ck_assert_status(ptl_enrolment_grant(test_db, id, "Agent", &grant), PTL_OK);
	e = load(id);
	ck_assert_int_eq(e->status, PTL_ENROLMENT_VALIDATED);
	ck_assert_str_eq(e->marker, "V");
	ck_assert(e->has_contract);
	ck_assert_int_eq(e->contract_days, 3);
	ck_assert_int_eq(e->contract_hours, 27);
	ptl_enrolment_free(e);
	/* A plain enrolment is not granted. */
	ck_assert_status(ptl_enrolment_grant(test_db, enrol_ok(tom, "maternelle"), "Agent", &grant),
	                 PTL_EINVALID);
}
END_TEST

/* --- documents ------------------------------------------------------------------ */

START_TEST(test_enrolment_documents_missing_and_expired)
{
	ptl_document_options doc = PTL_DOCUMENT_OPTIONS_INIT;
	int64_t id = enrol_ok(lea, "elementaires");
	ptl_enrolment *e;

	doc.family_id = session.family_id;
	doc.type = "vaccinations";
	doc.valid_from = "2025-11-01";   /* 12 months: expired on 1 Nov 2026 */
	doc.manager = "Agent";
	ck_assert_status(ptl_document_add(NULL, test_db, &doc), PTL_OK);
	e = load(id);
	ck_assert_uint_eq(e->missing_count, 2);
	ptl_enrolment_free(e);
	doc.child_id = lea;
	doc.valid_from = "2026-10-01";
	ck_assert_status(ptl_document_add(NULL, test_db, &doc), PTL_OK);
	e = load(id);
	ck_assert_uint_eq(e->missing_count, 1);
	ck_assert_str_eq(e->missing[0].type, "assurance");
	ptl_enrolment_free(e);
	doc.child_id = other_child;
	ck_assert_status(ptl_document_add(NULL, test_db, &doc), PTL_ENOTFOUND);
	doc.child_id = 0;
	doc.type = "Pas un type";
	ck_assert_status(ptl_document_add(NULL, test_db, &doc), PTL_EINVALID);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("enrolments");
	TCase *options = tcase_create("options");
	TCase *submit = tcase_create("submit");
	TCase *places = tcase_create("places");
	TCase *other = tcase_create("other");
	TCase *all[] = { options, submit, places, other };

	for (size_t i = 0; i < 4; i++) {
		tcase_add_checked_fixture(all[i], setup, teardown);
		tcase_set_timeout(all[i], 60);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(options, test_enrolment_options_offer_and_say_why_not);
	tcase_add_test(options, test_enrolment_options_of_another_family_child_not_found);
	tcase_add_test(submit, test_enrolment_submit_checks_and_writes);
	tcase_add_test(submit, test_enrolment_concurrent_submissions_one_passes);
	tcase_add_test(places, test_enrolment_accept_validates_refuse_refuses);
	tcase_add_test(places, test_enrolment_full_group_refused_unless_forced);
	tcase_add_test(places, test_enrolment_last_place_race_one_wins);
	tcase_add_test(places, test_enrolment_waitlist_order_move_and_offer);
	tcase_add_test(other, test_enrolment_withdraw_pending_request);
	tcase_add_test(other, test_enrolment_pre_enrolment_marker_and_grant);
	tcase_add_test(other, test_enrolment_documents_missing_and_expired);
	return test_run_suite(s);
}
