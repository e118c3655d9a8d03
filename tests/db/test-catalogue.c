/*
 * test-catalogue.c — the catalogue file against the real database: a first
 * import creates every level, the same file again changes nothing (and
 * exports the same text), a changed file updates rows in place (their ids
 * stay) and deletes what it no longer names, a dry run writes nothing, and
 * a bad file is refused whole with the JSON path of the problem.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalogue-sample.h"
#include "common.h"

static const char empty_catalogue[] = "{\"format\": 1, \"facilities\": []}";

/* Import @p text, expect PTL_OK, return the result. */
static ptl_catalogue_import_result *import(const char *text, bool dry_run)
{
	ptl_catalogue_import_options o = PTL_CATALOGUE_IMPORT_OPTIONS_INIT;
	ptl_catalogue_import_result *r = NULL;

	o.dry_run = dry_run;
	ck_assert_status(ptl_catalogue_import(&r, test_db, text, &o), PTL_OK);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void start_empty(void)
{
	ptl_catalogue_import_result_free(import(empty_catalogue, false));
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM facility"), 0);
}

static char *export_now(void)
{
	ptl_catalogue *c = NULL;
	char *text = NULL;

	ck_assert_status(ptl_catalogue_get(&c, test_db), PTL_OK);
	ck_assert_status(ptl_catalogue_export(&text, c, NULL), PTL_OK);
	ptl_catalogue_free(c);
	return text;
}

static void assert_changes(const ptl_catalogue_import_result *r, ptl_catalogue_level level,
                           long created, long updated, long unchanged, long deleted)
{
	const ptl_catalogue_changes *c = &r->levels[level];

	ck_assert_msg(c->created == created && c->updated == updated &&
	              c->unchanged == unchanged && c->deleted == deleted,
	              "%s: created %lld updated %lld unchanged %lld deleted %lld, expected %ld %ld %ld %ld",
	              ptl_catalogue_level_name(level), (long long)c->created, (long long)c->updated,
	              (long long)c->unchanged, (long long)c->deleted, created, updated, unchanged,
	              deleted);
}

/* The sample changed: member @p path ("a/0/b", array indexes as numbers)
 * set to the JSON value @p value, or removed when @p value is NULL. */
static char *sample_with(const char *path, const char *value)
{
	json_t *root = json_loads(SAMPLE_CATALOGUE, 0, NULL), *at = root;
	char copy[300], *save = NULL, *part, *next;
	char *text;

	ck_assert_ptr_nonnull(root);
	snprintf(copy, sizeof(copy), "%s", path);
	part = strtok_r(copy, "/", &save);
	while ((next = strtok_r(NULL, "/", &save))) {
		at = json_is_array(at) ? json_array_get(at, strtoul(part, NULL, 10))
		                       : json_object_get(at, part);
		ck_assert_msg(at != NULL, "no %s in the sample", path);
		part = next;
	}
	if (json_is_array(at) && !value)
		json_array_remove(at, strtoul(part, NULL, 10));
	else if (json_is_array(at))
		json_array_set_new(at, strtoul(part, NULL, 10), json_loads(value, JSON_DECODE_ANY, NULL));
	else if (!value)
		json_object_del(at, part);
	else
		json_object_set_new(at, part, json_loads(value, JSON_DECODE_ANY, NULL));
	text = json_dumps(root, 0);
	json_decref(root);
	return text;
}

/* The Mercredis period of the sample read with jansson (borrowed). */
static json_t *mercredis_period(json_t *root)
{
	json_t *at = json_array_get(json_object_get(root, "facilities"), 0);

	at = json_array_get(json_object_get(at, "activity_types"), 0);
	at = json_array_get(json_object_get(at, "activities"), 0);
	return json_array_get(json_object_get(at, "periods"), 0);
}

#define MERCREDIS "facilities/0/activity_types/0/activities/0/"
#define PERIOD MERCREDIS "periods/0/"
#define PERIOD_PATH "facilities[0].activity_types[0].activities[0].periods[0]."

START_TEST(test_catalogue_first_import_creates_every_level)
{
	ptl_catalogue_import_result *r;

	start_empty();
	r = import(SAMPLE_CATALOGUE, false);
	ck_assert(!r->dry_run);
	assert_changes(r, PTL_LEVEL_FACILITY, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_ACTIVITY_TYPE, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_ACTIVITY, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_DOCUMENT, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_PERIOD, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_CLOSURE, 10, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_COUNTER, 1, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_UNIT, 5, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_RELATION, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_GROUP, 3, 0, 0, 0);
	ptl_catalogue_import_result_free(r);

	/* As the schema stores it. */
	ck_assert_int_eq(test_scalar("SELECT opening_weekdays FROM period"
	                             " WHERE code = 'lutins-2026-2027'"), 31);
	ck_assert_int_eq(test_scalar("SELECT opening_weekdays FROM period"
	                             " WHERE code = 'alsh-mercredis-2026-2027'"), 4);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period_closure"
	                             " WHERE day BETWEEN '2026-12-23' AND '2027-01-01'"), 10);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit u JOIN unit m ON m.id = u.depends_on"
	                             " WHERE u.code = 'repas' AND m.code = 'matin'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit_relation r"
	                             " JOIN unit a ON a.id = r.unit_id JOIN unit b ON b.id = r.other_unit_id"
	                             " WHERE r.relation = 'incompatible'"
	                             " AND a.code = 'journee' AND b.code = 'matin'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit_relation r"
	                             " JOIN unit a ON a.id = r.unit_id JOIN unit b ON b.id = r.other_unit_id"
	                             " WHERE r.relation = 'linked'"
	                             " AND a.code = 'apres-midi' AND b.code = 'repas'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit u JOIN capacity_counter c"
	                             " ON c.id = u.counter_id WHERE c.code = 'places'"), 2);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period_group WHERE code = 'maternelle'"
	                             " AND school_levels = '{PS,MS,GS}' AND min_age_months = 36"
	                             " AND age_reference_day = '2026-12-31'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period"
	                             " WHERE reservation_rules = '{\"booking\": {\"notice\": \"D-2 12:00\"}}'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM activity WHERE code = 'mercredis'"
	                             " AND rules_version = '2026-1' AND booking_blocked_if_missing"), 1);
}
END_TEST

START_TEST(test_catalogue_same_file_twice_changes_nothing)
{
	ptl_catalogue_import_result *r;
	char *before, *after;

	start_empty();
	ptl_catalogue_import_result_free(import(SAMPLE_CATALOGUE, false));
	before = export_now();
	r = import(SAMPLE_CATALOGUE, false);
	for (int l = 0; l < PTL_LEVEL_COUNT; l++) {
		ck_assert_msg(r->levels[l].created == 0 && r->levels[l].updated == 0 &&
		              r->levels[l].deleted == 0, "%s changed", ptl_catalogue_level_name(l));
		ck_assert_int_gt(r->levels[l].unchanged, 0);
	}
	ptl_catalogue_import_result_free(r);
	after = export_now();
	ck_assert_str_eq(before, after);

	/* The export imports back to no change, and exports the same. */
	r = import(after, false);
	for (int l = 0; l < PTL_LEVEL_COUNT; l++)
		ck_assert_msg(r->levels[l].created == 0 && r->levels[l].updated == 0 &&
		              r->levels[l].deleted == 0, "%s changed by the export",
		              ptl_catalogue_level_name(l));
	ptl_catalogue_import_result_free(r);
	free(after);
	after = export_now();
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

START_TEST(test_catalogue_changed_file_updates_in_place)
{
	long long period_id, group_id, unit_id;
	ptl_catalogue_import_result *r;
	char *changed;

	start_empty();
	ptl_catalogue_import_result_free(import(SAMPLE_CATALOGUE, false));
	period_id = test_scalar("SELECT id FROM period WHERE code = 'alsh-mercredis-2026-2027'");
	group_id = test_scalar("SELECT id FROM period_group WHERE code = 'maternelle'");
	unit_id = test_scalar("SELECT id FROM unit WHERE code = 'repas'");

	/* The group's capacity grows, the period ends earlier, the meal now
	 * depends on the afternoon, and the crèche leaves the file. */
	changed = sample_with(PERIOD "groups/0/capacity", "30");
	{
		json_t *root = json_loads(changed, 0, NULL);
		json_t *period = mercredis_period(root);
		json_t *units = json_object_get(period, "units");

		json_object_set_new(period, "last_day", json_string("2027-07-02"));
		json_object_set_new(json_object_get(period, "enrolment"), "closes",
		                    json_string("2027-06-29"));
		json_object_set_new(json_array_get(units, 2), "depends_on", json_string("apres-midi"));
		json_object_set_new(json_array_get(units, 3), "linked", json_array());
		json_array_remove(json_object_get(root, "facilities"), 1);
		free(changed);
		changed = json_dumps(root, 0);
		json_decref(root);
	}
	r = import(changed, false);
	free(changed);
	assert_changes(r, PTL_LEVEL_FACILITY, 0, 0, 1, 1);
	assert_changes(r, PTL_LEVEL_ACTIVITY_TYPE, 0, 0, 1, 1);
	assert_changes(r, PTL_LEVEL_ACTIVITY, 0, 0, 1, 1);
	assert_changes(r, PTL_LEVEL_PERIOD, 0, 1, 0, 1);
	assert_changes(r, PTL_LEVEL_GROUP, 0, 1, 1, 1);
	/* repas (its parent) updated; the crèche's unit deleted. */
	assert_changes(r, PTL_LEVEL_UNIT, 0, 1, 3, 1);
	/* The link apres-midi -> repas is gone. */
	assert_changes(r, PTL_LEVEL_RELATION, 0, 0, 1, 1);
	ptl_catalogue_import_result_free(r);

	ck_assert_int_eq(test_scalar("SELECT id FROM period WHERE code = 'alsh-mercredis-2026-2027'"),
	                 period_id);
	ck_assert_int_eq(test_scalar("SELECT id FROM period_group WHERE code = 'maternelle'"), group_id);
	ck_assert_int_eq(test_scalar("SELECT id FROM unit WHERE code = 'repas'"), unit_id);
	ck_assert_int_eq(test_scalar("SELECT capacity FROM period_group WHERE code = 'maternelle'"), 30);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period WHERE last_day = '2027-07-02'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit u JOIN unit p ON p.id = u.depends_on"
	                             " WHERE u.code = 'repas' AND p.code = 'apres-midi'"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM facility"), 1);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit_relation"), 1);
}
END_TEST

START_TEST(test_catalogue_dry_run_writes_nothing)
{
	ptl_catalogue_import_result *r;

	start_empty();
	r = import(SAMPLE_CATALOGUE, true);
	ck_assert(r->dry_run);
	assert_changes(r, PTL_LEVEL_PERIOD, 2, 0, 0, 0);
	assert_changes(r, PTL_LEVEL_UNIT, 5, 0, 0, 0);
	ptl_catalogue_import_result_free(r);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM facility"), 0);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM unit"), 0);
}
END_TEST

/* A changed sample that must be refused with error field @p field. */
static const struct {
	const char *path;
	const char *value;   /* NULL: removed */
	const char *field;
	const char *says;    /* in the English message */
} bad_files[] = {
	{ "facilities/0/nmae", "\"x\"", "facilities[0].nmae", "unknown key" },
	{ "format", "2", "format", "must be 1" },
	{ "facilities/1/code", "\"service-jeunesse\"", "facilities[1].code", "used twice" },
	{ "facilities/0/code", "\"Service Jeunesse\"", "facilities[0].code", "not a code" },
	{ "facilities/0/name", "\"\"", "facilities[0].name", "from 1 to 200 characters" },
	{ "facilities/0/activity_types/0/category", "\"sport\"",
	  "facilities[0].activity_types[0].category", "not a category" },
	{ PERIOD "last_day", "\"2026-09-01\"", PERIOD_PATH "last_day", "before first_day" },
	{ PERIOD "first_day", "\"2026-02-30\"", PERIOD_PATH "first_day", "not a date" },
	{ PERIOD "opening_weekdays/0", "\"mercredi\"", PERIOD_PATH "opening_weekdays[0]",
	  "not a weekday" },
	{ PERIOD "opening_weekdays", "[]", PERIOD_PATH "opening_weekdays", "no weekday" },
	{ PERIOD "enrolment/closes", "\"2026-05-31\"", PERIOD_PATH "enrolment.closes", "before opens" },
	{ PERIOD "enrolment/closes", "\"2027-07-04\"", PERIOD_PATH "enrolment.closes",
	  "after the period's last_day" },
	{ PERIOD "enrolment", NULL, PERIOD_PATH "enrolment", "missing" },
	{ PERIOD "closures/0/to", "\"2026-12-22\"", PERIOD_PATH "closures[0].to", "before from" },
	{ PERIOD "closures/0/from", "\"2026-08-26\"", PERIOD_PATH "closures[0]",
	  "2026-08-26 is outside the period" },
	{ PERIOD "units/0/counter", "\"place\"", PERIOD_PATH "units[0].counter",
	  "no capacity counter \"place\"" },
	{ PERIOD "units/2/depends_on", "\"soir\"", PERIOD_PATH "units[2].depends_on",
	  "no unit \"soir\" in this period" },
	{ PERIOD "units/1/incompatible_with/0", "\"creche\"", PERIOD_PATH "units[1].incompatible_with[0]",
	  "no unit \"creche\"" },
	{ PERIOD "units/3/linked/0", "\"apres-midi\"", PERIOD_PATH "units[3].linked[0]",
	  "the unit itself" },
	{ PERIOD "units/1/code", "\"journee\"", PERIOD_PATH "units[1].code", "used twice here" },
	{ PERIOD "units/0/ends_at", "\"08:00\"", PERIOD_PATH "units[0].ends_at", "not after starts_at" },
	{ PERIOD "units/0/starts_at", "\"8h30\"", PERIOD_PATH "units[0].starts_at", "not a time" },
	{ PERIOD "groups/0/school_levels/1", "\"CM3\"", PERIOD_PATH "groups[0].school_levels[1]",
	  "not a school level" },
	{ PERIOD "groups/0/max_age_months", "30", PERIOD_PATH "groups[0].max_age_months",
	  "not above min_age_months" },
	{ PERIOD "groups/1/capacity", "-1", PERIOD_PATH "groups[1].capacity", "out of range" },
	{ PERIOD "reservation_rules", "[]", PERIOD_PATH "reservation_rules", "not an object" },
	{ PERIOD "reservation_rules/windw", "{}", PERIOD_PATH "reservation_rules.windw",
	  "unknown key" },
	{ PERIOD "reservation_rules/holidays", "\"alsace\"", PERIOD_PATH "reservation_rules.holidays",
	  "not \"national\" or \"alsace-moselle\"" },
	{ PERIOD "reservation_rules/booking", "{\"notice\": \"D-2 midi\"}",
	  PERIOD_PATH "reservation_rules.booking.notice", "not a notice rule" },
	{ PERIOD "reservation_rules/booking", "{\"allowed\": \"oui\"}",
	  PERIOD_PATH "reservation_rules.booking.allowed", "not true or false" },
	{ PERIOD "reservation_rules/booking", "{\"late\": \"billable\"}",
	  PERIOD_PATH "reservation_rules.booking.late", "unknown key" },
	{ PERIOD "reservation_rules/cancelling", "{\"late\": \"maybe\"}",
	  PERIOD_PATH "reservation_rules.cancelling.late", "not \"refused\" or \"billable\"" },
	{ PERIOD "reservation_rules/window", "{\"opens\": \"2026-06-31\"}",
	  PERIOD_PATH "reservation_rules.window.opens", "not a date" },
	{ PERIOD "reservation_rules/window",
	  "{\"opens\": \"2026-06-10\", \"residents_open\": \"2026-06-15\"}",
	  PERIOD_PATH "reservation_rules.window.residents_open", "after opens" },
	{ PERIOD "reservation_rules/window", "{\"residents_open\": \"2026-06-15\"}",
	  PERIOD_PATH "reservation_rules.window.residents_open", "without opens" },
	{ PERIOD "reservation_rules/debt_threshold_cents", "-5",
	  PERIOD_PATH "reservation_rules.debt_threshold_cents", "not a whole number" },
	{ PERIOD "reservation_rules/online_days", "\"weekends\"",
	  PERIOD_PATH "reservation_rules.online_days", "not \"all\", \"school\" or \"holidays\"" },
	{ PERIOD "reservation_rules/online_days", "\"school\"",
	  PERIOD_PATH "reservation_rules.online_days", "needs the zone's school_holidays" },
	{ PERIOD "reservation_rules/school_holidays", "{}",
	  PERIOD_PATH "reservation_rules.school_holidays", "not a list" },
	{ PERIOD "reservation_rules/school_holidays", "[{\"from\": \"2026-12-19\"}]",
	  PERIOD_PATH "reservation_rules.school_holidays[0].to", "missing" },
	{ PERIOD "reservation_rules/school_holidays",
	  "[{\"from\": \"2026-10-17\", \"to\": \"2026-11-01\"},"
	  " {\"from\": \"2026-12-19\", \"to\": \"2026-12-01\"}]",
	  PERIOD_PATH "reservation_rules.school_holidays[1].to", "before from" },
	{ PERIOD "reservation_rules/school_holidays", "[{\"from\": \"2026-12-32\", \"to\": \"x\"}]",
	  PERIOD_PATH "reservation_rules.school_holidays[0].from", "not a date" },
	{ MERCREDIS "documents/1/type", "\"vaccinations\"",
	  "facilities[0].activity_types[0].activities[0].documents[1].type", "listed twice" },
	{ MERCREDIS "rules/version", NULL,
	  "facilities[0].activity_types[0].activities[0].rules.version", "missing" },
	{ MERCREDIS "asks_comment", "\"non\"",
	  "facilities[0].activity_types[0].activities[0].asks_comment", "not true or false" },
};

START_TEST(test_catalogue_bad_file_refused_with_its_path)
{
	ptl_catalogue_import_result *r = (ptl_catalogue_import_result *)&r;
	char *text = sample_with(bad_files[_i].path, bad_files[_i].value);

	start_empty();
	ck_assert_status(ptl_catalogue_import(&r, test_db, text, NULL), PTL_EINVALID);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(ptl_error_last()->field, bad_files[_i].field);
	ck_assert_msg(strstr(ptl_error_last()->message, bad_files[_i].says) &&
	              strncmp(ptl_error_last()->message, bad_files[_i].field,
	                      strlen(bad_files[_i].field)) == 0,
	              "message: %s", ptl_error_last()->message);
	ck_assert_msg(strncmp(ptl_error_last()->message_fr, bad_files[_i].field,
	                      strlen(bad_files[_i].field)) == 0,
	              "French message: %s", ptl_error_last()->message_fr);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM facility"), 0);
	free(text);
}
END_TEST

START_TEST(test_catalogue_cycle_and_not_json)
{
	char *text = NULL;
	json_t *root = json_loads(SAMPLE_CATALOGUE, 0, NULL), *units;

	/* journee -> repas -> matin -> journee */
	units = json_object_get(mercredis_period(root), "units");
	json_object_set_new(json_array_get(units, 1), "depends_on", json_string("journee"));
	json_object_set_new(json_array_get(units, 0), "depends_on", json_string("repas"));
	text = json_dumps(root, 0);
	json_decref(root);
	ck_assert_status(ptl_catalogue_import(NULL, test_db, text, NULL), PTL_EINVALID);
	ck_assert_str_eq(ptl_error_last()->field, PERIOD_PATH "units[0].depends_on");
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "cycle"));
	free(text);

	ck_assert_status(ptl_catalogue_import(NULL, test_db, "{\"format\": 1,", NULL), PTL_EINVALID);
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message, "not valid JSON"));
}
END_TEST

START_TEST(test_catalogue_tree_as_read)
{
	ptl_catalogue *c = NULL;
	const ptl_catalogue_period *pd;

	start_empty();
	ptl_catalogue_import_result_free(import(SAMPLE_CATALOGUE, false));
	ck_assert_status(ptl_catalogue_get(&c, test_db), PTL_OK);
	ck_assert_int_eq(c->facility_count, 2);
	ck_assert_str_eq(c->facilities[1].activity_types[0].code, "creches");
	ck_assert_int_eq(c->facilities[1].activity_types[0].category, PTL_CATEGORY_PETITE_ENFANCE);
	pd = &c->facilities[0].activity_types[0].activities[0].periods[0];
	ck_assert_int_gt(pd->id, 0);
	ck_assert_int_eq(pd->opening_weekdays, 1u << 2);
	ck_assert_int_eq(pd->closure_count, 10);
	ck_assert_str_eq(pd->closures[0].reason, "Vacances de Noël");
	ck_assert_int_eq(pd->unit_count, 4);
	/* journee and matin incompatible both ways; repas follows matin;
	 * apres-midi books repas. */
	ck_assert_int_eq(pd->units[0].incompatible_count, 1);
	ck_assert_int_eq(pd->units[0].incompatible[0], 1);
	ck_assert_int_eq(pd->units[1].incompatible[0], 0);
	ck_assert_int_eq(pd->units[2].depends_on, 1);
	ck_assert_int_eq(pd->units[3].linked_count, 1);
	ck_assert_int_eq(pd->units[3].linked[0], 2);
	ck_assert_int_eq(pd->units[0].counter, 0);
	ck_assert_int_eq(pd->units[0].starts_at, 8 * 60 + 30);
	ck_assert_int_eq(pd->units[2].starts_at, -1);
	ck_assert_int_eq(pd->groups[0].min_age_months, 36);
	ck_assert_int_eq(pd->groups[1].min_age_months, -1);
	ck_assert_int_eq(pd->groups[1].school_level_count, 5);
	ck_assert_str_eq(c->facilities[0].activity_types[0].activities[0].rules_version, "2026-1");
	ck_assert_int_eq(c->facilities[0].activity_types[0].activities[0].documents[0].validity_months, 12);
	ptl_catalogue_free(c);
	ptl_catalogue_free(NULL);
	ptl_catalogue_import_result_free(NULL);
}
END_TEST

/* Run @p sql on the test database directly (set-up of a test). */
START_TEST(test_catalogue_refuses_to_delete_what_is_referenced)
{
	char *text;

	/* Something that refers to a group with ON DELETE RESTRICT, as the
	 * enrolments do. */
	start_empty();
	ptl_catalogue_import_result_free(import(SAMPLE_CATALOGUE, false));
	test_exec("CREATE TABLE test_booking (group_id bigint NOT NULL"
	         " REFERENCES period_group (id) ON DELETE RESTRICT);"
	         "INSERT INTO test_booking SELECT id FROM period_group WHERE code = 'maternelle'");

	/* The file drops the group (and changes the other's capacity). */
	text = sample_with(PERIOD "groups/0", NULL);
	{
		json_t *root = json_loads(text, 0, NULL);

		json_object_set_new(json_array_get(json_object_get(mercredis_period(root), "groups"), 0),
		                    "capacity", json_integer(99));
		free(text);
		text = json_dumps(root, 0);
		json_decref(root);
	}
	ck_assert_status(ptl_catalogue_import(NULL, test_db, text, NULL), PTL_ECONFLICT);
	free(text);
	ck_assert_str_eq(ptl_error_last()->field, "alsh-mercredis-2026-2027/maternelle");
	ck_assert_str_eq(ptl_error_last()->message,
	                 "group \"alsh-mercredis-2026-2027/maternelle\" is not in the file but cannot"
	                 " be deleted: rows of table test_booking refer to it (keep it in the file);"
	                 " nothing was changed");
	ck_assert_ptr_nonnull(strstr(ptl_error_last()->message_fr, "Impossible de supprimer le groupe"));
	/* Nothing changed: the other group keeps its capacity. */
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period_group"), 3);
	ck_assert_int_eq(test_scalar("SELECT capacity FROM period_group WHERE code = 'elementaires'"), 36);

	/* Leaving out the whole period (or its activity) is refused the same. */
	text = sample_with(MERCREDIS "periods/0", NULL);
	ck_assert_status(ptl_catalogue_import(NULL, test_db, text, NULL), PTL_ECONFLICT);
	ck_assert_str_eq(ptl_error_last()->field, "alsh-mercredis-2026-2027/maternelle");
	free(text);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period"), 2);

	/* Once nothing refers to it, it goes. */
	test_exec("DROP TABLE test_booking");
	text = sample_with(PERIOD "groups/0", NULL);
	ck_assert_status(ptl_catalogue_import(NULL, test_db, text, NULL), PTL_OK);
	free(text);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period_group"), 2);
}
END_TEST

START_TEST(test_catalogue_demo_data)
{
	ptl_catalogue_import_result *r;
	ptl_catalogue *c = NULL;
	char *before, *after;
	size_t activities = 0;

	/* The demo loads its catalogue into an empty one... */
	start_empty();
	ck_assert_status(ptl_demo_load(NULL, test_db), PTL_OK);
	ck_assert_status(ptl_catalogue_get(&c, test_db), PTL_OK);
	ck_assert_int_eq(c->facility_count, 3);
	for (size_t f = 0; f < c->facility_count; f++)
		for (size_t t = 0; t < c->facilities[f].activity_type_count; t++)
			activities += c->facilities[f].activity_types[t].activity_count;
	ck_assert_int_eq(activities, 5);
	ptl_catalogue_free(c);
	ck_assert_int_eq(test_scalar("SELECT count(DISTINCT category) FROM activity_type"), 4);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM period"
	                             " WHERE first_day >= '2026-08-01' AND last_day <= '2027-08-31'"), 5);

	/* ...and its export imports back unchanged. */
	before = export_now();
	r = import(before, false);
	for (int l = 0; l < PTL_LEVEL_COUNT; l++)
		ck_assert_msg(r->levels[l].created == 0 && r->levels[l].updated == 0 &&
		              r->levels[l].deleted == 0, "%s changed", ptl_catalogue_level_name(l));
	ptl_catalogue_import_result_free(r);
	after = export_now();
	ck_assert_str_eq(before, after);
	free(before);
	free(after);

	/* A manager's own catalogue is never replaced by the demo's. */
	ptl_catalogue_import_result_free(import(SAMPLE_CATALOGUE, false));
	ck_assert_status(ptl_demo_load(NULL, test_db), PTL_OK);
	ck_assert_int_eq(test_scalar("SELECT count(*) FROM facility"), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("catalogue");
	TCase *tc = tcase_create("import");

	tcase_add_checked_fixture(tc, test_db_setup, test_db_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_catalogue_first_import_creates_every_level);
	tcase_add_test(tc, test_catalogue_same_file_twice_changes_nothing);
	tcase_add_test(tc, test_catalogue_changed_file_updates_in_place);
	tcase_add_test(tc, test_catalogue_dry_run_writes_nothing);
	tcase_add_loop_test(tc, test_catalogue_bad_file_refused_with_its_path, 0,
	                    (int)(sizeof(bad_files) / sizeof(bad_files[0])));
	tcase_add_test(tc, test_catalogue_cycle_and_not_json);
	tcase_add_test(tc, test_catalogue_tree_as_read);
	tcase_add_test(tc, test_catalogue_refuses_to_delete_what_is_referenced);
	tcase_add_test(tc, test_catalogue_demo_data);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
