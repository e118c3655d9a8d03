/*
 * vocabulary.c — the words and rules the pages need to build their forms
 * and show values, as JSON: the field table of libportail (portail/field.h),
 * the request kinds and the password policy. Served by portail-web as
 * GET /api/v1/vocabulary, so that no page holds a copy of a limit or a list.
 */
#include <string.h>

#include <portail-json/portail-json.h>

/* Add @p key: @p value to @p obj (stealing @p value); false when out of
 * memory, with @p value released. */
static bool set(json_t *obj, const char *key, json_t *value)
{
	return json_object_set_new(obj, key, value) == 0;
}

static json_t *message(const ptl_field *f, ptl_field_problem problem)
{
	char fr[512];

	ptl_field_message_fr(fr, sizeof(fr), f, problem);
	return json_string(fr);
}

json_t *ptl_json_field(const ptl_field *f)
{
	json_t *obj = json_pack("{s:s, s:s, s:b, s:s}",
		"name", f->name,
		"label", f->label_fr,
		"required", f->required,
		"format", ptl_field_format_name(f->format));
	json_t *messages = json_object();
	bool ok = obj && messages;

	ok = ok && set(obj, "max_length", f->max_chars ? json_integer((json_int_t)f->max_chars)
	                                               : json_null());
	if (ok && *ptl_field_format_pattern(f->format))
		ok = set(obj, "pattern", json_string(ptl_field_format_pattern(f->format)));
	if (ok && f->format == PTL_FIELD_CHOICE) {
		json_t *values = json_array();
		ok = set(obj, "values", values) && values;
		for (size_t i = 0; ok && i < f->value_count; i++)
			ok = json_array_append_new(values, json_pack("{s:s, s:s}",
				"value", f->values[i].value, "label", f->values[i].label_fr)) == 0;
	}
	/* The library's own messages, for the pages' checks before sending. */
	if (ok && f->required)
		ok = set(messages, "required", message(f, PTL_FIELD_MISSING));
	if (ok && f->max_chars)
		ok = set(messages, "too_long", message(f, PTL_FIELD_TOO_LONG));
	if (ok && f->format != PTL_FIELD_TEXT)
		ok = set(messages, "format", message(f, PTL_FIELD_BAD_FORMAT));
	if (ok) {
		ok = set(obj, "messages", messages);
		messages = NULL;
	}
	json_decref(messages);
	if (!ok) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* The kinds of requests with their French names. The one place that reads
 * the library's list of kinds. */
static json_t *request_kinds(void)
{
	json_t *kinds = json_array();

	for (int k = 1; kinds && k <= ptl_request_kind_count(); k++)
		if (json_array_append_new(kinds, json_pack("{s:s, s:s}",
				"name", ptl_request_kind_name((ptl_request_kind)k),
				"label", ptl_request_kind_label((ptl_request_kind)k)))) {
			json_decref(kinds);
			return NULL;
		}
	return kinds;
}

json_t *ptl_json_vocabulary(void)
{
	json_t *fields = json_object();
	bool ok = fields != NULL;

	for (size_t i = 0; ok && i < ptl_field_count(); i++) {
		const ptl_field *f = ptl_field_at(i);
		json_t *list = json_object_get(fields, f->object);

		if (!list)
			ok = set(fields, f->object, list = json_array()) && list;
		ok = ok && json_array_append_new(list, ptl_json_field(f)) == 0;
	}
	if (!ok) {
		json_decref(fields);
		return NULL;
	}
	return json_pack("{s:o, s:o*, s:{s:i, s:i}}",
		"fields", fields,
		"request_kinds", request_kinds(),
		"password", "min_length", PTL_PASSWORD_MIN_CHARS, "max_length", PTL_PASSWORD_MAX_CHARS);
}
