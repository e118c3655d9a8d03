/*
 * rate.h — limits on anonymous actions per client address.
 */
#ifndef PORTAIL_RATE_H
#define PORTAIL_RATE_H

#include <portail/db.h>

/** In the caller's transaction: refuse with PTL_ETHROTTLED (retry_after
 *  set, French message for parents) when @p client_addr did @p action
 *  @p limit times in the last @p window seconds; else record one more. */
int ptl__rate_take(ptl_db *db, const char *action, const char *client_addr, int limit,
                   int64_t window);

#endif
