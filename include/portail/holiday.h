/*
 * holiday.h — French public holidays and working days, computed.
 *
 * The public holidays (jours fériés) are those of the Code du travail,
 * article L3133-1: 1 January, Easter Monday, 1 May, 8 May, Ascension
 * Thursday, Whit Monday, 14 July, 15 August, 1 November, 11 November and
 * 25 December. In Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle), article
 * L3134-13 adds Good Friday and 26 December: a period that follows the
 * local law passes PTL_HOLIDAY_ALSACE_MOSELLE. (The law grants Good Friday
 * to the communes with a Protestant church or a mixed one; the portal
 * applies it to the whole period when the flag is set.) The moveable feasts
 * follow Easter Sunday (ptl_easter). Days are typed by nobody: a period's
 * closure days (holiday weeks, bridges) are a separate list.
 *
 * A working day (jour ouvré) is a day from Monday to Friday that is not a
 * public holiday: Saturdays are not working days for the portal, since the
 * municipal services that apply notice periods are closed on Saturdays.
 *
 * All these functions are pure: no I/O, no clock. They know the years
 * 1900 to 9999 (the range of ptl_day_from_ymd); a day outside them is
 * neither a holiday nor a working day.
 */
#ifndef PORTAIL_HOLIDAY_H
#define PORTAIL_HOLIDAY_H

#include <stdbool.h>
#include <stddef.h>

#include <portail/date.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The holidays of the whole country (article L3133-1 only). */
#define PTL_HOLIDAY_NATIONAL 0u
/** Add Alsace-Moselle's Good Friday and 26 December (article L3134-13). */
#define PTL_HOLIDAY_ALSACE_MOSELLE 1u

/** The most public holidays a year can have (national and local). */
#define PTL_HOLIDAY_MAX_PER_YEAR 13

/** Easter Sunday of @p year in the Gregorian calendar.
 *  @return PTL_OK, or PTL_EINVALID for a year outside 1900-9999 (@p out
 *  untouched). */
int ptl_easter(ptl_day *out, int year);

/** The French name of the public holiday on day @p d ("Lundi de Pâques",
 *  "Fête nationale"...), or NULL when @p d is not one. @p flags: 0 or
 *  PTL_HOLIDAY_ALSACE_MOSELLE. The string is static (never freed). */
const char *ptl_holiday_name(ptl_day d, unsigned int flags);

/** True when day @p d is a public holiday under @p flags. */
bool ptl_holiday_is(ptl_day d, unsigned int flags);

/** The public holidays of @p year under @p flags, in calendar order, into
 *  @p out (room for PTL_HOLIDAY_MAX_PER_YEAR days).
 *  @p count receives how many: 11, or 13 with PTL_HOLIDAY_ALSACE_MOSELLE,
 *  one fewer in a year when Ascension falls on 1 or 8 May (2008: 1 May),
 *  since a day is listed once (its name then names both feasts).
 *  @return PTL_OK, or PTL_EINVALID for a year outside 1900-9999
 *  (*count set to 0). */
int ptl_holiday_list(ptl_day out[PTL_HOLIDAY_MAX_PER_YEAR], size_t *count, int year,
                     unsigned int flags);

/** True when day @p d is a working day: Monday to Friday and not a public
 *  holiday under @p flags. */
bool ptl_working_day_is(ptl_day d, unsigned int flags);

/** The working day @p n working days before @p d (@p n >= 1; @p d itself
 *  never counts, whether or not it is a working day): with n = 1, the last
 *  working day before @p d. Returns @p d for n <= 0, and 1900-01-01 when
 *  the count would go before it. */
ptl_day ptl_working_day_before(ptl_day d, int n, unsigned int flags);

#ifdef __cplusplus
}
#endif
#endif
