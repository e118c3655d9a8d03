/*
 * objects.c — the one JSON representation of each object that the web API
 * and the CLI both show. A representation is one function; the fields for
 * managers only come with PTL_JSON_MANAGER. Field names are the API's
 * (English, snake_case) and never change meaning.
 */
#include <portail-json/portail-json.h>

/* Add created_at and updated_at to @p obj for managers; NULL (and @p obj
 * released) when out of memory. */
static json_t *with_record_times(json_t *obj, unsigned int flags, ptl_time created,
                                 ptl_time updated)
{
	if (!obj || !(flags & PTL_JSON_MANAGER))
		return obj;
	if (json_object_set_new(obj, "created_at", ptl_json_time(created)) != 0
	    || json_object_set_new(obj, "updated_at", ptl_json_time(updated)) != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

json_t *ptl_json_guardian(const ptl_guardian *g, unsigned int flags)
{
	json_t *obj = with_record_times(json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	                                          " s:o, s:o, s:o, s:b, s:b}",
		"id", (json_int_t)g->id,
		"first_name", ptl_json_text(g->first_name),
		"last_name", ptl_json_text(g->last_name),
		"relationship", ptl_json_text(g->relationship),
		"email", ptl_json_text(g->email),
		"phone", ptl_json_text(g->phone),
		"mobile_phone", ptl_json_text(g->mobile_phone),
		"work_phone", ptl_json_text(g->work_phone),
		"address", ptl_json_text(g->address),
		"postcode", ptl_json_text(g->postcode),
		"city", ptl_json_text(g->city),
		"employer", ptl_json_text(g->employer),
		"notify_by_email", g->notify_by_email,
		"notify_by_sms", g->notify_by_sms), flags, g->created_at, g->updated_at);

	if (obj && (flags & PTL_JSON_MANAGER) &&
	    (json_object_set_new(obj, "has_login", json_boolean(g->has_login)) != 0 ||
	     json_object_set_new(obj, "login_active", json_boolean(g->login_active)) != 0)) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

json_t *ptl_json_child(const ptl_child *c, unsigned int flags)
{
	return with_record_times(json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	                                   " s:o}",
		"id", (json_int_t)c->id,
		"first_name", ptl_json_text(c->first_name),
		"last_name", ptl_json_text(c->last_name),
		"birth_date", ptl_json_day(c->birth_date),
		"sex", ptl_json_text(c->sex),
		"school", ptl_json_text(c->school),
		"school_level", ptl_json_text(c->school_level),
		"allergies", ptl_json_text(c->allergies),
		"diet", ptl_json_text(c->diet),
		"doctor", ptl_json_text(c->doctor),
		"authorized_pickup", ptl_json_text(c->authorized_pickup)),
		flags, c->created_at, c->updated_at);
}

/* A family's guardians; seen by guardian @p viewer (0: by the service),
 * each says whether it is the viewer ("you"), and the others keep their
 * notification settings to themselves. */
static json_t *family_guardians(const ptl_family *f, int64_t viewer, unsigned int flags)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < f->guardian_count; i++) {
		const ptl_guardian *g = &f->guardians[i];
		json_t *obj = ptl_json_guardian(g, flags);

		if (obj && viewer) {
			if (g->id != viewer) {
				json_object_del(obj, "notify_by_email");
				json_object_del(obj, "notify_by_sms");
			}
			if (json_object_set_new(obj, "you", json_boolean(g->id == viewer)) != 0) {
				json_decref(obj);
				obj = NULL;
			}
		}
		if (json_array_append_new(array, obj)) {
			json_decref(array);
			array = NULL;
		}
	}
	return array;
}

static json_t *family_json(const ptl_family *f, int64_t viewer, unsigned int flags)
{
	json_t *children = json_array();

	for (size_t i = 0; children && i < f->child_count; i++)
		if (json_array_append_new(children, ptl_json_child(&f->children[i], flags))) {
			json_decref(children);
			children = NULL;
		}
	/* json_pack releases the "o" values even when it fails. */
	return with_record_times(json_pack("{s:I, s:o, s:o, s:o}",
		"id", (json_int_t)f->id,
		"name", ptl_json_text(f->name),
		"guardians", family_guardians(f, viewer, flags),
		"children", children), flags, f->created_at, f->updated_at);
}

json_t *ptl_json_family(const ptl_family *f, unsigned int flags)
{
	return family_json(f, 0, flags);
}

json_t *ptl_json_family_seen_by(const ptl_family *f, int64_t guardian_id, unsigned int flags)
{
	return family_json(f, guardian_id, flags);
}

json_t *ptl_json_families(const ptl_families *list, unsigned int flags)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++)
		if (json_array_append_new(array, ptl_json_family(&list->items[i], flags))) {
			json_decref(array);
			array = NULL;
		}
	return array;
}

/* The value of a change: its text, or null when there is none. */
static json_t *text_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

/* What a request changes, as the library computed it. */
static json_t *request_changes(const ptl_request *r)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < r->change_count; i++) {
		const ptl_request_change *c = &r->changes[i];

		if (json_array_append_new(array, json_pack("{s:o, s:o, s:o, s:o}",
				"field", ptl_json_text(c->field), "label", ptl_json_text(c->label),
				"before", text_or_null(c->before), "after", text_or_null(c->after)))) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

/* Add @p value as @p name to @p obj; NULL (and @p obj released) when out of
 * memory. */
static json_t *with(json_t *obj, const char *name, json_t *value)
{
	if (obj && json_object_set_new(obj, name, value) == 0)
		return obj;
	if (!obj)
		json_decref(value);
	json_decref(obj);
	return NULL;
}

json_t *ptl_json_request(const ptl_request *r, unsigned int flags)
{
	json_t *obj = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)r->id,
		"kind", ptl_json_text(ptl_request_kind_name(r->kind)),
		"kind_label", ptl_json_text(ptl_request_kind_label(r->kind)),
		"status", ptl_json_text(ptl_request_status_name(r->status)),
		"status_label", ptl_json_text(ptl_request_status_label(r->status)),
		"summary", ptl_json_text(r->summary),
		"guardian_name", ptl_json_text(r->guardian_name),
		"target_id", id_or_null(r->target_id),
		"created_at", ptl_json_time(r->created_at),
		"processed_at", ptl_json_time(r->processed_at),
		"note", ptl_json_text(r->note),
		"after", ptl_json_parse(r->after_json),
		"changes", request_changes(r));

	/* A family sees what its request changes in "changes" (each changed
	 * field with its value before and after) and what it asked for in
	 * "after", from which the pages fill a form again; the whole record of
	 * the values before is the managers' ("before"). */
	if (!(flags & PTL_JSON_MANAGER))
		return obj;
	obj = with(obj, "before", ptl_json_parse(r->before_json));
	obj = with(obj, "family_id", json_integer((json_int_t)r->family_id));
	obj = with(obj, "family_name", ptl_json_text(r->family_name));
	obj = with(obj, "guardian_id", id_or_null(r->guardian_id));
	return with(obj, "processed_by", ptl_json_text(r->processed_by));
}

json_t *ptl_json_requests(const ptl_requests *list, unsigned int flags)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++)
		if (json_array_append_new(array, ptl_json_request(&list->items[i], flags))) {
			json_decref(array);
			array = NULL;
		}
	return array;
}

json_t *ptl_json_mail(const ptl_mail *m, unsigned int flags)
{
	(void)flags;   /* the outbox is the service's: every field is for managers */
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)m->id,
		"recipient", ptl_json_text(m->recipient),
		"subject", ptl_json_text(m->subject),
		"body", ptl_json_text(m->body),
		"status", ptl_json_text(m->status),
		"error", ptl_json_text(m->error),
		"created_at", ptl_json_time(m->created_at),
		"sent_at", ptl_json_time(m->sent_at));
}

json_t *ptl_json_structure(const ptl_structure *s, unsigned int flags)
{
	json_t *o = json_object();

	for (int i = 0; o && i < PTL_STRUCTURE_FIELD_COUNT; i++)
		if (json_object_set_new(o, ptl_structure_field_name(i), ptl_json_text(s->values[i]))) {
			json_decref(o);
			o = NULL;
		}
	if (o && (flags & PTL_JSON_MANAGER) &&
	    json_object_set_new(o, "updated_at", ptl_json_time(s->updated_at))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *ptl_json_calendar_feed(const ptl_calendar_feed *feed, unsigned int flags)
{
	json_t *o;

	(void)flags;   /* the same for managers */
	o = json_pack("{s:b, s:o}", "active", feed->active,
	              "created_at", ptl_json_time(feed->created_at));
	if (o && feed->url && json_object_set_new(o, "url", ptl_json_text(feed->url))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}
