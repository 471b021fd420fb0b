/*
 * days: a summary of a range of days, added up from the day files.
 *
 * The cumulative usage-summary.json keeps only the latest days in
 * daily_stats; the day files "usage-YYYY-MM-DD.json" keep every day.  A
 * report limited to a range (--since, --until, --days) and the CSV form
 * add up the day files of the range into an object with the keys of
 * usage-summary.json, so that the report code, and jq filters, read either
 * the same way.  Over every day, the totals equal the cumulative summary's.
 *
 *	json_t *acc = usage_days_new();
 *	range_each(dirfd, USAGE_PREFIX, &range, usage_days_add_cb, acc, &err);
 *	usage_days_finish(acc, &range);
 *
 * What the range summary holds (docs/report-json.md): the totals,
 * avg_session_duration, error_rate, the name-keyed maps (a day's
 * command_types count under most_used_commands), hourly_activity,
 * abandoned_sessions (sessions of the range's days marked abandoned),
 * daily_stats with every day of the range that has a file (plus
 * completed_sessions and, when the day counted tokens, tokens), "tokens"
 * and "projects" when any day file has them, and
 * "range": {since, until, days}.  No first_use/last_use: the day files do
 * not keep them.
 *
 * Pure over jansson objects; -1 only when out of memory.
 */
#ifndef TRACK_USAGE_DAYS_H
#define TRACK_USAGE_DAYS_H

#include <jansson.h>

#include "error.h"
#include "range.h"

/* A new, empty range summary (caller owns), or NULL: no memory. */
json_t *usage_days_new(void);

/* Add the day file day (of date) to acc. */
int usage_days_add(json_t *acc, const char *date, const json_t *day);

/* usage_days_add() in the form range_each() calls; ctx is acc. */
int usage_days_add_cb(const char *date, const json_t *day, void *ctx,
                      struct error *err);

/*
 * Compute the derived figures and the "range" member: since and until as
 * r gives them, or, at an open end, the first and last day added.
 */
int usage_days_finish(json_t *acc, const struct range *r);

#endif
