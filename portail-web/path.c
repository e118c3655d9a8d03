/*
 * path.c — matching a request path against a route's pattern (path.h):
 * literal text must be equal, "{name}" takes one segment that is a positive
 * number, "{name:token}" one segment of letters, digits, "-" and "_"; a
 * parameter may be followed by literal text in the same segment
 * ("/ical/{feed:token}.ics"), which it stops before.
 */
#include <string.h>

#include "path.h"

/* A positive number of at most 18 digits, no sign, no leading zero. */
static bool id_segment(const char *s, size_t len, int64_t *out)
{
	int64_t n = 0;

	if (len == 0 || len > 18 || s[0] == '0')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (s[i] - '0');
	}
	*out = n;
	return true;
}

/* Letters, digits, "-" and "_", at most WEB_PATH_TOKEN_MAX of them. */
static bool token_segment(const char *s, size_t len, char *out)
{
	if (len == 0 || len > WEB_PATH_TOKEN_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

/* Does @p path match @p pattern? Its parameters go into @p params. */
bool web_path_match(const char *pattern, const char *path, struct web_path_params *params)
{
	params->count = 0;
	while (*pattern && *path) {
		const char *close, *colon;
		struct web_path_param *param;
		size_t len;
		bool ok;

		if (*pattern != '{') {
			if (*pattern++ != *path++)
				return false;
			continue;
		}
		close = strchr(pattern, '}');
		if (!close || params->count == WEB_PATH_MAX_PARAMS)
			return false;  /* a table's mistake: matches nothing */
		colon = memchr(pattern, ':', (size_t)(close - pattern));
		param = &params->items[params->count++];
		param->name = pattern + 1;
		param->name_len = (size_t)((colon ? colon : close) - pattern - 1);
		param->id = 0;
		param->token[0] = '\0';
		/* A parameter ends its segment, or the literal text that follows
		 * it in the pattern ("{feed:token}.ics"), whichever comes first. */
		char stop[3] = { '/', close[1] != '/' ? close[1] : '\0', '\0' };
		len = strcspn(path, stop);
		if (colon)
			ok = strncmp(colon, ":token}", 7) == 0 && token_segment(path, len, param->token);
		else
			ok = id_segment(path, len, &param->id);
		if (!ok)
			return false;
		pattern = close + 1;
		path += len;
	}
	return *pattern == '\0' && *path == '\0';
}

