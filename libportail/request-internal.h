/*
 * request-internal.h — how a module takes part in the validation queue: it
 * registers its kind (a struct ptl__request_kind_def, listed once in
 * request-kinds.c) and puts its changes into the queue with
 * ptl__request_submit(). The queue (request.c) only goes through the
 * definitions; it knows no module's tables.
 */
#ifndef PORTAIL_REQUEST_INTERNAL_H
#define PORTAIL_REQUEST_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/request.h>

#include "db-internal.h"

/** What a request changes, as one text column: request.changes, computed
 *  once when the request is written (request_changes(), migration 0009,
 *  states the form). ptl__request_from_row() puts them in the kind's order,
 *  with their labels. */
#define PTL__REQUEST_CHANGES "r.changes"

/** Who sent a request: their first and last names as they were when they
 *  sent it, "" if unknown. Kept on the request itself (migration 0010), so
 *  that it stays once the guardian is removed. */
#define PTL__REQUEST_GUARDIAN_NAME "r.guardian_name"

/** The columns ptl__request_from_row() reads, but family_name, for SELECT
 *  lists over "request r". */
#define PTL__REQUEST_COLUMNS \
	"r.id, r.family_id, r.kind, r.status, r.summary," \
	" r.before::text AS before, r.after::text AS after," \
	" coalesce(r.guardian_id, 0) AS guardian_id," \
	" " PTL__REQUEST_GUARDIAN_NAME " AS guardian_name," \
	" coalesce(r.target_id, 0) AS target_id," \
	" extract(epoch from r.created_at)::bigint AS created_at," \
	" coalesce(extract(epoch from r.processed_at)::bigint, 0) AS processed_at," \
	" r.processed_by, r.note, " PTL__REQUEST_CHANGES " AS changes"

/** Fill @p r from row @p row of a result with PTL__REQUEST_COLUMNS and
 *  family_name. @return PTL_OK or PTL_ERROR (out of memory, or a kind or
 *  status the library does not know). */
int ptl__request_from_row(ptl_request *r, const PGresult *res, int row);

/** A list of the first @p rows rows of @p res, as ptl__request_from_row()
 *  reads them. @return PTL_OK or PTL_ERROR (*out NULL). */
int ptl__requests_from_rows(ptl_requests **out, const PGresult *res, int rows);

/** What applying a request came to. */
enum ptl__apply_result {
	PTL__APPLIED = 0,    /* done */
	PTL__OUTDATED = 1,   /* the target's values are no longer the request's
	                        "before": nothing done */
};

/** A kind of request, as its module defines it. */
struct ptl__request_kind_def {
	ptl_request_kind kind;
	const char *name;              /* for the CLI, the API and the database */
	const char *label;             /* French, for the pages and the mails */
	bool waits_by_default;         /* the setting until a manager changes it */
	const char *target;            /* what target_id names ("child", ...): the
	                                  object of its fields in the field table */
	const char *const *fields;     /* the keys of before/after in reading
	                                  order, NULL-terminated; their labels come
	                                  from the field table (field.h) */
	/* Apply request @p request_id (its row holds family_id, target_id,
	 * before and after), in the caller's transaction, at the time @p now.
	 * @return a negative status, or an enum ptl__apply_result. NULL for a
	 * reserved kind: no request of it can be sent. */
	int (*apply)(ptl_db *db, int64_t request_id, const char *now);
	/* What refusing does besides recording the decision (NULL: nothing). */
	int (*refuse)(ptl_db *db, int64_t request_id, const char *now);
	/* What the family withdrawing it does besides closing it (NULL:
	 * nothing). */
	int (*withdraw)(ptl_db *db, int64_t request_id, const char *now);
	/* The French labels of @p fields, in their order, for a kind whose
	 * fields are not in the field table (NULL: the field table's). */
	const char *const *labels;
};

/** The registered kinds (request-kinds.c): the definition of @p kind, or
 *  NULL when it is not a kind. */
const struct ptl__request_kind_def *ptl__request_kind_def(ptl_request_kind kind);

/** The definitions each module exports (in its own file). */
extern const struct ptl__request_kind_def ptl__signup_request_kind;
extern const struct ptl__request_kind_def ptl__child_add_request_kind;
extern const struct ptl__request_kind_def ptl__child_edit_request_kind;
extern const struct ptl__request_kind_def ptl__contact_change_request_kind;
extern const struct ptl__request_kind_def ptl__guardian_add_request_kind;
extern const struct ptl__request_kind_def ptl__guardian_edit_request_kind;
extern const struct ptl__request_kind_def ptl__enrolment_request_kind;
extern const struct ptl__request_kind_def ptl__enrolment_offer_request_kind;
extern const struct ptl__request_kind_def ptl__reservation_request_kind;
extern const struct ptl__request_kind_def ptl__reservation_cancel_request_kind;
extern const struct ptl__request_kind_def ptl__certificate_request_kind;

/** For a kind's apply: whether the manager forces the request over a limit
 *  the kind enforces (ptl_request_accept_options.force), during this
 *  thread's accept. */
bool ptl__request_forced(void);

/** For a kind's apply: run @p sql ($1 the request id, $2 now), which must
 *  return one row when it applied. An edit's @p sql changes its target only
 *  while the target still holds the request's "before"; when it returns no
 *  row, @p target_sql ($1 the request id; NULL for none) tells whether the
 *  target still exists: then the request is PTL__OUTDATED, otherwise (or
 *  without @p target_sql) it no longer applies (PTL_EINVALID). */
int ptl__request_apply_sql(ptl_db *db, int64_t request_id, const char *now, const char *sql,
                           const char *target_sql);

struct ptl__request_new {
	int64_t family_id;
	int64_t guardian_id;   /* who asked */
	int64_t target_id;     /* 0: none yet */
	ptl_request_kind kind;
	const char *summary;
	const char *before_json;
	const char *after_json;
	ptl_request *written;  /* if not NULL, receives the request as the INSERT
	                          recorded it (RETURNING): no read back. A target
	                          that applying sets later (a child's addition)
	                          is not in it. */
};

/** In the caller's transaction: record the request, and apply it at once
 *  when its kind does not wait for validation.
 *  @param applied_out tells which happened (may be NULL). */
int ptl__request_submit(ptl_db *db, const struct ptl__request_new *in, int64_t *id_out,
                        bool *applied_out);

#endif
