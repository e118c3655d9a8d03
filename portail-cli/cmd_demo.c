/*
 * cmd_demo.c — the `demo` commands: load the demonstration data set, a
 * fictional town and family (`demo load`), once; running it again changes
 * nothing.
 */
#include <stdio.h>

#include "cli.h"

static const char load_usage[] =
	"usage: portail-cli demo load [--json]\n"
	"\n"
	"Load the demonstration data set (the Lambert family of the fictional town\n"
	"of Valmont-sur-Loire) unless it is already there, and print the demo\n"
	"parent's login.\n"
	"\n"
	"Options:\n"
	"  --json  print {\"created\": true|false, \"email\": ..., \"password\": ...}\n"
	"  --help  show this help\n";

static int cmd_demo_load(cli_context *ctx, int argc, char **argv)
{
	bool json = false;
	ptl_db *db = NULL;
	int created = 0, rc;

	if (!cli_parse_plain(ctx, argc, argv, &json, 0, "", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_demo_load(&created, db)) != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	if (json) {
		rc = cli_json_print(json_pack("{s:b, s:s, s:s}", "created", created,
		                              "email", PTL_DEMO_EMAIL,
		                              "password", PTL_DEMO_PASSWORD));
		goto done;
	}
	printf(created ? "Demo data loaded.\n"
	               : "Demo data already present: nothing changed.\n");
	printf("Demo login: %s\n", PTL_DEMO_EMAIL);
	printf("Demo password: %s\n", PTL_DEMO_PASSWORD);
	rc = CLI_EXIT_OK;
done:
	ptl_db_close(db);
	return rc;
}

static const cli_command demo_commands[] = {
	{ "load", cmd_demo_load, "load the demonstration data set (once)", load_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_demo = { "demo", demo_commands };
