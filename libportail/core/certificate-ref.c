/*
 * core/certificate-ref.c — certificate references (see certificate-ref.h).
 *
 * The alphabet is Douglas Crockford's base 32
 * (https://www.crockford.com/base32.html): digits and letters without I, L,
 * O and U; on input O is read as 0 and I, L as 1.
 *
 * The check symbol follows H. Michael Damm's method ("Total
 * anti-symmetrische Quasigruppen", thesis, Marburg 2004): with a totally
 * anti-symmetric quasigroup, the running value r starts at 0, each symbol s
 * gives r = r ∘ s, and the check symbol is the one that brings r back to 0.
 * Such a check catches every single substitution and every transposition of
 * two neighbours (the check symbol included). The quasigroup of order 32
 * is Damm's construction over the field GF(2^5): x ∘ y = a·x + y with a
 * not 0 nor 1; here the field is built on the primitive polynomial
 * x^5 + x^2 + 1 and a = x (the value 2), so that a·x is a shift and at most
 * one XOR, and + is XOR. Since x ∘ c = a·x + c, the check symbol of a
 * running value r is a·r.
 */
#include <stdint.h>
#include <string.h>

#include "core/certificate-ref.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

enum { DATA_SYMBOLS = 12, PREFIX_LEN = 3 };

/* a·v in GF(2^5), a = x, reduced by x^5 + x^2 + 1. */
static unsigned times_a(unsigned v)
{
	v <<= 1;
	return v & 0x20 ? v ^ 0x25 : v;
}

/* The value of symbol @p c as typed, or -1 when it is not one. */
static int symbol_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	const char *p = c ? strchr(alphabet, c) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

/* Write "ATT-XXXX-XXXX-XXXX-C" from the 13 symbol values. */
static void write_ref(char out[PTL__CERTIFICATE_REF_SIZE], const unsigned values[DATA_SYMBOLS + 1])
{
	char *p = out;

	memcpy(p, "ATT", PREFIX_LEN);
	p += PREFIX_LEN;
	for (int i = 0; i < DATA_SYMBOLS + 1; i++) {
		if (i % 4 == 0)
			*p++ = '-';
		*p++ = alphabet[values[i]];
	}
	*p = '\0';
}

void ptl__certificate_ref_make(char out[PTL__CERTIFICATE_REF_SIZE], const unsigned char random[8])
{
	uint64_t bits = 0;
	unsigned values[DATA_SYMBOLS + 1];
	unsigned r = 0;

	for (int i = 0; i < 8; i++)
		bits = bits << 8 | random[i];
	bits >>= 4;                            /* 60 bits: 12 symbols of 5 */
	for (int i = 0; i < DATA_SYMBOLS; i++) {
		values[i] = (unsigned)(bits >> (5 * (DATA_SYMBOLS - 1 - i))) & 31u;
		r = times_a(r) ^ values[i];
	}
	values[DATA_SYMBOLS] = times_a(r);
	write_ref(out, values);
}

enum ptl__certificate_ref_reading ptl__certificate_ref_read(char out[PTL__CERTIFICATE_REF_SIZE],
                                                             const char *text)
{
	char symbols[PREFIX_LEN + DATA_SYMBOLS + 2];
	size_t n = 0;
	unsigned values[DATA_SYMBOLS + 1];
	unsigned r = 0;

	if (!text)
		return PTL__CERTIFICATE_REF_MALFORMED;
	for (const char *p = text; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		if (n == sizeof(symbols) - 1)
			return PTL__CERTIFICATE_REF_MALFORMED;
		symbols[n++] = *p;
	}
	symbols[n] = '\0';
	const char *data = symbols;
	if (n == PREFIX_LEN + DATA_SYMBOLS + 1) {
		if ((symbols[0] != 'A' && symbols[0] != 'a') || (symbols[1] != 'T' && symbols[1] != 't') ||
		    (symbols[2] != 'T' && symbols[2] != 't'))
			return PTL__CERTIFICATE_REF_MALFORMED;
		data += PREFIX_LEN;
	} else if (n != DATA_SYMBOLS + 1) {
		return PTL__CERTIFICATE_REF_MALFORMED;
	}
	for (int i = 0; i < DATA_SYMBOLS + 1; i++) {
		int v = symbol_value(data[i]);
		if (v < 0)
			return PTL__CERTIFICATE_REF_MALFORMED;
		values[i] = (unsigned)v;
		r = times_a(r) ^ values[i];
	}
	if (r != 0)
		return PTL__CERTIFICATE_REF_MISTYPED;
	write_ref(out, values);
	return PTL__CERTIFICATE_REF_OK;
}

bool ptl__certificate_ref_normalize(char out[PTL__CERTIFICATE_REF_SIZE], const char *text)
{
	return ptl__certificate_ref_read(out, text) == PTL__CERTIFICATE_REF_OK;
}
