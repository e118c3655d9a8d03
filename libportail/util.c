/*
 * util.c — small string helpers shared by the domain modules.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util.h"

char *ptl__strdup(const char *s)
{
	return strdup(s ? s : "");
}

char *ptl__trimmed(const char *s)
{
	size_t len;
	char *out;

	if (!s)
		s = "";
	while (*s && isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

void ptl__ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

void ptl__token_hash(char out[65], const char *text)
{
	unsigned char digest[32];

	crypto_generichash(digest, sizeof(digest), (const unsigned char *)text,
	                   strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}
