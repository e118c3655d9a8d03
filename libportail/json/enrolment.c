/*
 * enrolment.c — the JSON representations of enrolments and of the cascade
 * a parent enrols a child through, as the enrolment web API gives them
 * (/api/v1/children/{child}/enrolment-options, .../enrolments): one
 * function each, used by the web API and the CLI's --json alike.
 */
#include <portail-json/portail-json.h>

#include "writer.h"

static void pre_enrolment(struct ptl__jw *w, const ptl_enrolment *e)
{
	if (!e->pre_enrolment) {
		ptl__jw_null(w, "pre_enrolment");
		return;
	}
	ptl__jw_open(w, "pre_enrolment", '{');
	ptl__jw_day(w, "wanted_start", e->wanted_start);
	ptl__jw_int(w, "days_per_week", e->days_per_week);
	ptl__jw_int(w, "hours_per_week", e->hours_per_week);
	if (e->has_contract) {
		ptl__jw_open(w, "contract", '{');
		ptl__jw_day(w, "start", e->contract_start);
		ptl__jw_int(w, "days_per_week", e->contract_days);
		ptl__jw_int(w, "hours_per_week", e->contract_hours);
		ptl__jw_close(w, '}');
	}
	ptl__jw_close(w, '}');
}

static void enrolment(struct ptl__jw *w, const ptl_enrolment *e, unsigned int flags)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_int(w, "id", e->id);
	ptl__jw_int(w, "child_id", e->child_id);
	ptl__jw_text(w, "child_name", e->child_name);
	ptl__jw_text(w, "facility", e->facility);
	ptl__jw_text(w, "activity_type", e->activity_type);
	ptl__jw_text(w, "activity", e->activity);
	ptl__jw_text(w, "category", e->category);
	ptl__jw_open(w, "period", '{');
	ptl__jw_text(w, "code", e->period_code);
	ptl__jw_text(w, "label", e->period_label);
	ptl__jw_close(w, '}');
	ptl__jw_open(w, "group", '{');
	ptl__jw_text(w, "code", e->group_code);
	ptl__jw_text(w, "label", e->group_label);
	ptl__jw_close(w, '}');
	ptl__jw_day(w, "first_day", e->first_day);
	ptl__jw_day(w, "last_day", e->last_day);
	ptl__jw_text(w, "status", ptl_enrolment_status_name(e->status));
	ptl__jw_text(w, "status_label", ptl_enrolment_status_label(e->status));
	ptl__jw_string(w, "marker", e->marker);
	ptl__jw_text(w, "comment", e->comment);
	ptl__jw_string(w, "reason", *e->reason ? e->reason : NULL);
	ptl__jw_int_or_null(w, "waitlist_rank", e->waitlist_rank);
	pre_enrolment(w, e);
	ptl__jw_open(w, "missing", '[');
	for (size_t i = 0; i < e->missing_count; i++) {
		ptl__jw_open(w, NULL, '{');
		ptl__jw_text(w, "type", e->missing[i].type);
		ptl__jw_text(w, "label", e->missing[i].label);
		ptl__jw_close(w, '}');
	}
	ptl__jw_close(w, ']');
	if (*e->rules_version) {
		ptl__jw_open(w, "rules_to_accept", '{');
		ptl__jw_text(w, "title", e->rules_title);
		ptl__jw_text(w, "version", e->rules_version);
		ptl__jw_text(w, "url", e->rules_url);
		ptl__jw_close(w, '}');
	} else {
		ptl__jw_null(w, "rules_to_accept");
	}
	ptl__jw_int_or_null(w, "request_id", e->request_id);
	ptl__jw_time(w, "created_at", e->created_at);
	if (flags & PTL_JSON_MANAGER)
		ptl__jw_int(w, "family_id", e->family_id);
	ptl__jw_close(w, '}');
}

static void enrolments(struct ptl__jw *w, const ptl_enrolments *list, unsigned int flags)
{
	ptl__jw_open(w, NULL, '[');
	for (size_t i = 0; i < list->count; i++)
		enrolment(w, &list->items[i], flags);
	ptl__jw_close(w, ']');
}

json_t *ptl_json_enrolment(const ptl_enrolment *e, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	enrolment(&w, e, flags);
	return ptl__jw_finish_json(&w);
}

json_t *ptl_json_enrolments(const ptl_enrolments *list, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	enrolments(&w, list, flags);
	return ptl__jw_finish_json(&w);
}

char *ptl_json_enrolments_text(const ptl_enrolments *list, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	enrolments(&w, list, flags);
	return ptl__jw_finish(&w);
}

/* --- the cascade ---------------------------------------------------------- */

static void group_option(struct ptl__jw *w, const ptl_enrolment_group_option *g)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_text(w, "code", g->code);
	ptl__jw_text(w, "label", g->label);
	ptl__jw_bool(w, "eligible", g->eligible);
	ptl__jw_bool(w, "proposed", g->proposed);
	ptl__jw_string(w, "reason", g->reason);
	ptl__jw_int(w, "places_left", g->places_left);
	ptl__jw_close(w, '}');
}

static void period_option(struct ptl__jw *w, const ptl_enrolment_period_option *p)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_text(w, "code", p->code);
	ptl__jw_text(w, "label", p->label);
	ptl__jw_day(w, "first_day", p->first_day);
	ptl__jw_day(w, "last_day", p->last_day);
	ptl__jw_day(w, "enrolment_opens", p->enrolment_opens);
	ptl__jw_day(w, "enrolment_closes", p->enrolment_closes);
	ptl__jw_bool(w, "offered", p->offered);
	ptl__jw_string(w, "reason", p->reason);
	ptl__jw_open(w, "groups", '[');
	for (size_t i = 0; i < p->group_count; i++)
		group_option(w, &p->groups[i]);
	ptl__jw_close(w, ']');
	ptl__jw_close(w, '}');
}

static void activity_option(struct ptl__jw *w, const ptl_enrolment_activity_option *a)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_text(w, "code", a->code);
	ptl__jw_text(w, "name", a->name);
	ptl__jw_text(w, "description", a->description);
	ptl__jw_bool(w, "offered", a->offered);
	ptl__jw_string(w, "reason", a->reason);
	ptl__jw_bool(w, "pre_enrolment", a->pre_enrolment);
	ptl__jw_bool(w, "asks_comment", a->asks_comment);
	if (*a->rules_version) {
		ptl__jw_open(w, "rules", '{');
		ptl__jw_text(w, "title", a->rules_title);
		ptl__jw_text(w, "version", a->rules_version);
		ptl__jw_text(w, "url", a->rules_url);
		ptl__jw_bool(w, "accepted", a->rules_accepted);
		ptl__jw_close(w, '}');
	} else {
		ptl__jw_null(w, "rules");
	}
	ptl__jw_open(w, "documents", '[');
	for (size_t i = 0; i < a->document_count; i++) {
		const ptl_enrolment_document_option *d = &a->documents[i];

		ptl__jw_open(w, NULL, '{');
		ptl__jw_text(w, "type", d->type);
		ptl__jw_text(w, "label", d->label);
		ptl__jw_bool(w, "provided", d->provided);
		if (d->has_valid_until)
			ptl__jw_day(w, "valid_until", d->valid_until);
		else
			ptl__jw_null(w, "valid_until");
		ptl__jw_close(w, '}');
	}
	ptl__jw_close(w, ']');
	ptl__jw_open(w, "periods", '[');
	for (size_t i = 0; i < a->period_count; i++)
		period_option(w, &a->periods[i]);
	ptl__jw_close(w, ']');
	ptl__jw_close(w, '}');
}

static void type_option(struct ptl__jw *w, const ptl_enrolment_type_option *t)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_text(w, "code", t->code);
	ptl__jw_text(w, "name", t->name);
	ptl__jw_text(w, "category", t->category);
	ptl__jw_bool(w, "offered", t->offered);
	ptl__jw_string(w, "reason", t->reason);
	ptl__jw_open(w, "activities", '[');
	for (size_t k = 0; k < t->activity_count; k++)
		activity_option(w, &t->activities[k]);
	ptl__jw_close(w, ']');
	ptl__jw_close(w, '}');
}

static void enrolment_options(struct ptl__jw *w, const ptl_enrolment_options *o)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_open(w, "child", '{');
	ptl__jw_int(w, "id", o->child_id);
	ptl__jw_text(w, "first_name", o->child_first_name);
	ptl__jw_int(w, "age_months", o->age_months);
	ptl__jw_text(w, "school_level", o->school_level);
	ptl__jw_close(w, '}');
	ptl__jw_open(w, "facilities", '[');
	for (size_t i = 0; i < o->facility_count; i++) {
		const ptl_enrolment_facility_option *f = &o->facilities[i];

		ptl__jw_open(w, NULL, '{');
		ptl__jw_text(w, "code", f->code);
		ptl__jw_text(w, "name", f->name);
		ptl__jw_bool(w, "offered", f->offered);
		ptl__jw_string(w, "reason", f->reason);
		ptl__jw_open(w, "activity_types", '[');
		for (size_t j = 0; j < f->type_count; j++)
			type_option(w, &f->types[j]);
		ptl__jw_close(w, ']');
		ptl__jw_close(w, '}');
	}
	ptl__jw_close(w, ']');
	ptl__jw_close(w, '}');
}

json_t *ptl_json_enrolment_options(const ptl_enrolment_options *o, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	(void)flags;
	enrolment_options(&w, o);
	return ptl__jw_finish_json(&w);
}

char *ptl_json_enrolment_options_text(const ptl_enrolment_options *o, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	(void)flags;
	enrolment_options(&w, o);
	return ptl__jw_finish(&w);
}
