/*
 * static.c — the pages, styles and scripts, served from the static
 * directory (--static).
 *
 * Only plain names are served: letters, digits, '.', '-', '_' and '/',
 * no segment starting with a dot, no symbolic link at the end, no
 * directory listing ("/" and "dir/" give their index.html). Files go out
 * with their Content-Type, the common security headers and two cache
 * validators, an ETag and Last-Modified, so that browsers revalidate
 * cheaply (Cache-Control: no-cache; If-None-Match or If-Modified-Since
 * give 304). Text files (pages, styles, scripts, SVG) are compressed with
 * gzip (zlib) when the client accepts it; the compressed variant has its
 * own ETag and every reply says "Vary: Accept-Encoding". A path that names
 * no file gets the portal's own "page introuvable" (404.html of the static
 * directory, with status 404; a built-in page when that file is missing).
 */
/* strptime() is an X/Open function. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <civetweb.h>
#include <zlib.h>

#include "web.h"

#define STATIC_FILE_MAX (16 * 1024 * 1024)

/* Smaller files are sent as they are: gzip would save next to nothing. */
#define STATIC_GZIP_MIN 256

static const struct {
	const char *ext;
	const char *type;
	bool compress;   /* text worth compressing */
} types[] = {
	{ ".html", "text/html; charset=utf-8", true },
	{ ".css", "text/css; charset=utf-8", true },
	{ ".js", "text/javascript; charset=utf-8", true },
	{ ".mjs", "text/javascript; charset=utf-8", true },
	{ ".json", "application/json; charset=utf-8", true },
	{ ".webmanifest", "application/manifest+json; charset=utf-8", true },
	{ ".txt", "text/plain; charset=utf-8", true },
	{ ".svg", "image/svg+xml", true },
	{ ".png", "image/png", false },
	{ ".jpg", "image/jpeg", false },
	{ ".jpeg", "image/jpeg", false },
	{ ".gif", "image/gif", false },
	{ ".webp", "image/webp", false },
	{ ".ico", "image/x-icon", false },
	{ ".woff2", "font/woff2", false },
	{ ".woff", "font/woff", false },
	{ ".pdf", "application/pdf", false },
};

static const char not_found_page[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"fr\">\n"
	"<head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	"<title>Page introuvable — Portail Famille</title></head>\n"
	"<body><main><h1>Page introuvable</h1>"
	"<p>Cette page n’existe pas. <a href=\"/\">Revenir à l’accueil du portail</a>.</p>"
	"</main></body>\n"
	"</html>\n";

/* The Content-Type of @p path; *compress tells whether it is text. */
static const char *content_type(const char *path, bool *compress)
{
	const char *dot = strrchr(path, '.');

	*compress = false;
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(dot, types[i].ext) == 0) {
				*compress = types[i].compress;
				return types[i].type;
			}
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

/* Read the whole of @p fd (@p size bytes) into a malloc'd buffer. */
static char *read_all(int fd, size_t size)
{
	char *body = malloc(size + 1);
	size_t len = 0;

	while (body && len < size) {
		ssize_t n = read(fd, body + len, size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (body && len != size) {
		free(body);
		return NULL;
	}
	return body;
}

/* Open @p path if it is a regular file we may serve; -1 otherwise. */
static int open_file(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) ||
	                st->st_size > STATIC_FILE_MAX)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* The "page introuvable": 404.html of the static directory, styled like
 * the rest of the portal, or the built-in page when it cannot be read. */
void web_static_not_found(struct web_request *rq, struct web_reply *rp)
{
	char path[1024];
	struct stat st;
	char *body = NULL;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/404.html", rq->cfg->static_dir);
	fd = open_file(path, &st);
	if (fd >= 0) {
		body = read_all(fd, (size_t)st.st_size);
		len = (size_t)st.st_size;
		close(fd);
	}
	if (!body) {
		body = strdup(not_found_page);
		len = body ? strlen(body) : 0;
	}
	web_reply_body(rp, 404, body ? "text/html; charset=utf-8" : NULL, body, len);
	rp->cache_control = "no-cache";
}

/* Does the If-None-Match header name @p etag? */
static bool etag_matches(const char *h, const char *etag)
{
	return strstr(h, etag) || strcmp(h, "*") == 0;
}

/* Is the If-Modified-Since header @p h (an HTTP date) at or after @p mtime? */
static bool not_modified_since(const char *h, time_t mtime)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(h, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	return end && *end == '\0' && timegm(&tm) >= mtime;
}

/* Does the Accept-Encoding header @p h accept gzip (RFC 9110 12.5.3:
 * "gzip" or "*", without q=0)? */
static bool accepts_gzip(const char *h)
{
	while (h && *h) {
		const char *end = strchr(h, ','), *semi;
		size_t n, len = end ? (size_t)(end - h) : strlen(h);
		bool zero = false;

		while (len && (*h == ' ' || *h == '\t')) {
			h++;
			len--;
		}
		semi = memchr(h, ';', len);
		n = semi ? (size_t)(semi - h) : len;
		while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
			n--;
		if (semi) {
			const char *q = semi + 1;

			while (q < h + len && (*q == ' ' || *q == '\t'))
				q++;
			if (q + 2 <= h + len && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=') {
				zero = true;
				for (q += 2; q < h + len && *q != ' ' && *q != ';'; q++)
					if (*q != '0' && *q != '.')
						zero = false;
			}
		}
		if (!zero && ((n == 4 && strncasecmp(h, "gzip", 4) == 0) ||
		              (n == 1 && h[0] == '*')))
			return true;
		h = end ? end + 1 : NULL;
	}
	return false;
}

/* @p len bytes at @p data, gzip-compressed into a malloc'd buffer; NULL
 * when out of memory or when it would not be smaller. */
static char *gzip(const char *data, size_t len, size_t *len_out)
{
	z_stream z;
	size_t cap = len;
	char *out;
	int rc;

	if (len > UINT_MAX || !(out = malloc(cap)))
		return NULL;
	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper around a deflate stream with a 32 KiB window. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_FINISH);
	*len_out = cap - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

void web_static_serve(struct web_request *rq, struct web_reply *rp)
{
	char path[1024], etag[64], modified[64];
	const char *uri = rq->path, *type, *inm, *ims;
	struct stat st;
	struct tm tm;
	bool compressible, gz;
	char *body;
	size_t len;
	int fd;

	if (!plain_path(uri)) {
		web_static_not_found(rq, rp);
		return;
	}
	snprintf(path, sizeof(path), "%s%s%s", rq->cfg->static_dir, uri,
		uri[strlen(uri) - 1] == '/' ? "index.html" : "");
	if ((fd = open_file(path, &st)) < 0) {
		web_static_not_found(rq, rp);
		return;
	}
	type = content_type(path, &compressible);
	gz = compressible && st.st_size >= STATIC_GZIP_MIN &&
	     accepts_gzip(mg_get_header(rq->conn, "Accept-Encoding"));
	snprintf(etag, sizeof(etag), "\"%jx-%jx-%lx%s\"", (uintmax_t)st.st_size,
		(uintmax_t)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec, gz ? "-gz" : "");
	gmtime_r(&st.st_mtim.tv_sec, &tm);
	strftime(modified, sizeof(modified), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	inm = mg_get_header(rq->conn, "If-None-Match");
	ims = mg_get_header(rq->conn, "If-Modified-Since");
	/* RFC 9110 13.1.3: If-Modified-Since counts only without If-None-Match. */
	if (inm ? etag_matches(inm, etag) : ims && not_modified_since(ims, st.st_mtim.tv_sec)) {
		close(fd);
		web_reply_empty(rp, 304);
	} else {
		len = (size_t)st.st_size;
		body = read_all(fd, len);
		close(fd);
		if (!body) {
			web_reply_error(rp, 500, "internal",
				"Une erreur inattendue est survenue. Réessayez plus tard.", NULL);
			web_log("cannot read %s", path);
			return;
		}
		if (gz) {
			size_t zlen;
			char *z = gzip(body, len, &zlen);

			if (z) {
				free(body);
				body = z;
				len = zlen;
				web_reply_header(rp, "Content-Encoding: gzip");
			} else {
				/* Sent as it is: the validator must name that variant. */
				snprintf(etag, sizeof(etag), "\"%jx-%jx-%lx\"", (uintmax_t)st.st_size,
					(uintmax_t)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec);
			}
		}
		web_reply_body(rp, 200, type, body, len);
	}
	rp->cache_control = "no-cache";
	web_reply_header(rp, "ETag: %s", etag);
	web_reply_header(rp, "Last-Modified: %s", modified);
	if (compressible)
		web_reply_header(rp, "Vary: Accept-Encoding");
}
