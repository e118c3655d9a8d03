/*
 * core/holiday.c — French public holidays and working days (holiday.h).
 *
 * The list is the law's: Code du travail, article L3133-1 for the whole
 * country, article L3134-13 for Alsace-Moselle's two more days (Good Friday
 * and 26 December). The moveable feasts are counted from Easter Sunday:
 * Good Friday Easter - 2, Easter Monday + 1, Ascension + 39, Whit Monday
 * + 50. Easter Sunday is computed with the anonymous Gregorian algorithm
 * (a New York correspondent to Nature, 1876; Butcher's "Ecclesiastical
 * Calendar", 1877), as given by Jean Meeus, "Astronomical Algorithms",
 * 2nd edition (1998), chapter 8: valid for every Gregorian year.
 *
 * In 1900-9999 the only feasts that can share a day are Ascension
 * (30 April to 3 June) and 1 or 8 May; such a day is one holiday whose
 * name names both.
 */
#include <portail/error.h>
#include <portail/holiday.h>

struct feast {
	int month, day;         /* a fixed date, or month 0 ... */
	int after_easter;       /* ... days after Easter Sunday */
	unsigned int needs;     /* flags that must be set: 0 for every region */
	const char *name;
};

/* In calendar order for the fixed dates; the moveable ones after them. */
static const struct feast feasts[] = {
	{ 1, 1, 0, 0, "Jour de l’an" },
	{ 5, 1, 0, 0, "Fête du Travail" },
	{ 5, 8, 0, 0, "Victoire 1945" },
	{ 7, 14, 0, 0, "Fête nationale" },
	{ 8, 15, 0, 0, "Assomption" },
	{ 11, 1, 0, 0, "Toussaint" },
	{ 11, 11, 0, 0, "Armistice 1918" },
	{ 12, 25, 0, 0, "Noël" },
	{ 12, 26, 0, PTL_HOLIDAY_ALSACE_MOSELLE, "Saint-Étienne" },
	{ 0, 0, -2, PTL_HOLIDAY_ALSACE_MOSELLE, "Vendredi saint" },
	{ 0, 0, 1, 0, "Lundi de Pâques" },
	{ 0, 0, 39, 0, "Ascension" },
	{ 0, 0, 50, 0, "Lundi de Pentecôte" },
};
#define FEAST_COUNT (sizeof(feasts) / sizeof(feasts[0]))

/* The names of the days on which two feasts fall. */
static const struct {
	const char *fixed, *moveable, *both;
} together[] = {
	{ "Fête du Travail", "Ascension", "Fête du Travail et Ascension" },
	{ "Victoire 1945", "Ascension", "Victoire 1945 et Ascension" },
};

int ptl_easter(ptl_day *out, int year)
{
	if (year < 1900 || year > 9999)
		return PTL_EINVALID;

	/* Meeus, "Astronomical Algorithms", chapter 8 (Gregorian calendar). */
	int a = year % 19;
	int b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;

	return ptl_day_from_ymd(out, year, month, day);
}

/* The day of feast @p f in a year whose Easter Sunday is @p easter. */
static ptl_day feast_day(const struct feast *f, int year, ptl_day easter)
{
	ptl_day d = easter + f->after_easter;

	if (f->month != 0)
		(void)ptl_day_from_ymd(&d, year, f->month, f->day);
	return d;
}

static bool applies(const struct feast *f, unsigned int flags)
{
	return (f->needs & flags) == f->needs;
}

const char *ptl_holiday_name(ptl_day d, unsigned int flags)
{
	int year, month, day;
	ptl_day easter;
	const char *fixed = NULL, *moveable = NULL;

	ptl_day_to_ymd(&year, &month, &day, d);
	if (ptl_easter(&easter, year) != PTL_OK)
		return NULL;
	for (size_t i = 0; i < FEAST_COUNT; i++) {
		const struct feast *f = &feasts[i];
		if (!applies(f, flags))
			continue;
		if (f->month != 0 && f->month == month && f->day == day)
			fixed = f->name;
		else if (f->month == 0 && easter + f->after_easter == d)
			moveable = f->name;
	}
	if (fixed && moveable) {
		for (size_t i = 0; i < sizeof(together) / sizeof(together[0]); i++)
			if (together[i].fixed == fixed && together[i].moveable == moveable)
				return together[i].both;
	}
	return fixed ? fixed : moveable;
}

bool ptl_holiday_is(ptl_day d, unsigned int flags)
{
	return ptl_holiday_name(d, flags) != NULL;
}

int ptl_holiday_list(ptl_day out[PTL_HOLIDAY_MAX_PER_YEAR], size_t *count, int year,
                     unsigned int flags)
{
	ptl_day easter;
	size_t n = 0;

	*count = 0;
	if (ptl_easter(&easter, year) != PTL_OK)
		return PTL_EINVALID;
	for (size_t i = 0; i < FEAST_COUNT; i++) {
		if (!applies(&feasts[i], flags))
			continue;
		ptl_day d = feast_day(&feasts[i], year, easter);
		/* Insert in order, once. */
		size_t at = 0;
		while (at < n && out[at] < d)
			at++;
		if (at < n && out[at] == d)
			continue;
		for (size_t j = n; j > at; j--)
			out[j] = out[j - 1];
		out[at] = d;
		n++;
	}
	*count = n;
	return PTL_OK;
}

bool ptl_working_day_is(ptl_day d, unsigned int flags)
{
	int year, month, day;

	ptl_day_to_ymd(&year, &month, &day, d);
	if (year < 1900 || year > 9999)
		return false;
	return ptl_day_weekday(d) <= 5 && !ptl_holiday_is(d, flags);
}

ptl_day ptl_working_day_before(ptl_day d, int n, unsigned int flags)
{
	ptl_day first;

	(void)ptl_day_from_ymd(&first, 1900, 1, 1);
	while (n > 0 && d > first) {
		d--;
		if (ptl_working_day_is(d, flags))
			n--;
	}
	return d;
}
