/*
 * bench-data.c — the benchmark's data set, made through the library.
 *
 *   portail-bench-data --families N --sessions K --out FILE
 *
 * Brings the database of PORTAIL_DB up to date, generates N families
 * (ptl_demo_generate: two children and three requests each), then logs K of
 * them in, spread over the generated ids, each from its own client address
 * (so that login throttling, which counts per address, lets them all in).
 * FILE receives one line per session, "token csrf_token child_id family_id",
 * which the wrk script reads. Timings go to stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <portail/portail.h>

#define BENCH_PASSWORD "Banc-d-essai-2026"

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int fail(const char *what)
{
	fprintf(stderr, "portail-bench-data: %s: %s\n", what, ptl_error_last()->message);
	return 1;
}

static long parse_count(const char *s, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n < 1 || n > max)
		return -1;
	return n;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "families", required_argument, NULL, 'f' },
		{ "sessions", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	long families = 10000, sessions = 200;
	const char *out_path = NULL;
	ptl_demo_generated made;
	struct timespec start;
	ptl_db *db = NULL;
	FILE *out = NULL;
	int opt, rc = 1;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'f')
			families = parse_count(optarg, 1000000);
		else if (opt == 's')
			sessions = parse_count(optarg, 100000);
		else if (opt == 'o')
			out_path = optarg;
		else
			families = -1;
	}
	if (families < 0 || sessions < 0 || !out_path || optind != argc) {
		fprintf(stderr, "usage: portail-bench-data [--families N] [--sessions K] --out FILE\n");
		return 2;
	}
	if (sessions > families)
		sessions = families;
	if (ptl_init() != PTL_OK || ptl_db_open(&db, NULL) != PTL_OK) {
		ptl_db_close(db);
		return fail("database");
	}
	if (ptl_db_migrate(NULL, db) != PTL_OK) {
		fail("migrate");
		goto done;
	}

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (ptl_demo_generate(&made, db, families, BENCH_PASSWORD) != PTL_OK) {
		fail("generate");
		goto done;
	}
	fprintf(stderr, "portail-bench-data: %lld families, %lld children, %lld requests in %.1f s\n",
	        (long long)made.families, (long long)made.children, (long long)made.requests,
	        seconds_since(&start));

	if (!(out = fopen(out_path, "w"))) {
		fprintf(stderr, "portail-bench-data: %s: %s\n", out_path, strerror(errno));
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < sessions; i++) {
		int64_t id = made.first_family_id +
		             (made.last_family_id - made.first_family_id) * i / sessions;
		char email[128], addr[32];
		ptl_family *family = NULL;
		ptl_session session;
		char *token = NULL;

		snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL, (long long)id);
		snprintf(addr, sizeof(addr), "10.77.%ld.%ld", i / 250, 1 + i % 250);
		if (ptl_auth_login(&token, &session, db, email, BENCH_PASSWORD, addr) != PTL_OK) {
			fail(email);
			goto done;
		}
		if (ptl_family_get(&family, db, session.family_id) != PTL_OK ||
		    family->child_count == 0) {
			ptl_free(token);
			ptl_family_free(family);
			fail("family");
			goto done;
		}
		fprintf(out, "%s %s %lld %lld\n", token, session.csrf_token,
		        (long long)family->children[0].id, (long long)session.family_id);
		ptl_free(token);
		ptl_family_free(family);
	}
	fprintf(stderr, "portail-bench-data: %ld sessions opened in %.1f s\n", sessions,
	        seconds_since(&start));
	rc = 0;
done:
	if (out && fclose(out) != 0)
		rc = 1;
	ptl_db_close(db);
	return rc;
}
