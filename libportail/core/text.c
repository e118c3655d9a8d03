/*
 * core/text.c — pure checks on text typed by people (see text.h).
 */
#include <string.h>

#include <portail/auth.h>

#include "core/text.h"

bool ptl__utf8_chars(const char *s, size_t *chars_out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	if (!s)
		return false;
	while (*p) {
		unsigned c = *p;
		int len;
		unsigned cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				return false;
			len = 1;
			cp = c;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* Reject overlong forms, surrogates and values past U+10FFFF. */
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += len;
		n++;
	}
	if (chars_out)
		*chars_out = n;
	return true;
}

bool ptl__text_length_ok(const char *s, size_t min, size_t max)
{
	size_t n;

	return ptl__utf8_chars(s, &n) && n >= min && n <= max;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool ptl__email_valid(const char *s)
{
	const char *at, *p;

	if (!s || strlen(s) > 254)
		return false;
	at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || at - s > 64)
		return false;
	for (p = s; p < at; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("()<>[]:;,\\\"", *p))
			return false;

	/* Domain: labels of letters, digits and inner hyphens, at least two. */
	int labels = 0;
	p = at + 1;
	for (;;) {
		const char *start = p;
		while (is_alnum(*p) || *p == '-')
			p++;
		if (p == start || p - start > 63 || *start == '-' || p[-1] == '-')
			return false;
		labels++;
		if (*p == '\0')
			break;
		if (*p != '.')
			return false;
		p++;
	}
	return labels >= 2;
}

bool ptl__phone_fr_normalize(const char *s, char out[11])
{
	char d[16];
	size_t n = 0;
	const char *p = s;

	if (!s)
		return false;
	if (p[0] == '+') {
		if (strncmp(p, "+33", 3) != 0)
			return false;
		d[n++] = '0';
		p += 3;
		while (*p == ' ' || *p == '.' || *p == '-')
			p++;
		if (*p == '(' && p[1] == '0' && p[2] == ')')  /* +33 (0)6 ... */
			p += 3;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == 10)
				return false;
			d[n++] = *p;
		} else if (*p != ' ' && *p != '.' && *p != '-') {
			return false;
		}
	}
	if (n != 10 || d[0] != '0' || d[1] == '0')
		return false;
	memcpy(out, d, 10);
	out[10] = '\0';
	return true;
}

bool ptl__postcode_fr_valid(const char *s)
{
	if (!s || strlen(s) != 5)
		return false;
	for (int i = 0; i < 5; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	int dept = (s[0] - '0') * 10 + (s[1] - '0');
	return (dept >= 1 && dept <= 95) || dept == 97 || dept == 98;
}

enum ptl__password_verdict ptl__password_check(const char *password)
{
	size_t n;

	if (!password || !ptl__utf8_chars(password, &n))
		return PTL_PASSWORD_NOT_TEXT;
	if (n < PTL_PASSWORD_MIN_CHARS)
		return PTL_PASSWORD_TOO_SHORT;
	if (n > PTL_PASSWORD_MAX_CHARS)
		return PTL_PASSWORD_TOO_LONG;
	return PTL_PASSWORD_OK;
}
