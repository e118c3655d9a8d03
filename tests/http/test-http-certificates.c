/*
 * test-http-certificates.c — certificates of enrolment over real HTTP, as
 * the pages use them: asking for one (403 without the CSRF token, 409 for
 * an enrolment not validated, 201 with the certificate issued at once, or
 * with the request pending when the service makes the kind wait), the
 * family's list with its pending requests, and the download of the PDF
 * (its type and file name, read back with poppler's pdftotext: PDFTOTEXT
 * names the program). Another family's enrolment or certificate is 404,
 * no session 401.
 * The server's clock is 2026-11-26 (PORTAIL_NOW); the catalogue is
 * catalogue-fixture.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "catalogue-fixture.h"
#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static const char *str(json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	ck_assert_msg(json_is_string(v), "%s is not a string", name);
	return json_string_value(v);
}

/* The text pdftotext reads in @p len bytes of @p pdf, white space runs made
 * one space; malloc'd. */
static char *pdf_text(const char *pdf, size_t len)
{
	char path[] = "/tmp/portail-attestation-XXXXXX", command[512];
	const char *program = getenv("PDFTOTEXT");
	size_t size = 0, capacity = 65536;
	char *text = malloc(capacity), *w;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_ptr_nonnull(program);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, pdf, len), (ssize_t)len);
	close(fd);
	snprintf(command, sizeof(command), "'%s' -enc UTF-8 '%s' -", program, path);
	ck_assert_ptr_nonnull(f = popen(command, "r"));
	for (size_t n; (n = fread(text + size, 1, capacity - size - 1, f)) > 0;) {
		size += n;
		if (capacity - size < 2)
			ck_assert_ptr_nonnull(text = realloc(text, capacity *= 2));
	}
	text[size] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	unlink(path);
	w = text;
	for (const char *p = text; *p; p++)
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\f') {
			if (w > text && w[-1] != ' ')
				*w++ = ' ';
		} else
			*w++ = *p;
	*w = '\0';
	return text;
}

static int64_t enrol(struct http_client *c, int64_t child)
{
	char path[128];
	struct http_reply *r;
	int64_t id;

	snprintf(path, sizeof(path), "/api/v1/children/%lld/enrolments", (long long)child);
	r = http_call_json(c, "POST", path,
	                   json_pack("{s:s, s:s, s:s, s:s, s:s}", "period", "mercredis-2026",
	                             "group", "elementaires", "first_day", "2026-12-09",
	                             "last_day", "2027-07-03", "accept_rules", "2026-1"), c->csrf);
	ck_assert_int_eq(r->status, 201);
	id = json_integer_value(json_object_get(json_object_get(r->json, "enrolment"), "id"));
	http_reply_free(r);
	return id;
}

START_TEST(test_http_certificates_ask_list_download)
{
	struct test_server_opts so = { .conninfo = conninfo, .now = "2026-11-26T08:00:00Z" };
	struct test_server s;
	struct http_client c, other;
	struct test_family a, b;
	struct http_reply *r;
	char path[128], pdf_path[128], header[256], expected[256], sql[256], reference[32];
	int64_t lea, enrolment, certificate;
	ptl_db *db = NULL;
	json_t *cert;

	test_sql(conninfo, TEST_CATALOGUE_SQL);
	test_sql(conninfo, "UPDATE structure SET name = 'Service enfance-jeunesse de Villebourg'");
	test_family_seed(conninfo, "attestations-a", true, &a);
	test_family_seed(conninfo, "attestations-b", true, &b);
	lea = test_child_seed(conninfo, a.id, "Léa", "2019-09-15");

	test_server_start(&s, &so);
	http_client_init(&c, &s);
	http_client_init(&other, &s);
	http_reply_free(http_login(&c, a.email, a.password));
	http_reply_free(http_login(&other, b.email, b.password));

	/* An enrolment still waiting for the service: 409, nothing asked. */
	enrolment = enrol(&c, lea);
	snprintf(path, sizeof(path), "/api/v1/enrolments/%lld/certificates", (long long)enrolment);
	r = http_call(&c, "POST", path, NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	r = http_call(&c, "POST", path, NULL, c.csrf);
	ck_assert_int_eq(r->status, 409);
	ck_assert_str_eq(http_error_message(r),
	                 "Une attestation ne peut être demandée que pour une inscription validée.");
	http_reply_free(r);

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_enrolment_validate(db, enrolment, "Agent Dupont", false), PTL_OK);
	ptl_db_close(db);

	/* Another family: 404 for the enrolment, nothing asked. */
	r = http_call(&other, "POST", path, NULL, other.csrf);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	/* Issued at once. */
	r = http_call(&c, "POST", path, NULL, c.csrf);
	ck_assert_int_eq(r->status, 201);
	ck_assert_str_eq(str(json_object_get(r->json, "request"), "status"), "applied");
	ck_assert_str_eq(str(json_object_get(r->json, "request"), "kind_label"),
	                 "Attestation d’inscription");
	cert = json_object_get(r->json, "certificate");
	ck_assert(json_is_object(cert));
	certificate = json_integer_value(json_object_get(cert, "id"));
	snprintf(reference, sizeof(reference), "%s", str(cert, "reference"));
	ck_assert_int_eq(strlen(reference), 20);
	ck_assert_str_eq(str(cert, "issued_on"), "2026-11-26");
	ck_assert_str_eq(str(cert, "group"), "Élémentaires +6 ans");
	snprintf(pdf_path, sizeof(pdf_path), "/api/v1/certificates/%lld/pdf", (long long)certificate);
	ck_assert_str_eq(str(cert, "pdf_url"), pdf_path);
	http_reply_free(r);

	r = http_call(&c, "GET", "/api/v1/certificates", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "certificates")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "pending")), 0);
	cert = json_array_get(json_object_get(r->json, "certificates"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(cert, "enrolment_id")), enrolment);
	ck_assert_str_eq(str(json_object_get(cert, "child"), "first_name"), "Léa");
	http_reply_free(r);
	r = http_call(&other, "GET", "/api/v1/certificates", NULL, NULL);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "certificates")), 0);
	http_reply_free(r);

	/* The download, read back as a reader's software would. */
	r = http_call(&c, "GET", pdf_path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(http_header(r, "Content-Type", header, sizeof(header)), "application/pdf");
	snprintf(expected, sizeof(expected), "attachment; filename=\"attestation-%s.pdf\"",
	         reference);
	ck_assert_str_eq(http_header(r, "Content-Disposition", header, sizeof(header)), expected);
	ck_assert_mem_eq(r->body, "%PDF-", 5);
	char *text = pdf_text(r->body, r->body_len);
	ck_assert_msg(strstr(text, "Service enfance-jeunesse de Villebourg"), "%s", text);
	ck_assert_msg(strstr(text, "Léa"), "%s", text);
	ck_assert_msg(strstr(text, "Mercredis"), "%s", text);
	ck_assert_msg(strstr(text, "ALSH Mercredis 2026/2027"), "%s", text);
	ck_assert_msg(strstr(text, "Élémentaires +6 ans"), "%s", text);
	ck_assert_msg(strstr(text, "9 décembre 2026"), "%s", text);
	ck_assert_msg(strstr(text, "26 novembre 2026"), "%s", text);
	ck_assert_msg(strstr(text, reference), "%s", text);
	free(text);
	http_reply_free(r);

	/* Another family's certificate, or none: 404; no session: 401. */
	r = http_call(&other, "GET", pdf_path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	snprintf(path, sizeof(path), "/api/v1/certificates/%lld/pdf", (long long)certificate + 99);
	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	http_client_cleanup(&other);
	http_client_init(&other, &s);
	r = http_call(&other, "GET", pdf_path, NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);

	/* The service makes the kind wait: the request is pending, and listed. */
	test_sql(conninfo, "UPDATE request_kind SET needs_validation = true WHERE kind = 'certificate'");
	snprintf(path, sizeof(path), "/api/v1/enrolments/%lld/certificates", (long long)enrolment);
	r = http_call(&c, "POST", path, NULL, c.csrf);
	ck_assert_int_eq(r->status, 201);
	ck_assert_str_eq(str(json_object_get(r->json, "request"), "status"), "pending");
	ck_assert(json_is_null(json_object_get(r->json, "certificate")));
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/certificates", NULL, NULL);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "certificates")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "pending")), 1);
	ck_assert_str_eq(str(json_array_get(json_object_get(r->json, "pending"), 0), "kind"),
	                 "certificate");
	http_reply_free(r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM certificate WHERE family_id = %lld",
	         (long long)a.id);
	ck_assert_int_eq(test_sql_long(conninfo, sql), 1);

	http_client_cleanup(&other);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *certificates_suite(void)
{
	Suite *s = suite_create("http_certificates");
	TCase *tc = tcase_create("certificates");

	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_http_certificates_ask_list_download);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(certificates_suite(), "http_certificates", &conninfo);
}
