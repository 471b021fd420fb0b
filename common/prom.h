/*
 * prom: the Prometheus text exposition format, as node_exporter's textfile
 * collector reads it.
 *
 * Each metric family once: prom_family() for its HELP and TYPE lines, then
 * one prom_sample() per label value.  Names are the caller's constants;
 * label values come from the data and are escaped here (bytes that are not
 * UTF-8 shown as '?'), so no input can break the format.
 *
 *	prom_family(out, "codex_usage_commands_by_name_total", "counter", help);
 *	prom_sample(out, "codex_usage_commands_by_name_total", "command",
 *		    "git", 12);
 *
 * Errors: -1 at the first failed write (errno from stdio).
 */
#ifndef COMMON_PROM_H
#define COMMON_PROM_H

#include <jansson.h>
#include <stdio.h>

int prom_family(FILE *out, const char *name, const char *type,
                const char *help);

/* One sample; label NULL for none.  Integral values print without ".0". */
int prom_sample(FILE *out, const char *name, const char *label,
                const char *value, double v);

/* One sample of several labels: pairs of label and value, then NULL. */
int prom_sample_labels(FILE *out, const char *name, const char *const *labels,
                       double v);

/* A family of one unlabelled sample. */
int prom_one(FILE *out, const char *name, const char *type, const char *help,
             double v);

/* A figure of a JSON object (key), times scale, as one metric family. */
struct prom_figure {
	const char *name, *type, *help, *key;
	double scale;
};

/* prom_one() for each of the n figures, read from o. */
int prom_figures(FILE *out, const json_t *o, const struct prom_figure *fig,
                 size_t n);

#endif
