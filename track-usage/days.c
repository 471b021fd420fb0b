/*
 * Rules of this file:
 * - Any member of a day file may be missing or mistyped: it counts as 0.
 * - Keys day files may gain later (tokens, projects) are added up by
 *   range_add(), so this file works with or without them.
 * - A figure a day file lacks though the day counts it (first_use on a day
 *   with events, tokens_by_model on a day with tokens: files from before
 *   they were kept) is null in the accumulator: the range has none.
 */
#include "days.h"

#include <errno.h>
#include <string.h>

#include "json_util.h"

/* Counters: the summary's key, daily_stats' and the day file summary's. */
static const struct {
	const char *summary, *daily, *day;
} totals[] = {
    {"total_sessions", "sessions", "total_sessions"},
    {"total_events", "events", "total_events"},
    {"total_commands", "commands", "total_commands"},
    {"total_tasks", "tasks", "total_tasks"},
    {"total_errors", "errors", "total_errors"},
    {"total_session_duration", "total_duration", "total_duration"},
    {"completed_sessions", "completed_sessions", "completed_sessions"},
};

static const struct {
	const char *summary, *day;
} maps[] = {
    {"models_used", "models_used"},
    {"providers_used", "providers_used"},
    {"most_used_commands", "command_types"},
    {"command_failures", "command_failures"},
    {"most_used_tools", "most_used_tools"},
    {"errors_by_context", "errors_by_context"},
    {"event_types", "event_types"},
};

/* Summed as they are when a day file has them (docs/design.md §5a, §5b). */
static const char *const optional[] = {"tokens", "tokens_by_model", "projects"};
static const char *const lines[] = {"lines_added", "lines_removed"};

json_t *usage_days_new(void)
{
	json_t *acc = json_object(), *hours = json_array();
	int bad = acc == NULL || hours == NULL;
	size_t i;

	for (i = 0; !bad && i < ARRAY_SIZE(totals); i++)
		bad |= json_object_set_new(acc, totals[i].summary,
		                           json_integer(0));
	for (i = 0; !bad && i < ARRAY_SIZE(maps); i++)
		bad |= json_object_set_new(acc, maps[i].summary, json_object());
	for (i = 0; !bad && i < 24; i++)
		bad |= json_array_append_new(hours, json_integer(0));
	if (!bad) {
		bad |= json_object_set(acc, "hourly_activity", hours);
		bad |= json_object_set_new(acc, "abandoned_sessions",
		                           json_integer(0));
		bad |= json_object_set_new(acc, "daily_stats", json_object());
	}
	json_decref(hours);
	if (bad) {
		json_decref(acc);
		return NULL;
	}
	return acc;
}

/* Sessions of the day marked abandoned (closed after 24 h open). */
static json_int_t abandoned(const json_t *day)
{
	const char *id;
	json_t *s;
	json_int_t n = 0;

	json_object_foreach(json_object_get(day, "sessions"), id, s)
	{
		if (json_is_true(json_object_get(s, "abandoned")))
			n++;
	}
	return n;
}

static int add_int(json_t *o, const char *key, json_int_t n)
{
	return json_object_set_new(o, key, json_integer(integer(o, key) + n));
}

/*
 * acc[key] becomes day[key] when it has none or when cmp (-1: earlier, 1:
 * later) says so; times are fixed-width UTC, so byte order is time order.
 */
static int use_widen(json_t *acc, const json_t *day, const char *key, int cmp)
{
	const char *have = json_string_value(json_object_get(acc, key));
	const char *t = json_string_value(json_object_get(day, key));
	int c;

	if (t == NULL || t[0] == '\0' ||
	    json_is_null(json_object_get(acc, key)))
		return 0;
	c = have == NULL ? cmp : strcmp(t, have);
	if (c == 0 || (c < 0) != (cmp < 0))
		return 0;
	return json_object_set_new(acc, key, json_string(t));
}

/* The tool calls of a day (docs/design.md §5c): counts add, max_ms is a max. */
static int tools_add(json_t *acc, const json_t *day_tools)
{
	json_t *tools = json_object_get(acc, "tools"), *t, *have;
	const char *name;

	if (!json_is_object(day_tools))
		return 0;
	if (tools == NULL &&
	    json_object_set_new(acc, "tools", tools = json_object()) == -1)
		return -1;
	json_object_foreach((json_t *)day_tools, name, t)
	{
		json_int_t max = integer(t, "max_ms");

		have = json_object_get(tools, name);
		if (have == NULL) {
			if (json_object_set(tools, name, t) == -1)
				return -1;
			continue;
		}
		have = json_deep_copy(have);
		if (have == NULL ||
		    add_int(have, "calls", integer(t, "calls")) ||
		    add_int(have, "failures", integer(t, "failures")) ||
		    add_int(have, "total_ms", integer(t, "total_ms")) ||
		    (max > integer(have, "max_ms") &&
		     json_object_set_new(have, "max_ms", json_integer(max))) ||
		    json_object_set_new(tools, name, have) == -1)
			return -1;
	}
	return 0;
}

int usage_days_add(json_t *acc, const char *date, const json_t *day)
{
	const json_t *s = json_object_get(day, "summary");
	json_t *stats = json_object(), *v;
	size_t i;
	int bad = stats == NULL;

	for (i = 0; !bad && i < ARRAY_SIZE(totals); i++)
		bad |=
		    add_int(acc, totals[i].summary, integer(s, totals[i].day));
	for (i = 0; !bad && i < ARRAY_SIZE(maps); i++) {
		v = json_object_get(s, maps[i].day);
		if (json_is_object(v))
			bad |=
			    range_add(json_object_get(acc, maps[i].summary), v);
	}
	v = json_object_get(s, "hourly_activity");
	if (!bad && json_is_array(v) && json_array_size(v) == 24)
		bad |= range_add(json_object_get(acc, "hourly_activity"), v);
	/* Lines changed (§5d): in the day files that keep them. */
	for (i = 0; !bad && i < ARRAY_SIZE(lines); i++) {
		v = json_object_get(s, lines[i]);
		if (json_is_integer(v))
			bad |= add_int(acc, lines[i], json_integer_value(v));
	}
	for (i = 0; !bad && i < ARRAY_SIZE(optional); i++) {
		v = json_object_get(s, optional[i]);
		if (!json_is_object(v) ||
		    json_is_null(json_object_get(acc, optional[i])))
			continue;
		if (!json_is_object(json_object_get(acc, optional[i])))
			bad |= json_object_set_new(acc, optional[i],
			                           json_object());
		bad |= range_add(json_object_get(acc, optional[i]), v);
	}
	if (integer(json_object_get(s, "tokens"), "total") > 0 &&
	    !json_is_object(json_object_get(s, "tokens_by_model")))
		bad |= json_object_set_new(acc, "tokens_by_model", json_null());
	if (integer(s, "total_events") > 0 &&
	    !json_is_string(json_object_get(s, "first_use")))
		bad |= json_object_set_new(acc, "first_use", json_null());
	bad |= tools_add(acc, json_object_get(s, "tools"));
	bad |= use_widen(acc, s, "first_use", -1);
	bad |= use_widen(acc, s, "last_use", 1);
	if (!bad)
		bad |= add_int(acc, "abandoned_sessions", abandoned(day));
	for (i = 0; !bad && i < ARRAY_SIZE(totals); i++)
		bad |= json_object_set_new(
		    stats, totals[i].daily,
		    json_integer(integer(s, totals[i].day)));
	v = json_object_get(json_object_get(s, "tokens"), "total");
	if (!bad && json_is_integer(v))
		bad |= json_object_set_new(stats, "tokens", json_copy(v));
	if (!bad) {
		bad |= json_object_set(json_object_get(acc, "daily_stats"),
		                       date, stats);
	}
	json_decref(stats);
	if (bad) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int usage_days_add_cb(const char *date, const json_t *day, void *ctx,
                      struct error *err)
{
	if (usage_days_add(ctx, date, day) == -1) {
		error_set(err, ENOMEM, "cannot add up the day %s", date);
		return -1;
	}
	return 0;
}

int usage_days_finish(json_t *acc, const struct range *r)
{
	double events = (double)integer(acc, "total_events");
	double errors = (double)integer(acc, "total_errors");
	double done = (double)integer(acc, "completed_sessions");
	double ms = (double)integer(acc, "total_session_duration");
	int bad;

	/* What a day file lacked (see the rules at the top). */
	if (json_is_null(json_object_get(acc, "first_use"))) {
		json_object_del(acc, "first_use");
		json_object_del(acc, "last_use");
	}
	if (json_is_null(json_object_get(acc, "tokens_by_model")))
		json_object_del(acc, "tokens_by_model");
	/* As the cumulative summary computes them (track-usage/apply.c). */
	bad = json_object_set_new(acc, "avg_session_duration",
	                          json_real(done > 0 ? ms / done : 0));
	bad |= json_object_set_new(
	    acc, "error_rate",
	    json_real(events > 0 ? errors * 100 / events : 0));
	if (bad) {
		errno = ENOMEM;
		return -1;
	}
	return range_finish(acc, r);
}
