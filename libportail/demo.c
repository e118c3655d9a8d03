/*
 * demo.c — the demonstration data set: the Lambert family of the fictional
 * town of Valmont-sur-Loire, and generated families in any number for load
 * tests (ptl_demo_generate: a few set-based statements, one shared password
 * hash, so that 10,000 families take seconds). The town's catalogue for the
 * school year 2026/2027 is the catalogue file demo-catalogue.json, compiled
 * in. Léa is enrolled (validated) in the demo catalogue's Mercredis, so
 * that the demo parent has days to book. Every name and address here is
 * invented.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/auth.h>
#include <portail/catalogue.h>
#include <portail/demo.h>
#include <portail/enrolment.h>
#include <portail/error.h>
#include <portail/family.h>
#include <portail/structure.h>

#include "db-internal.h"
#include "error-internal.h"
#include "password.h"
#include "validate.h"

/* The town's service, whose details the pages show (set once: a manager's
 * own details are never overwritten). */
static int load_structure(ptl_db *db)
{
	ptl_structure_options o = PTL_STRUCTURE_OPTIONS_INIT;
	ptl_structure *s = NULL;
	int rc = ptl_structure_get(&s, db);
	bool set = rc == PTL_OK && s->values[PTL_STRUCTURE_NAME][0] != '\0';

	ptl_structure_free(s);
	if (rc != PTL_OK || set)
		return rc;
	o.values[PTL_STRUCTURE_NAME] = "Service enfance-jeunesse de Valmont-sur-Loire";
	o.values[PTL_STRUCTURE_ADDRESS] = "Mairie, 1 place de la République";
	o.values[PTL_STRUCTURE_POSTCODE] = "45190";
	o.values[PTL_STRUCTURE_CITY] = "Valmont-sur-Loire";
	o.values[PTL_STRUCTURE_PHONE] = "02 38 44 12 30";
	o.values[PTL_STRUCTURE_EMAIL] = "enfance-jeunesse@mairie-valmont.fr";
	o.values[PTL_STRUCTURE_OPENING_HOURS] =
		"Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30.\n"
		"Le samedi, de 9 h à 12 h (hors vacances scolaires).";
	o.values[PTL_STRUCTURE_PUBLICATION_DIRECTOR] = "Le maire de Valmont-sur-Loire";
	o.values[PTL_STRUCTURE_HOST] =
		"Mairie de Valmont-sur-Loire (serveurs de la commune), 1 place de la République, "
		"45190 Valmont-sur-Loire";
	return ptl_structure_set(NULL, db, &o);
}

/* The text of demo-catalogue.json (generated demo-catalogue.c). */
extern const char ptl__demo_catalogue[];

/* The town's catalogue, when there is none yet (a manager's own catalogue
 * is never replaced). */
static int load_catalogue(ptl_db *db)
{
	ptl_catalogue *c = NULL;
	int rc = ptl_catalogue_get(&c, db);
	bool empty = rc == PTL_OK && c->facility_count == 0;

	ptl_catalogue_free(c);
	if (rc != PTL_OK || !empty)
		return rc;
	return ptl_catalogue_import(NULL, db, ptl__demo_catalogue, NULL);
}

/* Léa's Wednesdays of the demo season, validated by the service, so that
 * the demo parent finds days to book in Mes réservations. Once the demo
 * catalogue's enrolment window has closed (a demo loaded after June 2027),
 * or in a manager's own catalogue without that period, the enrolment is
 * refused as invalid: the demo family then simply has none. */
static int enrol_lea(ptl_db *db, int64_t family_id, int64_t child_id)
{
	ptl_enrolment_new_options o = PTL_ENROLMENT_NEW_OPTIONS_INIT;
	ptl_enrolment *e = NULL;
	ptl_guardian *g = NULL;
	int rc = ptl_guardian_get_by_email(&g, db, PTL_DEMO_EMAIL);

	if (rc != PTL_OK)
		return rc;
	o.period = "alsh-mercredis-2026-2027";
	o.group = "elementaires";
	o.first_day = "2026-09-02";
	o.last_day = "2027-06-30";
	o.accept_rules = "2026-1";
	rc = ptl_enrolment_submit(&e, NULL, db, family_id, g->id, child_id, &o);
	ptl_guardian_free(g);
	if (rc == PTL_EINVALID)
		return PTL_OK;
	if (rc == PTL_OK)
		rc = ptl_enrolment_validate(db, e->id, "demo", false);
	ptl_enrolment_free(e);
	return rc;
}

int ptl_demo_load(int *created_out, ptl_db *db)
{
	ptl_family_options family = PTL_FAMILY_OPTIONS_INIT;
	ptl_child_options lea = PTL_CHILD_OPTIONS_INIT, hugo = PTL_CHILD_OPTIONS_INIT;
	ptl_guardian *existing = NULL;
	int64_t family_id, lea_id;
	int rc;

	if (created_out)
		*created_out = 0;
	if ((rc = load_structure(db)) != PTL_OK || (rc = load_catalogue(db)) != PTL_OK)
		return rc;
	rc = ptl_guardian_get_by_email(&existing, db, PTL_DEMO_EMAIL);
	ptl_guardian_free(existing);
	if (rc == PTL_OK)
		return PTL_OK;
	if (rc != PTL_ENOTFOUND)
		return rc;

	family.family_name = "Lambert";
	family.first_name = "Camille";
	family.last_name = "Lambert";
	family.email = PTL_DEMO_EMAIL;
	family.phone = "06 12 34 56 78";
	family.address = "12 rue des Tilleuls";
	family.postcode = "45190";
	family.city = "Valmont-sur-Loire";
	lea.first_name = "Léa";
	lea.last_name = "Lambert";
	lea.birth_date = "2017-03-14";
	lea.school_level = "CM1";
	hugo.first_name = "Hugo";
	hugo.last_name = "Lambert";
	hugo.birth_date = "2020-09-02";
	hugo.school_level = "CP";

	if ((rc = ptl_family_create(&family_id, NULL, db, &family)) != PTL_OK ||
	    (rc = ptl_account_set_password(db, PTL_DEMO_EMAIL, PTL_DEMO_PASSWORD)) != PTL_OK ||
	    (rc = ptl_child_create(&lea_id, db, family_id, &lea)) != PTL_OK ||
	    (rc = ptl_child_create(NULL, db, family_id, &hugo)) != PTL_OK ||
	    (rc = enrol_lea(db, family_id, lea_id)) != PTL_OK)
		return rc;
	if (created_out)
		*created_out = 1;
	return PTL_OK;
}

/* --- generated families -------------------------------------------------- */

#define MAX_GENERATED 1000000

struct generation {
	int64_t count;
	const char *hash;
	ptl_demo_generated result;
};

/* $1 the first family id, $2 the last, $3 the clock. */
static const char *const generation_steps[] = {
	/* One guardian per family, with an active, confirmed login. */
	"WITH g AS ("
	"  INSERT INTO guardian (family_id, first_name, last_name, email, phone, mobile_phone,"
	"                        address, postcode, city, created_at, updated_at)"
	"  SELECT f.id, (ARRAY['Camille','Julien','Sarah','Thomas','Inès','Nicolas','Chloé',"
	"                      'Karim','Manon','Antoine','Aïcha','Pierre','Laura','Mehdi',"
	"                      'Émilie','Hugo'])[1 + f.id % 16],"
	"         f.name, 'famille-' || f.id || '@demo.example.org',"
	"         '02' || lpad((f.id % 100000000)::text, 8, '0'),"
	"         '06' || lpad(((f.id * 7919) % 100000000)::text, 8, '0'),"
	"         (1 + f.id % 140) || ' rue des Tilleuls', '45190', 'Valmont-sur-Loire',"
	"         to_timestamp($3::bigint), to_timestamp($3::bigint)"
	"    FROM family f WHERE f.id BETWEEN $1 AND $2 RETURNING id)"
	" INSERT INTO account (guardian_id, password_hash, active, email_confirmed_at,"
	"                      created_at, updated_at)"
	" SELECT g.id, $4, true, to_timestamp($3::bigint), to_timestamp($3::bigint),"
	"        to_timestamp($3::bigint) FROM g",
	/* Two children per family. */
	"INSERT INTO child (family_id, first_name, last_name, birth_date, sex, school,"
	"                   school_level, allergies, created_at, updated_at)"
	" SELECT f.id, (ARRAY['Léa','Hugo','Jade','Louis','Emma','Gabriel','Alice','Adam',"
	"                     'Lina','Raphaël','Rose','Nathan','Mila','Noé','Zoé','Malo'])"
	"               [1 + (f.id * 2 + k) % 16],"
	"        f.name, date '2013-09-01' + ((f.id * 7919 + k * 1543) % 4000)::int,"
	"        CASE WHEN (f.id + k) % 2 = 0 THEN 'F' ELSE 'M' END,"
	"        'École Jules-Ferry',"
	"        (ARRAY['PS','MS','GS','CP','CE1','CE2','CM1','CM2'])[1 + (f.id + k) % 8],"
	"        CASE WHEN f.id % 9 = 0 THEN 'Arachides (PAI)' ELSE '' END,"
	"        to_timestamp($3::bigint), to_timestamp($3::bigint)"
	"   FROM family f, generate_series(1, 2) k WHERE f.id BETWEEN $1 AND $2",
	/* Three requests per family: a contact change applied, an edit of the
	 * first child pending, the second child's addition accepted. */
	"WITH c AS ("
	"  SELECT c.*, g.id AS guardian_id, g.first_name AS g_first, g.last_name AS g_last,"
	"         to_jsonb(c) - 'id' - 'family_id' - 'created_at' - 'updated_at' AS details,"
	"         row_number() OVER (PARTITION BY c.family_id ORDER BY c.id) AS rank"
	"    FROM child c JOIN guardian g ON g.family_id = c.family_id"
	"   WHERE c.family_id BETWEEN $1 AND $2)"
	" INSERT INTO request (family_id, kind, status, summary, before, after, guardian_id,"
	"                      target_id, created_at, processed_at, processed_by)"
	" SELECT family_id, 'contact_change', 'applied',"
	"        'Modification des coordonnées de ' || g_first || ' ' || g_last,"
	"        jsonb_build_object('city', 'Orléans'), jsonb_build_object('city', 'Valmont-sur-Loire'),"
	"        guardian_id, guardian_id, to_timestamp($3::bigint - 40 * 86400), NULL::timestamptz, ''"
	"   FROM c WHERE rank = 1"
	" UNION ALL"
	" SELECT family_id, 'child_edit', 'pending',"
	"        'Modification de la fiche de ' || first_name || ' ' || last_name,"
	"        details, details || jsonb_build_object('diet', 'Sans porc'),"
	"        guardian_id, id, to_timestamp($3::bigint - 2 * 86400), NULL, ''"
	"   FROM c WHERE rank = 1"
	" UNION ALL"
	" SELECT family_id, 'child_add', 'accepted',"
	"        'Ajout de l’enfant ' || first_name || ' ' || last_name, '{}', details,"
	"        guardian_id, id, to_timestamp($3::bigint - 30 * 86400),"
	"        to_timestamp($3::bigint - 29 * 86400), 'Service enfance'"
	"   FROM c WHERE rank = 2",
};

static int generate(ptl_db *db, void *ctx)
{
	struct generation *gen = ctx;
	struct ptl__num count = ptl__num(gen->count), now = ptl__num(ptl_clock_now());
	const char *params[] = { count.s, now.s };
	PGresult *res = ptl__db_query(db,
		"WITH f AS ("
		"  INSERT INTO family (name, created_at, updated_at)"
		"  SELECT (ARRAY['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit',"
		"                'Durand','Leroy','Moreau','Simon','Laurent','Lefebvre','Michel',"
		"                'Garcia','David','Bertrand','Roux','Vincent','Fournier'])[1 + n % 20],"
		"         to_timestamp($2::bigint), to_timestamp($2::bigint)"
		"    FROM generate_series(1, $1::bigint) n RETURNING id)"
		" SELECT min(id) AS first_id, max(id) AS last_id FROM f", 2, params);
	int rc = PTL_OK;

	if (!res)
		return ptl_error_last()->code;
	gen->result.first_family_id = ptl__db_get_int64(res, 0, "first_id");
	gen->result.last_family_id = ptl__db_get_int64(res, 0, "last_id");
	PQclear(res);

	struct ptl__num first = ptl__num(gen->result.first_family_id),
	                last = ptl__num(gen->result.last_family_id);
	const char *step_params[] = { first.s, last.s, now.s, gen->hash };
	int64_t rows[3] = { 0 };

	for (size_t i = 0; rc == PTL_OK && i < 3; i++) {
		res = ptl__db_query(db, generation_steps[i], i == 0 ? 4 : 3, step_params);
		if (!res)
			return ptl_error_last()->code;
		rows[i] = strtoll(PQcmdTuples(res), NULL, 10);
		PQclear(res);
	}
	gen->result.families = gen->count;
	gen->result.children = rows[1];
	gen->result.requests = rows[2];
	return rc;
}

int ptl_demo_generate(ptl_demo_generated *out, ptl_db *db, int64_t families,
                      const char *password)
{
	struct generation gen = { .count = families };
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if (out)
		memset(out, 0, sizeof(*out));
	if (families < 1 || families > MAX_GENERATED)
		return ptl__error_set(PTL_EINVALID, "families", NULL,
		                      "the number of families goes from 1 to %d", MAX_GENERATED);
	if ((rc = ptl__check_password("password", password)) != PTL_OK ||
	    (rc = ptl__password_hash(hash, password)) != PTL_OK)
		return rc;
	gen.hash = hash;
	rc = ptl__db_transaction(db, generate, &gen);
	/* Fresh statistics, so that the planner sees the new size at once. */
	if (rc == PTL_OK)
		rc = ptl__db_exec(db, "ANALYZE family, guardian, account, child, request", 0, NULL);
	if (rc == PTL_OK)
		rc = load_catalogue(db);
	if (rc == PTL_OK && out)
		*out = gen.result;
	return rc;
}
