/*
 * request.h — the validation queue: one queue of requests (demandes) for
 * every kind of change a family sends that the service must acknowledge.
 *
 * A request records the family, who asked and when, its kind, the proposed
 * change (before and after), its status, and once processed who processed
 * it, when and why. The library computes what a request changes (one
 * ptl_request_change per field, with its French label), so that every
 * front-end shows the same difference.
 *
 * Each kind is registered by the module it belongs to (its name, French
 * label, whether it waits for the manager by default, what its target is,
 * how it applies and what refusing it does); the queue itself knows no
 * module. Whether a kind waits ("pending") or takes effect at once and is
 * only listed for review ("applied") is a setting per kind; the defaults:
 *
 *   kind            waits?   what accepting does
 *   signup          yes      activates the family's account
 *   child_add       yes      adds the child
 *   child_edit      yes      replaces the child's details
 *   contact_change  no       (applied at once) updates the guardian's details
 *   guardian_add    yes      adds the guardian (a login when an email was
 *                            given: its one-time code is mailed to them)
 *   guardian_edit   yes      replaces another guardian's details
 *   enrolment       yes      validates the enrolment (enrolment.h)
 *   enrolment_offer yes      validates the enrolment offered a freed place
 *   certificate     no       (applied at once) issues the certificate of
 *                            enrolment (certificate.h)
 *   reservation, reservation_cancel: see reservation.h.
 *
 * A parent may withdraw a pending request of their family (any kind): it is
 * closed as "withdrawn" and nothing of it applies.
 *
 * Accepting applies the change in the same transaction. Two managers
 * processing the same request at once: exactly one succeeds, the other gets
 * PTL_ECONFLICT ("already processed"). An edit applies only to the values it
 * was made against: when the child or the contact details changed since
 * (another request accepted meanwhile), accepting marks the request
 * "outdated", changes nothing else and returns PTL_ECONFLICT with the field
 * "outdated"; the family sends a new request if it still wants the change.
 * Each accepted, refused or outdated request is notified to the family: the
 * message is written to the outbox in the same transaction and delivered
 * later (ptl_mail_deliver()), never while the request is processed.
 */
#ifndef PORTAIL_REQUEST_H
#define PORTAIL_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/clock.h>
#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of request. Values are never renumbered; a retired kind
 *  keeps its number. Kinds run from 1 to ptl_request_kind_count(). */
typedef enum ptl_request_kind {
	PTL_REQUEST_SIGNUP = 1,          /**< "signup": a family's first sign-up */
	PTL_REQUEST_CHILD_ADD = 2,       /**< "child_add" */
	PTL_REQUEST_CHILD_EDIT = 3,      /**< "child_edit" */
	PTL_REQUEST_CONTACT_CHANGE = 4,  /**< "contact_change" */
	PTL_REQUEST_ENROLMENT = 5,       /**< "enrolment" (enrolment.h) */
	PTL_REQUEST_RESERVATION = 6,     /**< "reservation": bookings that wait (reservation.h) */
	PTL_REQUEST_CERTIFICATE = 7,     /**< "certificate": a certificate of enrolment
	                                      (certificate.h) */
	PTL_REQUEST_GUARDIAN_ADD = 8,    /**< "guardian_add": another guardian */
	PTL_REQUEST_GUARDIAN_EDIT = 9,   /**< "guardian_edit": the other guardian's
	                                      details */
	PTL_REQUEST_ENROLMENT_OFFER = 10, /**< "enrolment_offer": a freed place offered
	                                       to the first enrolment waiting */
	PTL_REQUEST_RESERVATION_CANCEL = 11, /**< "reservation_cancel": cancellations
	                                          that wait (reservation.h) */
} ptl_request_kind;

/** Where a request stands. Values are never renumbered. */
typedef enum ptl_request_status {
	PTL_REQUEST_PENDING = 1,   /**< "pending": waits for the manager */
	PTL_REQUEST_ACCEPTED = 2,  /**< "accepted": applied by the manager */
	PTL_REQUEST_REFUSED = 3,   /**< "refused": nothing applied; see the note */
	PTL_REQUEST_APPLIED = 4,   /**< "applied": took effect at once, listed for review */
	PTL_REQUEST_OUTDATED = 5,  /**< "outdated": the values changed since it was
	                                sent; nothing applied */
	PTL_REQUEST_WITHDRAWN = 6, /**< "withdrawn": the family took it back while
	                                it was pending; nothing applied */
	PTL_REQUEST_WAITLISTED = 7, /**< "waitlisted": the enrolment it asked for
	                                 is on the group's waiting list */
} ptl_request_status;

/** One field a request changes. Strings belong to the request. */
typedef struct ptl_request_change {
	char *field;    /**< e.g. "first_name" */
	char *label;    /**< French, e.g. "Prénom" */
	char *before;   /**< the value before, as text; NULL when the request adds
	                     (nothing before) */
	char *after;    /**< the value asked for, as text ("true"/"false" for yes-no
	                     fields); NULL when the field is removed */
} ptl_request_change;

typedef struct ptl_request {
	int64_t id;
	int64_t family_id;
	char *family_name;
	ptl_request_kind kind;
	ptl_request_status status;
	char *summary;       /**< one line in French, e.g. "Ajout de l’enfant Jade Martin" */
	char *before_json;   /**< JSON object of the values before, "{}" for none */
	char *after_json;    /**< JSON object of the proposed values */
	size_t change_count;
	ptl_request_change *changes;  /**< what it changes, in the form's order:
	                                   for an edit the fields that differ, for
	                                   an addition every value given */
	int64_t guardian_id; /**< who asked, 0 if unknown */
	char *guardian_name; /**< their first and last names, "" if unknown */
	int64_t target_id;   /**< the child or guardian concerned, 0 if none */
	ptl_time created_at;
	ptl_time processed_at;  /**< 0 while pending */
	char *processed_by;  /**< the manager, "" while pending */
	char *note;          /**< the note or the reason of a refusal */
} ptl_request;

typedef struct ptl_requests {
	size_t count;
	ptl_request *items;  /**< newest first */
} ptl_requests;

/** Which requests ptl_request_list() and ptl_request_process_matching()
 *  take. */
typedef struct ptl_request_list_options {
	unsigned int version;        /**< PTL_REQUEST_LIST_OPTIONS_VERSION */
	const char *kind;            /**< NULL: any */
	const char *status;          /**< NULL: any */
	int64_t family_id;           /**< 0: any */
	int64_t older_than_seconds;  /**< 0: any age; else created at least this long ago */
	size_t limit;                /**< 0: no limit */
} ptl_request_list_options;

#define PTL_REQUEST_LIST_OPTIONS_VERSION 1
#define PTL_REQUEST_LIST_OPTIONS_INIT { .version = PTL_REQUEST_LIST_OPTIONS_VERSION }

/** What a batch did. */
typedef struct ptl_batch_result {
	size_t processed;   /**< accepted or refused now */
	size_t skipped;     /**< processed by someone else meanwhile */
	size_t failed;      /**< could not be applied: they stay pending, for
	                         ptl_request_list() and a decision one by one */
	size_t outdated;    /**< the values changed since they were sent: marked
	                         "outdated", nothing applied */
} ptl_batch_result;

/** List requests matching @p options (NULL: all), newest first. For the
 *  manager: a family_id of 0 in the options means every family.
 *  @return PTL_OK, PTL_EINVALID (field named, or "version"). */
int ptl_request_list(ptl_requests **out, ptl_db *db, const ptl_request_list_options *options);

/** The requests of one family, newest first; only the pending ones when
 *  @p pending_only. @param limit 0: no limit.
 *  @return PTL_OK, or PTL_EINVALID (field "family_id") when @p family_id is
 *  not a family id (0 never means "every family" here). */
int ptl_request_list_family(ptl_requests **out, ptl_db *db, int64_t family_id,
                            bool pending_only, size_t limit);

/** Load one request. @return PTL_OK or PTL_ENOTFOUND. */
int ptl_request_get(ptl_request **out, ptl_db *db, int64_t request_id);

/** Check a decision's own input before processing requests: the manager's
 *  name (required), and the note or the refusal's reason (required when
 *  refusing; at most 1000 characters). @return PTL_OK or PTL_EINVALID with
 *  the field "manager", "note" or "reason". */
int ptl_request_check_decision(const char *manager, const char *text, bool accept);

/** Accept a pending request and apply its change, in one transaction.
 *  @param manager who processes it (required); @param note may be NULL.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_ECONFLICT (not pending any more; or,
 *          with the field "outdated", the values changed since the request
 *          was sent: it is now "outdated" and nothing was applied),
 *          PTL_EINVALID (the change can no longer apply, e.g. the child is
 *          gone: the request stays pending). */
int ptl_request_accept(ptl_db *db, int64_t request_id, const char *manager, const char *note);

/** Refuse a pending request; @p reason is required and shown to the family. */
int ptl_request_refuse(ptl_db *db, int64_t request_id, const char *manager, const char *reason);

/** How ptl_request_accept_with() accepts. */
typedef struct ptl_request_accept_options {
	unsigned int version;   /**< PTL_REQUEST_ACCEPT_OPTIONS_VERSION */
	const char *note;       /**< may be NULL */
	bool force;             /**< apply even over a limit the kind enforces
	                             (an enrolment into a full group) */
} ptl_request_accept_options;

#define PTL_REQUEST_ACCEPT_OPTIONS_VERSION 1
#define PTL_REQUEST_ACCEPT_OPTIONS_INIT { .version = PTL_REQUEST_ACCEPT_OPTIONS_VERSION }

/** ptl_request_accept() with options; also PTL_EFULL when the kind's limit
 *  is reached and @p options does not force (the request stays pending). */
int ptl_request_accept_with(ptl_db *db, int64_t request_id, const char *manager,
                            const ptl_request_accept_options *options);

/** Withdraw pending request @p request_id of family @p family_id (any kind),
 *  as guardian @p guardian_id: it becomes "withdrawn" and nothing of it is
 *  applied; what its kind had set aside is dropped (an enrolment becomes
 *  withdrawn; an offered place goes to the next one waiting). One
 *  transaction. @param out receives the request as written (may be NULL).
 *  @return PTL_OK; PTL_ENOTFOUND (no such request in the family);
 *          PTL_ECONFLICT (no longer pending). */
int ptl_request_withdraw(ptl_request **out, ptl_db *db, int64_t family_id,
                         int64_t guardian_id, int64_t request_id);

/** What processing one request came to, for a batch's counts and lines. */
typedef enum ptl_request_outcome {
	PTL_REQUEST_DONE = 1,       /**< accepted or refused as asked */
	PTL_REQUEST_SKIPPED = 2,    /**< already processed by someone else */
	PTL_REQUEST_STALE = 3,      /**< outdated: nothing applied */
	PTL_REQUEST_FAILED = 4,     /**< not found, or cannot apply: unchanged */
	PTL_REQUEST_STOPPED = 5,    /**< a system or input error: stop the batch */
} ptl_request_outcome;

/** The outcome that a status returned by ptl_request_accept() or
 *  ptl_request_refuse() (and the last error it left) stands for. */
ptl_request_outcome ptl_request_outcome_of(int status);

/** Accept (or, with a non-NULL @p refuse_reason, refuse) every pending
 *  request matching @p options, oldest first, each in its own transaction.
 *  @param out receives the counts. */
int ptl_request_process_matching(ptl_batch_result *out, ptl_db *db,
                                 const ptl_request_list_options *options,
                                 const char *manager, const char *note,
                                 const char *refuse_reason);

/** How many kinds there are: kinds run from 1 to this number. */
int ptl_request_kind_count(void);

/** The kind's name for the CLI and the API ("child_add"), or NULL when
 *  @p kind is not a kind. Static storage. */
const char *ptl_request_kind_name(ptl_request_kind kind);

/** The kind's French label ("Ajout d’un enfant"), or NULL. Static storage. */
const char *ptl_request_kind_label(ptl_request_kind kind);

/** Whether a module has registered how requests of @p kind apply (false for
 *  reserved kinds: no request of them can be sent yet). */
bool ptl_request_kind_registered(ptl_request_kind kind);

/** What the target id of a request of @p kind names, in English ("child",
 *  "guardian"), or "item". Static storage. */
const char *ptl_request_kind_target(ptl_request_kind kind);

/** The kind named @p name. @return PTL_OK or PTL_EINVALID (field "kind"). */
int ptl_request_kind_from_name(ptl_request_kind *out, const char *name);

/** The status's name ("pending"), or NULL. Static storage. */
const char *ptl_request_status_name(ptl_request_status status);

/** The status's French label ("En attente"), or NULL. Static storage. */
const char *ptl_request_status_label(ptl_request_status status);

/** The status named @p name. @return PTL_OK or PTL_EINVALID (field "status"). */
int ptl_request_status_from_name(ptl_request_status *out, const char *name);

/** Whether requests of @p kind wait for validation now. */
int ptl_request_kind_needs_validation(bool *out, ptl_db *db, ptl_request_kind kind);

/** Set whether requests of @p kind wait for validation. */
int ptl_request_kind_set(ptl_db *db, ptl_request_kind kind, bool needs_validation);

void ptl_request_free(ptl_request *request);
void ptl_requests_free(ptl_requests *requests);

#ifdef __cplusplus
}
#endif
#endif
