/*
 * report: the performance report, text or JSON, from the documents alone.
 *
 * Reads performance-metrics.json (averages, peaks, latest figures, recent
 * sessions, commands) and today's day file (the CPU trend); never writes,
 * never takes the lock, never reads a log.  No summary gives the short
 * "no data yet in <dir>" report.
 *
 * The JSON form (--report --json), one object, documented in
 * docs/metrics.md:
 *	{"summary":{total_measurements,avg_cpu_usage,avg_memory_usage,
 *	  peak_cpu_usage,peak_memory_usage,alerts:{cpu,memory,disk}},
 *	 "latest":{...},            (omitted before the first sample)
 *	 "recent_sessions":[{session_id,start_time,end_time?,model,
 *	  duration_ms?,measurements,command_count,task_count,avg_cpu,peak_cpu,
 *	  avg_memory,peak_memory}],  (the REPORT_SESSIONS newest, newest last)
 *	 "top_commands":[{command,count,avg_cpu,peak_cpu}],
 *	                             (REPORT_COMMANDS, highest avg_cpu first)
 *	 "today":{date,measurements,avg_cpu_usage,peak_cpu_usage,cpu_trend}}
 *
 * A range (--since, --until, --days) and CSV report of the day files
 * "metrics-YYYY-MM-DD.json" instead, added up by metrics_days_*(): the
 * same "summary" and "recent_sessions" (sessions that started in the
 * range), then "range":{since,until,days} and "days":[{date,
 * total_measurements,avg_cpu_usage,peak_cpu_usage,avg_memory_usage,
 * peak_memory_usage,alerts,sessions}] instead of latest, top_commands and
 * today (the day files keep no commands).  CSV: one row per day,
 * date,measurements,avg_cpu,peak_cpu,avg_memory,peak_memory,alerts_cpu,
 * alerts_memory,alerts_disk,sessions.
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
 * Print the report to out.  summary is the parsed performance-metrics.json
 * or NULL when there is none; today the day file of today's date (local) or
 * NULL; date is today's date; dir is named in the "no data yet" line.
 * Returns 0, or -1 when writing fails (errno set).
 */
int metrics_report(FILE *out, const json_t *summary, const json_t *today,
                   const char *date, const char *dir,
                   const struct report_options *opts);

/*
 * A summary of a range of days, with the keys of performance-metrics.json
 * where they overlap: performance_summary (averages from the days' running
 * sums, peaks the days' largest, alerts added up), sessions (every session
 * started in the range), daily_stats {date: the day's figures}, and after
 * metrics_days_finish() range {since, until, days}.  Pure; -1 when out of
 * memory.
 */
json_t *metrics_days_new(void);
int metrics_days_add(json_t *acc, const char *date, const json_t *day);
int metrics_days_add_cb(const char *date, const json_t *day, void *ctx,
                        struct error *err);
int metrics_days_finish(json_t *acc, const struct range *r);

/*
 * The cumulative summary in the node_exporter textfile format, every
 * metric named "codex_perf_..." (docs/prometheus.md).  summary NULL: the
 * counters at 0.  Returns 0, or -1 when writing fails.
 */
int metrics_export_prometheus(FILE *out, const json_t *summary);

#endif
