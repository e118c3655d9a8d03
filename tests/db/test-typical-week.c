/*
 * test-typical-week.c — the typical week (semaine type) against the real
 * database: stored and read back, expanded into bookings by the rules of a
 * change (closure days skipped with their reason, the waiting list of a
 * full day with its rank, the booking notice), expanding twice books
 * nothing twice, a changed week cancels only what the previous week booked
 * (never a day booked by hand, never late), a linked unit comes with its
 * unit, a preview changes nothing, bad slots are refused with their field,
 * another family's enrolment is not found, the manager's batch over a
 * period with its summary, a day that someone else cancelled never booked
 * again (one the week itself removed is), and a week stored again over a
 * shorter span cancelling what it leaves out (not late, never a day booked
 * by hand) while the batch over a narrower range leaves the other days.
 *
 * The catalogue is catalogue-fixture.h's: mercredis-2026 opens on
 * Wednesdays; journee, matin (incompatible with journee, links repas),
 * repas (depends on matin); closed 2026-12-23; elementaires has 1 place.
 * The clock is Thursday 2026-11-26 08:00 UTC (common.c). The Wednesdays
 * from then to 2027-01-31: 2 (ISO week 49), 9 (50), 16 (51), 23 (52,
 * closed), 30 December (53), 6 (1), 13 (2), 20 (3) and 27 January (4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static ptl_demo_generated made;
static int64_t lea_enrolment, hugo_enrolment;

static void setup(void)
{
	test_reservation_setup(&made, &lea_enrolment, &hugo_enrolment);
}

static void teardown(void)
{
	test_db_teardown();
}

static ptl_typical_week_slot slot(int weekday, const char *unit, ptl_week_parity weeks)
{
	ptl_typical_week_slot s = { .weekday = weekday, .weeks = weeks };

	snprintf(s.unit, sizeof(s.unit), "%s", unit);
	return s;
}

/* Set (or preview) the week of Léa's enrolment from @p from (NULL: today)
 * to @p to. */
static ptl_reservation_results *week_over(bool preview, const ptl_typical_week_slot *slots,
                                          size_t count, const char *from, const char *to,
                                          int expected)
{
	ptl_typical_week_options in = PTL_TYPICAL_WEEK_OPTIONS_INIT;
	ptl_reservation_results *r = NULL;

	in.slots = slots;
	in.slot_count = count;
	in.from = from;
	in.to = to;
	if (preview)
		ck_assert_status(ptl_typical_week_preview(&r, test_db, made.first_family_id,
		                                          lea_enrolment, &in), expected);
	else
		ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id, 0,
		                                      lea_enrolment, &in), expected);
	return r;
}

/* Set (or preview) the week of Léa's enrolment up to 2027-01-31. */
static ptl_reservation_results *week(bool preview, const ptl_typical_week_slot *slots,
                                     size_t count, int expected)
{
	return week_over(preview, slots, count, NULL, "2027-01-31", expected);
}

/* How many results have @p outcome (and @p code, when not NULL). */
static size_t count_of(const ptl_reservation_results *r, ptl_reservation_outcome outcome,
                       const char *code)
{
	size_t n = 0;

	for (size_t i = 0; i < r->count; i++)
		n += r->items[i].outcome == outcome &&
		     (!code || (r->items[i].reason_code && strcmp(r->items[i].reason_code, code) == 0));
	return n;
}

static const ptl_reservation_result *on(const ptl_reservation_results *r, const char *day,
                                        const char *unit)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].day, day) == 0 && strcmp(r->items[i].unit, unit) == 0)
			return &r->items[i];
	ck_abort_msg("no result for %s %s", day, unit);
	return NULL;
}

static long long week_booked(void)
{
	return test_scalar("SELECT count(*) FROM reservation WHERE source = 'week'"
	                   " AND status <> 'cancelled'");
}

START_TEST(test_typical_week_set_books_and_reads_back)
{
	ptl_typical_week_slot slots[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_reservation_results *r = week(false, slots, 1, PTL_OK);
	ptl_typical_week *w = NULL;

	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 8);
	ck_assert_uint_eq(r->count, 9);
	ck_assert_int_eq(on(r, "2026-12-02", "journee")->outcome, PTL_RESERVATION_BOOKED);
	ck_assert_str_eq(on(r, "2026-12-23", "journee")->reason_code, "closed");
	ck_assert_msg(strstr(on(r, "2026-12-23", "journee")->reason_fr, "Vacances de Noël"), "%s",
	              on(r, "2026-12-23", "journee")->reason_fr);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 8);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE day < '2026-11-26'"),
	                 0);

	ck_assert_status(ptl_typical_week_get(&w, test_db, made.first_family_id, lea_enrolment),
	                 PTL_OK);
	ck_assert_uint_eq(w->slot_count, 1);
	ck_assert_int_eq(w->slots[0].weekday, 3);
	ck_assert_str_eq(w->slots[0].unit, "journee");
	ck_assert_int_eq(w->slots[0].weeks, PTL_WEEK_EVERY);
	ck_assert_str_eq(w->from, "2026-11-26");
	ck_assert_str_eq(w->to, "2027-01-31");
	ptl_typical_week_free(w);
	/* None stored for Hugo. */
	ck_assert_status(ptl_typical_week_get(&w, test_db, 0, hugo_enrolment), PTL_OK);
	ck_assert_uint_eq(w->slot_count, 0);
	ck_assert_str_eq(w->from, "");
	ptl_typical_week_free(w);
	/* Not the family's. */
	ck_assert_status(ptl_typical_week_get(&w, test_db, made.first_family_id, hugo_enrolment),
	                 PTL_ENOTFOUND);
	ck_assert_ptr_null(w);
}
END_TEST

/* Places enough for the days of other children too. */
static void roomy(void)
{
	test_exec("UPDATE period_group SET capacity = 10");
}

/* Léa's week stored: journee every Wednesday up to 2027-01-31, the 8 open
 * ones booked (places enough). */
static void every_wednesday_booked(void)
{
	ptl_typical_week_slot every[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_reservation_results *r;

	roomy();
	r = week(false, every, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 8);
	ptl_reservation_results_free(r);
}

START_TEST(test_typical_week_twice_books_nothing_twice)
{
	ptl_typical_week_slot slots[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_reservation_results *r;

	every_wednesday_booked();
	r = week(false, slots, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 0);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_UNCHANGED, "already_booked"), 8);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_REFUSED, "closed"), 1);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 8);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation"), 8);
	ck_assert_int_eq(test_scalar("SELECT sum(taken) FROM reservation_load"), 8);
}
END_TEST

START_TEST(test_typical_week_change_cancels_only_its_own_difference)
{
	ptl_typical_week_slot every[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_typical_week_slot even[] = { slot(3, "journee", PTL_WEEK_EVEN) };
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick by_hand = { "2026-12-16", "journee" };
	ptl_reservation_results *r;

	roomy();
	/* 16 December (odd week) booked by hand before the week. */
	in.book = &by_hand;
	in.book_count = 1;
	ck_assert_status(ptl_reservation_change(&r, test_db, made.first_family_id, 0,
	                                        lea_enrolment, &in), PTL_OK);
	ptl_reservation_results_free(r);
	r = week(false, every, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 7);
	ck_assert_str_eq(on(r, "2026-12-16", "journee")->reason_code, "already_booked");
	ptl_reservation_results_free(r);

	/* Even weeks only: the odd Wednesdays the week booked are cancelled
	 * (2 and 30 December, 6 and 20 January), not the 16th. */
	r = week(false, even, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 4);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 0);
	ck_assert(on(r, "2026-12-02", "journee")->cancel);
	ck_assert(!on(r, "2026-12-02", "journee")->billable);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 3);  /* 9 December, 13 and 27 January */
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE day = '2026-12-16'"
	                             " AND status = 'booked' AND source = 'parent'"), 1);

	/* No week at all: the week's bookings go, the hand-made one stays. */
	r = week(false, NULL, 0, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 3);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'booked'"),
	                 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM typical_week_slot"), 0);
}
END_TEST

START_TEST(test_typical_week_respects_the_notice_periods)
{
	ptl_typical_week_slot every[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_reservation_results *r;

	roomy();
	r = week(false, every, 1, PTL_OK);
	ptl_reservation_results_free(r);
	/* Booking 7 days ahead; cancelling too, late ones billed: a changed
	 * week never makes a billed cancellation, it keeps the day. */
	test_exec("UPDATE period SET reservation_rules ="
	         " '{\"booking\": {\"notice\": \"D-7 12:00\"},"
	         "   \"cancelling\": {\"notice\": \"D-7 12:00\", \"late\": \"billable\"}}'");
	r = week(false, NULL, 0, PTL_OK);
	ck_assert_str_eq(on(r, "2026-12-02", "journee")->reason_code, "notice");
	ck_assert_int_eq(on(r, "2026-12-02", "journee")->outcome, PTL_RESERVATION_REFUSED);
	ck_assert_int_eq(on(r, "2026-12-09", "journee")->outcome, PTL_RESERVATION_CANCELLED);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE billable"), 0);
	ck_assert_int_eq(week_booked(), 1);
	/* Booking again: 2 December is past its booking notice, but booked. */
	test_exec("DELETE FROM reservation WHERE day = '2026-12-02'");
	r = week(false, every, 1, PTL_OK);
	ck_assert_str_eq(on(r, "2026-12-02", "journee")->reason_code, "notice");
	ck_assert_int_eq(on(r, "2026-12-09", "journee")->outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
}
END_TEST

START_TEST(test_typical_week_preview_changes_nothing)
{
	ptl_typical_week_slot slots[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_pick hugo = { "2026-12-09", "journee" };
	ptl_reservation_results *r;

	/* Hugo takes the one place of 9 December: Léa would wait, rank 1. */
	in.book = &hugo;
	in.book_count = 1;
	ck_assert_status(ptl_reservation_change(&r, test_db, made.first_family_id + 1, 0,
	                                        hugo_enrolment, &in), PTL_OK);
	ptl_reservation_results_free(r);
	r = week(true, slots, 1, PTL_OK);
	ck_assert_int_eq(on(r, "2026-12-02", "journee")->outcome, PTL_RESERVATION_BOOKED);
	ck_assert_int_eq(on(r, "2026-12-09", "journee")->outcome, PTL_RESERVATION_WAITING);
	ck_assert_int_eq(on(r, "2026-12-09", "journee")->rank, 1);
	ck_assert_str_eq(on(r, "2026-12-09", "journee")->reason_code, "full");
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM typical_week"), 0);
	ck_assert_int_eq(test_scalar("SELECT sum(taken) FROM reservation_load"), 1);
	/* And what it showed is what storing does. */
	r = week(false, slots, 1, PTL_OK);
	ck_assert_int_eq(on(r, "2026-12-09", "journee")->outcome, PTL_RESERVATION_WAITING);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'waiting'"
	                             " AND source = 'week'"), 1);
}
END_TEST

START_TEST(test_typical_week_linked_units_come_along)
{
	ptl_typical_week_slot matin[] = { slot(3, "matin", PTL_WEEK_EVERY) };
	ptl_typical_week_slot journee[] = { slot(3, "journee", PTL_WEEK_ODD) };
	ptl_reservation_results *r;

	roomy();
	r = week(false, matin, 1, PTL_OK);
	ck_assert_int_eq(on(r, "2026-12-02", "repas")->outcome, PTL_RESERVATION_BOOKED);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 16);
	/* Again: the linked repas is the week's, nothing to cancel or book. */
	r = week(false, matin, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 0);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 0);
	ptl_reservation_results_free(r);
	/* Journée in odd weeks instead: matin and repas cancelled everywhere,
	 * journée booked in the odd weeks. */
	r = week(false, journee, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 16);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 5);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 5);
}
END_TEST

START_TEST(test_typical_week_refuses_bad_weeks)
{
	ptl_typical_week_slot unknown[] = { slot(3, "journee", PTL_WEEK_EVERY),
	                                    slot(3, "goûter", PTL_WEEK_EVERY) };
	ptl_typical_week_slot twice[] = { slot(3, "journee", PTL_WEEK_EVEN),
	                                  slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_typical_week_slot weekday[] = { slot(8, "journee", PTL_WEEK_EVERY) };
	ptl_typical_week_options in = PTL_TYPICAL_WEEK_OPTIONS_INIT;
	ptl_reservation_results *r = NULL;

	ck_assert_ptr_null(week(false, unknown, 2, PTL_EINVALID));
	ck_assert_str_eq(ptl_error_last()->field, "slots[1].unit");
	ck_assert_ptr_null(week(true, twice, 2, PTL_EINVALID));
	ck_assert_str_eq(ptl_error_last()->field, "slots[1]");
	ck_assert_ptr_null(week(false, weekday, 1, PTL_EINVALID));
	ck_assert_str_eq(ptl_error_last()->field, "slots[0].weekday");
	in.from = "2027-02-30";
	ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id, 0, lea_enrolment,
	                                      &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "from");
	in.from = "2027-02-03";
	in.to = "2027-01-03";
	ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id, 0, lea_enrolment,
	                                      &in), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "to");
	in.to = NULL;
	ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id, 0, hugo_enrolment,
	                                      &in), PTL_ENOTFOUND);
	test_exec("UPDATE enrolment SET status = 'pending'");
	ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id, 0, lea_enrolment,
	                                      &in), PTL_ECONFLICT);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM typical_week"), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation"), 0);
}
END_TEST

START_TEST(test_typical_week_expand_a_period)
{
	ptl_typical_week_slot slots[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_typical_week_options in = PTL_TYPICAL_WEEK_OPTIONS_INIT;
	ptl_typical_week_expand_options batch = PTL_TYPICAL_WEEK_EXPAND_OPTIONS_INIT;
	ptl_typical_week_summary sum;
	ptl_reservation_results *r;

	roomy();
	in.slots = slots;
	in.slot_count = 1;
	in.to = "2027-06-30";
	ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id, 0, lea_enrolment,
	                                      &in), PTL_OK);
	ptl_reservation_results_free(r);
	ck_assert_status(ptl_typical_week_set(&r, test_db, made.first_family_id + 1, 0,
	                                      hugo_enrolment, &in), PTL_OK);
	ptl_reservation_results_free(r);
	test_exec("TRUNCATE reservation, reservation_load");

	batch.period = "mercredis-2026";
	batch.to = "2027-01-31";
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_OK);
	ck_assert_uint_eq(sum.enrolments, 2);
	ck_assert_uint_eq(sum.families, 2);
	ck_assert_uint_eq(sum.booked, 16);
	ck_assert_uint_eq(sum.skipped, 2);
	ck_assert_uint_eq(sum.reason_count, 1);
	ck_assert_str_eq(sum.reasons[0].reason_code, "closed");
	ck_assert_int_eq(week_booked(), 16);
	/* Again: nothing twice. */
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_OK);
	ck_assert_uint_eq(sum.booked, 0);
	ck_assert_str_eq(sum.reasons[0].reason_code, "already_booked");
	ck_assert_uint_eq(sum.reasons[0].count, 16);
	ck_assert_int_eq(week_booked(), 16);
	/* An enrolment that can no longer book is left out. */
	test_exec("UPDATE enrolment SET status = 'withdrawn' WHERE id = (SELECT min(id) FROM"
	         " enrolment)");
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_OK);
	ck_assert_uint_eq(sum.enrolments, 1);
	ck_assert_uint_eq(sum.not_validated, 1);
	batch.period = "nope";
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_ENOTFOUND);
	ck_assert_str_eq(ptl_error_last()->field, "period");
}
END_TEST

/* Book (or @p cancel) journee on @p day for Léa as her family, on Mes
 * réservations: the outcome is @p expected. */
static void by_hand(bool cancel, const char *day, ptl_reservation_outcome expected)
{
	ptl_reservation_results *r = test_change_one(made.first_family_id, lea_enrolment, cancel,
	                                             day, "journee", PTL_OK);

	ck_assert_int_eq(r->items[0].outcome, expected);
	ptl_reservation_results_free(r);
}

/* The typical week's count of (day, unit) skipped for @p code. */
static size_t skipped_for(const ptl_typical_week_summary *sum, const char *code)
{
	for (size_t k = 0; k < sum->reason_count; k++)
		if (strcmp(sum->reasons[k].reason_code, code) == 0)
			return sum->reasons[k].count;
	return 0;
}

START_TEST(test_typical_week_never_books_again_what_someone_else_cancelled)
{
	ptl_typical_week_slot every[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_typical_week_slot even[] = { slot(3, "journee", PTL_WEEK_EVEN) };
	ptl_typical_week_expand_options batch = PTL_TYPICAL_WEEK_EXPAND_OPTIONS_INIT;
	ptl_typical_week_summary sum;
	ptl_period_closing *closing = NULL;
	ptl_reservation_results *r;
	bool reopened = false;

	every_wednesday_booked();
	/* Léa is ill: her family cancels Wednesday 13 January; the service
	 * closes 20 January (a strike), then opens it again. */
	by_hand(true, "2027-01-13", PTL_RESERVATION_CANCELLED);
	ck_assert_status(ptl_period_close_day(&closing, test_db, "mercredis-2026", "2027-01-20",
	                                      "Grève"), PTL_OK);
	ptl_period_closing_free(closing);
	ck_assert_status(ptl_period_reopen_day(&reopened, test_db, "mercredis-2026", "2027-01-20"),
	                 PTL_OK);
	ck_assert(reopened);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'cancelled'"
	                             " AND day = '2027-01-13' AND cancelled_by = 'parent'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'cancelled'"
	                             " AND day = '2027-01-20' AND cancelled_by = 'closure'"), 1);
	ck_assert_int_eq(week_booked(), 6);

	/* The nightly batch books neither again; the other days stay booked. */
	batch.period = "mercredis-2026";
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_OK);
	ck_assert_uint_eq(sum.booked, 0);
	ck_assert_uint_eq(sum.cancelled, 0);
	ck_assert_uint_eq(skipped_for(&sum, "already_cancelled"), 2);
	ck_assert_uint_eq(skipped_for(&sum, "already_booked"), 6);
	ck_assert_int_eq(week_booked(), 6);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status <> 'cancelled'"
	                             " AND day IN ('2027-01-13', '2027-01-20')"), 0);

	/* Storing the week again: the preview says why, nothing is booked. */
	r = week(true, every, 1, PTL_OK);
	ck_assert_int_eq(on(r, "2027-01-13", "journee")->outcome, PTL_RESERVATION_UNCHANGED);
	ck_assert_str_eq(on(r, "2027-01-13", "journee")->reason_code, "already_cancelled");
	ck_assert_str_eq(on(r, "2027-01-13", "journee")->reason_fr,
	                 "Annulé par vous le 26 novembre 2026");
	ck_assert_str_eq(on(r, "2027-01-20", "journee")->reason_fr,
	                 "Annulé par le service le 26 novembre 2026 : accueil fermé ce jour-là"
	                 " (Grève)");
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 0);
	/* In day order, among the others. */
	for (size_t i = 1; i < r->count; i++)
		ck_assert_str_le(r->items[i - 1].day, r->items[i].day);
	ptl_reservation_results_free(r);

	/* Changed away (even weeks: the week cancels 2, 16 and 30 December and
	 * 6 January itself) and back: those are booked again, not the 13th
	 * nor the 20th. */
	r = week(false, even, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 4);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'cancelled'"
	                             " AND cancelled_by = 'week'"), 4);
	r = week(false, every, 1, PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_BOOKED, NULL), 4);
	ck_assert_int_eq(on(r, "2026-12-02", "journee")->outcome, PTL_RESERVATION_BOOKED);
	ck_assert_str_eq(on(r, "2027-01-13", "journee")->reason_code, "already_cancelled");
	ck_assert_str_eq(on(r, "2027-01-20", "journee")->reason_code, "already_cancelled");
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 6);

	/* The family can still book the 13th by hand; the week leaves it be. */
	by_hand(false, "2027-01-13", PTL_RESERVATION_BOOKED);
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_OK);
	ck_assert_uint_eq(skipped_for(&sum, "already_cancelled"), 1);
	ck_assert_uint_eq(skipped_for(&sum, "already_booked"), 7);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'booked'"
	                             " AND day = '2027-01-13' AND source = 'parent'"), 1);
}
END_TEST

START_TEST(test_typical_week_shorter_span_cancels_what_it_leaves_out)
{
	ptl_typical_week_slot every[] = { slot(3, "journee", PTL_WEEK_EVERY) };
	ptl_reservation_results *r;

	every_wednesday_booked();
	by_hand(false, "2027-02-03", PTL_RESERVATION_BOOKED);
	/* Cancelling 7 days ahead, late ones billed. */
	test_exec("UPDATE period SET reservation_rules ="
	         " '{\"cancelling\": {\"notice\": \"D-7 12:00\", \"late\": \"billable\"}}'");

	/* The same Wednesdays from 3 to 31 December: the preview cancels the
	 * January ones the week booked, keeps 2 December (too late to cancel
	 * without charge) and says why. */
	r = week_over(true, every, 1, "2026-12-03", "2026-12-31", PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 4);
	ck_assert(on(r, "2027-01-06", "journee")->cancel);
	ck_assert(!on(r, "2027-01-27", "journee")->billable);
	ck_assert_int_eq(on(r, "2026-12-02", "journee")->outcome, PTL_RESERVATION_REFUSED);
	ck_assert_str_eq(on(r, "2026-12-02", "journee")->reason_code, "notice");
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 8);

	/* Storing it does it: nothing billed, the day booked by hand stays. */
	r = week_over(false, every, 1, "2026-12-03", "2026-12-31", PTL_OK);
	ck_assert_uint_eq(count_of(r, PTL_RESERVATION_CANCELLED, NULL), 4);
	ptl_reservation_results_free(r);
	ck_assert_int_eq(week_booked(), 4);  /* 2, 9, 16 and 30 December */
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE source = 'week'"
	                             " AND status <> 'cancelled' AND day > '2026-12-31'"), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'cancelled'"
	                             " AND cancelled_by = 'week' AND NOT billable"), 4);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE day = '2027-02-03'"
	                             " AND status = 'booked' AND source = 'parent'"), 1);
}
END_TEST

START_TEST(test_typical_week_batch_leaves_the_days_outside_its_range)
{
	ptl_typical_week_expand_options batch = PTL_TYPICAL_WEEK_EXPAND_OPTIONS_INIT;
	ptl_typical_week_summary sum;

	every_wednesday_booked();
	/* December only: the January bookings are not the batch's to cancel. */
	batch.period = "mercredis-2026";
	batch.from = "2026-12-01";
	batch.to = "2026-12-31";
	ck_assert_status(ptl_typical_week_expand_period(&sum, test_db, &batch), PTL_OK);
	ck_assert_uint_eq(sum.enrolments, 1);
	ck_assert_uint_eq(sum.booked, 0);
	ck_assert_uint_eq(sum.cancelled, 0);
	ck_assert_uint_eq(skipped_for(&sum, "already_booked"), 4);
	ck_assert_int_eq(week_booked(), 8);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM reservation WHERE status = 'cancelled'"),
	                 0);
}
END_TEST

static Suite *typical_week_suite(void)
{
	Suite *s = suite_create("typical_week");
	TCase *tc = tcase_create("week");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_typical_week_set_books_and_reads_back);
	tcase_add_test(tc, test_typical_week_twice_books_nothing_twice);
	tcase_add_test(tc, test_typical_week_change_cancels_only_its_own_difference);
	tcase_add_test(tc, test_typical_week_respects_the_notice_periods);
	tcase_add_test(tc, test_typical_week_preview_changes_nothing);
	tcase_add_test(tc, test_typical_week_linked_units_come_along);
	tcase_add_test(tc, test_typical_week_refuses_bad_weeks);
	tcase_add_test(tc, test_typical_week_expand_a_period);
	tcase_add_test(tc, test_typical_week_never_books_again_what_someone_else_cancelled);
	tcase_add_test(tc, test_typical_week_shorter_span_cancels_what_it_leaves_out);
	tcase_add_test(tc, test_typical_week_batch_leaves_the_days_outside_its_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(typical_week_suite());
}
