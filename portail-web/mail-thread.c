/*
 * mail-thread.c — delivering the outbox in the background.
 *
 * Sign-up, reset and notification mails are written to the outbox in the
 * transaction of the action that causes them; nothing is sent while a
 * parent's request is served (so its answer and its timing tell nothing).
 * When PORTAIL_SMTP_URL is set, one thread of portail-web calls
 * ptl_mail_deliver() every WEB_MAIL_INTERVAL_SECONDS on its own database
 * connection; the library sends through the relay and keeps refused
 * messages queued for the next round. Several servers may deliver at once:
 * the library never sends a message twice. Stopping wakes the thread, lets
 * a delivery in progress finish, and closes the connection.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web.h"

struct web_mailer {
	const struct web_config *cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;           /* under lock */
};

/* One round; logs a failure only when it differs from the last one, so a
 * relay that stays down does not fill the log every two seconds. */
static void deliver(ptl_db *db, int *last_rc)
{
	size_t sent = 0;
	int rc = ptl_mail_deliver(&sent, db);

	if (rc != PTL_OK && rc != *last_rc)
		web_log("mail delivery: %s (will retry)", ptl_error_last()->message);
	else if (rc == PTL_OK && *last_rc != PTL_OK)
		web_log("mail delivery: working again");
	if (sent > 0)
		web_log("mail delivery: %zu message%s sent", sent, sent > 1 ? "s" : "");
	*last_rc = rc;
}

static void *run(void *arg)
{
	struct web_mailer *m = arg;
	ptl_db *db = NULL;
	int last_rc = PTL_OK;
	struct timespec next;

	pthread_mutex_lock(&m->lock);
	while (!m->stopping) {
		pthread_mutex_unlock(&m->lock);
		/* PTL_EUNAVAILABLE still hands out a handle that reconnects;
		 * without one (a bad conninfo) the next round tries again. */
		if (!db)
			ptl_db_open(&db, m->cfg->conninfo);
		if (db) {
			deliver(db, &last_rc);
		} else if (last_rc != PTL_ERROR) {
			web_log("mail delivery: %s", ptl_error_last()->message);
			last_rc = PTL_ERROR;
		}
		/* The pause runs from the end of a round: a slow relay never
		 * makes rounds pile up. */
		clock_gettime(CLOCK_MONOTONIC, &next);
		next.tv_sec += WEB_MAIL_INTERVAL_SECONDS;
		pthread_mutex_lock(&m->lock);
		while (!m->stopping &&
		       pthread_cond_timedwait(&m->wake, &m->lock, &next) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&m->lock);
	ptl_db_close(db);
	return NULL;
}

struct web_mailer *web_mailer_start(const struct web_config *cfg)
{
	const char *url = getenv("PORTAIL_SMTP_URL");
	struct web_mailer *m;
	pthread_condattr_t attr;
	int rc;

	if (!url || !*url)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		web_log("mail delivery: out of memory; mails stay in the outbox");
		return NULL;
	}
	m->cfg = cfg;
	pthread_mutex_init(&m->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&m->wake, &attr);
	pthread_condattr_destroy(&attr);
	rc = pthread_create(&m->thread, NULL, run, m);
	if (rc != 0) {
		web_log("mail delivery: cannot start a thread (%s); mails stay in the outbox",
			strerror(rc));
		pthread_cond_destroy(&m->wake);
		pthread_mutex_destroy(&m->lock);
		free(m);
		return NULL;
	}
	/* Not the URL itself: it may hold the relay's credentials. */
	web_log("mail delivery every %d s through PORTAIL_SMTP_URL", WEB_MAIL_INTERVAL_SECONDS);
	return m;
}

void web_mailer_stop(struct web_mailer *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stopping = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	free(m);
}
