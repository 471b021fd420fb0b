/*
 * views: the tables of --report --by (docs/design.md §5b): a row per day,
 * ISO week, month, session or project, and a total row.
 *
 *	json_t *v = views_new("week");
 *	range_each(docs, USAGE_PREFIX, &r, views_add_day_cb, v, &err);
 *	// or over all time: views_add_projects(v, the summary's projects)
 *	views_finish(v);               // {"by","rows":[...],"total":{...}}
 *	views_print(stdout, v, &opts); // text, JSON or CSV
 *
 * A row holds sessions, events, commands, tasks, errors, tokens and
 * duration (ms; hours in text).  A period adds up its days' summaries; a
 * session is its entry in the file of its start day; projects come from
 * a "projects" map.  Rows without events are left out.  Periods come
 * oldest first, sessions by start (the newest last), projects by events.
 *
 * Pure apart from views_print(); -1 when out of memory or when writing
 * fails.
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

int views_add_day_cb(const char *date, const json_t *day, void *ctx,
                     struct error *err);

int views_add_projects(json_t *v, const json_t *projects);

int views_finish(json_t *v);

int views_print(FILE *out, const json_t *v, const struct report_options *opts);

#endif
