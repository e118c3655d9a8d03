/*
 * test-headers.c — the public headers compile alone, in strict ISO C
 * (-pedantic -Werror), with nothing but libc types.
 */
#include <portail/portail.h>

int main(void)
{
	return ptl_status_name(PTL_OK)[0] == 'o' ? 0 : 1;
}
