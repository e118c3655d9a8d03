/*
 * validate.h — checks of the fields people type, shared by every module.
 *
 * Each function checks one field, sets the last error with the field name and
 * a French message for parents when the value is refused, and on success
 * hands back the cleaned value (trimmed, normalised) in *out, which the
 * caller frees. Optional fields accept NULL and "" (and give "").
 */
#ifndef PORTAIL_VALIDATE_H
#define PORTAIL_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include <portail/date.h>

/** A name or short text of 1..max characters (0..max when !required).
 *  @p label_fr names the field in the French message ("Le prénom"). */
int ptl__check_text(char **out, const char *field, const char *value, size_t max,
                    bool required, const char *label_fr);

/** An email address, trimmed and lower-cased. */
int ptl__check_email(char **out, const char *field, const char *value);

/** An optional French phone number, normalised to ten digits. */
int ptl__check_phone(char **out, const char *field, const char *value);

/** An optional French postcode. */
int ptl__check_postcode(char **out, const char *field, const char *value);

/** A child's birth date: a real date, not after @p today, at most 25 years
 *  before it. */
int ptl__check_birth_date(const char *field, ptl_day birth, ptl_day today);

/** A new password against the policy. */
int ptl__check_password(const char *field, const char *password);

#endif
