/*
 * Rules of this file (docs/design.md §5d):
 * - A window is named by its length, never by its slot (Codex's
 *   "primary" is the 5-hour window today, and may not be tomorrow); a
 *   window of unknown length keeps its slot's name.
 * - Figures are kept as given where sane (a percentage over 100 after a
 *   429, a reset time in the past) and left out where not: the reader
 *   then says "not known" rather than something false.
 * - Percentages and costs are kept as reals, lines as integers, so that
 *   a figure compares equal to itself whatever type the agent sent.
 * - A projection is never negative: used up already is not "in -5 min".
 */
#include "limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_util.h"
#include "timeutil.h"
#include "utf8.h"

#define RESET_SAME_S 60 /* reset times this close are one reset */

void limits_window_name(json_int_t minutes, char name[LIMITS_NAME_LEN])
{
	if (minutes == 300)
		snprintf(name, LIMITS_NAME_LEN, "%s", LIMITS_5H);
	else if (minutes == 10080)
		snprintf(name, LIMITS_NAME_LEN, "%s", LIMITS_WEEKLY);
	else
		snprintf(name, LIMITS_NAME_LEN, "%lldm", (long long)minutes);
}

int limits_percent(const json_t *v, double *out)
{
	double d = json_number_value(v);

	if (!json_is_number(v) || !isfinite(d) || d < 0 ||
	    d > LIMITS_PERCENT_MAX)
		return 0;
	*out = d;
	return 1;
}

json_int_t limits_reset_time(const json_t *v, int64_t time_ms)
{
	double d = json_number_value(v);
	int64_t ms;

	if (json_is_string(v) &&
	    time_parse_rfc3339(json_string_value(v), &ms) == 0)
		d = (double)(ms / 1000);
	else if (!json_is_number(v))
		return 0;
	if (!(d > 0) || d > (double)(time_ms / 1000 + LIMITS_RESET_MAX_S))
		return 0;
	return (json_int_t)d;
}

/*
 * Append the window {name, window_minutes, used_percent, resets_at} to
 * windows when used is a sane percentage; minutes <= 0: not known, the
 * window takes slot as its name.  -1: no memory.
 */
static int window_add(json_t *windows, const char *slot, json_int_t minutes,
                      const json_t *used, const json_t *resets, int64_t time_ms)
{
	char name[LIMITS_NAME_LEN];
	json_int_t at = limits_reset_time(resets, time_ms);
	json_t *w;
	double pct;

	if (!limits_percent(used, &pct))
		return 0;
	if (minutes > 0)
		limits_window_name(minutes, name);
	else
		snprintf(name, sizeof(name), "%s", slot);
	w = json_pack("{s:s,s:f}", "name", name, "used_percent", pct);
	if (w == NULL ||
	    (minutes > 0 &&
	     json_object_set_new(w, "window_minutes", json_integer(minutes))) ||
	    (at > 0 && json_object_set_new(w, "resets_at", json_integer(at)))) {
		json_decref(w);
		return -1;
	}
	return json_array_append_new(windows, w);
}

/*
 * The record, or NULL when it would say nothing (or no memory); windows
 * and reported are stolen.
 */
static json_t *record_new(const char *agent, const char *id, const char *ts,
                          json_t *windows, json_t *reported, json_t *extra)
{
	json_t *rec = NULL;

	if (windows == NULL || reported == NULL || extra == NULL ||
	    (json_array_size(windows) == 0 && json_object_size(reported) == 0))
		goto out;
	rec = json_pack("{s:s,s:s,s:s,s:s,s:O,s:O}", "type", "limits",
	                "session_id", id, "timestamp", ts, "agent", agent,
	                "windows", windows, "reported", reported);
	if (rec != NULL && json_object_update(rec, extra) == -1) {
		json_decref(rec);
		rec = NULL;
	}
out:
	json_decref(windows);
	json_decref(reported);
	json_decref(extra);
	return rec;
}

/* Codex's credits, the members of known type: {has_credits, ...}. */
static json_t *codex_credits(const json_t *c)
{
	const json_t *has = json_object_get(c, "has_credits");
	const json_t *unlimited = json_object_get(c, "unlimited");
	const char *balance = str(c, "balance");
	char cut[33];
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if ((json_is_boolean(has) &&
	     json_object_set_new(o, "has_credits",
	                         json_boolean(json_is_true(has)))) ||
	    (json_is_boolean(unlimited) &&
	     json_object_set_new(o, "unlimited",
	                         json_boolean(json_is_true(unlimited))))) {
		json_decref(o);
		return NULL;
	}
	if (balance != NULL) {
		utf8_cut_into(cut, balance, sizeof(cut) - 1);
		if (json_object_set_new(o, "balance", json_string(cut))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *limits_from_codex(const json_t *rate_limits, const char *id,
                          const char *timestamp, int64_t time_ms)
{
	static const char *const slots[] = {"primary", "secondary"};
	json_t *windows = json_array(), *extra = json_object(), *credits;
	const char *plan = str(rate_limits, "plan_type");
	const json_t *w;
	char cut[65];
	int bad = windows == NULL || extra == NULL;

	for (size_t i = 0; !bad && i < ARRAY_SIZE(slots); i++) {
		w = json_object_get(rate_limits, slots[i]);
		if (json_is_object(w))
			bad |= window_add(
			    windows, slots[i], integer(w, "window_minutes"),
			    json_object_get(w, "used_percent"),
			    json_object_get(w, "resets_at"), time_ms);
	}
	if (!bad && plan != NULL) {
		utf8_cut_into(cut, plan, sizeof(cut) - 1);
		bad |= json_object_set_new(extra, "plan", json_string(cut));
	}
	w = json_object_get(rate_limits, "credits");
	if (!bad && json_is_object(w)) {
		credits = codex_credits(w);
		bad |= credits == NULL ||
		       json_object_set_new(extra, "credits", credits);
	}
	if (bad) {
		json_decref(windows);
		windows = NULL;
	}
	return record_new("codex", id, timestamp, windows, json_object(),
	                  extra);
}

/* The figures of a session an agent reports, and their sane range. */
static const struct {
	const char *key;
	int count; /* 1: an integer, kept as one; 0: kept as a real */
	double max;
} figures[] = {
    {"cost_usd", 0, LIMITS_COST_MAX},
    {"lines_added", 1, (double)LIMITS_LINES_MAX},
    {"lines_removed", 1, (double)LIMITS_LINES_MAX},
    {"context_percent", 0, LIMITS_PERCENT_MAX},
};

json_t *limits_reported_new(const json_t *reported)
{
	json_t *o = json_object(), *v;
	int bad = o == NULL;
	double d;

	for (size_t i = 0; !bad && i < ARRAY_SIZE(figures); i++) {
		v = json_object_get(reported, figures[i].key);
		d = json_number_value(v);
		if (!(figures[i].count ? json_is_integer(v)
		                       : json_is_number(v)) ||
		    !(d >= 0 && d <= figures[i].max))
			continue;
		bad |= json_object_set_new(
		    o, figures[i].key,
		    figures[i].count ? json_integer(json_integer_value(v))
		                     : json_real(d));
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The figures Claude Code reports of its session, those sane. */
static json_t *claude_reported(const json_t *payload)
{
	const json_t *cost = json_object_get(payload, "cost");
	json_t *given = json_pack(
	    "{s:O?,s:O?,s:O?,s:O?}", "cost_usd",
	    json_object_get(cost, "total_cost_usd"), "lines_added",
	    json_object_get(cost, "total_lines_added"), "lines_removed",
	    json_object_get(cost, "total_lines_removed"), "context_percent",
	    json_object_get(json_object_get(payload, "context_window"),
	                    "used_percentage"));
	json_t *o = given != NULL ? limits_reported_new(given) : NULL;

	json_decref(given);
	return o;
}

json_t *limits_from_claude(const json_t *payload, const char *id,
                           const char *timestamp, int64_t time_ms)
{
	static const struct {
		const char *key;
		json_int_t minutes;
	} known[] = {{"five_hour", 300}, {"seven_day", 10080}};
	const json_t *rl = json_object_get(payload, "rate_limits"), *w;
	json_t *windows = json_array();
	int bad = windows == NULL;

	for (size_t i = 0; !bad && i < ARRAY_SIZE(known); i++) {
		w = json_object_get(rl, known[i].key);
		if (json_is_object(w))
			bad |= window_add(
			    windows, known[i].key, known[i].minutes,
			    json_object_get(w, "used_percentage"),
			    json_object_get(w, "resets_at"), time_ms);
	}
	if (bad) {
		json_decref(windows);
		windows = NULL;
	}
	return record_new("claude", id, timestamp, windows,
	                  claude_reported(payload), json_object());
}

int limits_changed(const json_t *summary, const json_t *record)
{
	const json_t *mine = json_object_get(json_object_get(summary, "limits"),
	                                     str_or(record, "agent", ""));
	const json_t *prev =
	    json_object_get(json_object_get(summary, "reported"),
	                    str_or(record, "session_id", ""));
	const json_t *windows = json_object_get(record, "windows"), *w, *s, *v;
	json_int_t was, now;
	const char *key;
	size_t i;

	json_array_foreach(windows, i, w)
	{
		s = json_object_get(mine, str_or(w, "name", ""));
		was = integer(s, "resets_at");
		now = integer(w, "resets_at");
		if (!json_is_object(s) ||
		    num(s, "used_percent") != num(w, "used_percent") ||
		    (was == 0) != (now == 0) ||
		    (was > now ? was - now : now - was) > RESET_SAME_S)
			return 1;
	}
	json_object_foreach((json_t *)json_object_get(record, "reported"), key,
	                    v)
	{
		if (!json_equal(v, json_object_get(prev, key)))
			return 1;
	}
	return 0;
}

int limits_each(const json_t *summary,
                int (*fn)(void *arg, const char *agent, const char *name,
                          const json_t *window),
                void *arg)
{
	const json_t *limits = json_object_get(summary, "limits"), *mine;
	size_t n, m;
	const char **agents = json_util_sorted_keys(limits, JSON_OBJECT, &n);
	const char **names;
	int count = 0, ret = agents != NULL ? 0 : -1;

	for (size_t i = 0; ret == 0 && i < n; i++) {
		mine = json_object_get(limits, agents[i]);
		names = json_util_sorted_keys(mine, JSON_OBJECT, &m);
		ret = names != NULL ? 0 : -1;
		for (size_t k = 0; ret == 0 && k < m; k++, count++)
			ret = fn(arg, agents[i], names[k],
			         json_object_get(mine, names[k]));
		free(names);
	}
	free(agents);
	return ret == 0 ? count : -1;
}

int64_t limits_resets_ms(const json_t *window)
{
	json_int_t at = integer(window, "resets_at");

	return at > 0 && at <= LIMITS_RESET_LAST_S ? at * 1000 : 0;
}

void limits_read(const json_t *window, int64_t now_ms, struct limits_view *v)
{
	const json_t *burn = json_object_get(window, "burn_per_hour");

	memset(v, 0, sizeof(*v));
	v->used = num(window, "used_percent");
	v->resets_ms = limits_resets_ms(window);
	if (v->resets_ms > 0 && now_ms >= v->resets_ms) {
		v->reset = 1;
		v->used = 0;
		return;
	}
	if (time_parse_rfc3339(str(window, "updated"), &v->updated_ms) == -1)
		v->updated_ms = now_ms;
	if (now_ms - v->updated_ms > LIMITS_HOUR_MS) {
		/* No record in the last hour: nothing rose in it. */
		v->has_burn = 1;
	} else if (json_is_number(burn)) {
		v->has_burn = 1;
		v->burn =
		    json_number_value(burn) > 0 ? json_number_value(burn) : 0;
	}
	if (v->used < 100)
		v->full_ms = limits_reach(v, 100, now_ms);
}

int64_t limits_reach(const struct limits_view *v, double percent,
                     int64_t now_ms)
{
	double ms;
	int64_t at;

	if (v->reset || !v->has_burn || !(v->burn > 0) || v->used > percent)
		return 0;
	ms = (percent - v->used) / v->burn * (double)LIMITS_HOUR_MS;
	if (!(ms <= 1e15))
		return 0; /* never, in any time a person waits */
	at = v->updated_ms + (int64_t)ms;
	if (at < now_ms)
		at = now_ms;
	return v->resets_ms > 0 && at >= v->resets_ms ? 0 : at;
}

const char *limits_when(int64_t at_ms, int64_t now_ms, char *buf, size_t len)
{
	time_t at = (time_t)(at_ms / 1000);
	char day[TIME_DATE_LEN], today[TIME_DATE_LEN];
	struct tm tm;
	size_t n;

	time_local_date(at_ms, day);
	time_local_date(now_ms, today);
	if (localtime_r(&at, &tm) == NULL)
		n = 0;
	else if (strcmp(day, today) == 0)
		n = strftime(buf, len, "%H:%M", &tm);
	else if (at_ms > now_ms && at_ms - now_ms < 6 * 24 * LIMITS_HOUR_MS)
		n = strftime(buf, len, "%a %H:%M", &tm);
	else
		n = strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	if (n == 0)
		snprintf(buf, len, "-");
	return buf;
}

const char *limits_span(int64_t ms, char *buf, size_t len)
{
	int64_t min = ms > 0 ? (ms + 59999) / 60000 : 0;

	if (min < 60)
		snprintf(buf, len, "%lld min", (long long)min);
	else if (min < 24 * 60 && min % 60 == 0)
		snprintf(buf, len, "%lld h", (long long)(min / 60));
	else if (min < 24 * 60)
		snprintf(buf, len, "%lld h %lld min", (long long)(min / 60),
		         (long long)(min % 60));
	else
		snprintf(buf, len, "%lld d %lld h", (long long)(min / 1440),
		         (long long)(min % 1440 / 60));
	return buf;
}
