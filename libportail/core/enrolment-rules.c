/*
 * core/enrolment-rules.c — the pure rules of enrolling a child (see
 * enrolment-rules.h). Ages are counted "jour pour jour" like
 * ptl_age_years(): an anniversary that a month lacks (the 31st, 29
 * February) falls on the first day of the next month.
 */
#include <string.h>

#include "core/enrolment-rules.h"

int ptl__age_months(ptl_day birth, ptl_day on)
{
	int by, bm, bd, y, m, d;

	ptl_day_to_ymd(&by, &bm, &bd, birth);
	ptl_day_to_ymd(&y, &m, &d, on);
	int months = (y - by) * 12 + (m - bm);
	if (d < bd)
		months--;
	return months;
}

/* True when @p level is one of the comma-separated @p levels. */
static bool level_listed(const char *levels, const char *level)
{
	size_t len = strlen(level);

	if (len == 0)
		return false;
	for (const char *p = levels; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, level, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

enum ptl__eligibility ptl__group_eligibility(const struct ptl__group_rule *rule, ptl_day birth,
                                             const char *level)
{
	int age = ptl__age_months(birth, rule->reference_day);

	if (rule->min_age_months >= 0 && age < rule->min_age_months)
		return PTL__TOO_YOUNG;
	if (rule->max_age_months >= 0 && age >= rule->max_age_months)
		return PTL__TOO_OLD;
	if (rule->levels && *rule->levels && !level_listed(rule->levels, level ? level : ""))
		return PTL__WRONG_LEVEL;
	return PTL__ELIGIBLE;
}

enum ptl__window ptl__enrolment_window(ptl_day opens, ptl_day closes, ptl_day today)
{
	if (today < opens)
		return PTL__WINDOW_NOT_YET;
	if (today > closes)
		return PTL__WINDOW_CLOSED;
	return PTL__WINDOW_OPEN;
}

bool ptl__days_overlap(ptl_day a1, ptl_day a2, ptl_day b1, ptl_day b2)
{
	return a1 <= b2 && b1 <= a2;
}

const char *ptl__enrolment_marker(const char *status, bool pre_enrolment)
{
	if (!status)
		return NULL;
	if (strcmp(status, "validated") == 0)
		return "V";
	if (pre_enrolment && (strcmp(status, "pending") == 0 || strcmp(status, "waiting") == 0))
		return "!";
	if (strcmp(status, "pending") == 0)
		return "?";
	return NULL;
}
