/*
 * clock.c — the library's one clock (see clock.h).
 *
 * A fixed instant, when set, is shared by all threads; PORTAIL_NOW is read
 * once, on the first call.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <portail/clock.h>
#include <portail/date.h>
#include <portail/error.h>

static atomic_bool fixed;
static _Atomic int64_t fixed_at;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static void read_env(void)
{
	const char *text = getenv("PORTAIL_NOW");
	ptl_time t;

	if (text && *text && ptl_time_parse(&t, text) == PTL_OK)
		ptl_clock_set(t);
}

ptl_time ptl_clock_now(void)
{
	pthread_once(&env_once, read_env);
	if (atomic_load(&fixed))
		return atomic_load(&fixed_at);
	return (ptl_time)time(NULL);
}

void ptl_clock_set(ptl_time t)
{
	atomic_store(&fixed_at, t);
	atomic_store(&fixed, true);
}

void ptl_clock_reset(void)
{
	pthread_once(&env_once, read_env);
	atomic_store(&fixed, false);
}

static int two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int ptl_time_parse(ptl_time *out, const char *text)
{
	char date[11];
	ptl_day day;
	int h, m, s, offset = 0;

	if (!text || strlen(text) < 20)
		return PTL_EINVALID;
	memcpy(date, text, 10);
	date[10] = '\0';
	if (ptl_day_parse(&day, date) != PTL_OK || (text[10] != 'T' && text[10] != ' '))
		return PTL_EINVALID;
	h = two_digits(text + 11);
	m = two_digits(text + 14);
	s = two_digits(text + 17);
	if (text[13] != ':' || text[16] != ':' || h < 0 || h > 23 || m < 0 || m > 59 ||
	    s < 0 || s > 59)
		return PTL_EINVALID;

	const char *zone = text + 19;
	if (strcmp(zone, "Z") == 0) {
		offset = 0;
	} else if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 6 && zone[3] == ':') {
		int oh = two_digits(zone + 1), om = two_digits(zone + 4);
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return PTL_EINVALID;
		offset = (oh * 60 + om) * 60 * (zone[0] == '-' ? -1 : 1);
	} else {
		return PTL_EINVALID;
	}
	*out = (ptl_time)day * 86400 + h * 3600 + m * 60 + s - offset;
	return PTL_OK;
}

void ptl_time_format(char buf[21], ptl_time t)
{
	ptl_day day = ptl_day_of_instant_utc(t);
	int64_t secs = t - (int64_t)day * 86400;
	char date[11];

	char text[48];

	ptl_day_format(date, day);
	snprintf(text, sizeof(text), "%.10sT%02d:%02d:%02dZ", date, (int)(secs / 3600 % 24),
	         (int)(secs / 60 % 60), (int)(secs % 60));
	memcpy(buf, text, 21);
}
