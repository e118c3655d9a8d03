/*
 * reservation-internal.h — what the reservation files share: reading a
 * period's reservation rules (reservation-rules.c), which the catalogue
 * import uses to check them.
 */
#ifndef PORTAIL_RESERVATION_INTERNAL_H
#define PORTAIL_RESERVATION_INTERNAL_H

#include <stdbool.h>

#include <jansson.h>

#include "core/reservation-rules.h"

/** Where a reservation_rules object is wrong: the path of the key under the
 *  object ("booking.notice"), English and French (static). */
struct ptl__rules_problem {
	char path[96];
	const char *en, *fr;
};

/** Read @p rules (a reservation_rules object) into @p out, every key
 *  checked. @return true, or false with @p problem filled. */
bool ptl__reservation_rules_read(struct ptl__resa_rules *out, json_t *rules,
                                 struct ptl__rules_problem *problem);

/** Read the stored text of a period's rules. @return true; false when it
 *  does not read (then @p out allows no change online). */
bool ptl__reservation_rules_parse(struct ptl__resa_rules *out, const char *text);

#endif
