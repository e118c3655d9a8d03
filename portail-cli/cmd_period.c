/*
 * cmd_period.c — the `period` commands, on a period of the catalogue after
 * the fact: close a day (`period close-day`: its reservations cancelled
 * without charge, the families told) and open it again (`period
 * reopen-day`). The rules and the queries are the library's (period.h).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char close_day_usage[] =
	"usage: portail-cli period close-day PERIOD DAY --reason TEXT\n"
	"\n"
	"Close day DAY (YYYY-MM-DD) of period PERIOD (its code) after the fact: the\n"
	"day becomes a closure day with its reason (the families' calendar shows it\n"
	"closed, with the reason), its reservations are cancelled without charge\n"
	"(none billed; the day's waiting lists are emptied) and each family concerned\n"
	"gets one message, in French, with the reason. Prints a summary. Closing a\n"
	"closed day again changes nothing more.\n"
	"\n"
	"Options:\n"
	"  --reason TEXT  why the day is closed, shown to families (1 to 200 characters)\n"
	"  --help         show this help\n";

static int cmd_period_close_day(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_period_closing *closing = NULL;
	const char *reason = NULL;
	ptl_db *db = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 2, "PERIOD and DAY")) != CLI_EXIT_OK)
		return rc;
	if (!reason)
		return cli_usage_error(ctx, "--reason is needed");
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((rc = ptl_period_close_day(&closing, db, argv[optind], argv[optind + 1], reason)) !=
	    PTL_OK) {
		rc = cli_fail(rc);
	} else {
		if (closing->added)
			printf("Closed %s in %s: %s\n", closing->day, argv[optind], closing->reason);
		else
			printf("%s was already closed in %s: %s\n", closing->day, argv[optind],
			       closing->reason);
		printf("%zu reservation%s cancelled without charge, %zu waiting-list entr%s"
		       " cancelled; %zu famil%s notified.\n",
		       closing->cancelled, closing->cancelled == 1 ? "" : "s", closing->waiting,
		       closing->waiting == 1 ? "y" : "ies", closing->families,
		       closing->families == 1 ? "y" : "ies");
	}
	ptl_period_closing_free(closing);
	ptl_db_close(db);
	return rc;
}

static const char reopen_day_usage[] =
	"usage: portail-cli period reopen-day PERIOD DAY\n"
	"\n"
	"Open again closure day DAY (YYYY-MM-DD) of period PERIOD (its code): families\n"
	"can book it again. The reservations its closing cancelled stay cancelled.\n"
	"\n"
	"Options:\n"
	"  --help  show this help\n";

static int cmd_period_reopen_day(cli_context *ctx, int argc, char **argv)
{
	ptl_db *db = NULL;
	bool removed = false;
	int rc;

	if (!cli_parse_plain(ctx, argc, argv, NULL, 2, "PERIOD and DAY", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((rc = ptl_period_reopen_day(&removed, db, argv[optind], argv[optind + 1])) != PTL_OK)
		rc = cli_fail(rc);
	else
		printf(removed ? "Opened %s again in %s.\n" : "%s was not closed in %s.\n",
		       argv[optind + 1], argv[optind]);
	ptl_db_close(db);
	return rc;
}

static const cli_command period_commands[] = {
	{ "close-day", cmd_period_close_day,
	  "close a day after the fact: its reservations cancelled, families told",
	  close_day_usage },
	{ "reopen-day", cmd_period_reopen_day, "open a closure day again", reopen_day_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_period = { "period", period_commands };
