/*
 * cmd_mail.c — the `mail` commands, on the messages the portal sends to
 * families: list the outbox, optionally with the messages' text
 * (`mail outbox`), and deliver what is still undelivered through the relay
 * named by PORTAIL_SMTP_URL (`mail deliver`). Writing, queueing and sending
 * the messages is the library's business.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- mail outbox ------------------------------------------------------------ */

static const char outbox_usage[] =
	"usage: portail-cli mail outbox [--to EMAIL] [--limit N] [--full | --json | --csv]\n"
	"\n"
	"List the messages the portal wrote to families, newest first: id, creation\n"
	"time (UTC), status and recipient, subject. A message is \"outbox\" until it\n"
	"is delivered (\"sent\"), or \"failed\" when the relay refused it (it is\n"
	"retried by the next delivery). Without a relay (PORTAIL_SMTP_URL), this is\n"
	"where confirmation links and notifications can be read.\n"
	"\n"
	"Options:\n"
	"  --to EMAIL  only the messages to EMAIL\n"
	"  --limit N   at most N messages (the newest)\n"
	"  --full      print each message whole, with its text\n"
	"  --json      print an array of messages with all their fields\n"
	"  --csv       print the table as CSV (RFC 4180), for a spreadsheet\n"
	"  --help      show this help\n";

static json_t *mail_json(const void *item)
{
	return ptl_json_mail(item, PTL_JSON_MANAGER);
}


static bool mail_row(cli_table *table, const void *item)
{
	const ptl_mail *m = item;
	char id[24], created[17];

	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	cli_format_minute(created, m->created_at);
	return cli_table_add(table, (const char *const[]){ id, created, m->status, m->recipient,
	                                                   m->subject });
}

static const char *const mail_headers[] = {
	"ID", "CREATED (UTC)", "STATUS", "RECIPIENT", "SUBJECT",
};

static const cli_listing mail_listing = {
	5, mail_headers, mail_row, mail_json, "message", "messages",
};

static void print_mail_full(const ptl_mail *m)
{
	char when[17];
	size_t len = strlen(m->body);

	cli_format_minute(when, m->created_at);
	printf("Message %lld (%s), written %s UTC\n", (long long)m->id, m->status, when);
	if (m->sent_at) {
		cli_format_minute(when, m->sent_at);
		printf("Sent:    %s UTC\n", when);
	}
	if (*m->error)
		printf("Error:   %s\n", m->error);
	printf("To:      %s\nSubject: %s\n\n%s%s\n", m->recipient, m->subject, m->body,
	       len && m->body[len - 1] == '\n' ? "" : "\n");
}

static int cmd_mail_outbox(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_TO = 256, OPT_LIMIT, OPT_FULL };
	static const struct option options[] = {
		{ "to", required_argument, NULL, OPT_TO },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "full", no_argument, NULL, OPT_FULL },
		CLI_FORMAT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL;
	size_t limit = 0;
	bool full = false;
	ptl_db *db = NULL;
	ptl_mails *mails = NULL;
	char empty[320];
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_TO: to = optarg; break;
		case OPT_LIMIT:
			if (!cli_parse_count(optarg, &limit))
				return cli_usage_error(ctx, "'%s' is not a count (a positive number)",
				                       optarg);
			break;
		case OPT_FULL: full = true; break;
		case CLI_OPT_JSON:
		case CLI_OPT_CSV:
			if ((rc = cli_format_option(ctx, c)) != CLI_EXIT_OK)
				return rc;
			break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_mail_outbox(&mails, db, to, limit)) != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	if (!full || ctx->format != CLI_FORMAT_TEXT || mails->count == 0) {
		if (to && *to)
			snprintf(empty, sizeof(empty), "No message to %s.", to);
		else
			snprintf(empty, sizeof(empty), "No messages yet.");
		rc = cli_print_listing(ctx, &mail_listing, mails->items, mails->count,
		                       sizeof(mails->items[0]), empty);
		goto done;
	}
	for (size_t i = 0; i < mails->count; i++)
		print_mail_full(&mails->items[i]);
	cli_print_count(mails->count, "message", "messages");
	rc = CLI_EXIT_OK;
done:
	ptl_mails_free(mails);
	ptl_db_close(db);
	return rc;
}

/* ---- mail deliver ----------------------------------------------------------- */

static const char deliver_usage[] =
	"usage: portail-cli mail deliver\n"
	"\n"
	"Deliver the messages not yet sent (status \"outbox\" or \"failed\") through\n"
	"the SMTP relay named by PORTAIL_SMTP_URL (such as smtp://relay.example.fr:25),\n"
	"From PORTAIL_MAIL_FROM, oldest first, and say how many went out. Without\n"
	"PORTAIL_SMTP_URL there is no relay: the messages stay in the outbox.\n"
	"Delivery stops at the first message the relay refuses; that one is marked\n"
	"\"failed\" and, like the rest, retried by the next delivery.\n"
	"\n"
	"Options:\n"
	"  --help  show this help\n"
	"\n"
	"Exit status: 0 done (or no relay configured), 2 bad command line, 3 the\n"
	"relay refused a message or the database cannot be reached.\n";

static int cmd_mail_deliver(cli_context *ctx, int argc, char **argv)
{
	ptl_mail_backlog *backlog = NULL;
	ptl_db *db = NULL;
	size_t sent = 0;
	int rc, status;

	if (!cli_parse_plain(ctx, argc, argv, NULL, 0, "", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if (!ptl_mail_relay_configured()) {
		if ((status = ptl_mail_backlog_get(&backlog, db)) != PTL_OK) {
			rc = cli_fail(status);
			goto done;
		}
		printf("No mail relay configured (PORTAIL_SMTP_URL is not set): %zu message(s)\n"
		       "stay in the outbox; see portail-cli mail outbox.\n", backlog->waiting);
		rc = CLI_EXIT_OK;
		goto done;
	}

	cli_progress_begin("Delivering messages");
	status = ptl_mail_deliver(&sent, db);
	cli_progress_end();
	printf("Sent %zu message(s) through the mail relay.\n", sent);
	if (status == PTL_OK) {
		rc = CLI_EXIT_OK;
		goto done;
	}
	fflush(stdout);
	rc = cli_fail(status);
	if (status == PTL_EUNAVAILABLE && ptl_mail_backlog_get(&backlog, db) == PTL_OK) {
		if (*backlog->last_error)
			cli_error("last delivery error: %s", backlog->last_error);
		cli_error("%zu message(s) stay queued and will be retried by the next delivery",
		          backlog->waiting);
	}
done:
	ptl_mail_backlog_free(backlog);
	ptl_db_close(db);
	return rc;
}

static const cli_command mail_commands[] = {
	{ "outbox", cmd_mail_outbox, "list the messages written to families", outbox_usage },
	{ "deliver", cmd_mail_deliver, "send the undelivered messages through PORTAIL_SMTP_URL",
	  deliver_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_mail = { "mail", mail_commands };
