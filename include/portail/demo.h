/*
 * demo.h — the demonstration data set: a fictional town and family.
 */
#ifndef PORTAIL_DEMO_H
#define PORTAIL_DEMO_H

#include <portail/db.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The demo parent's login, loaded by ptl_demo_load(). */
#define PTL_DEMO_EMAIL "camille.lambert@example.org"
#define PTL_DEMO_PASSWORD "Demo-Portail-2026"

/** Load the demo data set if it is not there yet (idempotent): the
 *  Lambert family of the town of Valmont-sur-Loire, with two children and
 *  the demo parent's password set. @param created_out receives 1 if the data
 *  was created now, 0 if it was already there (may be NULL). */
int ptl_demo_load(ptl_db *db, int *created_out);

#ifdef __cplusplus
}
#endif
#endif
