/*
 * auth.c — who is asking, and may they change anything.
 *
 * The session comes from the portail_session cookie (ptl_session_get
 * checks it and its expiry; routes flagged WEB_SESSION_IN_READ have their
 * library read check it in the same statement as the page's data). Every
 * state-changing request carries the X-CSRF-Token header: with a live
 * session it must equal the session's csrf_token; without one (logging in)
 * it must equal the portail_csrf cookie handed out by GET /api/v1/csrf (the
 * double-submit pattern).
 * Tokens are compared in constant time (ptl_token_equal).
 */
#include <string.h>
#include <strings.h>

#include <civetweb.h>

#include "web.h"

static const char csrf_message[] =
	"Jeton de sécurité invalide. Rechargez la page et réessayez.";

bool web_session_token(struct web_request *rq)
{
	char token[128];

	rq->has_session = false;
	rq->session_token[0] = '\0';
	if (!web_cookie_get(rq->conn, WEB_SESSION_COOKIE, token, sizeof(token)) ||
	    !web_token_shaped(token))
		return false;
	memcpy(rq->session_token, token, PTL_TOKEN_LEN + 1);
	return true;
}

int web_session_load(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db;
	int rc;

	if (!web_session_token(rq))
		return 0;
	db = web_db_or_reply(rq, rp);
	if (!db)
		return -1;
	rc = ptl_session_get(&rq->session, db, rq->session_token);
	if (rc == PTL_OK) {
		rq->has_session = true;
		return 0;
	}
	if (rc == PTL_EAUTH)
		return 0;
	web_reply_status(rp, rc);
	return -1;
}

bool web_session_rules(struct web_request *rq, struct web_reply *rp)
{
	if ((rq->route_flags & WEB_NEED_SESSION) && !rq->has_session) {
		web_reply_unauthenticated(rp, rq);
		return false;
	}
	if (rq->has_session && rq->session.must_change_password &&
	    !(rq->route_flags & WEB_PASSWORD_CHANGE_OK)) {
		web_reply_password_change_required(rp);
		return false;
	}
	return true;
}

bool web_session_from_read(struct web_request *rq, struct web_reply *rp, int rc,
                           const ptl_session *session)
{
	if (rc == PTL_EAUTH) {
		rq->has_session = false;
		web_reply_unauthenticated(rp, rq);
		return false;
	}
	if (!session) {
		web_reply_status(rp, rc);
		return false;
	}
	rq->session = *session;
	rq->has_session = true;
	return web_session_rules(rq, rp);
}

void web_reply_family_read(struct web_request *rq, struct web_reply *rp, int rc,
                           const ptl_session *session, json_t *body, const char *not_found)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	web_reply_family_read_text(rq, rp, rc, session, text, not_found);
}

void web_reply_family_read_text(struct web_request *rq, struct web_reply *rp, int rc,
                                const ptl_session *session, char *body, const char *not_found)
{
	if (!web_session_from_read(rq, rp, rc,
	                           rc == PTL_OK || rc == PTL_ENOTFOUND ? session : NULL)) {
		free(body); /* answered */
	} else if (rc == PTL_OK) {
		web_reply_json_text(rp, 200, body);
	} else if (rc == PTL_ENOTFOUND && not_found) {
		web_reply_error(rp, 404, ptl_status_name(rc), not_found, NULL);
	} else {
		web_reply_status(rp, rc);
	}
}

bool web_csrf_check(struct web_request *rq, struct web_reply *rp, bool anonymous)
{
	char header[128], cookie[128];
	const char *h = mg_get_header(rq->conn, WEB_CSRF_HEADER);
	const char *site = mg_get_header(rq->conn, "Sec-Fetch-Site");
	bool ok = false;

	/* A browser says when a request comes from another site: refuse it
	 * whatever it carries. */
	if (site && strcasecmp(site, "cross-site") == 0)
		goto refuse;
	if (!h || strlen(h) >= sizeof(header))
		goto refuse;
	strcpy(header, h);
	if (rq->has_session && !anonymous)
		ok = ptl_token_equal(header, rq->session.csrf_token);
	else
		ok = web_cookie_get(rq->conn, WEB_CSRF_COOKIE, cookie, sizeof(cookie)) &&
		     web_token_shaped(cookie) && ptl_token_equal(header, cookie);
	if (ok)
		return true;
refuse:
	web_reply_error(rp, 403, "csrf", csrf_message, NULL);
	return false;
}

void web_reply_unauthenticated(struct web_reply *rp, const struct web_request *rq)
{
	web_reply_error(rp, 401, ptl_status_name(PTL_EAUTH),
		"Votre session a expiré. Reconnectez-vous.", NULL);
	/* A cookie that no longer opens a session is dropped. */
	if (rq->session_token[0])
		web_set_cookie(rp, WEB_SESSION_COOKIE, NULL, "Lax", rq->cfg->secure_cookies);
}

void web_reply_password_change_required(struct web_reply *rp)
{
	web_reply_error(rp, 403, "password_change_required",
		"Choisissez un nouveau mot de passe pour continuer.", NULL);
}
