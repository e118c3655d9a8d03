/*
 * period.h — the manager's changes to a period of the catalogue after the
 * fact: closing a day (a strike, a heating failure, a bridge decided late)
 * and opening it again.
 *
 * Closing a day adds it to the period's closure days, with its reason (the
 * month calendar shows it closed with that reason, and no one can book it),
 * cancels that day's reservations of the period without charge (none is
 * billable; the waiting lists of the day are emptied) and tells each family
 * concerned once, by mail (French, with the reason). Closing a closed day
 * again changes nothing more. A closure added here is part of the
 * catalogue: `catalogue export` writes it, and a catalogue file imported
 * later without it opens the day again.
 *
 * Ownership: what comes back through **out is the caller's, released with
 * ptl_period_closing_free() (NULL is a no-op).
 */
#ifndef PORTAIL_PERIOD_H
#define PORTAIL_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What ptl_period_close_day() did. */
typedef struct ptl_period_closing {
	bool added;          /**< the day was not closed before */
	char *reason;        /**< the closure's reason (the earlier one when it was closed) */
	char day[11];        /**< "YYYY-MM-DD" */
	size_t cancelled;    /**< reservations that held a place, cancelled without charge */
	size_t waiting;      /**< waiting-list entries of the day, cancelled */
	size_t families;     /**< families told by mail */
} ptl_period_closing;

/**
 * Close day @p day ("YYYY-MM-DD") of period @p period (its code) for
 * @p reason (1 to 200 characters, French, shown to families), in one
 * transaction (see the top of this header).
 * @return PTL_OK; PTL_ENOTFOUND (field "period"); PTL_EINVALID (field
 *         "day": not a date or outside the period; field "reason").
 */
int ptl_period_close_day(ptl_period_closing **out, ptl_db *db, const char *period,
                         const char *day, const char *reason);

/** Release @p closing (NULL: nothing). */
void ptl_period_closing_free(ptl_period_closing *closing);

/**
 * Open again closure day @p day of period @p period: families can book it
 * again (the reservations it cancelled stay cancelled).
 * @param out set to whether the day was closed (false: nothing to do).
 * @return PTL_OK; PTL_ENOTFOUND (field "period"); PTL_EINVALID (field "day").
 */
int ptl_period_reopen_day(bool *out, ptl_db *db, const char *period, const char *day);

#ifdef __cplusplus
}
#endif
#endif
