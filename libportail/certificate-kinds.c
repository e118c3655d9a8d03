/*
 * certificate-kinds.c — the kind of request "certificate" (kind 7) for the
 * validation queue (request-internal.h): a parent asks for the certificate
 * of a validated enrolment (its target). Applying it issues the
 * certificate: a new reference, and the snapshot of what it certifies taken
 * now (certificate-internal.h). By default the kind does not wait, so the
 * certificate is issued in the parent's own transaction; when a manager
 * makes it wait, accepting issues it, provided the enrolment is still
 * validated. Refusing or withdrawing issues nothing.
 */
#include <stdlib.h>

#include <portail/certificate.h>
#include <portail/error.h>

#include "certificate-internal.h"
#include "db-internal.h"
#include "error-internal.h"
#include "request-internal.h"

static const char *const fields[] = { "child", "activity", "period", "group", NULL };
static const char *const labels[] = { "Enfant", "Activité", "Période", "Groupe", NULL };

static _Thread_local ptl_certificate **issued;

void ptl__certificate_issued_sink(ptl_certificate **sink)
{
	issued = sink;
}

static int apply(ptl_db *db, int64_t request_id, const char *now)
{
	char reference[PTL__CERTIFICATE_REF_SIZE], today[11];
	struct ptl__num rid = ptl__num(request_id);
	const char *params[] = { rid.s, now, reference, today };
	PGresult *res;
	int rc = PTL__APPLIED;

	ptl__certificate_new_reference(reference);
	ptl_day_format(today, ptl_day_of_instant_paris(strtoll(now, NULL, 10)));
	res = ptl__db_query(db,
		"INSERT INTO certificate AS c (reference, enrolment_id, family_id, guardian_id,"
		"                              request_id, issued_at, issued_on, content)"
		" SELECT $3, e.id, e.family_id, r.guardian_id, r.id, to_timestamp($2::bigint), $4::date,"
		"        " PTL__CERTIFICATE_CONTENT("r.guardian_name")
		"   FROM request r JOIN enrolment e ON e.id = r.target_id AND e.family_id = r.family_id"
		PTL__CERTIFICATE_JOINS
		"  WHERE r.id = $1 AND e.status = 'validated'"
		" RETURNING" PTL__CERTIFICATE_COLUMNS, 4, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1)
		rc = ptl__error_set(PTL_EINVALID, "status",
			"Cette attestation ne peut plus être délivrée : l’inscription n’est plus validée.",
			"the enrolment of request %s is no longer validated", rid.s);
	else if (issued) {
		ptl_certificate_free(*issued);
		if (!(*issued = calloc(1, sizeof(ptl_certificate))))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		else if ((rc = ptl__certificate_from_row(*issued, res, 0)) == PTL_OK)
			rc = PTL__APPLIED;
	}
	PQclear(res);
	return rc;
}

const struct ptl__request_kind_def ptl__certificate_request_kind = {
	.kind = PTL_REQUEST_CERTIFICATE, .name = "certificate", .label = "Attestation d’inscription",
	.waits_by_default = false, .target = "enrolment", .fields = fields, .apply = apply,
	.labels = labels,
};
