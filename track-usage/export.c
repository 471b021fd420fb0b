/*
 * Rules of this file (docs/prometheus.md):
 * - Names: "codex_usage_" then what is counted, base units (_seconds),
 *   "_total" on counters; ratios are 0-1, never percent, but for the
 *   agents' own plan-window percentages ("codex_analytics_limit_").
 * - No session ids as labels: a label's values are names the summary
 *   bounds (models, providers, commands, tools, contexts, event types: at
 *   most 1,001 each), so the series stay few.
 * - Label values in byte order, so the file is the same for the same
 *   summary.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "json_util.h"
#include "limits.h"
#include "prom.h"
#include "timeutil.h"
#define P "codex_usage_"
#define L "codex_analytics_limit_" /* docs/design.md §5d names them */

static const struct {
	const char *key, *name, *help;
} counters[] = {
    {"total_sessions", P "sessions_total", "Sessions started."},
    {"completed_sessions", P "completed_sessions_total",
     "Sessions ended with a known duration."},
    {"abandoned_sessions", P "abandoned_sessions_total",
     "Sessions left open over 24 hours, closed without a duration."},
    {"total_events", P "events_total", "Agent events recorded."},
    {"total_commands", P "commands_total", "Shell commands started."},
    {"total_tasks", P "tasks_total", "Tasks (prompts) started."},
    {"total_errors", P "errors_total", "Error events."},
};

static const struct {
	const char *key, *name, *label, *help;
} by_name[] = {
    {"models_used", P "sessions_by_model_total", "model",
     "Sessions started, by model."},
    {"providers_used", P "sessions_by_provider_total", "provider",
     "Sessions started, by provider."},
    {"most_used_commands", P "commands_by_name_total", "command",
     "Shell commands started, by command name."},
    {"command_failures", P "command_failures_total", "command",
     "Shell commands that failed, by command name."},
    {"most_used_tools", P "tools_total", "tool",
     "Non-shell tool uses, by tool."},
    {"errors_by_context", P "errors_by_context_total", "context",
     "Error events, by context."},
    {"event_types", P "events_by_type_total", "type", "Agent events, by type."},
    {"tokens", P "tokens_total", "kind",
     "Model tokens, by kind (input counts cached input too)."},
};

/* One family with a sample per integer member of map, in key order. */
static int family(FILE *out, const json_t *map, const char *name,
                  const char *label, const char *help)
{
	size_t n;
	const char **keys = json_util_sorted_keys(map, JSON_INTEGER, &n);
	int ret = keys != NULL ? prom_family(out, name, "counter", help) : -1;

	for (size_t i = 0; ret == 0 && i < n; i++)
		ret = prom_sample(out, name, label, keys[i],
		                  (double)integer(map, keys[i]));
	free(keys);
	return ret;
}

/* A stored timestamp as Unix seconds, or -1 when there is none. */
static double seconds(const json_t *summary, const char *key)
{
	int64_t ms;

	if (time_parse_rfc3339(str(summary, key), &ms) == -1)
		return -1;
	return (double)ms / 1000.0;
}

/* The plan windows (docs/design.md §5d): one gauge family at a time. */
struct limit_family {
	FILE *out;
	int64_t now_ms;
	int resets; /* 0: used percent, 1: reset time */
};

static int limit_sample(void *arg, const char *agent, const char *name,
                        const json_t *window)
{
	static const char *const names[] = {L "used_percent",
	                                    L "resets_at_seconds"};
	const struct limit_family *f = arg;
	const char *const labels[] = {"agent", agent, "window", name, NULL};
	struct limits_view v;

	limits_read(window, f->now_ms, &v);
	if (f->resets && v.resets_ms == 0)
		return 0; /* not known: no sample */
	return prom_sample_labels(f->out, names[f->resets], labels,
	                          f->resets ? (double)(v.resets_ms / 1000)
	                                    : v.used);
}

/* Percent, as the agents report it, 0 after a reset; when it resets. */
static int limits_export(FILE *out, const json_t *summary, int64_t now_ms)
{
	struct limit_family f = {out, now_ms, 0};

	if (json_object_size(json_object_get(summary, "limits")) == 0)
		return 0;
	if (prom_family(out, L "used_percent", "gauge",
	                "Percent of the plan window used, as the agent "
	                "reports it.") == -1 ||
	    limits_each(summary, limit_sample, &f) == -1)
		return -1;
	f.resets = 1;
	if (prom_family(out, L "resets_at_seconds", "gauge",
	                "When the plan window resets (Unix time).") == -1 ||
	    limits_each(summary, limit_sample, &f) == -1)
		return -1;
	return 0;
}

int usage_export_prometheus(FILE *out, const json_t *summary, int64_t now_ms)
{
	double events = (double)integer(summary, "total_events");
	double first = seconds(summary, "first_use");
	double last = seconds(summary, "last_use");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(counters); i++)
		if (prom_one(out, counters[i].name, "counter", counters[i].help,
		             (double)integer(summary, counters[i].key)) == -1)
			return -1;
	if (prom_one(out, P "session_duration_seconds_total", "counter",
	             "Time in completed sessions.",
	             (double)integer(summary, "total_session_duration") /
	                 1000.0) == -1 ||
	    prom_one(out, P "error_ratio", "gauge",
	             "Error events per agent event (0-1).",
	             events > 0
	                 ? (double)integer(summary, "total_errors") / events
	                 : 0) == -1 ||
	    prom_one(out, P "open_sessions", "gauge",
	             "Sessions open now (started, not ended, under 24 hours).",
	             (double)json_object_size(
	                 json_object_get(summary, "open_sessions"))) == -1 ||
	    (first >= 0 &&
	     prom_one(out, P "first_use_timestamp_seconds", "gauge",
	              "Time of the first event recorded.", first) == -1) ||
	    (last >= 0 &&
	     prom_one(out, P "last_use_timestamp_seconds", "gauge",
	              "Time of the latest event recorded.", last) == -1))
		return -1;
	for (i = 0; i < ARRAY_SIZE(by_name); i++) {
		const json_t *map = json_object_get(summary, by_name[i].key);

		/* Token counts only once the summary keeps them. */
		if (!json_is_object(map) &&
		    strcmp(by_name[i].key, "tokens") == 0)
			continue;
		if (family(out, map, by_name[i].name, by_name[i].label,
		           by_name[i].help) == -1)
			return -1;
	}
	return limits_export(out, summary, now_ms);
}
