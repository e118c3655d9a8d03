/*
 * cmd_family.c — the `family` commands: create a family with its first
 * guardian and login (`family create`), list families (`family list`, as
 * a table, JSON or CSV) and show one (`family show`), as text for the
 * manager or as JSON for scripts (libportail-json's representation); add,
 * change and remove a family's other guardians (`family add-guardian`,
 * `edit-guardian`, `remove-guardian`).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The family as scripts see it: libportail-json's, with the managers' fields. */
static json_t *family_json(const void *item)
{
	return ptl_json_family(item, PTL_JSON_MANAGER);
}

/* ---- family create ------------------------------------------------------- */

static const char create_usage[] =
	"usage: portail-cli family create --first-name F --last-name L --email E\n"
	"                                 [--family-name NAME] [--phone P] [--address A]\n"
	"                                 [--postcode C] [--city X] [--json]\n"
	"\n"
	"Create a family, its first guardian (responsable légal) and that guardian's\n"
	"login, and print a one-time code to hand to the parent. The parent logs in\n"
	"once with the code, then chooses a password.\n"
	"\n"
	"Options:\n"
	"  --family-name NAME  the family's name (default: the guardian's last name)\n"
	"  --first-name F      the guardian's first name\n"
	"  --last-name L       the guardian's last name\n"
	"  --email E           the guardian's email, their login\n"
	"  --phone P           a French phone number\n"
	"  --address A         the street line of the address\n"
	"  --postcode C        the five-digit postcode\n"
	"  --city X            the town\n"
	"  --json              print {\"family_id\": ID, \"one_time_code\": \"CODE\"}\n"
	"  --help              show this help\n";

static int cmd_family_create(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_FAMILY = 256, OPT_FIRST, OPT_LAST, OPT_EMAIL, OPT_PHONE, OPT_ADDRESS,
	       OPT_POSTCODE, OPT_CITY, OPT_JSON };
	static const struct option options[] = {
		{ "family-name", required_argument, NULL, OPT_FAMILY },
		{ "first-name", required_argument, NULL, OPT_FIRST },
		{ "last-name", required_argument, NULL, OPT_LAST },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "phone", required_argument, NULL, OPT_PHONE },
		{ "address", required_argument, NULL, OPT_ADDRESS },
		{ "postcode", required_argument, NULL, OPT_POSTCODE },
		{ "city", required_argument, NULL, OPT_CITY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	bool json = false;
	ptl_db *db = NULL;
	ptl_family *family = NULL;
	int64_t family_id = 0;
	char *code = NULL;
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_FAMILY: in.family_name = optarg; break;
		case OPT_FIRST: in.first_name = optarg; break;
		case OPT_LAST: in.last_name = optarg; break;
		case OPT_EMAIL: in.email = optarg; break;
		case OPT_PHONE: in.phone = optarg; break;
		case OPT_ADDRESS: in.address = optarg; break;
		case OPT_POSTCODE: in.postcode = optarg; break;
		case OPT_CITY: in.city = optarg; break;
		case OPT_JSON: json = true; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, "")) != CLI_EXIT_OK)
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_family_create(&family_id, &code, db, &in)) != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	if (json) {
		rc = cli_json_print(json_pack("{s:I, s:s}", "family_id", (json_int_t)family_id,
		                              "one_time_code", code));
		goto done;
	}
	/* The name the library settled on (the default is its rule, not ours). */
	if (ptl_family_get(&family, db, family_id) == PTL_OK)
		printf("Created family %lld (%s).\n", (long long)family_id, family->name);
	else
		printf("Created family %lld.\n", (long long)family_id);
	cli_print_one_time_code(code);
	rc = CLI_EXIT_OK;
done:
	ptl_free(code);
	ptl_family_free(family);
	ptl_db_close(db);
	return rc;
}

/* ---- family list --------------------------------------------------------- */

static const char list_usage[] =
	"usage: portail-cli family list [--search TEXT] [--json | --csv]\n"
	"\n"
	"List the families by name: id, name, every guardian and the number of\n"
	"children. A guardian with a login shows as its email (\"(login inactive)\"\n"
	"while it waits for the service's validation), one without as their name\n"
	"and \"(no login)\".\n"
	"\n"
	"Options:\n"
	"  --search TEXT  only families whose name, or a guardian's name or email,\n"
	"                 contains TEXT (case-insensitive)\n"
	"  --json         print an array of families with their guardians and children\n"
	"  --csv          print the table as CSV (RFC 4180), for a spreadsheet\n"
	"  --help         show this help\n";

/* One guardian in the GUARDIANS column: the login email, "(login
 * inactive)" after it while the login waits for the service; the name and
 * "(no login)" for a guardian without one. */
static char *guardian_cell(const ptl_guardian *g)
{
	const char *parts[] = { g->first_name, " ", g->last_name, " (no login)" };

	if (!g->has_login)
		return cli_join(parts, 4, "");
	if (!g->login_active)
		return cli_join((const char *const[]){ g->email, " (login inactive)" }, 2, "");
	return cli_join((const char *const[]){ g->email }, 1, "");
}

static bool family_row(cli_table *table, const void *item)
{
	const ptl_family *f = item;
	char **cells = calloc(f->guardian_count + 1, sizeof(*cells));
	char id[24], children[24], *joined = NULL;
	bool added = false;
	size_t n = 0;

	if (!cells)
		return false;
	while (n < f->guardian_count && (cells[n] = guardian_cell(&f->guardians[n])))
		n++;
	if (n == f->guardian_count)
		joined = cli_join((const char *const *)cells, n, ", ");
	if (joined) {
		snprintf(id, sizeof(id), "%lld", (long long)f->id);
		snprintf(children, sizeof(children), "%zu", f->child_count);
		added = cli_table_add(table, (const char *const[]){ id, f->name, joined, children });
	}
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
	free(joined);
	return added;
}

static const char *const list_headers[] = { "ID", "NAME", "GUARDIANS", "CHILDREN" };

static const cli_listing family_listing = {
	4, list_headers, family_row, family_json, "family", "families",
};

static int cmd_family_list(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "search", required_argument, NULL, 's' },
		CLI_FORMAT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *search = NULL;
	ptl_db *db = NULL;
	ptl_families *list = NULL;
	char empty[160];
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 's': search = optarg; break;
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

	cli_progress_begin("Loading families");
	rc = ptl_family_list(&list, db, search);
	cli_progress_end();
	if (rc != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	if (search && *search)
		snprintf(empty, sizeof(empty), "No family matches \"%s\".", search);
	else
		snprintf(empty, sizeof(empty), "No families yet.");
	rc = cli_print_listing(ctx, &family_listing, list->items, list->count,
	                       sizeof(list->items[0]), empty);
done:
	ptl_families_free(list);
	ptl_db_close(db);
	return rc;
}

/* ---- family show --------------------------------------------------------- */

static const char show_usage[] =
	"usage: portail-cli family show ID [--json]\n"
	"\n"
	"Show a family: its guardians with their relationship to the children,\n"
	"contact details and login (none, active, or inactive while it waits for\n"
	"the service's validation), and its children.\n"
	"\n"
	"Options:\n"
	"  --json  print the family as a JSON object\n"
	"  --help  show this help\n";

static void print_contact(const char *label, const char *value)
{
	if (value && *value)
		printf("    %-14s %s\n", label, value);
}

/* The French label of a relationship, from the field table ("" for none). */
static const char *relationship_label(const char *value)
{
	const ptl_field *f = ptl_field_find("guardian", "relationship");

	for (size_t i = 0; f && value && i < f->value_count; i++)
		if (strcmp(f->values[i].value, value) == 0)
			return f->values[i].label_fr;
	return value;
}

static void print_family(const void *item)
{
	const ptl_family *f = item;
	char created[21], updated[21];

	ptl_time_format(created, f->created_at);
	ptl_time_format(updated, f->updated_at);
	printf("Family %lld: %s\n", (long long)f->id, f->name);
	printf("  created %s, updated %s\n", created, updated);

	printf("\nGuardians (%zu):\n", f->guardian_count);
	for (size_t i = 0; i < f->guardian_count; i++) {
		const ptl_guardian *g = &f->guardians[i];
		char place[256];

		printf("  %s %s (guardian %lld)\n", g->first_name, g->last_name, (long long)g->id);
		print_contact("relationship:", relationship_label(g->relationship));
		print_contact("email:", *g->email ? g->email : "(none)");
		print_contact("login:", !g->has_login ? "none"
		              : g->login_active ? "active" : "inactive (waits for validation)");
		print_contact("phone:", g->phone);
		print_contact("mobile:", g->mobile_phone);
		print_contact("work:", g->work_phone);
		print_contact("address:", g->address);
		snprintf(place, sizeof(place), "%s%s%s", g->postcode,
		         *g->postcode && *g->city ? " " : "", g->city);
		print_contact("", place);
		print_contact("employer:", g->employer);
		snprintf(place, sizeof(place), "%s%s%s",
		         g->notify_by_email ? "email" : "",
		         g->notify_by_email && g->notify_by_sms ? ", " : "",
		         g->notify_by_sms ? "text message" : "");
		print_contact("notify:", *place ? place : "no notifications");
	}

	printf("\nChildren (%zu):\n", f->child_count);
	if (f->child_count == 0)
		printf("  none\n");
	for (size_t i = 0; i < f->child_count; i++) {
		const ptl_child *c = &f->children[i];
		char born[11];

		ptl_day_format(born, c->birth_date);
		printf("  %s %s, born %s (child %lld)\n", c->first_name, c->last_name, born,
		       (long long)c->id);
		print_contact("sex:", c->sex);
		print_contact("school:", c->school);
		print_contact("level:", c->school_level);
		print_contact("allergies/PAI:", c->allergies);
		print_contact("diet:", c->diet);
		print_contact("doctor:", c->doctor);
		print_contact("pick-up:", c->authorized_pickup);
	}
}

static int show_family(ptl_db *db, int64_t id, bool json)
{
	ptl_family *family = NULL;
	int rc = ptl_family_get(&family, db, id);

	rc = cli_show_item(rc, json, family, family_json, print_family);
	ptl_family_free(family);
	return rc;
}

static int cmd_family_show(cli_context *ctx, int argc, char **argv)
{
	return cli_show_by_id(ctx, argc, argv, "family", show_family);
}

/* ---- family add-guardian / edit-guardian / remove-guardian ------------- */

#define GUARDIAN_DETAILS_HELP \
	"  --first-name F       first name\n" \
	"  --last-name L        last name\n" \
	"  --relationship R     to the children: mere, pere, tuteur, tutrice or autre\n" \
	"  --phone P            a French phone number\n" \
	"  --mobile-phone P     a French mobile number\n" \
	"  --work-phone P       a French work number\n" \
	"  --address A          the street line of the address\n" \
	"  --postcode C         the five-digit postcode\n" \
	"  --city X             the town\n" \
	"  --employer E         the employer\n"

static const char add_guardian_usage[] =
	"usage: portail-cli family add-guardian FAMILY --first-name F --last-name L\n"
	"                                       [--relationship R] [--email E] [--phone P]\n"
	"                                       [--mobile-phone P] [--work-phone P]\n"
	"                                       [--address A] [--postcode C] [--city X]\n"
	"                                       [--employer E] [--json]\n"
	"\n"
	"Add a guardian (responsable légal) to family FAMILY, e.g. the other parent.\n"
	"With --email the guardian gets a login: a one-time code is printed, to hand\n"
	"to them; they log in once with it, then choose a password.\n"
	"\n"
	"Options:\n"
	GUARDIAN_DETAILS_HELP
	"  --email E            their email, which becomes their login (optional)\n"
	"  --json               print {\"guardian_id\": ID, \"one_time_code\": \"CODE\" or null}\n"
	"  --help               show this help\n";

static const char edit_guardian_usage[] =
	"usage: portail-cli family edit-guardian GUARDIAN [--first-name F] [--last-name L]\n"
	"                                        [--relationship R] [--phone P]\n"
	"                                        [--mobile-phone P] [--work-phone P]\n"
	"                                        [--address A] [--postcode C] [--city X]\n"
	"                                        [--employer E] [--json]\n"
	"\n"
	"Change the details of guardian GUARDIAN (its id, from `family show`): only\n"
	"the options given change; an empty value clears an optional detail. A login\n"
	"email changes with `account set-email`.\n"
	"\n"
	"Options:\n"
	GUARDIAN_DETAILS_HELP
	"  --json               print the guardian as a JSON object\n"
	"  --help               show this help\n";

static const char remove_guardian_usage[] =
	"usage: portail-cli family remove-guardian GUARDIAN [--json]\n"
	"\n"
	"Remove guardian GUARDIAN (its id, from `family show`) from their family.\n"
	"Their login and every session of theirs end at once; the requests they sent\n"
	"stay in the family's history under their name. A family's last guardian\n"
	"cannot be removed.\n"
	"\n"
	"Options:\n"
	"  --json  print {\"removed_guardian_id\": ID, \"family_id\": ID}\n"
	"  --help  show this help\n";

/* Read the options of add-guardian (@p email_ok) or edit-guardian, and the
 * one operand, a @p what ID, into @p id. @return true to go on; false when
 * the command is over (help shown, usage error), *rc being its status. */
static bool guardian_command_line(cli_context *ctx, int argc, char **argv, bool email_ok,
                                  const char *what, ptl_guardian_options *in, int64_t *id,
                                  bool *json, int *rc)
{
	enum { OPT_FIRST = 256, OPT_LAST, OPT_RELATIONSHIP, OPT_EMAIL, OPT_PHONE, OPT_MOBILE,
	       OPT_WORK, OPT_ADDRESS, OPT_POSTCODE, OPT_CITY, OPT_EMPLOYER, OPT_JSON };
	static const struct option options[] = {
		{ "first-name", required_argument, NULL, OPT_FIRST },
		{ "last-name", required_argument, NULL, OPT_LAST },
		{ "relationship", required_argument, NULL, OPT_RELATIONSHIP },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "phone", required_argument, NULL, OPT_PHONE },
		{ "mobile-phone", required_argument, NULL, OPT_MOBILE },
		{ "work-phone", required_argument, NULL, OPT_WORK },
		{ "address", required_argument, NULL, OPT_ADDRESS },
		{ "postcode", required_argument, NULL, OPT_POSTCODE },
		{ "city", required_argument, NULL, OPT_CITY },
		{ "employer", required_argument, NULL, OPT_EMPLOYER },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char operand[48];
	int c;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_FIRST: in->first_name = optarg; break;
		case OPT_LAST: in->last_name = optarg; break;
		case OPT_RELATIONSHIP: in->relationship = optarg; break;
		case OPT_EMAIL:
			if (!email_ok) {
				*rc = cli_usage_error(ctx, "a login email changes with"
				                      " `portail-cli account set-email`");
				return false;
			}
			in->email = optarg;
			break;
		case OPT_PHONE: in->phone = optarg; break;
		case OPT_MOBILE: in->mobile_phone = optarg; break;
		case OPT_WORK: in->work_phone = optarg; break;
		case OPT_ADDRESS: in->address = optarg; break;
		case OPT_POSTCODE: in->postcode = optarg; break;
		case OPT_CITY: in->city = optarg; break;
		case OPT_EMPLOYER: in->employer = optarg; break;
		case OPT_JSON: *json = true; break;
		case 'h': *rc = cli_help(ctx); return false;
		default: *rc = cli_usage_error(ctx, NULL); return false;
		}
	}
	snprintf(operand, sizeof(operand), "the %s ID", what);
	if ((*rc = cli_expect_operands(ctx, argc, argv, 1, operand)) != CLI_EXIT_OK)
		return false;
	if (!cli_parse_id(argv[optind], id)) {
		*rc = cli_usage_error(ctx, "'%s' is not a %s ID (a positive number)",
		                      argv[optind], what);
		return false;
	}
	return true;
}

static int cmd_family_add_guardian(cli_context *ctx, int argc, char **argv)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	int64_t family_id, guardian_id = 0;
	bool json = false;
	ptl_db *db = NULL;
	char *code = NULL;
	int rc;

	if (!guardian_command_line(ctx, argc, argv, true, "family", &in, &family_id, &json, &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((rc = ptl_guardian_add(&guardian_id, &code, db, family_id, &in)) != PTL_OK) {
		rc = cli_fail(rc);
	} else if (json) {
		rc = cli_json_print(json_pack("{s:I, s:o}", "guardian_id", (json_int_t)guardian_id,
		                              "one_time_code", code ? json_string(code) : json_null()));
	} else {
		printf("Added guardian %lld to family %lld.\n", (long long)guardian_id,
		       (long long)family_id);
		if (code)
			cli_print_one_time_code(code);
		else
			printf("No email given: this guardian has no login.\n");
		rc = CLI_EXIT_OK;
	}
	ptl_free(code);
	ptl_db_close(db);
	return rc;
}

static int cmd_family_edit_guardian(cli_context *ctx, int argc, char **argv)
{
	ptl_guardian_options in = PTL_GUARDIAN_OPTIONS_INIT;
	ptl_guardian *g = NULL;
	int64_t guardian_id;
	bool json = false;
	ptl_db *db = NULL;
	int rc;

	if (!guardian_command_line(ctx, argc, argv, false, "guardian", &in, &guardian_id, &json,
	                           &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((rc = ptl_guardian_edit(&g, db, guardian_id, &in)) != PTL_OK) {
		rc = cli_fail(rc);
	} else if (json) {
		rc = cli_json_print(ptl_json_guardian(g, PTL_JSON_MANAGER));
	} else {
		printf("Updated guardian %lld (%s %s) of family %lld.\n", (long long)g->id,
		       g->first_name, g->last_name, (long long)g->family_id);
		rc = CLI_EXIT_OK;
	}
	ptl_guardian_free(g);
	ptl_db_close(db);
	return rc;
}

static int remove_guardian(ptl_db *db, int64_t id, bool json)
{
	ptl_guardian *g = NULL;
	int rc = ptl_guardian_get(&g, db, id);

	if (rc == PTL_OK)
		rc = ptl_guardian_remove(db, id);
	if (rc != PTL_OK)
		rc = cli_fail(rc);
	else if (json)
		rc = cli_json_print(json_pack("{s:I, s:I}", "removed_guardian_id", (json_int_t)id,
		                              "family_id", (json_int_t)g->family_id));
	else
		printf("Removed guardian %lld (%s %s) from family %lld: their login and sessions"
		       " have ended.\n", (long long)id, g->first_name, g->last_name,
		       (long long)g->family_id);
	ptl_guardian_free(g);
	return rc;
}

static int cmd_family_remove_guardian(cli_context *ctx, int argc, char **argv)
{
	return cli_show_by_id(ctx, argc, argv, "guardian", remove_guardian);
}

/* ---- family debt / booking-override ------------------------------------------- */

static const char debt_usage[] =
	"usage: portail-cli family debt FAMILY [--json]\n"
	"       portail-cli family debt add FAMILY CENTS --label TEXT\n"
	"\n"
	"Show a family's balance (what it owes the service: the sum of its ledger),\n"
	"whether it may book whatever it owes, and the entries of its ledger; or\n"
	"record an entry: CENTS positive for an amount owed (e.g. a debt carried over\n"
	"from the treasury), negative for a payment (\"-2500\"). A period whose\n"
	"debt_threshold_cents is set refuses bookings while the balance is above it\n"
	"(see `family booking-override`).\n"
	"\n"
	"Options:\n"
	"  --label TEXT  with add: what the entry is (1 to 200 characters)\n"
	"  --json        print the balance with its entries as JSON\n"
	"  --help        show this help\n";

/* "12.50" for 1250 cents, "-3.05" for -305. */
static void format_euros(char buf[32], int64_t cents)
{
	int64_t a = cents < 0 ? -cents : cents;

	snprintf(buf, 32, "%s%lld.%02lld", cents < 0 ? "-" : "", (long long)(a / 100),
	         (long long)(a % 100));
}

static void print_balance(const ptl_balance *b)
{
	char amount[32];
	cli_table *table;

	format_euros(amount, b->balance_cents);
	printf("Family %lld: balance %s EUR (%s)\n", (long long)b->family_id, amount,
	       b->balance_cents > 0 ? "owed" : b->balance_cents < 0 ? "in credit" : "nothing owed");
	printf("Booking override: %s\n", b->booking_override ? "yes (may book whatever it owes)"
	                                                     : "no");
	if (!b->count)
		return;
	table = cli_table_new(4, (const char *const[]){ "DAY", "AMOUNT", "SOURCE", "LABEL" });
	for (size_t i = 0; table && i < b->count; i++) {
		format_euros(amount, b->entries[i].amount_cents);
		if (!cli_table_add(table, (const char *const[]){ b->entries[i].day, amount,
		                                                 b->entries[i].source,
		                                                 b->entries[i].label })) {
			cli_table_free(table);
			table = NULL;
		}
	}
	if (table)
		cli_table_print(table);
	cli_table_free(table);
}

/* A negative amount ("-2500") is an operand, not options: getopt is kept
 * from it by replacing it, during the parse, with a marker. */
static const char negative_marker[] = "\x01";

static int cmd_family_debt(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "label", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_balance_add_options in = PTL_BALANCE_ADD_OPTIONS_INIT;
	const char *negative = NULL;
	ptl_balance *balance = NULL;
	bool json = false, add;
	int64_t family_id, amount;
	ptl_db *db = NULL;
	char *end;
	int c, rc;

	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' && !negative) {
			negative = argv[i];
			argv[i] = (char *)negative_marker;
		}
	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'l': in.label = optarg; break;
		case 'j': json = true; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	add = optind < argc && strcmp(argv[optind], "add") == 0;
	if (add)
		optind++;
	if ((rc = cli_expect_operands(ctx, argc, argv, add ? 2 : 1,
	                              add ? "FAMILY and CENTS" : "FAMILY")) != CLI_EXIT_OK)
		return rc;
	if (!cli_parse_id(argv[optind], &family_id))
		return cli_usage_error(ctx, "'%s' is not a family ID", argv[optind]);
	if (add) {
		const char *text = argv[optind + 1] == negative_marker ? negative : argv[optind + 1];

		errno = 0;
		amount = strtoll(text, &end, 10);
		if (!*text || *end || errno)
			return cli_usage_error(ctx, "'%s' is not an amount in cents", text);
		if (!in.label)
			return cli_usage_error(ctx, "--label is needed");
		in.amount_cents = amount;
	} else if (in.label) {
		return cli_usage_error(ctx, "--label goes with add");
	}
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if (add) {
		int64_t now_owed;
		char text[32];

		if ((rc = ptl_balance_add(&now_owed, db, family_id, &in)) != PTL_OK) {
			rc = cli_fail(rc);
		} else {
			format_euros(text, now_owed);
			printf("Recorded. Family %lld: balance %s EUR.\n", (long long)family_id, text);
		}
	} else if ((rc = ptl_balance_get(&balance, db, family_id)) != PTL_OK) {
		rc = cli_fail(rc);
	} else if (json) {
		rc = cli_json_print(ptl_json_balance(balance));
	} else {
		print_balance(balance);
	}
	ptl_balance_free(balance);
	ptl_db_close(db);
	return rc;
}

static const char booking_override_usage[] =
	"usage: portail-cli family booking-override FAMILY --allow | --clear\n"
	"\n"
	"Let a family book whatever its balance (--allow), or end that (--clear): a\n"
	"period whose debt_threshold_cents is set refuses the bookings of a family\n"
	"whose balance is above it, unless this override is set.\n"
	"\n"
	"Options:\n"
	"  --allow  the family may book whatever it owes\n"
	"  --clear  the debt threshold applies to the family again\n"
	"  --help   show this help\n";

static int cmd_family_booking_override(cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "allow", no_argument, NULL, 'a' },
		{ "clear", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int64_t family_id;
	int allow = -1, c, rc;
	ptl_db *db = NULL;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'a':
		case 'c':
			if (allow >= 0)
				return cli_usage_error(ctx, "one of --allow and --clear");
			allow = c == 'a';
			break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 1, "FAMILY")) != CLI_EXIT_OK)
		return rc;
	if (!cli_parse_id(argv[optind], &family_id))
		return cli_usage_error(ctx, "'%s' is not a family ID", argv[optind]);
	if (allow < 0)
		return cli_usage_error(ctx, "--allow or --clear is needed");
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	if ((rc = ptl_balance_set_override(db, family_id, allow)) != PTL_OK)
		rc = cli_fail(rc);
	else
		printf(allow ? "Family %lld may book whatever its balance.\n"
		             : "Family %lld: the debt threshold applies again.\n",
		       (long long)family_id);
	ptl_db_close(db);
	return rc;
}

static const cli_command family_commands[] = {
	{ "create", cmd_family_create, "create a family, its first guardian and their login",
	  create_usage },
	{ "list", cmd_family_list, "list the families, optionally matching a text", list_usage },
	{ "show", cmd_family_show, "show a family with its guardians and children", show_usage },
	{ "add-guardian", cmd_family_add_guardian,
	  "add a guardian to a family, with a login when an email is given", add_guardian_usage },
	{ "edit-guardian", cmd_family_edit_guardian, "change a guardian's details",
	  edit_guardian_usage },
	{ "remove-guardian", cmd_family_remove_guardian,
	  "remove a guardian from their family and end their login", remove_guardian_usage },
	{ "debt", cmd_family_debt, "show a family's balance, or record an amount owed or paid",
	  debt_usage },
	{ "booking-override", cmd_family_booking_override,
	  "let a family book whatever its balance, or end that", booking_override_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_family = { "family", family_commands };
