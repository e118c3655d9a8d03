/*
 * request-kinds.c — the registry of request kinds: the one list of the
 * kinds the queue knows, in the order of their numbers, each defined by its
 * own module (signup.c, child.c, profile.c, guardian.c, enrolment-kinds.c,
 * reservation-kinds.c, certificate-kinds.c); and the names and French
 * labels of the kinds and of the statuses.
 *
 * A module that brings a new kind adds its number to ptl_request_kind in
 * request.h, defines its struct ptl__request_kind_def in its own file and
 * puts it here in place of the reserved entry. Nothing else in the queue
 * changes.
 */
#include <stddef.h>
#include <string.h>

#include <portail/error.h>
#include <portail/request.h>

#include "error-internal.h"
#include "request-internal.h"

/* Indexed by kind - 1. */
static const struct ptl__request_kind_def *const kinds[] = {
	&ptl__signup_request_kind,
	&ptl__child_add_request_kind,
	&ptl__child_edit_request_kind,
	&ptl__contact_change_request_kind,
	&ptl__enrolment_request_kind,
	&ptl__reservation_request_kind,
	&ptl__certificate_request_kind,
	&ptl__guardian_add_request_kind,
	&ptl__guardian_edit_request_kind,
	&ptl__enrolment_offer_request_kind,
	&ptl__reservation_cancel_request_kind,
};

#define KIND_COUNT ((int)(sizeof(kinds) / sizeof(kinds[0])))

const struct ptl__request_kind_def *ptl__request_kind_def(ptl_request_kind kind)
{
	if ((int)kind < 1 || (int)kind > KIND_COUNT)
		return NULL;
	return kinds[kind - 1];
}

int ptl_request_kind_count(void)
{
	return KIND_COUNT;
}

const char *ptl_request_kind_name(ptl_request_kind kind)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(kind);

	return def ? def->name : NULL;
}

const char *ptl_request_kind_label(ptl_request_kind kind)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(kind);

	return def ? def->label : NULL;
}

bool ptl_request_kind_registered(ptl_request_kind kind)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(kind);

	return def && def->apply;
}

const char *ptl_request_kind_target(ptl_request_kind kind)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(kind);

	return def ? def->target : "item";
}

int ptl_request_kind_from_name(ptl_request_kind *out, const char *name)
{
	for (int i = 0; name && i < KIND_COUNT; i++)
		if (strcmp(name, kinds[i]->name) == 0) {
			*out = kinds[i]->kind;
			return PTL_OK;
		}
	return ptl__error_set(PTL_EINVALID, "kind", "Ce type de demande n’existe pas.",
		"unknown kind %s (signup, child_add, child_edit, contact_change, enrolment,"
		" reservation, certificate, guardian_add, guardian_edit, enrolment_offer,"
		" reservation_cancel)",
		name ? name : "(none)");
}

/* --- statuses --------------------------------------------------------------- */

static const struct {
	const char *name, *label;
} statuses[] = {
	{ "pending", "En attente" },
	{ "accepted", "Acceptée" },
	{ "refused", "Refusée" },
	{ "applied", "Prise en compte" },
	{ "outdated", "Non appliquée" },
	{ "withdrawn", "Retirée" },
	{ "waitlisted", "Sur liste d’attente" },
};

#define STATUS_COUNT ((int)(sizeof(statuses) / sizeof(statuses[0])))

const char *ptl_request_status_name(ptl_request_status status)
{
	return (int)status >= 1 && (int)status <= STATUS_COUNT ? statuses[status - 1].name : NULL;
}

const char *ptl_request_status_label(ptl_request_status status)
{
	return (int)status >= 1 && (int)status <= STATUS_COUNT ? statuses[status - 1].label : NULL;
}

int ptl_request_status_from_name(ptl_request_status *out, const char *name)
{
	for (int i = 0; name && i < STATUS_COUNT; i++)
		if (strcmp(name, statuses[i].name) == 0) {
			*out = (ptl_request_status)(i + 1);
			return PTL_OK;
		}
	return ptl__error_set(PTL_EINVALID, "status", "Ce statut de demande n’existe pas.",
		"unknown status %s (pending, accepted, refused, applied, outdated, withdrawn,"
		" waitlisted)",
		name ? name : "(none)");
}
