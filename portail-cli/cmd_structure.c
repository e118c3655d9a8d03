/*
 * cmd_structure.c — the `structure` commands, on the identity and contact
 * details of the structure that runs the portal, which the parents' pages
 * show in their footer, on "Nous contacter" and in the legal notice: print
 * them (`structure show`, text or --json) and change some of them
 * (`structure set --name ... --phone ...`). The fields, their names and
 * their rules come from the library's list (structure.h): each field
 * gives one option, its name with '-' for '_'.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char show_usage[] =
	"usage: portail-cli structure show [--json]\n"
	"\n"
	"Print the identity and contact details of the structure that runs the\n"
	"portal, as the parents' pages show them: one line per field (name and\n"
	"value), \"-\" for a field not given.\n"
	"\n"
	"Options:\n"
	"  --json  print an object with one string member per field (\"\" when not given)\n"
	"          and updated_at (UTC, null if never set)\n"
	"  --help  show this help\n";

static const char set_usage[] =
	"usage: portail-cli structure set [--FIELD VALUE]...\n"
	"\n"
	"Change the details of the structure shown to parents; the fields not\n"
	"given keep their value, an empty VALUE clears a field; the rules are those\n"
	"of the parents' forms (French phone number and postcode). Then the\n"
	"details are printed as they now are. Fields:\n"
	"  --name VALUE                  the structure's name (200 characters)\n"
	"  --address VALUE               street address (300)\n"
	"  --postcode VALUE              French postcode (5 digits)\n"
	"  --city VALUE                  (100)\n"
	"  --phone VALUE                 French phone number (10 digits)\n"
	"  --email VALUE                 the e-mail address parents write to\n"
	"  --opening-hours VALUE         free text, lines allowed (500)\n"
	"  --publication-director VALUE  for the legal notice (200)\n"
	"  --host VALUE                  the host's name and address, for the legal notice (300)\n"
	"\n"
	"Options:\n"
	"  --help  show this help\n";

static int print_structure(const ptl_structure *s, bool json)
{
	if (json) {
		json_t *o = ptl_json_structure(s, PTL_JSON_MANAGER);

		if (!o)
			return cli_out_of_memory();
		return cli_json_print(o);
	}
	for (int i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++) {
		const char *v = s->values[i][0] ? s->values[i] : "-";

		/* Continuation lines of a value (opening hours) are indented. */
		printf("%-21s ", ptl_structure_field_name(i));
		for (const char *p = v; *p; p++) {
			putchar(*p);
			if (*p == '\n')
				printf("%-21s ", "");
		}
		putchar('\n');
	}
	return CLI_EXIT_OK;
}

static int cmd_structure_show(cli_context *ctx, int argc, char **argv)
{
	ptl_structure *s = NULL;
	ptl_db *db = NULL;
	bool json = false;
	int rc, status;

	if (!cli_parse_plain(ctx, argc, argv, &json, 0, "", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((status = ptl_structure_get(&s, db)) != PTL_OK)
		rc = cli_fail(status);
	else
		rc = print_structure(s, json);
	ptl_structure_free(s);
	ptl_db_close(db);
	return rc;
}

static int cmd_structure_set(cli_context *ctx, int argc, char **argv)
{
	char names[PTL_STRUCTURE_FIELD_COUNT][32];
	struct option options[PTL_STRUCTURE_FIELD_COUNT + 2];
	ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;
	ptl_structure *s = NULL;
	ptl_db *db = NULL;
	bool any = false;
	int c, rc, status;

	for (int i = 0; i < PTL_STRUCTURE_FIELD_COUNT; i++) {
		snprintf(names[i], sizeof(names[i]), "%s", ptl_structure_field_name(i));
		for (char *p = names[i]; *p; p++)
			if (*p == '_')
				*p = '-';
		options[i] = (struct option){ names[i], required_argument, NULL, 1000 + i };
	}
	options[PTL_STRUCTURE_FIELD_COUNT] = (struct option){ "help", no_argument, NULL, 'h' };
	options[PTL_STRUCTURE_FIELD_COUNT + 1] = (struct option){ NULL, 0, NULL, 0 };

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c >= 1000 && c < 1000 + PTL_STRUCTURE_FIELD_COUNT) {
			o.values[c - 1000] = optarg;
			any = true;
		} else if (c == 'h') {
			return cli_help(ctx);
		} else {
			return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if (!any)
		return cli_usage_error(ctx, "%s: give at least one field to change", ctx->name);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((status = ptl_structure_set(&s, db, &o)) != PTL_OK)
		rc = cli_fail(status);
	else
		rc = print_structure(s, false);
	ptl_structure_free(s);
	ptl_db_close(db);
	return rc;
}

static const cli_command structure_commands[] = {
	{ "show", cmd_structure_show, "show the structure's identity and contact details", show_usage },
	{ "set", cmd_structure_set, "change the structure's details shown to parents", set_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_structure = { "structure", structure_commands };
