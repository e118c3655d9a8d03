/*
 * demo.h — the demonstration data set: a fictional town and family.
 */
#ifndef PORTAIL_DEMO_H
#define PORTAIL_DEMO_H

#include <stdint.h>

#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The demo parent's login, loaded by ptl_demo_load(). */
#define PTL_DEMO_EMAIL "camille.lambert@example.org"
#define PTL_DEMO_PASSWORD "Demo-Portail-2026"

/** Load the demo data set if it is not there yet (idempotent): the
 *  details of the town's childcare and youth service (unless a name is
 *  already set), the town's catalogue for the school year 2026/2027
 *  (unless there is a catalogue already: Mercredis and summer holidays,
 *  périscolaire and school restaurant, a crèche; see demo-catalogue.json),
 *  and the Lambert family of the town of Valmont-sur-Loire,
 *  with two children and the demo parent's password set. @param created_out receives 1 if the data
 *  was created now, 0 if it was already there (may be NULL). */
int ptl_demo_load(int *created_out, ptl_db *db);

/** The login email of a generated family's guardian, for family id N:
 *  printf(PTL_DEMO_GENERATED_EMAIL, N). */
#define PTL_DEMO_GENERATED_EMAIL "famille-%lld@demo.example.org"

/** What ptl_demo_generate() made. */
typedef struct ptl_demo_generated {
	int64_t first_family_id;  /**< the new families' ids run from here... */
	int64_t last_family_id;   /**< ...to here (no other writer meanwhile) */
	int64_t families;
	int64_t children;
	int64_t requests;
} ptl_demo_generated;

/**
 * Generate @p families invented families in one transaction, set-based
 * (a few statements whatever the count), for load tests and benchmarks:
 * each has one guardian with an active login (email
 * PTL_DEMO_GENERATED_EMAIL, password @p password, one argon2id hash shared
 * by all), two children, and three requests (a contact change applied, a
 * child's edit pending, a child's addition accepted); and the demo
 * catalogue, as ptl_demo_load() does, when there is no catalogue yet.
 *
 * @param out receives the counts (may be NULL)
 * @return PTL_OK, PTL_EINVALID (@p families not in 1..1000000, or the
 *         password breaks the policy), PTL_EUNAVAILABLE.
 */
int ptl_demo_generate(ptl_demo_generated *out, ptl_db *db, int64_t families,
                      const char *password);

#ifdef __cplusplus
}
#endif
#endif
