/*
 * core/text.h — pure checks on text typed by people: lengths counted in
 * characters, email addresses, French phone numbers and postcodes, the
 * password policy. No allocation, no I/O.
 */
#ifndef PORTAIL_CORE_TEXT_H
#define PORTAIL_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/** Count the characters of a UTF-8 string. @return false if @p s is not
 *  valid UTF-8 (overlong forms, surrogates, control characters other than
 *  tab and newline included). */
bool ptl__utf8_chars(const char *s, size_t *chars_out);

/** True when @p s is valid UTF-8 of @p min to @p max characters. */
bool ptl__text_length_ok(const char *s, size_t min, size_t max);

/** True for a plausible email address: one '@', a non-empty local part of
 *  printable ASCII without spaces, a domain of dot-separated labels of
 *  letters, digits and hyphens with at least one dot; at most 254 bytes. */
bool ptl__email_valid(const char *s);

/** Normalise a French phone number ("06 12 34 56 78", "0612345678",
 *  "+33 6 12 34 56 78", with spaces, dots or hyphens) to "0612345678".
 *  @return false if it is not one. */
bool ptl__phone_fr_normalize(const char *s, char out[11]);

/** True for a French postcode: five digits, department 01-95 or 97-98
 *  (Corsica is 20xxx in postcodes). */
bool ptl__postcode_fr_valid(const char *s);

enum ptl__password_verdict {
	PTL_PASSWORD_OK = 0,
	PTL_PASSWORD_TOO_SHORT,
	PTL_PASSWORD_TOO_LONG,
	PTL_PASSWORD_NOT_TEXT,
};

/** The password policy: 12 to 128 characters of valid UTF-8. */
enum ptl__password_verdict ptl__password_check(const char *password);

#endif
