/*
 * core/units.h — what booking or cancelling units of one day means, given
 * the relations between the units of a period (portail/catalogue.h), as
 * pure rules for the reservation module:
 *  - linked: booking a unit books the units it links, and theirs in turn;
 *  - dependent: a unit that depends on another (the meal on the morning)
 *    can only be booked with its parent, and goes when the parent goes (and
 *    its own dependents with it);
 *  - incompatible: two incompatible units cannot both be booked.
 * Units are indexes into the period's units. No allocation, no I/O.
 */
#ifndef PORTAIL_CORE_UNITS_H
#define PORTAIL_CORE_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include <portail/catalogue.h>

/** Why a set of units cannot be booked. */
enum ptl__unit_problem {
	PTL_UNITS_INCOMPATIBLE = 1,   /**< unit and other are incompatible */
	PTL_UNITS_WITHOUT_PARENT = 2, /**< unit depends on other, which is not booked */
};

typedef struct ptl__unit_conflict {
	enum ptl__unit_problem problem;
	int unit;
	int other;
} ptl__unit_conflict;

/**
 * The units to book when a family asks for the units @p asked (asked[i]
 * for unit i) on a day where @p booked are booked already (NULL: none):
 * into @p book, the asked ones, what they link (transitively), and what was
 * booked. Then the conflicts of that set, in unit order, up to @p max of
 * them into @p conflicts (NULL when @p max is 0): each incompatible pair
 * once (unit < other), each dependent unit whose parent is not in the set.
 * @return the number of conflicts (it may exceed @p max); 0: book them.
 */
size_t ptl__units_to_book(bool *book, ptl__unit_conflict *conflicts, size_t max,
                          const ptl_catalogue_unit *units, size_t count, const bool *asked,
                          const bool *booked);

/**
 * The units that go when the family cancels @p cancelled among @p booked:
 * into @p cancel, the cancelled ones that are booked and every booked unit
 * that depends on one of them, directly or not. Units a cancelled one had
 * linked stay booked. @return how many go.
 */
size_t ptl__units_to_cancel(bool *cancel, const ptl_catalogue_unit *units, size_t count,
                            const bool *booked, const bool *cancelled);

#endif
