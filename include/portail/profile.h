/*
 * profile.h — what parents change about their family: their own contact
 * details, and their children. Each change goes through the validation
 * queue (request.h): it is recorded as a request of the family, and either
 * waits for the manager or applies at once, according to its kind's setting.
 * Every function checks that the child or guardian belongs to the family of
 * @p guardian_id, the logged-in parent: another family's ids are
 * PTL_ENOTFOUND, as if they did not exist.
 */
#ifndef PORTAIL_PROFILE_H
#define PORTAIL_PROFILE_H

#include <stdint.h>

#include <portail/db.h>
#include <portail/family.h>
#include <portail/guardian.h>
#include <portail/request.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A guardian's own contact details (the email is not among them: only the
 *  manager changes a login email). NULL text fields become "". */
typedef struct ptl_contact_options {
	unsigned int version;     /**< PTL_CONTACT_OPTIONS_VERSION */
	const char *phone;
	const char *mobile_phone;
	const char *work_phone;
	const char *address;
	const char *postcode;
	const char *city;
	const char *employer;
	int notify_by_email;      /**< 0 or 1 */
	int notify_by_sms;        /**< 0 or 1 */
} ptl_contact_options;

#define PTL_CONTACT_OPTIONS_VERSION 1
#define PTL_CONTACT_OPTIONS_INIT { .version = PTL_CONTACT_OPTIONS_VERSION, .notify_by_email = 1 }

/** Ask to change one's contact details.
 *  @param out receives the request as recorded (status "applied" when the
 *         kind applies at once, "pending" otherwise); may be NULL. Freed
 *         with ptl_request_free().
 *  @return PTL_OK, PTL_EINVALID (field named), PTL_ENOTFOUND. */
int ptl_profile_update_contact(ptl_request **out, ptl_db *db, int64_t guardian_id,
                               const ptl_contact_options *in);

/** Ask to add a child to one's family. */
int ptl_profile_add_child(int64_t *request_id_out, ptl_db *db, int64_t guardian_id,
                          const ptl_child_options *in);

/** Ask to replace the details of a child of one's family. */
int ptl_profile_edit_child(int64_t *request_id_out, ptl_db *db, int64_t guardian_id,
                           int64_t child_id, const ptl_child_options *in);

/** Ask to add another guardian (the other parent) to one's family. The
 *  email, optional, becomes their login once the service accepts: the
 *  one-time code is then mailed to that address. NULL text fields are "".
 *  @param out receives the request as recorded (may be NULL); freed with
 *         ptl_request_free().
 *  @return PTL_OK, PTL_EINVALID (field named), PTL_ENOTFOUND. */
int ptl_profile_add_guardian(ptl_request **out, ptl_db *db, int64_t guardian_id,
                             const ptl_guardian_options *in);

/** Ask to change the details of @p other_id, another guardian of one's
 *  family (one's own go through ptl_profile_update_contact()). NULL fields
 *  keep their value; the email is never changed by a parent (a non-NULL
 *  email is PTL_EINVALID, field "email").
 *  @return PTL_OK, PTL_EINVALID (field named; field "id" for oneself),
 *          PTL_ENOTFOUND (no such guardian in the family). */
int ptl_profile_edit_guardian(ptl_request **out, ptl_db *db, int64_t guardian_id,
                              int64_t other_id, const ptl_guardian_options *in);

#ifdef __cplusplus
}
#endif
#endif
