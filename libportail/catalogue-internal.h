/*
 * catalogue-internal.h — what the catalogue's files share: the catalogue
 * file read into the tree of portail/catalogue.h (catalogue-parse.c), used
 * both for a manager's file and for the tree the database hands back in the
 * same shape (catalogue-read.c), and the level names.
 */
#ifndef PORTAIL_CATALOGUE_INTERNAL_H
#define PORTAIL_CATALOGUE_INTERNAL_H

#include <stdbool.h>

#include <jansson.h>

#include <portail/catalogue.h>

/** Read the catalogue file @p root into *out, checking everything (unknown
 *  keys, formats, ranges, references, uniqueness); the first problem is the
 *  last error (PTL_EINVALID, field = its JSON path). With @p with_ids, each
 *  object may also carry its database "id" (the database's own tree). */
int ptl__catalogue_from_json(ptl_catalogue **out, json_t *root, bool with_ids);

/** The weekday names of the file, Monday first (bit 0 of the mask). */
extern const char *const ptl__catalogue_weekdays[7];

#endif
