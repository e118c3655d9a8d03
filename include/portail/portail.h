/*
 * portail.h — the public API of libportail, the family portal library.
 *
 * Include this one header. Conventions for the whole API:
 *  - functions return 0 (PTL_OK) or a negative ptl_status, and describe a
 *    failure in ptl_error_last() (error.h);
 *  - the output parameters, called `out` (or `*_out`), come first, and what
 *    they receive belongs to the caller, released with the matching _free()
 *    (strings with ptl_free());
 *  - the input of an action is an options struct (ptl_..._options) that
 *    starts with `unsigned int version` and is initialised with its _INIT
 *    macro; the library accepts a version from 1 to its current one and
 *    refuses any other with PTL_EINVALID, field "version";
 *  - money is int64_t cents; days are ptl_day numbers; instants are ptl_time.
 */
#ifndef PORTAIL_PORTAIL_H
#define PORTAIL_PORTAIL_H

#include <portail/error.h>
#include <portail/clock.h>
#include <portail/date.h>
#include <portail/holiday.h>
#include <portail/notice.h>
#include <portail/week.h>
#include <portail/db.h>
#include <portail/family.h>
#include <portail/guardian.h>
#include <portail/field.h>
#include <portail/auth.h>
#include <portail/demo.h>
#include <portail/request.h>
#include <portail/profile.h>
#include <portail/signup.h>
#include <portail/mail.h>
#include <portail/me.h>
#include <portail/structure.h>
#include <portail/catalogue.h>
#include <portail/enrolment.h>
#include <portail/reservation.h>
#include <portail/certificate.h>
#include <portail/calendar-feed.h>
#include <portail/period.h>
#include <portail/typical-week.h>
#include <portail/balance.h>

#define PTL_VERSION_STRING "0.1.0"

#endif
