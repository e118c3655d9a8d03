/*
 * json.c — a request of the validation queue as JSON, and the reading of
 * request bodies.
 *
 * Families, guardians and children come from libportail-json, the one
 * representation the CLI shows too. A request's before/after values are
 * JSON text in the library, handed on as objects; instants ISO 8601 in UTC.
 * Reading a body only checks JSON types: what a value may be is the
 * library's business.
 */

#include <stdio.h>

#include "web.h"

/* Library text is never NULL; should one be, "" rather than a failed reply. */
static const char *text(const char *s)
{
	return s ? s : "";
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

json_t *web_request_json(const ptl_request *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:o}",
		"id", (json_int_t)r->id,
		"kind", text(r->kind),
		"status", text(r->status),
		"summary", text(r->summary),
		"created_at", ptl_json_time(r->created_at),
		"processed_at", ptl_json_time(r->processed_at),
		"note", text(r->note),
		"target_id", r->target_id ? json_integer((json_int_t)r->target_id) : json_null(),
		"before", object_of(r->before_json),
		"after", object_of(r->after_json));
}

/* A member of the wrong JSON type: the message names it. */
static void bad_member(struct web_reply *rp, const char *name, const char *wanted)
{
	char text[256];

	snprintf(text, sizeof(text), "La requête est mal formée : « %s » doit être %s.",
		name, wanted);
	web_reply_error(rp, 400, "bad_request", text, name);
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
			bad_member(rp, names[i], "un texte");
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
		bad_member(rp, name, "vrai ou faux (true ou false)");
		return false;
	}
	*out = json_is_true(v);
	return true;
}
