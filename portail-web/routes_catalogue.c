/*
 * routes_catalogue.c — GET /api/v1/catalogue: the whole catalogue tree
 * (facilities, activity types, activities, periods with their units and
 * closed days, groups), in libportail-json's representation: the shape of
 * the catalogue file, each object with its id. The pages build the
 * enrolment cascade and the calendars from it.
 *
 * Public: no session needed. The catalogue is the town's published offer
 * (what the services run, when, for which ages, what to provide), the same
 * as on its leaflets and website, with nothing about any family; a parent
 * may look at it before having an account, and pages read it without
 * spending a session check. Read in one statement.
 */
#include <portail-json/portail-json.h>

#include "web.h"

static void web_route_catalogue(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_catalogue *c = NULL;
	int rc;

	if (!db)
		return;
	if ((rc = ptl_catalogue_get(&c, db)) != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_json(rp, 200, ptl_json_catalogue(c, PTL_JSON_DEFAULT));
	ptl_catalogue_free(c);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/catalogue", web_route_catalogue, WEB_NO_SESSION, NULL },
};

WEB_MODULE(web_module_catalogue, "catalogue", routes);
