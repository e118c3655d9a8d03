/*
 * cmd_week.c — the `week` commands, on the children's typical weeks
 * (semaine type): show one (`week show`), and expand every stored week of a
 * period into reservations in one batch (`week expand`), with a progress
 * bar on a terminal and a summary. The rules and the queries are the
 * library's (typical-week.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* ---- week show ------------------------------------------------------------------ */

static const char show_usage[] =
	"usage: portail-cli week show ENROLMENT [--json]\n"
	"\n"
	"Show the typical week stored for an enrolment: each slot (weekday, unit,\n"
	"every week or even or odd ISO weeks) and the span it is expanded over.\n"
	"\n"
	"Options:\n"
	"  --json  print the week as JSON (as the web API gives it)\n"
	"  --help  show this help\n";

static json_t *week_json(const void *item)
{
	return ptl_json_typical_week(item, PTL_JSON_MANAGER);
}

static void print_week(const void *item)
{
	const ptl_typical_week *w = item;

	printf("Enrolment: %lld\n", (long long)w->enrolment_id);
	if (!w->from[0]) {
		printf("No typical week stored.\n");
		return;
	}
	printf("Span:      %s to %s\n", w->from, w->to);
	for (size_t i = 0; i < w->slot_count; i++)
		printf("Slot:      %-9s %-12s %s weeks\n",
		       ptl_catalogue_weekday_name((unsigned int)w->slots[i].weekday - 1), w->slots[i].unit,
		       ptl_typical_week_parity_name(w->slots[i].weeks));
}

static int show_week(ptl_db *db, int64_t id, bool json)
{
	ptl_typical_week *w = NULL;
	int rc = ptl_typical_week_get(&w, db, 0, id);

	rc = cli_show_item(rc, json, w, week_json, print_week);
	ptl_typical_week_free(w);
	return rc;
}

static int cmd_week_show(cli_context *ctx, int argc, char **argv)
{
	return cli_show_by_id(ctx, argc, argv, "enrolment", show_week);
}

/* ---- week expand ---------------------------------------------------------------- */

static const char expand_usage[] =
	"usage: portail-cli week expand --period CODE [--from DAY] [--to DAY] [--json]\n"
	"\n"
	"Expand the stored typical week of every validated enrolment of a period\n"
	"into reservations, over each week's span cut to --from and --to (and from\n"
	"today on), by the rules of a parent's booking: closures, public holidays,\n"
	"booking windows and notice periods, unit relations, places (a full day\n"
	"puts the child on its waiting list) and validation. Days already booked\n"
	"are left as they are; bookings a changed week no longer designates are\n"
	"cancelled within the cancelling notice. The enrolments are done 100 to a\n"
	"transaction. A progress bar shows on a terminal; a summary follows:\n"
	"booked, waiting, skipped by reason, families.\n"
	"\n"
	"Options:\n"
	"  --period CODE  the period (required)\n"
	"  --from DAY     first day (YYYY-MM-DD); default: each week's own, today at\n"
	"                 the earliest\n"
	"  --to DAY       last day; default: each week's own\n"
	"  --json         print the summary as JSON\n"
	"  --help         show this help\n"
	"\n"
	"Exit status: 0 done, 1 refused (unknown period), 2 bad command line,\n"
	"3 system error (the transactions done before it stay done).\n";

static void progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	cli_progress_bar("Expanding typical weeks", done, total);
}

static void print_summary(const ptl_typical_week_summary *s)
{
	printf("Typical weeks expanded: %zu enrolment%s of %zu famil%s", s->enrolments,
	       s->enrolments == 1 ? "" : "s", s->families, s->families == 1 ? "y" : "ies");
	if (s->not_validated)
		printf(" (%zu left out: enrolment not validated)", s->not_validated);
	printf(".\n");
	printf("Booked:    %zu\n", s->booked);
	printf("Pending:   %zu (waiting for validation)\n", s->pending);
	printf("Waiting:   %zu (on a waiting list)\n", s->waiting);
	printf("Cancelled: %zu (no longer in the week)\n", s->cancelled);
	if (s->cancel_pending)
		printf("Cancellation pending: %zu\n", s->cancel_pending);
	printf("Skipped:   %zu\n", s->skipped);
	for (size_t i = 0; i < s->reason_count; i++)
		printf("  %-22s %zu\n", s->reasons[i].reason_code, s->reasons[i].count);
}

static int cmd_week_expand(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_PERIOD = 256, OPT_FROM, OPT_TO };
	static const struct option options[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_typical_week_expand_options in = PTL_TYPICAL_WEEK_EXPAND_OPTIONS_INIT;
	ptl_typical_week_summary summary;
	ptl_db *db = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_PERIOD: in.period = optarg; break;
		case OPT_FROM: in.from = optarg; break;
		case OPT_TO: in.to = optarg; break;
		case CLI_OPT_JSON:
			if ((rc = cli_format_option(ctx, c)) != CLI_EXIT_OK)
				return rc;
			break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if (!in.period)
		return cli_usage_error(ctx, "--period is required");
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	in.progress = progress;
	rc = ptl_typical_week_expand_period(&summary, db, &in);
	cli_progress_end();
	if (rc != PTL_OK) {
		rc = cli_fail(rc);
		if (summary.enrolments)
			print_summary(&summary);
	} else if (ctx->format == CLI_FORMAT_JSON) {
		rc = cli_json_print(ptl_json_typical_week_summary(&summary, PTL_JSON_MANAGER));
	} else {
		print_summary(&summary);
	}
	ptl_db_close(db);
	return rc;
}

static const cli_command week_commands[] = {
	{ "show", cmd_week_show, "show an enrolment's typical week", show_usage },
	{ "expand", cmd_week_expand, "expand every typical week of a period into reservations",
	  expand_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_week = { "week", week_commands };
