/*
 * Rules of this file (docs/prometheus.md):
 * - Names: "codex_perf_" then what is measured, base units (_bytes,
 *   _seconds), "_total" on counters; ratios are 0-1, never percent.
 * - No session ids as labels.  Labels are bounded: resource (4 values),
 *   disk path (one), command (at most 1,001 names, as the summary keeps).
 * - The figures of the latest sample are gauges of the machine as the
 *   agent last saw it; the all-time averages and peaks are gauges too.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "json_util.h"
#include "prom.h"
#include "timeutil.h"

#define P "codex_perf_"
#define GB (1024.0 * 1024.0 * 1024.0)

static int commands(FILE *out, const json_t *cmds)
{
	static const struct prom_figure fam[] = {
	    {P "command_runs_total", "counter",
	     "Commands started, by command name.", "count", 1},
	    {P "command_measured_total", "counter",
	     "Commands whose end was matched to their start, by command name.",
	     "measured", 1},
	    {P "command_cpu_seconds_total", "counter",
	     "CPU time of the processes the agent reaped while a command ran, "
	     "by command name.",
	     "cpu_seconds", 1},
	    {P "command_wall_seconds_total", "counter",
	     "Wall time from a command's start to its end, by command name.",
	     "wall_ms", 0.001},
	    {P "command_cpu_seconds_max", "gauge",
	     "The most CPU time one run of a command used, by command name.",
	     "max_cpu_seconds", 1},
	    {P "command_wall_seconds_max", "gauge",
	     "The longest run of a command, by command name.", "max_wall_ms",
	     0.001},
	};
	size_t n, i;
	const char **keys = json_util_sorted_keys(cmds, JSON_OBJECT, &n);
	int ret = -1;

	if (keys == NULL)
		return -1;
	for (size_t f = 0; f < ARRAY_SIZE(fam); f++) {
		if (prom_family(out, fam[f].name, fam[f].type, fam[f].help) ==
		    -1)
			goto out;
		for (i = 0; i < n; i++) {
			const json_t *c = json_object_get(cmds, keys[i]);

			if (prom_sample(out, fam[f].name, "command", keys[i],
			                num(c, fam[f].key) * fam[f].scale) ==
			    -1)
				goto out;
		}
	}
	ret = 0;
out:
	free(keys);
	return ret;
}

/* The machine as the latest sample saw it; nothing before the first. */
static int latest(FILE *out, const json_t *l)
{
	static const struct prom_figure machine[] = {
	    {P "cpu_usage_ratio", "gauge",
	     "CPU use at the latest sample (0-1).", "cpu_percent", 0.01},
	    {P "memory_usage_ratio", "gauge",
	     "Memory use at the latest sample (0-1).", "memory_percent", 0.01},
	    {P "memory_available_bytes", "gauge",
	     "Memory available at the latest sample.", "memory_available_gb",
	     GB},
	    {P "swap_usage_ratio", "gauge",
	     "Swap use at the latest sample (0-1).", "swap_percent", 0.01},
	    {P "cpus", "gauge", "CPUs of the machine.", "cpu_count", 1},
	};
	static const char *const periods[] = {"1", "5", "15"};
	const json_t *load = json_object_get(l, "load_avg");
	const char *path = str_or(l, "disk_path", "/");
	int64_t ms;

	if (!json_is_object(l))
		return 0;
	if (prom_figures(out, l, machine, ARRAY_SIZE(machine)) == -1)
		return -1;
	if (prom_family(out, P "disk_usage_ratio", "gauge",
	                "Disk use of the file system measured, at the latest "
	                "sample (0-1).") == -1 ||
	    prom_sample(out, P "disk_usage_ratio", "path", path,
	                num(l, "disk_percent") / 100) == -1 ||
	    prom_family(out, P "disk_free_bytes", "gauge",
	                "Disk space free for users on the file system "
	                "measured, at the latest sample.") == -1 ||
	    prom_sample(out, P "disk_free_bytes", "path", path,
	                num(l, "disk_free_gb") * GB) == -1)
		return -1;
	if (json_array_size(load) == 3) {
		if (prom_family(out, P "load_average", "gauge",
		                "Load average at the latest sample, by "
		                "period in minutes.") == -1)
			return -1;
		for (size_t i = 0; i < 3; i++)
			if (prom_sample(
			        out, P "load_average", "minutes", periods[i],
			        json_number_value(json_array_get(load, i))) ==
			    -1)
				return -1;
	}
	if (time_parse_rfc3339(str(l, "timestamp"), &ms) == 0 &&
	    prom_one(out, P "last_sample_timestamp_seconds", "gauge",
	             "Time of the latest sample.", (double)ms / 1000.0) == -1)
		return -1;
	return 0;
}

int metrics_export_prometheus(FILE *out, const json_t *summary)
{
	static const char *const resources[] = {"cpu", "memory", "disk",
	                                        "agent_memory"};
	static const struct prom_figure overall[] = {
	    {P "samples_total", "counter", "Samples taken on agent events.",
	     "total_measurements", 1},
	    {P "cpu_usage_avg_ratio", "gauge",
	     "Average CPU use over every sample (0-1).", "avg_cpu_usage", 0.01},
	    {P "cpu_usage_peak_ratio", "gauge",
	     "Peak CPU use over every sample (0-1).", "peak_cpu_usage", 0.01},
	    {P "memory_usage_avg_ratio", "gauge",
	     "Average memory use over every sample (0-1).", "avg_memory_usage",
	     0.01},
	    {P "memory_usage_peak_ratio", "gauge",
	     "Peak memory use over every sample (0-1).", "peak_memory_usage",
	     0.01},
	};
	const json_t *ps = json_object_get(summary, "performance_summary");
	const json_t *al = json_object_get(ps, "alerts");

	if (prom_figures(out, ps, overall, ARRAY_SIZE(overall)) == -1 ||
	    prom_family(out, P "alerts_total", "counter",
	                "Samples at or over an alert threshold, by "
	                "resource.") == -1)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(resources); i++)
		if (prom_sample(out, P "alerts_total", "resource", resources[i],
		                num(al, resources[i])) == -1)
			return -1;
	if (latest(out, json_object_get(summary, "latest")) == -1)
		return -1;
	return commands(out, json_object_get(summary, "commands"));
}
