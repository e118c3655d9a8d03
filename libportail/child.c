/*
 * child.c — the children of a family: checking a child's details, reading
 * them from rows, and the manager's direct creation.
 */
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/family.h>

#include "error-internal.h"
#include "family-internal.h"
#include "validate.h"

const char *const ptl_school_levels[] = {
	"PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2",
	"6e", "5e", "4e", "3e", "2de", "1re", "Tle", NULL
};

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

static bool one_of(const char *value, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(value, *allowed) == 0)
			return true;
	return false;
}

int ptl__child_values_check(struct ptl__child_values *out, const ptl_child_new *in)
{
	static const char *const sexes[] = { "", "F", "M", NULL };
	int rc;

	memset(out, 0, sizeof(*out));
	if (!in || in->version != PTL_CHILD_NEW_VERSION)
		return ptl__error_set(PTL_EINVALID, NULL, NULL, "unsupported ptl_child_new version");
	if ((rc = ptl__check_text(&out->first_name, "first_name", in->first_name, 100, true,
	                          "Le prénom")) ||
	    (rc = ptl__check_text(&out->last_name, "last_name", in->last_name, 100, true,
	                          "Le nom")))
		return rc;
	if (!in->birth_date || ptl_day_parse(&out->birth_date, in->birth_date) != PTL_OK)
		return ptl__error_set(PTL_EINVALID, "birth_date",
			"La date de naissance n'est pas une date valide (format AAAA-MM-JJ).",
			"birth_date: not a valid YYYY-MM-DD date");
	if ((rc = ptl__check_birth_date("birth_date", out->birth_date,
	                                ptl_day_of_instant_paris(ptl_clock_now()))))
		return rc;
	ptl_day_format(out->birth_text, out->birth_date);
	if ((rc = ptl__check_text(&out->sex, "sex", in->sex, 1, false, "Le sexe")))
		return rc;
	if (!one_of(out->sex, sexes))
		return ptl__error_set(PTL_EINVALID, "sex", "Le sexe doit être F, M ou non précisé.",
		                      "sex: F, M or empty");
	if ((rc = ptl__check_text(&out->school, "school", in->school, 100, false, "L'école")) ||
	    (rc = ptl__check_text(&out->school_level, "school_level", in->school_level, 3, false,
	                          "Le niveau scolaire")))
		return rc;
	if (*out->school_level && !one_of(out->school_level, ptl_school_levels))
		return ptl__error_set(PTL_EINVALID, "school_level",
			"Le niveau scolaire doit être choisi dans la liste (PS, MS, GS, CP … CM2, 6e …).",
			"school_level: not a known level");
	if ((rc = ptl__check_text(&out->allergies, "allergies", in->allergies, 500, false,
	                          "Le champ allergies / PAI")) ||
	    (rc = ptl__check_text(&out->diet, "diet", in->diet, 200, false,
	                          "Le régime alimentaire")) ||
	    (rc = ptl__check_text(&out->doctor, "doctor", in->doctor, 200, false, "Le médecin")) ||
	    (rc = ptl__check_text(&out->authorized_pickup, "authorized_pickup",
	                          in->authorized_pickup, 500, false,
	                          "La liste des personnes autorisées")))
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

int ptl_child_create(ptl_db *db, int64_t family_id, const ptl_child_new *in,
                     int64_t *child_id_out)
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
