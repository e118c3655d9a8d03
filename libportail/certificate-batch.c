/*
 * certificate-batch.c — the manager's batch of certificates for a period
 * (see ptl_certificate_batch in certificate.h). In one transaction whose
 * statements do not grow with the enrolments: the period's validated
 * enrolments are taken (their rows shared-locked, so that none changes
 * status meanwhile), one reference is drawn per enrolment, and the
 * certificates are issued over the two arrays (certificate-issue.c: their
 * snapshots built in SQL, each drawn, all inserted with their PDFs at once).
 * Once committed, each is handed to the caller's function with the PDF
 * stored for it, one at a time. The PDFs of the batch are in memory together
 * meanwhile, a few tens of kilobytes each: some tens of megabytes for the
 * largest periods, in the manager's command only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/certificate.h>
#include <portail/error.h>

#include "certificate-internal.h"
#include "db-internal.h"
#include "error-internal.h"

struct batch {
	const char *period;
	ptl__issued *issued;   /* out */
};

/* "{ref,ref,...}": @p n new references as a text array. */
static char *new_references(size_t n)
{
	char *text = malloc(n * PTL__CERTIFICATE_REF_SIZE + 3), *p = text;

	if (!text)
		return NULL;
	*p++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ',';
		ptl__certificate_new_reference(p);
		p += PTL__CERTIFICATE_REF_SIZE - 1;
	}
	*p++ = '}';
	*p = '\0';
	return text;
}

static int issue(ptl_db *db, void *ctx)
{
	struct batch *b = ctx;
	const char *params[] = { b->period };
	char *references = NULL;
	PGresult *res;
	int rc;

	ptl__issued_free(b->issued);
	b->issued = NULL;
	res = ptl__db_query(db,
		"SELECT p.id, v.ids::text AS ids, cardinality(v.ids) AS n"
		"  FROM period p CROSS JOIN LATERAL ("
		"    SELECT coalesce(array_agg(q.id ORDER BY q.id), '{}') AS ids"
		"      FROM (SELECT id FROM enrolment WHERE period_id = p.id AND status = 'validated'"
		"               FOR SHARE) q) v"
		" WHERE p.code = $1", 1, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return ptl__error_set(PTL_EINVALID, "period", "Cette période n’existe pas.",
		                      "no period %s", b->period);
	}
	if (!(references = new_references((size_t)ptl__db_get_int64(res, 0, "n")))) {
		PQclear(res);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	ptl_time t = ptl_clock_now();
	struct ptl__num now = ptl__num(t);
	char today[11];
	ptl_day_format(today, ptl_day_of_instant_paris(t));
	const char *snapshot[] = { ptl__db_get(res, 0, "ids"), references, now.s, today };
	rc = ptl__certificate_issue(&b->issued, db,
		"SELECT" PTL__CERTIFICATE_SNAPSHOT_COLUMNS " FROM ("
		"  SELECT 0::bigint AS id, u.reference, e.id AS enrolment_id, e.family_id,"
		"         NULL::bigint AS guardian_id, NULL::bigint AS request_id,"
		"         to_timestamp($3::bigint) AS issued_at, $4::date AS issued_on,"
		"         " PTL__CERTIFICATE_CONTENT("''") " AS content"
		"    FROM unnest($1::bigint[], $2::text[]) AS u (enrolment_id, reference)"
		"    JOIN enrolment e ON e.id = u.enrolment_id" PTL__CERTIFICATE_JOINS ") c"
		" ORDER BY c.enrolment_id", 4, snapshot);
	PQclear(res);
	free(references);
	return rc;
}

int ptl_certificate_batch(size_t *count_out, ptl_db *db, const ptl_certificate_batch_options *in,
                          ptl_certificate_batch_fn fn, void *ctx)
{
	struct batch b = { NULL, NULL };
	int rc;

	if (count_out)
		*count_out = 0;
	if ((rc = ptl__options_check(&in->version, PTL_CERTIFICATE_BATCH_OPTIONS_VERSION,
	                             "ptl_certificate_batch_options")))
		return rc;
	if (!in->period || !*in->period)
		return ptl__error_set(PTL_EINVALID, "period", "Choisissez une période.",
		                      "a period is required");
	b.period = in->period;
	if ((rc = ptl__db_transaction(db, issue, &b)) != PTL_OK) {
		ptl__issued_free(b.issued);
		return rc;
	}
	if (count_out)
		*count_out = b.issued->count;
	for (size_t i = 0; rc == PTL_OK && fn && i < b.issued->count; i++)
		rc = fn(ctx, &b.issued->certificates[i], b.issued->documents[i], i, b.issued->count);
	ptl__issued_free(b.issued);
	return rc;
}
