/*
 * Rules of this file:
 * - Pure: documents come from docs_get() and the outcome depends on the
 *   samples, their order and TZ alone, so a replay gives the same documents.
 * - Nothing grows with history: averages are running sums, trends keep
 *   METRICS_TREND values, the summary METRICS_MAX_SESSIONS closed sessions
 *   and TALLY_MAX_NAMES commands.
 * - A session's day file entry is its summary entry, the same jansson value
 *   (put again at each sample, as the day file may come from disk), so the
 *   two never disagree.  The documents' figures are updated in place; a
 *   sample's values are never changed ("latest" shares them).
 */
#include "apply.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_util.h"
#include "tally.h"
#include "timeutil.h"

/* The figures start_metrics and end_metrics keep of a sample. */
static const char *const snapshot_keys[] = {
    "cpu_percent",  "memory_percent", "memory_available_gb",
    "disk_percent", "disk_free_gb",
};

/* The members of a sample the summary keeps as "latest". */
static const char *const latest_keys[] = {
    "timestamp",    "event",          "session_id",
    "cpu_percent",  "memory_percent", "memory_available_gb",
    "disk_percent", "disk_free_gb",   "disk_path",
    "swap_percent", "load_avg",       "cpu_count",
};

static const char *const alert_names[] = {"cpu", "memory", "disk",
                                          "agent_memory"};

/* The figures of a command in the summary's "commands" (apply.h). */
static const struct {
	const char *key;
	int integer; /* else a real */
} command_keys[] = {
    {"count", 1},
    {"measured", 1},
    {"cpu_seconds", 0},
    {"wall_ms", 1},
    {"max_cpu_seconds", 0},
    {"max_wall_ms", 1},
    {"system_cpu_percent_sum", 0},
};

/* What earlier versions kept per command, dropped when an entry changes. */
static const char *const command_old_keys[] = {"avg_cpu", "peak_cpu",
                                               "cpu_sum"};

/* Names of the figures of a performance_summary, per kind of document. */
struct stat_keys {
	const char *avg_cpu, *avg_memory, *peak_cpu, *peak_memory, *count;
};

static const struct stat_keys overall_keys = {
    "avg_cpu_usage",     "avg_memory_usage",   "peak_cpu_usage",
    "peak_memory_usage", "total_measurements",
};

static const struct stat_keys session_keys = {
    "avg_cpu", "avg_memory", "peak_cpu", "peak_memory", "measurements",
};

/* What metrics_apply() reads of a sample. */
struct sample_view {
	json_t *rec;
	const char *type, *id, *timestamp;
	int64_t time_ms;
	double cpu, memory;
};

/* The object member key of o, created empty when absent; NULL: no memory. */
static json_t *child(json_t *o, const char *key)
{
	json_t *c = json_object_get(o, key);

	if (json_is_object(c))
		return c;
	c = json_object();
	if (c == NULL || json_object_set_new(o, key, c) == -1)
		return NULL;
	return c;
}

/* Set a member; -1 when out of memory (the value is released either way). */
static int put(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

/*
 * Set a number member: in place when it holds one of that type already, so
 * that the figures a sample updates cost no allocation.
 */
static int put_real(json_t *o, const char *key, double v)
{
	json_t *old = json_object_get(o, key);

	return json_is_real(old) ? json_real_set(old, v)
	                         : put(o, key, json_real(v));
}

static int put_int(json_t *o, const char *key, json_int_t v)
{
	json_t *old = json_object_get(o, key);

	return json_is_integer(old) ? json_integer_set(old, v)
	                            : put(o, key, json_integer(v));
}

/* Add 1 to the integer member key of o (created at 0); -1: no memory. */
static int bump(json_t *o, const char *key)
{
	json_int_t n = json_integer_value(json_object_get(o, key));

	return put_int(o, key, n + 1);
}

void metrics_day_name(const char *date, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%.10s.json", METRICS_PREFIX, date);
}

/* A performance_summary's figures before its first sample. */
static int stats_init(json_t *ps, const struct stat_keys *k, int alerts)
{
	json_t *a;
	int bad = 0;

	if (json_object_get(ps, k->count) != NULL)
		return 0;
	bad |= put_real(ps, k->avg_cpu, 0);
	bad |= put_real(ps, k->avg_memory, 0);
	bad |= put_real(ps, k->peak_cpu, 0);
	bad |= put_real(ps, k->peak_memory, 0);
	bad |= put_int(ps, k->count, 0);
	if (alerts) {
		a = json_object();
		for (size_t i = 0; i < ARRAY_SIZE(alert_names); i++)
			bad |= a == NULL || put_int(a, alert_names[i], 0);
		bad |= put(ps, "alerts", a);
	}
	bad |= put_real(ps, "cpu_sum", 0);
	bad |= put_real(ps, "memory_sum", 0);
	return bad ? -1 : 0;
}

/*
 * Count one sample in a performance_summary.  Averages are sum / n, kept
 * unrounded; the sums are what a replay adds up in the same order, so live
 * and rebuilt figures are equal to the last bit.
 */
static int stats_add(json_t *ps, const struct stat_keys *k,
                     const struct sample_view *sv)
{
	json_int_t n = json_integer_value(json_object_get(ps, k->count));
	double cpu_sum = num(ps, "cpu_sum") + sv->cpu;
	double mem_sum = num(ps, "memory_sum") + sv->memory;
	double peak_cpu = num(ps, k->peak_cpu);
	double peak_mem = num(ps, k->peak_memory);
	json_t *alerts = json_object_get(ps, "alerts");
	json_t *names = json_object_get(sv->rec, "alerts");
	size_t i, j;
	int bad = 0;

	if (n == 0 || sv->cpu > peak_cpu)
		peak_cpu = sv->cpu;
	if (n == 0 || sv->memory > peak_mem)
		peak_mem = sv->memory;
	n++;
	bad |= put_real(ps, k->avg_cpu, cpu_sum / (double)n);
	bad |= put_real(ps, k->avg_memory, mem_sum / (double)n);
	bad |= put_real(ps, k->peak_cpu, peak_cpu);
	bad |= put_real(ps, k->peak_memory, peak_mem);
	bad |= put_int(ps, k->count, n);
	for (i = 0; alerts != NULL && i < json_array_size(names); i++) {
		const char *a = json_string_value(json_array_get(names, i));

		/* Only the known names: a log line cannot add keys. */
		for (j = 0; a != NULL && j < ARRAY_SIZE(alert_names); j++)
			if (strcmp(a, alert_names[j]) == 0)
				bad |= bump(alerts, alert_names[j]);
	}
	bad |= put_real(ps, "cpu_sum", cpu_sum);
	bad |= put_real(ps, "memory_sum", mem_sum);
	return bad ? -1 : 0;
}

/* The figures of a sample that start_metrics/end_metrics keep. */
static json_t *snapshot_new(const json_t *rec)
{
	json_t *m = json_object(), *v;

	for (size_t i = 0; m != NULL && i < ARRAY_SIZE(snapshot_keys); i++) {
		v = json_object_get(rec, snapshot_keys[i]);
		if (v != NULL && put(m, snapshot_keys[i], json_copy(v)) == -1) {
			json_decref(m);
			return NULL;
		}
	}
	return m;
}

/* The day file of date, with every member of docs/design.md §6 present. */
static json_t *day_get(struct docs *docs, const char *date, struct error *err)
{
	char name[40];
	json_t *day, *ps, *trend;
	int bad = 0;

	metrics_day_name(date, name, sizeof(name));
	day = docs_get(docs, name);
	if (day == NULL) {
		*err = *docs_error(docs);
		return NULL;
	}
	if (json_object_get(day, "date") == NULL)
		bad |= put(day, "date", json_string(date));
	bad |= child(day, "sessions") == NULL;
	ps = child(day, "performance_summary");
	bad |= ps == NULL || stats_init(ps, &overall_keys, 1) == -1;
	trend = json_object_get(day, "cpu_trend");
	if (!json_is_array(trend))
		bad |= put(day, "cpu_trend", json_array());
	trend = json_object_get(day, "memory_trend");
	if (!json_is_array(trend))
		bad |= put(day, "memory_trend", json_array());
	if (bad) {
		error_set(err, ENOMEM, "cannot update '%s'", name);
		return NULL;
	}
	return day;
}

/* The summary, with every member of docs/design.md §6 present. */
static json_t *summary_get(struct docs *docs, struct error *err)
{
	json_t *summary = docs_get(docs, METRICS_SUMMARY), *ps;

	if (summary == NULL) {
		*err = *docs_error(docs);
		return NULL;
	}
	ps = child(summary, "performance_summary");
	if (ps == NULL || stats_init(ps, &overall_keys, 1) == -1 ||
	    child(summary, "commands") == NULL ||
	    child(summary, "sessions") == NULL) {
		error_set(err, ENOMEM, "cannot update '%s'", METRICS_SUMMARY);
		return NULL;
	}
	return summary;
}

/* Append a figure to one of the day's trends, keeping the last few. */
static int trend_append(json_t *day, const char *key, double v)
{
	json_t *trend = json_object_get(day, key);

	if (json_array_append_new(trend, json_real(v)) == -1)
		return -1;
	while (json_array_size(trend) > METRICS_TREND)
		json_array_remove(trend, 0);
	return 0;
}

/* The sample's CPU and memory in the day's trends. */
static int trend_add(json_t *day, const struct sample_view *sv)
{
	if (trend_append(day, "cpu_trend", sv->cpu) == -1)
		return -1;
	return trend_append(day, "memory_trend", sv->memory);
}

static int latest_set(json_t *summary, const json_t *rec)
{
	json_t *l = json_object(), *v;

	for (size_t i = 0; l != NULL && i < ARRAY_SIZE(latest_keys); i++) {
		v = json_object_get(rec, latest_keys[i]);
		if (v != NULL && put(l, latest_keys[i], json_incref(v)) == -1) {
			json_decref(l);
			return -1;
		}
	}
	return put(summary, "latest", l);
}

/* v rounded to 2 decimals: sums of logged figures stay as they were logged. */
static double round2(double v)
{
	return round(v * 100.0) / 100.0;
}

/* The summary's entry of command name (tally_key()), every figure present. */
static json_t *command_get(json_t *summary, const char *name)
{
	json_t *cmds = child(summary, "commands"), *c;
	int bad = 0;

	if (cmds == NULL)
		return NULL;
	name = tally_key(cmds, name);
	c = json_object_get(cmds, name);
	if (!json_is_object(c)) {
		c = json_object();
		if (c == NULL || json_object_set_new(cmds, name, c) == -1)
			return NULL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(command_old_keys); i++)
		json_object_del(c, command_old_keys[i]);
	for (size_t i = 0; i < ARRAY_SIZE(command_keys); i++)
		if (json_object_get(c, command_keys[i].key) == NULL)
			bad |= put(c, command_keys[i].key,
			           command_keys[i].integer ? json_integer(0)
			                                   : json_real(0));
	return bad ? NULL : c;
}

/* A command_start counts a run of its command, in any session or none. */
static int command_count(json_t *summary, const struct sample_view *sv)
{
	const char *name = str(sv->rec, "command");
	json_t *c;

	if (strcmp(sv->type, "command_start") != 0 || name == NULL ||
	    *name == '\0')
		return 0;
	c = command_get(summary, name);
	return c == NULL ? -1 : bump(c, "count");
}

/* What a command costs, from its command_start and command_end samples. */
struct command_cost {
	int64_t wall_ms;
	double cpu_seconds, system_cpu_percent;
};

/*
 * The cost between the start kept in open_commands and the end sample.  A
 * figure whose counters did not move forward (the agent restarted, its pid
 * was reused, the clock stepped back, no tick passed) counts as 0: never
 * negative.
 */
static void command_cost_of(const json_t *start, const struct sample_view *end,
                            struct command_cost *cost)
{
	const json_t *agent = json_object_get(end->rec, "agent");
	const json_t *ticks = json_object_get(end->rec, "cpu_ticks");
	const json_t *t0 = json_object_get(start, "cpu_ticks");
	json_int_t dtotal, dbusy;
	double d;

	cost->wall_ms = end->time_ms - integer(start, "start_ms");
	if (cost->wall_ms < 0)
		cost->wall_ms = 0;
	cost->cpu_seconds = 0;
	if (json_is_object(agent) &&
	    json_is_number(json_object_get(agent, "children_cpu_seconds")) &&
	    json_is_number(json_object_get(start, "children_cpu_seconds")) &&
	    integer(agent, "pid") == integer(start, "agent_pid")) {
		d = num(agent, "children_cpu_seconds") -
		    num(start, "children_cpu_seconds");
		cost->cpu_seconds = d > 0 ? round2(d) : 0;
	}
	cost->system_cpu_percent = 0;
	dtotal = integer(ticks, "total") - integer(t0, "total");
	dbusy = integer(ticks, "busy") - integer(t0, "busy");
	if (json_is_object(ticks) && json_is_object(t0) && dtotal > 0 &&
	    dbusy >= 0 && dbusy <= dtotal)
		cost->system_cpu_percent =
		    (double)dbusy / (double)dtotal * 100.0;
}

/* Add a measured run's cost to its command's figures. */
static int command_cost_add(json_t *summary, const char *name,
                            const struct command_cost *cost)
{
	json_t *c = command_get(summary, name);
	int bad = 0;

	if (c == NULL)
		return -1;
	bad |= bump(c, "measured");
	bad |= put_real(c, "cpu_seconds",
	                round2(num(c, "cpu_seconds") + cost->cpu_seconds));
	bad |= put_int(c, "wall_ms", integer(c, "wall_ms") + cost->wall_ms);
	if (cost->cpu_seconds > num(c, "max_cpu_seconds"))
		bad |= put_real(c, "max_cpu_seconds", cost->cpu_seconds);
	if (cost->wall_ms > integer(c, "max_wall_ms"))
		bad |= put_int(c, "max_wall_ms", cost->wall_ms);
	bad |= put_real(c, "system_cpu_percent_sum",
	                num(c, "system_cpu_percent_sum") +
	                    cost->system_cpu_percent);
	return bad ? -1 : 0;
}

/* A command_start of an open session: kept until its command_end. */
static int command_open(json_t *s, const struct sample_view *sv)
{
	const char *id = str(sv->rec, "tool_use_id");
	const char *name = str(sv->rec, "command");
	const json_t *agent = json_object_get(sv->rec, "agent");
	const json_t *ticks = json_object_get(sv->rec, "cpu_ticks");
	json_t *open = json_object_get(s, "open_commands"), *e;
	int bad = 0;

	if (!json_is_array(open)) {
		open = json_array();
		if (open == NULL || put(s, "open_commands", open) == -1)
			return -1;
	}
	/* An id seen again: the older start never ended (or the agent
	 * reuses ids); the newer one stands. */
	for (size_t i = json_array_size(open); id != NULL && i-- > 0;)
		if (strcmp(str_or(json_array_get(open, i), "tool_use_id", ""),
		           id) == 0)
			json_array_remove(open, i);
	e = json_object();
	if (e == NULL || json_array_append_new(open, e) == -1)
		return -1;
	if (id != NULL)
		bad |= put(e, "tool_use_id", json_string(id));
	if (name != NULL)
		bad |= put(e, "command", json_string(name));
	bad |= put_int(e, "start_ms", sv->time_ms);
	if (json_is_object(ticks))
		bad |= put(e, "cpu_ticks", json_deep_copy(ticks));
	if (json_is_number(json_object_get(agent, "children_cpu_seconds"))) {
		bad |= put_int(e, "agent_pid", integer(agent, "pid"));
		bad |= put_real(e, "children_cpu_seconds",
		                num(agent, "children_cpu_seconds"));
	}
	while (json_array_size(open) > METRICS_OPEN_COMMANDS)
		json_array_remove(open, 0);
	return bad ? -1 : 0;
}

/*
 * The open command a command_end closes: the one of its tool_use_id, else
 * the last one without an id (an end with no id: the last one); -1: none.
 */
static long command_match(const json_t *open, const char *id)
{
	size_t i;

	for (i = json_array_size(open); id != NULL && i-- > 0;)
		if (strcmp(str_or(json_array_get(open, i), "tool_use_id", ""),
		           id) == 0)
			return (long)i;
	for (i = json_array_size(open); i-- > 0;)
		if (id == NULL ||
		    str(json_array_get(open, i), "tool_use_id") == NULL)
			return (long)i;
	return -1;
}

/* A command_end of an open session: its command's cost, when matched. */
static int command_close(json_t *summary, json_t *s,
                         const struct sample_view *sv)
{
	json_t *open = json_object_get(s, "open_commands"), *start;
	struct command_cost cost;
	const char *name;
	long i = command_match(open, str(sv->rec, "tool_use_id"));
	int ret = 0;

	if (i < 0)
		return 0; /* its start was never seen: cost unknown */
	start = json_incref(json_array_get(open, (size_t)i));
	json_array_remove(open, (size_t)i);
	name = str(start, "command");
	if (name == NULL)
		name = str(sv->rec, "command");
	command_cost_of(start, sv, &cost);
	if (name != NULL && *name != '\0')
		ret = command_cost_add(summary, name, &cost);
	if (ret == 0)
		ret = put_real(
		    s, "command_cpu_seconds",
		    round2(num(s, "command_cpu_seconds") + cost.cpu_seconds));
	json_decref(start);
	return ret;
}

/* The agent's RSS at the session's first sample, its peak and at the end. */
static int agent_rss_add(json_t *s, const struct sample_view *sv)
{
	const json_t *rss =
	    json_object_get(json_object_get(sv->rec, "agent"), "rss_mb");
	double mb = json_number_value(rss);
	int bad = 0;

	if (!json_is_number(rss))
		return 0;
	if (json_object_get(s, "agent_rss_start_mb") == NULL)
		bad |= put_real(s, "agent_rss_start_mb", mb);
	if (json_object_get(s, "agent_rss_peak_mb") == NULL ||
	    mb > num(s, "agent_rss_peak_mb"))
		bad |= put_real(s, "agent_rss_peak_mb", mb);
	if (strcmp(sv->type, "session_end") == 0)
		bad |= put_real(s, "agent_rss_end_mb", mb);
	return bad ? -1 : 0;
}

/* Start time of a session entry in ms, -1 when it has none. */
static int64_t session_start_ms(const json_t *s)
{
	const char *t = str(s, "start_time");
	int64_t ms;

	if (t == NULL || time_parse_rfc3339(t, &ms) == -1)
		return -1;
	return ms;
}

/* 1 when s is open at time t: started, not ended, for less than 24 h. */
static int session_is_open(const json_t *s, int64_t t)
{
	int64_t start = session_start_ms(s);

	return json_is_object(s) && json_object_get(s, "end_time") == NULL &&
	       start != -1 && t - start < METRICS_OPEN_MS;
}

static json_t *session_new(const struct sample_view *sv)
{
	const char *model = str(sv->rec, "model");
	json_t *s = json_object(), *ps;
	int bad = 0;

	if (s == NULL)
		return NULL;
	bad |= put(s, "start_time", json_string(sv->timestamp));
	bad |= put(s, "model", json_string(model != NULL ? model : "unknown"));
	bad |= put(s, "start_metrics", snapshot_new(sv->rec));
	bad |= put_int(s, "command_count", 0);
	bad |= put_int(s, "task_count", 0);
	bad |= put_real(s, "command_cpu_seconds", 0);
	ps = json_object();
	bad |= put(s, "performance_summary", ps);
	if (bad || stats_init(ps, &session_keys, 0) == -1) {
		json_decref(s);
		return NULL;
	}
	return s;
}

/* Count one sample of an open session in its entry. */
static int session_add(json_t *summary, json_t *s, const struct sample_view *sv)
{
	json_t *ps = json_object_get(s, "performance_summary");
	const char *model = str(sv->rec, "model");
	json_t *d;
	json_int_t n;
	int64_t start;
	int bad = 0;

	if (stats_add(ps, &session_keys, sv) == -1)
		return -1;
	bad |= put_real(s, "peak_cpu", num(ps, "peak_cpu"));
	bad |= put_real(s, "peak_memory", num(ps, "peak_memory"));
	n = json_integer_value(json_object_get(ps, "measurements"));
	bad |= put_int(s, "measurements", n);
	/* A session opened without a model takes the first one named. */
	if (model != NULL && (str(s, "model") == NULL ||
	                      strcmp(str(s, "model"), "unknown") == 0))
		bad |= put(s, "model", json_string(model));
	bad |= agent_rss_add(s, sv);
	if (strcmp(sv->type, "command_start") == 0) {
		bad |= bump(s, "command_count");
		bad |= command_open(s, sv);
	} else if (strcmp(sv->type, "command_end") == 0) {
		bad |= command_close(summary, s, sv);
	} else if (strcmp(sv->type, "task_start") == 0) {
		bad |= bump(s, "task_count");
	} else if (strcmp(sv->type, "session_end") == 0) {
		bad |= put(s, "end_time", json_string(sv->timestamp));
		bad |= put(s, "end_metrics", snapshot_new(sv->rec));
		json_object_del(s, "open_commands");
		if (json_is_array(json_object_get(sv->rec, "left_running")))
			bad |= put(s, "left_running",
			           json_deep_copy(json_object_get(
			               sv->rec, "left_running")));
		d = json_object_get(sv->rec, "duration_ms");
		if (json_is_integer(d) && json_integer_value(d) >= 0) {
			bad |= put(s, "duration_ms", json_copy(d));
		} else {
			start = session_start_ms(s);
			bad |= put_int(s, "duration_ms",
			               sv->time_ms > start ? sv->time_ms - start
			                                   : 0);
		}
	}
	return bad ? -1 : 0;
}

struct session_rank {
	const char *id;
	const char *start;
	int open;
};

/* Newest start first; ties by id, so the order never depends on the hash. */
static int by_start_desc(const void *a, const void *b)
{
	const struct session_rank *x = a, *y = b;
	int c = strcmp(y->start, x->start);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* Drop what the summary need not keep (see apply.h); t is the sample's time. */
static int sessions_prune(json_t *sessions, int64_t t)
{
	size_t cap = json_object_size(sessions), n = 0, i;
	struct session_rank *v;
	const char *id;
	json_t *s;

	if (cap <= METRICS_MAX_SESSIONS)
		return 0;
	v = malloc(cap * sizeof(*v));
	if (v == NULL)
		return -1;
	json_object_foreach(sessions, id, s)
	{
		const char *start = str(s, "start_time");

		v[n].id = id;
		v[n].start = start != NULL ? start : "";
		v[n].open = session_is_open(s, t);
		n++;
	}
	qsort(v, n, sizeof(*v), by_start_desc);
	/* Deleting v[i] frees its key only; the others stay valid. */
	for (i = METRICS_MAX_SESSIONS; i < n; i++)
		if (!v[i].open)
			json_object_del(sessions, v[i].id);
	free(v);
	return 0;
}

/*
 * Put the summary's entry of a session in the day file of its start.  day
 * is the sample's day file (date): docs_get() must be asked for a document
 * once per record, as a second call while replaying hands out a scratch copy.
 */
static int day_session_put(struct docs *docs, json_t *day, const char *date,
                           const char *id, json_t *s, struct error *err)
{
	char start[TIME_DATE_LEN];
	json_t *sessions;

	time_local_date(session_start_ms(s), start);
	if (strcmp(start, date) != 0) {
		day = day_get(docs, start, err);
		if (day == NULL)
			return -1;
	}
	sessions = json_object_get(day, "sessions");
	if (json_object_set_new(sessions, id, json_incref(s)) == -1) {
		error_set(err, ENOMEM,
		          "cannot update the day of session '%.64s'", id);
		return -1;
	}
	return 0;
}

/* The session part of a sample: open, count in, or close a session. */
static int session_apply(struct docs *docs, json_t *summary, json_t *day,
                         const char *date, const struct sample_view *sv,
                         struct error *err)
{
	json_t *sessions = json_object_get(summary, "sessions");
	json_t *s = json_object_get(sessions, sv->id);
	int bad = 0;

	if (!session_is_open(s, sv->time_ms)) {
		if (strcmp(sv->type, "session_start") != 0)
			return 0; /* counted in the summaries only */
		s = session_new(sv);
		bad = s == NULL ||
		      json_object_set_new(sessions, sv->id, s) == -1 ||
		      sessions_prune(sessions, sv->time_ms) == -1;
	}
	if (bad || session_add(summary, s, sv) == -1) {
		error_set(err, ENOMEM, "cannot update session '%.64s'", sv->id);
		return -1;
	}
	return day_session_put(docs, day, date, sv->id, s, err);
}

int metrics_apply(struct docs *docs, json_t *sample, struct error *err)
{
	struct sample_view sv = {.rec = sample};
	char date[TIME_DATE_LEN];
	json_t *summary, *day;

	sv.type = str(sample, "event");
	sv.id = str(sample, "session_id");
	sv.timestamp = str(sample, "timestamp");
	if (!json_is_object(sample) || sv.type == NULL || sv.id == NULL ||
	    sv.timestamp == NULL ||
	    time_parse_rfc3339(sv.timestamp, &sv.time_ms) == -1)
		return 0;
	sv.cpu = num(sample, "cpu_percent");
	sv.memory = num(sample, "memory_percent");

	time_local_date(sv.time_ms, date);
	day = day_get(docs, date, err);
	if (day == NULL)
		return -1;
	summary = summary_get(docs, err);
	if (summary == NULL)
		return -1;
	if (stats_add(json_object_get(day, "performance_summary"),
	              &overall_keys, &sv) == -1 ||
	    trend_add(day, &sv) == -1 ||
	    stats_add(json_object_get(summary, "performance_summary"),
	              &overall_keys, &sv) == -1 ||
	    latest_set(summary, sample) == -1 ||
	    command_count(summary, &sv) == -1) {
		error_set(err, ENOMEM,
		          "cannot apply a sample of session '%.64s'", sv.id);
		return -1;
	}
	return session_apply(docs, summary, day, date, &sv, err);
}
