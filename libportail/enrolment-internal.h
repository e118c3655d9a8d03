/*
 * enrolment-internal.h — what the enrolment files share: the columns of an
 * enrolment as every reader selects them (with what the family must still
 * provide, computed in SQL), their row reader, and the steps that change a
 * group's places (validating, the waiting list, offering a freed place),
 * each in the caller's transaction.
 */
#ifndef PORTAIL_ENROLMENT_INTERNAL_H
#define PORTAIL_ENROLMENT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <portail/enrolment.h>

#include "db-internal.h"

/** The statuses in which an enrolment holds or asks for a place: two of
 *  them for the same child and period never overlap. */
#define PTL__ENROLMENT_ACTIVE "('pending', 'validated', 'waiting')"

/** The joins from "enrolment e" to its child, period, group, activity,
 *  activity type and facility, for PTL__ENROLMENT_COLUMNS. */
#define PTL__ENROLMENT_JOINS \
	" JOIN child c ON c.id = e.child_id JOIN period p ON p.id = e.period_id" \
	" JOIN period_group g ON g.id = e.group_id JOIN activity a ON a.id = p.activity_id" \
	" JOIN activity_type t ON t.id = a.activity_type_id JOIN facility f ON f.id = t.facility_id"

/** The columns ptl__enrolment_from_row() reads, over PTL__ENROLMENT_JOINS;
 *  @p today is the SQL of today's date (a parameter, e.g. "$2::date").
 *  e_missing: the activity's documents the family has no valid document of
 *  today ("type US label", separated by RS), for an enrolment that holds
 *  or asks for a place; e_rules_version: the rules version to accept, "". */
#define PTL__ENROLMENT_COLUMNS(today) \
	" e.id AS e_id, e.family_id AS e_family_id, e.child_id AS e_child_id," \
	" c.first_name || ' ' || c.last_name AS e_child_name, f.name AS e_facility," \
	" t.name AS e_activity_type, a.name AS e_activity, t.category AS e_category," \
	" p.code AS e_period_code, p.label AS e_period_label, g.code AS e_group_code," \
	" g.label AS e_group_label, e.first_day - date '1970-01-01' AS e_first_day," \
	" e.last_day - date '1970-01-01' AS e_last_day, e.status AS e_status," \
	" e.comment AS e_comment, e.reason AS e_reason," \
	" coalesce(e.waitlist_rank, 0) AS e_waitlist_rank," \
	" e.wanted_start - date '1970-01-01' AS e_wanted_start," \
	" coalesce(e.days_per_week, 0) AS e_days_per_week," \
	" coalesce(e.hours_per_week, 0) AS e_hours_per_week," \
	" e.contract_start - date '1970-01-01' AS e_contract_start," \
	" coalesce(e.contract_days, 0) AS e_contract_days," \
	" coalesce(e.contract_hours, 0) AS e_contract_hours," \
	" coalesce(e.request_id, 0) AS e_request_id," \
	" extract(epoch from e.created_at)::bigint AS e_created_at," \
	" CASE WHEN e.status IN " PTL__ENROLMENT_ACTIVE " THEN" \
	"  (SELECT string_agg(d.document_type || chr(31) || d.label, chr(30)" \
	"                     ORDER BY d.position, d.document_type)" \
	"     FROM activity_document d WHERE d.activity_id = a.id AND NOT EXISTS (" \
	"       SELECT 1 FROM family_document fd" \
	"        WHERE fd.family_id = e.family_id AND fd.document_type = d.document_type" \
	"          AND (fd.child_id IS NULL OR fd.child_id = e.child_id)" \
	"          AND fd.valid_from <= " today \
	"          AND (d.validity_months IS NULL" \
	"               OR fd.valid_from + make_interval(months => d.validity_months) > " today ")))" \
	" END AS e_missing," \
	" CASE WHEN e.status IN " PTL__ENROLMENT_ACTIVE " AND a.rules_version <> ''" \
	"       AND NOT EXISTS (SELECT 1 FROM rules_acceptance ra WHERE ra.family_id = e.family_id" \
	"                          AND ra.activity_id = a.id AND ra.version = a.rules_version)" \
	"      THEN a.rules_version ELSE '' END AS e_rules_version," \
	" a.rules_title AS e_rules_title, a.rules_url AS e_rules_url"

/** Fill @p e from row @p row of a result with PTL__ENROLMENT_COLUMNS.
 *  @return PTL_OK or PTL_ERROR (out of memory, unknown status). */
int ptl__enrolment_from_row(ptl_enrolment *e, const PGresult *res, int row);

/** A list of the first @p rows rows of @p res. */
int ptl__enrolments_from_rows(ptl_enrolments **out, const PGresult *res, int rows);

/** Today's date as "YYYY-MM-DD", for the @p today parameter. */
void ptl__enrolment_today(char buf[11]);

/** Validate enrolment @p enrolment_id (pending or waiting) in the caller's
 *  transaction, its group's row locked for the capacity check: PTL_EFULL
 *  when the group has no place left and not @p force. A pre-enrolment
 *  takes @p contract (NULL: the family's wish) as its contract. A waiting
 *  one leaves the list, which is renumbered. Writes no request and no mail. */
struct ptl__contract { const char *start; int days, hours; };
int ptl__enrolment_validate_locked(ptl_db *db, int64_t enrolment_id, bool force,
                                   const struct ptl__contract *contract);

/** Lock group @p group_id's row (FOR UPDATE): the capacity, validated
 *  enrolments and waiting list of a group change one transaction at a
 *  time. */
int ptl__enrolment_group_lock(ptl_db *db, int64_t group_id);

/** Renumber group @p group_id's waiting list 1..n in its order. */
int ptl__enrolment_waitlist_renumber(ptl_db *db, int64_t group_id);

/** With a place free in group @p group_id (no more validated enrolments
 *  and offered places than its capacity), offer it to the first enrolment
 *  waiting: it becomes pending with a new request of kind
 *  "enrolment_offer", and the family is notified. Nothing when the group
 *  is full or nobody waits. In the caller's transaction. */
int ptl__enrolment_offer_free_places(ptl_db *db, int64_t group_id);

/** Tell the family of enrolment @p enrolment_id, through the outbox, that
 *  @p what happened ("a été validée", ...), with @p detail (may be ""). */
int ptl__enrolment_notify(ptl_db *db, int64_t enrolment_id, const char *subject,
                          const char *what, const char *detail);

#endif
