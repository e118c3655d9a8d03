/*
 * enrolment.c — the JSON representations of enrolments and of the cascade
 * a parent enrols a child through, as the enrolment web API gives them
 * (/api/v1/children/{child}/enrolment-options, .../enrolments): one
 * function each, used by the web API and the CLI's --json alike.
 */
#include <portail-json/portail-json.h>

/* A string, or null for NULL. */
static json_t *text_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

/* Append @p item to @p array; on failure release both and return NULL. */
static json_t *append(json_t *array, json_t *item)
{
	if (array && item && json_array_append_new(array, item) == 0)
		return array;
	json_decref(array);
	if (!array || !item)
		json_decref(item);
	return NULL;
}

static json_t *pre_enrolment(const ptl_enrolment *e)
{
	json_t *obj;

	if (!e->pre_enrolment)
		return json_null();
	obj = json_pack("{s:o, s:i, s:i}", "wanted_start", ptl_json_day(e->wanted_start),
	                "days_per_week", e->days_per_week, "hours_per_week", e->hours_per_week);
	if (obj && e->has_contract &&
	    json_object_set_new(obj, "contract", json_pack("{s:o, s:i, s:i}",
	                        "start", ptl_json_day(e->contract_start),
	                        "days_per_week", e->contract_days,
	                        "hours_per_week", e->contract_hours)) != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

json_t *ptl_json_enrolment(const ptl_enrolment *e, unsigned int flags)
{
	json_t *missing = json_array(), *obj;

	for (size_t i = 0; missing && i < e->missing_count; i++)
		missing = append(missing, json_pack("{s:o, s:o}",
		                 "type", ptl_json_text(e->missing[i].type),
		                 "label", ptl_json_text(e->missing[i].label)));
	obj = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:{s:o, s:o}, s:o, s:o,"
	                " s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)e->id,
		"child_id", (json_int_t)e->child_id,
		"child_name", ptl_json_text(e->child_name),
		"facility", ptl_json_text(e->facility),
		"activity_type", ptl_json_text(e->activity_type),
		"activity", ptl_json_text(e->activity),
		"category", ptl_json_text(e->category),
		"period", "code", ptl_json_text(e->period_code), "label", ptl_json_text(e->period_label),
		"group", "code", ptl_json_text(e->group_code), "label", ptl_json_text(e->group_label),
		"first_day", ptl_json_day(e->first_day),
		"last_day", ptl_json_day(e->last_day),
		"status", ptl_json_text(ptl_enrolment_status_name(e->status)),
		"status_label", ptl_json_text(ptl_enrolment_status_label(e->status)),
		"marker", text_or_null(e->marker),
		"comment", ptl_json_text(e->comment),
		"reason", *e->reason ? json_string(e->reason) : json_null(),
		"waitlist_rank", e->waitlist_rank ? json_integer(e->waitlist_rank) : json_null(),
		"pre_enrolment", pre_enrolment(e),
		"missing", missing,
		"rules_to_accept", *e->rules_version
			? json_pack("{s:o, s:o, s:o}", "title", ptl_json_text(e->rules_title),
			            "version", ptl_json_text(e->rules_version),
			            "url", ptl_json_text(e->rules_url))
			: json_null(),
		"request_id", e->request_id ? json_integer((json_int_t)e->request_id) : json_null(),
		"created_at", ptl_json_time(e->created_at));
	if (obj && (flags & PTL_JSON_MANAGER) &&
	    json_object_set_new(obj, "family_id", json_integer((json_int_t)e->family_id)) != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

json_t *ptl_json_enrolments(const ptl_enrolments *list, unsigned int flags)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++)
		array = append(array, ptl_json_enrolment(&list->items[i], flags));
	return array;
}

/* --- the cascade ---------------------------------------------------------- */

static json_t *group_option(const ptl_enrolment_group_option *g)
{
	return json_pack("{s:o, s:o, s:b, s:b, s:o, s:i}",
		"code", ptl_json_text(g->code), "label", ptl_json_text(g->label),
		"eligible", g->eligible, "proposed", g->proposed, "reason", text_or_null(g->reason),
		"places_left", g->places_left);
}

static json_t *period_option(const ptl_enrolment_period_option *p)
{
	json_t *groups = json_array();

	for (size_t i = 0; groups && i < p->group_count; i++)
		groups = append(groups, group_option(&p->groups[i]));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
		"code", ptl_json_text(p->code), "label", ptl_json_text(p->label),
		"first_day", ptl_json_day(p->first_day), "last_day", ptl_json_day(p->last_day),
		"enrolment_opens", ptl_json_day(p->enrolment_opens),
		"enrolment_closes", ptl_json_day(p->enrolment_closes),
		"offered", p->offered, "reason", text_or_null(p->reason), "groups", groups);
}

static json_t *activity_option(const ptl_enrolment_activity_option *a)
{
	json_t *documents = json_array(), *periods = json_array();

	for (size_t i = 0; documents && i < a->document_count; i++) {
		const ptl_enrolment_document_option *d = &a->documents[i];

		documents = append(documents, json_pack("{s:o, s:o, s:b, s:o}",
			"type", ptl_json_text(d->type), "label", ptl_json_text(d->label),
			"provided", d->provided,
			"valid_until", d->has_valid_until ? ptl_json_day(d->valid_until) : json_null()));
	}
	for (size_t i = 0; periods && i < a->period_count; i++)
		periods = append(periods, period_option(&a->periods[i]));
	return json_pack("{s:o, s:o, s:o, s:b, s:o, s:b, s:b, s:o, s:o, s:o}",
		"code", ptl_json_text(a->code), "name", ptl_json_text(a->name),
		"description", ptl_json_text(a->description),
		"offered", a->offered, "reason", text_or_null(a->reason),
		"pre_enrolment", a->pre_enrolment, "asks_comment", a->asks_comment,
		"rules", *a->rules_version
			? json_pack("{s:o, s:o, s:o, s:b}", "title", ptl_json_text(a->rules_title),
			            "version", ptl_json_text(a->rules_version),
			            "url", ptl_json_text(a->rules_url), "accepted", a->rules_accepted)
			: json_null(),
		"documents", documents, "periods", periods);
}

json_t *ptl_json_enrolment_options(const ptl_enrolment_options *o, unsigned int flags)
{
	json_t *facilities = json_array();

	(void)flags;
	for (size_t i = 0; facilities && i < o->facility_count; i++) {
		const ptl_enrolment_facility_option *f = &o->facilities[i];
		json_t *types = json_array();

		for (size_t j = 0; types && j < f->type_count; j++) {
			const ptl_enrolment_type_option *t = &f->types[j];
			json_t *activities = json_array();

			for (size_t k = 0; activities && k < t->activity_count; k++)
				activities = append(activities, activity_option(&t->activities[k]));
			types = append(types, json_pack("{s:o, s:o, s:o, s:b, s:o, s:o}",
				"code", ptl_json_text(t->code), "name", ptl_json_text(t->name),
				"category", ptl_json_text(t->category), "offered", t->offered,
				"reason", text_or_null(t->reason), "activities", activities));
		}
		facilities = append(facilities, json_pack("{s:o, s:o, s:b, s:o, s:o}",
			"code", ptl_json_text(f->code), "name", ptl_json_text(f->name),
			"offered", f->offered, "reason", text_or_null(f->reason), "activity_types", types));
	}
	return json_pack("{s:{s:I, s:o, s:i, s:o}, s:o}",
		"child", "id", (json_int_t)o->child_id, "first_name", ptl_json_text(o->child_first_name),
		"age_months", o->age_months, "school_level", ptl_json_text(o->school_level),
		"facilities", facilities);
}
