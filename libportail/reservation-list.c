/*
 * reservation-list.c — the manager's listing of reservations
 * (ptl_reservation_list, reservation.h): one statement, filtered by days,
 * period, group, unit, status and family, ordered so that a day's
 * attendance list reads group by group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/reservation.h>

#include "db-internal.h"
#include "error-internal.h"

static const char *const statuses[] = { "booked", "pending", "waiting", "cancel_pending",
	                                     "cancelled", NULL };

static int check_day(const char *text, const char *field)
{
	ptl_day d;

	if (text && *text && ptl_day_parse(&d, text) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, field, "Date invalide (AAAA-MM-JJ).",
		                      "%s: not a date YYYY-MM-DD", field);
	return PTL_OK;
}

static const char *or_null(const char *text)
{
	return text && *text ? text : NULL;
}

int ptl_reservation_list(ptl_reservations **out, ptl_db *db,
                         const ptl_reservation_list_options *options)
{
	ptl_reservation_list_options all = PTL_RESERVATION_LIST_OPTIONS_INIT;
	const ptl_reservation_list_options *o = options ? options : &all;
	struct ptl__num fid = ptl__num(o->family_id);
	ptl_reservations *list;
	bool known = !or_null(o->status);
	PGresult *res;
	int rc, n;

	*out = NULL;
	if ((rc = ptl__options_check(&o->version, PTL_RESERVATION_LIST_OPTIONS_VERSION,
	                             "ptl_reservation_list_options")) != PTL_OK ||
	    (rc = check_day(o->from, "from")) != PTL_OK || (rc = check_day(o->to, "to")) != PTL_OK)
		return rc;
	for (size_t i = 0; !known && statuses[i]; i++)
		known = strcmp(statuses[i], o->status) == 0;
	if (!known)
		return ptl__error_set(PTL_EINVALID, "status", "Statut inconnu.",
		                      "unknown status %s (booked, pending, waiting, cancel_pending,"
		                      " cancelled)", o->status);
	const char *params[] = { or_null(o->from), or_null(o->to), or_null(o->period),
	                         or_null(o->group), or_null(o->unit), or_null(o->status),
	                         o->family_id ? fid.s : NULL };
	res = ptl__db_query_prepared(db,
		"SELECT r.id, r.enrolment_id, r.family_id, e.child_id, r.day::text AS day,"
		"       c.first_name || ' ' || c.last_name AS child_name, p.code AS period,"
		"       g.code AS grp, u.code AS unit, r.status, r.billable, r.source,"
		"       CASE WHEN r.status = 'waiting' THEN 1 + (SELECT count(*) FROM reservation w"
		"             WHERE w.group_id = r.group_id AND w.unit_id = r.unit_id"
		"               AND w.day = r.day AND w.status = 'waiting'"
		"               AND w.waiting_seq < r.waiting_seq) ELSE 0 END AS rank"
		"  FROM reservation r JOIN enrolment e ON e.id = r.enrolment_id"
		"  JOIN child c ON c.id = e.child_id JOIN period_group g ON g.id = r.group_id"
		"  JOIN period p ON p.id = g.period_id JOIN unit u ON u.id = r.unit_id"
		" WHERE ($1::date IS NULL OR r.day >= $1::date) AND ($2::date IS NULL OR r.day <= $2::date)"
		"   AND ($3::text IS NULL OR p.code = $3) AND ($4::text IS NULL OR g.code = $4)"
		"   AND ($5::text IS NULL OR u.code = $5)"
		"   AND (CASE WHEN $6::text IS NULL THEN r.status <> 'cancelled' ELSE r.status = $6 END)"
		"   AND ($7::bigint IS NULL OR r.family_id = $7::bigint)"
		" ORDER BY r.day, p.code, g.code, u.position, u.id, r.status <> 'waiting' DESC,"
		"          r.waiting_seq, c.last_name, c.first_name, r.id", 7, params);
	if (!res)
		return ptl_error_last()->code;
	n = PQntuples(res);
	if (!(list = calloc(1, sizeof(*list))) || !(list->items = calloc((size_t)n + 1,
	                                                                    sizeof(*list->items)))) {
		free(list);
		PQclear(res);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		ptl_reservation *r = &list->items[list->count++];

		r->id = ptl__db_get_int64(res, i, "id");
		r->enrolment_id = ptl__db_get_int64(res, i, "enrolment_id");
		r->family_id = ptl__db_get_int64(res, i, "family_id");
		r->child_id = ptl__db_get_int64(res, i, "child_id");
		snprintf(r->day, sizeof(r->day), "%s", ptl__db_get(res, i, "day"));
		r->rank = (int)ptl__db_get_int64(res, i, "rank");
		r->billable = ptl__db_get_bool(res, i, "billable");
		if (!(r->child_name = ptl__db_dup(res, i, "child_name")) ||
		    !(r->period = ptl__db_dup(res, i, "period")) ||
		    !(r->group = ptl__db_dup(res, i, "grp")) ||
		    !(r->unit = ptl__db_dup(res, i, "unit")) ||
		    !(r->status = ptl__db_dup(res, i, "status")) ||
		    !(r->source = ptl__db_dup(res, i, "source"))) {
			PQclear(res);
			ptl_reservations_free(list);
			return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		}
	}
	PQclear(res);
	*out = list;
	return PTL_OK;
}

void ptl_reservations_free(ptl_reservations *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].child_name);
		free(list->items[i].period);
		free(list->items[i].group);
		free(list->items[i].unit);
		free(list->items[i].status);
		free(list->items[i].source);
	}
	free(list->items);
	free(list);
}
