/*
 * enrolment-submit.c — a parent enrols a child (see ptl_enrolment_submit in
 * enrolment.h), in one transaction:
 *
 *   1. the child's row is locked (FOR UPDATE): two submissions for the same
 *      child are judged one after the other, so that the overlap check
 *      below cannot let both pass;
 *   2. the period and group are found by their codes, with the activity's
 *      conditions and whether the family accepted the current rules;
 *   3. the rules of core/enrolment-rules: the enrolment window, the child's
 *      eligibility for the group, the dates inside the period;
 *   4. no pending, validated or waiting enrolment of the child in the
 *      period overlaps the dates (409 with the dates of the one that does);
 *   5. the rules acceptance is recorded, the enrolment inserted, its
 *      request sent (kind "enrolment", whose target is the enrolment), and
 *      the enrolment read back from the UPDATE that links it to its request
 *      (RETURNING, with what the family must still provide).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/enrolment.h>
#include <portail/error.h>

#include "core/enrolment-rules.h"
#include "core/text.h"
#include "db-internal.h"
#include "enrolment-internal.h"
#include "error-internal.h"
#include "request-internal.h"
#include "util.h"

struct submission {
	int64_t family_id, guardian_id, child_id;
	const ptl_enrolment_new_options *in;
	char *comment;             /* trimmed */
	ptl_enrolment *written;    /* out */
	ptl_request *request;      /* out */
};

static int invalid(const char *field, const char *fr, const char *en)
{
	return ptl__error_set(PTL_EINVALID, field, fr, "%s", en);
}

/* A required day inside [first, last], from @p text. */
static int day_in_period(ptl_day *out, const char *text, const char *field, ptl_day first,
                         ptl_day last)
{
	char a[PTL_DAY_FR_SIZE], b[PTL_DAY_FR_SIZE], fr[160];

	if (!text || !*text)
		return invalid(field, "Indiquez la date.", "a date is required");
	if (ptl_day_parse(out, text) != PTL_OK)
		return invalid(field, "Cette date n’est pas valide (AAAA-MM-JJ).", "not a date (YYYY-MM-DD)");
	if (*out < first || *out > last) {
		ptl_day_format_fr(a, first);
		ptl_day_format_fr(b, last);
		snprintf(fr, sizeof(fr), "La date doit être comprise entre le %s et le %s.", a, b);
		return ptl__error_set(PTL_EINVALID, field, fr, "outside the period");
	}
	return PTL_OK;
}

/* The child, locked. */
static PGresult *child_locked(ptl_db *db, const struct submission *s, int *rc)
{
	struct ptl__num cid = ptl__num(s->child_id), fid = ptl__num(s->family_id);
	const char *params[] = { cid.s, fid.s };
	PGresult *res = ptl__db_query(db,
		"SELECT c.first_name, c.last_name, c.sex, c.school_level,"
		"       c.birth_date - date '1970-01-01' AS birth_day"
		"  FROM child c WHERE c.id = $1 AND c.family_id = $2 FOR UPDATE", 2, params);

	*rc = res ? PTL_OK : ptl_error_last()->code;
	if (res && PQntuples(res) != 1) {
		PQclear(res);
		res = NULL;
		*rc = ptl__error_set(PTL_ENOTFOUND, "id", "Cet enfant est introuvable.",
		                     "no child %s in this family", cid.s);
	}
	return res;
}

/* The period and group, with the activity's conditions. */
static PGresult *offer_of(ptl_db *db, const struct submission *s, int *rc)
{
	struct ptl__num fid = ptl__num(s->family_id);
	const char *params[] = { s->in->period, s->in->group ? s->in->group : "", fid.s };
	PGresult *res = ptl__db_query(db,
		"SELECT p.id AS period_id, p.first_day - date '1970-01-01' AS first_day,"
		"       p.last_day - date '1970-01-01' AS last_day,"
		"       p.enrolment_opens - date '1970-01-01' AS opens,"
		"       p.enrolment_closes - date '1970-01-01' AS closes,"
		"       a.id AS activity_id, a.rules_version, t.category,"
		"       EXISTS (SELECT 1 FROM rules_acceptance ra WHERE ra.family_id = $3"
		"                  AND ra.activity_id = a.id AND ra.version = a.rules_version)"
		"         AS rules_accepted,"
		"       g.id AS group_id, coalesce(g.min_age_months, -1) AS min_age,"
		"       coalesce(g.max_age_months, -1) AS max_age,"
		"       coalesce(g.age_reference_day, p.first_day) - date '1970-01-01' AS reference,"
		"       array_to_string(g.school_levels, ',') AS levels"
		"  FROM period p JOIN activity a ON a.id = p.activity_id"
		"  JOIN activity_type t ON t.id = a.activity_type_id"
		"  LEFT JOIN period_group g ON g.period_id = p.id AND g.code = $2"
		" WHERE p.code = $1", 3, params);

	*rc = res ? PTL_OK : ptl_error_last()->code;
	if (res && PQntuples(res) != 1) {
		PQclear(res);
		res = NULL;
		*rc = invalid("period", "Cette période n’existe pas.", "no such period");
	} else if (res && !ptl__db_get(res, 0, "group_id")) {
		PQclear(res);
		res = NULL;
		*rc = invalid("group", "Ce groupe n’existe pas dans cette période.",
		              "no such group in the period");
	}
	return res;
}

/* Whether the child may enrol in this group now (window and eligibility). */
static int check_offer(const PGresult *offer, const PGresult *child)
{
	char day[PTL_DAY_FR_SIZE], fr[300];
	ptl_day today = ptl_day_of_instant_paris(ptl_clock_now());
	const char *name = ptl__db_get(child, 0, "first_name");
	struct ptl__group_rule rule = {
		(int)ptl__db_get_int64(offer, 0, "min_age"), (int)ptl__db_get_int64(offer, 0, "max_age"),
		(ptl_day)ptl__db_get_int64(offer, 0, "reference"), ptl__db_get(offer, 0, "levels"),
	};

	switch (ptl__enrolment_window((ptl_day)ptl__db_get_int64(offer, 0, "opens"),
	                              (ptl_day)ptl__db_get_int64(offer, 0, "closes"), today)) {
	case PTL__WINDOW_NOT_YET:
		ptl_day_format_fr(day, (ptl_day)ptl__db_get_int64(offer, 0, "opens"));
		snprintf(fr, sizeof(fr), "Les inscriptions ouvrent le %s.", day);
		return ptl__error_set(PTL_EINVALID, "period", fr, "enrolment is not open yet");
	case PTL__WINDOW_CLOSED:
		ptl_day_format_fr(day, (ptl_day)ptl__db_get_int64(offer, 0, "closes") + 1);
		snprintf(fr, sizeof(fr), "Les inscriptions sont closes depuis le %s.", day);
		return ptl__error_set(PTL_EINVALID, "period", fr, "enrolment is closed");
	case PTL__WINDOW_OPEN:
		break;
	}
	if (ptl__group_eligibility(&rule, (ptl_day)ptl__db_get_int64(child, 0, "birth_day"),
	                           ptl__db_get(child, 0, "school_level")) != PTL__ELIGIBLE) {
		snprintf(fr, sizeof(fr), "Ce groupe ne correspond pas à l’âge ou au niveau scolaire de %s.",
		         name);
		return ptl__error_set(PTL_EINVALID, "group", fr, "the child is not eligible for the group");
	}
	return PTL_OK;
}

/* The dates asked, as SQL text: first and last day, and for petite enfance
 * the wish (wanted start, days, hours). */
struct dates {
	char first[11], last[11];
	bool pre;
	struct ptl__num days, hours;
};

static int check_dates(struct dates *d, const struct submission *s, const PGresult *offer)
{
	const ptl_enrolment_new_options *in = s->in;
	ptl_day first = (ptl_day)ptl__db_get_int64(offer, 0, "first_day"),
	        last = (ptl_day)ptl__db_get_int64(offer, 0, "last_day"), a, b;
	int rc;

	d->pre = strcmp(ptl__db_get(offer, 0, "category"), "petite_enfance") == 0;
	if (d->pre) {
		if ((rc = day_in_period(&a, in->wanted_start, "wanted_start", first, last)))
			return rc;
		if (in->days_per_week < 1 || in->days_per_week > 7)
			return invalid("days_per_week", "Indiquez de 1 à 7 jours par semaine.",
			               "days_per_week: 1 to 7");
		if (in->hours_per_week < 1 || in->hours_per_week > 70)
			return invalid("hours_per_week", "Indiquez de 1 à 70 heures par semaine.",
			               "hours_per_week: 1 to 70");
		b = last;
		d->days = ptl__num(in->days_per_week);
		d->hours = ptl__num(in->hours_per_week);
	} else {
		if ((rc = day_in_period(&a, in->first_day, "first_day", first, last)) ||
		    (rc = day_in_period(&b, in->last_day, "last_day", first, last)))
			return rc;
		if (b < a)
			return invalid("last_day", "La date de fin doit suivre la date de début.",
			               "last_day before first_day");
	}
	ptl_day_format(d->first, a);
	ptl_day_format(d->last, b);
	return PTL_OK;
}

/* No active enrolment of the child in the period overlaps the dates. */
static int check_overlap(ptl_db *db, const struct submission *s, const PGresult *offer,
                         const PGresult *child, const struct dates *d)
{
	struct ptl__num cid = ptl__num(s->child_id);
	const char *params[] = { cid.s, ptl__db_get(offer, 0, "period_id"), d->first, d->last };
	PGresult *res = ptl__db_query(db,
		"SELECT first_day - date '1970-01-01' AS first_day,"
		"       last_day - date '1970-01-01' AS last_day FROM enrolment"
		" WHERE child_id = $1 AND period_id = $2 AND status IN " PTL__ENROLMENT_ACTIVE
		"   AND first_day <= $4::date AND last_day >= $3::date"
		" ORDER BY first_day LIMIT 1", 4, params);
	char a[PTL_DAY_FR_SIZE], b[PTL_DAY_FR_SIZE], fr[300];
	const char *sex;
	int rc = PTL_OK;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 1) {
		sex = ptl__db_get(child, 0, "sex");
		ptl_day_format_fr(a, (ptl_day)ptl__db_get_int64(res, 0, "first_day"));
		ptl_day_format_fr(b, (ptl_day)ptl__db_get_int64(res, 0, "last_day"));
		snprintf(fr, sizeof(fr), "%s est déjà %s du %s au %s sur cette période.",
		         ptl__db_get(child, 0, "first_name"),
		         strcmp(sex, "F") == 0 ? "inscrite" : strcmp(sex, "M") == 0 ? "inscrit"
		                                                                    : "inscrit(e)",
		         a, b);
		rc = ptl__error_set(PTL_ECONFLICT, "first_day", fr,
		                    "overlaps an enrolment of the child in the period");
	}
	PQclear(res);
	return rc;
}

/* The rules: accepted before, or now in their current version. */
static int check_rules(ptl_db *db, const struct submission *s, const PGresult *offer)
{
	const char *version = ptl__db_get(offer, 0, "rules_version");
	struct ptl__num fid = ptl__num(s->family_id), gid = ptl__num(s->guardian_id),
	                now = ptl__num(ptl_clock_now());
	char fr[200];

	if (!*version || ptl__db_get_bool(offer, 0, "rules_accepted"))
		return PTL_OK;
	if (!s->in->accept_rules || strcmp(s->in->accept_rules, version) != 0) {
		snprintf(fr, sizeof(fr), "Acceptez le règlement intérieur (version %s) pour inscrire"
		         " votre enfant.", version);
		return ptl__error_set(PTL_EINVALID, "accept_rules", fr,
		                      "the rules (version %s) must be accepted", version);
	}
	const char *params[] = { fid.s, ptl__db_get(offer, 0, "activity_id"), version,
	                         s->guardian_id ? gid.s : NULL, now.s };
	return ptl__db_exec(db,
		"INSERT INTO rules_acceptance (family_id, activity_id, version, guardian_id, accepted_at)"
		" VALUES ($1, $2, $3, $4, to_timestamp($5::bigint)) ON CONFLICT DO NOTHING", 5, params);
}

static int submit(ptl_db *db, void *ctx)
{
	struct submission *s = ctx;
	PGresult *child = NULL, *offer = NULL, *res = NULL;
	struct dates d = { 0 };
	int64_t enrolment_id, request_id = 0;
	char today[11];
	int rc;

	ptl_enrolment_free(s->written);
	s->written = NULL;
	if (!(child = child_locked(db, s, &rc)) || !(offer = offer_of(db, s, &rc)) ||
	    (rc = check_offer(offer, child)) || (rc = check_dates(&d, s, offer)) ||
	    (rc = check_overlap(db, s, offer, child, &d)) || (rc = check_rules(db, s, offer)))
		goto done;

	struct ptl__num fid = ptl__num(s->family_id), cid = ptl__num(s->child_id),
	                now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, cid.s, ptl__db_get(offer, 0, "period_id"),
	                         ptl__db_get(offer, 0, "group_id"), d.first, d.last, s->comment,
	                         d.pre ? d.first : NULL, d.pre ? d.days.s : NULL,
	                         d.pre ? d.hours.s : NULL, now.s };
	res = ptl__db_query(db,
		"WITH e AS (INSERT INTO enrolment (family_id, child_id, period_id, group_id, first_day,"
		"             last_day, status, comment, wanted_start, days_per_week, hours_per_week,"
		"             created_at, updated_at)"
		"           VALUES ($1, $2, $3, $4, $5::date, $6::date, 'pending', $7, $8::date,"
		"                   $9::smallint, $10::smallint, to_timestamp($11::bigint),"
		"                   to_timestamp($11::bigint)) RETURNING *)"
		" SELECT e.id,"
		"   CASE WHEN e.wanted_start IS NULL THEN 'Inscription' ELSE 'Pré-inscription' END"
		"   || ' de ' || c.first_name || ' ' || c.last_name || ' : ' || a.name || ', ' ||"
		"   p.label || ' (' || g.label || ')' AS summary,"
		"   jsonb_strip_nulls(jsonb_build_object('child', c.first_name || ' ' || c.last_name,"
		"     'activity', a.name, 'period', p.label, 'group', g.label,"
		"     'first_day', CASE WHEN e.wanted_start IS NULL THEN e.first_day::text END,"
		"     'last_day', CASE WHEN e.wanted_start IS NULL THEN e.last_day::text END,"
		"     'wanted_start', e.wanted_start::text, 'days_per_week', e.days_per_week::text,"
		"     'hours_per_week', e.hours_per_week::text, 'comment', e.comment))::text AS after"
		"   FROM e JOIN child c ON c.id = e.child_id JOIN period p ON p.id = e.period_id"
		"   JOIN period_group g ON g.id = e.group_id JOIN activity a ON a.id = p.activity_id",
		11, params);
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	enrolment_id = ptl__db_get_int64(res, 0, "id");
	ptl_request_free(s->request);
	s->request = calloc(1, sizeof(ptl_request));
	if (!s->request) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		goto done;
	}
	struct ptl__request_new in = {
		.family_id = s->family_id,
		.guardian_id = s->guardian_id,
		.target_id = enrolment_id,
		.kind = PTL_REQUEST_ENROLMENT,
		.summary = ptl__db_get(res, 0, "summary"),
		.before_json = "{}",
		.after_json = ptl__db_get(res, 0, "after"),
		.written = s->request,
	};
	if ((rc = ptl__request_submit(db, &in, &request_id, NULL)) != PTL_OK)
		goto done;
	PQclear(res);
	struct ptl__num eid = ptl__num(enrolment_id), rid = ptl__num(request_id);
	ptl__enrolment_today(today);
	const char *link[] = { eid.s, rid.s, today };
	res = ptl__db_query(db,
		"UPDATE enrolment e SET request_id = $2"
		"  FROM child c, period p, period_group g, activity a, activity_type t, facility f"
		" WHERE e.id = $1 AND c.id = e.child_id AND p.id = e.period_id AND g.id = e.group_id"
		"   AND a.id = p.activity_id AND t.id = a.activity_type_id AND f.id = t.facility_id"
		" RETURNING " PTL__ENROLMENT_COLUMNS("$3::date"), 3, link);
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	s->written = calloc(1, sizeof(ptl_enrolment));
	rc = s->written ? ptl__enrolment_from_row(s->written, res, 0)
	                : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
done:
	PQclear(res);
	PQclear(offer);
	PQclear(child);
	return rc;
}

int ptl_enrolment_submit(ptl_enrolment **out, ptl_request **request_out, ptl_db *db,
                         int64_t family_id, int64_t guardian_id, int64_t child_id,
                         const ptl_enrolment_new_options *in)
{
	struct submission s = { family_id, guardian_id, child_id, in, NULL, NULL, NULL };
	int rc;

	*out = NULL;
	if (request_out)
		*request_out = NULL;
	if ((rc = ptl__options_check(&in->version, PTL_ENROLMENT_NEW_OPTIONS_VERSION,
	                             "ptl_enrolment_new_options")))
		return rc;
	if (!in->period || !*in->period)
		return invalid("period", "Choisissez une période.", "a period is required");
	if (!in->group || !*in->group)
		return invalid("group", "Choisissez un groupe.", "a group is required");
	if (!(s.comment = ptl__trimmed(in->comment)))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	if (!ptl__text_length_ok(s.comment, 0, 1000)) {
		free(s.comment);
		return invalid("comment", "Le commentaire ne doit pas dépasser 1000 caractères.",
		               "comment: at most 1000 characters");
	}
	rc = ptl__db_transaction(db, submit, &s);
	free(s.comment);
	if (rc != PTL_OK) {
		ptl_enrolment_free(s.written);
		ptl_request_free(s.request);
		return rc;
	}
	*out = s.written;
	if (request_out)
		*request_out = s.request;
	else
		ptl_request_free(s.request);
	return PTL_OK;
}
