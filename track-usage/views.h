/*
 * views: the tables of --report --by (docs/design.md §5b): one row per day, ISO
 * week, month, session or project, with a total row.
 *
 *	json_t *v = views_new("week");
 *	range_each(dirfd, USAGE_PREFIX, &r, views_add_day_cb, v, &err);
 *	// or, for projects over all time: views_add_projects(v, summary
 *projects) views_finish(v);              // {"by","rows":[...],"total":{...}}
 *	views_print(stdout, v, &opts); // text, JSON or CSV as opts->format says
 *
 * Every row and the total hold sessions, events, commands, tasks, errors,
 * tokens (the total) and duration (ms).  Day, week, month and session rows
 * come from the day files: a period's row adds up its days' summaries; a
 * session's row is its entry in the file of the day it started.  Project
 * rows come from a "projects" map (the summary's, or the days' added up).
 * Rows without events are left out.  Order: periods oldest first, sessions
 * by start time, so the newest is last; projects by events, most first.
 * In text, duration shows in hours with one decimal.
 *
 * Pure over jansson objects apart from views_print(); NULL or -1 when out
 * of memory (views_print: when writing fails, errno from stdio).
 */
#ifndef TRACK_USAGE_VIEWS_H
#define TRACK_USAGE_VIEWS_H

#include <jansson.h>
#include <stdio.h>

#include "cli.h"
#include "error.h"

/* by: "day", "week", "month", "session" or "project" (cli_parse checks). */
json_t *views_new(const char *by);

int views_add_day(json_t *v, const char *date, const json_t *day);

/* views_add_day for range_each(). */
int views_add_day_cb(const char *date, const json_t *day, void *ctx,
                     struct error *err);

int views_add_projects(json_t *v, const json_t *projects);

int views_finish(json_t *v);

int views_print(FILE *out, const json_t *v, const struct report_options *opts);

#endif
