/*
 * notice.c — the public face of core/notice.c where an input can be
 * refused: it records why in the calling thread's last error (PTL_EINVALID,
 * field, French and English messages). The rules themselves are in core.
 */
#include <portail/notice.h>

#include "core/notice.h"
#include "error-internal.h"

int ptl_notice_parse(ptl_notice_rule *out, const char *text)
{
	const ptl__problem *problem = ptl__notice_parse(out, text);

	return problem ? ptl__error_problem(problem) : PTL_OK;
}

int ptl_notice_deadline(int64_t *out, const ptl_notice_rule *rule, ptl_day day,
                        unsigned int holidays)
{
	const ptl__problem *problem = ptl__notice_deadline(out, rule, day, holidays);

	return problem ? ptl__error_problem(problem) : PTL_OK;
}
