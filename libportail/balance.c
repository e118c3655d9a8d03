/*
 * balance.c — a family's balance as a ledger (balance.h): read in one
 * statement, an entry recorded with the new balance returned by the same
 * statement, the manager's override of the debt threshold set or cleared.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <portail/balance.h>
#include <portail/clock.h>
#include <portail/date.h>
#include <portail/error.h>

#include "core/text.h"
#include "db-internal.h"
#include "error-internal.h"

#define MAX_AMOUNT 100000000  /* one million euros, either way */

static int oom(void)
{
	return ptl__error_set(PTL_ERROR, NULL, NULL, "out of memory");
}

static int no_family(int64_t family_id)
{
	return ptl__error_set(PTL_ENOTFOUND, "family", "Famille introuvable.", "no family %lld",
	                      (long long)family_id);
}

static const char get_sql[] =
	"SELECT f.id, (SELECT coalesce(sum(amount_cents), 0) FROM family_ledger"
	"               WHERE family_id = f.id) AS balance,"
	"       EXISTS (SELECT 1 FROM family_booking_override o WHERE o.family_id = f.id)"
	"         AS override,"
	"       (SELECT coalesce(json_agg(json_build_array(l.id, l.amount_cents, l.label,"
	"                                 l.day::text, l.source) ORDER BY l.day, l.id), '[]')"
	"          FROM family_ledger l WHERE l.family_id = f.id)::text AS entries"
	"  FROM family f WHERE f.id = $1";

int ptl_balance_get(ptl_balance **out, ptl_db *db, int64_t family_id)
{
	struct ptl__num fid = ptl__num(family_id);
	const char *params[] = { fid.s };
	ptl_balance *b = NULL;
	json_t *entries = NULL, *e;
	PGresult *res;
	size_t i;
	int rc = PTL_OK;

	*out = NULL;
	if (!(res = ptl__db_query_prepared(db, get_sql, 1, params)))
		return ptl_error_last()->code;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return no_family(family_id);
	}
	entries = json_loads(ptl__db_get(res, 0, "entries"), 0, NULL);
	if (!(b = calloc(1, sizeof(*b))) || !entries ||
	    !(b->entries = calloc(json_array_size(entries) + 1, sizeof(*b->entries)))) {
		rc = oom();
		goto done;
	}
	b->family_id = family_id;
	b->balance_cents = ptl__db_get_int64(res, 0, "balance");
	b->booking_override = ptl__db_get_bool(res, 0, "override");
	json_array_foreach(entries, i, e) {
		ptl_balance_entry *x = &b->entries[b->count++];

		x->id = json_integer_value(json_array_get(e, 0));
		x->amount_cents = json_integer_value(json_array_get(e, 1));
		snprintf(x->day, sizeof(x->day), "%s", json_string_value(json_array_get(e, 3)));
		x->label = strdup(json_string_value(json_array_get(e, 2)));
		x->source = strdup(json_string_value(json_array_get(e, 4)));
		if (!x->label || !x->source) {
			rc = oom();
			goto done;
		}
	}
done:
	PQclear(res);
	json_decref(entries);
	if (rc != PTL_OK)
		ptl_balance_free(b);
	else
		*out = b;
	return rc;
}

int ptl_balance_add(int64_t *out, ptl_db *db, int64_t family_id,
                    const ptl_balance_add_options *in)
{
	struct ptl__num fid = ptl__num(family_id), amount, now = ptl__num(ptl_clock_now());
	char today[11];
	const char *params[5];
	PGresult *res;
	int rc;

	*out = 0;
	if ((rc = ptl__options_check(in ? &in->version : NULL, PTL_BALANCE_ADD_OPTIONS_VERSION,
	                             "ptl_balance_add_options")) != PTL_OK)
		return rc;
	if (in->amount_cents == 0 || in->amount_cents > MAX_AMOUNT || in->amount_cents < -MAX_AMOUNT)
		return ptl__error_set(PTL_EINVALID, "amount_cents",
			"Montant invalide (non nul, au plus 1 000 000 €).",
			"the amount must not be 0 and at most %d cents either way", MAX_AMOUNT);
	if (!in->label || !ptl__text_length_ok(in->label, 1, 200))
		return ptl__error_set(PTL_EINVALID, "label", "Libellé requis (200 caractères au plus).",
		                      "a label of 1 to 200 characters is needed");
	amount = ptl__num(in->amount_cents);
	ptl_day_format(today, ptl_day_of_instant_paris(ptl_clock_now()));
	params[0] = fid.s;
	params[1] = amount.s;
	params[2] = in->label;
	params[3] = today;
	params[4] = now.s;
	res = ptl__db_query(db,
		"WITH n AS (INSERT INTO family_ledger (family_id, amount_cents, label, day, source,"
		"                                      created_at)"
		"           SELECT id, $2::bigint, $3, $4::date, 'manager', to_timestamp($5::bigint)"
		"             FROM family WHERE id = $1::bigint RETURNING family_id, amount_cents)"
		" SELECT n.amount_cents + (SELECT coalesce(sum(amount_cents), 0) FROM family_ledger"
		"                           WHERE family_id = n.family_id) AS balance FROM n", 5, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1)
		rc = no_family(family_id);
	else
		*out = ptl__db_get_int64(res, 0, "balance");
	PQclear(res);
	return rc;
}

int ptl_balance_set_override(ptl_db *db, int64_t family_id, bool allow)
{
	struct ptl__num fid = ptl__num(family_id), now = ptl__num(ptl_clock_now());
	const char *params[] = { fid.s, now.s };
	PGresult *res;
	int rc = PTL_OK;

	res = ptl__db_query(db, allow
		? "WITH f AS (SELECT id FROM family WHERE id = $1::bigint),"
		  " n AS (INSERT INTO family_booking_override (family_id, created_at)"
		  "       SELECT id, to_timestamp($2::bigint) FROM f ON CONFLICT DO NOTHING)"
		  " SELECT id FROM f"
		: "WITH f AS (SELECT id FROM family WHERE id = $1::bigint),"
		  " d AS (DELETE FROM family_booking_override WHERE family_id = $1::bigint"
		  "         AND $2::bigint IS NOT NULL)"
		  " SELECT id FROM f", 2, params);
	if (!res)
		return ptl_error_last()->code;
	if (PQntuples(res) != 1)
		rc = no_family(family_id);
	PQclear(res);
	return rc;
}

void ptl_balance_free(ptl_balance *balance)
{
	if (!balance)
		return;
	for (size_t i = 0; i < balance->count; i++) {
		free(balance->entries[i].label);
		free(balance->entries[i].source);
	}
	free(balance->entries);
	free(balance);
}
