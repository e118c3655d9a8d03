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

#endif
