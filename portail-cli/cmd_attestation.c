/*
 * cmd_attestation.c — the `attestation` commands: certificates of
 * enrolment (attestations d'inscription, certificate.h).
 *
 *   attestation verify REF [--json]       check a reference as a family or a
 *                                         third party gives it, and show what
 *                                         the certificate states
 *   attestation batch --period P --out DIR [--force]
 *                                         a certificate for every validated
 *                                         enrolment of a period, one PDF each
 *                                         (DIR/attestation-ENROLMENT.pdf)
 *
 * The library issues the certificates with their PDFs (drawn once and
 * stored with them); this file writes those PDFs to files, shows progress
 * on a terminal and sums up.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char verify_usage[] =
	"usage: portail-cli attestation verify REF [--json]\n"
	"\n"
	"Check the reference REF printed on a certificate of enrolment (attestation\n"
	"d'inscription), e.g. ATT-7KQ2-M9XD-4HRB-T, and show what the certificate\n"
	"states: the child, the activity, period, group and dates, the day of issue.\n"
	"REF may be typed in any case, with spaces or without hyphens or the ATT\n"
	"prefix; O is read as 0, I and L as 1. Exit status 1 when REF is malformed\n"
	"or mistyped (its check symbol does not match) or when no certificate has it;\n"
	"the message says which.\n"
	"\n"
	"Options:\n"
	"  --json   the certificate as JSON\n"
	"  --help   show this help\n";

static const char batch_usage[] =
	"usage: portail-cli attestation batch --period P --out DIR [--force]\n"
	"\n"
	"Issue a certificate of enrolment for every validated enrolment of period P\n"
	"(its code in the catalogue) and write each as DIR/attestation-ENROLMENT.pdf\n"
	"(ENROLMENT: the enrolment's ID). DIR is created if needed. Each certificate\n"
	"gets its own reference, which `attestation verify` checks. Progress shows on\n"
	"a terminal; a summary ends the run.\n"
	"\n"
	"Options:\n"
	"  --period P  the period's code (required)\n"
	"  --out DIR   where to write the files (required)\n"
	"  --force     overwrite files already there (default: refuse, write nothing)\n"
	"  --help      show this help\n";

/* --- verify ----------------------------------------------------------------- */

static void print_certificate(const void *item)
{
	const ptl_certificate *c = item;
	char issued[11], birth[11], first[11], last[11], pfirst[11], plast[11];

	ptl_day_format(issued, c->issued_on);
	ptl_day_format(birth, c->child_birth_date);
	ptl_day_format(first, c->first_day);
	ptl_day_format(last, c->last_day);
	ptl_day_format(pfirst, c->period_first_day);
	ptl_day_format(plast, c->period_last_day);
	printf("Certificate %s: valid\n", c->reference);
	printf("  issued on     %s by %s\n", issued,
	       *c->structure_name ? c->structure_name : "(the service)");
	printf("  requested by  %s\n", *c->requested_by ? c->requested_by : "(manager's batch)");
	printf("  child         %s %s, born %s\n", c->child_first_name, c->child_last_name, birth);
	printf("  activity      %s / %s\n", c->activity_type, c->activity);
	printf("  period        %s (%s to %s)\n", c->period, pfirst, plast);
	printf("  group         %s\n", c->group);
	printf("  enrolled      %s to %s\n", first, last);
	printf("  enrolment     %lld (family %lld)\n", (long long)c->enrolment_id,
	       (long long)c->family_id);
}

static json_t *certificate_json(const void *item)
{
	return ptl_json_certificate(item, PTL_JSON_MANAGER);
}

static int cmd_attestation_verify(cli_context *ctx, int argc, char **argv)
{
	ptl_certificate *c = NULL;
	ptl_db *db = NULL;
	bool json = false;
	int rc;

	if (!cli_parse_plain(ctx, argc, argv, &json, 1, "the reference", &rc))
		return rc;
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;
	rc = ptl_certificate_verify(&c, db, argv[optind]);
	rc = cli_show_item(rc, json, c, certificate_json, print_certificate);
	ptl_certificate_free(c);
	ptl_db_close(db);
	return rc;
}

/* --- batch ------------------------------------------------------------------ */

struct writing {
	const char *dir;
	size_t written;
};

/* DIR/attestation-ENROLMENT.pdf */
static void file_path(char *buf, size_t size, const char *dir, int64_t enrolment_id)
{
	snprintf(buf, size, "%s/attestation-%lld.pdf", dir, (long long)enrolment_id);
}

/* mkdir -p @p dir. */
static bool make_dir(const char *dir)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return false;
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0777) != 0 && errno != EEXIST)
				return false;
			*p = '/';
		}
	return mkdir(path, 0777) == 0 || errno == EEXIST;
}

static int write_one(void *ctx, const ptl_certificate *c, const ptl_certificate_pdf *pdf,
                     size_t index, size_t total)
{
	struct writing *w = ctx;
	char path[4200], what[64];
	FILE *f;

	cli_progress_end();
	snprintf(what, sizeof(what), "Writing certificates %zu/%zu", index + 1, total);
	cli_progress_begin(what);
	file_path(path, sizeof(path), w->dir, c->enrolment_id);
	if (!(f = fopen(path, "wb")) || fwrite(pdf->data, 1, pdf->size, f) != pdf->size ||
	    fclose(f) != 0) {
		int e = errno;
		cli_progress_end();
		cli_error("cannot write %s: %s", path, strerror(e));
		return CLI_EXIT_SYSTEM;
	}
	w->written++;
	return 0;
}

static int cmd_attestation_batch(cli_context *ctx, int argc, char **argv)
{
	enum { OPT_PERIOD = 256, OPT_OUT, OPT_FORCE };
	static const struct option options[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	ptl_certificate_batch_options in = PTL_CERTIFICATE_BATCH_OPTIONS_INIT;
	ptl_enrolment_list_options which = PTL_ENROLMENT_LIST_OPTIONS_INIT;
	ptl_enrolments *enrolments = NULL;
	struct writing w = { NULL, 0 };
	bool force = false;
	ptl_db *db = NULL;
	size_t count = 0;
	char path[4200];
	int c, rc;

	cli_getopt_begin(ctx);
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case OPT_PERIOD: in.period = optarg; break;
		case OPT_OUT: w.dir = optarg; break;
		case OPT_FORCE: force = true; break;
		case 'h': return cli_help(ctx);
		default: return cli_usage_error(ctx, NULL);
		}
	}
	if ((rc = cli_expect_operands(ctx, argc, argv, 0, NULL)) != CLI_EXIT_OK)
		return rc;
	if (!in.period || !*in.period || !w.dir || !*w.dir)
		return cli_usage_error(ctx, "%s: --period and --out are required", ctx->name);
	if ((rc = cli_db_open(ctx, &db)) != CLI_EXIT_OK)
		return rc;

	/* Refuse before anything is issued when a file would be overwritten. */
	which.period = in.period;
	which.status = "validated";
	if ((rc = ptl_enrolment_list(&enrolments, db, &which)) != PTL_OK) {
		ptl_db_close(db);
		return cli_fail(rc);
	}
	for (size_t i = 0; !force && i < enrolments->count; i++) {
		file_path(path, sizeof(path), w.dir, enrolments->items[i].id);
		if (access(path, F_OK) == 0) {
			cli_error("%s already exists: nothing written (--force overwrites)", path);
			ptl_enrolments_free(enrolments);
			ptl_db_close(db);
			return CLI_EXIT_REFUSED;
		}
	}
	ptl_enrolments_free(enrolments);
	if (!make_dir(w.dir)) {
		cli_error("cannot create %s: %s", w.dir, strerror(errno));
		ptl_db_close(db);
		return CLI_EXIT_SYSTEM;
	}

	rc = ptl_certificate_batch(&count, db, &in, write_one, &w);
	cli_progress_end();
	if (rc < 0) {
		rc = cli_fail(rc);
		ptl_db_close(db);
		return rc;
	}
	ptl_db_close(db);
	if (rc > 0) {
		fprintf(stderr, "%s: %zu of %zu certificates written to %s before the failure.\n",
		        CLI_PROGRAM, w.written, count, w.dir);
		return rc;
	}
	if (count == 0)
		printf("No validated enrolment in period %s: no certificate issued.\n", in.period);
	else
		printf("%zu certificate%s of enrolment issued for period %s, written to %s.\n", count,
		       count == 1 ? "" : "s", in.period, w.dir);
	return CLI_EXIT_OK;
}

static const cli_command attestation_commands[] = {
	{ "verify", cmd_attestation_verify, "check a certificate's reference and show what it states",
	  verify_usage },
	{ "batch", cmd_attestation_batch,
	  "issue and write the certificates of every validated enrolment of a period", batch_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_noun cli_noun_attestation = { "attestation", attestation_commands };
