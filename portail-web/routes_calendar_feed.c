/*
 * routes_calendar_feed.c — the family's calendar feed (calendar-feed.h):
 *
 *   GET    /ical/{feed}.ics         the feed itself, for a phone's calendar:
 *                                   no session, no cookie looked at; the
 *                                   secret address is the only key.
 *                                   text/calendar; an unknown, malformed or
 *                                   revoked token gets the same "page
 *                                   introuvable" as any unknown address;
 *                                   unknown tokens are throttled per
 *                                   client address (429)
 *   GET    /api/v1/calendar-feed    {active, created_at}: whether the family
 *                                   has one, since when (never its address)
 *   POST   /api/v1/calendar-feed    create it, or replace it (the old address
 *                                   stops answering): 201 {active,
 *                                   created_at, url}, the one time the
 *                                   address is given
 *   DELETE /api/v1/calendar-feed    revoke it: 204; 404 when none is active
 *
 * The family is always the session's; the changes take the CSRF token
 * like every change. The token is never written to the log (log.c masks
 * the paths under /ical/).
 */
#include <string.h>

#include <portail-json/portail-json.h>

#include "web.h"

/* A calendar asks again every so often; a private cache may keep the text
 * for a few minutes, no shared cache at all. */
#define FEED_CACHE_CONTROL "private, max-age=300"

static void web_route_feed_ics(struct web_request *rq, struct web_reply *rp)
{
	char addr_buf[WEB_ADDR_SIZE];
	const char *addr = web_client_addr(rq, addr_buf);
	ptl_db *db = web_db_or_reply(rq, rp);
	char *text = NULL;
	int rc;

	if (!db)
		return;
	rc = ptl_calendar_feed_ics(&text, db, web_path_token(rq, "feed"), addr);
	web_db_return(rq);
	if (rc == PTL_ENOTFOUND) {
		web_static_not_found(rq, rp);
	} else if (rc != PTL_OK) {
		web_reply_status(rp, rc);
	} else {
		web_reply_body(rp, 200, "text/calendar; charset=utf-8", text, strlen(text));
		web_reply_header(rp, "Content-Disposition: inline; filename=\"reservations.ics\"");
		web_reply_header(rp, "X-Robots-Tag: noindex, nofollow");
		rp->cache_control = FEED_CACHE_CONTROL;
	}
}

static void web_route_feed_get(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_calendar_feed *feed = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_calendar_feed_mine(&feed, &session, db, rq->session_token);
	web_db_return(rq);
	web_reply_family_read(rq, rp, rc, &session,
	                      rc == PTL_OK ? ptl_json_calendar_feed(feed, PTL_JSON_DEFAULT) : NULL,
	                      NULL);
	ptl_calendar_feed_free(feed);
}

static void web_route_feed_create(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_calendar_feed *feed = NULL;
	int rc;

	if (!db)
		return;
	rc = ptl_calendar_feed_create(&feed, db, rq->session.family_id);
	if (rc == PTL_OK)
		web_reply_json(rp, 201, ptl_json_calendar_feed(feed, PTL_JSON_DEFAULT));
	else
		web_reply_status(rp, rc);
	ptl_calendar_feed_free(feed);
}

static void web_route_feed_revoke(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	int rc;

	if (!db)
		return;
	rc = ptl_calendar_feed_revoke(db, rq->session.family_id);
	if (rc == PTL_OK)
		web_reply_empty(rp, 204);
	else
		web_reply_status(rp, rc);
}

static const struct web_route routes[] = {
	{ "GET", "/ical/{feed:token}.ics", web_route_feed_ics, WEB_NO_SESSION, NULL },
	{ "GET", "/api/v1/calendar-feed", web_route_feed_get,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "POST", "/api/v1/calendar-feed", web_route_feed_create, WEB_NEED_SESSION, NULL },
	{ "DELETE", "/api/v1/calendar-feed", web_route_feed_revoke, WEB_NEED_SESSION, NULL },
};

WEB_MODULE(web_module_calendar_feed, "calendar-feed", routes);
