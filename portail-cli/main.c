/*
 * main.c — the entry point of portail-cli, the manager's tool: reads the
 * global options (--db, --help, --version), finds `<noun> <verb>` in the
 * table of commands below and runs it. Adding a command is one line in the
 * table and one function in the noun's file (cmd_<noun>.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
	{ "db", "migrate", cmd_db_migrate, "apply the database migrations not yet applied" },
	{ "db", "status", cmd_db_status, "show the schema version and the migrations still to apply" },
	{ "family", "create", cmd_family_create, "create a family, its first guardian and their login" },
	{ "family", "list", cmd_family_list, "list the families, optionally matching a text" },
	{ "family", "show", cmd_family_show, "show a family with its guardians and children" },
	{ "account", "reset-password", cmd_account_reset_password, "issue a new one-time code for a login" },
	{ "account", "set-email", cmd_account_set_email, "change the email a parent logs in with" },
	{ "account", "set-password", cmd_account_set_password, "set a login's password, read from standard input" },
	{ "demo", "load", cmd_demo_load, "load the demonstration data set (once)" },
	{ "queue", "list", cmd_queue_list, "list the requests of the validation queue, with filters" },
	{ "queue", "show", cmd_queue_show, "show a request and the change it proposes" },
	{ "queue", "accept", cmd_queue_accept, "accept requests by id, or every pending one matching filters" },
	{ "queue", "refuse", cmd_queue_refuse, "refuse requests by id, or every pending one matching filters" },
	{ "queue", "settings", cmd_queue_settings, "show or set which kinds of request wait for validation" },
	{ "mail", "outbox", cmd_mail_outbox, "list the messages written to families" },
	{ "mail", "deliver", cmd_mail_deliver, "send the undelivered messages through PORTAIL_SMTP_URL" },
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static const char usage_head[] =
	"usage: portail-cli [--db CONNINFO] <noun> <verb> [options]\n"
	"       portail-cli <noun> <verb> --help\n"
	"       portail-cli [<noun>] --help | --version\n";

static const char global_options[] =
	"Global options (before the noun):\n"
	"  --db CONNINFO  the database, as a libpq connection string\n"
	"                 (default: the PORTAIL_DB environment variable)\n"
	"  --help         show this help\n"
	"  --version      show the version\n";

static const char exit_statuses[] =
	"Exit status: 0 done, 1 refused (invalid input, not found, already exists),\n"
	"2 bad command line, 3 system error (database unreachable).\n";

static bool noun_exists(const char *noun)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].noun, noun) == 0)
			return true;
	return false;
}

/* The commands of @p noun (NULL: all), one per line, summaries aligned. */
static void list_commands(FILE *out, const char *noun)
{
	int width = 0;

	for (size_t i = 0; i < COMMAND_COUNT; i++) {
		int w = (int)(strlen(commands[i].noun) + 1 + strlen(commands[i].verb));
		if ((!noun || strcmp(commands[i].noun, noun) == 0) && w > width)
			width = w;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++) {
		char name[64];

		if (noun && strcmp(commands[i].noun, noun) != 0)
			continue;
		snprintf(name, sizeof(name), "%s %s", commands[i].noun, commands[i].verb);
		fprintf(out, "  %-*s  %s\n", width, name, commands[i].summary);
	}
}

static void print_usage(FILE *out)
{
	fprintf(out, "%s\nThe manager's tool of Portail Famille.\n\n%s\nCommands:\n",
	        usage_head, global_options);
	list_commands(out, NULL);
	fprintf(out, "\n%s", exit_statuses);
}

static void print_noun_usage(FILE *out, const char *noun)
{
	fprintf(out, "usage: portail-cli %s <verb> [options]\n"
	        "       portail-cli %s <verb> --help\n\nCommands:\n", noun, noun);
	list_commands(out, noun);
}

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	cli_context ctx = { 0 };
	const char *noun, *verb;
	int c;

	argv[0] = (char *)CLI_PROGRAM;
	/* "+": stop at the noun; what follows belongs to the command. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.conninfo = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return CLI_EXIT_OK;
		case 'V':
			printf("%s %s\n", CLI_PROGRAM, PTL_VERSION_STRING);
			return CLI_EXIT_OK;
		default:
			print_usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("no command given");
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	noun = argv[optind];
	if (!noun_exists(noun)) {
		cli_error("unknown command '%s'", noun);
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (optind + 1 >= argc) {
		cli_error("'%s' needs a verb", noun);
		print_noun_usage(stderr, noun);
		return CLI_EXIT_USAGE;
	}
	verb = argv[optind + 1];
	if (is_help(verb)) {
		print_noun_usage(stdout, noun);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++) {
		if (strcmp(commands[i].noun, noun) != 0 || strcmp(commands[i].verb, verb) != 0)
			continue;
		ctx.command = &commands[i];
		snprintf(ctx.name, sizeof(ctx.name), "%s %s %s", CLI_PROGRAM, noun, verb);
		/* The command sees argv[0] = its full name, then its own arguments. */
		argv[optind + 1] = ctx.name;
		return commands[i].run(&ctx, argc - optind - 1, argv + optind + 1);
	}
	cli_error("unknown command '%s %s'", noun, verb);
	print_noun_usage(stderr, noun);
	return CLI_EXIT_USAGE;
}
