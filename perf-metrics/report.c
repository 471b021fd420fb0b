/*
 * Rules of this file:
 * - Read only: a member missing or of the wrong type reads as 0 or is
 *   skipped, so a hand-edited document never crashes the report.
 * - The text fits opts->columns: table columns are dropped, least useful
 *   first, and session ids cut, rather than wrap.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "json_util.h"
#include "table.h"
#include "timeutil.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"

/* Percentages at or over these are shown in colour. */
#define HOT_PERCENT 90.0
#define WARM_PERCENT 70.0

/* ---- what the report shows, picked from the documents ---- */

struct ranked {
	const char *key;
	const json_t *v;
};

/* Oldest start first (so the newest is last), ties by id. */
static int by_start(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(str_or(x->v, "start_time", ""),
	               str_or(y->v, "start_time", ""));

	return c != 0 ? c : strcmp(x->key, y->key);
}

/* Largest figure first; ties by the second figure, then by name. */
static int by_figures(const void *a, const void *b, const char *first,
                      const char *then)
{
	const struct ranked *x = a, *y = b;
	double d = num(y->v, first) - num(x->v, first);

	if (d == 0)
		d = num(y->v, then) - num(x->v, then);
	if (d != 0)
		return d > 0 ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int by_cpu(const void *a, const void *b)
{
	return by_figures(a, b, "cpu_seconds", "wall_ms");
}

static int by_wall(const void *a, const void *b)
{
	return by_figures(a, b, "wall_ms", "cpu_seconds");
}

/*
 * The object members of obj sorted by cmp, in a new array of *n: the last
 * max with newest_last, else the first max.  NULL when there are none.
 */
static struct ranked *rank(const json_t *obj,
                           int (*cmp)(const void *, const void *), size_t max,
                           int newest_last, size_t *n)
{
	struct ranked *v;
	const char *key;
	json_t *val;
	size_t i = 0, total = json_object_size(obj);

	*n = 0;
	if (total == 0)
		return NULL;
	v = malloc(total * sizeof(*v));
	if (v == NULL)
		return NULL;
	json_object_foreach((json_t *)obj, key, val)
	{
		if (!json_is_object(val))
			continue;
		v[i].key = key;
		v[i++].v = val;
	}
	qsort(v, i, sizeof(*v), cmp);
	if (i > max) {
		if (newest_last)
			memmove(v, v + (i - max), max * sizeof(*v));
		i = max;
	}
	*n = i;
	return v;
}

/* ---- JSON ---- */

static json_t *json_summary(const json_t *summary)
{
	const json_t *ps = json_object_get(summary, "performance_summary");
	const json_t *al = json_object_get(ps, "alerts");

	return json_pack(
	    "{s:I,s:f,s:f,s:f,s:f,s:{s:I,s:I,s:I,s:I}}", "total_measurements",
	    integer(ps, "total_measurements"), "avg_cpu_usage",
	    num(ps, "avg_cpu_usage"), "avg_memory_usage",
	    num(ps, "avg_memory_usage"), "peak_cpu_usage",
	    num(ps, "peak_cpu_usage"), "peak_memory_usage",
	    num(ps, "peak_memory_usage"), "alerts", "cpu", integer(al, "cpu"),
	    "memory", integer(al, "memory"), "disk", integer(al, "disk"),
	    "agent_memory", integer(al, "agent_memory"));
}

/* A session's member key as JSON, or NULL ("o*" leaves it out). */
static json_t *copy_of(const json_t *s, const char *key)
{
	const json_t *v = json_object_get(s, key);

	return v != NULL ? json_deep_copy(v) : NULL;
}

static json_t *json_session(const char *id, const json_t *s)
{
	const json_t *ps = json_object_get(s, "performance_summary");
	const json_t *end = json_object_get(s, "end_time");
	const json_t *ms = json_object_get(s, "duration_ms");

	/* "o*": end_time and duration_ms only when the session has them */
	return json_pack(
	    "{s:s,s:s,s:o*,s:s,s:o*,s:I,s:I,s:I,s:f,s:f,s:f,s:f,s:o*,s:o*,s:o*,"
	    "s:f,s:o*}",
	    "session_id", id, "start_time", str_or(s, "start_time", ""),
	    "end_time",
	    end != NULL ? json_string(str_or(s, "end_time", "")) : NULL,
	    "model", str_or(s, "model", "unknown"), "duration_ms",
	    json_is_integer(ms) ? json_copy((json_t *)ms) : NULL,
	    "measurements", integer(ps, "measurements"), "command_count",
	    integer(s, "command_count"), "task_count", integer(s, "task_count"),
	    "avg_cpu", num(ps, "avg_cpu"), "peak_cpu", num(ps, "peak_cpu"),
	    "avg_memory", num(ps, "avg_memory"), "peak_memory",
	    num(ps, "peak_memory"), "agent_rss_start_mb",
	    copy_of(s, "agent_rss_start_mb"), "agent_rss_peak_mb",
	    copy_of(s, "agent_rss_peak_mb"), "agent_rss_end_mb",
	    copy_of(s, "agent_rss_end_mb"), "command_cpu_seconds",
	    num(s, "command_cpu_seconds"), "left_running",
	    copy_of(s, "left_running"));
}

static json_t *json_today(const json_t *today, const char *date)
{
	const json_t *ps = json_object_get(today, "performance_summary");
	json_t *trend = json_object_get(today, "cpu_trend");

	/* "o" steals the reference json_deep_copy returns (NULL: no memory). */
	return json_pack("{s:s,s:I,s:f,s:f,s:o}", "date", date, "measurements",
	                 integer(ps, "total_measurements"), "avg_cpu_usage",
	                 num(ps, "avg_cpu_usage"), "peak_cpu_usage",
	                 num(ps, "peak_cpu_usage"), "cpu_trend",
	                 json_is_array(trend) ? json_deep_copy(trend)
	                                      : json_array());
}

static json_t *json_command(const char *name, const json_t *c)
{
	return json_pack(
	    "{s:s,s:I,s:I,s:f,s:I,s:f,s:I,s:f}", "command", name, "count",
	    integer(c, "count"), "measured", integer(c, "measured"),
	    "cpu_seconds", num(c, "cpu_seconds"), "wall_ms",
	    integer(c, "wall_ms"), "max_cpu_seconds", num(c, "max_cpu_seconds"),
	    "max_wall_ms", integer(c, "max_wall_ms"), "system_cpu_percent_sum",
	    num(c, "system_cpu_percent_sum"));
}

/* The n first commands of the summary by cmp, as JSON; NULL: no memory. */
static json_t *json_commands(const json_t *summary,
                             int (*cmp)(const void *, const void *))
{
	json_t *a = json_array();
	size_t n, i;
	struct ranked *v = rank(json_object_get(summary, "commands"), cmp,
	                        REPORT_COMMANDS, 0, &n);

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_command(v[i].key, v[i].v)) ==
		    -1) {
			json_decref(a);
			a = NULL;
		}
	free(v);
	return a;
}

/* The days of a range summary, oldest first: {date, measurements, ...}. */
static json_t *json_days(const json_t *summary)
{
	const json_t *daily = json_object_get(summary, "daily_stats");
	size_t n;
	const char **dates = json_util_sorted_keys(daily, JSON_OBJECT, &n);
	json_t *a = json_array();
	int bad = a == NULL || dates == NULL;

	for (size_t i = 0; !bad && i < n; i++) {
		json_t *d = json_deep_copy(json_object_get(daily, dates[i]));

		bad |= d == NULL ||
		       json_object_set_new(d, "date", json_string(dates[i]));
		bad |= json_array_append_new(a, d);
	}
	free(dates);
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static int report_json(FILE *out, const json_t *summary, const json_t *today,
                       const char *date)
{
	json_t *o = json_object();
	json_t *sessions = json_array();
	json_t *latest = json_object_get(summary, "latest");
	json_t *range = json_object_get(summary, "range");
	struct ranked *v;
	size_t n, i;
	int bad = o == NULL || sessions == NULL, ret;

	v = rank(json_object_get(summary, "sessions"), by_start,
	         REPORT_SESSIONS, 1, &n);
	for (i = 0; !bad && i < n; i++)
		bad |= json_array_append_new(sessions,
		                             json_session(v[i].key, v[i].v));
	free(v);
	if (!bad) {
		bad |= json_object_set_new(o, "summary", json_summary(summary));
		if (json_is_object(latest))
			bad |= json_object_set(o, "latest", latest);
		bad |= json_object_set(o, "recent_sessions", sessions);
	}
	if (!bad && range != NULL) {
		/* A range has no latest sample, commands or today. */
		bad |= json_object_set(o, "range", range);
		bad |= json_object_set_new(o, "days", json_days(summary));
	} else if (!bad) {
		bad |= json_object_set_new(o, "top_commands",
		                           json_commands(summary, by_cpu));
		bad |= json_object_set_new(o, "top_commands_by_wall",
		                           json_commands(summary, by_wall));
		bad |= json_object_set_new(o, "today", json_today(today, date));
	}
	ret = json_util_print(out, bad ? NULL : o);
	json_decref(o);
	json_decref(sessions);
	return ret;
}

/* ---- text ---- */

struct text {
	FILE *out;
	const struct report_options *opts;
};

static void heading(struct text *t, const char *title)
{
	chart_heading(t->out, title, t->opts->color);
}

static const char *heat(const struct text *t, double percent)
{
	if (!t->opts->color)
		return "";
	if (percent >= HOT_PERCENT)
		return RED;
	if (percent >= WARM_PERCENT)
		return YELLOW;
	return "";
}

/* "12.3%" with its colour when allowed. */
static void percent(struct text *t, const char *label, double p)
{
	const char *c = heat(t, p);

	fprintf(t->out, "%s: %s%.1f%%%s\n", label, c, p, *c ? CHART_RESET : "");
}

/* Names are cut to FIT_SOFT before a figure is left out (table_soft()). */
#define FIT_SOFT 12
#define CELL 32 /* a formatted figure or date */

/* The n entries of v (freed here) as a table, a row each by row(). */
static int
ranked_table(struct text *t, const char *title, const struct table_column *cols,
             size_t ncols, struct ranked *v, size_t n,
             int (*row)(struct text *, struct table *, const struct ranked *))
{
	struct table *tab = NULL;
	int ret = -1;

	heading(t, title);
	if (n == 0) {
		ret = fputs("  (none yet)\n", t->out) == EOF ? -1 : 0;
		goto out;
	}
	tab = table_new(cols, ncols);
	if (tab == NULL)
		goto out;
	table_soft(tab, FIT_SOFT);
	for (size_t i = 0; i < n; i++)
		if (row(t, tab, &v[i]) == -1)
			goto out;
	ret = table_print(tab, t->out, (size_t)t->opts->columns, t->opts->utf8);
out:
	table_free(tab);
	free(v);
	return ret;
}

/* Session table columns. */
enum {
	COL_SESSION,
	COL_STARTED,
	COL_DURATION,
	COL_SAMPLES,
	COL_AVG_CPU,
	COL_PEAK_CPU,
	COL_AVG_MEM,
	COL_PEAK_MEM,
	COL_AGENT_MB,
	COL_CMD_CPU,
	COL_MODEL,
	NCOLS
};

static int session_row(struct text *t, struct table *tab,
                       const struct ranked *r)
{
	const json_t *s = r->v;
	const json_t *ps = json_object_get(s, "performance_summary");
	char text[NCOLS][CELL];
	const char *cells[NCOLS], *color[NCOLS] = {NULL};

	for (size_t i = 0; i < NCOLS; i++)
		cells[i] = text[i];
	cells[COL_SESSION] = r->key;
	time_local_minute(str(s, "start_time"), 0, text[COL_STARTED], CELL);
	if (json_is_integer(json_object_get(s, "duration_ms")))
		snprintf(text[COL_DURATION], CELL, "%.1f min",
		         (double)integer(s, "duration_ms") / 60000.0);
	else
		cells[COL_DURATION] =
		    json_object_get(s, "end_time") == NULL ? "open" : "-";
	chart_thousands(integer(ps, "measurements"), text[COL_SAMPLES], CELL);
	snprintf(text[COL_AVG_CPU], CELL, "%.1f%%", num(ps, "avg_cpu"));
	snprintf(text[COL_PEAK_CPU], CELL, "%.1f%%", num(ps, "peak_cpu"));
	snprintf(text[COL_AVG_MEM], CELL, "%.1f%%", num(ps, "avg_memory"));
	snprintf(text[COL_PEAK_MEM], CELL, "%.1f%%", num(ps, "peak_memory"));
	if (json_is_number(json_object_get(s, "agent_rss_peak_mb")))
		snprintf(text[COL_AGENT_MB], CELL, "%.1f MB",
		         num(s, "agent_rss_peak_mb"));
	else
		cells[COL_AGENT_MB] = "-";
	snprintf(text[COL_CMD_CPU], CELL, "%.2f s",
	         num(s, "command_cpu_seconds"));
	cells[COL_MODEL] = str_or(s, "model", "unknown");
	color[COL_PEAK_CPU] = heat(t, num(ps, "peak_cpu"));
	color[COL_PEAK_MEM] = heat(t, num(ps, "peak_memory"));
	return table_add_color(tab, cells, color, 0);
}

static int sessions_table(struct text *t, const json_t *summary)
{
	/* Left out to fit: MODEL first, then AVG MEM, ... AVG CPU last. */
	static const struct table_column cols[NCOLS] = {
	    {"SESSION", NULL, 0, 8, 0},    {"STARTED", NULL, 0, 0, 4},
	    {"DURATION", NULL, 1, 0, 2},   {"SAMPLES", NULL, 1, 0, 7},
	    {"AVG CPU", NULL, 1, 0, 1},    {"PEAK CPU", NULL, 1, 0, 0},
	    {"AVG MEM", NULL, 1, 0, 8},    {"PEAK MEM", NULL, 1, 0, 3},
	    {"AGENT PEAK", NULL, 1, 0, 5}, {"CMD CPU", NULL, 1, 0, 6},
	    {"MODEL", NULL, 0, 5, 9},
	};
	size_t n;
	struct ranked *v = rank(json_object_get(summary, "sessions"), by_start,
	                        REPORT_SESSIONS, 1, &n);

	return ranked_table(t, "Recent Sessions", cols, NCOLS, v, n,
	                    session_row);
}

/* A span of ms as "850 ms", "12.3 s", "4.5 min" or "1.2 h". */
static void span(int64_t ms, char *buf, size_t len)
{
	if (ms < 1000)
		snprintf(buf, len, "%lld ms", (long long)ms);
	else if (ms < 60000)
		snprintf(buf, len, "%.1f s", (double)ms / 1000.0);
	else if (ms < 3600000)
		snprintf(buf, len, "%.1f min", (double)ms / 60000.0);
	else
		snprintf(buf, len, "%.1f h", (double)ms / 3600000.0);
}

/* Command table columns. */
enum { CMD_NAME, CMD_RUNS, CMD_CPU, CMD_WALL, CMD_LONGEST, CMD_COLS };

static int command_row(struct text *t, struct table *tab,
                       const struct ranked *r)
{
	char text[CMD_COLS][CELL];
	const char *cells[CMD_COLS];

	(void)t;
	for (size_t i = 0; i < CMD_COLS; i++)
		cells[i] = text[i];
	cells[CMD_NAME] = r->key;
	chart_thousands(integer(r->v, "count"), text[CMD_RUNS], CELL);
	snprintf(text[CMD_CPU], CELL, "%.2f s", num(r->v, "cpu_seconds"));
	span(integer(r->v, "wall_ms"), text[CMD_WALL], CELL);
	span(integer(r->v, "max_wall_ms"), text[CMD_LONGEST], CELL);
	return table_add(tab, cells, 0);
}

static int commands_table(struct text *t, const json_t *summary,
                          const char *title,
                          int (*cmp)(const void *, const void *))
{
	/* Left out to fit: LONGEST, then RUNS, then WALL. */
	static const struct table_column cols[CMD_COLS] = {
	    {"COMMAND", NULL, 0, 8, 0}, {"RUNS", NULL, 1, 0, 2},
	    {"CPU S", NULL, 1, 0, 0},   {"WALL", NULL, 1, 0, 1},
	    {"LONGEST", NULL, 1, 0, 3},
	};
	size_t n;
	struct ranked *v = rank(json_object_get(summary, "commands"), cmp,
	                        REPORT_COMMANDS, 0, &n);

	return ranked_table(t, title, cols, CMD_COLS, v, n, command_row);
}

/* Left-running table columns. */
enum { LR_SESSION, LR_PID, LR_NAME, LR_RSS, LR_CPU, LR_STARTED, LR_COLS };

/* The processes recent sessions left running, newest session last. */
static int left_running_table(struct text *t, const json_t *summary)
{
	static const struct table_column cols[LR_COLS] = {
	    {"SESSION", NULL, 0, 8, 0}, {"PID", NULL, 1, 0, 0},
	    {"NAME", NULL, 0, 6, 0},    {"RSS", NULL, 1, 0, 3},
	    {"CPU", NULL, 1, 0, 4},     {"STARTED", NULL, 0, 0, 2},
	};
	struct table *tab = NULL;
	size_t n, rows = 0;
	struct ranked *v = rank(json_object_get(summary, "sessions"), by_start,
	                        REPORT_SESSIONS, 1, &n);
	int ret = -1;

	heading(t, "Left Running (by recent sessions, at their end)");
	tab = table_new(cols, LR_COLS);
	if (tab == NULL)
		goto out;
	table_soft(tab, FIT_SOFT);
	for (size_t i = 0; i < n; i++) {
		const json_t *left = json_object_get(v[i].v, "left_running");

		for (size_t k = 0; k < json_array_size(left); k++) {
			const json_t *p = json_array_get(left, k);
			char text[LR_COLS][CELL];
			const char *cells[LR_COLS];

			for (size_t c = 0; c < LR_COLS; c++)
				cells[c] = text[c];
			cells[LR_SESSION] = v[i].key;
			snprintf(text[LR_PID], CELL, "%lld",
			         (long long)integer(p, "pid"));
			cells[LR_NAME] = str_or(p, "name", "?");
			snprintf(text[LR_RSS], CELL, "%.1f MB",
			         num(p, "rss_mb"));
			snprintf(text[LR_CPU], CELL, "%.2f s",
			         num(p, "cpu_seconds"));
			time_local_minute(str(p, "started"), 0,
			                  text[LR_STARTED], CELL);
			if (table_add(tab, cells, 0) == -1)
				goto out;
			rows++;
		}
	}
	if (rows == 0)
		ret = fputs("  (none)\n", t->out) == EOF ? -1 : 0;
	else
		ret = table_print(tab, t->out, (size_t)t->opts->columns,
		                  t->opts->utf8);
out:
	table_free(tab);
	free(v);
	return ret;
}

static void latest_section(struct text *t, const json_t *latest)
{
	const json_t *load = json_object_get(latest, "load_avg");
	char when[32];

	heading(t, "Latest Sample");
	if (!json_is_object(latest)) {
		fputs("  (none yet)\n", t->out);
		return;
	}
	time_local_minute(str(latest, "timestamp"), 0, when, sizeof(when));
	fprintf(t->out, "  Taken: %s (%s, session %s)\n", when,
	        str_or(latest, "event", "-"),
	        str_or(latest, "session_id", "-"));
	fprintf(t->out, "  Memory: %.1f%% used, %.2f GB available\n",
	        num(latest, "memory_percent"),
	        num(latest, "memory_available_gb"));
	fprintf(t->out, "  Disk (%s): %.1f%% used, %.2f GB free\n",
	        str_or(latest, "disk_path", "/"), num(latest, "disk_percent"),
	        num(latest, "disk_free_gb"));
	fprintf(t->out, "  Swap: %.1f%% used\n", num(latest, "swap_percent"));
	if (json_array_size(load) == 3)
		fprintf(t->out, "  Load Average: %.2f %.2f %.2f (%lld CPUs)\n",
		        json_number_value(json_array_get(load, 0)),
		        json_number_value(json_array_get(load, 1)),
		        json_number_value(json_array_get(load, 2)),
		        (long long)integer(latest, "cpu_count"));
}

/*
 * "  label ▁▃█ " for the latest values of trend that fit the width, one
 * character each, on a 0-100 scale.
 */
static void sparkline_row(struct text *t, const char *label,
                          const json_t *trend)
{
	double v[64];
	/* Each block character is 3 bytes of UTF-8. */
	char line[64 * 3 + 1];
	size_t n = json_array_size(trend), skip, i, room;
	size_t fixed = 2 + strlen(label) + 1;

	room = t->opts->columns > 0 && (size_t)t->opts->columns > fixed + 1
	           ? (size_t)t->opts->columns - fixed - 1
	           : 1;
	if (room > ARRAY_SIZE(v))
		room = ARRAY_SIZE(v);
	skip = n > room ? n - room : 0;
	for (i = skip; i < n; i++)
		v[i - skip] = json_number_value(json_array_get(trend, i));
	chart_sparkline(v, n - skip, 0, 100, t->opts->utf8, line, sizeof(line));
	fprintf(t->out, "  %s %s\n", label, line);
}

static void today_section(struct text *t, const json_t *today)
{
	const json_t *trend = json_object_get(today, "cpu_trend");
	const json_t *mem = json_object_get(today, "memory_trend");
	const json_t *ps = json_object_get(today, "performance_summary");

	heading(t, "Today's CPU and Memory");
	if (json_array_size(trend) == 0) {
		fputs("  no samples yet today\n", t->out);
		return;
	}
	sparkline_row(t, "CPU   ", trend);
	if (json_array_size(mem) > 0)
		sparkline_row(t, "Memory", mem);
	fprintf(t->out,
	        "  %lld sample%s today, CPU avg %.1f%%, peak %.1f%%; memory "
	        "avg %.1f%%, peak %.1f%%\n",
	        (long long)integer(ps, "total_measurements"),
	        integer(ps, "total_measurements") == 1 ? "" : "s",
	        num(ps, "avg_cpu_usage"), num(ps, "peak_cpu_usage"),
	        num(ps, "avg_memory_usage"), num(ps, "peak_memory_usage"));
}

/* A range: its days' average CPU and memory, one character a day. */
static void days_section(struct text *t, const json_t *summary)
{
	const json_t *range = json_object_get(summary, "range");
	const json_t *daily = json_object_get(summary, "daily_stats");
	size_t n, i;
	const char **dates = json_util_sorted_keys(daily, JSON_OBJECT, &n);
	json_t *cpu = json_array(), *mem = json_array();

	fprintf(t->out, "\nRange: %s to %s (%lld day%s)\n",
	        str_or(range, "since", ""), str_or(range, "until", ""),
	        (long long)integer(range, "days"),
	        integer(range, "days") == 1 ? "" : "s");
	heading(t, "Average CPU and Memory by Day");
	for (i = 0; cpu != NULL && mem != NULL && i < n; i++) {
		const json_t *d = json_object_get(daily, dates[i]);

		json_array_append_new(cpu, json_real(num(d, "avg_cpu_usage")));
		json_array_append_new(mem,
		                      json_real(num(d, "avg_memory_usage")));
	}
	if (n == 0) {
		fputs("  (none)\n", t->out);
	} else {
		fprintf(t->out, "  %s to %s\n", dates[0], dates[n - 1]);
		sparkline_row(t, "CPU   ", cpu);
		sparkline_row(t, "Memory", mem);
	}
	free(dates);
	json_decref(cpu);
	json_decref(mem);
}

static int report_text(FILE *out, const json_t *summary, const json_t *today,
                       const char *dir, const struct report_options *opts)
{
	struct text t = {out, opts};
	const char *title = opts->utf8 ? "📈 Codex Performance Report"
	                               : "Codex Performance Report";
	const json_t *ps = json_object_get(summary, "performance_summary");
	const json_t *al = json_object_get(ps, "alerts");
	char n[32];
	size_t w;

	const json_t *range = json_object_get(summary, "range");

	if (integer(ps, "total_measurements") == 0 && range != NULL) {
		fprintf(out, "No performance data from %s to %s in %s\n",
		        str_or(range, "since", ""), str_or(range, "until", ""),
		        dir);
		return ferror(out) ? -1 : 0;
	}
	if (integer(ps, "total_measurements") == 0) {
		fprintf(out, "No performance data yet in %s\n", dir);
		return ferror(out) ? -1 : 0;
	}
	fprintf(out, "%s%s%s\n", opts->color ? CHART_BOLD : "", title,
	        opts->color ? CHART_RESET : "");
	/* The emoji takes two columns. */
	w = chart_width(title) + (opts->utf8 ? 1 : 0);
	for (size_t i = 0; i < w; i++)
		fputc('=', out);
	fputc('\n', out);
	fprintf(
	    out, "Measurements: %s\n",
	    chart_thousands(integer(ps, "total_measurements"), n, sizeof(n)));
	percent(&t, "Average CPU", num(ps, "avg_cpu_usage"));
	percent(&t, "Peak CPU", num(ps, "peak_cpu_usage"));
	percent(&t, "Average Memory", num(ps, "avg_memory_usage"));
	percent(&t, "Peak Memory", num(ps, "peak_memory_usage"));
	fprintf(out,
	        "Alerts: cpu %lld, memory %lld, disk %lld, agent memory %lld\n",
	        (long long)integer(al, "cpu"), (long long)integer(al, "memory"),
	        (long long)integer(al, "disk"),
	        (long long)integer(al, "agent_memory"));
	if (json_is_object(json_object_get(summary, "range"))) {
		days_section(&t, summary);
		if (sessions_table(&t, summary) == -1)
			return -1;
		return ferror(out) ? -1 : 0;
	}
	latest_section(&t, json_object_get(summary, "latest"));
	if (sessions_table(&t, summary) == -1 ||
	    commands_table(&t, summary, "Most Expensive Commands by CPU Time",
	                   by_cpu) == -1 ||
	    commands_table(&t, summary, "Most Expensive Commands by Wall Time",
	                   by_wall) == -1 ||
	    left_running_table(&t, summary) == -1)
		return -1;
	today_section(&t, today);
	return ferror(out) ? -1 : 0;
}

/* ---- CSV ---- */

/* A day's figure of CSV column i: where it is, and whether it is a real. */
static const struct {
	const char *key;
	int alert, real;
} csv_figures[] = {
    [1] = {"total_measurements", 0, 0},
    {"avg_cpu_usage", 0, 1},
    {"peak_cpu_usage", 0, 1},
    {"avg_memory_usage", 0, 1},
    {"peak_memory_usage", 0, 1},
    {"cpu", 1, 0},
    {"memory", 1, 0},
    {"disk", 1, 0},
    {"sessions", 0, 0},
};

static void csv_cell(const json_t *day, size_t i, char *buf, size_t len)
{
	const json_t *o =
	    csv_figures[i].alert ? json_object_get(day, "alerts") : day;

	if (csv_figures[i].real)
		snprintf(buf, len, "%.1f", num(o, csv_figures[i].key));
	else
		snprintf(buf, len, "%lld",
		         (long long)integer(o, csv_figures[i].key));
}

static int report_csv(FILE *out, const json_t *summary)
{
	static const struct table_column cols[] = {
	    {"DATE", "date", 0, 0, 0},
	    {"SAMPLES", "measurements", 1, 0, 0},
	    {"AVG CPU", "avg_cpu", 1, 0, 0},
	    {"PEAK CPU", "peak_cpu", 1, 0, 0},
	    {"AVG MEM", "avg_memory", 1, 0, 0},
	    {"PEAK MEM", "peak_memory", 1, 0, 0},
	    {"CPU ALERTS", "alerts_cpu", 1, 0, 0},
	    {"MEM ALERTS", "alerts_memory", 1, 0, 0},
	    {"DISK ALERTS", "alerts_disk", 1, 0, 0},
	    {"SESSIONS", "sessions", 1, 0, 0},
	};

	_Static_assert(ARRAY_SIZE(cols) == ARRAY_SIZE(csv_figures),
	               "a figure for each column");
	return table_daily_csv(out, json_object_get(summary, "daily_stats"),
	                       cols, ARRAY_SIZE(cols), csv_cell);
}

/* ---- a range of days ---- */

json_t *metrics_days_new(void)
{
	return json_pack(
	    "{s:{s:f,s:f,s:f,s:f,s:I,s:{s:I,s:I,s:I},s:f,s:f},"
	    "s:{},s:{}}",
	    "performance_summary", "avg_cpu_usage", 0.0, "avg_memory_usage",
	    0.0, "peak_cpu_usage", 0.0, "peak_memory_usage", 0.0,
	    "total_measurements", (json_int_t)0, "alerts", "cpu", (json_int_t)0,
	    "memory", (json_int_t)0, "disk", (json_int_t)0, "cpu_sum", 0.0,
	    "memory_sum", 0.0, "sessions", "daily_stats");
}

int metrics_days_add_cb(const char *date, const json_t *day, void *ctx,
                        struct error *err)
{
	json_t *acc = ctx;
	const json_t *dps = json_object_get(day, "performance_summary");
	json_t *ps = json_object_get(acc, "performance_summary");
	json_t *sessions = json_object_get(acc, "sessions");
	json_int_t had = integer(ps, "total_measurements");
	json_int_t n = integer(dps, "total_measurements");
	json_t *stats, *s, *alerts;
	const char *id;
	int bad = 0;

	if (n > 0) {
		static const char *const peaks[] = {"peak_cpu_usage",
		                                    "peak_memory_usage"};
		static const char *const sums[] = {"cpu_sum", "memory_sum"};

		for (size_t i = 0; i < 2; i++) {
			double p = num(dps, peaks[i]);

			if (had == 0 || p > num(ps, peaks[i]))
				bad |= json_object_set_new(ps, peaks[i],
				                           json_real(p));
			bad |= json_object_set_new(
			    ps, sums[i],
			    json_real(num(ps, sums[i]) + num(dps, sums[i])));
		}
		bad |= json_object_set_new(ps, "total_measurements",
		                           json_integer(had + n));
		bad |= range_add(json_object_get(ps, "alerts"),
		                 json_object_get(dps, "alerts"));
		bad |= json_object_set_new(
		    ps, "avg_cpu_usage",
		    json_real(num(ps, "cpu_sum") / (double)(had + n)));
		bad |= json_object_set_new(
		    ps, "avg_memory_usage",
		    json_real(num(ps, "memory_sum") / (double)(had + n)));
	}
	json_object_foreach((json_t *)json_object_get(day, "sessions"), id, s)
	{
		if (json_is_object(s))
			bad |= json_object_set(sessions, id, s);
	}
	/* A day file without alerts counted none (not the range's so far). */
	alerts = json_object_get(dps, "alerts");
	stats = json_pack(
	    "{s:I,s:f,s:f,s:f,s:f,s:o,s:I}", "total_measurements", n,
	    "avg_cpu_usage", num(dps, "avg_cpu_usage"), "peak_cpu_usage",
	    num(dps, "peak_cpu_usage"), "avg_memory_usage",
	    num(dps, "avg_memory_usage"), "peak_memory_usage",
	    num(dps, "peak_memory_usage"), "alerts",
	    json_is_object(alerts)
	        ? json_incref(alerts)
	        : json_pack("{s:i,s:i,s:i}", "cpu", 0, "memory", 0, "disk", 0),
	    "sessions",
	    (json_int_t)json_object_size(json_object_get(day, "sessions")));
	bad |= stats == NULL ||
	       json_object_set_new(json_object_get(acc, "daily_stats"), date,
	                           stats);
	if (bad) {
		error_set(err, ENOMEM, "cannot add up the day %s", date);
		return -1;
	}
	return 0;
}

int metrics_report(FILE *out, const json_t *summary, const json_t *today,
                   const char *date, const char *dir,
                   const struct report_options *opts)
{
	if (opts->format == REPORT_JSON)
		return report_json(out, summary, today, date);
	if (opts->format == REPORT_CSV)
		return report_csv(out, summary);
	if (opts->format == REPORT_PROMETHEUS)
		return metrics_export_prometheus(out, summary);
	return report_text(out, summary, today, dir, opts);
}
