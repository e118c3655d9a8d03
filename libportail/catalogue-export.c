/*
 * catalogue-export.c — a catalogue tree written as a catalogue file, in the
 * shape and key order of the format (README.md, "The catalogue file"), so
 * that importing it changes nothing. Optional members are written only when
 * they have a value (a unit's hours, counter, dependency and relations; a
 * group's age bounds, reference day and school levels; a document's
 * validity; an activity's rules). Closure days in a row with the same
 * reason become one range; an incompatible pair is written once, on the
 * later unit of the two. With ids (the web API's representation), each
 * object that has one starts with its "id".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/catalogue.h>
#include <portail/error.h>

#include "catalogue-internal.h"
#include "error-internal.h"

/* A new object, starting with "id" when ids are wanted; NULL when out of
 * memory. */
static json_t *object(bool with_ids, int64_t id)
{
	json_t *o = json_object();

	if (o && with_ids && json_object_set_new(o, "id", json_integer(id)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Set member @p key of @p obj to @p value (stolen); false on failure. */
static bool set(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}

static json_t *day(ptl_day d)
{
	char text[11];

	ptl_day_format(text, d);
	return json_string(text);
}

static json_t *hour(int minutes)
{
	char text[6];

	snprintf(text, sizeof(text), "%02d:%02d", minutes / 60 % 100, minutes % 60);
	return json_string(text);
}

static json_t *closures(const ptl_catalogue_period *pd)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < pd->closure_count;) {
		size_t j = i;
		json_t *c = json_object();

		while (j + 1 < pd->closure_count && pd->closures[j + 1].day == pd->closures[j].day + 1 &&
		       strcmp(pd->closures[j + 1].reason, pd->closures[i].reason) == 0)
			j++;
		bool ok = c && (j == i ? set(c, "day", day(pd->closures[i].day))
		                       : set(c, "from", day(pd->closures[i].day)) &&
		                         set(c, "to", day(pd->closures[j].day))) &&
		          set(c, "reason", json_string(pd->closures[i].reason)) &&
		          json_array_append_new(list, c) == 0;
		if (!ok) {
			json_decref(list);
			return NULL;
		}
		i = j + 1;
	}
	return list;
}

/* The codes of @p n units of @p pd given by index, those below @p below
 * only (SIZE_MAX: all). */
static json_t *unit_codes(const ptl_catalogue_period *pd, const int *index, size_t n, size_t below)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		if ((size_t)index[i] < below &&
		    json_array_append_new(list, json_string(pd->units[index[i]].code)) != 0) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static json_t *unit(const ptl_catalogue_period *pd, size_t i, bool ids)
{
	const ptl_catalogue_unit *u = &pd->units[i];
	json_t *o = object(ids, u->id), *incompatible = NULL;
	bool ok = o && set(o, "code", json_string(u->code)) && set(o, "label", json_string(u->label));

	if (ok && u->starts_at >= 0)
		ok = set(o, "starts_at", hour(u->starts_at));
	if (ok && u->ends_at >= 0)
		ok = set(o, "ends_at", hour(u->ends_at));
	if (ok && u->counter >= 0)
		ok = set(o, "counter", json_string(pd->counters[u->counter].code));
	if (ok && u->depends_on >= 0)
		ok = set(o, "depends_on", json_string(pd->units[u->depends_on].code));
	if (ok && (incompatible = unit_codes(pd, u->incompatible, u->incompatible_count, i)) &&
	    json_array_size(incompatible) > 0)
		ok = set(o, "incompatible_with", incompatible);
	else
		json_decref(incompatible);
	if (ok && u->linked_count > 0)
		ok = set(o, "linked", unit_codes(pd, u->linked, u->linked_count, SIZE_MAX));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *group(const ptl_catalogue_group *g, bool ids)
{
	json_t *o = object(ids, g->id), *levels = NULL;
	bool ok = o && set(o, "code", json_string(g->code)) && set(o, "label", json_string(g->label)) &&
	          set(o, "capacity", json_integer(g->capacity));

	if (ok && g->min_age_months >= 0)
		ok = set(o, "min_age_months", json_integer(g->min_age_months));
	if (ok && g->max_age_months >= 0)
		ok = set(o, "max_age_months", json_integer(g->max_age_months));
	if (ok && g->has_age_reference_day)
		ok = set(o, "age_reference_day", day(g->age_reference_day));
	if (ok && g->school_level_count > 0) {
		ok = (levels = json_array()) != NULL && set(o, "school_levels", levels);
		for (size_t i = 0; ok && i < g->school_level_count; i++)
			ok = json_array_append_new(levels, json_string(g->school_levels[i])) == 0;
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *period(const ptl_catalogue_period *pd, bool ids)
{
	json_t *o = object(ids, pd->id), *days = json_array(), *counters = json_array(),
	       *units = json_array(), *groups = json_array();
	bool ok = o && days && counters && units && groups;

	for (unsigned int d = 0; ok && d < 7; d++)
		if (pd->opening_weekdays & (1u << d))
			ok = json_array_append_new(days, json_string(ptl__catalogue_weekdays[d])) == 0;
	for (size_t i = 0; ok && i < pd->counter_count; i++) {
		json_t *c = object(ids, pd->counters[i].id);

		ok = c && set(c, "code", json_string(pd->counters[i].code)) &&
		     set(c, "label", json_string(pd->counters[i].label)) &&
		     set(c, "capacity", json_integer(pd->counters[i].capacity));
		ok = json_array_append_new(counters, c) == 0 && ok;
	}
	for (size_t i = 0; ok && i < pd->unit_count; i++)
		ok = json_array_append_new(units, unit(pd, i, ids)) == 0;
	for (size_t i = 0; ok && i < pd->group_count; i++)
		ok = json_array_append_new(groups, group(&pd->groups[i], ids)) == 0;
	ok = ok && set(o, "code", json_string(pd->code)) && set(o, "label", json_string(pd->label)) &&
	     set(o, "first_day", day(pd->first_day)) && set(o, "last_day", day(pd->last_day)) &&
	     set(o, "opening_weekdays", json_incref(days)) &&
	     set(o, "closures", closures(pd)) &&
	     set(o, "enrolment", json_pack("{s:o, s:o}", "opens", day(pd->enrolment_opens),
	                                   "closes", day(pd->enrolment_closes))) &&
	     set(o, "capacity_counters", json_incref(counters)) &&
	     set(o, "units", json_incref(units)) &&
	     set(o, "reservation_rules", json_loads(pd->reservation_rules, 0, NULL)) &&
	     set(o, "groups", json_incref(groups));
	json_decref(days);
	json_decref(counters);
	json_decref(units);
	json_decref(groups);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *activity(const ptl_catalogue_activity *a, bool ids)
{
	json_t *o = object(ids, a->id), *documents = json_array(), *periods = json_array();
	bool ok = o && documents && periods;

	for (size_t i = 0; ok && i < a->document_count; i++) {
		const ptl_catalogue_document *d = &a->documents[i];
		json_t *doc = json_pack("{s:s, s:s}", "type", d->type, "label", d->label);

		ok = doc && (d->validity_months <= 0 ||
		             set(doc, "validity_months", json_integer(d->validity_months)));
		ok = json_array_append_new(documents, doc) == 0 && ok;
	}
	for (size_t i = 0; ok && i < a->period_count; i++)
		ok = json_array_append_new(periods, period(&a->periods[i], ids)) == 0;
	ok = ok && set(o, "code", json_string(a->code)) && set(o, "name", json_string(a->name)) &&
	     set(o, "description", json_string(a->description)) &&
	     set(o, "asks_comment", json_boolean(a->asks_comment));
	if (ok && a->rules_title[0])
		ok = set(o, "rules", json_pack("{s:s, s:s, s:s}", "title", a->rules_title,
		                               "version", a->rules_version, "url", a->rules_url));
	ok = ok && set(o, "documents", json_incref(documents)) &&
	     set(o, "booking_blocked_if_missing", json_boolean(a->booking_blocked_if_missing)) &&
	     set(o, "periods", json_incref(periods));
	json_decref(documents);
	json_decref(periods);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Add @p o (stolen) to @p list, with members @p key = @p value (a string,
 * stolen) then @p list_key = @p sub (borrowed); false on failure. */
static bool add_level(json_t *list, json_t *o, const char *code, const char *name,
                      const char *list_key, json_t *sub)
{
	bool ok = o && set(o, "code", json_string(code)) && set(o, "name", json_string(name));

	if (ok && list_key)
		ok = set(o, list_key, json_incref(sub));
	return json_array_append_new(list, o) == 0 && ok;
}

int ptl_catalogue_export(char **out, const ptl_catalogue *catalogue,
                         const ptl_catalogue_export_options *opts)
{
	ptl_catalogue_export_options defaults = PTL_CATALOGUE_EXPORT_OPTIONS_INIT;
	json_t *root = json_pack("{s:i}", "format", 1), *facilities = json_array();
	bool ok, ids;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((rc = ptl__options_check(&opts->version, PTL_CATALOGUE_EXPORT_OPTIONS_VERSION,
	                             "ptl_catalogue_export_options")) != PTL_OK) {
		json_decref(root);
		json_decref(facilities);
		return rc;
	}
	ids = opts->with_ids;
	ok = root && facilities && catalogue && set(root, "facilities", json_incref(facilities));
	for (size_t f = 0; ok && f < catalogue->facility_count; f++) {
		const ptl_catalogue_facility *fa = &catalogue->facilities[f];
		json_t *types = json_array();

		ok = add_level(facilities, object(ids, fa->id), fa->code, fa->name, "activity_types",
		               types);
		for (size_t t = 0; ok && t < fa->activity_type_count; t++) {
			const ptl_catalogue_activity_type *ty = &fa->activity_types[t];
			json_t *activities = json_array(), *o = object(ids, ty->id);

			ok = add_level(types, o, ty->code, ty->name, NULL, NULL) &&
			     set(o, "category", json_string(ptl_catalogue_category_name(ty->category))) &&
			     set(o, "activities", json_incref(activities));
			for (size_t a = 0; ok && a < ty->activity_count; a++)
				ok = json_array_append_new(activities, activity(&ty->activities[a], ids)) == 0;
			json_decref(activities);
		}
		json_decref(types);
	}
	if (ok) {
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		size_t len = text ? strlen(text) : 0;

		/* jansson's text, with the final newline of a text file. */
		if (text && (*out = malloc(len + 2))) {
			memcpy(*out, text, len);
			memcpy(*out + len, "\n", 2);
		}
		free(text);
		ok = *out != NULL;
	}
	json_decref(root);
	json_decref(facilities);
	return ok ? PTL_OK : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}
