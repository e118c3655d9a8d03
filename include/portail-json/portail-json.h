/*
 * portail-json.h — libportail-json, the JSON representations of
 * libportail's objects, for the programs that show them.
 *
 * Why a companion library: the core API (include/portail/) exposes libc
 * types only, so that a C program can use libportail without jansson; yet
 * the web API and the CLI's --json must show each object the same way.
 * Each representation is therefore written once, here, over jansson, and
 * both front-ends take it from here: same field names everywhere, the
 * fields meant for the service's managers only when PTL_JSON_MANAGER is
 * given.
 *
 * References: every function returns a new reference (the caller releases
 * it with json_decref()), or NULL when out of memory. Library text that is
 * NULL is shown as "". Days are "YYYY-MM-DD"; instants are ISO 8601 in UTC,
 * "YYYY-MM-DDThh:mm:ssZ", and null for "never" (0).
 *
 * Text: the representations of the pages read most also come as
 * ptl_json_<object>_text(), the compact JSON text of the same
 * representation written straight into a buffer (libportail/json/writer.h:
 * no tree to build, walk and free); the json_t form is then the parse of
 * that text, so that each is still written once. The text is malloc'd (the
 * caller frees it), or NULL when out of memory.
 *
 * Adding a representation: one function `ptl_json_<object>(const ptl_x *,
 * unsigned flags)` in libportail/json/objects.c, declared below; the
 * export list takes every ptl_json_ name.
 */
#ifndef PORTAIL_JSON_H
#define PORTAIL_JSON_H

#include <jansson.h>

#include <portail/portail.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of a representation. */
enum ptl_json_flags {
	PTL_JSON_DEFAULT = 0,       /**< what a parent may see of their own data */
	PTL_JSON_MANAGER = 1u << 0, /**< add the fields for managers (record times...) */
};

/* ---- values ------------------------------------------------------------ */

/** A JSON string of @p text, "" for NULL. */
json_t *ptl_json_text(const char *text);

/** "YYYY-MM-DD". */
json_t *ptl_json_day(ptl_day day);

/** "YYYY-MM-DDThh:mm:ssZ", or null when @p t is 0 (never). */
json_t *ptl_json_time(ptl_time t);

/** The JSON value written in @p text (such as a request's before/after
 *  values); when @p text is not JSON, @p text as a JSON string. */
json_t *ptl_json_parse(const char *text);

/* ---- objects ------------------------------------------------------------ */

/** A guardian: id, names, relationship (to the children, a value of the
 *  field table, "" when not told), login email, phones, address, employer,
 *  how they are notified; managers also see created_at, updated_at,
 *  has_login and login_active (whether that login can be used). */
json_t *ptl_json_guardian(const ptl_guardian *guardian, unsigned int flags);

/** A child: id, names, birth_date, sex, school, school_level, allergies,
 *  diet, doctor, authorized_pickup; managers also see created_at and
 *  updated_at. */
json_t *ptl_json_child(const ptl_child *child, unsigned int flags);

/** The same child as compact JSON text (see "Text" above). */
char *ptl_json_child_text(const ptl_child *child, unsigned int flags);

/** A family: id, name, its guardians and children (shown with the same
 *  @p flags); managers also see created_at and updated_at. */
json_t *ptl_json_family(const ptl_family *family, unsigned int flags);

/** The family as its guardian @p guardian_id sees it: as
 *  ptl_json_family(), each guardian with "you" (true for theirs only), and
 *  the other guardians without their notification settings, which are
 *  theirs alone. */
json_t *ptl_json_family_seen_by(const ptl_family *family, int64_t guardian_id,
                                unsigned int flags);

/** A list of families, as an array of ptl_json_family(). */
json_t *ptl_json_families(const ptl_families *list, unsigned int flags);

/** A request of the validation queue: id, kind and kind_label, status and
 *  status_label (French), summary, guardian_name (who sent it), target_id
 *  (null if none), created_at, processed_at, note, after (the object asked
 *  for), and changes: [{field, label, before, after}] as the library
 *  computed them (before null for an addition, after null for a removal).
 *  Managers also see before (the object as it was), family_id, family_name,
 *  guardian_id and processed_by. */
json_t *ptl_json_request(const ptl_request *request, unsigned int flags);

/** A list of requests, as an array of ptl_json_request(). */
json_t *ptl_json_requests(const ptl_requests *list, unsigned int flags);

/** The same list as compact JSON text, under its name: {"requests": [...]}
 *  (see "Text" above). A request's "after" and "before" are the JSON text
 *  PostgreSQL wrote for them, spaces included. */
char *ptl_json_requests_text(const ptl_requests *list, unsigned int flags);

/** What a parent's pages read first (GET /api/v1/me), as compact JSON text
 *  (see "Text" above): {guardian: ptl_json_guardian() of the session's
 *  guardian, family: ptl_json_family_seen_by() that guardian, pending:
 *  [ptl_json_request()] newest first, must_change_password, csrf_token}. */
char *ptl_json_me_text(const ptl_me *me, unsigned int flags);

/** A message of the outbox: id, recipient, subject, body, status ("outbox",
 *  "sent", "failed"), error, created_at, sent_at (null until sent). */
json_t *ptl_json_mail(const ptl_mail *mail, unsigned int flags);

/** The structure's identity and contact details: one string member per
 *  field of structure.h, named by ptl_structure_field_name() ("" when not
 *  given); managers also see updated_at. */
json_t *ptl_json_structure(const ptl_structure *structure, unsigned int flags);

/** A family's calendar feed: active, created_at (null when none), and url
 *  only when the feed was just created (the one time it is given). */
json_t *ptl_json_calendar_feed(const ptl_calendar_feed *feed, unsigned int flags);

/** An enrolment, as docs of the enrolment web API give it: id, child_id,
 *  child_name, facility, activity_type, activity, category, period and
 *  group ({code, label}), first_day, last_day, status and status_label
 *  (French), marker ("V", "?", "!" or null), comment, reason (null unless
 *  refused or cancelled), waitlist_rank (null unless waiting),
 *  pre_enrolment (null, or {wanted_start, days_per_week, hours_per_week}
 *  and, once granted, contract: {start, days_per_week, hours_per_week}),
 *  missing ([{type, label}] documents missing or expired today),
 *  rules_to_accept (null, or {title, version, url}), request_id,
 *  created_at. Managers also see family_id. */
json_t *ptl_json_enrolment(const ptl_enrolment *enrolment, unsigned int flags);

/** A list of enrolments, as an array of ptl_json_enrolment(). */
json_t *ptl_json_enrolments(const ptl_enrolments *list, unsigned int flags);

/** The same list as compact JSON text (see "Text" above). */
char *ptl_json_enrolments_text(const ptl_enrolments *list, unsigned int flags);

/** A certificate of enrolment and what it certified: id, reference,
 *  enrolment_id, request_id (null for a manager's batch), requested_by
 *  ("" for a batch), issued_at, issued_on, structure ({name, address,
 *  postcode, city, phone, email}, as they were then), child ({first_name,
 *  last_name, sex, birth_date}), activity_type, activity, period ({label,
 *  first_day, last_day}), group, first_day, last_day, and pdf_url (where a
 *  parent downloads it: /api/v1/certificates/{id}/pdf). Managers also see
 *  family_id. */
json_t *ptl_json_certificate(const ptl_certificate *certificate, unsigned int flags);

/** A family's certificates and pending certificate requests:
 *  {certificates: [ptl_json_certificate()], pending: [ptl_json_request()]}. */
json_t *ptl_json_certificate_list(const ptl_certificate_list *list, unsigned int flags);

/** The cascade for one child: {child: {id, first_name, age_months,
 *  school_level}, facilities: [{code, name, offered, reason,
 *  activity_types: [{code, name, category, offered, reason, activities:
 *  [{code, name, description, offered, reason, pre_enrolment, asks_comment,
 *  rules (null or {title, version, url, accepted}), documents: [{type,
 *  label, provided, valid_until}], periods: [{code, label, first_day,
 *  last_day, enrolment_opens, enrolment_closes, offered, reason, groups:
 *  [{code, label, eligible, proposed, reason, places_left}]}]}]}]}]}. */
json_t *ptl_json_enrolment_options(const ptl_enrolment_options *options, unsigned int flags);

/** The same cascade as compact JSON text (see "Text" above). */
char *ptl_json_enrolment_options_text(const ptl_enrolment_options *options,
                                      unsigned int flags);
/** The catalogue tree (GET /api/v1/catalogue, `portail-cli catalogue show
 *  --json`): the shape of the catalogue file (README.md), every facility,
 *  activity type, activity, period, capacity counter, unit and group with
 *  its "id" first; the same for managers. */
json_t *ptl_json_catalogue(const ptl_catalogue *catalogue, unsigned int flags);

/** What a catalogue import did: {"dry_run": bool, "levels": {level name
 *  (ptl_catalogue_level_name(): "facilities", "periods"...): {"created",
 *  "updated", "unchanged", "deleted"}}}. */
json_t *ptl_json_catalogue_import_result(const ptl_catalogue_import_result *result);

/** A child's month for one enrolment, as the reservation web API gives it
 *  (GET /api/v1/enrolments/{enrolment}/calendar): {enrolment: {id,
 *  child_id, child_name, period: {code, label}, group: {code, label},
 *  first_day, last_day, status}, month, units: [{code, label, starts_at,
 *  ends_at, depends_on, incompatible_with, linked}], days: [{day, state,
 *  reason_code, reason, units: [{unit, state, rank, places_left,
 *  modifiable, modifiable_until, modifiable_until_label,
 *  late_cancel_billable, reason_code, reason}]}]}. */
json_t *ptl_json_reservation_calendar(const ptl_reservation_calendar *calendar,
                                      unsigned int flags);

/** The same calendar as compact JSON text (see "Text" above). */
char *ptl_json_reservation_calendar_text(const ptl_reservation_calendar *calendar,
                                         unsigned int flags);

/** The answer of a change of reservations: {results: [{day, unit,
 *  unit_label, action ("book"/"cancel"), outcome, rank, billable, added
 *  (null, "linked", "dependent"), reason_code, reason, reason_en}],
 *  request (null or ptl_json_request())}. */
json_t *ptl_json_reservation_results(const ptl_reservation_results *results,
                                     unsigned int flags);

/** A reservation as the manager lists it: id, day, enrolment_id,
 *  family_id, child_id, child_name, period, group, unit (codes), status,
 *  rank (null unless waiting), billable, source. */
json_t *ptl_json_reservation(const ptl_reservation *reservation, unsigned int flags);

/** A stored typical week: {slots: [{weekday, unit, weeks}], from, to}, the
 *  days null when none is stored. */
json_t *ptl_json_typical_week(const ptl_typical_week *week, unsigned int flags);

/** What a batch expansion of typical weeks did: {families, enrolments,
 *  not_validated, booked, pending, waiting, cancelled, cancel_pending,
 *  skipped, skipped_by_reason: {reason_code: count}}. */
json_t *ptl_json_typical_week_summary(const ptl_typical_week_summary *summary,
                                      unsigned int flags);

/** The preview of a typical week, from the results of
 *  ptl_typical_week_preview(): {book: [{day, unit, unit_label, outcome,
 *  rank, reason_code, reason}], cancel: [{day, unit, unit_label, outcome}],
 *  skipped: [{day, unit, unit_label, action, reason_code, reason}]}. */
json_t *ptl_json_typical_week_preview(const ptl_reservation_results *results,
                                      unsigned int flags);

/** A family's balance (balance.h): family_id, balance_cents (positive:
 *  owed), booking_override, entries [{id, amount_cents, label, day,
 *  source}], oldest first. */
json_t *ptl_json_balance(const ptl_balance *balance);

/* ---- the vocabulary of the pages ----------------------------------------- */

/** One field of the field table (portail/field.h): name, label, required,
 *  max_length (null: none), format, pattern (when the format has one),
 *  values with their labels (choices), and messages: the library's French
 *  messages for a value that is "required", "too_long" or not of the
 *  "format", each when it can happen. */
json_t *ptl_json_field(const ptl_field *field);

/** What the pages build their forms from: {"fields": {object: [field...]},
 *  "request_kinds": [{"name", "label"}] (every kind of the registry, in
 *  its order, with its French label), "password": {"min_length",
 *  "max_length"}}. */
json_t *ptl_json_vocabulary(void);

#ifdef __cplusplus
}
#endif
#endif
