/*
 * test-http-basics.c — portail-web as a web server: health checks, the
 * common headers, errors for unknown paths and methods, request limits,
 * static files, starting on a taken port, stopping cleanly; requests no
 * browser sends (a bad HTTP version, OPTIONS *, a member of the wrong type).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void assert_header(const struct http_reply *r, const char *name, const char *want)
{
	char buf[512];
	const char *got = http_header(r, name, buf, sizeof(buf));

	ck_assert_msg(got != NULL, "no %s header", name);
	ck_assert_str_eq(got, want);
}

static void assert_security_headers(const struct http_reply *r)
{
	assert_header(r, "X-Content-Type-Options", "nosniff");
	assert_header(r, "Referrer-Policy", "same-origin");
	assert_header(r, "X-Frame-Options", "DENY");
	assert_header(r, "Content-Security-Policy",
		"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

static void assert_json_reply(const struct http_reply *r)
{
	assert_header(r, "Content-Type", "application/json; charset=utf-8");
	assert_header(r, "Cache-Control", "no-store");
	ck_assert_ptr_nonnull(r->json);
}

START_TEST(test_http_healthz)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;

	test_server_start_with_client(&s, &c, conninfo);
	r = http_call(&c, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	assert_json_reply(r);
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "status")), "ok");
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_readyz)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;

	test_server_start_with_client(&s, &c, conninfo);
	r = http_call(&c, "GET", "/readyz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	assert_json_reply(r);
	ck_assert_str_eq(json_string_value(json_object_get(r->json, "status")), "ready");
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_security_headers_everywhere)
{
	static const char *const paths[] = {
		"/healthz", "/api/v1/me", "/api/v1/nothing-here", "/no-such-page.html",
	};
	struct test_server s;
	struct http_client c;

	test_server_start_with_client(&s, &c, conninfo);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct http_reply *r = http_call(&c, "GET", paths[i], NULL, NULL);

		ck_assert_msg(r->status > 0, "no answer for %s", paths[i]);
		assert_security_headers(r);
		ck_assert_int_eq(http_header_count(r, "X-Frame-Options"), 1);
		http_reply_free(r);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_unknown_api_path_404_json)
{
	static const char *const paths[] = { "/api/v1/nothing-here", "/api/v2/me", "/api", "/api/" };
	struct test_server s;
	struct http_client c;

	test_server_start_with_client(&s, &c, conninfo);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct http_reply *r = http_call(&c, "GET", paths[i], NULL, NULL);

		ck_assert_msg(r->status == 404, "%s: %ld", paths[i], r->status);
		assert_json_reply(r);
		ck_assert_str_eq(http_error_code(r), "not_found");
		ck_assert_str_ne(http_error_message(r), "");
		http_reply_free(r);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_wrong_method_405_json)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char buf[128];

	test_server_start_with_client(&s, &c, conninfo);
	r = http_call(&c, "DELETE", "/api/v1/me", NULL, NULL);
	ck_assert_int_eq(r->status, 405);
	assert_json_reply(r);
	ck_assert_str_eq(http_error_code(r), "method_not_allowed");
	ck_assert_str_eq(http_header(r, "Allow", buf, sizeof(buf)), "GET");
	http_reply_free(r);

	r = http_call(&c, "GET", "/api/v1/session", NULL, NULL);
	ck_assert_int_eq(r->status, 405);
	ck_assert_str_eq(http_header(r, "Allow", buf, sizeof(buf)), "POST, DELETE");
	http_reply_free(r);

	/* A path with a parameter: the methods of every route of that path. */
	r = http_call(&c, "DELETE", "/api/v1/children/7", NULL, NULL);
	ck_assert_int_eq(r->status, 405);
	ck_assert_str_eq(http_header(r, "Allow", buf, sizeof(buf)), "GET, PUT");
	http_reply_free(r);

	r = http_call(&c, "POST", "/index.html", "{}", NULL);
	ck_assert_int_eq(r->status, 405);
	assert_json_reply(r);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* A route that takes no query parameter answers as if there were none. */
START_TEST(test_http_query_string_ignored_where_none_is_taken)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;

	test_server_start_with_client(&s, &c, conninfo);
	r = http_call(&c, "GET", "/healthz?probe=1&probe=2&%zz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	assert_json_reply(r);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/me?cache=1", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static char *big_body(size_t size)
{
	char *body = malloc(size + 1);

	ck_assert_ptr_nonnull(body);
	memset(body, ' ', size);
	body[0] = '{';
	body[size - 1] = '}';
	body[size] = '\0';
	return body;
}

START_TEST(test_http_body_too_large_413)
{
	static const char *const expect[] = { "Expect: 100-continue", NULL };
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char *body = big_body(64 * 1024 + 1);

	test_server_start_with_client(&s, &c, conninfo);
	http_get_anonymous_csrf(&c);

	/* Announced by Content-Length. */
	r = http_call_raw(&c, "POST", "/api/v1/session", body, strlen(body), c.csrf, expect, false);
	ck_assert_int_eq(r->status, 413);
	assert_json_reply(r);
	assert_security_headers(r);
	http_reply_free(r);

	/* Streamed in chunks: the server counts as it reads. */
	r = http_call_raw(&c, "POST", "/api/v1/session", body, strlen(body), c.csrf, NULL, true);
	ck_assert_int_eq(r->status, 413);
	assert_json_reply(r);
	http_reply_free(r);

	/* Exactly at the limit is read: an empty object, refused for want of an email. */
	free(body);
	body = big_body(64 * 1024);
	r = http_call_raw(&c, "POST", "/api/v1/session", body, strlen(body), c.csrf, NULL, false);
	ck_assert_int_eq(r->status, 400);
	http_reply_free(r);
	r = http_call_raw(&c, "POST", "/api/v1/session", body, strlen(body), c.csrf, NULL, true);
	ck_assert_int_eq(r->status, 400);
	http_reply_free(r);
	free(body);

	/* The server is still fine. */
	r = http_call(&c, "GET", "/healthz", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_malformed_json_400)
{
	static const char *const bodies[] = {
		"{\"email\": \"a@example.org\", \"password\": ", "not json", "[1, 2]", "",
		"{\"email\": \"a@example.org\", \"email\": \"b@example.org\", \"password\": \"x\"}",
		"{\"email\": 12, \"password\": \"x\"}",
	};
	struct test_server s;
	struct http_client c;

	test_server_start_with_client(&s, &c, conninfo);
	http_get_anonymous_csrf(&c);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct http_reply *r = http_call(&c, "POST", "/api/v1/session", bodies[i], c.csrf);

		ck_assert_msg(r->status == 400, "body %zu: %ld", i, r->status);
		assert_json_reply(r);
		ck_assert_str_eq(http_error_code(r), "bad_request");
		http_reply_free(r);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* A static directory of our own, with known files. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_http_static_files)
{
	struct {
		const char *path;
		long status;
		const char *type;
		const char *body;
	} cases[] = {
		{ "/", 200, "text/html; charset=utf-8", "<p>accueil</p>" },
		{ "/index.html", 200, "text/html; charset=utf-8", "<p>accueil</p>" },
		{ "/assets/portail.css", 200, "text/css; charset=utf-8", "body{}" },
		{ "/assets/portail.js", 200, "text/javascript; charset=utf-8", "'use strict';" },
		{ "/assets/", 404, "text/html; charset=utf-8", NULL },      /* no listing */
		{ "/assets", 404, "text/html; charset=utf-8", NULL },
		{ "/.secret", 404, "text/html; charset=utf-8", NULL },
		{ "/assets/../.secret", 404, "text/html; charset=utf-8", NULL },
		{ "/%2e%2e/%2e%2e/etc/passwd", 404, "text/html; charset=utf-8", NULL },
		{ "/../../../../etc/passwd", 404, "text/html; charset=utf-8", NULL },
		{ "/link.html", 404, "text/html; charset=utf-8", NULL },    /* a symbolic link */
		{ "/nothing.html", 404, "text/html; charset=utf-8", NULL },
	};
	char dir[] = "/tmp/portail-static-XXXXXX", sub[600], link_path[600], buf[256];
	struct test_server s;
	struct test_server_opts o = { .conninfo = conninfo };
	struct http_client c;
	struct http_reply *r;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/assets", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	write_file(dir, "index.html", "<p>accueil</p>");
	write_file(dir, ".secret", "secret");
	write_file(dir, "assets/portail.css", "body{}");
	write_file(dir, "assets/portail.js", "'use strict';");
	snprintf(link_path, sizeof(link_path), "%s/link.html", dir);
	ck_assert_int_eq(symlink("/etc/passwd", link_path), 0);

	o.static_dir = dir;
	test_server_start(&s, &o);
	http_client_init(&c, &s);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = http_call(&c, "GET", cases[i].path, NULL, NULL);
		ck_assert_msg(r->status == cases[i].status, "%s: %ld", cases[i].path, r->status);
		ck_assert_msg(http_header(r, "Content-Type", buf, sizeof(buf)) != NULL, "%s", cases[i].path);
		ck_assert_str_eq(buf, cases[i].type);
		if (cases[i].body)
			ck_assert_str_eq(r->body, cases[i].body);
		ck_assert_ptr_null(strstr(r->body, "root:"));
		assert_security_headers(r);
		http_reply_free(r);
	}

	/* Revalidation with the ETag. */
	r = http_call(&c, "GET", "/assets/portail.css", NULL, NULL);
	ck_assert_ptr_nonnull(http_header(r, "ETag", buf, sizeof(buf)));
	http_reply_free(r);
	{
		char line[300];
		const char *headers[] = { line, NULL };

		snprintf(line, sizeof(line), "If-None-Match: %s", buf);
		r = http_call_raw(&c, "GET", "/assets/portail.css", NULL, 0, NULL, headers, false);
		ck_assert_int_eq(r->status, 304);
		ck_assert_uint_eq(r->body_len, 0);
		http_reply_free(r);
	}

	/* HEAD: the headers without the body. */
	r = http_call(&c, "HEAD", "/index.html", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_eq(r->body_len, 0);
	ck_assert_str_eq(http_header(r, "Content-Length", buf, sizeof(buf)), "14");
	http_reply_free(r);

	test_server_stop_with_client(&s, &c);
	unlink(link_path);
	snprintf(sub, sizeof(sub), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(sub), 0);
}
END_TEST

/* The portal's own pages, from the source tree, as the contract names them. */
START_TEST(test_http_pages_served)
{
	static const struct {
		const char *path;
		const char *type;
	} pages[] = {
		{ "/", "text/html; charset=utf-8" },
		{ "/connexion.html", "text/html; charset=utf-8" },
		{ "/nouveau-mot-de-passe.html", "text/html; charset=utf-8" },
		{ "/tableau-de-bord.html", "text/html; charset=utf-8" },
		{ "/assets/portail.css", "text/css; charset=utf-8" },
		{ "/assets/portail.js", "text/javascript; charset=utf-8" },
	};
	struct test_server s;
	struct http_client c;
	char buf[256];

	test_server_start_with_client(&s, &c, conninfo);
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct http_reply *r = http_call(&c, "GET", pages[i].path, NULL, NULL);

		ck_assert_msg(r->status == 200, "%s: %ld", pages[i].path, r->status);
		ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof(buf)), pages[i].type);
		assert_security_headers(r);
		http_reply_free(r);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_port_taken_exits_1)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char listen_arg[64], err[2048], want[160];
	int fd = socket(AF_INET, SOCK_STREAM, 0), rc;
	const char *argv[] = { "--listen", listen_arg, "--db", conninfo, NULL };

	ck_assert_int_ge(fd, 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(fd, 1), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	snprintf(listen_arg, sizeof(listen_arg), "127.0.0.1:%d", ntohs(addr.sin_port));

	rc = test_server_run_to_exit(argv, err, sizeof(err));
	close(fd);
	ck_assert_int_eq(rc, 1);
	snprintf(want, sizeof(want), "portail-web: cannot listen on %s (address in use?); "
		"set PORTAIL_LISTEN or --listen\n", listen_arg);
	ck_assert_msg(strstr(err, want) != NULL, "stderr was: %s", err);
}
END_TEST

START_TEST(test_http_usage_errors_exit_2)
{
	const char *bad_threads[] = { "--threads", "0", "--db", conninfo, NULL };
	const char *bad_pool[] = { "--db-connections", "many", "--db", conninfo, NULL };
	const char *bad_listen[] = { "--listen", "8080", "--db", conninfo, NULL };
	const char *bad_option[] = { "--no-such-option", NULL };
	const char *no_database[] = { "--listen", "127.0.0.1:0", NULL };
	char err[2048];

	ck_assert_int_eq(test_server_run_to_exit(bad_threads, err, sizeof(err)), 2);
	ck_assert_int_eq(test_server_run_to_exit(bad_pool, err, sizeof(err)), 2);
	ck_assert_msg(strstr(err, "--db-connections") != NULL, "stderr was: %s", err);
	ck_assert_int_eq(test_server_run_to_exit(bad_listen, err, sizeof(err)), 2);
	ck_assert_int_eq(test_server_run_to_exit(bad_option, err, sizeof(err)), 2);
	/* Neither --db nor PORTAIL_DB: nothing to serve. */
	ck_assert_int_eq(test_server_run_to_exit(no_database, err, sizeof(err)), 2);
	ck_assert_msg(strstr(err, "PORTAIL_DB") != NULL, "stderr was: %s", err);
}
END_TEST

/* Send @p request on a plain connection to a fresh server; the whole
 * answer (the server closes after it) into @p reply. */
static void raw_exchange(const char *request, char *reply, size_t size)
{
	struct test_server s;
	struct http_client c;
	int fd;

	test_server_start_with_client(&s, &c, conninfo);
	fd = test_raw_connect(&s, request);
	ck_assert(test_raw_wait_closed(fd, 5000, reply, size));
	close(fd);
	test_server_stop_with_client(&s, &c);
}

START_TEST(test_http_bad_version_is_a_client_error)
{
	char reply[4096];

	raw_exchange("GET /healthz HTTP/9.9\r\nHost: portail\r\n\r\n", reply, sizeof(reply));
	ck_assert_msg(strncmp(reply, "HTTP/1.1 400 ", 13) == 0, "%s", reply);
	ck_assert_msg(strstr(reply, "\"code\":\"bad_request\"") != NULL, "%s", reply);
	ck_assert_msg(strstr(reply, "internal") == NULL, "%s", reply);
}
END_TEST

START_TEST(test_http_options_star_answered)
{
	char reply[4096];

	raw_exchange("OPTIONS * HTTP/1.1\r\nHost: portail\r\nConnection: close\r\n\r\n", reply,
		sizeof(reply));
	ck_assert_msg(strncmp(reply, "HTTP/1.1 204 ", 13) == 0, "%s", reply);
	ck_assert_msg(strstr(reply, "\r\nAllow: GET, HEAD, POST, PUT, DELETE, OPTIONS\r\n") != NULL,
		"%s", reply);
}
END_TEST

START_TEST(test_http_wrong_type_names_the_field)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;

	test_server_start_with_client(&s, &c, conninfo);
	http_get_anonymous_csrf(&c);
	r = http_call(&c, "POST", "/api/v1/password/forgot", "{\"email\":5}", c.csrf);
	ck_assert_int_eq(r->status, 400);
	ck_assert_str_eq(http_error_code(r), "bad_request");
	ck_assert_str_eq(http_error_field(r), "email");
	ck_assert_msg(strstr(http_error_message(r), "« email »") != NULL, "%s",
		http_error_message(r));
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static long backends(void)
{
	return test_sql_long(conninfo,
		"SELECT count(*) FROM pg_stat_activity"
		" WHERE datname = current_database() AND pid <> pg_backend_pid()");
}

START_TEST(test_http_stop_closes_database_connections)
{
	struct test_server s;
	struct http_client c[3];
	long n = -1;

	for (int tries = 0; tries < 100 && (n = backends()) != 0; tries++)
		usleep(20000);
	ck_assert_int_eq(n, 0);
	{
		struct test_server_opts o = { .conninfo = conninfo };

		test_server_start(&s, &o);
	}
	/* Three keep-alive connections, served through the pool's connections. */
	for (int i = 0; i < 3; i++) {
		http_client_init(&c[i], &s);
		struct http_reply *r = http_call(&c[i], "GET", "/readyz", NULL, NULL);

		ck_assert_int_eq(r->status, 200);
		http_reply_free(r);
	}
	ck_assert_int_ge(backends(), 1);
	for (int i = 0; i < 3; i++)
		http_client_cleanup(&c[i]);
	ck_assert_int_eq(test_server_stop(&s), 0);
	/* The backends leave as soon as their clients said goodbye. */
	for (int tries = 0; tries < 100 && (n = backends()) != 0; tries++)
		usleep(20000);
	ck_assert_int_eq(n, 0);
}
END_TEST

static Suite *basics_suite(void)
{
	Suite *s = suite_create("http_basics");
	TCase *tc = tcase_create("server");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_healthz);
	tcase_add_test(tc, test_http_readyz);
	tcase_add_test(tc, test_http_security_headers_everywhere);
	tcase_add_test(tc, test_http_unknown_api_path_404_json);
	tcase_add_test(tc, test_http_wrong_method_405_json);
	tcase_add_test(tc, test_http_query_string_ignored_where_none_is_taken);
	tcase_add_test(tc, test_http_body_too_large_413);
	tcase_add_test(tc, test_http_malformed_json_400);
	tcase_add_test(tc, test_http_static_files);
	tcase_add_test(tc, test_http_pages_served);
	tcase_add_test(tc, test_http_port_taken_exits_1);
	tcase_add_test(tc, test_http_usage_errors_exit_2);
	tcase_add_test(tc, test_http_stop_closes_database_connections);
	tcase_add_test(tc, test_http_bad_version_is_a_client_error);
	tcase_add_test(tc, test_http_options_star_answered);
	tcase_add_test(tc, test_http_wrong_type_names_the_field);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(basics_suite(), "http_basics", &conninfo);
}
