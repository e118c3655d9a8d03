/*
 * reservation-import.c — the manager's batch corrections of reservations
 * (ptl_reservation_import(), reservation.h): a CSV file read whole and
 * checked first (a malformed file changes nothing), its lines' enrolments
 * found in one statement, then each enrolment's lines applied by the
 * change of reservation-change.c as the manager's, all in one transaction;
 * each family whose reservations changed gets one mail listing them.
 * A dry run does the same under a savepoint and rolls it back.
 */
#define _GNU_SOURCE  /* asprintf */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <portail/error.h>
#include <portail/reservation.h>

#include "core/csv.h"
#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"
#include "reservation-internal.h"
#include "reservation-places.h"

/* One line of the file, as read. */
struct line {
	unsigned int line;
	bool cancel;
	ptl_day day;
	char *period, *group, *unit;
	int64_t child_id;
	/* found */
	int64_t enrolment_id, family_id;
	bool validated;
	char *first_name;
};

struct import {
	const ptl_reservation_import_options *in;
	size_t nlines;
	struct line *lines;
	/* the report being built (reset by each attempt of the transaction) */
	size_t count, size;
	ptl_reservation_import_item *items;
	size_t families;
};

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

static void items_release(ptl_reservation_import_item *items, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(items[i].unit);
		free(items[i].unit_label);
		free(items[i].child_first_name);
		free(items[i].reason_en);
	}
	free(items);
}

static void items_free(struct import *im)
{
	items_release(im->items, im->count);
	im->items = NULL;
	im->count = im->size = 0;
	im->families = 0;
}

static void lines_free(struct import *im)
{
	for (size_t i = 0; i < im->nlines; i++) {
		free(im->lines[i].period);
		free(im->lines[i].group);
		free(im->lines[i].unit);
		free(im->lines[i].first_name);
	}
	free(im->lines);
}

/* --- reading the file ----------------------------------------------------------- */

enum { COL_DAY, COL_PERIOD, COL_GROUP, COL_UNIT, COL_CHILD, COL_STATUS, NCOLS };
static const char *const column_names[NCOLS] = {
	"day", "period", "group", "unit", "child id", "status",
};

static int malformed(unsigned int line, const char *what, const char *value)
{
	char field[24];

	snprintf(field, sizeof(field), "line %u", line);
	return ptl__error_set(PTL_EINVALID, field, "Fichier de réservations mal formé.",
	                      "line %u: %s%s%s%s", line, what, value ? " '" : "",
	                      value ? value : "", value ? "'" : "");
}

/* The action of a status: 1 book, 2 cancel, 0 not one. */
static int action_of(const char *status)
{
	static const char *const book[] = { "book", "booked", "pending", "waiting",
	                                    "cancel_pending" };

	for (size_t i = 0; i < sizeof(book) / sizeof(book[0]); i++)
		if (strcasecmp(status, book[i]) == 0)
			return 1;
	if (strcasecmp(status, "cancel") == 0 || strcasecmp(status, "cancelled") == 0)
		return 2;
	return 0;
}

static char *trimmed_dup(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

static int read_line(struct line *l, struct ptl__csv *r, const int *col)
{
	char *text[NCOLS] = { NULL };
	char *end;
	int rc = PTL_OK, action;
	long long id;

	for (int k = 0; k < NCOLS; k++)
		if (!(text[k] = trimmed_dup(r->fields[col[k]]))) {
			rc = oom();
			goto done;
		}
	l->line = r->line;
	if (ptl_day_parse(&l->day, text[COL_DAY]) != PTL_OK) {
		rc = malformed(r->line, "not a day (YYYY-MM-DD):", text[COL_DAY]);
		goto done;
	}
	errno = 0;
	id = strtoll(text[COL_CHILD], &end, 10);
	if (!isdigit((unsigned char)text[COL_CHILD][0]) || *end || errno || id <= 0) {
		rc = malformed(r->line, "not a child id:", text[COL_CHILD]);
		goto done;
	}
	l->child_id = id;
	if (!(action = action_of(text[COL_STATUS]))) {
		rc = malformed(r->line, "status is not book or cancel (or a reservation's status):",
		               text[COL_STATUS]);
		goto done;
	}
	l->cancel = action == 2;
	for (int k = COL_PERIOD; k <= COL_UNIT; k++)
		if (!text[k][0] || strlen(text[k]) > 64) {
			rc = malformed(r->line, k == COL_UNIT ? "no unit code"
			                        : k == COL_GROUP ? "no group code" : "no period code", NULL);
			goto done;
		}
	l->period = text[COL_PERIOD];
	l->group = text[COL_GROUP];
	l->unit = text[COL_UNIT];
	text[COL_PERIOD] = text[COL_GROUP] = text[COL_UNIT] = NULL;
done:
	for (int k = 0; k < NCOLS; k++)
		free(text[k]);
	return rc;
}

static int read_file(struct import *im, const char *csv, size_t len)
{
	struct ptl__csv r = { .text = csv, .len = len };
	int col[NCOLS], got, rc = PTL_OK;
	size_t header_count, size = 0;

	got = ptl__csv_next(&r);
	if (got == PTL__CSV_NOMEM)
		return oom();
	if (got != PTL__CSV_RECORD) {
		ptl__csv_free(&r);
		return ptl__error_set(PTL_EINVALID, "header", "Fichier vide ou mal formé.",
		                      "the file has no header line");
	}
	header_count = r.count;
	for (int k = 0; k < NCOLS; k++) {
		col[k] = -1;
		for (size_t i = 0; i < r.count; i++) {
			char *name = trimmed_dup(r.fields[i]);

			if (!name) {
				ptl__csv_free(&r);
				return oom();
			}
			if (strcasecmp(name, column_names[k]) == 0)
				col[k] = (int)i;
			free(name);
		}
		if (col[k] < 0) {
			ptl__csv_free(&r);
			return ptl__error_set(PTL_EINVALID, "header",
				"La ligne d’en-tête du fichier n’a pas toutes les colonnes.",
				"line 1: the header has no column '%s' (it needs day, period, group, unit,"
				" child id and status)", column_names[k]);
		}
	}
	while (rc == PTL_OK && (got = ptl__csv_next(&r)) == PTL__CSV_RECORD) {
		if (r.count != header_count) {
			rc = malformed(r.line, "not as many fields as the header", NULL);
			break;
		}
		if (im->nlines == size) {
			size_t grown_size = size ? 2 * size : 64;
			struct line *grown = realloc(im->lines, grown_size * sizeof(*grown));

			if (!grown) {
				rc = oom();
				break;
			}
			im->lines = grown;
			size = grown_size;
		}
		im->lines[im->nlines] = (struct line){ 0 };
		rc = read_line(&im->lines[im->nlines], &r, col);
		im->nlines++;
	}
	if (rc == PTL_OK && got == PTL__CSV_MALFORMED)
		rc = malformed(r.line, "a quote is not closed, or text follows a closing quote",
		               NULL);
	else if (rc == PTL_OK && got == PTL__CSV_NOMEM)
		rc = oom();
	ptl__csv_free(&r);
	return rc;
}

/* --- the enrolments ----------------------------------------------------------------- */

/* The enrolment of each line's child in its period and group (a validated
 * one first, then the latest), in one statement. */
static int find_enrolments(ptl_db *db, struct import *im)
{
	struct ptl__lit ch = { 0 }, pe = { 0 }, gr = { 0 };
	PGresult *res = NULL;
	int rc = PTL_OK;

	for (size_t i = 0; i < im->nlines; i++) {
		ptl__lit_add_int(&ch, im->lines[i].child_id);
		ptl__lit_add(&pe, im->lines[i].period);
		ptl__lit_add(&gr, im->lines[i].group);
	}
	{
		const char *params[] = { ptl__lit_end(&ch), ptl__lit_end(&pe), ptl__lit_end(&gr) };

		if (!params[0] || !params[1] || !params[2]) {
			rc = oom();
			goto done;
		}
		res = ptl__db_query(db,
			"SELECT x.i, e.id, e.family_id, e.status, c.first_name"
			"  FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY"
			"       AS x (child_id, period, grp, i)"
			"  LEFT JOIN LATERAL (SELECT e.* FROM enrolment e"
			"               JOIN period p ON p.id = e.period_id"
			"               JOIN period_group g ON g.id = e.group_id"
			"              WHERE e.child_id = x.child_id AND p.code = x.period"
			"                AND g.code = x.grp"
			"              ORDER BY e.status = 'validated' DESC, e.id DESC LIMIT 1) e ON true"
			"  LEFT JOIN child c ON c.id = e.child_id"
			" ORDER BY x.i", 3, params);
	}
	if (!res) {
		rc = ptl_error_last()->code;
		goto done;
	}
	for (int row = 0; row < PQntuples(res) && (size_t)row < im->nlines; row++) {
		struct line *l = &im->lines[row];
		const char *status = ptl__db_get(res, row, "status");

		free(l->first_name);
		l->first_name = NULL;
		l->enrolment_id = status ? ptl__db_get_int64(res, row, "id") : 0;
		l->family_id = status ? ptl__db_get_int64(res, row, "family_id") : 0;
		l->validated = status && strcmp(status, "validated") == 0;
		if (status && !(l->first_name = ptl__db_dup(res, row, "first_name")))
			rc = oom();
	}
done:
	PQclear(res);
	ptl__lit_free(&ch);
	ptl__lit_free(&pe);
	ptl__lit_free(&gr);
	return rc;
}

/* --- applying ------------------------------------------------------------------------- */

static ptl_reservation_import_item *add_item(struct import *im, const struct line *l)
{
	ptl_reservation_import_item *it;

	if (im->count == im->size) {
		size_t size = im->size ? 2 * im->size : 64;
		ptl_reservation_import_item *grown = realloc(im->items, size * sizeof(*grown));

		if (!grown)
			return NULL;
		im->items = grown;
		im->size = size;
	}
	it = &im->items[im->count++];
	*it = (ptl_reservation_import_item){ .line = l->line, .cancel = l->cancel,
	                                     .child_id = l->child_id,
	                                     .enrolment_id = l->enrolment_id,
	                                     .family_id = l->family_id };
	ptl_day_format(it->day, l->day);
	it->unit = strdup(l->unit);
	it->unit_label = strdup("");
	it->child_first_name = strdup(l->first_name ? l->first_name : "");
	if (!it->unit || !it->unit_label || !it->child_first_name) {
		free(it->unit);
		free(it->unit_label);
		free(it->child_first_name);
		im->count--;
		return NULL;
	}
	return it;
}

/* A line refused before any change: no enrolment, or not a validated one. */
static int refuse_line(struct import *im, const struct line *l)
{
	ptl_reservation_import_item *it = add_item(im, l);
	int n;

	if (!it)
		return oom();
	it->outcome = PTL_RESERVATION_REFUSED;
	if (!l->enrolment_id) {
		it->reason_code = "unknown_enrolment";
		n = asprintf(&it->reason_en, "child %lld has no enrolment in period %s, group %s",
		             (long long)l->child_id, l->period, l->group);
	} else {
		it->reason_code = "enrolment_not_validated";
		n = asprintf(&it->reason_en, "enrolment %lld is not validated",
		             (long long)l->enrolment_id);
	}
	if (n < 0) {
		it->reason_en = NULL;
		return oom();
	}
	return PTL_OK;
}

/* Apply the lines @p idx[0..n) of one enrolment; @p idx is reordered so
 * that the cancels come first (the picks' order). */
static int apply_enrolment(ptl_db *db, struct import *im, size_t *idx, size_t n)
{
	ptl_reservation_change_options in = PTL_RESERVATION_CHANGE_OPTIONS_INIT;
	struct ptl__resa_as as = { .force = im->in->force, .source = "import" };
	ptl_reservation_pick *picks = calloc(n + 1, sizeof(*picks));
	char (*days)[11] = calloc(n + 1, sizeof(*days));
	ptl_reservation_results *r = NULL;
	int *asked = NULL, rc;
	size_t k = 0;

	if (!picks || !days) {
		rc = oom();
		goto done;
	}
	for (int pass = 0; pass < 2; pass++)  /* cancels, then books */
		for (size_t i = k; i < n; i++)
			if (im->lines[idx[i]].cancel == (pass == 0)) {
				size_t t = idx[k];

				idx[k++] = idx[i];
				idx[i] = t;
			}
	for (size_t i = 0; i < n; i++) {
		const struct line *l = &im->lines[idx[i]];

		ptl_day_format(days[i], l->day);
		picks[i] = (ptl_reservation_pick){ days[i], l->unit };
		if (l->cancel)
			in.cancel_count++;
	}
	in.cancel = picks;
	in.book = picks + in.cancel_count;
	in.book_count = n - in.cancel_count;
	if ((rc = ptl__reservation_change_in(&r, &asked, db, im->lines[idx[0]].enrolment_id, &in,
	                                     &as)) != PTL_OK)
		goto done;
	for (size_t j = 0; j < r->count; j++) {
		ptl_reservation_result *res = &r->items[j];
		const struct line *l = NULL;
		ptl_reservation_import_item *it;

		if (asked[j] >= 0 && (size_t)asked[j] < n)
			l = &im->lines[idx[asked[j]]];
		for (size_t i = 0; !l && i < n; i++)  /* an added unit: the line of its day */
			if (strcmp(days[i], res->day) == 0 && im->lines[idx[i]].cancel == res->cancel)
				l = &im->lines[idx[i]];
		if (!l)
			l = &im->lines[idx[0]];
		if (!(it = add_item(im, l))) {
			rc = oom();
			goto done;
		}
		snprintf(it->day, sizeof(it->day), "%s", res->day);
		free(it->unit);
		free(it->unit_label);
		it->unit = res->unit;
		it->unit_label = res->unit_label;
		res->unit = res->unit_label = NULL;
		it->cancel = res->cancel;
		it->outcome = res->outcome;
		it->rank = res->rank;
		it->added = res->added;
		it->reason_code = res->reason_code;
		it->reason_en = res->reason_en;
		res->reason_en = NULL;
	}
done:
	ptl_reservation_results_free(r);
	free(asked);
	free(picks);
	free(days);
	return rc;
}

static int compare_enrolment(const void *a, const void *b, void *arg)
{
	const struct line *lines = arg;
	const struct line *x = &lines[*(const size_t *)a], *y = &lines[*(const size_t *)b];

	if (x->enrolment_id != y->enrolment_id)
		return x->enrolment_id < y->enrolment_id ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int compare_items(const void *a, const void *b)
{
	const ptl_reservation_import_item *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if ((x->added != 0) != (y->added != 0))
		return x->added ? 1 : -1;
	return 0;
}

/* What a changed item says in the family's mail; NULL when nothing changed. */
static const char *change_fr(const ptl_reservation_import_item *it)
{
	switch (it->outcome) {
	case PTL_RESERVATION_BOOKED: return "réservée";
	case PTL_RESERVATION_PENDING: return "réservée, en attente de validation";
	case PTL_RESERVATION_WAITING: return "inscrite sur la liste d’attente";
	case PTL_RESERVATION_CANCELLED: return "annulée";
	case PTL_RESERVATION_CANCEL_PENDING: return "annulation en attente de validation";
	default: return NULL;
	}
}

/* One mail per family whose reservations changed, listing the changes. */
static int notify(ptl_db *db, struct import *im)
{
	int64_t *told = calloc(im->count + 1, sizeof(int64_t));
	size_t ntold = 0;
	int rc = PTL_OK;

	if (!told)
		return oom();
	for (size_t i = 0; i < im->count && rc == PTL_OK; i++) {
		int64_t family = im->items[i].family_id;
		char *body = NULL;
		size_t size = 0, k = 0;
		FILE *f;

		if (!family || !change_fr(&im->items[i]))
			continue;
		while (k < ntold && told[k] != family)
			k++;
		if (k < ntold)
			continue;
		told[ntold++] = family;
		if (!(f = open_memstream(&body, &size))) {
			rc = oom();
			break;
		}
		fputs("Bonjour,\n\nLe service a modifié les réservations suivantes :\n", f);
		for (size_t j = i; j < im->count; j++) {
			const ptl_reservation_import_item *it = &im->items[j];
			char day[PTL_DAY_FR_SIZE];
			ptl_day d;

			if (it->family_id != family || !change_fr(it))
				continue;
			ptl_day_parse(&d, it->day);
			ptl_day_format_fr(day, d);
			fprintf(f, "- %s, le %s, %s : %s\n", it->child_first_name, day, it->unit_label,
			        change_fr(it));
		}
		fprintf(f, "\nVoir les réservations : %s/\n", ptl__public_url());
		if (fclose(f) != 0 || !body) {
			free(body);
			rc = oom();
			break;
		}
		if (!im->in->dry_run)
			rc = ptl__mail_queue_family(db, family, "Vos réservations ont été modifiées",
			                            body);
		free(body);
	}
	im->families = ntold;
	free(told);
	return rc;
}

static int import_tx(ptl_db *db, void *arg)
{
	struct import *im = arg;
	size_t *idx = calloc(im->nlines + 1, sizeof(size_t)), n = 0;
	int rc;

	items_free(im);
	if (!idx)
		return oom();
	if (im->in->dry_run && (rc = ptl__db_exec(db, "SAVEPOINT dry_run", 0, NULL)) != PTL_OK)
		goto done;
	if ((rc = find_enrolments(db, im)) != PTL_OK)
		goto done;
	for (size_t i = 0; i < im->nlines && rc == PTL_OK; i++) {
		if (im->lines[i].validated)
			idx[n++] = i;
		else
			rc = refuse_line(im, &im->lines[i]);
	}
	qsort_r(idx, n, sizeof(*idx), compare_enrolment, im->lines);
	for (size_t i = 0; i < n && rc == PTL_OK;) {
		size_t j = i;

		while (j < n && im->lines[idx[j]].enrolment_id == im->lines[idx[i]].enrolment_id)
			j++;
		rc = apply_enrolment(db, im, idx + i, j - i);
		i = j;
	}
	if (rc != PTL_OK)
		goto done;
	qsort(im->items, im->count, sizeof(*im->items), compare_items);
	if ((rc = notify(db, im)) == PTL_OK && im->in->dry_run)
		rc = ptl__db_exec(db, "ROLLBACK TO SAVEPOINT dry_run", 0, NULL);
done:
	free(idx);
	return rc;
}

int ptl_reservation_import(ptl_reservation_import_report **out, ptl_db *db, const char *csv,
                           size_t len, const ptl_reservation_import_options *in)
{
	struct import im = { .in = in };
	ptl_reservation_import_report *r;
	int rc;

	*out = NULL;
	if ((rc = ptl__options_check(in ? &in->version : NULL,
	                             PTL_RESERVATION_IMPORT_OPTIONS_VERSION,
	                             "ptl_reservation_import_options")) != PTL_OK)
		return rc;
	if (!csv)
		return ptl__error_set(PTL_EINVALID, "header", "Fichier vide.", "no file");
	if ((rc = read_file(&im, csv, len)) == PTL_OK &&
	    (rc = ptl__db_transaction(db, import_tx, &im)) == PTL_OK) {
		if (!(r = calloc(1, sizeof(*r)))) {
			rc = oom();
		} else {
			r->count = im.count;
			r->items = im.items;
			r->families = im.families;
			r->dry_run = in->dry_run;
			im.items = NULL;
			im.count = 0;
			*out = r;
		}
	}
	items_free(&im);
	lines_free(&im);
	return rc;
}

void ptl_reservation_import_report_free(ptl_reservation_import_report *report)
{
	if (!report)
		return;
	items_release(report->items, report->count);
	free(report);
}
