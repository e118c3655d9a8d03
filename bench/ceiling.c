/*
 * ceiling.c — the raw handler the benchmark compares portail-web with: the
 * least our stack can do per request, so that portail-web's figures read
 * as a share of what this machine allows.
 *
 *   bench-ceiling LISTEN_ADDR:PORT THREADS
 *
 * civetweb with the same settings as portail-web (keep-alive, TCP_NODELAY,
 * one write per response); each worker thread has its own libpq connection
 * (PORTAIL_DB) with one statement prepared on connect. GET /raw/{id} runs
 * that statement — a SELECT by primary key of one family — and answers a
 * small JSON object: no session, no library, no JSON library. Stops on
 * SIGINT or SIGTERM. Built for the benchmark only; never installed.
 */
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

static void *init_thread(const struct mg_context *ctx, int thread_type)
{
	PGconn *conn;
	PGresult *res;

	(void)ctx;
	if (thread_type != 1)
		return NULL;
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
	PGconn *conn = mg_get_thread_pointer(c);
	const char *id = ri->local_uri + strlen("/raw/");
	char body[320];
	PGresult *res;

	(void)cbdata;
	if (!conn) {
		reply(c, 503, "{\"error\":\"no database\"}");
		return 503;
	}
	res = PQexecPrepared(conn, "family_by_id", 1, &id, NULL, NULL, 0);
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

	if (argc != 3) {
		fprintf(stderr, "usage: bench-ceiling ADDR:PORT THREADS\n");
		return 2;
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
