/*
 * enrolment-options.c — the cascade a parent enrols a child through (see
 * ptl_enrolment_options_get in enrolment.h): facility → activity type →
 * activity → period → group, for one child, as of today.
 *
 * One prepared statement reads it all, the session check included (as
 * me.c): a row per group (levels without anything below come once, with
 * NULLs), in the catalogue's order, each with the child, the places left
 * in the group, whether the child already holds or asks for a place in the
 * period, and per activity the documents (with the family's latest
 * validity) and whether the current rules are accepted. Periods already
 * over are left out. The rules (eligibility, the enrolment window, the
 * reasons in French) are applied here in C, from core/enrolment-rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "core/enrolment-rules.h"
#include "db-internal.h"
#include "enrolment-internal.h"
#include "error-internal.h"
#include "session-internal.h"

static const char options_sql[] =
	PTL__SESSION_CTE
	", ch AS (SELECT c.id, c.first_name, c.sex, c.school_level,"
	"               c.birth_date - date '1970-01-01' AS birth_day"
	"          FROM s JOIN child c ON c.family_id = s.session_family_id AND c.id = $3::bigint)"
	" SELECT s.*, ch.id AS child_id, ch.first_name AS child_first_name, ch.sex AS child_sex,"
	"        ch.school_level AS child_school_level, ch.birth_day, tree.*"
	"   FROM s LEFT JOIN ch ON true LEFT JOIN LATERAL ("
	"  SELECT f.code AS f_code, f.name AS f_name, t.code AS t_code, t.name AS t_name,"
	"         t.category AS t_category, a.code AS a_code, a.name AS a_name,"
	"         a.description AS a_description, a.asks_comment AS a_asks_comment,"
	"         a.rules_title AS a_rules_title, a.rules_version AS a_rules_version,"
	"         a.rules_url AS a_rules_url,"
	"         EXISTS (SELECT 1 FROM rules_acceptance ra WHERE ra.family_id = s.session_family_id"
	"                    AND ra.activity_id = a.id AND ra.version = a.rules_version)"
	"           AS a_rules_accepted,"
	/* Per document: type US label US valid-today (t/f) US last valid day
	 * ("" when without limit or none provided), separated by RS. */
	"         (SELECT string_agg(d.document_type || chr(31) || d.label || chr(31) ||"
	"                   CASE WHEN v.valid_today THEN 't' ELSE 'f' END || chr(31) ||"
	"                   coalesce((v.until - date '1970-01-01')::text, ''), chr(30)"
	"                   ORDER BY d.position, d.document_type)"
	"            FROM activity_document d CROSS JOIN LATERAL ("
	"              SELECT bool_or(fd.valid_from <= $4::date AND (d.validity_months IS NULL"
	"                       OR (fd.valid_from + make_interval(months => d.validity_months))::date"
	"                          > $4::date)) AS valid_today,"
	"                     max((fd.valid_from + make_interval(months => d.validity_months))::date"
	"                         - 1) AS until"
	"                FROM family_document fd"
	"               WHERE fd.family_id = s.session_family_id"
	"                 AND fd.document_type = d.document_type"
	"                 AND (fd.child_id IS NULL OR fd.child_id = ch.id)) v"
	"           WHERE d.activity_id = a.id) AS a_documents,"
	"         p.code AS p_code, p.label AS p_label,"
	"         p.first_day - date '1970-01-01' AS p_first_day,"
	"         p.last_day - date '1970-01-01' AS p_last_day,"
	"         p.enrolment_opens - date '1970-01-01' AS p_opens,"
	"         p.enrolment_closes - date '1970-01-01' AS p_closes,"
	"         EXISTS (SELECT 1 FROM enrolment x WHERE x.child_id = ch.id AND x.period_id = p.id"
	"                    AND x.status IN " PTL__ENROLMENT_ACTIVE ") AS p_enrolled,"
	"         g.code AS g_code, g.label AS g_label,"
	"         g.capacity - (SELECT count(*) FROM enrolment v WHERE v.group_id = g.id"
	"                          AND v.status = 'validated') AS g_left,"
	"         coalesce(g.min_age_months, -1) AS g_min, coalesce(g.max_age_months, -1) AS g_max,"
	"         coalesce(g.age_reference_day, p.first_day) - date '1970-01-01' AS g_reference,"
	"         array_to_string(g.school_levels, ',') AS g_levels"
	"    FROM facility f"
	"    LEFT JOIN activity_type t ON t.facility_id = f.id"
	"    LEFT JOIN activity a ON a.activity_type_id = t.id"
	"    LEFT JOIN period p ON p.activity_id = a.id AND p.last_day >= $4::date"
	"    LEFT JOIN period_group g ON g.period_id = p.id"
	"   WHERE ch.id IS NOT NULL"
	"   ORDER BY f.position, f.id, t.position, t.id, a.position, a.id, p.position, p.id,"
	"            g.position, g.id) tree ON true";

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

/* Append one zeroed item to an array of @p size-byte items. */
static void *grow(void **items, size_t *count, size_t size)
{
	char *more = realloc(*items, (*count + 1) * size);

	if (!more)
		return NULL;
	*items = more;
	memset(more + *count * size, 0, size);
	return more + (*count)++ * size;
}

#define GROW(arr, count) grow((void **)&(arr), &(count), sizeof(*(arr)))

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* --- freeing ---------------------------------------------------------------- */

static void period_clear(ptl_enrolment_period_option *p)
{
	for (size_t i = 0; i < p->group_count; i++) {
		free(p->groups[i].code);
		free(p->groups[i].label);
		free(p->groups[i].reason);
	}
	free(p->groups);
	free(p->code);
	free(p->label);
	free(p->reason);
}

static void activity_clear(ptl_enrolment_activity_option *a)
{
	for (size_t i = 0; i < a->period_count; i++)
		period_clear(&a->periods[i]);
	free(a->periods);
	for (size_t i = 0; i < a->document_count; i++) {
		free(a->documents[i].type);
		free(a->documents[i].label);
	}
	free(a->documents);
	free(a->code);
	free(a->name);
	free(a->description);
	free(a->reason);
	free(a->rules_title);
	free(a->rules_version);
	free(a->rules_url);
}

void ptl_enrolment_options_free(ptl_enrolment_options *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->facility_count; i++) {
		ptl_enrolment_facility_option *f = &o->facilities[i];

		for (size_t j = 0; j < f->type_count; j++) {
			ptl_enrolment_type_option *t = &f->types[j];

			for (size_t k = 0; k < t->activity_count; k++)
				activity_clear(&t->activities[k]);
			free(t->activities);
			free(t->code);
			free(t->name);
			free(t->category);
			free(t->reason);
		}
		free(f->types);
		free(f->code);
		free(f->name);
		free(f->reason);
	}
	free(o->facilities);
	free(o->child_first_name);
	free(o->school_level);
	free(o);
}

/* --- the rules, in French ------------------------------------------------------ */

struct child_info {
	const char *first_name;
	const char *sex;   /* "F", "M" or "" */
	const char *school_level;
	ptl_day birth;
	ptl_day today;
};

/* "inscrite", "inscrit" or "inscrit(e)" after the child's sex. */
static const char *enrolled_word(const struct child_info *c)
{
	return strcmp(c->sex, "F") == 0 ? "inscrite" : strcmp(c->sex, "M") == 0 ? "inscrit"
	                                                                      : "inscrit(e)";
}

static char *printf_dup(const char *fmt, const char *a, const char *b)
{
	char buf[512];

	snprintf(buf, sizeof(buf), fmt, a, b);
	return strdup(buf);
}

/* Why the child may not join the group, or NULL (eligible); *err on OOM. */
static char *group_reason(const struct ptl__group_rule *rule, const struct child_info *c,
                          bool *err)
{
	char *reason = NULL;

	switch (ptl__group_eligibility(rule, c->birth, c->school_level)) {
	case PTL__ELIGIBLE:
		return NULL;
	case PTL__TOO_YOUNG:
		reason = printf_dup("%s n’a pas encore l’âge de ce groupe", c->first_name, "");
		break;
	case PTL__TOO_OLD:
		reason = printf_dup("%s a dépassé l’âge de ce groupe", c->first_name, "");
		break;
	case PTL__WRONG_LEVEL:
		reason = *c->school_level
			? printf_dup("Ce groupe ne prend pas le niveau scolaire de %s (%s)", c->first_name,
			             c->school_level)
			: printf_dup("Ce groupe est réservé à certains niveaux scolaires : celui de %s"
			             " n’est pas renseigné", c->first_name, "");
		break;
	}
	*err = *err || !reason;
	return reason;
}

/* The period's offer: window, the child already there, a group that fits. */
static int period_judge(ptl_enrolment_period_option *p, bool enrolled,
                        const struct child_info *c)
{
	char day[PTL_DAY_FR_SIZE], buf[512];
	bool any_eligible = false;

	for (size_t i = 0; i < p->group_count; i++)
		any_eligible = any_eligible || p->groups[i].eligible;
	switch (ptl__enrolment_window(p->enrolment_opens, p->enrolment_closes, c->today)) {
	case PTL__WINDOW_NOT_YET:
		ptl_day_format_fr(day, p->enrolment_opens);
		snprintf(buf, sizeof(buf), "Les inscriptions ouvrent le %s", day);
		break;
	case PTL__WINDOW_CLOSED:
		ptl_day_format_fr(day, p->enrolment_closes + 1);
		snprintf(buf, sizeof(buf), "Les inscriptions sont closes depuis le %s", day);
		break;
	case PTL__WINDOW_OPEN:
		if (enrolled)
			snprintf(buf, sizeof(buf), "%s est déjà %s sur cette période", c->first_name,
			         enrolled_word(c));
		else if (!any_eligible)
			snprintf(buf, sizeof(buf),
			         "Aucun groupe ne correspond à l’âge ou au niveau scolaire de %s",
			         c->first_name);
		else {
			p->offered = true;
			return PTL_OK;
		}
		break;
	}
	p->offered = false;
	return (p->reason = strdup(buf)) ? PTL_OK : oom();
}

/* A level above periods: offered when something below is; else @p why. */
static int level_judge(bool *offered, char **reason, bool any_below_offered, size_t below,
                       const char *only_reason, const struct child_info *c,
                       const char *none_below)
{
	char buf[512];

	*offered = any_below_offered;
	if (any_below_offered)
		return PTL_OK;
	if (below == 1 && only_reason)
		snprintf(buf, sizeof(buf), "%s", only_reason);
	else if (below == 0)
		snprintf(buf, sizeof(buf), "%s", none_below);
	else
		snprintf(buf, sizeof(buf), "Rien n’est ouvert aux inscriptions pour %s ici",
		         c->first_name);
	return (*reason = strdup(buf)) ? PTL_OK : oom();
}

static int judge_all(ptl_enrolment_options *o, const struct child_info *c)
{
	int rc = PTL_OK;

	for (size_t i = 0; rc == PTL_OK && i < o->facility_count; i++) {
		ptl_enrolment_facility_option *f = &o->facilities[i];
		bool f_any = false;

		for (size_t j = 0; rc == PTL_OK && j < f->type_count; j++) {
			ptl_enrolment_type_option *t = &f->types[j];
			bool t_any = false;

			for (size_t k = 0; rc == PTL_OK && k < t->activity_count; k++) {
				ptl_enrolment_activity_option *a = &t->activities[k];
				bool a_any = false;

				for (size_t l = 0; l < a->period_count; l++)
					a_any = a_any || a->periods[l].offered;
				rc = level_judge(&a->offered, &a->reason, a_any, a->period_count,
				                 a->period_count ? a->periods[0].reason : NULL, c,
				                 "Aucune période à venir");
				t_any = t_any || a->offered;
			}
			if (rc == PTL_OK)
				rc = level_judge(&t->offered, &t->reason, t_any, t->activity_count,
				                 t->activity_count ? t->activities[0].reason : NULL, c,
				                 "Aucune activité proposée");
			f_any = f_any || t->offered;
		}
		if (rc == PTL_OK)
			rc = level_judge(&f->offered, &f->reason, f_any, f->type_count,
			                 f->type_count ? f->types[0].reason : NULL, c,
			                 "Aucune activité proposée");
	}
	return rc;
}

/* --- building the tree from the rows ------------------------------------------ */

/* "type US label US t|f US until" items separated by RS. */
static int documents_from_text(ptl_enrolment_activity_option *a, const char *text)
{
	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\x1e');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = strndup(p, len), *fields[4] = { 0 };
		ptl_enrolment_document_option *d;
		int n = 0;

		if (!item)
			return oom();
		/* strtok would skip an empty last field: split by hand. */
		for (char *q = item; n < 4; n++) {
			fields[n] = q;
			q = strchr(q, '\x1f');
			if (!q)
				break;
			*q++ = '\0';
		}
		if (n < 3 || !(d = GROW(a->documents, a->document_count))) {
			free(item);
			return n < 3 ? ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable documents") : oom();
		}
		d->type = strdup(fields[0]);
		d->label = strdup(fields[1]);
		d->provided = fields[2][0] == 't';
		d->has_valid_until = fields[3] && *fields[3];
		d->valid_until = d->has_valid_until ? (ptl_day)atol(fields[3]) : 0;
		free(item);
		if (!d->type || !d->label)
			return oom();
		p = end ? end + 1 : NULL;
	}
	return PTL_OK;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int tree_from_rows(ptl_enrolment_options *o, const PGresult *res,
                          const struct child_info *c)
{
	ptl_enrolment_facility_option *f = NULL;
	ptl_enrolment_type_option *t = NULL;
	ptl_enrolment_activity_option *a = NULL;
	ptl_enrolment_period_option *p = NULL;
	bool p_enrolled = false, proposed_done = false;
	int rc = PTL_OK;

	for (int i = 0; rc == PTL_OK && i < PQntuples(res); i++) {
		const char *fc = ptl__db_get(res, i, "f_code"), *tc = ptl__db_get(res, i, "t_code"),
		           *ac = ptl__db_get(res, i, "a_code"), *pc = ptl__db_get(res, i, "p_code"),
		           *gc = ptl__db_get(res, i, "g_code");

		if (!fc)
			continue;
		if (!f || !same(f->code, fc)) {
			if (!(f = GROW(o->facilities, o->facility_count)))
				return oom();
			f->code = strdup(fc);
			f->name = ptl__db_dup(res, i, "f_name");
			t = NULL;
			if (!f->code || !f->name)
				return oom();
		}
		if (!tc)
			continue;
		if (!t || !same(t->code, tc)) {
			if (!(t = GROW(f->types, f->type_count)))
				return oom();
			t->code = strdup(tc);
			t->name = ptl__db_dup(res, i, "t_name");
			t->category = ptl__db_dup(res, i, "t_category");
			a = NULL;
			if (!t->code || !t->name || !t->category)
				return oom();
		}
		if (!ac)
			continue;
		if (!a || !same(a->code, ac)) {
			if (!(a = GROW(t->activities, t->activity_count)))
				return oom();
			a->code = strdup(ac);
			a->name = ptl__db_dup(res, i, "a_name");
			a->description = ptl__db_dup(res, i, "a_description");
			a->pre_enrolment = same(t->category, "petite_enfance");
			a->asks_comment = ptl__db_get_bool(res, i, "a_asks_comment");
			a->rules_title = ptl__db_dup(res, i, "a_rules_title");
			a->rules_version = ptl__db_dup(res, i, "a_rules_version");
			a->rules_url = ptl__db_dup(res, i, "a_rules_url");
			a->rules_accepted = ptl__db_get_bool(res, i, "a_rules_accepted");
			p = NULL;
			if (!a->code || !a->name || !a->description || !a->rules_title ||
			    !a->rules_version || !a->rules_url)
				return oom();
			if ((rc = documents_from_text(a, ptl__db_get(res, i, "a_documents"))) != PTL_OK)
				return rc;
		}
		if (!pc)
			continue;
		if (!p || !same(p->code, pc)) {
			if (!(p = GROW(a->periods, a->period_count)))
				return oom();
			p->code = strdup(pc);
			p->label = ptl__db_dup(res, i, "p_label");
			p->first_day = (ptl_day)ptl__db_get_int64(res, i, "p_first_day");
			p->last_day = (ptl_day)ptl__db_get_int64(res, i, "p_last_day");
			p->enrolment_opens = (ptl_day)ptl__db_get_int64(res, i, "p_opens");
			p->enrolment_closes = (ptl_day)ptl__db_get_int64(res, i, "p_closes");
			p_enrolled = ptl__db_get_bool(res, i, "p_enrolled");
			proposed_done = false;
			if (!p->code || !p->label)
				return oom();
		}
		/* The period is judged once all its groups are read: when the
		 * next row starts another period, or after the last row. */
		if (gc) {
			ptl_enrolment_group_option *g = GROW(p->groups, p->group_count);
			struct ptl__group_rule rule = {
				(int)ptl__db_get_int64(res, i, "g_min"), (int)ptl__db_get_int64(res, i, "g_max"),
				(ptl_day)ptl__db_get_int64(res, i, "g_reference"),
				ptl__db_get(res, i, "g_levels"),
			};
			bool err = false;
			int64_t left = ptl__db_get_int64(res, i, "g_left");

			if (!g)
				return oom();
			g->code = strdup(gc);
			g->label = ptl__db_dup(res, i, "g_label");
			g->places_left = left > 0 ? (int)left : 0;
			g->reason = group_reason(&rule, c, &err);
			g->eligible = !g->reason;
			g->proposed = g->eligible && !proposed_done;
			proposed_done = proposed_done || g->eligible;
			if (err || !g->code || !g->label)
				return oom();
		}
		/* Judge a period when the next row is not of it. */
		if (i + 1 == PQntuples(res) || !same(ptl__db_get(res, i + 1, "p_code"), pc)) {
			rc = period_judge(p, p_enrolled, c);
			p = NULL;
		}
	}
	return rc == PTL_OK ? judge_all(o, c) : rc;
}

int ptl_enrolment_options_get(ptl_enrolment_options **out, ptl_session *session_out,
                              ptl_db *db, const char *token, int64_t child_id)
{
	char hash[65], today[11];
	struct ptl__num now = ptl__num(ptl_clock_now()), cid = ptl__num(child_id);
	const char *params[] = { hash, now.s, cid.s, today };
	ptl_enrolment_options *o = NULL;
	ptl_session session;
	PGresult *res;
	int rc;

	*out = NULL;
	ptl__enrolment_today(today);
	if ((rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	if (!(res = ptl__db_query_prepared(db, options_sql, 4, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__session_from_row(&session, res, 0)) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	if (session_out)
		*session_out = session;
	if (!ptl__db_get(res, 0, "child_id")) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", "Cet enfant est introuvable.",
		                      "no child %lld in this family", (long long)child_id);
	}
	struct child_info c = {
		ptl__db_get(res, 0, "child_first_name"), ptl__db_get(res, 0, "child_sex"),
		ptl__db_get(res, 0, "child_school_level"),
		(ptl_day)ptl__db_get_int64(res, 0, "birth_day"),
		ptl_day_of_instant_paris(ptl_clock_now()),
	};
	if (!(o = calloc(1, sizeof(*o)))) {
		rc = oom();
	} else {
		o->child_id = child_id;
		o->child_first_name = dup_or_null(c.first_name);
		o->school_level = dup_or_null(c.school_level);
		o->age_months = ptl__age_months(c.birth, c.today);
		rc = !o->child_first_name || !o->school_level ? oom() : tree_from_rows(o, res, &c);
	}
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_enrolment_options_free(o);
		return rc;
	}
	*out = o;
	return PTL_OK;
}
