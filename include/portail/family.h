/*
 * family.h — families, their guardians (responsables légaux) and children.
 *
 * Ownership: every structure handed out through an `out` parameter belongs
 * to the caller and is released with the matching ptl_..._free(); passing
 * NULL to a _free function does nothing. Strings inside are owned by the
 * structure. Optional text fields are "" when empty, never NULL.
 */
#ifndef PORTAIL_FAMILY_H
#define PORTAIL_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/clock.h>
#include <portail/date.h>
#include <portail/db.h>
#include <portail/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptl_guardian {
	int64_t id;
	int64_t family_id;
	char *first_name;
	char *last_name;
	char *email;      /**< the login email, lower case; "" for none */
	char *phone;
	char *address;    /**< street line */
	char *postcode;
	char *city;
	ptl_time created_at;
	ptl_time updated_at;
	char *mobile_phone;
	char *work_phone;
	char *employer;
	bool notify_by_email;   /**< notifications by email */
	bool notify_by_sms;     /**< notifications by text message */
	char *relationship;     /**< to the children: a value of the field
	                             relationship ("mere", "pere", "tuteur",
	                             "tutrice", "autre"), or "" */
	bool has_login;         /**< has a login account (then email is set);
	                             read for the manager's views only (false in
	                             the parent's reads of me.h) */
	bool login_active;      /**< that account can log in (not waiting for
	                             the service's validation); same reads */
} ptl_guardian;

typedef struct ptl_child {
	int64_t id;
	int64_t family_id;
	char *first_name;
	char *last_name;
	ptl_day birth_date;
	ptl_time created_at;
	ptl_time updated_at;
	char *sex;                /**< "F", "M" or "" */
	char *school;
	char *school_level;       /**< "PS" ... "CM2", "6e" ... "3e", or "" */
	char *allergies;          /**< allergies, PAI (plan d'accueil individualisé) */
	char *diet;               /**< dietary needs */
	char *doctor;             /**< family doctor: name and phone */
	char *authorized_pickup;  /**< people allowed to pick the child up */
} ptl_child;

typedef struct ptl_family {
	int64_t id;
	char *name;
	ptl_time created_at;
	ptl_time updated_at;
	size_t guardian_count;
	ptl_guardian *guardians;  /**< oldest first */
	size_t child_count;
	ptl_child *children;      /**< by birth date */
} ptl_family;

typedef struct ptl_families {
	size_t count;
	ptl_family *items;        /**< by family name, then id */
} ptl_families;

/** What the manager gives to create a family and its first guardian. */
typedef struct ptl_family_options {
	unsigned int version;     /**< PTL_FAMILY_OPTIONS_VERSION */
	const char *family_name;  /**< NULL or "": the guardian's last name */
	const char *first_name;
	const char *last_name;
	const char *email;
	const char *phone;        /**< a French number, optional */
	const char *address;      /**< optional */
	const char *postcode;     /**< five digits, optional */
	const char *city;         /**< optional */
} ptl_family_options;

#define PTL_FAMILY_OPTIONS_VERSION 1
#define PTL_FAMILY_OPTIONS_INIT { .version = PTL_FAMILY_OPTIONS_VERSION }

/**
 * Create a family, its first guardian and that guardian's login account,
 * in one transaction. The account receives a one-time code (valid
 * PTL_ONE_TIME_CODE_DAYS days) with which the parent logs in once and must
 * then choose a password.
 *
 * @param family_id_out receives the new family's id (may be NULL)
 * @param code_out      receives the one-time code, to hand to the parent;
 *                      the caller frees it with ptl_free() (may be NULL)
 * @return PTL_OK, PTL_EINVALID (field named in the last error),
 *         PTL_EEXISTS (the email is already a login), PTL_EUNAVAILABLE.
 */
int ptl_family_create(int64_t *family_id_out, char **code_out,
                      ptl_db *db, const ptl_family_options *in);

/** A child's details, to add a child or to replace a child's details.
 *  Optional fields may be NULL. Each field's rules (required, length,
 *  allowed values) are those of the field table (portail/field.h,
 *  object "child"). */
typedef struct ptl_child_options {
	unsigned int version;     /**< PTL_CHILD_OPTIONS_VERSION */
	const char *first_name;
	const char *last_name;
	const char *birth_date;   /**< "YYYY-MM-DD", not in the future */
	const char *sex;          /**< "F", "M" or "" */
	const char *school;
	const char *school_level; /**< a value of the field school_level, or "" */
	const char *allergies;
	const char *diet;
	const char *doctor;
	const char *authorized_pickup;
} ptl_child_options;

#define PTL_CHILD_OPTIONS_VERSION 1
#define PTL_CHILD_OPTIONS_INIT { .version = PTL_CHILD_OPTIONS_VERSION }

/** Add a child to family @p family_id at once (the manager's path).
 *  @return PTL_OK, PTL_EINVALID (field named), PTL_ENOTFOUND (no family). */
int ptl_child_create(int64_t *child_id_out, ptl_db *db, int64_t family_id,
                     const ptl_child_options *in);

/** Read child @p child_id of family @p family_id (one prepared statement,
 *  not the whole family). A child of another family is not found.
 *  @return PTL_OK, PTL_ENOTFOUND, PTL_EUNAVAILABLE. */
int ptl_child_get(ptl_child **out, ptl_db *db, int64_t family_id, int64_t child_id);

/** Load one family with its guardians and children.
 *  @return PTL_OK or PTL_ENOTFOUND. */
int ptl_family_get(ptl_family **out, ptl_db *db, int64_t family_id);

/** List families whose name or a guardian's name or email contains
 *  @p search (case-insensitive; NULL or "" for all). */
int ptl_family_list(ptl_families **out, ptl_db *db, const char *search);

/** Load the guardian with login email @p email. */
int ptl_guardian_get_by_email(ptl_guardian **out, ptl_db *db, const char *email);

/** Load one guardian by id. */
int ptl_guardian_get(ptl_guardian **out, ptl_db *db, int64_t guardian_id);

void ptl_family_free(ptl_family *family);
void ptl_families_free(ptl_families *list);
void ptl_guardian_free(ptl_guardian *guardian);
void ptl_child_free(ptl_child *child);

#ifdef __cplusplus
}
#endif
#endif
