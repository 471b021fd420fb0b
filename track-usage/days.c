/*
 * Rules of this file:
 * - A day file's summary is docs/design.md §5's; any member may be missing or
 * of the wrong type (a hand-edited file) and then counts as 0.
 * - Keys the day files may gain later (tokens, projects) are added up
 *   generically with range_add(), so this file works with or without them;
 *   so is first_use/last_use, the earliest and latest of the days'.
 * - A figure a day file lacks although the day counts what it would say
 *   (first_use on a day with events, tokens_by_model on a day with tokens:
 *   a file written before day files kept them) cannot be given for the
 *   range: it is null in the accumulator, and usage_days_finish() leaves
 *   it out.
 */
#include "days.h"

#include <errno.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Counters: the summary's key and the day file summary's. */
static const struct {
	const char *summary, *day;
} totals[] = {
    {"total_sessions", "total_sessions"},
    {"total_events", "total_events"},
    {"total_commands", "total_commands"},
    {"total_tasks", "total_tasks"},
    {"total_errors", "total_errors"},
    {"completed_sessions", "completed_sessions"},
    {"total_session_duration", "total_duration"},
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

/* daily_stats members: the key there and the day file summary's. */
static const struct {
	const char *daily, *day;
} daily[] = {
    {"sessions", "total_sessions"},
    {"events", "total_events"},
    {"commands", "total_commands"},
    {"tasks", "total_tasks"},
    {"errors", "total_errors"},
    {"total_duration", "total_duration"},
    {"completed_sessions", "completed_sessions"},
};

static json_int_t integer(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

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
	bad |= use_widen(acc, s, "first_use", -1);
	bad |= use_widen(acc, s, "last_use", 1);
	if (!bad)
		bad |= add_int(acc, "abandoned_sessions", abandoned(day));
	for (i = 0; !bad && i < ARRAY_SIZE(daily); i++)
		bad |=
		    json_object_set_new(stats, daily[i].daily,
		                        json_integer(integer(s, daily[i].day)));
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
	const json_t *stats = json_object_get(acc, "daily_stats");
	double events = (double)integer(acc, "total_events");
	double errors = (double)integer(acc, "total_errors");
	double done = (double)integer(acc, "completed_sessions");
	double ms = (double)integer(acc, "total_session_duration");
	const char *first = NULL, *last = NULL, *date;
	char since[TIME_DATE_LEN] = "", until[TIME_DATE_LEN] = "";
	json_t *v;
	int bad;

	json_object_foreach((json_t *)stats, date, v)
	{
		if (first == NULL || strcmp(date, first) < 0)
			first = date;
		if (last == NULL || strcmp(date, last) > 0)
			last = date;
	}
	snprintf(since, sizeof(since), "%s",
	         r->since[0] != '\0' ? r->since
	         : first             ? first
	                             : "");
	snprintf(until, sizeof(until), "%s",
	         r->until[0] != '\0' ? r->until
	         : last              ? last
	                             : "");
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
	bad |= json_object_set_new(
	    acc, "range",
	    json_pack("{s:s,s:s,s:I}", "since", since, "until", until, "days",
	              (json_int_t)(since[0] && until[0]
	                               ? range_span(since, until)
	                               : 0)));
	if (bad) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}
