/*
 * request.h — the validation queue: one queue of requests (demandes) for
 * every kind of change a family sends that the service must acknowledge.
 *
 * A request records the family, who asked and when, its kind, the proposed
 * change (before and after, as JSON objects), its status, and once processed
 * who processed it, when and why. Whether a kind waits for the manager
 * ("pending") or takes effect at once and is only listed for review
 * ("applied") is a setting per kind; the defaults are:
 *
 *   kind            waits?   what accepting does
 *   signup          yes      activates the family's account
 *   child_add       yes      adds the child
 *   child_edit      yes      replaces the child's details
 *   contact_change  no       (applied at once) updates the guardian's details
 *   enrolment, certificate (wait) and reservation (applied at once): reserved
 *   for the modules to come, which will add how they apply.
 *
 * Accepting applies the change in the same transaction. Two managers
 * processing the same request at once: exactly one succeeds, the other gets
 * PTL_ECONFLICT ("already processed"). Each accepted or refused request is
 * notified to the family by email.
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

typedef struct ptl_request {
	int64_t id;
	int64_t family_id;
	char *family_name;
	char *kind;          /**< "signup", "child_add", "child_edit", "contact_change", ... */
	char *status;        /**< "pending", "accepted", "refused" or "applied" */
	char *summary;       /**< one line in French, e.g. "Ajout de l'enfant Jade Martin" */
	char *before_json;   /**< JSON object of the values before, "{}" for none */
	char *after_json;    /**< JSON object of the proposed values */
	int64_t guardian_id; /**< who asked */
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

typedef struct ptl_request_filter {
	unsigned int version;        /**< PTL_REQUEST_FILTER_VERSION */
	const char *kind;            /**< NULL: any */
	const char *status;          /**< NULL: any */
	int64_t family_id;           /**< 0: any */
	int64_t older_than_seconds;  /**< 0: any age; else created at least this long ago */
	size_t limit;                /**< 0: no limit */
} ptl_request_filter;

#define PTL_REQUEST_FILTER_VERSION 1
#define PTL_REQUEST_FILTER_INIT { PTL_REQUEST_FILTER_VERSION, 0, 0, 0, 0, 0 }

/** What a batch did. */
typedef struct ptl_batch_result {
	size_t processed;   /**< accepted or refused now */
	size_t skipped;     /**< processed by someone else meanwhile */
	size_t failed;      /**< could not be applied: they stay pending, for
	                         ptl_request_list() and a decision one by one */
} ptl_batch_result;

/** List requests matching @p filter (NULL: all), newest first. */
int ptl_request_list(ptl_db *db, const ptl_request_filter *filter, ptl_requests **out);

/** Load one request. @return PTL_OK or PTL_ENOTFOUND. */
int ptl_request_get(ptl_db *db, int64_t request_id, ptl_request **out);

/** Accept a pending request and apply its change, in one transaction.
 *  @param manager who processes it (required); @param note may be NULL.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_ECONFLICT (not pending any more),
 *          PTL_EINVALID (the change can no longer apply, e.g. the email is
 *          taken meanwhile: the request stays pending). */
int ptl_request_accept(ptl_db *db, int64_t request_id, const char *manager, const char *note);

/** Refuse a pending request; @p reason is required and shown to the family. */
int ptl_request_refuse(ptl_db *db, int64_t request_id, const char *manager, const char *reason);

/** Accept (or, with a non-NULL @p refuse_reason, refuse) every pending
 *  request matching @p filter, each in its own transaction.
 *  @param out receives the counts. */
int ptl_request_process_matching(ptl_db *db, const ptl_request_filter *filter,
                                 const char *manager, const char *note,
                                 const char *refuse_reason, ptl_batch_result *out);

/** Whether requests of @p kind wait for validation. */
int ptl_request_kind_needs_validation(ptl_db *db, const char *kind, bool *out);

/** Set whether requests of @p kind wait for validation. */
int ptl_request_kind_set(ptl_db *db, const char *kind, bool needs_validation);

/** The kinds, NULL-terminated. */
extern const char *const ptl_request_kinds[];

void ptl_request_free(ptl_request *request);
void ptl_requests_free(ptl_requests *requests);

#ifdef __cplusplus
}
#endif
#endif
