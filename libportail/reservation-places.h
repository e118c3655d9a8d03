/*
 * reservation-places.h — the places of the days of one group, shared by
 * every change of reservations (reservation-change.c, the queue's
 * reservation kinds): the load rows of a set of (unit, day) slots made to
 * exist and locked in one order (the units' shared counters, then the
 * group's slots, each in key order, after the enrolment's row that the
 * caller locked first), counted in C under those locks, freed places handed
 * to the first ones waiting (and their families told through the outbox),
 * and the counts written back with a condition that they never exceed a
 * capacity. Also PostgreSQL array literals, to pass sets as parameters.
 */
#ifndef PORTAIL_RESERVATION_PLACES_H
#define PORTAIL_RESERVATION_PLACES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/date.h>

#include "db-internal.h"

/** A PostgreSQL array literal being built ("{1,2}"); zero-initialised. */
struct ptl__lit { char *s; size_t len, size; bool failed; };

void ptl__lit_add(struct ptl__lit *l, const char *text);
void ptl__lit_add_int(struct ptl__lit *l, int64_t v);
void ptl__lit_add_day(struct ptl__lit *l, ptl_day d);
/** The finished literal (owned by @p l, "{}" when empty); NULL when out of
 *  memory. Nothing can be added after. */
const char *ptl__lit_end(struct ptl__lit *l);
void ptl__lit_free(struct ptl__lit *l);

/** One unit of one day of the group, as locked. */
struct ptl__slot {
	int64_t unit_id;
	ptl_day day;
	int taken, capacity;
	int64_t seq;        /* the last waiting_seq given */
	int counter;        /* index in counters; -1 none */
	char mine[16];      /* the enrolment's live status in the slot, or "": as of
	                       the locking statement's snapshot, taken before it
	                       waited for the locks (checked when written) */
	int freed;          /* places freed by this change, for those waiting */
};

/** One shared counter on one day, as locked. */
struct ptl__counter { int64_t id; ptl_day day; int taken, capacity; };

struct ptl__places {
	int64_t group_id, enrolment_id;
	bool force;  /* the manager books over the capacity: written as counted */
	bool loads_exist;  /* every load row is known to exist: none is inserted */
	size_t nslots, ncounters;
	struct ptl__slot *slots;
	struct ptl__counter *counters;
};

/** Make the load rows of the slots (@p units, @p days: array literals of
 *  the same length, duplicates allowed) of group @p p->group_id exist
 *  (unless @p p->loads_exist) and lock them, counters first; fill @p p. */
int ptl__places_lock(ptl_db *db, struct ptl__places *p, const char *units, const char *days);

/** The locked slot of (@p unit_id, @p day), or NULL. */
struct ptl__slot *ptl__places_slot(struct ptl__places *p, int64_t unit_id, ptl_day day);

/** Whether slot @p s has a place left (its group's and its counter's). */
bool ptl__places_room(const struct ptl__places *p, const struct ptl__slot *s);

/** Count @p n more places taken (negative: freed) in @p s and its counter. */
void ptl__places_take(struct ptl__places *p, struct ptl__slot *s, int n);

/** Give the places freed in the slots (their freed counts) to the first
 *  ones waiting, while there is room; a promoted reservation whose request
 *  still waits for the manager becomes pending, else booked; each promoted
 *  family gets a mail (outbox). Sets *promoted to their number (may be
 *  NULL). */
int ptl__places_promote(ptl_db *db, struct ptl__places *p, int64_t now, size_t *promoted);

/** Write the counts back; PTL_ERROR when one would exceed a capacity
 *  (unless p->force). */
int ptl__places_write(ptl_db *db, struct ptl__places *p);

/** The write-back of ptl__places_write() as two data-modifying CTEs, "s"
 *  (the slots) and "k" (the counters), each returning a row per row
 *  written, for a statement that does more in the same round trip. The
 *  arguments are the numbers (as text) of the statement's parameters: the
 *  group's id, then the seven arrays of ptl__places_write_params() in
 *  order, then whether to write past a capacity (p->force, as text). A load
 *  never ends above its capacity, unless it was above already (a capacity
 *  lowered since) and does not grow, or it is forced. */
#define PTL__PLACES_WRITE_CTES(G, U, D, T, Q, CU, CD, CT, F) \
	"s AS (UPDATE reservation_load l SET taken = x.taken, waiting_seq = x.seq" \
	"        FROM unnest($" U "::bigint[], $" D "::date[], $" T "::int[], $" Q "::bigint[])" \
	"             AS x (unit_id, day, taken, seq), period_group g" \
	"       WHERE l.group_id = $" G "::bigint AND g.id = l.group_id" \
	"         AND l.unit_id = x.unit_id AND l.day = x.day" \
	"         AND (x.taken <= g.capacity OR x.taken <= l.taken OR $" F "::boolean)" \
	"      RETURNING 1)," \
	" k AS (UPDATE counter_load l SET taken = x.taken" \
	"        FROM unnest($" CU "::bigint[], $" CD "::date[], $" CT "::int[])" \
	"             AS x (counter_id, day, taken), capacity_counter cc" \
	"       WHERE cc.id = l.counter_id AND l.counter_id = x.counter_id AND l.day = x.day" \
	"         AND (x.taken <= cc.capacity OR x.taken <= l.taken OR $" F "::boolean)" \
	"      RETURNING 1)"

/** The seven array parameters of PTL__PLACES_WRITE_CTES for @p p. */
struct ptl__places_written { struct ptl__lit lit[7]; const char *params[7]; };
int ptl__places_write_params(struct ptl__places_written *w, const struct ptl__places *p);
/** Whether the statement's first row (columns "slots" and "counters": the
 *  rows of s and k) wrote every load; PTL_ERROR when one would have
 *  exceeded its capacity. */
int ptl__places_written_check(const struct ptl__places *p, PGresult *res);
void ptl__places_written_free(struct ptl__places_written *w);

void ptl__places_free(struct ptl__places *p);

#endif
