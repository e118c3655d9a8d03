/*
 * validate.h — checks of the fields people type, shared by every module.
 *
 * The rules come from the one field table (field.c, portail/field.h): a
 * value is checked against the field named by its object and name. A
 * refused value sets the last error with the field name, an English
 * message and the table's French message for parents; an accepted one is
 * handed back cleaned in *out (trimmed; an email lower-cased, a phone number
 * as ten digits, a date as YYYY-MM-DD), which the caller frees. An empty
 * optional field accepts NULL and "" (and gives "").
 */
#ifndef PORTAIL_VALIDATE_H
#define PORTAIL_VALIDATE_H

#include <portail/date.h>

/** Check @p value against the field @p name of @p object ("child",
 *  "first_name"); the error names the field @p name. */
int ptl__check(char **out, const char *object, const char *name, const char *value);

/** The same, with the error naming the input @p as ("new_email") instead. */
int ptl__check_as(char **out, const char *object, const char *name, const char *as,
                  const char *value);

/** A child's birth date: not after @p today, at most 25 years before it. */
int ptl__check_birth_date(const char *field, ptl_day birth, ptl_day today);

/** A new password against the policy (PTL_PASSWORD_MIN_CHARS to
 *  PTL_PASSWORD_MAX_CHARS characters). */
int ptl__check_password(const char *field, const char *password);

#endif
