/*
 * test-cli-attestation.c — the manager's `attestation` commands of
 * portail-cli: a parent's certificate is asked for through the library's
 * public API, as the portal does, in the catalogue of catalogue-fixture.h;
 * then the real built program verifies references (as typed, mistyped,
 * malformed, unknown; text and --json) and writes a period's batch (the
 * files, which are the documents stored with the certificates, the
 * summary, no progress without a terminal, no overwriting without
 * --force). Both sides run on 2026-11-26 (PORTAIL_NOW).
 */
#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include <portail/portail.h>

#include "catalogue-fixture.h"
#include "cli-run.h"
#include "testdb.h"

#define NOW "2026-11-26T08:00:00Z"

static char *conninfo;
static ptl_db *lib;
static int64_t family_id, guardian_id;
static char dir[64];
static const char *const now_env[] = { "PORTAIL_NOW=" NOW, NULL };

#define CLI(r, ...) run_cli_env(r, conninfo, now_env, NULL, __VA_ARGS__, NULL)

/* Run @p sql on the test database; the first value of its result (0 when
 * it has none). */
static long long exec_sql(const char *sql)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res = PQexec(conn, sql);
	long long value = 0;

	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK ||
	              PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(conn));
	if (PQntuples(res) > 0)
		value = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return value;
}

/* Whether file @p path holds the document stored with the certificate of
 * enrolment @p enrolment (the latest one issued for it). */
static bool file_is_stored(const char *path, int64_t enrolment)
{
	FILE *f = fopen(path, "rb");
	unsigned char bytes[256 * 1024];
	size_t n;
	char *sql, *p;

	ck_assert_ptr_nonnull(f);
	n = fread(bytes, 1, sizeof(bytes), f);
	fclose(f);
	ck_assert_uint_lt(n, sizeof(bytes));
	ck_assert_ptr_nonnull(sql = malloc(2 * n + 256));
	p = sql + sprintf(sql, "SELECT count(*) FROM (SELECT document FROM certificate"
	                  " WHERE enrolment_id = %lld ORDER BY id DESC LIMIT 1) c"
	                  " WHERE document = '\\x", (long long)enrolment);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%02x", bytes[i]);
	strcpy(p, "'::bytea");
	long long same = exec_sql(sql);
	free(sql);
	return same == 1;
}

static void setup(void)
{
	ptl_family_options f = PTL_FAMILY_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	ptl_time now;

	ck_assert_int_eq(ptl_time_parse(&now, NOW), PTL_OK);
	ptl_clock_set(now);
	conninfo = ptl_test_db_create("cliattest");
	exec_sql(TEST_CATALOGUE_SQL);
	ck_assert_int_eq(ptl_db_open(&lib, conninfo), PTL_OK);
	f.first_name = "Claire";
	f.last_name = "Lambert";
	f.email = "claire.lambert@example.org";
	ck_assert_int_eq(ptl_family_create(&family_id, NULL, lib, &f), PTL_OK);
	ck_assert_int_eq(ptl_guardian_get_by_email(&g, lib, f.email), PTL_OK);
	guardian_id = g->id;
	ptl_guardian_free(g);
	snprintf(dir, sizeof(dir), "/tmp/portail-attestations-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char file[512];

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
			remove_dir(file);
			unlink(file);
		}
	closedir(d);
	rmdir(path);
}

static void teardown(void)
{
	remove_dir(dir);
	ptl_db_close(lib);
	lib = NULL;
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
	ptl_clock_reset();
}

/* A validated enrolment of a new child in mercredis-2026 / @p group. */
static int64_t validated(const char *first, const char *level, const char *group)
{
	ptl_child_options c = PTL_CHILD_OPTIONS_INIT;
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	int64_t child, id;

	c.first_name = first;
	c.last_name = "Lambert";
	c.birth_date = strcmp(level, "CM1") == 0 ? "2016-06-06" : "2021-06-06";
	c.sex = "F";
	c.school_level = level;
	ck_assert_int_eq(ptl_child_create(&child, lib, family_id, &c), PTL_OK);
	in.period = "mercredis-2026";
	in.group = group;
	in.first_day = "2026-12-02";
	in.last_day = "2027-07-03";
	in.accept_rules = "2026-1";
	ck_assert_int_eq(ptl_enrolment_submit(&e, NULL, lib, family_id, guardian_id, child, &in),
	                 PTL_OK);
	id = e->id;
	ptl_enrolment_free(e);
	ck_assert_int_eq(ptl_enrolment_validate(lib, id, "Agent", false), PTL_OK);
	return id;
}

START_TEST(test_cli_attestation_verify)
{
	ptl_request *request = NULL;
	ptl_certificate *c = NULL;
	struct run r;
	char typed[40];
	size_t n = 0;
	json_t *json;

	int64_t id = validated("Alice", "CM1", "elementaires");
	ck_assert_int_eq(ptl_certificate_request(&request, &c, lib, family_id, guardian_id, id),
	                 PTL_OK);

	CLI(&r, "attestation", "verify", c->reference);
	assert_status(&r, 0);
	assert_line_has(r.out, "Certificate ", "valid");
	assert_line_has(r.out, "  child ", "Alice Lambert, born 2016-06-06");
	assert_line_has(r.out, "  period ", "ALSH Mercredis 2026/2027 (2026-09-02 to 2027-07-03)");
	assert_line_has(r.out, "  group ", "Élémentaires +6 ans");
	assert_line_has(r.out, "  enrolled ", "2026-12-02 to 2027-07-03");
	assert_line_has(r.out, "  issued on ", "2026-11-26");
	assert_line_has(r.out, "  requested by ", "Claire Lambert");
	run_free(&r);

	/* As a parent may read it out: lower case, spaces, no prefix. */
	for (const char *p = c->reference + 4; *p; p++)
		typed[n++] = *p == '-' ? ' ' : (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	typed[n] = '\0';
	CLI(&r, "attestation", "verify", typed, "--json");
	assert_status(&r, 0);
	json = parse_json(r.out);
	ck_assert_str_eq(json_string_value(json_object_get(json, "reference")), c->reference);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "enrolment_id")), id);
	ck_assert_int_eq(json_integer_value(json_object_get(json, "family_id")), family_id);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json, "child"),
	                                                   "first_name")), "Alice");
	json_decref(json);
	run_free(&r);

	/* Mistyped, malformed, unknown: exit 1, saying which. */
	char typo[32];
	snprintf(typo, sizeof(typo), "%s", c->reference);
	typo[6] = typo[6] == 'A' ? 'B' : 'A';
	CLI(&r, "attestation", "verify", typo);
	ck_assert_str_eq(r.out, "");
	run_check_err(&r, 1, "is mistyped: its check symbol does not match");
	CLI(&r, "attestation", "verify", "ATT-12");
	run_check_err(&r, 1, "is not a certificate reference");
	exec_sql("DELETE FROM certificate");
	CLI(&r, "attestation", "verify", c->reference);
	ck_assert_str_eq(r.out, "");
	run_check_err(&r, 1, "no certificate has the reference");
	CLI(&r, "attestation", "verify");
	run_check(&r, 2);
	CLI(&r, "attestation", "verify", "--help");
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "usage: portail-cli attestation verify REF"));
	run_free(&r);
	ptl_certificate_free(c);
	ptl_request_free(request);
}
END_TEST

START_TEST(test_cli_attestation_batch)
{
	char out[128], file[256], a_file[256], b_file[256];
	struct stat st;
	struct run r;
	FILE *f;
	char head[6] = { 0 };

	int64_t a = validated("Alice", "CM1", "elementaires");
	int64_t b = validated("Bruno", "MS", "maternelle");
	snprintf(out, sizeof(out), "%s/out/attestations", dir);
	snprintf(a_file, sizeof(a_file), "%s/attestation-%lld.pdf", out, (long long)a);
	snprintf(b_file, sizeof(b_file), "%s/attestation-%lld.pdf", out, (long long)b);

	CLI(&r, "attestation", "batch", "--period", "mercredis-2026", "--out", out);
	assert_status(&r, 0);
	snprintf(file, sizeof(file), "2 certificates of enrolment issued for period mercredis-2026,"
	         " written to %s.\n", out);
	ck_assert_str_eq(r.out, file);
	ck_assert_str_eq(r.err, "");   /* no terminal: no progress */
	run_free(&r);
	ck_assert_int_eq(stat(a_file, &st), 0);
	ck_assert_int_gt(st.st_size, 1000);
	ck_assert_ptr_nonnull(f = fopen(b_file, "rb"));
	ck_assert_int_eq(fread(head, 1, 5, f), 5);
	fclose(f);
	ck_assert_str_eq(head, "%PDF-");
	/* The files are the documents stored with the certificates. */
	ck_assert(file_is_stored(a_file, a));
	ck_assert(file_is_stored(b_file, b));
	ck_assert(!file_is_stored(a_file, b));

	/* Again: the files are there, nothing is issued nor written. */
	CLI(&r, "attestation", "batch", "--period", "mercredis-2026", "--out", out);
	ck_assert_str_eq(r.out, "");
	run_check_err(&r, 1, "already exists: nothing written (--force overwrites)");
	ck_assert_int_eq(exec_sql("SELECT count(*) FROM certificate"), 2);
	CLI(&r, "attestation", "batch", "--period", "mercredis-2026", "--out", out, "--force");
	run_check(&r, 0);
	ck_assert_int_eq(exec_sql("SELECT count(*) FROM certificate"), 4);
	ck_assert(file_is_stored(a_file, a));

	CLI(&r, "attestation", "batch", "--period", "lutins-2027", "--out", out);
	run_check_out(&r, 0, "No validated enrolment in period lutins-2027: no certificate issued.\n");
	CLI(&r, "attestation", "batch", "--period", "nope", "--out", out);
	run_check_err(&r, 1, "no period nope");
	CLI(&r, "attestation", "batch", "--period", "mercredis-2026");
	run_check(&r, 2);
	CLI(&r, "attestation", "batch", "--help");
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "usage: portail-cli attestation batch --period P --out DIR"));
	run_free(&r);
}
END_TEST

static Suite *attestation_suite(void)
{
	Suite *s = suite_create("cli-attestation");
	TCase *tc = add_tcase(s, "attestation", 120, setup, teardown);

	tcase_add_test(tc, test_cli_attestation_verify);
	tcase_add_test(tc, test_cli_attestation_batch);
	return s;
}

int main(void)
{
	unsetenv("PORTAIL_NOW");
	return run_suite(attestation_suite());
}
