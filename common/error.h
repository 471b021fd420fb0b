/*
 * error: how common/ reports a failure to its caller.
 *
 * common/ never prints and never exits.  A function that can fail returns -1
 * (or NULL) and, when it was given a struct error, fills it with what failed
 * ("cannot write 'usage-summary.json'") and the errno that explains why (0 when
 * there is no system error behind it).  Only main() turns that into a line on
 * stderr, in the one form "prog: what: why".
 *
 * A NULL struct error pointer is allowed everywhere: the message is dropped.
 */
#ifndef COMMON_ERROR_H
#define COMMON_ERROR_H

struct error {
	char what[320];
	int errnum;
};

/* Fill err (when not NULL) with a printf-style message and errnum. */
void error_set(struct error *err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Format err as "what: why" (or just "what") into buf; returns buf. */
const char *error_text(const struct error *err, char *buf, unsigned long len);

#endif
