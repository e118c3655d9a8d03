/*
 * structure.h — the identity and contact details of the structure that runs
 * the portal (the town's childcare and youth service): its name, postal
 * address, phone, e-mail, opening hours, and for the legal notice the
 * director of publication and the host. The pages show them in every
 * footer and on "Nous contacter"; the manager sets them with
 * `portail-cli structure set`. There is one structure per database.
 *
 * The details are a fixed list of text fields, named by
 * ptl_structure_field: front-ends go through the list with
 * ptl_structure_field_name() and ptl_structure_field_label() rather than
 * naming each field, so that a field added here reaches the JSON API, the
 * CLI and the pages at once. Their rules and French labels are those of
 * the field table (field.h, object "structure").
 */
#ifndef PORTAIL_STRUCTURE_H
#define PORTAIL_STRUCTURE_H

#include <portail/clock.h>
#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The fields of the structure's details, in the order they are shown. */
typedef enum ptl_structure_field {
	PTL_STRUCTURE_NAME,                 /**< "Service enfance-jeunesse de ..." (0-200) */
	PTL_STRUCTURE_ADDRESS,              /**< street address (0-300) */
	PTL_STRUCTURE_POSTCODE,             /**< French postcode, or "" */
	PTL_STRUCTURE_CITY,                 /**< (0-100) */
	PTL_STRUCTURE_PHONE,                /**< French number, stored as 10 digits, or "" */
	PTL_STRUCTURE_EMAIL,                /**< lower-cased, or "" */
	PTL_STRUCTURE_OPENING_HOURS,        /**< free text, lines allowed (0-500) */
	PTL_STRUCTURE_PUBLICATION_DIRECTOR, /**< for the legal notice (0-200) */
	PTL_STRUCTURE_HOST,                 /**< the host's name and address (0-300) */
	PTL_STRUCTURE_FIELD_COUNT
} ptl_structure_field;

/** The structure's details: every value is a string, "" when not given. */
typedef struct ptl_structure {
	char *values[PTL_STRUCTURE_FIELD_COUNT];
	ptl_time updated_at;   /**< 0 if never set */
} ptl_structure;

/** The name of field @p field in the JSON API and the CLI ("opening_hours");
 *  NULL when @p field is out of range. Static string. */
const char *ptl_structure_field_name(ptl_structure_field field);

/** The French label of @p field ("Horaires d’ouverture"), from the field
 *  table; NULL when out of range. Static string. */
const char *ptl_structure_field_label(ptl_structure_field field);

/** What to change: a NULL value leaves the field as it is, "" clears it. */
typedef struct ptl_structure_options {
	unsigned int version;
	const char *values[PTL_STRUCTURE_FIELD_COUNT];
} ptl_structure_options;

#define PTL_STRUCTURE_OPTIONS_VERSION 1
#define PTL_STRUCTURE_OPTIONS_INIT { .version = PTL_STRUCTURE_OPTIONS_VERSION }

/** Read the structure's details (all "" until they are set).
 *  @return PTL_OK, PTL_EUNAVAILABLE or PTL_ERROR. */
int ptl_structure_get(ptl_structure **out, ptl_db *db);

/** Change the fields given in @p options (each checked against the field
 *  table and cleaned: trimmed, the phone as 10 digits, the e-mail
 *  lower-cased) in one statement, and hand back the details as they now
 *  are (@p out may be NULL). Nothing changes when one field is refused.
 *  @return PTL_OK; PTL_EINVALID with the field (a value too long, a phone,
 *  postcode or e-mail that is not one, an unknown options version);
 *  PTL_EUNAVAILABLE or PTL_ERROR. */
int ptl_structure_set(ptl_structure **out, ptl_db *db, const ptl_structure_options *options);

void ptl_structure_free(ptl_structure *structure);

#ifdef __cplusplus
}
#endif
#endif
