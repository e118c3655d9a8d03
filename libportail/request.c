/*
 * request.c — the validation queue (see request.h): listing, accepting,
 * refusing, and applying each kind of change.
 *
 * Processing is a conditional update (status = 'pending' → accepted or
 * refused): under concurrency the row lock lets exactly one manager win and
 * the other finds the request no longer pending. The change is applied in
 * the same transaction, from the request's "after" object, by set-based SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/request.h>

#include "db-internal.h"
#include "error-internal.h"
#include "family-internal.h"
#include "mail-internal.h"
#include "request-internal.h"
#include "util.h"

const char *const ptl_request_kinds[] = {
	"signup", "child_add", "child_edit", "contact_change",
	"enrolment", "reservation", "certificate", NULL
};

static const char *const statuses[] = { "pending", "accepted", "refused", "applied", NULL };

static bool known(const char *value, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(value, *list) == 0)
			return true;
	return false;
}

static void request_clear(ptl_request *r);

/* --- applying ------------------------------------------------------------- */

#define CONTACT_RECORD \
	"a(phone text, mobile_phone text, work_phone text, address text, postcode text," \
	" city text, employer text, notify_by_email boolean, notify_by_sms boolean)"

static int apply(ptl_db *db, int64_t request_id, const char *kind)
{
	struct ptl__num id = ptl__num(request_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { id.s, now.s };
	const char *sql;

	if (strcmp(kind, "signup") == 0)
		sql = "UPDATE account a SET active = true, updated_at = to_timestamp($2::bigint)"
		      "  FROM request r WHERE r.id = $1 AND a.guardian_id = r.guardian_id"
		      " RETURNING a.guardian_id";
	else if (strcmp(kind, "child_add") == 0)
		sql = "WITH c AS ("
		      "  INSERT INTO child (family_id, first_name, last_name, birth_date, sex, school,"
		      "                     school_level, allergies, diet, doctor, authorized_pickup,"
		      "                     created_at, updated_at)"
		      "  SELECT r.family_id, a.first_name, a.last_name, a.birth_date, a.sex, a.school,"
		      "         a.school_level, a.allergies, a.diet, a.doctor, a.authorized_pickup,"
		      "         to_timestamp($2::bigint), to_timestamp($2::bigint)"
		      "    FROM request r, jsonb_to_record(r.after) AS " PTL__CHILD_RECORD
		      "   WHERE r.id = $1 RETURNING id)"
		      " UPDATE request SET target_id = (SELECT id FROM c) WHERE id = $1"
		      " RETURNING target_id";
	else if (strcmp(kind, "child_edit") == 0)
		sql = "UPDATE child c SET first_name = a.first_name, last_name = a.last_name,"
		      "       birth_date = a.birth_date, sex = a.sex, school = a.school,"
		      "       school_level = a.school_level, allergies = a.allergies, diet = a.diet,"
		      "       doctor = a.doctor, authorized_pickup = a.authorized_pickup,"
		      "       updated_at = to_timestamp($2::bigint)"
		      "  FROM request r, jsonb_to_record(r.after) AS " PTL__CHILD_RECORD
		      " WHERE r.id = $1 AND c.id = r.target_id AND c.family_id = r.family_id"
		      " RETURNING c.id";
	else if (strcmp(kind, "contact_change") == 0)
		sql = "UPDATE guardian g SET phone = a.phone, mobile_phone = a.mobile_phone,"
		      "       work_phone = a.work_phone, address = a.address, postcode = a.postcode,"
		      "       city = a.city, employer = a.employer, notify_by_email = a.notify_by_email,"
		      "       notify_by_sms = a.notify_by_sms, updated_at = to_timestamp($2::bigint)"
		      "  FROM request r, jsonb_to_record(r.after) AS " CONTACT_RECORD
		      " WHERE r.id = $1 AND g.id = r.target_id AND g.family_id = r.family_id"
		      " RETURNING g.id";
	else
		return ptl__error_set(PTL_EINVALID, "kind", NULL,
		                      "requests of kind %s cannot be applied yet", kind);

	PGresult *res = ptl__db_query(db, sql, 2, params);
	if (!res)
		return ptl_error_last()->code;
	int rows = PQntuples(res);
	PQclear(res);
	if (rows != 1)
		return ptl__error_set(PTL_EINVALID, NULL,
			"Cette demande ne peut plus s'appliquer : l'élément concerné a changé.",
			"request %lld no longer applies (its target is gone)", (long long)request_id);
	return PTL_OK;
}

int ptl__request_submit(ptl_db *db, const struct ptl__request_new *in, int64_t *id_out,
                        bool *applied_out)
{
	struct ptl__num fid = ptl__num(in->family_id), gid = ptl__num(in->guardian_id),
	                tid = ptl__num(in->target_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, in->kind, in->summary, in->before_json, in->after_json,
	                         in->guardian_id ? gid.s : NULL, in->target_id ? tid.s : NULL,
	                         now.s };
	PGresult *res = ptl__db_query_prepared(db,
		"INSERT INTO request AS r (family_id, kind, status, summary, before, after,"
		"                          guardian_id, target_id, created_at)"
		" SELECT $1, k.kind, CASE WHEN k.needs_validation THEN 'pending' ELSE 'applied' END,"
		"        $3, $4::jsonb, $5::jsonb, $6, $7, to_timestamp($8::bigint)"
		"   FROM request_kind k WHERE k.kind = $2"
		" RETURNING " PTL__REQUEST_COLUMNS ","
		"           (SELECT f.name FROM family f WHERE f.id = r.family_id) AS family_name",
		8, params);
	int rc = PTL_OK;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_EINVALID, "kind", NULL, "unknown request kind %s", in->kind);
	}
	int64_t id = ptl__db_get_int64(res, 0, "id");
	bool applied = strcmp(ptl__db_get(res, 0, "status"), "applied") == 0;
	if (in->written) {
		/* A transaction run again fills it again. */
		request_clear(in->written);
		memset(in->written, 0, sizeof(*in->written));
		rc = ptl__request_from_row(in->written, res, 0);
	}
	PQclear(res);
	if (rc != PTL_OK)
		return rc;
	if (applied)
		rc = apply(db, id, in->kind);
	if (id_out)
		*id_out = id;
	if (applied_out)
		*applied_out = applied;
	return rc;
}

/* --- reading -------------------------------------------------------------- */

static void request_clear(ptl_request *r)
{
	free(r->family_name);
	free(r->kind);
	free(r->status);
	free(r->summary);
	free(r->before_json);
	free(r->after_json);
	free(r->processed_by);
	free(r->note);
}

void ptl_request_free(ptl_request *request)
{
	if (!request)
		return;
	request_clear(request);
	free(request);
}

void ptl_requests_free(ptl_requests *requests)
{
	if (!requests)
		return;
	for (size_t i = 0; i < requests->count; i++)
		request_clear(&requests->items[i]);
	free(requests->items);
	free(requests);
}

int ptl__request_from_row(ptl_request *r, const PGresult *res, int row)
{
	r->id = ptl__db_get_int64(res, row, "id");
	r->family_id = ptl__db_get_int64(res, row, "family_id");
	r->guardian_id = ptl__db_get_int64(res, row, "guardian_id");
	r->target_id = ptl__db_get_int64(res, row, "target_id");
	r->created_at = ptl__db_get_int64(res, row, "created_at");
	r->processed_at = ptl__db_get_int64(res, row, "processed_at");
	r->family_name = ptl__db_dup(res, row, "family_name");
	r->kind = ptl__db_dup(res, row, "kind");
	r->status = ptl__db_dup(res, row, "status");
	r->summary = ptl__db_dup(res, row, "summary");
	r->before_json = ptl__db_dup(res, row, "before");
	r->after_json = ptl__db_dup(res, row, "after");
	r->processed_by = ptl__db_dup(res, row, "processed_by");
	r->note = ptl__db_dup(res, row, "note");
	if (!r->family_name || !r->kind || !r->status || !r->summary || !r->before_json ||
	    !r->after_json || !r->processed_by || !r->note)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return PTL_OK;
}

#define REQUEST_SELECT \
	"SELECT " PTL__REQUEST_COLUMNS ", f.name AS family_name" \
	"  FROM request r JOIN family f ON f.id = r.family_id"

int ptl_request_list(ptl_db *db, const ptl_request_filter *filter, ptl_requests **out)
{
	ptl_request_filter all = PTL_REQUEST_FILTER_INIT;
	const ptl_request_filter *f = filter ? filter : &all;
	struct ptl__num fid = ptl__num(f->family_id), age = ptl__num(f->older_than_seconds),
	                now = ptl__num(ptl_clock_now()), lim = ptl__num((int64_t)f->limit);
	PGresult *res;
	int rc;

	*out = NULL;
	if (f->version != PTL_REQUEST_FILTER_VERSION)
		return ptl__error_set(PTL_EINVALID, NULL, NULL, "unsupported ptl_request_filter version");
	if (f->kind && *f->kind && !known(f->kind, ptl_request_kinds))
		return ptl__error_set(PTL_EINVALID, "kind", NULL,
			"unknown kind %s (signup, child_add, child_edit, contact_change, enrolment,"
			" reservation, certificate)", f->kind);
	if (f->status && *f->status && !known(f->status, statuses))
		return ptl__error_set(PTL_EINVALID, "status", NULL,
			"unknown status %s (pending, accepted, refused, applied)", f->status);
	if (f->older_than_seconds < 0)
		return ptl__error_set(PTL_EINVALID, "older_than", NULL, "age must not be negative");

	const char *params[] = { f->kind && *f->kind ? f->kind : NULL,
	                         f->status && *f->status ? f->status : NULL,
	                         f->family_id ? fid.s : NULL,
	                         f->older_than_seconds ? age.s : NULL, now.s,
	                         f->limit ? lim.s : NULL };
	res = ptl__db_query(db, REQUEST_SELECT
		" WHERE ($1::text IS NULL OR r.kind = $1) AND ($2::text IS NULL OR r.status = $2)"
		"   AND ($3::bigint IS NULL OR r.family_id = $3)"
		"   AND ($4::bigint IS NULL OR r.created_at <= to_timestamp($5::bigint - $4::bigint))"
		" ORDER BY r.created_at DESC, r.id DESC LIMIT $6::bigint", 6, params);
	if (!res)
		return ptl_error_last()->code;
	rc = ptl__requests_from_rows(out, res, PQntuples(res));
	PQclear(res);
	return rc;
}

int ptl__requests_from_rows(ptl_requests **out, const PGresult *res, int rows)
{
	ptl_requests *list = calloc(1, sizeof(*list));
	int rc = PTL_OK;

	*out = NULL;
	if (list)
		list->items = calloc((size_t)rows + 1, sizeof(ptl_request));
	if (!list || !list->items)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (int i = 0; rc == PTL_OK && i < rows; i++)
		rc = ptl__request_from_row(&list->items[list->count++], res, i);
	if (rc != PTL_OK) {
		ptl_requests_free(list);
		return rc;
	}
	*out = list;
	return PTL_OK;
}

int ptl_request_get(ptl_db *db, int64_t request_id, ptl_request **out)
{
	struct ptl__num id = ptl__num(request_id);
	const char *params[] = { id.s };
	PGresult *res = ptl__db_query(db, REQUEST_SELECT " WHERE r.id = $1", 1, params);
	int rc;

	*out = NULL;
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_ENOTFOUND, "id", "Demande introuvable.",
		                      "no request %lld", (long long)request_id);
	}
	*out = calloc(1, sizeof(ptl_request));
	rc = *out ? ptl__request_from_row(*out, res, 0)
	          : ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_request_free(*out);
		*out = NULL;
	}
	return rc;
}

/* --- processing ----------------------------------------------------------- */

struct decision {
	int64_t id;
	bool accept;
	const char *manager;
	const char *note;
};

static int decide(ptl_db *db, void *ctx)
{
	struct decision *d = ctx;
	struct ptl__num id = ptl__num(d->id), now = ptl__num(ptl_clock_now());
	const char *params[] = { id.s, d->accept ? "accepted" : "refused", now.s, d->manager,
	                         d->note ? d->note : "" };
	PGresult *res = ptl__db_query(db,
		"UPDATE request SET status = $2, processed_at = to_timestamp($3::bigint),"
		"       processed_by = $4, note = $5"
		" WHERE id = $1 AND status = 'pending'"
		" RETURNING kind, family_id, summary", 5, params);
	char subject[160], body[2048];
	int rc;

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		res = ptl__db_query(db, "SELECT status FROM request WHERE id = $1", 1, params);
		if (!res)
			return ptl_error_last()->code;
		bool exists = PQntuples(res) == 1;
		PQclear(res);
		if (!exists)
			return ptl__error_set(PTL_ENOTFOUND, "id", "Demande introuvable.",
			                      "no request %lld", (long long)d->id);
		return ptl__error_set(PTL_ECONFLICT, "id", "Cette demande a déjà été traitée.",
		                      "request %lld was already processed", (long long)d->id);
	}
	char *kind = ptl__db_dup(res, 0, "kind");
	char *summary = ptl__db_dup(res, 0, "summary");
	int64_t family_id = ptl__db_get_int64(res, 0, "family_id");
	PQclear(res);
	if (!kind || !summary) {
		free(kind);
		free(summary);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}

	rc = d->accept ? apply(db, d->id, kind) : PTL_OK;
	if (rc == PTL_OK) {
		snprintf(subject, sizeof(subject), "Votre demande a été %s",
		         d->accept ? "acceptée" : "refusée");
		snprintf(body, sizeof(body),
			"Bonjour,\n\nVotre demande « %s » a été %s par le service.\n%s%s%s\n"
			"Vous pouvez suivre toutes vos demandes dans votre tableau de bord :\n%s/tableau-de-bord.html\n\n"
			"Le Portail Famille\n",
			summary, d->accept ? "acceptée" : "refusée",
			d->note && *d->note ? (d->accept ? "\nNote du service : " : "\nMotif : ") : "",
			d->note && *d->note ? d->note : "", d->note && *d->note ? "\n" : "",
			ptl__public_url());
		rc = ptl__mail_queue_family(db, family_id, subject, body);
	}
	free(kind);
	free(summary);
	return rc;
}

static int process(ptl_db *db, int64_t id, bool accept, const char *manager, const char *note,
                   bool deliver)
{
	struct decision d = { id, accept, manager, note };
	char *who = ptl__trimmed(manager);
	char *why = ptl__trimmed(note);
	int rc;

	if (!who || !why) {
		free(who);
		free(why);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	if (!*who)
		rc = ptl__error_set(PTL_EINVALID, "manager", NULL, "the manager's name is required");
	else if (!accept && !*why)
		rc = ptl__error_set(PTL_EINVALID, "reason", NULL, "a refusal needs a reason");
	else if (strlen(why) > 1000)
		rc = ptl__error_set(PTL_EINVALID, accept ? "note" : "reason", NULL,
		                    "at most 1000 characters");
	else {
		d.manager = who;
		d.note = why;
		rc = ptl__db_transaction(db, decide, &d);
	}
	free(who);
	free(why);
	if (rc == PTL_OK && deliver)
		ptl__mail_flush(db);
	return rc;
}

int ptl_request_accept(ptl_db *db, int64_t request_id, const char *manager, const char *note)
{
	return process(db, request_id, true, manager, note, true);
}

int ptl_request_refuse(ptl_db *db, int64_t request_id, const char *manager, const char *reason)
{
	return process(db, request_id, false, manager, reason, true);
}

int ptl_request_process_matching(ptl_db *db, const ptl_request_filter *filter,
                                 const char *manager, const char *note,
                                 const char *refuse_reason, ptl_batch_result *out)
{
	ptl_request_filter pending = filter ? *filter : (ptl_request_filter)PTL_REQUEST_FILTER_INIT;
	ptl_requests *list = NULL;
	int rc = PTL_OK;

	memset(out, 0, sizeof(*out));
	char *who = ptl__trimmed(manager), *why = ptl__trimmed(refuse_reason);
	if (!who || !why)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else if (!*who)
		rc = ptl__error_set(PTL_EINVALID, "manager", NULL, "the manager's name is required");
	else if (refuse_reason && !*why)
		rc = ptl__error_set(PTL_EINVALID, "reason", NULL, "a refusal needs a reason");
	free(who);
	free(why);
	if (rc != PTL_OK)
		return rc;
	pending.status = "pending";
	if ((rc = ptl_request_list(db, &pending, &list)) != PTL_OK)
		return rc;
	/* Oldest first, each in its own transaction: one that cannot apply does
	 * not hold back the others. The family notifications go out once, at
	 * the end. */
	for (size_t i = list->count; i-- > 0;) {
		int64_t id = list->items[i].id;
		rc = process(db, id, !refuse_reason, manager, refuse_reason ? refuse_reason : note, false);
		if (rc == PTL_OK)
			out->processed++;
		else if (rc == PTL_ECONFLICT)
			out->skipped++;
		else if (rc == PTL_EUNAVAILABLE)
			break;
		else
			out->failed++;
	}
	if (out->processed > 0)
		ptl__mail_flush(db);
	ptl_requests_free(list);
	return rc == PTL_EUNAVAILABLE ? rc : PTL_OK;
}

int ptl_request_kind_needs_validation(ptl_db *db, const char *kind, bool *out)
{
	const char *params[] = { kind };
	PGresult *res = ptl__db_query(db,
		"SELECT needs_validation FROM request_kind WHERE kind = $1", 1, params);

	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_EINVALID, "kind", NULL, "unknown request kind %s", kind);
	}
	*out = ptl__db_get_bool(res, 0, "needs_validation");
	PQclear(res);
	return PTL_OK;
}

int ptl_request_kind_set(ptl_db *db, const char *kind, bool needs_validation)
{
	const char *params[] = { kind, needs_validation ? "true" : "false" };
	PGresult *res = ptl__db_query(db,
		"UPDATE request_kind SET needs_validation = $2::boolean WHERE kind = $1"
		" RETURNING kind", 2, params);

	if (!res)
		return ptl_error_last()->code;
	int rows = PQntuples(res);
	PQclear(res);
	if (rows != 1)
		return ptl__error_set(PTL_EINVALID, "kind", NULL, "unknown request kind %s", kind);
	return PTL_OK;
}
