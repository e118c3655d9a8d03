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
 * Freed places are written back to the day's loads with the loads locked;
 * handing them to those waiting is done by the parents' own changes
 * (reservation-change.c), not here yet.
 */
#include <portail/error.h>

#include "db-internal.h"
#include "error-internal.h"
#include "request-internal.h"

/* Set the reservations of request $1 that are in @p from to @p to ($2 now),
 * freeing the places of those that leave them. */
static int move(ptl_db *db, int64_t request_id, const char *now, const char *from,
                const char *to)
{
	struct ptl__num rid = ptl__num(request_id);
	const char *params[] = { rid.s, now, from, to };

	return ptl__db_exec(db,
		"WITH up AS (UPDATE reservation SET status = $4, updated_at = to_timestamp($2::bigint)"
		"             WHERE request_id = $1::bigint AND status = $3"
		"            RETURNING group_id, unit_id, day),"
		" gone AS (SELECT * FROM up WHERE $4 = 'cancelled'),"
		" s AS (UPDATE reservation_load l SET taken = l.taken - n.k"
		"         FROM (SELECT group_id, unit_id, day, count(*)::int AS k FROM gone"
		"                GROUP BY 1, 2, 3) n"
		"        WHERE l.group_id = n.group_id AND l.unit_id = n.unit_id AND l.day = n.day)"
		" UPDATE counter_load l SET taken = l.taken - n.k"
		"   FROM (SELECT u.counter_id, g.day, count(*)::int AS k FROM gone g"
		"           JOIN unit u ON u.id = g.unit_id WHERE u.counter_id IS NOT NULL"
		"          GROUP BY 1, 2) n"
		"  WHERE l.counter_id = n.counter_id AND l.day = n.day", 4, params);
}

static int booking_apply(ptl_db *db, int64_t request_id, const char *now)
{
	int rc = move(db, request_id, now, "pending", "booked");

	return rc < 0 ? rc : PTL__APPLIED;
}

static int booking_drop(ptl_db *db, int64_t request_id, const char *now)
{
	return move(db, request_id, now, "pending", "cancelled");
}

static int cancel_apply(ptl_db *db, int64_t request_id, const char *now)
{
	int rc = move(db, request_id, now, "cancel_pending", "cancelled");

	return rc < 0 ? rc : PTL__APPLIED;
}

static int cancel_drop(ptl_db *db, int64_t request_id, const char *now)
{
	return move(db, request_id, now, "cancel_pending", "booked");
}

static const char *const no_fields[] = { NULL };

const struct ptl__request_kind_def ptl__reservation_request_kind = {
	.kind = PTL_REQUEST_RESERVATION, .name = "reservation", .label = "Réservation",
	.waits_by_default = true, .target = "enrolment", .fields = no_fields,
	.apply = booking_apply, .refuse = booking_drop, .withdraw = booking_drop,
};

const struct ptl__request_kind_def ptl__reservation_cancel_request_kind = {
	.kind = PTL_REQUEST_RESERVATION_CANCEL, .name = "reservation_cancel",
	.label = "Annulation de réservation",
	.waits_by_default = true, .target = "enrolment", .fields = no_fields,
	.apply = cancel_apply, .refuse = cancel_drop, .withdraw = cancel_drop,
};
