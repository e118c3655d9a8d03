/*
 * catalogue-read.c — the whole catalogue read back in one statement: the
 * database builds the tree in the shape of the catalogue file, each object
 * with its id, and the file's reader (catalogue-parse.c) turns it into the
 * tree of portail/catalogue.h. Every level comes in its file order
 * (position, then id; capacity counters, which keep no position, by id).
 * An incompatible pair is listed once, on its lower unit; the reader lists
 * it on both.
 */
#include <stdio.h>
#include <stdlib.h>

#include <portail/catalogue.h>
#include <portail/error.h>

#include "catalogue-internal.h"
#include "db-internal.h"
#include "error-internal.h"

#define UNIT_CODES(relation) \
	"(SELECT json_agg(o.code ORDER BY o.position, o.id) FROM unit_relation r" \
	"  JOIN unit o ON o.id = r.other_unit_id" \
	"  WHERE r.unit_id = u.id AND r.relation = '" relation "')"

static const char tree_sql[] =
	"SELECT json_build_object('format', 1, 'facilities', coalesce((SELECT json_agg("
	" json_build_object('id', f.id, 'code', f.code, 'name', f.name, 'activity_types',"
	" coalesce((SELECT json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name,"
	"  'category', t.category, 'activities', coalesce((SELECT json_agg(json_build_object("
	"   'id', a.id, 'code', a.code, 'name', a.name, 'description', a.description,"
	"   'asks_comment', a.asks_comment,"
	"   'rules', CASE WHEN a.rules_title <> '' THEN json_build_object('title', a.rules_title,"
	"            'version', a.rules_version, 'url', a.rules_url) END,"
	"   'documents', coalesce((SELECT json_agg(json_build_object('type', d.document_type,"
	"     'label', d.label, 'validity_months', d.validity_months)"
	"     ORDER BY d.position, d.document_type)"
	"     FROM activity_document d WHERE d.activity_id = a.id), '[]'),"
	"   'booking_blocked_if_missing', a.booking_blocked_if_missing,"
	"   'periods', coalesce((SELECT json_agg(json_build_object("
	"    'id', p.id, 'code', p.code, 'label', p.label, 'first_day', p.first_day,"
	"    'last_day', p.last_day,"
	"    'opening_weekdays', (SELECT json_agg(w.name ORDER BY w.n) FROM unnest(ARRAY['monday',"
	"      'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])"
	"      WITH ORDINALITY AS w(name, n) WHERE p.opening_weekdays & (1 << (w.n - 1)::int) <> 0),"
	"    'closures', coalesce((SELECT json_agg(json_build_object('day', c.day, 'reason', c.reason)"
	"      ORDER BY c.day) FROM period_closure c WHERE c.period_id = p.id), '[]'),"
	"    'enrolment', json_build_object('opens', p.enrolment_opens, 'closes', p.enrolment_closes),"
	"    'capacity_counters', coalesce((SELECT json_agg(json_build_object('id', k.id,"
	"      'code', k.code, 'label', k.label, 'capacity', k.capacity) ORDER BY k.id)"
	"      FROM capacity_counter k WHERE k.period_id = p.id), '[]'),"
	"    'units', coalesce((SELECT json_agg(json_build_object('id', u.id, 'code', u.code,"
	"      'label', u.label, 'starts_at', to_char(u.starts_at, 'HH24:MI'),"
	"      'ends_at', to_char(u.ends_at, 'HH24:MI'),"
	"      'counter', (SELECT k.code FROM capacity_counter k WHERE k.id = u.counter_id),"
	"      'depends_on', (SELECT o.code FROM unit o WHERE o.id = u.depends_on),"
	"      'incompatible_with', " UNIT_CODES("incompatible") ","
	"      'linked', " UNIT_CODES("linked") ")"
	"      ORDER BY u.position, u.id) FROM unit u WHERE u.period_id = p.id), '[]'),"
	"    'reservation_rules', p.reservation_rules,"
	"    'groups', coalesce((SELECT json_agg(json_build_object('id', g.id, 'code', g.code,"
	"      'label', g.label, 'capacity', g.capacity, 'min_age_months', g.min_age_months,"
	"      'max_age_months', g.max_age_months, 'age_reference_day', g.age_reference_day,"
	"      'school_levels', to_json(g.school_levels)) ORDER BY g.position, g.id)"
	"      FROM period_group g WHERE g.period_id = p.id), '[]'))"
	"    ORDER BY p.position, p.id) FROM period p WHERE p.activity_id = a.id), '[]'))"
	"   ORDER BY a.position, a.id) FROM activity a WHERE a.activity_type_id = t.id), '[]'))"
	"  ORDER BY t.position, t.id) FROM activity_type t WHERE t.facility_id = f.id), '[]'))"
	" ORDER BY f.position, f.id) FROM facility f), '[]'))::text AS tree";

int ptl_catalogue_get(ptl_catalogue **out, ptl_db *db)
{
	PGresult *res;
	json_t *root;
	int rc;

	*out = NULL;
	if (!(res = ptl__db_query_prepared(db, tree_sql, 0, NULL)))
		return ptl_error_last()->code;
	root = json_loads(ptl__db_get(res, 0, "tree"), 0, NULL);
	PQclear(res);
	if (!root)
		return ptl__error_set(PTL_ERROR, NULL, NULL, "the catalogue tree is not JSON");
	rc = ptl__catalogue_from_json(out, root, true);
	json_decref(root);
	if (rc == PTL_EINVALID) {
		char why[512];

		snprintf(why, sizeof(why), "%s", ptl_error_last()->message);
		rc = ptl__error_set(PTL_ERROR, NULL, NULL, "the catalogue in the database is not valid: %s",
		                    why);
	}
	return rc;
}
