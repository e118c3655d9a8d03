/*
 * cmd_family.c — the `family` commands: create a family with its first
 * guardian and login (`family create`), list families (`family list`, as
 * a table, JSON or CSV) and show one (`family show`), as text for the
 * manager or as JSON for scripts (libportail-json's representation).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

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
	"List the families by name: id, name, the guardians' emails and the number\n"
	"of children.\n"
	"\n"
	"Options:\n"
	"  --search TEXT  only families whose name, or a guardian's name or email,\n"
	"                 contains TEXT (case-insensitive)\n"
	"  --json         print an array of families with their guardians and children\n"
	"  --csv          print the table as CSV (RFC 4180), for a spreadsheet\n"
	"  --help         show this help\n";

static bool family_row(cli_table *table, const void *item)
{
	const ptl_family *f = item;
	const char **emails = calloc(f->guardian_count + 1, sizeof(*emails));
	size_t n = 0;
	char id[24], children[24], *joined;
	bool added;

	if (!emails)
		return false;
	for (size_t g = 0; g < f->guardian_count; g++)
		if (f->guardians[g].email && *f->guardians[g].email)
			emails[n++] = f->guardians[g].email;
	joined = cli_join(emails, n, ", ");
	free(emails);
	if (!joined)
		return false;
	snprintf(id, sizeof(id), "%lld", (long long)f->id);
	snprintf(children, sizeof(children), "%zu", f->child_count);
	added = cli_table_add(table, (const char *const[]){ id, f->name, joined, children });
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
	"Show a family: its guardians with their contact details, and its children.\n"
	"\n"
	"Options:\n"
	"  --json  print the family as a JSON object\n"
	"  --help  show this help\n";

static void print_contact(const char *label, const char *value)
{
	if (value && *value)
		printf("    %-14s %s\n", label, value);
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
		print_contact("email:", *g->email ? g->email : "(no login)");
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

static const cli_command family_commands[] = {
	{ "create", cmd_family_create, "create a family, its first guardian and their login",
	  create_usage },
	{ "list", cmd_family_list, "list the families, optionally matching a text", list_usage },
	{ "show", cmd_family_show, "show a family with its guardians and children", show_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_family = { "family", family_commands };
