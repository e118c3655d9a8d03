/*
 * calendar-feed-internal.h — the parts of the calendar feed that need no
 * database: splitting a feed's token, and writing the iCalendar text of a
 * list of reservations (calendar-feed-ics.c, with libical). Unit-tested.
 */
#ifndef PORTAIL_CALENDAR_FEED_INTERNAL_H
#define PORTAIL_CALENDAR_FEED_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/auth.h>
#include <portail/calendar-feed.h>
#include <portail/clock.h>
#include <portail/date.h>

/** Split @p token into its selector and its verifier. @return false when it
 *  is not a feed's token (length, characters). */
bool ptl__feed_token_split(char selector[PTL_CALENDAR_FEED_SELECTOR_LEN + 1],
                           char verifier[PTL_TOKEN_LEN + 1], const char *token);

/** One reservation of the feed: one event. Texts are borrowed. */
struct ptl__feed_event {
	int64_t reservation_id;  /**< gives the event's UID */
	ptl_day day;
	const char *child;       /**< the child's first name: "Léa" */
	const char *unit;        /**< the unit's label: "Journée" */
	const char *period;      /**< the period's label: "ALSH Mercredis 2026/2027" */
	int starts_at, ends_at;  /**< seconds after midnight, Paris wall clock;
	                              -1 when the unit has no hours (all-day event) */
	bool tentative;          /**< waits for the manager's validation */
	bool cancel_asked;       /**< booked, its cancellation waits for the manager */
	ptl_time updated_at;     /**< LAST-MODIFIED */
};

/** What the feed shows. */
struct ptl__feed_calendar {
	const char *family;      /**< the family's name, for the calendar's name */
	ptl_time now;            /**< DTSTAMP */
	size_t count;
	const struct ptl__feed_event *events;
};

/** The iCalendar text (RFC 5545, CRLF lines, UTF-8) of @p cal into @p out
 *  (malloc'd). @return PTL_OK or PTL_ERROR (out of memory, last error set). */
int ptl__feed_ics_render(char **out, const struct ptl__feed_calendar *cal);

#endif
