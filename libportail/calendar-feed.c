/*
 * calendar-feed.c — a family's calendar feed (calendar-feed.h): creating,
 * revoking and reading its secret, finding a family by its token, and the
 * feed's iCalendar text.
 *
 * A token is a selector (16 base64url characters from 12 random bytes)
 * followed by a verifier (a 256-bit token, ptl_token_new()). The table
 * (migration 0016) keeps the selector and the verifier's hash (BLAKE2b-256,
 * ptl__token_hash(), as for sessions); a token is found by its selector and
 * accepted when the hash of its verifier equals the stored one, compared in
 * constant time (ptl_token_equal()).
 *
 * The feed is read in one prepared statement: the client address's recent
 * unknown tokens (the throttle), the active feed of the selector with its
 * family's name, and the family's reservations to show, one row each. A
 * token that is malformed, unknown or of the wrong verifier is a miss:
 * recorded in rate_event (action "calendar_feed") in a transaction of its
 * own, and answered PTL_ENOTFOUND. The exact token of a revoked feed gets
 * the same answer but is not counted: calendars go on asking for an
 * address after it is revoked, often from a few shared addresses (a
 * calendar service's servers), which must not be throttled for it.
 */
#define _GNU_SOURCE  /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <portail/calendar-feed.h>
#include <portail/error.h>

#include "calendar-feed-internal.h"
#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"
#include "rate.h"
#include "session-internal.h"
#include "util.h"

#define MISS_ACTION "calendar_feed"
#define MISS_WINDOW 3600
/* The reservations shown begin this many days before today (Paris). */
#define FEED_PAST_DAYS 365

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

static int unknown_feed(void)
{
	return ptl__error_set(PTL_ENOTFOUND, NULL, "Ce lien d’agenda n’existe pas.",
	                      "no active calendar feed for this token");
}

static bool base64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

bool ptl__feed_token_split(char selector[PTL_CALENDAR_FEED_SELECTOR_LEN + 1],
                           char verifier[PTL_TOKEN_LEN + 1], const char *token)
{
	selector[0] = verifier[0] = '\0';
	if (!token || strlen(token) != PTL_CALENDAR_FEED_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < PTL_CALENDAR_FEED_TOKEN_LEN; i++)
		if (!base64url_char(token[i]))
			return false;
	memcpy(selector, token, PTL_CALENDAR_FEED_SELECTOR_LEN);
	selector[PTL_CALENDAR_FEED_SELECTOR_LEN] = '\0';
	memcpy(verifier, token + PTL_CALENDAR_FEED_SELECTOR_LEN, PTL_TOKEN_LEN);
	verifier[PTL_TOKEN_LEN] = '\0';
	return true;
}

void ptl_calendar_feed_free(ptl_calendar_feed *feed)
{
	if (!feed)
		return;
	if (feed->token)
		sodium_memzero(feed->token, strlen(feed->token));
	free(feed->token);
	free(feed->url);
	free(feed);
}

/* --- creating and revoking ----------------------------------------------- */

struct creation {
	int64_t family_id;
	char selector[PTL_CALENDAR_FEED_SELECTOR_LEN + 1];
	char hash[65];
	ptl_time created_at;
};

static int store_feed(ptl_db *db, void *ctx)
{
	struct creation *c = ctx;
	struct ptl__num fid = ptl__num(c->family_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, now.s, c->selector, c->hash };
	PGresult *res;
	int rc;

	/* The family's row locked: two creations at once run one after the
	 * other, and the second revokes the first's feed. */
	res = ptl__db_query(db, "SELECT id FROM family WHERE id = $1 FOR UPDATE", 1, params);
	if (!res)
		return ptl_error_last()->code;
	rc = PQntuples(res) == 1 ? PTL_OK :
	     ptl__error_set(PTL_ENOTFOUND, NULL, "Cette famille n’existe pas.", "no such family");
	PQclear(res);
	if (rc != PTL_OK)
		return rc;
	rc = ptl__db_exec(db,
		"UPDATE calendar_feed SET revoked_at = greatest(created_at, to_timestamp($2::bigint))"
		" WHERE family_id = $1 AND revoked_at IS NULL", 2, params);
	if (rc != PTL_OK)
		return rc;
	res = ptl__db_query(db,
		"INSERT INTO calendar_feed (family_id, selector, verifier_hash, created_at)"
		" VALUES ($1, $3, $4, to_timestamp($2::bigint))"
		" RETURNING extract(epoch from created_at)::bigint AS created_at", 4, params);
	if (!res)
		return ptl_error_last()->code;
	c->created_at = ptl__db_get_int64(res, 0, "created_at");
	PQclear(res);
	return PTL_OK;
}

int ptl_calendar_feed_create(ptl_calendar_feed **out, ptl_db *db, int64_t family_id)
{
	unsigned char bytes[12];
	char verifier[PTL_TOKEN_LEN + 1];
	struct creation c = { .family_id = family_id };
	ptl_calendar_feed *feed = NULL;
	int rc;

	*out = NULL;
	if ((rc = ptl_init()) != PTL_OK)
		return rc;
	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2base64(c.selector, sizeof(c.selector), bytes, sizeof(bytes),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	ptl_token_new(verifier);
	ptl__token_hash(c.hash, verifier);
	if ((rc = ptl__db_transaction(db, store_feed, &c)) != PTL_OK)
		goto done;
	if (!(feed = calloc(1, sizeof(*feed))) ||
	    asprintf(&feed->token, "%s%s", c.selector, verifier) < 0) {
		if (feed)
			feed->token = NULL;
		rc = oom();
		goto done;
	}
	if (asprintf(&feed->url, "%s/ical/%s.ics", ptl__public_url(), feed->token) < 0) {
		feed->url = NULL;
		rc = oom();
		goto done;
	}
	feed->active = true;
	feed->created_at = c.created_at;
	*out = feed;
	feed = NULL;
done:
	sodium_memzero(verifier, sizeof(verifier));
	ptl_calendar_feed_free(feed);
	return rc;
}

int ptl_calendar_feed_revoke(ptl_db *db, int64_t family_id)
{
	struct ptl__num fid = ptl__num(family_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, now.s };
	PGresult *res = ptl__db_query(db,
		"UPDATE calendar_feed SET revoked_at = greatest(created_at, to_timestamp($2::bigint))"
		" WHERE family_id = $1 AND revoked_at IS NULL RETURNING id", 2, params);
	int rc;

	if (!res)
		return ptl_error_last()->code;
	rc = PQntuples(res) > 0 ? PTL_OK :
	     ptl__error_set(PTL_ENOTFOUND, NULL, "Aucun lien d’agenda n’est actif.",
	                    "no active calendar feed");
	PQclear(res);
	return rc;
}

/* --- whether a family has one -------------------------------------------- */

/* After "s" with session_family_id: the family's active feed, if any. */
#define FEED_OF_FAMILY \
	" SELECT s.*, (SELECT extract(epoch from f.created_at)::bigint FROM calendar_feed f" \
	"               WHERE f.family_id = s.session_family_id AND f.revoked_at IS NULL)" \
	"        AS feed_created_at FROM s"

static const char mine_sql[] = PTL__SESSION_CTE FEED_OF_FAMILY;
static const char get_sql[] = "WITH s AS (SELECT $1::bigint AS session_family_id)" FEED_OF_FAMILY;

static int feed_of_row(ptl_calendar_feed **out, const PGresult *res)
{
	ptl_calendar_feed *feed = calloc(1, sizeof(*feed));

	if (!feed)
		return oom();
	feed->active = ptl__db_get(res, 0, "feed_created_at") != NULL;
	feed->created_at = feed->active ? ptl__db_get_int64(res, 0, "feed_created_at") : 0;
	*out = feed;
	return PTL_OK;
}

int ptl_calendar_feed_get(ptl_calendar_feed **out, ptl_db *db, int64_t family_id)
{
	struct ptl__num fid = ptl__num(family_id);
	const char *params[] = { fid.s };
	PGresult *res;
	int rc;

	*out = NULL;
	if (!(res = ptl__db_query_prepared(db, get_sql, 1, params)))
		return ptl_error_last()->code;
	rc = feed_of_row(out, res);
	PQclear(res);
	return rc;
}

int ptl_calendar_feed_mine(ptl_calendar_feed **out, ptl_session *session_out, ptl_db *db,
                           const char *session_token)
{
	char hash[65];
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { hash, now.s };
	ptl_session session;
	PGresult *res;
	int rc;

	*out = NULL;
	if ((rc = ptl__session_token_hash(hash, session_token)) != PTL_OK)
		return rc;
	if (!(res = ptl__db_query_prepared(db, mine_sql, 2, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__session_from_row(&session, res, 0)) == PTL_OK)
		rc = feed_of_row(out, res);
	PQclear(res);
	if (rc == PTL_OK && session_out)
		*session_out = session;
	return rc;
}

/* --- finding a feed by its token ----------------------------------------- */

/* Does verifier @p verifier match @p stored_hash (NULL: no feed)? In
 * constant time. */
static bool verifier_matches(const char *verifier, const char *stored_hash)
{
	char hash[65];
	bool ok;

	ptl__token_hash(hash, verifier);
	ok = stored_hash && ptl_token_equal(hash, stored_hash);
	sodium_memzero(hash, sizeof(hash));
	return ok;
}

int ptl_calendar_feed_family(int64_t *out, ptl_db *db, const char *token)
{
	char selector[PTL_CALENDAR_FEED_SELECTOR_LEN + 1], verifier[PTL_TOKEN_LEN + 1];
	const char *params[] = { selector };
	PGresult *res;
	int rc;

	*out = 0;
	if (!ptl__feed_token_split(selector, verifier, token))
		return unknown_feed();
	res = ptl__db_query(db,
		"SELECT family_id, verifier_hash FROM calendar_feed"
		" WHERE selector = $1 AND revoked_at IS NULL", 1, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 1 && verifier_matches(verifier, ptl__db_get(res, 0, "verifier_hash"))) {
		*out = ptl__db_get_int64(res, 0, "family_id");
		rc = PTL_OK;
	} else {
		rc = unknown_feed();
	}
	PQclear(res);
	sodium_memzero(verifier, sizeof(verifier));
	return rc;
}

/* --- the feed's text ------------------------------------------------------ */

/* $1 the selector, $2 the client's address, $3 now (epoch seconds), $4 the
 * first day shown. One row at least: the throttle's count; the feed's
 * columns NULL without a feed of that selector (revoked or not), the
 * reservation's NULL without one (always for a revoked feed). */
static const char feed_sql[] =
	"WITH m AS (SELECT count(*) AS misses,"
	"                  coalesce(extract(epoch from min(at))::bigint, 0) AS oldest"
	"             FROM rate_event WHERE action = '" MISS_ACTION "' AND client_addr = $2"
	"              AND at > to_timestamp($3::bigint - " PTL__STR(MISS_WINDOW) ")),"
	" f AS (SELECT cf.family_id, cf.verifier_hash, cf.revoked_at IS NOT NULL AS revoked,"
	"              fa.name AS family_name"
	"         FROM calendar_feed cf JOIN family fa ON fa.id = cf.family_id"
	"        WHERE cf.selector = $1)"
	" SELECT m.misses, m.oldest, f.verifier_hash, f.revoked, f.family_name, x.*"
	"   FROM m LEFT JOIN f ON true LEFT JOIN LATERAL ("
	"    SELECT r.id AS reservation_id, r.day - date '1970-01-01' AS day, r.status,"
	"           c.first_name AS child, u.label AS unit, p.label AS period,"
	"           extract(epoch from u.starts_at)::integer AS starts_at,"
	"           extract(epoch from u.ends_at)::integer AS ends_at,"
	"           extract(epoch from r.updated_at)::bigint AS updated_at,"
	"           c.id AS child_id, u.position AS unit_position"
	"      FROM reservation r JOIN enrolment e ON e.id = r.enrolment_id"
	"      JOIN child c ON c.id = e.child_id JOIN unit u ON u.id = r.unit_id"
	"      JOIN period p ON p.id = e.period_id"
	"     WHERE NOT f.revoked AND r.family_id = f.family_id AND e.family_id = f.family_id"
	"       AND e.status = 'validated' AND r.day >= $4::date"
	"       AND r.status IN ('booked', 'pending', 'cancel_pending')) x ON true"
	"  ORDER BY x.day, x.child, x.child_id, x.unit_position, x.reservation_id";

struct miss {
	const char *addr;
};

static int record_miss(ptl_db *db, void *ctx)
{
	const struct miss *m = ctx;

	return ptl__rate_take(db, MISS_ACTION, m->addr, PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR,
	                      MISS_WINDOW);
}

/* Record a miss of @p client_addr (its own transaction). @return
 * PTL_ENOTFOUND, or what the throttle answers. */
static int miss(ptl_db *db, const char *client_addr)
{
	struct miss m = { client_addr };
	int rc = ptl__db_transaction(db, record_miss, &m);

	return rc == PTL_OK ? unknown_feed() : rc;
}

static int render(char **out, const PGresult *res, ptl_time now)
{
	int rows = PQntuples(res);
	struct ptl__feed_event *events = calloc((size_t)rows + 1, sizeof(*events));
	struct ptl__feed_calendar cal = { ptl__db_get(res, 0, "family_name"), now, 0, events };
	int rc;

	if (!events)
		return oom();
	for (int i = 0; i < rows; i++) {
		struct ptl__feed_event *e = &events[cal.count];
		const char *status = ptl__db_get(res, i, "status");

		if (!ptl__db_get(res, i, "reservation_id"))
			continue;
		e->reservation_id = ptl__db_get_int64(res, i, "reservation_id");
		e->day = (ptl_day)ptl__db_get_int64(res, i, "day");
		e->child = ptl__db_get(res, i, "child");
		e->unit = ptl__db_get(res, i, "unit");
		e->period = ptl__db_get(res, i, "period");
		e->starts_at = ptl__db_get(res, i, "starts_at") ?
		               (int)ptl__db_get_int64(res, i, "starts_at") : -1;
		e->ends_at = ptl__db_get(res, i, "ends_at") ?
		             (int)ptl__db_get_int64(res, i, "ends_at") : -1;
		e->tentative = strcmp(status, "pending") == 0;
		e->cancel_asked = strcmp(status, "cancel_pending") == 0;
		e->updated_at = ptl__db_get_int64(res, i, "updated_at");
		cal.count++;
	}
	rc = ptl__feed_ics_render(out, &cal);
	free(events);
	return rc;
}

int ptl_calendar_feed_ics(char **out, ptl_db *db, const char *token, const char *client_addr)
{
	char selector[PTL_CALENDAR_FEED_SELECTOR_LEN + 1], verifier[PTL_TOKEN_LEN + 1];
	char first[11];
	const char *addr = client_addr && *client_addr ? client_addr : "unknown";
	ptl_time now = ptl_clock_now();
	struct ptl__num n = ptl__num(now);
	const char *params[] = { selector, addr, n.s, first };
	PGresult *res;
	int rc;

	*out = NULL;
	if (!ptl__feed_token_split(selector, verifier, token))
		return miss(db, addr);
	ptl_day_format(first, ptl_day_of_instant_paris(now) - FEED_PAST_DAYS);
	if (!(res = ptl__db_query_prepared(db, feed_sql, 4, params))) {
		rc = ptl_error_last()->code;
		goto done;
	}
	rc = ptl__rate_check(MISS_ACTION, addr, (int)ptl__db_get_int64(res, 0, "misses"),
	                     ptl__db_get_int64(res, 0, "oldest"),
	                     PTL_CALENDAR_FEED_MISSES_PER_ADDRESS_HOUR, MISS_WINDOW, now);
	if (rc == PTL_OK && !verifier_matches(verifier, ptl__db_get(res, 0, "verifier_hash"))) {
		PQclear(res);
		res = NULL;
		rc = miss(db, addr);
	} else if (rc == PTL_OK && ptl__db_get_bool(res, 0, "revoked")) {
		rc = unknown_feed();  /* a real address, once: not a guess */
	} else if (rc == PTL_OK) {
		rc = render(out, res, now);
	}
	PQclear(res);
done:
	sodium_memzero(verifier, sizeof(verifier));
	return rc;
}
