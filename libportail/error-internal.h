/*
 * error-internal.h — how library code records a failure.
 *
 * ptl__error_set() fills the thread-local record that ptl_error_last()
 * returns, and returns the code, so that a failure is reported in one line:
 *     return ptl__error_set(PTL_EINVALID, "email", "Adresse e-mail invalide.",
 *                           "invalid email address");
 */
#ifndef PORTAIL_ERROR_INTERNAL_H
#define PORTAIL_ERROR_INTERNAL_H

#include <portail/error.h>

/** Record a failure. @p field may be NULL; @p fr is the French message for
 *  parents (NULL: a generic one for the code); @p fmt is printf-style English
 *  (an empty message: a generic one for the code). */
int ptl__error_set(int code, const char *field, const char *fr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

struct ptl__problem;

/** Record a refused input described by a pure rule of core/ (core/problem.h):
 *  PTL_EINVALID with its field and messages. @return PTL_EINVALID. */
int ptl__error_problem(const struct ptl__problem *problem);

/** Check the version of an options struct (its first member), which may be
 *  from 1 to @p current: PTL_OK, or PTL_EINVALID with field "version" (also
 *  when @p version is NULL: no options at all). @p type names the struct. */
int ptl__options_check(const unsigned int *version, unsigned int current, const char *type);

/** Attach the SQLSTATE of a database error to the last error. */
void ptl__error_set_sqlstate(const char *sqlstate);

/** Attach a delay to the last error (PTL_ETHROTTLED). */
void ptl__error_set_retry_after(long seconds);

#endif
