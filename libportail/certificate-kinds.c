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
	ptl__issued *certificate = NULL;
	int rc;

	ptl__certificate_new_reference(reference);
	ptl_day_format(today, ptl_day_of_instant_paris(strtoll(now, NULL, 10)));
	rc = ptl__certificate_issue(&certificate, db,
		"SELECT" PTL__CERTIFICATE_SNAPSHOT_COLUMNS " FROM ("
		"  SELECT 0::bigint AS id, $3::text AS reference, e.id AS enrolment_id, e.family_id,"
		"         r.guardian_id, r.id AS request_id, to_timestamp($2::bigint) AS issued_at,"
		"         $4::date AS issued_on,"
		"         " PTL__CERTIFICATE_CONTENT("r.guardian_name") " AS content"
		"    FROM request r JOIN enrolment e ON e.id = r.target_id AND e.family_id = r.family_id"
		PTL__CERTIFICATE_JOINS
		"   WHERE r.id = $1 AND e.status = 'validated' FOR SHARE OF e) c", 4, params);
	if (rc != PTL_OK)
		return rc;
	if (certificate->count != 1)
		rc = ptl__error_set(PTL_EINVALID, "status",
			"Cette attestation ne peut plus être délivrée : l’inscription n’est plus validée.",
			"the enrolment of request %s is no longer validated", rid.s);
	else {
		rc = PTL__APPLIED;
		if (issued) {
			/* Moved to the asker: the certificate's strings are now theirs. */
			ptl_certificate_free(*issued);
			if (!(*issued = malloc(sizeof(ptl_certificate))))
				rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
			else {
				**issued = certificate->certificates[0];
				certificate->certificates[0] = (ptl_certificate){ 0 };
			}
		}
	}
	ptl__issued_free(certificate);
	return rc;
}

const struct ptl__request_kind_def ptl__certificate_request_kind = {
	.kind = PTL_REQUEST_CERTIFICATE, .name = "certificate", .label = "Attestation d’inscription",
	.waits_by_default = false, .target = "enrolment", .fields = fields, .apply = apply,
	.labels = labels,
};
