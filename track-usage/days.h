/*
 * days: a summary of a range of days, added up from the day files.
 *
 * usage-summary.json keeps only the latest days in daily_stats; the day
 * files keep every day.  A range report (--since, --until, --days) and the
 * CSV form add up the day files of the range into an object with the keys
 * of usage-summary.json, so that the report and jq filters read either
 * the same way (docs/report-json.md).  Over every day, the totals equal
 * the cumulative summary's.  No first_use/last_use when a day file lacks
 * them.
 *
 *	acc = range_sum_new(docs, USAGE_PREFIX, &r, &sum, &err);
 *	// sum = {usage_days_new, usage_days_add_cb, usage_days_finish}
 *
 * Pure over jansson objects; -1 only when out of memory.
 */
#ifndef TRACK_USAGE_DAYS_H
#define TRACK_USAGE_DAYS_H

#include <jansson.h>

#include "error.h"
#include "range.h"

json_t *usage_days_new(void);

int usage_days_add(json_t *acc, const char *date, const json_t *day);

int usage_days_add_cb(const char *date, const json_t *day, void *ctx,
                      struct error *err);

/* The derived figures, and "range" (range_finish()). */
int usage_days_finish(json_t *acc, const struct range *r);

#endif
