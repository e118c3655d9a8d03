/*
 * cmd_queue.c — the `queue` commands, on the validation queue of requests
 * (demandes) that families send: list them with filters (`queue list`),
 * show one with what it changes (`queue show`), accept or refuse some by id
 * or every pending one matching filters (`queue accept`, `queue refuse`),
 * and show or set which kinds wait for the manager (`queue settings`).
 * Whether a request can be processed, and what accepting it does, is the
 * library's business; here we only parse, call and report.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Long options shared by the queue commands. */
enum {
	OPT_KIND = 256, OPT_STATUS, OPT_FAMILY, OPT_OLDER, OPT_LIMIT, OPT_NOTE,
	OPT_REASON, OPT_AS, OPT_ALL, OPT_WAIT, OPT_NO_WAIT, OPT_FORCE,
};

/* Fill the filter field of a selection option; CLI_EXIT_OK, or a usage error. */
static int parse_filter_option(const cli_context *ctx, int c, ptl_request_list_options *f)
{
	switch (c) {
	case OPT_KIND:
		f->kind = optarg;
		break;
	case OPT_STATUS:
		f->status = optarg;
		break;
	case OPT_FAMILY:
		if (!cli_parse_id(optarg, &f->family_id))
			return cli_usage_error(ctx, "'%s' is not a family ID (a positive number)", optarg);
		break;
	case OPT_OLDER:
		if (!cli_parse_duration(optarg, &f->older_than_seconds))
			return cli_usage_error(ctx, "'%s' is not a duration (such as 2d, 12h, 30m, 45s)",
			                       optarg);
		break;
	case OPT_LIMIT:
		if (!cli_parse_count(optarg, &f->limit))
			return cli_usage_error(ctx, "'%s' is not a count (a positive number)", optarg);
		break;
	}
	return CLI_EXIT_OK;
}

/* ---- renderings ------------------------------------------------------------ */

/* The one representation of a request, with the managers' fields. */
static json_t *request_json(const void *item)
{
	return ptl_json_request(item, PTL_JSON_MANAGER);
}

/* ---- queue list ------------------------------------------------------------ */

static const char list_usage[] =
	"usage: portail-cli queue list [--kind K] [--status S] [--family ID]\n"
	"                              [--older-than DURATION] [--limit N] [--json | --csv]\n"
	"\n"
	"List the requests (demandes) of the validation queue, newest first: id,\n"
	"creation time (UTC), family, the guardian who asked, kind, status and\n"
	"summary. Every status is\n"
	"listed unless --status is given.\n"
	"\n"
	"Options:\n"
	"  --kind K               signup, child_add, child_edit, contact_change, ...\n"
	"                         (see portail-cli queue settings)\n"
	"  --status S             pending, accepted, refused or applied (applied: a\n"
	"                         kind that takes effect at once, listed for review)\n"
	"  --family ID            only the requests of family ID\n"
	"  --older-than DURATION  only the requests created at least DURATION ago:\n"
	"                         2d, 12h, 30m, 45s, or a sum such as 1d12h\n"
	"  --limit N              at most N requests (the newest)\n"
	"  --json                 print an array of requests with all their fields\n"
	"  --csv                  print the table as CSV (RFC 4180), for a spreadsheet\n"
	"  --help                 show this help\n";

static bool any_filter(const ptl_request_list_options *f)
{
	return (f->kind && *f->kind) || (f->status && *f->status) || f->family_id ||
	       f->older_than_seconds;
}

static bool request_row(cli_table *table, const void *item)
{
	const ptl_request *r = item;
	char id[24], created[17], family[256];

	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	cli_format_minute(created, r->created_at);
	snprintf(family, sizeof(family), "%s (%lld)", r->family_name, (long long)r->family_id);
	return cli_table_add(table, (const char *const[]){ id, created, family, r->guardian_name,
	                                                   ptl_request_kind_name(r->kind),
	                                                   ptl_request_status_name(r->status),
	                                                   r->summary });
}

static const char *const request_headers[] = {
	"ID", "CREATED (UTC)", "FAMILY", "ASKED BY", "KIND", "STATUS", "SUMMARY",
};

static const cli_listing request_listing = {
	7, request_headers, request_row, request_json, "request", "requests",
};

static int cmd_queue_list(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "family", required_argument, NULL, OPT_FAMILY },
		{ "older-than", required_argument, NULL, OPT_OLDER },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		CLI_FORMAT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	ptl_db *db = NULL;
	ptl_requests *list = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case CLI_OPT_JSON:
		case CLI_OPT_CSV:
			if ((rc = cli_format_option(ctx, c)) != CLI_EXIT_OK)
				return rc;
			break;
		case 'h': return cli_help(ctx);
		case '?': return cli_usage_error(ctx, NULL);
		default:
			if ((rc = parse_filter_option(ctx, c, &filter)) != CLI_EXIT_OK)
				return rc;
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	cli_progress_begin("Loading requests");
	rc = ptl_request_list(&list, db, &filter);
	cli_progress_end();
	if (rc != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	rc = cli_print_listing(ctx, &request_listing, list->items, list->count,
	                       sizeof(list->items[0]),
	                       any_filter(&filter) ? "No request matches these filters."
	                                           : "No requests yet.");
done:
	ptl_requests_free(list);
	ptl_db_close(db);
	return rc;
}

/* ---- queue show ------------------------------------------------------------ */

static const char show_usage[] =
	"usage: portail-cli queue show ID [--json]\n"
	"\n"
	"Show a request: its family, who asked and when, its status and, once\n"
	"processed, by whom, when and why; then the change it proposes, as\n"
	"\"field: before -> after\" lines for the fields it changes (every proposed\n"
	"value when there was nothing before, such as a new child).\n"
	"\n"
	"Options:\n"
	"  --json  print the request as a JSON object, with \"before\" and \"after\"\n"
	"          as objects\n"
	"  --help  show this help\n";

/* A value of a change: "(none)" when absent, "(empty)" for "". */
static const char *value_text(const char *value)
{
	return !value ? "(none)" : *value ? value : "(empty)";
}

/* "  field:  before → after" for each change; every proposed value when
 * the request adds something (nothing before). */
static void print_changes(const ptl_request *r)
{
	bool adds = true;
	int width = 0;

	for (size_t i = 0; i < r->change_count; i++) {
		if (r->changes[i].before)
			adds = false;
		if ((int)strlen(r->changes[i].field) > width)
			width = (int)strlen(r->changes[i].field);
	}
	printf(adds ? "\nProposed:\n" : "\nChanges (before → after):\n");
	if (r->change_count == 0)
		printf(adds ? "  (nothing)\n" : "  (no change)\n");
	for (size_t i = 0; i < r->change_count; i++) {
		const ptl_request_change *c = &r->changes[i];

		printf("  %s:%*s ", c->field, width - (int)strlen(c->field), "");
		if (adds)
			printf("%s\n", value_text(c->after));
		else
			printf("%s → %s\n", value_text(c->before), value_text(c->after));
	}
}

static void print_request(const void *item)
{
	const ptl_request *r = item;
	char when[17];

	printf("Request %lld: %s, %s\n", (long long)r->id, ptl_request_kind_name(r->kind),
	       ptl_request_status_name(r->status));
	printf("  %s\n", r->summary);
	printf("  family:     %s (family %lld)\n", r->family_name, (long long)r->family_id);
	if (r->guardian_id)
		printf("  asked by:   %s (guardian %lld)\n", r->guardian_name, (long long)r->guardian_id);
	else if (*r->guardian_name)
		printf("  asked by:   %s (guardian since removed)\n", r->guardian_name);
	if (r->target_id)
		printf("  concerns:   %s %lld\n", ptl_request_kind_target(r->kind),
		       (long long)r->target_id);
	cli_format_minute(when, r->created_at);
	printf("  created:    %s UTC\n", when);
	if (r->processed_at) {
		cli_format_minute(when, r->processed_at);
		printf("  processed:  %s UTC by %s%s\n", when, *r->processed_by ? r->processed_by : "?",
		       r->status == PTL_REQUEST_OUTDATED ? " (outdated: nothing applied)" : "");
	} else if (r->status == PTL_REQUEST_APPLIED) {
		printf("  processed:  applied at once, listed for review\n");
	} else {
		printf("  processed:  not yet\n");
	}
	if (*r->note)
		printf("  %-11s %s\n", r->status == PTL_REQUEST_REFUSED ? "reason:" : "note:", r->note);
	print_changes(r);
}

static int show_request(ptl_db *db, int64_t id, bool json)
{
	ptl_request *request = NULL;
	int rc = ptl_request_get(&request, db, id);

	rc = cli_show_item(rc, json, request, request_json, print_request);
	ptl_request_free(request);
	return rc;
}

static int cmd_queue_show(cli_context *ctx, int argc, char **argv)
{
	return cli_show_by_id(ctx, argc, argv, "request", show_request);
}

/* ---- queue accept, queue refuse -------------------------------------------- */

/* The options of accept and refuse after --note or --reason. */
#define PROCESS_OPTIONS_USAGE \
	"  --as NAME              who processes them (default: $USER, else \"manager\")\n" \
	"  --all                  every pending request matching the filters below\n" \
	"  --kind K               with --all: only requests of kind K\n" \
	"  --family ID            with --all: only the requests of family ID\n" \
	"  --older-than DURATION  with --all: only requests created at least DURATION\n" \
	"                         ago (2d, 12h, 30m, 45s, or a sum such as 1d12h)\n" \
	"  --help                 show this help\n" \
	"\n"

static const char accept_usage[] =
	"usage: portail-cli queue accept ID... [--note TEXT] [--as NAME] [--force]\n"
	"       portail-cli queue accept --all [--kind K] [--family ID]\n"
	"                                [--older-than DURATION] [--note TEXT] [--as NAME]\n"
	"\n"
	"Accept pending requests and apply what they change, each in its own\n"
	"transaction; the family is told by email. With IDs, prints one line per\n"
	"request and a summary. With --all, accepts every pending request matching\n"
	"the filters, oldest first, and prints a summary.\n"
	"\n"
	"Options:\n"
	"  --note TEXT            a note for the family, sent with the notification\n"
	"  --force                with IDs: accept even over a limit, such as an\n"
	"                         enrolment into a full group\n"
	PROCESS_OPTIONS_USAGE
	"Exit status: 0 when every request named was accepted (with --all: when none\n"
	"failed; requests processed by someone else meanwhile are only counted), 1\n"
	"when one was already processed, not found or could not be applied, 2 bad\n"
	"command line, 3 system error.\n";

static const char refuse_usage[] =
	"usage: portail-cli queue refuse ID... --reason TEXT [--as NAME]\n"
	"       portail-cli queue refuse --all --reason TEXT [--kind K] [--family ID]\n"
	"                                [--older-than DURATION] [--as NAME]\n"
	"\n"
	"Refuse pending requests; nothing they propose is applied, and the family is\n"
	"told by email, with the reason. With IDs, prints one line per request and a\n"
	"summary. With --all, refuses every pending request matching the filters,\n"
	"oldest first, and prints a summary.\n"
	"\n"
	"Options:\n"
	"  --reason TEXT          why, shown to the family (required)\n"
	PROCESS_OPTIONS_USAGE
	"Exit status: 0 when every request named was refused (with --all: when none\n"
	"failed; requests processed by someone else meanwhile are only counted), 1\n"
	"when one was already processed or not found, 2 bad command line, 3 system\n"
	"error.\n";

struct decision {
	bool accept;
	const char *manager;
	const char *text;  /* the note, or the reason of a refusal */
	bool force;        /* accept over the kind's limits */
};

static void print_summary(const struct decision *d, const ptl_batch_result *n)
{
	printf("%s %zu request(s); %zu skipped (already processed); ",
	       d->accept ? "Accepted" : "Refused", n->processed, n->skipped);
	if (n->outdated)
		printf("%zu outdated (nothing applied); ", n->outdated);
	printf("%zu failed.\n", n->failed);
}

static int process_ids(ptl_db *db, const struct decision *d, char **ids, int count)
{
	const char *done_word = d->accept ? "accepted" : "refused";
	ptl_batch_result n = { 0 };
	int status = ptl_request_check_decision(d->manager, d->text, d->accept);

	if (status != PTL_OK)
		return cli_fail(status);
	for (int i = 0; i < count; i++) {
		int64_t id = 0;

		cli_parse_id(ids[i], &id);  /* checked before */
		ptl_request_accept_options how = PTL_REQUEST_ACCEPT_OPTIONS_INIT;

		how.note = d->text;
		how.force = d->force;
		status = d->accept ? ptl_request_accept_with(db, id, d->manager, &how)
		                   : ptl_request_refuse(db, id, d->manager, d->text);
		switch (ptl_request_outcome_of(status)) {
		case PTL_REQUEST_DONE:
			printf("Request %lld %s.\n", (long long)id, done_word);
			n.processed++;
			break;
		case PTL_REQUEST_SKIPPED:
			printf("Request %lld: already processed.\n", (long long)id);
			n.skipped++;
			break;
		case PTL_REQUEST_STALE:
			printf("Request %lld: outdated (the values changed since it was sent);"
			       " nothing applied.\n", (long long)id);
			n.outdated++;
			break;
		case PTL_REQUEST_FAILED:
			printf("Request %lld: not %s: %s\n", (long long)id, done_word,
			       ptl_error_last()->message);
			n.failed++;
			break;
		case PTL_REQUEST_STOPPED:
			print_summary(d, &n);
			fflush(stdout);
			return cli_fail(status);
		}
	}
	print_summary(d, &n);
	return n.skipped || n.outdated || n.failed ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
}

static int process_matching(ptl_db *db, const struct decision *d, const ptl_request_list_options *f)
{
	ptl_batch_result result = { 0 };
	int rc;

	cli_progress_begin(d->accept ? "Accepting requests" : "Refusing requests");
	rc = ptl_request_process_matching(&result, db, f, d->manager,
	                                  d->accept ? d->text : NULL, d->accept ? NULL : d->text);
	cli_progress_end();
	if (rc != PTL_OK) {
		if (result.processed || result.skipped || result.outdated || result.failed)
			print_summary(d, &result);
		fflush(stdout);
		return cli_fail(rc);
	}
	print_summary(d, &result);
	if (result.outdated)
		printf("%zu request(s) were outdated (the values changed since they were sent):\n"
		       "nothing of them was applied.\n", result.outdated);
	if (result.failed) {
		printf("%zu request(s) could not be %s and stay pending: see\n"
		       "portail-cli queue list --status pending\n",
		       result.failed, d->accept ? "applied" : "refused");
		return CLI_EXIT_REFUSED;
	}
	return result.outdated ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
}

static int process_command(cli_context *ctx, int argc, char **argv, bool accept)
{
	/* Accept takes --note where refuse takes --reason; the rest is the same. */
	static const struct option note = { "note", required_argument, NULL, OPT_NOTE };
	static const struct option reason = { "reason", required_argument, NULL, OPT_REASON };
	struct option options[] = {
		accept ? note : reason,
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "as", required_argument, NULL, OPT_AS },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "family", required_argument, NULL, OPT_FAMILY },
		{ "older-than", required_argument, NULL, OPT_OLDER },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_request_list_options filter = PTL_REQUEST_LIST_OPTIONS_INIT;
	struct decision d = { accept, NULL, NULL, false };
	const char *as = NULL;
	bool all = false;
	ptl_db *db = NULL;
	int operands, c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_NOTE:
		case OPT_REASON: d.text = optarg; break;
		case OPT_AS: as = optarg; break;
		case OPT_ALL: all = true; break;
		case OPT_FORCE:
			if (!accept)
				return cli_usage_error(ctx, "%s: --force is for accepting", ctx->name);
			d.force = true;
			break;
		case 'h': return cli_help(ctx);
		case '?': return cli_usage_error(ctx, NULL);
		default:
			if ((rc = parse_filter_option(ctx, c, &filter)) != CLI_EXIT_OK)
				return rc;
		}
	}
	operands = argc - optind;
	if (!accept && !d.text)
		return cli_usage_error(ctx, "%s: --reason is required", ctx->name);
	if (all && d.force)
		return cli_usage_error(ctx, "%s: --force is for requests named by ID", ctx->name);
	if (all && operands > 0)
		return cli_usage_error(ctx, "%s: give either request IDs or --all, not both",
		                       ctx->name);
	if (!all && operands == 0)
		return cli_usage_error(ctx, "%s: missing the request ID(s) (or --all)", ctx->name);
	if (!all && any_filter(&filter))
		return cli_usage_error(ctx, "%s: --kind, --family and --older-than select requests"
		                       " for --all", ctx->name);
	for (int i = optind; i < argc; i++) {
		int64_t id;

		if (!cli_parse_id(argv[i], &id))
			return cli_usage_error(ctx, "'%s' is not a request ID (a positive number)",
			                       argv[i]);
	}
	d.manager = cli_manager_name(as);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	rc = all ? process_matching(db, &d, &filter)
	         : process_ids(db, &d, argv + optind, operands);
	ptl_db_close(db);
	return rc;
}

static int cmd_queue_accept(cli_context *ctx, int argc, char **argv)
{
	return process_command(ctx, argc, argv, true);
}

static int cmd_queue_refuse(cli_context *ctx, int argc, char **argv)
{
	return process_command(ctx, argc, argv, false);
}

/* ---- queue settings -------------------------------------------------------- */

static const char settings_usage[] =
	"usage: portail-cli queue settings [--json | --csv]\n"
	"       portail-cli queue settings set KIND --wait|--no-wait\n"
	"\n"
	"Show, for each kind of request, whether it waits for the manager's\n"
	"validation or takes effect at once (and is still listed for review); or\n"
	"set it for one kind. The setting applies to the requests sent from then on.\n"
	"\n"
	"Options:\n"
	"  --wait     with set: requests of KIND wait for validation\n"
	"  --no-wait  with set: requests of KIND take effect at once\n"
	"  --json     print an array of {\"kind\": K, \"needs_validation\": true|false}\n"
	"  --csv      print the table as CSV (RFC 4180), for a spreadsheet\n"
	"  --help     show this help\n";

/* One line of the settings: a kind and whether it waits. */
struct kind_setting {
	const char *kind;
	bool waits;
};

static json_t *setting_json(const void *item)
{
	const struct kind_setting *k = item;

	return json_pack("{s:s, s:b}", "kind", k->kind, "needs_validation", k->waits);
}

static bool setting_row(cli_table *table, const void *item)
{
	const struct kind_setting *k = item;

	return cli_table_add(table, (const char *const[]){
		k->kind, k->waits ? "yes" : "no (applied at once, listed for review)" });
}

static const char *const setting_headers[] = { "KIND", "WAITS FOR VALIDATION" };

static const cli_listing setting_listing = {
	2, setting_headers, setting_row, setting_json, NULL, NULL,
};

static int show_settings(const cli_context *ctx, ptl_db *db)
{
	size_t count = (size_t)ptl_request_kind_count();
	struct kind_setting *settings;
	int rc;

	if (!(settings = calloc(count ? count : 1, sizeof(*settings))))
		return cli_out_of_memory();
	for (size_t i = 0; i < count; i++) {
		ptl_request_kind kind = (ptl_request_kind)(i + 1);
		int status;

		settings[i].kind = ptl_request_kind_name(kind);
		status = ptl_request_kind_needs_validation(&settings[i].waits, db, kind);
		if (status != PTL_OK) {
			free(settings);
			return cli_fail(status);
		}
	}
	rc = cli_print_listing(ctx, &setting_listing, settings, count, sizeof(*settings), NULL);
	free(settings);
	return rc;
}

static int cmd_queue_settings(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "wait", no_argument, NULL, OPT_WAIT },
		{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
		CLI_FORMAT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool wait = false, no_wait = false;
	ptl_request_kind kind;
	ptl_db *db = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_WAIT: wait = true; break;
		case OPT_NO_WAIT: no_wait = true; break;
		case CLI_OPT_JSON:
		case CLI_OPT_CSV:
			if ((rc = cli_format_option(ctx, c)) != CLI_EXIT_OK)
				return rc;
			break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if (optind == argc) {
		if (wait || no_wait)
			return cli_usage_error(ctx, "%s: --wait and --no-wait go with 'set KIND'",
			                       ctx->name);
		if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
			return rc;
		rc = show_settings(ctx, db);
		ptl_db_close(db);
		return rc;
	}
	if (strcmp(argv[optind], "set") != 0)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", ctx->name, argv[optind]);
	optind++;
	if ((rc = cli_expect_operands(ctx, argc, argv, 1, "the KIND to set")) != CLI_EXIT_OK)
		return rc;
	if (wait == no_wait)
		return cli_usage_error(ctx, "%s set: give exactly one of --wait and --no-wait",
		                       ctx->name);
	if (ctx->format != CLI_FORMAT_TEXT)
		return cli_usage_error(ctx, "%s set: --json and --csv are for the listing", ctx->name);
	if (ptl_request_kind_from_name(&kind, argv[optind]) != PTL_OK)
		return cli_fail(PTL_EINVALID);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_request_kind_set(db, kind, wait)) != PTL_OK) {
		rc = cli_fail(rc);
	} else {
		printf(wait ? "Requests of kind %s now wait for validation.\n"
		            : "Requests of kind %s now take effect at once (still listed for review).\n",
		       argv[optind]);
		rc = CLI_EXIT_OK;
	}
	ptl_db_close(db);
	return rc;
}

static const cli_command queue_commands[] = {
	{ "list", cmd_queue_list, "list the requests of the validation queue, with filters",
	  list_usage },
	{ "show", cmd_queue_show, "show a request and the change it proposes", show_usage },
	{ "accept", cmd_queue_accept,
	  "accept requests by id, or every pending one matching filters", accept_usage },
	{ "refuse", cmd_queue_refuse,
	  "refuse requests by id, or every pending one matching filters", refuse_usage },
	{ "settings", cmd_queue_settings,
	  "show or set which kinds of request wait for validation", settings_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_queue = { "queue", queue_commands };
