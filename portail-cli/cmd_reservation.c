/*
 * cmd_reservation.c — the `reservation` commands, on the days children are
 * booked for: list them (`reservation list`), among others a day's
 * attendance list per group; export them as CSV (`reservation export`) and
 * import a CSV of batch corrections (`reservation import`), reported line
 * by line. The rules and the queries are the library's (reservation.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- reservation list ----------------------------------------------------------- */

static const char list_usage[] =
	"usage: portail-cli reservation list [--day DAY | --from DAY --to DAY] [--period CODE]\n"
	"                                    [--group CODE] [--unit CODE] [--status STATUS]\n"
	"                                    [--family ID] [--json | --csv]\n"
	"\n"
	"List reservations by day, period, group and unit, the waiting list in its\n"
	"order: with --day, the day's attendance list per group. Without --status,\n"
	"every live reservation (booked, pending validation, waiting, cancellation\n"
	"pending); --status cancelled lists the cancelled ones (BILLED: a late\n"
	"cancellation that is charged).\n"
	"\n"
	"Options:\n"
	"  --day DAY        one day (YYYY-MM-DD)\n"
	"  --from DAY       from this day on\n"
	"  --to DAY         up to this day\n"
	"  --period CODE    only this period\n"
	"  --group CODE     only this group\n"
	"  --unit CODE      only this unit (journee, matin...)\n"
	"  --status STATUS  booked, pending, waiting, cancel_pending or cancelled\n"
	"  --family ID      only this family's children\n"
	"  --json           print an array of reservations with all their fields\n"
	"  --csv            print the table as CSV (RFC 4180), for a spreadsheet\n"
	"  --help           show this help\n";

static json_t *reservation_json(const void *item)
{
	return ptl_json_reservation(item, PTL_JSON_MANAGER);
}

static bool reservation_row(cli_table *table, const void *item)
{
	const ptl_reservation *r = item;
	char status[40];

	if (r->rank)
		snprintf(status, sizeof(status), "%s %d", r->status, r->rank);
	else
		snprintf(status, sizeof(status), "%s%s", r->status, r->billable ? " BILLED" : "");
	return cli_table_add(table, (const char *const[]){ r->day, r->period, r->group, r->unit,
	                                                   r->child_name, status, r->source });
}

static const char *const reservation_headers[] = {
	"DAY", "PERIOD", "GROUP", "UNIT", "CHILD", "STATUS", "SOURCE",
};

static const cli_listing reservation_listing = {
	7, reservation_headers, reservation_row, reservation_json, "reservation", "reservations",
};

static int cmd_reservation_list(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_DAY = 256, OPT_FROM, OPT_TO, OPT_PERIOD, OPT_GROUP, OPT_UNIT, OPT_STATUS,
	       OPT_FAMILY };
	static const struct option options[] = {
		{ "day", required_argument, NULL, OPT_DAY },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "family", required_argument, NULL, OPT_FAMILY },
		CLI_FORMAT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_reservation_list_options in = PTL_RESERVATION_LIST_OPTIONS_INIT;
	ptl_reservations *list = NULL;
	const char *day = NULL;
	ptl_db *db = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_DAY: day = optarg; break;
		case OPT_FROM: in.from = optarg; break;
		case OPT_TO: in.to = optarg; break;
		case OPT_PERIOD: in.period = optarg; break;
		case OPT_GROUP: in.group = optarg; break;
		case OPT_UNIT: in.unit = optarg; break;
		case OPT_STATUS: in.status = optarg; break;
		case OPT_FAMILY:
			if (!cli_parse_id(optarg, &in.family_id))
				return cli_usage_error(ctx, "'%s' is not a family ID", optarg);
			break;
		case CLI_OPT_JSON:
		case CLI_OPT_CSV:
			if ((rc = cli_format_option(ctx, c)) != CLI_EXIT_OK)
				return rc;
			break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if (day && (in.from || in.to))
		return cli_usage_error(ctx, "--day goes without --from and --to");
	if (day)
		in.from = in.to = day;
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((rc = ptl_reservation_list(&list, db, &in)) != PTL_OK)
		rc = cli_fail(rc);
	else
		rc = cli_print_listing(ctx, &reservation_listing, list->items, list->count,
		                       sizeof(list->items[0]), "No reservation matches.");
	ptl_reservations_free(list);
	ptl_db_close(db);
	return rc;
}

/* ---- reservation export / import -------------------------------------------------- */

static const char export_usage[] =
	"usage: portail-cli reservation export [--period CODE] [--from DAY --to DAY]\n"
	"                                      [--group CODE]\n"
	"\n"
	"Write the live reservations (booked, pending validation, waiting, cancellation\n"
	"pending) as CSV (RFC 4180) on standard output, one line per unit of a day of a\n"
	"child, with the header line\n"
	"  day,period,group,unit,child id,child name,family,status\n"
	"(family: the family's ID). Edited (status book or cancel, new lines), it is\n"
	"the file `reservation import` reads; imported unchanged, it changes nothing.\n"
	"\n"
	"Options:\n"
	"  --period CODE  only this period\n"
	"  --from DAY     from this day on (YYYY-MM-DD)\n"
	"  --to DAY       up to this day\n"
	"  --group CODE   only this group\n"
	"  --help         show this help\n";

static bool export_row(cli_table *table, const void *item)
{
	const ptl_reservation *r = item;
	char child[24], family[24];

	snprintf(child, sizeof(child), "%lld", (long long)r->child_id);
	snprintf(family, sizeof(family), "%lld", (long long)r->family_id);
	return cli_table_add(table, (const char *const[]){ r->day, r->period, r->group, r->unit,
	                                                   child, r->child_name, family,
	                                                   r->status });
}

static const char *const export_headers[] = {
	"day", "period", "group", "unit", "child id", "child name", "family", "status",
};

static const cli_listing export_listing = {
	8, export_headers, export_row, reservation_json, NULL, NULL,
};

static int cmd_reservation_export(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_FROM = 256, OPT_TO, OPT_PERIOD, OPT_GROUP };
	static const struct option options[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_reservation_list_options in = PTL_RESERVATION_LIST_OPTIONS_INIT;
	ptl_reservations *list = NULL;
	ptl_db *db = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_FROM: in.from = optarg; break;
		case OPT_TO: in.to = optarg; break;
		case OPT_PERIOD: in.period = optarg; break;
		case OPT_GROUP: in.group = optarg; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	ctx->format = CLI_FORMAT_CSV;
	if ((rc = ptl_reservation_list(&list, db, &in)) != PTL_OK)
		rc = cli_fail(rc);
	else
		rc = cli_print_listing(ctx, &export_listing, list->items, list->count,
		                       sizeof(list->items[0]), NULL);
	ptl_reservations_free(list);
	ptl_db_close(db);
	return rc;
}

static const char import_usage[] =
	"usage: portail-cli reservation import FILE [--dry-run] [--force]\n"
	"\n"
	"Apply batch corrections from a CSV file (RFC 4180; \"-\": standard input) in one\n"
	"transaction. The header line names the columns; day, period, group, unit,\n"
	"child id and status are needed (child name and family are ignored): the file\n"
	"`reservation export` writes. Each line books (status book, or a live status:\n"
	"booked, pending, waiting, cancel_pending) or cancels (cancel, cancelled) a unit\n"
	"of a day for the child's enrolment in that period and group.\n"
	"As the service's changes, the booking window, the notice periods and the\n"
	"period's options do not apply (nothing waits for validation, no cancellation is\n"
	"billed); closures, public holidays, the enrolment's dates, the units' relations\n"
	"and the places do: a full day puts the child on the waiting list, unless\n"
	"--force. Every line is reported (line number, what was done or why it was\n"
	"refused); a refused line does not stop the others, a malformed file changes\n"
	"nothing. Each family whose reservations changed gets one message.\n"
	"Exit status 1 when a line was refused (the others are done).\n"
	"\n"
	"Options:\n"
	"  --dry-run  report what would be done, change nothing\n"
	"  --force    book even over the places of a full day\n"
	"  --help     show this help\n";

static void print_import_item(const ptl_reservation_import_item *it)
{
	printf("line %u: %s %s child %lld: ", it->line, it->day, it->unit,
	       (long long)it->child_id);
	if (it->outcome == PTL_RESERVATION_WAITING)
		printf("waiting (rank %d)", it->rank);
	else
		fputs(ptl_reservation_outcome_name(it->outcome), stdout);
	if (it->added)
		fputs(it->added == PTL_RESERVATION_LINKED ? " (linked)" : " (dependent)", stdout);
	if (it->reason_en && it->outcome != PTL_RESERVATION_WAITING)
		printf(": %s", it->reason_en);
	putchar('\n');
}

static int cmd_reservation_import(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_DRY_RUN = 256, OPT_FORCE };
	static const struct option options[] = {
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_reservation_import_options in = PTL_RESERVATION_IMPORT_OPTIONS_INIT;
	ptl_reservation_import_report *report = NULL;
	size_t counts[8] = { 0 }, len = 0;
	char *text = NULL;
	ptl_db *db = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_DRY_RUN: in.dry_run = true; break;
		case OPT_FORCE: in.force = true; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 1, "FILE")) != CLI_EXIT_OK ||
	    (rc = cli_read_file(argv[optind], &text, &len)) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK) {
		free(text);
		return rc;
	}
	if ((rc = ptl_reservation_import(&report, db, text, len, &in)) != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	for (size_t i = 0; i < report->count; i++) {
		print_import_item(&report->items[i]);
		if (report->items[i].outcome >= 1 && report->items[i].outcome <= 7)
			counts[report->items[i].outcome]++;
	}
	printf("%s%zu booked, %zu pending, %zu waiting, %zu cancelled, %zu unchanged,"
	       " %zu refused; %zu %s %s.\n", report->dry_run ? "Dry run, nothing changed: " : "",
	       counts[PTL_RESERVATION_BOOKED], counts[PTL_RESERVATION_PENDING],
	       counts[PTL_RESERVATION_WAITING], counts[PTL_RESERVATION_CANCELLED],
	       counts[PTL_RESERVATION_UNCHANGED], counts[PTL_RESERVATION_REFUSED],
	       report->families, report->families == 1 ? "family" : "families",
	       report->dry_run ? "would be notified" : "notified");
	rc = counts[PTL_RESERVATION_REFUSED] ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
done:
	ptl_reservation_import_report_free(report);
	ptl_db_close(db);
	free(text);
	return rc;
}

static const cli_command reservation_commands[] = {
	{ "list", cmd_reservation_list, "list reservations (a day's attendance per group)",
	  list_usage },
	{ "export", cmd_reservation_export, "write the live reservations as CSV for import",
	  export_usage },
	{ "import", cmd_reservation_import, "apply batch corrections from a CSV file",
	  import_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_reservation = { "reservation", reservation_commands };
