/*
 * reservation.h — booking and cancelling the units of the days of a
 * child's validated enrolment (the rubrique "Mes réservations").
 *
 * Every rule is the library's, checked on every call: the period's opening
 * weekdays, closure days and public holidays (holiday.h), the enrolment's
 * first and last day, the booking window (opening day, earlier for
 * residents of the town, read-only from a day), the notice periods for
 * booking and for cancelling (notice.h), the modification options (booking
 * or cancelling allowed, at once or waiting for the manager's validation,
 * a late cancellation allowed and billed), the relations of the units
 * (core/units.h: linked units added, dependent units cancelled with their
 * parent, incompatible ones refused) and the places per day: of the group
 * for each unit, and of the unit's shared capacity counter. A full unit
 * puts the child on that day's waiting list; a freed place goes to the
 * first one waiting, in the same transaction, and that family is notified.
 * The rules live in the period's reservation_rules (README, "The catalogue
 * file"). Blocking a family that owes more than a threshold is billing's:
 * the key debt_threshold_cents is read but not enforced yet.
 *
 * Ownership: what comes back through **out is the caller's, released with
 * ptl_reservation_results_free() (NULL is a no-op).
 */
#ifndef PORTAIL_RESERVATION_H
#define PORTAIL_RESERVATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/date.h>
#include <portail/db.h>
#include <portail/request.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What became of one unit of one day. */
typedef enum ptl_reservation_outcome {
	PTL_RESERVATION_BOOKED = 1,         /**< "booked" */
	PTL_RESERVATION_PENDING = 2,        /**< "pending": waits for validation */
	PTL_RESERVATION_WAITING = 3,        /**< "waiting": on the waiting list (rank) */
	PTL_RESERVATION_CANCELLED = 4,      /**< "cancelled" (billable when late) */
	PTL_RESERVATION_CANCEL_PENDING = 5, /**< "cancel_pending": waits for validation */
	PTL_RESERVATION_UNCHANGED = 6,      /**< "unchanged": nothing to do */
	PTL_RESERVATION_REFUSED = 7,        /**< "refused": see the reason */
} ptl_reservation_outcome;

/** The outcome's name ("booked"...); NULL out of range. Static. */
const char *ptl_reservation_outcome_name(ptl_reservation_outcome outcome);

/** Why a unit was added to what was asked. */
typedef enum ptl_reservation_added {
	PTL_RESERVATION_ASKED = 0,      /**< asked for */
	PTL_RESERVATION_LINKED = 1,     /**< booked with a unit that links it */
	PTL_RESERVATION_DEPENDENT = 2,  /**< cancelled with the unit it depends on */
} ptl_reservation_added;

/** One unit of one day, as asked: texts from the caller. */
typedef struct ptl_reservation_pick {
	const char *day;   /**< "YYYY-MM-DD" */
	const char *unit;  /**< the unit's code in the period */
} ptl_reservation_pick;

/** What to book and what to cancel, in one transaction. */
typedef struct ptl_reservation_change_options {
	unsigned int version;   /**< PTL_RESERVATION_CHANGE_OPTIONS_VERSION */
	const ptl_reservation_pick *book;
	size_t book_count;
	const ptl_reservation_pick *cancel;
	size_t cancel_count;
} ptl_reservation_change_options;

#define PTL_RESERVATION_CHANGE_OPTIONS_VERSION 1
#define PTL_RESERVATION_CHANGE_OPTIONS_INIT { .version = PTL_RESERVATION_CHANGE_OPTIONS_VERSION }

/** The most picks (book and cancel together) in one call. */
#define PTL_RESERVATION_MAX_PICKS 400

/** What was done for one unit of one day. */
typedef struct ptl_reservation_result {
	char day[11];              /**< "YYYY-MM-DD" */
	char *unit;                /**< the unit's code */
	char *unit_label;          /**< "Journée" */
	bool cancel;               /**< a cancellation, else a booking */
	ptl_reservation_outcome outcome;
	int rank;                  /**< WAITING: 1 first on the list; else 0 */
	bool billable;             /**< CANCELLED late: charged */
	ptl_reservation_added added;
	const char *reason_code;   /**< "holiday"... (static), NULL when none */
	char *reason_fr;           /**< French sentence, NULL when none */
	char *reason_en;           /**< English sentence, NULL when none */
} ptl_reservation_result;

/** The answer of ptl_reservation_change(). */
typedef struct ptl_reservation_results {
	size_t count;
	ptl_reservation_result *items;  /**< asked order, added units after theirs */
	ptl_request *request;  /**< the request sent for validation, or NULL */
} ptl_reservation_results;

/**
 * Book and cancel units of days of enrolment @p enrolment_id in one
 * transaction, every rule checked (see the top of this header). Day by day
 * refusals are in the results, the rest is done. Cancellations are done
 * before bookings; a freed place goes to the first one waiting.
 * @param family_id the session's family (another family's enrolment is
 *        PTL_ENOTFOUND); 0 for the manager (any family).
 * @param guardian_id who asks (for a request that waits), 0 for none.
 * @return PTL_OK; PTL_ENOTFOUND; PTL_ECONFLICT (field "enrolment": the
 *         enrolment is not validated); PTL_EINVALID (field "book[3].day",
 *         "cancel[0].unit"..., or "book" for too many picks; nothing done).
 */
int ptl_reservation_change(ptl_reservation_results **out, ptl_db *db, int64_t family_id,
                           int64_t guardian_id, int64_t enrolment_id,
                           const ptl_reservation_change_options *in);

/** Release @p results (NULL: nothing). */
void ptl_reservation_results_free(ptl_reservation_results *results);

#ifdef __cplusplus
}
#endif
#endif
