/*
 * test-attestation.c — the certificate of enrolment without a database:
 * its reference (format, check symbol, how people may type it) and its
 * PDF, read back with poppler's pdftotext as a reader's software would
 * (PDFTOTEXT names the program): the accented names, the dates in French,
 * the reference, A4 pages, and long names wrapped inside the page; the
 * same bytes for the same content, also from threads drawing at once and
 * from a forked process.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <portail/portail.h>

#include "attestation-pdf.h"
#include "core/certificate-ref.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* --- the reference ------------------------------------------------------- */

static void make(char out[PTL__CERTIFICATE_REF_SIZE], unsigned seed)
{
	unsigned char random[8];

	for (int i = 0; i < 8; i++) {
		seed = seed * 1103515245u + 12345u;
		random[i] = (unsigned char)(seed >> 16);
	}
	ptl__certificate_ref_make(out, random);
}

START_TEST(test_certificate_ref_format)
{
	const unsigned char zeros[8] = { 0 };
	const unsigned char ones[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const unsigned char counting[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
	char ref[PTL__CERTIFICATE_REF_SIZE], back[PTL__CERTIFICATE_REF_SIZE];

	/* All zeros: the check of zeros is zero. */
	ptl__certificate_ref_make(ref, zeros);
	ck_assert_str_eq(ref, "ATT-0000-0000-0000-0");
	/* The top 60 bits, five by five: 0x0123456789abcde is 00000 00100
	 * 10001 10100 01010 11001 11100 01001 10101 01111 00110 11110, that is
	 * 0 4 H M A S W 9 N F 6 Y; the check (computed apart, with a short
	 * script of the same rule) is V. */
	ptl__certificate_ref_make(ref, counting);
	ck_assert_str_eq(ref, "ATT-04HM-ASW9-NF6Y-V");
	ptl__certificate_ref_make(ref, ones);
	ck_assert_str_eq(ref, "ATT-ZZZZ-ZZZZ-ZZZZ-R");
	for (unsigned seed = 0; seed < 2000; seed++) {
		make(ref, seed);
		ck_assert_uint_eq(strlen(ref), 20);
		ck_assert_int_eq(strncmp(ref, "ATT-", 4), 0);
		for (int i = 4; i < 20; i++) {
			if (i == 8 || i == 13 || i == 18)
				ck_assert_int_eq(ref[i], '-');
			else
				ck_assert_ptr_nonnull(strchr(alphabet, ref[i]));
		}
		ck_assert(ptl__certificate_ref_normalize(back, ref));
		ck_assert_str_eq(back, ref);
	}
}
END_TEST

START_TEST(test_certificate_ref_catches_one_wrong_symbol)
{
	char ref[PTL__CERTIFICATE_REF_SIZE], typo[PTL__CERTIFICATE_REF_SIZE], out[PTL__CERTIFICATE_REF_SIZE];

	/* Every position, the check symbol included, every other symbol. */
	for (unsigned seed = 0; seed < 50; seed++) {
		make(ref, seed);
		for (int i = 4; i < 20; i++) {
			if (ref[i] == '-')
				continue;
			for (const char *c = alphabet; *c; c++) {
				if (*c == ref[i])
					continue;
				memcpy(typo, ref, sizeof(typo));
				typo[i] = *c;
				ck_assert_msg(ptl__certificate_ref_read(out, typo) == PTL__CERTIFICATE_REF_MISTYPED,
				              "%s not read as mistyped", typo);
			}
		}
	}
}
END_TEST

START_TEST(test_certificate_ref_catches_swapped_neighbours)
{
	char ref[PTL__CERTIFICATE_REF_SIZE], out[PTL__CERTIFICATE_REF_SIZE];
	char symbols[14], swapped[14];

	for (unsigned seed = 0; seed < 2000; seed++) {
		make(ref, seed);
		/* The 13 symbols without prefix nor hyphens, check included. */
		for (int i = 4, n = 0; i < 20; i++)
			if (ref[i] != '-')
				symbols[n++] = ref[i];
		symbols[13] = '\0';
		ck_assert(ptl__certificate_ref_normalize(out, symbols));
		for (int i = 0; i + 1 < 13; i++) {
			if (symbols[i] == symbols[i + 1])
				continue;
			memcpy(swapped, symbols, sizeof(swapped));
			swapped[i] = symbols[i + 1];
			swapped[i + 1] = symbols[i];
			ck_assert_msg(ptl__certificate_ref_read(out, swapped) == PTL__CERTIFICATE_REF_MISTYPED,
			              "%s not read as mistyped", swapped);
		}
	}
}
END_TEST

START_TEST(test_certificate_ref_reads_what_people_type)
{
	const unsigned char counting[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
	char ref[PTL__CERTIFICATE_REF_SIZE], out[PTL__CERTIFICATE_REF_SIZE];
	const char *same[] = {
		"ATT-04HM-ASW9-NF6Y-V",
		"att-04hm-asw9-nf6y-v",           /* any case */
		"ATT 04HM ASW9 NF6Y V",           /* spaces */
		"ATT04HMASW9NF6YV",               /* nothing between the groups */
		"04HM-ASW9-NF6Y-V",               /* without the prefix */
		"ATT-O4HM-ASW9-NF6Y-V",           /* O for 0 */
		" ATT--04HM-ASW9-NF6Y-V ",
	};
	const char *bad[] = {
		"", "ATT", "ATT-04HM-ASW9-NF6Y", "ATT-04HM-ASW9-NF6Y-V-0", "ATT-04HM-ASW9-NF6YV0",
		"ATT-04HM-ASW9-NF6Y-U",   /* U is not in the alphabet */
		"ATT-04HM-ASW9-NF6Y-*",
		"ATX-04HM-ASW9-NF6Y-V",   /* another prefix */
		"ATT-04HM-ASW9-NF6Y-V\n",
		"ATT-04HM-ASW9-NF6\xc3\xa9-V",
	};

	ptl__certificate_ref_make(ref, counting);
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		ck_assert_msg(ptl__certificate_ref_normalize(out, same[i]), "%s refused", same[i]);
		ck_assert_str_eq(out, ref);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!ptl__certificate_ref_normalize(out, bad[i]), "%s accepted", bad[i]);
		ck_assert_msg(ptl__certificate_ref_read(out, bad[i]) == PTL__CERTIFICATE_REF_MALFORMED,
		              "%s not read as malformed", bad[i]);
	}
	ck_assert(!ptl__certificate_ref_normalize(out, NULL));
	ck_assert_int_eq(ptl__certificate_ref_read(out, NULL), PTL__CERTIFICATE_REF_MALFORMED);
	/* Well formed, the wrong check symbol: a typing mistake. */
	ck_assert(!ptl__certificate_ref_normalize(out, "ATT-04HM-ASW9-NF6Y-W"));
	ck_assert_int_eq(ptl__certificate_ref_read(out, "ATT-04HM-ASW9-NF6Y-W"),
	                 PTL__CERTIFICATE_REF_MISTYPED);

	/* I and L are read as 1. */
	const unsigned char with_one[8] = { 0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42, 0x10 };
	ptl__certificate_ref_make(ref, with_one);
	ck_assert_str_eq(ref, "ATT-1111-1111-1111-A");
	char typed[PTL__CERTIFICATE_REF_SIZE];
	memcpy(typed, ref, sizeof(typed));
	typed[4] = 'I';
	typed[5] = 'l';
	typed[9] = 'L';
	ck_assert(ptl__certificate_ref_normalize(out, typed));
	ck_assert_str_eq(out, ref);
}
END_TEST

/* --- the PDF ------------------------------------------------------------- */

static ptl_day day(const char *text)
{
	ptl_day d;

	ck_assert_int_eq(ptl_day_parse(&d, text), PTL_OK);
	return d;
}

static const char *const long_first = "Marie-Éloïse Bérénice Anne-Sophie Ghislaine Zoé";
static const char *const long_last =
	"de La Rochefoucauld-Saint-Exupéry de Montmorency-Laval d’Ormesson-Château-Thierry";

static ptl__attestation sample(void)
{
	return (ptl__attestation){
		.structure_name = "Service enfance-jeunesse de Villeneuve-lès-Avignon",
		.structure_address = "1 place de l’Hôtel-de-Ville",
		.structure_postcode = "30400",
		.structure_city = "Villeneuve-lès-Avignon",
		.structure_phone = "0490123456",
		.structure_email = "enfance@mairie-villeneuve.fr",
		.child_first_name = long_first,
		.child_last_name = long_last,
		.child_sex = "F",
		.child_birth_date = day("2018-12-02"),
		.activity_type = "Centre de Loisirs",
		.activity = "Mercredis",
		.period = "ALSH Mercredis 2026/2027",
		.period_first_day = day("2026-09-02"),
		.period_last_day = day("2027-07-07"),
		.group = "Élémentaires +6 ans",
		.enrolment_first_day = day("2026-09-01"),
		.enrolment_last_day = day("2027-06-30"),
		.issued_on = day("2026-12-02"),
		.reference = "ATT-04HM-ASW9-NF6Y-V",
	};
}

/* Render @p a into a temporary file; its path into @p path. */
static void render_to_file(char path[64], const ptl__attestation *a)
{
	unsigned char *pdf = NULL;
	size_t size = 0;

	ck_assert_int_eq(ptl__attestation_pdf(&pdf, &size, a), PTL_OK);
	ck_assert_uint_gt(size, 1000);
	ck_assert_int_eq(memcmp(pdf, "%PDF-", 5), 0);
	snprintf(path, 64, "%s/attestation-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, pdf, size), (ssize_t)size);
	close(fd);
	free(pdf);
}

/* The output of `pdftotext ARGS PATH -`, malloc'd. */
static char *pdftotext(const char *args, const char *path)
{
	const char *program = getenv("PDFTOTEXT");
	char command[512];
	size_t size = 0, capacity = 65536;
	char *text = malloc(capacity);

	ck_assert_ptr_nonnull(program);
	snprintf(command, sizeof(command), "'%s' %s '%s' -", program, args, path);
	FILE *f = popen(command, "r");
	ck_assert_ptr_nonnull(f);
	for (size_t n; (n = fread(text + size, 1, capacity - size - 1, f)) > 0;) {
		size += n;
		if (capacity - size < 2)
			ck_assert_ptr_nonnull(text = realloc(text, capacity *= 2));
	}
	text[size] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	return text;
}

/* @p text with every run of white space made one space (the lines of a
 * wrapped paragraph read as one), in place. */
static char *one_line(char *text)
{
	char *w = text;

	for (const char *r = text; *r; r++) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\f') {
			if (w != text && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return text;
}

static void assert_contains(const char *text, const char *expected)
{
	ck_assert_msg(strstr(text, expected), "\"%s\" not in: %s", expected, text);
}

START_TEST(test_attestation_pdf_reads_back_in_french)
{
	ptl__attestation a = sample();
	char path[64], expected[512];

	render_to_file(path, &a);
	char *text = one_line(pdftotext("-enc UTF-8", path));
	assert_contains(text, "Service enfance-jeunesse de Villeneuve-lès-Avignon");
	assert_contains(text, "1 place de l’Hôtel-de-Ville");
	assert_contains(text, "30400 Villeneuve-lès-Avignon");
	assert_contains(text, "Tél. 04 90 12 34 56");
	assert_contains(text, "enfance@mairie-villeneuve.fr");
	assert_contains(text, "Attestation d’inscription");
	assert_contains(text, "l’enfant désignée ci-dessous est inscrite");
	snprintf(expected, sizeof(expected), "Enfant %s %s", long_first, long_last);
	assert_contains(text, expected);
	assert_contains(text, "Née le 2 décembre 2018");
	assert_contains(text, "Type d’activité Centre de Loisirs");
	assert_contains(text, "Activité Mercredis");
	assert_contains(text, "Période ALSH Mercredis 2026/2027, du 2 septembre 2026 au 7 juillet 2027");
	assert_contains(text, "Groupe Élémentaires +6 ans");
	assert_contains(text, "Inscription du 1er septembre 2026 au 30 juin 2027");
	assert_contains(text, "Fait à Villeneuve-lès-Avignon, le 2 décembre 2026.");
	assert_contains(text, "Référence : ATT-04HM-ASW9-NF6Y-V");
	free(text);
	unlink(path);
}
END_TEST

/* Every word's box, from `pdftotext -bbox`, lies inside the page's
 * margins; the pages are A4. @return the number of pages. */
static int assert_inside_margins(const char *path)
{
	char *html = pdftotext("-bbox", path);
	int pages = 0, words = 0;

	for (const char *p = html; (p = strstr(p, "<page ")); p++) {
		double width, height;
		ck_assert_int_eq(sscanf(p, "<page width=\"%lf\" height=\"%lf\"", &width, &height), 2);
		ck_assert_double_eq_tol(width, 595.28, 0.01);
		ck_assert_double_eq_tol(height, 841.89, 0.01);
		pages++;
	}
	for (const char *p = html; (p = strstr(p, "<word ")); p++) {
		double x0, y0, x1, y1;
		ck_assert_int_eq(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
		                        &x0, &y0, &x1, &y1), 4);
		ck_assert_msg(x0 >= 56 && x1 <= 595.28 - 56, "a word runs out: %.60s", p);
		ck_assert_msg(y0 >= 40 && y1 <= 841.89 - 40, "a word runs out: %.60s", p);
		words++;
	}
	ck_assert_int_gt(words, 50);
	free(html);
	return pages;
}

START_TEST(test_attestation_pdf_long_names_wrap_inside_the_page)
{
	ptl__attestation a = sample();
	char path[64];

	render_to_file(path, &a);
	ck_assert_int_eq(assert_inside_margins(path), 1);
	unlink(path);

	/* A name of 150 letters without a space is cut inside the word. */
	char name[160 * 2];
	for (int i = 0; i < 150; i++)
		memcpy(name + 2 * i, "é", 2);
	name[300] = '\0';
	a.child_last_name = name;
	render_to_file(path, &a);
	ck_assert_int_eq(assert_inside_margins(path), 1);
	char *text = pdftotext("-enc UTF-8", path);
	char *w = text;
	for (const char *r = text; *r; r++)
		if (*r != ' ' && *r != '\n')
			*w++ = *r;
	*w = '\0';
	assert_contains(text, name);
	free(text);
	unlink(path);
}
END_TEST

START_TEST(test_attestation_pdf_without_optional_parts)
{
	ptl__attestation a = sample();
	char path[64];

	/* No city nor phone: "Fait le ...", no "Tél."; a boy: "Né le". No
	 * group: no line for it. */
	a.structure_city = "";
	a.structure_phone = NULL;
	a.child_sex = "M";
	a.child_first_name = "Noé";
	a.child_last_name = "Lefèvre";
	a.group = "";
	render_to_file(path, &a);
	char *text = one_line(pdftotext("-enc UTF-8", path));
	assert_contains(text, "Fait le 2 décembre 2026.");
	assert_contains(text, "Enfant Noé Lefèvre Né le 2 décembre 2018");
	assert_contains(text, "l’enfant désigné ci-dessous est inscrit à");
	ck_assert_ptr_null(strstr(text, "Tél."));
	ck_assert_ptr_null(strstr(text, "Groupe"));
	free(text);
	unlink(path);

	a.child_sex = "";
	render_to_file(path, &a);
	text = one_line(pdftotext("-enc UTF-8", path));
	assert_contains(text, "Né(e) le 2 décembre 2018");
	assert_contains(text, "l’enfant désigné(e) ci-dessous est inscrit(e) à");
	free(text);
	unlink(path);
}
END_TEST

START_TEST(test_attestation_pdf_same_content_same_bytes)
{
	ptl__attestation a = sample();
	unsigned char *one = NULL, *two = NULL;
	size_t one_size = 0, two_size = 0;

	ck_assert_int_eq(ptl__attestation_pdf(&one, &one_size, &a), PTL_OK);
	ck_assert_int_eq(ptl__attestation_pdf(&two, &two_size, &a), PTL_OK);
	ck_assert_uint_eq(one_size, two_size);
	ck_assert_int_eq(memcmp(one, two, one_size), 0);
	free(one);
	free(two);
}
END_TEST

/* Threads drawing at once: each gets the document a lone drawing gives
 * (the process's one drawing thread takes them in turn). */
#define DRAWERS 8

struct drawer {
	pthread_t thread;
	const ptl__attestation *a;
	unsigned char *pdf;
	size_t size;
	int rc;
};

static void *draw_one(void *arg)
{
	struct drawer *d = arg;

	d->rc = ptl__attestation_pdf(&d->pdf, &d->size, d->a);
	return NULL;
}

START_TEST(test_attestation_pdf_threads_drawing_at_once)
{
	ptl__attestation a = sample();
	struct drawer drawers[DRAWERS];
	unsigned char *alone = NULL;
	size_t alone_size = 0;

	for (int i = 0; i < DRAWERS; i++) {
		drawers[i] = (struct drawer){ .a = &a, .rc = -1 };
		ck_assert_int_eq(pthread_create(&drawers[i].thread, NULL, draw_one, &drawers[i]), 0);
	}
	for (int i = 0; i < DRAWERS; i++)
		ck_assert_int_eq(pthread_join(drawers[i].thread, NULL), 0);
	ck_assert_int_eq(ptl__attestation_pdf(&alone, &alone_size, &a), PTL_OK);
	for (int i = 0; i < DRAWERS; i++) {
		ck_assert_int_eq(drawers[i].rc, PTL_OK);
		ck_assert_uint_eq(drawers[i].size, alone_size);
		ck_assert_int_eq(memcmp(drawers[i].pdf, alone, alone_size), 0);
		free(drawers[i].pdf);
	}
	free(alone);
}
END_TEST

/* A process forked after drawing (the drawing thread is not forked with
 * it) draws too, the same bytes. */
START_TEST(test_attestation_pdf_forked_child_draws)
{
	ptl__attestation a = sample();
	unsigned char *parent = NULL;
	size_t parent_size = 0;
	int status = -1;
	pid_t child;

	ck_assert_int_eq(ptl__attestation_pdf(&parent, &parent_size, &a), PTL_OK);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		unsigned char *pdf = NULL;
		size_t size = 0;
		alarm(20);   /* a child left without a drawer would wait forever */
		_exit(ptl__attestation_pdf(&pdf, &size, &a) == PTL_OK && size == parent_size &&
		      memcmp(pdf, parent, size) == 0 ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	free(parent);
}
END_TEST

static Suite *attestation_suite(void)
{
	Suite *s = suite_create("attestation");
	TCase *reference = tcase_create("reference");
	TCase *pdf = tcase_create("pdf");

	tcase_add_test(reference, test_certificate_ref_format);
	tcase_add_test(reference, test_certificate_ref_catches_one_wrong_symbol);
	tcase_add_test(reference, test_certificate_ref_catches_swapped_neighbours);
	tcase_add_test(reference, test_certificate_ref_reads_what_people_type);
	tcase_add_test(pdf, test_attestation_pdf_reads_back_in_french);
	tcase_add_test(pdf, test_attestation_pdf_long_names_wrap_inside_the_page);
	tcase_add_test(pdf, test_attestation_pdf_without_optional_parts);
	tcase_add_test(pdf, test_attestation_pdf_same_content_same_bytes);
	tcase_add_test(pdf, test_attestation_pdf_threads_drawing_at_once);
	tcase_add_test(pdf, test_attestation_pdf_forked_child_draws);
	tcase_set_timeout(pdf, 60);
	suite_add_tcase(s, reference);
	suite_add_tcase(s, pdf);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(attestation_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
