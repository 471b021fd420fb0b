#include "prom.h"

#include <math.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static int put_value(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = utf8_len(p);
		int r;

		if (*p == '\\')
			r = fputs("\\\\", out);
		else if (*p == '"')
			r = fputs("\\\"", out);
		else if (*p == '\n')
			r = fputs("\\n", out);
		else if (n == 0)
			r = fputc('?', out);
		else
			r = fwrite(p, 1, n, out) == n ? 0 : EOF;
		if (r == EOF)
			return -1;
		p += n > 0 ? n : 1;
	}
	return 0;
}

int prom_family(FILE *out, const char *name, const char *type, const char *help)
{
	return fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
	               type) < 0
	           ? -1
	           : 0;
}

int prom_sample(FILE *out, const char *name, const char *label,
                const char *value, double v)
{
	if (fputs(name, out) == EOF)
		return -1;
	if (label != NULL &&
	    (fprintf(out, "{%s=\"", label) < 0 || put_value(out, value) == -1 ||
	     fputs("\"}", out) == EOF))
		return -1;
	if (!isfinite(v))
		v = 0;
	if (v == floor(v) && fabs(v) < 1e15)
		return fprintf(out, " %.0f\n", v) < 0 ? -1 : 0;
	return fprintf(out, " %.15g\n", v) < 0 ? -1 : 0;
}
