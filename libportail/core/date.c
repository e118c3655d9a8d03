/*
 * core/date.c — calendar days as day numbers (days since 1970-01-01).
 *
 * The conversions use the civil-from-days / days-from-civil algorithms of
 * Howard Hinnant ("chrono-Compatible Low-Level Date Algorithms"), which work
 * on eras of 400 years with March as the first month, so that the leap day
 * is the last day of its year and needs no special case.
 *
 * Days are written for French readers as "2 décembre 2026"
 * (ptl_day_format_fr). Instants are read in Europe/Paris for French
 * readers (ptl_instant_format_fr): "mardi 13 octobre 2026 à 7 h 41"; a
 * wall-clock time of a day becomes the first instant at which the Paris
 * clock shows it or later (ptl_instant_of_paris_wall), which settles the
 * hour skipped in March and the hour repeated in October.
 */
#include <stdio.h>
#include <string.h>

#include <portail/date.h>
#include <portail/error.h>

bool ptl_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int ptl_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ptl_is_leap_year(year))
		return 29;
	return days[month - 1];
}

/* The day number of a valid date of a year from 1 on. */
static ptl_day civil_to_day(int year, int month, int day)
{
	int y = month <= 2 ? year - 1 : year;
	int era = y / 400;                              /* y >= 0 here */
	int yoe = y - era * 400;                        /* [0, 399] */
	int mp = (month + 9) % 12;                      /* March = 0 */
	int doy = (153 * mp + 2) / 5 + day - 1;         /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
	return (ptl_day)(era * 146097 + doe - 719468);
}

int ptl_day_from_ymd(ptl_day *out, int year, int month, int day)
{
	if (year < 1900 || year > 9999 || day < 1 || day > ptl_days_in_month(year, month))
		return PTL_EINVALID;
	*out = civil_to_day(year, month, day);
	return PTL_OK;
}

void ptl_day_to_ymd(int *year, int *month, int *day, ptl_day d)
{
	int64_t z = (int64_t)d + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*year = (int)(yoe + era * 400 + (mm <= 2));
	*month = mm;
	*day = dd;
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int ptl_day_parse(ptl_day *out, const char *text)
{
	if (!text)
		return PTL_EINVALID;
	for (int i = 0; i < 10; i++)
		if (text[i] == '\0')
			return PTL_EINVALID;
	if (text[4] != '-' || text[7] != '-' || text[10] != '\0')
		return PTL_EINVALID;

	int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return PTL_EINVALID;
	return ptl_day_from_ymd(out, y, m, d);
}

void ptl_day_format(char buf[11], ptl_day d)
{
	int y, m, dd;

	ptl_day_to_ymd(&y, &m, &dd, d);
	if (y < 0) {
		char text[32];

		snprintf(text, sizeof(text), "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
		memcpy(buf, text, 11);
		return;
	}
	/* By hand: a month's calendar formats every one of its days, and
	 * snprintf was about 5 % of portail-web's CPU for that page. */
	y %= 10000;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}

int ptl_day_weekday(ptl_day d)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int r = (int)(((int64_t)d + 3) % 7);
	if (r < 0)
		r += 7;
	return r + 1;
}

void ptl_day_iso_week(int *week_year, int *week, ptl_day d)
{
	/* ISO 8601: a week belongs to the year of its Thursday, and week 1 is
	 * the one holding the year's first Thursday. */
	ptl_day thursday = d - ptl_day_weekday(d) + 4;
	int year, month, day;

	ptl_day_to_ymd(&year, &month, &day, thursday);
	*week_year = year;
	*week = (thursday - civil_to_day(year, 1, 1)) / 7 + 1;
}

int ptl_age_years(ptl_day birth, ptl_day on)
{
	int by, bm, bd, y, m, d;

	ptl_day_to_ymd(&by, &bm, &bd, birth);
	ptl_day_to_ymd(&y, &m, &d, on);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

ptl_day ptl_day_of_instant_utc(int64_t t)
{
	int64_t days = t / 86400;
	if (t % 86400 < 0)
		days--;
	return (ptl_day)days;
}

/* The last Sunday of @p month in @p year. */
static ptl_day last_sunday(int year, int month)
{
	ptl_day last;

	(void)ptl_day_from_ymd(&last, year, month, ptl_days_in_month(year, month));
	return last - (ptl_day_weekday(last) % 7);
}

int ptl_paris_utc_offset(int64_t t)
{
	int year, month, day;

	ptl_day_to_ymd(&year, &month, &day, ptl_day_of_instant_utc(t));
	int64_t summer_starts = (int64_t)last_sunday(year, 3) * 86400 + 3600;
	int64_t summer_ends = (int64_t)last_sunday(year, 10) * 86400 + 3600;
	return t >= summer_starts && t < summer_ends ? 7200 : 3600;
}

ptl_day ptl_day_of_instant_paris(int64_t t)
{
	return ptl_day_of_instant_utc(t + ptl_paris_utc_offset(t));
}

int64_t ptl_instant_of_paris_wall(ptl_day d, int seconds)
{
	int64_t wall = (int64_t)d * 86400 + seconds;
	int64_t summer = wall - 7200, winter = wall - 3600;

	/* Read in summer time first: when the hour repeats (October), that is
	 * the first of the two instants the clock shows it. */
	if (ptl_paris_utc_offset(summer) == 7200)
		return summer;
	if (ptl_paris_utc_offset(winter) == 3600)
		return winter;
	/* The hour skipped in March (02:00 to 03:00): no instant shows it; the
	 * first one that shows a later time is the jump, on the whole UTC hour
	 * (01:00) before the winter-time reading. */
	return winter - ((winter % 3600) + 3600) % 3600;
}

static const char *const months_fr[] = {
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre",
};

void ptl_day_format_fr(char buf[PTL_DAY_FR_SIZE], ptl_day d)
{
	int year, month, day;

	ptl_day_to_ymd(&year, &month, &day, d);
	snprintf(buf, PTL_DAY_FR_SIZE, "%d%s %s %d", day, day == 1 ? "er" : "", months_fr[month - 1],
	         year);
}

/* The French reading of @p t on the Paris clock, with or without the year. */
static void format_fr(char buf[PTL_INSTANT_FR_SIZE], int64_t t, bool with_year)
{
	static const char *const weekdays[] = {
		"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	};
	int64_t local = t + ptl_paris_utc_offset(t);
	ptl_day d = ptl_day_of_instant_utc(local);
	int64_t seconds = local - (int64_t)d * 86400;
	int year, month, day;

	char year_text[8] = "";

	ptl_day_to_ymd(&year, &month, &day, d);
	if (with_year)
		snprintf(year_text, sizeof(year_text), " %d", year % 100000);
	snprintf(buf, PTL_INSTANT_FR_SIZE, "%s %d%s %s%s à %d h %02d",
	         weekdays[ptl_day_weekday(d) - 1], day, day == 1 ? "er" : "", months_fr[month - 1],
	         year_text, (int)(seconds / 3600), (int)(seconds % 3600 / 60));
}

void ptl_instant_format_fr(char buf[PTL_INSTANT_FR_SIZE], int64_t t)
{
	format_fr(buf, t, true);
}

void ptl_instant_format_fr_short(char buf[PTL_INSTANT_FR_SIZE], int64_t t)
{
	format_fr(buf, t, false);
}
