/*
 * db-thread.c — one database connection per civetweb worker thread.
 *
 * libpq connections are not shared between threads: each worker opens its
 * own ptl_db on its first request that needs the database and keeps it
 * until the server stops. When PostgreSQL is down the handle still exists;
 * calls through it fail with PTL_EUNAVAILABLE (the web answers 503) and the
 * library reconnects it by itself on a later call, so the server recovers
 * without a restart.
 */
#include <stdlib.h>

#include <civetweb.h>

#include "web.h"

struct web_thread {
	ptl_db *db;
};

void *web_thread_start(void)
{
	return calloc(1, sizeof(struct web_thread));
}

void web_thread_stop(void *thread_data)
{
	struct web_thread *t = thread_data;

	if (!t)
		return;
	ptl_db_close(t->db);
	free(t);
}

ptl_db *web_db(struct mg_connection *conn)
{
	struct web_thread *t = mg_get_thread_pointer(conn);
	const struct web_config *cfg = mg_get_user_data(mg_get_context(conn));

	if (!t)
		return NULL;
	if (!t->db) {
		/* PTL_EUNAVAILABLE still hands out a handle that reconnects. */
		ptl_db_open(&t->db, cfg->conninfo);
	}
	return t->db;
}

ptl_db *web_db_or_reply(struct web_request *rq, struct web_reply *rp)
{
	ptl_db *db = web_db(rq->conn);

	if (!db) {
		web_log("no database connection: %s", ptl_error_last()->message);
		web_reply_error(rp, 503, ptl_status_name(PTL_EUNAVAILABLE),
			"Le service est momentanément indisponible. Réessayez dans quelques instants.",
			NULL);
	}
	return db;
}
