/*
 * certificate-issue.c — issuing certificates with their documents (see
 * ptl__certificate_issue in certificate-internal.h): the snapshots are
 * built in SQL and read back, each is drawn (attestation-pdf.c), and all
 * are inserted with their PDFs by one statement, so that a certificate
 * never exists without its document and the statements do not grow with
 * the number of certificates.
 *
 * The rows travel to that INSERT as one JSON array (jsonb_to_recordset):
 * each snapshot is already JSON as the server wrote it, and the PDF is
 * base64 (libsodium), a third larger than its bytes where bytea's text
 * form would double them.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <portail/error.h>

#include "certificate-internal.h"
#include "db-internal.h"
#include "error-internal.h"

void ptl__issued_free(ptl__issued *issued)
{
	if (!issued)
		return;
	for (size_t i = 0; i < issued->count; i++) {
		ptl__certificate_clear(&issued->certificates[i]);
		ptl_certificate_pdf_free(issued->documents[i]);
	}
	free(issued->certificates);
	free(issued->documents);
	free(issued);
}

/* A growing text. */
struct text {
	char *s;
	size_t length, capacity;
	bool failed;
};

/* Room for @p more characters and the final NUL; false when out of memory. */
static bool text_room(struct text *t, size_t more)
{
	if (t->failed)
		return false;
	if (more + 1 > t->capacity - t->length) {
		size_t capacity = t->capacity ? t->capacity : 4096;
		while (more + 1 > capacity - t->length)
			capacity *= 2;
		char *grown = realloc(t->s, capacity);
		if (!grown) {
			t->failed = true;
			return false;
		}
		t->s = grown;
		t->capacity = capacity;
	}
	return true;
}

static void text_add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (text_room(t, n)) {
		memcpy(t->s + t->length, s, n + 1);
		t->length += n;
	}
}

/* An int64 as JSON, null for 0 (an id that is not there). */
static void text_id(struct text *t, int64_t id)
{
	text_add(t, id ? ptl__num(id).s : "null");
}

/* @p pdf in base64, as a JSON string. */
static void text_base64(struct text *t, const ptl_certificate_pdf *pdf)
{
	size_t n = sodium_base64_ENCODED_LEN(pdf->size, sodium_base64_VARIANT_ORIGINAL);

	text_add(t, "\"");
	if (text_room(t, n)) {
		sodium_bin2base64(t->s + t->length, n, pdf->data, pdf->size,
		                  sodium_base64_VARIANT_ORIGINAL);
		t->length += n - 1;
	}
	text_add(t, "\"");
}

/* The certificates of @p res with their documents, as the INSERT reads
 * them: [{"i": 0, "reference": ..., "content": {...}, "document": "..."}]. */
static char *rows_json(const PGresult *res, const ptl__issued *issued)
{
	struct text t = { 0 };
	size_t size = 2;

	/* Its size first, for one allocation rather than a chain of growing
	 * ones, large blocks that would be left behind as holes. */
	for (size_t i = 0; i < issued->count; i++)
		size += 256 + strlen(issued->certificates[i].reference) +
		        strlen(ptl__db_get(res, (int)i, "c_content")) +
		        sodium_base64_ENCODED_LEN(issued->documents[i]->size,
		                                  sodium_base64_VARIANT_ORIGINAL);
	text_room(&t, size);
	text_add(&t, "[");
	for (size_t i = 0; i < issued->count; i++) {
		const ptl_certificate *c = &issued->certificates[i];
		int row = (int)i;

		text_add(&t, i ? ",{\"i\":" : "{\"i\":");
		text_add(&t, ptl__num((int64_t)i).s);
		text_add(&t, ",\"reference\":\"");
		text_add(&t, c->reference);   /* letters, digits and hyphens */
		text_add(&t, "\",\"enrolment_id\":");
		text_id(&t, c->enrolment_id);
		text_add(&t, ",\"family_id\":");
		text_id(&t, c->family_id);
		text_add(&t, ",\"guardian_id\":");
		text_id(&t, ptl__db_get_int64(res, row, "c_guardian_id"));
		text_add(&t, ",\"request_id\":");
		text_id(&t, c->request_id);
		text_add(&t, ",\"issued_at\":");
		text_add(&t, ptl__num(c->issued_at).s);
		text_add(&t, ",\"issued_on\":");
		text_add(&t, ptl__num(c->issued_on).s);
		text_add(&t, ",\"content\":");
		text_add(&t, ptl__db_get(res, row, "c_content"));   /* JSON, from the server */
		text_add(&t, ",\"document\":");
		text_base64(&t, issued->documents[i]);
		text_add(&t, "}");
	}
	text_add(&t, "]");
	if (t.failed) {
		free(t.s);
		return NULL;
	}
	return t.s;
}

/* The rows go in as they are; their ids come back in their order. */
static const char insert_sql[] =
	"WITH u AS ("
	"  SELECT * FROM jsonb_to_recordset($1::jsonb) AS u (i int, reference text,"
	"    enrolment_id bigint, family_id bigint, guardian_id bigint, request_id bigint,"
	"    issued_at bigint, issued_on int, content jsonb, document text)),"
	" ins AS ("
	"  INSERT INTO certificate (reference, enrolment_id, family_id, guardian_id, request_id,"
	"                           issued_at, issued_on, content, document)"
	"  SELECT reference, enrolment_id, family_id, guardian_id, request_id,"
	"         to_timestamp(issued_at), date '1970-01-01' + issued_on, content,"
	"         decode(document, 'base64')"
	"    FROM u"
	"  RETURNING id, reference)"
	" SELECT ins.id FROM ins JOIN u USING (reference) ORDER BY u.i";

int ptl__certificate_issue(ptl__issued **out, ptl_db *db, const char *snapshot_sql, int nparams,
                           const char *const *params)
{
	ptl__issued *issued;
	PGresult *res, *written;
	char *rows;
	int rc = PTL_OK, n;

	*out = NULL;
	if (!(res = ptl__db_query(db, snapshot_sql, nparams, params)))
		return ptl_error_last()->code;
	n = PQntuples(res);
	if (!(issued = calloc(1, sizeof(*issued))) ||
	    !(issued->certificates = calloc((size_t)n + 1, sizeof(ptl_certificate))) ||
	    !(issued->documents = calloc((size_t)n + 1, sizeof(ptl_certificate_pdf *))))
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	for (int row = 0; rc == PTL_OK && row < n; row++) {
		ptl_certificate *c = &issued->certificates[issued->count++];

		if ((rc = ptl__certificate_from_row(c, res, row)) == PTL_OK)
			rc = ptl_certificate_pdf_render(&issued->documents[row], c);
	}
	if (rc == PTL_OK && n > 0) {
		if (!(rows = rows_json(res, issued)))
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		else {
			const char *insert[] = { rows };

			if (!(written = ptl__db_query(db, insert_sql, 1, insert)))
				rc = ptl_error_last()->code;
			else {
				for (int row = 0; row < PQntuples(written) && row < n; row++)
					issued->certificates[row].id = ptl__db_get_int64(written, row, "id");
				PQclear(written);
			}
			free(rows);
		}
	}
	PQclear(res);
	if (rc != PTL_OK) {
		ptl__issued_free(issued);
		return rc;
	}
	*out = issued;
	return PTL_OK;
}
