/*
 * routes_requests.c — the history of the family's requests (demandes):
 * sign-up, contact-detail changes, children added or edited, and later
 * enrolments, reservations and certificates.
 *
 *   GET /api/v1/requests  {"requests":[...]} newest first
 *
 * Only the session's family's requests are ever listed.
 */
#include "web.h"

void web_reply_request(ptl_db *db, struct web_reply *rp, int status, int64_t request_id)
{
	ptl_request *request = NULL;
	int rc = ptl_request_get(&request, db, request_id);

	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_request_json(rp, status, request);
	ptl_request_free(request);
}

void web_reply_request_json(struct web_reply *rp, int status, const ptl_request *request)
{
	web_reply_json(rp, status, json_pack("{s:o}", "request",
	                                     ptl_json_request(request, PTL_JSON_DEFAULT)));
}

static void web_route_requests(struct web_request *rq, struct web_reply *rp)
{
	ptl_requests *list = NULL;
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_session session;
	int rc;

	if (!db)
		return;
	/* The session's family only: the library reads it from the token. */
	rc = ptl_me_requests(&list, &session, db, rq->session_token);
	web_db_return(rq);
	if (web_session_from_read(rq, rp, rc, rc == PTL_OK ? &session : NULL))
		web_reply_json_text(rp, 200, ptl_json_requests_text(list, PTL_JSON_DEFAULT));
	ptl_requests_free(list);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/requests", web_route_requests, WEB_NEED_SESSION | WEB_SESSION_IN_READ,
	  NULL },
};

WEB_MODULE(web_module_requests, "requests", routes);
