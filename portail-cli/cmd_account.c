/*
 * cmd_account.c — the `account` commands, on a parent's login: issue a new
 * one-time code (`account reset-password`), give a guardian added without
 * an email a login (`account create`), change the login email (only the
 * manager can: `account set-email`), and set a password read from standard
 * input (`account set-password`, for imports and demos; never from the
 * command line, where other users could read it in the process list).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

/* The answer of a command that issued one-time code @p code for login
 * @p email (@p rc its status): {"email", "one_time_code"} with --json,
 * else a sentence ending with @p note and the code. The exit status. */
static int print_code(int rc, bool json, const char *email, const char *code, const char *note)
{
	if (rc != PTL_OK)
		return cli_fail(rc);
	if (json)
		return cli_json_print(json_pack("{s:s, s:s}", "email", email, "one_time_code", code));
	printf("New one-time code for %s%s.\n", email, note);
	cli_print_one_time_code(code);
	return CLI_EXIT_OK;
}

/* ---- account reset-password ---------------------------------------------- */

static const char reset_usage[] =
	"usage: portail-cli account reset-password EMAIL [--json]\n"
	"\n"
	"Issue a new one-time code for the login EMAIL. The old password and any\n"
	"previous code stop working, every open session of the account ends, and\n"
	"the account's login throttle is lifted (its failed attempts no longer\n"
	"hold it back), so that the parent can log in with the code at once.\n"
	"\n"
	"Options:\n"
	"  --json  print {\"email\": \"EMAIL\", \"one_time_code\": \"CODE\"}\n"
	"  --help  show this help\n";

static int cmd_account_reset_password(cli_context *ctx, int argc, char **argv)
{
	bool json = false;
	const char *email;
	ptl_db *db = NULL;
	char *code = NULL;
	int rc;

	if (!cli_parse_plain(ctx, argc, argv, &json, 1, "the login EMAIL", &rc))
		return rc;
	email = argv[optind];
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	rc = ptl_account_reset_password(&code, db, email);
	rc = print_code(rc, json, email, code, "; the old password no longer works");
	ptl_free(code);
	ptl_db_close(db);
	return rc;
}

/* ---- account create ------------------------------------------------------ */

static const char create_usage[] =
	"usage: portail-cli account create GUARDIAN EMAIL [--json]\n"
	"\n"
	"Give guardian GUARDIAN (an ID from `family show`), added without an\n"
	"email, the login EMAIL and a one-time code to log in once and choose a\n"
	"password. A guardian who already has a login keeps it: its email\n"
	"changes with `account set-email`.\n"
	"\n"
	"Options:\n"
	"  --json  print {\"email\": \"EMAIL\", \"one_time_code\": \"CODE\"}\n"
	"  --help  show this help\n";

static int cmd_account_create(cli_context *ctx, int argc, char **argv)
{
	bool json = false;
	int64_t guardian_id;
	ptl_db *db = NULL;
	char *code = NULL;
	int rc;

	if (!cli_parse_plain(ctx, argc, argv, &json, 2, "the GUARDIAN ID and the EMAIL", &rc))
		return rc;
	if (!cli_parse_id(argv[optind], &guardian_id))
		return cli_usage_error(ctx, "'%s' is not a guardian ID", argv[optind]);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = ptl_guardian_give_login(&code, db, guardian_id, argv[optind + 1]);
	rc = print_code(rc, json, argv[optind + 1], code, ", who can now log in");
	ptl_free(code);
	ptl_db_close(db);
	return rc;
}

/* ---- account set-email --------------------------------------------------- */

static const char set_email_usage[] =
	"usage: portail-cli account set-email OLD NEW\n"
	"\n"
	"Change the email a parent logs in with from OLD to NEW. Parents cannot\n"
	"change it themselves. The password stays the same.\n"
	"\n"
	"Options:\n"
	"  --help  show this help\n";

static int cmd_account_set_email(cli_context *ctx, int argc, char **argv)
{
	const char *old_email, *new_email;
	ptl_db *db = NULL;
	int rc;

	if (!cli_parse_plain(ctx, argc, argv, NULL, 2, "the OLD and NEW emails", &rc))
		return rc;
	old_email = argv[optind];
	new_email = argv[optind + 1];
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_account_set_email(db, old_email, new_email)) != PTL_OK) {
		rc = cli_fail(rc);
	} else {
		printf("Login changed from %s to %s.\n", old_email, new_email);
		rc = CLI_EXIT_OK;
	}
	ptl_db_close(db);
	return rc;
}

/* ---- account set-password ------------------------------------------------ */

static const char set_password_usage[] =
	"usage: portail-cli account set-password EMAIL < password-file\n"
	"\n"
	"Set the password of the login EMAIL, read as one line from standard input\n"
	"(never from the command line, where it would show in the process list).\n"
	"For imports and demonstrations; parents choose their own password after\n"
	"logging in with a one-time code.\n"
	"\n"
	"Options:\n"
	"  --help  show this help\n";

/* Read one line from standard input without its line ending; on a terminal,
 * prompt and do not echo. NULL at end of input without any text. */
static char *read_password_line(void)
{
	struct termios saved, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;

	if (tty) {
		fprintf(stderr, "Password: ");
		fflush(stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	len = getline(&line, &size, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (len < 0) {
		free(line);
		return NULL;
	}
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	return line;
}

static int cmd_account_set_password(cli_context *ctx, int argc, char **argv)
{
	const char *email;
	ptl_db *db = NULL;
	char *password;
	int rc;

	if (!cli_parse_plain(ctx, argc, argv, NULL, 1, "the login EMAIL", &rc))
		return rc;
	email = argv[optind];
	if (!(password = read_password_line()))
		return cli_usage_error(ctx, "no password on standard input");
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		goto done;

	if ((rc = ptl_account_set_password(db, email, password)) != PTL_OK) {
		rc = cli_fail(rc);
	} else {
		printf("Password set for %s.\n", email);
		rc = CLI_EXIT_OK;
	}
done:
	explicit_bzero(password, strlen(password));
	free(password);
	ptl_db_close(db);
	return rc;
}

static const cli_command account_commands[] = {
	{ "create", cmd_account_create, "give a guardian without a login one", create_usage },
	{ "reset-password", cmd_account_reset_password, "issue a new one-time code for a login",
	  reset_usage },
	{ "set-email", cmd_account_set_email, "change the email a parent logs in with",
	  set_email_usage },
	{ "set-password", cmd_account_set_password,
	  "set a login's password, read from standard input", set_password_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_account = { "account", account_commands };
