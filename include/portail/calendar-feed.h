/*
 * calendar-feed.h — a family's reservations as an iCalendar feed (RFC 5545)
 * at a secret address, so that they show in a phone's calendar.
 *
 * A family has at most one active feed. Its address holds a token made of
 * a selector (PTL_CALENDAR_FEED_SELECTOR_LEN characters, kept as is to find
 * the feed) and a verifier (a 256-bit random token, of which only the hash
 * is kept): a copy of the database does not give the addresses, and the
 * hash is compared in constant time. The token is handed out once, when the
 * feed is created; creating a new feed revokes the previous one, and a
 * revoked feed answers like an unknown one.
 *
 * The feed holds one event per reservation of a child of the family that
 * is booked (STATUS:CONFIRMED; also while its cancellation waits for the
 * manager) or waits for validation (STATUS:TENTATIVE), from a year before
 * today on, in validated enrolments: summary "Léa — Journée (ALSH
 * Mercredis 2026/2027)", the unit's hours on the Europe/Paris wall clock
 * written in UTC (an all-day event when the unit has no hours), a UID that
 * stays the same for the reservation. Cancelled reservations and those on
 * a waiting list are not in it.
 *
 * Reading a feed by its token is throttled per client address, like the
 * other anonymous actions: after PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR
 * unknown tokens in an hour, the address is refused for a while. The exact
 * token of a revoked feed is answered as unknown but not counted
 * (calendars keep asking for it, often from shared addresses).
 *
 * Ownership: what comes back through **out is the caller's, released with
 * ptl_calendar_feed_free() (NULL is a no-op) or ptl_free() for strings.
 */
#ifndef PORTAIL_CALENDAR_FEED_H
#define PORTAIL_CALENDAR_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/auth.h>
#include <portail/clock.h>
#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Characters of a feed's selector, and of its whole token (selector then
 *  verifier, base64url). */
#define PTL_CALENDAR_FEED_SELECTOR_LEN 16
#define PTL_CALENDAR_FEED_TOKEN_LEN (PTL_CALENDAR_FEED_SELECTOR_LEN + PTL_TOKEN_LEN)

/** Unknown tokens an address may present in an hour. */
#define PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR 30

/** A family's feed. */
typedef struct ptl_calendar_feed {
	bool active;          /**< the family has an active feed */
	ptl_time created_at;  /**< when it was created (0 when none) */
	char *token;          /**< only from ptl_calendar_feed_create(), else NULL */
	char *url;            /**< likewise: PORTAIL_PUBLIC_URL "/ical/" token ".ics" */
} ptl_calendar_feed;

/**
 * Create a new feed for family @p family_id, revoking its active one, in
 * one transaction (the family's row locked: two at once end with one
 * active feed).
 * @param out receives the feed with its token and address: the only time
 *        they are given.
 * @return PTL_OK; PTL_ENOTFOUND (no such family); PTL_EUNAVAILABLE.
 */
int ptl_calendar_feed_create(ptl_calendar_feed **out, ptl_db *db, int64_t family_id);

/**
 * Revoke the active feed of family @p family_id: its address stops
 * answering at once.
 * @return PTL_OK; PTL_ENOTFOUND (no active feed); PTL_EUNAVAILABLE.
 */
int ptl_calendar_feed_revoke(ptl_db *db, int64_t family_id);

/**
 * Whether family @p family_id has an active feed, and since when (never
 * its token).
 * @return PTL_OK (also without a feed: active false); PTL_EUNAVAILABLE.
 */
int ptl_calendar_feed_get(ptl_calendar_feed **out, ptl_db *db, int64_t family_id);

/**
 * The same for the family of session @p session_token, in one prepared
 * statement with the session check.
 * @param session_out receives the session (may be NULL).
 * @return PTL_OK; PTL_EAUTH; PTL_EUNAVAILABLE.
 */
int ptl_calendar_feed_mine(ptl_calendar_feed **out, ptl_session *session_out, ptl_db *db,
                           const char *session_token);

/**
 * The family of the active feed of @p token.
 * @return PTL_OK; PTL_ENOTFOUND (unknown, malformed or revoked token: one
 *         answer for all); PTL_EUNAVAILABLE.
 */
int ptl_calendar_feed_family(int64_t *out, ptl_db *db, const char *token);

/**
 * The iCalendar text (CRLF lines, UTF-8) of the feed of @p token, read in
 * one prepared statement (the throttle's count, the feed and the
 * reservations). An unknown token (not a revoked feed's own) is recorded
 * against @p client_addr.
 * @param out receives the text; the caller frees it with ptl_free().
 * @param client_addr the client's address, for throttling (NULL: "unknown")
 * @return PTL_OK; PTL_ENOTFOUND (unknown, malformed or revoked token);
 *         PTL_ETHROTTLED (retry_after set); PTL_EUNAVAILABLE.
 */
int ptl_calendar_feed_ics(char **out, ptl_db *db, const char *token, const char *client_addr);

/** Release @p feed (NULL: nothing). */
void ptl_calendar_feed_free(ptl_calendar_feed *feed);

#ifdef __cplusplus
}
#endif
#endif
