/*
 * chart: small drawing helpers for the text reports.
 *
 * Pure functions over caller-owned buffers (len at least 1): nothing
 * allocates or fails.  Output that does not fit is cut at a whole
 * character and always NUL-terminated.
 *
 *	chart_thousands(1234567, num, sizeof(num));       // "1,234,567"
 *	chart_sparkline(v, n, 0, 100, utf8, line, sizeof(line));
 */
#ifndef COMMON_CHART_H
#define COMMON_CHART_H

#include <stddef.h>
#include <stdio.h>

#define CHART_BOLD "\033[1m"
#define CHART_RESET "\033[0m"

/* n with thousands separators ("-1,234,567") into buf; returns buf. */
const char *chart_thousands(long long n, char *buf, size_t len);

/*
 * One character per value of v[0..n), eight levels from lo to hi (clamped):
 * "▁▂▃▄▅▆▇█" when utf8, else "_.-~=+*#".  Returns buf.
 */
const char *chart_sparkline(const double *v, size_t n, double lo, double hi,
                            int utf8, char *buf, size_t len);

/*
 * Terminal columns of s: two for an East Asian wide character (CJK,
 * Hangul, fullwidth forms, emoji), none for a combining mark, else one.
 */
size_t chart_width(const char *s);

/*
 * s cut to width columns, ending in "…" (utf8) or "~" when cut, control
 * characters shown as '?'.  Returns buf.
 */
const char *chart_fit(const char *s, size_t width, int utf8, char *buf,
                      size_t len);

/* A blank line, then "title:" (bold with color); -1 when writing fails. */
int chart_heading(FILE *out, const char *title, int color);

#endif
