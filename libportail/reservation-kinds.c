/*
 * reservation-kinds.c — the request kinds of reservations, for the queue
 * (request-internal.h):
 *  - "reservation" (kind 6): bookings that wait for the manager's
 *    validation (period rules booking.validation). They hold their places
 *    while they wait; accepting books them, refusing or withdrawing cancels
 *    them and frees their places;
 *  - "reservation_cancel" (kind 11): cancellations that wait
 *    (cancelling.validation). The reservations stay booked meanwhile;
 *    accepting cancels them and frees their places, refusing or
 *    withdrawing keeps them booked.
 * Places are counted under the same locks as a parent's change (the
 * enrolment's row, then the day's loads: reservation-places.h), and a
 * freed place goes to the first one waiting on that day, who is told.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>

#include "db-internal.h"
#include "error-internal.h"
#include "request-internal.h"
#include "reservation-places.h"

/* Set the reservations of request @p request_id whose status is @p from
 * (and those waiting, when @p waiting_too) to @p to at @p now, freeing the
 * places of those that leave one and handing them to the first waiting;
 * those cancelled record @p by (reservation.cancelled_by). */
static int move(ptl_db *db, int64_t request_id, const char *now, const char *from,
                const char *to, bool waiting_too, const char *by)
{
	struct ptl__num rid = ptl__num(request_id);
	const char *lock_params[] = { rid.s };
	struct ptl__places places = { 0 };
	char froms[40];
	const char *params[] = { rid.s, now, froms, to, by };
	PGresult *res;
	int64_t at = 0;
	int rc;

	snprintf(froms, sizeof(froms), "{%s%s}", from, waiting_too ? ",waiting" : "");
	res = ptl__db_query_prepared(db,
		"WITH e AS (SELECT e.id, e.group_id FROM request q JOIN enrolment e ON e.id = q.target_id"
		"            WHERE q.id = $1::bigint FOR UPDATE OF e)"
		" SELECT e.id, e.group_id,"
		"        (SELECT coalesce(array_agg(r.unit_id ORDER BY r.unit_id, r.day), '{}')"
		"           FROM reservation r WHERE r.request_id = $1::bigint"
		"            AND r.status <> 'cancelled')::text AS units,"
		"        (SELECT coalesce(array_agg(r.day ORDER BY r.unit_id, r.day), '{}')"
		"           FROM reservation r WHERE r.request_id = $1::bigint"
		"            AND r.status <> 'cancelled')::text AS days"
		"   FROM e", 1, lock_params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {  /* its enrolment is gone: nothing holds a place */
		PQclear(res);
		return PTL_OK;
	}
	places.enrolment_id = ptl__db_get_int64(res, 0, "id");
	places.group_id = ptl__db_get_int64(res, 0, "group_id");
	rc = ptl__places_lock(db, &places, ptl__db_get(res, 0, "units"),
	                      ptl__db_get(res, 0, "days"));
	PQclear(res);
	if (rc != PTL_OK)
		goto done;
	res = ptl__db_query_prepared(db,
		"WITH old AS (SELECT id, status FROM reservation"
		"              WHERE request_id = $1::bigint AND status = ANY ($3::text[]) FOR UPDATE)"
		" UPDATE reservation r SET status = $4, waiting_seq = NULL,"
		"        updated_at = to_timestamp($2::bigint),"
		"        cancelled_by = CASE WHEN $4::text = 'cancelled' THEN $5::text END"
		"   FROM old WHERE r.id = old.id"
		" RETURNING r.unit_id, r.day::text AS day, old.status AS was", 5, params);
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	for (int row = 0; row < PQntuples(res); row++) {
		const char *was = ptl__db_get(res, row, "was");
		struct ptl__slot *s;
		ptl_day day;

		ptl_day_parse(&day, ptl__db_get(res, row, "day"));
		s = ptl__places_slot(&places, ptl__db_get_int64(res, row, "unit_id"), day);
		if (s && strcmp(to, "cancelled") == 0 && strcmp(was, "waiting") != 0) {
			ptl__places_take(&places, s, -1);
			s->freed++;
		}
	}
	PQclear(res);
	at = strtoll(now, NULL, 10);
	if ((rc = ptl__places_promote(db, &places, at, NULL)) == PTL_OK)
		rc = ptl__places_write(db, &places);
done:
	ptl__places_free(&places);
	return rc;
}

static int booking_apply(ptl_db *db, int64_t request_id, const char *now)
{
	int rc = move(db, request_id, now, "pending", "booked", false, NULL);

	return rc < 0 ? rc : PTL__APPLIED;
}

/* The manager refused the bookings: they are the manager's cancellation. */
static int booking_refuse(ptl_db *db, int64_t request_id, const char *now)
{
	return move(db, request_id, now, "pending", "cancelled", true, "manager");
}

/* The family withdrew them: its own. */
static int booking_withdraw(ptl_db *db, int64_t request_id, const char *now)
{
	return move(db, request_id, now, "pending", "cancelled", true, "parent");
}

static int cancel_apply(ptl_db *db, int64_t request_id, const char *now)
{
	int rc = move(db, request_id, now, "cancel_pending", "cancelled", false, "parent");

	return rc < 0 ? rc : PTL__APPLIED;
}

static int cancel_drop(ptl_db *db, int64_t request_id, const char *now)
{
	return move(db, request_id, now, "cancel_pending", "booked", false, NULL);
}

static const char *const no_fields[] = { NULL };

const struct ptl__request_kind_def ptl__reservation_request_kind = {
	.kind = PTL_REQUEST_RESERVATION, .name = "reservation", .label = "Réservation",
	.waits_by_default = true, .target = "enrolment", .fields = no_fields,
	.apply = booking_apply, .refuse = booking_refuse, .withdraw = booking_withdraw,
};

const struct ptl__request_kind_def ptl__reservation_cancel_request_kind = {
	.kind = PTL_REQUEST_RESERVATION_CANCEL, .name = "reservation_cancel",
	.label = "Annulation de réservation",
	.waits_by_default = true, .target = "enrolment", .fields = no_fields,
	.apply = cancel_apply, .refuse = cancel_drop, .withdraw = cancel_drop,
};
