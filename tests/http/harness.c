/*
 * harness.c — running portail-web and talking to it (see harness.h).
 *
 * The server listens on 127.0.0.1:0: the system picks a free port, with
 * no window in which another process could take it, and the server names
 * it in its "listening" line. It runs with PR_SET_PDEATHSIG so that a test
 * that dies takes its server with it; an atexit hook stops the others.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <libpq-fe.h>

#include "harness.h"

#define START_TIMEOUT_MS 20000
#define STOP_TIMEOUT_MS 20000

/* ---- the server ------------------------------------------------------ */

static pid_t live[16];

static void kill_live_servers(void)
{
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] > 0) {
			kill(live[i], SIGKILL);
			waitpid(live[i], NULL, 0);
			live[i] = 0;
		}
}

static void track(pid_t pid, pid_t replace)
{
	static bool hooked;

	if (!hooked) {
		atexit(kill_live_servers);
		hooked = true;
	}
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] == replace) {
			live[i] = pid;
			return;
		}
}

static const char *web_binary(void)
{
	const char *exe = getenv("PORTAIL_WEB");

	ck_assert_msg(exe && *exe, "PORTAIL_WEB is not set (run through meson test)");
	return exe;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* fork + exec portail-web; its stdout (and stderr if @p err_fd) into pipes,
 * or its stderr into the file @p err_file. */
static pid_t spawn(const char *const *argv, const char *const *env, const char *now,
                   int *out_fd, int *err_fd, const char *err_file)
{
	int out[2], err[2] = { -1, -1 };
	pid_t parent = getpid(), pid;

	ck_assert_int_eq(pipe(out), 0);
	if (err_fd)
		ck_assert_int_eq(pipe(err), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		if (err_fd) {
			dup2(err[1], STDERR_FILENO);
			close(err[0]);
			close(err[1]);
		} else if (err_file) {
			int fd = open(err_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

			if (fd >= 0)
				dup2(fd, STDERR_FILENO);
		}
		unsetenv("PORTAIL_LISTEN");
		unsetenv("PORTAIL_DB");
		unsetenv("PORTAIL_SECURE_COOKIES");
		unsetenv("PORTAIL_NOW");
		if (now)
			setenv("PORTAIL_NOW", now, 1);
		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		execv(web_binary(), (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", web_binary(), strerror(errno));
		_exit(127);
	}
	close(out[1]);
	*out_fd = out[0];
	if (err_fd) {
		close(err[1]);
		*err_fd = err[0];
	}
	return pid;
}

/* Read one line from @p fd before @p deadline (ms); false on EOF/timeout. */
static bool read_line(int fd, char *buf, size_t size, long long deadline)
{
	size_t len = 0;

	while (len + 1 < size) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		n = read(fd, buf + len, 1);
		if (n <= 0)
			return false;
		if (buf[len] == '\n')
			break;
		len++;
	}
	buf[len] = '\0';
	return true;
}

void test_server_start(struct test_server *s, const struct test_server_opts *o)
{
	const char *static_dir = o->static_dir ? o->static_dir : getenv("PORTAIL_STATIC_DIR");
	const char *argv[16];
	char line[256];
	size_t n = 0;
	int port = 0;

	ck_assert_msg(o->conninfo != NULL, "no --db for the server");
	argv[n++] = "portail-web";
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--db";
	argv[n++] = o->conninfo;
	/* Many suites share the test cluster: few connections each. */
	argv[n++] = "--db-connections";
	argv[n++] = "4";
	if (static_dir) {
		argv[n++] = "--static";
		argv[n++] = static_dir;
	}
	for (size_t i = 0; i < 4 && o->extra[i]; i++)
		argv[n++] = o->extra[i];
	argv[n] = NULL;

	memset(s, 0, sizeof(*s));
	s->pid = spawn(argv, o->env, o->now, &s->out_fd, NULL, o->stderr_file);
	track(s->pid, 0);
	if (!read_line(s->out_fd, line, sizeof(line), now_ms() + START_TIMEOUT_MS) ||
	    sscanf(line, "portail-web: listening on http://127.0.0.1:%d", &port) != 1 ||
	    port <= 0) {
		int status = test_server_stop(s);

		ck_abort_msg("portail-web did not start (exit status %d)", status);
	}
	s->port = port;
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", port);
}

/* Wait for @p pid until @p deadline; false if it is still running. */
static bool wait_until(pid_t pid, int *status, long long deadline)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR)
			return true;
		if (now_ms() > deadline)
			return false;
		usleep(10000);
	}
}

int test_server_stop(struct test_server *s)
{
	int status = 0, rc;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	if (!wait_until(s->pid, &status, now_ms() + STOP_TIMEOUT_MS)) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		rc = -1;
	} else {
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	}
	track(0, s->pid);
	close(s->out_fd);
	s->pid = 0;
	return rc;
}

int test_server_run_to_exit(const char *const *args, char *err, size_t err_size)
{
	const char *argv[16];
	size_t n = 0, len = 0;
	int out_fd, err_fd, status = 0, rc;
	long long deadline = now_ms() + START_TIMEOUT_MS;
	pid_t pid;

	argv[n++] = "portail-web";
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid = spawn(argv, NULL, NULL, &out_fd, &err_fd, NULL);
	track(pid, 0);
	/* Collect its standard error until it closes. */
	for (;;) {
		struct pollfd p = { .fd = err_fd, .events = POLLIN };
		long long left = deadline - now_ms();
		char chunk[512];
		ssize_t got;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		got = read(err_fd, chunk, sizeof(chunk));
		if (got <= 0)
			break;
		if (len + 1 < err_size) {
			size_t take = (size_t)got < err_size - 1 - len ? (size_t)got : err_size - 1 - len;

			memcpy(err + len, chunk, take);
			len += take;
		}
	}
	err[len] = '\0';
	if (!wait_until(pid, &status, deadline)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		rc = -1;
	} else {
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	}
	track(0, pid);
	close(out_fd);
	close(err_fd);
	return rc;
}

/* ---- raw connections ------------------------------------------------ */

int test_raw_connect(const struct test_server *s, const char *text)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	addr.sin_port = htons((uint16_t)s->port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	if (text)
		ck_assert_int_eq(send(fd, text, strlen(text), MSG_NOSIGNAL), (ssize_t)strlen(text));
	return fd;
}

bool test_raw_wait_closed(int fd, int ms, char *buf, size_t size)
{
	long long deadline = now_ms() + ms;
	size_t len = 0;

	if (buf && size)
		buf[0] = '\0';
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		char chunk[512];
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		n = recv(fd, chunk, sizeof(chunk), 0);
		if (n <= 0)
			return true;
		if (buf && len + 1 < size) {
			size_t take = (size_t)n < size - 1 - len ? (size_t)n : size - 1 - len;

			memcpy(buf + len, chunk, take);
			len += take;
			buf[len] = '\0';
		}
	}
}

/* ---- HTTP ------------------------------------------------------------ */

struct buffer {
	char *data;
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct buffer *b = userdata;
	size_t n = size * nmemb;
	char *bigger = realloc(b->data, b->len + n + 1);

	if (!bigger)
		return 0;
	b->data = bigger;
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t feed(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct upload *u = userdata;
	size_t n = size * nmemb;

	if (n > u->len - u->pos)
		n = u->len - u->pos;
	if (n > 4096)
		n = 4096;
	memcpy(ptr, u->data + u->pos, n);
	u->pos += n;
	return n;
}

void http_client_init(struct http_client *c, const struct test_server *s)
{
	static bool global;

	if (!global) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global = true;
	}
	memset(c, 0, sizeof(*c));
	c->curl = curl_easy_init();
	ck_assert_ptr_nonnull(c->curl);
	http_client_use(c, s);
}

void http_client_disconnect(struct http_client *c)
{
	curl_easy_cleanup(c->curl);
	c->curl = curl_easy_init();
	ck_assert_ptr_nonnull(c->curl);
}

void http_client_use(struct http_client *c, const struct test_server *s)
{
	if (strcmp(c->base, s->base) != 0)
		http_client_disconnect(c);
	snprintf(c->base, sizeof(c->base), "%s", s->base);
}

void http_client_cleanup(struct http_client *c)
{
	curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

static const char *last_block(const char *headers);

/* Learn the cookies a reply sets (or clears, with Max-Age=0). */
static void take_cookies(struct http_client *c, const char *headers)
{
	const char *p = last_block(headers);

	while (p && *p) {
		const char *end = strstr(p, "\r\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[1024], *name, *eq, *semi, *target = NULL;

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p = end ? end + 2 : NULL;
		if (strncasecmp(line, "Set-Cookie:", 11) != 0)
			continue;
		name = line + 11;
		while (*name == ' ')
			name++;
		eq = strchr(name, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (strcmp(name, "portail_session") == 0)
			target = c->session;
		else if (strcmp(name, "portail_csrf") == 0)
			target = c->csrf_cookie;
		else if (strcmp(name, "portail_device") == 0)
			target = c->device;
		if (!target)
			continue;
		semi = strchr(eq + 1, ';');
		if (semi && strstr(semi, "Max-Age=0")) {
			target[0] = '\0';
			continue;
		}
		if (semi)
			*semi = '\0';
		snprintf(target, 256, "%s", eq + 1);
	}
}

struct http_reply *http_call_raw(struct http_client *c, const char *method, const char *path,
                                 const char *body, size_t len, const char *csrf,
                                 const char *const *headers, bool chunked)
{
	struct http_reply *r = calloc(1, sizeof(*r));
	struct buffer hb = { 0 }, bb = { 0 };
	struct upload up = { body, len, 0 };
	struct curl_slist *list = NULL;
	char url[512], line[1024], cookie[900] = "";
	CURL *curl = c->curl;
	CURLcode rc;

	ck_assert_ptr_nonnull(r);
	curl_easy_reset(curl);
	snprintf(url, sizeof(url), "%s%s", c->base, path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &hb);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bb);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);

	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (body && chunked) {
		curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(curl, CURLOPT_READFUNCTION, feed);
		curl_easy_setopt(curl, CURLOPT_READDATA, &up);
		list = curl_slist_append(list, "Transfer-Encoding: chunked");
	} else if (body) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	if (body)
		list = curl_slist_append(list, "Content-Type: application/json");
	if (csrf) {
		snprintf(line, sizeof(line), "X-CSRF-Token: %s", csrf);
		list = curl_slist_append(list, line);
	}
	if (c->session[0])
		snprintf(cookie, sizeof(cookie), "portail_session=%s", c->session);
	if (c->csrf_cookie[0])
		snprintf(cookie + strlen(cookie), sizeof(cookie) - strlen(cookie), "%sportail_csrf=%s",
			cookie[0] ? "; " : "", c->csrf_cookie);
	if (c->device[0])
		snprintf(cookie + strlen(cookie), sizeof(cookie) - strlen(cookie), "%sportail_device=%s",
			cookie[0] ? "; " : "", c->device);
	if (cookie[0]) {
		snprintf(line, sizeof(line), "Cookie: %s", cookie);
		list = curl_slist_append(list, line);
	}
	for (size_t i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);

	rc = curl_easy_perform(curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
	else
		fprintf(stderr, "%s %s: %s\n", method, path, curl_easy_strerror(rc));
	curl_slist_free_all(list);

	r->headers = hb.data ? hb.data : strdup("");
	r->body = bb.data ? bb.data : strdup("");
	r->body_len = bb.len;
	if (r->body_len)
		r->json = json_loadb(r->body, r->body_len, 0, NULL);
	take_cookies(c, r->headers);
	return r;
}

struct http_reply *http_call(struct http_client *c, const char *method, const char *path,
                             const char *body, const char *csrf)
{
	return http_call_raw(c, method, path, body, body ? strlen(body) : 0, csrf, NULL, false);
}

struct http_reply *http_call_json(struct http_client *c, const char *method, const char *path,
                                  json_t *body, const char *csrf)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct http_reply *r;

	ck_assert(!body || text);
	r = http_call(c, method, path, text, csrf);
	free(text);
	json_decref(body);
	return r;
}

void http_reply_free(struct http_reply *r)
{
	if (!r)
		return;
	free(r->headers);
	free(r->body);
	json_decref(r->json);
	free(r);
}

/* Visit the header lines of the last response in the block (after any
 * "100 Continue"). */
static const char *last_block(const char *headers)
{
	const char *p = headers, *start = headers;

	while ((p = strstr(p, "\r\n\r\n")) != NULL) {
		p += 4;
		if (*p)
			start = p;
	}
	return start;
}

const char *http_header(const struct http_reply *r, const char *name, char *buf, size_t size)
{
	const char *p = last_block(r->headers);
	size_t nlen = strlen(name);

	while (p && *p) {
		const char *end = strstr(p, "\r\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0) {
			const char *v = p + nlen + 1;

			while (*v == ' ')
				v++;
			snprintf(buf, size, "%.*s", (int)(len - (size_t)(v - p)), v);
			return buf;
		}
		p = end ? end + 2 : NULL;
	}
	return NULL;
}

int http_header_count(const struct http_reply *r, const char *name)
{
	const char *p = last_block(r->headers);
	size_t nlen = strlen(name);
	int count = 0;

	while (p && *p) {
		const char *end = strstr(p, "\r\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0)
			count++;
		p = end ? end + 2 : NULL;
	}
	return count;
}

const char *http_set_cookie(const struct http_reply *r, const char *cookie, char *buf, size_t size)
{
	const char *p = last_block(r->headers);
	size_t clen = strlen(cookie);

	while (p && *p) {
		const char *end = strstr(p, "\r\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > 11 && strncasecmp(p, "Set-Cookie:", 11) == 0) {
			const char *v = p + 11;

			while (*v == ' ')
				v++;
			if (strncmp(v, cookie, clen) == 0 && v[clen] == '=') {
				snprintf(buf, size, "%.*s", (int)(len - (size_t)(v - p)), v);
				return buf;
			}
		}
		p = end ? end + 2 : NULL;
	}
	return NULL;
}

static const char *error_member(const struct http_reply *r, const char *name)
{
	const char *v = json_string_value(json_object_get(json_object_get(r->json, "error"), name));

	return v ? v : "";
}

json_t *http_get_json(struct http_client *c, const char *path)
{
	struct http_reply *r = http_call(c, "GET", path, NULL, NULL);
	json_t *j;

	ck_assert_msg(r->status == 200, "GET %s: %ld %s", path, r->status, r->body);
	j = json_incref(r->json);
	ck_assert_ptr_nonnull(j);
	http_reply_free(r);
	return j;
}

const char *http_error_code(const struct http_reply *r)
{
	return error_member(r, "code");
}

const char *http_error_message(const struct http_reply *r)
{
	return error_member(r, "message");
}

const char *http_error_field(const struct http_reply *r)
{
	return error_member(r, "field");
}

void http_get_anonymous_csrf(struct http_client *c)
{
	struct http_reply *r = http_call(c, "GET", "/api/v1/csrf", NULL, NULL);
	const char *token;

	ck_assert_int_eq(r->status, 200);
	token = json_string_value(json_object_get(r->json, "csrf_token"));
	ck_assert_ptr_nonnull(token);
	snprintf(c->csrf, sizeof(c->csrf), "%s", token);
	http_reply_free(r);
}

struct http_reply *http_login(struct http_client *c, const char *email, const char *password)
{
	struct http_reply *r;
	json_t *body = json_pack("{s:s,s:s}", "email", email, "password", password);
	char *text = json_dumps(body, JSON_COMPACT);

	http_get_anonymous_csrf(c);
	r = http_call(c, "POST", "/api/v1/session", text, c->csrf);
	free(text);
	json_decref(body);
	if (r->status == 200) {
		const char *token = json_string_value(json_object_get(r->json, "csrf_token"));

		ck_assert_ptr_nonnull(token);
		snprintf(c->csrf, sizeof(c->csrf), "%s", token);
	}
	return r;
}

void http_login_generated(struct http_client *c, int64_t family, const char *password)
{
	char email[128];
	struct http_reply *r;

	snprintf(email, sizeof(email), PTL_DEMO_GENERATED_EMAIL, (long long)family);
	r = http_login(c, email, password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
}

/* ---- data ------------------------------------------------------------ */

void test_family_seed(const char *conninfo, const char *label, bool with_password,
                      struct test_family *out)
{
	static int serial;
	ptl_family_options in = PTL_FAMILY_OPTIONS_INIT;
	ptl_db *db = NULL;
	char *code = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->email, sizeof(out->email), "%s.%ld.%d@example.org", label,
		(long)getpid(), ++serial);
	in.family_name = "Martin";
	in.first_name = "Claire";
	in.last_name = "Martin";
	in.email = out->email;
	in.phone = "06 12 34 56 78";
	in.address = "3 rue des Tilleuls";
	in.postcode = "45000";
	in.city = "Valmont-sur-Loire";

	rc = ptl_db_open(&db, conninfo);
	ck_assert_msg(rc == PTL_OK, "ptl_db_open: %s", ptl_error_last()->message);
	rc = ptl_family_create(&out->id, &code, db, &in);
	ck_assert_msg(rc == PTL_OK, "ptl_family_create: %s", ptl_error_last()->message);
	snprintf(out->code, sizeof(out->code), "%s", code);
	ptl_free(code);
	if (with_password) {
		snprintf(out->password, sizeof(out->password), "Tilleuls-%d-Valmont", serial);
		rc = ptl_account_set_password(db, out->email, out->password);
		ck_assert_msg(rc == PTL_OK, "ptl_account_set_password: %s", ptl_error_last()->message);
	}
	ptl_db_close(db);
}

int64_t test_child_seed(const char *conninfo, int64_t family_id, const char *first_name,
                        const char *birth_date)
{
	ptl_child_options in = PTL_CHILD_OPTIONS_INIT;
	ptl_db *db = NULL;
	int64_t id = 0;
	int rc;

	in.first_name = first_name;
	in.last_name = "Martin";
	in.birth_date = birth_date;
	in.sex = "F";
	in.school = "École Jules-Ferry";
	in.school_level = "CE1";
	rc = ptl_db_open(&db, conninfo);
	ck_assert_msg(rc == PTL_OK, "ptl_db_open: %s", ptl_error_last()->message);
	rc = ptl_child_create(&id, db, family_id, &in);
	ck_assert_msg(rc == PTL_OK, "ptl_child_create: %s", ptl_error_last()->message);
	ptl_db_close(db);
	return id;
}

/* The outbox for @p recipient, newest first. */
static ptl_mails *outbox(const char *conninfo, const char *recipient)
{
	ptl_mails *mails = NULL;
	ptl_db *db = NULL;
	int rc;

	rc = ptl_db_open(&db, conninfo);
	ck_assert_msg(rc == PTL_OK, "ptl_db_open: %s", ptl_error_last()->message);
	rc = ptl_mail_outbox(&mails, db, recipient, 0);
	ck_assert_msg(rc == PTL_OK, "ptl_mail_outbox: %s", ptl_error_last()->message);
	ptl_db_close(db);
	return mails;
}

size_t test_mail_count(const char *conninfo, const char *recipient)
{
	ptl_mails *mails = outbox(conninfo, recipient);
	size_t n = mails->count;

	ptl_mails_free(mails);
	return n;
}

bool test_mail_token(const char *conninfo, const char *recipient, const char *page,
                     char out[PTL_TOKEN_LEN + 1])
{
	ptl_mails *mails = outbox(conninfo, recipient);
	char link[128];
	bool found = false;

	snprintf(link, sizeof(link), "/%s?jeton=", page);
	out[0] = '\0';
	for (size_t i = 0; i < mails->count && !found; i++) {
		const char *p = strstr(mails->items[i].body, link);

		if (p && strlen(p + strlen(link)) >= PTL_TOKEN_LEN) {
			memcpy(out, p + strlen(link), PTL_TOKEN_LEN);
			out[PTL_TOKEN_LEN] = '\0';
			found = true;
		}
	}
	ptl_mails_free(mails);
	return found;
}

static PGresult *run_sql(const char *conninfo, const char *sql, PGconn **conn_out)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *res;
	ExecStatusType st;

	ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "connect: %s", PQerrorMessage(conn));
	res = PQexec(conn, sql);
	st = PQresultStatus(res);
	ck_assert_msg(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql,
		PQerrorMessage(conn));
	*conn_out = conn;
	return res;
}

void test_sql(const char *conninfo, const char *sql)
{
	PGconn *conn;

	PQclear(run_sql(conninfo, sql, &conn));
	PQfinish(conn);
}

long test_sql_long(const char *conninfo, const char *sql)
{
	PGconn *conn;
	PGresult *res = run_sql(conninfo, sql, &conn);
	long v;

	ck_assert_msg(PQntuples(res) >= 1, "%s: no row", sql);
	v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQfinish(conn);
	return v;
}

void test_time_text(char buf[32], ptl_time t)
{
	char text[21];

	ptl_time_format(text, t);
	snprintf(buf, 32, "%s", text);
}

void test_server_start_with_client(struct test_server *s, struct http_client *c,
                                   const char *conninfo)
{
	struct test_server_opts o = { .conninfo = conninfo };

	test_server_start(s, &o);
	http_client_init(c, s);
}

void test_server_stop_with_client(struct test_server *s, struct http_client *c)
{
	http_client_cleanup(c);
	ck_assert_int_eq(test_server_stop(s), 0);
}
