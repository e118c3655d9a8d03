/*
 * catalogue.h — what families can enrol their children in, as the guide
 * presents it: facility (équipement) → activity type → activity → period →
 * group, with the bookable units of a period's days and their relations,
 * and the documents and rules an activity asks of families.
 *
 * The manager describes a season in one JSON file (the catalogue file; its
 * format is in README.md, "The catalogue file") and imports it: every
 * object is found again by its code, so importing the same file twice
 * changes nothing, a changed file updates rows in place (their ids stay),
 * and an object the file no longer names is deleted, unless something
 * refers to it (a period or a group with enrolments): then the import
 * refuses as a whole and nothing changes. ptl_catalogue_get() reads the
 * tree back; ptl_catalogue_export() writes it as a catalogue file that
 * imports back to no change.
 *
 * Relations between the units of one period (for the reservation rules):
 *  - incompatible: the two units cannot be booked for the same child on the
 *    same day (matin and journée). Symmetric: naming it on either unit is
 *    the same relation, and each unit's `incompatible` lists the other;
 *  - dependent (depends_on): the unit (repas) follows its parent (matin):
 *    it can only be booked with the parent, and goes when the parent goes;
 *    dependencies have no cycles;
 *  - linked: booking the unit books the linked ones too (après-midi adds
 *    repas). Directed: linked from A to B says nothing of B.
 * Several units may count against one capacity counter of the period
 * (journée and matin share the places of the day).
 *
 * Ownership: a ptl_catalogue and a ptl_catalogue_import_result belong to
 * the caller and are released with their _free() (NULL is a no-op); the
 * exported text with ptl_free().
 */
#ifndef PORTAIL_CATALOGUE_H
#define PORTAIL_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/date.h>
#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The kind of an activity type; it decides how enrolling works. Values
 *  never renumber. */
typedef enum ptl_catalogue_category {
	PTL_CATEGORY_LOISIRS = 0,        /**< accueil de loisirs (ALSH) */
	PTL_CATEGORY_PERISCOLAIRE = 1,   /**< accueil périscolaire */
	PTL_CATEGORY_RESTAURATION = 2,   /**< restauration scolaire */
	PTL_CATEGORY_PETITE_ENFANCE = 3, /**< crèche: a pre-enrolment, the
	                                      manager grants the place */
	PTL_CATEGORY_COUNT
} ptl_catalogue_category;

/** The category's name in the file and the API ("petite_enfance"); NULL
 *  out of range. Static string. */
const char *ptl_catalogue_category_name(ptl_catalogue_category category);

/** The category's French label ("Petite enfance"); NULL out of range.
 *  Static string. */
const char *ptl_catalogue_category_label(ptl_catalogue_category category);

/** The English name of weekday @p weekday (0 Monday ... 6 Sunday, the bit
 *  of opening_weekdays), as in the file: "wednesday"; NULL out of range.
 *  Static string. */
const char *ptl_catalogue_weekday_name(unsigned int weekday);

/** A document families must provide for an activity. */
typedef struct ptl_catalogue_document {
	char *type;            /**< a code: "vaccinations", "assurance" */
	char *label;           /**< "Carnet de vaccination à jour" */
	int validity_months;   /**< how long one stays valid; 0: without limit */
} ptl_catalogue_document;

/** A day a period is closed although it falls on an opening weekday. */
typedef struct ptl_catalogue_closure {
	ptl_day day;
	char *reason;          /**< "Vacances de Noël", or "" */
} ptl_catalogue_closure;

/** A capacity that units of a period share, per day. */
typedef struct ptl_catalogue_counter {
	int64_t id;            /**< 0 in a tree not read from the database */
	char *code;
	char *label;           /**< or "" */
	int capacity;
} ptl_catalogue_counter;

/** A bookable unit of a period's days. The relations are indexes into the
 *  period's units (and counters); see the top of this header for what
 *  they mean. */
typedef struct ptl_catalogue_unit {
	int64_t id;
	char *code;
	char *label;
	int starts_at;         /**< minutes after midnight; -1: not given */
	int ends_at;           /**< minutes after midnight; -1: not given */
	int counter;           /**< index in the period's counters; -1: none
	                            (only the group's capacity) */
	int depends_on;        /**< index of the parent unit; -1: none */
	size_t incompatible_count;
	int *incompatible;     /**< units it cannot be booked with (both ways),
	                            in the period's order */
	size_t linked_count;
	int *linked;           /**< units booking it books too, in file order */
} ptl_catalogue_unit;

/** A group of a period: who is eligible and how many places it has. A
 *  child is eligible when their age in completed months on the reference
 *  day is at least min_age_months and below max_age_months, and, when
 *  school levels are listed, their school level is one of them. */
typedef struct ptl_catalogue_group {
	int64_t id;
	char *code;
	char *label;
	int capacity;
	int min_age_months;    /**< -1: no lower bound */
	int max_age_months;    /**< -1: no upper bound */
	bool has_age_reference_day;
	ptl_day age_reference_day;  /**< when not given: the period's first day */
	size_t school_level_count;
	char **school_levels;  /**< values of the field table ("CP", "CE1"...) */
} ptl_catalogue_group;

/** A period of an activity ("ALSH Mercredis 2026/2027"). */
typedef struct ptl_catalogue_period {
	int64_t id;
	char *code;
	char *label;
	ptl_day first_day;
	ptl_day last_day;
	unsigned int opening_weekdays;  /**< bit 0 Monday ... bit 6 Sunday */
	ptl_day enrolment_opens;        /**< families can enrol from this day... */
	ptl_day enrolment_closes;       /**< ...to this one, included */
	char *reservation_rules;        /**< a JSON object, as text, kept for the
	                                     reservation module ("{}" if none) */
	size_t closure_count;
	ptl_catalogue_closure *closures;   /**< day by day, in order */
	size_t counter_count;
	ptl_catalogue_counter *counters;
	size_t unit_count;
	ptl_catalogue_unit *units;
	size_t group_count;
	ptl_catalogue_group *groups;
} ptl_catalogue_period;

/** An activity and its enrolment conditions. */
typedef struct ptl_catalogue_activity {
	int64_t id;
	char *code;
	char *name;
	char *description;     /**< or "" */
	bool asks_comment;     /**< families write a comment when they enrol */
	char *rules_title;     /**< the règlement intérieur to accept, "" if none */
	char *rules_version;   /**< its current version ("" if none) */
	char *rules_url;       /**< where to read it, or "" */
	bool booking_blocked_if_missing;  /**< no booking while a document or
	                                       the acceptance is missing */
	size_t document_count;
	ptl_catalogue_document *documents;
	size_t period_count;
	ptl_catalogue_period *periods;
} ptl_catalogue_activity;

typedef struct ptl_catalogue_activity_type {
	int64_t id;
	char *code;
	char *name;
	ptl_catalogue_category category;
	size_t activity_count;
	ptl_catalogue_activity *activities;
} ptl_catalogue_activity_type;

typedef struct ptl_catalogue_facility {
	int64_t id;
	char *code;
	char *name;
	size_t activity_type_count;
	ptl_catalogue_activity_type *activity_types;
} ptl_catalogue_facility;

/** The whole catalogue, every level in the order of the file. */
typedef struct ptl_catalogue {
	size_t facility_count;
	ptl_catalogue_facility *facilities;
} ptl_catalogue;

/** The levels an import counts changes at. Values never renumber. */
typedef enum ptl_catalogue_level {
	PTL_LEVEL_FACILITY = 0,
	PTL_LEVEL_ACTIVITY_TYPE,
	PTL_LEVEL_ACTIVITY,
	PTL_LEVEL_DOCUMENT,
	PTL_LEVEL_PERIOD,
	PTL_LEVEL_CLOSURE,     /**< closure days */
	PTL_LEVEL_COUNTER,
	PTL_LEVEL_UNIT,
	PTL_LEVEL_RELATION,    /**< incompatible and linked pairs */
	PTL_LEVEL_GROUP,
	PTL_LEVEL_COUNT
} ptl_catalogue_level;

/** The level's name ("activity_types"), as in the file; NULL out of range.
 *  Static string. */
const char *ptl_catalogue_level_name(ptl_catalogue_level level);

/** What an import did, or would do (dry run), at one level. */
typedef struct ptl_catalogue_changes {
	int64_t created;
	int64_t updated;
	int64_t unchanged;
	int64_t deleted;
} ptl_catalogue_changes;

typedef struct ptl_catalogue_import_result {
	bool dry_run;          /**< nothing was written */
	ptl_catalogue_changes levels[PTL_LEVEL_COUNT];
} ptl_catalogue_import_result;

typedef struct ptl_catalogue_import_options {
	unsigned int version;
	bool dry_run;          /**< check and count, write nothing */
} ptl_catalogue_import_options;

#define PTL_CATALOGUE_IMPORT_OPTIONS_VERSION 1
#define PTL_CATALOGUE_IMPORT_OPTIONS_INIT { .version = PTL_CATALOGUE_IMPORT_OPTIONS_VERSION }

/**
 * Import the catalogue file @p json_text (see README.md for its format) in
 * one transaction: create what is new, update in place what changed, delete
 * what the file no longer names, and count it all per level in *out.
 *
 * The file is checked whole before anything is written; the first problem
 * found is the last error, its field the JSON path of the offending value
 * and its message that path and what is wrong
 * ("facilities[0].activity_types[1].activities[0].periods[0].last_day:
 * before first_day"). Unknown keys are refused.
 *
 * @param out receives the counts (may be NULL); NULL on failure
 * @param opts NULL for the defaults
 * @return PTL_OK; PTL_EINVALID (the file, with the path in the field);
 *         PTL_ECONFLICT when an object the file leaves out cannot be
 *         deleted because something refers to it (a period or group with
 *         enrolments), the field and message naming it: nothing changed;
 *         PTL_EUNAVAILABLE or PTL_ERROR.
 */
int ptl_catalogue_import(ptl_catalogue_import_result **out, ptl_db *db, const char *json_text,
                         const ptl_catalogue_import_options *opts);

void ptl_catalogue_import_result_free(ptl_catalogue_import_result *result);

/** Read the whole catalogue (one statement).
 *  @return PTL_OK (an empty catalogue has no facility), PTL_EUNAVAILABLE
 *  or PTL_ERROR. */
int ptl_catalogue_get(ptl_catalogue **out, ptl_db *db);

/** Parse and check a catalogue file without a database (the same checks
 *  as ptl_catalogue_import()); ids are 0.
 *  @return PTL_OK or PTL_EINVALID with the JSON path in the field. */
int ptl_catalogue_parse(ptl_catalogue **out, const char *json_text);

typedef struct ptl_catalogue_export_options {
	unsigned int version;
	bool with_ids;         /**< each object also carries its database "id"
	                            (the web API's representation; such a text
	                            is not a file to import) */
} ptl_catalogue_export_options;

#define PTL_CATALOGUE_EXPORT_OPTIONS_VERSION 1
#define PTL_CATALOGUE_EXPORT_OPTIONS_INIT { .version = PTL_CATALOGUE_EXPORT_OPTIONS_VERSION }

/** Write @p catalogue as a catalogue file (UTF-8 JSON, indented, ending
 *  with a newline) into *out, freed with ptl_free(): the format of
 *  README.md, which ptl_catalogue_import() takes back as it is. Optional
 *  members are written only when they have a value; closure days in a row
 *  with one reason become one range; an incompatible pair is written once,
 *  on the later unit of the two.
 *  @param opts NULL for the defaults (no ids)
 *  @return PTL_OK, PTL_EINVALID (options version) or PTL_ERROR (out of
 *  memory). */
int ptl_catalogue_export(char **out, const ptl_catalogue *catalogue,
                         const ptl_catalogue_export_options *opts);

void ptl_catalogue_free(ptl_catalogue *catalogue);

#ifdef __cplusplus
}
#endif
#endif
