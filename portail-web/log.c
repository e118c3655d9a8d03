/*
 * log.c — portail-web's log on standard error.
 *
 * One line per event, prefixed with the program's name. Errors that can
 * come once per request (a database outage under load, a pool with no
 * connection free) go through web_log_repeated(): the first occurrence of
 * a line is written at once, the same line again within the next second is
 * only counted, and the count is written with the line when the second is
 * over (at the next occurrence of any repeated line, or at the stop). An
 * outage thus writes about one line per second per distinct message,
 * whatever the load.
 *
 * A calendar feed's secret address (/ical/TOKEN.ics) is masked in every
 * line: the token never reaches the log.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web.h"

#define REPEAT_SLOTS 16
#define REPEAT_WINDOW_MS 1000

struct repeat {
	char line[512];          /* "" for a free slot */
	long long since;         /* start of the window, ms */
	unsigned long more;      /* occurrences not written since then */
};

static pthread_mutex_t repeat_lock = PTHREAD_MUTEX_INITIALIZER;
static struct repeat repeats[REPEAT_SLOTS];

static void write_line(const char *line)
{
	fprintf(stderr, "portail-web: %s\n", line);
}

static bool token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* The secret addresses of calendar feeds ("/ical/TOKEN.ics") never reach
 * the log, whatever wrote the line (civetweb's own messages included):
 * the token becomes one "*". */
static void mask_secrets(char *line)
{
	for (char *p = strstr(line, "/ical/"); p; p = strstr(p, "/ical/")) {
		char *token = p + 6, *end = token;

		while (token_char(*end))
			end++;
		if (end > token) {
			*token = '*';
			memmove(token + 1, end, strlen(end) + 1);
		}
		p = token;
	}
}

static void format_line(char *line, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(line, size, fmt, ap);
	line[strcspn(line, "\r\n")] = '\0';
	mask_secrets(line);
}

void web_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	format_line(line, sizeof(line), fmt, ap);
	va_end(ap);
	write_line(line);
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Write what slot @p r counted and free it. Under repeat_lock. */
static void close_window(struct repeat *r, long long now, unsigned long extra)
{
	unsigned long times = r->more + extra;

	if (times > 0)
		fprintf(stderr, "portail-web: %s (%lu more time%s in %.1f s)\n", r->line, times,
			times > 1 ? "s" : "", (double)(now - r->since) / 1000.0);
	r->line[0] = '\0';
	r->more = 0;
}

void web_log_repeated(const char *fmt, ...)
{
	char line[sizeof(repeats[0].line)];
	long long now = now_ms();
	struct repeat *slot = NULL;
	va_list ap;

	va_start(ap, fmt);
	format_line(line, sizeof(line), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&repeat_lock);
	for (size_t i = 0; i < REPEAT_SLOTS; i++) {
		struct repeat *r = &repeats[i];

		if (!r->line[0])
			continue;
		if (strcmp(r->line, line) == 0) {
			slot = r;
			continue;
		}
		if (now - r->since >= REPEAT_WINDOW_MS)
			close_window(r, now, 0);
	}
	if (slot && now - slot->since < REPEAT_WINDOW_MS) {
		slot->more++;
		pthread_mutex_unlock(&repeat_lock);
		return;
	}
	if (slot) {
		/* The window is over: this occurrence ends it, and opens the next. */
		bool counted = slot->more > 0;

		close_window(slot, now, counted ? 1 : 0);
		if (!counted)
			write_line(line);
	} else {
		/* A free slot, or the oldest window, closed early. */
		slot = &repeats[0];
		for (size_t i = 0; i < REPEAT_SLOTS && slot->line[0]; i++)
			if (!repeats[i].line[0] || repeats[i].since < slot->since)
				slot = &repeats[i];
		if (slot->line[0])
			close_window(slot, now, 0);
		write_line(line);
	}
	memcpy(slot->line, line, sizeof(line));
	slot->since = now;
	slot->more = 0;
	pthread_mutex_unlock(&repeat_lock);
}

void web_log_flush(void)
{
	long long now = now_ms();

	pthread_mutex_lock(&repeat_lock);
	for (size_t i = 0; i < REPEAT_SLOTS; i++)
		if (repeats[i].line[0])
			close_window(&repeats[i], now, 0);
	pthread_mutex_unlock(&repeat_lock);
}
