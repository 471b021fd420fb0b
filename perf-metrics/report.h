/*
 * report: the performance report, from the documents alone: text, JSON
 * (docs/metrics.md), CSV or Prometheus.
 *
 * The full report reads performance-metrics.json (averages, peaks, latest
 * figures, recent sessions, commands) and today's day file (the trends).
 * A range (--since, --until, --days) and CSV report on the summary that
 * metrics_days_*() add up from the day files instead: the same "summary"
 * and "recent_sessions" (those started in the range), then "range" and
 * "days" in place of latest, top_commands, top_commands_by_wall and today
 * (day files keep no commands); CSV is one row per day.  No samples: the
 * short "no data yet in <dir>" report.  Nothing here reads or writes a
 * file.
 */
#ifndef PERF_METRICS_REPORT_H
#define PERF_METRICS_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "cli.h" /* struct report_options */
#include "range.h"

#define REPORT_SESSIONS 10
#define REPORT_COMMANDS 10

/*
 * summary: performance-metrics.json or a range summary (NULL: none);
 * today: today's day file (NULL: none) of date.  -1 when writing fails.
 */
int metrics_report(FILE *out, const json_t *summary, const json_t *today,
                   const char *date, const char *dir,
                   const struct report_options *opts);

/*
 * A range summary (struct range_sum, finished by range_finish()):
 * performance_summary (averages from the days' running sums, the largest
 * peaks, alerts added up), sessions started in the range, daily_stats
 * {date: the day's figures}.  -1 when out of memory.
 */
json_t *metrics_days_new(void);
int metrics_days_add_cb(const char *date, const json_t *day, void *ctx,
                        struct error *err);

/* The cumulative summary as "codex_perf_..." metrics (docs/prometheus.md). */
int metrics_export_prometheus(FILE *out, const json_t *summary);

#endif
