/*
 * request.c — the validation queue (see request.h): recording requests,
 * reading them with what they change, accepting, refusing, and the setting
 * of which kinds wait. What a kind does when it applies or is refused is
 * its module's (through the registry, request-kinds.c): this file knows no
 * module's tables.
 *
 * Processing is a conditional update (status = 'pending' → accepted or
 * refused): under concurrency the row lock lets exactly one manager win and
 * the other finds the request no longer pending. The change is applied in
 * the same transaction; an edit whose "before" no longer matches its target
 * is marked outdated instead, in that transaction too. The family's notice
 * is written to the outbox in the transaction and delivered later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/date.h>
#include <portail/error.h>
#include <portail/field.h>
#include <portail/request.h>

#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"
#include "request-internal.h"
#include "util.h"

static void request_clear(ptl_request *r);

/* --- submitting ------------------------------------------------------------- */

int ptl__request_submit(ptl_db *db, const struct ptl__request_new *in, int64_t *id_out,
                        bool *applied_out)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(in->kind);
	struct ptl__num fid = ptl__num(in->family_id), gid = ptl__num(in->guardian_id),
	                tid = ptl__num(in->target_id), now = ptl__num(ptl_clock_now());
	int rc = PTL_OK;

	if (!def || !def->apply)
		return ptl__error_set(PTL_EINVALID, "kind", NULL, "requests of kind %s cannot be sent yet",
		                      def ? def->name : "(unknown)");
	const char *params[] = { fid.s, def->name, in->summary, in->before_json, in->after_json,
	                         in->guardian_id ? gid.s : NULL, in->target_id ? tid.s : NULL,
	                         now.s, def->waits_by_default ? "true" : "false" };
	/* A kind's setting is its default until a manager changes it. */
	PGresult *res = ptl__db_query_prepared(db,
		"WITH added AS (INSERT INTO request_kind (kind, needs_validation) VALUES ($2, $9::boolean)"
		"                ON CONFLICT (kind) DO NOTHING RETURNING needs_validation),"
		"     k AS (SELECT needs_validation FROM added"
		"           UNION ALL SELECT needs_validation FROM request_kind WHERE kind = $2 LIMIT 1)"
		" INSERT INTO request AS r (family_id, kind, status, summary, before, after,"
		"                           guardian_id, target_id, created_at)"
		" SELECT $1, $2, CASE WHEN k.needs_validation THEN 'pending' ELSE 'applied' END,"
		"        $3, $4::jsonb, $5::jsonb, $6, $7, to_timestamp($8::bigint)"
		"   FROM k"
		" RETURNING " PTL__REQUEST_COLUMNS ","
		"           (SELECT f.name FROM family f WHERE f.id = r.family_id) AS family_name",
		9, params);

	if (!res)
		return ptl_error_last()->code;
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
	if (applied) {
		struct ptl__num rid = ptl__num(id);

		rc = def->apply(db, id, now.s);
		if (rc == PTL__OUTDATED)   /* read in this very transaction: a bug */
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "request %s is outdated at once", rid.s);
	}
	if (id_out)
		*id_out = id;
	if (applied_out)
		*applied_out = applied;
	return rc;
}

int ptl__request_apply_sql(ptl_db *db, int64_t request_id, const char *now, const char *sql,
                           const char *target_sql)
{
	struct ptl__num id = ptl__num(request_id);
	const char *params[] = { id.s, now };
	PGresult *res = ptl__db_query(db, sql, 2, params);
	int rows;

	if (!res)
		return ptl_error_last()->code;
	rows = PQntuples(res);
	PQclear(res);
	if (rows == 1)
		return PTL__APPLIED;
	if (target_sql) {
		res = ptl__db_query(db, target_sql, 1, params);
		if (!res)
			return ptl_error_last()->code;
		rows = PQntuples(res);
		PQclear(res);
		if (rows == 1)
			return PTL__OUTDATED;
	}
	return ptl__error_set(PTL_EINVALID, NULL,
		"Cette demande ne peut plus s’appliquer : l’élément concerné n’existe plus.",
		"request %s no longer applies (its target is gone)", id.s);
}

/* --- reading -------------------------------------------------------------- */

static void request_clear(ptl_request *r)
{
	free(r->family_name);
	free(r->summary);
	free(r->before_json);
	free(r->after_json);
	free(r->guardian_name);
	free(r->processed_by);
	free(r->note);
	for (size_t i = 0; i < r->change_count; i++) {
		free(r->changes[i].field);
		free(r->changes[i].label);
		free(r->changes[i].before);
		free(r->changes[i].after);
	}
	free(r->changes);
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

/* A field's French label, from the field table; its name if it has none. */
static const char *field_label(const struct ptl__request_kind_def *def, const char *name)
{
	const ptl_field *field = def ? ptl_field_find(def->target, name) : NULL;

	for (size_t i = 0; def && def->labels && def->fields[i]; i++)
		if (strcmp(def->fields[i], name) == 0)
			return def->labels[i];
	return field ? field->label_fr : name;
}

/* Where @p name comes in the kind's reading order (unknown keys last). */
static size_t field_rank(const struct ptl__request_kind_def *def, const char *name)
{
	size_t i = 0;

	for (; def && def->fields[i]; i++)
		if (strcmp(def->fields[i], name) == 0)
			return i;
	return i;
}

/* A value of the changes column: NULL for "n", else a copy of the text
 * after "v". Sets *oom when a copy fails. */
static char *change_value(const char *text, size_t len, bool *oom)
{
	char *copy;

	if (len == 0 || text[0] != 'v')
		return NULL;
	if (!(copy = strndup(text + 1, len - 1)))
		*oom = true;
	return copy;
}

/* Read PTL__REQUEST_CHANGES into r->changes, in the kind's order. */
static int changes_from_text(ptl_request *r, const char *text)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(r->kind);
	size_t count = 1;
	bool oom = false;

	if (!text || !*text)
		return PTL_OK;
	for (const char *p = text; *p; p++)
		count += *p == '\x1e';
	if (!(r->changes = calloc(count, sizeof(ptl_request_change))))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (const char *p = text; p && !oom;) {
		const char *end = strchr(p, '\x1e'), *us1 = strchr(p, '\x1f');
		const char *stop = end ? end : p + strlen(p);
		const char *us2 = us1 && us1 < stop ? strchr(us1 + 1, '\x1f') : NULL;
		ptl_request_change c = { 0 };
		size_t at;

		if (!us2 || us2 > stop)
			return ptl__error_set(PTL_ERROR, NULL, NULL, "unreadable request changes");
		c.field = strndup(p, (size_t)(us1 - p));
		c.label = c.field ? strdup(field_label(def, c.field)) : NULL;
		c.before = change_value(us1 + 1, (size_t)(us2 - us1 - 1), &oom);
		c.after = change_value(us2 + 1, (size_t)(stop - us2 - 1), &oom);
		oom = oom || !c.field || !c.label;
		/* Insert in the kind's order. */
		at = r->change_count;
		while (!oom && at > 0 &&
		       field_rank(def, r->changes[at - 1].field) > field_rank(def, c.field)) {
			r->changes[at] = r->changes[at - 1];
			at--;
		}
		r->changes[at] = c;
		r->change_count++;
		p = end ? end + 1 : NULL;
	}
	return oom ? ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory") : PTL_OK;
}

int ptl__request_from_row(ptl_request *r, const PGresult *res, int row)
{
	ptl_request_kind kind;
	ptl_request_status status;

	if (ptl_request_kind_from_name(&kind, ptl__db_get(res, row, "kind")) != PTL_OK ||
	    ptl_request_status_from_name(&status, ptl__db_get(res, row, "status")) != PTL_OK)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "a request of an unknown kind or status");
	r->kind = kind;
	r->status = status;
	r->id = ptl__db_get_int64(res, row, "id");
	r->family_id = ptl__db_get_int64(res, row, "family_id");
	r->guardian_id = ptl__db_get_int64(res, row, "guardian_id");
	r->target_id = ptl__db_get_int64(res, row, "target_id");
	r->created_at = ptl__db_get_int64(res, row, "created_at");
	r->processed_at = ptl__db_get_int64(res, row, "processed_at");
	r->family_name = ptl__db_dup(res, row, "family_name");
	r->summary = ptl__db_dup(res, row, "summary");
	r->before_json = ptl__db_dup(res, row, "before");
	r->after_json = ptl__db_dup(res, row, "after");
	r->guardian_name = ptl__db_dup(res, row, "guardian_name");
	r->processed_by = ptl__db_dup(res, row, "processed_by");
	r->note = ptl__db_dup(res, row, "note");
	if (!r->family_name || !r->summary || !r->before_json || !r->after_json ||
	    !r->guardian_name || !r->processed_by || !r->note)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return changes_from_text(r, ptl__db_get(res, row, "changes"));
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

#define REQUEST_SELECT \
	"SELECT " PTL__REQUEST_COLUMNS ", f.name AS family_name" \
	"  FROM request r JOIN family f ON f.id = r.family_id"

static int list_query(ptl_requests **out, ptl_db *db, const char *kind, const char *status,
                      int64_t family_id, int64_t older_than, size_t limit)
{
	struct ptl__num fid = ptl__num(family_id), age = ptl__num(older_than),
	                now = ptl__num(ptl_clock_now()), lim = ptl__num((int64_t)limit);
	const char *params[] = { kind, status, family_id ? fid.s : NULL,
	                         older_than ? age.s : NULL, now.s, limit ? lim.s : NULL };
	PGresult *res;
	int rc;

	res = ptl__db_query_prepared(db, REQUEST_SELECT
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

int ptl_request_list(ptl_requests **out, ptl_db *db, const ptl_request_list_options *options)
{
	ptl_request_list_options all = PTL_REQUEST_LIST_OPTIONS_INIT;
	const ptl_request_list_options *f = options ? options : &all;
	ptl_request_kind kind;
	ptl_request_status status;
	int rc;

	*out = NULL;
	if ((rc = ptl__options_check(&f->version, PTL_REQUEST_LIST_OPTIONS_VERSION,
	                             "ptl_request_list_options")))
		return rc;
	if (f->kind && *f->kind && (rc = ptl_request_kind_from_name(&kind, f->kind)) != PTL_OK)
		return rc;
	if (f->status && *f->status && (rc = ptl_request_status_from_name(&status, f->status)))
		return rc;
	if (f->family_id < 0)
		return ptl__error_set(PTL_EINVALID, "family_id", NULL, "not a family id");
	if (f->older_than_seconds < 0)
		return ptl__error_set(PTL_EINVALID, "older_than", NULL, "age must not be negative");
	return list_query(out, db, f->kind && *f->kind ? f->kind : NULL,
	                  f->status && *f->status ? f->status : NULL, f->family_id,
	                  f->older_than_seconds, f->limit);
}

int ptl_request_list_family(ptl_requests **out, ptl_db *db, int64_t family_id,
                            bool pending_only, size_t limit)
{
	*out = NULL;
	if (family_id <= 0)
		return ptl__error_set(PTL_EINVALID, "family_id", NULL,
		                      "a family's requests need the family's id");
	return list_query(out, db, NULL, pending_only ? "pending" : NULL, family_id, 0, limit);
}

int ptl_request_get(ptl_request **out, ptl_db *db, int64_t request_id)
{
	struct ptl__num id = ptl__num(request_id);
	const char *params[] = { id.s };
	PGresult *res;
	int rc;

	*out = NULL;
	res = ptl__db_query_prepared(db, REQUEST_SELECT " WHERE r.id = $1", 1, params);
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
	bool outdated;   /* out: accepting found the values changed since */
	bool force;      /* over the kind's limits (ptl__request_forced) */
};

/* Whether the accept running on this thread forces its kind's limits. */
static _Thread_local bool forcing;

bool ptl__request_forced(void)
{
	return forcing;
}

/* The family's notice of a decision, to the outbox. */
static int notify(ptl_db *db, int64_t family_id, const char *summary, ptl_time sent_at,
                  const struct decision *d)
{
	const char *what = d->outdated ? "n’a pas pu être appliquée"
	                 : d->accept ? "a été acceptée" : "a été refusée";
	bool note = d->note && *d->note;
	char subject[160], body[3072], when[PTL_INSTANT_FR_SIZE];

	ptl_instant_format_fr(when, sent_at);
	snprintf(subject, sizeof(subject), "Votre demande %s", what);
	snprintf(body, sizeof(body),
		"Bonjour,\n\nVotre demande « %s » du %s %s%s\n%s%s%s\n"
		"Vous pouvez suivre toutes vos demandes dans votre tableau de bord :\n"
		"%s/tableau-de-bord.html\n\nLe Portail Famille\n",
		summary, when, what,
		d->outdated ? " : les informations concernées ont été modifiées depuis son envoi.\n"
		              "Si vous souhaitez toujours ce changement, envoyez une nouvelle demande."
		            : " par le service.",
		note && !d->outdated ? (d->accept ? "\nNote du service : " : "\nMotif : ") : "",
		note && !d->outdated ? d->note : "", note && !d->outdated ? "\n" : "",
		ptl__public_url());
	return ptl__mail_queue_family(db, family_id, subject, body);
}

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
		" RETURNING kind, family_id, summary,"
		"           extract(epoch from created_at)::bigint AS created_at", 5, params);
	const struct ptl__request_kind_def *def;
	ptl_request_kind kind;
	int rc;

	d->outdated = false;
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
			return ptl__error_set(PTL_ENOTFOUND, "id", "Demande introuvable.", "not found");
		return ptl__error_set(PTL_ECONFLICT, "id", "Cette demande a déjà été traitée.",
		                      "already processed");
	}
	char *summary = ptl__db_dup(res, 0, "summary");
	int64_t family_id = ptl__db_get_int64(res, 0, "family_id");
	ptl_time sent_at = ptl__db_get_int64(res, 0, "created_at");
	rc = ptl_request_kind_from_name(&kind, ptl__db_get(res, 0, "kind"));
	PQclear(res);
	def = rc == PTL_OK ? ptl__request_kind_def(kind) : NULL;
	if (!summary)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else if (rc == PTL_OK && !def->apply)
		rc = ptl__error_set(PTL_EINVALID, "kind", NULL, "requests of kind %s cannot be applied yet",
		                    def->name);
	else if (rc == PTL_OK && d->accept) {
		forcing = d->force;
		rc = def->apply(db, d->id, now.s);
		forcing = false;
	}
	else if (rc == PTL_OK && def->refuse)
		rc = def->refuse(db, d->id, now.s);
	if (rc == PTL__OUTDATED) {
		/* Nothing applied: the request is closed as outdated, and the
		 * manager is told once this transaction is committed. */
		d->outdated = true;
		rc = ptl__db_exec(db, "UPDATE request SET status = 'outdated' WHERE id = $1", 1, params);
	}
	if (rc == PTL_OK)
		rc = notify(db, family_id, summary, sent_at, d);
	free(summary);
	return rc;
}

int ptl_request_check_decision(const char *manager, const char *text, bool accept)
{
	char *who = ptl__trimmed(manager), *why = ptl__trimmed(text);
	int rc = PTL_OK;

	if (!who || !why)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else if (!*who)
		rc = ptl__error_set(PTL_EINVALID, "manager", NULL, "the manager's name is required");
	else if (!accept && !*why)
		rc = ptl__error_set(PTL_EINVALID, "reason", NULL, "a refusal needs a reason");
	else if (strlen(why) > 1000)
		rc = ptl__error_set(PTL_EINVALID, accept ? "note" : "reason", NULL,
		                    "at most 1000 characters");
	free(who);
	free(why);
	return rc;
}

static int process(ptl_db *db, int64_t id, bool accept, const char *manager, const char *note,
                   bool force)
{
	struct decision d = { id, accept, NULL, NULL, false, force };
	char *who = NULL, *why = NULL;
	int rc = ptl_request_check_decision(manager, note, accept);

	if (rc == PTL_OK) {
		who = ptl__trimmed(manager);
		why = ptl__trimmed(note);
		if (!who || !why)
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	if (rc == PTL_OK) {
		d.manager = who;
		d.note = why;
		rc = ptl__db_transaction(db, decide, &d);
	}
	if (rc == PTL_OK && d.outdated)
		rc = ptl__error_set(PTL_ECONFLICT, "outdated",
			"Cette demande est dépassée : les informations ont changé depuis son envoi.",
			"outdated: the values changed since it was sent; nothing was applied");
	free(who);
	free(why);
	return rc;
}

int ptl_request_accept(ptl_db *db, int64_t request_id, const char *manager, const char *note)
{
	return process(db, request_id, true, manager, note, false);
}

int ptl_request_accept_with(ptl_db *db, int64_t request_id, const char *manager,
                            const ptl_request_accept_options *options)
{
	ptl_request_accept_options none = PTL_REQUEST_ACCEPT_OPTIONS_INIT;
	const ptl_request_accept_options *o = options ? options : &none;
	int rc = ptl__options_check(&o->version, PTL_REQUEST_ACCEPT_OPTIONS_VERSION,
	                            "ptl_request_accept_options");

	return rc ? rc : process(db, request_id, true, manager, o->note, o->force);
}

int ptl_request_refuse(ptl_db *db, int64_t request_id, const char *manager, const char *reason)
{
	return process(db, request_id, false, manager, reason, false);
}

ptl_request_outcome ptl_request_outcome_of(int status)
{
	const char *field = ptl_error_last()->field;

	switch (status) {
	case PTL_OK:
		return PTL_REQUEST_DONE;
	case PTL_ECONFLICT:
		if (field && strcmp(field, "outdated") == 0)
			return PTL_REQUEST_STALE;
		/* A serialisation failure retried too often is not the request's. */
		return *ptl_error_last()->sqlstate ? PTL_REQUEST_STOPPED : PTL_REQUEST_SKIPPED;
	case PTL_EINVALID:
		if (field && (strcmp(field, "manager") == 0 || strcmp(field, "note") == 0 ||
		              strcmp(field, "reason") == 0))
			return PTL_REQUEST_STOPPED;   /* the same for every request */
		return PTL_REQUEST_FAILED;
	case PTL_ENOTFOUND:
	case PTL_EEXISTS:
	case PTL_EDEADLINE:
	case PTL_EFORBIDDEN:
	case PTL_EFULL:
		return PTL_REQUEST_FAILED;
	default:
		return PTL_REQUEST_STOPPED;
	}
}

int ptl_request_process_matching(ptl_batch_result *out, ptl_db *db,
                                 const ptl_request_list_options *options,
                                 const char *manager, const char *note,
                                 const char *refuse_reason)
{
	ptl_request_list_options pending = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_requests *list = NULL;
	int rc;

	if (options)
		pending = *options;
	memset(out, 0, sizeof(*out));
	rc = ptl_request_check_decision(manager, refuse_reason ? refuse_reason : note,
	                                !refuse_reason);
	if (rc != PTL_OK)
		return rc;
	pending.status = "pending";
	if ((rc = ptl_request_list(&list, db, &pending)) != PTL_OK)
		return rc;
	/* Oldest first, each in its own transaction: one that cannot apply does
	 * not hold back the others. */
	for (size_t i = list->count; i-- > 0;) {
		int64_t id = list->items[i].id;

		rc = process(db, id, !refuse_reason, manager, refuse_reason ? refuse_reason : note,
		             false);
		switch (ptl_request_outcome_of(rc)) {
		case PTL_REQUEST_DONE: out->processed++; break;
		case PTL_REQUEST_SKIPPED: out->skipped++; break;
		case PTL_REQUEST_STALE: out->outdated++; break;
		case PTL_REQUEST_FAILED: out->failed++; break;
		case PTL_REQUEST_STOPPED:
			ptl_requests_free(list);
			return rc;
		}
	}
	ptl_requests_free(list);
	return PTL_OK;
}

/* --- settings --------------------------------------------------------------- */

int ptl_request_kind_needs_validation(bool *out, ptl_db *db, ptl_request_kind kind)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(kind);

	if (!def)
		return ptl__error_set(PTL_EINVALID, "kind", NULL, "unknown request kind %d", (int)kind);
	const char *params[] = { def->name };
	PGresult *res = ptl__db_query(db,
		"SELECT needs_validation FROM request_kind WHERE kind = $1", 1, params);

	if (!res)
		return ptl_error_last()->code;
	*out = PQntuples(res) == 1 ? ptl__db_get_bool(res, 0, "needs_validation")
	                           : def->waits_by_default;
	PQclear(res);
	return PTL_OK;
}

int ptl_request_kind_set(ptl_db *db, ptl_request_kind kind, bool needs_validation)
{
	const struct ptl__request_kind_def *def = ptl__request_kind_def(kind);

	if (!def)
		return ptl__error_set(PTL_EINVALID, "kind", NULL, "unknown request kind %d", (int)kind);
	const char *params[] = { def->name, needs_validation ? "true" : "false" };
	return ptl__db_exec(db,
		"INSERT INTO request_kind (kind, needs_validation) VALUES ($1, $2::boolean)"
		" ON CONFLICT (kind) DO UPDATE SET needs_validation = EXCLUDED.needs_validation",
		2, params);
}
