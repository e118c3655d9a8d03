/*
 * request-internal.h — how a module puts a change into the validation queue.
 */
#ifndef PORTAIL_REQUEST_INTERNAL_H
#define PORTAIL_REQUEST_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/request.h>

struct ptl__request_new {
	int64_t family_id;
	int64_t guardian_id;   /* who asked */
	int64_t target_id;     /* 0: none yet */
	const char *kind;
	const char *summary;
	const char *before_json;
	const char *after_json;
};

/** In the caller's transaction: record the request, and apply it at once
 *  when its kind does not wait for validation.
 *  @param applied_out tells which happened (may be NULL). */
int ptl__request_submit(ptl_db *db, const struct ptl__request_new *in, int64_t *id_out,
                        bool *applied_out);

#endif
