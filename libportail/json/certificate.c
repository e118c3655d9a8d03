/*
 * certificate.c — the JSON representations of certificates of enrolment
 * (certificate.h): a certificate with what it certified, and a family's
 * list with its pending requests, as GET /api/v1/certificates and
 * `portail-cli attestation verify --json` show them.
 */
#include <stdio.h>

#include <portail-json/portail-json.h>

json_t *ptl_json_certificate(const ptl_certificate *c, unsigned int flags)
{
	char url[64];
	json_t *obj;

	snprintf(url, sizeof(url), "/api/v1/certificates/%lld/pdf", (long long)c->id);
	obj = json_pack("{s:I, s:o, s:I, s:o, s:o, s:o, s:o,"
	                " s:{s:o, s:o, s:o, s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o},"
	                " s:o, s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)c->id,
		"reference", ptl_json_text(c->reference),
		"enrolment_id", (json_int_t)c->enrolment_id,
		"request_id", c->request_id ? json_integer((json_int_t)c->request_id) : json_null(),
		"requested_by", ptl_json_text(c->requested_by),
		"issued_at", ptl_json_time(c->issued_at),
		"issued_on", ptl_json_day(c->issued_on),
		"structure",
		  "name", ptl_json_text(c->structure_name),
		  "address", ptl_json_text(c->structure_address),
		  "postcode", ptl_json_text(c->structure_postcode),
		  "city", ptl_json_text(c->structure_city),
		  "phone", ptl_json_text(c->structure_phone),
		  "email", ptl_json_text(c->structure_email),
		"child",
		  "first_name", ptl_json_text(c->child_first_name),
		  "last_name", ptl_json_text(c->child_last_name),
		  "sex", ptl_json_text(c->child_sex),
		  "birth_date", ptl_json_day(c->child_birth_date),
		"activity_type", ptl_json_text(c->activity_type),
		"activity", ptl_json_text(c->activity),
		"period",
		  "label", ptl_json_text(c->period),
		  "first_day", ptl_json_day(c->period_first_day),
		  "last_day", ptl_json_day(c->period_last_day),
		"group", ptl_json_text(c->group),
		"first_day", ptl_json_day(c->first_day),
		"last_day", ptl_json_day(c->last_day),
		"pdf_url", json_string(url));
	if (obj && (flags & PTL_JSON_MANAGER) &&
	    json_object_set_new(obj, "family_id", json_integer((json_int_t)c->family_id)) != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

json_t *ptl_json_certificate_list(const ptl_certificate_list *list, unsigned int flags)
{
	json_t *certificates = json_array();

	for (size_t i = 0; certificates && i < list->certificates.count; i++)
		if (json_array_append_new(certificates,
		                          ptl_json_certificate(&list->certificates.items[i], flags))) {
			json_decref(certificates);
			certificates = NULL;
		}
	return json_pack("{s:o, s:o}", "certificates", certificates,
	                 "pending", ptl_json_requests(list->pending, flags));
}
