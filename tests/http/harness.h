/*
 * harness.h — what the HTTP tests share: running the real portail-web
 * binary on a free loopback port, talking to it with libcurl, and seeding
 * families through the library's public API.
 *
 * The binary comes from the PORTAIL_WEB environment variable, its pages
 * from PORTAIL_STATIC_DIR (both set by meson). A server started here is
 * killed if the test process ends without stopping it.
 */
#ifndef PORTAIL_TEST_HTTP_HARNESS_H
#define PORTAIL_TEST_HTTP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include <portail/portail.h>

/* ---- the server ------------------------------------------------------ */

struct test_server {
	pid_t pid;
	int out_fd;          /* its standard output */
	int port;
	char base[64];       /* "http://127.0.0.1:PORT" */
};

/* Options of one start; zero-initialise and fill what matters. */
struct test_server_opts {
	const char *conninfo;    /* --db */
	const char *now;         /* PORTAIL_NOW, or NULL for the real clock */
	const char *static_dir;  /* NULL: PORTAIL_STATIC_DIR */
	const char *extra[4];    /* more arguments, NULL-ended */
	const char *env[4];      /* more "NAME=value" settings, NULL-ended */
	const char *stderr_file; /* its standard error into this file, or NULL */
};

/* Start portail-web and wait for its "listening" line (fails the test
 * otherwise). */
void test_server_start(struct test_server *s, const struct test_server_opts *o);

/* SIGTERM, then wait. @return its exit status (0 after a clean stop),
 * or -1 if it had to be killed or died of a signal. */
int test_server_stop(struct test_server *s);

/* Run portail-web with @p argv (after the program name, NULL-ended) and
 * wait for it to exit by itself (at most 20 s). Its standard error goes
 * into @p err. @return its exit status, -1 if it did not exit. */
int test_server_run_to_exit(const char *const *argv, char *err, size_t err_size);

/* ---- raw connections ------------------------------------------------ */

/* A plain TCP connection to the server, with @p text (may be NULL) sent on
 * it: for requests no HTTP client would send. @return the socket. */
int test_raw_connect(const struct test_server *s, const char *text);

/* Read from @p fd until the server closes it, at most @p ms; what came goes
 * into @p buf (NUL-ended, may be NULL). @return true if it was closed. */
bool test_raw_wait_closed(int fd, int ms, char *buf, size_t size);

/* ---- HTTP ------------------------------------------------------------ */

struct http_reply {
	long status;             /* 0 if the request failed */
	char *headers;           /* the header block as received */
	char *body;              /* NUL-ended */
	size_t body_len;
	json_t *json;            /* body parsed, if it is JSON */
};

/* A client keeps one connection (keep-alive) and its cookies itself, so
 * that tests can look at and change them. */
struct http_client {
	void *curl;
	char base[64];
	char session[256];       /* portail_session cookie value, "" if none */
	char csrf_cookie[256];   /* portail_csrf cookie value, "" if none */
	char device[256];        /* portail_device cookie value, "" if none */
	char csrf[256];          /* the token to send in X-CSRF-Token */
};

void http_client_init(struct http_client *c, const struct test_server *s);
/* Point the client at another server (after a restart); cookies stay. */
void http_client_use(struct http_client *c, const struct test_server *s);
/* Close the client's connection (a server with an idle keep-alive
 * connection takes longer to stop); cookies stay. */
void http_client_disconnect(struct http_client *c);
void http_client_cleanup(struct http_client *c);

/* Start portail-web on @p conninfo with default options and point @p c at
 * it; and the reverse: close the client, stop the server, and fail the test
 * unless it stopped cleanly. */
void test_server_start_with_client(struct test_server *s, struct http_client *c,
                                   const char *conninfo);
void test_server_stop_with_client(struct test_server *s, struct http_client *c);

/* One request. @p body may be NULL; @p csrf is the X-CSRF-Token header to
 * send (NULL: none). Set-Cookie headers update the client's cookies. */
struct http_reply *http_call(struct http_client *c, const char *method, const char *path,
                             const char *body, const char *csrf);
/* The same with a raw body of @p len bytes and extra header lines. */
struct http_reply *http_call_raw(struct http_client *c, const char *method, const char *path,
                                 const char *body, size_t len, const char *csrf,
                                 const char *const *headers, bool chunked);

/* The same with a JSON body, which is consumed (@p body may be NULL). */
struct http_reply *http_call_json(struct http_client *c, const char *method, const char *path,
                                  json_t *body, const char *csrf);

void http_reply_free(struct http_reply *r);

/* The value of the first header @p name (case-insensitive) into @p buf;
 * NULL if absent. */
const char *http_header(const struct http_reply *r, const char *name, char *buf, size_t size);
/* How many headers named @p name. */
int http_header_count(const struct http_reply *r, const char *name);
/* The Set-Cookie header line for cookie @p cookie, or NULL. */
const char *http_set_cookie(const struct http_reply *r, const char *cookie, char *buf, size_t size);

/* GET @p path, which must answer 200 with JSON (else the test fails);
 * that JSON, a new reference the caller releases. */
json_t *http_get_json(struct http_client *c, const char *path);

/* error.code of a JSON error reply, or "" */
const char *http_error_code(const struct http_reply *r);
const char *http_error_message(const struct http_reply *r);
const char *http_error_field(const struct http_reply *r);

/* GET /api/v1/csrf and keep the token in c->csrf. */
void http_get_anonymous_csrf(struct http_client *c);

/* Log in (fetching an anonymous CSRF token first); on 200 c->csrf becomes
 * the session's token. Returns the reply. */
struct http_reply *http_login(struct http_client *c, const char *email, const char *password);

/* Log in as the guardian of generated family @p family (ptl_demo_generate,
 * PTL_DEMO_GENERATED_EMAIL) with @p password; fails the test unless 200. */
void http_login_generated(struct http_client *c, int64_t family, const char *password);

/* ---- data ------------------------------------------------------------ */

struct test_family {
	int64_t id;
	char email[128];
	char code[128];          /* the one-time code */
	char password[64];       /* set when asked for */
};

/* Create a family through the public API with a unique email based on
 * @p label; with @p with_password also set a known password. */
void test_family_seed(const char *conninfo, const char *label, bool with_password,
                      struct test_family *out);

/* Add a child to family @p family_id through the public API (the
 * manager's path). @return its id. */
int64_t test_child_seed(const char *conninfo, int64_t family_id, const char *first_name,
                        const char *birth_date);

/* How many mails the outbox holds for @p recipient. */
size_t test_mail_count(const char *conninfo, const char *recipient);

/* The token of the latest link to @p page ("reinitialiser.html") mailed to
 * @p recipient, into @p out. @return false if there is none. */
bool test_mail_token(const char *conninfo, const char *recipient, const char *page,
                     char out[PTL_TOKEN_LEN + 1]);

/* Run SQL directly (setup and inspection only); fails the test on error. */
void test_sql(const char *conninfo, const char *sql);
/* The first column of the first row, as a number. */
long test_sql_long(const char *conninfo, const char *sql);

/* An instant as PORTAIL_NOW text. */
void test_time_text(char buf[32], ptl_time t);

#endif
