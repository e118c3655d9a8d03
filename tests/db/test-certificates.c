/*
 * test-certificates.c — certificates of enrolment against the real
 * database: a parent asking for one (issued at once by default, or once the
 * manager accepts when the kind waits), the refusals (an enrolment not
 * validated, another family's), the family's list with its pending
 * requests, the PDF (drawn once and stored when the certificate is issued,
 * the same bytes at each download even after the child is renamed; for a
 * certificate issued before documents were stored, drawn and stored on its
 * first download), the verification of a reference as typed, and the batch
 * of a period.
 *
 * The catalogue is written with SQL (catalogue-fixture.h). The clock is
 * 2026-11-26 (common.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue-fixture.h"
#include "common.h"

#define PASSWORD "Banc-d-essai-2026"

static ptl_demo_generated made;
static char *token, *other_token;
static ptl_session session, other;
static int64_t lea, tom, hugo;

static void setup(void)
{
	char email[128];

	test_db_setup();
	test_exec("TRUNCATE facility, activity_type, activity, period, period_group, enrolment,"
	         " family, request, mail_outbox, certificate RESTART IDENTITY CASCADE");
	test_exec(TEST_CATALOGUE_SQL);
	test_exec("UPDATE structure SET name = 'Service enfance-jeunesse de Villebourg',"
	         " city = 'Villebourg', postcode = '37000'");
	test_exec("UPDATE request_kind SET needs_validation = false WHERE kind = 'certificate'");
	ck_assert_status(ptl_demo_generate(&made, test_db, 2, PASSWORD), PTL_OK);
	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL, (long long)made.first_family_id);
	ck_assert_status(ptl_auth_login(&token, &session, test_db, email, PASSWORD, "192.0.2.50"),
	                 PTL_OK);
	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL,
	         (long long)made.first_family_id + 1);
	ck_assert_status(ptl_auth_login(&other_token, &other, test_db, email, PASSWORD,
	                                "192.0.2.51"), PTL_OK);
	lea = test_child_new(made.first_family_id, "Léa", "F", "2019-09-15", "CP");
	tom = test_child_new(made.first_family_id, "Tom", "M", "2022-02-10", "MS");
	hugo = test_child_new(made.first_family_id + 1, "Hugo", "M", "2021-03-01", "GS");
}

static void teardown(void)
{
	ptl_free(token);
	ptl_free(other_token);
	token = other_token = NULL;
	test_db_teardown();
}

/* Enrol @p child of @p s's family in mercredis-2026 / @p group; validated
 * unless @p pending. Returns the enrolment's id. */
static int64_t enrolment(const ptl_session *s, int64_t child, const char *group, bool pending)
{
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	int64_t id;

	in.period = "mercredis-2026";
	in.group = group;
	in.first_day = "2026-12-02";
	in.last_day = "2027-06-30";
	in.accept_rules = "2026-1";
	ck_assert_status(ptl_enrolment_submit(&e, NULL, test_db, s->family_id, s->guardian_id,
	                                      child, &in), PTL_OK);
	id = e->id;
	ptl_enrolment_free(e);
	if (!pending)
		ck_assert_status(ptl_enrolment_validate(test_db, id, "Agent Dupont", false), PTL_OK);
	return id;
}

static ptl_certificate_list *list_mine(const char *t)
{
	ptl_certificate_list *list = NULL;

	ck_assert_status(ptl_certificate_list_mine(&list, NULL, test_db, t), PTL_OK);
	return list;
}

/* The document stored with certificate @p id, its bytes (the caller frees
 * them) and *size; NULL when it has none. */
static unsigned char *stored_document(int64_t id, size_t *size)
{
	char text[24];
	const char *params[] = { text };
	PGconn *conn = PQconnectdb(test_conninfo);
	PGresult *res;
	unsigned char *bytes = NULL;

	snprintf(text, sizeof(text), "%lld", (long long)id);
	res = PQexecParams(conn, "SELECT document FROM certificate WHERE id = $1::bigint", 1, NULL,
	                   params, NULL, NULL, 1);
	ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	ck_assert_int_eq(PQntuples(res), 1);
	*size = 0;
	if (!PQgetisnull(res, 0, 0)) {
		*size = (size_t)PQgetlength(res, 0, 0);
		bytes = malloc(*size);
		ck_assert_ptr_nonnull(bytes);
		memcpy(bytes, PQgetvalue(res, 0, 0), *size);
	}
	PQclear(res);
	PQfinish(conn);
	return bytes;
}

/* Assert that @p pdf is the document stored with certificate @p id. */
static void assert_stored(const ptl_certificate_pdf *pdf, int64_t id)
{
	size_t size;
	unsigned char *stored = stored_document(id, &size);

	ck_assert_ptr_nonnull(stored);
	ck_assert_uint_eq(pdf->size, size);
	ck_assert_mem_eq(pdf->data, stored, size);
	free(stored);
}

/* The SQLSTATE with which the database refuses @p sql ("" when it runs). */
static void assert_refused(const char *sql, const char *sqlstate)
{
	PGconn *conn = PQconnectdb(test_conninfo);
	PGresult *res = PQexec(conn, sql);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	ck_assert_str_eq(state ? state : "", sqlstate);
	PQclear(res);
	PQfinish(conn);
}

/* As if certificate @p id had been issued before documents were stored
 * (migration 0020): with the guard lifted for the time of it. */
static void forget_document(int64_t id)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	         "ALTER TABLE certificate DISABLE TRIGGER certificate_document_kept;"
	         " UPDATE certificate SET document = NULL WHERE id = %lld;"
	         " ALTER TABLE certificate ENABLE TRIGGER certificate_document_kept", (long long)id);
	test_exec(sql);
}

/* --- asking ------------------------------------------------------------------ */

START_TEST(test_certificate_request_issues_at_once)
{
	int64_t id = enrolment(&session, lea, "elementaires", false);
	ptl_request *request = NULL;
	ptl_certificate *c = NULL;
	ptl_certificate_list *list;

	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, id), PTL_OK);
	ck_assert_int_eq(request->kind, PTL_REQUEST_CERTIFICATE);
	ck_assert_int_eq(request->status, PTL_REQUEST_APPLIED);
	ck_assert_int_eq(request->target_id, id);
	ck_assert_str_eq(request->summary, "Attestation d’inscription de Léa Lambert : Mercredis,"
	                 " ALSH Mercredis 2026/2027 (Élémentaires +6 ans)");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(strlen(c->reference), 20);
	ck_assert_mem_eq(c->reference, "ATT-", 4);
	ck_assert_int_eq(c->enrolment_id, id);
	ck_assert_int_eq(c->request_id, request->id);
	ck_assert_str_eq(c->child_first_name, "Léa");
	ck_assert_str_eq(c->child_last_name, "Lambert");
	ck_assert_str_eq(c->child_sex, "F");
	ck_assert_str_eq(c->activity_type, "Centre de Loisirs");
	ck_assert_str_eq(c->activity, "Mercredis");
	ck_assert_str_eq(c->period, "ALSH Mercredis 2026/2027");
	ck_assert_str_eq(c->group, "Élémentaires +6 ans");
	ck_assert_str_eq(c->structure_name, "Service enfance-jeunesse de Villebourg");
	ck_assert_str_eq(c->requested_by, request->guardian_name);
	char day[11];
	ptl_day_format(day, c->first_day);
	ck_assert_str_eq(day, "2026-12-02");
	ptl_day_format(day, c->last_day);
	ck_assert_str_eq(day, "2027-06-30");
	ptl_day_format(day, c->issued_on);
	ck_assert_str_eq(day, "2026-11-26");
	ptl_day_format(day, c->child_birth_date);
	ck_assert_str_eq(day, "2019-09-15");

	/* Its PDF is drawn now and stored with it: the download sends it. */
	size_t size;
	unsigned char *stored = stored_document(c->id, &size);
	ck_assert_ptr_nonnull(stored);
	ck_assert_uint_gt(size, 1000);
	ck_assert_mem_eq(stored, "%PDF-", 5);
	free(stored);
	ptl_certificate_pdf *pdf = NULL;
	ck_assert_status(ptl_certificate_pdf_mine(&pdf, NULL, test_db, token, c->id), PTL_OK);
	assert_stored(pdf, c->id);
	ptl_certificate_pdf_free(pdf);

	list = list_mine(token);
	ck_assert_uint_eq(list->certificates.count, 1);
	ck_assert_uint_eq(list->pending->count, 0);
	ck_assert_str_eq(list->certificates.items[0].reference, c->reference);
	ptl_certificate_list_free(list);
	list = list_mine(other_token);
	ck_assert_uint_eq(list->certificates.count, 0);
	ptl_certificate_list_free(list);
	ptl_request_free(request);
	ptl_certificate_free(c);
}
END_TEST

START_TEST(test_certificate_request_refused_not_validated_or_not_ours)
{
	int64_t pending = enrolment(&session, tom, "maternelle", true);
	int64_t theirs = enrolment(&other, hugo, "maternelle", false);
	ptl_request *request = NULL;
	ptl_certificate *c = NULL;

	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, pending), PTL_ECONFLICT);
	ck_assert_str_eq(ptl_error_last()->field, "status");
	ck_assert_str_eq(ptl_error_last()->message_fr,
	                 "Une attestation ne peut être demandée que pour une inscription validée.");
	ck_assert_ptr_null(request);
	ck_assert_ptr_null(c);
	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, theirs), PTL_ENOTFOUND);
	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, 999999), PTL_ENOTFOUND);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate"), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE kind = 'certificate'"), 0);
}
END_TEST

START_TEST(test_certificate_waits_when_the_kind_waits)
{
	int64_t id = enrolment(&session, lea, "elementaires", false);
	ptl_request *request = NULL;
	ptl_certificate *c = NULL;
	ptl_certificate_list *list;

	ck_assert_status(ptl_request_kind_set(test_db, PTL_REQUEST_CERTIFICATE, true), PTL_OK);
	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, id), PTL_OK);
	ck_assert_int_eq(request->status, PTL_REQUEST_PENDING);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate"), 0);
	list = list_mine(token);
	ck_assert_uint_eq(list->certificates.count, 0);
	ck_assert_uint_eq(list->pending->count, 1);
	ck_assert_int_eq(list->pending->items[0].id, request->id);
	ck_assert_str_eq(ptl_request_kind_label(list->pending->items[0].kind),
	                 "Attestation d’inscription");
	ptl_certificate_list_free(list);

	ck_assert_status(ptl_request_accept(test_db, request->id, "Agent Dupont", NULL), PTL_OK);
	list = list_mine(token);
	ck_assert_uint_eq(list->certificates.count, 1);
	ck_assert_uint_eq(list->pending->count, 0);
	ck_assert_int_eq(list->certificates.items[0].request_id, request->id);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate"
	                             " WHERE substr(document, 1, 5) = '%PDF-'::bytea"), 1);
	ptl_certificate_list_free(list);
	ptl_request_free(request);

	/* An enrolment cancelled while its request waited: accepting issues
	 * nothing and says why; refusing closes it. */
	ck_assert_status(ptl_certificate_request(&request, NULL, test_db, session.family_id,
	                                         session.guardian_id, id), PTL_OK);
	ck_assert_status(ptl_enrolment_cancel(test_db, id, "Agent Dupont", "Déménagement"), PTL_OK);
	ck_assert_status(ptl_request_accept(test_db, request->id, "Agent Dupont", NULL),
	                 PTL_EINVALID);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate"), 1);
	ck_assert_status(ptl_request_refuse(test_db, request->id, "Agent Dupont",
	                                    "Inscription annulée"), PTL_OK);
	ptl_request_free(request);
}
END_TEST

/* --- the PDF and the verification ----------------------------------------- */

/* A certificate for Léa's validated enrolment, issued at once on her
 * parent's request. */
static ptl_certificate *lea_certificate(void)
{
	int64_t id = enrolment(&session, lea, "elementaires", false);
	ptl_request *request = NULL;
	ptl_certificate *c = NULL;

	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, id), PTL_OK);
	ck_assert_ptr_nonnull(c);
	ptl_request_free(request);
	return c;
}

START_TEST(test_certificate_pdf_same_bytes_and_family_checked)
{
	ptl_certificate *c = lea_certificate(), *v = NULL;
	ptl_certificate_pdf *a = NULL, *b = NULL;

	ck_assert_status(ptl_certificate_pdf_mine(&a, NULL, test_db, token, c->id), PTL_OK);
	ck_assert_uint_gt(a->size, 1000);
	ck_assert_mem_eq(a->data, "%PDF-", 5);
	ck_assert_str_eq(a->reference, c->reference);

	/* Names change later: the certificate keeps what it certified. */
	test_exec("UPDATE child SET first_name = 'Léonie' WHERE first_name = 'Léa'");
	test_exec("UPDATE structure SET name = 'Autre service'");
	ck_assert_status(ptl_certificate_pdf_mine(&b, NULL, test_db, token, c->id), PTL_OK);
	ck_assert_uint_eq(a->size, b->size);
	ck_assert_mem_eq(a->data, b->data, a->size);
	assert_stored(b, c->id);
	ck_assert_status(ptl_certificate_verify(&v, test_db, c->reference), PTL_OK);
	ck_assert_str_eq(v->child_first_name, "Léa");
	ck_assert_str_eq(v->structure_name, "Service enfance-jeunesse de Villebourg");
	ptl_certificate_free(v);
	ptl_certificate_pdf_free(b);
	b = NULL;

	ck_assert_status(ptl_certificate_pdf_mine(&b, NULL, test_db, other_token, c->id),
	                 PTL_ENOTFOUND);
	ck_assert_ptr_null(b);
	ck_assert_status(ptl_certificate_pdf_mine(&b, NULL, test_db, token, c->id + 1000),
	                 PTL_ENOTFOUND);
	ck_assert_status(ptl_certificate_pdf_mine(&b, NULL, test_db, "not-a-token", c->id),
	                 PTL_EAUTH);
	ptl_certificate_pdf_free(a);
	ptl_certificate_free(c);
}
END_TEST

START_TEST(test_certificate_pdf_is_the_stored_document_which_never_changes)
{
	ptl_certificate *c = lea_certificate();
	ptl_certificate_pdf *pdf = NULL;
	char sql[512];

	/* The download sends what is stored, whatever it is: it draws nothing. */
	snprintf(sql, sizeof(sql),
	         "ALTER TABLE certificate DISABLE TRIGGER certificate_document_kept;"
	         " UPDATE certificate SET document = '%%PDF-stored'::bytea WHERE id = %lld;"
	         " ALTER TABLE certificate ENABLE TRIGGER certificate_document_kept",
	         (long long)c->id);
	test_exec(sql);
	ck_assert_status(ptl_certificate_pdf_mine(&pdf, NULL, test_db, token, c->id), PTL_OK);
	ck_assert_uint_eq(pdf->size, 11);
	ck_assert_mem_eq(pdf->data, "%PDF-stored", 11);
	ck_assert_str_eq(pdf->reference, c->reference);
	ptl_certificate_pdf_free(pdf);

	/* The database keeps it so: no new certificate without its document,
	 * no document changed once stored. */
	snprintf(sql, sizeof(sql), "UPDATE certificate SET document = 'other'::bytea WHERE id = %lld",
	         (long long)c->id);
	assert_refused(sql, "23514");
	snprintf(sql, sizeof(sql), "UPDATE certificate SET document = NULL WHERE id = %lld",
	         (long long)c->id);
	assert_refused(sql, "23514");
	snprintf(sql, sizeof(sql),
	         "INSERT INTO certificate (reference, enrolment_id, family_id, issued_at, issued_on,"
	         " content) VALUES ('ATT-0000-0000-0000-0', %lld, %lld, now(), current_date, '{}')",
	         (long long)c->enrolment_id, (long long)session.family_id);
	assert_refused(sql, "23502");
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate"), 1);
	ptl_certificate_free(c);
}
END_TEST

START_TEST(test_certificate_issued_before_documents_drawn_on_first_download)
{
	ptl_certificate *c = lea_certificate();
	ptl_certificate_pdf *a = NULL, *b = NULL;
	unsigned char *issued, *stored;
	size_t issued_size, stored_size;

	issued = stored_document(c->id, &issued_size);
	forget_document(c->id);
	ck_assert_ptr_null(stored_document(c->id, &stored_size));

	/* Names changed since: the document is drawn from the snapshot. */
	test_exec("UPDATE child SET first_name = 'Léonie' WHERE first_name = 'Léa'");
	ck_assert_status(ptl_certificate_pdf_mine(&a, NULL, test_db, token, c->id), PTL_OK);
	ck_assert_str_eq(a->reference, c->reference);
	ck_assert_uint_eq(a->size, issued_size);
	ck_assert_mem_eq(a->data, issued, issued_size);
	stored = stored_document(c->id, &stored_size);
	ck_assert_ptr_nonnull(stored);
	ck_assert_uint_eq(stored_size, issued_size);
	ck_assert_mem_eq(stored, issued, issued_size);
	ck_assert_status(ptl_certificate_pdf_mine(&b, NULL, test_db, token, c->id), PTL_OK);
	ck_assert_uint_eq(b->size, a->size);
	ck_assert_mem_eq(b->data, a->data, a->size);

	/* Another family's stays another family's. */
	ptl_certificate_pdf_free(b);
	b = NULL;
	forget_document(c->id);
	ck_assert_status(ptl_certificate_pdf_mine(&b, NULL, test_db, other_token, c->id),
	                 PTL_ENOTFOUND);
	ck_assert_ptr_null(stored_document(c->id, &stored_size));
	free(issued);
	free(stored);
	ptl_certificate_pdf_free(a);
	ptl_certificate_free(c);
}
END_TEST

START_TEST(test_certificate_verify_as_typed_malformed_unknown)
{
	int64_t id = enrolment(&session, lea, "elementaires", false);
	ptl_request *request = NULL;
	ptl_certificate *c = NULL, *v = NULL;
	char typed[40], typo[21];
	size_t n = 0;

	ck_assert_status(ptl_certificate_request(&request, &c, test_db, session.family_id,
	                                         session.guardian_id, id), PTL_OK);
	/* Lower case, spaces for hyphens, without the prefix. */
	for (const char *p = c->reference + 4; *p; p++)
		typed[n++] = *p == '-' ? ' ' : (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	typed[n] = '\0';
	ck_assert_status(ptl_certificate_verify(&v, test_db, typed), PTL_OK);
	ck_assert_str_eq(v->reference, c->reference);
	ck_assert_int_eq(v->enrolment_id, id);
	ck_assert_str_eq(v->group, "Élémentaires +6 ans");
	ptl_certificate_free(v);
	v = NULL;

	/* One symbol mistyped: the check symbol catches it. */
	strcpy(typo, c->reference);
	typo[5] = typo[5] == '7' ? '8' : '7';
	ck_assert_status(ptl_certificate_verify(&v, test_db, typo), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "reference");
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "mistyped"));
	ck_assert_status(ptl_certificate_verify(&v, test_db, "ATT-1234"), PTL_EINVALID);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "is not a certificate reference"));
	ck_assert_status(ptl_certificate_verify(&v, test_db, ""), PTL_EINVALID);
	ck_assert_ptr_null(v);

	/* Well formed, but no certificate has it (any more). */
	test_exec("DELETE FROM certificate");
	ck_assert_status(ptl_certificate_verify(&v, test_db, c->reference), PTL_ENOTFOUND);
	ck_assert_ptr_null(v);
	ptl_certificate_free(c);
	ptl_request_free(request);
}
END_TEST

/* --- the batch of a period ------------------------------------------------- */

struct seen {
	size_t calls, total;
	int64_t enrolments[8];
	bool pdf_ok;
	int stop_after;
};

static int on_certificate(void *ctx, const ptl_certificate *c, const ptl_certificate_pdf *pdf,
                          size_t index, size_t total)
{
	struct seen *s = ctx;

	ck_assert_uint_eq(index, s->calls);
	s->enrolments[s->calls++] = c->enrolment_id;
	s->total = total;
	s->pdf_ok = s->pdf_ok && pdf->size > 1000 && memcmp(pdf->data, "%PDF-", 5) == 0 &&
	            strcmp(pdf->reference, c->reference) == 0;
	assert_stored(pdf, c->id);   /* what the manager's files hold is what is stored */
	return s->stop_after && (int)s->calls == s->stop_after ? 42 : 0;
}

START_TEST(test_certificate_batch_of_a_period)
{
	int64_t a = enrolment(&session, lea, "elementaires", false);
	int64_t b = enrolment(&other, hugo, "maternelle", false);
	ptl_certificate_batch_options in = PTL_CERTIFICATE_BATCH_OPTIONS_INIT;
	struct seen seen = { .pdf_ok = true };
	ptl_certificate *v = NULL;
	size_t count = 0;
	char reference[32];

	enrolment(&session, tom, "maternelle", true);   /* pending: none for it */
	in.period = "mercredis-2026";
	ck_assert_status(ptl_certificate_batch(&count, test_db, &in, on_certificate, &seen), PTL_OK);
	ck_assert_uint_eq(count, 2);
	ck_assert_uint_eq(seen.calls, 2);
	ck_assert_uint_eq(seen.total, 2);
	ck_assert_int_eq(seen.enrolments[0], a);
	ck_assert_int_eq(seen.enrolments[1], b);
	ck_assert(seen.pdf_ok);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate WHERE request_id IS NULL"
	                             " AND guardian_id IS NULL AND issued_on = '2026-11-26'"), 2);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM request WHERE kind = 'certificate'"), 0);
	PGconn *conn = PQconnectdb(test_conninfo);
	PGresult *res = PQexec(conn, "SELECT reference FROM certificate ORDER BY enrolment_id DESC");
	ck_assert_int_eq(PQntuples(res), 2);
	snprintf(reference, sizeof(reference), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	ck_assert_status(ptl_certificate_verify(&v, test_db, reference), PTL_OK);
	ck_assert_str_eq(v->child_first_name, "Hugo");
	ck_assert_str_eq(v->requested_by, "");
	ptl_certificate_free(v);

	/* The caller stops it: what it returned comes back; issued stays issued. */
	seen = (struct seen){ .pdf_ok = true, .stop_after = 1 };
	ck_assert_int_eq(ptl_certificate_batch(&count, test_db, &in, on_certificate, &seen), 42);
	ck_assert_uint_eq(seen.calls, 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM certificate"), 4);

	in.period = "mercredis-2099";
	ck_assert_status(ptl_certificate_batch(&count, test_db, &in, on_certificate, &seen),
	                 PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, "period");
	in.period = "lutins-2027";   /* no validated enrolment: none */
	ck_assert_status(ptl_certificate_batch(&count, test_db, &in, NULL, NULL), PTL_OK);
	ck_assert_uint_eq(count, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("certificates");
	TCase *asking = tcase_create("asking");
	TCase *reading = tcase_create("reading");
	TCase *batch = tcase_create("batch");
	TCase *all[] = { asking, reading, batch };

	for (size_t i = 0; i < 3; i++) {
		tcase_add_checked_fixture(all[i], setup, teardown);
		tcase_set_timeout(all[i], 60);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(asking, test_certificate_request_issues_at_once);
	tcase_add_test(asking, test_certificate_request_refused_not_validated_or_not_ours);
	tcase_add_test(asking, test_certificate_waits_when_the_kind_waits);
	tcase_add_test(reading, test_certificate_pdf_same_bytes_and_family_checked);
	tcase_add_test(reading, test_certificate_pdf_is_the_stored_document_which_never_changes);
	tcase_add_test(reading, test_certificate_issued_before_documents_drawn_on_first_download);
	tcase_add_test(reading, test_certificate_verify_as_typed_malformed_unknown);
	tcase_add_test(batch, test_certificate_batch_of_a_period);
	return test_run_suite(s);
}
