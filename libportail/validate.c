/*
 * validate.c — checks of the fields people type (see validate.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include <portail/auth.h>
#include <portail/error.h>

#include "core/text.h"
#include "error-internal.h"
#include "util.h"
#include "validate.h"

#define MAX_CHILD_AGE_YEARS 25

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

int ptl__check_text(char **out, const char *field, const char *value, size_t max,
                    bool required, const char *label_fr)
{
	char fr[256];
	char *text = ptl__trimmed(value);
	size_t n;

	*out = NULL;
	if (!text)
		return oom();
	if (!ptl__utf8_chars(text, &n)) {
		free(text);
		snprintf(fr, sizeof(fr), "%s contient des caractères non valides.", label_fr);
		return ptl__error_set(PTL_EINVALID, field, fr, "%s: not valid text", field);
	}
	if (required && n == 0) {
		free(text);
		snprintf(fr, sizeof(fr), "%s est obligatoire.", label_fr);
		return ptl__error_set(PTL_EINVALID, field, fr, "%s is required", field);
	}
	if (n > max) {
		free(text);
		snprintf(fr, sizeof(fr), "%s ne doit pas dépasser %zu caractères.", label_fr, max);
		return ptl__error_set(PTL_EINVALID, field, fr, "%s: at most %zu characters", field, max);
	}
	*out = text;
	return PTL_OK;
}

int ptl__check_email(char **out, const char *field, const char *value)
{
	char *email = ptl__trimmed(value);

	*out = NULL;
	if (!email)
		return oom();
	ptl__ascii_lower(email);
	if (!*email) {
		free(email);
		return ptl__error_set(PTL_EINVALID, field, "L'adresse e-mail est obligatoire.",
		                      "%s is required", field);
	}
	if (!ptl__email_valid(email)) {
		free(email);
		return ptl__error_set(PTL_EINVALID, field,
			"L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).",
			"%s: not a valid email address", field);
	}
	*out = email;
	return PTL_OK;
}

int ptl__check_phone(char **out, const char *field, const char *value)
{
	char *text = ptl__trimmed(value);
	char digits[11];

	*out = NULL;
	if (!text)
		return oom();
	if (*text && !ptl__phone_fr_normalize(text, digits)) {
		free(text);
		return ptl__error_set(PTL_EINVALID, field,
			"Le numéro de téléphone doit comporter 10 chiffres (exemple : 06 12 34 56 78).",
			"%s: not a French phone number", field);
	}
	if (*text) {
		free(text);
		text = ptl__strdup(digits);
		if (!text)
			return oom();
	}
	*out = text;
	return PTL_OK;
}

int ptl__check_postcode(char **out, const char *field, const char *value)
{
	char *text = ptl__trimmed(value);

	*out = NULL;
	if (!text)
		return oom();
	if (*text && !ptl__postcode_fr_valid(text)) {
		free(text);
		return ptl__error_set(PTL_EINVALID, field,
			"Le code postal doit comporter 5 chiffres (exemple : 45000).",
			"%s: not a French postcode", field);
	}
	*out = text;
	return PTL_OK;
}

int ptl__check_birth_date(const char *field, ptl_day birth, ptl_day today)
{
	if (birth > today)
		return ptl__error_set(PTL_EINVALID, field,
			"La date de naissance ne peut pas être dans le futur.",
			"%s: in the future", field);
	if (ptl_age_years(birth, today) > MAX_CHILD_AGE_YEARS)
		return ptl__error_set(PTL_EINVALID, field,
			"La date de naissance n'est pas plausible pour un enfant.",
			"%s: more than %d years ago", field, MAX_CHILD_AGE_YEARS);
	return PTL_OK;
}

int ptl__check_password(const char *field, const char *password)
{
	switch (ptl__password_check(password)) {
	case PTL_PASSWORD_OK:
		return PTL_OK;
	case PTL_PASSWORD_TOO_SHORT:
		return ptl__error_set(PTL_EINVALID, field,
			"Le mot de passe doit comporter au moins 12 caractères.",
			"%s: at least %d characters", field, PTL_PASSWORD_MIN_CHARS);
	case PTL_PASSWORD_TOO_LONG:
		return ptl__error_set(PTL_EINVALID, field,
			"Le mot de passe ne doit pas dépasser 128 caractères.",
			"%s: at most %d characters", field, PTL_PASSWORD_MAX_CHARS);
	default:
		return ptl__error_set(PTL_EINVALID, field,
			"Le mot de passe contient des caractères non valides.",
			"%s: not valid text", field);
	}
}
