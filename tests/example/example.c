/*
 * example.c — a small program that uses libportail the way any other C
 * program would: through the installed headers and pkg-config file only.
 * It reads dates given as arguments (or two built-in ones), prints what the
 * library makes of them, and checks the error names of the public API.
 * The installed-example test builds it against a staged `meson install`.
 */
#include <stdio.h>
#include <string.h>

#include <portail/portail.h>

/* Print one date as the library understands it; 0 if it is valid. */
static int show_date(const char *text)
{
	ptl_day day, next;
	char buf[11], next_buf[11];
	int status = ptl_day_parse(&day, text);

	if (status != PTL_OK) {
		printf("%s: %s\n", text, ptl_status_name(status));
		return 1;
	}
	next = day + 1;
	ptl_day_format(buf, day);
	ptl_day_format(next_buf, next);
	printf("%s: day %ld, weekday %d, next day %s\n", buf, (long)day,
	       ptl_day_weekday(day), next_buf);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const defaults[] = { "2024-02-28", "2026-02-30" };
	const char *const *dates = defaults;
	int count = 2;
	int invalid = 0;

	if (argc > 1) {
		dates = (const char *const *)argv + 1;
		count = argc - 1;
	}

	printf("libportail %s\n", PTL_VERSION_STRING);
	for (int i = 0; i < count; i++)
		invalid += show_date(dates[i]);

	/* The stable error names that web clients see. */
	if (strcmp(ptl_status_name(PTL_ENOTFOUND), "not_found") != 0 ||
	    strcmp(ptl_status_name(PTL_EINVALID), "invalid") != 0 ||
	    ptl_error_last() == NULL) {
		fprintf(stderr, "example: unexpected error names\n");
		return 2;
	}
	printf("status names: %s %s\n", ptl_status_name(PTL_ENOTFOUND),
	       ptl_status_name(PTL_EINVALID));
	printf("%d invalid date(s)\n", invalid);
	return 0;
}
