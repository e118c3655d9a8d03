/*
 * static.c — the pages, styles and scripts, served from the static
 * directory (--static).
 *
 * Only plain names are served: letters, digits, '.', '-', '_' and '/',
 * no segment starting with a dot, no symbolic link at the end, no
 * directory listing ("/" and "dir/" give their index.html). Files go out
 * with their Content-Type, the common security headers and an ETag so
 * that browsers revalidate cheaply (Cache-Control: no-cache).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <civetweb.h>

#include "web.h"

#define STATIC_FILE_MAX (16 * 1024 * 1024)

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json; charset=utf-8" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".webp", "image/webp" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".pdf", "application/pdf" },
};

static const char not_found_page[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"fr\">\n"
	"<head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	"<title>Page introuvable — Portail Famille</title></head>\n"
	"<body><main><h1>Page introuvable</h1>"
	"<p>Cette page n'existe pas. <a href=\"/\">Revenir à l'accueil du portail</a>.</p>"
	"</main></body>\n"
	"</html>\n";

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* Is @p path (starting with '/') a name we are willing to serve? */
static bool plain_path(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *p = path; *p; p++) {
		char c = *p;

		if (c == '/') {
			if (p[1] == '/' || p[1] == '.')
				return false;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
			return false;
	}
	return strlen(path) < 512;
}

static void not_found(struct web_reply *rp)
{
	char *body = strdup(not_found_page);

	web_reply_body(rp, 404, body ? "text/html; charset=utf-8" : NULL, body,
		body ? strlen(body) : 0);
	rp->cache_control = "no-cache";
}

/* Does the If-None-Match header name @p etag? */
static bool etag_matches(struct mg_connection *conn, const char *etag)
{
	const char *h = mg_get_header(conn, "If-None-Match");

	return h && (strstr(h, etag) || strcmp(h, "*") == 0);
}

void web_static_serve(struct web_request *rq, struct web_reply *rp)
{
	char path[1024], etag[64];
	const char *uri = rq->path;
	struct stat st;
	char *body = NULL;
	size_t len = 0;
	int fd;

	if (!plain_path(uri)) {
		not_found(rp);
		return;
	}
	snprintf(path, sizeof(path), "%s%s%s", rq->cfg->static_dir, uri,
		uri[strlen(uri) - 1] == '/' ? "index.html" : "");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > STATIC_FILE_MAX) {
		if (fd >= 0)
			close(fd);
		not_found(rp);
		return;
	}
	snprintf(etag, sizeof(etag), "\"%jx-%jx-%lx\"", (uintmax_t)st.st_size,
		(uintmax_t)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec);
	if (etag_matches(rq->conn, etag)) {
		close(fd);
		web_reply_empty(rp, 304);
	} else {
		body = malloc((size_t)st.st_size + 1);
		while (body && len < (size_t)st.st_size) {
			ssize_t n = read(fd, body + len, (size_t)st.st_size - len);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		close(fd);
		if (!body || len != (size_t)st.st_size) {
			free(body);
			web_reply_error(rp, 500, "internal",
				"Une erreur inattendue est survenue. Réessayez plus tard.", NULL);
			web_log("cannot read %s", path);
			return;
		}
		web_reply_body(rp, 200, content_type(path), body, len);
	}
	rp->cache_control = "no-cache";
	web_reply_header(rp, "ETag: %s", etag);
}
