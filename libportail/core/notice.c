/*
 * core/notice.c — notice periods (délais de prévenance), pure: the rules'
 * short text form, read and written, and the deadline of a change of a day
 * (the forms and their meaning are in portail/notice.h). The deadline day
 * is counted on the calendar (holiday.h for working days, date.h for ISO
 * weeks); its time is read on the Paris wall clock by
 * ptl_instant_of_paris_wall, which settles the DST changes.
 */
#include <string.h>
#include <stdio.h>

#include <portail/holiday.h>

#include "core/notice.h"

#define MAX_DAYS 365

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static const ptl__problem unreadable = {
	"notice",
	"Délai de prévenance illisible : écrire par exemple « D-2 12:00 », « D-2 working 12:00 », "
	"« previous wednesday 12:00 », « previous-week monday 18:00 » ou "
	"« previous-month day 20 12:00 ».",
	"unreadable notice rule: write e.g. \"D-2 12:00\", \"D-2 working 12:00\", "
	"\"previous wednesday 12:00\", \"previous-week monday 18:00\" or "
	"\"previous-month day 20 12:00\"",
};
static const ptl__problem bad_days = {
	"notice",
	"Le nombre de jours du délai de prévenance va de 0 à 365 (de 1 à 365 en jours ouvrés).",
	"the notice's number of days is from 0 to 365 (from 1 to 365 in working days)",
};
static const ptl__problem bad_day_of_month = {
	"notice",
	"Le jour du mois du délai de prévenance va de 1 à 31.",
	"the notice's day of the month is from 1 to 31",
};
static const ptl__problem bad_weekday = {
	"notice",
	"Le jour de la semaine du délai de prévenance va de 1 (lundi) à 7 (dimanche).",
	"the notice's weekday is from 1 (Monday) to 7 (Sunday)",
};
static const ptl__problem bad_time = {
	"notice",
	"L’heure du délai de prévenance s’écrit HH:MM, de 00:00 à 23:59.",
	"the notice's time is HH:MM, from 00:00 to 23:59",
};
static const ptl__problem bad_kind = {
	"notice",
	"Cette forme de délai de prévenance n’existe pas.",
	"unknown form of notice rule",
};
static const ptl__problem bad_day = {
	"day",
	"Ce jour est hors du calendrier (années 1900 à 9999).",
	"day outside the calendar (years 1900 to 9999)",
};

/* --- reading -------------------------------------------------------------- */

/* Skip @p word at *p. */
static bool take(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

/* A number of 1 to 3 digits without a leading zero ("0" itself is one). */
static bool number(const char **p, int *out)
{
	const char *s = *p;
	int v = 0, n = 0;

	while (s[n] >= '0' && s[n] <= '9' && n < 4)
		v = v * 10 + (s[n++] - '0');
	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return false;
	*p = s + n;
	*out = v;
	return true;
}

static bool weekday(const char **p, int *out)
{
	for (int i = 0; i < 7; i++) {
		if (take(p, weekday_names[i])) {
			*out = i + 1;
			return true;
		}
	}
	return false;
}

/* " HH:MM" ending the text: true when it is there (*minute set, or -1 when
 * the digits are there but not a time of day). */
static bool final_time(const char *p, int *minute)
{
	if (p[0] != ' ')
		return false;
	for (int i = 1; i <= 5; i++)
		if (i == 3 ? p[i] != ':' : (p[i] < '0' || p[i] > '9'))
			return false;
	if (p[6] != '\0')
		return false;
	int hours = (p[1] - '0') * 10 + (p[2] - '0'), minutes = (p[4] - '0') * 10 + (p[5] - '0');
	*minute = hours < 24 && minutes < 60 ? hours * 60 + minutes : -1;
	return true;
}

const ptl__problem *ptl__notice_parse(ptl_notice_rule *out, const char *text)
{
	ptl_notice_rule rule = { 0 };
	const char *p = text;

	if (!text)
		return &unreadable;
	if (take(&p, "D-")) {
		if (!number(&p, &rule.count))
			return &unreadable;
		rule.kind = take(&p, " working") ? PTL_NOTICE_WORKING_DAYS : PTL_NOTICE_DAYS;
	} else if (take(&p, "previous-week ")) {
		rule.kind = PTL_NOTICE_PREVIOUS_WEEK;
		if (!weekday(&p, &rule.weekday))
			return &unreadable;
	} else if (take(&p, "previous-month day ")) {
		rule.kind = PTL_NOTICE_PREVIOUS_MONTH;
		if (!number(&p, &rule.count))
			return &unreadable;
	} else if (take(&p, "previous ")) {
		rule.kind = PTL_NOTICE_WEEKDAY;
		if (!weekday(&p, &rule.weekday))
			return &unreadable;
	} else {
		return &unreadable;
	}
	if (!final_time(p, &rule.minute))
		return &unreadable;

	const ptl__problem *problem = ptl__notice_check(&rule);
	if (problem)
		return problem;
	*out = rule;
	return NULL;
}

const ptl__problem *ptl__notice_check(const ptl_notice_rule *rule)
{
	if (!rule)
		return &bad_kind;
	switch (rule->kind) {
	case PTL_NOTICE_DAYS:
	case PTL_NOTICE_WORKING_DAYS:
		if (rule->count < (rule->kind == PTL_NOTICE_DAYS ? 0 : 1) || rule->count > MAX_DAYS)
			return &bad_days;
		break;
	case PTL_NOTICE_WEEKDAY:
	case PTL_NOTICE_PREVIOUS_WEEK:
		if (rule->weekday < 1 || rule->weekday > 7)
			return &bad_weekday;
		break;
	case PTL_NOTICE_PREVIOUS_MONTH:
		if (rule->count < 1 || rule->count > 31)
			return &bad_day_of_month;
		break;
	default:
		return &bad_kind;
	}
	if (rule->minute < 0 || rule->minute >= 24 * 60)
		return &bad_time;
	return NULL;
}

/* --- writing -------------------------------------------------------------- */

void ptl_notice_format(char buf[PTL_NOTICE_TEXT_SIZE], const ptl_notice_rule *rule)
{
	char time[16];

	buf[0] = '\0';
	if (ptl__notice_check(rule))
		return;
	snprintf(time, sizeof(time), "%02d:%02d", rule->minute / 60, rule->minute % 60);
	switch (rule->kind) {
	case PTL_NOTICE_DAYS:
		snprintf(buf, PTL_NOTICE_TEXT_SIZE, "D-%d %s", rule->count, time);
		break;
	case PTL_NOTICE_WORKING_DAYS:
		snprintf(buf, PTL_NOTICE_TEXT_SIZE, "D-%d working %s", rule->count, time);
		break;
	case PTL_NOTICE_WEEKDAY:
		snprintf(buf, PTL_NOTICE_TEXT_SIZE, "previous %s %s", weekday_names[rule->weekday - 1],
		         time);
		break;
	case PTL_NOTICE_PREVIOUS_WEEK:
		snprintf(buf, PTL_NOTICE_TEXT_SIZE, "previous-week %s %s",
		         weekday_names[rule->weekday - 1], time);
		break;
	case PTL_NOTICE_PREVIOUS_MONTH:
		snprintf(buf, PTL_NOTICE_TEXT_SIZE, "previous-month day %d %s", rule->count, time);
		break;
	}
}

/* --- deadlines ------------------------------------------------------------ */

/* The deadline day of a change of @p day under a valid @p rule. */
static ptl_day deadline_day(const ptl_notice_rule *rule, ptl_day day, unsigned int holidays)
{
	int year, month, mday, back;

	switch (rule->kind) {
	case PTL_NOTICE_DAYS:
		return day - rule->count;
	case PTL_NOTICE_WORKING_DAYS:
		return ptl_working_day_before(day, rule->count, holidays);
	case PTL_NOTICE_WEEKDAY:
		/* Strictly before: the day's own weekday means a week back. */
		back = (ptl_day_weekday(day) - rule->weekday + 7) % 7;
		return day - (back == 0 ? 7 : back);
	case PTL_NOTICE_PREVIOUS_WEEK:
		/* The Monday of the day's ISO week, a week back, then on. */
		return day - (ptl_day_weekday(day) - 1) - 7 + (rule->weekday - 1);
	case PTL_NOTICE_PREVIOUS_MONTH:
	default: {
		ptl_day_to_ymd(&year, &month, &mday, day);
		ptl_day last = day - mday;  /* the last day of the previous month */
		int py, pm, length;
		ptl_day_to_ymd(&py, &pm, &length, last);
		return last - length + (rule->count < length ? rule->count : length);
	}
	}
}

const ptl__problem *ptl__notice_deadline(int64_t *out, const ptl_notice_rule *rule, ptl_day day,
                                         unsigned int holidays)
{
	int year, month, mday;
	const ptl__problem *problem = ptl__notice_check(rule);

	if (problem)
		return problem;
	ptl_day_to_ymd(&year, &month, &mday, day);
	if (year < 1900 || year > 9999)
		return &bad_day;
	*out = ptl_instant_of_paris_wall(deadline_day(rule, day, holidays), rule->minute * 60);
	return NULL;
}

bool ptl_notice_allows(const ptl_notice_rule *rule, ptl_day day, unsigned int holidays,
                       int64_t now)
{
	int64_t deadline;

	return ptl__notice_deadline(&deadline, rule, day, holidays) == NULL && now < deadline;
}
