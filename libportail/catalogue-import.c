/*
 * catalogue-import.c — a checked catalogue file written to the database in
 * one transaction, set-based: one statement per level whatever the size of
 * the file, each level's rows passed as one JSON array.
 *
 * Each row is found again by its key (its code, or its code in its period;
 * a document by its type in its activity; a closure by its day in its
 * period): the levels are upserted from the top (facilities) down, a row
 * being updated only when a value differs (so that the counts tell
 * created / updated / unchanged), then the rows the file no longer names
 * are deleted from the bottom (groups) up. A delete that the database
 * refuses because something refers to the row (an enrolment: ON DELETE
 * RESTRICT) fails the whole import, which then names the row and what
 * refers to it, found by trying the level's rows one by one. Imports are
 * serialised by a lock on the facility table; readers are not held up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/catalogue.h>
#include <portail/error.h>

#include "catalogue-internal.h"
#include "db-internal.h"
#include "error-internal.h"

/* How one level is written. The rows of the file come as a JSON array
 * ($1) of objects whose members are declared in `record`; `source` is the
 * FROM clause that resolves them (r: the records) to the table's key and
 * columns, selected by `select`. */
struct level {
	ptl_catalogue_level level;
	const char *table;
	const char *record;
	const char *source;
	const char *select;
	const char *key;        /* columns, comma-separated */
	const char *columns;    /* the other columns, comma-separated */
	/* For the message when a row cannot be deleted (levels with an id):
	 * an expression naming row t, and the level's nouns. */
	const char *name;
	const char *noun_en, *noun_fr;
};

static const struct level levels[] = {
	{ PTL_LEVEL_FACILITY, "facility", "code text, name text, position int",
	  "", "r.code, r.name, r.position", "code", "name, position",
	  "t.code", "facility", "l’équipement" },
	{ PTL_LEVEL_ACTIVITY_TYPE, "activity_type",
	  "code text, facility text, name text, category text, position int",
	  " JOIN facility f ON f.code = r.facility",
	  "r.code, f.id AS facility_id, r.name, r.category, r.position",
	  "code", "facility_id, name, category, position",
	  "t.code", "activity type", "le type d’activité" },
	{ PTL_LEVEL_ACTIVITY, "activity",
	  "code text, type text, name text, description text, asks_comment boolean,"
	  " rules_title text, rules_version text, rules_url text,"
	  " booking_blocked_if_missing boolean, position int",
	  " JOIN activity_type ty ON ty.code = r.type",
	  "r.code, ty.id AS activity_type_id, r.name, r.description, r.asks_comment,"
	  " r.rules_title, r.rules_version, r.rules_url, r.booking_blocked_if_missing, r.position",
	  "code", "activity_type_id, name, description, asks_comment, rules_title, rules_version,"
	  " rules_url, booking_blocked_if_missing, position",
	  "t.code", "activity", "l’activité" },
	{ PTL_LEVEL_DOCUMENT, "activity_document",
	  "activity text, type text, label text, validity_months int, position int",
	  " JOIN activity a ON a.code = r.activity",
	  "a.id AS activity_id, r.type AS document_type, r.label, r.validity_months, r.position",
	  "activity_id, document_type", "label, validity_months, position",
	  NULL, NULL, NULL },
	{ PTL_LEVEL_PERIOD, "period",
	  "code text, activity text, label text, first_day date, last_day date,"
	  " opening_weekdays smallint, enrolment_opens date, enrolment_closes date,"
	  " reservation_rules jsonb, position int",
	  " JOIN activity a ON a.code = r.activity",
	  "r.code, a.id AS activity_id, r.label, r.first_day, r.last_day, r.opening_weekdays,"
	  " r.enrolment_opens, r.enrolment_closes, r.reservation_rules, r.position",
	  "code", "activity_id, label, first_day, last_day, opening_weekdays, enrolment_opens,"
	  " enrolment_closes, reservation_rules, position",
	  "t.code", "period", "la période" },
	{ PTL_LEVEL_CLOSURE, "period_closure", "period text, day date, reason text",
	  " JOIN period p ON p.code = r.period",
	  "p.id AS period_id, r.day, r.reason", "period_id, day", "reason",
	  NULL, NULL, NULL },
	{ PTL_LEVEL_COUNTER, "capacity_counter",
	  "period text, code text, label text, capacity int",
	  " JOIN period p ON p.code = r.period",
	  "p.id AS period_id, r.code, r.label, r.capacity", "period_id, code", "label, capacity",
	  "(SELECT code FROM period WHERE id = t.period_id) || '/' || t.code",
	  "capacity counter", "le compteur de places" },
	{ PTL_LEVEL_UNIT, "unit",
	  "period text, code text, label text, starts_at time, ends_at time, counter text,"
	  " position int",
	  " JOIN period p ON p.code = r.period"
	  " LEFT JOIN capacity_counter c ON c.period_id = p.id AND c.code = r.counter",
	  "p.id AS period_id, r.code, r.label, r.starts_at, r.ends_at, c.id AS counter_id,"
	  " r.position",
	  "period_id, code", "label, starts_at, ends_at, counter_id, position",
	  "(SELECT code FROM period WHERE id = t.period_id) || '/' || t.code",
	  "unit", "l’unité" },
	{ PTL_LEVEL_GROUP, "period_group",
	  "period text, code text, label text, capacity int, min_age_months int,"
	  " max_age_months int, age_reference_day date, school_levels text[], position int",
	  " JOIN period p ON p.code = r.period",
	  "p.id AS period_id, r.code, r.label, r.capacity, r.min_age_months, r.max_age_months,"
	  " r.age_reference_day, r.school_levels, r.position",
	  "period_id, code", "label, capacity, min_age_months, max_age_months, age_reference_day,"
	  " school_levels, position",
	  "(SELECT code FROM period WHERE id = t.period_id) || '/' || t.code",
	  "group", "le groupe" },
};

#define LEVEL_COUNT (sizeof(levels) / sizeof(levels[0]))

/* Append to a growing SQL text; false when it does not fit. */
static bool add(char *sql, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool add(char *sql, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sql + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len)
		return false;
	*len += (size_t)n;
	return true;
}

/* Append each column of @p list (comma-separated) as @p pattern, where
 * every '@' stands for the column's name, separated by @p sep. */
static bool add_each(char *sql, size_t size, size_t *len, const char *list, const char *pattern,
                     const char *sep)
{
	char copy[512], *save = NULL;
	bool ok = true, first = true;

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *c = strtok_r(copy, ", ", &save); ok && c; c = strtok_r(NULL, ", ", &save)) {
		ok = add(sql, size, len, "%s", first ? "" : sep);
		for (const char *f = pattern; ok && *f; f++)
			ok = *f == '@' ? add(sql, size, len, "%s", c) : add(sql, size, len, "%c", *f);
		first = false;
	}
	return ok;
}

/* "WITH x AS (SELECT <select> FROM jsonb_to_recordset($1) AS r(<record>)
 * <source>)": the level's rows of the file, resolved. */
static bool add_rows(char *sql, size_t size, size_t *len, const struct level *l)
{
	return add(sql, size, len, "WITH x AS (SELECT %s FROM jsonb_to_recordset($1::jsonb) AS r(%s)%s)",
	           l->select, l->record, l->source);
}

/* The row t is not in x (compared on the key). */
static bool add_absent(char *sql, size_t size, size_t *len, const struct level *l)
{
	return add(sql, size, len, " NOT EXISTS (SELECT 1 FROM x WHERE ") &&
	       add_each(sql, size, len, l->key, "x.@ = t.@", " AND ") &&
	       add(sql, size, len, ")");
}

/* The upsert of a level: created and updated counts. */
static bool upsert_sql(char *sql, size_t size, const struct level *l)
{
	size_t len = 0;

	return add_rows(sql, size, &len, l) &&
	       add(sql, size, &len, ", w AS (INSERT INTO %s AS t (%s, %s) SELECT %s, %s FROM x"
	           " ON CONFLICT (%s) DO UPDATE SET ", l->table, l->key, l->columns, l->key,
	           l->columns, l->key) &&
	       add_each(sql, size, &len, l->columns, "@ = EXCLUDED.@", ", ") &&
	       add(sql, size, &len, " WHERE (") &&
	       add_each(sql, size, &len, l->columns, "t.@", ", ") &&
	       add(sql, size, &len, ") IS DISTINCT FROM (") &&
	       add_each(sql, size, &len, l->columns, "EXCLUDED.@", ", ") &&
	       add(sql, size, &len, ") RETURNING (xmax = 0) AS created, %s AS id)"
	           " SELECT count(*) FILTER (WHERE created) AS created,"
	           " count(*) FILTER (WHERE NOT created) AS updated,"
	           " coalesce(array_agg(id) FILTER (WHERE id IS NOT NULL), '{}') AS ids FROM w",
	           l->name ? "t.id" : "NULL::bigint");
}

/* The rows of a level that the file no longer names: deleted (a count), or
 * listed (id, name) when @p list. */
static bool absent_sql(char *sql, size_t size, const struct level *l, bool list)
{
	size_t len = 0;

	if (list)
		return add_rows(sql, size, &len, l) &&
		       add(sql, size, &len, " SELECT t.id, %s AS name FROM %s t WHERE", l->name, l->table) &&
		       add_absent(sql, size, &len, l) && add(sql, size, &len, " ORDER BY t.id");
	return add_rows(sql, size, &len, l) &&
	       add(sql, size, &len, ", d AS (DELETE FROM %s t WHERE", l->table) &&
	       add_absent(sql, size, &len, l) &&
	       add(sql, size, &len, " RETURNING 1) SELECT count(*) AS deleted FROM d");
}

/* --- the file's rows, level by level ------------------------------------- */

struct import {
	const ptl_catalogue *catalogue;
	bool dry_run;
	char *rows[PTL_LEVEL_COUNT];      /* JSON arrays */
	char *dependencies;               /* units' depends_on */
	int64_t in_file[PTL_LEVEL_COUNT];
	ptl_catalogue_import_result result;
};

static json_t *text_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *day(ptl_day d)
{
	char text[11];

	ptl_day_format(text, d);
	return json_string(text);
}

static json_t *time_or_null(int minutes)
{
	char text[6];

	if (minutes < 0)
		return json_null();
	snprintf(text, sizeof(text), "%02d:%02d", minutes / 60 % 100, minutes % 60);
	return json_string(text);
}

/* Append @p row (stolen) to the level's array; false when out of memory. */
static bool put(json_t **arrays, ptl_catalogue_level level, json_t *row)
{
	return row && json_array_append_new(arrays[level], row) == 0;
}

static bool period_rows(json_t **a, json_t *deps, const ptl_catalogue_period *pd,
                        const char *activity, size_t position)
{
	json_t *rules = json_loads(pd->reservation_rules, 0, NULL);
	bool ok = put(a, PTL_LEVEL_PERIOD, json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:o, s:o, s:o, s:i}",
		"code", pd->code, "activity", activity, "label", pd->label,
		"first_day", day(pd->first_day), "last_day", day(pd->last_day),
		"opening_weekdays", (int)pd->opening_weekdays,
		"enrolment_opens", day(pd->enrolment_opens),
		"enrolment_closes", day(pd->enrolment_closes),
		"reservation_rules", rules ? rules : json_object(), "position", (int)position));

	for (size_t i = 0; ok && i < pd->closure_count; i++)
		ok = put(a, PTL_LEVEL_CLOSURE, json_pack("{s:s, s:o, s:s}", "period", pd->code,
			"day", day(pd->closures[i].day), "reason", pd->closures[i].reason));
	for (size_t i = 0; ok && i < pd->counter_count; i++)
		ok = put(a, PTL_LEVEL_COUNTER, json_pack("{s:s, s:s, s:s, s:i}", "period", pd->code,
			"code", pd->counters[i].code, "label", pd->counters[i].label,
			"capacity", pd->counters[i].capacity));
	for (size_t i = 0; ok && i < pd->unit_count; i++) {
		const ptl_catalogue_unit *u = &pd->units[i];

		ok = put(a, PTL_LEVEL_UNIT, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:i}",
			"period", pd->code, "code", u->code, "label", u->label,
			"starts_at", time_or_null(u->starts_at), "ends_at", time_or_null(u->ends_at),
			"counter", text_or_null(u->counter >= 0 ? pd->counters[u->counter].code : NULL),
			"position", (int)i)) &&
		     json_array_append_new(deps, json_pack("{s:s, s:s, s:o}", "period", pd->code,
			"code", u->code,
			"depends_on", text_or_null(u->depends_on >= 0 ? pd->units[u->depends_on].code
			                                              : NULL))) == 0;
		/* An incompatible pair once, from its later unit. */
		for (size_t j = 0; ok && j < u->incompatible_count; j++)
			if ((size_t)u->incompatible[j] < i)
				ok = put(a, PTL_LEVEL_RELATION, json_pack("{s:s, s:s, s:s, s:s}",
					"period", pd->code, "unit", u->code,
					"other", pd->units[u->incompatible[j]].code, "relation", "incompatible"));
		for (size_t j = 0; ok && j < u->linked_count; j++)
			ok = put(a, PTL_LEVEL_RELATION, json_pack("{s:s, s:s, s:s, s:s}",
				"period", pd->code, "unit", u->code,
				"other", pd->units[u->linked[j]].code, "relation", "linked"));
	}
	for (size_t i = 0; ok && i < pd->group_count; i++) {
		const ptl_catalogue_group *g = &pd->groups[i];
		json_t *school_levels = json_array();

		for (size_t j = 0; school_levels && j < g->school_level_count; j++)
			json_array_append_new(school_levels, json_string(g->school_levels[j]));
		ok = put(a, PTL_LEVEL_GROUP, json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:i}",
			"period", pd->code, "code", g->code, "label", g->label, "capacity", g->capacity,
			"min_age_months", int_or_null(g->min_age_months),
			"max_age_months", int_or_null(g->max_age_months),
			"age_reference_day", g->has_age_reference_day ? day(g->age_reference_day)
			                                              : json_null(),
			"school_levels", school_levels, "position", (int)i));
	}
	return ok;
}

static bool activity_rows(json_t **a, json_t *deps, const ptl_catalogue_activity *ac,
                          const char *type, size_t position)
{
	bool ok = put(a, PTL_LEVEL_ACTIVITY, json_pack(
		"{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:i}",
		"code", ac->code, "type", type, "name", ac->name, "description", ac->description,
		"asks_comment", ac->asks_comment, "rules_title", ac->rules_title,
		"rules_version", ac->rules_version, "rules_url", ac->rules_url,
		"booking_blocked_if_missing", ac->booking_blocked_if_missing, "position", (int)position));

	for (size_t i = 0; ok && i < ac->document_count; i++)
		ok = put(a, PTL_LEVEL_DOCUMENT, json_pack("{s:s, s:s, s:s, s:o, s:i}",
			"activity", ac->code, "type", ac->documents[i].type,
			"label", ac->documents[i].label,
			"validity_months", ac->documents[i].validity_months > 0
				? json_integer(ac->documents[i].validity_months) : json_null(),
			"position", (int)i));
	for (size_t i = 0; ok && i < ac->period_count; i++)
		ok = period_rows(a, deps, &ac->periods[i], ac->code, i);
	return ok;
}

/* The file's rows into im->rows, one JSON array per level. */
static int flatten(struct import *im)
{
	json_t *arrays[PTL_LEVEL_COUNT] = { 0 }, *deps = json_array();
	const ptl_catalogue *c = im->catalogue;
	bool ok = deps != NULL;
	int rc = PTL_OK;

	for (size_t l = 0; l < PTL_LEVEL_COUNT; l++)
		ok = (arrays[l] = json_array()) != NULL && ok;
	for (size_t f = 0; ok && f < c->facility_count; f++) {
		const ptl_catalogue_facility *fa = &c->facilities[f];

		ok = put(arrays, PTL_LEVEL_FACILITY, json_pack("{s:s, s:s, s:i}", "code", fa->code,
		                                               "name", fa->name, "position", (int)f));
		for (size_t t = 0; ok && t < fa->activity_type_count; t++) {
			const ptl_catalogue_activity_type *ty = &fa->activity_types[t];

			ok = put(arrays, PTL_LEVEL_ACTIVITY_TYPE, json_pack("{s:s, s:s, s:s, s:s, s:i}",
				"code", ty->code, "facility", fa->code, "name", ty->name,
				"category", ptl_catalogue_category_name(ty->category), "position", (int)t));
			for (size_t a = 0; ok && a < ty->activity_count; a++)
				ok = activity_rows(arrays, deps, &ty->activities[a], ty->code, a);
		}
	}
	for (size_t l = 0; ok && l < PTL_LEVEL_COUNT; l++) {
		im->in_file[l] = (int64_t)json_array_size(arrays[l]);
		ok = (im->rows[l] = json_dumps(arrays[l], JSON_COMPACT)) != NULL;
	}
	if (ok)
		ok = (im->dependencies = json_dumps(deps, JSON_COMPACT)) != NULL;
	if (!ok)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (size_t l = 0; l < PTL_LEVEL_COUNT; l++)
		json_decref(arrays[l]);
	json_decref(deps);
	return rc;
}

/* --- writing --------------------------------------------------------------- */

/* Run @p sql with the level's rows as $1 (and @p extra as $2). */
static PGresult *run(ptl_db *db, const char *sql, const char *rows, const char *extra)
{
	const char *params[] = { rows, extra };

	return ptl__db_query(db, sql, extra ? 2 : 1, params);
}

/* The French words for what refers to a row, from the referring table. */
static void referrer_words(const char *table, char *en, size_t en_size, char *fr, size_t fr_size)
{
	if (strcmp(table, "enrolment") == 0) {
		snprintf(en, en_size, "enrolments");
		snprintf(fr, fr_size, "des inscriptions");
	} else if (strcmp(table, "reservation") == 0) {
		snprintf(en, en_size, "reservations");
		snprintf(fr, fr_size, "des réservations");
	} else {
		snprintf(en, en_size, "rows of table %s", table);
		snprintf(fr, fr_size, "d’autres données (table %s)", table);
	}
}

/* The level's delete was refused: find, one by one, the first row that
 * cannot go and say why. The transaction is at savepoint "level". */
static int explain_refusal(ptl_db *db, const struct level *l, const char *rows)
{
	char sql[4096];
	PGresult *res;
	int rc = PTL_ECONFLICT;

	if (ptl__db_exec(db, "ROLLBACK TO SAVEPOINT level", 0, NULL) != PTL_OK)
		return ptl_error_last()->code;
	if (!absent_sql(sql, sizeof(sql), l, true))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "catalogue statement too long");
	if (!(res = run(db, sql, rows, NULL)))
		return ptl_error_last()->code;
	for (int i = 0; i < PQntuples(res); i++) {
		const char *params[] = { ptl__db_get(res, i, "id") };
		const char *name = ptl__db_get(res, i, "name");
		char del[200], en[100], fr[100], msg_fr[600];
		PGresult *probe;
		const char *state, *table;

		snprintf(del, sizeof(del), "DELETE FROM %s WHERE id = $1", l->table);
		if (ptl__db_exec(db, "SAVEPOINT probe", 0, NULL) != PTL_OK) {
			rc = ptl_error_last()->code;
			break;
		}
		/* Straight to libpq: the refusal's table is what we are after. */
		probe = PQexecParams(db->conn, del, 1, NULL, params, NULL, NULL, 0);
		state = PQresultErrorField(probe, PG_DIAG_SQLSTATE);
		if (PQresultStatus(probe) == PGRES_COMMAND_OK || !state || strcmp(state, "23503") != 0) {
			bool ok = PQresultStatus(probe) == PGRES_COMMAND_OK;

			PQclear(probe);
			if (!ok) {
				rc = ptl__error_set(PQstatus(db->conn) == CONNECTION_OK ? PTL_ERROR
				                                                        : PTL_EUNAVAILABLE,
				                    NULL, NULL, "could not check what refers to %s", name);
				break;
			}
			if (ptl__db_exec(db, "ROLLBACK TO SAVEPOINT probe", 0, NULL) != PTL_OK) {
				rc = ptl_error_last()->code;
				break;
			}
			continue;
		}
		table = PQresultErrorField(probe, PG_DIAG_TABLE_NAME);
		referrer_words(table ? table : "?", en, sizeof(en), fr, sizeof(fr));
		snprintf(msg_fr, sizeof(msg_fr),
		         "Impossible de supprimer %s « %s », absent du fichier : %s y sont rattachées. "
		         "Gardez-le dans le fichier. Rien n’a été modifié.", l->noun_fr, name, fr);
		rc = ptl__error_set(PTL_ECONFLICT, name, msg_fr,
		                    "%s \"%s\" is not in the file but cannot be deleted: %s refer to it "
		                    "(keep it in the file); nothing was changed",
		                    l->noun_en, name, en);
		PQclear(probe);
		break;
	}
	if (rc == PTL_ECONFLICT && ptl_error_last()->code != PTL_ECONFLICT)
		rc = ptl__error_set(PTL_ECONFLICT, NULL, NULL,
		                    "a %s the file leaves out cannot be deleted", l->noun_en);
	PQclear(res);
	return rc;
}

static int upsert(ptl_db *db, struct import *im, const struct level *l)
{
	char sql[4096];
	ptl_catalogue_changes *ch = &im->result.levels[l->level];
	PGresult *res;

	if (!upsert_sql(sql, sizeof(sql), l))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "catalogue statement too long");
	if (!(res = run(db, sql, im->rows[l->level], NULL)))
		return ptl_error_last()->code;
	ch->created = ptl__db_get_int64(res, 0, "created");
	ch->updated = ptl__db_get_int64(res, 0, "updated");
	/* A unit whose parent changes is updated too (counted once). */
	if (l->level == PTL_LEVEL_UNIT) {
		PGresult *deps = run(db,
			"WITH r AS (SELECT u.id, parent.id AS parent"
			"  FROM jsonb_to_recordset($1::jsonb) AS r(period text, code text, depends_on text)"
			"  JOIN period p ON p.code = r.period"
			"  JOIN unit u ON u.period_id = p.id AND u.code = r.code"
			"  LEFT JOIN unit parent ON parent.period_id = p.id AND parent.code = r.depends_on),"
			" w AS (UPDATE unit t SET depends_on = r.parent FROM r"
			"  WHERE t.id = r.id AND t.depends_on IS DISTINCT FROM r.parent RETURNING t.id)"
			" SELECT count(*) AS updated FROM w WHERE w.id <> ALL($2::bigint[])",
			im->dependencies, ptl__db_get(res, 0, "ids"));

		if (!deps) {
			PQclear(res);
			return ptl_error_last()->code;
		}
		ch->updated += ptl__db_get_int64(deps, 0, "updated");
		PQclear(deps);
	}
	PQclear(res);
	ch->unchanged = im->in_file[l->level] - ch->created - ch->updated;
	return PTL_OK;
}

/* The relations: new pairs inserted, pairs the file no longer has deleted
 * (an incompatible pair stored once, lower unit id first). */
static int relations(ptl_db *db, struct import *im)
{
	ptl_catalogue_changes *ch = &im->result.levels[PTL_LEVEL_RELATION];
	PGresult *res = run(db,
		"WITH r AS (SELECT DISTINCT"
		"   CASE WHEN r.relation = 'incompatible' THEN least(a.id, b.id) ELSE a.id END AS unit_id,"
		"   CASE WHEN r.relation = 'incompatible' THEN greatest(a.id, b.id) ELSE b.id END"
		"     AS other_unit_id, r.relation"
		"  FROM jsonb_to_recordset($1::jsonb) AS r(period text, unit text, other text, relation text)"
		"  JOIN period p ON p.code = r.period"
		"  JOIN unit a ON a.period_id = p.id AND a.code = r.unit"
		"  JOIN unit b ON b.period_id = p.id AND b.code = r.other),"
		" i AS (INSERT INTO unit_relation (unit_id, other_unit_id, relation)"
		"  SELECT unit_id, other_unit_id, relation FROM r ON CONFLICT DO NOTHING RETURNING 1),"
		" d AS (DELETE FROM unit_relation t WHERE NOT EXISTS (SELECT 1 FROM r"
		"  WHERE (r.unit_id, r.other_unit_id, r.relation) = (t.unit_id, t.other_unit_id, t.relation))"
		"  RETURNING 1)"
		" SELECT (SELECT count(*) FROM i) AS created, (SELECT count(*) FROM d) AS deleted",
		im->rows[PTL_LEVEL_RELATION], NULL);

	if (!res)
		return ptl_error_last()->code;
	ch->created = ptl__db_get_int64(res, 0, "created");
	ch->deleted = ptl__db_get_int64(res, 0, "deleted");
	ch->unchanged = im->in_file[PTL_LEVEL_RELATION] - ch->created;
	PQclear(res);
	return PTL_OK;
}

static int delete_absent(ptl_db *db, struct import *im, const struct level *l)
{
	char sql[4096];
	PGresult *res;
	int rc;

	if (!absent_sql(sql, sizeof(sql), l, false))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "catalogue statement too long");
	if (l->name && (rc = ptl__db_exec(db, "SAVEPOINT level", 0, NULL)) != PTL_OK)
		return rc;
	if (!(res = run(db, sql, im->rows[l->level], NULL))) {
		if (l->name && strcmp(ptl_error_last()->sqlstate, "23503") == 0)
			return explain_refusal(db, l, im->rows[l->level]);
		return ptl_error_last()->code;
	}
	im->result.levels[l->level].deleted = ptl__db_get_int64(res, 0, "deleted");
	PQclear(res);
	return PTL_OK;
}

/* Returned by the transaction of a dry run: roll back, report success. */
#define DRY_RUN_DONE 1

static int write_catalogue(ptl_db *db, void *ctx)
{
	struct import *im = ctx;
	int rc;

	memset(im->result.levels, 0, sizeof(im->result.levels));
	if ((rc = ptl__db_exec(db, "LOCK TABLE facility IN SHARE ROW EXCLUSIVE MODE", 0, NULL)))
		return rc;
	/* From the top down; the relations once the units are there. */
	for (size_t i = 0; i < LEVEL_COUNT; i++) {
		if (levels[i].level == PTL_LEVEL_GROUP && (rc = relations(db, im)) != PTL_OK)
			return rc;
		if ((rc = upsert(db, im, &levels[i])) != PTL_OK)
			return rc;
	}
	/* From the bottom up. */
	for (size_t i = LEVEL_COUNT; i-- > 0;)
		if ((rc = delete_absent(db, im, &levels[i])) != PTL_OK)
			return rc;
	return im->dry_run ? DRY_RUN_DONE : PTL_OK;
}

int ptl_catalogue_import(ptl_catalogue_import_result **out, ptl_db *db, const char *json_text,
                         const ptl_catalogue_import_options *opts)
{
	ptl_catalogue_import_options defaults = PTL_CATALOGUE_IMPORT_OPTIONS_INIT;
	struct import im = { 0 };
	ptl_catalogue *catalogue = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((rc = ptl__options_check(&opts->version, PTL_CATALOGUE_IMPORT_OPTIONS_VERSION,
	                             "ptl_catalogue_import_options")) != PTL_OK ||
	    (rc = ptl_catalogue_parse(&catalogue, json_text)) != PTL_OK)
		return rc;
	im.catalogue = catalogue;
	im.dry_run = opts->dry_run;
	if ((rc = flatten(&im)) == PTL_OK) {
		rc = ptl__db_transaction(db, write_catalogue, &im);
		if (rc == DRY_RUN_DONE)
			rc = PTL_OK;
	}
	if (rc == PTL_OK && out) {
		if (!(*out = malloc(sizeof(**out))))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		else {
			**out = im.result;
			(*out)->dry_run = opts->dry_run;
		}
	}
	for (size_t l = 0; l < PTL_LEVEL_COUNT; l++)
		free(im.rows[l]);
	free(im.dependencies);
	ptl_catalogue_free(catalogue);
	return rc;
}
