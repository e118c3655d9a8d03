/*
 * password.h — argon2id hashing of passwords and one-time codes.
 *
 * Parameters: argon2id, 2 passes over 19 MiB (the OWASP Password Storage
 * Cheat Sheet's minimum for argon2id: m = 19 MiB, t = 2, p = 1). The stored
 * string carries its parameters, so raising them later keeps old hashes
 * verifiable.
 */
#ifndef PORTAIL_PASSWORD_H
#define PORTAIL_PASSWORD_H

#include <stdbool.h>

#include <sodium.h>

#define PTL_PWHASH_OPSLIMIT 2
#define PTL_PWHASH_MEMLIMIT (19u * 1024u * 1024u)

/** Characters of a one-time code once formatted: XXXX-XXXX-XXXX. */
#define PTL_ONE_TIME_CODE_LEN 14

/** Hash @p secret into @p out. @return PTL_OK or PTL_ERROR (out of memory). */
int ptl__password_hash(char out[crypto_pwhash_STRBYTES], const char *secret);

/** Verify @p secret against @p hash. A NULL hash costs the same time as a
 *  real one (a dummy hash is verified) and answers false. */
bool ptl__password_verify(const char *hash, const char *secret);

/** A new one-time code: 12 characters from an alphabet without look-alikes
 *  (about 59 bits), grouped by four. */
void ptl__one_time_code_new(char out[PTL_ONE_TIME_CODE_LEN + 1]);

/** Canonical form of a typed code (upper case, no spaces or hyphens) into
 *  @p out; false when @p typed cannot be a code. */
bool ptl__one_time_code_canonical(char out[13], const char *typed);

#endif
