#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_next(const char *s, unsigned long *cp)
{
	static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = p[0] < 0x80   ? 1
	           : p[0] < 0xc0 ? 0
	           : p[0] < 0xe0 ? 2
	           : p[0] < 0xf0 ? 3
	           : p[0] < 0xf8 ? 4
	                         : 0;
	unsigned long c = p[0] & (0x7f >> n);

	if (n <= 1) {
		*cp = n == 1 ? p[0] : UTF8_BAD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = UTF8_BAD;
			return i;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < least[n] || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		c = UTF8_BAD;
	*cp = c;
	return n;
}

/* The bytes to step over at s, a bad byte being a character of its own. */
static size_t step(const char *s, unsigned long *cp)
{
	size_t n = utf8_next(s, cp);

	return *cp == UTF8_BAD ? 1 : n;
}

size_t utf8_chars(const char *s)
{
	unsigned long cp;
	size_t count;

	for (count = 0; *s != '\0'; count++)
		s += step(s, &cp);
	return count;
}

size_t utf8_cut_into(char *out, const char *s, size_t max)
{
	unsigned long cp;
	size_t len = 0, n;
	int bad;

	while (*s != '\0') {
		n = step(s, &cp);
		bad = cp == UTF8_BAD || cp < 0x20 || cp == 0x7f ||
		      (cp >= 0x80 && cp < 0xa0);
		if (len + (bad ? 1 : n) > max)
			break;
		if (bad) {
			out[len++] = '?';
		} else {
			memcpy(out + len, s, n);
			len += n;
		}
		s += n;
	}
	out[len] = '\0';
	return len;
}

char *utf8_cut(const char *s, size_t max)
{
	size_t len;
	char *out;

	if (s == NULL) {
		errno = EINVAL;
		return NULL;
	}
	/* '?' never takes more bytes than what it replaces */
	len = strlen(s);
	if (len < max)
		max = len;
	out = malloc(max + 1);
	if (out != NULL)
		utf8_cut_into(out, s, max);
	return out;
}

const char *utf8_shown(const char *s, char *buf, size_t len)
{
	utf8_cut_into(buf, s != NULL ? s : "", len - 1);
	return buf;
}
