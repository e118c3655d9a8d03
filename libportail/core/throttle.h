/*
 * core/throttle.h — the login throttling rule, as a pure function.
 *
 * For one key (an email, or a client address) the caller gathers what
 * happened in the last 24 hours and asks how long the next attempt must
 * wait. Up to PTL_THROTTLE_FREE_FAILURES consecutive failures cost nothing;
 * each further failure doubles the wait, from 2 seconds up to 15 minutes.
 * At most `daily_cap` attempts are evaluated in any 24 hours: past that the
 * key waits until the oldest attempt leaves the window.
 */
#ifndef PORTAIL_CORE_THROTTLE_H
#define PORTAIL_CORE_THROTTLE_H

#include <stdint.h>

#define PTL_THROTTLE_FREE_FAILURES 5
#define PTL_THROTTLE_MAX_DELAY (15 * 60)
#define PTL_THROTTLE_WINDOW (24 * 60 * 60)
#define PTL_THROTTLE_DAILY_CAP_EMAIL 25
#define PTL_THROTTLE_DAILY_CAP_ADDRESS 250

struct ptl__throttle_state {
	int consecutive_failures;   /**< failures since the last success, in the window */
	int64_t last_failure_at;    /**< instant of the latest failure (if any) */
	int attempts_in_window;     /**< evaluated attempts in the last 24 h */
	int64_t oldest_attempt_at;  /**< instant of the oldest of those */
};

/** The delay imposed after @p failures consecutive failures (0 for up to
 *  five, then 2, 4, 8 ... seconds, at most PTL_THROTTLE_MAX_DELAY). */
int64_t ptl__throttle_delay(int failures);

/** Seconds to wait before the next attempt may be evaluated (0: now). */
int64_t ptl__throttle_wait(const struct ptl__throttle_state *s, int daily_cap, int64_t now);

/** A plain rate limit: with @p count events since @p window seconds ago,
 *  the oldest at @p oldest_at, seconds to wait before one more is allowed
 *  under a limit of @p limit per window (0: now). */
int64_t ptl__rate_wait(int count, int64_t oldest_at, int limit, int64_t window, int64_t now);

#endif
