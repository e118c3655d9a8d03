/*
 * enrolment.h — enrolling children in the groups of the catalogue's
 * periods (the rubrique "Mes inscriptions").
 *
 * A parent reads the cascade for a child (facility → activity type →
 * activity → period → group, with what is offered and why not), then
 * enrols the child in a group of a period for some dates (a petite-enfance
 * activity takes a pre-enrolment instead: wanted start, days and hours per
 * week). An enrolment is a request of the validation queue (kind
 * "enrolment"): accepting it validates the enrolment, refusing it refuses
 * the enrolment with the reason. A group's capacity counts its validated
 * enrolments: validating into a full group is PTL_EFULL unless forced.
 * The manager may put an enrolment on the group's waiting list instead;
 * when a place frees (a validated enrolment cancelled, an offer withdrawn
 * or refused) the first one waiting is offered at once (a request of kind
 * "enrolment_offer" in the queue, the family notified), in the same
 * transaction.
 *
 * Each enrolment carries the guide's marker ("V" validated, "?" waiting
 * for validation, "!" petite-enfance pre-enrolment not validated yet) and
 * what the family must still provide: documents missing or expired, and the
 * activity's rules if the family has not accepted their current version.
 *
 * The parent's functions take the session's token (or the session's
 * family and guardian, already checked by the caller) and never reach
 * another family's data: another family's child or enrolment is
 * PTL_ENOTFOUND, exactly like an id that does not exist.
 * Ownership as everywhere: what comes back through `out` is the caller's.
 */
#ifndef PORTAIL_ENROLMENT_H
#define PORTAIL_ENROLMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/auth.h>
#include <portail/clock.h>
#include <portail/date.h>
#include <portail/db.h>
#include <portail/request.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Where an enrolment stands. Values are never renumbered. */
typedef enum ptl_enrolment_status {
	PTL_ENROLMENT_PENDING = 1,    /**< "pending": waits for the manager */
	PTL_ENROLMENT_VALIDATED = 2,  /**< "validated": has its place */
	PTL_ENROLMENT_WAITING = 3,    /**< "waiting": on the group's waiting list */
	PTL_ENROLMENT_REFUSED = 4,    /**< "refused": see the reason */
	PTL_ENROLMENT_CANCELLED = 5,  /**< "cancelled" by the manager: see the reason */
	PTL_ENROLMENT_WITHDRAWN = 6,  /**< "withdrawn": the family took its request back */
} ptl_enrolment_status;

/** The status's name ("pending"), or NULL. Static storage. */
const char *ptl_enrolment_status_name(ptl_enrolment_status status);

/** The status's French label ("En attente de validation"), or NULL. */
const char *ptl_enrolment_status_label(ptl_enrolment_status status);

/** The status named @p name. @return PTL_OK or PTL_EINVALID (field "status"). */
int ptl_enrolment_status_from_name(ptl_enrolment_status *out, const char *name);

/** A document or a rules version the family must still provide. */
typedef struct ptl_enrolment_missing {
	char *type;    /**< the document type ("vaccinations") */
	char *label;   /**< French ("Carnet de vaccination à jour") */
} ptl_enrolment_missing;

/** One enrolment. Strings belong to it. */
typedef struct ptl_enrolment {
	int64_t id;
	int64_t family_id;
	int64_t child_id;
	char *child_name;        /**< "Léa Lambert" */
	char *facility;          /**< the facility's name */
	char *activity_type;     /**< the activity type's name */
	char *activity;          /**< the activity's name */
	char *category;          /**< loisirs, periscolaire, restauration, petite_enfance */
	char *period_code;
	char *period_label;
	char *group_code;
	char *group_label;
	ptl_day first_day;
	ptl_day last_day;
	ptl_enrolment_status status;
	const char *marker;      /**< "V", "?", "!" or NULL (static storage) */
	char *comment;           /**< the family's comment, "" for none */
	char *reason;            /**< why refused or cancelled, "" otherwise */
	int waitlist_rank;       /**< 1 first, while waiting; 0 otherwise */
	bool pre_enrolment;      /**< a petite-enfance pre-enrolment */
	ptl_day wanted_start;    /**< pre-enrolment: the family's wish */
	int days_per_week;
	int hours_per_week;
	bool has_contract;       /**< pre-enrolment granted: the contract */
	ptl_day contract_start;
	int contract_days;
	int contract_hours;
	size_t missing_count;
	ptl_enrolment_missing *missing;  /**< documents missing or expired today */
	char *rules_title;       /**< the rules to accept, when the family has not
	                              accepted their current version; else "" */
	char *rules_version;     /**< "" when nothing to accept */
	char *rules_url;
	int64_t request_id;      /**< its latest request (the enrolment's, or the
	                              offer of a freed place), 0 if none */
	ptl_time created_at;
} ptl_enrolment;

typedef struct ptl_enrolments {
	size_t count;
	ptl_enrolment *items;
} ptl_enrolments;

/* --- the cascade ------------------------------------------------------------ */

/** A group of a period, for one child. */
typedef struct ptl_enrolment_group_option {
	char *code;
	char *label;
	bool eligible;     /**< the child's age and school level fit */
	bool proposed;     /**< the group the child's age/level points to (the
	                        first eligible one) */
	char *reason;      /**< French, why not eligible; NULL when eligible */
	int places_left;   /**< capacity less validated enrolments, at least 0 */
} ptl_enrolment_group_option;

typedef struct ptl_enrolment_period_option {
	char *code;
	char *label;
	ptl_day first_day, last_day, enrolment_opens, enrolment_closes;
	bool offered;
	char *reason;      /**< French, why not offered; NULL when offered */
	size_t group_count;
	ptl_enrolment_group_option *groups;
} ptl_enrolment_period_option;

typedef struct ptl_enrolment_document_option {
	char *type;
	char *label;
	bool provided;          /**< a document of the type is valid today */
	bool has_valid_until;   /**< the latest one's end of validity is known */
	ptl_day valid_until;
} ptl_enrolment_document_option;

typedef struct ptl_enrolment_activity_option {
	char *code, *name, *description;
	bool offered;
	char *reason;
	bool pre_enrolment;     /**< petite enfance */
	bool asks_comment;
	char *rules_title, *rules_version, *rules_url;  /**< "" without rules */
	bool rules_accepted;    /**< the family accepted the current version */
	size_t document_count;
	ptl_enrolment_document_option *documents;
	size_t period_count;
	ptl_enrolment_period_option *periods;
} ptl_enrolment_activity_option;

typedef struct ptl_enrolment_type_option {
	char *code, *name, *category;
	bool offered;
	char *reason;
	size_t activity_count;
	ptl_enrolment_activity_option *activities;
} ptl_enrolment_type_option;

typedef struct ptl_enrolment_facility_option {
	char *code, *name;
	bool offered;
	char *reason;
	size_t type_count;
	ptl_enrolment_type_option *types;
} ptl_enrolment_facility_option;

/** The whole cascade for one child. A level is offered when something
 *  below it is; what is not offered says why, in French. */
typedef struct ptl_enrolment_options {
	int64_t child_id;
	char *child_first_name;
	int age_months;         /**< today */
	char *school_level;     /**< "" when none */
	size_t facility_count;
	ptl_enrolment_facility_option *facilities;
} ptl_enrolment_options;

/** Read the cascade for child @p child_id of the session's family, in one
 *  statement (the session check included), as of today.
 *  @param session_out receives the session when there is one (may be NULL)
 *  @return PTL_OK; PTL_ENOTFOUND (not a child of the family:
 *          *session_out filled); PTL_EAUTH; PTL_EUNAVAILABLE. */
int ptl_enrolment_options_get(ptl_enrolment_options **out, ptl_session *session_out,
                              ptl_db *db, const char *token, int64_t child_id);

void ptl_enrolment_options_free(ptl_enrolment_options *options);

/* --- reading ---------------------------------------------------------------- */

/** The enrolments of the session's family, newest first, in one statement
 *  (the session check included); only child @p child_id's when it is not 0.
 *  @return PTL_OK; PTL_ENOTFOUND (@p child_id is not a child of the family:
 *          *session_out filled); PTL_EAUTH; PTL_EUNAVAILABLE. */
int ptl_enrolment_list_mine(ptl_enrolments **out, ptl_session *session_out, ptl_db *db,
                            const char *token, int64_t child_id);

/** Which enrolments ptl_enrolment_list() takes (the manager's listing). */
typedef struct ptl_enrolment_list_options {
	unsigned int version;     /**< PTL_ENROLMENT_LIST_OPTIONS_VERSION */
	const char *period;       /**< a period's code; NULL: any */
	const char *group;        /**< a group's code (of the period, if given); NULL: any */
	const char *status;       /**< a status's name; NULL: any */
	int64_t child_id;         /**< 0: any */
	int64_t family_id;        /**< 0: any */
} ptl_enrolment_list_options;

#define PTL_ENROLMENT_LIST_OPTIONS_VERSION 1
#define PTL_ENROLMENT_LIST_OPTIONS_INIT { .version = PTL_ENROLMENT_LIST_OPTIONS_VERSION }

/** List enrolments (manager): newest first; a waiting list (status
 *  "waiting") in the order of its ranks.
 *  @return PTL_OK, PTL_EINVALID (field named). */
int ptl_enrolment_list(ptl_enrolments **out, ptl_db *db, const ptl_enrolment_list_options *options);

/** Load one enrolment (manager). @return PTL_OK or PTL_ENOTFOUND. */
int ptl_enrolment_get(ptl_enrolment **out, ptl_db *db, int64_t enrolment_id);

void ptl_enrolment_free(ptl_enrolment *enrolment);
void ptl_enrolments_free(ptl_enrolments *enrolments);

/* --- enrolling (parent) ----------------------------------------------------- */

/** What a parent asks. Dates as "YYYY-MM-DD" text, as typed. */
typedef struct ptl_enrolment_new_options {
	unsigned int version;       /**< PTL_ENROLMENT_NEW_OPTIONS_VERSION */
	const char *period;         /**< the period's code (required) */
	const char *group;          /**< the group's code in the period (required) */
	const char *first_day;      /**< inside the period (not for petite enfance) */
	const char *last_day;
	const char *wanted_start;   /**< petite enfance: inside the period */
	int days_per_week;          /**< petite enfance: 1 to 7 */
	int hours_per_week;         /**< petite enfance: 1 to 70 */
	const char *comment;        /**< NULL or "": none; at most 1000 characters */
	const char *accept_rules;   /**< the rules version the parent ticked */
} ptl_enrolment_new_options;

#define PTL_ENROLMENT_NEW_OPTIONS_VERSION 1
#define PTL_ENROLMENT_NEW_OPTIONS_INIT { .version = PTL_ENROLMENT_NEW_OPTIONS_VERSION }

/** Enrol child @p child_id of family @p family_id (as guardian
 *  @p guardian_id, from a checked session), in one transaction: checks the
 *  enrolment window, the child's eligibility for the group, the dates, the
 *  rules acceptance (recording it when @p in->accept_rules is the current
 *  version), that no pending, validated or waiting enrolment of the child
 *  in the period overlaps (the child's row locked, so two submissions at
 *  once are judged one after the other), and sends the request.
 *  @param out receives the enrolment as written; @param request_out the
 *         request (may be NULL).
 *  @return PTL_OK; PTL_ENOTFOUND (not a child of the family); PTL_EINVALID
 *          (field: period, group, first_day, last_day, wanted_start,
 *          days_per_week, hours_per_week, comment, accept_rules, version);
 *          PTL_ECONFLICT (field "first_day": overlaps an enrolment). */
int ptl_enrolment_submit(ptl_enrolment **out, ptl_request **request_out, ptl_db *db,
                         int64_t family_id, int64_t guardian_id, int64_t child_id,
                         const ptl_enrolment_new_options *in);

/* --- managing --------------------------------------------------------------- */

/** Validate enrolment @p enrolment_id (pending or waiting): its request is
 *  accepted (for the manager @p manager). A petite-enfance pre-enrolment
 *  gets the family's wish as contract. @p force validates even into a full
 *  group. @return PTL_OK; PTL_ENOTFOUND; PTL_EFULL (the group is full);
 *  PTL_ECONFLICT (not pending or waiting). */
int ptl_enrolment_validate(ptl_db *db, int64_t enrolment_id, const char *manager, bool force);

/** The contract of a petite-enfance place. */
typedef struct ptl_enrolment_grant_options {
	unsigned int version;     /**< PTL_ENROLMENT_GRANT_OPTIONS_VERSION */
	const char *start;        /**< "YYYY-MM-DD", inside the period */
	int days_per_week;        /**< 1 to 7 */
	int hours_per_week;       /**< 1 to 70 */
	bool force;               /**< even into a full group */
} ptl_enrolment_grant_options;

#define PTL_ENROLMENT_GRANT_OPTIONS_VERSION 1
#define PTL_ENROLMENT_GRANT_OPTIONS_INIT { .version = PTL_ENROLMENT_GRANT_OPTIONS_VERSION }

/** Grant a place to pre-enrolment @p enrolment_id (pending or waiting) with
 *  its contract; the family is notified. @return as ptl_enrolment_validate,
 *  and PTL_EINVALID (field start, days_per_week, hours_per_week; or "id"
 *  when it is not a petite-enfance pre-enrolment). */
int ptl_enrolment_grant(ptl_db *db, int64_t enrolment_id, const char *manager,
                        const ptl_enrolment_grant_options *in);

/** Put pending enrolment @p enrolment_id on its group's waiting list, last;
 *  its request is closed as "waitlisted" and the family told its rank.
 *  @param rank_out receives the rank (may be NULL).
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_ECONFLICT (not pending). */
int ptl_enrolment_waitlist_add(int *rank_out, ptl_db *db, int64_t enrolment_id,
                               const char *manager);

/** Move waiting enrolment @p enrolment_id to rank @p rank of its list (1
 *  first; past the end: last); the others keep their order.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_ECONFLICT (not waiting), PTL_EINVALID
 *          (field "rank"). */
int ptl_enrolment_waitlist_move(ptl_db *db, int64_t enrolment_id, int rank);

/** Cancel enrolment @p enrolment_id (validated or waiting) for @p reason
 *  (required): the family is notified and, when it held a place, the first
 *  one waiting in its group is offered the place in the same transaction.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_ECONFLICT (not validated or waiting),
 *          PTL_EINVALID (field "reason" or "manager"). */
int ptl_enrolment_cancel(ptl_db *db, int64_t enrolment_id, const char *manager,
                         const char *reason);

/* --- documents provided ------------------------------------------------------ */

/** A document a family provided, as the manager records it. */
typedef struct ptl_document_options {
	unsigned int version;       /**< PTL_DOCUMENT_OPTIONS_VERSION */
	int64_t family_id;
	int64_t child_id;           /**< 0: for the whole family */
	const char *type;           /**< the activities' document type ("vaccinations") */
	const char *valid_from;     /**< "YYYY-MM-DD": the day it was issued */
	const char *manager;        /**< who records it */
} ptl_document_options;

#define PTL_DOCUMENT_OPTIONS_VERSION 1
#define PTL_DOCUMENT_OPTIONS_INIT { .version = PTL_DOCUMENT_OPTIONS_VERSION }

/** Record a document a family provided. @param id_out receives its id.
 *  @return PTL_OK; PTL_ENOTFOUND (no such family, or the child is not of
 *          it); PTL_EINVALID (field type, valid_from, version). */
int ptl_document_add(int64_t *id_out, ptl_db *db, const ptl_document_options *in);

#ifdef __cplusplus
}
#endif
#endif
