/*
 * core/units.c — booking and cancelling the units of one day by their
 * relations (see core/units.h). Each closure is a fixed point over the
 * units: a period has a handful of them, so the loops stay tiny.
 */
#include "core/units.h"

size_t ptl__units_to_book(bool *book, ptl__unit_conflict *conflicts, size_t max,
                          const ptl_catalogue_unit *units, size_t count, const bool *asked,
                          const bool *booked)
{
	size_t found = 0;
	bool grew = true;

	for (size_t i = 0; i < count; i++)
		book[i] = asked[i] || (booked && booked[i]);
	/* What the booked units link, until nothing more comes. */
	while (grew) {
		grew = false;
		for (size_t i = 0; i < count; i++)
			for (size_t j = 0; book[i] && j < units[i].linked_count; j++) {
				int other = units[i].linked[j];

				if (other >= 0 && (size_t)other < count && !book[other])
					book[other] = grew = true;
			}
	}
	for (size_t i = 0; i < count; i++) {
		int parent = units[i].depends_on;

		if (!book[i])
			continue;
		for (size_t j = 0; j < units[i].incompatible_count; j++) {
			int other = units[i].incompatible[j];

			if (other > (int)i && (size_t)other < count && book[other]) {
				if (found < max)
					conflicts[found] = (ptl__unit_conflict){ PTL_UNITS_INCOMPATIBLE, (int)i, other };
				found++;
			}
		}
		if (parent >= 0 && (size_t)parent < count && !book[parent]) {
			if (found < max)
				conflicts[found] = (ptl__unit_conflict){ PTL_UNITS_WITHOUT_PARENT, (int)i, parent };
			found++;
		}
	}
	return found;
}

size_t ptl__units_to_cancel(bool *cancel, const ptl_catalogue_unit *units, size_t count,
                            const bool *booked, const bool *cancelled)
{
	size_t going = 0;
	bool grew = true;

	for (size_t i = 0; i < count; i++)
		cancel[i] = booked[i] && cancelled[i];
	/* A booked unit goes with its parent, until nothing more goes. */
	while (grew) {
		grew = false;
		for (size_t i = 0; i < count; i++) {
			int parent = units[i].depends_on;

			if (booked[i] && !cancel[i] && parent >= 0 && (size_t)parent < count &&
			    cancel[parent])
				cancel[i] = grew = true;
		}
	}
	for (size_t i = 0; i < count; i++)
		going += cancel[i];
	return going;
}
