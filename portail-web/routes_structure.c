/*
 * routes_structure.c — GET /api/v1/structure: the identity and contact
 * details of the structure that runs the portal, for every page's footer
 * and "Nous contacter". Public: no session needed. The representation is
 * libportail-json's (one string member per field of structure.h).
 */
#include <portail-json/portail-json.h>

#include "web.h"

static void web_route_structure(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_structure *s = NULL;
	int rc;

	if (!db)
		return;
	if ((rc = ptl_structure_get(&s, db)) != PTL_OK) {
		web_reply_status(rp, rc);
		return;
	}
	web_reply_json(rp, 200, ptl_json_structure(s, PTL_JSON_DEFAULT));
	ptl_structure_free(s);
}

static const struct web_route routes[] = {
	{ "GET", "/api/v1/structure", web_route_structure, WEB_NO_SESSION, NULL },
};

WEB_MODULE(web_module_structure, "structure", routes);
