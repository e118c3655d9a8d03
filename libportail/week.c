/*
 * week.c — the public face of core/week.c: it checks the input, records
 * why it is refused in the calling thread's last error, and expands. The
 * rules themselves are in core.
 */
#include <portail/week.h>

#include "core/notice.h"
#include "core/week.h"
#include "error-internal.h"

/* The first problem of the input common to both functions, recorded. */
static int check(const ptl_week_list *list, const ptl_week_list *other,
                 const ptl_week_options *options)
{
	const ptl__problem *problem = ptl__week_list_check(list);

	if (!problem && other)
		problem = ptl__week_list_check(other);
	if (problem)
		return ptl__error_problem(problem);
	int rc = ptl__options_check(options ? &options->version : NULL, PTL_WEEK_OPTIONS_VERSION,
	                            "ptl_week_options");
	if (rc != PTL_OK)
		return rc;
	problem = ptl__week_check(options);
	return problem ? ptl__error_problem(problem) : PTL_OK;
}

int ptl_week_expand(ptl_week_list *out, const ptl_week_options *options)
{
	int rc = check(out, NULL, options);

	if (rc != PTL_OK) {
		if (out)
			out->count = 0;
		return rc;
	}
	ptl__week_expand(out, options);
	return PTL_OK;
}

int ptl_week_reexpand(ptl_week_list *add, ptl_week_list *remove, const ptl_week_options *options,
                      const ptl_week_booking *previous, size_t previous_count,
                      const ptl_notice_rule *cancel_notice)
{
	int rc = check(add, remove, options);
	const ptl__problem *problem = NULL;

	if (rc == PTL_OK) {
		problem = ptl__week_previous_check(previous, previous_count);
		if (!problem && cancel_notice)
			problem = ptl__notice_check(cancel_notice);
		if (problem)
			rc = ptl__error_problem(problem);
	}
	if (rc != PTL_OK) {
		if (add)
			add->count = 0;
		if (remove)
			remove->count = 0;
		return rc;
	}
	ptl__week_expand(add, options);
	ptl__week_removals(remove, options, previous, previous_count, cancel_notice);
	return PTL_OK;
}
