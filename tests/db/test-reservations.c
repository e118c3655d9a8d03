/*
 * test-reservations.c — booking and cancelling against the real database:
 * the days a period opens (weekdays, closures, public holidays, the
 * enrolment's dates), the unit relations (incompatible refused, linked
 * added, dependent cancelled with its parent), notice periods for booking
 * and for a late cancellation that is billed, bookings that wait for
 * validation, the places of a day with its waiting list and the first one
 * waiting promoted (and told by mail) when a place frees, another family's
 * enrolment, a cancellation that waited for the day's locks while its child
 * was promoted (it gives the place back), and a race of real threads for the
 * last places of a day.
 *
 * The catalogue is catalogue-fixture.h's, with units added here:
 * mercredis-2026 opens on Wednesdays; journee, matin (incompatible with
 * journee, links repas), repas (depends on matin); closed 2026-12-23.
 * The clock is 2026-11-26 08:00 UTC (common.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue-fixture.h"
#include "common.h"

static ptl_demo_generated made;
static int64_t lea_enrolment, hugo_enrolment;

/* A child of family @p family with a validated enrolment in elementaires
 * of mercredis-2026, from 2026-09-02: the enrolment's id. */
static int64_t enrolled(int64_t family, const char *first)
{
	return ptl_test_db_enrol(test_conninfo, family, 1, first);
}

static void setup(void)
{
	test_reservation_setup(&made, &lea_enrolment, &hugo_enrolment);
}

static void teardown(void)
{
	test_db_teardown();
}

/* Book (or cancel) one unit of one day for @p enrolment as its family. */
static ptl_reservation_results *change(int64_t enrolment, bool cancel, const char *day,
                                       const char *unit, int expected)
{
	int64_t family = enrolment == lea_enrolment ? made.first_family_id
	                                            : made.first_family_id + 1;

	return test_change_one(family, enrolment, cancel, day, unit, expected);
}

static const ptl_reservation_result *result_of(const ptl_reservation_results *r,
                                               const char *unit)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].unit, unit) == 0)
			return &r->items[i];
	ck_abort_msg("no result for %s", unit);
	return NULL;
}

static void assert_refused(int64_t enrolment, const char *day, const char *code,
                           const char *fr_part)
{
	ptl_reservation_results *r = change(enrolment, false, day, "journee", PTL_OK);

	ck_assert_uint_eq(r->count, 1);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_REFUSED);
	ck_assert_str_eq(r->items[0].reason_code, code);
	ck_assert_msg(strstr(r->items[0].reason_fr, fr_part), "%s", r->items[0].reason_fr);
	ptl_reservation_results_free(r);
}

START_TEST(test_reservation_books_an_open_day)
{
	ptl_reservation_results *r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);

	ck_assert_uint_eq(r->count, 1);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ck_assert_ptr_null(r->items[0].reason_code);
	ck_assert_ptr_null(r->request);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'booked'"
	                             " AND day = '2026-12-02'"), 1);
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 1);
	/* Twice: nothing to do. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_UNCHANGED);
	ck_assert_str_eq(r->items[0].reason_code, "already_booked");
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation"), 1);
}
END_TEST

START_TEST(test_reservation_refuses_days_that_do_not_open)
{
	assert_refused(lea_enrolment, "2026-11-11", "holiday", "Armistice");
	assert_refused(lea_enrolment, "2026-12-03", "weekday_closed", "jour de la semaine");
	assert_refused(lea_enrolment, "2026-12-23", "closed", "Vacances de Noël");
	assert_refused(lea_enrolment, "2027-07-07", "outside_period", "période");
	test_exec("UPDATE enrolment SET first_day = '2027-01-06'");
	assert_refused(lea_enrolment, "2026-12-02", "outside_enrolment", "inscription");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation"), 0);
}
END_TEST

START_TEST(test_reservation_unit_relations)
{
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick both[] = { { "2026-12-02", "journee" }, { "2026-12-02", "matin" } };
	ptl_reservation_results *r = NULL;

	in.book = both;
	in.book_count = 2;
	ck_assert_status(ptl_reservation_change(&r, test_db, made.first_family_id, 0,
	                                        lea_enrolment, &in), PTL_OK);
	ck_assert_int_eq(result_of(r, "journee")->outcome, PTL_RESERVATION_REFUSED);
	ck_assert_str_eq(result_of(r, "matin")->reason_code, "incompatible");
	ptl_reservation_results_free(r);
	/* A dependent unit alone is refused; its parent brings it (linked). */
	r = change(lea_enrolment, false, "2026-12-09", "repas", PTL_OK);
	ck_assert_str_eq(r->items[0].reason_code, "without_parent");
	ptl_reservation_results_free(r);
	r = change(lea_enrolment, false, "2026-12-09", "matin", PTL_OK);
	ck_assert_uint_eq(r->count, 2);
	ck_assert_int_eq(result_of(r, "repas")->outcome, PTL_RESERVATION_BOOKED);
	ck_assert_int_eq(result_of(r, "repas")->added, PTL_RESERVATION_LINKED);
	ptl_reservation_results_free(r);
	/* Cancelling the parent takes the dependent with it. */
	r = change(lea_enrolment, true, "2026-12-09", "matin", PTL_OK);
	ck_assert_uint_eq(r->count, 2);
	ck_assert_int_eq(result_of(r, "repas")->outcome, PTL_RESERVATION_CANCELLED);
	ck_assert_int_eq(result_of(r, "repas")->added, PTL_RESERVATION_DEPENDENT);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'cancelled'"),
	                 2);
	ck_assert_int_eq(test_scalar("SELECT sum(taken) FROM reservation_load"), 0);
}
END_TEST

START_TEST(test_reservation_notice_and_late_cancellation)
{
	ptl_reservation_results *r;

	/* Wednesday 2 December: booked before the rules change. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ptl_reservation_results_free(r);
	test_exec("UPDATE period SET reservation_rules ="
	         " '{\"booking\": {\"notice\": \"previous-week monday 18:00\"},"
	         "   \"cancelling\": {\"notice\": \"D-7 12:00\", \"late\": \"billable\"}}'");
	/* The deadline for 9 December was Monday 30 November 18:00: still open;
	 * for 2 December it was Monday 23 November: past. */
	r = change(lea_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-02", "matin", PTL_OK);
	ck_assert_str_eq(result_of(r, "matin")->reason_code, "notice");
	ck_assert_msg(strstr(result_of(r, "matin")->reason_fr, "lundi 23 novembre 2026 à 18 h 00"),
	              "%s", result_of(r, "matin")->reason_fr);
	ptl_reservation_results_free(r);
	/* Cancelling 2 December late: allowed, billed. 9 December: in time. */
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCELLED);
	ck_assert(r->items[0].billable);
	ptl_reservation_results_free(r);
	r = change(lea_enrolment, true, "2026-12-09", "journee", PTL_OK);
	ck_assert(!r->items[0].billable);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE billable"), 1);
	/* Late cancellations refused. */
	test_exec("UPDATE period SET reservation_rules = '{\"cancelling\": {\"notice\": \"D-7 12:00\"}}'");
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ptl_reservation_results_free(r);
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_str_eq(r->items[0].reason_code, "notice");
	ptl_reservation_results_free(r);
}
END_TEST

START_TEST(test_reservation_waiting_list_and_promotion)
{
	ptl_reservation_results *r;

	/* elementaires has 1 place. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_WAITING);
	ck_assert_int_eq(r->items[0].rank, 1);
	ck_assert_str_eq(r->items[0].reason_code, "full");
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox"), 0);
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCELLED);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'booked'"
	                             " AND enrolment_id = (SELECT max(id) FROM enrolment)"), 1);
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 1);
	ck_assert_int_ge(test_scalar("SELECT count(*) FROM mail_outbox WHERE subject LIKE"
	                             " 'Place libérée%'"), 1);
}
END_TEST

START_TEST(test_reservation_validation_and_ownership)
{
	ptl_reservation_results *r;

	test_exec("UPDATE period SET reservation_rules = '{\"booking\": {\"validation\": true}}'");
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_PENDING);
	ck_assert_ptr_nonnull(r->request);
	ck_assert_int_eq(r->request->kind, PTL_REQUEST_RESERVATION);
	ck_assert_int_eq(r->request->status, PTL_REQUEST_PENDING);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 1);
	/* Not validated: refused whole; another family's: not found. */
	test_exec("UPDATE enrolment SET status = 'pending'");
	r = change(lea_enrolment, false, "2026-12-09", "journee", PTL_ECONFLICT);
	ck_assert_ptr_null(r);
	{
		ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
		ptl_reservation_pick pick = { "2026-12-09", "journee" };

		in.book = &pick;
		in.book_count = 1;
		ck_assert_status(ptl_reservation_change(&r, test_db, made.first_family_id + 1, 0,
		                                        lea_enrolment, &in), PTL_ENOTFOUND);
		pick.day = "2026-13-09";
		ck_assert_status(ptl_reservation_change(&r, test_db, made.first_family_id, 0,
		                                        lea_enrolment, &in), PTL_EINVALID);
		ck_assert_str_eq(ptl_error_last()->field, "book[0].day");
	}
}
END_TEST

/* The status of @p enrolment's live reservation of @p day (journee), "" if none. */
static const char *status_of(int64_t enrolment, const char *day, char *buf, size_t size)
{
	char sql[300];
	PGconn *conn = PQconnectdb(test_conninfo);
	PGresult *res;

	snprintf(sql, sizeof(sql),
	         "SELECT coalesce((SELECT r.status FROM reservation r JOIN unit u ON u.id = r.unit_id"
	         "  WHERE r.enrolment_id = %lld AND r.day = '%s' AND u.code = 'journee'"
	         "    AND r.status <> 'cancelled'), '')", (long long)enrolment, day);
	res = PQexec(conn, sql);
	ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	snprintf(buf, size, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return buf;
}

START_TEST(test_reservation_booking_requests_accepted_refused_withdrawn)
{
	ptl_reservation_results *r;
	int64_t lea_request, hugo_request, withdrawn;
	ptl_request *gone = NULL;
	char st[20];

	test_exec("UPDATE period SET reservation_rules = '{\"booking\": {\"validation\": true}}'");
	/* One place: Léa's booking holds it while it waits; Hugo waits for a
	 * place, and for the manager. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_PENDING);
	lea_request = r->request->id;
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_WAITING);
	ck_assert_int_eq(r->items[0].rank, 1);
	ck_assert_ptr_nonnull(r->request);
	hugo_request = r->request->id;
	ptl_reservation_results_free(r);

	/* Refusing Léa's frees the place: Hugo gets it, still waiting for the
	 * manager (pending), and his family is told. */
	ck_assert_status(ptl_request_refuse(test_db, lea_request, "gestionnaire", "Complet"), PTL_OK);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-02", st, sizeof(st)), "");
	ck_assert_str_eq(status_of(hugo_enrolment, "2026-12-02", st, sizeof(st)), "pending");
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox WHERE subject ="
	                             " 'Place libérée : réservation en attente de validation'"), 1);
	/* Accepting Hugo's books it. */
	ck_assert_status(ptl_request_accept(test_db, hugo_request, "gestionnaire", NULL), PTL_OK);
	ck_assert_str_eq(status_of(hugo_enrolment, "2026-12-02", st, sizeof(st)), "booked");
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 1);

	/* Accepted before a place frees: the waiting one is booked at once when
	 * it gets one. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_WAITING);
	lea_request = r->request->id;
	ptl_reservation_results_free(r);
	ck_assert_status(ptl_request_accept(test_db, lea_request, "gestionnaire", NULL), PTL_OK);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-02", st, sizeof(st)), "waiting");
	test_exec("UPDATE period SET reservation_rules = '{}'");
	r = change(hugo_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCELLED);
	ptl_reservation_results_free(r);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-02", st, sizeof(st)), "booked");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox WHERE subject ="
	                             " 'Place libérée : réservation confirmée'"), 1);

	/* Withdrawing a booking that waits frees its place, and a waiting one
	 * withdrawn leaves the list. */
	test_exec("UPDATE period SET reservation_rules = '{\"booking\": {\"validation\": true}}'");
	r = change(hugo_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_PENDING);
	withdrawn = r->request->id;
	ptl_reservation_results_free(r);
	r = change(lea_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_WAITING);
	lea_request = r->request->id;
	ptl_reservation_results_free(r);
	ck_assert_status(ptl_request_withdraw(&gone, test_db, made.first_family_id, 0, lea_request),
	                 PTL_OK);
	ptl_request_free(gone);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-09", st, sizeof(st)), "");
	ck_assert_status(ptl_request_withdraw(&gone, test_db, made.first_family_id + 1, 0,
	                                      withdrawn), PTL_OK);
	ptl_request_free(gone);
	ck_assert_str_eq(status_of(hugo_enrolment, "2026-12-09", st, sizeof(st)), "");
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load WHERE day = '2026-12-09'"),
	                 0);

	/* The manager set bookings not to wait: the period's validation is then
	 * applied at once. */
	ck_assert_status(ptl_request_kind_set(test_db, PTL_REQUEST_RESERVATION, false), PTL_OK);
	r = change(lea_enrolment, false, "2026-12-16", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-16", st, sizeof(st)), "booked");
}
END_TEST

START_TEST(test_reservation_cancellations_that_wait)
{
	ptl_reservation_results *r;
	int64_t request;
	char st[20];

	test_exec("UPDATE period SET reservation_rules = '{\"cancelling\": {\"validation\": true}}'");
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_WAITING);
	ptl_reservation_results_free(r);
	/* Léa's cancellation waits: her place is still held. */
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCEL_PENDING);
	ck_assert_int_eq(r->request->kind, PTL_REQUEST_RESERVATION_CANCEL);
	request = r->request->id;
	ptl_reservation_results_free(r);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-02", st, sizeof(st)), "cancel_pending");
	/* Asked twice: it still waits, no second request. */
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCEL_PENDING);
	ck_assert_ptr_null(r->request);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE kind = 'reservation_cancel'"),
	                 1);
	/* Refused: booked again, Hugo still waits. */
	ck_assert_status(ptl_request_refuse(test_db, request, "gestionnaire", "Trop tard"), PTL_OK);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-02", st, sizeof(st)), "booked");
	ck_assert_str_eq(status_of(hugo_enrolment, "2026-12-02", st, sizeof(st)), "waiting");
	/* Asked again and accepted: cancelled, and Hugo gets the place. */
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	request = r->request->id;
	ptl_reservation_results_free(r);
	ck_assert_status(ptl_request_accept(test_db, request, "gestionnaire", NULL), PTL_OK);
	ck_assert_str_eq(status_of(lea_enrolment, "2026-12-02", st, sizeof(st)), "");
	ck_assert_str_eq(status_of(hugo_enrolment, "2026-12-02", st, sizeof(st)), "booked");
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM mail_outbox WHERE subject ="
	                             " 'Place libérée : réservation confirmée'"), 1);
}
END_TEST

static const ptl_reservation_day_unit *cal_unit(const ptl_reservation_calendar *cal,
                                                const char *d, const char *unit)
{
	for (size_t i = 0; i < cal->day_count; i++)
		if (strcmp(cal->days[i].day, d) == 0)
			for (size_t u = 0; u < cal->days[i].unit_count; u++)
				if (strcmp(cal->units[cal->days[i].units[u].unit].code, unit) == 0)
					return &cal->days[i].units[u];
	ck_abort_msg("no %s on %s", unit, d);
	return NULL;
}

static const ptl_reservation_day *cal_day(const ptl_reservation_calendar *cal, const char *d)
{
	for (size_t i = 0; i < cal->day_count; i++)
		if (strcmp(cal->days[i].day, d) == 0)
			return &cal->days[i];
	ck_abort_msg("no day %s", d);
	return NULL;
}

START_TEST(test_reservation_month_calendar)
{
	ptl_reservation_calendar *cal = NULL;
	ptl_reservation_results *r;
	const ptl_reservation_day_unit *u;

	test_exec("UPDATE period SET reservation_rules = '{\"booking\": {\"notice\": \"D-2 12:00\"},"
	         " \"cancelling\": {\"notice\": \"D-7 12:00\", \"late\": \"billable\"}}'");
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ptl_reservation_results_free(r);

	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, made.first_family_id,
	                                              lea_enrolment, "2026-12"), PTL_OK);
	ck_assert_str_eq(cal->month, "2026-12");
	ck_assert_str_eq(cal->child_name, "Léa Lambert");
	ck_assert_str_eq(cal->status, "validated");
	ck_assert_uint_eq(cal->unit_count, 3);
	ck_assert_uint_eq(cal->day_count, 31);
	ck_assert_str_eq(cal->days[0].day, "2026-12-01");
	ck_assert_int_eq(cal->days[0].state, PTL_RESERVATION_DAY_WEEKDAY_CLOSED);
	ck_assert_uint_eq(cal->days[0].unit_count, 0);
	ck_assert_int_eq(cal_day(cal, "2026-12-23")->state, PTL_RESERVATION_DAY_CLOSED);
	ck_assert_str_eq(cal_day(cal, "2026-12-23")->reason_fr, "Vacances de Noël");
	/* Booked on the 2nd: the one place is hers; cancelling is late (D-7 was
	 * 25 November) but allowed and billed. */
	u = cal_unit(cal, "2026-12-02", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_BOOKED);
	ck_assert_int_eq(u->places_left, 0);
	ck_assert(u->modifiable && u->late_cancel_billable);
	/* matin on the 2nd: bookable until Monday 30 November 12:00 Paris. */
	u = cal_unit(cal, "2026-12-02", "matin");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_BOOKABLE);
	ck_assert_int_eq(u->places_left, 1);
	ck_assert(u->modifiable);
	ck_assert_int_eq(u->modifiable_until, test_scalar("SELECT extract(epoch from"
	                 " timestamptz '2026-11-30 12:00 Europe/Paris')::bigint"));
	/* The 9th: cancellable in time, no bill. */
	u = cal_unit(cal, "2026-12-09", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_BOOKABLE);
	ptl_reservation_calendar_free(cal);

	/* Hugo waits first on the list, and sees the day full for others. */
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, hugo_enrolment, "2026-12"),
	                 PTL_OK);
	u = cal_unit(cal, "2026-12-02", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_WAITING);
	ck_assert_int_eq(u->rank, 1);
	ptl_reservation_calendar_free(cal);

	/* November: the 11th is a holiday; the 25th is past its booking notice. */
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, lea_enrolment, "2026-11"),
	                 PTL_OK);
	ck_assert_int_eq(cal_day(cal, "2026-11-11")->state, PTL_RESERVATION_DAY_HOLIDAY);
	ck_assert_msg(strstr(cal_day(cal, "2026-11-11")->reason_fr, "Armistice"), "%s",
	              cal_day(cal, "2026-11-11")->reason_fr);
	u = cal_unit(cal, "2026-11-25", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_LOCKED);
	ck_assert_str_eq(u->reason_code, "notice");
	ck_assert(!u->modifiable);
	ptl_reservation_calendar_free(cal);

	/* The summer after the period: outside. */
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, lea_enrolment, "2027-08"),
	                 PTL_OK);
	ck_assert_int_eq(cal->days[0].state, PTL_RESERVATION_DAY_OUTSIDE);
	ptl_reservation_calendar_free(cal);

	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, lea_enrolment, "2026-13"),
	                 PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "month");
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, made.first_family_id + 1,
	                                              lea_enrolment, "2026-12"), PTL_ENOTFOUND);
	ck_assert_ptr_null(cal);
}
END_TEST

/* --- a cancellation waiting behind a promotion ------------------------------------ */

static ptl_reservation_results *late_result;
static int late_rc;

static void *cancel_hugo(void *arg)
{
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick pick = { "2026-12-02", "journee" };

	(void)arg;
	in.cancel = &pick;
	in.cancel_count = 1;
	late_rc = ptl_reservation_change(&late_result, test_db, made.first_family_id + 1, 0,
	                                 hugo_enrolment, &in);
	return NULL;
}

static void exec_on(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);

	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK ||
	              PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
}

/* Hugo's parent cancels his waiting reservation while Léa's cancellation,
 * which hands him the day's one place, holds the day's locks: once it
 * committed, his cancellation gives the place back (the status it judges is
 * the one current under the locks, not the one before it waited). */
START_TEST(test_reservation_cancel_after_a_concurrent_promotion)
{
	ptl_reservation_results *r;
	PGconn *other = PQconnectdb(test_conninfo);
	pthread_t thread;
	char sql[400], st[20];
	int waited = 0;

	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_WAITING);
	ptl_reservation_results_free(r);

	/* Léa's cancellation, under the day's locks: Hugo is promoted. */
	ck_assert_int_eq(PQstatus(other), CONNECTION_OK);
	exec_on(other, "BEGIN");
	exec_on(other, "SELECT taken FROM reservation_load WHERE day = '2026-12-02' FOR UPDATE");
	snprintf(sql, sizeof(sql), "UPDATE reservation SET status = 'cancelled'"
	         " WHERE enrolment_id = %lld", (long long)lea_enrolment);
	exec_on(other, sql);
	snprintf(sql, sizeof(sql), "UPDATE reservation SET status = 'booked', waiting_seq = NULL"
	         " WHERE enrolment_id = %lld", (long long)hugo_enrolment);
	exec_on(other, sql);

	/* Hugo's cancellation waits for those locks. */
	ck_assert_int_eq(pthread_create(&thread, NULL, cancel_hugo, NULL), 0);
	while (test_scalar("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
	                   " AND query LIKE '%reservation_load%'") < 1) {
		ck_assert_msg(++waited < 1000, "the cancellation never waited for the day's locks");
		usleep(10000);
	}
	exec_on(other, "COMMIT");
	PQfinish(other);
	pthread_join(thread, NULL);

	ck_assert_status(late_rc, PTL_OK);
	ck_assert_int_eq(late_result->items[0].outcome, PTL_RESERVATION_CANCELLED);
	ptl_reservation_results_free(late_result);
	ck_assert_str_eq(status_of(hugo_enrolment, "2026-12-02", st, sizeof(st)), "");
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load WHERE day = '2026-12-02'"),
	                 test_scalar("SELECT count(*) FROM reservation WHERE day = '2026-12-02'"
	                             " AND status IN ('booked', 'pending', 'cancel_pending')"));
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load WHERE day = '2026-12-02'"),
	                 0);
	/* The place is there for the next booking. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
}
END_TEST

/* --- a race for the last places ------------------------------------------------ */

#define RACERS 40

static int64_t racers[RACERS];
static int outcomes[RACERS];

static void *race(void *arg)
{
	size_t i = (size_t)(intptr_t)arg;
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick pick = { "2026-12-16", "journee" };
	ptl_reservation_results *r = NULL;
	ptl_db *db = NULL;

	in.book = &pick;
	in.book_count = 1;
	if (ptl_db_open(&db, test_conninfo) == PTL_OK &&
	    ptl_reservation_change(&r, db, 0, 0, racers[i], &in) == PTL_OK)
		outcomes[i] = r->items[0].outcome;
	else
		outcomes[i] = -1;
	ptl_reservation_results_free(r);
	ptl_db_close(db);
	return NULL;
}

/* The debt threshold: a family owing more than the period's threshold
 * cannot book (it can still cancel), unless the manager lets it; its
 * calendar shows the days locked for that reason; other families and the
 * manager are not bound. */
START_TEST(test_reservation_debt_threshold)
{
	ptl_balance_add_options in = PTL_BALANCE_ADD_OPTIONS_INIT;
	ptl_reservation_calendar *cal = NULL;
	ptl_reservation_results *r;
	ptl_balance *b = NULL;
	int64_t lea_family = made.first_family_id, balance = -1;
	const ptl_reservation_day *d;

	test_exec("UPDATE period SET reservation_rules = '{\"debt_threshold_cents\": 5000}'");
	in.amount_cents = 5000;
	in.label = "Reprise du solde de la trésorerie";
	ck_assert_status(ptl_balance_add(&balance, test_db, lea_family, &in), PTL_OK);
	ck_assert_int_eq(balance, 5000);
	/* At the threshold, not above: books. */
	r = change(lea_enrolment, false, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	in.amount_cents = 1;
	in.label = "Frais";
	ck_assert_status(ptl_balance_add(&balance, test_db, lea_family, &in), PTL_OK);
	ck_assert_int_eq(balance, 5001);
	/* Above: refused, telling the parent to contact the service, no amount. */
	assert_refused(lea_enrolment, "2026-12-09", "debt", "merci de contacter le service");
	r = change(lea_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ck_assert_ptr_null(strpbrk(r->items[0].reason_fr, "0123456789€"));
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE day = '2026-12-09'"),
	                 0);
	/* Its calendar shows bookable days locked, booked ones still cancellable. */
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, lea_enrolment, "2026-12"),
	                 PTL_OK);
	d = cal_day(cal, "2026-12-09");
	ck_assert_int_eq(d->units[0].state, PTL_RESERVATION_UNIT_LOCKED);
	ck_assert_str_eq(d->units[0].reason_code, "debt");
	ck_assert(!d->units[0].modifiable);
	d = cal_day(cal, "2026-12-02");
	ck_assert_int_eq(d->units[0].state, PTL_RESERVATION_UNIT_BOOKED);
	ck_assert(d->units[0].modifiable);
	ptl_reservation_calendar_free(cal);
	r = change(lea_enrolment, true, "2026-12-02", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCELLED);
	ptl_reservation_results_free(r);
	/* Another family books. */
	r = change(hugo_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	/* The manager's override lets the family book; cleared, it blocks again. */
	ck_assert_status(ptl_balance_set_override(test_db, lea_family, true), PTL_OK);
	ck_assert_status(ptl_balance_set_override(test_db, lea_family, true), PTL_OK);
	r = change(lea_enrolment, false, "2026-12-16", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	ck_assert_status(ptl_balance_set_override(test_db, lea_family, false), PTL_OK);
	assert_refused(lea_enrolment, "2027-01-06", "debt", "contacter le service");
	/* A payment brings the balance to the threshold: books again. */
	in.amount_cents = -2000;
	in.label = "Paiement au guichet";
	ck_assert_status(ptl_balance_add(&balance, test_db, lea_family, &in), PTL_OK);
	ck_assert_int_eq(balance, 3001);
	r = change(lea_enrolment, false, "2027-01-06", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	/* The ledger. */
	ck_assert_status(ptl_balance_get(&b, test_db, lea_family), PTL_OK);
	ck_assert_int_eq(b->balance_cents, 3001);
	ck_assert(!b->booking_override);
	ck_assert_uint_eq(b->count, 3);
	ck_assert_int_eq(b->entries[0].amount_cents, 5000);
	ck_assert_str_eq(b->entries[0].label, "Reprise du solde de la trésorerie");
	ck_assert_str_eq(b->entries[0].source, "manager");
	ck_assert_str_eq(b->entries[2].day, "2026-11-26");
	ptl_balance_free(b);
	ptl_balance_free(NULL);
	/* Refusals. */
	ck_assert_status(ptl_balance_get(&b, test_db, 999999), PTL_ENOTFOUND);
	ck_assert_status(ptl_balance_add(&balance, test_db, 999999, &in), PTL_ENOTFOUND);
	ck_assert_status(ptl_balance_set_override(test_db, 999999, true), PTL_ENOTFOUND);
	in.amount_cents = 0;
	ck_assert_status(ptl_balance_add(&balance, test_db, lea_family, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "amount_cents");
	in.amount_cents = 100;
	in.label = "";
	ck_assert_status(ptl_balance_add(&balance, test_db, lea_family, &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "label");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM family_ledger"), 3);
}
END_TEST

/* A period booked online during the school holidays only: a school day is
 * refused, and its calendar shows it locked for that reason. */
START_TEST(test_reservation_online_days)
{
	ptl_reservation_calendar *cal = NULL;
	ptl_reservation_results *r;
	const ptl_reservation_day *d;

	test_exec("UPDATE period SET reservation_rules = '{\"online_days\": \"holidays\","
	         " \"school_holidays\": [{\"from\": \"2026-12-19\", \"to\": \"2027-01-03\","
	         " \"label\": \"Vacances de Noël\"}]}'");
	assert_refused(lea_enrolment, "2026-12-16", "holidays_only",
	               "pendant les vacances scolaires seulement");
	r = change(lea_enrolment, false, "2026-12-30", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, lea_enrolment, "2026-12"),
	                 PTL_OK);
	d = cal_day(cal, "2026-12-16");
	ck_assert_int_eq(d->units[0].state, PTL_RESERVATION_UNIT_LOCKED);
	ck_assert_str_eq(d->units[0].reason_code, "holidays_only");
	ck_assert_int_eq(cal_day(cal, "2026-12-30")->units[0].state, PTL_RESERVATION_UNIT_BOOKED);
	ptl_reservation_calendar_free(cal);
	/* School days only: the other way round; cancelling is not concerned. */
	test_exec("UPDATE period SET reservation_rules = reservation_rules"
	         " || '{\"online_days\": \"school\"}'");
	assert_refused(hugo_enrolment, "2026-12-30", "school_days_only",
	               "jours d’école seulement");
	r = change(hugo_enrolment, false, "2026-12-16", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	r = change(lea_enrolment, true, "2026-12-30", "journee", PTL_OK);
	ck_assert_int_eq(r->items[0].outcome, PTL_RESERVATION_CANCELLED);
	ptl_reservation_results_free(r);
}
END_TEST

START_TEST(test_reservation_race_for_ten_places)
{
	pthread_t threads[RACERS];
	int booked = 0, waiting = 0;
	char name[16];

	test_exec("UPDATE period_group SET capacity = 10 WHERE code = 'elementaires'");
	for (size_t i = 0; i < RACERS; i++) {
		snprintf(name, sizeof(name), "Enfant%zu", i);
		racers[i] = enrolled(made.first_family_id, name);
	}
	for (size_t i = 0; i < RACERS; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, race, (void *)(intptr_t)i), 0);
	for (size_t i = 0; i < RACERS; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = 0; i < RACERS; i++) {
		ck_assert_int_ne(outcomes[i], -1);
		booked += outcomes[i] == PTL_RESERVATION_BOOKED;
		waiting += outcomes[i] == PTL_RESERVATION_WAITING;
	}
	ck_assert_int_eq(booked, 10);
	ck_assert_int_eq(waiting, RACERS - 10);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'booked'"),
	                 10);
	ck_assert_int_eq(test_scalar("SELECT taken FROM reservation_load"), 10);
	/* The waiting list is numbered 1..30 without a gap or a repeat. */
	ck_assert_int_eq(test_scalar("SELECT count(DISTINCT waiting_seq) FROM reservation"
	                             " WHERE status = 'waiting'"), RACERS - 10);
}
END_TEST

/* What a month's calendar reads day by day comes back whole: a closure's
 * reason as it is written (even with the characters that separate the
 * statement's records), a closure without a reason, the places of a
 * counter the units share, and each one waiting with their own rank. */
START_TEST(test_reservation_calendar_reads_every_day_row)
{
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick pick = { "2026-12-09", "journee" };
	ptl_reservation_calendar *cal = NULL;
	ptl_reservation_results *r = NULL;
	const ptl_reservation_day_unit *u;
	int64_t zoe;

	test_exec("UPDATE period_group SET capacity = 10 WHERE code = 'elementaires'");
	test_exec("INSERT INTO capacity_counter (period_id, code, label, capacity)"
	          " SELECT id, 'places', 'Places', 1 FROM period WHERE code = 'mercredis-2026'");
	test_exec("UPDATE unit SET counter_id = (SELECT id FROM capacity_counter)"
	          " WHERE code IN ('journee', 'matin')");
	test_exec("INSERT INTO period_closure SELECT id, date '2026-12-16',"
	          " 'Travaux' || chr(30) || 'salle' || chr(31) || 'B' FROM period"
	          " WHERE code = 'mercredis-2026'");
	test_exec("INSERT INTO period_closure SELECT id, date '2026-12-30', '' FROM period"
	          " WHERE code = 'mercredis-2026'");
	zoe = enrolled(made.first_family_id, "Zoé");
	r = change(lea_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ptl_reservation_results_free(r);
	r = change(hugo_enrolment, false, "2026-12-09", "journee", PTL_OK);
	ptl_reservation_results_free(r);
	in.book = &pick;
	in.book_count = 1;
	ck_assert_status(ptl_reservation_change(&r, test_db, made.first_family_id, 0, zoe, &in),
	                 PTL_OK);
	ptl_reservation_results_free(r);

	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, zoe, "2026-12"), PTL_OK);
	ck_assert_int_eq(cal_day(cal, "2026-12-16")->state, PTL_RESERVATION_DAY_CLOSED);
	ck_assert_str_eq(cal_day(cal, "2026-12-16")->reason_fr, "Travaux\x1esalle\x1f" "B");
	ck_assert_int_eq(cal_day(cal, "2026-12-23")->state, PTL_RESERVATION_DAY_CLOSED);
	ck_assert_str_eq(cal_day(cal, "2026-12-23")->reason_fr, "Vacances de Noël");
	ck_assert_int_eq(cal_day(cal, "2026-12-30")->state, PTL_RESERVATION_DAY_CLOSED);
	ck_assert_str_eq(cal_day(cal, "2026-12-30")->reason_code, "closed");
	/* The counter's one place is Léa's: matin is full though the group has
	 * nine places left; Zoé waits second, after Hugo. */
	u = cal_unit(cal, "2026-12-09", "matin");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_FULL);
	ck_assert_int_eq(u->places_left, 0);
	u = cal_unit(cal, "2026-12-09", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_WAITING);
	ck_assert_int_eq(u->rank, 2);
	u = cal_unit(cal, "2026-12-02", "matin");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_BOOKABLE);
	ck_assert_int_eq(u->places_left, 1);
	ptl_reservation_calendar_free(cal);

	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, hugo_enrolment, "2026-12"),
	                 PTL_OK);
	u = cal_unit(cal, "2026-12-09", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_WAITING);
	ck_assert_int_eq(u->rank, 1);
	ptl_reservation_calendar_free(cal);
	ck_assert_status(ptl_reservation_calendar_get(&cal, test_db, 0, lea_enrolment, "2026-12"),
	                 PTL_OK);
	u = cal_unit(cal, "2026-12-09", "journee");
	ck_assert_int_eq(u->state, PTL_RESERVATION_UNIT_BOOKED);
	ck_assert_int_eq(u->places_left, 0);
	ptl_reservation_calendar_free(cal);
}
END_TEST

static Suite *reservation_suite(void)
{
	Suite *s = suite_create("reservation");
	TCase *tc = tcase_create("change");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_reservation_books_an_open_day);
	tcase_add_test(tc, test_reservation_refuses_days_that_do_not_open);
	tcase_add_test(tc, test_reservation_unit_relations);
	tcase_add_test(tc, test_reservation_notice_and_late_cancellation);
	tcase_add_test(tc, test_reservation_waiting_list_and_promotion);
	tcase_add_test(tc, test_reservation_validation_and_ownership);
	tcase_add_test(tc, test_reservation_booking_requests_accepted_refused_withdrawn);
	tcase_add_test(tc, test_reservation_cancellations_that_wait);
	tcase_add_test(tc, test_reservation_month_calendar);
	tcase_add_test(tc, test_reservation_calendar_reads_every_day_row);
	tcase_add_test(tc, test_reservation_cancel_after_a_concurrent_promotion);
	tcase_add_test(tc, test_reservation_debt_threshold);
	tcase_add_test(tc, test_reservation_online_days);
	tcase_add_test(tc, test_reservation_race_for_ten_places);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(reservation_suite());
}
