/*
 * chart: small drawing helpers for the text reports.
 *
 * Pure functions over caller-owned buffers: nothing allocates, prints or
 * fails.  Output that does not fit the buffer is cut at a whole character
 * and always NUL-terminated (len must be at least 1).  Both tools' reports
 * and common/table.c use them.
 *
 *	char num[32], line[256];
 *	chart_thousands(1234567, num, sizeof(num));       // "1,234,567"
 *	chart_sparkline(v, n, 0, 100, utf8, line, sizeof(line));
 */
#ifndef COMMON_CHART_H
#define COMMON_CHART_H

#include <stddef.h>

/* n with thousands separators ("-1,234,567") into buf; returns buf. */
const char *chart_thousands(long long n, char *buf, size_t len);

/*
 * One character per value of v[0..n): eight levels from lo to hi (values
 * outside are clamped), "▁▂▃▄▅▆▇█" when utf8, else "_.-~=+*#".
 * Returns buf.
 */
const char *chart_sparkline(const double *v, size_t n, double lo, double hi,
			    int utf8, char *buf, size_t len);

/*
 * Columns s takes on a terminal: two for an East Asian wide character
 * (CJK, Hangul, fullwidth forms, emoji), none for a combining mark, one
 * for any other code point.
 */
size_t chart_width(const char *s);

/*
 * Copy s into buf cut to at most width columns; a cut string ends in "…"
 * (utf8) or "~".  Returns buf.
 */
const char *chart_fit(const char *s, size_t width, int utf8, char *buf,
		      size_t len);

#endif
