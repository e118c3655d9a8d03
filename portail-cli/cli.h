/*
 * cli.h — what the parts of portail-cli share: the command table's types,
 * the context a command runs in, the command-line helpers of args.c (usage
 * texts, options, operands, option values, the database connection), the
 * output helpers of output.c (errors and exit codes, JSON, tables, the one
 * printer of listings in text, JSON and CSV, progress)
 * and the whole of a "show ID [--json]" command (show.c).
 *
 * A command is a function `cmd_<noun>_<verb>(cli_context *, argc, argv)`
 * listed, with its summary and usage, in its noun's table at the end of
 * cmd_<noun>.c; main.c walks the nouns. It parses its options with getopt_long
 * (or cli_parse_plain when it only has --help and --json), fills a struct,
 * makes one library call (or a few) and renders the result.
 * It returns the process's exit status (enum cli_exit). argv[0] is the
 * command's full name ("portail-cli family create"), so that getopt's own
 * messages name it.
 */
#ifndef PORTAIL_CLI_H
#define PORTAIL_CLI_H

#include <getopt.h>
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

/** One command of a noun's table. */
typedef struct cli_command {
	const char *verb;
	cli_command_fn run;
	const char *summary;  /**< one line, lower case, no final period */
	const char *usage;    /**< the whole --help text, from "usage: portail-cli ..." */
} cli_command;

/** A noun and the table of its commands, ended by an entry without verb.
 *  Each cmd_<noun>.c defines its own; main.c lists the nouns. Adding a
 *  command is one function and one line in its noun's table. */
typedef struct cli_noun {
	const char *name;
	const cli_command *commands;
} cli_noun;

extern const cli_noun cli_noun_db;
extern const cli_noun cli_noun_family;
extern const cli_noun cli_noun_account;
extern const cli_noun cli_noun_demo;
extern const cli_noun cli_noun_queue;
extern const cli_noun cli_noun_mail;
extern const cli_noun cli_noun_structure;
extern const cli_noun cli_noun_enrolment;
extern const cli_noun cli_noun_document;
extern const cli_noun cli_noun_catalogue;
extern const cli_noun cli_noun_reservation;
extern const cli_noun cli_noun_period;
extern const cli_noun cli_noun_attestation;
extern const cli_noun cli_noun_week;

/** How a command prints what it shows: text for the manager, or --json,
 *  or --csv (listings). */
typedef enum cli_format {
	CLI_FORMAT_TEXT = 0,
	CLI_FORMAT_JSON,
	CLI_FORMAT_CSV,
} cli_format;

struct cli_context {
	const char *conninfo;           /**< --db, or NULL for PORTAIL_DB */
	const cli_command *command;     /**< the command being run (its usage...) */
	char name[96];                  /**< "portail-cli <noun> <verb>" */
	cli_format format;              /**< chosen by --json or --csv */
};

/* ---- args.c: the command line and the database -------------------------- */

/** Prepare getopt_long for a command's arguments. */
void cli_getopt_begin(cli_context *ctx);

/** The getopt_long entries of --json and --csv, and what they return. */
enum { CLI_OPT_JSON = 0x1000, CLI_OPT_CSV };
#define CLI_FORMAT_OPTIONS \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "csv", no_argument, NULL, CLI_OPT_CSV }

/** Take --json or --csv (@p c, as getopt_long returned it) into
 *  ctx->format; a usage error when the other one was given too.
 *  @return CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_format_option(cli_context *ctx, int c);

/** --help: print the command's usage (from its table) on stdout; returns
 *  CLI_EXIT_OK. */
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
bool cli_parse_plain(cli_context *ctx, int argc, char **argv, bool *json, int count,
                     const char *what, int *rc);

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

/** Read the whole of file @p path ("-": standard input, at most 16 MB)
 *  into *out, NUL-terminated (caller frees), its length in *len_out (may be
 *  NULL). Prints why it cannot. @return CLI_EXIT_OK or CLI_EXIT_REFUSED. */
int cli_read_file(const char *path, char **out, size_t *len_out);

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

/** Renders one item of a library list (a family, a request...) as JSON,
 *  through libportail-json (new reference). */
typedef json_t *(*cli_json_fn)(const void *item);

/** Write @p t as "YYYY-MM-DD hh:mm" (UTC) into @p buf, for tables. */
void cli_format_minute(char buf[17], ptl_time t);

/** Show "@p what..." on stderr while something runs, when stderr is a
 *  terminal; cli_progress_end() erases it. Nothing at all otherwise. */
void cli_progress_begin(const char *what);
void cli_progress_end(void);

/** Draw "@p what [#####.....] done/total" on stderr, in place, when stderr
 *  is a terminal (nothing otherwise); cli_progress_end() erases it. */
void cli_progress_bar(const char *what, size_t done, size_t total);

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

/** How a listing shows its items: the columns of its table (and of its CSV),
 *  a row each, the item as JSON, and the closing count line. */
typedef struct cli_listing {
	size_t columns;
	const char *const *headers;  /**< @p columns headers, "ID", "NAME"... */
	cli_row_fn row;
	cli_json_fn to_json;
	const char *one, *many;      /**< "1 family." / "N families."; NULL: no line */
} cli_listing;

/** The one printer of listings: the @p count items of @p size bytes at
 *  @p items, in ctx->format:
 *   - text: an aligned table and the count line, or the line @p empty
 *     when there is no item;
 *   - JSON: an array of the items' representations;
 *   - CSV (RFC 4180): a header row, then a row per item; UTF-8, CRLF line
 *     ends, fields with a comma, a quote or a line break quoted, quotes
 *     doubled.
 *  @return CLI_EXIT_OK, or CLI_EXIT_SYSTEM (out of memory, cannot write). */
int cli_print_listing(const cli_context *ctx, const cli_listing *how, const void *items,
                      size_t count, size_t size, const char *empty);

/** Columns of text joined with @p sep, newly allocated (NULL: out of memory). */
char *cli_join(const char *const *parts, size_t count, const char *sep);

/* ---- show.c: "<noun> show ID [--json]" ---------------------------------- */

/** Fetch item @p id, print it with cli_show_item() and release it; returns
 *  the exit status. */
typedef int (*cli_show_fn)(ptl_db *db, int64_t id, bool json);

/** Run a show command: read its command line (ID, --json, --help), the
 *  ID being that of a @p what ("family": "the family ID", "not a family
 *  ID"), open the database and call @p show.
 *  @return the exit status. */
int cli_show_by_id(cli_context *ctx, int argc, char **argv, const char *what,
                   cli_show_fn show);

/** Report a failed fetch (@p status, a library status), or print @p item
 *  as JSON through @p to_json or as text through @p print.
 *  @return the exit status. */
int cli_show_item(int status, bool json, const void *item, cli_json_fn to_json,
                  void (*print)(const void *item));

#endif
