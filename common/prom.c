#include "prom.h"

#include <math.h>
#include <string.h>

#include "json_util.h"
#include "utf8.h"

static int put_value(FILE *out, const char *s)
{
	const char *p = s;
	unsigned long cp;

	while (*p != '\0') {
		size_t n = utf8_next(p, &cp);
		int r;

		if (*p == '\\')
			r = fputs("\\\\", out);
		else if (*p == '"')
			r = fputs("\\\"", out);
		else if (*p == '\n')
			r = fputs("\\n", out);
		else if (cp == UTF8_BAD)
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
	const char *const labels[] = {label, value, NULL};

	return prom_sample_labels(out, name, labels, v);
}

int prom_sample_labels(FILE *out, const char *name, const char *const *labels,
                       double v)
{
	if (fputs(name, out) == EOF)
		return -1;
	for (size_t i = 0; labels[i] != NULL; i += 2) {
		if (fprintf(out, "%s%s=\"", i == 0 ? "{" : ",", labels[i]) <
		        0 ||
		    put_value(out, labels[i + 1]) == -1)
			return -1;
		if (fputs(labels[i + 2] == NULL ? "\"}" : "\"", out) == EOF)
			return -1;
	}
	if (!isfinite(v))
		v = 0;
	if (v == floor(v) && fabs(v) < 1e15)
		return fprintf(out, " %.0f\n", v) < 0 ? -1 : 0;
	return fprintf(out, " %.15g\n", v) < 0 ? -1 : 0;
}

int prom_one(FILE *out, const char *name, const char *type, const char *help,
             double v)
{
	if (prom_family(out, name, type, help) == -1)
		return -1;
	return prom_sample(out, name, NULL, NULL, v);
}

int prom_figures(FILE *out, const json_t *o, const struct prom_figure *fig,
                 size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (prom_one(out, fig[i].name, fig[i].type, fig[i].help,
		             num(o, fig[i].key) * fig[i].scale) == -1)
			return -1;
	return 0;
}
