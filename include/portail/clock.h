/*
 * clock.h — the one clock of the library.
 *
 * Every rule that depends on "now" (session expiry, throttling, token
 * validity, later notice periods and billing) reads it here, so that tests,
 * demos and batch replays can set it. The PORTAIL_NOW environment variable,
 * read on first use, fixes the clock at an ISO 8601 instant
 * ("2026-11-26T09:30:00Z" or "2026-11-26T10:30:00+01:00").
 */
#ifndef PORTAIL_CLOCK_H
#define PORTAIL_CLOCK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An instant: seconds since 1970-01-01T00:00:00Z. */
typedef int64_t ptl_time;

/** Now: the fixed instant if one is set, the system clock otherwise. */
ptl_time ptl_clock_now(void);

/** Fix the clock at @p t for the whole process. */
void ptl_clock_set(ptl_time t);

/** Return to the system clock (PORTAIL_NOW is not read again). */
void ptl_clock_reset(void);

/** Parse an ISO 8601 instant with a "Z" or ±hh:mm offset.
 *  @return PTL_OK, or PTL_EINVALID. */
int ptl_time_parse(ptl_time *out, const char *text);

/** Format @p t as "YYYY-MM-DDThh:mm:ssZ" into @p buf (at least 21 bytes). */
void ptl_time_format(char buf[21], ptl_time t);

#ifdef __cplusplus
}
#endif
#endif
