/*
 * test-week.c — the typical week (week.h) and ISO weeks (date.h), without a
 * database: the ISO week at year edges, an expansion over a span starting
 * mid-week, every reason for skipping a day written out, even and odd
 * weeks across a week 53, idempotence, the difference when the typical
 * week changes (a week stored again over a shorter span cancels what it
 * leaves out, an expansion of some days does not), refused inputs, and a whole school year against a plain
 * day-by-day reading of the rules.
 */
#include <string.h>

#include <portail/portail.h>

#include "suite.h"
#include "when.h"

#define MONDAY_TO_FRIDAY 0x1fu
#define UNIT_DAY 10
#define UNIT_MEAL 11

/* A period open Monday to Friday over the school year 2026-2027, a child
 * enrolled for all of it, nothing booked, "now" well before. */
static ptl_week_options school_year(void)
{
	ptl_week_options o = PTL_WEEK_OPTIONS_INIT;

	o.period_first = day("2026-09-01");
	o.period_last = day("2027-07-03");
	o.opening_weekdays = MONDAY_TO_FRIDAY;
	o.enrolment_first = o.period_first;
	o.enrolment_last = o.period_last;
	o.from = o.period_first;
	o.to = o.period_last;
	o.now = instant("2026-06-01T08:00:00Z");
	return o;
}

struct expected {
	const char *day;
	int64_t unit;
	ptl_week_outcome outcome;
};

static void assert_items(const ptl_week_list *list, const struct expected *expected, size_t n)
{
	ck_assert_uint_eq(list->count, n);
	for (size_t i = 0; i < n; i++) {
		char got[11];
		ptl_day_format(got, list->items[i].day);
		ck_assert_msg(list->items[i].day == day(expected[i].day) &&
		                  list->items[i].unit == expected[i].unit &&
		                  list->items[i].outcome == expected[i].outcome,
		              "item %zu: %s unit %lld %s, expected %s unit %lld %s", i, got,
		              (long long)list->items[i].unit,
		              ptl_week_outcome_name(list->items[i].outcome), expected[i].day,
		              (long long)expected[i].unit, ptl_week_outcome_name(expected[i].outcome));
	}
}

/* --- ISO weeks ----------------------------------------------------------- */

static void assert_iso_week(const char *date, int week_year, int week)
{
	int y = 0, w = 0;

	ptl_day_iso_week(&y, &w, day(date));
	ck_assert_msg(y == week_year && w == week, "%s: %d-W%02d, expected %d-W%02d", date, y, w,
	              week_year, week);
}

START_TEST(test_week_iso_week_at_year_edges)
{
	assert_iso_week("2026-10-14", 2026, 42);
	assert_iso_week("2026-01-01", 2026, 1);   /* a Thursday: week 1 */
	assert_iso_week("2026-12-31", 2026, 53);  /* a Thursday of a 53-week year */
	assert_iso_week("2027-01-01", 2026, 53);  /* in the week of the Thursday before */
	assert_iso_week("2027-01-03", 2026, 53);
	assert_iso_week("2027-01-04", 2027, 1);
	assert_iso_week("2027-12-31", 2027, 52);
	assert_iso_week("2020-12-31", 2020, 53);
	assert_iso_week("2021-01-03", 2020, 53);
	assert_iso_week("2021-01-04", 2021, 1);
	assert_iso_week("2024-12-30", 2025, 1);   /* a Monday already in next year's week 1 */
	assert_iso_week("2024-02-29", 2024, 9);
	assert_iso_week("2010-01-03", 2009, 53);
}
END_TEST

/* --- expansion ----------------------------------------------------------- */

START_TEST(test_week_span_starting_mid_week)
{
	/* From Thursday 3 September 2026: the first Monday and Wednesday
	 * are those of the next week. */
	ptl_week_slot slots[] = { { 1, UNIT_DAY, PTL_WEEK_EVERY }, { 3, UNIT_DAY, PTL_WEEK_EVERY },
	                          { 3, UNIT_MEAL, PTL_WEEK_EVERY } };
	ptl_week_item items[32];
	ptl_week_list out = { items, 32, 99 };
	ptl_week_options o = school_year();
	o.enrolment_first = o.from = day("2026-09-03");
	o.to = day("2026-09-23");
	o.slots = slots;
	o.slot_count = 3;

	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	const struct expected expected[] = {
		{ "2026-09-07", UNIT_DAY, PTL_WEEK_BOOK },  { "2026-09-09", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-09-09", UNIT_MEAL, PTL_WEEK_BOOK }, { "2026-09-14", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-09-16", UNIT_DAY, PTL_WEEK_BOOK },  { "2026-09-16", UNIT_MEAL, PTL_WEEK_BOOK },
		{ "2026-09-21", UNIT_DAY, PTL_WEEK_BOOK },  { "2026-09-23", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-09-23", UNIT_MEAL, PTL_WEEK_BOOK },
	};
	assert_items(&out, expected, sizeof(expected) / sizeof(expected[0]));
}
END_TEST

START_TEST(test_week_every_reason_to_skip)
{
	/* Autumn 2026: the Toussaint holidays close the period from 19 to
	 * 30 October; Wednesday 11 November is a public holiday; Wednesday
	 * 4 November is booked already; the enrolment ends on 12 November.
	 * Now is Monday 12 October at 11:00 in Paris, with "D-2 12:00": the
	 * Monday itself is past its notice, Wednesday 14 is not. */
	ptl_day closures[10];
	ptl_week_slot slots[] = { { 1, UNIT_DAY, PTL_WEEK_EVERY }, { 3, UNIT_DAY, PTL_WEEK_EVERY } };
	ptl_week_booking booked[] = { { day("2026-10-05"), UNIT_DAY }, { day("2026-11-04"), UNIT_DAY },
	                              { day("2026-11-04"), UNIT_MEAL } };
	ptl_notice_rule notice;
	ptl_week_item items[32];
	ptl_week_list out = { items, 32, 0 };
	ptl_week_options o = school_year();
	size_t n = 0;

	for (ptl_day d = day("2026-10-19"); d <= day("2026-10-30"); d++)
		if (ptl_day_weekday(d) <= 5)
			closures[n++] = d;
	ck_assert_int_eq(ptl_notice_parse(&notice, "D-2 12:00"), PTL_OK);
	o.from = day("2026-10-12");
	o.to = day("2026-11-18");
	o.enrolment_last = day("2026-11-12");
	o.closures = closures;
	o.closure_count = n;
	o.slots = slots;
	o.slot_count = 2;
	o.booked = booked;
	o.booked_count = 3;
	o.notice = &notice;
	o.now = instant("2026-10-12T09:00:00Z");

	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	const struct expected expected[] = {
		{ "2026-10-12", UNIT_DAY, PTL_WEEK_PAST_NOTICE },
		{ "2026-10-14", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-10-19", UNIT_DAY, PTL_WEEK_CLOSED },
		{ "2026-10-21", UNIT_DAY, PTL_WEEK_CLOSED },
		{ "2026-10-26", UNIT_DAY, PTL_WEEK_CLOSED },
		{ "2026-10-28", UNIT_DAY, PTL_WEEK_CLOSED },
		{ "2026-11-02", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-11-04", UNIT_DAY, PTL_WEEK_ALREADY_BOOKED },
		{ "2026-11-09", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-11-11", UNIT_DAY, PTL_WEEK_HOLIDAY },
		{ "2026-11-16", UNIT_DAY, PTL_WEEK_OUTSIDE_ENROLMENT },
		{ "2026-11-18", UNIT_DAY, PTL_WEEK_OUTSIDE_ENROLMENT },
	};
	assert_items(&out, expected, sizeof(expected) / sizeof(expected[0]));

	/* An hour later (noon in Paris), Wednesday 14 is past its notice too. */
	o.now = instant("2026-10-12T10:00:00Z");
	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	ck_assert_int_eq(items[1].outcome, PTL_WEEK_PAST_NOTICE);
	ck_assert_int_eq(items[6].outcome, PTL_WEEK_BOOK);
}
END_TEST

START_TEST(test_week_closed_weekdays_and_period_edges)
{
	/* A Wednesdays-only period (bit 2) from Wednesday 2 September: a
	 * Saturday slot is closed, as is a day before the period starts. */
	ptl_week_slot slots[] = { { 3, UNIT_DAY, PTL_WEEK_EVERY }, { 6, UNIT_DAY, PTL_WEEK_EVERY } };
	ptl_week_item items[8];
	ptl_week_list out = { items, 8, 0 };
	ptl_week_options o = school_year();
	o.opening_weekdays = 1u << 2;
	o.period_first = day("2026-09-02");
	o.enrolment_first = day("2026-08-01");
	o.from = day("2026-08-26");
	o.to = day("2026-09-06");
	o.slots = slots;
	o.slot_count = 2;

	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	const struct expected expected[] = {
		{ "2026-08-26", UNIT_DAY, PTL_WEEK_CLOSED }, { "2026-08-29", UNIT_DAY, PTL_WEEK_CLOSED },
		{ "2026-09-02", UNIT_DAY, PTL_WEEK_BOOK },   { "2026-09-05", UNIT_DAY, PTL_WEEK_CLOSED },
	};
	assert_items(&out, expected, sizeof(expected) / sizeof(expected[0]));
}
END_TEST

START_TEST(test_week_even_and_odd_weeks_across_week_53)
{
	/* Wednesdays of even weeks, Fridays of odd weeks. Week 53 of 2026 and
	 * week 1 of 2027 are both odd: Friday 1 January (a holiday) and Friday
	 * 8 January both come from the Friday slot. */
	ptl_week_slot slots[] = { { 3, UNIT_DAY, PTL_WEEK_EVEN }, { 5, UNIT_DAY, PTL_WEEK_ODD } };
	ptl_week_item items[16];
	ptl_week_list out = { items, 16, 0 };
	ptl_week_options o = school_year();
	o.from = day("2026-12-14");
	o.to = day("2027-01-15");
	o.slots = slots;
	o.slot_count = 2;

	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	const struct expected expected[] = {
		{ "2026-12-18", UNIT_DAY, PTL_WEEK_BOOK },    /* week 51 */
		{ "2026-12-23", UNIT_DAY, PTL_WEEK_BOOK },    /* week 52 */
		{ "2027-01-01", UNIT_DAY, PTL_WEEK_HOLIDAY }, /* week 53 */
		{ "2027-01-08", UNIT_DAY, PTL_WEEK_BOOK },    /* week 1 */
		{ "2027-01-13", UNIT_DAY, PTL_WEEK_BOOK },    /* week 2 */
	};
	assert_items(&out, expected, sizeof(expected) / sizeof(expected[0]));
}
END_TEST

START_TEST(test_week_list_counts_beyond_its_capacity)
{
	ptl_week_slot slots[] = { { 3, UNIT_DAY, PTL_WEEK_EVERY } };
	ptl_week_item items[2] = { { 0, 0, PTL_WEEK_BOOK }, { 0, 0, PTL_WEEK_BOOK } };
	ptl_week_list out = { items, 1, 0 };
	ptl_week_list sizing = { NULL, 0, 0 };
	ptl_week_options o = school_year();
	o.from = day("2026-09-01");
	o.to = day("2026-09-30");
	o.slots = slots;
	o.slot_count = 1;

	ck_assert_int_eq(ptl_week_expand(&sizing, &o), PTL_OK);
	ck_assert_uint_eq(sizing.count, 5);  /* Wednesdays 2, 9, 16, 23, 30 */
	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	ck_assert_uint_eq(out.count, 5);
	ck_assert_int_eq(items[0].day, day("2026-09-02"));
	ck_assert_int_eq(items[1].day, 0);  /* beyond the capacity: untouched */
}
END_TEST

START_TEST(test_week_refuses_bad_input)
{
	ptl_week_slot slots[] = { { 3, UNIT_DAY, PTL_WEEK_EVERY }, { 3, UNIT_DAY, PTL_WEEK_EVEN } };
	ptl_week_slot bad_weekday[] = { { 8, UNIT_DAY, PTL_WEEK_EVERY } };
	ptl_week_slot even_and_odd[] = { { 3, UNIT_DAY, PTL_WEEK_EVEN }, { 3, UNIT_DAY, PTL_WEEK_ODD } };
	ptl_day closures[] = { day("2026-10-21"), day("2026-10-20") };
	ptl_week_booking booked[] = { { day("2026-10-21"), UNIT_DAY }, { day("2026-10-21"), UNIT_DAY } };
	ptl_notice_rule notice = { PTL_NOTICE_DAYS, 2, 0, 24 * 60 };
	ptl_week_item items[4];
	ptl_week_list out = { items, 4, 7 };
	ptl_week_options good = school_year(), o;
	good.slots = even_and_odd;
	good.slot_count = 2;

	ck_assert_int_eq(ptl_week_expand(&out, &good), PTL_OK);  /* even and odd: allowed */

#define REFUSED(change, field_name)                                                 \
	do {                                                                           \
		o = good;                                                              \
		change;                                                                \
		out.count = 7;                                                         \
		ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_EINVALID);             \
		ck_assert_str_eq(ptl_error_last()->field, field_name);                 \
		ck_assert_uint_eq(out.count, 0);                                       \
	} while (0)

	REFUSED(o.version = 0, "version");
	REFUSED(o.version = PTL_WEEK_OPTIONS_VERSION + 1, "version");
	REFUSED(o.to = o.from - 1, "to");
	REFUSED(o.opening_weekdays = 0x80, "opening_weekdays");
	REFUSED((o.closures = closures, o.closure_count = 2), "closures");
	REFUSED(o.closure_count = 1, "closures");  /* a count without an array */
	REFUSED((o.slots = slots, o.slot_count = 2), "slots");  /* every week and even */
	REFUSED((o.slots = bad_weekday, o.slot_count = 1), "slots");
	REFUSED((o.booked = booked, o.booked_count = 2), "booked");
	REFUSED(o.notice = &notice, "notice");
#undef REFUSED

	ptl_week_list no_room = { NULL, 3, 0 };
	ck_assert_int_eq(ptl_week_expand(&no_room, &good), PTL_EINVALID);
	ck_assert_int_eq(ptl_week_expand(NULL, &good), PTL_EINVALID);
	ck_assert_int_eq(ptl_week_expand(&out, NULL), PTL_EINVALID);
	ck_assert_ptr_nonnull(ptl_error_last()->message_fr);
}
END_TEST

/* The bookings of @p list's items with outcome @p outcome (in day then
 * unit order, as they come for slots in unit order). */
static size_t bookings_of(ptl_week_booking *out, const ptl_week_list *list,
                          ptl_week_outcome outcome)
{
	size_t n = 0;

	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i].outcome == outcome) {
			out[n].day = list->items[i].day;
			out[n].unit = list->items[i].unit;
			n++;
		}
	}
	return n;
}

START_TEST(test_week_expanding_twice_books_nothing_twice)
{
	ptl_week_slot slots[] = { { 1, UNIT_DAY, PTL_WEEK_EVERY }, { 3, UNIT_DAY, PTL_WEEK_EVERY },
	                          { 3, UNIT_MEAL, PTL_WEEK_ODD } };
	static ptl_week_item items[400];
	static ptl_week_booking booked[400];
	ptl_week_list out = { items, 400, 0 };
	ptl_week_options o = school_year();
	o.slots = slots;
	o.slot_count = 3;

	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	ck_assert_uint_le(out.count, 400);
	size_t first = bookings_of(booked, &out, PTL_WEEK_BOOK);
	ck_assert_uint_gt(first, 60);
	o.booked = booked;
	o.booked_count = first;
	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	for (size_t i = 0; i < out.count; i++)
		ck_assert_int_ne(items[i].outcome, PTL_WEEK_BOOK);
	ck_assert_uint_eq(bookings_of(booked, &out, PTL_WEEK_ALREADY_BOOKED), first);
}
END_TEST

START_TEST(test_week_changed_week_adds_and_removes_the_difference)
{
	/* The previous week, Mondays and Wednesdays, was expanded in June over
	 * September and October 2026. On Tuesday 15 September at 10:00 in
	 * Paris the parent changes Mondays to Thursdays from 14 September on.
	 * Cancelling needs "D-1 12:00": Monday 14 is past it and stays;
	 * booking needs "D-2 12:00": Thursday 17 is still in time. */
	ptl_week_slot before[] = { { 1, UNIT_DAY, PTL_WEEK_EVERY }, { 3, UNIT_DAY, PTL_WEEK_EVERY } };
	ptl_week_slot after[] = { { 3, UNIT_DAY, PTL_WEEK_EVERY }, { 4, UNIT_DAY, PTL_WEEK_EVERY } };
	static ptl_week_item items[64], removed[64];
	static ptl_week_booking previous[64];
	ptl_week_list out = { items, 64, 0 }, remove = { removed, 64, 0 };
	ptl_notice_rule booking, cancelling;
	ptl_week_options o = school_year();

	ck_assert_int_eq(ptl_notice_parse(&booking, "D-2 12:00"), PTL_OK);
	ck_assert_int_eq(ptl_notice_parse(&cancelling, "D-1 12:00"), PTL_OK);
	o.to = day("2026-10-16");
	o.slots = before;
	o.slot_count = 2;
	o.notice = &booking;
	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	size_t n = bookings_of(previous, &out, PTL_WEEK_BOOK);
	ck_assert_uint_eq(n, 13);  /* 6 Mondays, 7 Wednesdays */

	o.from = day("2026-09-14");
	o.slots = after;
	o.booked = previous;
	o.booked_count = n;
	o.now = instant("2026-09-15T08:00:00Z");
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, previous, n, &cancelling), PTL_OK);
	const struct expected added[] = {
		{ "2026-09-16", UNIT_DAY, PTL_WEEK_ALREADY_BOOKED },
		{ "2026-09-17", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-09-23", UNIT_DAY, PTL_WEEK_ALREADY_BOOKED },
		{ "2026-09-24", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-09-30", UNIT_DAY, PTL_WEEK_ALREADY_BOOKED },
		{ "2026-10-01", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-10-07", UNIT_DAY, PTL_WEEK_ALREADY_BOOKED },
		{ "2026-10-08", UNIT_DAY, PTL_WEEK_BOOK },
		{ "2026-10-14", UNIT_DAY, PTL_WEEK_ALREADY_BOOKED },
		{ "2026-10-15", UNIT_DAY, PTL_WEEK_BOOK },
	};
	assert_items(&out, added, sizeof(added) / sizeof(added[0]));
	/* Mondays 7 September is outside the span: left alone. */
	const struct expected removed_expected[] = {
		{ "2026-09-14", UNIT_DAY, PTL_WEEK_PAST_NOTICE },
		{ "2026-09-21", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-09-28", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-10-05", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-10-12", UNIT_DAY, PTL_WEEK_CANCEL },
	};
	assert_items(&remove, removed_expected, sizeof(removed_expected) / sizeof(removed_expected[0]));

	/* The same week again: nothing to add, nothing to remove. */
	o.slots = before;
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, previous, n, &cancelling), PTL_OK);
	ck_assert_uint_eq(remove.count, 0);
	for (size_t i = 0; i < out.count; i++)
		ck_assert_int_ne(items[i].outcome, PTL_WEEK_BOOK);

	/* Previous bookings out of order are refused. */
	ptl_week_booking swapped[] = { previous[1], previous[0] };
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, swapped, 2, &cancelling), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "previous");
	ck_assert_uint_eq(remove.count, 0);
}
END_TEST

START_TEST(test_week_replacing_week_cancels_what_its_span_leaves_out)
{
	/* Wednesdays booked in June over September and October 2026. On
	 * Tuesday 15 September the week is stored again, the same Wednesdays
	 * but from 21 September to 30 September. Cancelling needs "D-1 12:00":
	 * 16 September is still in time. */
	ptl_week_slot wednesdays[] = { { 3, UNIT_DAY, PTL_WEEK_EVERY } };
	static ptl_week_item items[64], removed[64];
	static ptl_week_booking previous[64];
	ptl_week_list out = { items, 64, 0 }, remove = { removed, 64, 0 };
	ptl_notice_rule cancelling;
	ptl_week_options o = school_year();

	ck_assert_int_eq(ptl_notice_parse(&cancelling, "D-1 12:00"), PTL_OK);
	o.to = day("2026-10-31");
	o.slots = wednesdays;
	o.slot_count = 1;
	ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
	size_t n = bookings_of(previous, &out, PTL_WEEK_BOOK);
	ck_assert_uint_eq(n, 9);
	/* The previous bookings from "today" on, as the caller gives them. */
	while (n > 0 && previous[0].day < day("2026-09-15"))
		memmove(previous, previous + 1, --n * sizeof(*previous));
	ck_assert_uint_eq(n, 7);

	o.from = day("2026-09-21");
	o.to = day("2026-09-30");
	o.booked = previous;
	o.booked_count = n;
	o.now = instant("2026-09-15T08:00:00Z");
	o.replaces = true;
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, previous, n, &cancelling), PTL_OK);
	const struct expected left_out[] = {
		{ "2026-09-16", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-10-07", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-10-14", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-10-21", UNIT_DAY, PTL_WEEK_CANCEL },
		{ "2026-10-28", UNIT_DAY, PTL_WEEK_CANCEL },
	};
	assert_items(&remove, left_out, sizeof(left_out) / sizeof(left_out[0]));
	ck_assert_uint_eq(out.count, 2);  /* 23 and 30 September, booked already */

	/* Too late for the 16th at noon on the 15th: kept. */
	o.now = instant("2026-09-15T11:00:00Z");
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, previous, n, &cancelling), PTL_OK);
	ck_assert_int_eq(removed[0].outcome, PTL_WEEK_PAST_NOTICE);
	ck_assert_int_eq(removed[1].outcome, PTL_WEEK_CANCEL);

	/* Expanding those days only (a batch over them), or a version 1
	 * caller: the bookings outside them are left alone. */
	o.replaces = false;
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, previous, n, &cancelling), PTL_OK);
	ck_assert_uint_eq(remove.count, 0);
	o.replaces = true;
	o.version = 1;
	ck_assert_int_eq(ptl_week_reexpand(&out, &remove, &o, previous, n, &cancelling), PTL_OK);
	ck_assert_uint_eq(remove.count, 0);
}
END_TEST

/* The outcome of (d, unit) read plainly from the rules, day by day. */
static ptl_week_outcome plain_outcome(const ptl_week_options *o, ptl_day d, int64_t unit)
{
	if (d < o->enrolment_first || d > o->enrolment_last)
		return PTL_WEEK_OUTSIDE_ENROLMENT;
	if (d < o->period_first || d > o->period_last ||
	    !(o->opening_weekdays & (1u << (ptl_day_weekday(d) - 1))))
		return PTL_WEEK_CLOSED;
	if (ptl_holiday_is(d, o->holidays))
		return PTL_WEEK_HOLIDAY;
	for (size_t i = 0; i < o->closure_count; i++)
		if (o->closures[i] == d)
			return PTL_WEEK_CLOSED;
	for (size_t i = 0; i < o->booked_count; i++)
		if (o->booked[i].day == d && o->booked[i].unit == unit)
			return PTL_WEEK_ALREADY_BOOKED;
	if (!ptl_notice_allows(o->notice, d, o->holidays, o->now))
		return PTL_WEEK_PAST_NOTICE;
	return PTL_WEEK_BOOK;
}

START_TEST(test_week_school_year_agrees_with_the_rules_day_by_day)
{
	const char *rules[] = { "D-2 12:00", "D-3 working 18:00", "previous wednesday 12:00",
	                        "previous-week monday 18:00", "previous-month day 20 12:00" };
	const char *nows[] = { "2026-06-01T08:00:00Z", "2026-10-14T09:59:00Z",
	                       "2026-12-31T23:30:00Z", "2027-03-28T00:30:00Z" };
	ptl_week_slot slots[] = { { 1, UNIT_DAY, PTL_WEEK_EVERY }, { 2, UNIT_MEAL, PTL_WEEK_EVEN },
	                          { 3, UNIT_DAY, PTL_WEEK_ODD },   { 3, UNIT_MEAL, PTL_WEEK_EVERY },
	                          { 5, UNIT_DAY, PTL_WEEK_EVERY }, { 6, UNIT_DAY, PTL_WEEK_EVERY } };
	ptl_day closures[64];
	ptl_week_booking booked[64];
	static ptl_week_item items[1024];
	ptl_week_list out = { items, 1024, 0 };
	ptl_notice_rule notice;
	ptl_week_options o = school_year();
	size_t nc = 0, nb = 0;

	/* Christmas holidays and a bridge; a booking every third Friday. */
	for (ptl_day d = day("2026-12-19"); d <= day("2027-01-03"); d++)
		closures[nc++] = d;
	closures[nc++] = day("2027-05-07");
	for (ptl_day d = day("2026-09-04"); d <= o.period_last && nb < 64; d += 21)
		booked[nb++] = (ptl_week_booking){ d, UNIT_DAY };
	o.enrolment_first = day("2026-09-03");
	o.enrolment_last = day("2027-06-30");
	o.closures = closures;
	o.closure_count = nc;
	o.booked = booked;
	o.booked_count = nb;
	o.slots = slots;
	o.slot_count = 6;
	o.notice = &notice;
	o.from = day("2026-08-31");

	for (unsigned int flags = 0; flags <= PTL_HOLIDAY_ALSACE_MOSELLE; flags++) {
		o.holidays = flags;
		for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
			ck_assert_int_eq(ptl_notice_parse(&notice, rules[r]), PTL_OK);
			for (size_t w = 0; w < sizeof(nows) / sizeof(nows[0]); w++) {
				o.now = instant(nows[w]);
				ck_assert_int_eq(ptl_week_expand(&out, &o), PTL_OK);
				ck_assert_uint_le(out.count, 1024);
				size_t at = 0;
				for (ptl_day d = o.from; d <= o.to; d++) {
					int y, week;
					ptl_day_iso_week(&y, &week, d);
					for (size_t s = 0; s < o.slot_count; s++) {
						if (slots[s].weekday != ptl_day_weekday(d) ||
						    (slots[s].parity == PTL_WEEK_EVEN && week % 2) ||
						    (slots[s].parity == PTL_WEEK_ODD && !(week % 2)))
							continue;
						ck_assert_uint_lt(at, out.count);
						ck_assert_int_eq(items[at].day, d);
						ck_assert_int_eq(items[at].unit, slots[s].unit);
						ck_assert_msg(items[at].outcome == plain_outcome(&o, d, slots[s].unit),
						              "%s, now %s, day %d unit %lld: %s", rules[r], nows[w], d,
						              (long long)slots[s].unit,
						              ptl_week_outcome_name(items[at].outcome));
						at++;
					}
				}
				ck_assert_uint_eq(at, out.count);
			}
		}
	}
}
END_TEST

START_TEST(test_week_outcome_words)
{
	ck_assert_str_eq(ptl_week_outcome_name(PTL_WEEK_BOOK), "book");
	ck_assert_str_eq(ptl_week_outcome_name(PTL_WEEK_PAST_NOTICE), "past_notice");
	ck_assert_str_eq(ptl_week_outcome_fr(PTL_WEEK_HOLIDAY), "jour férié");
	ck_assert_str_eq(ptl_week_outcome_fr(PTL_WEEK_PAST_NOTICE), "délai de prévenance dépassé");
	for (int i = PTL_WEEK_BOOK; i <= PTL_WEEK_PAST_NOTICE; i++) {
		ck_assert_ptr_nonnull(ptl_week_outcome_name((ptl_week_outcome)i));
		ck_assert_ptr_nonnull(ptl_week_outcome_fr((ptl_week_outcome)i));
	}
	ck_assert_ptr_null(ptl_week_outcome_name((ptl_week_outcome)7));
	ck_assert_ptr_null(ptl_week_outcome_fr((ptl_week_outcome)-1));
}
END_TEST

static Suite *week_suite(void)
{
	Suite *s = suite_create("week");
	TCase *iso = tcase_create("iso");
	TCase *expand = tcase_create("expand");
	TCase *again = tcase_create("again");

	tcase_set_timeout(expand, 60);
	tcase_add_test(iso, test_week_iso_week_at_year_edges);
	tcase_add_test(expand, test_week_span_starting_mid_week);
	tcase_add_test(expand, test_week_every_reason_to_skip);
	tcase_add_test(expand, test_week_closed_weekdays_and_period_edges);
	tcase_add_test(expand, test_week_even_and_odd_weeks_across_week_53);
	tcase_add_test(expand, test_week_list_counts_beyond_its_capacity);
	tcase_add_test(expand, test_week_refuses_bad_input);
	tcase_add_test(expand, test_week_school_year_agrees_with_the_rules_day_by_day);
	tcase_add_test(expand, test_week_outcome_words);
	tcase_add_test(again, test_week_expanding_twice_books_nothing_twice);
	tcase_add_test(again, test_week_changed_week_adds_and_removes_the_difference);
	tcase_add_test(again, test_week_replacing_week_cancels_what_its_span_leaves_out);
	suite_add_tcase(s, iso);
	suite_add_tcase(s, expand);
	suite_add_tcase(s, again);
	return s;
}

int main(void)
{
	return ptl_test_run(week_suite());
}
