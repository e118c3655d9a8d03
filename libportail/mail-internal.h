/*
 * mail-internal.h — queueing a message from inside a transaction.
 */
#ifndef PORTAIL_MAIL_INTERNAL_H
#define PORTAIL_MAIL_INTERNAL_H

#include <portail/db.h>

/** Write a message to the outbox (in the caller's transaction). */
int ptl__mail_queue(ptl_db *db, const char *recipient, const char *subject, const char *body);

/** Queue a message to every guardian of a family who has an email and
 *  wants email notifications. */
int ptl__mail_queue_family(ptl_db *db, int64_t family_id, const char *subject, const char *body);

/** PORTAIL_PUBLIC_URL, without a trailing slash. */
const char *ptl__public_url(void);

#endif
