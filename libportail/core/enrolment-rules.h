/*
 * core/enrolment-rules.h — the pure rules of enrolling a child: age in
 * completed months, eligibility for a group (age on the group's reference
 * day, school level), the enrolment window, overlapping dates, the markers
 * the guide shows (V / ? / !). Days written out in French come from
 * ptl_day_format_fr() (date.h). Libc only, no I/O, no clock: "today" is an
 * argument.
 */
#ifndef PORTAIL_CORE_ENROLMENT_RULES_H
#define PORTAIL_CORE_ENROLMENT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include <portail/date.h>

/** Age in completed months on @p on of a child born on @p birth; negative
 *  before the birth. A month is completed on the same day-of-month as the
 *  birth; when that day does not exist (born on the 31st, on 29 February)
 *  it is completed on the first day of the next month, as ptl_age_years()
 *  counts years (the "jour pour jour" reading of ages: born on 31 January,
 *  one month old on 1 March, not on 28 February). */
int ptl__age_months(ptl_day birth, ptl_day on);

/** Why a child is or is not eligible for a group. */
enum ptl__eligibility {
	PTL__ELIGIBLE = 0,
	PTL__TOO_YOUNG = 1,    /* under min_age_months on the reference day */
	PTL__TOO_OLD = 2,      /* max_age_months or over on the reference day */
	PTL__WRONG_LEVEL = 3,  /* the group takes school levels the child's is not */
};

/** A group's eligibility rules, as the catalogue holds them. */
struct ptl__group_rule {
	int min_age_months;       /* -1: no lower bound */
	int max_age_months;       /* -1: no upper bound (exclusive) */
	ptl_day reference_day;    /* the day the age is counted on */
	const char *levels;       /* the school levels it takes, separated by
	                             commas ("PS,MS,GS"); "" or NULL: any */
};

/** Whether a child born on @p birth, at school level @p level ("" when
 *  none), may join a group with rules @p rule. Age first, then level: a
 *  group with levels does not take a child without one. */
enum ptl__eligibility ptl__group_eligibility(const struct ptl__group_rule *rule, ptl_day birth,
                                             const char *level);

/** Where @p today stands in an enrolment window [opens, closes]. */
enum ptl__window { PTL__WINDOW_OPEN = 0, PTL__WINDOW_NOT_YET = 1, PTL__WINDOW_CLOSED = 2 };

enum ptl__window ptl__enrolment_window(ptl_day opens, ptl_day closes, ptl_day today);

/** True when the inclusive ranges [a1, a2] and [b1, b2] share a day. */
bool ptl__days_overlap(ptl_day a1, ptl_day a2, ptl_day b1, ptl_day b2);

/** The guide's marker of an enrolment in @p status ("pending", "validated",
 *  "waiting", ...): "V" validated; "!" a petite-enfance pre-enrolment not
 *  validated yet (pending or waiting); "?" any other pending one; NULL
 *  otherwise. Static storage. */
const char *ptl__enrolment_marker(const char *status, bool pre_enrolment);

#endif
