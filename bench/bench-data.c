/*
 * bench-data.c — the benchmark's data set, made through the library.
 *
 *   portail-bench-data --families N --sessions K --out FILE
 *
 * Brings the database of PORTAIL_DB up to date, generates N families
 * (ptl_demo_generate: two children and three requests each), imports a
 * small catalogue (four activities of two facilities, a period and two
 * groups each, open for enrolment), then logs K of them in, spread over the
 * generated ids, each from its own client address (so that login
 * throttling, which counts per address, lets them all in), and enrols the
 * first child of each in two activities, as its parent would (the
 * Mercredis one validated, so that its days can be booked, and its
 * certificate of enrolment asked for). Each of them gets a calendar feed
 * too. FILE receives one line per session, "token csrf_token child_id
 * family_id enrolment_id feed_token certificate_id" (the validated
 * enrolment, the calendar feed's token, the enrolment's certificate), which
 * the wrk script reads.
 * Timings go to stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <portail/portail.h>

#define BENCH_PASSWORD "Banc-d-essai-2026"

/* The catalogue the cascade endpoint reads (the catalogue file's format). */
static const char bench_catalogue[] =
	"{\"format\":1,\"facilities\":[{\"code\":\"bench-jeunesse\",\"name\":\"Service Jeunesse\",\"activity_typ"
	"es\":[{\"code\":\"bench-loisirs\",\"name\":\"Centre de Loisirs\",\"category\":\"loisirs\",\"activities\":"
	"[{\"code\":\"bench-mercredis\",\"name\":\"Mercredis\",\"description\":\"\",\"asks_comment\":false,\"docum"
	"ents\":[{\"type\":\"vaccinations\",\"label\":\"Carnet de vaccination à jour\",\"validity_months\":12}"
	",{\"type\":\"assurance\",\"label\":\"Attestation d’assurance\",\"validity_months\":12}],\"booking_blo"
	"cked_if_missing\":false,\"periods\":[{\"code\":\"bench-mercredis-p\",\"label\":\"Mercredis\",\"first_d"
	"ay\":\"2020-01-06\",\"last_day\":\"2099-12-31\",\"opening_weekdays\":[\"monday\",\"tuesday\",\"wednesday"
	"\",\"thursday\",\"friday\"],\"enrolment\":{\"opens\":\"2020-01-01\",\"closes\":\"2099-12-31\"},"
	"\"units\":[{\"code\":\"journee\",\"label\":\"Journée\"}],\"groups\":["
	"{\"code\":\"petits\",\"label\":\"Petits\",\"capacity\":100000,\"min_age_months\":0,\"max_age_months\":72"
	"},{\"code\":\"tous\",\"label\":\"Tous\",\"capacity\":100000}]}],\"rules\":{\"title\":\"Règlement intérieu"
	"r\",\"version\":\"2026-1\",\"url\":\"\"}},{\"code\":\"bench-vacances\",\"name\":\"Vacances\",\"description\":"
	"\"\",\"asks_comment\":false,\"documents\":[{\"type\":\"vaccinations\",\"label\":\"Carnet de vaccination"
	" à jour\",\"validity_months\":12},{\"type\":\"assurance\",\"label\":\"Attestation d’assurance\",\"vali"
	"dity_months\":12}],\"booking_blocked_if_missing\":false,\"periods\":[{\"code\":\"bench-vacances-p\""
	",\"label\":\"Vacances\",\"first_day\":\"2020-01-06\",\"last_day\":\"2099-12-31\",\"opening_weekdays\":[\""
	"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\"],\"enrolment\":{\"opens\":\"2020-01-01\",\"clos"
	"es\":\"2099-12-31\"},\"groups\":[{\"code\":\"petits\",\"label\":\"Petits\",\"capacity\":100000,\"min_age_m"
	"onths\":0,\"max_age_months\":72},{\"code\":\"tous\",\"label\":\"Tous\",\"capacity\":100000}]}],\"rules\":"
	"{\"title\":\"Règlement intérieur\",\"version\":\"2026-1\",\"url\":\"\"}}]},{\"code\":\"bench-periscolaire"
	"\",\"name\":\"Accueil périscolaire\",\"category\":\"periscolaire\",\"activities\":[{\"code\":\"bench-mat"
	"in\",\"name\":\"Matin\",\"description\":\"\",\"asks_comment\":false,\"documents\":[{\"type\":\"vaccination"
	"s\",\"label\":\"Carnet de vaccination à jour\",\"validity_months\":12},{\"type\":\"assurance\",\"label"
	"\":\"Attestation d’assurance\",\"validity_months\":12}],\"booking_blocked_if_missing\":false,\"per"
	"iods\":[{\"code\":\"bench-matin-p\",\"label\":\"Matin\",\"first_day\":\"2020-01-06\",\"last_day\":\"2099-1"
	"2-31\",\"opening_weekdays\":[\"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\"],\"enrolment\":"
	"{\"opens\":\"2020-01-01\",\"closes\":\"2099-12-31\"},\"groups\":[{\"code\":\"petits\",\"label\":\"Petits\",\""
	"capacity\":100000,\"min_age_months\":0,\"max_age_months\":72},{\"code\":\"tous\",\"label\":\"Tous\",\"ca"
	"pacity\":100000}]}],\"rules\":{\"title\":\"Règlement intérieur\",\"version\":\"2026-1\",\"url\":\"\"}}]}]"
	"},{\"code\":\"bench-petite-enfance\",\"name\":\"Petite enfance\",\"activity_types\":[{\"code\":\"bench-"
	"creche\",\"name\":\"Crèche\",\"category\":\"petite_enfance\",\"activities\":[{\"code\":\"bench-lutins\",\""
	"name\":\"Les Lutins\",\"description\":\"\",\"asks_comment\":false,\"documents\":[{\"type\":\"vaccination"
	"s\",\"label\":\"Carnet de vaccination à jour\",\"validity_months\":12},{\"type\":\"assurance\",\"label"
	"\":\"Attestation d’assurance\",\"validity_months\":12}],\"booking_blocked_if_missing\":false,\"per"
	"iods\":[{\"code\":\"bench-lutins-p\",\"label\":\"Lutins\",\"first_day\":\"2020-01-06\",\"last_day\":\"2099"
	"-12-31\",\"opening_weekdays\":[\"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\"],\"enrolment"
	"\":{\"opens\":\"2020-01-01\",\"closes\":\"2099-12-31\"},\"groups\":[{\"code\":\"petits\",\"label\":\"Petits\""
	",\"capacity\":100000,\"min_age_months\":0,\"max_age_months\":72},{\"code\":\"tous\",\"label\":\"Tous\",\""
	"capacity\":100000}]}]}]}]}]}";

/* Enrol child @p child_id of the session's family in group "tous" of period
 * @p period, for the school year; *id (may be NULL) receives the enrolment. */
static int enrol(ptl_db *db, const ptl_session *session, int64_t child_id, const char *period,
                 int64_t *id)
{
	ptl_enrolment_new_options in = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	int rc;

	in.period = period;
	in.group = "tous";
	in.first_day = "2026-09-02";
	in.last_day = "2027-07-03";
	in.accept_rules = "2026-1";
	rc = ptl_enrolment_submit(&e, NULL, db, session->family_id, session->guardian_id, child_id,
	                          &in);
	if (rc == PTL_OK && id)
		*id = e->id;
	ptl_enrolment_free(e);
	return rc;
}

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

	if (ptl_catalogue_import(NULL, db, bench_catalogue, NULL) != PTL_OK) {
		fail("catalogue");
		goto done;
	}
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
		int64_t enrolment = 0;
		ptl_calendar_feed *feed = NULL;
		ptl_request *request = NULL;
		ptl_certificate *certificate = NULL;

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
		if (enrol(db, &session, family->children[0].id, "bench-mercredis-p", &enrolment) != PTL_OK ||
		    ptl_enrolment_validate(db, enrolment, "bench", true) != PTL_OK ||
		    enrol(db, &session, family->children[0].id, "bench-vacances-p", NULL) != PTL_OK ||
		    ptl_certificate_request(&request, &certificate, db, session.family_id,
		                            session.guardian_id, enrolment) != PTL_OK || !certificate) {
			ptl_free(token);
			ptl_family_free(family);
			ptl_request_free(request);
			ptl_certificate_free(certificate);
			fail("enrolment");
			goto done;
		}
		if (ptl_calendar_feed_create(&feed, db, session.family_id) != PTL_OK) {
			ptl_free(token);
			ptl_family_free(family);
			ptl_request_free(request);
			ptl_certificate_free(certificate);
			fail("calendar feed");
			goto done;
		}
		fprintf(out, "%s %s %lld %lld %lld %s %lld\n", token, session.csrf_token,
		        (long long)family->children[0].id, (long long)session.family_id,
		        (long long)enrolment, feed->token, (long long)certificate->id);
		ptl_request_free(request);
		ptl_certificate_free(certificate);
		ptl_free(token);
		ptl_family_free(family);
		ptl_calendar_feed_free(feed);
	}
	fprintf(stderr, "portail-bench-data: %ld sessions opened (two enrolments and a certificate"
	        " each) in %.1f s\n", sessions, seconds_since(&start));
	rc = 0;
done:
	if (out && fclose(out) != 0)
		rc = 1;
	ptl_db_close(db);
	return rc;
}
