/*
 * core/certificate-ref.h — the reference printed on a certificate
 * (attestation d'inscription): "ATT-7KQ2-M9XD-4HRB-T".
 *
 * Twelve random symbols (60 bits: far too many to enumerate) of Crockford's
 * base-32 alphabet, which has no I, L, O or U, so that it reads over the
 * phone without "i or one?", then one check symbol of the same alphabet that
 * catches any single mistyped symbol and any two neighbours swapped. Pure:
 * the random bytes come from the caller.
 */
#ifndef PORTAIL_CORE_CERTIFICATE_REF_H
#define PORTAIL_CORE_CERTIFICATE_REF_H

#include <stdbool.h>

/** Room for a reference, "ATT-XXXX-XXXX-XXXX-C" and its NUL. */
#define PTL__CERTIFICATE_REF_SIZE 21

/** The reference made of the first 60 bits of @p random. */
void ptl__certificate_ref_make(char out[PTL__CERTIFICATE_REF_SIZE], const unsigned char random[8]);

/** Read a reference as someone may type it: any case, hyphens and spaces
 *  anywhere, the "ATT" prefix optional, O read as 0 and I or L as 1 (as
 *  Crockford's decoding does). On success, @p out receives the canonical
 *  form. @return false when @p text is not 13 symbols of the alphabet
 *  (after the prefix) or when its check symbol does not match. */
bool ptl__certificate_ref_normalize(char out[PTL__CERTIFICATE_REF_SIZE], const char *text);

/** How a typed reference reads. */
enum ptl__certificate_ref_reading {
	PTL__CERTIFICATE_REF_OK,         /* a reference: @p out is its canonical form */
	PTL__CERTIFICATE_REF_MALFORMED,  /* not 13 symbols of the alphabet after the prefix */
	PTL__CERTIFICATE_REF_MISTYPED,   /* well formed, but its check symbol does not match */
};

/** ptl__certificate_ref_normalize(), saying why a text is not a reference. */
enum ptl__certificate_ref_reading ptl__certificate_ref_read(char out[PTL__CERTIFICATE_REF_SIZE],
                                                             const char *text);

#endif
