/*
 * cmd_catalogue.c — the `catalogue` commands, on what families can enrol
 * their children in (facilities, activity types, activities, periods with
 * their units, groups): load a season's catalogue file (`catalogue import
 * FILE [--dry-run]`, a summary of what changed per level), print the tree
 * (`catalogue show`, text or --json) and write it back as a file
 * (`catalogue export [--out FILE]`). The file's format is in README.md;
 * the checks and the writing are the library's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A catalogue file is a few hundred kilobytes at most. */

static const char import_usage[] =
	"usage: portail-cli catalogue import FILE [--dry-run] [--json]\n"
	"\n"
	"Load the catalogue file FILE (\"-\": standard input), the JSON description\n"
	"of a season (see README.md, \"The catalogue file\"), in one transaction:\n"
	"every object is found again by its code; what is new is created, what\n"
	"changed is updated in place, what the file no longer names is deleted.\n"
	"Importing the same file again changes nothing. A file with an error is\n"
	"refused whole, with the JSON path of the error; so is a file that leaves\n"
	"out a period or group that has enrolments (exit status 1, nothing\n"
	"changed). Prints, per level, what was created, updated, unchanged and\n"
	"deleted.\n"
	"\n"
	"Options:\n"
	"  --dry-run  check the file and count the changes, change nothing\n"
	"  --json     print the counts as JSON\n"
	"  --help     show this help\n";

static const char show_usage[] =
	"usage: portail-cli catalogue show [--json]\n"
	"\n"
	"Print the catalogue as a tree: facilities, activity types, activities,\n"
	"periods (dates, opening days, enrolment window, closed days), their\n"
	"units with their relations, and their groups with who is eligible.\n"
	"\n"
	"Options:\n"
	"  --json  print the tree as JSON: the file's shape, each object with its id\n"
	"  --help  show this help\n";

static const char export_usage[] =
	"usage: portail-cli catalogue export [--out FILE]\n"
	"\n"
	"Write the catalogue as a catalogue file (JSON), which `catalogue import`\n"
	"takes back without any change.\n"
	"\n"
	"Options:\n"
	"  --out FILE  write to FILE instead of standard output\n"
	"  --help      show this help\n";

static int print_changes(const ptl_catalogue_import_result *r, bool json)
{
	static const char *const headers[] = { "LEVEL", "CREATED", "UPDATED", "UNCHANGED", "DELETED" };
	cli_table *table;

	if (json) {
		json_t *o = ptl_json_catalogue_import_result(r);

		return o ? cli_json_print(o) : cli_out_of_memory();
	}
	if (!(table = cli_table_new(5, headers)))
		return cli_out_of_memory();
	for (int l = 0; l < PTL_LEVEL_COUNT; l++) {
		const ptl_catalogue_changes *c = &r->levels[l];
		char n[4][24];

		snprintf(n[0], sizeof(n[0]), "%lld", (long long)c->created);
		snprintf(n[1], sizeof(n[1]), "%lld", (long long)c->updated);
		snprintf(n[2], sizeof(n[2]), "%lld", (long long)c->unchanged);
		snprintf(n[3], sizeof(n[3]), "%lld", (long long)c->deleted);
		if (!cli_table_add(table, (const char *const[]){ ptl_catalogue_level_name(l), n[0], n[1],
		                                                  n[2], n[3] })) {
			cli_table_free(table);
			return cli_out_of_memory();
		}
	}
	cli_table_print(table);
	cli_table_free(table);
	printf("%s\n", r->dry_run ? "Dry run: nothing was changed." : "Catalogue imported.");
	return CLI_EXIT_OK;
}

static int cmd_catalogue_import(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_catalogue_import_options o = PTL_CATALOGUE_IMPORT_OPTIONS_INIT;
	ptl_catalogue_import_result *r = NULL;
	ptl_db *db = NULL;
	char *text = NULL;
	bool json = false;
	int c, rc, status;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'n')
			o.dry_run = true;
		else if (c == 'j')
			json = true;
		else if (c == 'h')
			return cli_help(ctx);
		else
			return cli_usage_error(ctx, NULL);
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 1, "the catalogue FILE")) != CLI_EXIT_OK ||
	    (rc = cli_read_file(argv[optind], &text, NULL)) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) == CLI_EXIT_OK) {
		if ((status = ptl_catalogue_import(&r, db, text, &o)) != PTL_OK)
			rc = cli_fail(status);
		else
			rc = print_changes(r, json);
	}
	ptl_catalogue_import_result_free(r);
	ptl_db_close(db);
	free(text);
	return rc;
}

/* --- the tree ---------------------------------------------------------------- */

static void print_minutes(int minutes)
{
	printf("%02d:%02d", minutes / 60, minutes % 60);
}

static void print_unit(const ptl_catalogue_period *pd, const ptl_catalogue_unit *u)
{
	printf("          unit %s  %s", u->code, u->label);
	if (u->starts_at >= 0 && u->ends_at >= 0) {
		printf("  ");
		print_minutes(u->starts_at);
		printf("-");
		print_minutes(u->ends_at);
	}
	if (u->counter >= 0)
		printf("  counts against %s", pd->counters[u->counter].code);
	if (u->depends_on >= 0)
		printf("  depends on %s", pd->units[u->depends_on].code);
	for (size_t i = 0; i < u->incompatible_count; i++)
		printf("%s%s", i ? ", " : "  incompatible with ", pd->units[u->incompatible[i]].code);
	for (size_t i = 0; i < u->linked_count; i++)
		printf("%s%s", i ? ", " : "  books also ", pd->units[u->linked[i]].code);
	putchar('\n');
}

static void print_group(const ptl_catalogue_group *g)
{
	printf("          group %s  %s  %d places", g->code, g->label, g->capacity);
	if (g->min_age_months >= 0 || g->max_age_months >= 0) {
		char ref[11] = "first day";

		if (g->has_age_reference_day)
			ptl_day_format(ref, g->age_reference_day);
		printf("  age in months");
		if (g->min_age_months >= 0)
			printf(" from %d", g->min_age_months);
		if (g->max_age_months >= 0)
			printf(" below %d", g->max_age_months);
		printf(" on %s", ref);
	}
	for (size_t i = 0; i < g->school_level_count; i++)
		printf("%s%s", i ? " " : "  levels ", g->school_levels[i]);
	putchar('\n');
}

static void print_period(const ptl_catalogue_period *pd)
{
	char first[11], last[11], opens[11], closes[11];

	ptl_day_format(first, pd->first_day);
	ptl_day_format(last, pd->last_day);
	ptl_day_format(opens, pd->enrolment_opens);
	ptl_day_format(closes, pd->enrolment_closes);
	printf("        period %s  %s  %s to %s, on", pd->code, pd->label, first, last);
	for (unsigned int d = 0; d < 7; d++)
		if (pd->opening_weekdays & (1u << d))
			printf(" %s", ptl_catalogue_weekday_name(d));
	printf("\n          enrolment from %s to %s; %zu closed day%s\n", opens, closes,
	       pd->closure_count, pd->closure_count == 1 ? "" : "s");
	for (size_t i = 0; i < pd->counter_count; i++)
		printf("          counter %s  %s  %d places\n", pd->counters[i].code,
		       pd->counters[i].label, pd->counters[i].capacity);
	for (size_t i = 0; i < pd->unit_count; i++)
		print_unit(pd, &pd->units[i]);
	for (size_t i = 0; i < pd->group_count; i++)
		print_group(&pd->groups[i]);
}

static void print_activity(const ptl_catalogue_activity *a)
{
	printf("      activity %s  %s\n", a->code, a->name);
	if (a->rules_title[0])
		printf("        rules: %s (version %s)\n", a->rules_title, a->rules_version);
	for (size_t i = 0; i < a->document_count; i++) {
		printf("        document %s  %s", a->documents[i].type, a->documents[i].label);
		if (a->documents[i].validity_months > 0)
			printf("  valid %d months", a->documents[i].validity_months);
		putchar('\n');
	}
	if (a->document_count || a->rules_title[0])
		printf("        booking %s while something is missing\n",
		       a->booking_blocked_if_missing ? "blocked" : "allowed");
	for (size_t i = 0; i < a->period_count; i++)
		print_period(&a->periods[i]);
}

static int cmd_catalogue_show(cli_context *ctx, int argc, char **argv)
{
	ptl_catalogue *c = NULL;
	ptl_db *db = NULL;
	bool json = false;
	int rc, status;

	if (!cli_parse_plain(ctx, argc, argv, &json, 0, "", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((status = ptl_catalogue_get(&c, db)) != PTL_OK) {
		rc = cli_fail(status);
	} else if (json) {
		json_t *tree = ptl_json_catalogue(c, PTL_JSON_MANAGER);

		rc = tree ? cli_json_print(tree) : cli_out_of_memory();
	} else if (c->facility_count == 0) {
		printf("The catalogue is empty.\n");
	} else {
		for (size_t f = 0; f < c->facility_count; f++) {
			const ptl_catalogue_facility *fa = &c->facilities[f];

			printf("facility %s  %s\n", fa->code, fa->name);
			for (size_t t = 0; t < fa->activity_type_count; t++) {
				const ptl_catalogue_activity_type *ty = &fa->activity_types[t];

				printf("  activity type %s  %s  (%s)\n", ty->code, ty->name,
				       ptl_catalogue_category_name(ty->category));
				for (size_t a = 0; a < ty->activity_count; a++)
					print_activity(&ty->activities[a]);
			}
		}
	}
	ptl_catalogue_free(c);
	ptl_db_close(db);
	return rc;
}

static int cmd_catalogue_export(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	ptl_catalogue *c = NULL;
	ptl_db *db = NULL;
	char *text = NULL;
	int ch, rc, status;

	cli_getopt_begin(ctx);
	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (ch == 'o')
			path = optarg;
		else if (ch == 'h')
			return cli_help(ctx);
		else
			return cli_usage_error(ctx, NULL);
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK ||
	    (rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((status = ptl_catalogue_get(&c, db)) != PTL_OK ||
	    (status = ptl_catalogue_export(&text, c, NULL)) != PTL_OK) {
		rc = cli_fail(status);
	} else {
		FILE *f = path ? fopen(path, "wb") : stdout;

		if (!f || fputs(text, f) == EOF || (path ? fclose(f) : fflush(f)) != 0) {
			cli_error("%s: %s", path ? path : "standard output", strerror(errno));
			rc = CLI_EXIT_SYSTEM;
		}
	}
	ptl_free(text);
	ptl_catalogue_free(c);
	ptl_db_close(db);
	return rc;
}

static const cli_command catalogue_commands[] = {
	{ "import", cmd_catalogue_import, "load a season's catalogue file (idempotent)", import_usage },
	{ "show", cmd_catalogue_show, "print the catalogue as a tree", show_usage },
	{ "export", cmd_catalogue_export, "write the catalogue as a catalogue file", export_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_catalogue = { "catalogue", catalogue_commands };
