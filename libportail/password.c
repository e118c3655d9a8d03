/*
 * password.c — argon2id hashing, one-time codes and random tokens
 * (see password.h and auth.h).
 */
#include <pthread.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/error.h>

#include "error-internal.h"
#include "password.h"

static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status;
/* Verified against when an account has no hash, so that an unknown email
 * and a wrong password cost the same. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static void init_sodium(void)
{
	if (sodium_init() < 0) {
		init_status = PTL_ERROR;
		return;
	}
	init_status = crypto_pwhash_str_alg(dummy_hash, "not a password", 14,
	                                    PTL_PWHASH_OPSLIMIT, PTL_PWHASH_MEMLIMIT,
	                                    crypto_pwhash_ALG_ARGON2ID13) == 0
	              ? PTL_OK : PTL_ERROR;
}

int ptl_init(void)
{
	pthread_once(&init_once, init_sodium);
	if (init_status != PTL_OK)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "cannot initialise libsodium");
	return PTL_OK;
}

int ptl__password_hash(char out[crypto_pwhash_STRBYTES], const char *secret)
{
	if (ptl_init() != PTL_OK)
		return PTL_ERROR;
	if (crypto_pwhash_str_alg(out, secret, strlen(secret), PTL_PWHASH_OPSLIMIT,
	                          PTL_PWHASH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "password hashing ran out of memory");
	return PTL_OK;
}

bool ptl__password_verify(const char *hash, const char *secret)
{
	if (ptl_init() != PTL_OK)
		return false;
	if (!hash || !*hash) {
		/* Spend the same work as a real verification, and refuse. */
		if (crypto_pwhash_str_verify(dummy_hash, secret, strlen(secret)) == 0)
			return false;
		return false;
	}
	return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

void ptl__one_time_code_new(char out[PTL_ONE_TIME_CODE_LEN + 1])
{
	int j = 0;

	(void)ptl_init();
	for (int i = 0; i < 12; i++) {
		if (i > 0 && i % 4 == 0)
			out[j++] = '-';
		out[j++] = code_alphabet[randombytes_uniform(sizeof(code_alphabet) - 1)];
	}
	out[j] = '\0';
}

bool ptl__one_time_code_canonical(char out[13], const char *typed)
{
	int n = 0;

	for (const char *p = typed; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == 12 || !strchr(code_alphabet, c) || c == '\0')
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == 12;
}

void ptl_token_new(char out[PTL_TOKEN_LEN + 1])
{
	unsigned char bytes[32];

	(void)ptl_init();
	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2base64(out, PTL_TOKEN_LEN + 1, bytes, sizeof(bytes),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool ptl_token_equal(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb || la == 0)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
