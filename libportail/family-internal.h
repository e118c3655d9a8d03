/*
 * family-internal.h — reading families, guardians and children from rows.
 */
#ifndef PORTAIL_FAMILY_INTERNAL_H
#define PORTAIL_FAMILY_INTERNAL_H

#include <portail/family.h>

#include "db-internal.h"

/** The columns the fillers below expect, for SELECT lists. */
#define PTL__GUARDIAN_COLUMNS \
	"g.id, g.family_id, g.first_name, g.last_name, coalesce(g.email, '') AS email," \
	" g.phone, g.address, g.postcode, g.city," \
	" extract(epoch from g.created_at)::bigint AS created_at," \
	" extract(epoch from g.updated_at)::bigint AS updated_at"
#define PTL__CHILD_COLUMNS \
	"c.id, c.family_id, c.first_name, c.last_name," \
	" (c.birth_date - date '1970-01-01') AS birth_day," \
	" extract(epoch from c.created_at)::bigint AS created_at," \
	" extract(epoch from c.updated_at)::bigint AS updated_at"

int ptl__guardian_from_row(ptl_guardian *out, const PGresult *res, int row);
int ptl__child_from_row(ptl_child *out, const PGresult *res, int row);
void ptl__guardian_clear(ptl_guardian *g);
void ptl__child_clear(ptl_child *c);

/** Insert a child row (values already checked). */
int ptl__child_insert(ptl_db *db, int64_t family_id, const char *first_name,
                      const char *last_name, ptl_day birth, int64_t *id_out);

#endif
