/*
 * prom: the Prometheus text exposition format, as node_exporter's textfile
 * collector reads it.
 *
 * A report writes each metric family once: prom_family() for its HELP and
 * TYPE lines, then one prom_sample() per label value.  Names are the
 * caller's constants (application prefix, base units, "_total" on
 * counters); label values come from the data and are escaped here, with
 * bytes that are not valid UTF-8 shown as '?', so no input can break the
 * format.
 *
 *	prom_family(out, "codex_usage_sessions_total", "counter",
 *		    "Sessions started.");
 *	prom_sample(out, "codex_usage_sessions_total", NULL, NULL, 45);
 *	prom_sample(out, "codex_usage_commands_by_name_total", "command",
 *		    "git", 12);
 *
 * Errors: -1 at the first failed write (errno from stdio).
 */
#ifndef COMMON_PROM_H
#define COMMON_PROM_H

#include <stdio.h>

int prom_family(FILE *out, const char *name, const char *type,
                const char *help);

/* One sample; label NULL for none.  Integral values print without ".0". */
int prom_sample(FILE *out, const char *name, const char *label,
                const char *value, double v);

#endif
