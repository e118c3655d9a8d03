/*
 * enrolment-read.c — reading enrolments (see enrolment.h): the statuses'
 * names and labels, the row reader shared by every enrolment query, a
 * family's enrolments for the parent (one prepared statement, the session
 * check included, as me.c reads), and the manager's listing and loading.
 * The marker and what the family must still provide come with each row.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "core/enrolment-rules.h"
#include "db-internal.h"
#include "enrolment-internal.h"
#include "error-internal.h"
#include "session-internal.h"

static const struct {
	const char *name, *label;
} statuses[] = {
	{ "pending", "En attente de validation" },
	{ "validated", "Validée" },
	{ "waiting", "Sur liste d’attente" },
	{ "refused", "Refusée" },
	{ "cancelled", "Annulée" },
	{ "withdrawn", "Retirée" },
};

#define STATUS_COUNT ((int)(sizeof(statuses) / sizeof(statuses[0])))

const char *ptl_enrolment_status_name(ptl_enrolment_status status)
{
	return (int)status >= 1 && (int)status <= STATUS_COUNT ? statuses[status - 1].name : NULL;
}

const char *ptl_enrolment_status_label(ptl_enrolment_status status)
{
	return (int)status >= 1 && (int)status <= STATUS_COUNT ? statuses[status - 1].label : NULL;
}

int ptl_enrolment_status_from_name(ptl_enrolment_status *out, const char *name)
{
	for (int i = 0; name && i < STATUS_COUNT; i++)
		if (strcmp(name, statuses[i].name) == 0) {
			*out = (ptl_enrolment_status)(i + 1);
			return PTL_OK;
		}
	return ptl__error_set(PTL_EINVALID, "status", "Ce statut d’inscription n’existe pas.",
		"unknown status %s (pending, validated, waiting, refused, cancelled, withdrawn)",
		name ? name : "(none)");
}

void ptl__enrolment_today(char buf[11])
{
	ptl_day_format(buf, ptl_day_of_instant_paris(ptl_clock_now()));
}

static void enrolment_clear(ptl_enrolment *e)
{
	free(e->child_name);
	free(e->facility);
	free(e->activity_type);
	free(e->activity);
	free(e->category);
	free(e->period_code);
	free(e->period_label);
	free(e->group_code);
	free(e->group_label);
	free(e->comment);
	free(e->reason);
	for (size_t i = 0; i < e->missing_count; i++) {
		free(e->missing[i].type);
		free(e->missing[i].label);
	}
	free(e->missing);
	free(e->rules_title);
	free(e->rules_version);
	free(e->rules_url);
}

void ptl_enrolment_free(ptl_enrolment *enrolment)
{
	if (!enrolment)
		return;
	enrolment_clear(enrolment);
	free(enrolment);
}

void ptl_enrolments_free(ptl_enrolments *enrolments)
{
	if (!enrolments)
		return;
	for (size_t i = 0; i < enrolments->count; i++)
		enrolment_clear(&enrolments->items[i]);
	free(enrolments->items);
	free(enrolments);
}

/* "type US label" items separated by RS, into e->missing. */
static int missing_from_text(ptl_enrolment *e, const char *text)
{
	size_t n = 1;

	if (!text || !*text)
		return PTL_OK;
	for (const char *p = text; *p; p++)
		n += *p == '\x1e';
	e->missing = calloc(n, sizeof(ptl_enrolment_missing));
	if (!e->missing)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (const char *p = text; p;) {
		const char *end = strchr(p, '\x1e'), *us = strchr(p, '\x1f');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		ptl_enrolment_missing *m = &e->missing[e->missing_count++];

		if (!us || us > p + len)
			return ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable missing documents");
		m->type = strndup(p, (size_t)(us - p));
		m->label = strndup(us + 1, len - (size_t)(us - p) - 1);
		if (!m->type || !m->label)
			return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		p = end ? end + 1 : NULL;
	}
	return PTL_OK;
}

/* A day column, or @p none for NULL. */
static ptl_day day_or(const PGresult *res, int row, const char *column, ptl_day none)
{
	return ptl__db_get(res, row, column) ? (ptl_day)ptl__db_get_int64(res, row, column) : none;
}

int ptl__enrolment_from_row(ptl_enrolment *e, const PGresult *res, int row)
{
	ptl_enrolment_status status;

	if (ptl_enrolment_status_from_name(&status, ptl__db_get(res, row, "e_status")) != PTL_OK)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "an enrolment of an unknown status");
	e->status = status;
	e->id = ptl__db_get_int64(res, row, "e_id");
	e->family_id = ptl__db_get_int64(res, row, "e_family_id");
	e->child_id = ptl__db_get_int64(res, row, "e_child_id");
	e->first_day = (ptl_day)ptl__db_get_int64(res, row, "e_first_day");
	e->last_day = (ptl_day)ptl__db_get_int64(res, row, "e_last_day");
	e->waitlist_rank = (int)ptl__db_get_int64(res, row, "e_waitlist_rank");
	e->pre_enrolment = ptl__db_get(res, row, "e_wanted_start") != NULL;
	e->wanted_start = day_or(res, row, "e_wanted_start", 0);
	e->days_per_week = (int)ptl__db_get_int64(res, row, "e_days_per_week");
	e->hours_per_week = (int)ptl__db_get_int64(res, row, "e_hours_per_week");
	e->has_contract = ptl__db_get(res, row, "e_contract_start") != NULL;
	e->contract_start = day_or(res, row, "e_contract_start", 0);
	e->contract_days = (int)ptl__db_get_int64(res, row, "e_contract_days");
	e->contract_hours = (int)ptl__db_get_int64(res, row, "e_contract_hours");
	e->request_id = ptl__db_get_int64(res, row, "e_request_id");
	e->created_at = ptl__db_get_int64(res, row, "e_created_at");
	e->child_name = ptl__db_dup(res, row, "e_child_name");
	e->facility = ptl__db_dup(res, row, "e_facility");
	e->activity_type = ptl__db_dup(res, row, "e_activity_type");
	e->activity = ptl__db_dup(res, row, "e_activity");
	e->category = ptl__db_dup(res, row, "e_category");
	e->period_code = ptl__db_dup(res, row, "e_period_code");
	e->period_label = ptl__db_dup(res, row, "e_period_label");
	e->group_code = ptl__db_dup(res, row, "e_group_code");
	e->group_label = ptl__db_dup(res, row, "e_group_label");
	e->comment = ptl__db_dup(res, row, "e_comment");
	e->reason = ptl__db_dup(res, row, "e_reason");
	e->rules_version = ptl__db_dup(res, row, "e_rules_version");
	bool rules = e->rules_version && *e->rules_version;
	e->rules_title = rules ? ptl__db_dup(res, row, "e_rules_title") : strdup("");
	e->rules_url = rules ? ptl__db_dup(res, row, "e_rules_url") : strdup("");
	e->marker = ptl__enrolment_marker(ptl_enrolment_status_name(status), e->pre_enrolment);
	if (!e->child_name || !e->facility || !e->activity_type || !e->activity || !e->category ||
	    !e->period_code || !e->period_label || !e->group_code || !e->group_label ||
	    !e->comment || !e->reason || !e->rules_version || !e->rules_title || !e->rules_url)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return missing_from_text(e, ptl__db_get(res, row, "e_missing"));
}

int ptl__enrolments_from_rows(ptl_enrolments **out, const PGresult *res, int rows)
{
	ptl_enrolments *list = calloc(1, sizeof(*list));
	int rc = PTL_OK;

	*out = NULL;
	if (list)
		list->items = calloc((size_t)rows + 1, sizeof(ptl_enrolment));
	if (!list || !list->items)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (int i = 0; rc == PTL_OK && i < rows; i++)
		rc = ptl__enrolment_from_row(&list->items[list->count++], res, i);
	if (rc != PTL_OK) {
		ptl_enrolments_free(list);
		return rc;
	}
	*out = list;
	return PTL_OK;
}

/* The session's family's enrolments ($3: a child of it, or 0 for all); a
 * first row "ch" says whether the child is the family's. */
static const char mine_sql[] =
	PTL__SESSION_CTE
	" SELECT s.*, ch.id AS child_found, m.* FROM s"
	"  LEFT JOIN child ch ON ch.family_id = s.session_family_id AND ch.id = $3::bigint"
	"  LEFT JOIN LATERAL (SELECT " PTL__ENROLMENT_COLUMNS("$4::date") ","
	"                            e.created_at AS sort1"
	"    FROM enrolment e" PTL__ENROLMENT_JOINS
	"   WHERE e.family_id = s.session_family_id"
	"     AND ($3::bigint = 0 OR e.child_id = $3::bigint)) m ON true"
	" ORDER BY m.sort1 DESC, m.e_id DESC";

int ptl_enrolment_list_mine(ptl_enrolments **out, ptl_session *session_out, ptl_db *db,
                            const char *token, int64_t child_id)
{
	char hash[65], today[11];
	struct ptl__num now = ptl__num(ptl_clock_now()), cid = ptl__num(child_id);
	const char *params[] = { hash, now.s, cid.s, today };
	ptl_session session;
	PGresult *res;
	int rc;

	*out = NULL;
	ptl__enrolment_today(today);
	if ((rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	if (!(res = ptl__db_query_prepared(db, mine_sql, 4, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__session_from_row(&session, res, 0)) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	if (session_out)
		*session_out = session;
	if (child_id != 0 && !ptl__db_get(res, 0, "child_found"))
		rc = ptl__error_set(PTL_ENOTFOUND, "id", "Cet enfant est introuvable.",
		                    "no child %lld in this family", (long long)child_id);
	else   /* No enrolment: one row, with m's columns NULL. */
		rc = ptl__enrolments_from_rows(out, res, ptl__db_get(res, 0, "e_id") ? PQntuples(res) : 0);
	PQclear(res);
	return rc;
}

int ptl_enrolment_list(ptl_enrolments **out, ptl_db *db, const ptl_enrolment_list_options *options)
{
	ptl_enrolment_list_options all = PTL_ENROLMENT_LIST_OPTIONS_INIT;
	const ptl_enrolment_list_options *o = options ? options : &all;
	ptl_enrolment_status status;
	char today[11];
	struct ptl__num cid = ptl__num(o->child_id), fid = ptl__num(o->family_id);
	PGresult *res;
	int rc;

	*out = NULL;
	if ((rc = ptl__options_check(&o->version, PTL_ENROLMENT_LIST_OPTIONS_VERSION,
	                             "ptl_enrolment_list_options")))
		return rc;
	if (o->status && *o->status && (rc = ptl_enrolment_status_from_name(&status, o->status)))
		return rc;
	if (o->child_id < 0 || o->family_id < 0)
		return ptl__error_set(PTL_EINVALID, o->child_id < 0 ? "child" : "family", NULL,
		                      "not an id");
	ptl__enrolment_today(today);
	const char *params[] = { today, o->period && *o->period ? o->period : NULL,
	                         o->group && *o->group ? o->group : NULL,
	                         o->status && *o->status ? o->status : NULL,
	                         o->child_id ? cid.s : NULL, o->family_id ? fid.s : NULL };
	res = ptl__db_query_prepared(db,
		"SELECT " PTL__ENROLMENT_COLUMNS("$1::date")
		"  FROM enrolment e" PTL__ENROLMENT_JOINS
		" WHERE ($2::text IS NULL OR p.code = $2) AND ($3::text IS NULL OR g.code = $3)"
		"   AND ($4::text IS NULL OR e.status = $4) AND ($5::bigint IS NULL OR e.child_id = $5)"
		"   AND ($6::bigint IS NULL OR e.family_id = $6)"
		" ORDER BY e.waitlist_rank NULLS LAST, e.created_at DESC, e.id DESC", 6, params);
	if (!res)
		return ptl_error_last()->code;
	rc = ptl__enrolments_from_rows(out, res, PQntuples(res));
	PQclear(res);
	return rc;
}

int ptl_enrolment_get(ptl_enrolment **out, ptl_db *db, int64_t enrolment_id)
{
	char today[11];
	struct ptl__num id = ptl__num(enrolment_id);
	const char *params[] = { today, id.s };
	PGresult *res;
	int rc;

	*out = NULL;
	ptl__enrolment_today(today);
	res = ptl__db_query_prepared(db,
		"SELECT " PTL__ENROLMENT_COLUMNS("$1::date")
		"  FROM enrolment e" PTL__ENROLMENT_JOINS " WHERE e.id = $2", 2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", "Inscription introuvable.",
		                      "no enrolment %lld", (long long)enrolment_id);
	}
	*out = calloc(1, sizeof(ptl_enrolment));
	rc = *out ? ptl__enrolment_from_row(*out, res, 0)
	          : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_enrolment_free(*out);
		*out = NULL;
	}
	return rc;
}
