/*
 * Rules of this file:
 * - Read only: a member missing or of the wrong type reads as 0 or is
 *   skipped, so a hand-edited summary never crashes the report.
 * - The opening block is docs/design.md §5's, byte for byte (the emoji
 *   title too, whatever the locale).
 * - Lists show the top REPORT_TOP by count, ties by name (tally_top).
 * - A function that prints returns -1 at the first failed write.
 * - Colour is bold headings only, Unicode bars only as opts allows; bars
 *   and names are cut to fit opts->columns.
 */
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "json_util.h"
#include "limits.h"
#include "prices.h"
#include "table.h"
#include "tally.h"
#include "timeutil.h"
#include "tokens.h"

#define REPORT_TOP 10
#define REPORT_DAYS 14 /* sessions per day: the latest days with data */
#define RANGE_DAYS 31  /* the same in a range report */
#define BAR_MAX 60     /* columns: longer bars are no easier to read */
#define NAME_MIN 16    /* columns a name keeps however narrow the width */
#define NUM 32         /* bytes of a number with separators */

/* The summary members the JSON report copies as they are. */
static const char *const total_keys[] = {
    "total_sessions",     "total_events",           "total_commands",
    "total_tasks",        "total_errors",           "completed_sessions",
    "abandoned_sessions", "total_session_duration",
};

static const char *const top_keys[] = {
    "models_used",      "providers_used",  "most_used_commands",
    "command_failures", "most_used_tools", "errors_by_context",
};

static const char *const day_keys[] = {
    "sessions", "events", "commands", "tasks", "errors", "total_duration",
};

/* The count of hour h (0-23) in hourly_activity. */
static json_int_t hour_count(const json_t *summary, int h)
{
	const json_t *hours = json_object_get(summary, "hourly_activity");

	return json_integer_value(json_array_get(hours, (size_t)h));
}

/* The at most max latest dates of daily_stats, oldest first; how many. */
static size_t latest_days(const json_t *daily, const char **dates, size_t max)
{
	size_t n;
	const char **all = json_util_sorted_keys(daily, JSON_OBJECT, &n);
	size_t from = n > max ? n - max : 0;

	if (all != NULL)
		memcpy(dates, all + from, (n - from) * sizeof(*dates));
	free(all);
	return n - from;
}

/* The at most REPORT_TOP models with the most tokens, as tally_top(). */
static size_t tokens_top(const json_t *by_model, struct tally_entry *top)
{
	json_t *totals = json_object();
	const char *model;
	json_t *v;
	size_t n;

	json_object_foreach((json_t *)by_model, model, v)
	{
		if (json_is_object(v) &&
		    json_object_set_new(totals, model,
		                        json_integer(integer(v, "total"))))
			break;
	}
	n = tally_top(totals, top, REPORT_TOP);
	for (size_t i = 0; i < n; i++)
		top[i].name = json_object_iter_key(
		    json_object_iter_at((json_t *)by_model, top[i].name));
	json_decref(totals);
	return n;
}

/* The latest days a report shows: more of them in a range report. */
static size_t recent_days(const json_t *summary, const char **dates)
{
	const json_t *daily = json_object_get(summary, "daily_stats");
	int range = json_is_object(json_object_get(summary, "range"));

	return latest_days(daily, dates, range ? RANGE_DAYS : REPORT_DAYS);
}

/* ---- JSON ---- */

static json_t *json_top(const json_t *map)
{
	struct tally_entry top[REPORT_TOP];
	size_t n = tally_top(map, top, REPORT_TOP);
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++) {
		if (json_array_append_new(a, json_pack("{s:s,s:I}", "name",
		                                       top[i].name, "count",
		                                       top[i].count)) == -1) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *json_hours(const json_t *summary)
{
	json_t *a = json_array();

	for (int h = 0; a != NULL && h < 24; h++) {
		if (json_array_append_new(
		        a, json_integer(hour_count(summary, h))) == -1) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *json_days(const json_t *summary)
{
	const json_t *daily = json_object_get(summary, "daily_stats");
	const char *dates[REPORT_DAYS];
	size_t n = latest_days(daily, dates, REPORT_DAYS);
	json_t *a = json_array(), *d;
	int bad = a == NULL;

	for (size_t i = 0; !bad && i < n; i++) {
		const json_t *day = json_object_get(daily, dates[i]);

		d = json_pack("{s:s}", "date", dates[i]);
		bad |= json_array_append_new(a, d);
		for (size_t k = 0; !bad && k < ARRAY_SIZE(day_keys); k++)
			bad |= json_object_set_new(
			    d, day_keys[k],
			    json_integer(integer(day, day_keys[k])));
	}
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* An object of the six token counts of t, with cost_usd when priced. */
static json_t *json_tokens_of(const json_t *t, const json_t *prices,
                              const char *model, double *sum, int *unpriced)
{
	struct tokens n;
	json_t *o;
	double usd;

	tokens_from_json(&n, t);
	o = model != NULL ? json_pack("{s:s}", "model", model) : json_object();
	if (o == NULL || tokens_add_json(o, &n) == -1) {
		json_decref(o);
		return NULL;
	}
	if (prices == NULL || model == NULL)
		return o;
	if (prices_cost(prices, model, &n, &usd)) {
		*sum += usd;
		if (json_object_set_new(o, "cost_usd", json_real(usd)) == -1) {
			json_decref(o);
			return NULL;
		}
	} else if (n.total > 0) { /* as the text report counts them */
		(*unpriced)++;
	}
	return o;
}

/*
 * tokens, tokens_by_model (top REPORT_TOP) and cost_usd into o; the last
 * two only when the summary has tokens per model (a range over day files
 * of an older version has not).  -1: no memory.
 */
static int json_tokens(json_t *o, const json_t *summary, const json_t *prices)
{
	const json_t *by_model = json_object_get(summary, "tokens_by_model");
	struct tally_entry top[REPORT_TOP];
	size_t n = tokens_top(by_model, top);
	json_t *a = json_array(), *m;
	const char *model;
	double sum = 0, ignored = 0;
	int unpriced = 0, bad;

	bad = json_object_set_new(
	    o, "tokens",
	    json_tokens_of(json_object_get(summary, "tokens"), NULL, NULL,
	                   &ignored, &unpriced));
	if (!json_is_object(by_model)) {
		json_decref(a);
		return bad ? -1 : 0;
	}
	for (size_t i = 0; a != NULL && i < n; i++) {
		m = json_tokens_of(json_object_get(by_model, top[i].name),
		                   prices, top[i].name, &ignored, &unpriced);
		bad |= m == NULL || json_array_append_new(a, m);
	}
	bad |= json_object_set_new(o, "tokens_by_model", a);
	if (prices == NULL)
		return bad ? -1 : 0;
	/* The cost of every model, not only of the top ones. */
	unpriced = 0;
	json_object_foreach((json_t *)by_model, model, m)
	{
		json_decref(json_tokens_of(m, prices, model, &sum, &unpriced));
	}
	bad |= json_object_set_new(o, "cost_usd", json_real(sum));
	bad |= json_object_set_new(o, "models_without_price",
	                           json_integer(unpriced));
	return bad ? -1 : 0;
}

/*
 * What the agents reported (§5d), when the summary keeps it: the plan
 * windows now, Claude Code's cost and the lines changed.  -1: no memory.
 */
static int json_reported(json_t *o, const json_t *summary)
{
	static const char *const copied[] = {"reported_cost_usd", "lines_added",
	                                     "lines_removed"};
	const json_t *v;
	int bad = 0;

	/* Only when there is something: a range's day files keep no windows. */
	if (json_object_size(json_object_get(summary, "limits")) > 0)
		bad |= json_object_set_new(
		    o, "limits", usage_limits_json(summary, time_now_ms()));
	for (size_t i = 0; i < ARRAY_SIZE(copied); i++) {
		v = json_object_get(summary, copied[i]);
		if (json_number_value(v) > 0)
			bad |= json_object_set(o, copied[i], (json_t *)v);
	}
	return bad ? -1 : 0;
}

static int report_json(FILE *out, const json_t *summary, const json_t *prices)
{
	static const char *const copied[] = {"first_use", "last_use", "tokens",
	                                     "range"};
	json_t *o = json_object(), *v;
	size_t i;
	int bad = o == NULL, ret;

	for (i = 0; !bad && i < ARRAY_SIZE(total_keys); i++)
		bad |= json_object_set_new(
		    o, total_keys[i],
		    json_integer(integer(summary, total_keys[i])));
	if (!bad) {
		bad |= json_object_set_new(
		    o, "avg_session_duration",
		    json_real(num(summary, "avg_session_duration")));
		bad |= json_object_set_new(
		    o, "error_rate", json_real(num(summary, "error_rate")));
	}
	/* Use times, token counts (§5a) and a range's bounds, when there. */
	for (i = 0; !bad && i < ARRAY_SIZE(copied); i++) {
		v = json_object_get(summary, copied[i]);
		if (i < 2 ? json_is_string(v) : json_is_object(v))
			bad |= json_object_set(o, copied[i], v);
	}
	v = json_object_get(summary, "tools");
	bad |= json_object_set_new(
	    o, "tools", json_is_object(v) ? json_deep_copy(v) : json_object());
	for (i = 0; !bad && i < ARRAY_SIZE(top_keys); i++)
		bad |= json_object_set_new(
		    o, top_keys[i],
		    json_top(json_object_get(summary, top_keys[i])));
	if (!bad)
		bad |= json_tokens(o, summary, prices);
	if (!bad)
		bad |= json_reported(o, summary);
	if (!bad) {
		bad |= json_object_set_new(o, "hourly_activity",
		                           json_hours(summary));
		bad |=
		    json_object_set_new(o, "recent_days", json_days(summary));
	}
	ret = json_util_print(out, bad ? NULL : o);
	json_decref(o);
	return ret;
}

/* ---- text ---- */

struct text {
	FILE *out;
	const struct report_options *opts;
};

static int say(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int say(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(t->out, fmt, ap);
	va_end(ap);
	return n < 0 ? -1 : 0;
}

static int heading(struct text *t, const char *title)
{
	return chart_heading(t->out, title, t->opts->color);
}

/* name cut to width columns, but never below NAME_MIN. */
static const char *shown(struct text *t, const char *name, size_t width,
                         char *buf, size_t len)
{
	return chart_fit(name, width < NAME_MIN ? NAME_MIN : width,
	                 t->opts->utf8, buf, len);
}

/*
 * "  name: N unit" for the top REPORT_TOP of a tally; unit is a plural in
 * -s ("sessions"), said without it after a count of 1.
 */
static int top_list(struct text *t, const char *title, const json_t *map,
                    const char *unit)
{
	struct tally_entry top[REPORT_TOP];
	size_t n = tally_top(map, top, REPORT_TOP), fixed, room;
	char count[NUM], name[1024];
	int cols = t->opts->columns;

	if (heading(t, title) == -1)
		return -1;
	if (n == 0)
		return say(t, "  (none)\n");
	for (size_t i = 0; i < n; i++) {
		chart_thousands(top[i].count, count, sizeof(count));
		fixed = 2 + 2 + strlen(count) + 1 + strlen(unit);
		room =
		    cols > 0 && (size_t)cols > fixed ? (size_t)cols - fixed : 0;
		shown(t, top[i].name, room, name, sizeof(name));
		if (say(t, "  %s: %s %.*s\n", name, count,
		        (int)strlen(unit) - (top[i].count == 1), unit) == -1)
			return -1;
	}
	return 0;
}

/* A time in ms as people read it: "850 ms", "12.4 s", "3 min 20 s". */
static const char *span(json_int_t ms, char *buf, size_t len)
{
	if (ms < 1000)
		snprintf(buf, len, "%lld ms", (long long)ms);
	else if (ms < 60000)
		snprintf(buf, len, "%.1f s", (double)ms / 1000.0);
	else
		snprintf(buf, len, "%lld min %lld s", (long long)(ms / 60000),
		         (long long)(ms % 60000 / 1000));
	return buf;
}

struct tool_rank {
	const char *name;
	json_int_t total;
};

static int by_total(const void *a, const void *b)
{
	const struct tool_rank *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* "Tools": calls, failures and time of each tool, most time first. */
static int tools_table(struct text *t, const json_t *summary)
{
	static const struct table_column cols[] = {
	    {"TOOL", "tool", 0, 8, 0},          {"CALLS", "calls", 1, 0, 0},
	    {"FAILED", "failures", 1, 0, 2},    {"TOTAL", "total_ms", 1, 0, 0},
	    {"AVERAGE", "average_ms", 1, 0, 1}, {"LONGEST", "max_ms", 1, 0, 3},
	};
	const json_t *tools = json_object_get(summary, "tools");
	size_t n = 0, cap = json_object_size(tools);
	struct tool_rank *v = calloc(cap + 1, sizeof(*v));
	struct table *tab = table_new(cols, ARRAY_SIZE(cols));
	char calls[NUM], fails[NUM], total[32], avg[32], max[32];
	const char *name;
	json_t *e;
	int ret = -1;

	if (cap == 0) { /* no tool call timed yet: no section */
		ret = 0;
		goto out;
	}
	if (v == NULL || tab == NULL || heading(t, "Tools (by total time)"))
		goto out;
	json_object_foreach((json_t *)tools, name, e)
	{
		if (json_is_object(e) && n < cap)
			v[n++] =
			    (struct tool_rank){name, integer(e, "total_ms")};
	}
	qsort(v, n, sizeof(*v), by_total);
	for (size_t i = 0; i < n && i < REPORT_TOP; i++) {
		e = json_object_get(tools, v[i].name);
		json_int_t c = integer(e, "calls");
		const char *cells[] = {
		    v[i].name,
		    chart_thousands(c, calls, sizeof(calls)),
		    chart_thousands(integer(e, "failures"), fails,
		                    sizeof(fails)),
		    span(v[i].total, total, sizeof(total)),
		    c > 0 ? span(v[i].total / c, avg, sizeof(avg)) : "-",
		    span(integer(e, "max_ms"), max, sizeof(max)),
		};
		if (table_add(tab, cells, 0) == -1)
			goto out;
	}
	ret = table_print(tab, t->out, (size_t)t->opts->columns, t->opts->utf8);
out:
	table_free(tab);
	free(v);
	return ret;
}

static int use_lines(struct text *t, const json_t *summary)
{
	char a[64], b[64];

	return say(t, "First Use: %s\nLast Use: %s\n",
	           time_local_minute(str(summary, "first_use"), 1, a, 64),
	           time_local_minute(str(summary, "last_use"), 1, b, 64));
}

/*
 * A bar of v / max of width columns into buf: eighths of a block when
 * utf8, else '#'.  Any v > 0 shows at least the smallest bar.
 */
static const char *bar(json_int_t v, json_int_t max, size_t width, int utf8,
                       char *buf, size_t len)
{
	static const char *const eighths[8] = {"",  "▏", "▎", "▍",
	                                       "▌", "▋", "▊", "▉"};
	size_t steps = utf8 ? 8 : 1, units, o = 0;

	buf[0] = '\0';
	if (v <= 0 || max <= 0)
		return buf;
	units =
	    (size_t)((double)v / (double)max * (double)(width * steps) + 0.5);
	if (units == 0)
		units = 1;
	for (size_t i = 0; i < units / steps && o + 4 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s", utf8 ? "█" : "#");
	if (utf8 && o + 4 < len)
		snprintf(buf + o, len - o, "%s", eighths[units % 8]);
	return buf;
}

/*
 * One bar chart: "  label  count bar" per row, counts right-aligned, bars
 * scaled so that the largest fills what the width leaves.
 */
struct chart_row {
	const char *label;
	json_int_t count;
};

static int bar_chart(struct text *t, const struct chart_row *rows, size_t n)
{
	char count[NUM], line[BAR_MAX * 3 + 8];
	size_t numw = 1, labelw = 0, fixed, width;
	json_int_t max = 0;

	for (size_t i = 0; i < n; i++) {
		chart_thousands(rows[i].count, count, sizeof(count));
		if (strlen(count) > numw)
			numw = strlen(count);
		if (strlen(rows[i].label) > labelw)
			labelw = strlen(rows[i].label);
		if (rows[i].count > max)
			max = rows[i].count;
	}
	fixed = 2 + labelw + 1 + numw + 1;
	width = t->opts->columns > 0 && (size_t)t->opts->columns > fixed
	            ? (size_t)t->opts->columns - fixed
	            : 1;
	if (width > BAR_MAX)
		width = BAR_MAX;
	for (size_t i = 0; i < n; i++) {
		chart_thousands(rows[i].count, count, sizeof(count));
		bar(rows[i].count, max, width, t->opts->utf8, line,
		    sizeof(line));
		if (say(t, "  %-*s %*s%s%s\n", (int)labelw, rows[i].label,
		        (int)numw, count, line[0] != '\0' ? " " : "",
		        line) == -1)
			return -1;
	}
	return 0;
}

static int hours_chart(struct text *t, const json_t *summary)
{
	static const char *const labels[24] = {
	    "00", "01", "02", "03", "04", "05", "06", "07",
	    "08", "09", "10", "11", "12", "13", "14", "15",
	    "16", "17", "18", "19", "20", "21", "22", "23",
	};
	struct chart_row rows[24];

	for (int h = 0; h < 24; h++) {
		rows[h].label = labels[h];
		rows[h].count = hour_count(summary, h);
	}
	if (heading(t, "Activity by Hour of Day") == -1)
		return -1;
	return bar_chart(t, rows, 24);
}

/* A bar chart of one daily_stats figure over the latest days. */
static int days_chart(struct text *t, const json_t *summary, const char *title,
                      const char *key)
{
	const json_t *daily = json_object_get(summary, "daily_stats");
	const char *dates[RANGE_DAYS];
	struct chart_row rows[RANGE_DAYS];
	size_t n = recent_days(summary, dates);

	for (size_t i = 0; i < n; i++) {
		rows[i].label = dates[i];
		rows[i].count = integer(json_object_get(daily, dates[i]), key);
	}
	if (heading(t, title) == -1)
		return -1;
	if (n == 0)
		return say(t, "  (none)\n");
	return bar_chart(t, rows, n);
}

/* "$1.23", or "$0.0123" under a dollar, into buf. */
static const char *dollars(double usd, char *buf, size_t len)
{
	snprintf(buf, len, usd >= 0.995 ? "$%.2f" : "$%.4f", usd);
	return buf;
}

/* " (input N, cached input N, output N)" of t into buf. */
static const char *token_parts(const struct tokens *t, char *buf, size_t len)
{
	char in[NUM], cached[NUM], out[NUM];

	chart_thousands(t->input, in, sizeof(in));
	chart_thousands(t->cached_input, cached, sizeof(cached));
	chart_thousands(t->output, out, sizeof(out));
	snprintf(buf, len, "(input %s, cached input %s, output %s)", in, cached,
	         out);
	return buf;
}

/* "Total Tokens: ..." and with prices "Estimated Cost: ..." (§5a). */
static int tokens_lines(struct text *t, const json_t *summary)
{
	const json_t *by_model = json_object_get(summary, "tokens_by_model");
	const json_t *prices = t->opts->prices;
	struct tokens all;
	char total[NUM], parts[3 * NUM + 64], cost[NUM];
	double sum;
	int unpriced = 0, reported = num(summary, "reported_cost_usd") > 0;

	tokens_from_json(&all, json_object_get(summary, "tokens"));
	if (all.total == 0)
		return 0;
	chart_thousands(all.total, total, sizeof(total));
	if (say(t, "Total Tokens: %s %s\n", total,
	        token_parts(&all, parts, sizeof(parts))) == -1)
		return -1;
	if (prices == NULL || !json_is_object(by_model))
		return 0; /* no prices, or no tokens per model to price */
	sum = prices_total(prices, by_model, &unpriced);
	dollars(sum, cost, sizeof(cost));
	/* Labelled by origin when the agent reports a cost too (§5d). */
	if (unpriced > 0)
		return say(
		    t, "Estimated Cost: %s (%s%d model%s without a price)\n",
		    cost, reported ? "estimated from prices; " : "", unpriced,
		    unpriced == 1 ? "" : "s");
	return say(t, "Estimated Cost: %s%s\n", cost,
	           reported ? " (estimated from prices)" : "");
}

/* The cost and lines the agents reported (§5d), when there are any. */
static int reported_lines(struct text *t, const json_t *summary)
{
	double usd = num(summary, "reported_cost_usd");
	json_int_t added = integer(summary, "lines_added");
	json_int_t removed = integer(summary, "lines_removed");
	char cost[NUM], a[NUM], r[NUM];

	if (usd > 0 && say(t, "Reported Cost: %s (reported by the agent)\n",
	                   dollars(usd, cost, sizeof(cost))) == -1)
		return -1;
	if (added == 0 && removed == 0)
		return 0;
	return say(t, "Lines Changed: +%s -%s (reported by the agent)\n",
	           chart_thousands(added, a, sizeof(a)),
	           chart_thousands(removed, r, sizeof(r)));
}

/* "  model: N tokens (input ..., output ...)[, $cost]" for the top models. */
static int tokens_by_model(struct text *t, const json_t *summary)
{
	const json_t *by_model = json_object_get(summary, "tokens_by_model");
	struct tally_entry top[REPORT_TOP];
	size_t n = tokens_top(by_model, top), fixed, room;
	char total[NUM], parts[3 * NUM + 64], cost[NUM + 4] = "", name[1024];
	struct tokens tk;
	double usd;

	if (n == 0)
		return 0;
	if (heading(t, "Tokens by Model") == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		tokens_from_json(&tk, json_object_get(by_model, top[i].name));
		chart_thousands(tk.total, total, sizeof(total));
		token_parts(&tk, parts, sizeof(parts));
		if (t->opts->prices != NULL)
			snprintf(
			    cost, sizeof(cost), "%s",
			    prices_cost(t->opts->prices, top[i].name, &tk, &usd)
			        ? ""
			        : ", no price");
		if (t->opts->prices != NULL && cost[0] == '\0') {
			cost[0] = ',';
			cost[1] = ' ';
			dollars(usd, cost + 2, sizeof(cost) - 2);
		}
		fixed =
		    2 + 2 + strlen(total) + 8 + strlen(parts) + strlen(cost);
		room = t->opts->columns > 0 && (size_t)t->opts->columns > fixed
		           ? (size_t)t->opts->columns - fixed
		           : 0;
		shown(t, top[i].name, room, name, sizeof(name));
		if (say(t, "  %s: %s tokens %s%s\n", name, total, parts,
		        cost) == -1)
			return -1;
	}
	return 0;
}

/* Session time per day as a sparkline, with the dates and the maximum. */
static int duration_trend(struct text *t, const json_t *summary)
{
	const json_t *daily = json_object_get(summary, "daily_stats");
	const char *dates[RANGE_DAYS];
	double v[RANGE_DAYS], max = 0;
	char line[RANGE_DAYS * 3 + 1];
	size_t n = recent_days(summary, dates);

	for (size_t i = 0; i < n; i++) {
		v[i] = (double)integer(json_object_get(daily, dates[i]),
		                       "total_duration") /
		       60000.0;
		if (v[i] > max)
			max = v[i];
	}
	if (heading(t, "Session Minutes per Day") == -1)
		return -1;
	if (n == 0)
		return say(t, "  (none)\n");
	chart_sparkline(v, n, 0, max, t->opts->utf8, line, sizeof(line));
	return say(t, "  %s %s %s (max %.1f min)\n", dates[0], line,
	           dates[n - 1], max);
}

/* First and last use; a range first, then its first and last use if any. */
static int when_lines(struct text *t, const json_t *summary,
                      const json_t *range)
{
	char days[NUM];

	if (say(t, "\n") == -1)
		return -1;
	if (range == NULL)
		return use_lines(t, summary);
	chart_thousands(integer(range, "days"), days, sizeof(days));
	if (say(t, "Range: %s to %s (%s day%s)\n", str_or(range, "since", "?"),
	        str_or(range, "until", "?"), days,
	        integer(range, "days") == 1 ? "" : "s") == -1)
		return -1;
	if (!json_is_string(json_object_get(summary, "first_use")))
		return 0;
	return use_lines(t, summary);
}

static int report_text(FILE *out, const json_t *summary,
                       const struct report_options *opts)
{
	struct text t = {out, opts};
	const int c = opts->color;
	char n[5][NUM];
	json_int_t abandoned = integer(summary, "abandoned_sessions");
	const json_t *range = json_object_get(summary, "range");

	if (!json_is_object(range)) /* a hand-edited summary's: none */
		range = NULL;
	chart_thousands(integer(summary, "total_sessions"), n[0], NUM);
	chart_thousands(integer(summary, "total_events"), n[1], NUM);
	chart_thousands(integer(summary, "total_commands"), n[2], NUM);
	chart_thousands(integer(summary, "total_tasks"), n[3], NUM);
	chart_thousands(abandoned, n[4], NUM);
	if (say(&t,
	        "%s📊 Codex Usage Analytics Report%s\n"
	        "================================\n"
	        "Total Sessions: %s\n"
	        "Total Events: %s\n"
	        "Total Commands: %s\n"
	        "Total Tasks: %s\n"
	        "Error Rate: %.1f%%\n"
	        "Average Session Duration: %.1f minutes\n",
	        c ? CHART_BOLD : "", c ? CHART_RESET : "", n[0], n[1], n[2],
	        n[3], num(summary, "error_rate"),
	        num(summary, "avg_session_duration") / 60000.0) == -1 ||
	    tokens_lines(&t, summary) == -1 ||
	    reported_lines(&t, summary) == -1 ||
	    top_list(&t, "Most Used Models",
	             json_object_get(summary, "models_used"),
	             "sessions") == -1 ||
	    top_list(&t, "Most Used Commands",
	             json_object_get(summary, "most_used_commands"),
	             "times") == -1 ||
	    tokens_by_model(&t, summary) == -1 ||
	    usage_report_limits(out, summary, opts, time_now_ms()) == -1 ||
	    tools_table(&t, summary) == -1 ||
	    when_lines(&t, summary, range) == -1 ||
	    hours_chart(&t, summary) == -1 ||
	    days_chart(&t, summary, "Sessions per Day", "sessions") == -1 ||
	    days_chart(&t, summary, "Commands per Day", "commands") == -1 ||
	    duration_trend(&t, summary) == -1 ||
	    top_list(&t, "Most Failing Commands",
	             json_object_get(summary, "command_failures"),
	             "failures") == -1 ||
	    top_list(&t, "Errors by Context",
	             json_object_get(summary, "errors_by_context"),
	             "errors") == -1)
		return -1;
	if (abandoned > 0)
		return say(&t,
		           "\nAbandoned Sessions: %s (open over 24 h, closed "
		           "without a duration)\n",
		           n[4]);
	return 0;
}

/* ---- plan limits (§5d) ---- */

struct limits_text {
	struct text *t;
	int64_t now;
	int headed;
};

/*
 * "  codex 5h: 42% used, resets 15:40; 12.0%/h, at this pace 100% at
 * 14:50, 50 min before it resets"
 */
static int limit_line(void *arg, const char *agent, const char *name,
                      const json_t *w)
{
	struct limits_text *lt = arg;
	struct limits_view v;
	char when[32], full[32], left[32], head[96];

	limits_read(w, lt->now, &v);
	if (!lt->headed && heading(lt->t, "Plan limits") == -1)
		return -1;
	lt->headed = 1;
	snprintf(head, sizeof(head), "  %s %s: ", agent, name);
	if (v.resets_ms > 0)
		limits_when(v.resets_ms, lt->now, when, sizeof(when));
	if (v.reset)
		return say(lt->t, "%sreset at %s, no reading since\n", head,
		           when);
	if (say(lt->t, "%s%.0f%% used%s%s", head, v.used,
	        v.resets_ms > 0 ? ", resets " : "",
	        v.resets_ms > 0 ? when : "") == -1)
		return -1;
	if (v.used >= 100)
		return say(lt->t, "; used up\n");
	if (!v.has_burn)
		return say(lt->t, "; pace not known yet\n");
	if (say(lt->t, "; %.1f%%/h, ", v.burn) == -1)
		return -1;
	if (v.full_ms == 0)
		return say(lt->t, v.resets_ms > 0 ? "lasts until it resets\n"
		                                  : "no rise\n");
	limits_when(v.full_ms, lt->now, full, sizeof(full));
	if (v.resets_ms == 0)
		return say(lt->t, "at this pace 100%% at %s\n", full);
	return say(lt->t, "at this pace 100%% at %s, %s before it resets\n",
	           full,
	           limits_span(v.resets_ms - v.full_ms, left, sizeof(left)));
}

int usage_report_limits(FILE *out, const json_t *summary,
                        const struct report_options *opts, int64_t now_ms)
{
	struct text t = {out, opts};
	struct limits_text lt = {&t, now_ms, 0};

	return limits_each(summary, limit_line, &lt) == -1 ? -1 : 0;
}

struct limits_json {
	json_t *o;
	int64_t now;
};

static int limit_json(void *arg, const char *agent, const char *name,
                      const json_t *w)
{
	struct limits_json *lj = arg;
	json_t *mine = json_object_get(lj->o, agent), *e;
	struct limits_view v;

	limits_read(w, lj->now, &v);
	if (mine == NULL &&
	    json_object_set_new(lj->o, agent, mine = json_object()) == -1)
		return -1;
	e = json_pack(
	    "{s:f,s:O?,s:O?,s:O?,s:b,s:o}", "used_percent", v.used, "resets_at",
	    json_object_get(w, "resets_at"), "updated",
	    json_object_get(w, "updated"), "burn_per_hour",
	    json_object_get(w, "burn_per_hour"), "reset", v.reset, "full_at",
	    v.full_ms > 0 ? json_integer(v.full_ms / 1000) : json_null());
	return e != NULL ? json_object_set_new(mine, name, e) : -1;
}

json_t *usage_limits_json(const json_t *summary, int64_t now_ms)
{
	struct limits_json lj = {json_object(), now_ms};

	if (lj.o == NULL || limits_each(summary, limit_json, &lj) == -1) {
		json_decref(lj.o);
		return NULL;
	}
	return lj.o;
}

/* ---- CSV ---- */

/* One row per day of daily_stats, oldest first (see report.h). */
static const struct table_column csv_cols[] = {
    {"DATE", "date", 0, 0, 0},
    {"SESSIONS", "sessions", 1, 0, 0},
    {"EVENTS", "events", 1, 0, 0},
    {"COMMANDS", "commands", 1, 0, 0},
    {"TASKS", "tasks", 1, 0, 0},
    {"ERRORS", "errors", 1, 0, 0},
    {"COMPLETED", "completed_sessions", 1, 0, 0},
    {"DURATION", "total_duration", 1, 0, 0},
    {"TOKENS", "tokens", 1, 0, 0},
};

static void csv_cell(const json_t *day, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)integer(day, csv_cols[i].key));
}

static int report_csv(FILE *out, const json_t *summary)
{
	return table_daily_csv(out, json_object_get(summary, "daily_stats"),
	                       csv_cols, ARRAY_SIZE(csv_cols), csv_cell);
}

int usage_report(FILE *out, const json_t *summary, const char *dir,
                 const struct report_options *opts)
{
	struct text t = {out, opts};
	const json_t *range = json_object_get(summary, "range");
	int ret;

	if (!json_is_object(range)) /* a hand-edited summary's: none */
		range = NULL;
	if (opts->format == REPORT_JSON)
		return report_json(out, summary, opts->prices);
	if (opts->format == REPORT_CSV)
		return report_csv(out, summary);
	if (opts->format == REPORT_PROMETHEUS)
		return usage_export_prometheus(out, summary, time_now_ms());
	if (integer(summary, "total_events") > 0)
		return report_text(out, summary, opts);
	if (range != NULL)
		ret = say(&t, "No data from %s to %s in %s.\n",
		          str_or(range, "since", "?"),
		          str_or(range, "until", "?"), dir);
	else
		ret = say(&t, "No data yet in %s.\n", dir);
	/* No event yet, but the plan windows may be known (§5d). */
	return ret == -1
	           ? -1
	           : usage_report_limits(out, summary, opts, time_now_ms());
}
