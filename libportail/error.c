/*
 * error.c — the thread-local "last error" of the library, and ptl_free() for
 * the strings it hands out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/problem.h"
#include "error-internal.h"

struct error_record {
	ptl_error pub;
	char message[512];
	char message_fr[512];
	char field[256];   /* a catalogue file's JSON paths are long */
	char sqlstate[6];
};

static _Thread_local struct error_record last;

static const char *generic_fr(int code)
{
	switch (code) {
	case PTL_ENOTFOUND: return "Élément introuvable.";
	case PTL_EEXISTS: return "Cet élément existe déjà.";
	case PTL_EINVALID: return "Les informations saisies ne sont pas valides.";
	case PTL_ECONFLICT: return "Cette demande est en conflit avec une autre modification. Réessayez.";
	case PTL_EDEADLINE: return "Le délai est dépassé.";
	case PTL_EFORBIDDEN: return "Vous n’avez pas le droit d’effectuer cette action.";
	case PTL_EUNAVAILABLE: return "Le service est momentanément indisponible. Réessayez dans quelques instants.";
	case PTL_EAUTH: return "Adresse e-mail ou mot de passe incorrect.";
	case PTL_ETHROTTLED: return "Trop de tentatives. Patientez avant de réessayer.";
	case PTL_EFULL: return "Il n’y a plus de place disponible.";
	default: return "Une erreur inattendue est survenue. Réessayez plus tard.";
	}
}

/* The English message of a failure whose caller gave none (an empty one). */
static const char *generic_en(int code)
{
	switch (code) {
	case PTL_ENOTFOUND: return "not found";
	case PTL_EEXISTS: return "already exists";
	case PTL_EINVALID: return "invalid input";
	case PTL_ECONFLICT: return "conflicting change; retry";
	case PTL_EDEADLINE: return "past the deadline";
	case PTL_EFORBIDDEN: return "not allowed";
	case PTL_EUNAVAILABLE: return "the database cannot be reached";
	case PTL_EAUTH: return "unknown email or wrong password";
	case PTL_ETHROTTLED: return "too many attempts; retry later";
	case PTL_EFULL: return "capacity reached: no place left";
	default: return "unexpected failure";
	}
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

int ptl__error_set(int code, const char *field, const char *fr, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last.message, sizeof(last.message), fmt, ap);
	va_end(ap);
	if (!last.message[0])
		copy(last.message, sizeof(last.message), generic_en(code));
	copy(last.message_fr, sizeof(last.message_fr), fr ? fr : generic_fr(code));
	copy(last.field, sizeof(last.field), field);
	last.sqlstate[0] = '\0';
	last.pub.code = code;
	last.pub.retry_after = 0;
	return code;
}

void ptl__error_set_sqlstate(const char *sqlstate)
{
	copy(last.sqlstate, sizeof(last.sqlstate), sqlstate);
}

void ptl__error_set_retry_after(long seconds)
{
	last.pub.retry_after = seconds;
}

const ptl_error *ptl_error_last(void)
{
	last.pub.message = last.message;
	last.pub.message_fr = last.message_fr;
	last.pub.field = last.field;
	last.pub.sqlstate = last.sqlstate;
	return &last.pub;
}

void ptl_error_clear(void)
{
	memset(&last, 0, sizeof(last));
}

int ptl__error_problem(const ptl__problem *problem)
{
	return ptl__error_set(PTL_EINVALID, problem->field, problem->fr, "%s", problem->en);
}

int ptl__options_check(const unsigned int *version, unsigned int current, const char *type)
{
	if (!version)
		return ptl__error_set(PTL_EINVALID, NULL, NULL, "no %s given", type);
	if (*version < 1 || *version > current)
		return ptl__error_set(PTL_EINVALID, "version", "Version d’options non prise en charge.",
		                      "unsupported %s version %u (1 to %u)", type, *version, current);
	return PTL_OK;
}

void ptl_free(void *ptr)
{
	free(ptr);
}

const char *ptl_status_name(int code)
{
	switch (code) {
	case PTL_OK: return "ok";
	case PTL_ENOTFOUND: return "not_found";
	case PTL_EEXISTS: return "already_exists";
	case PTL_EINVALID: return "invalid";
	case PTL_ECONFLICT: return "conflict";
	case PTL_EDEADLINE: return "deadline";
	case PTL_EFORBIDDEN: return "forbidden";
	case PTL_EUNAVAILABLE: return "unavailable";
	case PTL_EAUTH: return "unauthenticated";
	case PTL_ETHROTTLED: return "throttled";
	case PTL_EFULL: return "full";
	default: return "internal";
	}
}
