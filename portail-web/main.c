/*
 * main.c — portail-web, the parents' web portal: options, start, stop.
 *
 *   portail-web [--listen ADDR:PORT] [--db CONNINFO] [--static DIR]
 *               [--threads N] [--db-connections N] [--secure-cookies]
 *               [--trusted-proxy ADDR]
 *
 * Once it listens it prints "portail-web: listening on http://ADDR:PORT" on
 * standard output; SIGINT or SIGTERM stop it cleanly (requests in progress
 * finish, database connections close). With PORTAIL_SMTP_URL set, a thread
 * delivers the mail outbox (mail-thread.c). Exit status: 0 after a clean stop,
 * 1 when it cannot start, 2 for a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "web.h"

#ifndef PTL_WEB_STATIC_DIR
#define PTL_WEB_STATIC_DIR "/usr/local/share/portail/static"
#endif

static void usage(FILE *out)
{
	fputs("Usage: portail-web [OPTIONS]\n"
	      "Serve the family portal (pages and JSON API) over HTTP.\n"
	      "\n"
	      "  --listen ADDR:PORT  address to listen on (env PORTAIL_LISTEN,\n"
	      "                      default 127.0.0.1:8080; port 0 picks a free one)\n"
	      "  --db CONNINFO       PostgreSQL connection string (env PORTAIL_DB)\n"
	      "  --static DIR        directory of the pages (env PORTAIL_STATIC_DIR,\n"
	      "                      default " PTL_WEB_STATIC_DIR ")\n"
	      "  --threads N         HTTP worker threads, one per open client connection\n"
	      "                      (env PORTAIL_THREADS, default " WEB_DEFAULT_THREADS_TEXT ")\n"
	      "  --db-connections N  database connections the threads share\n"
	      "                      (env PORTAIL_DB_CONNECTIONS, default "
	      WEB_DEFAULT_DB_CONNECTIONS_TEXT ")\n"
	      "  --db-wait-ms MS     how long a request may wait for a free database\n"
	      "                      connection before it is answered 503 (env\n"
	      "                      PORTAIL_DB_WAIT_MS, default " WEB_DEFAULT_DB_WAIT_MS_TEXT ")\n"
	      "  --secure-cookies    mark cookies Secure, behind a TLS reverse proxy\n"
	      "                      (env PORTAIL_SECURE_COOKIES=1)\n"
	      "  --trusted-proxy ADDR the reverse proxy's address: for its requests, the\n"
	      "                      client is the last X-Forwarded-For entry\n"
	      "                      (env PORTAIL_TRUSTED_PROXY)\n"
	      "  --help              show this help\n"
	      "  --version           show the version\n"
	      "\n"
	      "Environment: PORTAIL_SMTP_URL delivers mails through that relay (e.g.\n"
	      "smtp://relay.example.fr:25), from PORTAIL_MAIL_FROM; PORTAIL_PUBLIC_URL\n"
	      "starts the links in mails; PORTAIL_NOW fixes the clock (tests, demos).\n", out);
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

/* A whole number from @p min to @p max, else -1. */
static int count_of(const char *text, int min, int max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || end == text || *end || n < min || n > max)
		return -1;
	return (int)n;
}

static int parse_options(int argc, char **argv, struct web_config *cfg)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "static", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "db-connections", required_argument, NULL, 'c' },
		{ "db-wait-ms", required_argument, NULL, 'w' },
		{ "secure-cookies", no_argument, NULL, 'S' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *secure = getenv("PORTAIL_SECURE_COOKIES");
	const char *threads = env_or("PORTAIL_THREADS", WEB_DEFAULT_THREADS_TEXT);
	const char *connections = env_or("PORTAIL_DB_CONNECTIONS", WEB_DEFAULT_DB_CONNECTIONS_TEXT);
	const char *wait = env_or("PORTAIL_DB_WAIT_MS", WEB_DEFAULT_DB_WAIT_MS_TEXT);
	int c;

	cfg->listen = env_or("PORTAIL_LISTEN", "127.0.0.1:8080");
	cfg->conninfo = NULL;
	cfg->static_dir = env_or("PORTAIL_STATIC_DIR", PTL_WEB_STATIC_DIR);
	cfg->secure_cookies = secure && strcmp(secure, "1") == 0;
	cfg->trusted_proxy = env_or("PORTAIL_TRUSTED_PROXY", NULL);

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			cfg->listen = optarg;
			break;
		case 'd':
			cfg->conninfo = optarg;
			break;
		case 's':
			cfg->static_dir = optarg;
			break;
		case 't':
			threads = optarg;
			break;
		case 'c':
			connections = optarg;
			break;
		case 'w':
			wait = optarg;
			break;
		case 'S':
			cfg->secure_cookies = true;
			break;
		case 'P':
			cfg->trusted_proxy = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("portail-web %s\n", PTL_VERSION_STRING);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "portail-web: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	cfg->threads = count_of(threads, 1, WEB_MAX_THREADS);
	if (cfg->threads < 0) {
		fprintf(stderr, "portail-web: --threads (PORTAIL_THREADS) wants a number from 1 to %d\n",
			WEB_MAX_THREADS);
		return 2;
	}
	cfg->db_connections = count_of(connections, 1, WEB_MAX_DB_CONNECTIONS);
	if (cfg->db_connections < 0) {
		fprintf(stderr, "portail-web: --db-connections (PORTAIL_DB_CONNECTIONS) wants a number "
			"from 1 to %d\n", WEB_MAX_DB_CONNECTIONS);
		return 2;
	}
	cfg->db_wait_ms = count_of(wait, 100, WEB_MAX_DB_WAIT_MS);
	if (cfg->db_wait_ms < 0) {
		fprintf(stderr, "portail-web: --db-wait-ms (PORTAIL_DB_WAIT_MS) wants a number "
			"from 100 to %d\n", WEB_MAX_DB_WAIT_MS);
		return 2;
	}
	if (!strchr(cfg->listen, ':')) {
		fprintf(stderr, "portail-web: listen address '%s' is not ADDR:PORT\n", cfg->listen);
		return 2;
	}
	return 0;
}

/* Say at once what will never work; a database that is merely down is
 * fine: the server starts and answers 503 until it is back. */
static int check_database(const struct web_config *cfg)
{
	ptl_db *db = NULL;
	int rc = ptl_db_open(&db, cfg->conninfo);

	if (rc == PTL_EUNAVAILABLE)
		fprintf(stderr, "portail-web: %s (serving anyway; it will answer 503 until the "
			"database is back)\n", ptl_error_last()->message);
	ptl_db_close(db);
	if (rc != PTL_OK && rc != PTL_EUNAVAILABLE) {
		fprintf(stderr, "portail-web: %s\n", ptl_error_last()->message);
		return rc == PTL_EINVALID ? 2 : 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct web_config cfg;
	struct web_server *srv;
	struct web_mailer *mailer;
	struct stat st;
	sigset_t stop_signals;
	int rc, sig;

	rc = parse_options(argc, argv, &cfg);
	if (rc)
		return rc;
	if (ptl_init() != PTL_OK) {
		fprintf(stderr, "portail-web: %s\n", ptl_error_last()->message);
		return 1;
	}
	rc = check_database(&cfg);
	if (rc)
		return rc;
	if (stat(cfg.static_dir, &st) != 0 || !S_ISDIR(st.st_mode))
		fprintf(stderr, "portail-web: no static directory at %s: pages will be missing "
			"(set --static or PORTAIL_STATIC_DIR)\n", cfg.static_dir);
	if (getenv("PORTAIL_NOW")) {
		char now[21];

		ptl_time_format(now, ptl_clock_now());
		fprintf(stderr, "portail-web: clock fixed at %s (PORTAIL_NOW)\n", now);
	}

	/* The worker threads inherit this mask: only the main thread takes
	 * the stop signals, in sigwait below. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

	cfg.pool = web_pool_create(cfg.conninfo, cfg.db_connections);
	if (!cfg.pool) {
		fprintf(stderr, "portail-web: out of memory\n");
		return 1;
	}
	srv = web_server_start(&cfg);
	if (!srv) {
		web_pool_destroy(cfg.pool);
		return 1;
	}
	mailer = web_mailer_start(&cfg);
	printf("portail-web: listening on http://%s\n", web_server_address(srv));
	fflush(stdout);

	while (sigwait(&stop_signals, &sig) != 0)
		;
	fprintf(stderr, "portail-web: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	web_server_stop(srv);
	web_mailer_stop(mailer);
	web_pool_destroy(cfg.pool);
	web_log_flush();
	return 0;
}
