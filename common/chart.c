#include "chart.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

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

/*
 * Terminal columns by code point, from a fixed table rather than
 * wcwidth(3): the programs are linked statically and a table's layout must
 * not depend on which locales a machine has.  Two columns: the East Asian
 * Wide and Fullwidth blocks (Hangul Jamo, CJK and kana, Yi, Hangul
 * syllables, compatibility ideographs, fullwidth forms, the common emoji
 * blocks, the supplementary ideographic planes).  None: combining marks,
 * zero-width spaces and joiners, variation selectors.  One: the rest,
 * bad bytes (UTF8_BAD) included, as a terminal's replacement character.
 */
struct span {
	unsigned long lo, hi;
};

static const struct span zero_width[] = {
    {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
    {0x064b, 0x065f}, {0x1160, 0x11ff}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff},
    {0x200b, 0x200f}, {0x20d0, 0x20ff}, {0x3099, 0x309a}, {0xfe00, 0xfe0f},
    {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
};

/* The emoji below U+1F300 are those shown as emoji by default. */
static const struct span double_width[] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},
    {0x23e9, 0x23ec},   {0x23f0, 0x23f0},   {0x23f3, 0x23f3},
    {0x25fd, 0x25fe},   {0x2614, 0x2615},   {0x2648, 0x2653},
    {0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
    {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},
    {0x26ce, 0x26ce},   {0x26d4, 0x26d4},   {0x26ea, 0x26ea},
    {0x26f2, 0x26f3},   {0x26f5, 0x26f5},   {0x26fa, 0x26fa},
    {0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
    {0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},
    {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27b0, 0x27b0},   {0x27bf, 0x27bf},   {0x2b1b, 0x2b1c},
    {0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
    {0x3041, 0x3098},   {0x309b, 0xa4cf},   {0xa960, 0xa97f},
    {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},
    {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e},
    {0x1f191, 0x1f19a}, {0x1f200, 0x1f202}, {0x1f210, 0x1f23b},
    {0x1f240, 0x1f248}, {0x1f250, 0x1f251}, {0x1f260, 0x1f265},
    {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb},
    {0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
    {0x30000, 0x3fffd},
};

static int in_spans(unsigned long cp, const struct span *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= s[i].lo && cp <= s[i].hi)
			return 1;
	return 0;
}

static size_t columns_of(unsigned long cp)
{
	if (cp < 0x300)
		return 1;
	if (in_spans(cp, zero_width, sizeof(zero_width) / sizeof(*zero_width)))
		return 0;
	if (in_spans(cp, double_width,
	             sizeof(double_width) / sizeof(*double_width)))
		return 2;
	return 1;
}

size_t chart_width(const char *s)
{
	unsigned long cp;
	size_t w = 0;

	while (*s != '\0') {
		s += utf8_next(s, &cp);
		w += columns_of(cp);
	}
	return w;
}

/* Control characters as '?': a report's names come from the data. */
static const char *printable(char *buf)
{
	for (char *p = buf; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return buf;
}

const char *chart_fit(const char *s, size_t width, int utf8, char *buf,
                      size_t len)
{
	const char *mark = utf8 ? "…" : "~";
	size_t marklen = strlen(mark), cols = 0, i = 0;

	if (chart_width(s) <= width && strlen(s) < len)
		return printable(memcpy(buf, s, strlen(s) + 1));
	if (width == 0 || len <= marklen) {
		buf[0] = '\0';
		return buf;
	}
	/*
	 * Whole characters while they fit in width - 1 columns and leave the
	 * buffer room for the mark (a name of zero-width characters can be
	 * narrow and yet too long in bytes), then the mark.
	 */
	while (s[i] != '\0') {
		unsigned long cp;
		size_t n = utf8_next(s + i, &cp), w = columns_of(cp);

		if (cols + w > width - 1 || i + n + marklen >= len)
			break;
		cols += w;
		i += n;
	}
	memcpy(buf, s, i);
	memcpy(buf + i, mark, marklen + 1);
	return printable(buf);
}

int chart_heading(FILE *out, const char *title, int color)
{
	return fprintf(out, "\n%s%s:%s\n", color ? CHART_BOLD : "", title,
	               color ? CHART_RESET : "") < 0
	           ? -1
	           : 0;
}
