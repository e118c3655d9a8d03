/*
 * mail.c — the outbox and its delivery through an SMTP relay with libcurl
 * (see mail.h).
 *
 * Delivery takes one undelivered message at a time under a row lock
 * (FOR UPDATE SKIP LOCKED), so several processes can deliver at once without
 * sending a message twice; it stops at the first refusal of the relay.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include <portail/error.h>
#include <portail/mail.h>

#include "db-internal.h"
#include "error-internal.h"
#include "mail-internal.h"

#define DELIVERY_BATCH 100

const char *ptl__public_url(void)
{
	const char *url = getenv("PORTAIL_PUBLIC_URL");

	return url && *url ? url : "http://127.0.0.1:8080";
}

int ptl__mail_queue(ptl_db *db, const char *recipient, const char *subject, const char *body)
{
	struct ptl__num now = ptl__num(ptl_clock_now());
	const char *params[] = { recipient, subject, body, now.s };

	return ptl__db_exec(db,
		"INSERT INTO mail_outbox (recipient, subject, body, created_at)"
		" VALUES ($1, $2, $3, to_timestamp($4::bigint))", 4, params);
}

int ptl__mail_queue_family(ptl_db *db, int64_t family_id, const char *subject, const char *body)
{
	struct ptl__num fid = ptl__num(family_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, subject, body, now.s };

	return ptl__db_exec(db,
		"INSERT INTO mail_outbox (recipient, subject, body, created_at)"
		" SELECT email, $2, $3, to_timestamp($4::bigint) FROM guardian"
		"  WHERE family_id = $1 AND email IS NOT NULL AND notify_by_email", 4, params);
}

/* --- reading the outbox --------------------------------------------------- */

void ptl_mails_free(ptl_mails *mails)
{
	if (!mails)
		return;
	for (size_t i = 0; i < mails->count; i++) {
		free(mails->items[i].recipient);
		free(mails->items[i].subject);
		free(mails->items[i].body);
		free(mails->items[i].status);
		free(mails->items[i].error);
	}
	free(mails->items);
	free(mails);
}

int ptl_mail_outbox(ptl_mails **out, ptl_db *db, const char *recipient, size_t limit)
{
	struct ptl__num lim = ptl__num((int64_t)limit);
	const char *params[] = { recipient && *recipient ? recipient : NULL, limit ? lim.s : NULL };
	PGresult *res;
	ptl_mails *mails;
	int rc = PTL_OK;

	*out = NULL;
	res = ptl__db_query(db,
		"SELECT id, recipient, subject, body, status, error,"
		"       extract(epoch from created_at)::bigint AS created_at,"
		"       coalesce(extract(epoch from sent_at)::bigint, 0) AS sent_at"
		"  FROM mail_outbox WHERE ($1::text IS NULL OR recipient = lower($1))"
		" ORDER BY id DESC LIMIT $2::bigint", 2, params);
	if (!res)
		return ptl_error_last()->code;
	mails = calloc(1, sizeof(*mails));
	if (mails)
		mails->items = calloc((size_t)PQntuples(res) + 1, sizeof(ptl_mail));
	if (!mails || !mails->items) {
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
		goto done;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		ptl_mail *m = &mails->items[mails->count++];
		m->id = ptl__db_get_int64(res, i, "id");
		m->created_at = ptl__db_get_int64(res, i, "created_at");
		m->sent_at = ptl__db_get_int64(res, i, "sent_at");
		m->recipient = ptl__db_dup(res, i, "recipient");
		m->subject = ptl__db_dup(res, i, "subject");
		m->body = ptl__db_dup(res, i, "body");
		m->status = ptl__db_dup(res, i, "status");
		m->error = ptl__db_dup(res, i, "error");
		if (!m->recipient || !m->subject || !m->body || !m->status || !m->error)
			rc = ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
done:
	PQclear(res);
	if (rc != PTL_OK) {
		ptl_mails_free(mails);
		return rc;
	}
	*out = mails;
	return PTL_OK;
}

/* --- delivery ------------------------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void init_curl(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct upload {
	const char *data;
	size_t left;
};

static size_t read_message(char *buf, size_t size, size_t nmemb, void *userp)
{
	struct upload *up = userp;
	size_t n = size * nmemb < up->left ? size * nmemb : up->left;

	memcpy(buf, up->data, n);
	up->data += n;
	up->left -= n;
	return n;
}

/* Append @p text to @p out, turning every line ending into CRLF. */
static void append_crlf(char **cursor, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			*(*cursor)++ = '\r';
		*(*cursor)++ = *p;
	}
}

/* The whole message: headers (the subject encoded per RFC 2047 since it
 * holds accents), a blank line, the body in UTF-8. */
static char *format_message(const char *from, const char *to, const char *subject,
                            const char *body, int64_t id)
{
	size_t sublen = strlen(subject);
	size_t b64len = sodium_base64_ENCODED_LEN(sublen, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64len);
	char date[64], header[1024];
	time_t now = (time_t)ptl_clock_now();
	struct tm tm;
	char *msg, *cursor;

	if (!b64)
		return NULL;
	sodium_bin2base64(b64, b64len, (const unsigned char *)subject, sublen,
	                  sodium_base64_VARIANT_ORIGINAL);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(header, sizeof(header),
		"Date: %s\r\nFrom: Portail Famille <%s>\r\nTo: <%s>\r\n"
		"Message-ID: <portail-%lld-%lld@%s>\r\n",
		date, from, to, (long long)id, (long long)now, strchr(from, '@') ? strchr(from, '@') + 1 : "localhost");
	msg = malloc(strlen(header) + b64len + 2 * strlen(body) + 256);
	if (!msg) {
		free(b64);
		return NULL;
	}
	cursor = msg;
	cursor += sprintf(cursor, "%sSubject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n"
	                  "Content-Type: text/plain; charset=UTF-8\r\n"
	                  "Content-Transfer-Encoding: 8bit\r\n\r\n", header, b64);
	append_crlf(&cursor, body);
	*cursor = '\0';
	free(b64);
	return msg;
}

/* Send one message; *unreachable tells a relay that cannot be reached (stop
 * trying) from one that refused this message (try the next one). */
static int send_one(const char *url, const char *from, const char *to, const char *message,
                    char *error, size_t error_size, bool *unreachable)
{
	CURL *curl = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	struct upload up = { message, strlen(message) };
	char from_addr[300];
	CURLcode res;

	if (!curl) {
		snprintf(error, error_size, "cannot start libcurl");
		return PTL_ERROR;
	}
	snprintf(from_addr, sizeof(from_addr), "<%s>", from);
	rcpt = curl_slist_append(rcpt, to);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_addr);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	res = curl_easy_perform(curl);
	if (res != CURLE_OK)
		snprintf(error, error_size, "%s", curl_easy_strerror(res));
	*unreachable = res == CURLE_COULDNT_CONNECT || res == CURLE_COULDNT_RESOLVE_HOST ||
	               res == CURLE_OPERATION_TIMEDOUT;
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	return res == CURLE_OK ? PTL_OK : PTL_EUNAVAILABLE;
}

/* A message refused this many times stays "failed" and is not retried. */
#define MAX_DELIVERY_ATTEMPTS 10

struct delivery {
	const char *url;
	const char *from;
	int64_t after_id;   /* messages up to this one were tried in this run */
	bool sent;          /* the message went out */
	bool empty;         /* nothing left to try */
	bool unreachable;   /* the relay cannot be reached: stop the run */
};

static int deliver_next(ptl_db *db, void *ctx)
{
	struct delivery *d = ctx;
	char error[256] = "";
	PGresult *res;
	int rc;

	struct ptl__num after = ptl__num(d->after_id), max = ptl__num(MAX_DELIVERY_ATTEMPTS);
	const char *select_params[] = { after.s, max.s };

	d->sent = d->empty = d->unreachable = false;
	res = ptl__db_query(db,
		"SELECT id, recipient, subject, body FROM mail_outbox"
		" WHERE status <> 'sent' AND id > $1 AND attempts < $2::integer"
		" ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", 2, select_params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		d->empty = true;
		return PTL_OK;
	}
	int64_t id = ptl__db_get_int64(res, 0, "id");
	d->after_id = id;
	char *message = format_message(d->from, ptl__db_get(res, 0, "recipient"),
	                               ptl__db_get(res, 0, "subject"), ptl__db_get(res, 0, "body"), id);
	if (!message) {
		PQclear(res);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	rc = send_one(d->url, d->from, ptl__db_get(res, 0, "recipient"), message, error,
	              sizeof(error), &d->unreachable);
	free(message);
	PQclear(res);

	struct ptl__num mid = ptl__num(id), now = ptl__num(ptl_clock_now());
	const char *params[] = { mid.s, rc == PTL_OK ? "sent" : "failed", error, now.s };
	d->sent = rc == PTL_OK;
	return ptl__db_exec(db,
		"UPDATE mail_outbox SET status = $2, error = $3, attempts = attempts + 1,"
		"       sent_at = CASE WHEN $2 = 'sent' THEN to_timestamp($4::bigint) END"
		" WHERE id = $1", 4, params);
}

int ptl_mail_backlog_get(ptl_mail_backlog **out, ptl_db *db)
{
	PGresult *res = ptl__db_query(db,
		"SELECT count(*) AS waiting,"
		"       coalesce((SELECT error FROM mail_outbox WHERE status = 'failed' AND error <> ''"
		"                  ORDER BY id LIMIT 1), '') AS last_error"
		"  FROM mail_outbox WHERE status <> 'sent'", 0, NULL);
	ptl_mail_backlog *b;

	*out = NULL;
	if (!res)
		return ptl_error_last()->code;
	b = calloc(1, sizeof(*b));
	if (b) {
		b->waiting = (size_t)ptl__db_get_int64(res, 0, "waiting");
		b->last_error = ptl__db_dup(res, 0, "last_error");
	}
	PQclear(res);
	if (!b || !b->last_error) {
		ptl_mail_backlog_free(b);
		return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
	}
	*out = b;
	return PTL_OK;
}

void ptl_mail_backlog_free(ptl_mail_backlog *backlog)
{
	if (!backlog)
		return;
	free(backlog->last_error);
	free(backlog);
}

bool ptl_mail_relay_configured(void)
{
	const char *url = getenv("PORTAIL_SMTP_URL");

	return url && *url;
}

int ptl_mail_deliver(size_t *sent_out, ptl_db *db)
{
	const char *url = getenv("PORTAIL_SMTP_URL");
	const char *from = getenv("PORTAIL_MAIL_FROM");
	struct delivery d = { url, from && *from ? from : "portail@localhost", 0, false, false, false };
	size_t sent = 0;
	int rc = PTL_OK;

	if (sent_out)
		*sent_out = 0;
	if (!url || !*url)
		return PTL_OK;
	pthread_once(&curl_once, init_curl);
	for (int i = 0; i < DELIVERY_BATCH; i++) {
		rc = ptl__db_transaction(db, deliver_next, &d);
		if (rc != PTL_OK || d.empty)
			break;
		if (d.unreachable) {
			rc = ptl__error_set(PTL_EUNAVAILABLE, NULL, NULL, "the mail relay cannot be reached");
			break;
		}
		sent += d.sent;
	}
	if (sent_out)
		*sent_out = sent;
	return rc;
}
