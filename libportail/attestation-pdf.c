/*
 * attestation-pdf.c — the certificate of enrolment as a PDF (see
 * attestation-pdf.h).
 *
 * cairo draws on a PDF surface whose bytes go through a cairo_write_func_t
 * into a growing buffer; pango lays the text out (UTF-8, French hyphen-free
 * wrapping at words, and inside a word only when a word alone is wider than
 * its column). Sizes are in PDF points: the font map's resolution is set to
 * 72 dots per inch so that a 11-point font is 11 units high. The pages are
 * A4, 595.28 x 841.89 points, with 2 cm margins; a content longer than a
 * page (it would take names of thousands of characters) goes on to the next.
 *
 * One thread of the process draws every document, with one font map made
 * once: a font map per drawing loaded the fonts again each time, and every
 * thread that drew kept what drawing cost it, its own font state (in its own
 * malloc arena) and the deep stack pango, harfbuzz and cairo use, so that
 * portail-web's memory grew with each of its 300 threads that ever drew.
 * Pango's font maps are not thread-safe either: the callers hand their
 * document to the drawing thread one at a time and wait for it. Documents
 * are drawn only when certificates are issued, which is rare, and stored
 * (certificate.c), so that the turns cost no download anything.
 */
#include <pthread.h>
#include <stdarg.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <portail/error.h>

#include "attestation-pdf.h"
#include "error-internal.h"

#define PAGE_WIDTH 595.28    /* A4, in points (210 mm) */
#define PAGE_HEIGHT 841.89   /* 297 mm */
#define MARGIN 56.69         /* 2 cm */
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define LABEL_WIDTH 130.0    /* the labels' column of the certified facts */
#define GAP 12.0

#define FONT_TEXT "DejaVu Sans 11"
#define FONT_LABEL "DejaVu Sans Bold 11"
#define FONT_SMALL "DejaVu Sans 9"
#define FONT_NAME "DejaVu Sans Bold 13"
#define FONT_HEADER "DejaVu Sans 10"
#define FONT_TITLE "DejaVu Sans Bold 20"
#define FONT_REFERENCE "DejaVu Sans Mono Bold 12"

/* The bytes cairo writes. */
struct buffer {
	unsigned char *data;
	size_t size, capacity;
};

static cairo_status_t buffer_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct buffer *b = closure;

	if (length > b->capacity - b->size) {
		size_t capacity = b->capacity ? b->capacity : 16384;
		while (length > capacity - b->size)
			capacity *= 2;
		unsigned char *grown = realloc(b->data, capacity);
		if (!grown)
			return CAIRO_STATUS_WRITE_ERROR;
		b->data = grown;
		b->capacity = capacity;
	}
	memcpy(b->data + b->size, data, length);
	b->size += length;
	return CAIRO_STATUS_SUCCESS;
}

/* Where the next block goes. */
struct page {
	cairo_t *cr;
	PangoContext *context;
	double y;
};

/* A layout of @p text in @p font, @p width points wide, wrapping at words
 * (inside a word only when it alone is too wide). */
static PangoLayout *layout_new(struct page *p, const char *text, const char *font, double width,
                               PangoAlignment align)
{
	PangoLayout *layout = pango_layout_new(p->context);
	PangoFontDescription *desc = pango_font_description_from_string(font);

	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align);
	pango_layout_set_text(layout, text ? text : "", -1);
	return layout;
}

static double layout_height(PangoLayout *layout)
{
	int width, height;

	pango_layout_get_size(layout, &width, &height);
	return (double)height / PANGO_SCALE;
}

/* Start a new page when @p height points do not fit under y. */
static void make_room(struct page *p, double height)
{
	if (p->y + height > PAGE_HEIGHT - MARGIN && p->y > MARGIN) {
		cairo_show_page(p->cr);
		p->y = MARGIN;
	}
}

static void draw_at(struct page *p, PangoLayout *layout, double x)
{
	cairo_move_to(p->cr, x, p->y);
	pango_cairo_show_layout(p->cr, layout);
}

/* A paragraph across the content's width, then @p after points of space. */
static void paragraph(struct page *p, const char *text, const char *font, PangoAlignment align,
                      double after)
{
	PangoLayout *layout = layout_new(p, text, font, CONTENT_WIDTH, align);
	double height = layout_height(layout);

	make_room(p, height);
	draw_at(p, layout, MARGIN);
	p->y += height + after;
	g_object_unref(layout);
}

/* One certified fact: its label on the left, its value beside it. Nothing
 * when the value is empty. */
static void fact(struct page *p, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	PangoLayout *l = layout_new(p, label, FONT_LABEL, LABEL_WIDTH - GAP, PANGO_ALIGN_LEFT);
	PangoLayout *v = layout_new(p, value, FONT_TEXT, CONTENT_WIDTH - LABEL_WIDTH, PANGO_ALIGN_LEFT);
	double hl = layout_height(l), hv = layout_height(v);
	double height = hl > hv ? hl : hv;

	make_room(p, height);
	draw_at(p, l, MARGIN);
	draw_at(p, v, MARGIN + LABEL_WIDTH);
	p->y += height + 6;
	g_object_unref(l);
	g_object_unref(v);
}

static void rule(struct page *p, double after)
{
	cairo_set_line_width(p->cr, 0.75);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, PAGE_WIDTH - MARGIN, p->y);
	cairo_stroke(p->cr);
	p->y += after;
}

static const char *text_or_empty(const char *s)
{
	return s ? s : "";
}

/* "01 23 45 67 89" for ten digits; anything else as it is. */
static void phone_format(char out[32], const char *phone)
{
	if (strlen(phone) == 10 && strspn(phone, "0123456789") == 10)
		snprintf(out, 32, "%.2s %.2s %.2s %.2s %.2s", phone, phone + 2, phone + 4, phone + 6,
		         phone + 8);
	else
		snprintf(out, 32, "%s", phone);
}

/* The variable parts of a sentence about the child, by sex. */
static const char *agreement(const char *sex, const char *feminine, const char *masculine,
                             const char *unknown)
{
	if (sex && strcmp(sex, "F") == 0)
		return feminine;
	if (sex && strcmp(sex, "M") == 0)
		return masculine;
	return unknown;
}

/* A string made with printf's format, or NULL when out of memory. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* The whole document, drawn on p. @return false when out of memory. */
static bool draw(struct page *p, const ptl__attestation *a)
{
	char phone[32], birth[PTL_DAY_FR_SIZE], period_first[PTL_DAY_FR_SIZE],
		period_last[PTL_DAY_FR_SIZE], first[PTL_DAY_FR_SIZE], last[PTL_DAY_FR_SIZE],
		issued[PTL_DAY_FR_SIZE];
	const char *city = text_or_empty(a->structure_city);
	const char *postcode = text_or_empty(a->structure_postcode);
	bool ok = false;

	ptl_day_format_fr(birth, a->child_birth_date);
	ptl_day_format_fr(period_first, a->period_first_day);
	ptl_day_format_fr(period_last, a->period_last_day);
	ptl_day_format_fr(first, a->enrolment_first_day);
	ptl_day_format_fr(last, a->enrolment_last_day);
	ptl_day_format_fr(issued, a->issued_on);
	phone_format(phone, text_or_empty(a->structure_phone));

	char *town = format("%s%s%s", postcode, *postcode && *city ? " " : "", city);
	char *phone_line = *phone ? format("Tél. %s", phone) : format("%s", "");
	char *child = format("%s %s", text_or_empty(a->child_first_name),
	                     text_or_empty(a->child_last_name));
	char *intro = format("Le service soussigné atteste que l’enfant désigné%s ci-dessous est "
	                     "inscrit%s à l’activité suivante.",
	                     agreement(a->child_sex, "e", "", "(e)"),
	                     agreement(a->child_sex, "e", "", "(e)"));
	char *period = format("%s, du %s au %s", text_or_empty(a->period), period_first, period_last);
	char *dates = format("du %s au %s", first, last);
	char *done = *city ? format("Fait à %s, le %s.", city, issued) : format("Fait le %s.", issued);
	char *reference = format("Référence : %s", text_or_empty(a->reference));
	if (!town || !phone_line || !child || !intro || !period || !dates || !done || !reference)
		goto done;

	/* The structure's header. */
	paragraph(p, text_or_empty(a->structure_name), FONT_NAME, PANGO_ALIGN_LEFT, 4);
	const char *header[] = { a->structure_address, town, phone_line, a->structure_email };
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		if (header[i] && *header[i])
			paragraph(p, header[i], FONT_HEADER, PANGO_ALIGN_LEFT, 1);
	p->y += 14;
	rule(p, 40);

	paragraph(p, "Attestation d’inscription", FONT_TITLE, PANGO_ALIGN_CENTER, 32);
	paragraph(p, intro, FONT_TEXT, PANGO_ALIGN_LEFT, 18);

	fact(p, "Enfant", child);
	fact(p, agreement(a->child_sex, "Née le", "Né le", "Né(e) le"), birth);
	fact(p, "Type d’activité", a->activity_type);
	fact(p, "Activité", a->activity);
	fact(p, "Période", period);
	fact(p, "Groupe", a->group);
	fact(p, "Inscription", dates);
	p->y += 24;

	paragraph(p, done, FONT_TEXT, PANGO_ALIGN_LEFT, 48);
	rule(p, 10);
	paragraph(p, reference, FONT_REFERENCE, PANGO_ALIGN_LEFT, 4);
	paragraph(p, "Le service conserve le contenu de cette attestation : il peut en confirmer "
	          "l’authenticité à qui lui donne cette référence.",
	          FONT_SMALL, PANGO_ALIGN_LEFT, 0);
	ok = true;
done:
	free(town);
	free(phone_line);
	free(child);
	free(intro);
	free(period);
	free(dates);
	free(done);
	free(reference);
	return ok;
}

/* The font map of the drawing thread, made on its first drawing: at 72
 * dots per inch, so that sizes are in points. NULL when it cannot be made. */
static PangoFontMap *font_map;

static PangoFontMap *font_map_get(void)
{
	if (!font_map && (font_map = pango_cairo_font_map_new()))
		pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(font_map), 72.0);
	return font_map;
}

/* The document on a PDF surface writing into @p buffer (in the drawing
 * thread). */
static int draw_document(struct buffer *buffer, const ptl__attestation *a)
{
	cairo_surface_t *surface;
	cairo_t *cr = NULL;
	PangoFontMap *fonts = font_map_get();
	PangoContext *context = NULL;
	cairo_font_options_t *font_options = NULL;
	int rc = PTL_ERROR;
	char created[32];
	int year, month, day;

	if (!fonts)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "the fonts could not be loaded");
	surface = cairo_pdf_surface_create_for_stream(buffer_write, buffer, PAGE_WIDTH, PAGE_HEIGHT);
	ptl_day_to_ymd(&year, &month, &day, a->issued_on);
	snprintf(created, sizeof(created), "%04d-%02d-%02dT00:00:00", year, month, day);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Attestation d’inscription");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
	                               text_or_empty(a->structure_name));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Portail");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
	cr = cairo_create(surface);

	context = pango_font_map_create_context(fonts);
	pango_context_set_language(context, pango_language_from_string("fr"));
	font_options = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(context, font_options);
	pango_cairo_update_context(cr, context);

	struct page page = { .cr = cr, .context = context, .y = MARGIN };
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (!draw(&page, a)) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		goto done;
	}
	cairo_show_page(cr);
	cairo_surface_finish(surface);
	cairo_status_t status = cairo_status(cr);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "the certificate's PDF could not be drawn: %s",
		                    cairo_status_to_string(status));
		goto done;
	}
	rc = PTL_OK;
done:
	cairo_font_options_destroy(font_options);
	if (context)
		g_object_unref(context);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	return rc;
}

/* A document handed to the drawing thread, and what came of it. */
struct job {
	const ptl__attestation *a;
	const struct buffer *drawn;   /* the drawing thread's, while the job is current */
	int rc;
	char message[256];   /* the drawing thread's error, when rc is not PTL_OK */
	bool done;
};

/* The hand-over: the job being drawn or whose document waits to be copied
 * out (NULL when the thread is free), under lock; changed is signalled when
 * a job is handed over, done, or copied out. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct job *current;
/* The process whose drawing thread runs (0: none yet): a forked child has
 * none, and starts its own. */
static pid_t drawer_of;

/* Where the drawing thread writes every document: it keeps the buffer,
 * which grows to the largest document once, and the caller copies the
 * document out into memory of its own thread. A buffer allocated here and
 * freed in the caller's thread would be cached by that thread's allocator
 * (jemalloc in portail-web) and never reused: memory again growing with
 * the threads that ever asked for a drawing. */
static struct buffer drawn;

static void draw_job(struct job *job)
{
	drawn.size = 0;
	job->drawn = &drawn;
	job->rc = draw_document(&drawn, job->a);
	if (job->rc != PTL_OK)
		snprintf(job->message, sizeof(job->message), "%s", ptl_error_last()->message);
}

static void *drawer(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (!current || current->done)
			pthread_cond_wait(&changed, &lock);
		struct job *job = current;
		pthread_mutex_unlock(&lock);
		draw_job(job);
		pthread_mutex_lock(&lock);
		job->done = true;   /* current until its caller has copied it out */
		pthread_cond_broadcast(&changed);
	}
	return NULL;
}

/* Around fork(): the child gets no drawing thread, so the hand-over waits
 * for the thread to be free (its font map whole) and starts afresh there. */
static void fork_prepare(void)
{
	pthread_mutex_lock(&lock);
	while (current)
		pthread_cond_wait(&changed, &lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&lock);
}

static void fork_child(void)
{
	pthread_cond_init(&changed, NULL);
	pthread_mutex_unlock(&lock);
}

static pthread_once_t fork_handlers = PTHREAD_ONCE_INIT;

static void fork_handlers_install(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* With lock held: the drawing thread of this process runs. */
static bool drawer_started(void)
{
	pthread_t thread;

	if (drawer_of == getpid())
		return true;
	pthread_once(&fork_handlers, fork_handlers_install);
	if (pthread_create(&thread, NULL, drawer, NULL) != 0)
		return false;
	pthread_detach(thread);
	drawer_of = getpid();
	return true;
}

int ptl__attestation_pdf(unsigned char **out, size_t *size_out, const ptl__attestation *a)
{
	struct job job = { .a = a };

	pthread_mutex_lock(&lock);
	if (!drawer_started()) {
		pthread_mutex_unlock(&lock);
		return ptl__error_set(PTL_ERROR, NULL, NULL,
		                      "the certificate's PDF could not be drawn: no drawing thread");
	}
	while (current)
		pthread_cond_wait(&changed, &lock);
	current = &job;
	pthread_cond_broadcast(&changed);
	while (!job.done)
		pthread_cond_wait(&changed, &lock);
	unsigned char *copy = job.rc == PTL_OK ? malloc(job.drawn->size ? job.drawn->size : 1) : NULL;
	if (copy)
		memcpy(copy, job.drawn->data, job.drawn->size);
	size_t size = job.drawn->size;
	current = NULL;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	if (job.rc != PTL_OK)
		return ptl__error_set(job.rc, NULL, NULL, "%s", job.message);
	if (!copy)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	*out = copy;
	*size_out = size;
	return PTL_OK;
}
