/*
 * routes_enrolments.c — enrolling the logged-in parent's children, as the
 * enrolment web API contract gives it (enrolment-api.md):
 *
 *   GET  /api/v1/children/{child}/enrolment-options  the cascade for a child
 *   GET  /api/v1/children/{child}/enrolments         the child's enrolments
 *   GET  /api/v1/enrolments                          the family's enrolments
 *   POST /api/v1/children/{child}/enrolments         enrol -> 201 {"enrolment","request"}
 *   POST /api/v1/requests/{id}/withdraw              withdraw a pending request
 *                                                    -> 200 {"request"}
 *
 * Each read is one library call, one round trip (the session check
 * included). The family is always the session's: another family's child or
 * request is "not found", like an id that does not exist. Errors come from
 * the library: 422 with the field for invalid input, 409 for an overlap or
 * a request no longer pending.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

static const char child_not_found[] = "Cet enfant est introuvable.";

static void web_route_enrolment_options(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_enrolment_options *options = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_enrolment_options_get(&options, &session, db, rq->session_token,
	                               web_path_id(rq, "child"));
	web_db_return(rq);
	web_reply_family_read_text(rq, rp, rc, &session,
	                           rc == PTL_OK
	                           ? ptl_json_enrolment_options_text(options, PTL_JSON_DEFAULT)
	                           : NULL,
	                           child_not_found);
	ptl_enrolment_options_free(options);
}

/* {"enrolments": [...]}, the list written as text (malloc'd), or NULL. */
static char *enrolments_body(const ptl_enrolments *list)
{
	char *items = ptl_json_enrolments_text(list, PTL_JSON_DEFAULT), *body = NULL;

	if (items && asprintf(&body, "{\"enrolments\":%s}", items) < 0)
		body = NULL;
	free(items);
	return body;
}

/* The enrolments of the family, or of child {child} when the route has one. */
static void web_route_enrolments(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_enrolments *list = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_enrolment_list_mine(&list, &session, db, rq->session_token,
	                             web_path_id(rq, "child"));
	web_db_return(rq);
	web_reply_family_read_text(rq, rp, rc, &session, rc == PTL_OK ? enrolments_body(list) : NULL,
	                           child_not_found);
	ptl_enrolments_free(list);
}

/* A whole number member of the body (a JSON integer, or a string of
 * digits as forms send them); 0 when absent or null. False with @p rp a
 * 400 naming it when it is of another type. */
static bool body_int(const struct web_request *rq, struct web_reply *rp, const char *name,
                     int *out)
{
	json_t *v = json_object_get(rq->json, name);
	const char *s;
	char *end;
	long n;

	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		*out = i < -1000000 ? -1000000 : i > 1000000 ? 1000000 : (int)i;
		return true;
	}
	if (json_is_string(v) && *(s = json_string_value(v))) {
		n = strtol(s, &end, 10);
		if (*end == '\0' && n >= -1000000 && n <= 1000000) {
			*out = (int)n;
			return true;
		}
	}
	web_reply_error(rp, 400, "bad_request", "Ce champ doit être un nombre entier.", name);
	return false;
}

static void web_route_enrol(struct web_request *rq, struct web_reply *rp)
{
	static const char *const names[] = {
		"period", "group", "first_day", "last_day", "wanted_start", "comment", "accept_rules",
		NULL,
	};
	const char *v[sizeof(names) / sizeof(names[0])];
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *enrolment = NULL;
	ptl_request *request = NULL;
	ptl_db *db;
	int rc;

	if (!web_body_strings(rq, rp, names, v) ||
	    !body_int(rq, rp, "days_per_week", &in.days_per_week) ||
	    !body_int(rq, rp, "hours_per_week", &in.hours_per_week))
		return;
	in.period = v[0];
	in.group = v[1];
	in.first_day = v[2];
	in.last_day = v[3];
	in.wanted_start = v[4];
	in.comment = v[5];
	in.accept_rules = v[6];
	if (!(db = web_db_or_reply(rq, rp)))
		return;
	rc = ptl_enrolment_submit(&enrolment, &request, db, rq->session.family_id,
	                          rq->session.guardian_id, web_path_id(rq, "child"), &in);
	if (rc == PTL_ENOTFOUND)
		web_reply_error(rp, 404, ptl_status_name(rc), child_not_found, NULL);
	else if (rc != PTL_OK)
		web_reply_status(rp, rc);
	else
		web_reply_json(rp, 201, json_pack("{s:o, s:o}",
			"enrolment", ptl_json_enrolment(enrolment, PTL_JSON_DEFAULT),
			"request", ptl_json_request(request, PTL_JSON_DEFAULT)));
	ptl_enrolment_free(enrolment);
	ptl_request_free(request);
}

static void web_route_request_withdraw(struct web_request *rq, struct web_reply *rp)
{
	ptl_request *request = NULL;
	ptl_db *db = web_db_or_reply(rq, rp);
	int rc;

	if (!db)
		return;
	rc = ptl_request_withdraw(&request, db, rq->session.family_id, rq->session.guardian_id,
	                          web_path_id(rq, "id"));
	if (rc != PTL_OK)
		web_reply_status(rp, rc);
	else
		web_reply_request_json(rp, 200, request);
	ptl_request_free(request);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/children/{child}/enrolment-options", web_route_enrolment_options,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "GET", "/api/v1/children/{child}/enrolments", web_route_enrolments,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "POST", "/api/v1/children/{child}/enrolments", web_route_enrol,
	  WEB_NEED_SESSION | WEB_JSON_BODY, NULL },
	{ "GET", "/api/v1/enrolments", web_route_enrolments,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "POST", "/api/v1/requests/{id}/withdraw", web_route_request_withdraw, WEB_NEED_SESSION,
	  NULL },
};

WEB_MODULE(web_module_enrolments, "enrolments", routes);
