/*
 * apply: what one perf-metrics sample does to the documents.
 *
 * metrics_apply() is the only place where samples become averages and
 * peaks.  The hook calls it for the sample it just logged, the store for
 * lines a killed writer left unapplied, --rebuild for every line of every
 * log: live figures and rebuilt ones cannot disagree.
 *
 * It is pure over jansson objects: through docs_get() it edits
 * "performance-metrics.json" and the day files "metrics-YYYY-MM-DD.json"
 * (the local date of the sample's timestamp, and for a session's sample also
 * the day the session started), and touches no files.  Keys are those of
 * docs/design.md §6, plus these, documented in docs/data-format.md:
 *	- every performance_summary holds "cpu_sum" and "memory_sum", the
 *	  running sums its averages are computed from (averages are sum / n,
 *	  not rounded);
 *	- commands.<name> holds "cpu_sum" the same way;
 *	- the summary holds "latest": the figures of the last sample applied;
 *	- a day file holds "cpu_trend" and "memory_trend": the cpu_percent
 *	  and memory_percent of its last METRICS_TREND samples, oldest first.
 *
 * Sessions: only a session_start opens one.  A session is open from its
 * session_start until its session_end, for at most METRICS_OPEN_MS of
 * event time; a sample for an id that is not open counts in the day's and
 * the all-time performance_summary (and commands) but touches no session.
 * The summary keeps the METRICS_MAX_SESSIONS most recently started
 * sessions plus any open ones; the day file of a session's start keeps its
 * entry for good, updated (a copy of the summary's) until it ends.
 *
 * Returns 0, or -1 with err when a document cannot be had (docs_error()).
 * A record that is not an object, or lacks event, session_id or a valid
 * timestamp, is ignored (0): the log is replayed as it is.
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

int metrics_apply(struct docs *docs, json_t *sample, struct error *err);

/*
 * The day file name "metrics-YYYY-MM-DD.json" of a valid date into buf
 * (at least 32 bytes).
 */
void metrics_day_name(const char *date, char *buf, size_t len);

#endif
