/*
 * test-zoneinfo.c — the library's own Europe/Paris time (date.h) against
 * the system's time zone database (Debian's tzdata, read by the C library
 * with TZ=Europe/Paris): the UTC offset of every hour from 2000-01-01 to
 * 2037-12-31, the Paris calendar day of each, and the instant of each wall
 * clock reading (the hour shown twice in October gives its first instant).
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <portail/portail.h>

#include "suite.h"

START_TEST(test_zoneinfo_paris_offset_every_hour_2000_2037)
{
	ptl_time first, last;
	long checked = 0, repeated = 0;

	ck_assert_msg(access("/usr/share/zoneinfo/Europe/Paris", R_OK) == 0,
	              "no /usr/share/zoneinfo/Europe/Paris: install the tzdata package");
	ck_assert_int_eq(setenv("TZ", "Europe/Paris", 1), 0);
	tzset();
	ck_assert_int_eq(ptl_time_parse(&first, "2000-01-01T00:00:00Z"), PTL_OK);
	ck_assert_int_eq(ptl_time_parse(&last, "2037-12-31T23:00:00Z"), PTL_OK);

	for (ptl_time t = first; t <= last; t += 3600) {
		time_t tt = (time_t)t;
		struct tm tm;
		ptl_day local_day;

		ck_assert_ptr_nonnull(localtime_r(&tt, &tm));
		ck_assert_msg(tm.tm_gmtoff == ptl_paris_utc_offset(t),
		              "at %lld: zoneinfo %ld s, library %d s", (long long)t, (long)tm.tm_gmtoff,
		              ptl_paris_utc_offset(t));
		ck_assert_int_eq(ptl_day_from_ymd(&local_day, tm.tm_year + 1900, tm.tm_mon + 1,
		                                  tm.tm_mday), PTL_OK);
		ck_assert_int_eq(ptl_day_of_instant_paris(t), local_day);

		/* The wall clock reading back: the same instant, or for the
		 * hour shown twice, the first time it was shown. */
		int64_t back = ptl_instant_of_paris_wall(local_day, tm.tm_hour * 3600 + tm.tm_min * 60);
		if (back != t) {
			ck_assert_msg(back == t - 3600 && tm.tm_isdst == 0 && tm.tm_mon == 9,
			              "at %lld: wall clock read back as %lld", (long long)t,
			              (long long)back);
			repeated++;
		}
		checked++;
	}
	/* 38 years of hours; one repeated hour each October. */
	ck_assert_int_eq(checked, (last - first) / 3600 + 1);
	ck_assert_int_eq(repeated, 38);
}
END_TEST

static Suite *zoneinfo_suite(void)
{
	Suite *s = suite_create("zoneinfo");
	TCase *paris = tcase_create("paris");

	tcase_set_timeout(paris, 60);
	tcase_add_test(paris, test_zoneinfo_paris_offset_every_hour_2000_2037);
	suite_add_tcase(s, paris);
	return s;
}

int main(void)
{
	return ptl_test_run(zoneinfo_suite());
}
