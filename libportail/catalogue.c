/*
 * catalogue.c — the names of the catalogue's categories and levels, and
 * the release of a catalogue tree (portail/catalogue.h). Reading the file
 * is catalogue-parse.c, writing it to the database catalogue-import.c,
 * reading the tree back catalogue-read.c, writing the file
 * catalogue-export.c.
 */
#include <stdlib.h>

#include <portail/catalogue.h>

#include "catalogue-internal.h"

static const struct {
	const char *name;
	const char *label_fr;
} categories[PTL_CATEGORY_COUNT] = {
	[PTL_CATEGORY_LOISIRS] = { "loisirs", "Accueil de loisirs" },
	[PTL_CATEGORY_PERISCOLAIRE] = { "periscolaire", "Accueil périscolaire" },
	[PTL_CATEGORY_RESTAURATION] = { "restauration", "Restauration scolaire" },
	[PTL_CATEGORY_PETITE_ENFANCE] = { "petite_enfance", "Petite enfance" },
};

static const char *const levels[PTL_LEVEL_COUNT] = {
	[PTL_LEVEL_FACILITY] = "facilities",
	[PTL_LEVEL_ACTIVITY_TYPE] = "activity_types",
	[PTL_LEVEL_ACTIVITY] = "activities",
	[PTL_LEVEL_DOCUMENT] = "documents",
	[PTL_LEVEL_PERIOD] = "periods",
	[PTL_LEVEL_CLOSURE] = "closures",
	[PTL_LEVEL_COUNTER] = "capacity_counters",
	[PTL_LEVEL_UNIT] = "units",
	[PTL_LEVEL_RELATION] = "unit_relations",
	[PTL_LEVEL_GROUP] = "groups",
};

const char *ptl_catalogue_category_name(ptl_catalogue_category category)
{
	return (unsigned)category < PTL_CATEGORY_COUNT ? categories[category].name : NULL;
}

const char *ptl_catalogue_category_label(ptl_catalogue_category category)
{
	return (unsigned)category < PTL_CATEGORY_COUNT ? categories[category].label_fr : NULL;
}

const char *ptl_catalogue_weekday_name(unsigned int weekday)
{
	return weekday < 7 ? ptl__catalogue_weekdays[weekday] : NULL;
}

const char *ptl_catalogue_level_name(ptl_catalogue_level level)
{
	return (unsigned)level < PTL_LEVEL_COUNT ? levels[level] : NULL;
}

void ptl_catalogue_import_result_free(ptl_catalogue_import_result *result)
{
	free(result);
}

static void free_period(ptl_catalogue_period *pd)
{
	free(pd->code);
	free(pd->label);
	free(pd->reservation_rules);
	for (size_t i = 0; i < pd->closure_count; i++)
		free(pd->closures[i].reason);
	free(pd->closures);
	for (size_t i = 0; i < pd->counter_count; i++) {
		free(pd->counters[i].code);
		free(pd->counters[i].label);
	}
	free(pd->counters);
	for (size_t i = 0; i < pd->unit_count; i++) {
		free(pd->units[i].code);
		free(pd->units[i].label);
		free(pd->units[i].incompatible);
		free(pd->units[i].linked);
	}
	free(pd->units);
	for (size_t i = 0; i < pd->group_count; i++) {
		free(pd->groups[i].code);
		free(pd->groups[i].label);
		for (size_t j = 0; j < pd->groups[i].school_level_count; j++)
			free(pd->groups[i].school_levels[j]);
		free(pd->groups[i].school_levels);
	}
	free(pd->groups);
}

static void free_activity(ptl_catalogue_activity *a)
{
	free(a->code);
	free(a->name);
	free(a->description);
	free(a->rules_title);
	free(a->rules_version);
	free(a->rules_url);
	for (size_t i = 0; i < a->document_count; i++) {
		free(a->documents[i].type);
		free(a->documents[i].label);
	}
	free(a->documents);
	for (size_t i = 0; i < a->period_count; i++)
		free_period(&a->periods[i]);
	free(a->periods);
}

void ptl_catalogue_free(ptl_catalogue *catalogue)
{
	if (!catalogue)
		return;
	for (size_t f = 0; f < catalogue->facility_count; f++) {
		ptl_catalogue_facility *fa = &catalogue->facilities[f];

		for (size_t t = 0; t < fa->activity_type_count; t++) {
			ptl_catalogue_activity_type *ty = &fa->activity_types[t];

			for (size_t a = 0; a < ty->activity_count; a++)
				free_activity(&ty->activities[a]);
			free(ty->activities);
			free(ty->code);
			free(ty->name);
		}
		free(fa->activity_types);
		free(fa->code);
		free(fa->name);
	}
	free(catalogue->facilities);
	free(catalogue);
}
