/*
 * test-http-restart.c — PostgreSQL restarts under load; portail-web goes on.
 *
 * The suite runs its own PostgreSQL cluster (made and driven with the
 * cluster functions of the ./portail script), so that restarting it
 * disturbs no other suite. Parents add children (a write each) from several
 * threads while the cluster is stopped and started again, once under load
 * and once after a lull (the server's connections all idle); as soon as it
 * answers, logins and writes must succeed at once, and every write the
 * server acknowledged must be in the database. Printed figures: requests
 * failed after the restart (the target is 0), requests failed while the
 * database was down, writes acknowledged and found.
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <libpq-fe.h>

#include "harness.h"
#include "suite.h"

#define PARENTS 6
#define RESTART "cluster_stop \"$1\" fast && cluster_start \"$1\" -c fsync=off"
#define MAX_WRITES 20000

static char cluster_dir[64];
static char conninfo[256];

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run @p commands in bash with the ./portail script's functions defined;
 * "$1" is the cluster's directory. @return the exit status. */
static int cluster(const char *commands)
{
	const char *script = getenv("PORTAIL_SCRIPT");
	char shell[512];
	pid_t pid;
	int status = 0;

	if (!script || !*script) {
		fprintf(stderr, "PORTAIL_SCRIPT is not set (run through meson test)\n");
		return -1;
	}
	/* $0 must not be the script's own name, or sourcing it runs it. */
	snprintf(shell, sizeof(shell), "source \"$PORTAIL_SCRIPT\" && %s", commands);
	pid = fork();
	if (pid == 0) {
		/* The cluster's output is noise in the test log. */
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execlp("bash", "bash", "-c", shell, "test-http-restart", cluster_dir, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void cluster_teardown(void)
{
	cluster("cluster_stop \"$1\" immediate || true; rm -rf -- \"$1\"");
	rmdir(cluster_dir);   /* made, but nothing in it: without the script */
}

/* The suite's own cluster, made once in the runner before Check forks;
 * on failure, what was made is removed. */
static void cluster_setup(void)
{
	char admin[256];
	PGconn *conn;
	PGresult *res;
	ptl_db *db = NULL;

	snprintf(cluster_dir, sizeof(cluster_dir), "/tmp/portail-restart.XXXXXX");
	if (!mkdtemp(cluster_dir)) {
		perror("mkdtemp");
		exit(1);
	}
	if (cluster("INITDB_EXTRA=(--no-sync) && cluster_init \"$1\" >/dev/null &&"
		    " cluster_start \"$1\" -c fsync=off") != 0) {
		fprintf(stderr, "cannot start a PostgreSQL cluster in %s\n", cluster_dir);
		cluster_teardown();
		exit(1);
	}
	snprintf(admin, sizeof(admin), "host=%s/run port=5432 dbname=postgres user=postgres",
		cluster_dir);
	snprintf(conninfo, sizeof(conninfo), "host=%s/run port=5432 dbname=portail user=postgres",
		cluster_dir);
	conn = PQconnectdb(admin);
	res = PQexec(conn, "CREATE DATABASE portail");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "CREATE DATABASE: %s", PQerrorMessage(conn));
		cluster_teardown();
		exit(1);
	}
	PQclear(res);
	PQfinish(conn);
	if (ptl_db_open(&db, conninfo) != PTL_OK || ptl_db_migrate(NULL, db) != PTL_OK) {
		fprintf(stderr, "migrate: %s\n", ptl_error_last()->message);
		cluster_teardown();
		exit(1);
	}
	ptl_db_close(db);
}

struct parent {
	pthread_t thread;
	const struct test_server *server;
	struct test_family family;
	struct http_client client;
	long long acknowledged[MAX_WRITES];   /* request ids */
	int acknowledged_count;
	int sent_after_ready, failed_after_ready, failed_before_ready;
};

static atomic_bool stop_load, pause_load;
static atomic_int busy;                      /* requests in flight */
static atomic_llong ready_at = LLONG_MAX;    /* when PostgreSQL answered again */

static json_t *child_body(int n)
{
	char name[32];

	snprintf(name, sizeof(name), "Enfant %d", n);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
		"first_name", name,
		"last_name", "Martin",
		"birth_date", "2018-05-14",
		"sex", "F",
		"school", "École des Tilleuls",
		"school_level", "CP");
}

/* Add children until told to stop; keep the ids of the acknowledged ones. */
static void *add_children(void *arg)
{
	struct parent *p = arg;

	for (int n = 0; !atomic_load(&stop_load) && p->acknowledged_count < MAX_WRITES; n++) {
		long long start;
		bool after;
		struct http_reply *r;
		json_t *id;

		atomic_fetch_add(&busy, 1);
		if (atomic_load(&pause_load)) {
			atomic_fetch_sub(&busy, 1);
			usleep(5000);
			continue;
		}
		start = now_ms();
		after = start >= atomic_load(&ready_at);
		r = http_call_json(&p->client, "POST", "/api/v1/children", child_body(n),
			p->client.csrf);
		atomic_fetch_sub(&busy, 1);
		id = json_object_get(json_object_get(r->json, "request"), "id");

		if (after)
			p->sent_after_ready++;
		if (r->status == 202 && json_is_integer(id)) {
			p->acknowledged[p->acknowledged_count++] = json_integer_value(id);
		} else {
			if (after) {
				p->failed_after_ready++;
				fprintf(stderr, "after the restart: %ld %s\n", r->status, r->body);
			} else {
				p->failed_before_ready++;
			}
			usleep(10000);
		}
		http_reply_free(r);
	}
	return NULL;
}

/* How many of the acknowledged request ids the database holds. */
static long acknowledged_found(struct parent *parents, int *total)
{
	size_t size = 64, len = 0;
	char *sql = malloc(size);
	long found;

	*total = 0;
	len += (size_t)snprintf(sql, size, "SELECT count(*) FROM request WHERE id IN (0");
	for (int i = 0; i < PARENTS; i++)
		for (int k = 0; k < parents[i].acknowledged_count; k++) {
			if (len + 32 > size) {
				size *= 2;
				sql = realloc(sql, size);
				ck_assert_ptr_nonnull(sql);
			}
			len += (size_t)snprintf(sql + len, size - len, ",%lld",
				parents[i].acknowledged[k]);
			(*total)++;
		}
	snprintf(sql + len, size - len, ")");
	found = test_sql_long(conninfo, sql);
	free(sql);
	return found;
}

START_TEST(test_http_postgresql_restart_under_load)
{
	static struct parent parents[PARENTS];
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo };
	int failed_after = 0, sent_after = 0, failed_during = 0, logins_failed = 0, total;
	long long restart_ms;
	long found;

	for (int i = 0; i < PARENTS; i++)
		test_family_seed(conninfo, "restart", true, &parents[i].family);
	test_server_start(&s, &o);
	for (int i = 0; i < PARENTS; i++) {
		struct http_reply *r;

		parents[i].server = &s;
		http_client_init(&parents[i].client, &s);
		r = http_login(&parents[i].client, parents[i].family.email,
			parents[i].family.password);
		ck_assert_int_eq(r->status, 200);
		http_reply_free(r);
	}
	for (int i = 0; i < PARENTS; i++)
		ck_assert_int_eq(pthread_create(&parents[i].thread, NULL, add_children,
			&parents[i]), 0);

	/* Under load: PostgreSQL stops (its connections end) and starts again. */
	usleep(1000 * 1000);
	restart_ms = now_ms();
	ck_assert_int_eq(cluster(RESTART), 0);
	atomic_store(&ready_at, now_ms());
	restart_ms = now_ms() - restart_ms;
	usleep(1000 * 1000);

	/* Again after a lull, so that every connection of the server's pool
	 * is idle, and dead, when the parents come back. */
	atomic_store(&pause_load, true);
	while (atomic_load(&busy) > 0)
		usleep(1000);
	ck_assert_int_eq(cluster(RESTART), 0);
	atomic_store(&ready_at, now_ms());
	atomic_store(&pause_load, false);

	/* Logins at once, beside the writes. */
	for (int i = 0; i < PARENTS; i++) {
		struct http_client c;
		struct http_reply *r;

		http_client_init(&c, &s);
		r = http_login(&c, parents[i].family.email, parents[i].family.password);
		if (r->status != 200) {
			logins_failed++;
			fprintf(stderr, "login after the restart: %ld %s\n", r->status, r->body);
		}
		http_reply_free(r);
		http_client_cleanup(&c);
	}
	usleep(1500 * 1000);
	atomic_store(&stop_load, true);
	for (int i = 0; i < PARENTS; i++) {
		pthread_join(parents[i].thread, NULL);
		failed_after += parents[i].failed_after_ready;
		sent_after += parents[i].sent_after_ready;
		failed_during += parents[i].failed_before_ready;
		http_client_cleanup(&parents[i].client);
	}
	ck_assert_int_eq(test_server_stop(&s), 0);
	found = acknowledged_found(parents, &total);

	printf("FIGURE PostgreSQL restart under load (stop + start): %lld ms\n", restart_ms);
	printf("FIGURE requests failed after a restart: %d of %d (and %d of %d logins)\n",
		failed_after, sent_after, logins_failed, PARENTS);
	printf("FIGURE requests failed while PostgreSQL was down or stopping: %d\n", failed_during);
	printf("FIGURE acknowledged writes found in the database: %ld of %d\n", found, total);
	fflush(stdout);
	ck_assert_int_gt(sent_after, PARENTS);
	ck_assert_int_eq(failed_after, 0);
	ck_assert_int_eq(logins_failed, 0);
	ck_assert_int_eq(found, total);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http_restart");
	TCase *tc = tcase_create("restart");

	tcase_add_unchecked_fixture(tc, cluster_setup, cluster_teardown);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_http_postgresql_restart_under_load);
	suite_add_tcase(s, tc);
	return ptl_test_run(s);
}
