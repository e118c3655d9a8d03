/*
 * calendar-feed-ics.c — the iCalendar text of a family's feed (RFC 5545),
 * written with libical from a list of reservations (calendar-feed-
 * internal.h). No database, no clock: "now" comes in the list.
 *
 * One VEVENT per reservation: UID "reservation-<id>@portail-famille" (the
 * same for as long as the reservation lives, so that a calendar updates
 * the event rather than adding one), DTSTAMP now, SUMMARY "Léa — Journée
 * (ALSH Mercredis 2026/2027)", STATUS CONFIRMED or TENTATIVE, a French
 * DESCRIPTION of that status. A unit with hours gives DTSTART and DTEND in
 * UTC, from the Europe/Paris wall clock of the day (ptl_instant_of_paris_
 * wall(), right across the DST changes): no VTIMEZONE is needed. A unit
 * without hours gives an all-day event (VALUE=DATE, DTEND the next day, as
 * RFC 5545 3.6.1 has it). The calendar is named (NAME, RFC 7986, and
 * X-WR-CALNAME, which more clients read) and asks to be read again hourly
 * (REFRESH-INTERVAL, and X-PUBLISHED-TTL for the same clients).
 *
 * libical's ring buffers are not used: only the _r functions, whose
 * results are ours.
 */
#define _GNU_SOURCE  /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include <portail/error.h>

#include "calendar-feed-internal.h"
#include "error-internal.h"

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

static struct icaltimetype utc_time(ptl_time t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

static struct icaltimetype date_of(ptl_day d)
{
	struct icaltimetype t = icaltime_null_date();

	ptl_day_to_ymd(&t.year, &t.month, &t.day, d);
	return t;
}

/* Replace in @p text the control characters, and those of @p also, by
 * spaces. */
static void blank(char *text, const char *also)
{
	for (char *c = text; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || strchr(also, *c))
			*c = ' ';
}

/* An X- property of text @p value. libical writes an X- property's value
 * as it is (no TEXT escaping): it gets no comma, semicolon or backslash,
 * which would change its meaning. */
static icalproperty *x_property(const char *name, const char *value)
{
	char *clean = strdup(value);
	icalproperty *p;

	if (!clean)
		return NULL;
	blank(clean, ",;\\");
	p = icalproperty_new_x(clean);
	free(clean);
	if (p)
		icalproperty_set_x_name(p, name);
	return p;
}

static const char *status_fr(const struct ptl__feed_event *e)
{
	if (e->tentative)
		return "Réservation en attente de validation par le service.";
	if (e->cancel_asked)
		return "Réservation confirmée ; son annulation attend la validation du service.";
	return "Réservation confirmée.";
}

static icalcomponent *event(const struct ptl__feed_event *e, ptl_time now)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	char *uid = NULL, *summary = NULL;
	bool ok = ev != NULL;

	if (ok && (asprintf(&uid, "reservation-%lld@portail-famille",
	                    (long long)e->reservation_id) < 0 ||
	           asprintf(&summary, "%s — %s (%s)", e->child, e->unit, e->period) < 0)) {
		uid = summary = NULL;
		ok = false;
	}
	if (ok) {
		icalcomponent_add_property(ev, icalproperty_new_uid(uid));
		icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(now)));
		if (e->starts_at >= 0 && e->ends_at > e->starts_at) {
			icalcomponent_add_property(ev, icalproperty_new_dtstart(
				utc_time(ptl_instant_of_paris_wall(e->day, e->starts_at))));
			icalcomponent_add_property(ev, icalproperty_new_dtend(
				utc_time(ptl_instant_of_paris_wall(e->day, e->ends_at))));
		} else {
			icalcomponent_add_property(ev, icalproperty_new_dtstart(date_of(e->day)));
			icalcomponent_add_property(ev, icalproperty_new_dtend(date_of(e->day + 1)));
		}
		icalcomponent_add_property(ev, icalproperty_new_summary(summary));
		icalcomponent_add_property(ev, icalproperty_new_description(status_fr(e)));
		icalcomponent_add_property(ev, icalproperty_new_status(
			e->tentative ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED));
		if (e->updated_at > 0)
			icalcomponent_add_property(ev, icalproperty_new_lastmodified(
				utc_time(e->updated_at)));
	}
	free(uid);
	free(summary);
	if (!ok && ev) {
		icalcomponent_free(ev);
		ev = NULL;
	}
	return ev;
}

int ptl__feed_ics_render(char **out, const struct ptl__feed_calendar *cal)
{
	icalcomponent *vcal = icalcomponent_new_vcalendar();
	struct icaldurationtype hour = icaldurationtype_null_duration();
	icalproperty *calname = NULL, *ttl = NULL;
	char *name = NULL, *text = NULL;
	int rc = PTL_OK;

	*out = NULL;
	hour.hours = 1;
	if (!vcal || asprintf(&name, "Réservations – famille %s", cal->family ? cal->family : "") < 0) {
		name = NULL;
		rc = oom();
		goto done;
	}
	blank(name, "");  /* the name on one line */
	icalcomponent_add_property(vcal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(vcal, icalproperty_new_prodid("-//Portail Famille//Reservations//FR"));
	icalcomponent_add_property(vcal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(vcal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalcomponent_add_property(vcal, icalproperty_new_name(name));
	if (!(calname = x_property("X-WR-CALNAME", name)) ||
	    !(ttl = x_property("X-PUBLISHED-TTL", "PT1H"))) {
		if (calname)
			icalproperty_free(calname);
		rc = oom();
		goto done;
	}
	icalcomponent_add_property(vcal, calname);
	icalcomponent_add_property(vcal, icalproperty_new_refreshinterval(hour));
	icalcomponent_add_property(vcal, ttl);
	for (size_t i = 0; i < cal->count; i++) {
		icalcomponent *ev = event(&cal->events[i], cal->now);

		if (!ev) {
			rc = oom();
			goto done;
		}
		icalcomponent_add_component(vcal, ev);
	}
	if (!(text = icalcomponent_as_ical_string_r(vcal)) || !(*out = strdup(text)))
		rc = oom();
done:
	if (text)
		icalmemory_free_buffer(text);
	if (vcal)
		icalcomponent_free(vcal);
	free(name);
	return rc;
}
