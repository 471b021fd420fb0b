/*
 * sample: one reading of the machine's state, the record perf-metrics
 * logs.  Figures are psutil's (docs/metrics.md), read through platform.h,
 * percentages rounded to 1 decimal, GB (1024³ bytes) to 2.
 *
 * CPU % needs two readings of the counters.  Each sample logs its reading
 * as cpu_ticks; the first reading is the previous sample's (the last line
 * of the newest log, dated by the log's mtime) when it is at most
 * SAMPLE_PREVIOUS_MAX_AGE_MS old and the counters moved forward since.
 * Otherwise (none, stale, a reboot, no tick passed) the counters are read
 * again opts->sample_ms later (0 allowed), and a Δ still not forward gives
 * 0.0.  So a hook never waits a whole second.
 *
 *	sample_options_from_env(&opts);          // opts.warning: bad variable
 *	last = store_last_record(dir, &tool, &written_ms, &err);   // or NULL
 *	have = sample_reading_of(last, written_ms, &prev);
 *	rec = sample_new(&ev, &opts, have ? &prev : NULL, &err);
 *
 * sample_new() returns a new reference, or NULL with err when a figure
 * cannot be read (without the agent's figures "agent" is left out).  A
 * session_end sample also walks the processes for left_running
 * (running.h); ev must be one sample_type() takes.
 */
#ifndef PERF_METRICS_SAMPLE_H
#define PERF_METRICS_SAMPLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "event.h"
#include "platform.h"

#define SAMPLE_PREVIOUS_MAX_AGE_MS 60000
#define SAMPLE_DEFAULT_MS 100
#define SAMPLE_MAX_MS 1000

/* A reading of the CPU counters and when it was taken. */
struct sample_reading {
	int64_t time_ms;
	struct platform_cpu cpu;
};

/* An alert threshold, in percent, and its text as the user gave it. */
struct sample_threshold {
	int set;
	double percent;
	char text[32];
};

struct sample_options {
	int sample_ms;         /* CODEX_PERF_SAMPLE_MS, default 100, 0..1000 */
	const char *disk_path; /* CODEX_PERF_DISK_PATH, default "/" */
	struct sample_threshold cpu, memory, disk; /* CODEX_PERF_ALERT_* */
	struct sample_threshold agent_mb; /* CODEX_PERF_ALERT_AGENT_MB, MiB */
	char warning[512]; /* the variables ignored ("; "), or "" */
};

void sample_options_from_env(struct sample_options *opts);

/* 1 when perf-metrics samples events of this internal type. */
int sample_wanted(const char *type);

/*
 * The type ev is sampled as (static), or NULL when it is not sampled: its
 * own, or "command_end" for an "error" naming a command (Claude Code's
 * PostToolUseFailure of a shell tool).
 */
const char *sample_type(const struct event *ev);

/* The sample record of ev (docs/design.md §6); prev may be NULL. */
json_t *sample_new(const struct event *ev, const struct sample_options *opts,
                   const struct sample_reading *prev, struct error *err);

/* CPU % between two readings, unrounded; -1 when they did not move forward. */
double sample_cpu_percent(const struct platform_cpu *before,
                          const struct platform_cpu *after);

/* v rounded half away from zero to decimals. */
double sample_round(double v, int decimals);

/* The reading a logged sample holds, taken at time_ms: 1, or 0: none. */
int sample_reading_of(const json_t *sample, int64_t time_ms,
                      struct sample_reading *r);

/* The i-th alert of sample as "cpu 95.2% >= 90%" into buf: 0, or -1: none. */
int sample_alert_describe(const json_t *sample,
                          const struct sample_options *opts, size_t i,
                          char *buf, size_t len);

#endif
