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
 * small JSON object: no session, no library, no JSON library.
 *
 * POST /raw-book/{enrolment}?unit=CODE&days=YYYY-MM-DD,... is the ceiling of
 * a booking: the same row writes as a parent's booking that cancels and
 * books again those days of one unit, done by a bare durable transaction of
 * prepared statements and nothing else (no rules, no session, no JSON):
 * the enrolment's row locked, the days' load rows updated under the
 * capacity condition (locking them), the live reservations cancelled, the
 * new ones inserted, COMMIT. The body is ignored. Stops on SIGINT or
 * SIGTERM. Built for the benchmark only; never installed.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
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

static const struct { const char *name, *sql; } statements[] = {
	{ "family_by_id", "SELECT id, name FROM family WHERE id = $1" },
	/* The booking's transaction: $1 enrolment, $2 unit code, $3 days. */
	{ "book_enrolment",
	  "SELECT e.group_id, u.id AS unit_id FROM enrolment e"
	  "  JOIN unit u ON u.period_id = e.period_id AND u.code = $2"
	  " WHERE e.id = $1 FOR UPDATE OF e" },
	{ "book_load",  /* $1 group, $2 unit, $3 days, $4 enrolment; locked in day order */
	  "WITH o AS (SELECT day FROM reservation_load WHERE group_id = $1::bigint"
	  "             AND unit_id = $2::bigint AND day = ANY ($3::date[])"
	  "           ORDER BY day FOR UPDATE)"
	  " UPDATE reservation_load l"
	  "   SET taken = l.taken + 1 - (SELECT count(*) FROM reservation r"
	  "                WHERE r.enrolment_id = $4::bigint AND r.unit_id = l.unit_id"
	  "                  AND r.day = l.day AND r.status IN ('booked', 'pending', 'cancel_pending'))"
	  "  FROM o, period_group g"
	  " WHERE g.id = l.group_id AND l.group_id = $1::bigint AND l.unit_id = $2::bigint"
	  "   AND l.day = o.day AND l.taken < g.capacity" },
	{ "book_cancel",  /* $1 enrolment, $2 unit, $3 days */
	  "UPDATE reservation SET status = 'cancelled', updated_at = now()"
	  " WHERE enrolment_id = $1::bigint AND unit_id = $2::bigint AND day = ANY ($3::date[])"
	  "   AND status <> 'cancelled'" },
	{ "book_insert",  /* $1 enrolment, $2 unit, $3 days */
	  "INSERT INTO reservation (enrolment_id, family_id, group_id, unit_id, day, status,"
	  "       created_at, updated_at)"
	  " SELECT e.id, e.family_id, e.group_id, $2::bigint, d, 'booked', now(), now()"
	  "   FROM enrolment e, unnest($3::date[]) AS d WHERE e.id = $1::bigint" },
};

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
	for (size_t i = 0; i < sizeof(statements) / sizeof(statements[0]); i++) {
		res = PQprepare(conn, statements[i].name, statements[i].sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fprintf(stderr, "bench-ceiling: %s", PQerrorMessage(conn));
		PQclear(res);
	}
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

/* One statement of the booking's transaction; false when it failed. */
static bool run(PGconn *conn, const char *name, int n, const char *const *params, PGresult **out)
{
	PGresult *res = n < 0 ? PQexec(conn, name)
	                      : PQexecPrepared(conn, name, n, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	if (ok && out)
		*out = res;
	else
		PQclear(res);
	return ok;
}

/* The value of @p name in the query string, into @p out. */
static bool query_value(const char *query, const char *name, char *out, size_t size)
{
	return query && mg_get_var(query, strlen(query), name, out, size) > 0;
}

static int handle_book(struct mg_connection *c, void *cbdata)
{
	const struct mg_request_info *ri = mg_get_request_info(c);
	PGconn *conn = pool.idle ? borrow() : mg_get_thread_pointer(c);
	const char *enrolment = ri->local_uri + strlen("/raw-book/");
	char unit_code[65], days[400], days_lit[410], group[24], unit[24];
	PGresult *res = NULL;
	bool ok;

	(void)cbdata;
	if (!conn) {
		reply(c, 503, "{\"error\":\"no database\"}");
		return 503;
	}
	ok = query_value(ri->query_string, "unit", unit_code, sizeof(unit_code)) &&
	     query_value(ri->query_string, "days", days, sizeof(days)) &&
	     strspn(enrolment, "0123456789") == strlen(enrolment) && *enrolment;
	snprintf(days_lit, sizeof(days_lit), "{%s}", days);
	{
		const char *lock[] = { enrolment, unit_code };

		ok = ok && run(conn, "BEGIN", -1, NULL, NULL) &&
		     run(conn, "book_enrolment", 2, lock, &res) && PQntuples(res) == 1;
	}
	if (ok) {
		snprintf(group, sizeof(group), "%s", PQgetvalue(res, 0, 0));
		snprintf(unit, sizeof(unit), "%s", PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	res = NULL;
	if (ok) {
		const char *load[] = { group, unit, days_lit, enrolment };
		const char *rows[] = { enrolment, unit, days_lit };
		size_t ndays = 1;

		for (const char *p = days; *p; p++)
			ndays += *p == ',';
		/* Every day's load row must exist (the parents' bookings made
		 * them) and have room: else nothing is written. */
		ok = run(conn, "book_load", 4, load, &res) &&
		     strtoul(PQcmdTuples(res), NULL, 10) == ndays;
		PQclear(res);
		ok = ok && run(conn, "book_cancel", 3, rows, NULL) &&
		     run(conn, "book_insert", 3, rows, NULL) && run(conn, "COMMIT", -1, NULL, NULL);
	}
	if (!ok && PQtransactionStatus(conn) != PQTRANS_IDLE)
		run(conn, "ROLLBACK", -1, NULL, NULL);
	if (pool.idle)
		give_back(conn);
	reply(c, ok ? 200 : 500, ok ? "{\"booked\":true}" : "{\"error\":\"not booked\"}");
	return ok ? 200 : 500;
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
	mg_set_request_handler(ctx, "/raw-book/", handle_book, NULL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop)
		pause();
	mg_stop(ctx);
	mg_exit_library();
	return 0;
}
