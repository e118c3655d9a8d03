/*
 * http.c — the HTTP plumbing of portail-web: reading request bodies (in a
 * loop, at most WEB_BODY_MAX bytes within WEB_BODY_SECONDS), parsing JSON bodies and cookies, and
 * sending replies. Every reply leaves in ONE write (headers and body in one
 * buffer: two writes make a keep-alive client wait for Nagle's delayed ACK)
 * and carries the security headers; JSON replies are never cached; error
 * replies have the shape {"error":{"code","message","field"}}.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <civetweb.h>

#include "web.h"

#define JSON_TYPE "application/json; charset=utf-8"

static const char security_headers[] =
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: same-origin\r\n"
	"X-Frame-Options: DENY\r\n"
	"Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; "
	"base-uri 'none'; form-action 'self'\r\n";

void web_reply_init(struct web_reply *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->status = 500;
}

void web_reply_clear(struct web_reply *rp)
{
	free(rp->body);
	web_reply_init(rp);
}

void web_reply_header(struct web_reply *rp, const char *fmt, ...)
{
	size_t room = sizeof(rp->headers) - rp->headers_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rp->headers + rp->headers_len, room, fmt, ap);
	va_end(ap);
	/* Our header lines are short and known; one that does not fit is a bug,
	 * dropped whole rather than sent cut. */
	if (n < 0 || (size_t)n + 2 >= room) {
		rp->headers[rp->headers_len] = '\0';
		web_log("header dropped: %s", fmt);
		return;
	}
	rp->headers_len += (size_t)n;
	memcpy(rp->headers + rp->headers_len, "\r\n", 3);
	rp->headers_len += 2;
}

void web_reply_body(struct web_reply *rp, int status, const char *content_type,
                    char *body, size_t len)
{
	free(rp->body);
	rp->status = status;
	rp->content_type = content_type;
	rp->body = body;
	rp->body_len = len;
}

void web_reply_json(struct web_reply *rp, int status, json_t *json)
{
	char *text = json ? json_dumps(json, JSON_COMPACT) : NULL;

	json_decref(json);
	web_reply_json_text(rp, status, text);
}

void web_reply_json_text(struct web_reply *rp, int status, char *text)
{
	rp->no_store = true;
	if (!text) {
		static const char oom[] = "{\"error\":{\"code\":\"internal\",\"message\":\"\"}}";
		text = strdup(oom);
		status = 500;
		if (!text) {
			web_reply_body(rp, status, NULL, NULL, 0);
			return;
		}
	}
	web_reply_body(rp, status, JSON_TYPE, text, strlen(text));
}

void web_reply_error(struct web_reply *rp, int status, const char *code,
                     const char *message, const char *field)
{
	json_t *err = json_object();

	json_object_set_new(err, "code", json_string(code));
	json_object_set_new(err, "message", json_string(message ? message : ""));
	if (field && *field)
		json_object_set_new(err, "field", json_string(field));
	web_reply_json(rp, status, json_pack("{s:o}", "error", err));
	if (status == 503)
		web_reply_header(rp, "Retry-After: %d", WEB_RETRY_AFTER_SECONDS);
}

int web_http_status(int ptl_code)
{
	switch (ptl_code) {
	case PTL_OK: return 200;
	case PTL_ENOTFOUND: return 404;
	case PTL_EINVALID: return 422;
	case PTL_EEXISTS: return 409;
	case PTL_ECONFLICT: return 409;
	case PTL_EDEADLINE: return 409;
	case PTL_EFORBIDDEN: return 403;
	case PTL_EUNAVAILABLE: return 503;
	case PTL_EAUTH: return 401;
	case PTL_ETHROTTLED: return 429;
	case PTL_EFULL: return 409;
	default: return 500;
	}
}

void web_reply_status(struct web_reply *rp, int ptl_code)
{
	const ptl_error *err = ptl_error_last();
	int status = web_http_status(ptl_code);

	if (status >= 500)
		web_log_repeated("%s", err->message);
	web_reply_error(rp, status, ptl_status_name(ptl_code), err->message_fr, err->field);
	if (ptl_code == PTL_ETHROTTLED)
		web_reply_header(rp, "Retry-After: %ld", err->retry_after > 0 ? err->retry_after : 1);
}

void web_reply_empty(struct web_reply *rp, int status)
{
	web_reply_body(rp, status, NULL, NULL, 0);
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return status < 400 ? "OK" : "Error";
	}
}

/* Does the comma-separated header value @p h hold @p token? */
static bool has_token(const char *h, const char *token)
{
	size_t len = strlen(token);

	while (h && *h) {
		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		if (strncasecmp(h, token, len) == 0 &&
		    (h[len] == '\0' || h[len] == ',' || h[len] == ' ' || h[len] == '\t'))
			return true;
		h = strchr(h, ',');
	}
	return false;
}

/* Does the client keep the connection open after this request? */
static bool keep_alive(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	const char *h = mg_get_header(conn, "Connection");

	if (has_token(h, "close"))
		return false;
	if (has_token(h, "keep-alive"))
		return true;
	return ri && ri->http_version && strcmp(ri->http_version, "1.1") == 0;
}

int web_send(struct mg_connection *conn, const struct web_reply *rp, bool head)
{
	char date[64];
	char *buf;
	size_t size, len;
	int n;
	time_t now = time(NULL);
	struct tm tm;
	bool has_body = rp->status != 204 && rp->status != 304;
	size_t body_len = has_body ? rp->body_len : 0;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);

	size = 1024 + sizeof(security_headers) + rp->headers_len + body_len;
	buf = malloc(size);
	if (!buf)
		return -1;
	n = snprintf(buf, size,
		"HTTP/1.1 %d %s\r\n"
		"Date: %s\r\n"
		"%s%s%s"
		"Content-Length: %zu\r\n"
		"%s%s%s"
		"%s"
		"%.*s"
		"Connection: %s\r\n"
		"\r\n",
		rp->status, reason(rp->status), date,
		rp->content_type ? "Content-Type: " : "",
		rp->content_type ? rp->content_type : "",
		rp->content_type ? "\r\n" : "",
		body_len,
		rp->no_store || rp->cache_control ? "Cache-Control: " : "",
		rp->no_store ? "no-store" : rp->cache_control ? rp->cache_control : "",
		rp->no_store || rp->cache_control ? "\r\n" : "",
		security_headers,
		(int)rp->headers_len, rp->headers,
		rp->close || !keep_alive(conn) ? "close" : "keep-alive");
	if (n < 0 || (size_t)n >= size - body_len) {
		free(buf);
		return -1;
	}
	len = (size_t)n;
	if (!head && body_len) {
		memcpy(buf + len, rp->body, body_len);
		len += body_len;
	}
	mg_write(conn, buf, len);
	free(buf);
	return rp->status;
}

/* The port and address text of a socket address; false if not IP. */
static bool address_of(const struct sockaddr_storage *sa, int *port, char *text, size_t size)
{
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		*port = ntohs(in->sin_port);
		return inet_ntop(AF_INET, &in->sin_addr, text, (socklen_t)size) != NULL;
	}
	if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		*port = ntohs(in6->sin6_port);
		return inet_ntop(AF_INET6, &in6->sin6_addr, text, (socklen_t)size) != NULL;
	}
	return false;
}

/* Is @p fd the socket whose ends are the request's? */
static bool is_request_socket(int fd, const struct mg_request_info *ri)
{
	struct sockaddr_storage peer, local;
	socklen_t peer_len = sizeof(peer), local_len = sizeof(local);
	char peer_text[64], local_text[64];
	int peer_port, local_port;

	if (getpeername(fd, (struct sockaddr *)&peer, &peer_len) != 0 ||
	    getsockname(fd, (struct sockaddr *)&local, &local_len) != 0)
		return false;
	return address_of(&peer, &peer_port, peer_text, sizeof(peer_text)) &&
	       address_of(&local, &local_port, local_text, sizeof(local_text)) &&
	       peer_port == ri->remote_port && local_port == ri->server_port &&
	       strcmp(peer_text, ri->remote_addr) == 0;
}

void web_drop_connection(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	DIR *dir;
	struct dirent *e;

	if (!ri || (dir = opendir("/proc/self/fd")) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);

		if (*end || end == e->d_name || fd == dirfd(dir))
			continue;
		if (is_request_socket((int)fd, ri)) {
			shutdown((int)fd, SHUT_RDWR);
			break;
		}
	}
	closedir(dir);
}

int web_read_body(struct mg_connection *conn, char **out, size_t *len_out)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	time_t give_up = time(NULL) + WEB_BODY_SECONDS;
	size_t cap = 4096, len = 0;
	char *buf;

	*out = NULL;
	*len_out = 0;
	if (ri->content_length > WEB_BODY_MAX)
		return 413;
	if (ri->content_length >= 0)
		cap = (size_t)ri->content_length + 1;
	buf = malloc(cap);
	if (!buf)
		return 400;
	for (;;) {
		int n;

		if (len + 1 == cap) {
			char *bigger;

			if (cap > WEB_BODY_MAX + 1) {
				free(buf);
				return 413;
			}
			cap = cap * 2 > WEB_BODY_MAX + 2 ? WEB_BODY_MAX + 2 : cap * 2;
			bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				return 400;
			}
			buf = bigger;
		}
		n = mg_read(conn, buf + len, cap - 1 - len);
		if (n == 0)
			break;
		if (n < 0) {
			free(buf);
			return 400;
		}
		len += (size_t)n;
		if (len > WEB_BODY_MAX) {
			free(buf);
			return 413;
		}
		/* Each read waits at most the request timeout; a client that
		 * trickles its body still has to finish in time. */
		if (time(NULL) > give_up) {
			free(buf);
			return 408;
		}
	}
	/* civetweb ends a read that timed out as if the body were over. */
	if (ri->content_length >= 0 && (long long)len < ri->content_length) {
		free(buf);
		return 400;
	}
	buf[len] = '\0';
	*out = buf;
	*len_out = len;
	return 0;
}

json_t *web_parse_json_object(const char *body, size_t len)
{
	json_error_t error;
	json_t *json;

	if (!body || len == 0)
		return NULL;
	json = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
	if (json && !json_is_object(json)) {
		json_decref(json);
		return NULL;
	}
	return json;
}

bool web_cookie_get(struct mg_connection *conn, const char *name, char *out, size_t size)
{
	const char *p = mg_get_header(conn, "Cookie");
	size_t name_len = strlen(name);

	out[0] = '\0';
	while (p && *p) {
		const char *end, *eq;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq && (size_t)(eq - p) == name_len && strncmp(p, name, name_len) == 0) {
			const char *v = eq + 1;
			size_t vlen = (size_t)(end - v);

			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (vlen >= size)
				return false;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}

bool web_token_shaped(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return n == PTL_TOKEN_LEN;
}

void web_set_cookie(struct web_reply *rp, const char *name, const char *value,
                    const char *same_site, bool secure)
{
	web_reply_header(rp, "Set-Cookie: %s=%s; Path=/;%s HttpOnly; SameSite=%s%s",
		name, value ? value : "", value ? "" : " Max-Age=0;", same_site,
		secure ? "; Secure" : "");
}
