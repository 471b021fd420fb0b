/*
 * Rules of this file:
 * - Short: numbers compact (12.3k, 1.2M), durations in the largest unit
 *   that keeps them short (45s, 12m, 1.5h).
 * - Read only: a member missing or mistyped reads 0.
 * - Unicode separators and colour only as the report options allow.
 * - The payload's figures are the agent's, live: they stand in for the
 *   counted ones of the session, never add to them.
 */
#include "statusline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_util.h"
#include "limits.h"
#include "timeutil.h"

#define DIM "\033[2m"
#define RESET "\033[0m"

/* 950, 12.3k, 1.2M */
static const char *compact(json_int_t n, char *buf, size_t len)
{
	if (n < 1000)
		snprintf(buf, len, "%lld", (long long)n);
	else if (n < 999950)
		snprintf(buf, len, "%.1fk", (double)n / 1e3);
	else if (n < 999950000)
		snprintf(buf, len, "%.1fM", (double)n / 1e6);
	else
		snprintf(buf, len, "%.1fG", (double)n / 1e9);
	return buf;
}

/* 45s, 12m, 1.5h */
static const char *duration(int64_t ms, char *buf, size_t len)
{
	if (ms < 0)
		ms = 0;
	if (ms < 60000)
		snprintf(buf, len, "%llds", (long long)(ms / 1000));
	else if (ms < 3600000)
		snprintf(buf, len, "%lldm", (long long)(ms / 60000));
	else
		snprintf(buf, len, "%.1fh", (double)ms / 3600000.0);
	return buf;
}

/*
 * Time so far of an open session entry, from its start or from since if
 * later; 0 when its start is unusable.
 */
static int64_t open_for(const json_t *entry, int64_t since, int64_t now)
{
	int64_t start;
	const char *ts =
	    json_string_value(json_object_get(entry, "start_time"));

	if (ts == NULL || time_parse_rfc3339(ts, &start) == -1 || start > now)
		return 0;
	return now - (start > since ? start : since);
}

int usage_statusline_session_date(const json_t *summary, const char *id,
                                  char date[11])
{
	const json_t *open = json_object_get(summary, "open_sessions");
	const json_t *s = id != NULL ? json_object_get(open, id) : NULL;
	const char *ts = json_string_value(json_object_get(s, "start_time"));
	int64_t start;

	if (ts == NULL || time_parse_rfc3339(ts, &start) == -1)
		return -1;
	time_local_date(start, date);
	return 0;
}

/* What the agent's payload says of its session (Claude Code). */
struct live {
	int has_tokens, has_cost;
	json_int_t tokens;
	double cost;
	int64_t duration_ms; /* -1: not given */
};

static void live_read(const json_t *payload, struct live *l)
{
	const json_t *ctx = json_object_get(payload, "context_window");
	const json_t *cost = json_object_get(payload, "cost");
	const json_t *in = json_object_get(ctx, "total_input_tokens");
	const json_t *out = json_object_get(ctx, "total_output_tokens");
	const json_t *usd = json_object_get(cost, "total_cost_usd");
	const json_t *ms = json_object_get(cost, "total_duration_ms");

	memset(l, 0, sizeof(*l));
	l->has_tokens =
	    json_is_integer(in) && json_is_integer(out) &&
	    json_integer_value(in) >= 0 && json_integer_value(out) >= 0 &&
	    json_integer_value(in) <= INT64_MAX - json_integer_value(out);
	if (l->has_tokens)
		l->tokens = json_integer_value(in) + json_integer_value(out);
	l->has_cost = json_is_number(usd) && json_number_value(usd) >= 0;
	l->cost = json_number_value(usd);
	l->duration_ms = json_is_integer(ms) && json_integer_value(ms) >= 0
	                     ? json_integer_value(ms)
	                     : -1;
}

/* Where windows_print() is, for window_print(). */
struct windows {
	FILE *out;
	const struct statusline_input *in;
	const char *bar, *sep;
	int utf8;
	int first;
	int named; /* several agents: each window names its agent */
};

/* " · 5h 42% ↻15:40": one window, after the bar if it is the first. */
static int window_print(void *arg, const char *agent, const char *name,
                        const json_t *w)
{
	struct windows *ws = arg;
	struct limits_view v;
	char when[32];

	limits_read(w, ws->in->now_ms, &v);
	if (fprintf(ws->out, "%s%s%s%s", ws->first ? ws->bar : ws->sep,
	            ws->named ? agent : "", ws->named ? " " : "",
	            strcmp(name, LIMITS_WEEKLY) == 0 ? "wk" : name) < 0)
		return -1;
	ws->first = 0;
	if (v.reset)
		return fprintf(ws->out, " reset") < 0 ? -1 : 0;
	if (fprintf(ws->out, " %.0f%%", v.used) < 0)
		return -1;
	if (v.resets_ms == 0 || v.resets_ms - ws->in->now_ms >= 24 * 3600000LL)
		return 0;
	limits_when(v.resets_ms, ws->in->now_ms, when, sizeof(when));
	return fprintf(ws->out, ws->utf8 ? " ↻%s" : " (%s)", when) < 0 ? -1 : 0;
}

/*
 * The plan windows after bar: the payload's when it has any, else every
 * agent's of the summary, named by agent unless all are the payload's
 * agent's (Claude Code's: it is the one that passes a payload).
 */
static int windows_print(FILE *out, const struct statusline_input *in,
                         const char *bar, const char *sep, int utf8)
{
	struct windows ws = {out, in, bar, sep, utf8, 1, 0};
	const json_t *windows = json_object_get(in->limits, "windows"), *w;
	const json_t *limits;
	size_t i;
	int ret = 0;

	json_array_foreach(windows, i, w)
	{
		if (ret == 0)
			ret =
			    window_print(&ws, NULL, str_or(w, "name", "?"), w);
	}
	if (json_array_size(windows) > 0)
		return ret;
	limits = json_object_get(in->summary, "limits");
	ws.named =
	    json_object_size(limits) > 1 ||
	    (in->payload != NULL && json_object_get(limits, "claude") == NULL);
	return limits_each(in->summary, window_print, &ws) == -1 ? -1 : 0;
}

int usage_statusline(FILE *out, const struct statusline_input *in,
                     const struct report_options *opts)
{
	const json_t *open = json_object_get(in->summary, "open_sessions");
	const json_t *day = json_object_get(in->today, "summary");
	const json_t *s = NULL, *entry = NULL, *v;
	const char *sep = opts->utf8 ? " · " : ", ";
	const char *bar = opts->utf8 ? " │ " : " | ";
	const char *dim = opts->color ? DIM : "",
	           *reset = opts->color ? RESET : "";
	char a[32], b[32], c[32], d[32], usd[40] = "";
	int64_t active = integer(day, "total_duration");
	char date[TIME_DATE_LEN];
	int64_t since;
	struct live live;
	const char *id;
	int n;

	time_local_date(in->now_ms, date);
	since = time_local_midnight(date);
	live_read(in->payload, &live);
	if (in->summary == NULL && !live.has_tokens && !live.has_cost) {
		n = fprintf(out, "no usage data yet\n");
		return n < 0 ? -1 : 0;
	}
	if (in->session_id != NULL) {
		s = json_object_get(open, in->session_id);
		entry = json_object_get(
		    json_object_get(in->session_day, "sessions"),
		    in->session_id);
	}
	if (live.has_cost)
		snprintf(usd, sizeof(usd), "%s$%.2f", sep, live.cost);
	if ((s != NULL || live.has_tokens || live.has_cost) &&
	    fprintf(out, "%ssession%s %s%s%lld cmds%s%s tok%s%s", dim, reset,
	            duration(s != NULL ? open_for(s, 0, in->now_ms)
	                               : live.duration_ms,
	                     a, sizeof(a)),
	            sep, (long long)integer(entry, "commands"), sep,
	            compact(live.has_tokens
	                        ? live.tokens
	                        : integer(json_object_get(entry, "tokens"),
	                                  "total"),
	                    b, sizeof(b)),
	            usd, bar) < 0)
		return -1;
	/* Active time: today's completed sessions, and today's part of those
	 * open now. */
	json_object_foreach((json_t *)open, id, v) active +=
	    open_for(v, since, in->now_ms);
	n = fprintf(out, "%stoday%s %lld session%s%s%lld cmds%s%s tok%s%s", dim,
	            reset, (long long)integer(day, "total_sessions"),
	            integer(day, "total_sessions") == 1 ? "" : "s", sep,
	            (long long)integer(day, "total_commands"), sep,
	            compact(integer(json_object_get(day, "tokens"), "total"), c,
	                    sizeof(c)),
	            sep, duration(active, d, sizeof(d)));
	if (n < 0 || windows_print(out, in, bar, sep, opts->utf8) == -1)
		return -1;
	return fputc('\n', out) == EOF ? -1 : 0;
}
