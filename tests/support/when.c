/*
 * when.c — days and instants written as text in tests (see when.h).
 */
#include <check.h>

#include "when.h"

ptl_day day(const char *text)
{
	ptl_day d;

	ck_assert_msg(ptl_day_parse(&d, text) == PTL_OK, "not a day: %s", text);
	return d;
}

ptl_time instant(const char *text)
{
	ptl_time t;

	ck_assert_msg(ptl_time_parse(&t, text) == PTL_OK, "not an instant: %s", text);
	return t;
}
