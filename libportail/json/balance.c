/*
 * balance.c — the JSON representation of a family's balance (balance.h),
 * for the CLI's --json (and the web API when the parents' "Mon compte"
 * shows it).
 */
#include <portail-json/portail-json.h>

json_t *ptl_json_balance(const ptl_balance *b)
{
	json_t *entries = json_array(), *o;

	if (!entries)
		return NULL;
	for (size_t i = 0; i < b->count; i++) {
		const ptl_balance_entry *e = &b->entries[i];

		if (json_array_append_new(entries, json_pack("{s:I, s:I, s:s, s:s, s:s}",
		                                             "id", (json_int_t)e->id,
		                                             "amount_cents", (json_int_t)e->amount_cents,
		                                             "label", e->label, "day", e->day,
		                                             "source", e->source)) != 0) {
			json_decref(entries);
			return NULL;
		}
	}
	o = json_pack("{s:I, s:I, s:b, s:o}", "family_id", (json_int_t)b->family_id,
	              "balance_cents", (json_int_t)b->balance_cents,
	              "booking_override", b->booking_override, "entries", entries);
	return o;
}
