/*
 * child.c — the children of a family: checking a child's details, reading
 * them from rows or one by id, the manager's direct creation, and the two
 * kinds of request about children (child_add, child_edit) with how they
 * apply.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/family.h>

#include "error-internal.h"
#include "family-internal.h"
#include "request-internal.h"
#include "validate.h"

int ptl__child_from_row(ptl_child *out, const PGresult *res, int row)
{
	out->id = ptl__db_get_int64(res, row, "id");
	out->family_id = ptl__db_get_int64(res, row, "family_id");
	out->birth_date = (ptl_day)ptl__db_get_int64(res, row, "birth_day");
	out->created_at = ptl__db_get_int64(res, row, "created_at");
	out->updated_at = ptl__db_get_int64(res, row, "updated_at");
	out->first_name = ptl__db_dup(res, row, "first_name");
	out->last_name = ptl__db_dup(res, row, "last_name");
	out->sex = ptl__db_dup(res, row, "sex");
	out->school = ptl__db_dup(res, row, "school");
	out->school_level = ptl__db_dup(res, row, "school_level");
	out->allergies = ptl__db_dup(res, row, "allergies");
	out->diet = ptl__db_dup(res, row, "diet");
	out->doctor = ptl__db_dup(res, row, "doctor");
	out->authorized_pickup = ptl__db_dup(res, row, "authorized_pickup");
	if (!out->first_name || !out->last_name || !out->sex || !out->school ||
	    !out->school_level || !out->allergies || !out->diet || !out->doctor ||
	    !out->authorized_pickup)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return PTL_OK;
}

void ptl__child_clear(ptl_child *c)
{
	free(c->first_name);
	free(c->last_name);
	free(c->sex);
	free(c->school);
	free(c->school_level);
	free(c->allergies);
	free(c->diet);
	free(c->doctor);
	free(c->authorized_pickup);
}

void ptl_child_free(ptl_child *child)
{
	if (!child)
		return;
	ptl__child_clear(child);
	free(child);
}

int ptl_child_get(ptl_child **out, ptl_db *db, int64_t family_id, int64_t child_id)
{
	struct ptl__num fid = ptl__num(family_id), cid = ptl__num(child_id);
	const char *params[] = { fid.s, cid.s };
	PGresult *res;
	int rc;

	*out = NULL;
	res = ptl__db_query_prepared(db,
		"SELECT " PTL__CHILD_COLUMNS " FROM child c WHERE c.family_id = $1 AND c.id = $2",
		2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", "Cet enfant est introuvable.",
		                      "no child %lld in family %lld", (long long)child_id,
		                      (long long)family_id);
	}
	*out = calloc(1, sizeof(ptl_child));
	rc = *out ? ptl__child_from_row(*out, res, 0)
	          : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_child_free(*out);
		*out = NULL;
	}
	return rc;
}

void ptl__child_values_clear(struct ptl__child_values *v)
{
	free(v->first_name);
	free(v->last_name);
	free(v->sex);
	free(v->school);
	free(v->school_level);
	free(v->allergies);
	free(v->diet);
	free(v->doctor);
	free(v->authorized_pickup);
	memset(v, 0, sizeof(*v));
}

int ptl__child_values_check(struct ptl__child_values *out, const ptl_child_options *in)
{
	char *birth = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = ptl__options_check(in ? &in->version : NULL, PTL_CHILD_OPTIONS_VERSION,
	                             "ptl_child_options")))
		return rc;
	if ((rc = ptl__check(&out->first_name, "child", "first_name", in->first_name)) ||
	    (rc = ptl__check(&out->last_name, "child", "last_name", in->last_name)) ||
	    (rc = ptl__check(&birth, "child", "birth_date", in->birth_date)))
		return rc;
	/* The table checked the shape: the text is a real date. */
	(void)ptl_day_parse(&out->birth_date, birth);
	free(birth);
	if ((rc = ptl__check_birth_date("birth_date", out->birth_date,
	                                ptl_day_of_instant_paris(ptl_clock_now()))))
		return rc;
	ptl_day_format(out->birth_text, out->birth_date);
	if ((rc = ptl__check(&out->sex, "child", "sex", in->sex)) ||
	    (rc = ptl__check(&out->school, "child", "school", in->school)) ||
	    (rc = ptl__check(&out->school_level, "child", "school_level", in->school_level)) ||
	    (rc = ptl__check(&out->allergies, "child", "allergies", in->allergies)) ||
	    (rc = ptl__check(&out->diet, "child", "diet", in->diet)) ||
	    (rc = ptl__check(&out->doctor, "child", "doctor", in->doctor)) ||
	    (rc = ptl__check(&out->authorized_pickup, "child", "authorized_pickup",
	                     in->authorized_pickup)))
		return rc;
	return PTL_OK;
}

void ptl__child_values_params(const struct ptl__child_values *v, const char *params[10])
{
	params[0] = v->first_name;
	params[1] = v->last_name;
	params[2] = v->birth_text;
	params[3] = v->sex;
	params[4] = v->school;
	params[5] = v->school_level;
	params[6] = v->allergies;
	params[7] = v->diet;
	params[8] = v->doctor;
	params[9] = v->authorized_pickup;
}

int ptl_child_create(int64_t *child_id_out, ptl_db *db, int64_t family_id,
                     const ptl_child_options *in)
{
	struct ptl__child_values v;
	struct ptl__num fid = ptl__num(family_id), now = ptl__num(ptl_clock_now());
	const char *params[12] = { fid.s, now.s };
	PGresult *res;
	int rc = ptl__child_values_check(&v, in);

	if (rc != PTL_OK)
		goto done;
	ptl__child_values_params(&v, params + 2);
	res = ptl__db_query(db,
		"INSERT INTO child (family_id, first_name, last_name, birth_date, sex, school,"
		"                   school_level, allergies, diet, doctor, authorized_pickup,"
		"                   created_at, updated_at)"
		" SELECT $1, a.first_name, a.last_name, a.birth_date, a.sex, a.school, a.school_level,"
		"        a.allergies, a.diet, a.doctor, a.authorized_pickup,"
		"        to_timestamp($2::bigint), to_timestamp($2::bigint)"
		"   FROM jsonb_to_record(" PTL__CHILD_JSON(3, 4, 5, 6, 7, 8, 9, 10, 11, 12) ") AS "
		PTL__CHILD_RECORD " RETURNING id", 12, params);
	if (!res) {
		rc = ptl_error_last()->code;
		if (rc == PTL_ENOTFOUND)
			rc = ptl__error_set(PTL_ENOTFOUND, "family_id", "Famille introuvable.",
			                    "no family %lld", (long long)family_id);
		goto done;
	}
	if (child_id_out)
		*child_id_out = ptl__db_get_int64(res, 0, "id");
	PQclear(res);
done:
	ptl__child_values_clear(&v);
	return rc;
}

/* --- requests about children ------------------------------------------------- */

static const char *const child_fields[] = {
	"first_name", "last_name", "birth_date", "sex", "school", "school_level", "allergies",
	"diet", "doctor", "authorized_pickup", NULL,
};

/* Adds the child and records it as the request's target. */
static int apply_child_add(ptl_db *db, int64_t request_id, const char *now)
{
	return ptl__request_apply_sql(db, request_id, now,
		"WITH c AS ("
		"  INSERT INTO child (family_id, first_name, last_name, birth_date, sex, school,"
		"                     school_level, allergies, diet, doctor, authorized_pickup,"
		"                     created_at, updated_at)"
		"  SELECT r.family_id, a.first_name, a.last_name, a.birth_date, a.sex, a.school,"
		"         a.school_level, a.allergies, a.diet, a.doctor, a.authorized_pickup,"
		"         to_timestamp($2::bigint), to_timestamp($2::bigint)"
		"    FROM request r, jsonb_to_record(r.after) AS " PTL__CHILD_RECORD
		"   WHERE r.id = $1 RETURNING id)"
		" UPDATE request SET target_id = (SELECT id FROM c) WHERE id = $1"
		" RETURNING target_id", NULL);
}

/* Replaces the child's details, only while they are still those the request
 * was made against. */
static int apply_child_edit(ptl_db *db, int64_t request_id, const char *now)
{
	return ptl__request_apply_sql(db, request_id, now,
		"UPDATE child c SET first_name = a.first_name, last_name = a.last_name,"
		"       birth_date = a.birth_date, sex = a.sex, school = a.school,"
		"       school_level = a.school_level, allergies = a.allergies, diet = a.diet,"
		"       doctor = a.doctor, authorized_pickup = a.authorized_pickup,"
		"       updated_at = to_timestamp($2::bigint)"
		"  FROM request r, jsonb_to_record(r.after) AS " PTL__CHILD_RECORD
		" WHERE r.id = $1 AND c.id = r.target_id AND c.family_id = r.family_id"
		"   AND " PTL__CHILD_CURRENT_JSON " = r.before"
		" RETURNING c.id",
		"SELECT c.id FROM request r JOIN child c ON c.id = r.target_id"
		"   AND c.family_id = r.family_id WHERE r.id = $1");
}

const struct ptl__request_kind_def ptl__child_add_request_kind = {
	.kind = PTL_REQUEST_CHILD_ADD, .name = "child_add", .label = "Ajout d’un enfant",
	.waits_by_default = true, .target = "child", .fields = child_fields,
	.apply = apply_child_add,
};

const struct ptl__request_kind_def ptl__child_edit_request_kind = {
	.kind = PTL_REQUEST_CHILD_EDIT, .name = "child_edit", .label = "Modification d’un enfant",
	.waits_by_default = true, .target = "child", .fields = child_fields,
	.apply = apply_child_edit,
};
