/*
 * period-close.c — closing a day of a period after the fact, and opening it
 * again (period.h). One transaction of set-based statements, whatever the
 * number of reservations: the period's row locked (two closings of one
 * period run one after the other), the closure day added, the day's load
 * rows locked in the order every change of reservations takes them
 * (counters, then group slots: reservation-places.h), then one statement
 * cancels the day's live reservations without charge, empties the places
 * the day had taken and writes one mail per family concerned to the outbox.
 * The database refuses any live reservation on a closure day (migration
 * 0017), so a booking that raced the closing fails rather than slips in.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/clock.h>
#include <portail/date.h>
#include <portail/error.h>
#include <portail/period.h>

#include "core/text.h"
#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"

struct closing {
	const char *period, *reason;
	char day[11];
	char day_fr[PTL_DAY_FR_SIZE];
	bool reopen;
	/* the answer */
	ptl_period_closing *out;
	bool removed;
};

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

/* The period's row, locked; its id in @p id (text). */
static int lock_period(ptl_db *db, const struct closing *c, char id[24], char **label)
{
	const char *params[] = { c->period, c->day };
	PGresult *res = ptl__db_query(db,
		"SELECT id, label, $2::date BETWEEN first_day AND last_day AS inside"
		"  FROM period WHERE code = $1 FOR UPDATE", 2, params);
	int rc = PTL_OK;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1)
		rc = ptl__error_set(PTL_ENOTFOUND, "period", "Période introuvable.", "no period %s",
		                    c->period);
	else if (!ptl__db_get_bool(res, 0, "inside"))
		rc = ptl__error_set(PTL_EINVALID, "day", "Ce jour n’est pas dans la période.",
		                    "%s is not a day of period %s", c->day, c->period);
	else {
		snprintf(id, 24, "%s", ptl__db_get(res, 0, "id"));
		if (label && !(*label = ptl__db_dup(res, 0, "label")))
			rc = oom();
	}
	PQclear(res);
	return rc;
}

static const char cancel_sql[] =
	"WITH old AS (SELECT r.id, r.status FROM reservation r JOIN unit u ON u.id = r.unit_id"
	"              WHERE u.period_id = $1::bigint AND r.day = $2::date"
	"                AND r.status <> 'cancelled' FOR UPDATE OF r),"
	" x AS (UPDATE reservation r SET status = 'cancelled', billable = false,"
	"              waiting_seq = NULL, cancel_reason = left($3, 200), cancelled_by = 'closure',"
	"              updated_at = to_timestamp($4::bigint)"
	"         FROM old WHERE r.id = old.id"
	"       RETURNING r.family_id, r.enrolment_id, r.unit_id, old.status),"
	" s AS (UPDATE reservation_load l SET taken = 0 FROM unit u"
	"        WHERE u.id = l.unit_id AND u.period_id = $1::bigint AND l.day = $2::date"
	"          AND l.taken <> 0 RETURNING 1),"
	" k AS (UPDATE counter_load l SET taken = 0 FROM capacity_counter c"
	"        WHERE c.id = l.counter_id AND c.period_id = $1::bigint AND l.day = $2::date"
	"          AND l.taken <> 0 RETURNING 1),"
	" f AS (SELECT x.family_id, string_agg(DISTINCT '- ' || ch.first_name || ' (' || u.label"
	"                                       || CASE WHEN x.status = 'waiting'"
	"                                          THEN ', liste d’attente' ELSE '' END || ')',"
	"                                       E'\\n') AS lines"
	"         FROM x JOIN enrolment e ON e.id = x.enrolment_id"
	"         JOIN child ch ON ch.id = e.child_id JOIN unit u ON u.id = x.unit_id"
	"        GROUP BY x.family_id),"
	" m AS (INSERT INTO mail_outbox (recipient, subject, body, created_at)"
	"       SELECT g.email, 'Fermeture le ' || $5::text, 'Bonjour,' || E'\\n\\n' || 'L’accueil « '"
	"              || $6::text || ' » est fermé le ' || $5::text || ' : ' || $3 || '.' || E'\\n'"
	"              || 'Les réservations de ce jour sont annulées, sans frais :' || E'\\n'"
	"              || f.lines || E'\\n\\n' || 'Voir les réservations : ' || $7::text || '/' || E'\\n',"
	"              to_timestamp($4::bigint)"
	"         FROM f JOIN guardian g ON g.family_id = f.family_id"
	"        WHERE g.email IS NOT NULL AND g.notify_by_email RETURNING 1)"
	" SELECT (SELECT count(*) FROM x WHERE status <> 'waiting') AS cancelled,"
	"        (SELECT count(*) FROM x WHERE status = 'waiting') AS waiting,"
	"        (SELECT count(*) FROM f) AS families,"
	"        (SELECT count(*) FROM s) + (SELECT count(*) FROM k) + (SELECT count(*) FROM m)"
	"          AS written";

static int close_tx(ptl_db *db, void *arg)
{
	struct closing *c = arg;
	struct ptl__num now = ptl__num(ptl_clock_now());
	char id[24], *label = NULL;
	const char *params[7];
	PGresult *res = NULL;
	int rc;

	if ((rc = lock_period(db, c, id, &label)) != PTL_OK)
		goto done;
	params[0] = id;
	params[1] = c->day;
	params[2] = c->reason;
	res = ptl__db_query(db,
		"WITH n AS (INSERT INTO period_closure (period_id, day, reason)"
		"           VALUES ($1::bigint, $2::date, $3) ON CONFLICT DO NOTHING RETURNING reason)"
		" SELECT EXISTS (SELECT 1 FROM n) AS added, coalesce((SELECT reason FROM n),"
		"        (SELECT reason FROM period_closure WHERE period_id = $1::bigint"
		"            AND day = $2::date)) AS reason", 3, params);
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	c->out->added = ptl__db_get_bool(res, 0, "added");
	free(c->out->reason);
	if (!(c->out->reason = ptl__db_dup(res, 0, "reason"))) {
		rc = oom();
		goto done;
	}
	PQclear(res);
	res = NULL;
	/* The day's places, in the order of every change (reservation-places.h). */
	if ((rc = ptl__db_exec(db,
		"SELECT 1 FROM counter_load l JOIN capacity_counter c ON c.id = l.counter_id"
		" WHERE c.period_id = $1::bigint AND l.day = $2::date"
		" ORDER BY l.counter_id FOR UPDATE OF l", 2, params)) != PTL_OK ||
	    (rc = ptl__db_exec(db,
		"SELECT 1 FROM reservation_load l JOIN unit u ON u.id = l.unit_id"
		" WHERE u.period_id = $1::bigint AND l.day = $2::date"
		" ORDER BY l.group_id, l.unit_id FOR UPDATE OF l", 2, params)) != PTL_OK)
		goto done;
	params[2] = c->out->reason;
	params[3] = now.s;
	params[4] = c->day_fr;
	params[5] = label;
	params[6] = ptl__public_url();
	if (!(res = ptl__db_query(db, cancel_sql, 7, params))) {
		rc = ptl_error_last()->code;
		goto done;
	}
	c->out->cancelled = (size_t)ptl__db_get_int64(res, 0, "cancelled");
	c->out->waiting = (size_t)ptl__db_get_int64(res, 0, "waiting");
	c->out->families = (size_t)ptl__db_get_int64(res, 0, "families");
done:
	PQclear(res);
	free(label);
	return rc;
}

static int reopen_tx(ptl_db *db, void *arg)
{
	struct closing *c = arg;
	char id[24];
	const char *params[] = { id, c->day };
	PGresult *res;
	int rc;

	if ((rc = lock_period(db, c, id, NULL)) != PTL_OK)
		return rc;
	if (!(res = ptl__db_query(db,
		"DELETE FROM period_closure WHERE period_id = $1::bigint AND day = $2::date"
		" RETURNING 1", 2, params)))
		return ptl_error_last()->code;
	c->removed = PQntuples(res) > 0;
	PQclear(res);
	return PTL_OK;
}

/* Check the day (and the reason, when closing). */
static int check(struct closing *c, const char *day)
{
	ptl_day d;

	if (!c->period || !*c->period)
		return ptl__error_set(PTL_ENOTFOUND, "period", "Période introuvable.", "no period");
	if (!day || ptl_day_parse(&d, day) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, "day", "Date invalide (AAAA-MM-JJ).",
		                      "not a date YYYY-MM-DD: %s", day ? day : "(none)");
	ptl_day_format(c->day, d);
	ptl_day_format_fr(c->day_fr, d);
	if (!c->reopen && (!c->reason || !ptl__text_length_ok(c->reason, 1, 200)))
		return ptl__error_set(PTL_EINVALID, "reason",
			"Indiquez la raison de la fermeture (200 caractères au plus).",
			"a reason of 1 to 200 characters is needed");
	return PTL_OK;
}

int ptl_period_close_day(ptl_period_closing **out, ptl_db *db, const char *period,
                         const char *day, const char *reason)
{
	struct closing c = { .period = period, .reason = reason };
	int rc;

	*out = NULL;
	if ((rc = check(&c, day)) != PTL_OK)
		return rc;
	if (!(c.out = calloc(1, sizeof(*c.out))))
		return oom();
	snprintf(c.out->day, sizeof(c.out->day), "%s", c.day);
	if ((rc = ptl__db_transaction(db, close_tx, &c)) != PTL_OK) {
		ptl_period_closing_free(c.out);
		return rc;
	}
	*out = c.out;
	return PTL_OK;
}

void ptl_period_closing_free(ptl_period_closing *closing)
{
	if (!closing)
		return;
	free(closing->reason);
	free(closing);
}

int ptl_period_reopen_day(bool *out, ptl_db *db, const char *period, const char *day)
{
	struct closing c = { .period = period, .reopen = true };
	int rc;

	*out = false;
	if ((rc = check(&c, day)) != PTL_OK || (rc = ptl__db_transaction(db, reopen_tx, &c)))
		return rc;
	*out = c.removed;
	return PTL_OK;
}
