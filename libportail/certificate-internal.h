/*
 * certificate-internal.h — what the certificate files share
 * (certificate.c, certificate-kinds.c, certificate-batch.c,
 * certificate-issue.c): the snapshot a certificate keeps of what it
 * certifies, built in SQL when it is issued; the columns every reader
 * selects from it and their row reader; issuing, which stores each
 * certificate with its PDF; and the references, drawn at random.
 */
#ifndef PORTAIL_CERTIFICATE_INTERNAL_H
#define PORTAIL_CERTIFICATE_INTERNAL_H

#include <portail/certificate.h>

#include "core/certificate-ref.h"
#include "db-internal.h"

/** The joins from "enrolment e" to what a certificate states: its child
 *  (ch), period (p), group (g), activity (a), activity type (t) and the
 *  structure (st). */
#define PTL__CERTIFICATE_JOINS \
	" JOIN child ch ON ch.id = e.child_id JOIN period p ON p.id = e.period_id" \
	" JOIN period_group g ON g.id = e.group_id JOIN activity a ON a.id = p.activity_id" \
	" JOIN activity_type t ON t.id = a.activity_type_id CROSS JOIN structure st"

/** The snapshot kept in certificate.content, over PTL__CERTIFICATE_JOINS;
 *  @p requested_by is the SQL of the name of who asked. */
#define PTL__CERTIFICATE_CONTENT(requested_by) \
	"jsonb_build_object('structure_name', st.name, 'structure_address', st.address," \
	" 'structure_postcode', st.postcode, 'structure_city', st.city," \
	" 'structure_phone', st.phone, 'structure_email', st.email," \
	" 'child_first_name', ch.first_name, 'child_last_name', ch.last_name," \
	" 'child_sex', ch.sex, 'child_birth_date', ch.birth_date," \
	" 'activity_type', t.name, 'activity', a.name, 'period', p.label," \
	" 'period_first_day', p.first_day, 'period_last_day', p.last_day, 'group', g.label," \
	" 'first_day', e.first_day, 'last_day', e.last_day, 'requested_by', " requested_by ")"

/** A day of the snapshot, as a day number. */
#define PTL__CERTIFICATE_DAY(key) "((c.content->>'" key "')::date - date '1970-01-01')"

/** The columns ptl__certificate_from_row() reads, over "certificate c"
 *  (or a CTE of the same columns named c). */
#define PTL__CERTIFICATE_COLUMNS \
	" c.id AS c_id, c.reference AS c_reference, c.enrolment_id AS c_enrolment_id," \
	" c.family_id AS c_family_id, coalesce(c.request_id, 0) AS c_request_id," \
	" extract(epoch from c.issued_at)::bigint AS c_issued_at," \
	" c.issued_on - date '1970-01-01' AS c_issued_on," \
	" c.content->>'requested_by' AS c_requested_by," \
	" c.content->>'structure_name' AS c_structure_name," \
	" c.content->>'structure_address' AS c_structure_address," \
	" c.content->>'structure_postcode' AS c_structure_postcode," \
	" c.content->>'structure_city' AS c_structure_city," \
	" c.content->>'structure_phone' AS c_structure_phone," \
	" c.content->>'structure_email' AS c_structure_email," \
	" c.content->>'child_first_name' AS c_child_first_name," \
	" c.content->>'child_last_name' AS c_child_last_name," \
	" c.content->>'child_sex' AS c_child_sex," \
	" " PTL__CERTIFICATE_DAY("child_birth_date") " AS c_child_birth_date," \
	" c.content->>'activity_type' AS c_activity_type, c.content->>'activity' AS c_activity," \
	" c.content->>'period' AS c_period," \
	" " PTL__CERTIFICATE_DAY("period_first_day") " AS c_period_first_day," \
	" " PTL__CERTIFICATE_DAY("period_last_day") " AS c_period_last_day," \
	" c.content->>'group' AS c_group," \
	" " PTL__CERTIFICATE_DAY("first_day") " AS c_first_day," \
	" " PTL__CERTIFICATE_DAY("last_day") " AS c_last_day"

/** What ptl__certificate_issue() reads of the certificates to issue: over
 *  "c", a subquery of certificate's columns but the document, with 0 for
 *  the id (it is not drawn yet). */
#define PTL__CERTIFICATE_SNAPSHOT_COLUMNS \
	PTL__CERTIFICATE_COLUMNS ", c.guardian_id AS c_guardian_id, c.content::text AS c_content"

/** Certificates just issued, with their documents. */
typedef struct ptl__issued {
	size_t count;
	ptl_certificate *certificates;     /**< with their ids */
	ptl_certificate_pdf **documents;   /**< the PDF stored with each */
} ptl__issued;

/** Issue certificates, in the caller's transaction: each row of
 *  @p snapshot_sql (PTL__CERTIFICATE_SNAPSHOT_COLUMNS, in the order wanted)
 *  is drawn, then all are inserted with their documents by one statement.
 *  @param out receives them, in the rows' order (count 0 when there was no
 *         row); release with ptl__issued_free().
 *  @return PTL_OK, or the code of the statement or drawing that failed. */
int ptl__certificate_issue(ptl__issued **out, ptl_db *db, const char *snapshot_sql, int nparams,
                           const char *const *params);

void ptl__issued_free(ptl__issued *issued);

/** Fill @p c from row @p row of a result with PTL__CERTIFICATE_COLUMNS.
 *  @return PTL_OK or PTL_ERROR (out of memory). */
int ptl__certificate_from_row(ptl_certificate *c, const PGresult *res, int row);

/** Release what @p c holds, not @p c itself. */
void ptl__certificate_clear(ptl_certificate *c);

/** A new reference drawn at random (libsodium), in canonical form. */
void ptl__certificate_new_reference(char out[PTL__CERTIFICATE_REF_SIZE]);

/** While a thread asks for a certificate (ptl_certificate_request), where
 *  the kind's apply puts the certificate it issues; NULL otherwise. */
void ptl__certificate_issued_sink(ptl_certificate **sink);

#endif
