/*
 * Rules of this file (docs/prometheus.md):
 * - Names: "codex_usage_" then what is counted, base units (_seconds),
 *   "_total" on counters; ratios are 0-1, never percent.
 * - No session ids as labels: a label's values are names the summary
 *   bounds (models, providers, commands, tools, contexts, event types: at
 *   most 1,001 each), so the series stay few.
 * - Label values in byte order, so the file is the same for the same
 *   summary.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "prom.h"
#include "timeutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define P "codex_usage_"

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

static json_int_t integer(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One family with a sample per integer member of map, in key order. */
static int family(FILE *out, const json_t *map, const char *name,
                  const char *label, const char *help)
{
	size_t n = json_object_size(map), i = 0;
	const char **keys = calloc(n + 1, sizeof(*keys));
	const char *key;
	json_t *v;
	int ret = -1;

	if (keys == NULL)
		return -1;
	json_object_foreach((json_t *)map, key, v)
	{
		if (json_is_integer(v))
			keys[i++] = key;
	}
	n = i;
	qsort(keys, n, sizeof(*keys), by_key);
	if (prom_family(out, name, "counter", help) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (prom_sample(out, name, label, keys[i],
		                (double)integer(map, keys[i])) == -1)
			goto out;
	ret = 0;
out:
	free(keys);
	return ret;
}

/* A stored timestamp as Unix seconds, or -1 when there is none. */
static double seconds(const json_t *summary, const char *key)
{
	const char *ts = json_string_value(json_object_get(summary, key));
	int64_t ms;

	if (ts == NULL || time_parse_rfc3339(ts, &ms) == -1)
		return -1;
	return (double)ms / 1000.0;
}

int usage_export_prometheus(FILE *out, const json_t *summary)
{
	double events = (double)integer(summary, "total_events");
	double first = seconds(summary, "first_use");
	double last = seconds(summary, "last_use");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(counters); i++)
		if (prom_family(out, counters[i].name, "counter",
		                counters[i].help) == -1 ||
		    prom_sample(out, counters[i].name, NULL, NULL,
		                (double)integer(summary, counters[i].key)) ==
		        -1)
			return -1;
	if (prom_family(out, P "session_duration_seconds_total", "counter",
	                "Time in completed sessions.") == -1 ||
	    prom_sample(out, P "session_duration_seconds_total", NULL, NULL,
	                (double)integer(summary, "total_session_duration") /
	                    1000.0) == -1 ||
	    prom_family(out, P "error_ratio", "gauge",
	                "Error events per agent event (0-1).") == -1 ||
	    prom_sample(out, P "error_ratio", NULL, NULL,
	                events > 0
	                    ? (double)integer(summary, "total_errors") / events
	                    : 0) == -1 ||
	    prom_family(out, P "open_sessions", "gauge",
	                "Sessions open now (started, not ended, under 24 "
	                "hours).") == -1 ||
	    prom_sample(out, P "open_sessions", NULL, NULL,
	                (double)json_object_size(
	                    json_object_get(summary, "open_sessions"))) == -1)
		return -1;
	if (first >= 0 &&
	    (prom_family(out, P "first_use_timestamp_seconds", "gauge",
	                 "Time of the first event recorded.") == -1 ||
	     prom_sample(out, P "first_use_timestamp_seconds", NULL, NULL,
	                 first) == -1))
		return -1;
	if (last >= 0 &&
	    (prom_family(out, P "last_use_timestamp_seconds", "gauge",
	                 "Time of the latest event recorded.") == -1 ||
	     prom_sample(out, P "last_use_timestamp_seconds", NULL, NULL,
	                 last) == -1))
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
	return 0;
}
