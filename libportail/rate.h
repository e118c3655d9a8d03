/*
 * rate.h — limits on anonymous actions per client address.
 */
#ifndef PORTAIL_RATE_H
#define PORTAIL_RATE_H

#include <stdint.h>

#include <portail/clock.h>
#include <portail/db.h>

/** In the caller's transaction: refuse with PTL_ETHROTTLED (retry_after
 *  set, French message for parents) when @p client_addr did @p action
 *  @p limit times in the last @p window seconds; else record one more. */
/** The refusal of an action of @p client_addr that did it @p recent times
 *  in the last @p window seconds, the oldest at @p oldest: PTL_ETHROTTLED
 *  (retry_after set, French message for parents) when @p limit is
 *  reached, else PTL_OK. For a read that counts in its own statement. */
int ptl__rate_check(const char *action, const char *client_addr, int recent, int64_t oldest,
                    int limit, int64_t window, ptl_time now);

int ptl__rate_take(ptl_db *db, const char *action, const char *client_addr, int limit,
                   int64_t window);

#endif
