/*
 * show.c — the shape every "<noun> show ID [--json]" command of portail-cli
 * has: read the ID (and --json, --help), open the database, then let the
 * noun's file fetch the item through the library, and print it as JSON for
 * scripts or as text for the manager.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cli_show_by_id(cli_context *ctx, int argc, char **argv, const char *what,
                   cli_show_fn show)
{
	char operand[48];
	bool json = false;
	int64_t id;
	ptl_db *db = NULL;
	int rc;

	snprintf(operand, sizeof(operand), "the %s ID", what);
	if (!cli_parse_plain(ctx, argc, argv, &json, 1, operand, &rc))
		return rc;
	if (!cli_parse_id(argv[optind], &id))
		return cli_usage_error(ctx, "'%s' is not a %s ID (a positive number)",
		                       argv[optind], what);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = show(db, id, json);
	ptl_db_close(db);
	return rc;
}

int cli_show_item(int status, bool json, const void *item, cli_json_fn to_json,
                  void (*print)(const void *item))
{
	if (status != PTL_OK)
		return cli_fail(status);
	if (json)
		return cli_json_print(to_json(item));
	print(item);
	return CLI_EXIT_OK;
}
