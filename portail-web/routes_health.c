/*
 * routes_health.c — GET /healthz (the process answers; no database) and
 * GET /readyz (the database answers too), for load balancers and
 * supervisors.
 */
#include "web.h"

static void web_route_healthz(struct web_request *rq, struct web_reply *rp)
{
	web_reply_json(rp, 200, json_pack("{s:s}", "status", "ok"));
}

static void web_route_readyz(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	int rc;

	if (!db)
		return;
	rc = ptl_db_ping(db);
	if (rc != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_json(rp, 200, json_pack("{s:s}", "status", "ready"));
}

static const struct web_route routes[] = {
	{ "GET", "/healthz", web_route_healthz, WEB_NO_SESSION, NULL },
	{ "GET", "/readyz", web_route_readyz, WEB_NO_SESSION, NULL },
};

WEB_MODULE(web_module_health, "health", routes);
