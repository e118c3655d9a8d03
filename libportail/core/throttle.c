/*
 * core/throttle.c — the login throttling rule (see throttle.h).
 */
#include "core/throttle.h"

int64_t ptl__throttle_delay(int failures)
{
	int over = failures - PTL_THROTTLE_FREE_FAILURES;

	if (over <= 0)
		return 0;
	if (over >= 10)   /* 2^10 s is already past the ceiling */
		return PTL_THROTTLE_MAX_DELAY;
	int64_t delay = (int64_t)1 << over;
	return delay > PTL_THROTTLE_MAX_DELAY ? PTL_THROTTLE_MAX_DELAY : delay;
}

int64_t ptl__throttle_wait(const struct ptl__throttle_state *s, int daily_cap, int64_t now)
{
	int64_t wait = 0;

	if (s->attempts_in_window >= daily_cap) {
		int64_t until = s->oldest_attempt_at + PTL_THROTTLE_WINDOW;
		if (until > now)
			wait = until - now;
	}
	int64_t delay = ptl__throttle_delay(s->consecutive_failures);
	if (delay > 0) {
		int64_t until = s->last_failure_at + delay;
		if (until - now > wait)
			wait = until - now;
	}
	return wait;
}

int64_t ptl__rate_wait(int count, int64_t oldest_at, int limit, int64_t window, int64_t now)
{
	if (count < limit)
		return 0;
	int64_t until = oldest_at + window;
	return until > now ? until - now : 0;
}
