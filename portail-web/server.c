/*
 * server.c — civetweb, set up for portail-web.
 *
 * civetweb only parses HTTP and runs worker threads here: one request
 * handler takes every path (router.c), so civetweb itself never serves a
 * file; directory listing, CGI, SSI and CORS answers are switched off all
 * the same. Keep-alive is on and TCP_NODELAY set. Worker threads hold no
 * database connection (requests borrow one from the pool, db-pool.c), so
 * there can be many of them: each connection a slow client keeps open holds
 * one thread for at most WEB_REQUEST_TIMEOUT_MS per read, and the others go
 * on serving.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <civetweb.h>

#include "web.h"

struct web_server {
	struct mg_context *ctx;
	char address[128];
	int port;
	atomic_bool stopped;
};

static int log_message(const struct mg_connection *conn, const char *message)
{
	web_log_repeated("%s", message);
	return 1;
}

struct web_server *web_server_start(const struct web_config *cfg)
{
	static bool library_ready;
	struct web_server *srv = calloc(1, sizeof(*srv));
	struct mg_callbacks callbacks;
	struct mg_init_data init;
	struct mg_error_data error;
	struct mg_server_port ports[4];
	char threads[16], timeout[16], error_text[256] = "";
	unsigned error_code = 0;
	const char *options[] = {
		"listening_ports", cfg->listen,
		"num_threads", threads,
		"enable_directory_listing", "no",
		/* "$" matches only an empty path, which never occurs. */
		"cgi_pattern", "$",
		"ssi_pattern", "$",
		"tcp_nodelay", "1",
		"enable_keep_alive", "yes",
		"keep_alive_timeout_ms", "500",
		"request_timeout_ms", timeout,
		"listen_backlog", "1024",
		"access_control_allow_origin", "",
		"access_control_allow_methods", "",
		"access_control_allow_headers", "",
		NULL,
	};

	if (!srv)
		return NULL;
	if (!library_ready) {
		mg_init_library(0);
		library_ready = true;
	}
	snprintf(threads, sizeof(threads), "%d", cfg->threads);
	snprintf(timeout, sizeof(timeout), "%d", WEB_REQUEST_TIMEOUT_MS);
	memset(&callbacks, 0, sizeof(callbacks));
	callbacks.log_message = log_message;
	callbacks.http_error = web_http_error;
	callbacks.connection_close = web_connection_close;
	init.callbacks = &callbacks;
	init.user_data = (void *)cfg;
	init.configuration_options = options;
	error.code = &error_code;
	error.text = error_text;
	error.text_buffer_size = sizeof(error_text);

	srv->ctx = mg_start2(&init, &error);
	if (!srv->ctx) {
		if (error_text[0])
			web_log("%s", error_text);
		fprintf(stderr, "portail-web: cannot listen on %s (address in use?); "
			"set PORTAIL_LISTEN or --listen\n", cfg->listen);
		free(srv);
		return NULL;
	}
	mg_set_request_handler(srv->ctx, "/", web_dispatch, (void *)cfg);

	/* With port 0 the system chose one: say which. */
	snprintf(srv->address, sizeof(srv->address), "%s", cfg->listen);
	if (mg_get_server_ports(srv->ctx, 4, ports) >= 1) {
		const char *colon = strrchr(cfg->listen, ':');

		srv->port = ports[0].port;
		if (colon)
			snprintf(srv->address, sizeof(srv->address), "%.*s:%d",
				(int)(colon - cfg->listen), cfg->listen, ports[0].port);
	}
	return srv;
}

const char *web_server_address(const struct web_server *srv)
{
	return srv->address;
}

static void *stopper(void *arg)
{
	struct web_server *srv = arg;

	mg_stop(srv->ctx);
	atomic_store(&srv->stopped, true);
	return NULL;
}

/* civetweb's listening thread looks at its stop flag only between two
 * polls of the listening socket, which wait up to two seconds: a
 * connection of our own wakes it at once. */
static void knock(const struct web_server *srv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char host[64];
	const char *colon = strrchr(srv->address, ':');
	int fd;

	snprintf(host, sizeof(host), "%.*s", colon ? (int)(colon - srv->address) : 0, srv->address);
	if (!host[0] || strcmp(host, "0.0.0.0") == 0)
		strcpy(host, "127.0.0.1");
	if (srv->port <= 0 || inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		return;
	addr.sin_port = htons((uint16_t)srv->port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	connect(fd, (struct sockaddr *)&addr, sizeof(addr));
	close(fd);
}

void web_server_stop(struct web_server *srv)
{
	pthread_t thread;

	if (!srv)
		return;
	if (pthread_create(&thread, NULL, stopper, srv) != 0) {
		mg_stop(srv->ctx);
	} else {
		struct timespec pause = { 0, 20 * 1000 * 1000 };

		for (int i = 0; i < 100 && !atomic_load(&srv->stopped); i++) {
			nanosleep(&pause, NULL);
			if (!atomic_load(&srv->stopped))
				knock(srv);
		}
		pthread_join(thread, NULL);
	}
	free(srv);
}
