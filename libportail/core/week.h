/*
 * core/week.h — the pure part of the typical week (portail/week.h): the
 * checks of its input, which say what is wrong instead of recording an
 * error, and the expansion of an input that passed them.
 */
#ifndef PORTAIL_CORE_WEEK_H
#define PORTAIL_CORE_WEEK_H

#include <portail/week.h>

#include "core/problem.h"

/** NULL when @p options can be expanded, or what is wrong with it. */
const ptl__problem *ptl__week_check(const ptl_week_options *options);

/** NULL when @p list can receive items (NULL items only with capacity 0). */
const ptl__problem *ptl__week_list_check(const ptl_week_list *list);

/** NULL when @p previous is ascending by day then unit, each once. */
const ptl__problem *ptl__week_previous_check(const ptl_week_booking *previous, size_t count);

/** Expand checked @p options into @p out (ptl_week_expand). */
void ptl__week_expand(ptl_week_list *out, const ptl_week_options *options);

/** The cancellations of a re-expansion (ptl_week_reexpand's @p remove),
 *  for checked input. */
void ptl__week_removals(ptl_week_list *remove, const ptl_week_options *options,
                        const ptl_week_booking *previous, size_t previous_count,
                        const ptl_notice_rule *cancel_notice);

#endif
