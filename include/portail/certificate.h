/*
 * certificate.h — certificates of enrolment (attestations d'inscription):
 * a PDF in French that a family downloads for a validated enrolment, with a
 * unique reference ("ATT-7KQ2-M9XD-4HRB-T") that the service verifies.
 *
 * A parent asks for one with a request of the validation queue (kind
 * "certificate", whose target is the enrolment). By default the kind does
 * not wait: the certificate is issued in the same transaction; when the
 * manager makes the kind wait (`portail-cli queue settings set certificate
 * --wait`), it is issued when the request is accepted. Only a validated
 * enrolment of the parent's own family has one.
 *
 * A certificate never changes once issued: it keeps what it certified (the
 * structure's header, the child, the activity, period, group and dates as
 * they were on the day of issue), so that a verification shows what was
 * certified even when names change later, and its PDF, drawn once when it
 * is issued and stored with it, so that every download is the same bytes
 * and costs no drawing. The manager may also issue one for every validated enrolment
 * of a period at once (ptl_certificate_batch).
 *
 * The parent's functions take the session's token (or its family and
 * guardian, already checked by the caller) and never reach another family's
 * data: another family's enrolment or certificate is PTL_ENOTFOUND, exactly
 * like an id that does not exist. What comes back through `out` is the
 * caller's, released with the matching _free() (NULL: no-op).
 */
#ifndef PORTAIL_CERTIFICATE_H
#define PORTAIL_CERTIFICATE_H

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

/** One certificate, with what it certified. Strings belong to it. */
typedef struct ptl_certificate {
	int64_t id;
	char *reference;          /**< "ATT-7KQ2-M9XD-4HRB-T" */
	int64_t enrolment_id;
	int64_t family_id;
	int64_t request_id;       /**< the request it came from; 0 for a batch */
	char *requested_by;       /**< the guardian who asked, "" for a batch */
	ptl_time issued_at;
	ptl_day issued_on;        /**< the day of issue, printed on it (Paris) */
	/* The structure that issued it, as its details were then (structure.h). */
	char *structure_name;
	char *structure_address;
	char *structure_postcode;
	char *structure_city;
	char *structure_phone;    /**< 10 digits, or "" */
	char *structure_email;
	char *child_first_name;
	char *child_last_name;
	char *child_sex;          /**< "F", "M" or "" */
	ptl_day child_birth_date;
	char *activity_type;      /**< "Centre de Loisirs" */
	char *activity;           /**< "Mercredis" */
	char *period;             /**< "ALSH Mercredis 2026/2027" */
	ptl_day period_first_day;
	ptl_day period_last_day;
	char *group;              /**< "Maternelle" */
	ptl_day first_day;        /**< the enrolment's dates */
	ptl_day last_day;
} ptl_certificate;

typedef struct ptl_certificates {
	size_t count;
	ptl_certificate *items;
} ptl_certificates;

/** A family's certificates and its certificate requests still waiting. */
typedef struct ptl_certificate_list {
	ptl_certificates certificates;   /**< newest first */
	ptl_requests *pending;           /**< pending "certificate" requests, newest first */
} ptl_certificate_list;

/** Ask for a certificate of enrolment @p enrolment_id of family
 *  @p family_id, as guardian @p guardian_id (from a checked session), in
 *  one transaction: the request is sent and, when the kind does not wait,
 *  the certificate issued at once.
 *  @param out receives the request as written;
 *  @param certificate_out receives the certificate when it was issued at
 *         once, NULL when the request waits (may be NULL).
 *  @return PTL_OK; PTL_ENOTFOUND (not an enrolment of the family);
 *          PTL_ECONFLICT (field "status": the enrolment is not validated). */
int ptl_certificate_request(ptl_request **out, ptl_certificate **certificate_out, ptl_db *db,
                            int64_t family_id, int64_t guardian_id, int64_t enrolment_id);

/** The session's family's certificates and pending certificate requests, in
 *  one statement (the session check included).
 *  @param session_out receives the session when there is one (may be NULL)
 *  @return PTL_OK; PTL_EAUTH; PTL_EUNAVAILABLE. */
int ptl_certificate_list_mine(ptl_certificate_list **out, ptl_session *session_out, ptl_db *db,
                              const char *token);

void ptl_certificate_list_free(ptl_certificate_list *list);

/** A certificate's PDF. */
typedef struct ptl_certificate_pdf {
	unsigned char *data;      /**< the document, "%PDF-..." */
	size_t size;
	char *reference;          /**< its reference, e.g. for a file name */
} ptl_certificate_pdf;

/** The PDF of certificate @p certificate_id of the session's family, as
 *  stored when it was issued, in one statement (the session check
 *  included): the same bytes at every call. A certificate issued before
 *  documents were stored has its PDF drawn from what it certified and
 *  stored on its first download.
 *  @return PTL_OK; PTL_ENOTFOUND (not a certificate of the family:
 *          *session_out filled); PTL_EAUTH; PTL_EUNAVAILABLE; PTL_ERROR. */
int ptl_certificate_pdf_mine(ptl_certificate_pdf **out, ptl_session *session_out, ptl_db *db,
                             const char *token, int64_t certificate_id);

/** Draw the PDF of certificate @p certificate (as read by the library)
 *  from what it certified: no database, nothing stored. Issuing stores
 *  what this draws; drawings take turns, one at a time in the process.
 *  @return PTL_OK or PTL_ERROR. */
int ptl_certificate_pdf_render(ptl_certificate_pdf **out, const ptl_certificate *certificate);

void ptl_certificate_pdf_free(ptl_certificate_pdf *pdf);

/** Verify a reference (manager), as someone may type it: any case, with or
 *  without hyphens, spaces and the "ATT" prefix.
 *  @param out receives the certificate and what it certified.
 *  @return PTL_OK; PTL_EINVALID (field "reference": not a reference, or its
 *          check symbol does not match: a typing mistake); PTL_ENOTFOUND
 *          (well formed, but no certificate has it). */
int ptl_certificate_verify(ptl_certificate **out, ptl_db *db, const char *reference);

void ptl_certificate_free(ptl_certificate *certificate);
void ptl_certificates_free(ptl_certificates *certificates);

/** Which certificates ptl_certificate_batch() issues. */
typedef struct ptl_certificate_batch_options {
	unsigned int version;     /**< PTL_CERTIFICATE_BATCH_OPTIONS_VERSION */
	const char *period;       /**< the period's code (required) */
} ptl_certificate_batch_options;

#define PTL_CERTIFICATE_BATCH_OPTIONS_VERSION 1
#define PTL_CERTIFICATE_BATCH_OPTIONS_INIT { .version = PTL_CERTIFICATE_BATCH_OPTIONS_VERSION }

/** Called once per certificate of a batch, in the order of the
 *  enrolments' ids, with its PDF as stored (both borrowed for the call), its
 *  position (0 first) and the total. A non-zero return stops the batch. */
typedef int (*ptl_certificate_batch_fn)(void *ctx, const ptl_certificate *certificate,
                                        const ptl_certificate_pdf *pdf, size_t index,
                                        size_t total);

/** Issue a certificate for every validated enrolment of a period (manager),
 *  each with its PDF, in one transaction whose statements do not grow with
 *  the enrolments, then hand each to @p fn.
 *  @param count_out receives the number of certificates issued (may be NULL).
 *  @return PTL_OK; PTL_EINVALID (field "period": none given, or no such
 *          period; "version"); PTL_ERROR when drawing fails (nothing is
 *          issued); or what @p fn returned (non-zero) when it stopped the
 *          batch (the certificates stay issued). */
int ptl_certificate_batch(size_t *count_out, ptl_db *db, const ptl_certificate_batch_options *in,
                          ptl_certificate_batch_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
