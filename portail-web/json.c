/*
 * json.c — the API's JSON objects and the reading of request bodies.
 *
 * The objects every route shares: a guardian, a child, a request of the
 * validation queue (its before/after values are JSON text in the library,
 * handed on as objects). Dates are "YYYY-MM-DD", instants ISO 8601 in UTC.
 * Reading a body only checks JSON types: what a value may be is the
 * library's business.
 */

#include "web.h"

/* Library text is never NULL; should one be, "" rather than a failed reply. */
static const char *text(const char *s)
{
	return s ? s : "";
}

json_t *web_guardian_json(const ptl_guardian *g)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}",
		"id", (json_int_t)g->id,
		"first_name", text(g->first_name),
		"last_name", text(g->last_name),
		"email", text(g->email),
		"phone", text(g->phone),
		"address", text(g->address),
		"postcode", text(g->postcode),
		"city", text(g->city),
		"mobile_phone", text(g->mobile_phone),
		"work_phone", text(g->work_phone),
		"employer", text(g->employer),
		"notify_by_email", g->notify_by_email,
		"notify_by_sms", g->notify_by_sms);
}

json_t *web_child_json(const ptl_child *c)
{
	char birth[11];

	ptl_day_format(birth, c->birth_date);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
		"id", (json_int_t)c->id,
		"first_name", text(c->first_name),
		"last_name", text(c->last_name),
		"birth_date", birth,
		"sex", text(c->sex),
		"school", text(c->school),
		"school_level", text(c->school_level),
		"allergies", text(c->allergies),
		"diet", text(c->diet),
		"doctor", text(c->doctor),
		"authorized_pickup", text(c->authorized_pickup));
}

/* A JSON object from the library's text; {} if it is not one. */
static json_t *object_of(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;

	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	return j;
}

static json_t *instant(ptl_time t)
{
	char buf[21];

	if (t == 0)
		return json_null();
	ptl_time_format(buf, t);
	return json_string(buf);
}

json_t *web_request_json(const ptl_request *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:o}",
		"id", (json_int_t)r->id,
		"kind", text(r->kind),
		"status", text(r->status),
		"summary", text(r->summary),
		"created_at", instant(r->created_at),
		"processed_at", instant(r->processed_at),
		"note", text(r->note),
		"target_id", r->target_id ? json_integer((json_int_t)r->target_id) : json_null(),
		"before", object_of(r->before_json),
		"after", object_of(r->after_json));
}

static void bad_member(struct web_reply *rp, const char *name)
{
	web_reply_error(rp, 400, "bad_request", "La requête est mal formée.", name);
}

bool web_body_strings(const struct web_request *rq, struct web_reply *rp,
                      const char *const *names, const char **out)
{
	for (size_t i = 0; names[i]; i++) {
		const json_t *v = json_object_get(rq->json, names[i]);

		out[i] = NULL;
		if (!v || json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			bad_member(rp, names[i]);
			return false;
		}
		out[i] = json_string_value(v);
	}
	return true;
}

bool web_body_bool(const struct web_request *rq, struct web_reply *rp,
                   const char *name, int *out)
{
	const json_t *v = json_object_get(rq->json, name);

	if (!v || json_is_null(v))
		return true;
	if (!json_is_boolean(v)) {
		bad_member(rp, name);
		return false;
	}
	*out = json_is_true(v);
	return true;
}
