/*
 * catalogue-parse.c — a catalogue file read into the tree of
 * portail/catalogue.h, and checked whole before anything is written.
 *
 * Every value is checked where it is read, with its JSON path
 * ("facilities[0].activity_types[1].activities[0].periods[0].last_day")
 * kept in the parser as it walks the file: the first problem found is the
 * last error (PTL_EINVALID), its field the path, its English message the
 * path and what is wrong, its French message the same for the pages.
 * Checked: unknown keys (a typo must not pass silently), types, text
 * lengths (those of the schema's CHECK constraints, sql/0008-catalogue.sql),
 * codes (lower-case letters, digits and hyphens, unique in their table or
 * in their period), dates and their order, weekday names, times, the
 * references of units (counter, depends_on, incompatible_with, linked) to
 * the same period, cycles of depends_on, school levels (those of the field
 * table, child.school_level), age bounds, and the reservation rules
 * (reservation-rules.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portail/error.h>
#include <portail/field.h>

#include "catalogue-internal.h"
#include "core/text.h"
#include "error-internal.h"
#include "reservation-internal.h"

#define MAX_CODE 64

struct seen {
	const char **codes;
	size_t count, size;
};

struct parser {
	char path[400];
	size_t len;
	bool with_ids;
	/* Codes unique in their table: facilities, activity types,
	 * activities, periods. */
	struct seen seen[4];
};

enum { SEEN_FACILITY, SEEN_TYPE, SEEN_ACTIVITY, SEEN_PERIOD };

/* --- the path ------------------------------------------------------------ */

static size_t enter_key(struct parser *p, const char *key)
{
	size_t old = p->len;
	int n = snprintf(p->path + p->len, sizeof(p->path) - p->len, "%s%s",
	                 p->len ? "." : "", key);

	if (n > 0)
		p->len += (size_t)n < sizeof(p->path) - p->len ? (size_t)n : sizeof(p->path) - p->len - 1;
	return old;
}

static size_t enter_index(struct parser *p, size_t index)
{
	size_t old = p->len;
	int n = snprintf(p->path + p->len, sizeof(p->path) - p->len, "[%zu]", index);

	if (n > 0)
		p->len += (size_t)n < sizeof(p->path) - p->len ? (size_t)n : sizeof(p->path) - p->len - 1;
	return old;
}

static void leave(struct parser *p, size_t old)
{
	p->len = old;
	p->path[old] = '\0';
}

/* Refuse the value at the current path. @p en and @p fr may hold one %s,
 * replaced by @p arg. */
static int fail(struct parser *p, const char *arg, const char *en, const char *fr)
{
	char what_en[200], what_fr[300], msg_fr[720];
	const char *where = p->path[0] ? p->path : "(file)";

	snprintf(what_en, sizeof(what_en), en, arg ? arg : "");
	snprintf(what_fr, sizeof(what_fr), fr, arg ? arg : "");
	snprintf(msg_fr, sizeof(msg_fr), "%s : %s", p->path[0] ? p->path : "(fichier)", what_fr);
	return ptl__error_set(PTL_EINVALID, p->path, msg_fr, "%s: %s", where, what_en);
}

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

/* --- values -------------------------------------------------------------- */

/* The member @p key of @p obj; NULL when absent or null. */
static json_t *member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_null(v) ? NULL : v;
}

/* Refuse a key of @p obj that is not in @p allowed (NULL-ended). */
static int check_keys(struct parser *p, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *value;

	json_object_foreach(obj, key, value) {
		bool known = p->with_ids && strcmp(key, "id") == 0;

		for (size_t i = 0; !known && allowed[i]; i++)
			known = strcmp(key, allowed[i]) == 0;
		if (!known) {
			size_t old = enter_key(p, key);
			int rc = fail(p, NULL, "unknown key", "clé inconnue");

			leave(p, old);
			return rc;
		}
	}
	return PTL_OK;
}

/* Text of @p min to @p max characters into *out ("" when absent and
 * optional, that is when @p min is 0). */
static int get_text(struct parser *p, json_t *obj, const char *key, size_t min, size_t max,
                    char **out)
{
	json_t *v = member(obj, key);
	size_t old = enter_key(p, key), chars = 0;
	const char *s = json_string_value(v);
	char en[80], fr[120];
	int rc = PTL_OK;

	if (!v && min > 0)
		rc = fail(p, NULL, "missing", "valeur obligatoire manquante");
	else if (v && !s)
		rc = fail(p, NULL, "not a string", "doit être un texte");
	else if (s && (strlen(s) != json_string_length(v) || !ptl__utf8_chars(s, &chars)))
		rc = fail(p, NULL, "control characters", "contient des caractères non valides");
	else if (s && (chars < min || chars > max)) {
		if (min) {
			snprintf(en, sizeof(en), "from %zu to %zu characters", min, max);
			snprintf(fr, sizeof(fr), "de %zu à %zu caractères", min, max);
		} else {
			snprintf(en, sizeof(en), "at most %zu characters", max);
			snprintf(fr, sizeof(fr), "%zu caractères au plus", max);
		}
		rc = fail(p, NULL, en, fr);
	} else if (!(*out = strdup(s ? s : "")))
		rc = oom();
	leave(p, old);
	return rc;
}

static bool code_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > MAX_CODE || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* A code out of a JSON string @p v, at the current path. */
static int code_value(struct parser *p, json_t *v, char **out)
{
	const char *s = json_string_value(v);

	if (!v)
		return fail(p, NULL, "missing", "valeur obligatoire manquante");
	if (!s)
		return fail(p, NULL, "not a string", "doit être un texte");
	if (strlen(s) != json_string_length(v) || !code_valid(s))
		return fail(p, s, "\"%s\" is not a code (1 to 64 lower-case letters, digits and "
		            "hyphens, not starting with a hyphen)",
		            "« %s » n’est pas un code (1 à 64 lettres minuscules, chiffres et tirets, "
		            "sans tiret au début)");
	if (!(*out = strdup(s)))
		return oom();
	return PTL_OK;
}

static int get_code(struct parser *p, json_t *obj, const char *key, char **out)
{
	size_t old = enter_key(p, key);
	int rc = code_value(p, member(obj, key), out);

	leave(p, old);
	return rc;
}

static int get_bool(struct parser *p, json_t *obj, const char *key, bool *out)
{
	json_t *v = member(obj, key);
	size_t old = enter_key(p, key);
	int rc = PTL_OK;

	if (v && !json_is_boolean(v))
		rc = fail(p, NULL, "not true or false", "doit valoir true ou false");
	else
		*out = v && json_is_true(v);
	leave(p, old);
	return rc;
}

/* An integer from @p min to @p max into *out; when absent, @p absent
 * (-1 with required false), or a refusal when @p required. */
static int get_int(struct parser *p, json_t *obj, const char *key, bool required, int min,
                   int max, int *out)
{
	json_t *v = member(obj, key);
	size_t old = enter_key(p, key);
	char en[80], fr[80];
	int rc = PTL_OK;

	*out = -1;
	if (!v && required)
		rc = fail(p, NULL, "missing", "valeur obligatoire manquante");
	else if (v && !json_is_integer(v))
		rc = fail(p, NULL, "not an integer", "doit être un nombre entier");
	else if (v && (json_integer_value(v) < min || json_integer_value(v) > max)) {
		snprintf(en, sizeof(en), "out of range (%d to %d)", min, max);
		snprintf(fr, sizeof(fr), "hors des limites (de %d à %d)", min, max);
		rc = fail(p, NULL, en, fr);
	} else if (v)
		*out = (int)json_integer_value(v);
	leave(p, old);
	return rc;
}

static int get_id(struct parser *p, json_t *obj, int64_t *out)
{
	json_t *v = member(obj, "id");

	*out = json_is_integer(v) ? json_integer_value(v) : 0;
	return PTL_OK;
}

/* A date "YYYY-MM-DD" out of @p v at the current path. */
static int day_value(struct parser *p, json_t *v, ptl_day *out)
{
	const char *s = json_string_value(v);

	if (!v)
		return fail(p, NULL, "missing", "valeur obligatoire manquante");
	if (!s || ptl_day_parse(out, s) != PTL_OK)
		return fail(p, NULL, "not a date (YYYY-MM-DD)", "n’est pas une date valide (AAAA-MM-JJ)");
	return PTL_OK;
}

/* A date; when optional and absent, *given is false. */
static int get_day(struct parser *p, json_t *obj, const char *key, bool required, ptl_day *out,
                   bool *given)
{
	json_t *v = member(obj, key);
	size_t old = enter_key(p, key);
	int rc = PTL_OK;

	if (given)
		*given = v != NULL;
	if (v || required)
		rc = day_value(p, v, out);
	leave(p, old);
	return rc;
}

/* A time "HH:MM" into minutes after midnight; -1 when absent. */
static int get_time(struct parser *p, json_t *obj, const char *key, int *out)
{
	json_t *v = member(obj, key);
	const char *s = json_string_value(v);
	size_t old = enter_key(p, key);
	int rc = PTL_OK;

	*out = -1;
	if (v && (!s || strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
	          s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' ||
	          s[4] > '9' || (s[0] - '0') * 10 + (s[1] - '0') > 23))
		rc = fail(p, NULL, "not a time (HH:MM)", "n’est pas une heure valide (HH:MM)");
	else if (v)
		*out = ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
	leave(p, old);
	return rc;
}

/* The array @p key (NULL when absent and not @p required). */
static int get_array(struct parser *p, json_t *obj, const char *key, bool required, json_t **out)
{
	json_t *v = member(obj, key);
	size_t old = enter_key(p, key);
	int rc = PTL_OK;

	*out = v;
	if (!v && required)
		rc = fail(p, NULL, "missing", "valeur obligatoire manquante");
	else if (v && !json_is_array(v))
		rc = fail(p, NULL, "not an array", "doit être une liste [...]");
	leave(p, old);
	return rc;
}

/* Check that element @p e (at the current path) is an object with the
 * @p allowed keys. */
static int element(struct parser *p, json_t *e, const char *const *allowed)
{
	if (!json_is_object(e))
		return fail(p, NULL, "not an object", "doit être un objet {...}");
	return check_keys(p, e, allowed);
}

/* Room for the @p n elements of an array, zeroed; *count is set at once so
 * that a half-read tree frees cleanly. */
static int alloc_array(void **out, size_t *count, size_t n, size_t size)
{
	*count = 0;
	if (!(*out = calloc(n ? n : 1, size)))
		return oom();
	*count = n;
	return PTL_OK;
}

/* Record @p code as used in its table; refuse it when it was already. */
static int unique(struct parser *p, int table, const char *code)
{
	struct seen *s = &p->seen[table];

	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->codes[i], code) == 0)
			return fail(p, code, "code \"%s\" used twice", "le code « %s » est utilisé deux fois");
	if (s->count == s->size) {
		size_t size = s->size ? s->size * 2 : 32;
		const char **grown = realloc(s->codes, size * sizeof(*grown));

		if (!grown)
			return oom();
		s->codes = grown;
		s->size = size;
	}
	s->codes[s->count++] = code;
	return PTL_OK;
}

/* The code of element @p e, unique in @p table (or, with @p table -1, among
 * the codes of its @p n siblings before it: @p siblings points to the code
 * of the first, the others follow every @p stride bytes). */
static int element_code(struct parser *p, json_t *e, int table, char **out,
                        const void *siblings, size_t n, size_t stride)
{
	size_t old = enter_key(p, "code");
	int rc = code_value(p, member(e, "code"), out);

	if (rc == PTL_OK && table >= 0)
		rc = unique(p, table, *out);
	for (size_t i = 0; rc == PTL_OK && table < 0 && i < n; i++)
		if (strcmp(*(char *const *)((const char *)siblings + i * stride), *out) == 0)
			rc = fail(p, *out, "code \"%s\" used twice here",
			          "le code « %s » est utilisé deux fois ici");
	leave(p, old);
	return rc;
}

/* --- periods ------------------------------------------------------------- */

const char *const ptl__catalogue_weekdays[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static int parse_weekdays(struct parser *p, json_t *period, unsigned int *out)
{
	json_t *list, *v;
	size_t i, old;
	int rc = get_array(p, period, "opening_weekdays", true, &list);

	*out = 0;
	if (rc != PTL_OK)
		return rc;
	old = enter_key(p, "opening_weekdays");
	if (json_array_size(list) == 0)
		rc = fail(p, NULL, "no weekday", "aucun jour de la semaine");
	json_array_foreach(list, i, v) {
		size_t at = enter_index(p, i);
		const char *s = json_string_value(v);
		unsigned int bit = 0;

		for (unsigned int d = 0; s && d < 7; d++)
			if (strcmp(s, ptl__catalogue_weekdays[d]) == 0)
				bit = 1u << d;
		if (rc == PTL_OK && !bit)
			rc = fail(p, NULL, "not a weekday (monday ... sunday)",
			          "n’est pas un jour de la semaine (monday ... sunday)");
		else if (rc == PTL_OK && (*out & bit))
			rc = fail(p, s, "\"%s\" listed twice", "« %s » figure deux fois");
		*out |= bit;
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

static int add_closure(struct parser *p, ptl_catalogue_period *pd, size_t *size, ptl_day day,
                       const char *reason)
{
	char text[11];

	if (!p->with_ids && (day < pd->first_day || day > pd->last_day)) {
		ptl_day_format(text, day);
		return fail(p, text, "%s is outside the period", "le %s est en dehors de la période");
	}
	for (size_t i = 0; i < pd->closure_count; i++)
		if (pd->closures[i].day == day) {
			ptl_day_format(text, day);
			return fail(p, text, "%s is closed twice", "le %s est fermé deux fois");
		}
	if (pd->closure_count == *size) {
		size_t grown_size = *size ? *size * 2 : 16;
		ptl_catalogue_closure *grown = realloc(pd->closures, grown_size * sizeof(*grown));

		if (!grown)
			return oom();
		pd->closures = grown;
		*size = grown_size;
	}
	if (!(pd->closures[pd->closure_count].reason = strdup(reason)))
		return oom();
	pd->closures[pd->closure_count++].day = day;
	return PTL_OK;
}

static int compare_closures(const void *a, const void *b)
{
	ptl_day x = ((const ptl_catalogue_closure *)a)->day, y = ((const ptl_catalogue_closure *)b)->day;

	return (x > y) - (x < y);
}

static int parse_closures(struct parser *p, json_t *period, ptl_catalogue_period *pd)
{
	static const char *const keys[] = { "day", "from", "to", "reason", NULL };
	json_t *list, *e;
	size_t i, size = 0, old;
	int rc = get_array(p, period, "closures", false, &list);

	old = enter_key(p, "closures");
	json_array_foreach(list, i, e) {
		size_t at = enter_index(p, i);
		ptl_day day = 0, from = 0, to = 0;
		bool has_day = false, has_from = false, has_to = false;
		char *reason = NULL;

		if (rc == PTL_OK)
			rc = element(p, e, keys);
		if (rc == PTL_OK &&
		    (rc = get_day(p, e, "day", false, &day, &has_day)) == PTL_OK &&
		    (rc = get_day(p, e, "from", false, &from, &has_from)) == PTL_OK &&
		    (rc = get_day(p, e, "to", false, &to, &has_to)) == PTL_OK &&
		    (rc = get_text(p, e, "reason", 0, 200, &reason)) == PTL_OK) {
			if (has_day == (has_from || has_to) || has_from != has_to)
				rc = fail(p, NULL, "give either \"day\" or both \"from\" and \"to\"",
				          "indiquez soit « day », soit « from » et « to »");
			else if (has_from && to < from) {
				size_t k = enter_key(p, "to");
				rc = fail(p, NULL, "before from", "avant la date « from »");
				leave(p, k);
			}
			if (!has_day)
				day = from;
			else
				to = day;
			for (ptl_day d = day; rc == PTL_OK && d <= to; d++)
				rc = add_closure(p, pd, &size, d, reason);
		}
		free(reason);
		leave(p, at);
	}
	leave(p, old);
	if (rc == PTL_OK && pd->closure_count > 1)
		qsort(pd->closures, pd->closure_count, sizeof(*pd->closures), compare_closures);
	return rc;
}

static int parse_counters(struct parser *p, json_t *period, ptl_catalogue_period *pd)
{
	static const char *const keys[] = { "code", "label", "capacity", NULL };
	json_t *list, *e;
	size_t i, old;
	int rc = get_array(p, period, "capacity_counters", false, &list);

	if (rc == PTL_OK)
		rc = alloc_array((void **)&pd->counters, &pd->counter_count, json_array_size(list),
		                 sizeof(*pd->counters));
	old = enter_key(p, "capacity_counters");
	json_array_foreach(list, i, e) {
		size_t at = enter_index(p, i);
		ptl_catalogue_counter *c = &pd->counters[i];

		if (rc == PTL_OK && (rc = element(p, e, keys)) == PTL_OK &&
		    (rc = get_id(p, e, &c->id)) == PTL_OK &&
		    (rc = element_code(p, e, -1, &c->code, &pd->counters[0].code, i, sizeof(*c))) == PTL_OK &&
		    (rc = get_text(p, e, "label", 0, 200, &c->label)) == PTL_OK)
			rc = get_int(p, e, "capacity", true, 0, 1000000, &c->capacity);
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

/* The index of the unit or counter coded @p code (@p items points to the
 * code of the first of @p n, the others every @p stride bytes), at the
 * current path; -1 and a refusal when the period has none. */
static int find_code(struct parser *p, const char *code, const void *items, size_t n,
                     size_t stride, bool counter, int *out)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(*(char *const *)((const char *)items + i * stride), code) == 0) {
			*out = (int)i;
			return PTL_OK;
		}
	*out = -1;
	if (!code)
		return fail(p, NULL, "not a string", "doit être un texte");
	return counter
		? fail(p, code, "no capacity counter \"%s\" in this period",
		       "pas de compteur de places « %s » dans cette période")
		: fail(p, code, "no unit \"%s\" in this period", "pas d’unité « %s » dans cette période");
}

static int add_index(int **list, size_t *count, int index)
{
	int *grown;

	for (size_t i = 0; i < *count; i++)
		if ((*list)[i] == index)
			return PTL_OK;
	if (!(grown = realloc(*list, (*count + 1) * sizeof(*grown))))
		return oom();
	*list = grown;
	grown[(*count)++] = index;
	return PTL_OK;
}

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* A list of unit codes of the period (incompatible_with, linked) into
 * indexes; each unit once, not @p self. */
static int unit_list(struct parser *p, json_t *e, const char *key, ptl_catalogue_period *pd,
                     size_t self, int **out, size_t *count)
{
	json_t *list, *v;
	size_t i, old;
	int rc = get_array(p, e, key, false, &list);

	old = enter_key(p, key);
	json_array_foreach(list, i, v) {
		size_t at = enter_index(p, i);
		int index = -1;
		size_t before = *count;

		if (rc == PTL_OK)
			rc = find_code(p, json_string_value(v), &pd->units[0].code, pd->unit_count,
			               sizeof(*pd->units), false, &index);
		if (rc == PTL_OK && (size_t)index == self)
			rc = fail(p, NULL, "the unit itself", "l’unité elle-même");
		if (rc == PTL_OK && (rc = add_index(out, count, index)) == PTL_OK && *count == before)
			rc = fail(p, json_string_value(v), "\"%s\" listed twice", "« %s » figure deux fois");
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

static int parse_units(struct parser *p, json_t *period, ptl_catalogue_period *pd)
{
	static const char *const keys[] = { "code", "label", "starts_at", "ends_at", "counter",
	                                    "depends_on", "incompatible_with", "linked", NULL };
	json_t *list, *e;
	size_t i, old;
	int rc = get_array(p, period, "units", false, &list);

	if (rc == PTL_OK)
		rc = alloc_array((void **)&pd->units, &pd->unit_count, json_array_size(list),
		                 sizeof(*pd->units));
	old = enter_key(p, "units");
	/* First what each unit is, then what it refers to. */
	json_array_foreach(list, i, e) {
		size_t at = enter_index(p, i);
		ptl_catalogue_unit *u = &pd->units[i];

		u->counter = u->depends_on = u->starts_at = u->ends_at = -1;
		if (rc == PTL_OK && (rc = element(p, e, keys)) == PTL_OK &&
		    (rc = get_id(p, e, &u->id)) == PTL_OK &&
		    (rc = element_code(p, e, -1, &u->code, &pd->units[0].code, i, sizeof(*u))) == PTL_OK &&
		    (rc = get_text(p, e, "label", 1, 100, &u->label)) == PTL_OK &&
		    (rc = get_time(p, e, "starts_at", &u->starts_at)) == PTL_OK &&
		    (rc = get_time(p, e, "ends_at", &u->ends_at)) == PTL_OK &&
		    u->starts_at >= 0 && u->ends_at >= 0 && u->ends_at <= u->starts_at) {
			size_t k = enter_key(p, "ends_at");
			rc = fail(p, NULL, "not after starts_at", "n’est pas après l’heure de début");
			leave(p, k);
		}
		leave(p, at);
	}
	json_array_foreach(list, i, e) {
		size_t at = enter_index(p, i), k;
		ptl_catalogue_unit *u = &pd->units[i];
		json_t *v;

		if (rc == PTL_OK && (v = member(e, "counter"))) {
			k = enter_key(p, "counter");
			rc = find_code(p, json_string_value(v), &pd->counters[0].code, pd->counter_count,
			               sizeof(*pd->counters), true, &u->counter);
			leave(p, k);
		}
		if (rc == PTL_OK && (v = member(e, "depends_on"))) {
			k = enter_key(p, "depends_on");
			rc = find_code(p, json_string_value(v), &pd->units[0].code, pd->unit_count,
			               sizeof(*pd->units), false, &u->depends_on);
			if (rc == PTL_OK && (size_t)u->depends_on == i)
				rc = fail(p, NULL, "the unit itself", "l’unité elle-même");
			leave(p, k);
		}
		if (rc == PTL_OK)
			rc = unit_list(p, e, "linked", pd, i, &u->linked, &u->linked_count);
		if (rc == PTL_OK) {
			int *mine = NULL;
			size_t n = 0;

			/* Symmetric: each side lists the other. */
			rc = unit_list(p, e, "incompatible_with", pd, i, &mine, &n);
			for (size_t j = 0; rc == PTL_OK && j < n; j++)
				if ((rc = add_index(&u->incompatible, &u->incompatible_count, mine[j])) == PTL_OK)
					rc = add_index(&pd->units[mine[j]].incompatible,
					               &pd->units[mine[j]].incompatible_count, (int)i);
			free(mine);
		}
		leave(p, at);
	}
	/* depends_on without cycles: from any unit, the chain of parents
	 * ends within unit_count steps. */
	for (i = 0; rc == PTL_OK && i < pd->unit_count; i++) {
		int u = pd->units[i].depends_on;

		for (size_t steps = 0; u >= 0 && steps <= pd->unit_count; steps++)
			u = (size_t)u == i ? -2 : pd->units[u].depends_on;
		if (u != -1) {
			size_t at = enter_index(p, i), k = enter_key(p, "depends_on");
			rc = fail(p, NULL, "a cycle of dependencies", "des dépendances en boucle");
			leave(p, k);
			leave(p, at);
		}
	}
	for (i = 0; rc == PTL_OK && i < pd->unit_count; i++)
		if (pd->units[i].incompatible_count > 1)
			qsort(pd->units[i].incompatible, pd->units[i].incompatible_count, sizeof(int),
			      compare_ints);
	leave(p, old);
	return rc;
}

static int parse_school_levels(struct parser *p, json_t *e, ptl_catalogue_group *g)
{
	const ptl_field *field = ptl_field_find("child", "school_level");
	json_t *list, *v;
	size_t i, old;
	int rc = get_array(p, e, "school_levels", false, &list);

	if (rc == PTL_OK)
		rc = alloc_array((void **)&g->school_levels, &g->school_level_count,
		                 json_array_size(list), sizeof(*g->school_levels));
	old = enter_key(p, "school_levels");
	json_array_foreach(list, i, v) {
		size_t at = enter_index(p, i);
		const char *s = json_string_value(v);
		bool known = false;

		for (size_t k = 0; s && field && k < field->value_count; k++)
			known = known || strcmp(s, field->values[k].value) == 0;
		for (size_t k = 0; rc == PTL_OK && known && k < i; k++)
			if (strcmp(g->school_levels[k], s) == 0)
				rc = fail(p, s, "\"%s\" listed twice", "« %s » figure deux fois");
		if (rc == PTL_OK && !known)
			rc = fail(p, NULL, "not a school level (PS, MS, GS, CP ... Tle)",
			          "n’est pas un niveau scolaire (PS, MS, GS, CP ... Tle)");
		if (rc == PTL_OK && !(g->school_levels[i] = strdup(s)))
			rc = oom();
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

static int parse_groups(struct parser *p, json_t *period, ptl_catalogue_period *pd)
{
	static const char *const keys[] = { "code", "label", "capacity", "min_age_months",
	                                    "max_age_months", "age_reference_day",
	                                    "school_levels", NULL };
	json_t *list, *e;
	size_t i, old;
	int rc = get_array(p, period, "groups", false, &list);

	if (rc == PTL_OK)
		rc = alloc_array((void **)&pd->groups, &pd->group_count, json_array_size(list),
		                 sizeof(*pd->groups));
	old = enter_key(p, "groups");
	json_array_foreach(list, i, e) {
		size_t at = enter_index(p, i);
		ptl_catalogue_group *g = &pd->groups[i];

		g->min_age_months = g->max_age_months = -1;
		if (rc == PTL_OK && (rc = element(p, e, keys)) == PTL_OK &&
		    (rc = get_id(p, e, &g->id)) == PTL_OK &&
		    (rc = element_code(p, e, -1, &g->code, &pd->groups[0].code, i, sizeof(*g))) == PTL_OK &&
		    (rc = get_text(p, e, "label", 1, 200, &g->label)) == PTL_OK &&
		    (rc = get_int(p, e, "capacity", true, 0, 100000, &g->capacity)) == PTL_OK &&
		    (rc = get_int(p, e, "min_age_months", false, 0, 1200, &g->min_age_months)) == PTL_OK &&
		    (rc = get_int(p, e, "max_age_months", false, 1, 1200, &g->max_age_months)) == PTL_OK &&
		    (rc = get_day(p, e, "age_reference_day", false, &g->age_reference_day,
		                  &g->has_age_reference_day)) == PTL_OK &&
		    (rc = parse_school_levels(p, e, g)) == PTL_OK &&
		    g->min_age_months >= 0 && g->max_age_months >= 0 &&
		    g->max_age_months <= g->min_age_months) {
			size_t k = enter_key(p, "max_age_months");
			rc = fail(p, NULL, "not above min_age_months", "n’est pas au-dessus de l’âge minimum");
			leave(p, k);
		}
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

/* Refuse, at key @p key, a day @p day before @p bound (named @p what). */
static int not_before(struct parser *p, const char *key, ptl_day day, ptl_day bound,
                      const char *what, const char *what_fr)
{
	size_t k;
	int rc;

	if (day >= bound)
		return PTL_OK;
	k = enter_key(p, key);
	rc = fail(p, what_fr, what, "avant %s");
	leave(p, k);
	return rc;
}

/* The reservation rules (reservation-rules.c), refused with the path of the
 * offending key under the current one. */
static int check_reservation_rules(struct parser *p, json_t *rules)
{
	struct ptl__resa_rules read;
	struct ptl__rules_problem pb;
	size_t old;
	int rc;

	if (ptl__reservation_rules_read(&read, rules, &pb))
		return PTL_OK;
	old = enter_key(p, pb.path);
	rc = fail(p, NULL, pb.en, pb.fr);
	leave(p, old);
	return rc;
}

static int parse_period(struct parser *p, json_t *e, ptl_catalogue_period *pd)
{
	static const char *const keys[] = { "code", "label", "first_day", "last_day",
	                                    "opening_weekdays", "closures", "enrolment",
	                                    "capacity_counters", "units", "reservation_rules",
	                                    "groups", NULL };
	static const char *const enrolment_keys[] = { "opens", "closes", NULL };
	json_t *enrolment = member(e, "enrolment"), *rules = member(e, "reservation_rules");
	size_t k;
	int rc;

	if ((rc = element(p, e, keys)) != PTL_OK || (rc = get_id(p, e, &pd->id)) != PTL_OK ||
	    (rc = element_code(p, e, SEEN_PERIOD, &pd->code, NULL, 0, 0)) != PTL_OK ||
	    (rc = get_text(p, e, "label", 1, 200, &pd->label)) != PTL_OK ||
	    (rc = get_day(p, e, "first_day", true, &pd->first_day, NULL)) != PTL_OK ||
	    (rc = get_day(p, e, "last_day", true, &pd->last_day, NULL)) != PTL_OK ||
	    (rc = not_before(p, "last_day", pd->last_day, pd->first_day, "before first_day",
	                     "le premier jour")) != PTL_OK ||
	    (rc = parse_weekdays(p, e, &pd->opening_weekdays)) != PTL_OK ||
	    (rc = parse_closures(p, e, pd)) != PTL_OK)
		return rc;

	k = enter_key(p, "enrolment");
	if (!enrolment)
		rc = fail(p, NULL, "missing", "valeur obligatoire manquante");
	else if ((rc = element(p, enrolment, enrolment_keys)) == PTL_OK &&
	         (rc = get_day(p, enrolment, "opens", true, &pd->enrolment_opens, NULL)) == PTL_OK &&
	         (rc = get_day(p, enrolment, "closes", true, &pd->enrolment_closes, NULL)) == PTL_OK &&
	         (rc = not_before(p, "closes", pd->enrolment_closes, pd->enrolment_opens,
	                          "before opens", "l’ouverture des inscriptions")) == PTL_OK &&
	         !p->with_ids && pd->enrolment_closes > pd->last_day) {
		size_t c = enter_key(p, "closes");
		rc = fail(p, NULL, "after the period's last_day", "après le dernier jour de la période");
		leave(p, c);
	}
	leave(p, k);
	if (rc != PTL_OK)
		return rc;

	k = enter_key(p, "reservation_rules");
	if (rules && !json_is_object(rules))
		rc = fail(p, NULL, "not an object", "doit être un objet {...}");
	else if (rules && (rc = check_reservation_rules(p, rules)) != PTL_OK)
		; /* refused with its path */
	else if (!(pd->reservation_rules = rules ? json_dumps(rules, JSON_COMPACT | JSON_SORT_KEYS)
	                                        : strdup("{}")))
		rc = oom();
	leave(p, k);
	if (rc == PTL_OK && (rc = parse_counters(p, e, pd)) == PTL_OK &&
	    (rc = parse_units(p, e, pd)) == PTL_OK)
		rc = parse_groups(p, e, pd);
	return rc;
}

/* --- activities and up ----------------------------------------------------- */

static int parse_documents(struct parser *p, json_t *activity, ptl_catalogue_activity *a)
{
	static const char *const keys[] = { "type", "label", "validity_months", NULL };
	json_t *list, *e;
	size_t i, old;
	int rc = get_array(p, activity, "documents", false, &list);

	if (rc == PTL_OK)
		rc = alloc_array((void **)&a->documents, &a->document_count, json_array_size(list),
		                 sizeof(*a->documents));
	old = enter_key(p, "documents");
	json_array_foreach(list, i, e) {
		size_t at = enter_index(p, i), k;
		ptl_catalogue_document *d = &a->documents[i];

		if (rc == PTL_OK && (rc = element(p, e, keys)) == PTL_OK &&
		    (rc = get_code(p, e, "type", &d->type)) == PTL_OK) {
			k = enter_key(p, "type");
			for (size_t j = 0; rc == PTL_OK && j < i; j++)
				if (strcmp(a->documents[j].type, d->type) == 0)
					rc = fail(p, d->type, "document \"%s\" listed twice",
					          "le document « %s » figure deux fois");
			leave(p, k);
		}
		if (rc == PTL_OK && (rc = get_text(p, e, "label", 1, 200, &d->label)) == PTL_OK &&
		    (rc = get_int(p, e, "validity_months", false, 1, 120, &d->validity_months)) == PTL_OK &&
		    d->validity_months < 0)
			d->validity_months = 0;
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

static int parse_rules(struct parser *p, json_t *activity, ptl_catalogue_activity *a)
{
	static const char *const keys[] = { "title", "version", "url", NULL };
	json_t *rules = member(activity, "rules");
	size_t k = enter_key(p, "rules");
	int rc = PTL_OK;

	if (rules && (rc = element(p, rules, keys)) != PTL_OK)
		goto done;
	if ((rc = get_text(p, rules, "title", rules ? 1 : 0, 200, &a->rules_title)) != PTL_OK ||
	    (rc = get_text(p, rules, "version", rules ? 1 : 0, 50, &a->rules_version)) != PTL_OK)
		goto done;
	rc = get_text(p, rules, "url", 0, 500, &a->rules_url);
done:
	leave(p, k);
	return rc;
}

static int parse_activity(struct parser *p, json_t *e, ptl_catalogue_activity *a)
{
	static const char *const keys[] = { "code", "name", "description", "asks_comment", "rules",
	                                    "documents", "booking_blocked_if_missing", "periods",
	                                    NULL };
	json_t *list, *pe;
	size_t i, old;
	int rc;

	if ((rc = element(p, e, keys)) != PTL_OK || (rc = get_id(p, e, &a->id)) != PTL_OK ||
	    (rc = element_code(p, e, SEEN_ACTIVITY, &a->code, NULL, 0, 0)) != PTL_OK ||
	    (rc = get_text(p, e, "name", 1, 200, &a->name)) != PTL_OK ||
	    (rc = get_text(p, e, "description", 0, 2000, &a->description)) != PTL_OK ||
	    (rc = get_bool(p, e, "asks_comment", &a->asks_comment)) != PTL_OK ||
	    (rc = parse_rules(p, e, a)) != PTL_OK ||
	    (rc = parse_documents(p, e, a)) != PTL_OK ||
	    (rc = get_bool(p, e, "booking_blocked_if_missing",
	                   &a->booking_blocked_if_missing)) != PTL_OK ||
	    (rc = get_array(p, e, "periods", false, &list)) != PTL_OK ||
	    (rc = alloc_array((void **)&a->periods, &a->period_count, json_array_size(list),
	                      sizeof(*a->periods))) != PTL_OK)
		return rc;
	old = enter_key(p, "periods");
	json_array_foreach(list, i, pe) {
		size_t at = enter_index(p, i);

		if (rc == PTL_OK)
			rc = parse_period(p, pe, &a->periods[i]);
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

static int parse_type(struct parser *p, json_t *e, ptl_catalogue_activity_type *t)
{
	static const char *const keys[] = { "code", "name", "category", "activities", NULL };
	json_t *list, *ae, *category = member(e, "category");
	const char *name = json_string_value(category);
	size_t i, old;
	int rc;

	if ((rc = element(p, e, keys)) != PTL_OK || (rc = get_id(p, e, &t->id)) != PTL_OK ||
	    (rc = element_code(p, e, SEEN_TYPE, &t->code, NULL, 0, 0)) != PTL_OK ||
	    (rc = get_text(p, e, "name", 1, 200, &t->name)) != PTL_OK)
		return rc;
	t->category = PTL_CATEGORY_COUNT;
	for (int c = 0; name && c < PTL_CATEGORY_COUNT; c++)
		if (strcmp(name, ptl_catalogue_category_name((ptl_catalogue_category)c)) == 0)
			t->category = (ptl_catalogue_category)c;
	if (t->category == PTL_CATEGORY_COUNT) {
		old = enter_key(p, "category");
		rc = fail(p, NULL, category ? "not a category (loisirs, periscolaire, restauration, "
		                              "petite_enfance)" : "missing",
		          category ? "n’est pas une catégorie (loisirs, periscolaire, restauration, "
		                     "petite_enfance)" : "valeur obligatoire manquante");
		leave(p, old);
		return rc;
	}
	if ((rc = get_array(p, e, "activities", false, &list)) != PTL_OK ||
	    (rc = alloc_array((void **)&t->activities, &t->activity_count, json_array_size(list),
	                      sizeof(*t->activities))) != PTL_OK)
		return rc;
	old = enter_key(p, "activities");
	json_array_foreach(list, i, ae) {
		size_t at = enter_index(p, i);

		if (rc == PTL_OK)
			rc = parse_activity(p, ae, &t->activities[i]);
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

static int parse_facility(struct parser *p, json_t *e, ptl_catalogue_facility *f)
{
	static const char *const keys[] = { "code", "name", "activity_types", NULL };
	json_t *list, *te;
	size_t i, old;
	int rc;

	if ((rc = element(p, e, keys)) != PTL_OK || (rc = get_id(p, e, &f->id)) != PTL_OK ||
	    (rc = element_code(p, e, SEEN_FACILITY, &f->code, NULL, 0, 0)) != PTL_OK ||
	    (rc = get_text(p, e, "name", 1, 200, &f->name)) != PTL_OK ||
	    (rc = get_array(p, e, "activity_types", false, &list)) != PTL_OK ||
	    (rc = alloc_array((void **)&f->activity_types, &f->activity_type_count,
	                      json_array_size(list), sizeof(*f->activity_types))) != PTL_OK)
		return rc;
	old = enter_key(p, "activity_types");
	json_array_foreach(list, i, te) {
		size_t at = enter_index(p, i);

		if (rc == PTL_OK)
			rc = parse_type(p, te, &f->activity_types[i]);
		leave(p, at);
	}
	leave(p, old);
	return rc;
}

int ptl__catalogue_from_json(ptl_catalogue **out, json_t *root, bool with_ids)
{
	static const char *const keys[] = { "format", "facilities", NULL };
	struct parser p = { .with_ids = with_ids };
	ptl_catalogue *c = NULL;
	json_t *list, *e, *format = member(root, "format");
	size_t i, old;
	int rc;

	*out = NULL;
	if (!json_is_object(root))
		return fail(&p, NULL, "the file is not a JSON object",
		            "le fichier n’est pas un objet JSON {...}");
	if ((rc = check_keys(&p, root, keys)) != PTL_OK)
		return rc;
	if (!json_is_integer(format) || json_integer_value(format) != 1) {
		old = enter_key(&p, "format");
		rc = fail(&p, NULL, "must be 1 (the format this version reads)",
		          "doit valoir 1 (le format que cette version lit)");
		leave(&p, old);
		return rc;
	}
	if (!(c = calloc(1, sizeof(*c))))
		return oom();
	if ((rc = get_array(&p, root, "facilities", false, &list)) == PTL_OK &&
	    (rc = alloc_array((void **)&c->facilities, &c->facility_count, json_array_size(list),
	                      sizeof(*c->facilities))) == PTL_OK) {
		old = enter_key(&p, "facilities");
		json_array_foreach(list, i, e) {
			size_t at = enter_index(&p, i);

			if (rc == PTL_OK)
				rc = parse_facility(&p, e, &c->facilities[i]);
			leave(&p, at);
		}
		leave(&p, old);
	}
	for (size_t s = 0; s < sizeof(p.seen) / sizeof(p.seen[0]); s++)
		free(p.seen[s].codes);
	if (rc != PTL_OK) {
		ptl_catalogue_free(c);
		return rc;
	}
	*out = c;
	return PTL_OK;
}

int ptl_catalogue_parse(ptl_catalogue **out, const char *json_text)
{
	json_error_t error;
	json_t *root;
	int rc;

	*out = NULL;
	if (!json_text)
		return ptl__error_set(PTL_EINVALID, "", "Le fichier est vide.", "no catalogue text");
	if (!(root = json_loads(json_text, JSON_REJECT_DUPLICATES, &error))) {
		char fr[300];

		snprintf(fr, sizeof(fr), "ligne %d, colonne %d : ce n’est pas du JSON valide (%s)",
		         error.line, error.column, error.text);
		return ptl__error_set(PTL_EINVALID, "", fr, "line %d, column %d: not valid JSON: %s",
		                      error.line, error.column, error.text);
	}
	rc = ptl__catalogue_from_json(out, root, false);
	json_decref(root);
	return rc;
}
