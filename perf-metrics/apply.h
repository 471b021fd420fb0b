/*
 * apply: what one perf-metrics sample does to the documents.
 *
 * metrics_apply() is the only place where samples become averages and
 * peaks: the hook calls it for the sample it just logged, the store for
 * lines a killed writer left unapplied, --rebuild for every line, so live
 * and rebuilt figures cannot disagree.  Through docs_get() it edits the
 * summary and the day files (the sample's local date, and a session's
 * start day), touching no files.  Keys are docs/design.md §6's, plus the
 * running sums cpu_sum and memory_sum, "latest" and the day's cpu_trend
 * and memory_trend (docs/data-format.md).
 *
 * A session is open from its session_start to its session_end, for at
 * most METRICS_OPEN_MS; a sample of a session not open counts in the
 * day's and all-time figures only.  An open session keeps its last
 * METRICS_OPEN_COMMANDS command_start samples not yet ended in
 * open_commands, so that a command_end finds its start (by tool_use_id,
 * else the last one open) and its command's cost is known: commands
 * {count, measured, cpu_seconds, wall_ms, max_cpu_seconds, max_wall_ms,
 * system_cpu_percent_sum}, at most TALLY_MAX_NAMES names.  The summary keeps
 * the METRICS_MAX_SESSIONS latest sessions plus the open ones; the day file of
 * a session's start keeps its entry for good.
 *
 * Returns 0, or -1 with err when a document cannot be had.  A record that
 * is not an object, or lacks event, session_id or a valid timestamp, is
 * ignored: the log is replayed as it is.
 */
#ifndef PERF_METRICS_APPLY_H
#define PERF_METRICS_APPLY_H

#include <jansson.h>

#include "docs.h"
#include "error.h"

#define METRICS_SUMMARY "performance-metrics.json"
#define METRICS_PREFIX "metrics"
#define METRICS_MAX_SESSIONS 100
#define METRICS_TREND 48
#define METRICS_OPEN_MS (24LL * 60 * 60 * 1000)
#define METRICS_OPEN_COMMANDS 16

int metrics_apply(struct docs *docs, json_t *sample, struct error *err);

/* "metrics-YYYY-MM-DD.json" of date into buf (at least 32 bytes). */
void metrics_day_name(const char *date, char *buf, size_t len);

#endif
