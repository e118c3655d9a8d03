/*
 * core/throttle.c — the login throttling rules (see throttle.h).
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

	if (daily_cap > 0)
		wait = ptl__rate_wait(s->attempts_in_window, s->oldest_attempt_at, daily_cap,
		                      PTL_THROTTLE_WINDOW, now);
	int64_t delay = ptl__throttle_delay(s->consecutive_failures);
	if (delay > 0) {
		int64_t until = s->last_failure_at + delay;
		if (until - now > wait)
			wait = until - now;
	}
	return wait;
}

/* Keep the longer of two waits, and the limit that imposes it. */
static void longest(int64_t *wait, enum ptl__throttle_limit *limit, int64_t w,
                    enum ptl__throttle_limit l)
{
	if (w > *wait) {
		*wait = w;
		*limit = l;
	}
}

int64_t ptl__login_wait(const struct ptl__login_history *h, int64_t now,
                        enum ptl__throttle_limit *limit)
{
	enum ptl__throttle_limit which = PTL_THROTTLE_NONE;
	int64_t wait = 0;

	if (h->known_device) {
		/* A device the account has used before answers only for itself:
		 * neither a guesser elsewhere nor its neighbours behind the same
		 * address can hold it back. */
		longest(&wait, &which, ptl__throttle_wait(&h->device, 0, now), PTL_THROTTLE_DEVICE);
	} else {
		longest(&wait, &which, ptl__throttle_wait(&h->pair, 0, now), PTL_THROTTLE_PAIR);
		longest(&wait, &which, ptl__throttle_wait(&h->account, PTL_THROTTLE_DAILY_CAP_ACCOUNT,
		                                          now), PTL_THROTTLE_ACCOUNT);
		longest(&wait, &which, ptl__throttle_wait(&h->address, PTL_THROTTLE_DAILY_CAP_ADDRESS,
		                                          now), PTL_THROTTLE_ADDRESS);
	}
	if (limit)
		*limit = which;
	return wait;
}

struct ptl__login_effects ptl__login_after(const struct ptl__login_history *h, bool succeeded)
{
	struct ptl__login_effects e = { 0 };

	if (!h->known_device) {
		e.count_as_unknown = true;
		e.device_issue = succeeded;
	} else if (succeeded) {
		e.device_clear = true;
	} else {
		e.device_failure = true;
		e.device_forget = h->device.consecutive_failures + 1 >= PTL_THROTTLE_DEVICE_MAX_FAILURES;
	}
	return e;
}

int64_t ptl__rate_wait(int count, int64_t oldest_at, int limit, int64_t window, int64_t now)
{
	if (count < limit)
		return 0;
	int64_t until = oldest_at + window;
	return until > now ? until - now : 0;
}
