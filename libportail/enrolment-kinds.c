/*
 * enrolment-kinds.c — the two kinds of request the enrolments put into the
 * validation queue (request-internal.h): "enrolment" (a parent enrols a
 * child) and "enrolment_offer" (a freed place offered to the first one
 * waiting). Accepting either validates the enrolment (its group's capacity
 * checked, unless the manager forces it); refusing refuses it with the
 * reason; the family withdrawing it withdraws it. When an offer ends
 * without the place being taken, the next one waiting is offered it.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "db-internal.h"
#include "enrolment-internal.h"
#include "error-internal.h"
#include "request-internal.h"

static const char *const fields[] = {
	"child", "activity", "period", "group", "first_day", "last_day", "wanted_start",
	"days_per_week", "hours_per_week", "comment", NULL,
};
static const char *const labels[] = {
	"Enfant", "Activité", "Période", "Groupe", "Du", "Au", "Début souhaité",
	"Jours par semaine", "Heures par semaine", "Commentaire", NULL,
};

/* The enrolment request @p request_id is about. */
static int enrolment_of(int64_t *out, ptl_db *db, int64_t request_id)
{
	struct ptl__num rid = ptl__num(request_id);
	const char *params[] = { rid.s };
	PGresult *res = ptl__db_query(db,
		"SELECT e.id FROM request r JOIN enrolment e ON e.id = r.target_id WHERE r.id = $1",
		1, params);
	int rc = PTL_OK;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 1)
		*out = ptl__db_get_int64(res, 0, "id");
	else
		rc = ptl__error_set(PTL_EINVALID, "id", NULL,
		                    "the enrolment of request %s is gone", rid.s);
	PQclear(res);
	return rc;
}

static int apply(ptl_db *db, int64_t request_id, const char *now)
{
	int64_t enrolment_id = 0;
	int rc = enrolment_of(&enrolment_id, db, request_id);

	(void)now;
	return rc ? rc : ptl__enrolment_validate_locked(db, enrolment_id, ptl__request_forced(),
	                                                NULL);
}

/* Close the pending enrolment of request @p request_id as @p status, with
 * the request's note as reason when refused; an offer's place goes on. */
static int close_enrolment(ptl_db *db, int64_t request_id, const char *now, const char *status,
                           bool offer)
{
	struct ptl__num rid = ptl__num(request_id);
	const char *params[] = { rid.s, now, status };
	PGresult *res = ptl__db_query(db,
		"UPDATE enrolment e SET status = $3, updated_at = to_timestamp($2::bigint),"
		"       reason = CASE WHEN $3 = 'refused' THEN r.note ELSE '' END"
		"  FROM request r WHERE r.id = $1 AND e.id = r.target_id AND e.status = 'pending'"
		" RETURNING e.group_id", 3, params);
	int64_t group_id = 0;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 1)
		group_id = ptl__db_get_int64(res, 0, "group_id");
	PQclear(res);
	return offer && group_id ? ptl__enrolment_offer_free_places(db, group_id) : PTL_OK;
}

static int refuse(ptl_db *db, int64_t request_id, const char *now)
{
	return close_enrolment(db, request_id, now, "refused", false);
}

static int withdraw(ptl_db *db, int64_t request_id, const char *now)
{
	return close_enrolment(db, request_id, now, "withdrawn", false);
}

static int refuse_offer(ptl_db *db, int64_t request_id, const char *now)
{
	return close_enrolment(db, request_id, now, "refused", true);
}

static int withdraw_offer(ptl_db *db, int64_t request_id, const char *now)
{
	return close_enrolment(db, request_id, now, "withdrawn", true);
}

const struct ptl__request_kind_def ptl__enrolment_request_kind = {
	.kind = PTL_REQUEST_ENROLMENT, .name = "enrolment", .label = "Inscription",
	.waits_by_default = true, .target = "enrolment", .fields = fields, .apply = apply,
	.refuse = refuse, .withdraw = withdraw, .labels = labels,
};

const struct ptl__request_kind_def ptl__enrolment_offer_request_kind = {
	.kind = PTL_REQUEST_ENROLMENT_OFFER, .name = "enrolment_offer",
	.label = "Place proposée (liste d’attente)", .waits_by_default = true,
	.target = "enrolment", .fields = fields, .apply = apply, .refuse = refuse_offer,
	.withdraw = withdraw_offer, .labels = labels,
};
