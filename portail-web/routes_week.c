/*
 * routes_week.c — the logged-in parent's typical week (semaine type), as
 * the reservation web API contract gives it (reservation-api.md):
 *
 *   GET  /api/v1/enrolments/{enrolment}/week
 *        the stored week: one library call, one round trip (the session
 *        check included) -> {"slots": [...], "from", "to"}
 *   POST /api/v1/enrolments/{enrolment}/week/preview
 *        what storing it would do -> {"book", "cancel", "skipped"}
 *   PUT  /api/v1/enrolments/{enrolment}/week
 *        store it and expand it in one transaction -> {"results", "request"}
 *
 * Body of the two changes: {"slots": [{"weekday": 3, "unit": "journee",
 * "weeks": "all"}], "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (the days
 * optional). The family is always the session's: another family's
 * enrolment is "not found". The shape of the body is checked here (422
 * with "slots[2].weeks"...); every rule is the library's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

static void web_route_week_get(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_typical_week *week = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_typical_week_mine(&week, &session, db, rq->session_token,
	                           web_path_id(rq, "enrolment"));
	web_db_return(rq);
	web_reply_family_read(rq, rp, rc, &session,
	                      rc == PTL_OK ? ptl_json_typical_week(week, PTL_JSON_DEFAULT) : NULL,
	                      NULL);
	ptl_typical_week_free(week);
}

static bool refuse(struct web_reply *rp, const char *field, const char *fr)
{
	web_reply_error(rp, 422, ptl_status_name(PTL_EINVALID), fr, field);
	return false;
}

/* A day member ("from", "to"): absent or null is NULL, a string is given
 * to the library, which checks it. */
static bool day_member(struct web_request *rq, struct web_reply *rp, const char *name,
                       const char **out)
{
	json_t *v = json_object_get(rq->json, name);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return refuse(rp, name, "Date invalide (AAAA-MM-JJ).");
	*out = json_string_value(v);
	return true;
}

/* The body into @p in and @p slots (PTL_TYPICAL_WEEK_MAX_SLOTS of them).
 * False with @p rp answered when it is not of the right shape. */
static bool week_body(struct web_request *rq, struct web_reply *rp, ptl_typical_week_options *in,
                      ptl_typical_week_slot *slots)
{
	json_t *list = json_object_get(rq->json, "slots"), *e;
	char field[40];
	size_t i;

	if (!json_is_array(list))
		return refuse(rp, "slots", "Une liste de créneaux est attendue.");
	if (json_array_size(list) > PTL_TYPICAL_WEEK_MAX_SLOTS)
		return refuse(rp, "slots", "Une semaine type compte au plus 64 créneaux.");
	json_array_foreach(list, i, e) {
		json_t *weekday = json_object_get(e, "weekday"), *unit = json_object_get(e, "unit");
		json_t *weeks = json_object_get(e, "weeks");

		if (!json_is_object(e)) {
			snprintf(field, sizeof(field), "slots[%zu]", i);
			return refuse(rp, field, "Un jour, une unité et un rythme sont attendus.");
		}
		snprintf(field, sizeof(field), "slots[%zu].weekday", i);
		if (!json_is_integer(weekday) || json_integer_value(weekday) < 1 ||
		    json_integer_value(weekday) > 7)
			return refuse(rp, field, "Jour de la semaine invalide (1 lundi … 7 dimanche).");
		snprintf(field, sizeof(field), "slots[%zu].unit", i);
		if (!json_is_string(unit) || json_string_length(unit) == 0 ||
		    json_string_length(unit) >= sizeof(slots[i].unit))
			return refuse(rp, field, "Unité manquante.");
		snprintf(field, sizeof(field), "slots[%zu].weeks", i);
		slots[i].weeks = PTL_WEEK_EVERY;
		if (weeks && !json_is_null(weeks) &&
		    ptl_typical_week_parity_parse(&slots[i].weeks, json_string_value(weeks)) != PTL_OK)
			return refuse(rp, field, "Semaines invalides : toutes, paires ou impaires.");
		slots[i].weekday = (int)json_integer_value(weekday);
		snprintf(slots[i].unit, sizeof(slots[i].unit), "%s", json_string_value(unit));
	}
	in->slots = slots;
	in->slot_count = i;
	return day_member(rq, rp, "from", &in->from) && day_member(rq, rp, "to", &in->to);
}

/* The preview (@p store false) or the storing of the week. */
static void week_change(struct web_request *rq, struct web_reply *rp, bool store)
{
	ptl_typical_week_slot *slots = calloc(PTL_TYPICAL_WEEK_MAX_SLOTS, sizeof(*slots));
	ptl_typical_week_options in = PTL_TYPICAL_WEEK_OPTIONS_INIT;
	ptl_reservation_results *results = NULL;
	int64_t enrolment = web_path_id(rq, "enrolment");
	ptl_db *db;
	int rc;

	if (!slots) {
		web_reply_status(rp, PTL_ERROR);
		return;
	}
	if (!week_body(rq, rp, &in, slots) || !(db = web_db_or_reply(rq, rp)))
		goto done;
	if (store)
		rc = ptl_typical_week_set(&results, db, rq->session.family_id,
		                          rq->session.guardian_id, enrolment, &in);
	else
		rc = ptl_typical_week_preview(&results, db, rq->session.family_id, enrolment, &in);
	if (rc != PTL_OK)
		web_reply_status(rp, rc);
	else if (store)
		web_reply_json(rp, 200, ptl_json_reservation_results(results, PTL_JSON_DEFAULT));
	else
		web_reply_json(rp, 200, ptl_json_typical_week_preview(results, PTL_JSON_DEFAULT));
done:
	ptl_reservation_results_free(results);
	free(slots);
}

static void web_route_week_preview(struct web_request *rq, struct web_reply *rp)
{
	week_change(rq, rp, false);
}

static void web_route_week_put(struct web_request *rq, struct web_reply *rp)
{
	week_change(rq, rp, true);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/enrolments/{enrolment}/week", web_route_week_get,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "POST", "/api/v1/enrolments/{enrolment}/week/preview", web_route_week_preview,
	  WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
	{ "PUT", "/api/v1/enrolments/{enrolment}/week", web_route_week_put,
	  WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
};

WEB_MODULE(web_module_week, "week", routes);
