/*
 * test-cli-catalogue.c — the `catalogue` commands as a manager uses them:
 * import a file (a summary of the changes per level; again: nothing
 * changes; --dry-run writes nothing), a file with an error refused with its
 * JSON path (exit 1), `show` as a tree or JSON, `export` to a file that
 * imports back without change, and their usage errors.
 */
#include <unistd.h>

#include <portail/portail.h>

#include "cli-run.h"
#include "testdb.h"
#include "../db/catalogue-sample.h"

static char *conninfo;
static char file[64];

static void db_setup(void)
{
	FILE *f;

	conninfo = ptl_test_db_create("cli_catalogue");
	snprintf(file, sizeof(file), "/tmp/portail-catalogue-%ld.json", (long)getpid());
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs(SAMPLE_CATALOGUE, f);
	fclose(f);
}

static void db_teardown(void)
{
	ptl_test_db_drop(conninfo);
	free(conninfo);
	conninfo = NULL;
	unlink(file);
}

START_TEST(test_cli_catalogue_import_twice_then_show)
{
	struct run r;
	json_t *o;

	run_cli(&r, conninfo, NULL, "catalogue", "import", file, "--dry-run", NULL);
	assert_status(&r, 0);
	assert_line_has(r.out, "periods ", "2");
	ck_assert_ptr_nonnull(strstr(r.out, "Dry run: nothing was changed."));
	run_free(&r);
	run_cli(&r, conninfo, NULL, "catalogue", "show", NULL);
	run_check_out(&r, 0, "The catalogue is empty.\n");

	/* LEVEL CREATED UPDATED UNCHANGED DELETED */
	run_cli(&r, conninfo, NULL, "catalogue", "import", file, NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "LEVEL"));
	assert_line_has(r.out, "units ", "5        0        0          0");
	ck_assert_ptr_nonnull(strstr(r.out, "Catalogue imported."));
	run_free(&r);

	run_cli(&r, conninfo, NULL, "catalogue", "import", file, "--json", NULL);
	assert_status(&r, 0);
	o = parse_json(r.out);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
		json_object_get(o, "levels"), "closures"), "unchanged")), 10);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
		json_object_get(o, "levels"), "units"), "created")), 0);
	ck_assert(json_is_false(json_object_get(o, "dry_run")));
	json_decref(o);
	run_free(&r);

	run_cli(&r, conninfo, NULL, "catalogue", "show", NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "facility service-jeunesse  Service Jeunesse\n"));
	assert_line_has(r.out, "          unit matin", "incompatible with journee");
	assert_line_has(r.out, "          unit repas", "depends on matin");
	assert_line_has(r.out, "          unit apres-midi", "books also repas");
	assert_line_has(r.out, "          group maternelle", "levels PS MS GS");
	assert_line_has(r.out, "        period alsh-mercredis-2026-2027", "on wednesday");
	run_free(&r);

	run_cli(&r, conninfo, NULL, "catalogue", "show", "--json", NULL);
	assert_status(&r, 0);
	o = parse_json(r.out);
	ck_assert_int_gt(json_integer_value(json_object_get(json_array_get(
		json_object_get(o, "facilities"), 0), "id")), 0);
	json_decref(o);
	run_free(&r);
}
END_TEST

START_TEST(test_cli_catalogue_export_imports_back_unchanged)
{
	char out[80];
	struct run r, again;

	snprintf(out, sizeof(out), "%s.export", file);
	run_cli(&r, conninfo, NULL, "catalogue", "import", file, NULL);
	run_check(&r, 0);
	run_cli(&r, conninfo, NULL, "catalogue", "export", "--out", out, NULL);
	run_check_out(&r, 0, "");
	run_cli(&r, conninfo, NULL, "catalogue", "import", out, "--json", NULL);
	assert_status(&r, 0);
	for (const char *p = r.out; (p = strstr(p, "\"created\": ")); p++)
		ck_assert_msg(strncmp(p, "\"created\": 0", 12) == 0, "%s", r.out);
	for (const char *p = r.out; (p = strstr(p, "\"updated\": ")); p++)
		ck_assert_msg(strncmp(p, "\"updated\": 0", 12) == 0, "%s", r.out);
	run_free(&r);
	/* The file on standard output is the same text. */
	run_cli(&r, conninfo, NULL, "catalogue", "export", NULL);
	assert_status(&r, 0);
	run_cli(&again, conninfo, r.out, "catalogue", "import", "-", NULL);
	run_check(&again, 0);
	{
		FILE *f = fopen(out, "r");
		char text[16384];
		size_t n = fread(text, 1, sizeof(text) - 1, f);

		fclose(f);
		text[n] = '\0';
		ck_assert_str_eq(r.out, text);
	}
	run_free(&r);
	unlink(out);
}
END_TEST

START_TEST(test_cli_catalogue_refusals_and_usage)
{
	char bad[80];
	struct run r;
	FILE *f;

	snprintf(bad, sizeof(bad), "%s.bad", file);
	f = fopen(bad, "w");
	fputs("{\"format\": 1, \"facilities\": [{\"code\": \"x\", \"name\": \"X\", \"colour\": 1}]}", f);
	fclose(f);
	run_cli(&r, conninfo, NULL, "catalogue", "import", bad, NULL);
	ck_assert_str_eq(r.err, "portail-cli: facilities[0].colour: unknown key"
	                        " (field: facilities[0].colour)\n");
	run_check_refused(&r);
	unlink(bad);

	run_cli(&r, conninfo, NULL, "catalogue", "import", "/nonexistent/catalogue.json", NULL);
	run_check_err(&r, 1, "/nonexistent/catalogue.json");
	run_cli(&r, conninfo, NULL, "catalogue", "import", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "catalogue", "import", file, "--force", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "catalogue", "show", "extra", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "catalogue", "export", "--out", NULL);
	run_check(&r, 2);
	run_cli(&r, conninfo, NULL, "catalogue", "export", "--help", NULL);
	assert_status(&r, 0);
	ck_assert(starts_with(r.out, "usage: portail-cli catalogue export"));
	run_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli_catalogue");
	TCase *tc = add_tcase(s, "catalogue", 60, db_setup, db_teardown);

	tcase_add_test(tc, test_cli_catalogue_import_twice_then_show);
	tcase_add_test(tc, test_cli_catalogue_export_imports_back_unchanged);
	tcase_add_test(tc, test_cli_catalogue_refusals_and_usage);
	return run_suite(s);
}
