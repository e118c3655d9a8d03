/*
 * profile-internal.h — how a module records a parent's change as a request
 * of the family (profile.c does it for contact details and children,
 * guardian.c for the other guardian): one statement reads what the request
 * is about through the parent's own family, then the request is recorded
 * (and applied at once when its kind does not wait), in one transaction.
 */
#ifndef PORTAIL_PROFILE_INTERNAL_H
#define PORTAIL_PROFILE_INTERNAL_H

#include <stdint.h>

#include <portail/request.h>

#include "db-internal.h"

struct ptl__submission {
	const char *sql;          /* selects family_id, target_id, summary, before,
	                             after; no row: not found (the parent's family
	                             has no such target) */
	int nparams;
	const char *const *params;
	ptl_request_kind kind;
	int64_t guardian_id;      /* the parent who asks */
	int64_t request_id;       /* out */
	ptl_request *written;     /* NULL, or receives the request as recorded */
};

/** Run @p s in its own transaction. @return PTL_OK, PTL_ENOTFOUND (field
 *  "id"), or the failure of recording or applying the request. */
int ptl__profile_submit(ptl_db *db, struct ptl__submission *s, int64_t *request_id_out);

#endif
