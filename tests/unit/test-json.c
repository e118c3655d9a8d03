/*
 * test-json.c — libportail-json, the one JSON representation of a family,
 * a guardian, a child and an enrolment: the fields a parent sees, the
 * managers' fields behind PTL_JSON_MANAGER, the text form of a
 * representation and its tree alike, and the plain values (text, days,
 * instants).
 * Objects are built in memory: no database.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <portail-json/portail-json.h>

#include "suite.h"

static ptl_day day(const char *text)
{
	ptl_day d;

	ck_assert_int_eq(ptl_day_parse(&d, text), PTL_OK);
	return d;
}

static ptl_time instant(const char *text)
{
	ptl_time t;

	ck_assert_int_eq(ptl_time_parse(&t, text), PTL_OK);
	return t;
}

static ptl_child sample_child(void)
{
	ptl_child c = {
		.id = 12, .family_id = 3, .first_name = "Léa", .last_name = "Martin",
		.sex = "F", .school = "École Jules-Ferry", .school_level = "CE1",
		.allergies = "arachide", .diet = "", .doctor = "", .authorized_pickup = NULL,
	};

	c.birth_date = day("2018-05-04");
	c.created_at = instant("2026-10-14T05:41:00Z");
	c.updated_at = instant("2026-11-02T08:00:00Z");
	return c;
}

static ptl_guardian sample_guardian(void)
{
	ptl_guardian g = {
		.id = 7, .family_id = 3, .first_name = "Camille", .last_name = "Martin",
		.email = "camille@example.org", .phone = "01 23 45 67 89", .address = "1 rue Haute",
		.postcode = "75001", .city = "Paris", .mobile_phone = "", .work_phone = "",
		.employer = "", .notify_by_email = true, .notify_by_sms = false,
		.relationship = "mere", .has_login = true, .login_active = false,
	};

	g.created_at = instant("2026-10-01T10:00:00Z");
	g.updated_at = instant("2026-10-01T10:00:00Z");
	return g;
}

static const char *str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	ck_assert_msg(json_is_string(v), "%s is not a string", key);
	return json_string_value(v);
}

START_TEST(test_json_child_for_parents)
{
	ptl_child c = sample_child();
	json_t *j = ptl_json_child(&c, PTL_JSON_DEFAULT);

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), 12);
	ck_assert_str_eq(str(j, "first_name"), "Léa");
	ck_assert_str_eq(str(j, "birth_date"), "2018-05-04");
	ck_assert_str_eq(str(j, "school_level"), "CE1");
	ck_assert_str_eq(str(j, "authorized_pickup"), "");  /* NULL reads "" */
	ck_assert_ptr_null(json_object_get(j, "created_at"));
	ck_assert_ptr_null(json_object_get(j, "updated_at"));
	ck_assert_ptr_null(json_object_get(j, "family_id"));
	ck_assert_int_eq(json_object_size(j), 11);
	json_decref(j);
}
END_TEST

START_TEST(test_json_child_for_managers)
{
	ptl_child c = sample_child();
	json_t *j = ptl_json_child(&c, PTL_JSON_MANAGER);

	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(str(j, "created_at"), "2026-10-14T05:41:00Z");
	ck_assert_str_eq(str(j, "updated_at"), "2026-11-02T08:00:00Z");
	ck_assert_int_eq(json_object_size(j), 13);
	json_decref(j);
}
END_TEST

START_TEST(test_json_guardian_fields)
{
	ptl_guardian g = sample_guardian();
	json_t *parent = ptl_json_guardian(&g, PTL_JSON_DEFAULT);
	json_t *manager = ptl_json_guardian(&g, PTL_JSON_MANAGER);

	ck_assert_str_eq(str(parent, "email"), "camille@example.org");
	ck_assert_str_eq(str(parent, "postcode"), "75001");
	ck_assert(json_is_true(json_object_get(parent, "notify_by_email")));
	ck_assert(json_is_false(json_object_get(parent, "notify_by_sms")));
	ck_assert_ptr_null(json_object_get(parent, "created_at"));
	ck_assert_ptr_null(json_object_get(parent, "has_login"));
	ck_assert_str_eq(str(parent, "relationship"), "mere");
	ck_assert_str_eq(str(manager, "created_at"), "2026-10-01T10:00:00Z");
	ck_assert(json_is_true(json_object_get(manager, "has_login")));
	ck_assert(json_is_false(json_object_get(manager, "login_active")));
	/* Same fields otherwise, same values. */
	ck_assert_int_eq(json_object_size(manager), json_object_size(parent) + 4);
	json_object_del(manager, "created_at");
	json_object_del(manager, "updated_at");
	json_object_del(manager, "has_login");
	json_object_del(manager, "login_active");
	ck_assert(json_equal(parent, manager));
	json_decref(parent);
	json_decref(manager);
}
END_TEST

/* A parent sees their family's guardians, theirs marked "you", the others
 * without their notification settings. */
START_TEST(test_json_family_seen_by_a_guardian)
{
	ptl_guardian guardians[] = { sample_guardian(), sample_guardian() };
	ptl_family f = { .id = 3, .name = "Martin", .guardian_count = 2, .guardians = guardians };
	json_t *j, *me, *other;

	guardians[1].id = 8;
	guardians[1].first_name = "Alex";
	j = ptl_json_family_seen_by(&f, 8, PTL_JSON_DEFAULT);
	ck_assert_ptr_nonnull(j);
	other = json_array_get(json_object_get(j, "guardians"), 0);
	me = json_array_get(json_object_get(j, "guardians"), 1);
	ck_assert(json_is_true(json_object_get(me, "you")));
	ck_assert(json_is_true(json_object_get(me, "notify_by_email")));
	ck_assert(json_is_false(json_object_get(other, "you")));
	ck_assert_str_eq(str(other, "first_name"), "Camille");
	ck_assert_str_eq(str(other, "phone"), "01 23 45 67 89");
	ck_assert_ptr_null(json_object_get(other, "notify_by_email"));
	ck_assert_ptr_null(json_object_get(other, "notify_by_sms"));
	ck_assert_ptr_null(json_object_get(other, "has_login"));
	json_decref(j);
	/* The service's view has no "you". */
	j = ptl_json_family(&f, PTL_JSON_DEFAULT);
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(j, "guardians"), 0), "you"));
	json_decref(j);
}
END_TEST

START_TEST(test_json_family_nests_with_the_same_flags)
{
	ptl_child children[] = { sample_child(), sample_child() };
	ptl_guardian guardians[] = { sample_guardian() };
	ptl_family f = {
		.id = 3, .name = "Martin", .guardian_count = 1, .guardians = guardians,
		.child_count = 2, .children = children,
	};
	ptl_families list = { .count = 1, .items = &f };
	json_t *j, *all;

	children[1].id = 13;
	children[1].first_name = "Hugo";
	f.created_at = instant("2026-09-30T12:00:00Z");
	j = ptl_json_family(&f, PTL_JSON_MANAGER);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(str(j, "name"), "Martin");
	ck_assert_str_eq(str(j, "created_at"), "2026-09-30T12:00:00Z");
	ck_assert(json_is_null(json_object_get(j, "updated_at")));  /* 0: never */
	ck_assert_int_eq(json_array_size(json_object_get(j, "guardians")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(j, "children")), 2);
	ck_assert_str_eq(str(json_array_get(json_object_get(j, "children"), 1), "first_name"),
	                 "Hugo");
	ck_assert_ptr_nonnull(json_object_get(json_array_get(json_object_get(j, "children"), 0),
	                                      "created_at"));
	json_decref(j);

	all = ptl_json_families(&list, PTL_JSON_DEFAULT);
	ck_assert_int_eq(json_array_size(all), 1);
	j = json_array_get(all, 0);
	ck_assert_ptr_null(json_object_get(j, "created_at"));
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(j, "guardians"), 0),
	                                   "created_at"));
	json_decref(all);
}
END_TEST

START_TEST(test_json_calendar_feed_url_only_when_given)
{
	ptl_calendar_feed none = { 0 };
	ptl_calendar_feed made = { true, 1795680000, "tok", "http://portail.test/ical/tok.ics" };
	ptl_calendar_feed read = { true, 1795680000, NULL, NULL };
	json_t *j = ptl_json_calendar_feed(&none, PTL_JSON_DEFAULT);

	ck_assert(json_is_false(json_object_get(j, "active")));
	ck_assert(json_is_null(json_object_get(j, "created_at")));
	ck_assert_ptr_null(json_object_get(j, "url"));
	json_decref(j);
	j = ptl_json_calendar_feed(&made, PTL_JSON_DEFAULT);
	ck_assert(json_is_true(json_object_get(j, "active")));
	ck_assert_str_eq(json_string_value(json_object_get(j, "created_at")), "2026-11-26T08:00:00Z");
	ck_assert_str_eq(json_string_value(json_object_get(j, "url")),
	                 "http://portail.test/ical/tok.ics");
	ck_assert_ptr_null(json_object_get(j, "token"));
	json_decref(j);
	j = ptl_json_calendar_feed(&read, PTL_JSON_MANAGER);
	ck_assert_uint_eq(json_object_size(j), 2);
	json_decref(j);
}
END_TEST

START_TEST(test_json_values)
{
	json_t *v;

	v = ptl_json_text(NULL);
	ck_assert_str_eq(json_string_value(v), "");
	json_decref(v);
	v = ptl_json_time(0);
	ck_assert(json_is_null(v));
	json_decref(v);
	v = ptl_json_day(day("2026-12-31"));
	ck_assert_str_eq(json_string_value(v), "2026-12-31");
	json_decref(v);
	v = ptl_json_parse("{\"city\": \"Lyon\"}");
	ck_assert_str_eq(str(v, "city"), "Lyon");
	json_decref(v);
	v = ptl_json_parse("not json");
	ck_assert_str_eq(json_string_value(v), "not json");
	json_decref(v);
}
END_TEST

START_TEST(test_json_enrolment_text_and_tree)
{
	ptl_enrolment_missing missing[] = { { "assurance", "Attestation d’assurance" } };
	ptl_enrolment e = {
		.id = 41, .family_id = 3, .child_id = 12, .child_name = "Léa Martin",
		.facility = "Petite enfance", .activity_type = "Crèche", .activity = "Les \"Lutins\"",
		.category = "petite_enfance", .period_code = "creche-2027", .period_label = "2027",
		.group_code = "bebes", .group_label = "Bébés",
		.status = PTL_ENROLMENT_WAITING, .marker = "!", .comment = "ligne 1\nligne 2",
		.reason = "", .waitlist_rank = 2, .pre_enrolment = true, .days_per_week = 4,
		.hours_per_week = 36, .has_contract = true, .contract_days = 3, .contract_hours = 27,
		.missing_count = 1, .missing = missing, .rules_title = "Règlement",
		.rules_version = "2027-1", .rules_url = "", .request_id = 0,
	};
	ptl_enrolments list = { 1, &e };
	char *text;
	json_t *tree, *j;

	e.first_day = day("2027-01-04");
	e.last_day = day("2027-07-30");
	e.wanted_start = day("2027-01-04");
	e.contract_start = day("2027-02-01");
	e.created_at = instant("2026-11-02T08:00:00Z");
	text = ptl_json_enrolments_text(&list, PTL_JSON_DEFAULT);
	ck_assert_str_eq(text,
		"[{\"id\":41,\"child_id\":12,\"child_name\":\"Léa Martin\","
		"\"facility\":\"Petite enfance\",\"activity_type\":\"Crèche\","
		"\"activity\":\"Les \\\"Lutins\\\"\",\"category\":\"petite_enfance\","
		"\"period\":{\"code\":\"creche-2027\",\"label\":\"2027\"},"
		"\"group\":{\"code\":\"bebes\",\"label\":\"Bébés\"},"
		"\"first_day\":\"2027-01-04\",\"last_day\":\"2027-07-30\",\"status\":\"waiting\","
		"\"status_label\":\"Sur liste d’attente\",\"marker\":\"!\","
		"\"comment\":\"ligne 1\\nligne 2\",\"reason\":null,\"waitlist_rank\":2,"
		"\"pre_enrolment\":{\"wanted_start\":\"2027-01-04\",\"days_per_week\":4,"
		"\"hours_per_week\":36,\"contract\":{\"start\":\"2027-02-01\",\"days_per_week\":3,"
		"\"hours_per_week\":27}},"
		"\"missing\":[{\"type\":\"assurance\",\"label\":\"Attestation d’assurance\"}],"
		"\"rules_to_accept\":{\"title\":\"Règlement\",\"version\":\"2027-1\",\"url\":\"\"},"
		"\"request_id\":null,\"created_at\":\"2026-11-02T08:00:00Z\"}]");

	/* The tree is the same representation; managers also get family_id. */
	tree = ptl_json_enrolments(&list, PTL_JSON_DEFAULT);
	j = json_loads(text, 0, NULL);
	ck_assert(json_equal(tree, j));
	json_decref(j);
	json_decref(tree);
	free(text);
	j = ptl_json_enrolment(&e, PTL_JSON_MANAGER);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "family_id")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(
		json_object_get(json_object_get(j, "pre_enrolment"), "contract"), "days_per_week")), 3);
	json_decref(j);
}
END_TEST

START_TEST(test_json_me_and_requests_text)
{
	ptl_guardian guardians[2] = { sample_guardian(), sample_guardian() };
	ptl_child children[1] = { sample_child() };
	ptl_family f = { .id = 3, .name = "Martin", .guardians = guardians, .guardian_count = 2,
	                 .children = children, .child_count = 1 };
	ptl_request_change changes[] = {
		{ .field = "school_level", .label = "Niveau scolaire", .before = "CE1", .after = "CE2" },
		{ .field = "doctor", .label = "Médecin", .before = NULL, .after = "Dr \"Petit\"" },
	};
	ptl_request r = {
		.id = 90, .family_id = 3, .kind = PTL_REQUEST_CHILD_EDIT, .status = PTL_REQUEST_PENDING,
		.summary = "Léa", .guardian_name = "Camille Martin", .target_id = 12,
		.before_json = "{\"school_level\": \"CE1\"}",
		.after_json = "{\"doctor\": \"Dr \\\"Petit\\\"\", \"school_level\": \"CE2\"}",
		.changes = changes, .change_count = 2, .family_name = "Martin",
		.processed_by = "", .note = "",
	};
	ptl_requests pending = { 1, &r };
	ptl_me me = { .guardian = &guardians[0], .family = &f, .pending = &pending };
	json_t *j, *fam, *req, *tree;
	char *text;

	guardians[1].id = 8;
	guardians[1].first_name = "Alex";
	r.created_at = instant("2026-11-02T08:00:00Z");
	me.session.guardian_id = 7;
	me.session.must_change_password = false;
	strcpy(me.session.csrf_token, "jeton");
	text = ptl_json_me_text(&me, PTL_JSON_DEFAULT);
	j = json_loads(text, 0, NULL);
	ck_assert_msg(j != NULL, "not JSON: %s", text);
	/* The session's guardian, then the family as that guardian sees it. */
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "guardian"), "id")), 7);
	ck_assert_ptr_null(json_object_get(json_object_get(j, "guardian"), "you"));
	fam = json_object_get(j, "family");
	tree = ptl_json_family_seen_by(&f, 7, PTL_JSON_DEFAULT);
	ck_assert(json_equal(fam, tree));
	json_decref(tree);
	ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(fam, "guardians"), 0),
	                                       "you")));
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(fam, "guardians"), 1),
	                                   "notify_by_email"));
	/* The pending request: what was asked, what changes; "before" is the managers'. */
	req = json_array_get(json_object_get(j, "pending"), 0);
	ck_assert_str_eq(str(req, "kind"), "child_edit");
	ck_assert_str_eq(str(json_object_get(req, "after"), "doctor"), "Dr \"Petit\"");
	ck_assert_ptr_null(json_object_get(req, "before"));
	ck_assert_ptr_null(json_object_get(req, "family_name"));
	ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(req, "changes"), 1),
	                                       "before")));
	ck_assert_str_eq(str(j, "csrf_token"), "jeton");
	ck_assert(json_is_false(json_object_get(j, "must_change_password")));
	json_decref(j);
	free(text);

	/* The list's text, under its name, is the list's tree. */
	text = ptl_json_requests_text(&pending, PTL_JSON_DEFAULT);
	j = json_loads(text, 0, NULL);
	tree = ptl_json_requests(&pending, PTL_JSON_DEFAULT);
	ck_assert(json_equal(json_object_get(j, "requests"), tree));
	json_decref(tree);
	json_decref(j);
	free(text);
	/* Managers see the record before and whose request it is. */
	j = ptl_json_request(&r, PTL_JSON_MANAGER);
	ck_assert_str_eq(str(json_object_get(j, "before"), "school_level"), "CE1");
	ck_assert_str_eq(str(j, "family_name"), "Martin");
	json_decref(j);
	/* A value that is not an object's text is shown as a string. */
	r.after_json = "";
	j = ptl_json_request(&r, PTL_JSON_DEFAULT);
	ck_assert_str_eq(str(j, "after"), "");
	json_decref(j);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *objects = tcase_create("objects");
	TCase *values = tcase_create("values");

	tcase_add_test(objects, test_json_child_for_parents);
	tcase_add_test(objects, test_json_child_for_managers);
	tcase_add_test(objects, test_json_guardian_fields);
	tcase_add_test(objects, test_json_family_nests_with_the_same_flags);
	tcase_add_test(objects, test_json_family_seen_by_a_guardian);
	tcase_add_test(objects, test_json_me_and_requests_text);
	tcase_add_test(objects, test_json_calendar_feed_url_only_when_given);
	tcase_add_test(objects, test_json_enrolment_text_and_tree);
	tcase_add_test(values, test_json_values);
	suite_add_tcase(s, objects);
	suite_add_tcase(s, values);
	return s;
}

int main(void)
{
	return ptl_test_run(json_suite());
}
