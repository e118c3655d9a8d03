/*
 * main.c — the entry point of portail-cli, the manager's tool: reads the
 * global options (--db, --help, --version), finds the noun in the list
 * below and the verb in that noun's table of commands, and runs it. Adding
 * a command is one function and one line in its noun's table, at the end
 * of cmd_<noun>.c; adding a noun, one file and one line below.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The nouns, in the order of --help; each file cmd_<noun>.c holds its table. */
static const cli_noun *const nouns[] = {
	&cli_noun_db, &cli_noun_family, &cli_noun_account, &cli_noun_demo, &cli_noun_queue,
	&cli_noun_mail, &cli_noun_structure, &cli_noun_enrolment, &cli_noun_document,
	&cli_noun_catalogue,
	&cli_noun_reservation, &cli_noun_period, &cli_noun_attestation,
	&cli_noun_week,
};

#define NOUN_COUNT (sizeof(nouns) / sizeof(nouns[0]))

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

static const cli_noun *find_noun(const char *name)
{
	for (size_t i = 0; i < NOUN_COUNT; i++)
		if (strcmp(nouns[i]->name, name) == 0)
			return nouns[i];
	return NULL;
}

/* The commands of @p noun (NULL: all), one per line, summaries aligned. */
static void list_commands(FILE *out, const cli_noun *noun)
{
	int width = 0;

	for (size_t n = 0; n < NOUN_COUNT; n++)
		for (const cli_command *c = nouns[n]->commands; c->verb; c++) {
			int w = (int)(strlen(nouns[n]->name) + 1 + strlen(c->verb));
			if ((!noun || noun == nouns[n]) && w > width)
				width = w;
		}
	for (size_t n = 0; n < NOUN_COUNT; n++) {
		if (noun && noun != nouns[n])
			continue;
		for (const cli_command *c = nouns[n]->commands; c->verb; c++) {
			char name[64];

			snprintf(name, sizeof(name), "%s %s", nouns[n]->name, c->verb);
			fprintf(out, "  %-*s  %s\n", width, name, c->summary);
		}
	}
}

static void print_usage(FILE *out)
{
	fprintf(out, "%s\nThe manager's tool of Portail Famille.\n\n%s\nCommands:\n",
	        usage_head, global_options);
	list_commands(out, NULL);
	fprintf(out, "\n%s", exit_statuses);
}

static void print_noun_usage(FILE *out, const cli_noun *noun)
{
	fprintf(out, "usage: portail-cli %s <verb> [options]\n"
	        "       portail-cli %s <verb> --help\n\nCommands:\n", noun->name, noun->name);
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
	const cli_noun *noun;
	const char *verb;
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
	noun = find_noun(argv[optind]);
	if (!noun) {
		cli_error("unknown command '%s'", argv[optind]);
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (optind + 1 >= argc) {
		cli_error("'%s' needs a verb", noun->name);
		print_noun_usage(stderr, noun);
		return CLI_EXIT_USAGE;
	}
	verb = argv[optind + 1];
	if (is_help(verb)) {
		print_noun_usage(stdout, noun);
		return CLI_EXIT_OK;
	}
	for (const cli_command *command = noun->commands; command->verb; command++) {
		if (strcmp(command->verb, verb) != 0)
			continue;
		ctx.command = command;
		snprintf(ctx.name, sizeof(ctx.name), "%s %s %s", CLI_PROGRAM, noun->name, verb);
		/* The command sees argv[0] = its full name, then its own arguments. */
		argv[optind + 1] = ctx.name;
		return command->run(&ctx, argc - optind - 1, argv + optind + 1);
	}
	cli_error("unknown command '%s %s'", noun->name, verb);
	print_noun_usage(stderr, noun);
	return CLI_EXIT_USAGE;
}
