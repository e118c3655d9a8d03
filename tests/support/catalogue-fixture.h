/*
 * catalogue-fixture.h — a small catalogue written with SQL, for the tests
 * of enrolments (library and HTTP), so that they do not depend on the
 * catalogue file's import. As of 2026-11-26 (the tests' clock):
 *
 *   service-jeunesse / centre-de-loisirs (loisirs) / mercredis: rules
 *   "2026-1", documents vaccinations and assurance (12 months);
 *     mercredis-2026 (2026-09-02..2027-07-03, enrolment open
 *     2026-06-01..2027-06-30): maternelle (2 places, 36-72 months on
 *     2026-12-31, PS/MS/GS), elementaires (1 place, CP..CM2);
 *     mercredis-2027 (enrolment opens 2027-06-01): the same groups;
 *   petite-enfance / creche (petite_enfance) / creche-les-lutins:
 *     lutins-2027 (2027-01-04..2027-12-31, open): bebes (1 place,
 *     2-36 months on the period's first day).
 */
#ifndef PORTAIL_TEST_CATALOGUE_FIXTURE_H
#define PORTAIL_TEST_CATALOGUE_FIXTURE_H

#define TEST_CATALOGUE_SQL \
	"INSERT INTO facility (code, name) VALUES ('service-jeunesse', 'Service Jeunesse')," \
	"  ('petite-enfance', 'Petite enfance');" \
	"INSERT INTO activity_type (facility_id, code, name, category)" \
	"  SELECT id, 'centre-de-loisirs', 'Centre de Loisirs', 'loisirs' FROM facility" \
	"   WHERE code = 'service-jeunesse';" \
	"INSERT INTO activity_type (facility_id, code, name, category)" \
	"  SELECT id, 'creche', 'Crèche', 'petite_enfance' FROM facility WHERE code = 'petite-enfance';" \
	"INSERT INTO activity (activity_type_id, code, name, rules_title, rules_version," \
	"                      booking_blocked_if_missing)" \
	"  SELECT id, 'mercredis', 'Mercredis', 'Règlement intérieur', '2026-1', true" \
	"    FROM activity_type WHERE code = 'centre-de-loisirs';" \
	"INSERT INTO activity (activity_type_id, code, name)" \
	"  SELECT id, 'creche-les-lutins', 'Crèche Les Lutins' FROM activity_type WHERE code = 'creche';" \
	"INSERT INTO activity_document (activity_id, document_type, label, validity_months, position)" \
	"  SELECT id, 'vaccinations', 'Carnet de vaccination à jour', 12, 1 FROM activity" \
	"   WHERE code = 'mercredis'" \
	"  UNION ALL SELECT id, 'assurance', 'Attestation d’assurance', 12, 2 FROM activity" \
	"   WHERE code = 'mercredis';" \
	"INSERT INTO period (activity_id, code, label, first_day, last_day, opening_weekdays," \
	"                    enrolment_opens, enrolment_closes, position)" \
	"  SELECT id, 'mercredis-2026', 'ALSH Mercredis 2026/2027', date '2026-09-02', date '2027-07-03', 4," \
	"         date '2026-06-01', date '2027-06-30', 1 FROM activity WHERE code = 'mercredis'" \
	"  UNION ALL SELECT id, 'mercredis-2027', 'ALSH Mercredis 2027/2028', date '2027-09-01'," \
	"         date '2028-07-01', 4, date '2027-06-01', date '2028-06-30', 2 FROM activity" \
	"   WHERE code = 'mercredis'" \
	"  UNION ALL SELECT id, 'lutins-2027', 'Crèche 2027', date '2027-01-04', date '2027-12-31', 31," \
	"         date '2026-09-01', date '2027-06-30', 1 FROM activity WHERE code = 'creche-les-lutins';" \
	"INSERT INTO period_group (period_id, code, label, capacity, min_age_months, max_age_months," \
	"                          age_reference_day, school_levels, position)" \
	"  SELECT id, 'maternelle', 'Maternelle', 2, 36, 72, date '2026-12-31', '{PS,MS,GS}'::text[], 1" \
	"    FROM period WHERE code IN ('mercredis-2026', 'mercredis-2027')" \
	"  UNION ALL SELECT id, 'elementaires', 'Élémentaires +6 ans', 1, NULL, NULL, NULL::date," \
	"         '{CP,CE1,CE2,CM1,CM2}'::text[], 2 FROM period WHERE code IN ('mercredis-2026', 'mercredis-2027')" \
	"  UNION ALL SELECT id, 'bebes', 'Bébés', 1, 2, 36, NULL, '{}'::text[], 1 FROM period" \
	"   WHERE code = 'lutins-2027';"

/* For the tests of reservations: the units of mercredis-2026 (journee;
 * matin, incompatible with journee, links repas; repas, depends on matin)
 * and a closure day (2026-12-23, "Vacances de Noël"). */
#define TEST_RESERVATION_UNITS_SQL \
	"INSERT INTO unit (period_id, code, label, position)" \
	" SELECT id, x.code, x.label, x.pos FROM period," \
	"  (VALUES ('journee', 'Journée', 1), ('matin', 'Matin', 2), ('repas', 'Repas', 3))" \
	"  AS x (code, label, pos) WHERE period.code = 'mercredis-2026';" \
	"UPDATE unit SET depends_on = (SELECT id FROM unit WHERE code = 'matin')" \
	" WHERE code = 'repas';" \
	"INSERT INTO unit_relation SELECT a.id, b.id, 'incompatible' FROM unit a, unit b" \
	" WHERE a.code = 'journee' AND b.code = 'matin';" \
	"INSERT INTO unit_relation SELECT a.id, b.id, 'linked' FROM unit a, unit b" \
	" WHERE a.code = 'matin' AND b.code = 'repas';" \
	"INSERT INTO period_closure SELECT id, date '2026-12-23', 'Vacances de Noël'" \
	" FROM period WHERE code = 'mercredis-2026'"

/* A printf format: COUNT children of family FAMILY named FIRST (FIRST1,
 * FIRST2... when COUNT > 1) Lambert, each with a validated enrolment in
 * elementaires of mercredis-2026 from 2026-09-02, the enrolments made in
 * the children's order. Arguments: (long long) FAMILY, FIRST, (int)
 * COUNT, (int) COUNT, (long long) FAMILY. */
#define TEST_ENROLLED_SQL_FORMAT \
	"WITH c AS (INSERT INTO child (family_id, first_name, last_name, birth_date," \
	"                              school_level, created_at, updated_at)" \
	"           SELECT %lld, '%s' || CASE WHEN %d = 1 THEN '' ELSE n::text END, 'Lambert'," \
	"                  date '2019-09-15', 'CP', now(), now()" \
	"             FROM generate_series(1, %d) n RETURNING id)" \
	" INSERT INTO enrolment (family_id, child_id, period_id, group_id, first_day, last_day," \
	"                        status, created_at, updated_at)" \
	" SELECT %lld, c.id, p.id, g.id, date '2026-09-02', date '2027-07-03', 'validated'," \
	"        now(), now()" \
	"   FROM c, period p JOIN period_group g ON g.period_id = p.id" \
	"  WHERE p.code = 'mercredis-2026' AND g.code = 'elementaires' ORDER BY c.id"

#include <stdint.h>

/* Run TEST_ENROLLED_SQL_FORMAT on the database of @p conninfo (fails the
 * running Check test on error): the first enrolment's id (the others
 * follow). */
int64_t test_enrolled(const char *conninfo, int64_t family, const char *first, int count);

#endif
