/*
 * profile.c — parents' changes to their own contact details and to their
 * children, each recorded in the validation queue (see profile.h); and the
 * contact_change kind of request, with how it applies.
 *
 * Every statement joins through the logged-in guardian's family, so an id of
 * another family matches no row and is reported as not found. Statements are
 * prepared once per connection; the request is handed back as the INSERT
 * recorded it, not read again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/profile.h>

#include "db-internal.h"
#include "error-internal.h"
#include "family-internal.h"
#include "profile-internal.h"
#include "request-internal.h"
#include "validate.h"

/* A guardian's contact details from the row "g": what a change was made
 * against (its "before"). */
#define CONTACT_CURRENT_JSON \
	"jsonb_build_object('phone', g.phone, 'mobile_phone', g.mobile_phone," \
	" 'work_phone', g.work_phone, 'address', g.address, 'postcode', g.postcode," \
	" 'city', g.city, 'employer', g.employer," \
	" 'notify_by_email', g.notify_by_email, 'notify_by_sms', g.notify_by_sms)"

/* The record type to read those objects back with jsonb_to_record(). */
#define CONTACT_RECORD \
	"a(phone text, mobile_phone text, work_phone text, address text, postcode text," \
	" city text, employer text, notify_by_email boolean, notify_by_sms boolean)"

static const char *const contact_fields[] = {
	"phone", "mobile_phone", "work_phone", "address", "postcode", "city", "employer",
	"notify_by_email", "notify_by_sms", NULL,
};

/* Updates the guardian's details, only while they are still those the
 * request was made against. */
static int apply_contact_change(ptl_db *db, int64_t request_id, const char *now)
{
	return ptl__request_apply_sql(db, request_id, now,
		"UPDATE guardian g SET phone = a.phone, mobile_phone = a.mobile_phone,"
		"       work_phone = a.work_phone, address = a.address, postcode = a.postcode,"
		"       city = a.city, employer = a.employer, notify_by_email = a.notify_by_email,"
		"       notify_by_sms = a.notify_by_sms, updated_at = to_timestamp($2::bigint)"
		"  FROM request r, jsonb_to_record(r.after) AS " CONTACT_RECORD
		" WHERE r.id = $1 AND g.id = r.target_id AND g.family_id = r.family_id"
		"   AND " CONTACT_CURRENT_JSON " = r.before"
		" RETURNING g.id",
		"SELECT g.id FROM request r JOIN guardian g ON g.id = r.target_id"
		"   AND g.family_id = r.family_id WHERE r.id = $1");
}

const struct ptl__request_kind_def ptl__contact_change_request_kind = {
	.kind = PTL_REQUEST_CONTACT_CHANGE, .name = "contact_change",
	.label = "Modification des coordonnées", .waits_by_default = false, .target = "guardian",
	.fields = contact_fields, .apply = apply_contact_change,
};

static int not_found(const char *what)
{
	return ptl__error_set(PTL_ENOTFOUND, "id", "Élément introuvable.", "no such %s in this family", what);
}

static int submit(ptl_db *db, void *ctx)
{
	struct ptl__submission *s = ctx;
	PGresult *res = ptl__db_query_prepared(db, s->sql, s->nparams, s->params);
	int rc;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return not_found(ptl_request_kind_target(s->kind));
	}
	struct ptl__request_new r = {
		.family_id = ptl__db_get_int64(res, 0, "family_id"),
		.guardian_id = s->guardian_id,
		.target_id = ptl__db_get_int64(res, 0, "target_id"),
		.kind = s->kind,
		.summary = ptl__db_get(res, 0, "summary"),
		.before_json = ptl__db_get(res, 0, "before"),
		.after_json = ptl__db_get(res, 0, "after"),
		.written = s->written,
	};
	rc = ptl__request_submit(db, &r, &s->request_id, NULL);
	PQclear(res);
	return rc;
}

int ptl__profile_submit(ptl_db *db, struct ptl__submission *s, int64_t *request_id_out)
{
	int rc = ptl__db_transaction(db, submit, s);

	if (rc == PTL_OK && request_id_out)
		*request_id_out = s->request_id;
	return rc;
}

int ptl_profile_update_contact(ptl_request **out, ptl_db *db, int64_t guardian_id,
                               const ptl_contact_options *in)
{
	ptl_request *written = NULL;
	char *phone = NULL, *mobile = NULL, *work = NULL, *address = NULL, *postcode = NULL,
	     *city = NULL, *employer = NULL;
	struct ptl__num gid = ptl__num(guardian_id);
	int rc;

	if (out)
		*out = NULL;
	if ((rc = ptl__options_check(in ? &in->version : NULL, PTL_CONTACT_OPTIONS_VERSION,
	                             "ptl_contact_options")))
		return rc;
	if ((rc = ptl__check(&phone, "guardian", "phone", in->phone)) ||
	    (rc = ptl__check(&mobile, "guardian", "mobile_phone", in->mobile_phone)) ||
	    (rc = ptl__check(&work, "guardian", "work_phone", in->work_phone)) ||
	    (rc = ptl__check(&address, "guardian", "address", in->address)) ||
	    (rc = ptl__check(&postcode, "guardian", "postcode", in->postcode)) ||
	    (rc = ptl__check(&city, "guardian", "city", in->city)) ||
	    (rc = ptl__check(&employer, "guardian", "employer", in->employer)))
		goto done;
	if (in->notify_by_email != (in->notify_by_email & 1) ||
	    in->notify_by_sms != (in->notify_by_sms & 1)) {
		rc = ptl__error_set(PTL_EINVALID, "notify_by_email", NULL, "notification flags are 0 or 1");
		goto done;
	}
	const char *params[] = { gid.s, phone, mobile, work, address, postcode, city, employer,
	                         in->notify_by_email ? "true" : "false",
	                         in->notify_by_sms ? "true" : "false" };
	struct ptl__submission s = {
		.sql = "SELECT g.family_id, g.id AS target_id,"
		       "       'Modification des coordonnées de ' || g.first_name || ' ' || g.last_name"
		       "         AS summary,"
		       "       " CONTACT_CURRENT_JSON "::text AS before,"
		       "       jsonb_build_object('phone', $2::text, 'mobile_phone', $3::text,"
		       "         'work_phone', $4::text, 'address', $5::text, 'postcode', $6::text,"
		       "         'city', $7::text, 'employer', $8::text,"
		       "         'notify_by_email', $9::boolean, 'notify_by_sms', $10::boolean)::text"
		       "         AS after"
		       "  FROM guardian g WHERE g.id = $1"
		       /* Locked until the change is applied: a change sent at the same
		        * moment waits, then reads what this one wrote as its "before". */
		       "   FOR UPDATE OF g",
		.nparams = 10, .params = params, .kind = PTL_REQUEST_CONTACT_CHANGE, .guardian_id = guardian_id,
	};
	if (out && !(s.written = written = calloc(1, sizeof(*written)))) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		goto done;
	}
	rc = ptl__profile_submit(db, &s, NULL);
	if (rc == PTL_OK && out) {
		*out = written;
		written = NULL;
	}
done:
	ptl_request_free(written);
	free(phone);
	free(mobile);
	free(work);
	free(address);
	free(postcode);
	free(city);
	free(employer);
	return rc;
}

int ptl_profile_add_child(int64_t *request_id_out, ptl_db *db, int64_t guardian_id,
                          const ptl_child_options *in)
{
	struct ptl__child_values v;
	struct ptl__num gid = ptl__num(guardian_id);
	const char *params[11] = { gid.s };
	int rc = ptl__child_values_check(&v, in);

	if (rc == PTL_OK) {
		ptl__child_values_params(&v, params + 1);
		struct ptl__submission s = {
			.sql = "SELECT g.family_id, 0 AS target_id,"
			       "       'Ajout de l’enfant ' || $2 || ' ' || $3 AS summary,"
			       "       '{}' AS before, "
			       PTL__CHILD_JSON(2, 3, 4, 5, 6, 7, 8, 9, 10, 11) "::text AS after"
			       "  FROM guardian g WHERE g.id = $1",
			.nparams = 11, .params = params, .kind = PTL_REQUEST_CHILD_ADD, .guardian_id = guardian_id,
		};
		rc = ptl__profile_submit(db, &s, request_id_out);
	}
	ptl__child_values_clear(&v);
	return rc;
}

int ptl_profile_edit_child(int64_t *request_id_out, ptl_db *db, int64_t guardian_id,
                           int64_t child_id, const ptl_child_options *in)
{
	struct ptl__child_values v;
	struct ptl__num gid = ptl__num(guardian_id), cid = ptl__num(child_id);
	const char *params[12] = { gid.s, cid.s };
	int rc = ptl__child_values_check(&v, in);

	if (rc == PTL_OK) {
		ptl__child_values_params(&v, params + 2);
		struct ptl__submission s = {
			.sql = "SELECT c.family_id, c.id AS target_id,"
			       "       'Modification de la fiche de ' || c.first_name || ' ' || c.last_name"
			       "         AS summary, "
			       PTL__CHILD_CURRENT_JSON "::text AS before, "
			       PTL__CHILD_JSON(3, 4, 5, 6, 7, 8, 9, 10, 11, 12) "::text AS after"
			       "  FROM child c JOIN guardian g ON g.family_id = c.family_id"
			       " WHERE g.id = $1 AND c.id = $2 FOR UPDATE OF c",
			.nparams = 12, .params = params, .kind = PTL_REQUEST_CHILD_EDIT, .guardian_id = guardian_id,
		};
		rc = ptl__profile_submit(db, &s, request_id_out);
	}
	ptl__child_values_clear(&v);
	return rc;
}
