/*
 * guardian.c — the guardians of a family beyond the first (see guardian.h):
 * the manager adds, changes and removes them; a parent asks, through the
 * validation queue, to add the other parent (guardian_add) or to change the
 * other guardian's details (guardian_edit). Both kinds are defined here
 * with how they apply.
 *
 * Every field is checked against the field table (object "guardian"). A
 * guardian given an email gets a login with a one-time code: the manager's
 * addition hands the code back to print; an accepted guardian_add mails it
 * to the new guardian (through the outbox, in the decision's transaction).
 *
 * Removal deletes the guardian's row: their account, sessions, devices and
 * links go with it by the schema's cascades, in the same transaction, and
 * the requests they sent keep their name (migration 0010 says why). The
 * family's row is locked first, so that two removals at once cannot take
 * the last two guardians; a trigger holds the rule for any other writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/error.h>
#include <portail/guardian.h>
#include <portail/profile.h>

#include "db-internal.h"
#include "error-internal.h"
#include "family-internal.h"
#include "mail-internal.h"
#include "password.h"
#include "profile-internal.h"
#include "request-internal.h"
#include "util.h"
#include "validate.h"

/* The details, in the order of the forms and of the requests' changes. */
enum { F_FIRST, F_LAST, F_RELATIONSHIP, F_EMAIL, F_PHONE, F_MOBILE, F_WORK, F_ADDRESS,
       F_POSTCODE, F_CITY, F_EMPLOYER, F_COUNT };

static const char *const field_names[F_COUNT + 1] = {
	"first_name", "last_name", "relationship", "email", "phone", "mobile_phone",
	"work_phone", "address", "postcode", "city", "employer", NULL,
};

/* What guardian_edit changes: every detail but the email. */
static const char *const edit_fields[] = {
	"first_name", "last_name", "relationship", "phone", "mobile_phone", "work_phone",
	"address", "postcode", "city", "employer", NULL,
};

/* The details of the guardian row "g" that guardian_edit changes: what an
 * edit was made against (its "before"). */
#define EDIT_CURRENT_JSON \
	"jsonb_build_object('first_name', g.first_name, 'last_name', g.last_name," \
	" 'relationship', g.relationship, 'phone', g.phone, 'mobile_phone', g.mobile_phone," \
	" 'work_phone', g.work_phone, 'address', g.address, 'postcode', g.postcode," \
	" 'city', g.city, 'employer', g.employer)"

/* The record type to read a request's details back with jsonb_to_record(). */
#define GUARDIAN_RECORD \
	"a(first_name text, last_name text, relationship text, email text, phone text," \
	" mobile_phone text, work_phone text, address text, postcode text, city text," \
	" employer text)"

static const char *option_value(const ptl_guardian_options *in, int field)
{
	switch (field) {
	case F_FIRST: return in->first_name;
	case F_LAST: return in->last_name;
	case F_RELATIONSHIP: return in->relationship;
	case F_EMAIL: return in->email;
	case F_PHONE: return in->phone;
	case F_MOBILE: return in->mobile_phone;
	case F_WORK: return in->work_phone;
	case F_ADDRESS: return in->address;
	case F_POSTCODE: return in->postcode;
	case F_CITY: return in->city;
	default: return in->employer;
	}
}

static void values_clear(char *v[F_COUNT])
{
	for (int i = 0; i < F_COUNT; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

/* Check the details of @p in into @p out, cleaned (see validate.h). To add
 * (@p edit false) a NULL field is "", and the email, optional, stays NULL
 * when blank. To change (@p edit true) a NULL field stays NULL (kept), and
 * an email is refused: a login email changes only with
 * ptl_account_set_email(). */
static int values_check(char *out[F_COUNT], const ptl_guardian_options *in, bool edit)
{
	int rc;

	memset(out, 0, F_COUNT * sizeof(*out));
	if ((rc = ptl__options_check(in ? &in->version : NULL, PTL_GUARDIAN_OPTIONS_VERSION,
	                             "ptl_guardian_options")))
		return rc;
	for (int i = 0; i < F_COUNT; i++) {
		const char *value = option_value(in, i);

		if (i == F_EMAIL && edit && value)
			rc = ptl__error_set(PTL_EINVALID, "email",
				"L’adresse e-mail ne peut être changée que par le service.",
				"email: a login email changes only with account set-email");
		else if (!value && edit)
			continue;
		else if (i == F_EMAIL && !(value && value[strspn(value, " \t\r\n")]))
			continue;
		else
			rc = ptl__check(&out[i], "guardian", field_names[i], value);
		if (rc != PTL_OK) {
			values_clear(out);
			return rc;
		}
	}
	return PTL_OK;
}

/* The values as the parameters of a statement, from params[0]. */
static void values_params(char *const v[F_COUNT], const char *params[F_COUNT])
{
	for (int i = 0; i < F_COUNT; i++)
		params[i] = v[i];
}

/* A new one-time code into @p code and its hash into @p hash. */
static int new_code(char code[PTL_ONE_TIME_CODE_LEN + 1], char hash[crypto_pwhash_STRBYTES])
{
	char canonical[13];

	ptl__one_time_code_new(code);
	(void)ptl__one_time_code_canonical(canonical, code);
	return ptl__password_hash(hash, canonical);
}

static int email_taken(const char *email)
{
	return ptl__error_set(PTL_EEXISTS, "email",
		"Cette adresse e-mail est déjà utilisée par un compte.",
		"email %s is already a login", email);
}

/* In the caller's transaction: insert guardian @p v into family
 * @p family_id, and with an email their account, which logs in with the
 * code of hash @p code_hash. */
static int insert_guardian(ptl_db *db, int64_t family_id, char *const v[F_COUNT],
                           const char *code_hash, int64_t *id_out)
{
	ptl_time now = ptl_clock_now();
	struct ptl__num fid = ptl__num(family_id), n = ptl__num(now),
	                expires = ptl__num(now + PTL_ONE_TIME_CODE_DAYS * 86400);
	const char *params[F_COUNT + 4] = { fid.s };
	PGresult *res;

	values_params(v, params + 1);
	params[F_COUNT + 1] = n.s;
	params[F_COUNT + 2] = code_hash;
	params[F_COUNT + 3] = expires.s;
	res = ptl__db_query_prepared(db,
		"WITH g AS ("
		"  INSERT INTO guardian (family_id, first_name, last_name, relationship, email, phone,"
		"                        mobile_phone, work_phone, address, postcode, city, employer,"
		"                        created_at, updated_at)"
		"  SELECT f.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
		"         to_timestamp($13::bigint), to_timestamp($13::bigint)"
		"    FROM family f WHERE f.id = $1 RETURNING id, email),"
		" a AS ("
		"  INSERT INTO account (guardian_id, one_time_code_hash, one_time_code_expires_at,"
		"                       created_at, updated_at)"
		"  SELECT g.id, $14, to_timestamp($15::bigint), to_timestamp($13::bigint),"
		"         to_timestamp($13::bigint) FROM g WHERE g.email IS NOT NULL"
		"  RETURNING guardian_id)"
		" SELECT g.id, (SELECT count(*) FROM a) AS logins FROM g", F_COUNT + 4, params);

	if (!res)
		return ptl_error_last()->code == PTL_EEXISTS ? email_taken(v[F_EMAIL])
		                                            : ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "family_id", "Famille introuvable.",
		                      "no family %lld", (long long)family_id);
	}
	*id_out = ptl__db_get_int64(res, 0, "id");
	PQclear(res);
	return PTL_OK;
}

/* --- the manager's actions -------------------------------------------------- */

struct addition {
	int64_t family_id;
	char *values[F_COUNT];
	char code_hash[crypto_pwhash_STRBYTES];
	int64_t guardian_id;
};

static int add_in_transaction(ptl_db *db, void *ctx)
{
	struct addition *a = ctx;

	return insert_guardian(db, a->family_id, a->values,
	                       a->values[F_EMAIL] ? a->code_hash : NULL, &a->guardian_id);
}

static int no_guardian(int64_t guardian_id)
{
	return ptl__error_set(PTL_ENOTFOUND, "guardian_id", "Responsable introuvable.",
	                      "no guardian %lld", (long long)guardian_id);
}

int ptl_guardian_give_login(char **code_out, ptl_db *db, int64_t guardian_id,
                            const char *email_in)
{
	char code[PTL_ONE_TIME_CODE_LEN + 1], hash[crypto_pwhash_STRBYTES], *email = NULL;
	ptl_time now = ptl_clock_now();
	struct ptl__num gid = ptl__num(guardian_id), n = ptl__num(now),
	                expires = ptl__num(now + PTL_ONE_TIME_CODE_DAYS * 86400);
	PGresult *res = NULL;
	int rc;

	if (code_out)
		*code_out = NULL;
	if ((rc = ptl__check(&email, "guardian", "email", email_in)) == PTL_OK)
		rc = new_code(code, hash);
	if (rc == PTL_OK) {
		const char *params[] = { gid.s, email, hash, n.s, expires.s };
		/* The guardian's row and their account together, only for a
		 * guardian without one; "known" tells the two refusals apart. */
		res = ptl__db_query_prepared(db,
			"WITH g AS ("
			"  UPDATE guardian g SET email = $2, updated_at = to_timestamp($4::bigint)"
			"   WHERE g.id = $1 AND NOT EXISTS (SELECT 1 FROM account a"
			"                                    WHERE a.guardian_id = g.id)"
			"  RETURNING g.id),"
			" a AS ("
			"  INSERT INTO account (guardian_id, one_time_code_hash, one_time_code_expires_at,"
			"                       created_at, updated_at)"
			"  SELECT g.id, $3, to_timestamp($5::bigint), to_timestamp($4::bigint),"
			"         to_timestamp($4::bigint) FROM g RETURNING guardian_id)"
			" SELECT (SELECT count(*) FROM a) AS given,"
			"        EXISTS (SELECT 1 FROM guardian WHERE id = $1) AS known", 5, params);
		if (!res)
			rc = ptl_error_last()->code == PTL_EEXISTS ? email_taken(email)
			                                           : ptl_error_last()->code;
		else if (!ptl__db_get_bool(res, 0, "known"))
			rc = no_guardian(guardian_id);
		else if (ptl__db_get_int64(res, 0, "given") != 1)
			rc = ptl__error_set(PTL_EEXISTS, "guardian_id",
				"Ce responsable a déjà un compte.",
				"guardian %s already has a login: its email changes with account set-email",
				gid.s);
	}
	if (rc == PTL_OK && code_out && !(*code_out = strdup(code)))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	free(email);
	return rc;
}

int ptl_guardian_add(int64_t *guardian_id_out, char **code_out, ptl_db *db,
                     int64_t family_id, const ptl_guardian_options *in)
{
	struct addition a = { .family_id = family_id };
	char code[PTL_ONE_TIME_CODE_LEN + 1];
	int rc;

	if (code_out)
		*code_out = NULL;
	if ((rc = values_check(a.values, in, false)) != PTL_OK)
		return rc;
	if (a.values[F_EMAIL])
		rc = new_code(code, a.code_hash);
	if (rc == PTL_OK)
		rc = ptl__db_transaction(db, add_in_transaction, &a);
	if (rc == PTL_OK) {
		if (guardian_id_out)
			*guardian_id_out = a.guardian_id;
		if (code_out && a.values[F_EMAIL] && !(*code_out = strdup(code)))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	values_clear(a.values);
	return rc;
}


int ptl_guardian_edit(ptl_guardian **out, ptl_db *db, int64_t guardian_id,
                      const ptl_guardian_options *in)
{
	char *v[F_COUNT];
	struct ptl__num gid = ptl__num(guardian_id), now = ptl__num(ptl_clock_now());
	const char *params[F_COUNT + 2] = { gid.s };
	ptl_guardian *g = NULL;
	PGresult *res;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = values_check(v, in, true)) != PTL_OK)
		return rc;
	values_params(v, params + 1);
	params[F_COUNT + 1] = now.s;
	/* One statement: the transaction is its own. $5, the email, is never
	 * given here. */
	res = ptl__db_query_prepared(db,
		"WITH g AS ("
		"  UPDATE guardian g SET first_name = coalesce($2, g.first_name),"
		"         last_name = coalesce($3, g.last_name),"
		"         relationship = coalesce($4, g.relationship),"
		"         phone = coalesce($6, g.phone), mobile_phone = coalesce($7, g.mobile_phone),"
		"         work_phone = coalesce($8, g.work_phone), address = coalesce($9, g.address),"
		"         postcode = coalesce($10, g.postcode), city = coalesce($11, g.city),"
		"         employer = coalesce($12, g.employer), updated_at = to_timestamp($13::bigint)"
		"   WHERE g.id = $1 AND $5::text IS NULL RETURNING g.*)"
		" SELECT " PTL__GUARDIAN_COLUMNS " FROM g LEFT JOIN account a ON a.guardian_id = g.id",
		F_COUNT + 2, params);
	values_clear(v);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return no_guardian(guardian_id);
	}
	if (out) {
		rc = (g = calloc(1, sizeof(*g))) ? ptl__guardian_from_row(g, res, 0)
		     : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		if (rc == PTL_OK)
			*out = g;
		else
			ptl_guardian_free(g);
	}
	PQclear(res);
	return rc;
}

static int remove_in_transaction(ptl_db *db, void *ctx)
{
	const int64_t *guardian_id = ctx;
	struct ptl__num gid = ptl__num(*guardian_id);
	const char *params[] = { gid.s };
	PGresult *res;
	int rows;

	/* The family first, so that simultaneous removals are judged one
	 * after the other. */
	res = ptl__db_query_prepared(db,
		"SELECT f.id FROM family f JOIN guardian g ON g.family_id = f.id"
		" WHERE g.id = $1 FOR UPDATE OF f", 1, params);
	if (!res)
		return ptl_error_last()->code;
	rows = PQntuples(res);
	PQclear(res);
	if (rows != 1)
		return no_guardian(*guardian_id);
	res = ptl__db_query_prepared(db,
		"DELETE FROM guardian g WHERE g.id = $1 AND EXISTS ("
		"  SELECT 1 FROM guardian o WHERE o.family_id = g.family_id AND o.id <> g.id)"
		" RETURNING g.id", 1, params);
	if (!res)
		return ptl_error_last()->code;
	rows = PQntuples(res);
	PQclear(res);
	if (rows != 1)
		return ptl__error_set(PTL_EFORBIDDEN, "guardian_id",
			"Le dernier responsable d’une famille ne peut pas être retiré.",
			"guardian %s is the family's last guardian: a family keeps at least one",
			gid.s);
	return PTL_OK;
}

int ptl_guardian_remove(ptl_db *db, int64_t guardian_id)
{
	return ptl__db_transaction(db, remove_in_transaction, &guardian_id);
}

/* --- the parents' requests -------------------------------------------------- */

/* The new guardian's login: the one-time code, mailed to them. */
static int mail_code(ptl_db *db, const char *email, const char *first_name,
                     const char *family_name, const char *code)
{
	char body[2048], until[PTL_INSTANT_FR_SIZE];

	ptl_instant_format_fr(until, ptl_clock_now() + PTL_ONE_TIME_CODE_DAYS * 86400);
	snprintf(body, sizeof(body),
		"Bonjour %s,\n\nLe service vous a ajouté comme responsable légal de la famille %s"
		" sur le Portail Famille.\n\nVotre identifiant : %s\nVotre code à usage unique : %s\n"
		"(valable jusqu’au %s)\n\nConnectez-vous avec ce code à la place du mot de passe :\n"
		"%s/connexion.html\npuis choisissez votre mot de passe.\n\nLe Portail Famille\n",
		first_name, family_name, email, code, until, ptl__public_url());
	return ptl__mail_queue(db, email, "Votre compte sur le Portail Famille", body);
}

/* Adds the guardian the request names, records them as its target, and
 * with an email gives them a login whose one-time code goes to the outbox. */
static int apply_guardian_add(ptl_db *db, int64_t request_id, const char *now)
{
	struct ptl__num rid = ptl__num(request_id);
	const char *params[] = { rid.s };
	char *v[F_COUNT] = { NULL }, code[PTL_ONE_TIME_CODE_LEN + 1],
	     hash[crypto_pwhash_STRBYTES], *family_name = NULL;
	int64_t family_id = 0, guardian_id = 0;
	PGresult *res;
	int rc = PTL_OK;

	(void)now;   /* the clock is read again where the rows are written */
	res = ptl__db_query_prepared(db,
		"SELECT r.family_id, f.name AS family_name, a.*"
		"  FROM request r JOIN family f ON f.id = r.family_id,"
		"       jsonb_to_record(r.after) AS " GUARDIAN_RECORD " WHERE r.id = $1", 1, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_EINVALID, NULL, NULL, "request %s: no family", rid.s);
	}
	family_id = ptl__db_get_int64(res, 0, "family_id");
	family_name = ptl__db_dup(res, 0, "family_name");
	for (int i = 0; i < F_COUNT; i++) {
		const char *value = ptl__db_get(res, 0, field_names[i]);
		/* The email is optional: none when blank. */
		if ((i != F_EMAIL || (value && *value)) && !(v[i] = ptl__strdup(value)))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	PQclear(res);
	if (!family_name)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	if (rc == PTL_OK && v[F_EMAIL])
		rc = new_code(code, hash);
	if (rc == PTL_OK)
		rc = insert_guardian(db, family_id, v, v[F_EMAIL] ? hash : NULL, &guardian_id);
	if (rc == PTL_OK) {
		struct ptl__num gid = ptl__num(guardian_id);
		const char *target[] = { rid.s, gid.s };
		rc = ptl__db_exec(db, "UPDATE request SET target_id = $2 WHERE id = $1", 2, target);
	}
	if (rc == PTL_OK && v[F_EMAIL])
		rc = mail_code(db, v[F_EMAIL], v[F_FIRST], family_name, code);
	values_clear(v);
	free(family_name);
	return rc == PTL_OK ? PTL__APPLIED : rc;
}

/* Replaces the other guardian's details, only while they are still those
 * the request was made against. */
static int apply_guardian_edit(ptl_db *db, int64_t request_id, const char *now)
{
	return ptl__request_apply_sql(db, request_id, now,
		"UPDATE guardian g SET first_name = a.first_name, last_name = a.last_name,"
		"       relationship = a.relationship, phone = a.phone, mobile_phone = a.mobile_phone,"
		"       work_phone = a.work_phone, address = a.address, postcode = a.postcode,"
		"       city = a.city, employer = a.employer, updated_at = to_timestamp($2::bigint)"
		"  FROM request r, jsonb_to_record(r.after) AS " GUARDIAN_RECORD
		" WHERE r.id = $1 AND g.id = r.target_id AND g.family_id = r.family_id"
		"   AND " EDIT_CURRENT_JSON " = r.before"
		" RETURNING g.id",
		"SELECT g.id FROM request r JOIN guardian g ON g.id = r.target_id"
		"   AND g.family_id = r.family_id WHERE r.id = $1");
}

const struct ptl__request_kind_def ptl__guardian_add_request_kind = {
	.kind = PTL_REQUEST_GUARDIAN_ADD, .name = "guardian_add",
	.label = "Ajout d’un responsable légal", .waits_by_default = true, .target = "guardian",
	.fields = field_names, .apply = apply_guardian_add,
};

const struct ptl__request_kind_def ptl__guardian_edit_request_kind = {
	.kind = PTL_REQUEST_GUARDIAN_EDIT, .name = "guardian_edit",
	.label = "Modification d’un responsable légal", .waits_by_default = true,
	.target = "guardian", .fields = edit_fields, .apply = apply_guardian_edit,
};

/* Check the details @p in, then record the request @p s, whose statement
 * takes the parent's id as $1, @p other_id as $2 for an edit, then the
 * details in the order of field_names; hand the request back through @p out
 * when not NULL. */
static int ask(ptl_request **out, ptl_db *db, struct ptl__submission *s, int64_t other_id,
               const ptl_guardian_options *in)
{
	bool edit = s->kind == PTL_REQUEST_GUARDIAN_EDIT;
	struct ptl__num gid = ptl__num(s->guardian_id), oid = ptl__num(other_id);
	const char *params[F_COUNT + 2] = { gid.s, oid.s };
	int lead = edit ? 2 : 1;
	ptl_request *written = NULL;
	char *v[F_COUNT];
	int rc;

	if (out)
		*out = NULL;
	if ((rc = values_check(v, in, edit)) != PTL_OK)
		return rc;
	values_params(v, params + lead);
	if (!edit && !params[lead + F_EMAIL])
		params[lead + F_EMAIL] = "";   /* none, in the request's values */
	s->params = params;
	s->nparams = F_COUNT + lead;
	if (edit && other_id == s->guardian_id)
		rc = ptl__error_set(PTL_EINVALID, "id",
			"Vos propres coordonnées se modifient dans « Mes coordonnées ».",
			"a guardian changes their own details with a contact change");
	else if (out && !(s->written = written = calloc(1, sizeof(*written))))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else
		rc = ptl__profile_submit(db, s, NULL);
	if (rc == PTL_OK && out)
		*out = written;
	else
		ptl_request_free(written);
	values_clear(v);
	return rc;
}

int ptl_profile_add_guardian(ptl_request **out, ptl_db *db, int64_t guardian_id,
                             const ptl_guardian_options *in)
{
	struct ptl__submission s = {
		.sql = "SELECT g.family_id, 0 AS target_id,"
		       "       'Ajout de ' || $2 || ' ' || $3 || ' comme responsable légal' AS summary,"
		       "       '{}' AS before,"
		       "       jsonb_build_object('first_name', $2::text, 'last_name', $3::text,"
		       "         'relationship', $4::text, 'email', $5::text, 'phone', $6::text,"
		       "         'mobile_phone', $7::text, 'work_phone', $8::text, 'address', $9::text,"
		       "         'postcode', $10::text, 'city', $11::text, 'employer', $12::text)::text"
		       "         AS after"
		       "  FROM guardian g WHERE g.id = $1",
		.kind = PTL_REQUEST_GUARDIAN_ADD, .guardian_id = guardian_id,
	};

	return ask(out, db, &s, 0, in);
}

int ptl_profile_edit_guardian(ptl_request **out, ptl_db *db, int64_t guardian_id,
                              int64_t other_id, const ptl_guardian_options *in)
{
	struct ptl__submission s = {
		/* $6, the email, is never given here. */
		.sql = "SELECT g.family_id, g.id AS target_id,"
		       "       'Modification des informations de ' || g.first_name || ' '"
		       "         || g.last_name AS summary,"
		       "       " EDIT_CURRENT_JSON "::text AS before,"
		       "       jsonb_build_object('first_name', coalesce($3, g.first_name),"
		       "         'last_name', coalesce($4, g.last_name),"
		       "         'relationship', coalesce($5, g.relationship),"
		       "         'phone', coalesce($7, g.phone),"
		       "         'mobile_phone', coalesce($8, g.mobile_phone),"
		       "         'work_phone', coalesce($9, g.work_phone),"
		       "         'address', coalesce($10, g.address),"
		       "         'postcode', coalesce($11, g.postcode), 'city', coalesce($12, g.city),"
		       "         'employer', coalesce($13, g.employer))::text AS after"
		       "  FROM guardian me JOIN guardian g ON g.family_id = me.family_id"
		       " WHERE me.id = $1 AND g.id = $2 AND $6::text IS NULL"
		       /* Locked until recorded: an edit sent at the same moment
		        * reads what this one wrote as its "before". */
		       "   FOR UPDATE OF g",
		.kind = PTL_REQUEST_GUARDIAN_EDIT, .guardian_id = guardian_id,
	};

	return ask(out, db, &s, other_id, in);
}
