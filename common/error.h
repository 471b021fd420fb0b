/*
 * error: how common/ reports a failure to its caller.
 *
 * common/ never prints and never exits.  A function that can fail returns
 * -1 (or NULL) and fills its struct error with what failed ("cannot write
 * 'usage-summary.json'") and the errno that explains why (0: none).  Only
 * main() turns that into "prog: what: why" on stderr.  A NULL struct error
 * is allowed everywhere: the message is dropped.
 */
#ifndef COMMON_ERROR_H
#define COMMON_ERROR_H

#include <stddef.h>

struct error {
	char what[320];
	int errnum;
};

void error_set(struct error *err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "what: why" (or just "what") into buf; returns buf. */
const char *error_text(const struct error *err, char *buf, unsigned long len);

/* Add a sentence to the warning in buf (size bytes), after "; ". */
void error_note(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
