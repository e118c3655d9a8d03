/*
 * family.c — creating families and reading them back with their guardians
 * and children.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/error.h>
#include <portail/family.h>

#include "error-internal.h"
#include "family-internal.h"
#include "password.h"
#include "util.h"
#include "validate.h"

/* --- rows -------------------------------------------------------------- */

int ptl__guardian_from_row(ptl_guardian *out, const PGresult *res, int row)
{
	out->id = ptl__db_get_int64(res, row, "id");
	out->family_id = ptl__db_get_int64(res, row, "family_id");
	out->created_at = ptl__db_get_int64(res, row, "created_at");
	out->updated_at = ptl__db_get_int64(res, row, "updated_at");
	out->first_name = ptl__db_dup(res, row, "first_name");
	out->last_name = ptl__db_dup(res, row, "last_name");
	out->email = ptl__db_dup(res, row, "email");
	out->phone = ptl__db_dup(res, row, "phone");
	out->address = ptl__db_dup(res, row, "address");
	out->postcode = ptl__db_dup(res, row, "postcode");
	out->city = ptl__db_dup(res, row, "city");
	out->mobile_phone = ptl__db_dup(res, row, "mobile_phone");
	out->work_phone = ptl__db_dup(res, row, "work_phone");
	out->employer = ptl__db_dup(res, row, "employer");
	out->relationship = ptl__db_dup(res, row, "relationship");
	out->has_login = ptl__db_get_bool(res, row, "has_login");
	out->login_active = ptl__db_get_bool(res, row, "login_active");
	out->notify_by_email = ptl__db_get_bool(res, row, "notify_by_email");
	out->notify_by_sms = ptl__db_get_bool(res, row, "notify_by_sms");
	if (!out->first_name || !out->last_name || !out->email || !out->phone ||
	    !out->address || !out->postcode || !out->city || !out->mobile_phone ||
	    !out->work_phone || !out->employer || !out->relationship)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return PTL_OK;
}

void ptl__guardian_clear(ptl_guardian *g)
{
	free(g->first_name);
	free(g->last_name);
	free(g->email);
	free(g->phone);
	free(g->address);
	free(g->postcode);
	free(g->city);
	free(g->mobile_phone);
	free(g->work_phone);
	free(g->employer);
	free(g->relationship);
}

static void family_clear(ptl_family *f)
{
	free(f->name);
	for (size_t i = 0; i < f->guardian_count; i++)
		ptl__guardian_clear(&f->guardians[i]);
	free(f->guardians);
	for (size_t i = 0; i < f->child_count; i++)
		ptl__child_clear(&f->children[i]);
	free(f->children);
}

void ptl_family_free(ptl_family *family)
{
	if (!family)
		return;
	family_clear(family);
	free(family);
}

void ptl_families_free(ptl_families *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		family_clear(&list->items[i]);
	free(list->items);
	free(list);
}

void ptl_guardian_free(ptl_guardian *guardian)
{
	if (!guardian)
		return;
	ptl__guardian_clear(guardian);
	free(guardian);
}

/* --- create ------------------------------------------------------------ */

struct family_input {
	char *family_name, *first_name, *last_name, *email, *phone, *address,
	     *postcode, *city;
	char code_hash[crypto_pwhash_STRBYTES];
	int64_t family_id;
};

static void family_input_clear(struct family_input *in)
{
	free(in->family_name);
	free(in->first_name);
	free(in->last_name);
	free(in->email);
	free(in->phone);
	free(in->address);
	free(in->postcode);
	free(in->city);
}

static int family_input_check(struct family_input *out, const ptl_family_options *in)
{
	int rc;

	if ((rc = ptl__options_check(in ? &in->version : NULL, PTL_FAMILY_OPTIONS_VERSION,
	                             "ptl_family_options")))
		return rc;
	if ((rc = ptl__check(&out->first_name, "guardian", "first_name", in->first_name)) ||
	    (rc = ptl__check(&out->last_name, "guardian", "last_name", in->last_name)))
		return rc;
	/* The family is named after its first guardian unless told otherwise. */
	if (!in->family_name || !in->family_name[strspn(in->family_name, " \t\r\n")])
		rc = ptl__check_as(&out->family_name, "family", "name", "family_name", out->last_name);
	else
		rc = ptl__check_as(&out->family_name, "family", "name", "family_name", in->family_name);
	if (rc ||
	    (rc = ptl__check(&out->email, "guardian", "email", in->email)) ||
	    (rc = ptl__check(&out->phone, "guardian", "phone", in->phone)) ||
	    (rc = ptl__check(&out->address, "guardian", "address", in->address)) ||
	    (rc = ptl__check(&out->postcode, "guardian", "postcode", in->postcode)) ||
	    (rc = ptl__check(&out->city, "guardian", "city", in->city)))
		return rc;
	return PTL_OK;
}

static int insert_family(ptl_db *db, void *ctx)
{
	struct family_input *in = ctx;
	struct ptl__num now = ptl__num(ptl_clock_now()),
	                expires = ptl__num(ptl_clock_now() + PTL_ONE_TIME_CODE_DAYS * 86400);
	const char *params[] = { in->family_name, in->first_name, in->last_name, in->email,
	                         in->phone, in->address, in->postcode, in->city,
	                         now.s, in->code_hash, expires.s };
	PGresult *res = ptl__db_query(db,
		"WITH f AS ("
		"  INSERT INTO family (name, created_at, updated_at)"
		"  VALUES ($1, to_timestamp($9::bigint), to_timestamp($9::bigint)) RETURNING id),"
		" g AS ("
		"  INSERT INTO guardian (family_id, first_name, last_name, email, phone, address,"
		"                        postcode, city, created_at, updated_at)"
		"  SELECT f.id, $2, $3, $4, $5, $6, $7, $8,"
		"         to_timestamp($9::bigint), to_timestamp($9::bigint) FROM f RETURNING id)"
		" INSERT INTO account (guardian_id, one_time_code_hash, one_time_code_expires_at,"
		"                      created_at, updated_at)"
		" SELECT g.id, $10, to_timestamp($11::bigint),"
		"        to_timestamp($9::bigint), to_timestamp($9::bigint) FROM g"
		" RETURNING (SELECT id FROM f) AS family_id", 11, params);

	if (!res) {
		if (ptl_error_last()->code == PTL_EEXISTS)
			return ptl__error_set(PTL_EEXISTS, "email",
				"Cette adresse e-mail est déjà utilisée par un compte.",
				"email %s is already a login", in->email);
		return ptl_error_last()->code;
	}
	in->family_id = ptl__db_get_int64(res, 0, "family_id");
	PQclear(res);
	return PTL_OK;
}

int ptl_family_create(int64_t *family_id_out, char **code_out, ptl_db *db,
                      const ptl_family_options *in)
{
	struct family_input input = { 0 };
	char code[PTL_ONE_TIME_CODE_LEN + 1], canonical[13];
	int rc;

	if (code_out)
		*code_out = NULL;
	rc = family_input_check(&input, in);
	if (rc == PTL_OK) {
		ptl__one_time_code_new(code);
		(void)ptl__one_time_code_canonical(canonical, code);
		rc = ptl__password_hash(input.code_hash, canonical);
	}
	if (rc == PTL_OK)
		rc = ptl__db_transaction(db, insert_family, &input);
	if (rc == PTL_OK) {
		if (family_id_out)
			*family_id_out = input.family_id;
		if (code_out && !(*code_out = strdup(code)))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	family_input_clear(&input);
	return rc;
}

/* --- read -------------------------------------------------------------- */

/* Families are matched by the filter $1: '' for all, else a case-insensitive
 * substring of the family name or of a guardian's name or email; $2 a family
 * id, or NULL for any. */
#define FAMILY_FILTER \
	" family_id IN (SELECT f.id FROM family f WHERE ($2::bigint IS NULL OR f.id = $2)" \
	"   AND ($1 = '' OR strpos(lower(f.name), lower($1)) > 0 OR EXISTS (" \
	"     SELECT 1 FROM guardian gg WHERE gg.family_id = f.id AND (" \
	"       strpos(lower(gg.first_name || ' ' || gg.last_name), lower($1)) > 0" \
	"       OR strpos(coalesce(gg.email, ''), lower($1)) > 0))))"

static int compare_id(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The family of row @p r of @p res (its family_id column) in @p index. */
static ptl_family *family_of(ptl_family *families, int64_t (*index)[2], size_t count,
                             const PGresult *res, int r)
{
	int64_t key = ptl__db_get_int64(res, r, "family_id");
	int64_t (*hit)[2] = bsearch(&key, index, count, sizeof(*index), compare_id);

	return hit ? &families[(*hit)[1]] : NULL;
}

/* Attach guardians and children to families, found by id through an index
 * sorted by id, so that the cost stays linear in the rows read: a first
 * pass counts each family's members, so that each family's arrays have
 * exactly their size, then a second fills them. */
static int attach_members(ptl_family *families, size_t count, const PGresult *guardians,
                          const PGresult *children)
{
	int64_t (*index)[2] = calloc(count ? count : 1, sizeof(*index));
	ptl_family *f;
	int rc = PTL_OK;

	if (!index)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (size_t i = 0; i < count; i++) {
		index[i][0] = families[i].id;
		index[i][1] = (int64_t)i;
	}
	qsort(index, count, sizeof(*index), compare_id);
	for (int r = 0; r < PQntuples(guardians); r++)
		if ((f = family_of(families, index, count, guardians, r)))
			f->guardian_count++;
	for (int r = 0; r < PQntuples(children); r++)
		if ((f = family_of(families, index, count, children, r)))
			f->child_count++;
	for (size_t i = 0; i < count; i++) {
		f = &families[i];
		f->guardians = calloc(f->guardian_count + 1, sizeof(ptl_guardian));
		f->children = calloc(f->child_count + 1, sizeof(ptl_child));
		/* Counted again as they are filled: _free() clears what is there. */
		f->guardian_count = f->child_count = 0;
		if (!f->guardians || !f->children)
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	for (int r = 0; rc == PTL_OK && r < PQntuples(guardians); r++)
		if ((f = family_of(families, index, count, guardians, r)))
			rc = ptl__guardian_from_row(&f->guardians[f->guardian_count++], guardians, r);
	for (int r = 0; rc == PTL_OK && r < PQntuples(children); r++)
		if ((f = family_of(families, index, count, children, r)))
			rc = ptl__child_from_row(&f->children[f->child_count++], children, r);
	free(index);
	return rc;
}

struct family_query {
	const char *search;
	const char *family_id;   /* NULL for any */
	ptl_families *list;
};

static int load_families(ptl_db *db, void *ctx)
{
	struct family_query *q = ctx;
	const char *params[] = { q->search, q->family_id };
	PGresult *families = NULL, *guardians = NULL, *children = NULL;
	int rc;

	/* The three reads see one snapshot: no child without its family. */
	if ((rc = ptl__db_exec(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	                       0, NULL)) != PTL_OK)
		return rc;
	families = ptl__db_query(db,
		"SELECT id, name, extract(epoch from created_at)::bigint AS created_at,"
		"       extract(epoch from updated_at)::bigint AS updated_at"
		"  FROM (SELECT *, id AS family_id FROM family) fam WHERE"
		FAMILY_FILTER " ORDER BY lower(name), id", 2, params);
	if (families)
		guardians = ptl__db_query(db,
			"SELECT " PTL__GUARDIAN_COLUMNS " FROM " PTL__GUARDIAN_FROM " WHERE"
			FAMILY_FILTER " ORDER BY g.created_at, g.id", 2, params);
	if (guardians)
		children = ptl__db_query(db,
			"SELECT " PTL__CHILD_COLUMNS " FROM child c WHERE"
			FAMILY_FILTER " ORDER BY c.birth_date, c.id", 2, params);
	if (!children) {
		rc = ptl_error_last()->code;
		goto done;
	}

	size_t count = (size_t)PQntuples(families);
	q->list->items = calloc(count ? count : 1, sizeof(ptl_family));
	if (!q->list->items) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		goto done;
	}
	q->list->count = count;
	for (size_t i = 0; i < count; i++) {
		ptl_family *f = &q->list->items[i];
		f->id = ptl__db_get_int64(families, (int)i, "id");
		f->created_at = ptl__db_get_int64(families, (int)i, "created_at");
		f->updated_at = ptl__db_get_int64(families, (int)i, "updated_at");
		if (!(f->name = ptl__db_dup(families, (int)i, "name")))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	if (rc == PTL_OK)
		rc = attach_members(q->list->items, count, guardians, children);
done:
	PQclear(families);
	PQclear(guardians);
	PQclear(children);
	return rc;
}

static int query_families(ptl_db *db, const char *search, const char *family_id,
                          ptl_families **out)
{
	struct family_query q = { search ? search : "", family_id, calloc(1, sizeof(ptl_families)) };
	int rc;

	*out = NULL;
	if (!q.list)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	rc = ptl__db_transaction(db, load_families, &q);
	if (rc != PTL_OK) {
		ptl_families_free(q.list);
		return rc;
	}
	*out = q.list;
	return PTL_OK;
}

int ptl_family_list(ptl_families **out, ptl_db *db, const char *search)
{
	return query_families(db, search, NULL, out);
}

int ptl_family_get(ptl_family **out, ptl_db *db, int64_t family_id)
{
	struct ptl__num id = ptl__num(family_id);
	ptl_families *list;
	int rc;

	*out = NULL;
	rc = query_families(db, "", id.s, &list);
	if (rc != PTL_OK)
		return rc;
	if (list->count == 0) {
		ptl_families_free(list);
		return ptl__error_set(PTL_ENOTFOUND, "family_id", "Famille introuvable.",
		                      "no family %lld", (long long)family_id);
	}
	/* Hand out the single item, keeping its members. */
	*out = malloc(sizeof(ptl_family));
	if (!*out) {
		ptl_families_free(list);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	**out = list->items[0];
	list->count = 0;
	ptl_families_free(list);
	return PTL_OK;
}

static int guardian_query(ptl_db *db, const char *where, const char *param,
                          ptl_guardian **out)
{
	char sql[1024];
	const char *params[] = { param };
	PGresult *res;
	int rc;

	*out = NULL;
	snprintf(sql, sizeof(sql), "SELECT " PTL__GUARDIAN_COLUMNS " FROM " PTL__GUARDIAN_FROM
	         " WHERE %s", where);
	res = ptl__db_query(db, sql, 1, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, NULL, "Responsable introuvable.",
		                      "no such guardian");
	}
	*out = calloc(1, sizeof(ptl_guardian));
	rc = *out ? ptl__guardian_from_row(*out, res, 0)
	          : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_guardian_free(*out);
		*out = NULL;
	}
	return rc;
}

int ptl_guardian_get(ptl_guardian **out, ptl_db *db, int64_t guardian_id)
{
	struct ptl__num id = ptl__num(guardian_id);

	return guardian_query(db, "g.id = $1", id.s, out);
}

int ptl_guardian_get_by_email(ptl_guardian **out, ptl_db *db, const char *email)
{
	char *normal = ptl__trimmed(email);
	int rc;

	if (!normal)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	ptl__ascii_lower(normal);
	rc = guardian_query(db, "g.email = $1", normal, out);
	free(normal);
	return rc;
}
