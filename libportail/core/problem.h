/*
 * core/problem.h — how a pure rule says why it refuses an input.
 *
 * core/ records no error itself (no global state, not even thread-local):
 * a check returns NULL when the input is fine, or a static description of
 * what is wrong, which the library's public function turns into the last
 * error (PTL_EINVALID, the field, the French and English messages).
 */
#ifndef PORTAIL_CORE_PROBLEM_H
#define PORTAIL_CORE_PROBLEM_H

typedef struct ptl__problem {
	const char *field;  /* the offending input */
	const char *fr;     /* for parents and managers' pages, in French */
	const char *en;     /* for logs and the CLI, in English */
} ptl__problem;

#endif
