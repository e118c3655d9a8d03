/*
 * validate.c — checks of the fields people type, by the rules of the field
 * table (see validate.h and portail/field.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/error.h>
#include <portail/field.h>

#include "core/text.h"
#include "error-internal.h"
#include "util.h"
#include "validate.h"

#define MAX_CHILD_AGE_YEARS 25

/* What the English message says of a value not of the field's format. */
static const char *bad_format_en(ptl_field_format format)
{
	switch (format) {
	case PTL_FIELD_EMAIL: return "not a valid email address";
	case PTL_FIELD_PHONE_FR: return "not a French phone number";
	case PTL_FIELD_POSTCODE_FR: return "not a French postcode";
	case PTL_FIELD_DATE: return "not a valid YYYY-MM-DD date";
	case PTL_FIELD_CHOICE: return "not one of the allowed values";
	case PTL_FIELD_BOOLEAN: return "not true or false";
	default: return "not valid";
	}
}

static int refuse(const ptl_field *f, const char *as, ptl_field_problem problem)
{
	char fr[512];

	ptl_field_message_fr(fr, sizeof(fr), f, problem);
	switch (problem) {
	case PTL_FIELD_MISSING:
		return ptl__error_set(PTL_EINVALID, as, fr, "%s is required", as);
	case PTL_FIELD_TOO_LONG:
		return ptl__error_set(PTL_EINVALID, as, fr, "%s: at most %zu characters", as,
		                      f->max_chars);
	case PTL_FIELD_NOT_TEXT:
		return ptl__error_set(PTL_EINVALID, as, fr, "%s: not valid text", as);
	default:
		return ptl__error_set(PTL_EINVALID, as, fr, "%s: %s", as, bad_format_en(f->format));
	}
}

static bool listed(const ptl_field *f, const char *value)
{
	for (size_t i = 0; i < f->value_count; i++)
		if (strcmp(f->values[i].value, value) == 0)
			return true;
	return false;
}

/* Check a non-empty, trimmed @p text of the field's format; may replace it
 * by its normal form. */
static int check_format(const ptl_field *f, const char *as, char **text)
{
	char normal[16];
	ptl_day day;

	switch (f->format) {
	case PTL_FIELD_EMAIL:
		return ptl__email_valid(*text) ? PTL_OK : refuse(f, as, PTL_FIELD_BAD_FORMAT);
	case PTL_FIELD_POSTCODE_FR:
		return ptl__postcode_fr_valid(*text) ? PTL_OK : refuse(f, as, PTL_FIELD_BAD_FORMAT);
	case PTL_FIELD_CHOICE:
		return listed(f, *text) ? PTL_OK : refuse(f, as, PTL_FIELD_BAD_FORMAT);
	case PTL_FIELD_BOOLEAN:
		return strcmp(*text, "true") == 0 || strcmp(*text, "false") == 0
		       ? PTL_OK : refuse(f, as, PTL_FIELD_BAD_FORMAT);
	case PTL_FIELD_PHONE_FR:
		if (!ptl__phone_fr_normalize(*text, normal))
			return refuse(f, as, PTL_FIELD_BAD_FORMAT);
		break;
	case PTL_FIELD_DATE:
		if (ptl_day_parse(&day, *text) != PTL_OK)
			return refuse(f, as, PTL_FIELD_BAD_FORMAT);
		ptl_day_format(normal, day);
		break;
	default:
		return PTL_OK;
	}
	free(*text);
	*text = ptl__strdup(normal);
	return *text ? PTL_OK : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

int ptl__check_as(char **out, const char *object, const char *name, const char *as,
                  const char *value)
{
	const ptl_field *f = ptl_field_find(object, name);
	char *text;
	size_t n;
	int rc;

	*out = NULL;
	if (!f)
		return ptl__error_set(PTL_ERROR, as, NULL, "no field %s.%s", object, name);
	if (!(text = ptl__trimmed(value)))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	if (f->format == PTL_FIELD_EMAIL)
		ptl__ascii_lower(text);
	if (!ptl__utf8_chars(text, &n))
		rc = refuse(f, as, PTL_FIELD_NOT_TEXT);
	else if (n == 0)
		rc = f->required ? refuse(f, as, PTL_FIELD_MISSING) : PTL_OK;
	else if (f->max_chars && n > f->max_chars)
		rc = refuse(f, as, PTL_FIELD_TOO_LONG);
	else
		rc = check_format(f, as, &text);
	if (rc != PTL_OK) {
		free(text);
		return rc;
	}
	*out = text;
	return PTL_OK;
}

int ptl__check(char **out, const char *object, const char *name, const char *value)
{
	return ptl__check_as(out, object, name, name, value);
}

int ptl__check_birth_date(const char *field, ptl_day birth, ptl_day today)
{
	if (birth > today)
		return ptl__error_set(PTL_EINVALID, field,
			"La date de naissance ne peut pas être dans le futur.",
			"%s: in the future", field);
	if (ptl_age_years(birth, today) > MAX_CHILD_AGE_YEARS)
		return ptl__error_set(PTL_EINVALID, field,
			"La date de naissance n’est pas plausible pour un enfant.",
			"%s: more than %d years ago", field, MAX_CHILD_AGE_YEARS);
	return PTL_OK;
}

int ptl__check_password(const char *field, const char *password)
{
	char fr[128];

	switch (ptl__password_check(password)) {
	case PTL_PASSWORD_OK:
		return PTL_OK;
	case PTL_PASSWORD_TOO_SHORT:
		snprintf(fr, sizeof(fr), "Le mot de passe doit comporter au moins %d caractères.",
		         PTL_PASSWORD_MIN_CHARS);
		return ptl__error_set(PTL_EINVALID, field, fr,
			"%s: at least %d characters", field, PTL_PASSWORD_MIN_CHARS);
	case PTL_PASSWORD_TOO_LONG:
		snprintf(fr, sizeof(fr), "Le mot de passe ne doit pas dépasser %d caractères.",
		         PTL_PASSWORD_MAX_CHARS);
		return ptl__error_set(PTL_EINVALID, field, fr,
			"%s: at most %d characters", field, PTL_PASSWORD_MAX_CHARS);
	default:
		return ptl__error_set(PTL_EINVALID, field,
			"Le mot de passe contient des caractères non valides.",
			"%s: not valid text", field);
	}
}
