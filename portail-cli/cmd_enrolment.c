/*
 * cmd_enrolment.c — the `enrolment` commands, on children's enrolments in
 * the catalogue's groups: list them with filters (`enrolment list`, table,
 * --json or --csv), show one (`enrolment show`), validate one (forcing a
 * full group with --force), grant a petite-enfance place with its contract
 * (`enrolment grant`), cancel one (`enrolment cancel`), and the waiting
 * lists (`enrolment waitlist` shows a group's, `waitlist add` puts a
 * pending enrolment on it, `waitlist move` reorders). Enrolments waiting
 * for validation are also requests of the queue (`queue list --kind
 * enrolment`; `queue accept` validates them). Every rule is the library's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_PERIOD = 256, OPT_GROUP, OPT_STATUS, OPT_CHILD, OPT_FAMILY, OPT_AS, OPT_FORCE,
	OPT_REASON, OPT_START, OPT_DAYS, OPT_HOURS, OPT_TO,
};

static json_t *enrolment_json(const void *item)
{
	return ptl_json_enrolment(item, PTL_JSON_MANAGER);
}

static bool enrolment_row(cli_table *table, const void *item)
{
	const ptl_enrolment *e = item;
	char id[24], child[256], dates[32], first[11], last[11], rank[16];

	snprintf(id, sizeof(id), "%lld", (long long)e->id);
	snprintf(child, sizeof(child), "%s (%lld)", e->child_name, (long long)e->child_id);
	ptl_day_format(first, e->first_day);
	ptl_day_format(last, e->last_day);
	snprintf(dates, sizeof(dates), "%s..%s", first, last);
	snprintf(rank, sizeof(rank), "%d", e->waitlist_rank);
	return cli_table_add(table, (const char *const[]){
		id, child, e->period_code, e->group_code, dates,
		ptl_enrolment_status_name(e->status), e->marker ? e->marker : "",
		e->waitlist_rank ? rank : "", e->activity });
}

static const char *const enrolment_headers[] = {
	"ID", "CHILD", "PERIOD", "GROUP", "DATES", "STATUS", "MARK", "RANK", "ACTIVITY",
};

static const cli_listing enrolment_listing = {
	9, enrolment_headers, enrolment_row, enrolment_json, "enrolment", "enrolments",
};

/* An ID operand at argv[optind]; CLI_EXIT_OK or a usage error. */
static int id_operand(const cli_context *ctx, int argc, char **argv, int64_t *id)
{
	int rc = cli_expect_operands(ctx, argc, argv, 1, "the enrolment ID");

	if (rc != CLI_EXIT_OK)
		return rc;
	if (!cli_parse_id(argv[optind], id))
		return cli_usage_error(ctx, "'%s' is not an enrolment ID (a positive number)",
		                       argv[optind]);
	return CLI_EXIT_OK;
}

/* Run @p status's outcome: @p done printed on success, else the error. */
static int report(int status, const char *done)
{
	if (status != PTL_OK)
		return cli_fail(status);
	printf("%s\n", done);
	return CLI_EXIT_OK;
}

/* ---- enrolment list --------------------------------------------------------- */

static const char list_usage[] =
	"usage: portail-cli enrolment list [--period P] [--group G] [--status S]\n"
	"                                  [--child ID] [--family ID] [--json | --csv]\n"
	"\n"
	"List enrolments, newest first (a waiting list in the order of its ranks):\n"
	"id, child, period and group codes, dates, status, the guide's marker (V\n"
	"validated, ? waiting for validation, ! petite-enfance pre-enrolment not\n"
	"validated yet), rank on the waiting list, activity.\n"
	"\n"
	"Options:\n"
	"  --period P   the period's code (as in the catalogue file)\n"
	"  --group G    the group's code\n"
	"  --status S   pending, validated, waiting, refused, cancelled or withdrawn\n"
	"  --child ID   one child's enrolments\n"
	"  --family ID  one family's enrolments\n"
	"  --json       print an array of enrolments with all their fields\n"
	"  --csv        print the table as CSV (RFC 4180)\n"
	"  --help       show this help\n";

/* Read list's options into @p f; CLI_EXIT_OK to go on, else the exit status
 * (--help shown included: *done). */
static int parse_list(cli_context *ctx, int argc, char **argv, ptl_enrolment_list_options *f,
                      bool *done)
{
	static const struct option options[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "child", required_argument, NULL, OPT_CHILD },
		{ "family", required_argument, NULL, OPT_FAMILY },
		CLI_FORMAT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	*done = false;
	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_PERIOD: f->period = optarg; break;
		case OPT_GROUP: f->group = optarg; break;
		case OPT_STATUS: f->status = optarg; break;
		case OPT_CHILD:
			if (!cli_parse_id(optarg, &f->child_id))
				return cli_usage_error(ctx, "'%s' is not a child ID", optarg);
			break;
		case OPT_FAMILY:
			if (!cli_parse_id(optarg, &f->family_id))
				return cli_usage_error(ctx, "'%s' is not a family ID", optarg);
			break;
		case CLI_OPT_JSON:
		case CLI_OPT_CSV:
			if ((rc = cli_format_option(ctx, c)) != CLI_EXIT_OK)
				return rc;
			break;
		case 'h':
			*done = true;
			return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	return CLI_EXIT_OK;
}

static int print_list(cli_context *ctx, const ptl_enrolment_list_options *f, const char *empty)
{
	ptl_enrolments *list = NULL;
	ptl_db *db = NULL;
	int rc = cli_db_open(ctx, &db);

	if (rc != CLI_EXIT_OK)
		return rc;
	rc = ptl_enrolment_list(&list, db, f);
	if (rc != PTL_OK)
		rc = cli_fail(rc);
	else
		rc = cli_print_listing(ctx, &enrolment_listing, list->items, list->count,
		                       sizeof(ptl_enrolment), empty);
	ptl_enrolments_free(list);
	ptl_db_close(db);
	return rc;
}

static int cmd_enrolment_list(cli_context *ctx, int argc, char **argv)
{
	ptl_enrolment_list_options f = PTL_ENROLMENT_LIST_OPTIONS_INIT;
	bool done;
	int rc = parse_list(ctx, argc, argv, &f, &done);

	if (rc != CLI_EXIT_OK || done)
		return rc;
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, NULL)) != CLI_EXIT_OK)
		return rc;
	return print_list(ctx, &f, "No enrolment.");
}

/* ---- enrolment show --------------------------------------------------------- */

static const char show_usage[] =
	"usage: portail-cli enrolment show ID [--json]\n"
	"\n"
	"Show an enrolment: child, activity, period, group, dates, status and marker,\n"
	"the waiting-list rank, a pre-enrolment's wish and contract, what the family\n"
	"must still provide, and its latest request.\n"
	"\n"
	"Options:\n"
	"  --json  print the enrolment with all its fields\n"
	"  --help  show this help\n";

static void print_enrolment(const void *item)
{
	const ptl_enrolment *e = item;
	char a[11], b[11];

	ptl_day_format(a, e->first_day);
	ptl_day_format(b, e->last_day);
	printf("Enrolment %lld: %s (%s)\n", (long long)e->id, ptl_enrolment_status_name(e->status),
	       e->marker ? e->marker : "-");
	printf("Child:     %s (%lld), family %lld\n", e->child_name, (long long)e->child_id,
	       (long long)e->family_id);
	printf("Activity:  %s / %s / %s\n", e->facility, e->activity_type, e->activity);
	printf("Period:    %s (%s)\n", e->period_label, e->period_code);
	printf("Group:     %s (%s)\n", e->group_label, e->group_code);
	printf("Dates:     %s to %s\n", a, b);
	if (e->waitlist_rank)
		printf("Rank:      %d on the waiting list\n", e->waitlist_rank);
	if (e->pre_enrolment) {
		ptl_day_format(a, e->wanted_start);
		printf("Wish:      from %s, %d days and %d hours a week\n", a, e->days_per_week,
		       e->hours_per_week);
	}
	if (e->has_contract) {
		ptl_day_format(a, e->contract_start);
		printf("Contract:  from %s, %d days and %d hours a week\n", a, e->contract_days,
		       e->contract_hours);
	}
	if (*e->comment)
		printf("Comment:   %s\n", e->comment);
	if (*e->reason)
		printf("Reason:    %s\n", e->reason);
	for (size_t i = 0; i < e->missing_count; i++)
		printf("Missing:   %s (%s)\n", e->missing[i].label, e->missing[i].type);
	if (*e->rules_version)
		printf("Missing:   acceptance of %s, version %s\n", e->rules_title, e->rules_version);
	if (e->request_id)
		printf("Request:   %lld (portail-cli queue show %lld)\n", (long long)e->request_id,
		       (long long)e->request_id);
}

static int show_enrolment(ptl_db *db, int64_t id, bool json)
{
	ptl_enrolment *e = NULL;
	int rc = ptl_enrolment_get(&e, db, id);

	rc = cli_show_item(rc, json, e, enrolment_json, print_enrolment);
	ptl_enrolment_free(e);
	return rc;
}

static int cmd_enrolment_show(cli_context *ctx, int argc, char **argv)
{
	return cli_show_by_id(ctx, argc, argv, "enrolment", show_enrolment);
}

/* ---- enrolment validate, grant, cancel -------------------------------------- */

static const char validate_usage[] =
	"usage: portail-cli enrolment validate ID [--force] [--as NAME]\n"
	"\n"
	"Validate an enrolment that waits for validation or is on a waiting list\n"
	"(its request, if pending, is accepted); the family is told by email. A\n"
	"full group refuses it unless --force.\n"
	"\n"
	"Options:\n"
	"  --force    validate even when the group is full\n"
	"  --as NAME  who validates it (default: $USER, else \"manager\")\n"
	"  --help     show this help\n"
	"\n"
	"Exit status: 0 validated, 1 refused (group full, not found, already\n"
	"processed), 2 bad command line, 3 system error.\n";

static const char grant_usage[] =
	"usage: portail-cli enrolment grant ID --start DATE --days N --hours H\n"
	"                                   [--force] [--as NAME]\n"
	"\n"
	"Grant a place to a petite-enfance pre-enrolment (pending or on the waiting\n"
	"list), with its contract: the first day, days and hours a week. The\n"
	"enrolment becomes validated and the family is told by email.\n"
	"\n"
	"Options:\n"
	"  --start DATE  the contract's first day (YYYY-MM-DD)\n"
	"  --days N      days a week (1 to 7)\n"
	"  --hours H     hours a week (1 to 70)\n"
	"  --force       even when the group is full\n"
	"  --as NAME     who grants it (default: $USER, else \"manager\")\n"
	"  --help        show this help\n";

static const char cancel_usage[] =
	"usage: portail-cli enrolment cancel ID --reason TEXT [--as NAME]\n"
	"\n"
	"Cancel a validated enrolment, or one on a waiting list; the family is told\n"
	"by email with the reason. The place it held goes at once to the first\n"
	"enrolment waiting in its group (a request of kind enrolment_offer in the\n"
	"queue; the family is told).\n"
	"\n"
	"Options:\n"
	"  --reason TEXT  why, shown to the family (required)\n"
	"  --as NAME      who cancels it (default: $USER, else \"manager\")\n"
	"  --help         show this help\n";

/* The options of validate, grant and cancel. */
struct decision {
	const char *as, *reason, *start;
	bool force;
	int days, hours;
};

static bool parse_small(const char *text, int *out)
{
	char *end;
	long n = strtol(text, &end, 10);

	if (!*text || *end || n < 0 || n > 1000)
		return false;
	*out = (int)n;
	return true;
}

static int parse_decision(cli_context *ctx, int argc, char **argv, struct decision *d,
                          int64_t *id, bool *done)
{
	static const struct option options[] = {
		{ "as", required_argument, NULL, OPT_AS },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "start", required_argument, NULL, OPT_START },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "hours", required_argument, NULL, OPT_HOURS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *usage = ctx->command->usage;
	int c;

	*done = false;
	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		const char *name = c >= OPT_AS && c <= OPT_HOURS ? options[c - OPT_AS].name : "";
		char needle[24];

		/* Each command takes the options its usage names. */
		snprintf(needle, sizeof(needle), "--%s", name);
		if (*name && !strstr(usage, needle))
			return cli_usage_error(ctx, "%s: no option --%s", ctx->name, name);
		switch (c) {
		case OPT_AS: d->as = optarg; break;
		case OPT_FORCE: d->force = true; break;
		case OPT_REASON: d->reason = optarg; break;
		case OPT_START: d->start = optarg; break;
		case OPT_DAYS:
		case OPT_HOURS:
			if (!parse_small(optarg, c == OPT_DAYS ? &d->days : &d->hours))
				return cli_usage_error(ctx, "'%s' is not a number", optarg);
			break;
		case 'h':
			*done = true;
			return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	return id_operand(ctx, argc, argv, id);
}

static int cmd_enrolment_validate(cli_context *ctx, int argc, char **argv)
{
	struct decision d = { 0 };
	ptl_db *db = NULL;
	int64_t id;
	bool done;
	int rc = parse_decision(ctx, argc, argv, &d, &id, &done);

	if (rc != CLI_EXIT_OK || done || (rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = report(ptl_enrolment_validate(db, id, cli_manager_name(d.as), d.force),
	            "Enrolment validated.");
	ptl_db_close(db);
	return rc;
}

static int cmd_enrolment_grant(cli_context *ctx, int argc, char **argv)
{
	ptl_enrolment_grant_options in = PTL_ENROLMENT_GRANT_OPTIONS_INIT;
	struct decision d = { 0 };
	ptl_db *db = NULL;
	int64_t id;
	bool done;
	int rc = parse_decision(ctx, argc, argv, &d, &id, &done);

	if (rc != CLI_EXIT_OK || done)
		return rc;
	if (!d.start || !d.days || !d.hours)
		return cli_usage_error(ctx, "%s: --start, --days and --hours are required", ctx->name);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	in.start = d.start;
	in.days_per_week = d.days;
	in.hours_per_week = d.hours;
	in.force = d.force;
	rc = report(ptl_enrolment_grant(db, id, cli_manager_name(d.as), &in),
	            "Place granted: the enrolment is validated with its contract.");
	ptl_db_close(db);
	return rc;
}

static int cmd_enrolment_cancel(cli_context *ctx, int argc, char **argv)
{
	struct decision d = { 0 };
	ptl_db *db = NULL;
	int64_t id;
	bool done;
	int rc = parse_decision(ctx, argc, argv, &d, &id, &done);

	if (rc != CLI_EXIT_OK || done)
		return rc;
	if (!d.reason)
		return cli_usage_error(ctx, "%s: --reason is required", ctx->name);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = report(ptl_enrolment_cancel(db, id, cli_manager_name(d.as), d.reason),
	            "Enrolment cancelled.");
	ptl_db_close(db);
	return rc;
}

/* ---- enrolment waitlist ----------------------------------------------------- */

static const char waitlist_usage[] =
	"usage: portail-cli enrolment waitlist --period P --group G [--json | --csv]\n"
	"       portail-cli enrolment waitlist add ID [--as NAME]\n"
	"       portail-cli enrolment waitlist move ID --to N\n"
	"\n"
	"Show a group's waiting list in the order of its ranks; put a pending\n"
	"enrolment on its group's waiting list, last (its request is closed as\n"
	"\"waitlisted\" and the family told its rank); or move a waiting enrolment to\n"
	"rank N (1 first; past the end: last), the others keeping their order.\n"
	"When a place of the group frees, the first one waiting is offered it.\n"
	"\n"
	"Options:\n"
	"  --period P  the period's code\n"
	"  --group G   the group's code\n"
	"  --to N      the new rank\n"
	"  --as NAME   who decides (default: $USER, else \"manager\")\n"
	"  --json      print an array of enrolments\n"
	"  --csv       print the table as CSV (RFC 4180)\n"
	"  --help      show this help\n";

static int waitlist_add(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as", required_argument, NULL, OPT_AS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *as = NULL;
	ptl_db *db = NULL;
	int64_t id;
	int c, rc, rank = 0;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h')
			return cli_help(ctx);
		if (c != OPT_AS)
			return cli_usage_error(ctx, NULL);
		as = optarg;
	}
	if ((rc = id_operand(ctx, argc, argv, &id)) != CLI_EXIT_OK ||
	    (rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = ptl_enrolment_waitlist_add(&rank, db, id, cli_manager_name(as));
	if (rc == PTL_OK)
		printf("Enrolment %lld is on the waiting list, rank %d.\n", (long long)id, rank);
	ptl_db_close(db);
	return rc == PTL_OK ? CLI_EXIT_OK : cli_fail(rc);
}

static int waitlist_move(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "to", required_argument, NULL, OPT_TO },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_db *db = NULL;
	int64_t id;
	int c, rc, rank = 0;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h')
			return cli_help(ctx);
		if (c != OPT_TO || !parse_small(optarg, &rank) || rank < 1)
			return c == OPT_TO ? cli_usage_error(ctx, "'%s' is not a rank (1 or more)", optarg)
			                   : cli_usage_error(ctx, NULL);
	}
	if (!rank)
		return cli_usage_error(ctx, "%s: --to is required", ctx->name);
	if ((rc = id_operand(ctx, argc, argv, &id)) != CLI_EXIT_OK ||
	    (rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = report(ptl_enrolment_waitlist_move(db, id, rank), "Waiting list reordered.");
	ptl_db_close(db);
	return rc;
}

static int cmd_enrolment_waitlist(cli_context *ctx, int argc, char **argv)
{
	ptl_enrolment_list_options f = PTL_ENROLMENT_LIST_OPTIONS_INIT;
	bool done;
	int rc;

	if (argc > 1 && strcmp(argv[1], "add") == 0)
		return waitlist_add(ctx, argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "move") == 0)
		return waitlist_move(ctx, argc - 1, argv + 1);
	if ((rc = parse_list(ctx, argc, argv, &f, &done)) != CLI_EXIT_OK || done)
		return rc;
	if (!f.period || !f.group || f.status || f.child_id || f.family_id)
		return cli_usage_error(ctx, "%s: give --period and --group (only)", ctx->name);
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, NULL)) != CLI_EXIT_OK)
		return rc;
	f.status = "waiting";
	return print_list(ctx, &f, "Nobody is waiting in this group.");
}

static const cli_command enrolment_commands[] = {
	{ "list", cmd_enrolment_list, "list enrolments, with filters", list_usage },
	{ "show", cmd_enrolment_show, "show an enrolment", show_usage },
	{ "validate", cmd_enrolment_validate, "validate an enrolment (--force: into a full group)",
	  validate_usage },
	{ "grant", cmd_enrolment_grant, "grant a petite-enfance place with its contract",
	  grant_usage },
	{ "cancel", cmd_enrolment_cancel, "cancel an enrolment; its place goes to the waiting list",
	  cancel_usage },
	{ "waitlist", cmd_enrolment_waitlist,
	  "show a group's waiting list; add an enrolment to it; move one", waitlist_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_enrolment = { "enrolment", enrolment_commands };
