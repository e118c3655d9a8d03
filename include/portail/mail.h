/*
 * mail.h — the messages the portal sends to families.
 *
 * Every message is written to the outbox table, in the transaction of the
 * action that causes it (so a refused action sends nothing); no action sends
 * mail itself, so a slow relay never slows one. When PORTAIL_SMTP_URL is set
 * (e.g. "smtp://relay.example.fr:25"), ptl_mail_deliver() — run by
 * portail-web's background worker and by `portail-cli mail deliver` —
 * delivers them through it with libcurl, From PORTAIL_MAIL_FROM; otherwise
 * they stay in the outbox, where `portail-cli mail outbox` shows them (demo).
 * Links in messages start with PORTAIL_PUBLIC_URL (default
 * "http://127.0.0.1:8080").
 */
#ifndef PORTAIL_MAIL_H
#define PORTAIL_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/clock.h>
#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ptl_mail {
	int64_t id;
	char *recipient;
	char *subject;
	char *body;
	char *status;        /**< "outbox" (not delivered), "sent" or "failed" */
	char *error;         /**< the last delivery error, or "" */
	ptl_time created_at;
	ptl_time sent_at;    /**< 0 until sent */
} ptl_mail;

typedef struct ptl_mails {
	size_t count;
	ptl_mail *items;     /**< newest first */
} ptl_mails;

/** The latest @p limit messages (0: all), optionally only to @p recipient. */
int ptl_mail_outbox(ptl_mails **out, ptl_db *db, const char *recipient, size_t limit);

/** Deliver the undelivered messages through PORTAIL_SMTP_URL (no-op when it
 *  is not set). @param sent_out receives how many went out (may be NULL).
 *  A message the relay refuses is marked "failed" and the run goes on with
 *  the next; it is retried on later calls, up to ten attempts in all.
 *  @return PTL_OK, or PTL_EUNAVAILABLE when the relay cannot be reached
 *  (the run stops; the messages stay queued for the next call). */
int ptl_mail_deliver(size_t *sent_out, ptl_db *db);

/** What waits in the outbox. */
typedef struct ptl_mail_backlog {
	size_t waiting;      /**< messages not sent yet ("outbox" or "failed") */
	char *last_error;    /**< the error of the oldest failed one (where
	                          delivery stopped), "" if none */
} ptl_mail_backlog;

/** Count what waits in the outbox, in one statement. Freed with
 *  ptl_mail_backlog_free(). */
int ptl_mail_backlog_get(ptl_mail_backlog **out, ptl_db *db);

/** Whether a relay is configured (PORTAIL_SMTP_URL is set and not empty):
 *  without one, ptl_mail_deliver() sends nothing. */
bool ptl_mail_relay_configured(void);

void ptl_mail_backlog_free(ptl_mail_backlog *backlog);
void ptl_mails_free(ptl_mails *mails);

#ifdef __cplusplus
}
#endif
#endif
