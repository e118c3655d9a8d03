/*
 * attestation-pdf.h — the certificate of enrolment (attestation
 * d'inscription) as a PDF document, built in memory.
 *
 * The renderer knows nothing of the database: it lays out what it is
 * given, in French, on A4 pages (cairo's PDF surface writing into a
 * buffer, pango for the text, so that accents come out right and long
 * names wrap instead of running off the page). The caller decides what is
 * certified and keeps it (the certificate's snapshot).
 */
#ifndef PORTAIL_ATTESTATION_PDF_H
#define PORTAIL_ATTESTATION_PDF_H

#include <stddef.h>

#include <portail/date.h>

/** What a certificate states. Every string is UTF-8, borrowed from the
 *  caller, "" (or NULL) when not known; days are day numbers. */
typedef struct ptl__attestation {
	/* The structure that issues it (structure.h): its header. */
	const char *structure_name;
	const char *structure_address;
	const char *structure_postcode;
	const char *structure_city;
	const char *structure_phone;      /**< 10 digits, shown "01 23 45 67 89" */
	const char *structure_email;
	/* The child. */
	const char *child_first_name;
	const char *child_last_name;
	const char *child_sex;            /**< "F", "M" or "": "née", "né", "né(e)" */
	ptl_day child_birth_date;
	/* What the child is enrolled in. */
	const char *activity_type;        /**< "Centre de Loisirs" */
	const char *activity;             /**< "Mercredis" */
	const char *period;               /**< "ALSH Mercredis 2026/2027" */
	ptl_day period_first_day;
	ptl_day period_last_day;
	const char *group;                /**< "Élémentaires +6 ans" */
	ptl_day enrolment_first_day;
	ptl_day enrolment_last_day;
	/* The certificate itself. */
	ptl_day issued_on;
	const char *reference;            /**< "ATT-XXXX-XXXX-XXXX-C" */
} ptl__attestation;

/** Render @p a as a PDF of A4 pages into a new buffer: *out (malloc'd,
 *  the caller frees it) of *size_out bytes. The document's creation date is
 *  the day of issue, so the same content gives the same bytes. Safe to call
 *  from any thread: one thread of the process draws every document, one at
 *  a time, while the caller waits (attestation-pdf.c says why).
 *  @return PTL_OK, or PTL_ERROR (out of memory, a drawing failure; the
 *  message says which) with *out untouched. */
int ptl__attestation_pdf(unsigned char **out, size_t *size_out, const ptl__attestation *a);

#endif
