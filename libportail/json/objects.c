/*
 * objects.c — the one JSON representation of each object that the web API
 * and the CLI both show. A representation is one function; the fields for
 * managers only come with PTL_JSON_MANAGER. Field names are the API's
 * (English, snake_case) and never change meaning.
 */
#include <portail-json/portail-json.h>

#include "writer.h"

/* created_at and updated_at, for managers. */
static void record_times(struct ptl__jw *w, unsigned int flags, ptl_time created,
                         ptl_time updated)
{
	if (!(flags & PTL_JSON_MANAGER))
		return;
	ptl__jw_time(w, "created_at", created);
	ptl__jw_time(w, "updated_at", updated);
}

/* A guardian; seen by guardian @p viewer (0: by the service or alone), it
 * says whether it is the viewer ("you"), and another guardian keeps their
 * notification settings to themselves. */
static void guardian(struct ptl__jw *w, const char *key, const ptl_guardian *g,
                     int64_t viewer, unsigned int flags)
{
	ptl__jw_open(w, key, '{');
	ptl__jw_int(w, "id", g->id);
	ptl__jw_text(w, "first_name", g->first_name);
	ptl__jw_text(w, "last_name", g->last_name);
	ptl__jw_text(w, "relationship", g->relationship);
	ptl__jw_text(w, "email", g->email);
	ptl__jw_text(w, "phone", g->phone);
	ptl__jw_text(w, "mobile_phone", g->mobile_phone);
	ptl__jw_text(w, "work_phone", g->work_phone);
	ptl__jw_text(w, "address", g->address);
	ptl__jw_text(w, "postcode", g->postcode);
	ptl__jw_text(w, "city", g->city);
	ptl__jw_text(w, "employer", g->employer);
	if (!viewer || g->id == viewer) {
		ptl__jw_bool(w, "notify_by_email", g->notify_by_email);
		ptl__jw_bool(w, "notify_by_sms", g->notify_by_sms);
	}
	record_times(w, flags, g->created_at, g->updated_at);
	if (flags & PTL_JSON_MANAGER) {
		ptl__jw_bool(w, "has_login", g->has_login);
		ptl__jw_bool(w, "login_active", g->login_active);
	}
	if (viewer)
		ptl__jw_bool(w, "you", g->id == viewer);
	ptl__jw_close(w, '}');
}

json_t *ptl_json_guardian(const ptl_guardian *g, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	guardian(&w, NULL, g, 0, flags);
	return ptl__jw_finish_json(&w);
}

static void child(struct ptl__jw *w, const ptl_child *c, unsigned int flags)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_int(w, "id", c->id);
	ptl__jw_text(w, "first_name", c->first_name);
	ptl__jw_text(w, "last_name", c->last_name);
	ptl__jw_day(w, "birth_date", c->birth_date);
	ptl__jw_text(w, "sex", c->sex);
	ptl__jw_text(w, "school", c->school);
	ptl__jw_text(w, "school_level", c->school_level);
	ptl__jw_text(w, "allergies", c->allergies);
	ptl__jw_text(w, "diet", c->diet);
	ptl__jw_text(w, "doctor", c->doctor);
	ptl__jw_text(w, "authorized_pickup", c->authorized_pickup);
	record_times(w, flags, c->created_at, c->updated_at);
	ptl__jw_close(w, '}');
}

json_t *ptl_json_child(const ptl_child *c, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	child(&w, c, flags);
	return ptl__jw_finish_json(&w);
}

char *ptl_json_child_text(const ptl_child *c, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	child(&w, c, flags);
	return ptl__jw_finish(&w);
}

/* A family, its guardians seen by guardian @p viewer (0: by the service). */
static void family(struct ptl__jw *w, const char *key, const ptl_family *f, int64_t viewer,
                   unsigned int flags)
{
	ptl__jw_open(w, key, '{');
	ptl__jw_int(w, "id", f->id);
	ptl__jw_text(w, "name", f->name);
	ptl__jw_open(w, "guardians", '[');
	for (size_t i = 0; i < f->guardian_count; i++)
		guardian(w, NULL, &f->guardians[i], viewer, flags);
	ptl__jw_close(w, ']');
	ptl__jw_open(w, "children", '[');
	for (size_t i = 0; i < f->child_count; i++)
		child(w, &f->children[i], flags);
	ptl__jw_close(w, ']');
	record_times(w, flags, f->created_at, f->updated_at);
	ptl__jw_close(w, '}');
}

json_t *ptl_json_family(const ptl_family *f, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	family(&w, NULL, f, 0, flags);
	return ptl__jw_finish_json(&w);
}

json_t *ptl_json_family_seen_by(const ptl_family *f, int64_t guardian_id, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	family(&w, NULL, f, guardian_id, flags);
	return ptl__jw_finish_json(&w);
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

/* What a request changes, as the library computed it. */
static void request_changes(struct ptl__jw *w, const ptl_request *r)
{
	ptl__jw_open(w, "changes", '[');
	for (size_t i = 0; i < r->change_count; i++) {
		const ptl_request_change *c = &r->changes[i];

		ptl__jw_open(w, NULL, '{');
		ptl__jw_text(w, "field", c->field);
		ptl__jw_text(w, "label", c->label);
		ptl__jw_string(w, "before", c->before);
		ptl__jw_string(w, "after", c->after);
		ptl__jw_close(w, '}');
	}
	ptl__jw_close(w, ']');
}

static void request(struct ptl__jw *w, const ptl_request *r, unsigned int flags)
{
	ptl__jw_open(w, NULL, '{');
	ptl__jw_int(w, "id", r->id);
	ptl__jw_text(w, "kind", ptl_request_kind_name(r->kind));
	ptl__jw_text(w, "kind_label", ptl_request_kind_label(r->kind));
	ptl__jw_text(w, "status", ptl_request_status_name(r->status));
	ptl__jw_text(w, "status_label", ptl_request_status_label(r->status));
	ptl__jw_text(w, "summary", r->summary);
	ptl__jw_text(w, "guardian_name", r->guardian_name);
	ptl__jw_int_or_null(w, "target_id", r->target_id);
	ptl__jw_time(w, "created_at", r->created_at);
	ptl__jw_time(w, "processed_at", r->processed_at);
	ptl__jw_text(w, "note", r->note);
	ptl__jw_json(w, "after", r->after_json);
	request_changes(w, r);
	/* A family sees what its request changes in "changes" (each changed
	 * field with its value before and after) and what it asked for in
	 * "after", from which the pages fill a form again; the whole record of
	 * the values before is the managers' ("before"). */
	if (flags & PTL_JSON_MANAGER) {
		ptl__jw_json(w, "before", r->before_json);
		ptl__jw_int(w, "family_id", r->family_id);
		ptl__jw_text(w, "family_name", r->family_name);
		ptl__jw_int_or_null(w, "guardian_id", r->guardian_id);
		ptl__jw_text(w, "processed_by", r->processed_by);
	}
	ptl__jw_close(w, '}');
}

json_t *ptl_json_request(const ptl_request *r, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	request(&w, r, flags);
	return ptl__jw_finish_json(&w);
}

static void requests(struct ptl__jw *w, const char *key, const ptl_requests *list,
                     unsigned int flags)
{
	ptl__jw_open(w, key, '[');
	for (size_t i = 0; i < list->count; i++)
		request(w, &list->items[i], flags);
	ptl__jw_close(w, ']');
}

json_t *ptl_json_requests(const ptl_requests *list, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	requests(&w, NULL, list, flags);
	return ptl__jw_finish_json(&w);
}

char *ptl_json_requests_text(const ptl_requests *list, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	ptl__jw_open(&w, NULL, '{');
	requests(&w, "requests", list, flags);
	ptl__jw_close(&w, '}');
	return ptl__jw_finish(&w);
}

char *ptl_json_me_text(const ptl_me *me, unsigned int flags)
{
	struct ptl__jw w = { 0 };

	ptl__jw_open(&w, NULL, '{');
	guardian(&w, "guardian", me->guardian, 0, flags);
	family(&w, "family", me->family, me->session.guardian_id, flags);
	requests(&w, "pending", me->pending, flags);
	ptl__jw_bool(&w, "must_change_password", me->session.must_change_password);
	ptl__jw_text(&w, "csrf_token", me->session.csrf_token);
	ptl__jw_close(&w, '}');
	return ptl__jw_finish(&w);
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
