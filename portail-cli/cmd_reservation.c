/*
 * cmd_reservation.c — the `reservation` commands, on the days children are
 * booked for: list them (`reservation list`), among others a day's
 * attendance list per group. The rules and the queries are the library's
 * (reservation.h).
 */
#include <getopt.h>
#include <stdio.h>
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

static const cli_command reservation_commands[] = {
	{ "list", cmd_reservation_list, "list reservations (a day's attendance per group)",
	  list_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_reservation = { "reservation", reservation_commands };
