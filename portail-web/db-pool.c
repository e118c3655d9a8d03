/*
 * db-pool.c — the few database connections that the many worker threads
 * borrow.
 *
 * HTTP worker threads are many and cheap (a slow client holds one for the
 * whole of its read timeout); database connections are few (each is a
 * PostgreSQL backend). The pool holds at most --db-connections of them,
 * opened on first need and kept. A request borrows one only when its
 * handler first asks (web_db_or_reply, after the body has been read) and
 * the router gives it back before the reply is written, so a slow client
 * never holds a connection. A request that waits more than
 * the configured wait (--db-wait-ms, 2 s by default) for one
 * gets a 503 with Retry-After. When PostgreSQL is
 * down, a borrowed connection still exists: its calls fail with
 * PTL_EUNAVAILABLE and the library reopens it by itself once the server is
 * back, so the server recovers without a restart.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "web.h"

/* A thread waiting for a connection: the pool hands one over to the oldest
 * waiter directly (first come, first served), so that a thread arriving
 * when a connection comes back cannot take it before those already
 * waiting. Without that order, under load, a few unlucky requests wait
 * round after round while newcomers pass them: the slowest percent of
 * requests waited seven times the median. */
struct web_pool_waiter {
	pthread_cond_t handed;
	ptl_db *db;                     /* set by the thread that hands it over */
	bool may_open;                  /* or the right to open a new one */
	struct web_pool_waiter *next;
};

struct web_pool {
	pthread_mutex_t lock;
	const char *conninfo;
	ptl_db **idle;           /* the connections not lent, under lock */
	size_t idle_count;
	size_t open;             /* lent + idle + being opened, under lock */
	size_t size;
	struct web_pool_waiter *first, *last;   /* waiting threads, oldest first */
};

struct web_pool *web_pool_create(const char *conninfo, int size)
{
	struct web_pool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->idle = calloc((size_t)size, sizeof(*p->idle));
	if (!p->idle) {
		free(p);
		return NULL;
	}
	p->conninfo = conninfo;
	p->size = (size_t)size;
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void web_pool_destroy(struct web_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->idle_count; i++)
		ptl_db_close(p->idle[i]);
	pthread_mutex_destroy(&p->lock);
	free(p->idle);
	free(p);
}

static struct timespec deadline_in(int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* The oldest waiter, taken off the queue; NULL if none. Under lock. */
static struct web_pool_waiter *next_waiter(struct web_pool *p)
{
	struct web_pool_waiter *w = p->first;

	if (w) {
		p->first = w->next;
		if (!p->first)
			p->last = NULL;
	}
	return w;
}

/* Take @p w off the queue, wherever it is (it gave up). Under lock. */
static void forget_waiter(struct web_pool *p, struct web_pool_waiter *w)
{
	struct web_pool_waiter **link = &p->first, *prev = NULL;

	while (*link && *link != w) {
		prev = *link;
		link = &(*link)->next;
	}
	if (!*link)
		return;
	*link = w->next;
	if (p->last == w)
		p->last = prev;
}

/* Wait in line until a connection or the right to open one is handed to
 * the calling thread, or until @p wait_ms pass. Under lock. */
static void wait_in_line(struct web_pool *p, int wait_ms, struct web_pool_waiter *w)
{
	struct timespec deadline = deadline_in(wait_ms);
	int rc = 0;

	pthread_cond_init(&w->handed, NULL);
	w->next = NULL;
	if (p->last)
		p->last->next = w;
	else
		p->first = w;
	p->last = w;
	while (!w->db && !w->may_open && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&w->handed, &p->lock, &deadline);
	if (!w->db && !w->may_open)
		forget_waiter(p, w);
	pthread_cond_destroy(&w->handed);
}

int web_pool_acquire(struct web_pool *p, int wait_ms, ptl_db **out)
{
	struct web_pool_waiter me = { .db = NULL, .may_open = false }, *w;

	*out = NULL;
	pthread_mutex_lock(&p->lock);
	if (!p->first && p->idle_count > 0) {
		me.db = p->idle[--p->idle_count];
	} else if (!p->first && p->open < p->size) {
		p->open++;
		me.may_open = true;
	} else {
		wait_in_line(p, wait_ms, &me);
	}
	pthread_mutex_unlock(&p->lock);
	if ((*out = me.db))
		return PTL_OK;
	if (!me.may_open)
		return PTL_ECONFLICT;
	/* Outside the lock: connecting takes a round trip or more. A server
	 * that is down still gives a handle, which reconnects later. */
	ptl_db_open(out, p->conninfo);
	if (*out)
		return PTL_OK;
	pthread_mutex_lock(&p->lock);
	w = next_waiter(p);
	if (w) {
		w->may_open = true;   /* the place stays taken: the next one tries */
		pthread_cond_signal(&w->handed);
	} else {
		p->open--;
	}
	pthread_mutex_unlock(&p->lock);
	return PTL_EUNAVAILABLE;
}

void web_pool_release(struct web_pool *p, ptl_db *db)
{
	struct web_pool_waiter *w;

	if (!db)
		return;
	pthread_mutex_lock(&p->lock);
	w = next_waiter(p);
	if (w) {
		w->db = db;
		pthread_cond_signal(&w->handed);
	} else {
		p->idle[p->idle_count++] = db;
	}
	pthread_mutex_unlock(&p->lock);
}

ptl_db *web_db_or_reply(struct web_request *rq, struct web_reply *rp)
{
	int rc;

	if (rq->db)
		return rq->db;
	rc = web_pool_acquire(rq->cfg->pool, rq->cfg->db_wait_ms, &rq->db);
	if (rc == PTL_OK)
		return rq->db;
	if (rc == PTL_ECONFLICT)
		web_log_repeated("no database connection free after %d ms: answered 503",
			rq->cfg->db_wait_ms);
	else
		web_log_repeated("no database connection: %s", ptl_error_last()->message);
	web_reply_error(rp, 503, ptl_status_name(PTL_EUNAVAILABLE),
		"Le service est momentanément indisponible. Réessayez dans quelques instants.",
		NULL);
	return NULL;
}

void web_db_return(struct web_request *rq)
{
	if (rq->db)
		web_pool_release(rq->cfg->pool, rq->db);
	rq->db = NULL;
}
