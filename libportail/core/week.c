/*
 * core/week.c — the typical week (semaine type) expanded over a span of
 * days, pure and without allocation (portail/week.h states the rules and
 * the order of the reasons).
 *
 * One pass over the days: the closure days and the bookings, both sorted,
 * are walked alongside; the public holidays are listed once per year; the
 * ISO week is computed once per day that a slot designates. The notice is
 * evaluated only until the first day it allows: every form of notice gives
 * a deadline that never moves back as the day moves on (each counts back
 * from the day to a day that is never earlier, and the wall-clock time of a
 * later day is never an earlier instant), so every later day is allowed
 * too.
 */
#include <portail/error.h>
#include <portail/holiday.h>

#include "core/notice.h"
#include "core/week.h"

static const ptl__problem bad_version = {
	"version", "Version d’options non prise en charge.", "unsupported ptl_week_options version",
};
static const ptl__problem bad_span = {
	"to",
	"Les jours à calculer vont d’un premier à un dernier jour, pas avant lui, entre 1900 et 9999.",
	"the span goes from its first day to a last day not before it, within years 1900-9999",
};
static const ptl__problem bad_weekdays = {
	"opening_weekdays", "Les jours d’ouverture sont des jours de la semaine (lundi à dimanche).",
	"opening weekdays are bits 0 (Monday) to 6 (Sunday)",
};
static const ptl__problem bad_closures = {
	"closures", "Les jours de fermeture sont donnés en ordre croissant, chacun une fois.",
	"closure days are given in ascending order, each once",
};
static const ptl__problem bad_slots = {
	"slots",
	"La semaine type contient un jour ou un rythme invalide, ou une même unité deux fois le même "
	"jour.",
	"the typical week has an invalid weekday or parity, or a unit twice on one weekday",
};
static const ptl__problem bad_booked = {
	"booked", "Les réservations sont données par jour puis par unité, chacune une fois.",
	"bookings are given ascending by day then unit, each once",
};
static const ptl__problem bad_previous = {
	"previous", "Les réservations sont données par jour puis par unité, chacune une fois.",
	"bookings are given ascending by day then unit, each once",
};
static const ptl__problem bad_list = {
	"out", "Liste de sortie invalide.", "an output list without room (items NULL, capacity > 0)",
};

/* The default booking and cancelling notice: until the day starts. */
static const ptl_notice_rule until_the_day = { PTL_NOTICE_DAYS, 0, 0, 0 };

static bool in_calendar(ptl_day d)
{
	int year, month, day;

	ptl_day_to_ymd(&year, &month, &day, d);
	return year >= 1900 && year <= 9999;
}

static bool parity_overlaps(ptl_week_parity a, ptl_week_parity b)
{
	return a == b || a == PTL_WEEK_EVERY || b == PTL_WEEK_EVERY;
}

/* True when @p bookings are ascending by day then unit, each once. */
static bool bookings_ordered(const ptl_week_booking *bookings, size_t count)
{
	if (count > 0 && !bookings)
		return false;
	for (size_t i = 1; i < count; i++) {
		const ptl_week_booking *a = &bookings[i - 1], *b = &bookings[i];
		if (a->day > b->day || (a->day == b->day && a->unit >= b->unit))
			return false;
	}
	return true;
}

const ptl__problem *ptl__week_previous_check(const ptl_week_booking *previous, size_t count)
{
	return bookings_ordered(previous, count) ? NULL : &bad_previous;
}

const ptl__problem *ptl__week_list_check(const ptl_week_list *list)
{
	return !list || (!list->items && list->capacity > 0) ? &bad_list : NULL;
}

const ptl__problem *ptl__week_check(const ptl_week_options *o)
{
	if (!o || o->version < 1 || o->version > PTL_WEEK_OPTIONS_VERSION)
		return &bad_version;
	if (o->to < o->from || !in_calendar(o->from) || !in_calendar(o->to))
		return &bad_span;
	if (o->opening_weekdays > 127)
		return &bad_weekdays;
	if (o->closure_count > 0 && !o->closures)
		return &bad_closures;
	for (size_t i = 1; i < o->closure_count; i++)
		if (o->closures[i - 1] >= o->closures[i])
			return &bad_closures;
	if (o->slot_count > 0 && !o->slots)
		return &bad_slots;
	for (size_t i = 0; i < o->slot_count; i++) {
		const ptl_week_slot *s = &o->slots[i];
		if (s->weekday < 1 || s->weekday > 7 || s->parity < PTL_WEEK_EVERY ||
		    s->parity > PTL_WEEK_ODD)
			return &bad_slots;
		for (size_t j = 0; j < i; j++)
			if (o->slots[j].weekday == s->weekday && o->slots[j].unit == s->unit &&
			    parity_overlaps(o->slots[j].parity, s->parity))
				return &bad_slots;
	}
	if (o->notice && ptl__notice_check(o->notice))
		return ptl__notice_check(o->notice);
	return bookings_ordered(o->booked, o->booked_count) ? NULL : &bad_booked;
}

static void emit(ptl_week_list *list, ptl_day d, int64_t unit, ptl_week_outcome outcome)
{
	if (list->count < list->capacity) {
		ptl_week_item *item = &list->items[list->count];
		item->day = d;
		item->unit = unit;
		item->outcome = outcome;
	}
	list->count++;
}

/* The public holidays of one year, listed when the days reach it. */
struct holiday_year {
	int year;
	size_t count;
	ptl_day days[PTL_HOLIDAY_MAX_PER_YEAR];
};

static bool is_holiday(struct holiday_year *cache, ptl_day d, unsigned int flags)
{
	int year, month, day;

	ptl_day_to_ymd(&year, &month, &day, d);
	if (year != cache->year) {
		cache->year = year;
		if (ptl_holiday_list(cache->days, &cache->count, year, flags) != PTL_OK)
			cache->count = 0;
	}
	for (size_t i = 0; i < cache->count; i++)
		if (cache->days[i] == d)
			return true;
	return false;
}

/* Whether the notice allows a change of @p d, for days taken in ascending
 * order: once a day is allowed, the later ones are (*open). */
static bool notice_allows(bool *open, const ptl_notice_rule *rule, ptl_day d,
                          unsigned int holidays, int64_t now)
{
	if (!*open)
		*open = ptl_notice_allows(rule, d, holidays, now);
	return *open;
}

/* The parity of day @p d's ISO week. */
static ptl_week_parity week_parity(ptl_day d)
{
	int week_year, week;

	ptl_day_iso_week(&week_year, &week, d);
	return week % 2 == 0 ? PTL_WEEK_EVEN : PTL_WEEK_ODD;
}

/* The outcome of day @p d for every unit, before bookings and notice:
 * PTL_WEEK_BOOK when none of the day's reasons applies. */
static ptl_week_outcome day_outcome(const ptl_week_options *o, ptl_day d, int weekday,
                                    bool closure, struct holiday_year *holidays)
{
	if (d < o->enrolment_first || d > o->enrolment_last)
		return PTL_WEEK_OUTSIDE_ENROLMENT;
	if (d < o->period_first || d > o->period_last || !(o->opening_weekdays & (1u << (weekday - 1))))
		return PTL_WEEK_CLOSED;
	if (is_holiday(holidays, d, o->holidays))
		return PTL_WEEK_HOLIDAY;
	if (closure)
		return PTL_WEEK_CLOSED;
	return PTL_WEEK_BOOK;
}

void ptl__week_expand(ptl_week_list *out, const ptl_week_options *o)
{
	const ptl_notice_rule *rule = o->notice ? o->notice : &until_the_day;
	struct holiday_year holidays = { .year = 0 };
	unsigned int slot_weekdays = 0;
	size_t closure = 0, booked = 0;
	bool open = false;

	out->count = 0;
	for (size_t i = 0; i < o->slot_count; i++)
		slot_weekdays |= 1u << (o->slots[i].weekday - 1);

	for (ptl_day d = o->from; d <= o->to; d++) {
		int weekday = ptl_day_weekday(d);
		if (!(slot_weekdays & (1u << (weekday - 1))))
			continue;
		ptl_week_parity parity = week_parity(d);
		while (closure < o->closure_count && o->closures[closure] < d)
			closure++;
		while (booked < o->booked_count && o->booked[booked].day < d)
			booked++;
		ptl_week_outcome base = day_outcome(o, d, weekday,
		                                    closure < o->closure_count && o->closures[closure] == d,
		                                    &holidays);

		for (size_t i = 0; i < o->slot_count; i++) {
			const ptl_week_slot *s = &o->slots[i];
			if (s->weekday != weekday || (s->parity != PTL_WEEK_EVERY && s->parity != parity))
				continue;
			ptl_week_outcome outcome = base;
			if (outcome == PTL_WEEK_BOOK) {
				for (size_t b = booked; b < o->booked_count && o->booked[b].day == d; b++)
					if (o->booked[b].unit == s->unit)
						outcome = PTL_WEEK_ALREADY_BOOKED;
			}
			if (outcome == PTL_WEEK_BOOK && !notice_allows(&open, rule, d, o->holidays, o->now))
				outcome = PTL_WEEK_PAST_NOTICE;
			emit(out, d, s->unit, outcome);
		}
	}
}

/* True when a slot of @p o designates unit @p unit on day @p d. */
static bool designates(const ptl_week_options *o, ptl_day d, int64_t unit)
{
	int weekday = ptl_day_weekday(d);

	for (size_t i = 0; i < o->slot_count; i++) {
		const ptl_week_slot *s = &o->slots[i];
		if (s->weekday == weekday && s->unit == unit &&
		    (s->parity == PTL_WEEK_EVERY || s->parity == week_parity(d)))
			return true;
	}
	return false;
}

void ptl__week_removals(ptl_week_list *remove, const ptl_week_options *o,
                        const ptl_week_booking *previous, size_t previous_count,
                        const ptl_notice_rule *cancel_notice)
{
	const ptl_notice_rule *rule = cancel_notice ? cancel_notice : &until_the_day;
	bool open = false;

	/* A week that replaces the previous one designates nothing outside
	 * its span; one expanded over some days only says nothing of the
	 * others. */
	bool replaces = o->version >= 2 && o->replaces;

	remove->count = 0;
	for (size_t i = 0; i < previous_count; i++) {
		const ptl_week_booking *p = &previous[i];
		bool outside = p->day < o->from || p->day > o->to;
		if (outside ? !replaces : designates(o, p->day, p->unit))
			continue;
		bool allowed = notice_allows(&open, rule, p->day, o->holidays, o->now);
		emit(remove, p->day, p->unit, allowed ? PTL_WEEK_CANCEL : PTL_WEEK_PAST_NOTICE);
	}
}

const char *ptl_week_outcome_name(ptl_week_outcome outcome)
{
	static const char *const names[] = {
		"book", "cancel", "outside_enrolment", "closed", "holiday", "already_booked",
		"past_notice",
	};

	return (unsigned int)outcome < sizeof(names) / sizeof(names[0]) ? names[outcome] : NULL;
}

const char *ptl_week_outcome_fr(ptl_week_outcome outcome)
{
	static const char *const names[] = {
		"à réserver", "à annuler", "hors de l’inscription", "fermé", "jour férié",
		"déjà réservé", "délai de prévenance dépassé",
	};

	return (unsigned int)outcome < sizeof(names) / sizeof(names[0]) ? names[outcome] : NULL;
}
