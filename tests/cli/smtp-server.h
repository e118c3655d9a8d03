/*
 * smtp-server.h — a real SMTP server on loopback for the mail tests of
 * portail-cli (see smtp-server.c): start and stop it, and read back and
 * check what it received.
 */
#ifndef PORTAIL_TEST_SMTP_SERVER_H
#define PORTAIL_TEST_SMTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

/* For the program's environment, once the server runs:
 * "PORTAIL_SMTP_URL=smtp://127.0.0.1:PORT", and the sender it expects. */
extern char smtp_url_env[96];
extern const char mail_from_env[];

/* Start `python3 -m aiosmtpd` on a free port and wait until it accepts
 * connections; for an unchecked fixture (the runner process). When it
 * cannot, smtp_assert_ready() fails each test, saying why. */
void smtp_start(void);
void smtp_stop(void);

/* Fail unless the server runs; then empty its maildir. */
void smtp_assert_ready(void);

/* A TCP port on loopback that nothing listens on (bound, then released). */
int free_port(void);
bool port_accepts(int port);

/* A relay that takes connections and never says a word: a socket on
 * loopback that listens and is never read (the kernel completes the
 * handshakes). @return the socket, to close(), or -1; its port in *port. */
int silent_relay_open(int *port);

/* How many messages the server has received. */
size_t received_count(void);

/* The received message whose envelope recipient is @p email (malloc'd), and
 * how many there were to it. */
char *received_for(const char *email, size_t *how_many);

/* Check one received message: To and envelope, From, the subject encoded as
 * RFC 2047 and decoding to @p subject, and a body containing @p text. */
void assert_received(const char *message, const char *email, const char *subject,
                     const char *text);

/* received_for(), failing when there is none, then assert_received(). */
char *received_checked(const char *email, const char *subject, const char *text,
                       size_t *how_many);

#endif
