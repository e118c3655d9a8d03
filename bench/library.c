/*
 * library.c — the library's reads alone, without HTTP: where portail-web's
 * time goes, beside the raw handler's ceiling and portail-web itself.
 *
 *   bench-library SESSIONS_FILE THREADS SECONDS
 *
 * THREADS threads, each with its own connection (PORTAIL_DB), call
 * ptl_me_get, ptl_me_child_get and ptl_me_requests in turn for SECONDS
 * each, with sessions picked at random from SESSIONS_FILE (the lines
 * "token csrf child family" of portail-bench-data), and print one line per
 * read: "LIBRARY name calls seconds failures".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <portail/portail.h>

struct session {
	char token[PTL_TOKEN_LEN + 1];
	int64_t child;
};

static struct session *sessions;
static size_t session_count;
static int which;              /* 0 me, 1 child, 2 requests */
static double seconds;

struct worker {
	pthread_t thread;
	unsigned seed;
	long calls, failures;
};

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int read_once(ptl_db *db, const struct session *s)
{
	int rc;

	if (which == 0) {
		ptl_me *me = NULL;
		rc = ptl_me_get(&me, db, s->token);
		ptl_me_free(me);
	} else if (which == 1) {
		ptl_child *child = NULL;
		rc = ptl_me_child_get(&child, NULL, db, s->token, s->child);
		ptl_child_free(child);
	} else {
		ptl_requests *list = NULL;
		rc = ptl_me_requests(&list, NULL, db, s->token);
		ptl_requests_free(list);
	}
	return rc;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	ptl_db *db = NULL;
	double end;

	if (ptl_db_open(&db, NULL) != PTL_OK) {
		w->failures = 1;
		ptl_db_close(db);
		return NULL;
	}
	end = now_seconds() + seconds;
	while (now_seconds() < end) {
		const struct session *s = &sessions[(size_t)rand_r(&w->seed) % session_count];
		if (read_once(db, s) == PTL_OK)
			w->calls++;
		else
			w->failures++;
	}
	ptl_db_close(db);
	return NULL;
}

static int load_sessions(const char *path)
{
	FILE *f = fopen(path, "r");
	char token[128], csrf[128];
	long long child, family;
	size_t size = 0;

	if (!f)
		return -1;
	while (fscanf(f, "%127s %127s %lld %lld%*[^\n]", token, csrf, &child, &family) == 4) {
		if (strlen(token) != PTL_TOKEN_LEN)
			continue;
		if (session_count == size) {
			size = size ? 2 * size : 64;
			struct session *grown = realloc(sessions, size * sizeof(*grown));
			if (!grown)
				break;
			sessions = grown;
		}
		memcpy(sessions[session_count].token, token, PTL_TOKEN_LEN + 1);
		sessions[session_count++].child = child;
	}
	fclose(f);
	return session_count > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "me", "child", "requests" };
	int threads = argc == 4 ? atoi(argv[2]) : 0;
	struct worker *workers;

	seconds = argc == 4 ? atof(argv[3]) : 0;
	if (threads < 1 || threads > 256 || seconds <= 0) {
		fprintf(stderr, "usage: bench-library SESSIONS_FILE THREADS SECONDS\n");
		return 2;
	}
	if (ptl_init() != PTL_OK || load_sessions(argv[1]) != 0) {
		fprintf(stderr, "bench-library: no sessions in %s\n", argv[1]);
		free(sessions);
		return 1;
	}
	workers = calloc((size_t)threads, sizeof(*workers));
	for (which = 0; workers && which < 3; which++) {
		long calls = 0, failures = 0;
		double start = now_seconds();

		for (int i = 0; i < threads; i++) {
			workers[i] = (struct worker){ .seed = (unsigned)(i * 7919 + which) };
			pthread_create(&workers[i].thread, NULL, work, &workers[i]);
		}
		for (int i = 0; i < threads; i++) {
			pthread_join(workers[i].thread, NULL);
			calls += workers[i].calls;
			failures += workers[i].failures;
		}
		printf("LIBRARY %s %ld %.3f %ld\n", names[which], calls, now_seconds() - start, failures);
	}
	free(workers);
	free(sessions);
	return workers ? 0 : 1;
}
