/*
 * test-http-family.c — Ma famille and Mes coordonnées over HTTP: the
 * extended /api/v1/me (guardian and child details, pending requests), a
 * child read, added and edited, the contact details, the school levels and
 * the history of requests; every endpoint tried with another family's ids
 * (404, nothing leaks) and every change without its CSRF token (403,
 * nothing changes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "harness.h"
#include "suite.h"
#include "testdb.h"

static char *conninfo;

static void login(struct http_client *c, const struct test_family *f)
{
	struct http_reply *r = http_login(c, f->email, f->password);

	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
}

static const char *str(const json_t *obj, const char *name)
{
	const char *v = json_string_value(json_object_get(obj, name));

	ck_assert_msg(v != NULL, "no string \"%s\"", name);
	return v;
}

static json_int_t num(const json_t *obj, const char *name)
{
	const json_t *v = json_object_get(obj, name);

	ck_assert_msg(json_is_integer(v), "no integer \"%s\"", name);
	return json_integer_value(v);
}

/* The value before of the change of @p field in @p request's "changes". */
static const char *change_before(const json_t *request, const char *field)
{
	const json_t *changes = json_object_get(request, "changes"), *c;
	size_t i;

	json_array_foreach(changes, i, c)
		if (strcmp(str(c, "field"), field) == 0)
			return str(c, "before");
	ck_abort_msg("no change of \"%s\"", field);
	return NULL;
}

/* A complete, valid child body. */
static json_t *child_body(const char *first_name)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
		"first_name", first_name,
		"last_name", "Martin",
		"birth_date", "2018-05-14",
		"sex", "M",
		"school", "École des Tilleuls",
		"school_level", "CP",
		"allergies", "Arachide (PAI)",
		"diet", "Sans porc",
		"doctor", "Dr Lefèvre 02 38 00 00 00",
		"authorized_pickup", "Mamie Jeanne");
}

static json_t *contact_body(const char *postcode)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}",
		"phone", "02 38 11 22 33",
		"mobile_phone", "06 98 76 54 32",
		"work_phone", "",
		"address", "12 avenue de la Gare",
		"postcode", postcode,
		"city", "Valmont-sur-Loire",
		"employer", "Mairie de Valmont",
		"notify_by_email", 1,
		"notify_by_sms", 1);
}

/* The number of the family's requests, from GET /api/v1/requests. */
static size_t request_count(struct http_client *c)
{
	json_t *j = http_get_json(c, "/api/v1/requests");
	size_t n = json_array_size(json_object_get(j, "requests"));

	json_decref(j);
	return n;
}

static bool is_iso_instant(const char *s)
{
	int y, mo, d, h, mi, se;
	char z;

	return s && strlen(s) == 20 &&
	       sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) == 7 && z == 'Z';
}

START_TEST(test_http_me_has_details_and_pending)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	json_t *me, *g, *child, *pending;
	int64_t child_id;

	test_family_seed(conninfo, "details", true, &f);
	child_id = test_child_seed(conninfo, f.id, "Inès", "2017-03-02");
	test_server_start_with_client(&s, &c, conninfo);
	login(&c, &f);

	me = http_get_json(&c, "/api/v1/me");
	g = json_object_get(me, "guardian");
	ck_assert_str_eq(str(g, "mobile_phone"), "");
	ck_assert_str_eq(str(g, "work_phone"), "");
	ck_assert_str_eq(str(g, "employer"), "");
	ck_assert(json_is_boolean(json_object_get(g, "notify_by_email")));
	ck_assert(json_is_boolean(json_object_get(g, "notify_by_sms")));
	child = json_array_get(json_object_get(json_object_get(me, "family"), "children"), 0);
	ck_assert_int_eq(num(child, "id"), child_id);
	ck_assert_str_eq(str(child, "first_name"), "Inès");
	ck_assert_str_eq(str(child, "birth_date"), "2017-03-02");
	ck_assert_str_eq(str(child, "sex"), "F");
	ck_assert_str_eq(str(child, "school"), "École Jules-Ferry");
	ck_assert_str_eq(str(child, "school_level"), "CE1");
	ck_assert_str_eq(str(child, "allergies"), "");
	ck_assert_str_eq(str(child, "diet"), "");
	ck_assert_str_eq(str(child, "doctor"), "");
	ck_assert_str_eq(str(child, "authorized_pickup"), "");
	pending = json_object_get(me, "pending");
	ck_assert(json_is_array(pending));
	ck_assert_uint_eq(json_array_size(pending), 0);
	json_decref(me);

	/* An edit waits: the current values stay, the pending ones are listed. */
	{
		json_t *body = child_body("Inès");

		json_object_set_new(body, "school_level", json_string("CE2"));
		r = http_call_json(&c, "PUT", "/api/v1/children/0", json_incref(body), c.csrf);
		ck_assert_int_eq(r->status, 404);
		http_reply_free(r);
		{
			char path[64];

			snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)child_id);
			r = http_call_json(&c, "PUT", path, body, c.csrf);
		}
		ck_assert_int_eq(r->status, 202);
		http_reply_free(r);
	}
	me = http_get_json(&c, "/api/v1/me");
	child = json_array_get(json_object_get(json_object_get(me, "family"), "children"), 0);
	ck_assert_str_eq(str(child, "school_level"), "CE1");
	pending = json_object_get(me, "pending");
	ck_assert_uint_eq(json_array_size(pending), 1);
	ck_assert_str_eq(str(json_array_get(pending, 0), "kind"), "child_edit");
	ck_assert_str_eq(str(json_array_get(pending, 0), "status"), "pending");
	ck_assert_int_eq(num(json_array_get(pending, 0), "target_id"), child_id);
	ck_assert_str_eq(str(json_object_get(json_array_get(pending, 0), "after"), "school_level"),
		"CE2");
	ck_assert_str_eq(change_before(json_array_get(pending, 0), "school_level"), "CE1");
	/* The whole record before is the managers'. */
	ck_assert_ptr_null(json_object_get(json_array_get(pending, 0), "before"));
	json_decref(me);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_child_get)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char path[64];
	int64_t child_id;
	json_t *j;

	test_family_seed(conninfo, "childget", true, &f);
	child_id = test_child_seed(conninfo, f.id, "Louise", "2015-11-30");
	test_server_start_with_client(&s, &c, conninfo);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)child_id);

	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);

	login(&c, &f);
	j = http_get_json(&c, path);
	ck_assert_int_eq(num(j, "id"), child_id);
	ck_assert_str_eq(str(j, "first_name"), "Louise");
	ck_assert_str_eq(str(j, "birth_date"), "2015-11-30");
	ck_assert_str_eq(str(j, "school_level"), "CE1");
	json_decref(j);

	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)child_id + 100000);
	r = http_call(&c, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	ck_assert_str_eq(http_error_code(r), "not_found");
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/children/abc", NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/children/-1", NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);
	r = http_call(&c, "DELETE", "/api/v1/children/1", NULL, c.csrf);
	ck_assert_int_eq(r->status, 405);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_child_add)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	const json_t *req, *after;
	json_t *body, *me;
	char big[600];
	int64_t request_id;
	ptl_db *db = NULL;

	test_family_seed(conninfo, "childadd", true, &f);
	test_server_start_with_client(&s, &c, conninfo);
	login(&c, &f);

	r = http_call_json(&c, "POST", "/api/v1/children", child_body("Jade"), c.csrf);
	ck_assert_int_eq(r->status, 202);
	req = json_object_get(r->json, "request");
	request_id = num(req, "id");
	ck_assert_str_eq(str(req, "kind"), "child_add");
	ck_assert_str_eq(str(req, "status"), "pending");
	ck_assert(is_iso_instant(str(req, "created_at")));
	ck_assert(json_is_null(json_object_get(req, "processed_at")));
	ck_assert(json_is_null(json_object_get(req, "target_id")));
	ck_assert_str_eq(str(req, "note"), "");
	ck_assert_ptr_nonnull(strstr(str(req, "summary"), "Jade"));
	ck_assert_ptr_null(json_object_get(req, "before"));
	after = json_object_get(req, "after");
	ck_assert_str_eq(str(after, "first_name"), "Jade");
	ck_assert_str_eq(str(after, "birth_date"), "2018-05-14");
	ck_assert_str_eq(str(after, "allergies"), "Arachide (PAI)");
	http_reply_free(r);

	/* Refused input: 422 naming the field, and nothing recorded. */
	body = child_body("Jade");
	json_object_set_new(body, "birth_date", json_string("2999-01-01"));
	r = http_call_json(&c, "POST", "/api/v1/children", body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "birth_date");
	ck_assert_str_ne(http_error_message(r), "");
	http_reply_free(r);
	body = child_body("Jade");
	json_object_del(body, "first_name");
	r = http_call_json(&c, "POST", "/api/v1/children", body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "first_name");
	http_reply_free(r);
	body = child_body("Jade");
	memset(big, 'a', 501);
	big[501] = '\0';
	json_object_set_new(body, "allergies", json_string(big));
	r = http_call_json(&c, "POST", "/api/v1/children", body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "allergies");
	http_reply_free(r);
	body = child_body("Jade");
	json_object_set_new(body, "school_level", json_string("CM3"));
	r = http_call_json(&c, "POST", "/api/v1/children", body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "school_level");
	http_reply_free(r);
	body = child_body("Jade");
	json_object_set_new(body, "first_name", json_integer(7));
	r = http_call_json(&c, "POST", "/api/v1/children", body, c.csrf);
	ck_assert_int_eq(r->status, 400);
	ck_assert_str_eq(http_error_field(r), "first_name");
	http_reply_free(r);
	r = http_call(&c, "POST", "/api/v1/children", "[1,2]", c.csrf);
	ck_assert_int_eq(r->status, 400);
	ck_assert_str_eq(http_error_code(r), "bad_request");
	http_reply_free(r);
	ck_assert_uint_eq(request_count(&c), 1);

	/* Waiting: not a child of the family yet; once the service accepts, it is. */
	me = http_get_json(&c, "/api/v1/me");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(me, "family"), "children")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(me, "pending")), 1);
	json_decref(me);
	ck_assert_int_eq(ptl_db_open(&db, conninfo), PTL_OK);
	ck_assert_int_eq(ptl_request_accept(db, request_id, "agent.test", NULL), PTL_OK);
	ptl_db_close(db);
	me = http_get_json(&c, "/api/v1/me");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(me, "family"), "children")), 1);
	ck_assert_str_eq(str(json_array_get(json_object_get(json_object_get(me, "family"), "children"), 0),
		"first_name"), "Jade");
	ck_assert_uint_eq(json_array_size(json_object_get(me, "pending")), 0);
	json_decref(me);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_child_edit)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	const json_t *req;
	json_t *body;
	char path[64];
	int64_t child_id;

	test_family_seed(conninfo, "childedit", true, &f);
	child_id = test_child_seed(conninfo, f.id, "Hugo", "2014-07-08");
	test_server_start_with_client(&s, &c, conninfo);
	login(&c, &f);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)child_id);

	body = child_body("Hugo");
	json_object_set_new(body, "doctor", json_string("Dr Martin"));
	r = http_call_json(&c, "PUT", path, body, c.csrf);
	ck_assert_int_eq(r->status, 202);
	req = json_object_get(r->json, "request");
	ck_assert_str_eq(str(req, "kind"), "child_edit");
	ck_assert_str_eq(str(req, "status"), "pending");
	ck_assert_int_eq(num(req, "target_id"), child_id);
	ck_assert_str_eq(change_before(req, "doctor"), "");
	ck_assert_str_eq(str(json_object_get(req, "after"), "doctor"), "Dr Martin");
	ck_assert_str_eq(change_before(req, "birth_date"), "2014-07-08");
	http_reply_free(r);

	body = child_body("Hugo");
	json_object_set_new(body, "sex", json_string("X"));
	r = http_call_json(&c, "PUT", path, body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "sex");
	http_reply_free(r);
	body = child_body("Hugo");
	json_object_set_new(body, "birth_date", json_string("2014-02-30"));
	r = http_call_json(&c, "PUT", path, body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "birth_date");
	http_reply_free(r);
	r = http_call(&c, "PUT", path, "{\"first_name\":", c.csrf);
	ck_assert_int_eq(r->status, 400);
	http_reply_free(r);
	ck_assert_uint_eq(request_count(&c), 1);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_contact_update)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	const json_t *req;
	json_t *me, *g, *body;

	test_family_seed(conninfo, "contact", true, &f);
	test_server_start_with_client(&s, &c, conninfo);
	login(&c, &f);

	body = contact_body("45100");
	/* The login email is not a contact detail: it is ignored. */
	json_object_set_new(body, "email", json_string("autre@example.org"));
	r = http_call_json(&c, "PUT", "/api/v1/me/contact", body, c.csrf);
	ck_assert_int_eq(r->status, 200);
	req = json_object_get(r->json, "request");
	ck_assert_str_eq(str(req, "kind"), "contact_change");
	ck_assert_str_eq(str(req, "status"), "applied");
	ck_assert_str_eq(change_before(req, "postcode"), "45000");
	ck_assert_str_eq(str(json_object_get(req, "after"), "postcode"), "45100");
	http_reply_free(r);

	/* Applied at once. */
	me = http_get_json(&c, "/api/v1/me");
	g = json_object_get(me, "guardian");
	ck_assert_str_eq(str(g, "email"), f.email);
	ck_assert_str_eq(str(g, "postcode"), "45100");
	ck_assert_str_eq(str(g, "address"), "12 avenue de la Gare");
	ck_assert_str_eq(str(g, "employer"), "Mairie de Valmont");
	ck_assert_str_ne(str(g, "mobile_phone"), "");
	ck_assert(json_is_true(json_object_get(g, "notify_by_sms")));
	ck_assert_uint_eq(json_array_size(json_object_get(me, "pending")), 0);
	json_decref(me);

	r = http_call_json(&c, "PUT", "/api/v1/me/contact", contact_body("4510"), c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_code(r), "invalid");
	ck_assert_str_eq(http_error_field(r), "postcode");
	ck_assert_str_ne(http_error_message(r), "");
	http_reply_free(r);
	body = contact_body("45100");
	json_object_set_new(body, "mobile_phone", json_string("12"));
	r = http_call_json(&c, "PUT", "/api/v1/me/contact", body, c.csrf);
	ck_assert_int_eq(r->status, 422);
	ck_assert_str_eq(http_error_field(r), "mobile_phone");
	http_reply_free(r);
	body = contact_body("45100");
	json_object_set_new(body, "notify_by_email", json_string("oui"));
	r = http_call_json(&c, "PUT", "/api/v1/me/contact", body, c.csrf);
	ck_assert_int_eq(r->status, 400);
	ck_assert_str_eq(http_error_field(r), "notify_by_email");
	http_reply_free(r);

	/* Refused changes changed nothing. */
	me = http_get_json(&c, "/api/v1/me");
	ck_assert_str_eq(str(json_object_get(me, "guardian"), "postcode"), "45100");
	json_decref(me);
	ck_assert_uint_eq(request_count(&c), 1);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_requests_history)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	json_t *j;
	const json_t *list;

	test_family_seed(conninfo, "history", true, &f);
	test_server_start_with_client(&s, &c, conninfo);

	r = http_call(&c, "GET", "/api/v1/requests", NULL, NULL);
	ck_assert_int_eq(r->status, 401);
	http_reply_free(r);

	login(&c, &f);
	j = http_get_json(&c, "/api/v1/requests");
	ck_assert(json_is_array(json_object_get(j, "requests")));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "requests")), 0);
	json_decref(j);

	r = http_call_json(&c, "POST", "/api/v1/children", child_body("Lina"), c.csrf);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);
	r = http_call_json(&c, "PUT", "/api/v1/me/contact", contact_body("45000"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	j = http_get_json(&c, "/api/v1/requests");
	list = json_object_get(j, "requests");
	ck_assert_uint_eq(json_array_size(list), 2);
	/* Newest first. */
	ck_assert_str_eq(str(json_array_get(list, 0), "kind"), "contact_change");
	ck_assert_str_eq(str(json_array_get(list, 0), "status"), "applied");
	ck_assert_str_eq(str(json_array_get(list, 1), "kind"), "child_add");
	ck_assert_str_eq(str(json_array_get(list, 1), "status"), "pending");
	ck_assert_int_gt(num(json_array_get(list, 0), "id"), num(json_array_get(list, 1), "id"));
	for (size_t i = 0; i < 2; i++) {
		const json_t *item = json_array_get(list, i);

		ck_assert(is_iso_instant(str(item, "created_at")));
		ck_assert(json_is_object(json_object_get(item, "after")));
		ck_assert(json_is_array(json_object_get(item, "changes")));
		ck_assert_ptr_nonnull(json_object_get(item, "processed_at"));
		ck_assert_ptr_nonnull(json_object_get(item, "target_id"));
		ck_assert_str_ne(str(item, "summary"), "");
		/* The managers' fields stay out of the parents' API. */
		ck_assert_ptr_null(json_object_get(item, "family_name"));
		ck_assert_ptr_null(json_object_get(item, "processed_by"));
		ck_assert_ptr_null(json_object_get(item, "before"));
	}
	/* The French words and what the request changes come from the library. */
	const json_t *added = json_array_get(list, 1);
	const json_t *first = json_array_get(json_object_get(added, "changes"), 0);
	ck_assert_str_eq(str(added, "kind_label"), "Ajout d’un enfant");
	ck_assert_str_eq(str(added, "status_label"), "En attente");
	ck_assert_str_eq(str(first, "field"), "first_name");
	ck_assert_str_eq(str(first, "label"), "Prénom");
	ck_assert(json_is_null(json_object_get(first, "before")));
	ck_assert_str_eq(str(first, "after"), "Lina");
	json_decref(j);
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* The field of @p object named @p name in a vocabulary. */
static const json_t *vocabulary_field(const json_t *voc, const char *object, const char *name)
{
	const json_t *list = json_object_get(json_object_get(voc, "fields"), object);

	for (size_t i = 0; i < json_array_size(list); i++)
		if (strcmp(str(json_array_get(list, i), "name"), name) == 0)
			return json_array_get(list, i);
	ck_abort_msg("no field %s.%s in the vocabulary", object, name);
	return NULL;
}

START_TEST(test_http_vocabulary)
{
	struct test_server s;
	struct http_client c;
	struct http_reply *r, *again;
	const json_t *f, *values, *kinds, *messages;
	const char *headers[2] = { NULL, NULL };
	char etag[64], line[96], buf[64];

	test_server_start_with_client(&s, &c, conninfo);
	/* No session needed, nor any cookie. */
	r = http_call(&c, "GET", "/api/v1/vocabulary", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(r->json);
	ck_assert_str_eq(http_header(r, "Cache-Control", buf, sizeof(buf)), "public, max-age=300");
	ck_assert_int_eq(http_header_count(r, "Set-Cookie"), 0);
	ck_assert_ptr_nonnull(http_header(r, "ETag", etag, sizeof(etag)));

	/* Every field of the library's table, with its rules and words. */
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(r->json, "fields"), "guardian"))
	                  + json_array_size(json_object_get(json_object_get(r->json, "fields"), "child"))
	                  + json_array_size(json_object_get(json_object_get(r->json, "fields"), "family"))
	                  + json_array_size(json_object_get(json_object_get(r->json, "fields"), "structure")),
	                  ptl_field_count());
	f = vocabulary_field(r->json, "child", "allergies");
	ck_assert_str_eq(str(f, "label"), "Allergies et PAI");
	ck_assert_int_eq(num(f, "max_length"), 500);
	ck_assert(json_is_false(json_object_get(f, "required")));
	ck_assert_str_eq(str(f, "format"), "text");
	ck_assert_str_eq(str(json_object_get(f, "messages"), "too_long"),
	                 "Le champ allergies et PAI ne doit pas dépasser 500 caractères.");
	f = vocabulary_field(r->json, "child", "first_name");
	ck_assert(json_is_true(json_object_get(f, "required")));
	ck_assert_str_eq(str(json_object_get(f, "messages"), "required"), "Le prénom est obligatoire.");
	f = vocabulary_field(r->json, "child", "school_level");
	values = json_object_get(f, "values");
	ck_assert_str_eq(str(f, "format"), "choice");
	ck_assert_uint_eq(json_array_size(values), 15);
	ck_assert_str_eq(str(json_array_get(values, 0), "value"), "PS");
	ck_assert_str_eq(str(json_array_get(values, 0), "label"), "Petite section (PS)");
	ck_assert(json_is_null(json_object_get(f, "max_length")));
	f = vocabulary_field(r->json, "guardian", "phone");
	messages = json_object_get(f, "messages");
	ck_assert_str_eq(str(f, "format"), "phone_fr");
	ck_assert_str_eq(str(f, "pattern"), ptl_field_format_pattern(PTL_FIELD_PHONE_FR));
	ck_assert_ptr_null(json_object_get(messages, "required"));
	ck_assert_str_eq(str(messages, "format"),
	                 "Le numéro de téléphone doit comporter 10 chiffres (exemple : 06 12 34 56 78).");
	vocabulary_field(r->json, "family", "name");

	kinds = json_object_get(r->json, "request_kinds");
	ck_assert_uint_eq(json_array_size(kinds), (size_t)ptl_request_kind_count());
	ck_assert_str_eq(str(json_array_get(kinds, 0), "name"), "signup");
	ck_assert_str_eq(str(json_array_get(kinds, 0), "label"), "Première inscription");
	for (size_t i = 0; i < json_array_size(kinds); i++)
		ck_assert_str_eq(str(json_array_get(kinds, i), "label"),
		                 ptl_request_kind_label((ptl_request_kind)(i + 1)));
	ck_assert_int_eq(num(json_object_get(r->json, "password"), "min_length"), PTL_PASSWORD_MIN_CHARS);
	ck_assert_int_eq(num(json_object_get(r->json, "password"), "max_length"), PTL_PASSWORD_MAX_CHARS);

	/* Asked again with its ETag: not modified, no body. */
	snprintf(line, sizeof(line), "If-None-Match: %s", etag);
	headers[0] = line;
	again = http_call_raw(&c, "GET", "/api/v1/vocabulary", NULL, 0, NULL, headers, false);
	ck_assert_int_eq(again->status, 304);
	ck_assert_uint_eq(again->body_len, 0);
	ck_assert_str_eq(http_header(again, "ETag", buf, sizeof(buf)), etag);
	http_reply_free(again);
	headers[0] = "If-None-Match: \"0000000000000000\"";
	again = http_call_raw(&c, "GET", "/api/v1/vocabulary", NULL, 0, NULL, headers, false);
	ck_assert_int_eq(again->status, 200);
	ck_assert_str_eq(again->body, r->body);
	http_reply_free(again);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

/* Does the JSON array @p list hold an object whose @p member is @p id? */
static bool has_id(const json_t *list, const char *member, json_int_t id)
{
	size_t i;
	const json_t *item;

	json_array_foreach(list, i, item)
		if (json_integer_value(json_object_get(item, member)) == id)
			return true;
	return false;
}

START_TEST(test_http_family_scope_idor)
{
	struct test_family a, b;
	struct test_server s;
	struct http_client ca, cb;
	struct http_reply *r, *missing;
	int64_t a_child, b_child, b_request;
	json_t *j, *body;
	char path[64];

	test_family_seed(conninfo, "idora", true, &a);
	test_family_seed(conninfo, "idorb", true, &b);
	a_child = test_child_seed(conninfo, a.id, "Alice", "2016-01-01");
	b_child = test_child_seed(conninfo, b.id, "Basile", "2016-02-02");
	test_server_start_with_client(&s, &ca, conninfo);
	http_client_init(&cb, &s);
	login(&ca, &a);
	login(&cb, &b);

	/* B has a pending edit of its child and an applied contact change. */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)b_child);
	r = http_call_json(&cb, "PUT", path, child_body("Basile"), cb.csrf);
	ck_assert_int_eq(r->status, 202);
	b_request = num(json_object_get(r->json, "request"), "id");
	http_reply_free(r);
	r = http_call_json(&cb, "PUT", "/api/v1/me/contact", contact_body("45200"), cb.csrf);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);

	/* A, with B's child: exactly the answer for an id that does not exist. */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)(b_child + 1000000));
	missing = http_call(&ca, "GET", path, NULL, NULL);
	ck_assert_int_eq(missing->status, 404);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)b_child);
	r = http_call(&ca, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	ck_assert_str_eq(r->body, missing->body);
	ck_assert_ptr_null(strstr(r->body, "Basile"));
	http_reply_free(r);
	http_reply_free(missing);
	r = http_call_json(&ca, "PUT", path, child_body("Pirate"), ca.csrf);
	ck_assert_int_eq(r->status, 404);
	ck_assert_str_eq(http_error_code(r), "not_found");
	http_reply_free(r);
	/* Even an invalid body: the family check comes first or the input is
	 * refused, but nothing is recorded either way. */
	r = http_call_json(&ca, "PUT", path, json_pack("{s:s}", "first_name", "X"), ca.csrf);
	ck_assert(r->status == 404 || r->status == 422);
	http_reply_free(r);

	/* The family named in a body is not listened to. */
	body = child_body("Intrus");
	json_object_set_new(body, "family_id", json_integer(b.id));
	json_object_set_new(body, "guardian_id", json_integer(b.id));
	r = http_call_json(&ca, "POST", "/api/v1/children", body, ca.csrf);
	ck_assert_int_eq(r->status, 202);
	http_reply_free(r);

	/* A sees only A's requests and children; B sees only B's. */
	j = http_get_json(&ca, "/api/v1/requests");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "requests")), 1);
	ck_assert_str_eq(str(json_array_get(json_object_get(j, "requests"), 0), "kind"), "child_add");
	ck_assert(!has_id(json_object_get(j, "requests"), "id", b_request));
	json_decref(j);
	j = http_get_json(&ca, "/api/v1/me");
	ck_assert(!has_id(json_object_get(j, "pending"), "id", b_request));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "pending")), 1);
	ck_assert(has_id(json_object_get(json_object_get(j, "family"), "children"), "id", a_child));
	ck_assert(!has_id(json_object_get(json_object_get(j, "family"), "children"), "id", b_child));
	ck_assert_str_eq(str(json_object_get(j, "guardian"), "postcode"), "45000");
	json_decref(j);
	j = http_get_json(&cb, "/api/v1/requests");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "requests")), 2);
	ck_assert(has_id(json_object_get(j, "requests"), "id", b_request));
	{
		char *text = json_dumps(j, JSON_COMPACT);

		ck_assert_ptr_null(strstr(text, "Intrus"));
		ck_assert_ptr_null(strstr(text, "Pirate"));
		free(text);
	}
	json_decref(j);
	/* B's child was not changed by A. */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)b_child);
	j = http_get_json(&cb, path);
	ck_assert_str_eq(str(j, "first_name"), "Basile");
	json_decref(j);
	/* And B cannot read A's child either. */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)a_child);
	r = http_call(&cb, "GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 404);
	http_reply_free(r);

	http_client_cleanup(&cb);
	test_server_stop_with_client(&s, &ca);
}
END_TEST

START_TEST(test_http_family_changes_need_csrf)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;
	char path[64], anonymous[256];
	const char *const bad_tokens[] = { NULL, "", anonymous, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
	int64_t child_id;
	json_t *me;

	test_family_seed(conninfo, "csrf", true, &f);
	child_id = test_child_seed(conninfo, f.id, "Paul", "2013-04-04");
	test_server_start_with_client(&s, &c, conninfo);
	login(&c, &f);
	/* The anonymous token of the login page is not the session's. */
	snprintf(anonymous, sizeof(anonymous), "%s", c.csrf_cookie);
	ck_assert_str_ne(anonymous, "");
	ck_assert_str_ne(anonymous, c.csrf);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", (long long)child_id);

	for (size_t i = 0; i < sizeof(bad_tokens) / sizeof(bad_tokens[0]); i++) {
		r = http_call_json(&c, "POST", "/api/v1/children", child_body("Sans"), bad_tokens[i]);
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
		r = http_call_json(&c, "PUT", path, child_body("Sans"), bad_tokens[i]);
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
		r = http_call_json(&c, "PUT", "/api/v1/me/contact", contact_body("45300"), bad_tokens[i]);
		ck_assert_int_eq(r->status, 403);
		ck_assert_str_eq(http_error_code(r), "csrf");
		http_reply_free(r);
	}
	/* Nothing happened. */
	ck_assert_uint_eq(request_count(&c), 0);
	me = http_get_json(&c, "/api/v1/me");
	ck_assert_str_eq(str(json_object_get(me, "guardian"), "postcode"), "45000");
	json_decref(me);

	/* The right token works (so the refusals above were the token's). */
	r = http_call_json(&c, "PUT", "/api/v1/me/contact", contact_body("45300"), c.csrf);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

START_TEST(test_http_family_waits_for_password_change)
{
	struct test_family f;
	struct test_server s;
	struct http_client c;
	struct http_reply *r;

	test_family_seed(conninfo, "otcfam", false, &f);
	test_server_start_with_client(&s, &c, conninfo);
	r = http_login(&c, f.email, f.code);
	ck_assert_int_eq(r->status, 200);
	http_reply_free(r);
	r = http_call(&c, "GET", "/api/v1/requests", NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "password_change_required");
	http_reply_free(r);
	/* Read with the session in one statement, the same rule applies. */
	r = http_call(&c, "GET", "/api/v1/children/1", NULL, NULL);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "password_change_required");
	http_reply_free(r);
	r = http_call_json(&c, "POST", "/api/v1/children", child_body("Tom"), c.csrf);
	ck_assert_int_eq(r->status, 403);
	ck_assert_str_eq(http_error_code(r), "password_change_required");
	http_reply_free(r);
	r = http_call_json(&c, "PUT", "/api/v1/me/contact", contact_body("45000"), c.csrf);
	ck_assert_int_eq(r->status, 403);
	http_reply_free(r);
	test_server_stop_with_client(&s, &c);
}
END_TEST

static Suite *family_suite(void)
{
	Suite *s = suite_create("http_family");
	TCase *tc = tcase_create("family");
	TCase *scope = tcase_create("scope");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_me_has_details_and_pending);
	tcase_add_test(tc, test_http_child_get);
	tcase_add_test(tc, test_http_child_add);
	tcase_add_test(tc, test_http_child_edit);
	tcase_add_test(tc, test_http_contact_update);
	tcase_add_test(tc, test_http_requests_history);
	tcase_add_test(tc, test_http_vocabulary);
	suite_add_tcase(s, tc);

	tcase_set_timeout(scope, 60);
	tcase_add_test(scope, test_http_family_scope_idor);
	tcase_add_test(scope, test_http_family_changes_need_csrf);
	tcase_add_test(scope, test_http_family_waits_for_password_change);
	suite_add_tcase(s, scope);
	return s;
}

int main(void)
{
	return ptl_test_run_with_db(family_suite(), "http_family", &conninfo);
}
