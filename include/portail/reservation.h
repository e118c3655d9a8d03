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
 * file"). A family whose balance (balance.h) is above the period's
 * debt_threshold_cents cannot book (reason "debt"; cancelling still works)
 * unless the manager set an override for it.
 *
 * Ownership: what comes back through **out is the caller's, released with
 * ptl_reservation_results_free() (NULL is a no-op).
 */
#ifndef PORTAIL_RESERVATION_H
#define PORTAIL_RESERVATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/auth.h>
#include <portail/catalogue.h>
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

/* --- the month calendar ------------------------------------------------------ */

/** What a day of the calendar is. */
typedef enum ptl_reservation_day_state {
	PTL_RESERVATION_DAY_OPEN = 1,            /**< "open" */
	PTL_RESERVATION_DAY_CLOSED = 2,          /**< "closed": a closure day */
	PTL_RESERVATION_DAY_HOLIDAY = 3,         /**< "holiday": a public holiday */
	PTL_RESERVATION_DAY_WEEKDAY_CLOSED = 4,  /**< "weekday_closed" */
	PTL_RESERVATION_DAY_OUTSIDE = 5,         /**< "outside": the period or the enrolment */
} ptl_reservation_day_state;

/** What a unit of an open day is for the child. */
typedef enum ptl_reservation_unit_state {
	PTL_RESERVATION_UNIT_BOOKABLE = 1,        /**< "bookable" */
	PTL_RESERVATION_UNIT_BOOKED = 2,          /**< "booked" */
	PTL_RESERVATION_UNIT_PENDING = 3,         /**< "pending": waits for validation */
	PTL_RESERVATION_UNIT_WAITING = 4,         /**< "waiting": on the list (rank) */
	PTL_RESERVATION_UNIT_CANCEL_PENDING = 5,  /**< "cancel_pending" */
	PTL_RESERVATION_UNIT_FULL = 6,            /**< "full": booking it waits */
	PTL_RESERVATION_UNIT_LOCKED = 7,          /**< "locked": cannot be booked (reason) */
} ptl_reservation_unit_state;

/** The names of the states ("open", "bookable"...); NULL out of range. Static. */
const char *ptl_reservation_day_state_name(ptl_reservation_day_state state);
const char *ptl_reservation_unit_state_name(ptl_reservation_unit_state state);

/** One unit of one open day. */
typedef struct ptl_reservation_day_unit {
	size_t unit;                  /**< index in the calendar's units */
	ptl_reservation_unit_state state;
	int rank;                     /**< WAITING: 1 first; else 0 */
	int places_left;              /**< the group's and the unit's counter's, 0 when full */
	bool modifiable;              /**< it can still be booked (bookable, full) or
	                                   cancelled (booked, pending, waiting) */
	int64_t modifiable_until;     /**< modifiable: the instant (UTC seconds) from
	                                   which it no longer is; 0 when no notice
	                                   period limits it */
	bool late_cancel_billable;    /**< cancelling it now is allowed but billed */
	const char *reason_code;      /**< why it cannot change ("notice"...), static;
	                                   NULL when modifiable */
	char *reason_fr;              /**< French sentence, NULL when none */
} ptl_reservation_day_unit;

/** One day of the month. */
typedef struct ptl_reservation_day {
	char day[11];                 /**< "YYYY-MM-DD" */
	ptl_reservation_day_state state;
	const char *reason_code;      /**< not open: "closed", "holiday"... (static) */
	char *reason_fr;              /**< "Vacances de Noël", "Jour férié (Noël)"; NULL if open */
	size_t unit_count;            /**< open days: every unit of the period */
	ptl_reservation_day_unit *units;
} ptl_reservation_day;

/** A child's month for one enrolment (GET .../calendar). */
typedef struct ptl_reservation_calendar {
	int64_t enrolment_id, child_id;
	char *child_name;             /**< "Léa Lambert" */
	char *period_code, *period_label, *group_code, *group_label;
	char first_day[11], last_day[11];  /**< the enrolment's */
	char *status;                 /**< the enrolment's status ("validated") */
	char month[8];                /**< "YYYY-MM" */
	size_t unit_count;
	ptl_catalogue_unit *units;    /**< the period's units, relations as indexes */
	size_t day_count;
	ptl_reservation_day *days;    /**< every day of the month, in order */
} ptl_reservation_calendar;

/**
 * The month @p month ("YYYY-MM"; NULL or "": the current month in Paris) of
 * enrolment @p enrolment_id of the session's family, in one prepared
 * statement (the session check included): every day, every unit with its
 * state, rank, places left and until when it can change, as of now.
 * @param session_out receives the session when there is one (may be NULL).
 * @return PTL_OK; PTL_EAUTH; PTL_ENOTFOUND (not the family's enrolment);
 *         PTL_EINVALID (field "month"); PTL_EUNAVAILABLE.
 */
int ptl_reservation_calendar_mine(ptl_reservation_calendar **out, ptl_session *session_out,
                                  ptl_db *db, const char *token, int64_t enrolment_id,
                                  const char *month);

/** The same for the manager (or a family: @p family_id, 0 for any), without a
 *  session. @return as above, without PTL_EAUTH. */
int ptl_reservation_calendar_get(ptl_reservation_calendar **out, ptl_db *db, int64_t family_id,
                                 int64_t enrolment_id, const char *month);

/** Release @p calendar (NULL: nothing). */
void ptl_reservation_calendar_free(ptl_reservation_calendar *calendar);

/* --- the manager's listing ---------------------------------------------------- */

/** Which reservations ptl_reservation_list() takes. */
typedef struct ptl_reservation_list_options {
	unsigned int version;  /**< PTL_RESERVATION_LIST_OPTIONS_VERSION */
	const char *from;      /**< first day "YYYY-MM-DD"; NULL: any */
	const char *to;        /**< last day "YYYY-MM-DD"; NULL: any */
	const char *period;    /**< a period's code; NULL: any */
	const char *group;     /**< a group's code; NULL: any */
	const char *unit;      /**< a unit's code; NULL: any */
	const char *status;    /**< "booked", "pending", "waiting", "cancel_pending",
	                            "cancelled"; NULL: every live one (not cancelled) */
	int64_t family_id;     /**< 0: any */
} ptl_reservation_list_options;

#define PTL_RESERVATION_LIST_OPTIONS_VERSION 1
#define PTL_RESERVATION_LIST_OPTIONS_INIT { .version = PTL_RESERVATION_LIST_OPTIONS_VERSION }

/** One reservation, as the manager lists it. */
typedef struct ptl_reservation {
	int64_t id, enrolment_id, family_id, child_id;
	char day[11];          /**< "YYYY-MM-DD" */
	char *child_name;      /**< "Léa Lambert" */
	char *period;          /**< the period's code */
	char *group;           /**< the group's code */
	char *unit;            /**< the unit's code */
	char *status;          /**< "booked"... */
	int rank;              /**< waiting: 1 first; else 0 */
	bool billable;         /**< a late cancellation that is charged */
	char *source;          /**< "parent", "week", "manager", "import" */
} ptl_reservation;

typedef struct ptl_reservations {
	size_t count;
	ptl_reservation *items;
} ptl_reservations;

/** The reservations matching @p options, by day, period, group, unit and
 *  child: a day's attendance list per group, in one statement.
 *  @return PTL_OK; PTL_EINVALID (field "from", "to" or "status"). */
int ptl_reservation_list(ptl_reservations **out, ptl_db *db,
                         const ptl_reservation_list_options *options);

/** Release @p list (NULL: nothing). */
void ptl_reservations_free(ptl_reservations *list);

/* --- the manager's batch corrections ------------------------------------------- */

/** How ptl_reservation_import() applies a file. */
typedef struct ptl_reservation_import_options {
	unsigned int version;  /**< PTL_RESERVATION_IMPORT_OPTIONS_VERSION */
	bool force;            /**< book even over the places of a full day */
	bool dry_run;          /**< judge every line and report, change nothing */
} ptl_reservation_import_options;

#define PTL_RESERVATION_IMPORT_OPTIONS_VERSION 1
#define PTL_RESERVATION_IMPORT_OPTIONS_INIT { .version = PTL_RESERVATION_IMPORT_OPTIONS_VERSION }

/** What became of one line of the file (or of a unit its relations added). */
typedef struct ptl_reservation_import_item {
	unsigned int line;          /**< the line of the file it starts on (the header is 1) */
	bool cancel;                /**< the line cancels, else it books */
	char day[11];               /**< "YYYY-MM-DD" */
	char *unit;                 /**< the unit's code */
	char *unit_label;           /**< "Journée"; "" for an unknown unit */
	int64_t child_id;
	int64_t enrolment_id;       /**< 0 when the line names no enrolment */
	int64_t family_id;          /**< the enrolment's family; 0 when none */
	char *child_first_name;     /**< the enrolment's child ("Léa"); "" when none */
	ptl_reservation_outcome outcome;
	int rank;                   /**< WAITING: 1 first */
	ptl_reservation_added added;  /**< LINKED/DEPENDENT: added by the line's unit */
	const char *reason_code;    /**< static, NULL when none: the codes of a change,
	                                 and "unknown_enrolment" (no enrolment of the child
	                                 in that period and group), "enrolment_not_validated" */
	char *reason_en;            /**< English, NULL when none */
} ptl_reservation_import_item;

/** The answer of ptl_reservation_import(). */
typedef struct ptl_reservation_import_report {
	size_t count;
	ptl_reservation_import_item *items;  /**< in line order, added units after theirs */
	size_t families;   /**< families notified (with --dry-run: that would be) */
	bool dry_run;      /**< nothing was changed */
} ptl_reservation_import_report;

/**
 * Apply a file of batch corrections by the manager, in one transaction.
 * @p csv is CSV text (RFC 4180; ptl_reservation_list's export reads back):
 * a header line naming the columns, among them "day", "period", "group",
 * "unit", "child id" and "status" (others, such as "child name" and
 * "family", are read and ignored), then one line per unit of a day of a
 * child's enrolment (the child's enrolment in that period and group):
 * status "book" (or a live status: "booked", "pending", "waiting",
 * "cancel_pending": keep it booked) or "cancel" (or "cancelled").
 * The lines go through the rules of ptl_reservation_change() as the
 * manager's: the booking window, the notice periods and the modification
 * options do not bind (nothing waits for validation, no cancellation is
 * billed); the days (closures, holidays, the enrolment's dates), the units'
 * relations and the places do: a full day puts the child on the waiting
 * list, unless @p in->force books over the places. A refused line does not
 * stop the others. Each family whose reservations changed gets one mail
 * (outbox) listing them; those a freed place promotes are told as usual.
 * @return PTL_OK (refusals are in the report); PTL_EINVALID for a malformed
 *         file, with field "line N" (or "header"), nothing done.
 */
int ptl_reservation_import(ptl_reservation_import_report **out, ptl_db *db, const char *csv,
                           size_t len, const ptl_reservation_import_options *in);

/** Release @p report (NULL: nothing). */
void ptl_reservation_import_report_free(ptl_reservation_import_report *report);

#ifdef __cplusplus
}
#endif
#endif
