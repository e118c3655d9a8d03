/*
 * test-http-mail.c — portail-web's mail-delivery thread against a real SMTP
 * server: Debian's aiosmtpd (python3-aiosmtpd) listening on loopback and
 * storing what it receives in a Maildir. A reset link asked over HTTP must
 * arrive there within ten seconds; a relay that is down leaves the message
 * queued ("failed") and it goes out once the relay answers; a relay that
 * takes the connection and never answers does not slow a parent's request
 * (no mail is sent while a request is served).
 *
 * /usr/bin/python3 is named explicitly: another python3 may come first on
 * PATH, without the Debian package.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

#define SMTP_PYTHON "/usr/bin/python3"
#define WAIT_MS 10000

static char *conninfo;

/* ---- the SMTP server ---------------------------------------------------- */

struct smtp_server {
	pid_t pid;
	int port;
	char dir[128];           /* the server's directory: its Maildir and its log */
	char maildir[160];
};

/* The suite's temporary directory, made and removed by main(): a failed
 * test ends its process at once, without cleaning up. (The SMTP server,
 * for its part, dies with the test's process: PR_SET_PDEATHSIG.) */
static char suite_dir[64];

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A loopback port nobody listens on just now. */
static int free_port(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int port;

	ck_assert_int_ge(fd, 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	port = ntohs(addr.sin_port);
	close(fd);
	return port;
}

static bool port_answers(int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons((uint16_t)port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void smtp_prepare(struct smtp_server *m, int port)
{
	static int serial;

	memset(m, 0, sizeof(*m));
	snprintf(m->dir, sizeof(m->dir), "%s/smtp-%ld-%d", suite_dir, (long)getpid(), ++serial);
	ck_assert_int_eq(mkdir(m->dir, 0700), 0);
	snprintf(m->maildir, sizeof(m->maildir), "%s/maildir", m->dir);
	m->port = port ? port : free_port();
}

static void smtp_start(struct smtp_server *m)
{
	char listen[64], log[256];
	long long deadline;
	pid_t parent = getpid();

	snprintf(listen, sizeof(listen), "127.0.0.1:%d", m->port);
	snprintf(log, sizeof(log), "%s/smtp.log", m->dir);
	m->pid = fork();
	ck_assert_int_ge(m->pid, 0);
	if (m->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		unsetenv("PYTHONPATH");
		unsetenv("PYTHONHOME");
		execl(SMTP_PYTHON, "python3", "-m", "aiosmtpd", "-n", "-l", listen,
		      "-c", "aiosmtpd.handlers.Mailbox", m->maildir, (char *)NULL);
		fprintf(stderr, "cannot run %s: %s\n", SMTP_PYTHON, strerror(errno));
		_exit(127);
	}
	deadline = now_ms() + WAIT_MS;
	while (!port_answers(m->port)) {
		int status;

		if (waitpid(m->pid, &status, WNOHANG) == m->pid) {
			m->pid = 0;
			ck_abort_msg("the SMTP server exited (is python3-aiosmtpd installed? see %s)", log);
		}
		ck_assert_msg(now_ms() < deadline, "the SMTP server does not listen on %s", listen);
		pause_ms(50);
	}
}

/* rm -r @p path (no symbolic links are followed). */
static void remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char child[512];

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
			remove_tree(child);
		}
		closedir(d);
	}
	remove(path);
}

static void smtp_stop(struct smtp_server *m)
{
	if (m->pid > 0) {
		long long deadline = now_ms() + 5000;
		int status;

		kill(m->pid, SIGTERM);
		while (waitpid(m->pid, &status, WNOHANG) == 0) {
			if (now_ms() > deadline) {
				kill(m->pid, SIGKILL);
				waitpid(m->pid, &status, 0);
				break;
			}
			pause_ms(20);
		}
		m->pid = 0;
	}
	if (m->dir[0]) {
		remove_tree(m->dir);
		m->dir[0] = '\0';
	}
}

/* A message in the Maildir to @p recipient holding @p text, copied into
 * @p out; false if none (yet). */
static bool maildir_find(const struct smtp_server *m, const char *recipient, const char *text,
                         char *out, size_t size)
{
	char path[512];
	struct dirent *e;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof(path), "%s/new", m->maildir);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		FILE *f;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/new/%s", m->maildir, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		n = fread(out, 1, size - 1, f);
		out[n] = '\0';
		fclose(f);
		found = strstr(out, recipient) && strstr(out, text);
	}
	closedir(d);
	return found;
}

/* ---- portail-web ---------------------------------------------------------- */

static void start_web(struct test_server *s, struct http_client *c, int smtp_port)
{
	struct test_server_opts o = { .conninfo = conninfo };
	char smtp[64];

	snprintf(smtp, sizeof(smtp), "PORTAIL_SMTP_URL=smtp://127.0.0.1:%d", smtp_port);
	o.env[0] = smtp;
	o.env[1] = "PORTAIL_PUBLIC_URL=http://portail.test";
	o.env[2] = "PORTAIL_MAIL_FROM=portail@valmont.test";
	test_server_start(s, &o);
	http_client_init(c, s);
	http_get_anonymous_csrf(c);
}

static void forgot(struct http_client *c, const char *email)
{
	struct http_reply *r = http_call_json(c, "POST", "/api/v1/password/forgot",
		json_pack("{s:s}", "email", email), c->csrf);

	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
}

/* The status of the newest mail to @p recipient. */
static void mail_status(const char *recipient, char *buf, size_t size)
{
	ptl_mails *mails = NULL;
	ptl_db *db = NULL;

	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_mail_outbox(&mails, db, recipient, 1), PTL_OK);
	ck_assert_uint_eq(mails->count, 1);
	snprintf(buf, size, "%s", mails->items[0].status);
	ptl_mails_free(mails);
	ptl_db_close(db);
}

/* Wait (at most WAIT_MS) for the message with the reset link. */
static void wait_for_reset_mail(const struct smtp_server *m, const char *email)
{
	static char message[65536];
	char token[PTL_TOKEN_LEN + 1], link[128], status[32];
	long long deadline = now_ms() + WAIT_MS;

	while (!maildir_find(m, email, "reinitialiser.html?jeton=", message, sizeof(message))) {
		ck_assert_msg(now_ms() < deadline,
			"no mail to %s in %s/new within %d ms", email, m->maildir, WAIT_MS);
		pause_ms(100);
	}
	/* The very link of the outbox, to the public address, to that parent. */
	ck_assert(test_mail_token(conninfo, email, "reinitialiser.html", token));
	snprintf(link, sizeof(link), "http://portail.test/reinitialiser.html?jeton=%s", token);
	ck_assert_ptr_nonnull(strstr(message, link));
	ck_assert_ptr_nonnull(strstr(message, "portail@valmont.test"));
	/* Marked sent (the status is written just after the relay took it). */
	deadline = now_ms() + WAIT_MS;
	for (;;) {
		mail_status(email, status, sizeof(status));
		if (strcmp(status, "sent") == 0 || now_ms() > deadline)
			break;
		pause_ms(100);
	}
	ck_assert_str_eq(status, "sent");
}

START_TEST(test_http_mail_thread_delivers)
{
	struct smtp_server m;
	struct test_family f;
	struct test_server s;
	struct http_client c;

	smtp_prepare(&m, 0);
	smtp_start(&m);
	test_family_seed(conninfo, "smtp", true, &f);
	start_web(&s, &c, m.port);
	forgot(&c, f.email);
	wait_for_reset_mail(&m, f.email);

	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
	smtp_stop(&m);
}
END_TEST

START_TEST(test_http_mail_retried_when_relay_returns)
{
	struct smtp_server m;
	struct test_family f;
	struct test_server s;
	struct http_client c;
	char status[32];
	long long deadline;

	/* The relay's port, with nothing listening yet. */
	smtp_prepare(&m, 0);
	test_family_seed(conninfo, "smtpdown", true, &f);
	start_web(&s, &c, m.port);
	forgot(&c, f.email);
	deadline = now_ms() + WAIT_MS;
	for (;;) {
		mail_status(f.email, status, sizeof(status));
		if (strcmp(status, "outbox") != 0 || now_ms() > deadline)
			break;
		pause_ms(100);
	}
	ck_assert_str_eq(status, "failed");

	/* The relay comes up: the queued message goes out. */
	smtp_start(&m);
	wait_for_reset_mail(&m, f.email);

	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
	smtp_stop(&m);
}
END_TEST

/* A relay that takes connections and never says a word: a socket that
 * listens and is never read. @return it (to close), its port in *port. */
static int silent_relay_open(int *port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(fd, 16), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	*port = ntohs(addr.sin_port);
	return fd;
}

START_TEST(test_http_silent_relay_does_not_slow_a_request)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	long long start, took;
	int port = 0, relay = silent_relay_open(&port);

	test_family_seed(conninfo, "silence", true, &f);
	/* Undelivered messages, more than the background worker holds at once:
	 * any delivery attempt while the request is served would wait on the
	 * relay (30 s). */
	test_sql(conninfo,
		"INSERT INTO mail_outbox (recipient, subject, body, created_at)"
		" SELECT 'attente' || i || '@example.org', 'Essai', 'Essai', now()"
		"   FROM generate_series(1, 5) i");
	start_web(&s, &c, port);
	r = http_login(&c, f.email, f.password);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	start = now_ms();
	r = http_call_json(&c, "PUT", "/api/v1/me/contact",
		json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "phone", "02 38 11 22 33",
		          "mobile_phone", "", "work_phone", "", "address", "1 rue Haute",
		          "postcode", "45000", "city", "Orléans", "employer", "",
		          "notify_by_email", 1, "notify_by_sms", 0), c.csrf);
	took = now_ms() - start;
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	ck_assert_msg(took < 3000, "the request took %lld ms", took);

	/* Closing the relay resets the worker's connection: it stops at once. */
	close(relay);
	http_client_cleanup(&c);
	ck_assert_int_eq(test_server_stop(&s), 0);
}
END_TEST

static Suite *mail_suite(void)
{
	Suite *s = suite_create("http_mail");
	TCase *tc = tcase_create("smtp");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_mail_thread_delivers);
	tcase_add_test(tc, test_http_mail_retried_when_relay_returns);
	tcase_add_test(tc, test_http_silent_relay_does_not_slow_a_request);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int status;

	snprintf(suite_dir, sizeof(suite_dir), "/tmp/portail-http-mail-XXXXXX");
	if (!mkdtemp(suite_dir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	status = ptl_test_run_with_db(mail_suite(), "http_mail", &conninfo);
	remove_tree(suite_dir);
	return status;
}
