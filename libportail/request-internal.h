/*
 * request-internal.h — how a module puts a change into the validation queue.
 */
#ifndef PORTAIL_REQUEST_INTERNAL_H
#define PORTAIL_REQUEST_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/request.h>

#include "db-internal.h"

/** The columns ptl__request_from_row() reads, but family_name, for SELECT
 *  lists over "request r". */
#define PTL__REQUEST_COLUMNS \
	"r.id, r.family_id, r.kind, r.status, r.summary," \
	" r.before::text AS before, r.after::text AS after," \
	" coalesce(r.guardian_id, 0) AS guardian_id, coalesce(r.target_id, 0) AS target_id," \
	" extract(epoch from r.created_at)::bigint AS created_at," \
	" coalesce(extract(epoch from r.processed_at)::bigint, 0) AS processed_at," \
	" r.processed_by, r.note"

/** Fill @p r from row @p row of a result with PTL__REQUEST_COLUMNS and
 *  family_name. @return PTL_OK or PTL_ERROR (out of memory). */
int ptl__request_from_row(ptl_request *r, const PGresult *res, int row);

/** A list of the first @p rows rows of @p res, as ptl__request_from_row()
 *  reads them. @return PTL_OK or PTL_ERROR (out of memory: *out NULL). */
int ptl__requests_from_rows(ptl_requests **out, const PGresult *res, int rows);

struct ptl__request_new {
	int64_t family_id;
	int64_t guardian_id;   /* who asked */
	int64_t target_id;     /* 0: none yet */
	const char *kind;
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
