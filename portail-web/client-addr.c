/*
 * client-addr.c — the address of the client, for throttling and rate limits.
 *
 * Behind a reverse proxy every request comes from the proxy's address. When
 * the server is told which address is its proxy (--trusted-proxy), and only
 * for requests that come from there, the client is the last address the
 * proxy appended to X-Forwarded-For. From anywhere else the header is
 * ignored, so a client cannot choose its own address by sending it.
 */
#include <stdio.h>
#include <string.h>

#include <civetweb.h>

#include "web.h"

/* An IPv4 or IPv6 address in text: hex digits, dots and colons only. */
static bool looks_like_address(const char *s, size_t len)
{
	if (len == 0 || len > 45)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789abcdefABCDEF.:", s[i]))
			return false;
	return true;
}

const char *web_client_addr(const struct web_request *rq, char buf[WEB_ADDR_SIZE])
{
	const char *proxy = rq->cfg->trusted_proxy;
	const char *remote = rq->ri->remote_addr;
	const char *forwarded;

	if (!proxy || strcmp(remote, proxy) != 0)
		return remote;
	forwarded = mg_get_header(rq->conn, "X-Forwarded-For");
	if (!forwarded)
		return remote;

	/* The last entry is the one the trusted proxy wrote. */
	const char *start = strrchr(forwarded, ',');
	start = start ? start + 1 : forwarded;
	while (*start == ' ' || *start == '\t')
		start++;
	size_t len = strcspn(start, " \t");
	if (!looks_like_address(start, len))
		return remote;
	snprintf(buf, WEB_ADDR_SIZE, "%.*s", (int)len, start);
	return buf;
}
