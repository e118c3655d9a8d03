/*
 * demo.c — the demonstration data set: the Lambert family of the fictional
 * town of Valmont-sur-Loire. Every name and address here is invented.
 */
#include <stdlib.h>

#include <portail/auth.h>
#include <portail/demo.h>
#include <portail/error.h>
#include <portail/family.h>

#include "error-internal.h"

int ptl_demo_load(ptl_db *db, int *created_out)
{
	ptl_family_new family = PTL_FAMILY_NEW_INIT;
	ptl_child_new lea = PTL_CHILD_NEW_INIT, hugo = PTL_CHILD_NEW_INIT;
	ptl_guardian *existing = NULL;
	int64_t family_id;
	int rc;

	if (created_out)
		*created_out = 0;
	rc = ptl_guardian_get_by_email(db, PTL_DEMO_EMAIL, &existing);
	ptl_guardian_free(existing);
	if (rc == PTL_OK)
		return PTL_OK;
	if (rc != PTL_ENOTFOUND)
		return rc;

	family.family_name = "Lambert";
	family.first_name = "Camille";
	family.last_name = "Lambert";
	family.email = PTL_DEMO_EMAIL;
	family.phone = "06 12 34 56 78";
	family.address = "12 rue des Tilleuls";
	family.postcode = "45190";
	family.city = "Valmont-sur-Loire";
	lea.first_name = "Léa";
	lea.last_name = "Lambert";
	lea.birth_date = "2017-03-14";
	hugo.first_name = "Hugo";
	hugo.last_name = "Lambert";
	hugo.birth_date = "2020-09-02";

	if ((rc = ptl_family_create(db, &family, &family_id, NULL)) != PTL_OK ||
	    (rc = ptl_account_set_password(db, PTL_DEMO_EMAIL, PTL_DEMO_PASSWORD)) != PTL_OK ||
	    (rc = ptl_child_create(db, family_id, &lea, NULL)) != PTL_OK ||
	    (rc = ptl_child_create(db, family_id, &hugo, NULL)) != PTL_OK)
		return rc;
	if (created_out)
		*created_out = 1;
	return PTL_OK;
}
