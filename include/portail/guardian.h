/*
 * guardian.h — the guardians (responsables légaux) of a family, as the
 * manager keeps them: adding another guardian (with a login when an email is
 * given), changing a guardian's details, removing a guardian.
 *
 * A family always keeps at least one guardian: removing the last one is
 * refused (the database holds the rule too). Removing a guardian ends their
 * login and every session of theirs in the same transaction; the requests
 * they sent stay in the family's history under their name.
 *
 * Parents ask for the same changes through the validation queue
 * (ptl_profile_add_guardian(), ptl_profile_edit_guardian() in profile.h).
 * Each field follows the one field table (portail/field.h, object
 * "guardian").
 */
#ifndef PORTAIL_GUARDIAN_H
#define PORTAIL_GUARDIAN_H

#include <stdint.h>

#include <portail/db.h>
#include <portail/family.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A guardian's details. To add a guardian, NULL text fields are "" (the
 *  names are required). To change one, a NULL field keeps its value and ""
 *  clears an optional one. */
typedef struct ptl_guardian_options {
	unsigned int version;      /**< PTL_GUARDIAN_OPTIONS_VERSION */
	const char *first_name;
	const char *last_name;
	const char *relationship;  /**< "mere", "pere", "tuteur", "tutrice",
	                                "autre" or "" (field relationship) */
	const char *email;         /**< to add only, optional: becomes the
	                                guardian's login. Never changed here:
	                                a login email changes with
	                                ptl_account_set_email() */
	const char *phone;
	const char *mobile_phone;
	const char *work_phone;
	const char *address;       /**< street line */
	const char *postcode;
	const char *city;
	const char *employer;
} ptl_guardian_options;

#define PTL_GUARDIAN_OPTIONS_VERSION 1
#define PTL_GUARDIAN_OPTIONS_INIT { .version = PTL_GUARDIAN_OPTIONS_VERSION }

/**
 * Manager: add a guardian to family @p family_id, in one transaction. With
 * an email, the guardian gets a login account with a one-time code (valid
 * PTL_ONE_TIME_CODE_DAYS days), as with ptl_family_create().
 *
 * @param guardian_id_out receives the new guardian's id (may be NULL)
 * @param code_out receives the one-time code, or NULL when no email was
 *                 given; the caller frees it with ptl_free() (may be NULL)
 * @return PTL_OK, PTL_EINVALID (field named), PTL_ENOTFOUND (no family,
 *         field "family_id"), PTL_EEXISTS (the email is already a login,
 *         field "email"), PTL_EUNAVAILABLE.
 */
int ptl_guardian_add(int64_t *guardian_id_out, char **code_out, ptl_db *db,
                     int64_t family_id, const ptl_guardian_options *in);

/**
 * Manager: give guardian @p guardian_id, added without an email, the login
 * email @p email and a login account with a one-time code (valid
 * PTL_ONE_TIME_CODE_DAYS days), as ptl_guardian_add() does for a guardian
 * added with one. One statement.
 *
 * @param code_out receives the one-time code; the caller frees it with
 *                 ptl_free() (may be NULL)
 * @return PTL_OK, PTL_EINVALID (field "email"), PTL_ENOTFOUND (field
 *         "guardian_id"), PTL_EEXISTS (field "guardian_id": the guardian
 *         already has a login, whose email changes with
 *         ptl_account_set_email(); field "email": the email is another
 *         guardian's login), PTL_EUNAVAILABLE.
 */
int ptl_guardian_give_login(char **code_out, ptl_db *db, int64_t guardian_id,
                            const char *email);

/**
 * Manager: change the details of guardian @p guardian_id (NULL fields keep
 * their value). The email cannot be changed here.
 *
 * @param out receives the guardian as written (may be NULL); freed with
 *            ptl_guardian_free()
 * @return PTL_OK, PTL_EINVALID (field named; "email" when an email is
 *         given), PTL_ENOTFOUND (field "guardian_id"), PTL_EUNAVAILABLE.
 */
int ptl_guardian_edit(ptl_guardian **out, ptl_db *db, int64_t guardian_id,
                      const ptl_guardian_options *in);

/**
 * Manager: remove guardian @p guardian_id from their family. Their login
 * account and every session of theirs end in the same transaction (their
 * next request is not logged in, and their password and one-time code stop
 * working). The requests they sent stay, with their name.
 *
 * @return PTL_OK; PTL_ENOTFOUND (field "guardian_id"); PTL_EFORBIDDEN
 *         (field "guardian_id": the family's last guardian, who cannot be
 *         removed); PTL_EUNAVAILABLE.
 */
int ptl_guardian_remove(ptl_db *db, int64_t guardian_id);

#ifdef __cplusplus
}
#endif
#endif
