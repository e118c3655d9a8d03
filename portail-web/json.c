/*
 * json.c — the reading of request bodies.
 *
 * What the API shows (families, guardians, children, requests) comes from
 * libportail-json, the one representation the CLI shows too. Reading a body
 * only checks JSON types: what a value may be is the library's business.
 */

#include <stdio.h>

#include "web.h"

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
