/*
 * routes_reservations.c — the logged-in parent's reservations, as the
 * reservation web API contract gives it (reservation-api.md):
 *
 *   GET  /api/v1/enrolments/{enrolment}/calendar?month=YYYY-MM
 *        a child's month: one library call, one round trip (the session
 *        check included)
 *   POST /api/v1/enrolments/{enrolment}/reservations
 *        book and cancel a selection in one transaction -> 200
 *        {"results": [...], "request": null | {...}}
 *
 * The family is always the session's: another family's enrolment is "not
 * found". Every rule is the library's; refusals of single days are in the
 * results, errors of the whole call come from the library (422 with the
 * field, 404, 409 "enrolment" when it is not validated).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

static void web_route_calendar(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_reservation_calendar *cal = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_reservation_calendar_mine(&cal, &session, db, rq->session_token,
	                                   web_path_id(rq, "enrolment"),
	                                   web_query_get(&rq->query, "month"));
	web_db_return(rq);
	/* A malformed month is refused before the session is read: no
	 * session to check then (the status's own answer, 422). */
	web_reply_family_read_text(rq, rp, rc, &session,
	                           rc == PTL_OK
	                           ? ptl_json_reservation_calendar_text(cal, PTL_JSON_DEFAULT)
	                           : NULL,
	                           NULL);
	ptl_reservation_calendar_free(cal);
}

/* The picks of member @p name ("book", "cancel") of the body, into @p out
 * (at most @p max): each {day, unit}; a member of another type is given as
 * NULL for the library to name its field. False with @p rp answered when
 * the list or an item is not of the right shape. */
static bool picks(struct web_request *rq, struct web_reply *rp, const char *name,
                  ptl_reservation_pick *out, size_t max, size_t *count)
{
	json_t *list = json_object_get(rq->json, name), *e;
	char field[40];
	size_t i;

	*count = 0;
	if (!list || json_is_null(list))
		return true;
	if (!json_is_array(list)) {
		web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID),
		                "Une liste de jours est attendue.", name);
		return false;
	}
	if (json_array_size(list) > max) {
		web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID),
		                "Choisissez entre 1 et 400 jours à réserver ou à annuler.", name);
		return false;
	}
	json_array_foreach(list, i, e) {
		if (!json_is_object(e)) {
			snprintf(field, sizeof(field), "%s[%zu]", name, i);
			web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID),
			                "Un jour et une unité sont attendus.", field);
			return false;
		}
		out[i].day = json_string_value(json_object_get(e, "day"));
		out[i].unit = json_string_value(json_object_get(e, "unit"));
	}
	*count = i;
	return true;
}

static void web_route_change(struct web_request *rq, struct web_reply *rp)
{
	ptl_reservation_pick *book = calloc(PTL_RESERVATION_MAX_PICKS, sizeof(*book)),
	                     *cancel = calloc(PTL_RESERVATION_MAX_PICKS, sizeof(*cancel));
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	ptl_reservation_results *results = NULL;
	ptl_db *db;
	int rc;

	if (!book || !cancel) {
		web_reply_status(rp, PTL_ERROR);
		goto done;
	}
	if (!picks(rq, rp, "book", book, PTL_RESERVATION_MAX_PICKS, &in.book_count) ||
	    !picks(rq, rp, "cancel", cancel, PTL_RESERVATION_MAX_PICKS, &in.cancel_count))
		goto done;
	in.book = book;
	in.cancel = cancel;
	if (!(db = web_db_or_reply(rq, rp)))
		goto done;
	rc = ptl_reservation_change(&results, db, rq->session.family_id, rq->session.guardian_id,
	                            web_path_id(rq, "enrolment"), &in);
	if (rc != PTL_OK)
		web_reply_status(rp, rc);
	else
		web_reply_json(rp, 200, ptl_json_reservation_results(results, PTL_JSON_DEFAULT));
done:
	ptl_reservation_results_free(results);
	free(book);
	free(cancel);
}

static const struct web_query_param calendar_query[] = { { "month", false }, { NULL, false } };

static const struct web_route routes[] = {
	{ "GET", "/api/v1/enrolments/{enrolment}/calendar", web_route_calendar,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, calendar_query },
	{ "POST", "/api/v1/enrolments/{enrolment}/reservations", web_route_change,
	  WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_reservations, "reservations", routes);
