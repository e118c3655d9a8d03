/*
 * reservation-internal.h — what the reservation files share: reading a
 * period's reservation rules (reservation-rules.c), which the catalogue
 * import uses to check them.
 */
#ifndef PORTAIL_RESERVATION_INTERNAL_H
#define PORTAIL_RESERVATION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <libpq-fe.h>

#include <portail/catalogue.h>
#include <portail/reservation.h>

#include "core/reservation-rules.h"

/** Where a reservation_rules object is wrong: the path of the key under the
 *  object ("booking.notice"), English and French (static). */
struct ptl__rules_problem {
	char path[96];
	const char *en, *fr;
};

/** The row of a statement that read an enrolment of a family (column
 *  "status"): PTL_OK; PTL_ENOTFOUND when there is none (not the family's);
 *  PTL_ECONFLICT (field "enrolment") when it is not validated, so cannot
 *  book. */
int ptl__resa_enrolment_row(const PGresult *res, int64_t enrolment_id);

/** Read @p rules (a reservation_rules object) into @p out, every key
 *  checked. @return true, or false with @p problem filled. */
bool ptl__reservation_rules_read(struct ptl__resa_rules *out, json_t *rules,
                                 struct ptl__rules_problem *problem);

/** Read the stored text of a period's rules. @return true; false when it
 *  does not read (then @p out allows no change online). */
bool ptl__reservation_rules_parse(struct ptl__resa_rules *out, const char *text);

/** Columns of the reservation statements, over "enrolment e" and "period
 *  p": the period's units as a JSON array of [id, code, label, depends_on
 *  (0 none), counter_id (0 none), starts_at and ends_at (minutes, or null),
 *  the counter's capacity (0 none)], in the period's order; its relations
 *  as [unit_id, other_unit_id, relation]; whether the family lives in the
 *  structure's town (its residents may book earlier). */
#define PTL__RESA_UNITS_JSON \
	"(SELECT coalesce(json_agg(json_build_array(u.id, u.code, u.label," \
	"          coalesce(u.depends_on, 0), coalesce(u.counter_id, 0)," \
	"          extract(hour from u.starts_at)::int * 60 + extract(minute from u.starts_at)::int," \
	"          extract(hour from u.ends_at)::int * 60 + extract(minute from u.ends_at)::int," \
	"          coalesce(k.capacity, 0)) ORDER BY u.position, u.id), '[]')" \
	"   FROM unit u LEFT JOIN capacity_counter k ON k.id = u.counter_id" \
	"  WHERE u.period_id = e.period_id)::text"
#define PTL__RESA_RELATIONS_JSON \
	"(SELECT coalesce(json_agg(json_build_array(r.unit_id, r.other_unit_id, r.relation)), '[]')" \
	"   FROM unit_relation r JOIN unit u ON u.id = r.unit_id" \
	"  WHERE u.period_id = e.period_id)::text"
#define PTL__RESA_RESIDENT \
	"EXISTS (SELECT 1 FROM guardian g, structure s WHERE g.family_id = e.family_id" \
	"          AND s.city <> '' AND lower(trim(g.city)) = lower(trim(s.city)))"

/** Who changes reservations from inside the library: the manager
 *  (reservation-import.c), or a family's typical week (typical-week-expand.c). */
struct ptl__resa_as {
	bool force;          /* book over the capacity */
	const char *source;  /* reservation.source: "manager", "import", "week" */
	bool family;         /* as the family: every rule binds, as for a parent's
	                        change (the window, notice, options, validation) */
	int64_t family_id;   /* with family: the family (0: any) ... */
	int64_t guardian_id; /* ... and who asks (0: none) */
	bool no_late_cancel; /* a cancellation past its notice is refused (notice)
	                        rather than made late and billed */
};

/** ptl_reservation_change() inside the caller's transaction, without a
 *  limit on the picks. As the manager: the booking window, the notice
 *  periods and the modification options do not bind (nothing waits for
 *  validation, no cancellation is billed); the days' states, the units'
 *  relations and the places do (unless @p as->force). As the family
 *  (@p as->family): every rule binds, as for a parent's change. @p picks
 *  (may be NULL) receives, for each result, the index of the pick it
 *  answers (the cancels first, then the books), or -1 for a unit the
 *  relations added; freed with free().
 *  @return as ptl_reservation_change(). */
int ptl__reservation_change_in(ptl_reservation_results **out, int **picks, ptl_db *db,
                               int64_t enrolment_id, const ptl_reservation_change_options *in,
                               const struct ptl__resa_as *as);

/** Columns over "enrolment e": the family's balance in cents (balance.h)
 *  and whether the manager lets it book whatever it owes. */
#define PTL__RESA_BALANCE \
	"(SELECT coalesce(sum(l.amount_cents), 0) FROM family_ledger l" \
	"  WHERE l.family_id = e.family_id)"
#define PTL__RESA_OVERRIDE \
	"EXISTS (SELECT 1 FROM family_booking_override o WHERE o.family_id = e.family_id)"

/** A period's units read from those columns. */
struct ptl__resa_units {
	size_t count;
	ptl_catalogue_unit *units;   /* relations as indexes; counter 0 or -1 */
	int64_t *ids, *counter_ids;  /* counter_ids[i] 0: none */
	int *counter_capacity;
};

/** Read @p units_text and @p relations_text into @p out (freed with
 *  ptl__resa_units_free() whatever the result). */
int ptl__resa_units_read(struct ptl__resa_units *out, const char *units_text,
                         const char *relations_text);
void ptl__resa_units_free(struct ptl__resa_units *u);

/** Release @p count units of @p units, and the array. */
void ptl__resa_unit_array_free(ptl_catalogue_unit *units, size_t count);

/** The index of unit @p id, or -1. */
int ptl__resa_unit_index(const struct ptl__resa_units *u, int64_t id);

#endif
