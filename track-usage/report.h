/*
 * report: the usage report, text, JSON, CSV or Prometheus, from the
 * documents alone.
 *
 * The report is of a summary: usage-summary.json for the full report, or
 * the summary of a range of days that days.h adds up from the day files
 * (it has a "range" member; the text names the range instead of first and
 * last use, and shows up to 31 days per chart instead of 14).  Nothing
 * here reads a file: main() loads what it prints.  A summary with no
 * events gives the short "no data yet in <dir>" report.
 *
 * CSV: one row per day of daily_stats, oldest first, with the header
 * date,sessions,events,commands,tasks,errors,completed_sessions,
 * total_duration,tokens (main() passes a range summary, whose daily_stats
 * holds every day).  Prometheus: usage_export_prometheus() (export.c).
 */
#ifndef TRACK_USAGE_REPORT_H
#define TRACK_USAGE_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "cli.h" /* struct report_options */
#include "error.h"

/*
 * Print the report of summary (the parsed usage-summary.json, or NULL when
 * there is none) to out.  dir is only named in the "no data yet" line.
 * Returns 0, or -1 when writing fails (errno set).
 */
int usage_report(FILE *out, const json_t *summary, const char *dir,
                 const struct report_options *opts);

/*
 * The cumulative summary in the node_exporter textfile format, every
 * metric named "codex_usage_..." (docs/prometheus.md).  summary NULL: the
 * same metrics at 0.  Returns 0, or -1 when writing fails.
 */
int usage_export_prometheus(FILE *out, const json_t *summary);

#endif
