#include "chart.h"

#include <stdio.h>
#include <string.h>

const char *chart_thousands(long long n, char *buf, size_t len)
{
	char digits[32];
	char out[48];
	unsigned long long u;
	size_t nd, o = 0;

	/* Negate in unsigned arithmetic: -LLONG_MIN overflows a long long. */
	u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	nd = (size_t)snprintf(digits, sizeof(digits), "%llu", u);
	if (n < 0)
		out[o++] = '-';
	for (size_t i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
	return buf;
}

const char *chart_sparkline(const double *v, size_t n, double lo, double hi,
			    int utf8, char *buf, size_t len)
{
	static const char *const blocks[8] = {"▁", "▂", "▃", "▄",
					      "▅", "▆", "▇", "█"};
	static const char ascii[8] = {'_', '.', '-', '~', '=', '+', '*', '#'};
	size_t o = 0, w = utf8 ? strlen(blocks[0]) : 1;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + w < len; i++) {
		double x = hi > lo ? (v[i] - lo) / (hi - lo) : 0;
		int level;

		/* Clamp to [0, 1]; NaN compares false and becomes 0. */
		if (!(x > 0))
			x = 0;
		if (x > 1)
			x = 1;
		level = (int)(x * 7 + 0.5);
		if (utf8) {
			memcpy(buf + o, blocks[level], w);
		} else {
			buf[o] = ascii[level];
		}
		o += w;
		buf[o] = '\0';
	}
	return buf;
}

size_t chart_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

const char *chart_fit(const char *s, size_t width, int utf8, char *buf,
		      size_t len)
{
	const char *mark = utf8 ? "…" : "~";
	size_t cols = 0, i = 0, keep;

	if (chart_width(s) <= width) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	if (width == 0) {
		buf[0] = '\0';
		return buf;
	}
	/* Keep width - 1 columns of s, whole characters, then the mark. */
	while (s[i] != '\0') {
		size_t next = i + 1;

		while (((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		if (cols + 1 > width - 1)
			break;
		cols++;
		i = next;
	}
	keep = i;
	if (keep + strlen(mark) + 1 > len)
		keep = len > strlen(mark) + 1 ? len - strlen(mark) - 1 : 0;
	/* Never cut inside a character when the buffer is what limits. */
	while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
		keep--;
	snprintf(buf, len, "%.*s%s", (int)keep, s, mark);
	return buf;
}
