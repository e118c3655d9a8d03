/*
 * routes_certificates.c — certificates of enrolment (attestations
 * d'inscription) of the logged-in parent's family:
 *
 *   POST /api/v1/enrolments/{enrolment}/certificates  ask for one -> 201
 *        {"request", "certificate"} (certificate null while the request
 *        waits for the service)
 *   GET  /api/v1/certificates                         the family's
 *        certificates and its pending requests {"certificates", "pending"}
 *   GET  /api/v1/certificates/{certificate}/pdf       the PDF, as a download
 *        (attestation-REFERENCE.pdf)
 *
 * Each read is one library call, one round trip (the session check
 * included). The family is always the session's: another family's
 * enrolment or certificate is "not found", like an id that does not exist.
 * Asking for a certificate of an enrolment that is not validated is 409.
 */
#include <stdlib.h>

#include "web.h"

static void web_route_certificate_request(struct web_request *rq, struct web_reply *rp)
{
	ptl_request *request = NULL;
	ptl_certificate *certificate = NULL;
	ptl_db *db = web_db_or_reply(rq, rp);
	int rc;

	if (!db)
		return;
	rc = ptl_certificate_request(&request, &certificate, db, rq->session.family_id,
	                             rq->session.guardian_id, web_path_id(rq, "enrolment"));
	if (rc == PTL_ENOTFOUND)
		web_reply_error(rp, 404, ptl_status_name(rc), "Inscription introuvable.", NULL);
	else if (rc != PTL_OK)
		web_reply_status(rp, rc);
	else
		web_reply_json(rp, 201, json_pack("{s:o, s:o}",
			"request", ptl_json_request(request, PTL_JSON_DEFAULT),
			"certificate", certificate ? ptl_json_certificate(certificate, PTL_JSON_DEFAULT)
			                           : json_null()));
	ptl_request_free(request);
	ptl_certificate_free(certificate);
}

static void web_route_certificates(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_certificate_list *list = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_certificate_list_mine(&list, &session, db, rq->session_token);
	web_db_return(rq);
	web_reply_family_read(rq, rp, rc, &session,
	                      rc == PTL_OK ? ptl_json_certificate_list(list, PTL_JSON_DEFAULT) : NULL,
	                      NULL);
	ptl_certificate_list_free(list);
}

static void web_route_certificate_pdf(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db_or_reply(rq, rp);
	ptl_certificate_pdf *pdf = NULL;
	ptl_session session;
	int rc;

	if (!db)
		return;
	rc = ptl_certificate_pdf_mine(&pdf, &session, db, rq->session_token,
	                              web_path_id(rq, "certificate"));
	web_db_return(rq);
	if (!web_session_from_read(rq, rp, rc,
	                           rc == PTL_OK || rc == PTL_ENOTFOUND ? &session : NULL))
		; /* answered */
	else if (rc == PTL_ENOTFOUND)
		web_reply_error(rp, 404, ptl_status_name(rc), "Attestation introuvable.", NULL);
	else if (rc != PTL_OK)
		web_reply_status(rp, rc);
	else {
		/* The reference is of letters, digits and hyphens only. */
		web_reply_header(rp, "Content-Disposition: attachment; filename=\"attestation-%s.pdf\"",
		                 pdf->reference);
		web_reply_body(rp, 200, "application/pdf", (char *)pdf->data, pdf->size);
		pdf->data = NULL;
	}
	ptl_certificate_pdf_free(pdf);
}

static const struct web_route routes[] = {
	{ "POST", "/api/v1/enrolments/{enrolment}/certificates", web_route_certificate_request,
	  WEB_NEED_SESSION, NULL },
	{ "GET", "/api/v1/certificates", web_route_certificates,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
	{ "GET", "/api/v1/certificates/{certificate}/pdf", web_route_certificate_pdf,
	  WEB_NEED_SESSION | WEB_SESSION_IN_READ, NULL },
};

WEB_MODULE(web_module_certificates, "certificates", routes);
