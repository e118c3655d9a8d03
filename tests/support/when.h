/*
 * when.h — days and instants written as text in tests, so that a test
 * reads like its case: day("2026-05-14"), instant("2026-03-29T01:00:00Z").
 * A text that does not parse fails the running Check test.
 */
#ifndef PORTAIL_TEST_WHEN_H
#define PORTAIL_TEST_WHEN_H

#include <portail/portail.h>

/** The day of "YYYY-MM-DD". */
ptl_day day(const char *text);

/** The instant of an ISO 8601 text with "Z" or an offset. */
ptl_time instant(const char *text);

#endif
