/*
 * report: the usage report, from the documents alone: text, JSON
 * (docs/report-json.md), CSV or Prometheus.
 *
 * It reports on a summary: usage-summary.json, or a range summary (days.h,
 * with a "range" member: the text names the range instead of first and
 * last use, and charts up to 31 days instead of 14).  CSV is one row per
 * day of daily_stats, oldest first.  No events: the short "no data yet in
 * <dir>" report.  Nothing here reads a file.
 */
#ifndef TRACK_USAGE_REPORT_H
#define TRACK_USAGE_REPORT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h" /* struct report_options */
#include "error.h"

/* summary NULL: none yet.  -1 when writing fails (errno set). */
int usage_report(FILE *out, const json_t *summary, const char *dir,
                 const struct report_options *opts);

/*
 * The cumulative summary as "codex_usage_..." metrics, and the plan
 * windows at now_ms as "codex_analytics_limit_..." (docs/prometheus.md).
 */
int usage_export_prometheus(FILE *out, const json_t *summary, int64_t now_ms);

/*
 * The plan windows (docs/design.md §5d) at now_ms: the report's "Plan
 * limits" section (nothing when there are none), and its JSON form
 * {agent: {window: {...}}} (a new reference; NULL: no memory).
 */
int usage_report_limits(FILE *out, const json_t *summary,
                        const struct report_options *opts, int64_t now_ms);
json_t *usage_limits_json(const json_t *summary, int64_t now_ms);

#endif
