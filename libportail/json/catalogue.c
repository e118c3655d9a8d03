/*
 * catalogue.c — the JSON representation of the catalogue tree: the shape
 * of the catalogue file (README.md, "The catalogue file"), each object with
 * its id, as the library exports it. One definition: the file's writer in
 * libportail makes it, this reads its text back as jansson values. And
 * what an import changed, level by level.
 */
#include <stdlib.h>

#include <portail-json/portail-json.h>

json_t *ptl_json_catalogue(const ptl_catalogue *catalogue, unsigned int flags)
{
	ptl_catalogue_export_options o = PTL_CATALOGUE_EXPORT_OPTIONS_INIT;
	char *text = NULL;
	json_t *tree;

	(void)flags;
	o.with_ids = true;
	if (ptl_catalogue_export(&text, catalogue, &o) != PTL_OK)
		return NULL;
	tree = json_loads(text, 0, NULL);
	ptl_free(text);
	return tree;
}

json_t *ptl_json_catalogue_import_result(const ptl_catalogue_import_result *result)
{
	json_t *levels = json_object();

	for (int l = 0; levels && l < PTL_LEVEL_COUNT; l++) {
		const ptl_catalogue_changes *c = &result->levels[l];

		if (json_object_set_new(levels, ptl_catalogue_level_name(l), json_pack(
			"{s:I, s:I, s:I, s:I}", "created", (json_int_t)c->created,
			"updated", (json_int_t)c->updated, "unchanged", (json_int_t)c->unchanged,
			"deleted", (json_int_t)c->deleted)) != 0) {
			json_decref(levels);
			levels = NULL;
		}
	}
	return levels ? json_pack("{s:b, s:o}", "dry_run", result->dry_run, "levels", levels) : NULL;
}
