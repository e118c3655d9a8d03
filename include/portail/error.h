/*
 * error.h — the error model shared by every libportail function.
 *
 * A function that can fail returns an int status: PTL_OK (0) on success, one
 * of the negative ptl_status codes below otherwise. The details of the last
 * failure of the calling thread (a one-line English message, a French message
 * for parents, the offending field, the SQLSTATE of a database error) are kept
 * in a thread-local record read with ptl_error_last(). A successful call does
 * not clear it. Codes are never renumbered; a retired code stays reserved.
 *
 * Ownership: a string the library hands out through an `out` parameter (a
 * session token, a one-time code) belongs to the caller, who releases it with
 * ptl_free(); structures have their own ptl_..._free().
 */
#ifndef PORTAIL_ERROR_H
#define PORTAIL_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ptl_status {
	PTL_OK = 0,
	PTL_ERROR = -1,        /**< unexpected failure (system, bug, resource) */
	PTL_ENOTFOUND = -2,    /**< the object does not exist, or is not yours */
	PTL_EEXISTS = -3,      /**< the object already exists */
	PTL_EINVALID = -4,     /**< the input breaks a rule; see the field */
	PTL_ECONFLICT = -5,    /**< a concurrent change, already processed */
	PTL_EDEADLINE = -6,    /**< past a deadline (notice period, expiry) */
	PTL_EFORBIDDEN = -7,   /**< the caller may not do this */
	PTL_EUNAVAILABLE = -8, /**< the database cannot be reached */
	PTL_EAUTH = -9,        /**< credentials or session refused */
	PTL_ETHROTTLED = -10,  /**< too many attempts; retry after a delay */
	PTL_EFULL = -11,       /**< capacity reached: no place left (a group, a day) */
} ptl_status;

/** The record of the calling thread's last failure. Borrowed: valid until
 *  the next failing call on the same thread. */
typedef struct ptl_error {
	int code;                /**< a ptl_status */
	const char *message;     /**< one line, English, for logs and the CLI */
	const char *message_fr;  /**< one line, French, for parents */
	const char *field;       /**< the offending input field, or "" */
	const char *sqlstate;    /**< the SQLSTATE of a database error, or "" */
	long retry_after;        /**< seconds to wait, for PTL_ETHROTTLED */
} ptl_error;

/** The calling thread's last error; never NULL (code PTL_OK when none). */
const ptl_error *ptl_error_last(void);

/** Forget the calling thread's last error. */
void ptl_error_clear(void);

/** A stable machine name for a status ("not_found", "invalid", ...),
 *  used as the "code" of web API errors. */
const char *ptl_status_name(int code);

/** Release a string handed out by the library (a token, a one-time code);
 *  NULL is a no-op. */
void ptl_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
