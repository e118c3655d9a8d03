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
	" g.phone, g.address, g.postcode, g.city, g.mobile_phone, g.work_phone, g.employer," \
	" g.notify_by_email, g.notify_by_sms, g.relationship," \
	" extract(epoch from g.created_at)::bigint AS created_at," \
	" extract(epoch from g.updated_at)::bigint AS updated_at," \
	" a.guardian_id IS NOT NULL AS has_login, coalesce(a.active, false) AS login_active"
/** The FROM of PTL__GUARDIAN_COLUMNS: the guardian "g" and its account. */
#define PTL__GUARDIAN_FROM \
	"guardian g LEFT JOIN account a ON a.guardian_id = g.id"
#define PTL__CHILD_COLUMNS \
	"c.id, c.family_id, c.first_name, c.last_name," \
	" (c.birth_date - date '1970-01-01') AS birth_day, c.sex, c.school, c.school_level," \
	" c.allergies, c.diet, c.doctor, c.authorized_pickup," \
	" extract(epoch from c.created_at)::bigint AS created_at," \
	" extract(epoch from c.updated_at)::bigint AS updated_at"

int ptl__guardian_from_row(ptl_guardian *out, const PGresult *res, int row);
int ptl__child_from_row(ptl_child *out, const PGresult *res, int row);
void ptl__guardian_clear(ptl_guardian *g);
void ptl__child_clear(ptl_child *c);

/** A child's details once checked and cleaned. */
struct ptl__child_values {
	char *first_name, *last_name, *sex, *school, *school_level, *allergies, *diet,
	     *doctor, *authorized_pickup;
	ptl_day birth_date;
	char birth_text[11];
};

/** Check every field of @p in (errors name the field). */
int ptl__child_values_check(struct ptl__child_values *out, const ptl_child_options *in);
void ptl__child_values_clear(struct ptl__child_values *v);

/** The values as parameters $first..$first+9 in this order: first_name,
 *  last_name, birth_date, sex, school, school_level, allergies, diet,
 *  doctor, authorized_pickup. */
void ptl__child_values_params(const struct ptl__child_values *v, const char *params[10]);

/** A jsonb_build_object() of the ten child parameters starting at $n. */
#define PTL__CHILD_JSON(n1, n2, n3, n4, n5, n6, n7, n8, n9, n10) \
	"jsonb_build_object('first_name', $" #n1 "::text, 'last_name', $" #n2 "::text," \
	" 'birth_date', $" #n3 "::text, 'sex', $" #n4 "::text, 'school', $" #n5 "::text," \
	" 'school_level', $" #n6 "::text, 'allergies', $" #n7 "::text, 'diet', $" #n8 "::text," \
	" 'doctor', $" #n9 "::text, 'authorized_pickup', $" #n10 "::text)"

/** The same object built from the child row "c": what an edit was made
 *  against (its "before"). */
#define PTL__CHILD_CURRENT_JSON \
	"jsonb_build_object('first_name', c.first_name, 'last_name', c.last_name," \
	" 'birth_date', c.birth_date::text, 'sex', c.sex, 'school', c.school," \
	" 'school_level', c.school_level, 'allergies', c.allergies, 'diet', c.diet," \
	" 'doctor', c.doctor, 'authorized_pickup', c.authorized_pickup)"

/** The record type to read those objects back with jsonb_to_record(). */
#define PTL__CHILD_RECORD \
	"a(first_name text, last_name text, birth_date date, sex text, school text," \
	" school_level text, allergies text, diet text, doctor text, authorized_pickup text)"

#endif
