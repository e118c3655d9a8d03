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

struct web_pool {
	pthread_mutex_t lock;
	pthread_cond_t returned;
	const char *conninfo;
	ptl_db **idle;           /* the connections not lent, under lock */
	size_t idle_count;
	size_t open;             /* lent + idle + being opened, under lock */
	size_t size;
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
	pthread_cond_init(&p->returned, NULL);
	return p;
}

void web_pool_destroy(struct web_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->idle_count; i++)
		ptl_db_close(p->idle[i]);
	pthread_cond_destroy(&p->returned);
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

int web_pool_acquire(struct web_pool *p, int wait_ms, ptl_db **out)
{
	struct timespec deadline = deadline_in(wait_ms);
	bool open_one = false;
	int rc = 0;

	*out = NULL;
	pthread_mutex_lock(&p->lock);
	while (p->idle_count == 0 && p->open >= p->size && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&p->returned, &p->lock, &deadline);
	if (p->idle_count > 0) {
		*out = p->idle[--p->idle_count];
	} else if (p->open < p->size) {
		p->open++;
		open_one = true;
	}
	pthread_mutex_unlock(&p->lock);
	if (*out)
		return PTL_OK;
	if (!open_one)
		return PTL_ECONFLICT;
	/* Outside the lock: connecting takes a round trip or more. A server
	 * that is down still gives a handle, which reconnects later. */
	ptl_db_open(out, p->conninfo);
	if (*out)
		return PTL_OK;
	pthread_mutex_lock(&p->lock);
	p->open--;
	pthread_cond_signal(&p->returned);
	pthread_mutex_unlock(&p->lock);
	return PTL_EUNAVAILABLE;
}

void web_pool_release(struct web_pool *p, ptl_db *db)
{
	if (!db)
		return;
	pthread_mutex_lock(&p->lock);
	p->idle[p->idle_count++] = db;
	pthread_mutex_unlock(&p->lock);
	/* Signalled after unlocking, so that the thread woken does not wake
	 * only to wait for the lock (one switch of threads less per request
	 * when every connection is lent). */
	pthread_cond_signal(&p->returned);
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
