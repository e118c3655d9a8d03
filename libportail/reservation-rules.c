/*
 * reservation-rules.c — a period's reservation_rules object (catalogue file
 * and period.reservation_rules) read into struct ptl__resa_rules, every key
 * checked: the catalogue import refuses a bad rule with its JSON path, and
 * the reservation module reads the stored object the same way. The keys
 * (all optional; README, "The catalogue file"):
 *
 *   "holidays": "national" | "alsace-moselle"
 *   "booking":    { "allowed": bool, "validation": bool, "notice": "D-2 12:00" }
 *   "cancelling": { "allowed": bool, "validation": bool, "notice": "...",
 *                   "late": "refused" | "billable" }
 *   "window":     { "opens": "YYYY-MM-DD", "residents_open": "YYYY-MM-DD",
 *                   "read_only_from": "YYYY-MM-DD" }
 *   "debt_threshold_cents": integer >= 0   (booking refused above it: balance.h)
 *   "online_days": "all" | "school" | "holidays"   (which days book online)
 *   "school_holidays": [ { "from": "YYYY-MM-DD", "to": "YYYY-MM-DD",
 *                          "label": "Vacances de Noël" } ]   (the zone's)
 */
#include <stdio.h>
#include <string.h>

#include <portail/holiday.h>

#include "core/notice.h"
#include "reservation-internal.h"

static bool fail(struct ptl__rules_problem *pb, const char *a, const char *b, const char *en,
                 const char *fr)
{
	snprintf(pb->path, sizeof(pb->path), "%s%s%s", a, b ? "." : "", b ? b : "");
	pb->en = en;
	pb->fr = fr;
	return false;
}

static bool keys_known(json_t *obj, const char *where, const char *const *allowed,
                       struct ptl__rules_problem *pb)
{
	const char *key;
	json_t *value;

	json_object_foreach(obj, key, value) {
		bool known = false;

		for (size_t i = 0; !known && allowed[i]; i++)
			known = strcmp(key, allowed[i]) == 0;
		if (!known) {
			/* The path names the unknown key itself. */
			if (*where)
				snprintf(pb->path, sizeof(pb->path), "%s.%s", where, key);
			else
				snprintf(pb->path, sizeof(pb->path), "%s", key);
			pb->en = "unknown key";
			pb->fr = "clé inconnue";
			return false;
		}
	}
	return true;
}

static bool get_bool(json_t *obj, const char *where, const char *key, bool *out,
                     struct ptl__rules_problem *pb)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return true;
	if (!json_is_boolean(v))
		return fail(pb, where, key, "not true or false", "doit valoir true ou false");
	*out = json_is_true(v);
	return true;
}

static bool get_day_at(json_t *obj, const char *where, const char *key, bool *has,
                       ptl_day *out, struct ptl__rules_problem *pb)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || ptl_day_parse(out, json_string_value(v)) != 0)
		return fail(pb, where, key, "not a date YYYY-MM-DD", "date attendue (AAAA-MM-JJ)");
	*has = true;
	return true;
}

static bool get_day(json_t *obj, const char *key, bool *has, ptl_day *out,
                    struct ptl__rules_problem *pb)
{
	return get_day_at(obj, "window", key, has, out, pb);
}

static bool read_change(json_t *rules, const char *where, struct ptl__resa_change_rule *out,
                        bool *late_billable, struct ptl__rules_problem *pb)
{
	static const char *const booking_keys[] = { "allowed", "validation", "notice", NULL };
	static const char *const cancelling_keys[] = { "allowed", "validation", "notice", "late",
	                                               NULL };
	json_t *obj = json_object_get(rules, where), *v;

	if (!obj || json_is_null(obj))
		return true;
	if (!json_is_object(obj))
		return fail(pb, where, NULL, "not an object", "doit être un objet {...}");
	if (!keys_known(obj, where, late_billable ? cancelling_keys : booking_keys, pb) ||
	    !get_bool(obj, where, "allowed", &out->allowed, pb) ||
	    !get_bool(obj, where, "validation", &out->validation, pb))
		return false;
	if ((v = json_object_get(obj, "notice")) && !json_is_null(v)) {
		if (!json_is_string(v) ||
		    ptl__notice_parse(&out->notice, json_string_value(v)) != NULL)
			return fail(pb, where, "notice",
			            "not a notice rule (\"D-2 12:00\", \"D-1 working 18:00\","
			            " \"previous wednesday 12:00\", \"previous-week monday 18:00\","
			            " \"previous-month day 20 12:00\")",
			            "délai de prévenance illisible (\"D-2 12:00\", \"D-1 working 18:00\","
			            " \"previous wednesday 12:00\"…)");
		out->has_notice = true;
	}
	if (late_billable && (v = json_object_get(obj, "late")) && !json_is_null(v)) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(s, "billable") == 0)
			*late_billable = true;
		else if (strcmp(s, "refused") == 0)
			*late_billable = false;
		else
			return fail(pb, where, "late", "not \"refused\" or \"billable\"",
			            "doit valoir \"refused\" ou \"billable\"");
	}
	return true;
}

/* "school_holidays": the spans of the zone's school holidays. */
static bool read_school_holidays(struct ptl__resa_rules *out, json_t *rules,
                                 struct ptl__rules_problem *pb)
{
	static const char *const span_keys[] = { "from", "to", "label", NULL };
	json_t *list = json_object_get(rules, "school_holidays"), *span;
	size_t i;

	if (!list || json_is_null(list))
		return true;
	if (!json_is_array(list))
		return fail(pb, "school_holidays", NULL, "not a list [...]", "doit être une liste [...]");
	if (json_array_size(list) > PTL__RESA_MAX_SCHOOL_HOLIDAYS)
		return fail(pb, "school_holidays", NULL, "more than 24 spans",
		            "plus de 24 périodes de vacances");
	json_array_foreach(list, i, span) {
		char where[40];
		json_t *label = json_object_get(span, "label");
		bool has_from = false, has_to = false;
		ptl_day from, to;

		snprintf(where, sizeof(where), "school_holidays[%zu]", i);
		if (!json_is_object(span))
			return fail(pb, where, NULL, "not an object", "doit être un objet {...}");
		if (!keys_known(span, where, span_keys, pb))
			return false;
		if (!get_day_at(span, where, "from", &has_from, &from, pb) ||
		    !get_day_at(span, where, "to", &has_to, &to, pb))
			return false;
		if (!has_from || !has_to)
			return fail(pb, where, has_from ? "to" : "from", "missing", "manquant");
		if (to < from)
			return fail(pb, where, "to", "before from", "avant le début (from)");
		if (label && !json_is_null(label) && !json_is_string(label))
			return fail(pb, where, "label", "not a text", "doit être un texte");
		out->school_holidays[i].first = from;
		out->school_holidays[i].last = to;
		out->school_holiday_count = (unsigned int)i + 1;
	}
	return true;
}

/* "online_days": which days families book online. */
static bool read_online_days(struct ptl__resa_rules *out, json_t *rules,
                             struct ptl__rules_problem *pb)
{
	json_t *v = json_object_get(rules, "online_days");
	const char *s;

	if (!v || json_is_null(v))
		return true;
	s = json_is_string(v) ? json_string_value(v) : "";
	if (strcmp(s, "school") == 0)
		out->online_days = PTL__RESA_DAYS_SCHOOL;
	else if (strcmp(s, "holidays") == 0)
		out->online_days = PTL__RESA_DAYS_HOLIDAYS;
	else if (strcmp(s, "all") != 0)
		return fail(pb, "online_days", NULL, "not \"all\", \"school\" or \"holidays\"",
		            "doit valoir \"all\", \"school\" ou \"holidays\"");
	if (out->online_days != PTL__RESA_DAYS_ALL && out->school_holiday_count == 0)
		return fail(pb, "online_days", NULL, "needs the zone's school_holidays",
		            "demande la liste des vacances scolaires (school_holidays)");
	return true;
}

bool ptl__reservation_rules_read(struct ptl__resa_rules *out, json_t *rules,
                                 struct ptl__rules_problem *pb)
{
	static const char *const keys[] = { "holidays", "booking", "cancelling", "window",
	                                    "debt_threshold_cents", "online_days",
	                                    "school_holidays", NULL };
	static const char *const window_keys[] = { "opens", "residents_open", "read_only_from",
	                                           NULL };
	json_t *v, *window;

	ptl__resa_rules_default(out);
	if (!json_is_object(rules))
		return fail(pb, "", NULL, "not an object", "doit être un objet {...}");
	if (!keys_known(rules, "", keys, pb))
		return false;
	if ((v = json_object_get(rules, "holidays")) && !json_is_null(v)) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(s, "alsace-moselle") == 0)
			out->holidays = PTL_HOLIDAY_ALSACE_MOSELLE;
		else if (strcmp(s, "national") != 0)
			return fail(pb, "holidays", NULL, "not \"national\" or \"alsace-moselle\"",
			            "doit valoir \"national\" ou \"alsace-moselle\"");
	}
	if (!read_change(rules, "booking", &out->booking, NULL, pb) ||
	    !read_change(rules, "cancelling", &out->cancelling, &out->late_cancel_billable, pb))
		return false;
	window = json_object_get(rules, "window");
	if (window && !json_is_null(window)) {
		if (!json_is_object(window))
			return fail(pb, "window", NULL, "not an object", "doit être un objet {...}");
		if (!keys_known(window, "window", window_keys, pb) ||
		    !get_day(window, "opens", &out->has_opens, &out->opens, pb) ||
		    !get_day(window, "residents_open", &out->has_residents_open, &out->residents_open,
		             pb) ||
		    !get_day(window, "read_only_from", &out->has_read_only_from,
		             &out->read_only_from, pb))
			return false;
		if (out->has_residents_open && !out->has_opens)
			return fail(pb, "window", "residents_open", "without opens",
			            "sans date d’ouverture (opens)");
		if (out->has_residents_open && out->residents_open > out->opens)
			return fail(pb, "window", "residents_open", "after opens",
			            "après l’ouverture pour tous (opens)");
	}
	if ((v = json_object_get(rules, "debt_threshold_cents")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return fail(pb, "debt_threshold_cents", NULL, "not a whole number >= 0",
			            "doit être un nombre entier de centimes, positif ou nul");
		out->has_debt_threshold = true;
		out->debt_threshold_cents = json_integer_value(v);
	}
	return read_school_holidays(out, rules, pb) && read_online_days(out, rules, pb);
}

bool ptl__reservation_rules_parse(struct ptl__resa_rules *out, const char *text)
{
	struct ptl__rules_problem pb;
	json_t *rules = json_loads(text ? text : "{}", 0, NULL);
	bool ok = rules && ptl__reservation_rules_read(out, rules, &pb);

	json_decref(rules);
	if (!ok) {
		/* A stored object the rules do not read (written before they were
		 * checked): nothing changes online until the manager fixes it. */
		ptl__resa_rules_default(out);
		out->booking.allowed = out->cancelling.allowed = false;
	}
	return ok;
}
