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
	return with_record_times(json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	                                   " s:o, s:b, s:b}",
		"id", (json_int_t)g->id,
		"first_name", ptl_json_text(g->first_name),
		"last_name", ptl_json_text(g->last_name),
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

json_t *ptl_json_family(const ptl_family *f, unsigned int flags)
{
	json_t *guardians = json_array(), *children = json_array();

	for (size_t i = 0; guardians && i < f->guardian_count; i++)
		if (json_array_append_new(guardians, ptl_json_guardian(&f->guardians[i], flags))) {
			json_decref(guardians);
			guardians = NULL;
		}
	for (size_t i = 0; children && i < f->child_count; i++)
		if (json_array_append_new(children, ptl_json_child(&f->children[i], flags))) {
			json_decref(children);
			children = NULL;
		}
	/* json_pack releases the "o" values even when it fails. */
	return with_record_times(json_pack("{s:I, s:o, s:o, s:o}",
		"id", (json_int_t)f->id,
		"name", ptl_json_text(f->name),
		"guardians", guardians,
		"children", children), flags, f->created_at, f->updated_at);
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
