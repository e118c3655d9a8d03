/*
 * util.h — small string helpers shared by the domain modules.
 */
#ifndef PORTAIL_UTIL_H
#define PORTAIL_UTIL_H

#include <stddef.h>

/** strdup() that turns NULL into "". NULL only when out of memory. */
char *ptl__strdup(const char *s);

/** A copy of @p s without leading and trailing white space ("" for NULL). */
char *ptl__trimmed(const char *s);

/** Lower-case the ASCII letters of @p s in place. */
void ptl__ascii_lower(char *s);

/** Hex-encoded BLAKE2b-256 of @p text: how tokens are stored. */
void ptl__token_hash(char out[65], const char *text);

#endif
