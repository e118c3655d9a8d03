/*
 * test-http-static.c — the pages, styles and scripts as a browser receives
 * them from the real portail-web: gzip compression when the client accepts
 * it (and only then), the cache validators (ETag and Last-Modified, each
 * giving 304), and the portal's own "page introuvable" with status 404 for
 * a path that names no file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>
#include <zlib.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

/* The contents of the static file @p name (from the source tree). */
static char *static_file(const char *name, size_t *len)
{
	char path[1024];
	struct stat st;
	char *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", getenv("PORTAIL_STATIC_DIR"), name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	buf[st.st_size] = '\0';
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

/* Decompress a gzip body with zlib, independently of the server's code. */
static char *gunzip(const char *data, size_t len, size_t *len_out)
{
	size_t cap = 1024 * 1024;
	char *out = malloc(cap);
	z_stream z;

	ck_assert_ptr_nonnull(out);
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	*len_out = cap - z.avail_out;
	inflateEnd(&z);
	return out;
}

/* GET @p path with one extra header line (NULL: none). */
static struct http_reply *get_with(struct http_client *c, const char *path, const char *header)
{
	const char *headers[] = { header, NULL };

	return http_call_raw(c, "GET", path, NULL, 0, NULL, header ? headers : NULL, false);
}

START_TEST(test_http_static_gzip_when_accepted)
{
	static const char *const files[] = {
		"assets/portail.css", "assets/portail.js", "connexion.html", "assets/logo.svg",
	};
	struct test_server s;
	struct http_client c;
	char buf[256];

	test_server_start_with_client(&s, &c, conninfo);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];
		size_t len, plain_len;
		char *want = static_file(files[i], &len), *plain;
		struct http_reply *r;

		snprintf(path, sizeof(path), "/%s", files[i]);
		r = get_with(&c, path, "Accept-Encoding: br, gzip;q=0.8, deflate");
		ck_assert_int_eq(r->status, 200);
		ck_assert_msg(http_header(r, "Content-Encoding", buf, sizeof(buf)) != NULL,
			"%s is not compressed", path);
		ck_assert_str_eq(buf, "gzip");
		ck_assert_str_eq(http_header(r, "Vary", buf, sizeof(buf)), "Accept-Encoding");
		ck_assert_msg(r->body_len < len, "%s: %zu bytes compressed, %zu plain", path,
			r->body_len, len);
		plain = gunzip(r->body, r->body_len, &plain_len);
		ck_assert_uint_eq(plain_len, len);
		ck_assert_msg(memcmp(plain, want, len) == 0, "%s decompresses to another text", path);
		free(plain);
		http_reply_free(r);

		/* Without Accept-Encoding, or with gzip refused: the file as it is. */
		r = get_with(&c, path, NULL);
		ck_assert_int_eq(r->status, 200);
		ck_assert_ptr_null(http_header(r, "Content-Encoding", buf, sizeof(buf)));
		ck_assert_uint_eq(r->body_len, len);
		ck_assert(memcmp(r->body, want, len) == 0);
		http_reply_free(r);
		r = get_with(&c, path, "Accept-Encoding: gzip;q=0, identity");
		ck_assert_int_eq(r->status, 200);
		ck_assert_ptr_null(http_header(r, "Content-Encoding", buf, sizeof(buf)));
		ck_assert_uint_eq(r->body_len, len);
		http_reply_free(r);
		free(want);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_static_validators_give_304)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char etag[128], etag_gz[128], modified[128], line[300];

	test_server_start_with_client(&s, &c, conninfo);
	r = get_with(&c, "/assets/portail.js", NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(http_header(r, "ETag", etag, sizeof(etag)));
	ck_assert_ptr_nonnull(http_header(r, "Last-Modified", modified, sizeof(modified)));
	ck_assert_str_eq(http_header(r, "Cache-Control", line, sizeof(line)), "no-cache");
	ck_assert(strstr(modified, " GMT") != NULL);
	http_reply_free(r);

	/* The compressed variant has a validator of its own. */
	r = get_with(&c, "/assets/portail.js", "Accept-Encoding: gzip");
	ck_assert_ptr_nonnull(http_header(r, "ETag", etag_gz, sizeof(etag_gz)));
	ck_assert_str_ne(etag, etag_gz);
	http_reply_free(r);

	snprintf(line, sizeof(line), "If-None-Match: %s", etag);
	r = get_with(&c, "/assets/portail.js", line);
	ck_assert_int_eq(r->status, 304);
	ck_assert_uint_eq(r->body_len, 0);
	http_reply_free(r);

	snprintf(line, sizeof(line), "If-Modified-Since: %s", modified);
	r = get_with(&c, "/assets/portail.js", line);
	ck_assert_int_eq(r->status, 304);
	ck_assert_uint_eq(r->body_len, 0);
	ck_assert_ptr_nonnull(http_header(r, "Last-Modified", line, sizeof(line)));
	http_reply_free(r);

	/* Older than the file, or a date that does not parse: the file. */
	r = get_with(&c, "/assets/portail.js", "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT");
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_gt(r->body_len, 0);
	http_reply_free(r);
	r = get_with(&c, "/assets/portail.js", "If-Modified-Since: hier");
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	/* An ETag that does not match wins over a matching date (RFC 9110). */
	{
		char both[300];
		const char *headers[] = { both, line, NULL };

		snprintf(both, sizeof(both), "If-None-Match: \"autre\"");
		snprintf(line, sizeof(line), "If-Modified-Since: %s", modified);
		r = http_call_raw(&c, "GET", "/assets/portail.js", NULL, 0, NULL, headers, false);
		ck_assert_int_eq(r->status, 200);
		http_reply_free(r);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_static_unknown_page_is_the_portal_404)
{
	static const char *const paths[] = {
		"/nulle-part.html", "/dossier/absent", "/assets/absent.css", "/../etc/passwd",
	};
	struct test_server s;
	struct http_client c;
	char buf[256];

	test_server_start_with_client(&s, &c, conninfo);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct http_reply *r = get_with(&c, paths[i], "Accept-Encoding: gzip");
		size_t len;
		char *page;

		ck_assert_msg(r->status == 404, "%s: %ld", paths[i], r->status);
		ck_assert_str_eq(http_header(r, "Content-Type", buf, sizeof(buf)),
			"text/html; charset=utf-8");
		/* The styled page of the portal, with its shell, not a bare text. */
		page = static_file("404.html", &len);
		ck_assert_uint_eq(r->body_len, len);
		ck_assert(memcmp(r->body, page, len) == 0);
		ck_assert(strstr(r->body, "Page introuvable") != NULL);
		ck_assert(strstr(r->body, "/assets/portail.css") != NULL);
		ck_assert(strstr(r->body, "/assets/portail.js") != NULL);
		free(page);
		http_reply_free(r);
	}
	/* Under /api/ the answer stays JSON. */
	{
		struct http_reply *r = get_with(&c, "/api/v1/nulle-part", NULL);

		ck_assert_int_eq(r->status, 404);
		ck_assert_ptr_nonnull(r->json);
		http_reply_free(r);
	}
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *static_suite(void)
{
	Suite *s = suite_create("http_static");
	TCase *tc = tcase_create("static");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_static_gzip_when_accepted);
	tcase_add_test(tc, test_http_static_validators_give_304);
	tcase_add_test(tc, test_http_static_unknown_page_is_the_portal_404);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(static_suite(), "http_static", &conninfo);
}
