/*
 * balance.h — a family's balance (solde): what it owes the service, as a
 * ledger of dated amounts in cents (positive: owed, e.g. a debt carried
 * over from the treasury; negative: paid). Billing will write its invoices
 * and payments into the same ledger; until then the manager records
 * entries by hand. The balance is the sum of the entries.
 *
 * A period may block booking while a family's balance is above its
 * debt_threshold_cents (README, "A period's reservation_rules"): the
 * change of reservations then refuses bookings with reason_code "debt"
 * (reservation.h), in the same transaction, unless the manager set an
 * override for the family.
 *
 * Ownership: a ptl_balance belongs to the caller, released with
 * ptl_balance_free() (NULL is a no-op).
 */
#ifndef PORTAIL_BALANCE_H
#define PORTAIL_BALANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One entry of a family's ledger. */
typedef struct ptl_balance_entry {
	int64_t id;
	int64_t amount_cents;  /**< positive: owed; negative: paid */
	char *label;           /**< "Reprise du solde de la trésorerie" */
	char day[11];          /**< "YYYY-MM-DD" (Paris) */
	char *source;          /**< "manager" (billing will add its own) */
} ptl_balance_entry;

/** A family's balance. */
typedef struct ptl_balance {
	int64_t family_id;
	int64_t balance_cents;     /**< the sum of the entries */
	bool booking_override;     /**< the manager lets the family book whatever it owes */
	size_t count;
	ptl_balance_entry *entries;  /**< oldest first */
} ptl_balance;

/** The balance, override and entries of family @p family_id, in one statement.
 *  @return PTL_OK; PTL_ENOTFOUND (field "family"). */
int ptl_balance_get(ptl_balance **out, ptl_db *db, int64_t family_id);

/** What ptl_balance_add() records. */
typedef struct ptl_balance_add_options {
	unsigned int version;   /**< PTL_BALANCE_ADD_OPTIONS_VERSION */
	int64_t amount_cents;   /**< not 0, at most 100,000,000 either way */
	const char *label;      /**< 1 to 200 characters */
} ptl_balance_add_options;

#define PTL_BALANCE_ADD_OPTIONS_VERSION 1
#define PTL_BALANCE_ADD_OPTIONS_INIT { .version = PTL_BALANCE_ADD_OPTIONS_VERSION }

/** Record an entry (source "manager", dated today in Paris) in the ledger
 *  of family @p family_id; @p out receives the new balance.
 *  @return PTL_OK; PTL_ENOTFOUND (field "family"); PTL_EINVALID (field
 *  "amount_cents" or "label"). */
int ptl_balance_add(int64_t *out, ptl_db *db, int64_t family_id,
                    const ptl_balance_add_options *in);

/** Set (@p allow true) or clear the override that lets family @p family_id
 *  book whatever its balance. @return PTL_OK; PTL_ENOTFOUND (field "family"). */
int ptl_balance_set_override(ptl_db *db, int64_t family_id, bool allow);

/** Release @p balance (NULL: nothing). */
void ptl_balance_free(ptl_balance *balance);

#ifdef __cplusplus
}
#endif
#endif
