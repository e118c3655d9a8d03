/*
 * cmd_db.c — the `db` commands: bring the database schema up to date
 * (`db migrate`) and compare it with the migrations this program knows
 * (`db status`).
 */
#include <stdio.h>

#include "cli.h"

static const char migrate_usage[] =
	"usage: portail-cli db migrate [--json]\n"
	"\n"
	"Apply the database migrations not yet applied, in order, each in its own\n"
	"transaction. Running it again applies nothing.\n"
	"\n"
	"Options:\n"
	"  --json  print {\"applied\": N, \"schema_version\": V}\n"
	"  --help  show this help\n";

static int cmd_db_migrate(cli_context *ctx, int argc, char **argv)
{
	bool json = false;
	ptl_db *db = NULL;
	int applied = 0, version = 0, rc;

	if (!cli_parse_plain(ctx, argc, argv, &json, 0, "", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_db_migrate(&applied, db)) != PTL_OK ||
	    (rc = ptl_db_schema_version(&version, db)) != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	if (json)
		rc = cli_json_print(json_pack("{s:i, s:i}", "applied", applied,
		                              "schema_version", version));
	else
		printf("Applied %d migration(s); schema at version %d.\n", applied, version);
done:
	ptl_db_close(db);
	return rc;
}

static const char status_usage[] =
	"usage: portail-cli db status [--json]\n"
	"\n"
	"Show the schema version of the database and the latest migration this\n"
	"program knows; when they differ, run `portail-cli db migrate`.\n"
	"\n"
	"Options:\n"
	"  --json  print {\"schema_version\": V, \"latest_migration\": L, \"pending\": N}\n"
	"  --help  show this help\n";

static int cmd_db_status(cli_context *ctx, int argc, char **argv)
{
	bool json = false;
	ptl_db *db = NULL;
	int version = 0, latest, pending, rc;

	if (!cli_parse_plain(ctx, argc, argv, &json, 0, "", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	if ((rc = ptl_db_schema_version(&version, db)) != PTL_OK ||
	    (rc = ptl_db_pending_migrations(&pending, db)) != PTL_OK) {
		rc = cli_fail(rc);
		goto done;
	}
	latest = ptl_db_latest_migration();
	if (json) {
		rc = cli_json_print(json_pack("{s:i, s:i, s:i}", "schema_version", version,
		                              "latest_migration", latest, "pending", pending));
	} else {
		printf("Schema at version %d; latest migration %d.\n", version, latest);
		if (pending > 0)
			printf("%d migration(s) to apply: run `portail-cli db migrate`.\n", pending);
		else if (version > latest)
			printf("The database is newer than this program: upgrade portail-cli.\n");
		else
			printf("Up to date.\n");
	}
done:
	ptl_db_close(db);
	return rc;
}

static const cli_command db_commands[] = {
	{ "migrate", cmd_db_migrate, "apply the database migrations not yet applied",
	  migrate_usage },
	{ "status", cmd_db_status, "show the schema version and the migrations still to apply",
	  status_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_db = { "db", db_commands };
