/*
 * certificate.c — certificates of enrolment (see certificate.h): the row
 * reader shared by every certificate query, a parent asking for one (the
 * request of kind "certificate", certificate-kinds.c, issues it), a
 * family's certificates with its pending requests and a certificate's PDF
 * (one prepared statement each, the session check included, as me.c
 * reads), and the manager's verification of a reference.
 *
 * The PDF is drawn from the snapshot the certificate keeps
 * (attestation-pdf.c), never from the enrolment as it is now, once: when
 * the certificate is issued (certificate-issue.c), or on the first download
 * of a certificate issued before documents were stored (migration 0020).
 * A download sends the stored bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <portail/certificate.h>
#include <portail/error.h>

#include "attestation-pdf.h"
#include "certificate-internal.h"
#include "db-internal.h"
#include "error-internal.h"
#include "request-internal.h"
#include "session-internal.h"

void ptl__certificate_new_reference(char out[PTL__CERTIFICATE_REF_SIZE])
{
	unsigned char random[8];

	randombytes_buf(random, sizeof(random));
	ptl__certificate_ref_make(out, random);
}

void ptl__certificate_clear(ptl_certificate *c)
{
	free(c->reference);
	free(c->requested_by);
	free(c->structure_name);
	free(c->structure_address);
	free(c->structure_postcode);
	free(c->structure_city);
	free(c->structure_phone);
	free(c->structure_email);
	free(c->child_first_name);
	free(c->child_last_name);
	free(c->child_sex);
	free(c->activity_type);
	free(c->activity);
	free(c->period);
	free(c->group);
}

void ptl_certificate_free(ptl_certificate *certificate)
{
	if (!certificate)
		return;
	ptl__certificate_clear(certificate);
	free(certificate);
}

void ptl_certificates_free(ptl_certificates *certificates)
{
	if (!certificates)
		return;
	for (size_t i = 0; i < certificates->count; i++)
		ptl__certificate_clear(&certificates->items[i]);
	free(certificates->items);
	free(certificates);
}

void ptl_certificate_list_free(ptl_certificate_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->certificates.count; i++)
		ptl__certificate_clear(&list->certificates.items[i]);
	free(list->certificates.items);
	ptl_requests_free(list->pending);
	free(list);
}

void ptl_certificate_pdf_free(ptl_certificate_pdf *pdf)
{
	if (!pdf)
		return;
	free(pdf->data);
	free(pdf->reference);
	free(pdf);
}

/* A day column; 0 for NULL. */
static ptl_day day_of(const PGresult *res, int row, const char *column)
{
	return ptl__db_get(res, row, column) ? (ptl_day)ptl__db_get_int64(res, row, column) : 0;
}

int ptl__certificate_from_row(ptl_certificate *c, const PGresult *res, int row)
{
	c->id = ptl__db_get_int64(res, row, "c_id");
	c->enrolment_id = ptl__db_get_int64(res, row, "c_enrolment_id");
	c->family_id = ptl__db_get_int64(res, row, "c_family_id");
	c->request_id = ptl__db_get_int64(res, row, "c_request_id");
	c->issued_at = ptl__db_get_int64(res, row, "c_issued_at");
	c->issued_on = day_of(res, row, "c_issued_on");
	c->child_birth_date = day_of(res, row, "c_child_birth_date");
	c->period_first_day = day_of(res, row, "c_period_first_day");
	c->period_last_day = day_of(res, row, "c_period_last_day");
	c->first_day = day_of(res, row, "c_first_day");
	c->last_day = day_of(res, row, "c_last_day");
	c->reference = ptl__db_dup(res, row, "c_reference");
	c->requested_by = ptl__db_dup(res, row, "c_requested_by");
	c->structure_name = ptl__db_dup(res, row, "c_structure_name");
	c->structure_address = ptl__db_dup(res, row, "c_structure_address");
	c->structure_postcode = ptl__db_dup(res, row, "c_structure_postcode");
	c->structure_city = ptl__db_dup(res, row, "c_structure_city");
	c->structure_phone = ptl__db_dup(res, row, "c_structure_phone");
	c->structure_email = ptl__db_dup(res, row, "c_structure_email");
	c->child_first_name = ptl__db_dup(res, row, "c_child_first_name");
	c->child_last_name = ptl__db_dup(res, row, "c_child_last_name");
	c->child_sex = ptl__db_dup(res, row, "c_child_sex");
	c->activity_type = ptl__db_dup(res, row, "c_activity_type");
	c->activity = ptl__db_dup(res, row, "c_activity");
	c->period = ptl__db_dup(res, row, "c_period");
	c->group = ptl__db_dup(res, row, "c_group");
	if (!c->reference || !c->requested_by || !c->structure_name || !c->structure_address ||
	    !c->structure_postcode || !c->structure_city || !c->structure_phone ||
	    !c->structure_email || !c->child_first_name || !c->child_last_name || !c->child_sex ||
	    !c->activity_type || !c->activity || !c->period || !c->group)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	return PTL_OK;
}

/* --- asking for one (parent) ------------------------------------------------ */

struct asking {
	int64_t family_id, guardian_id, enrolment_id;
	ptl_request *request;          /* out */
	ptl_certificate *certificate;  /* out, when issued at once */
};

static int ask(ptl_db *db, void *ctx)
{
	struct asking *a = ctx;
	struct ptl__num eid = ptl__num(a->enrolment_id), fid = ptl__num(a->family_id);
	const char *params[] = { eid.s, fid.s };
	PGresult *res;
	int rc;

	ptl_certificate_free(a->certificate);
	a->certificate = NULL;
	res = ptl__db_query(db,
		"SELECT e.status, 'Attestation d’inscription de ' || ch.first_name || ' ' ||"
		"       ch.last_name || ' : ' || a.name || ', ' || p.label || ' (' || g.label || ')'"
		"         AS summary,"
		"       jsonb_build_object('child', ch.first_name || ' ' || ch.last_name,"
		"         'activity', a.name, 'period', p.label, 'group', g.label)::text AS after"
		"  FROM enrolment e" PTL__CERTIFICATE_JOINS
		" WHERE e.id = $1 AND e.family_id = $2 FOR SHARE OF e", 2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1)
		rc = ptl__error_set(PTL_ENOTFOUND, "id", "Inscription introuvable.",
		                    "no enrolment %s in this family", eid.s);
	else if (strcmp(ptl__db_get(res, 0, "status"), "validated") != 0)
		rc = ptl__error_set(PTL_ECONFLICT, "status",
			"Une attestation ne peut être demandée que pour une inscription validée.",
			"enrolment %s is not validated: only a validated enrolment has a certificate",
			eid.s);
	else {
		struct ptl__request_new in = {
			.family_id = a->family_id,
			.guardian_id = a->guardian_id,
			.target_id = a->enrolment_id,
			.kind = PTL_REQUEST_CERTIFICATE,
			.summary = ptl__db_get(res, 0, "summary"),
			.before_json = "{}",
			.after_json = ptl__db_get(res, 0, "after"),
			.written = a->request,
		};
		ptl__certificate_issued_sink(&a->certificate);
		rc = ptl__request_submit(db, &in, NULL, NULL);
		ptl__certificate_issued_sink(NULL);
	}
	PQclear(res);
	return rc;
}

int ptl_certificate_request(ptl_request **out, ptl_certificate **certificate_out, ptl_db *db,
                            int64_t family_id, int64_t guardian_id, int64_t enrolment_id)
{
	struct asking a = { family_id, guardian_id, enrolment_id, NULL, NULL };
	int rc;

	*out = NULL;
	if (certificate_out)
		*certificate_out = NULL;
	if (!(a.request = calloc(1, sizeof(ptl_request))))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	rc = ptl__db_transaction(db, ask, &a);
	if (rc != PTL_OK) {
		ptl_request_free(a.request);
		ptl_certificate_free(a.certificate);
		return rc;
	}
	*out = a.request;
	if (certificate_out)
		*certificate_out = a.certificate;
	else
		ptl_certificate_free(a.certificate);
	return PTL_OK;
}

/* --- reading (parent) ------------------------------------------------------- */

/* The session's family's certificates (rows with c_id) and its pending
 * certificate requests (rows with id), certificates first, each newest
 * first: one side of a join that never matches, so each row is one or the
 * other. No certificate and no request: one row, both sides NULL. */
static const char mine_sql[] =
	PTL__SESSION_CTE
	" SELECT s.*, x.* FROM s LEFT JOIN LATERAL ("
	"   SELECT" PTL__CERTIFICATE_COLUMNS ", c.issued_at AS sort1, " PTL__REQUEST_COLUMNS ","
	"          s.family_name, r.created_at AS sort2"
	"     FROM (SELECT * FROM certificate WHERE family_id = s.session_family_id) c"
	"     FULL JOIN (SELECT * FROM request WHERE family_id = s.session_family_id"
	"                   AND kind = 'certificate' AND status = 'pending') r ON false) x ON true"
	" ORDER BY x.c_id IS NULL, x.sort1 DESC, x.c_id DESC, x.sort2 DESC, x.id DESC";

int ptl_certificate_list_mine(ptl_certificate_list **out, ptl_session *session_out, ptl_db *db,
                              const char *token)
{
	char hash[65];
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { hash, now.s };
	ptl_certificate_list *list;
	ptl_session session;
	PGresult *res;
	int rc, rows, certificates = 0, requests = 0;

	*out = NULL;
	if ((rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	if (!(res = ptl__db_query_prepared(db, mine_sql, 2, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__session_from_row(&session, res, 0)) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	if (session_out)
		*session_out = session;
	rows = PQntuples(res);
	for (int row = 0; row < rows; row++) {
		certificates += ptl__db_get(res, row, "c_id") != NULL;
		requests += ptl__db_get(res, row, "id") != NULL;
	}
	list = calloc(1, sizeof(*list));
	if (list) {
		list->certificates.items = calloc((size_t)certificates + 1, sizeof(ptl_certificate));
		list->pending = calloc(1, sizeof(ptl_requests));
		if (list->pending)
			list->pending->items = calloc((size_t)requests + 1, sizeof(ptl_request));
	}
	if (!list || !list->certificates.items || !list->pending || !list->pending->items)
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (int row = 0; rc == PTL_OK && row < rows; row++)
		if (ptl__db_get(res, row, "c_id"))
			rc = ptl__certificate_from_row(
				&list->certificates.items[list->certificates.count++], res, row);
		else if (ptl__db_get(res, row, "id"))
			rc = ptl__request_from_row(&list->pending->items[list->pending->count++], res, row);
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_certificate_list_free(list);
		return rc;
	}
	*out = list;
	return PTL_OK;
}

int ptl_certificate_pdf_render(ptl_certificate_pdf **out, const ptl_certificate *c)
{
	ptl__attestation a = {
		.structure_name = c->structure_name, .structure_address = c->structure_address,
		.structure_postcode = c->structure_postcode, .structure_city = c->structure_city,
		.structure_phone = c->structure_phone, .structure_email = c->structure_email,
		.child_first_name = c->child_first_name, .child_last_name = c->child_last_name,
		.child_sex = c->child_sex, .child_birth_date = c->child_birth_date,
		.activity_type = c->activity_type, .activity = c->activity, .period = c->period,
		.period_first_day = c->period_first_day, .period_last_day = c->period_last_day,
		.group = c->group, .enrolment_first_day = c->first_day,
		.enrolment_last_day = c->last_day, .issued_on = c->issued_on,
		.reference = c->reference,
	};
	ptl_certificate_pdf *pdf = calloc(1, sizeof(*pdf));
	int rc;

	*out = NULL;
	if (!pdf || !(pdf->reference = strdup(c->reference))) {
		free(pdf);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	if ((rc = ptl__attestation_pdf(&pdf->data, &pdf->size, &a)) != PTL_OK) {
		ptl_certificate_pdf_free(pdf);
		return rc;
	}
	*out = pdf;
	return PTL_OK;
}

/* One certificate of the session's family ($3), after the session's row:
 * its reference and its document (NULL when issued before documents were
 * stored). */
static const char pdf_sql[] =
	PTL__SESSION_CTE
	" SELECT s.*, x.* FROM s LEFT JOIN LATERAL ("
	"   SELECT c.id AS c_id, c.reference AS c_reference, c.document AS c_document"
	"     FROM certificate c"
	"    WHERE c.id = $3::bigint AND c.family_id = s.session_family_id) x ON true";

/* Into @p pdf (its data not allocated yet), the bytes of a bytea in the
 * server's text form ("\x0a1b..."), decoded by libpq.
 * @return PTL_OK or PTL_ERROR. */
static int bytes_of(ptl_certificate_pdf *pdf, const char *text)
{
	size_t size = 0;
	unsigned char *bytes;

	if (strncmp(text, "\\x", 2) != 0)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "a certificate's document is not hex");
	if (!(bytes = PQunescapeBytea((const unsigned char *)text, &size)))
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	/* Ours to free with free(), as every pdf->data; libpq's with PQfreemem(). */
	pdf->data = malloc(size + 1);
	if (pdf->data)
		memcpy(pdf->data, bytes, size);
	PQfreemem(bytes);
	if (!pdf->data)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	pdf->size = size;
	return PTL_OK;
}

/* A certificate issued before documents were stored: its document is drawn
 * from its snapshot now and stored, unless another download stored it
 * first, and what is stored comes back, so that every download has the same
 * bytes. */
static int document_drawn_late(ptl_certificate_pdf **out, ptl_db *db, int64_t certificate_id)
{
	struct ptl__num cid = ptl__num(certificate_id);
	const char *params[] = { cid.s, NULL };
	ptl_certificate c = { 0 };
	ptl_certificate_pdf *drawn = NULL;
	PGresult *res;
	int rc;

	if (!(res = ptl__db_query_prepared(db,
		"SELECT" PTL__CERTIFICATE_COLUMNS " FROM certificate c WHERE c.id = $1::bigint",
		1, params)))
		return ptl_error_last()->code;
	rc = PQntuples(res) == 1 ? ptl__certificate_from_row(&c, res, 0)
	                         : ptl__error_set(PTL_ENOTFOUND, "id", "Attestation introuvable.",
	                                          "no certificate %s", cid.s);
	PQclear(res);
	if (rc == PTL_OK)
		rc = ptl_certificate_pdf_render(&drawn, &c);
	ptl__certificate_clear(&c);
	if (rc != PTL_OK)
		return rc;
	/* In bytea's text form, the only one the helpers pass. */
	size_t size = 2 * drawn->size + 3;
	char *hex = malloc(size);
	if (!hex) {
		ptl_certificate_pdf_free(drawn);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	hex[0] = '\\';
	hex[1] = 'x';
	sodium_bin2hex(hex + 2, size - 2, drawn->data, drawn->size);
	params[1] = hex;
	res = ptl__db_query_prepared(db,
		"UPDATE certificate SET document = coalesce(document, $2::bytea)"
		" WHERE id = $1::bigint RETURNING document", 2, params);
	free(hex);
	free(drawn->data);
	drawn->data = NULL;
	if (!res)
		rc = ptl_error_last()->code;
	else if (PQntuples(res) != 1)
		rc = ptl__error_set(PTL_ENOTFOUND, "id", "Attestation introuvable.",
		                    "no certificate %s", cid.s);
	else
		rc = bytes_of(drawn, ptl__db_get(res, 0, "document"));
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_certificate_pdf_free(drawn);
		return rc;
	}
	*out = drawn;
	return PTL_OK;
}

int ptl_certificate_pdf_mine(ptl_certificate_pdf **out, ptl_session *session_out, ptl_db *db,
                             const char *token, int64_t certificate_id)
{
	char hash[65];
	struct ptl__num now = ptl__num(ptl_clock_now()), cid = ptl__num(certificate_id);
	const char *params[] = { hash, now.s, cid.s };
	ptl_certificate_pdf *pdf = NULL;
	ptl_session session;
	const char *document;
	PGresult *res;
	int rc;

	*out = NULL;
	if ((rc = ptl__session_token_hash(hash, token)) != PTL_OK)
		return rc;
	if (!(res = ptl__db_query_prepared(db, pdf_sql, 3, params)))
		return ptl_error_last()->code;
	if ((rc = ptl__session_from_row(&session, res, 0)) != PTL_OK) {
		PQclear(res);
		return rc;
	}
	if (session_out)
		*session_out = session;
	if (!ptl__db_get(res, 0, "c_id"))
		rc = ptl__error_set(PTL_ENOTFOUND, "id", "Attestation introuvable.",
		                    "no certificate %s in this family", cid.s);
	else if (!(document = ptl__db_get(res, 0, "c_document")))
		rc = document_drawn_late(&pdf, db, certificate_id);
	else if (!(pdf = calloc(1, sizeof(*pdf))))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else
		rc = bytes_of(pdf, document);
	if (rc == PTL_OK && !pdf->reference && !(pdf->reference = ptl__db_dup(res, 0, "c_reference")))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_certificate_pdf_free(pdf);
		return rc;
	}
	*out = pdf;
	return PTL_OK;
}

/* --- verifying (manager) ---------------------------------------------------- */

int ptl_certificate_verify(ptl_certificate **out, ptl_db *db, const char *reference)
{
	char canonical[PTL__CERTIFICATE_REF_SIZE];
	const char *params[] = { canonical };
	PGresult *res;
	int rc;

	*out = NULL;
	switch (ptl__certificate_ref_read(canonical, reference)) {
	case PTL__CERTIFICATE_REF_MALFORMED:
		return ptl__error_set(PTL_EINVALID, "reference",
			"Cette référence n’a pas la forme ATT-XXXX-XXXX-XXXX-C.",
			"'%s' is not a certificate reference (ATT-XXXX-XXXX-XXXX-C: 13 symbols of"
			" 0-9 and A-Z without I, L, O, U)", reference ? reference : "");
	case PTL__CERTIFICATE_REF_MISTYPED:
		return ptl__error_set(PTL_EINVALID, "reference",
			"Cette référence comporte une erreur de saisie : vérifiez-la.",
			"'%s' is mistyped: its check symbol does not match (a symbol changed, or two"
			" swapped)", reference);
	case PTL__CERTIFICATE_REF_OK:
		break;
	}
	res = ptl__db_query_prepared(db,
		"SELECT" PTL__CERTIFICATE_COLUMNS " FROM certificate c WHERE c.reference = $1",
		1, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1)
		rc = ptl__error_set(PTL_ENOTFOUND, "reference", "Aucune attestation ne porte cette"
		                    " référence.", "no certificate has the reference %s", canonical);
	else if (!(*out = calloc(1, sizeof(ptl_certificate))))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	else if ((rc = ptl__certificate_from_row(*out, res, 0)) != PTL_OK) {
		ptl_certificate_free(*out);
		*out = NULL;
	}
	PQclear(res);
	return rc;
}
