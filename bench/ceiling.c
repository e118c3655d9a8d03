/*
 * ceiling.c — the raw handler the benchmark compares portail-web with: the
 * least our stack can do per request, so that portail-web's figures read
 * as a share of what this machine allows.
 *
 *   bench-ceiling LISTEN_ADDR:PORT THREADS [CONNECTIONS]
 *
 * civetweb with the same settings as portail-web (keep-alive, TCP_NODELAY,
 * one write per response); each worker thread has its own libpq connection
 * (PORTAIL_DB) with one statement prepared on connect. With CONNECTIONS,
 * the threads share that many connections instead, each borrowed for the
 * statement only (a mutex and a condition variable, as portail-web's pool):
 * the same threads and connections as portail-web, without its library. GET /raw/{id} runs
 * that statement — a SELECT by primary key of one family — and answers a
 * small JSON object: no session, no library, no JSON library. Stops on
 * SIGINT or SIGTERM. Built for the benchmark only; never installed.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <civetweb.h>
#include <libpq-fe.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The shared connections, when CONNECTIONS is given. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t returned;
	PGconn **idle;
	int idle_count;
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0 };

static PGconn *open_connection(void)
{
	PGconn *conn;
	PGresult *res;

	conn = PQconnectdb(getenv("PORTAIL_DB") ? getenv("PORTAIL_DB") : "");
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "bench-ceiling: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	res = PQprepare(conn, "family_by_id", "SELECT id, name FROM family WHERE id = $1", 1, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fprintf(stderr, "bench-ceiling: %s", PQerrorMessage(conn));
	PQclear(res);
	return conn;
}

static void *init_thread(const struct mg_context *ctx, int thread_type)
{
	(void)ctx;
	return thread_type == 1 && !pool.idle ? open_connection() : NULL;
}

static PGconn *borrow(void)
{
	PGconn *conn;

	pthread_mutex_lock(&pool.lock);
	while (pool.idle_count == 0)
		pthread_cond_wait(&pool.returned, &pool.lock);
	conn = pool.idle[--pool.idle_count];
	pthread_mutex_unlock(&pool.lock);
	return conn;
}

static void give_back(PGconn *conn)
{
	pthread_mutex_lock(&pool.lock);
	pool.idle[pool.idle_count++] = conn;
	pthread_mutex_unlock(&pool.lock);
	pthread_cond_signal(&pool.returned);
}

static void exit_thread(const struct mg_context *ctx, int thread_type, void *conn)
{
	(void)ctx;
	(void)thread_type;
	PQfinish(conn);
}

static void reply(struct mg_connection *c, int status, const char *body)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf),
		"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
		"Cache-Control: no-store\r\n\r\n%s",
		status, status == 200 ? "OK" : "Error", strlen(body), body);

	mg_write(c, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static int handle(struct mg_connection *c, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	PGconn *conn = pool.idle ? borrow() : mg_get_thread_pointer(c);
	const char *id = ri->local_uri + strlen("/raw/");
	char body[320];
	PGresult *res;

	(void)cbdata;
	if (!conn) {
		reply(c, 503, "{\"error\":\"no database\"}");
		return 503;
	}
	res = PQexecPrepared(conn, "family_by_id", 1, &id, NULL, NULL, 0);
	if (pool.idle)
		give_back(conn);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PQclear(res);
		reply(c, 404, "{\"error\":\"not found\"}");
		return 404;
	}
	snprintf(body, sizeof(body), "{\"id\":%s,\"name\":\"%.200s\"}",
	         PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	PQclear(res);
	reply(c, 200, body);
	return 200;
}

int main(int argc, char **argv)
{
	struct mg_callbacks callbacks;
	struct mg_context *ctx;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: bench-ceiling ADDR:PORT THREADS [CONNECTIONS]\n");
		return 2;
	}
	if (argc == 4) {
		int n = atoi(argv[3]);

		if (n < 1 || !(pool.idle = calloc((size_t)n, sizeof(*pool.idle)))) {
			fprintf(stderr, "bench-ceiling: CONNECTIONS wants a positive number\n");
			return 2;
		}
		for (int i = 0; i < n; i++)
			if (!(pool.idle[pool.idle_count++] = open_connection()))
				return 1;
	}
	const char *options[] = {
		"listening_ports", argv[1],
		"num_threads", argv[2],
		"tcp_nodelay", "1",
		"enable_keep_alive", "yes",
		"keep_alive_timeout_ms", "500",
		NULL,
	};
	memset(&callbacks, 0, sizeof(callbacks));
	callbacks.init_thread = init_thread;
	callbacks.exit_thread = exit_thread;
	mg_init_library(0);
	ctx = mg_start(&callbacks, NULL, options);
	if (!ctx) {
		fprintf(stderr, "bench-ceiling: cannot listen on %s\n", argv[1]);
		return 1;
	}
	mg_set_request_handler(ctx, "/raw/", handle, NULL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop)
		pause();
	mg_stop(ctx);
	mg_exit_library();
	return 0;
}
