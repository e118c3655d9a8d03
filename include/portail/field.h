/*
 * field.h — the fields people type, defined once: for each object (family,
 * guardian, child) and field, whether it is required, its length limit in
 * characters, its format (email, French phone number, French postcode,
 * date, yes/no), its allowed values with their French labels, and its French
 * label. The library's own checks and their messages come from this table;
 * front-ends and the pages read it through these functions (portail-web
 * serves it as GET /api/v1/vocabulary) instead of copying a limit or a list.
 *
 * Everything handed out here is static and read-only: borrowed for the life
 * of the program, never freed.
 */
#ifndef PORTAIL_FIELD_H
#define PORTAIL_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a field's value looks like. Values never renumber. */
typedef enum ptl_field_format {
	PTL_FIELD_TEXT = 0,         /**< free text (UTF-8, no control characters
	                                 but tab and newline) */
	PTL_FIELD_EMAIL = 1,        /**< an email address, stored lower-case */
	PTL_FIELD_PHONE_FR = 2,     /**< a French phone number, stored as ten digits */
	PTL_FIELD_POSTCODE_FR = 3,  /**< a French postcode, five digits */
	PTL_FIELD_DATE = 4,         /**< a calendar date, "YYYY-MM-DD" */
	PTL_FIELD_CHOICE = 5,       /**< one of the field's values */
	PTL_FIELD_BOOLEAN = 6,      /**< yes or no (not typed: a check box) */
} ptl_field_format;

/** One allowed value of a PTL_FIELD_CHOICE field. */
typedef struct ptl_field_value {
	const char *value;     /**< as stored and sent, e.g. "CE1" */
	const char *label_fr;  /**< as shown, e.g. "Cours élémentaire 1re année (CE1)" */
} ptl_field_value;

/** One field of one object. */
typedef struct ptl_field {
	const char *object;      /**< "family", "guardian" or "child" */
	const char *name;        /**< as in the API and the database, e.g. "first_name" */
	const char *label_fr;    /**< the form's label, e.g. "Prénom" */
	const char *subject_fr;  /**< the field as the subject of a sentence,
	                              e.g. "Le prénom" */
	bool required;           /**< an empty value is refused */
	size_t max_chars;        /**< at most this many characters; 0: no limit
	                              of its own (formats and choices bound it) */
	ptl_field_format format;
	size_t value_count;      /**< PTL_FIELD_CHOICE: how many values */
	const ptl_field_value *values;  /**< PTL_FIELD_CHOICE: the values, in
	                                     the order to offer them; else NULL */
} ptl_field;

/** How many fields the table holds. */
size_t ptl_field_count(void);

/** The field at @p index (0 .. ptl_field_count() - 1), grouped by object;
 *  NULL past the end. Borrowed. */
const ptl_field *ptl_field_at(size_t index);

/** The field @p name of @p object ("child", "school_level"), or NULL.
 *  Borrowed. */
const ptl_field *ptl_field_find(const char *object, const char *name);

/** The format's stable name: "text", "email", "phone_fr", "postcode_fr",
 *  "date", "choice", "boolean"; "" for an unknown value. */
const char *ptl_field_format_name(ptl_field_format format);

/** A regular expression that a whole value of @p format matches exactly
 *  when the library accepts it (written in the common part of POSIX
 *  extended and ECMAScript syntax, without anchors, so that an HTML
 *  pattern attribute can use it); "" when there is none (text, email: the
 *  browser's own email check is close, the library decides). */
const char *ptl_field_format_pattern(ptl_field_format format);

/** The ways a value can be refused, for ptl_field_message(). */
typedef enum ptl_field_problem {
	PTL_FIELD_MISSING = 0,    /**< required and empty */
	PTL_FIELD_TOO_LONG = 1,   /**< more than max_chars characters */
	PTL_FIELD_BAD_FORMAT = 2, /**< not of the field's format, or not one of
	                               its values */
	PTL_FIELD_NOT_TEXT = 3,   /**< not valid UTF-8, or control characters */
} ptl_field_problem;

/**
 * Write into @p buf (of @p size bytes, NUL-ended, truncated if need be) the
 * French message for parents that the library gives when a value of
 * @p field is refused for @p problem, e.g. "Le prénom ne doit pas dépasser
 * 100 caractères.". @return the length the whole message has (as snprintf).
 */
size_t ptl_field_message_fr(char *buf, size_t size, const ptl_field *field,
                            ptl_field_problem problem);

#ifdef __cplusplus
}
#endif
#endif
