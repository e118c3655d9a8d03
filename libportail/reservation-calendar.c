/*
 * reservation-calendar.c — a child's month for one enrolment
 * (ptl_reservation_calendar_mine/_get, reservation.h), in one prepared
 * statement: the session check (for parents), the enrolment with its
 * period's rules, units and relations, and in one column the month's
 * closure days, the child's live reservations of the month with their
 * waiting ranks, and the places taken of the group's and the counters'
 * days (read into arrays by day, not searched day after day). The states
 * and the deadlines are then computed in C by the same pure rules as a
 * change (core/reservation-rules.c), at the library's "now", so the
 * calendar says exactly what ptl_reservation_change() would do.
 */
#define _GNU_SOURCE  /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/clock.h>
#include <portail/error.h>
#include <portail/holiday.h>
#include <portail/reservation.h>

#include "core/reservation-rules.h"
#include "db-internal.h"
#include "error-internal.h"
#include "reservation-internal.h"
#include "session-internal.h"

/* Everything but the session: $3 the enrolment, $4 and $5 the month's first
 * and last day; "s" has session_family_id (0: any family). One row, with
 * e_id NULL when the enrolment is not the family's. What changes day by
 * day comes in one column, month_rows, from one subquery (each subquery
 * costs PostgreSQL more to set up than to run here): records separated by
 * RS, fields by US, each day as its number in the month from 0, the
 * closure's reason last with its length in bytes before it:
 *   c day bytes reason          a closure
 *   m day unit rank status      the child's live reservation (rank 0
 *                               unless waiting)
 *   l day unit taken            places taken in the group
 *   k day counter taken         places taken of a shared counter
 * NULL when there is none of them. The reason's length lets it hold any
 * character; it is counted in the database's bytes, which are the
 * client's: UTF-8, as everything the library reads. */
#define CALENDAR_BODY \
	" SELECT s.*, x.* FROM s LEFT JOIN LATERAL (" \
	"  SELECT e.id AS e_id, e.child_id, c.first_name || ' ' || c.last_name AS child_name," \
	"         p.code AS period_code, p.label AS period_label, g.code AS group_code," \
	"         g.label AS group_label, e.first_day::text AS first_day," \
	"         e.last_day::text AS last_day, e.status, p.first_day::text AS period_first," \
	"         p.last_day::text AS period_last, p.opening_weekdays," \
	"         p.reservation_rules::text AS rules, g.capacity," \
	"         " PTL__RESA_RESIDENT " AS resident," \
	"         " PTL__RESA_BALANCE " AS balance, " PTL__RESA_OVERRIDE " AS override," \
	"         " PTL__RESA_UNITS_JSON " AS units," \
	"         " PTL__RESA_RELATIONS_JSON " AS relations," \
	"         (SELECT string_agg(mo.item, chr(30)) FROM (" \
	"            SELECT 'c' || chr(31) || (k.day - $4::date) || chr(31) ||" \
	"                   octet_length(k.reason) || chr(31) || k.reason AS item" \
	"              FROM period_closure k WHERE k.period_id = e.period_id" \
	"               AND k.day BETWEEN $4::date AND $5::date" \
	"            UNION ALL" \
	"            SELECT 'm' || chr(31) || (r.day - $4::date) || chr(31) || r.unit_id || chr(31) ||" \
	"                   CASE WHEN r.status = 'waiting' THEN 1 + (SELECT count(*)" \
	"                     FROM reservation w WHERE w.group_id = r.group_id" \
	"                      AND w.unit_id = r.unit_id AND w.day = r.day" \
	"                      AND w.status = 'waiting' AND w.waiting_seq < r.waiting_seq)" \
	"                   ELSE 0 END || chr(31) || r.status" \
	"              FROM reservation r WHERE r.enrolment_id = e.id AND r.status <> 'cancelled'" \
	"               AND r.day BETWEEN $4::date AND $5::date" \
	"            UNION ALL" \
	"            SELECT 'l' || chr(31) || (l.day - $4::date) || chr(31) || l.unit_id || chr(31) ||" \
	"                   l.taken" \
	"              FROM reservation_load l WHERE l.group_id = e.group_id" \
	"               AND l.day BETWEEN $4::date AND $5::date" \
	"            UNION ALL" \
	"            SELECT 'k' || chr(31) || (l.day - $4::date) || chr(31) || l.counter_id || chr(31) ||" \
	"                   l.taken" \
	"              FROM counter_load l JOIN capacity_counter k ON k.id = l.counter_id" \
	"             WHERE k.period_id = e.period_id" \
	"               AND l.day BETWEEN $4::date AND $5::date) mo) AS month_rows" \
	"    FROM enrolment e JOIN period p ON p.id = e.period_id" \
	"    JOIN period_group g ON g.id = e.group_id JOIN child c ON c.id = e.child_id" \
	"   WHERE e.id = $3::bigint" \
	"     AND (s.session_family_id = 0 OR e.family_id = s.session_family_id)) x ON true"

static const char mine_sql[] = PTL__SESSION_CTE CALENDAR_BODY;

static const char get_sql[] =
	"WITH s AS (SELECT $1::bigint AS session_family_id, $2::bigint AS unused)" CALENDAR_BODY;

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

/* "YYYY-MM" into its first and last day; NULL or "": the month of @p now. */
static int month_span(ptl_day *first, ptl_day *last, char label[8], const char *month,
                      int64_t now)
{
	int y, m, d;

	if (!month || !*month) {
		ptl_day_to_ymd(&y, &m, &d, ptl_day_of_instant_paris(now));
	} else if (strlen(month) != 7 || sscanf(month, "%4d-%2d", &y, &m) != 2 || month[4] != '-' ||
	           y < 1900 || y > 9999 || m < 1 || m > 12) {
		return ptl__error_set(PTL_EINVALID, "month", "Mois invalide (AAAA-MM).",
		                      "month: not YYYY-MM");
	}
	if (ptl_day_from_ymd(first, y, m, 1) != PTL_OK ||
	    ptl_day_from_ymd(last, y, m, ptl_days_in_month(y, m)) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, "month", "Mois invalide (AAAA-MM).",
		                      "month: not YYYY-MM");
	snprintf(label, 8, "%04d-%02d", y, m);
	return PTL_OK;
}

/* What the statement returned, read back; the day-by-day parts in arrays
 * by day of the month (from 0) and unit index ([day * units + unit]). */
struct month {
	struct ptl__resa_units u;
	struct ptl__resa_span span;
	struct ptl__resa_rules rules;
	bool resident;
	bool debt_blocked;
	int capacity;
	size_t days;
	char *rows;              /* month_rows, copied and cut in place */
	const char **closure;    /* the day's closure reason, or NULL */
	const char **status;     /* the child's reservation, or NULL */
	int *rank, *taken, *counter_taken;
};

static void month_free(struct month *m)
{
	ptl__resa_units_free(&m->u);
	free(m->rows);
	free(m->closure);
	free(m->status);
	free(m->rank);
	free(m->taken);
	free(m->counter_taken);
}

/* The next US-terminated field of *@p p as a number (*@p p moves past it);
 * -1 when there is none. */
static long long field_num(char **p)
{
	char *end;
	long long n;

	if (!*p || !**p)
		return -1;
	n = strtoll(*p, &end, 10);
	if (end == *p || (*end != '\x1f' && *end != '\0'))
		return -1;
	*p = *end ? end + 1 : end;
	return n;
}

/* The index of unit @p id, or -1. */
static int unit_index(const struct month *m, long long id)
{
	for (size_t u = 0; u < m->u.count; u++)
		if (m->u.ids[u] == id)
			return (int)u;
	return -1;
}

/* month_rows (see CALENDAR_BODY) into @p m's arrays; the first record of
 * a (day, unit) counts, as the first match did when they were searched. */
static int month_rows_read(struct month *m, const char *text)
{
	size_t cells = m->days * (m->u.count ? m->u.count : 1);
	char *p;

	m->closure = calloc(m->days, sizeof(*m->closure));
	m->status = calloc(cells, sizeof(*m->status));
	m->rank = calloc(cells, sizeof(*m->rank));
	m->taken = calloc(cells, sizeof(*m->taken));
	m->counter_taken = calloc(cells, sizeof(*m->counter_taken));
	if (!m->closure || !m->status || !m->rank || !m->taken || !m->counter_taken ||
	    (text && !(m->rows = strdup(text))))
		return oom();
	for (p = m->rows; p && *p;) {
		char kind = *p, *next;
		long long day, id, n;
		int u;

		if (p[1] != '\x1f')
			goto unreadable;
		p += 2;
		day = field_num(&p);
		if (day < 0 || (size_t)day >= m->days)
			goto unreadable;
		if (kind == 'c') {
			n = field_num(&p);
			if (n < 0 || strlen(p) < (size_t)n || (p[n] != '\x1e' && p[n] != '\0'))
				goto unreadable;
			next = p[n] ? p + n + 1 : p + n;
			p[n] = '\0';
			if (!m->closure[day])
				m->closure[day] = p;
			p = next;
			continue;
		}
		if ((id = field_num(&p)) < 0)
			goto unreadable;
		if (!(next = strchr(p, '\x1e')))
			next = p + strlen(p);
		else
			*next++ = '\0';
		if (kind == 'm') {
			n = field_num(&p);
			if (n < 0 || !*p)
				goto unreadable;
			if ((u = unit_index(m, id)) >= 0 && !m->status[day * m->u.count + u]) {
				m->status[day * m->u.count + u] = p;
				m->rank[day * m->u.count + u] = (int)n;
			}
		} else if (kind == 'l' || kind == 'k') {
			if ((n = field_num(&p)) < 0)
				goto unreadable;
			for (size_t v = 0; v < m->u.count; v++) {
				int *cell = kind == 'l' ? &m->taken[day * m->u.count + v]
				                        : &m->counter_taken[day * m->u.count + v];

				if (kind == 'l' ? m->u.ids[v] == id : m->u.counter_ids[v] == id)
					*cell = (int)n;
			}
		} else {
			goto unreadable;
		}
		p = next;
	}
	return PTL_OK;
unreadable:
	return ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable calendar");
}

static int set_reason(char **out, enum ptl__resa_reason why, const char *detail)
{
	const char *fr = ptl__resa_reason_fr(why);
	int n = detail && *detail ? asprintf(out, "%s (%s)", fr, detail) : asprintf(out, "%s", fr);

	if (n < 0) {
		*out = NULL;
		return oom();
	}
	return PTL_OK;
}

static int fill_unit(ptl_reservation_day_unit *out, const struct month *m, size_t u,
                     ptl_day day, size_t day_index, int64_t now)
{
	size_t cell = day_index * m->u.count + u;
	int rank = m->rank[cell], left, counter_left;
	const char *status = m->status[cell];
	bool cancel = status != NULL, billable = false;
	int64_t deadline = INT64_MAX;
	enum ptl__resa_reason why;

	out->unit = u;
	left = m->capacity - m->taken[cell];
	if (m->u.counter_ids[u]) {
		counter_left = m->u.counter_capacity[u] - m->counter_taken[cell];
		if (counter_left < left)
			left = counter_left;
	}
	out->places_left = left > 0 ? left : 0;
	if (!status)
		out->state = left > 0 ? PTL_RESERVATION_UNIT_BOOKABLE : PTL_RESERVATION_UNIT_FULL;
	else if (strcmp(status, "booked") == 0)
		out->state = PTL_RESERVATION_UNIT_BOOKED;
	else if (strcmp(status, "pending") == 0)
		out->state = PTL_RESERVATION_UNIT_PENDING;
	else if (strcmp(status, "waiting") == 0) {
		out->state = PTL_RESERVATION_UNIT_WAITING;
		out->rank = rank;
	} else
		out->state = PTL_RESERVATION_UNIT_CANCEL_PENDING;
	if (out->state == PTL_RESERVATION_UNIT_CANCEL_PENDING) {
		/* Asked already: nothing more to do until the manager decides. */
		out->reason_code = NULL;
		return PTL_OK;
	}
	why = ptl__resa_change_allowed(&deadline, &billable, &m->rules, cancel, day, now,
	                               m->resident);
	if (why == PTL__RESA_OK && !cancel && m->debt_blocked)
		why = PTL__RESA_DEBT;
	if (why != PTL__RESA_OK) {
		char until[PTL_INSTANT_FR_SIZE] = "";

		if (!cancel)
			out->state = PTL_RESERVATION_UNIT_LOCKED;
		out->reason_code = ptl__resa_reason_code(why);
		if (why == PTL__RESA_NOTICE && deadline != INT64_MIN && deadline != INT64_MAX)
			ptl_instant_format_fr(until, deadline);
		return set_reason(&out->reason_fr, why, until);
	}
	out->modifiable = true;
	out->late_cancel_billable = billable;
	out->modifiable_until = billable || deadline == INT64_MAX ? 0 : deadline;
	return PTL_OK;
}

static int fill_day(ptl_reservation_day *out, const struct month *m, ptl_day day,
                    size_t day_index, int64_t now)
{
	const char *closure = m->closure[day_index];
	enum ptl__resa_reason state = ptl__resa_day_state(&m->span, &m->rules, day, closure != NULL);
	int rc = PTL_OK;

	ptl_day_format(out->day, day);
	switch (state) {
	case PTL__RESA_OK:
		out->state = PTL_RESERVATION_DAY_OPEN;
		break;
	case PTL__RESA_CLOSED:
		out->state = PTL_RESERVATION_DAY_CLOSED;
		break;
	case PTL__RESA_HOLIDAY:
		out->state = PTL_RESERVATION_DAY_HOLIDAY;
		break;
	case PTL__RESA_WEEKDAY_CLOSED:
		out->state = PTL_RESERVATION_DAY_WEEKDAY_CLOSED;
		break;
	default:
		out->state = PTL_RESERVATION_DAY_OUTSIDE;
	}
	if (state != PTL__RESA_OK) {
		out->reason_code = ptl__resa_reason_code(state);
		if (state == PTL__RESA_CLOSED && closure && *closure)
			out->reason_fr = strdup(closure);
		else if (state == PTL__RESA_HOLIDAY)
			return set_reason(&out->reason_fr, state, ptl_holiday_name(day, m->rules.holidays));
		else
			return set_reason(&out->reason_fr, state, NULL);
		return out->reason_fr ? PTL_OK : oom();
	}
	if (!(out->units = calloc(m->u.count + 1, sizeof(*out->units))))
		return oom();
	out->unit_count = m->u.count;
	for (size_t u = 0; u < m->u.count && rc == PTL_OK; u++)
		rc = fill_unit(&out->units[u], m, u, day, day_index, now);
	return rc;
}

static int read_calendar(ptl_reservation_calendar *cal, const PGresult *res, ptl_day first,
                         ptl_day last, int64_t now)
{
	struct month m = { 0 };
	int rc;

	cal->enrolment_id = ptl__db_get_int64(res, 0, "e_id");
	cal->child_id = ptl__db_get_int64(res, 0, "child_id");
	snprintf(cal->first_day, sizeof(cal->first_day), "%s", ptl__db_get(res, 0, "first_day"));
	snprintf(cal->last_day, sizeof(cal->last_day), "%s", ptl__db_get(res, 0, "last_day"));
	if (!(cal->child_name = ptl__db_dup(res, 0, "child_name")) ||
	    !(cal->period_code = ptl__db_dup(res, 0, "period_code")) ||
	    !(cal->period_label = ptl__db_dup(res, 0, "period_label")) ||
	    !(cal->group_code = ptl__db_dup(res, 0, "group_code")) ||
	    !(cal->group_label = ptl__db_dup(res, 0, "group_label")) ||
	    !(cal->status = ptl__db_dup(res, 0, "status")))
		return oom();
	ptl_day_parse(&m.span.enrolment_first, cal->first_day);
	ptl_day_parse(&m.span.enrolment_last, cal->last_day);
	ptl_day_parse(&m.span.period_first, ptl__db_get(res, 0, "period_first"));
	ptl_day_parse(&m.span.period_last, ptl__db_get(res, 0, "period_last"));
	m.span.opening_weekdays = (unsigned int)ptl__db_get_int64(res, 0, "opening_weekdays");
	ptl__reservation_rules_parse(&m.rules, ptl__db_get(res, 0, "rules"));
	if (strcmp(cal->status, "validated") != 0) {
		/* Nothing changes online for an enrolment that is not validated. */
		m.rules.booking.allowed = m.rules.cancelling.allowed = false;
	}
	m.resident = ptl__db_get_bool(res, 0, "resident");
	m.debt_blocked = ptl__resa_debt_blocks(&m.rules, ptl__db_get_int64(res, 0, "balance"),
	                                       ptl__db_get_bool(res, 0, "override"));
	m.capacity = (int)ptl__db_get_int64(res, 0, "capacity");
	m.days = (size_t)(last - first + 1);
	if ((rc = ptl__resa_units_read(&m.u, ptl__db_get(res, 0, "units"),
	                               ptl__db_get(res, 0, "relations"))) != PTL_OK ||
	    (rc = month_rows_read(&m, ptl__db_get(res, 0, "month_rows"))) != PTL_OK)
		goto done;
	cal->day_count = m.days;
	if (!(cal->days = calloc(cal->day_count, sizeof(*cal->days)))) {
		cal->day_count = 0;
		rc = oom();
		goto done;
	}
	for (ptl_day d = first; d <= last && rc == PTL_OK; d++)
		rc = fill_day(&cal->days[d - first], &m, d, (size_t)(d - first), now);
	/* The units go to the caller. */
	cal->unit_count = m.u.count;
	cal->units = m.u.units;
	m.u.units = NULL;
	m.u.count = 0;
done:
	month_free(&m);
	return rc;
}

static int calendar(ptl_reservation_calendar **out, ptl_session *session_out, ptl_db *db,
                    const char *token, int64_t family_id, int64_t enrolment_id,
                    const char *month)
{
	int64_t now = ptl_clock_now();
	ptl_day first, last;
	char hash[65] = "", lo[11], hi[11], label[8];
	struct ptl__num at = ptl__num(now), fid = ptl__num(family_id),
	                eid = ptl__num(enrolment_id);
	ptl_reservation_calendar *cal = NULL;
	PGresult *res;
	int rc;

	*out = NULL;
	if (token && (rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	if ((rc = month_span(&first, &last, label, month, now)) != PTL_OK)
		return rc;
	ptl_day_format(lo, first);
	ptl_day_format(hi, last);
	{
		const char *params[] = { token ? hash : fid.s, at.s, eid.s, lo, hi };

		if (!(res = ptl__db_query_prepared(db, token ? mine_sql : get_sql, 5, params)))
			return ptl_error_last()->code;
	}
	if ((rc = ptl__session_row_object(session_out, res, token != NULL, "e_id", "enrolment",
	                                  "Inscription introuvable.")) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	if (!(cal = calloc(1, sizeof(*cal)))) {
		PQclear(res);
		return oom();
	}
	snprintf(cal->month, sizeof(cal->month), "%s", label);
	rc = read_calendar(cal, res, first, last, now);
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_reservation_calendar_free(cal);
		return rc;
	}
	*out = cal;
	return PTL_OK;
}

int ptl_reservation_calendar_mine(ptl_reservation_calendar **out, ptl_session *session_out,
                                  ptl_db *db, const char *token, int64_t enrolment_id,
                                  const char *month)
{
	if (!token) {
		*out = NULL;
		return ptl__error_set(PTL_EAUTH, NULL, "Veuillez vous connecter.", "no session");
	}
	return calendar(out, session_out, db, token, 0, enrolment_id, month);
}

int ptl_reservation_calendar_get(ptl_reservation_calendar **out, ptl_db *db, int64_t family_id,
                                 int64_t enrolment_id, const char *month)
{
	return calendar(out, NULL, db, NULL, family_id, enrolment_id, month);
}

const char *ptl_reservation_day_state_name(ptl_reservation_day_state state)
{
	static const char *const names[] = { NULL, "open", "closed", "holiday", "weekday_closed",
	                                     "outside" };

	return (int)state >= 1 && (int)state <= 5 ? names[state] : NULL;
}

const char *ptl_reservation_unit_state_name(ptl_reservation_unit_state state)
{
	static const char *const names[] = { NULL, "bookable", "booked", "pending", "waiting",
	                                     "cancel_pending", "full", "locked" };

	return (int)state >= 1 && (int)state <= 7 ? names[state] : NULL;
}

void ptl_reservation_calendar_free(ptl_reservation_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->day_count; i++) {
		for (size_t u = 0; u < cal->days[i].unit_count; u++)
			free(cal->days[i].units[u].reason_fr);
		free(cal->days[i].units);
		free(cal->days[i].reason_fr);
	}
	free(cal->days);
	ptl__resa_unit_array_free(cal->units, cal->unit_count);
	free(cal->child_name);
	free(cal->period_code);
	free(cal->period_label);
	free(cal->group_code);
	free(cal->group_label);
	free(cal->status);
	free(cal);
}
