/*
 * test-me.c — the logged-in parent's reads (me.h) and the child read by id,
 * against the real database: one statement that checks the session and
 * reads the family's data, refusing expired sessions and other families'
 * children, writing last_seen_at at most once a minute, and surviving a
 * reconnection (its prepared statements are prepared again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define PASSWORD "Banc-d-essai-2026"

/* Two generated families; the first logged in. */
static ptl_demo_generated made;
static char *token;
static ptl_session session;

static void setup(void)
{
	char email[128];

	test_db_setup();
	ck_assert_status(ptl_demo_generate(&made, test_db, 2, PASSWORD), PTL_OK);
	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL, (long long)made.first_family_id);
	ck_assert_status(ptl_auth_login(&token, &session, test_db, email, PASSWORD, "192.0.2.50"),
	                 PTL_OK);
}

static void teardown(void)
{
	ptl_free(token);
	token = NULL;
	test_db_teardown();
}

static int64_t first_child_of(int64_t family_id)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT min(id) FROM child WHERE family_id = %lld",
	         (long long)family_id);
	return test_scalar(sql);
}

START_TEST(test_me_get_reads_guardian_family_and_pending)
{
	ptl_me *me = NULL;
	ptl_family *f = NULL;

	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_OK);
	ck_assert_int_eq(me->session.guardian_id, session.guardian_id);
	ck_assert_int_eq(me->session.family_id, made.first_family_id);
	ck_assert_str_eq(me->session.csrf_token, session.csrf_token);
	ck_assert_ptr_nonnull(me->guardian);
	ck_assert_int_eq(me->guardian->id, session.guardian_id);

	/* The same family as the manager's full read. */
	ck_assert_status(ptl_family_get(&f, test_db, made.first_family_id), PTL_OK);
	ck_assert_str_eq(me->family->name, f->name);
	ck_assert_int_eq(me->family->created_at, f->created_at);
	ck_assert_uint_eq(me->family->guardian_count, f->guardian_count);
	ck_assert_uint_eq(me->family->child_count, 2);
	for (size_t i = 0; i < f->child_count; i++) {
		ck_assert_int_eq(me->family->children[i].id, f->children[i].id);
		ck_assert_int_eq(me->family->children[i].birth_date, f->children[i].birth_date);
		ck_assert_str_eq(me->family->children[i].school_level, f->children[i].school_level);
	}
	ck_assert_str_eq(me->guardian->email, f->guardians[0].email);
	ck_assert_str_eq(me->guardian->mobile_phone, f->guardians[0].mobile_phone);
	ptl_family_free(f);

	/* Only the pending request of the three. */
	ck_assert_uint_eq(me->pending->count, 1);
	ck_assert_int_eq(me->pending->items[0].kind, PTL_REQUEST_CHILD_EDIT);
	ck_assert_int_eq(me->pending->items[0].status, PTL_REQUEST_PENDING);
	ck_assert_str_eq(me->pending->items[0].family_name, me->family->name);
	/* With what it changes, read in the same statement. */
	ck_assert_uint_gt(me->pending->items[0].change_count, 0);
	ck_assert_ptr_nonnull(strstr(me->pending->items[0].after_json, "Sans porc"));
	ptl_me_free(me);
	ptl_me_free(NULL);
}
END_TEST

START_TEST(test_me_child_get_only_the_family_s_children)
{
	int64_t own = first_child_of(made.first_family_id);
	int64_t other = first_child_of(made.last_family_id);
	ptl_child *c = NULL;
	ptl_session s = { 0 };

	ck_assert_status(ptl_me_child_get(&c, &s, test_db, token, own), PTL_OK);
	ck_assert_int_eq(c->id, own);
	ck_assert_int_eq(c->family_id, made.first_family_id);
	ck_assert_int_eq(s.family_id, made.first_family_id);
	ptl_child_free(c);

	/* Another family's child is not found, like an id that does not exist;
	 * the session is still known. */
	memset(&s, 0, sizeof(s));
	ck_assert_status(ptl_me_child_get(&c, &s, test_db, token, other), PTL_ENOTFOUND);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(s.guardian_id, session.guardian_id);
	ck_assert_status(ptl_me_child_get(&c, NULL, test_db, token, 999999999), PTL_ENOTFOUND);
	ck_assert_ptr_null(c);

	/* The manager's read by id, checked against the family too. */
	ck_assert_status(ptl_child_get(&c, test_db, made.last_family_id, other), PTL_OK);
	ck_assert_int_eq(c->id, other);
	ptl_child_free(c);
	ck_assert_status(ptl_child_get(&c, test_db, made.first_family_id, other), PTL_ENOTFOUND);
	ck_assert_ptr_null(c);
	ptl_child_free(NULL);
}
END_TEST

START_TEST(test_me_requests_lists_the_family_s_requests_newest_first)
{
	ptl_requests *list = NULL;
	ptl_session s;

	ck_assert_status(ptl_me_requests(&list, &s, test_db, token), PTL_OK);
	ck_assert_int_eq(s.family_id, made.first_family_id);
	ck_assert_uint_eq(list->count, 3);
	for (size_t i = 0; i < list->count; i++)
		ck_assert_int_eq(list->items[i].family_id, made.first_family_id);
	ck_assert_int_eq(list->items[0].kind, PTL_REQUEST_CHILD_EDIT);      /* 2 days ago */
	ck_assert_int_eq(list->items[1].kind, PTL_REQUEST_CHILD_ADD);       /* 30 days ago */
	ck_assert_int_eq(list->items[2].kind, PTL_REQUEST_CONTACT_CHANGE);  /* 40 days ago */
	ck_assert_str_eq(list->items[1].processed_by, "Service enfance");
	ptl_requests_free(list);

	/* A family without requests: an empty list, not "no session". */
	char sql[128];
	snprintf(sql, sizeof(sql), "WITH d AS (DELETE FROM request WHERE family_id = %lld"
	         " RETURNING 1) SELECT count(*) FROM d", (long long)made.first_family_id);
	ck_assert_int_eq(test_scalar(sql), 3);
	ck_assert_status(ptl_me_requests(&list, NULL, test_db, token), PTL_OK);
	ck_assert_uint_eq(list->count, 0);
	ptl_requests_free(list);
}
END_TEST

START_TEST(test_me_reads_refuse_expired_and_unknown_sessions)
{
	ptl_me *me = NULL;
	ptl_child *c = NULL;
	ptl_requests *list = NULL;
	ptl_session s = { .guardian_id = 42 };
	ptl_time start = ptl_clock_now();
	char unknown[PTL_TOKEN_LEN + 1], sql[128];

	ptl_clock_set(start + PTL_SESSION_IDLE_SECONDS + 1);
	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_EAUTH);
	ck_assert_ptr_null(me);
	ck_assert_status(ptl_me_child_get(&c, &s, test_db, token,
	                                  first_child_of(made.first_family_id)), PTL_EAUTH);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(s.guardian_id, 42);   /* untouched */
	ck_assert_status(ptl_me_requests(&list, NULL, test_db, token), PTL_EAUTH);
	ck_assert_ptr_null(list);

	ptl_clock_set(start);
	ptl_token_new(unknown);
	ck_assert_status(ptl_me_get(&me, test_db, unknown), PTL_EAUTH);
	ck_assert_status(ptl_me_get(&me, test_db, "short"), PTL_EAUTH);
	ck_assert_status(ptl_me_get(&me, test_db, NULL), PTL_EAUTH);

	/* A disabled account's session opens nothing. */
	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_OK);
	ptl_me_free(me);
	snprintf(sql, sizeof(sql), "WITH u AS (UPDATE account SET active = false"
	         " WHERE guardian_id = %lld RETURNING 1) SELECT count(*) FROM u",
	         (long long)session.guardian_id);
	ck_assert_int_eq(test_scalar(sql), 1);
	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_EAUTH);
}
END_TEST

START_TEST(test_me_reads_mark_the_session_used_once_a_minute)
{
	ptl_time start = ptl_clock_now();
	ptl_me *me = NULL;
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT extract(epoch from last_seen_at)::bigint FROM session"
	         " WHERE guardian_id = %lld", (long long)session.guardian_id);
	ck_assert_int_eq(test_scalar(sql), start);

	ptl_clock_set(start + 50);
	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_OK);
	ck_assert_int_eq(me->session.last_seen_at, start);
	ptl_me_free(me);
	ck_assert_int_eq(test_scalar(sql), start);   /* no write */

	ptl_clock_set(start + 61);
	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_OK);
	ck_assert_int_eq(me->session.last_seen_at, start + 61);
	ptl_me_free(me);
	ck_assert_int_eq(test_scalar(sql), start + 61);

	/* Used now and then, the session outlives the idle limit from login. */
	ptl_requests *list = NULL;
	ptl_clock_set(start + 61 + PTL_SESSION_IDLE_SECONDS - 1);
	ck_assert_status(ptl_me_requests(&list, NULL, test_db, token), PTL_OK);
	ptl_requests_free(list);
}
END_TEST

START_TEST(test_me_reads_survive_a_reconnection)
{
	ptl_me *me = NULL;

	ck_assert_status(ptl_me_get(&me, test_db, token), PTL_OK);
	ptl_me_free(me);
	/* The server ends our connection: the statement it had prepared is gone
	 * with it, and is prepared again on the new one. */
	ck_assert_int_eq(test_scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
	                             " WHERE datname = current_database() AND pid <> pg_backend_pid()"), 1);
	usleep(200 * 1000);
	int rc = ptl_me_get(&me, test_db, token);
	if (rc == PTL_EUNAVAILABLE)   /* the loss seen on this call: the next reconnects */
		rc = ptl_me_get(&me, test_db, token);
	ck_assert_status(rc, PTL_OK);
	ck_assert_int_eq(me->session.family_id, made.first_family_id);
	ptl_me_free(me);
}
END_TEST

static Suite *me_suite(void)
{
	Suite *s = suite_create("me");
	TCase *tc = tcase_create("reads");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_me_get_reads_guardian_family_and_pending);
	tcase_add_test(tc, test_me_child_get_only_the_family_s_children);
	tcase_add_test(tc, test_me_requests_lists_the_family_s_requests_newest_first);
	tcase_add_test(tc, test_me_reads_refuse_expired_and_unknown_sessions);
	tcase_add_test(tc, test_me_reads_mark_the_session_used_once_a_minute);
	tcase_add_test(tc, test_me_reads_survive_a_reconnection);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(me_suite());
}
