/*
 * core/notice.h — the pure part of notice periods (portail/notice.h):
 * checks that say what is wrong instead of recording an error, and the
 * deadline day, which the typical-week expansion also uses.
 */
#ifndef PORTAIL_CORE_NOTICE_H
#define PORTAIL_CORE_NOTICE_H

#include <portail/notice.h>

#include "core/problem.h"

/** Parse a rule's text form into @p out: NULL, or why it cannot be read
 *  (@p out untouched). */
const ptl__problem *ptl__notice_parse(ptl_notice_rule *out, const char *text);

/** NULL when @p rule is in range, or what is out of range. */
const ptl__problem *ptl__notice_check(const ptl_notice_rule *rule);

/** The deadline of a change of @p day under a valid @p rule, into @p out:
 *  NULL, or why it cannot be computed (a day outside 1900-9999). */
const ptl__problem *ptl__notice_deadline(int64_t *out, const ptl_notice_rule *rule, ptl_day day,
                                         unsigned int holidays);

#endif
