/*
 * cli.h — what the parts of portail-cli share: the command table's types,
 * the context a command runs in, the command-line helpers of args.c (usage
 * texts, options, operands, option values, the database connection), the
 * output helpers of output.c (errors and exit codes, JSON, tables, progress)
 * and the whole of a "show ID [--json]" command (show.c).
 *
 * A command is a function `int cmd_<noun>_<verb>(cli_context *, argc, argv)`
 * listed in the table of main.c. It parses its options with getopt_long
 * (or cli_parse_plain when it only has --help and --json), fills a struct,
 * makes one library call (or a few) and renders the result.
 * It returns the process's exit status (enum cli_exit). argv[0] is the
 * command's full name ("portail-cli family create"), so that getopt's own
 * messages name it.
 */
#ifndef PORTAIL_CLI_H
#define PORTAIL_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <portail/portail.h>
#include <portail-json/portail-json.h>

#define CLI_PROGRAM "portail-cli"

/** Exit statuses, the same for every command. */
enum cli_exit {
	CLI_EXIT_OK = 0,       /**< done */
	CLI_EXIT_REFUSED = 1,  /**< the library refused: a rule, not found, exists */
	CLI_EXIT_USAGE = 2,    /**< bad command line */
	CLI_EXIT_SYSTEM = 3,   /**< database unreachable, unexpected failure */
};

typedef struct cli_context cli_context;

typedef int (*cli_command_fn)(cli_context *ctx, int argc, char **argv);

/** One entry of the command table. */
typedef struct cli_command {
	const char *noun;
	const char *verb;
	cli_command_fn run;
	const char *summary;  /**< one line, lower case, no final period */
} cli_command;

struct cli_context {
	const char *conninfo;           /**< --db, or NULL for PORTAIL_DB */
	const cli_command *command;     /**< the command being run */
	char name[96];                  /**< "portail-cli <noun> <verb>" */
	const char *usage;              /**< the running command's usage text */
};

/* The commands, one file per noun. */
int cmd_db_migrate(cli_context *ctx, int argc, char **argv);
int cmd_db_status(cli_context *ctx, int argc, char **argv);
int cmd_family_create(cli_context *ctx, int argc, char **argv);
int cmd_family_list(cli_context *ctx, int argc, char **argv);
int cmd_family_show(cli_context *ctx, int argc, char **argv);
int cmd_account_reset_password(cli_context *ctx, int argc, char **argv);
int cmd_account_set_email(cli_context *ctx, int argc, char **argv);
int cmd_account_set_password(cli_context *ctx, int argc, char **argv);
int cmd_demo_load(cli_context *ctx, int argc, char **argv);
int cmd_queue_list(cli_context *ctx, int argc, char **argv);
int cmd_queue_show(cli_context *ctx, int argc, char **argv);
int cmd_queue_accept(cli_context *ctx, int argc, char **argv);
int cmd_queue_refuse(cli_context *ctx, int argc, char **argv);
int cmd_queue_settings(cli_context *ctx, int argc, char **argv);
int cmd_mail_outbox(cli_context *ctx, int argc, char **argv);
int cmd_mail_deliver(cli_context *ctx, int argc, char **argv);

/* ---- args.c: the command line and the database -------------------------- */

/** Prepare getopt_long for a command's arguments and remember @p usage. */
void cli_getopt_begin(cli_context *ctx, const char *usage);

/** --help: print the command's usage on stdout; returns CLI_EXIT_OK. */
int cli_help(const cli_context *ctx);

/** Bad usage: print "portail-cli: <message>" (if @p fmt is not NULL) and
 *  the command's usage on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_context *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Check that exactly @p count operands remain after the options
 *  (argv[optind..]); prints a usage error otherwise.
 *  @return CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_expect_operands(const cli_context *ctx, int argc, char **argv, int count,
                        const char *what);

/** Read a plain command line: the options --help and, when @p json is not
 *  NULL, --json (which sets *json), then exactly @p count operands, from
 *  argv[optind], named @p what when missing.
 *  @return true to go on; false when the command is over (--help shown, or
 *  a usage error), *rc then being its exit status. */
bool cli_parse_plain(cli_context *ctx, int argc, char **argv, const char *usage, bool *json,
                     int count, const char *what, int *rc);

/** Parse a positive integer identifier; false if @p text is not one. */
bool cli_parse_id(const char *text, int64_t *out);

/** Parse a count of at least 1 (for --limit); false if @p text is not one. */
bool cli_parse_count(const char *text, size_t *out);

/** Parse a duration written as a number and a unit, d (days), h (hours),
 *  m (minutes) or s (seconds), or a sum of them ("2d", "12h", "1d12h"),
 *  into seconds; false if @p text is not one. */
bool cli_parse_duration(const char *text, int64_t *out);

/** The name a manager processes requests under: @p given (--as) when not
 *  NULL, else $USER when set, else "manager". Borrowed. */
const char *cli_manager_name(const char *given);

/** Connect to the database of --db or PORTAIL_DB. On failure prints the
 *  error and returns the exit status (2 when no database is given, 3 when
 *  it cannot be reached); *out is then NULL. */
int cli_db_open(const cli_context *ctx, ptl_db **out);

/* ---- output.c: errors, JSON, tables ------------------------------------- */

/** The exit status for a library status: PTL_OK → 0; PTL_ERROR and
 *  PTL_EUNAVAILABLE → 3; any other failure → 1. */
int cli_exit_code(int status);

/** Print the calling thread's last library error to stderr as
 *  "portail-cli: <message> (field: <field>)" and return the exit status
 *  for @p status. */
int cli_fail(int status);

/** Print "portail-cli: <message>" to stderr (printf-style); no exit code. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** cli_error() with its arguments as a va_list. */
void cli_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/** Print "portail-cli: out of memory"; returns CLI_EXIT_SYSTEM. */
int cli_out_of_memory(void);

/** Print a new one-time code and what the parent is to do with it. */
void cli_print_one_time_code(const char *code);

/** Print the closing line of a listing: "1 @p one." or "N @p many.". */
void cli_print_count(size_t count, const char *one, const char *many);

/** Print @p value as indented JSON and a newline on stdout, then release
 *  it (steals the reference). @return CLI_EXIT_OK or CLI_EXIT_SYSTEM. */
int cli_json_print(json_t *value);

/** Renders one item of a library list (a family, a request...) as JSON. */
typedef json_t *(*cli_json_fn)(const void *item);

/** A JSON array of the @p count items of @p size bytes at @p items, each
 *  rendered by @p to_json; NULL when out of memory (new reference). */
json_t *cli_json_array(const void *items, size_t count, size_t size, cli_json_fn to_json);

/** Write @p t as "YYYY-MM-DD hh:mm" (UTC) into @p buf, for tables. */
void cli_format_minute(char buf[17], ptl_time t);

/** Show "@p what..." on stderr while something runs, when stderr is a
 *  terminal; cli_progress_end() erases it. Nothing at all otherwise. */
void cli_progress_begin(const char *what);
void cli_progress_end(void);

/** A text table with aligned columns (widths counted in characters of
 *  UTF-8 text), printed on stdout. */
typedef struct cli_table cli_table;

cli_table *cli_table_new(size_t columns, const char *const *headers);
/** Add a row of @p columns cells (copied); false when out of memory. */
bool cli_table_add(cli_table *table, const char *const *cells);
void cli_table_print(const cli_table *table);
void cli_table_free(cli_table *table);

/** Adds the row of one item (a family, a request...) to @p table; false
 *  when out of memory. */
typedef bool (*cli_row_fn)(cli_table *table, const void *item);

/** Print the @p count items of @p size bytes at @p items as a table of
 *  @p columns with @p headers, a row each made by @p row.
 *  @return CLI_EXIT_OK, or CLI_EXIT_SYSTEM when out of memory. */
int cli_table_print_items(size_t columns, const char *const *headers, const void *items,
                          size_t count, size_t size, cli_row_fn row);

/** Columns of text joined with @p sep, newly allocated (NULL: out of memory). */
char *cli_join(const char *const *parts, size_t count, const char *sep);

/* ---- show.c: "<noun> show ID [--json]" ---------------------------------- */

/** Fetch item @p id, print it with cli_show_item() and release it; returns
 *  the exit status. */
typedef int (*cli_show_fn)(ptl_db *db, int64_t id, bool json);

/** Run a show command: read its command line (ID, --json, --help) with
 *  @p usage, the ID being that of a @p what ("family": "the family ID",
 *  "not a family ID"), open the database and call @p show.
 *  @return the exit status. */
int cli_show_by_id(cli_context *ctx, int argc, char **argv, const char *usage,
                   const char *what, cli_show_fn show);

/** Report a failed fetch (@p status, a library status), or print @p item
 *  as JSON through @p to_json or as text through @p print.
 *  @return the exit status. */
int cli_show_item(int status, bool json, const void *item, cli_json_fn to_json,
                  void (*print)(const void *item));

#endif
