/*
 * cmd_document.c — the `document` command: record a document a family has
 * provided (vaccination record, insurance certificate...), so that the
 * activities asking for its type stop listing it as missing
 * (`document add FAMILY --type T --valid-from D [--child C]`). A document
 * counts from the day it was issued for each activity's validity; the
 * library computes what is still missing or expired.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char add_usage[] =
	"usage: portail-cli document add FAMILY --type T --valid-from DATE [--child ID]\n"
	"                                [--as NAME]\n"
	"\n"
	"Record a document family FAMILY (its ID) has provided. It counts for every\n"
	"activity that asks for documents of type T, from DATE (the day it was\n"
	"issued) for as long as the activity says it stays valid.\n"
	"\n"
	"Options:\n"
	"  --type T           the document type, as the catalogue names it\n"
	"                     (vaccinations, assurance...)\n"
	"  --valid-from DATE  the day it was issued (YYYY-MM-DD)\n"
	"  --child ID         for this child of the family only (default: the whole family)\n"
	"  --as NAME          who records it (default: $USER, else \"manager\")\n"
	"  --help             show this help\n";

static int cmd_document_add(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_TYPE = 256, OPT_FROM, OPT_CHILD, OPT_AS };
	static const struct option options[] = {
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "valid-from", required_argument, NULL, OPT_FROM },
		{ "child", required_argument, NULL, OPT_CHILD },
		{ "as", required_argument, NULL, OPT_AS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_document_options in = PTL_DOCUMENT_OPTIONS_INIT;
	const char *as = NULL;
	ptl_db *db = NULL;
	int64_t id = 0;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_TYPE: in.type = optarg; break;
		case OPT_FROM: in.valid_from = optarg; break;
		case OPT_CHILD:
			if (!cli_parse_id(optarg, &in.child_id))
				return cli_usage_error(ctx, "'%s' is not a child ID", optarg);
			break;
		case OPT_AS: as = optarg; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 1, "the family ID")) != CLI_EXIT_OK)
		return rc;
	if (!cli_parse_id(argv[optind], &in.family_id))
		return cli_usage_error(ctx, "'%s' is not a family ID (a positive number)", argv[optind]);
	if (!in.type || !in.valid_from)
		return cli_usage_error(ctx, "%s: --type and --valid-from are required", ctx->name);
	in.manager = cli_manager_name(as);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = ptl_document_add(&id, db, &in);
	if (rc == PTL_OK)
		printf("Document %lld recorded for family %lld.\n", (long long)id,
		       (long long)in.family_id);
	ptl_db_close(db);
	return rc == PTL_OK ? CLI_EXIT_OK : cli_fail(rc);
}

static const cli_command document_commands[] = {
	{ "add", cmd_document_add, "record a document a family provided", add_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_document = { "document", document_commands };
