/*
 * reservation-units.c — a period's units and their relations as the
 * reservation statements return them (PTL__RESA_UNITS_JSON and
 * PTL__RESA_RELATIONS_JSON, reservation-internal.h), read into catalogue
 * units whose relations are indexes (core/units.h).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <portail/error.h>

#include "error-internal.h"
#include "reservation-internal.h"

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

int ptl__resa_unit_index(const struct ptl__resa_units *u, int64_t id)
{
	for (size_t i = 0; i < u->count; i++)
		if (u->ids[i] == id)
			return (int)i;
	return -1;
}

static int add_int(int **list, size_t *n, int v)
{
	int *grown = realloc(*list, (*n + 1) * sizeof(int));

	if (!grown)
		return oom();
	grown[(*n)++] = v;
	*list = grown;
	return PTL_OK;
}

int ptl__resa_units_read(struct ptl__resa_units *out, const char *units_text,
                         const char *relations_text)
{
	json_t *units = json_loads(units_text, 0, NULL), *rel = json_loads(relations_text, 0, NULL);
	json_t *e;
	size_t i;
	int rc = PTL_OK;

	*out = (struct ptl__resa_units){ 0 };
	if (!units || !rel) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable units");
		goto done;
	}
	out->count = json_array_size(units);
	out->units = calloc(out->count + 1, sizeof(*out->units));
	out->ids = calloc(out->count + 1, sizeof(int64_t));
	out->counter_ids = calloc(out->count + 1, sizeof(int64_t));
	out->counter_capacity = calloc(out->count + 1, sizeof(int));
	if (!out->units || !out->ids || !out->counter_ids || !out->counter_capacity) {
		out->count = 0;
		rc = oom();
		goto done;
	}
	json_array_foreach(units, i, e) {
		ptl_catalogue_unit *u = &out->units[i];

		out->ids[i] = u->id = json_integer_value(json_array_get(e, 0));
		u->code = strdup(json_string_value(json_array_get(e, 1)));
		u->label = strdup(json_string_value(json_array_get(e, 2)));
		out->counter_ids[i] = json_integer_value(json_array_get(e, 4));
		u->counter = out->counter_ids[i] ? 0 : -1;
		u->starts_at = json_is_integer(json_array_get(e, 5))
		               ? (int)json_integer_value(json_array_get(e, 5)) : -1;
		u->ends_at = json_is_integer(json_array_get(e, 6))
		             ? (int)json_integer_value(json_array_get(e, 6)) : -1;
		out->counter_capacity[i] = (int)json_integer_value(json_array_get(e, 7));
		if (!u->code || !u->label) {
			rc = oom();
			goto done;
		}
	}
	json_array_foreach(units, i, e)
		out->units[i].depends_on = ptl__resa_unit_index(out,
		                                                json_integer_value(json_array_get(e, 3)));
	json_array_foreach(rel, i, e) {
		int a = ptl__resa_unit_index(out, json_integer_value(json_array_get(e, 0))),
		    b = ptl__resa_unit_index(out, json_integer_value(json_array_get(e, 1)));
		const char *kind = json_string_value(json_array_get(e, 2));

		if (a < 0 || b < 0 || !kind)
			continue;
		if (strcmp(kind, "linked") == 0)
			rc = add_int(&out->units[a].linked, &out->units[a].linked_count, b);
		else if ((rc = add_int(&out->units[a].incompatible, &out->units[a].incompatible_count,
		                       b)) == PTL_OK)
			rc = add_int(&out->units[b].incompatible, &out->units[b].incompatible_count, a);
		if (rc != PTL_OK)
			goto done;
	}
done:
	json_decref(units);
	json_decref(rel);
	return rc;
}

void ptl__resa_unit_array_free(ptl_catalogue_unit *units, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(units[i].code);
		free(units[i].label);
		free(units[i].incompatible);
		free(units[i].linked);
	}
	free(units);
}

void ptl__resa_units_free(struct ptl__resa_units *u)
{
	ptl__resa_unit_array_free(u->units, u->count);
	free(u->ids);
	free(u->counter_ids);
	free(u->counter_capacity);
	*u = (struct ptl__resa_units){ 0 };
}
