/*
 * sample: one reading of the machine's state, the record perf-metrics logs.
 *
 * Figures are psutil's (docs/metrics.md), read through platform.h:
 *	cpu_percent    = Δbusy / Δtotal × 100 over the first line of /proc/stat
 *	memory_percent = (MemTotal − MemAvailable) / MemTotal × 100
 *	disk_percent   = used / (used + f_bavail·f_frsize) × 100
 * Percentages are rounded to 1 decimal, GB (1024³ bytes) to 2.
 *
 * CPU % needs two readings of the counters.  Each sample logs its newest
 * reading as cpu_ticks:{total,busy}; the first reading is the previous
 * sample's (the last line of the newest log, store_last_record; the log's
 * mtime tells when it was taken), when it is at most
 * SAMPLE_PREVIOUS_MAX_AGE_MS old (and not from the future) and
 * the counters moved forward since (Δtotal > 0, 0 <= Δbusy <= Δtotal).
 * Otherwise (no sample, stale, a reboot or another machine reset the
 * counters, or no tick passed) the hook reads the counters a second time,
 * opts->sample_ms later (0 allowed: both readings are then most likely
 * equal), and a Δ that is still not forward gives 0.0.  So a hook never
 * waits a whole second.
 *
 * Calling sequence (main.c):
 *	sample_options_from_env(&opts);          // opts.warning: bad variable
 *	last = store_last_record(dir, &tool, &written_ms, &err);   // or NULL
 *	have = sample_reading_of(last, written_ms, &prev);
 *	rec = sample_new(&ev, &opts, have ? &prev : NULL, &err);
 *	... log rec, print sample_alert_describe() lines ...
 *
 * Errors: sample_new() returns NULL with err filled when a figure cannot be
 * read (the agent's figures excepted: without them "agent" is omitted).
 * Objects returned by *_new() are new references the caller owns.
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

/* A reading of the CPU counters and when it was taken (time_now_ms()). */
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
	char warning[512]; /* the variables ignored ("; "), or "" */
};

/* Options from the environment; an invalid value is ignored and named. */
void sample_options_from_env(struct sample_options *opts);

/* 1 when perf-metrics samples events of this internal type. */
int sample_wanted(const char *type);

/*
 * The sample record of ev (docs/design.md §6 keys), a new reference.
 * prev is the last sample's reading, or NULL.
 */
json_t *sample_new(const struct event *ev, const struct sample_options *opts,
                   const struct sample_reading *prev, struct error *err);

/*
 * CPU % between two readings, not rounded; -1 when the counters did not
 * move forward (Δtotal <= 0, Δbusy < 0 or Δbusy > Δtotal).
 */
double sample_cpu_percent(const struct platform_cpu *before,
                          const struct platform_cpu *after);

/* v rounded half away from zero to the given number of decimals. */
double sample_round(double v, int decimals);

/*
 * The reading a logged sample holds (cpu_ticks), taken at time_ms: 1 and
 * *r filled, or 0 when sample is NULL or holds no valid reading.
 */
int sample_reading_of(const json_t *sample, int64_t time_ms,
                      struct sample_reading *r);

/*
 * The i-th alert of sample (0-based) as "cpu 95.2% >= 90%" into buf, with
 * the threshold as given in the environment.  0, or -1 when there is none.
 */
int sample_alert_describe(const json_t *sample,
                          const struct sample_options *opts, size_t i,
                          char *buf, size_t len);

#endif
