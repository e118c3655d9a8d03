/*
 * core/throttle.h — the login throttling rules, as pure functions.
 *
 * The aim (OWASP's Authentication and Credential Stuffing cheat sheets,
 * "device cookies"): a guesser is slowed, the real parent is not. The
 * caller gathers what happened in the last 24 hours and asks which limits
 * apply to the next attempt and how long it must wait; after an evaluated
 * attempt it asks what to record and what to clear.
 *
 * An attempt from an unknown device (no valid device cookie for the
 * account) is subject to three limits:
 *   - per pair (account, client address): up to PTL_THROTTLE_FREE_FAILURES
 *     consecutive failures cost nothing, then each failure doubles the wait,
 *     from 2 seconds up to 15 minutes; a success of the same pair ends the
 *     series (and only that pair's);
 *   - per account: at most PTL_THROTTLE_DAILY_CAP_ACCOUNT failures from
 *     unknown devices in any 24 hours, whatever their addresses;
 *   - per address, across accounts (against password spraying): at most
 *     PTL_THROTTLE_DAILY_CAP_ADDRESS failures in any 24 hours, loose enough
 *     for a school or a town hall behind one NAT.
 * An attempt that presents a valid device cookie for the account is subject
 * to none of them: it has its own series of consecutive failures, with the
 * same doubling delays, and after PTL_THROTTLE_DEVICE_MAX_FAILURES of them
 * the device stops being trusted. A new password (reset link) or a new
 * one-time code (the manager) clears the account's throttle: its failures
 * and its devices' failures no longer count (the per-address count keeps
 * them).
 */
#ifndef PORTAIL_CORE_THROTTLE_H
#define PORTAIL_CORE_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#define PTL_THROTTLE_FREE_FAILURES 5
#define PTL_THROTTLE_MAX_DELAY (15 * 60)
#define PTL_THROTTLE_WINDOW (24 * 60 * 60)
#define PTL_THROTTLE_DAILY_CAP_ACCOUNT 25
#define PTL_THROTTLE_DAILY_CAP_ADDRESS 300
#define PTL_THROTTLE_DEVICE_MAX_FAILURES 10

/** A device stays trusted this long after its last successful login. */
#define PTL_THROTTLE_DEVICE_LIFETIME (365 * 24 * 60 * 60)   /* = PTL_DEVICE_LIFETIME_SECONDS */

/** One series of consecutive failures, or one count in a window. */
struct ptl__throttle_state {
	int consecutive_failures;   /**< failures since the last success, in the window */
	int64_t last_failure_at;    /**< instant of the latest failure (if any) */
	int attempts_in_window;     /**< counted attempts in the last 24 h */
	int64_t oldest_attempt_at;  /**< instant of the oldest of those */
};

/** What the caller knows before an attempt on one account from one address. */
struct ptl__login_history {
	bool known_device;                  /**< a valid device cookie for this account */
	struct ptl__throttle_state device;  /**< its series (known_device only) */
	struct ptl__throttle_state pair;    /**< unknown devices, this account and address */
	struct ptl__throttle_state account; /**< unknown devices' failures on this account */
	struct ptl__throttle_state address; /**< unknown devices' failures from this address */
};

/** Which limit holds an attempt back. */
enum ptl__throttle_limit {
	PTL_THROTTLE_NONE = 0,
	PTL_THROTTLE_DEVICE,    /**< the known device's own series */
	PTL_THROTTLE_PAIR,      /**< the delay of the pair (account, address) */
	PTL_THROTTLE_ACCOUNT,   /**< the account's daily cap for unknown devices */
	PTL_THROTTLE_ADDRESS,   /**< the address's daily cap across accounts */
};

/** What to do once an attempt has been evaluated. */
struct ptl__login_effects {
	bool count_as_unknown;  /**< record it in the pair, account and address counts */
	bool device_failure;    /**< one more failure in the known device's series */
	bool device_forget;     /**< the device stops being trusted */
	bool device_clear;      /**< the known device's series ends (success) */
	bool device_issue;      /**< hand out a new device token (success, unknown device) */
};

/** The delay imposed after @p failures consecutive failures (0 for up to
 *  five, then 2, 4, 8 ... seconds, at most PTL_THROTTLE_MAX_DELAY). */
int64_t ptl__throttle_delay(int failures);

/** For one key: seconds to wait before the next attempt may be evaluated
 *  (0: now), from its series of failures and, when @p daily_cap > 0, its
 *  count in the window. */
int64_t ptl__throttle_wait(const struct ptl__throttle_state *s, int daily_cap, int64_t now);

/** Seconds the next attempt must wait (0: evaluate it now), and in
 *  @p limit (may be NULL) which limit decided: the longest wait of those
 *  that apply. */
int64_t ptl__login_wait(const struct ptl__login_history *h, int64_t now,
                        enum ptl__throttle_limit *limit);

/** What an evaluated attempt changes: @p h as gathered before it,
 *  @p succeeded its outcome. */
struct ptl__login_effects ptl__login_after(const struct ptl__login_history *h, bool succeeded);

/** A plain rate limit: with @p count events since @p window seconds ago,
 *  the oldest at @p oldest_at, seconds to wait before one more is allowed
 *  under a limit of @p limit per window (0: now). */
int64_t ptl__rate_wait(int count, int64_t oldest_at, int limit, int64_t window, int64_t now);

#endif
