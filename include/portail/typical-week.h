/*
 * typical-week.h — a child's stored typical week (semaine type) and its
 * expansion into reservations (the rubrique "Semaine type", and the
 * manager's batch `portail-cli week expand`).
 *
 * A typical week is stored per enrolment: its slots (a unit on an ISO
 * weekday, every week or in even or odd ISO weeks, week.h) and the span of
 * days it is expanded over. Expanding it books, through the very rules of
 * ptl_reservation_change() (reservation.h: closures, holidays, windows,
 * notice periods, unit relations, places and the waiting list, validation
 * requests), every (day, unit) it designates in the span that is not
 * booked; the bookings it makes are marked as the week's. A changed week
 * also cancels the bookings the previous week made that the new one no
 * longer designates, within the cancelling notice (never a late, billed
 * cancellation): storing a week, every one from today on, those outside
 * its new span included; the batch, only those in the days it expands.
 * What the family or the manager booked by hand is never cancelled. Expanding twice books nothing twice. A unit that a designated
 * unit links (core/units.h) counts as designated with it. A (day, unit)
 * that someone other than the week cancelled (the family, the manager, an
 * import, a closure: reservation.cancelled_by) is never booked again by an
 * expansion; one the week itself cancelled may be.
 *
 * Every (day, unit) considered comes back as a ptl_reservation_result
 * (reservation.h): bookings (booked, pending, waiting with its rank),
 * cancellations (cancelled, cancel_pending), and skipped ones (outcome
 * refused or unchanged, with the reason_code: closed, holiday,
 * weekday_closed, already_booked, notice, window_closed..., and
 * already_cancelled, unchanged, with who cancelled it and when in the
 * French reason: "Annulé par vous le 26 novembre 2026").
 *
 * Ownership: what comes back through **out is the caller's, released with
 * its _free() function (NULL is a no-op).
 */
#ifndef PORTAIL_TYPICAL_WEEK_H
#define PORTAIL_TYPICAL_WEEK_H

#include <stddef.h>
#include <stdint.h>

#include <portail/auth.h>
#include <portail/db.h>
#include <portail/reservation.h>
#include <portail/week.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The most slots a typical week holds. */
#define PTL_TYPICAL_WEEK_MAX_SLOTS 64

/** One slot: a unit on a weekday, every week or every other week. */
typedef struct ptl_typical_week_slot {
	int weekday;            /**< ISO weekday, 1 (Monday) - 7 (Sunday) */
	char unit[65];          /**< the unit's code in the period */
	ptl_week_parity weeks;  /**< "all", "even" or "odd" ISO weeks */
} ptl_typical_week_slot;

/** The names of a parity: "all", "even", "odd"; NULL out of range. Static. */
const char *ptl_typical_week_parity_name(ptl_week_parity weeks);

/** A parity from its name ("all", "even", "odd"). @return PTL_OK or
 *  PTL_EINVALID (nothing recorded: the caller names the field). */
int ptl_typical_week_parity_parse(ptl_week_parity *out, const char *name);

/** A stored typical week. */
typedef struct ptl_typical_week {
	int64_t enrolment_id;
	char from[11], to[11];         /**< the span "YYYY-MM-DD"; "" when none is stored */
	size_t slot_count;
	ptl_typical_week_slot *slots;  /**< in the order they were given */
} ptl_typical_week;

/**
 * The typical week of enrolment @p enrolment_id of the session's family, in
 * one prepared statement (the session check included). None stored: no
 * slots and empty days.
 * @param session_out receives the session (may be NULL).
 * @return PTL_OK; PTL_EAUTH; PTL_ENOTFOUND (not the family's enrolment);
 *         PTL_EUNAVAILABLE.
 */
int ptl_typical_week_mine(ptl_typical_week **out, ptl_session *session_out, ptl_db *db,
                          const char *token, int64_t enrolment_id);

/** The same for a family (@p family_id; 0 for the manager: any), without a
 *  session. @return as above, without PTL_EAUTH. */
int ptl_typical_week_get(ptl_typical_week **out, ptl_db *db, int64_t family_id,
                         int64_t enrolment_id);

/** Release @p week (NULL: nothing). */
void ptl_typical_week_free(ptl_typical_week *week);

/** A typical week as given by a family. */
typedef struct ptl_typical_week_options {
	unsigned int version;                /**< PTL_TYPICAL_WEEK_OPTIONS_VERSION */
	const ptl_typical_week_slot *slots;  /**< borrowed for the call */
	size_t slot_count;
	const char *from;  /**< first day "YYYY-MM-DD"; NULL or "": today */
	const char *to;    /**< last day; NULL or "": the enrolment's last day */
} ptl_typical_week_options;

#define PTL_TYPICAL_WEEK_OPTIONS_VERSION 1
#define PTL_TYPICAL_WEEK_OPTIONS_INIT { .version = PTL_TYPICAL_WEEK_OPTIONS_VERSION }

/**
 * What storing @p in as the typical week of enrolment @p enrolment_id would
 * do now, without doing it: the bookings it would make (with the outcome
 * they would have: booked, pending, waiting and the rank), the bookings of
 * the previous week it would cancel, and the days it would skip with why.
 * The span is cut to the enrolment and starts today at the earliest.
 * @param family_id the session's family (another family's enrolment is
 *        PTL_ENOTFOUND); 0 for the manager.
 * @return PTL_OK; PTL_ENOTFOUND; PTL_ECONFLICT (field "enrolment": not
 *         validated); PTL_EINVALID (field "slots[2].unit", "slots[0].weekday",
 *         "slots[1].weeks", "slots[3]" for a slot given twice, "slots" for
 *         too many, "from", "to"; nothing done).
 */
int ptl_typical_week_preview(ptl_reservation_results **out, ptl_db *db, int64_t family_id,
                             int64_t enrolment_id, const ptl_typical_week_options *in);

/**
 * Store @p in as the typical week of enrolment @p enrolment_id and expand it,
 * in one transaction: what ptl_typical_week_preview() shows is done.
 * @param guardian_id who asks (for a request that waits), 0 for none.
 * @return as ptl_typical_week_preview().
 */
int ptl_typical_week_set(ptl_reservation_results **out, ptl_db *db, int64_t family_id,
                         int64_t guardian_id, int64_t enrolment_id,
                         const ptl_typical_week_options *in);

/** Told how far a batch expansion is: @p done of @p total enrolments. */
typedef void (*ptl_typical_week_progress_fn)(void *arg, size_t done, size_t total);

/** Which typical weeks ptl_typical_week_expand_period() expands. */
typedef struct ptl_typical_week_expand_options {
	unsigned int version;   /**< PTL_TYPICAL_WEEK_EXPAND_OPTIONS_VERSION */
	const char *period;     /**< the period's code (required) */
	const char *from;       /**< first day; NULL: each week's own, today at the earliest */
	const char *to;         /**< last day; NULL: each week's own last day */
	ptl_typical_week_progress_fn progress;  /**< NULL: not told */
	void *progress_arg;
} ptl_typical_week_expand_options;

#define PTL_TYPICAL_WEEK_EXPAND_OPTIONS_VERSION 1
#define PTL_TYPICAL_WEEK_EXPAND_OPTIONS_INIT \
	{ .version = PTL_TYPICAL_WEEK_EXPAND_OPTIONS_VERSION }

/** How many (day, unit) were skipped for one reason. */
typedef struct ptl_typical_week_reason_count {
	const char *reason_code;  /**< "holiday"... (static) */
	size_t count;
} ptl_typical_week_reason_count;

/** What a batch expansion did. */
typedef struct ptl_typical_week_summary {
	size_t families, enrolments;  /**< the typical weeks expanded, their families */
	size_t not_validated;         /**< stored weeks of enrolments that cannot book */
	size_t booked, pending, waiting, cancelled, cancel_pending;
	size_t skipped;               /**< refused or nothing to do, in all */
	size_t reason_count;
	ptl_typical_week_reason_count reasons[24];  /**< skipped by reason, most first */
} ptl_typical_week_summary;

/**
 * Expand the stored typical week of every validated enrolment of period
 * @p options->period over its span cut to [from, to]: for each, a few
 * set-based statements, by the rules of ptl_typical_week_set(), in
 * transactions of 100 enrolments (a commit per enrolment would cost more
 * than its statements); bookings of the previous week that a week no
 * longer designates are cancelled in those days, none outside them.
 * @return PTL_OK with @p out filled; PTL_ENOTFOUND (field "period");
 *         PTL_EINVALID (field "period", "from", "to"); another code when an
 *         enrolment failed (the transactions before its own stay done,
 *         @p out says how many enrolments they held).
 */
int ptl_typical_week_expand_period(ptl_typical_week_summary *out, ptl_db *db,
                                   const ptl_typical_week_expand_options *options);

#ifdef __cplusplus
}
#endif
#endif
