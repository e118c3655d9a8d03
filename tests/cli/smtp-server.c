/*
 * smtp-server.c — a real SMTP server on loopback for the tests of the mail
 * that portail-cli sends: aiosmtpd (Debian's python3-aiosmtpd) started on a
 * free port with its Mailbox handler, writing into a maildir; then what it
 * received, read back and checked (envelope, headers, RFC 2047 subject,
 * body). Also the ports helpers: a port nothing listens on, and whether a
 * port accepts connections.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <sodium.h>

#include "smtp-server.h"

#define SMTP_PYTHON "/usr/bin/python3"

static pid_t smtp_pid;
static int smtp_port;
static char smtp_dir[64];        /* the server's directory: its maildir and log */
static char smtp_maildir[128];
static char smtp_problem[1024];  /* why the server is not running, if it is not */
char smtp_url_env[96];
const char mail_from_env[] = "PORTAIL_MAIL_FROM=portail@mairie-valmont.fr";

/* A TCP port on loopback that nothing listens on (bound, then released). */
int free_port(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
		port = ntohs(addr.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

int silent_relay_open(int *port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(addr.sin_port);
	return fd;
}

bool port_accepts(int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void read_log_into_problem(const char *what)
{
	char path[160], log[700] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/smtp.log", smtp_dir);
	if ((f = fopen(path, "r"))) {
		size_t n = fread(log, 1, sizeof(log) - 1, f);

		log[n] = '\0';
		fclose(f);
	}
	snprintf(smtp_problem, sizeof(smtp_problem), "%s; its log:\n%s", what, log);
}

/* Start `python3 -m aiosmtpd` with the Mailbox handler on a free port, and
 * wait until it accepts connections. Runs once for the test case, in the
 * runner process; the server dies with that process (PR_SET_PDEATHSIG) if
 * smtp_stop never runs. */
void smtp_start(void)
{
	pid_t runner = getpid();

	smtp_problem[0] = '\0';
	snprintf(smtp_dir, sizeof(smtp_dir), "/tmp/portail-cli-smtp-XXXXXX");
	if (!mkdtemp(smtp_dir)) {
		snprintf(smtp_problem, sizeof(smtp_problem), "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(smtp_maildir, sizeof(smtp_maildir), "%s/maildir", smtp_dir);

	for (int attempt = 0; attempt < 3; attempt++) {
		char listen[32], log[160];

		smtp_port = free_port();
		if (smtp_port <= 0) {
			snprintf(smtp_problem, sizeof(smtp_problem), "no free port on 127.0.0.1");
			return;
		}
		snprintf(listen, sizeof(listen), "127.0.0.1:%d", smtp_port);
		snprintf(log, sizeof(log), "%s/smtp.log", smtp_dir);
		fflush(stdout);
		fflush(stderr);
		smtp_pid = fork();
		if (smtp_pid < 0) {
			snprintf(smtp_problem, sizeof(smtp_problem), "fork: %s", strerror(errno));
			return;
		}
		if (smtp_pid == 0) {
			int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != runner)
				_exit(1);
			if (fd >= 0) {
				dup2(fd, STDOUT_FILENO);
				dup2(fd, STDERR_FILENO);
			}
			execl(SMTP_PYTHON, SMTP_PYTHON, "-m", "aiosmtpd", "-n", "-l", listen,
			      "-c", "aiosmtpd.handlers.Mailbox", smtp_maildir, (char *)NULL);
			perror("exec " SMTP_PYTHON);
			_exit(127);
		}
		/* Up to 20 s: the interpreter starts slowly on a busy machine. */
		for (int i = 0; i < 400; i++) {
			int wstatus;

			if (waitpid(smtp_pid, &wstatus, WNOHANG) == smtp_pid) {
				smtp_pid = 0;
				read_log_into_problem("the SMTP server exited at start");
				break;
			}
			if (port_accepts(smtp_port)) {
				snprintf(smtp_url_env, sizeof(smtp_url_env),
				         "PORTAIL_SMTP_URL=smtp://127.0.0.1:%d", smtp_port);
				smtp_problem[0] = '\0';
				return;
			}
			sleep_ms(50);
		}
		if (smtp_pid > 0) {
			kill(smtp_pid, SIGKILL);
			waitpid(smtp_pid, NULL, 0);
			smtp_pid = 0;
			read_log_into_problem("the SMTP server did not accept connections within 20 s");
		}
	}
}

static void remove_dir_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
}

static const char *const maildir_parts[] = { "new", "cur", "tmp" };

static void clear_maildir(void)
{
	char path[256];

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", smtp_maildir, maildir_parts[i]);
		remove_dir_files(path);
	}
}

void smtp_stop(void)
{
	if (smtp_pid > 0) {
		kill(smtp_pid, SIGTERM);
		for (int i = 0; i < 100 && waitpid(smtp_pid, NULL, WNOHANG) == 0; i++)
			sleep_ms(50);
		if (kill(smtp_pid, 0) == 0) {
			kill(smtp_pid, SIGKILL);
			waitpid(smtp_pid, NULL, 0);
		}
		smtp_pid = 0;
	}
	if (smtp_dir[0]) {
		char path[256];

		clear_maildir();
		for (size_t i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "%s/%s", smtp_maildir, maildir_parts[i]);
			rmdir(path);
		}
		rmdir(smtp_maildir);
		remove_dir_files(smtp_dir);
		rmdir(smtp_dir);
		smtp_dir[0] = '\0';
	}
}

void smtp_assert_ready(void)
{
	ck_assert_msg(smtp_problem[0] == '\0', "no SMTP server: %s", smtp_problem);
	ck_assert_msg(smtp_pid > 0 && port_accepts(smtp_port), "the SMTP server is not running");
	clear_maildir();
}

/* The messages in the maildir's new/ folder, each as text (NULL-ended). */
static char **received(size_t *count)
{
	char path[256], **list = calloc(64, sizeof(char *));
	struct dirent *e;
	DIR *d;
	size_t n = 0;

	ck_assert_ptr_nonnull(list);
	snprintf(path, sizeof(path), "%s/new", smtp_maildir);
	if ((d = opendir(path))) {
		while ((e = readdir(d)) && n < 63) {
			char file[512];
			FILE *f;
			long size;

			if (e->d_name[0] == '.')
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
			ck_assert_ptr_nonnull(f = fopen(file, "rb"));
			fseek(f, 0, SEEK_END);
			size = ftell(f);
			rewind(f);
			list[n] = calloc(1, (size_t)size + 1);
			ck_assert_int_eq(fread(list[n], 1, (size_t)size, f), (size_t)size);
			fclose(f);
			n++;
		}
		closedir(d);
	}
	*count = n;
	return list;
}

static void received_free(char **list)
{
	for (size_t i = 0; list[i]; i++)
		free(list[i]);
	free(list);
}

/* The value of header @p name of @p message, unfolded (malloc'd), or NULL. */
static char *header(const char *message, const char *name)
{
	size_t name_len = strlen(name);

	for (const char *line = message; *line && *line != '\n' && *line != '\r';) {
		const char *end = strchr(line, '\n');

		if (strncasecmp(line, name, name_len) == 0 && line[name_len] == ':') {
			char *value = malloc(strlen(line) + 1), *out = value;
			const char *p = line + name_len + 1;

			while (*p == ' ' || *p == '\t')
				p++;
			for (; *p; p++) {
				if (*p == '\r')
					continue;
				if (*p == '\n') {
					if (p[1] != ' ' && p[1] != '\t')
						break;  /* not a continuation line */
					continue;
				}
				*out++ = *p;
			}
			*out = '\0';
			return value;
		}
		if (!end)
			break;
		line = end + 1;
	}
	return NULL;
}

/* Decode the RFC 2047 "B" encoded words of a header value (malloc'd); text
 * outside encoded words is kept, blanks between two encoded words dropped. */
static char *decode_words(const char *value)
{
	char *out = calloc(1, strlen(value) + 1);
	size_t n = 0;
	const char *p = value;
	bool after_word = false;

	while (*p) {
		const char *q, *data, *end;

		if (p[0] == '=' && p[1] == '?' && (q = strchr(p + 2, '?')) &&
		    (q[1] == 'B' || q[1] == 'b') && q[2] == '?' && (end = strstr(q + 3, "?="))) {
			size_t bin_len = 0;

			data = q + 3;
			ck_assert_int_eq(sodium_base642bin((unsigned char *)out + n, strlen(value) - n,
			                                   data, (size_t)(end - data), NULL, &bin_len,
			                                   NULL, sodium_base64_VARIANT_ORIGINAL), 0);
			n += bin_len;
			p = end + 2;
			after_word = true;
			continue;
		}
		if (after_word && (*p == ' ' || *p == '\t')) {
			const char *next = p + strspn(p, " \t");

			if (next[0] == '=' && next[1] == '?') {
				p = next;
				continue;
			}
		}
		after_word = false;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return out;
}

/* The received message whose envelope recipient is @p email (malloc'd), and
 * how many there were to it. */
char *received_for(const char *email, size_t *how_many)
{
	size_t count;
	char **list = received(&count), *found = NULL;

	*how_many = 0;
	for (size_t i = 0; i < count; i++) {
		char *rcpt = header(list[i], "X-RcptTo");

		if (rcpt && strcasecmp(rcpt, email) == 0) {
			(*how_many)++;
			if (!found)
				found = strdup(list[i]);
		}
		free(rcpt);
	}
	received_free(list);
	return found;
}

/* Check one received message: To and envelope, From, the subject encoded as
 * RFC 2047 and decoding to @p subject, and a body containing @p text. */
void assert_received(const char *message, const char *email, const char *subject,
                            const char *text)
{
	char *to = header(message, "To"), *from = header(message, "From");
	char *mail_from = header(message, "X-MailFrom");
	char *raw = header(message, "Subject"), *decoded;
	const char *body = strstr(message, "\n\n");

	ck_assert_msg(to && strstr(to, email), "To: %s\n%s", to, message);
	ck_assert_msg(from && strstr(from, "portail@mairie-valmont.fr"), "From: %s", from);
	ck_assert_msg(mail_from && strcmp(mail_from, "portail@mairie-valmont.fr") == 0,
	              "envelope sender %s", mail_from);
	ck_assert_msg(raw && strncasecmp(raw, "=?UTF-8?B?", 10) == 0,
	              "the subject is not RFC 2047 encoded: %s", raw);
	decoded = decode_words(raw);
	ck_assert_str_eq(decoded, subject);
	ck_assert_msg(body && strstr(body, text), "no \"%s\" in the body:\n%s", text, message);
	free(to);
	free(from);
	free(mail_from);
	free(raw);
	free(decoded);
}

size_t received_count(void)
{
	size_t count;

	received_free(received(&count));
	return count;
}

char *received_checked(const char *email, const char *subject, const char *text,
                       size_t *how_many)
{
	char *message = received_for(email, how_many);

	ck_assert_msg(message != NULL, "the SMTP server received nothing for %s", email);
	assert_received(message, email, subject, text);
	return message;
}
