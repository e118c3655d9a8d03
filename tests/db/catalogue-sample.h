/*
 * catalogue-sample.h — a small catalogue file for the tests: the example of
 * the format (README.md, "The catalogue file"), Mercredis with its four
 * units and their relations, and a crèche.
 */
#ifndef PORTAIL_TEST_CATALOGUE_SAMPLE_H
#define PORTAIL_TEST_CATALOGUE_SAMPLE_H

#define SAMPLE_CATALOGUE \
"{ \"format\": 1,\n" \
"  \"facilities\": [\n" \
"    { \"code\": \"service-jeunesse\", \"name\": \"Service Jeunesse\",\n" \
"      \"activity_types\": [\n" \
"        { \"code\": \"centre-de-loisirs\", \"name\": \"Centre de Loisirs\", \"category\": \"loisirs\",\n" \
"          \"activities\": [\n" \
"            { \"code\": \"mercredis\", \"name\": \"Mercredis\", \"description\": \"\",\n" \
"              \"asks_comment\": false,\n" \
"              \"rules\": { \"title\": \"Règlement intérieur des accueils de loisirs\",\n" \
"                         \"version\": \"2026-1\", \"url\": \"\" },\n" \
"              \"documents\": [\n" \
"                { \"type\": \"vaccinations\", \"label\": \"Carnet de vaccination à jour\",\n" \
"                  \"validity_months\": 12 },\n" \
"                { \"type\": \"assurance\", \"label\": \"Attestation d’assurance extrascolaire\",\n" \
"                  \"validity_months\": 12 } ],\n" \
"              \"booking_blocked_if_missing\": true,\n" \
"              \"periods\": [\n" \
"                { \"code\": \"alsh-mercredis-2026-2027\", \"label\": \"ALSH Mercredis 2026/2027\",\n" \
"                  \"first_day\": \"2026-09-02\", \"last_day\": \"2027-07-03\",\n" \
"                  \"opening_weekdays\": [\"wednesday\"],\n" \
"                  \"closures\": [ { \"from\": \"2026-12-23\", \"to\": \"2027-01-01\",\n" \
"                                  \"reason\": \"Vacances de Noël\" } ],\n" \
"                  \"enrolment\": { \"opens\": \"2026-06-01\", \"closes\": \"2027-06-30\" },\n" \
"                  \"capacity_counters\": [ { \"code\": \"places\", \"label\": \"Places\",\n" \
"                                           \"capacity\": 60 } ],\n" \
"                  \"units\": [\n" \
"                    { \"code\": \"journee\", \"label\": \"Journée\", \"starts_at\": \"08:30\",\n" \
"                      \"ends_at\": \"17:30\", \"counter\": \"places\" },\n" \
"                    { \"code\": \"matin\", \"label\": \"Matin\", \"starts_at\": \"08:30\",\n" \
"                      \"ends_at\": \"12:00\", \"counter\": \"places\",\n" \
"                      \"incompatible_with\": [\"journee\"] },\n" \
"                    { \"code\": \"repas\", \"label\": \"Repas\", \"depends_on\": \"matin\" },\n" \
"                    { \"code\": \"apres-midi\", \"label\": \"Après-midi\", \"linked\": [\"repas\"] } ],\n" \
"                  \"reservation_rules\": { },\n" \
"                  \"groups\": [\n" \
"                    { \"code\": \"maternelle\", \"label\": \"Maternelle\", \"capacity\": 24,\n" \
"                      \"min_age_months\": 36, \"max_age_months\": 72,\n" \
"                      \"age_reference_day\": \"2026-12-31\",\n" \
"                      \"school_levels\": [\"PS\", \"MS\", \"GS\"] },\n" \
"                    { \"code\": \"elementaires\", \"label\": \"Élémentaires +6 ans\",\n" \
"                      \"capacity\": 36, \"school_levels\": [\"CP\",\"CE1\",\"CE2\",\"CM1\",\"CM2\"] } ] } ] } ] } ] },\n" \
"    { \"code\": \"petite-enfance\", \"name\": \"Petite enfance\",\n" \
"      \"activity_types\": [\n" \
"        { \"code\": \"creches\", \"name\": \"Crèches\", \"category\": \"petite_enfance\",\n" \
"          \"activities\": [\n" \
"            { \"code\": \"creche-les-lutins\", \"name\": \"Crèche Les Lutins\",\n" \
"              \"periods\": [\n" \
"                { \"code\": \"lutins-2026-2027\", \"label\": \"Les Lutins 2026/2027\",\n" \
"                  \"first_day\": \"2026-09-01\", \"last_day\": \"2027-07-30\",\n" \
"                  \"opening_weekdays\": [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \"friday\"],\n" \
"                  \"enrolment\": { \"opens\": \"2026-01-05\", \"closes\": \"2027-06-30\" },\n" \
"                  \"reservation_rules\": { \"booking\": { \"notice\": \"D-2 12:00\" } },\n" \
"                  \"units\": [ { \"code\": \"journee\", \"label\": \"Journée\" } ],\n" \
"                  \"groups\": [ { \"code\": \"bebes\", \"label\": \"Bébés\", \"capacity\": 12,\n" \
"                                \"max_age_months\": 18 } ] } ] } ] } ] } ] }\n"

#endif
