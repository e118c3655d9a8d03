/*
 * test-units.c — booking and cancelling the units of a day by their
 * relations (core/units.h), on the units of the catalogue's example:
 * journée (0) and matin (1) incompatible, repas (2) depends on matin,
 * après-midi (3) links repas; and goûter (4), which depends on repas.
 */
#include <check.h>
#include <stdlib.h>

#include "core/units.h"

enum { JOURNEE, MATIN, REPAS, APRES_MIDI, GOUTER, UNITS };

static int journee_incompatible[] = { MATIN }, matin_incompatible[] = { JOURNEE };
static int apres_midi_linked[] = { REPAS };

static const ptl_catalogue_unit units[UNITS] = {
	[JOURNEE] = { .code = "journee", .depends_on = -1, .counter = -1,
	              .incompatible_count = 1, .incompatible = journee_incompatible },
	[MATIN] = { .code = "matin", .depends_on = -1, .counter = -1,
	            .incompatible_count = 1, .incompatible = matin_incompatible },
	[REPAS] = { .code = "repas", .depends_on = MATIN, .counter = -1 },
	[APRES_MIDI] = { .code = "apres-midi", .depends_on = -1, .counter = -1,
	                 .linked_count = 1, .linked = apres_midi_linked },
	[GOUTER] = { .code = "gouter", .depends_on = REPAS, .counter = -1 },
};

START_TEST(test_units_asked_alone)
{
	bool asked[UNITS] = { [JOURNEE] = true }, book[UNITS];

	ck_assert_uint_eq(ptl__units_to_book(book, NULL, 0, units, UNITS, asked, NULL), 0);
	ck_assert(book[JOURNEE] && !book[MATIN] && !book[REPAS] && !book[APRES_MIDI]);
}
END_TEST

START_TEST(test_units_linked_are_added)
{
	/* après-midi adds repas, whose parent matin is asked too. */
	bool asked[UNITS] = { [MATIN] = true, [APRES_MIDI] = true }, book[UNITS];

	ck_assert_uint_eq(ptl__units_to_book(book, NULL, 0, units, UNITS, asked, NULL), 0);
	ck_assert(book[MATIN] && book[APRES_MIDI] && book[REPAS] && !book[JOURNEE] && !book[GOUTER]);
}
END_TEST

/* Booking @p asked over @p booked gives exactly one conflict. */
static void expect_one_conflict(const bool *asked, const bool *booked,
                                enum ptl__unit_problem problem, int unit, int other)
{
	bool book[UNITS];
	ptl__unit_conflict c[4];

	ck_assert_uint_eq(ptl__units_to_book(book, c, 4, units, UNITS, asked, booked), 1);
	ck_assert_int_eq(c[0].problem, problem);
	ck_assert_int_eq(c[0].unit, unit);
	ck_assert_int_eq(c[0].other, other);
}

START_TEST(test_units_incompatible_once)
{
	/* matin asked on a day with journée booked already: the pair once. */
	bool asked[UNITS] = { [MATIN] = true }, booked[UNITS] = { [JOURNEE] = true };

	expect_one_conflict(asked, booked, PTL_UNITS_INCOMPATIBLE, JOURNEE, MATIN);
}
END_TEST

START_TEST(test_units_dependent_needs_its_parent)
{
	/* après-midi links repas, which needs matin: not asked. */
	bool asked[UNITS] = { [APRES_MIDI] = true };

	expect_one_conflict(asked, NULL, PTL_UNITS_WITHOUT_PARENT, REPAS, MATIN);
}
END_TEST

START_TEST(test_units_conflicts_counted_beyond_max)
{
	bool asked[UNITS] = { [JOURNEE] = true, [MATIN] = true, [GOUTER] = true }, book[UNITS];
	ptl__unit_conflict c[1];

	/* journée/matin, and goûter without repas: two, one written. */
	ck_assert_uint_eq(ptl__units_to_book(book, c, 1, units, UNITS, asked, NULL), 2);
	ck_assert_int_eq(c[0].problem, PTL_UNITS_INCOMPATIBLE);
}
END_TEST

START_TEST(test_units_cancel_takes_dependents)
{
	bool booked[UNITS] = { [MATIN] = true, [REPAS] = true, [APRES_MIDI] = true, [GOUTER] = true };
	bool cancelled[UNITS] = { [MATIN] = true, [JOURNEE] = true }, cancel[UNITS];

	/* matin goes with repas and goûter (through repas); après-midi, which
	 * had linked repas, stays; journée was not booked. */
	ck_assert_uint_eq(ptl__units_to_cancel(cancel, units, UNITS, booked, cancelled), 3);
	ck_assert(cancel[MATIN] && cancel[REPAS] && cancel[GOUTER]);
	ck_assert(!cancel[APRES_MIDI] && !cancel[JOURNEE]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("relations");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_units_asked_alone);
	tcase_add_test(tc, test_units_linked_are_added);
	tcase_add_test(tc, test_units_incompatible_once);
	tcase_add_test(tc, test_units_dependent_needs_its_parent);
	tcase_add_test(tc, test_units_conflicts_counted_beyond_max);
	tcase_add_test(tc, test_units_cancel_takes_dependents);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
