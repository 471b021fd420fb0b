/*
 * range: a range of local dates, and the day files of a data directory in
 * it.
 *
 * Reports limited by --since/--until/--days read the day files
 * "<prefix>-YYYY-MM-DD.json" of the range as a reader's view holds them
 * (store_view: the log lines after their checkpoint applied), never whole
 * logs: the summaries keep only recent days, the day files every day.
 *
 *	range_resolve(since, until, days, today, &r, &err);  // -1: usage error
 *	range_each(docs, "usage", &r, add_day, ctx, &err);    // oldest first
 *
 * Dates are "YYYY-MM-DD", so byte order is date order; an empty since or
 * until is an open end.  Errors: -1 with err filled.
 */
#ifndef COMMON_RANGE_H
#define COMMON_RANGE_H

#include <jansson.h>
#include <stddef.h>

#include "docs.h"
#include "error.h"
#include "timeutil.h"

#define RANGE_DAYS_MAX 36500 /* --days and --prune: a century is enough */

struct range {
	char since[TIME_DATE_LEN]; /* first day, "" = from the first */
	char until[TIME_DATE_LEN]; /* last day, "" = to the last */
};

/* A --since/--until argument: 0 when s is a valid "YYYY-MM-DD", else -1. */
int range_parse_date(const char *s, const char *option, struct error *err);

/* A count of days (--days, --prune): a decimal from min to RANGE_DAYS_MAX. */
int range_parse_days(const char *s, const char *option, long min, long *days,
                     struct error *err);

/*
 * The range of the options: since and until as given (NULL: open), or the
 * days days that end at until (or today).  -1 when since is after until,
 * or days comes with since.
 */
int range_resolve(const char *since, const char *until, long days,
                  const char *today, struct range *r, struct error *err);

/* 1 when the range has an end (any option was given). */
int range_limited(const struct range *r);

int range_contains(const struct range *r, const char *date);

/* Calendar days from a to b, both included (0 when b < a). */
long range_span(const char *a, const char *b);

/* The date of a day file name "<prefix>-YYYY-MM-DD.json": 0, or -1. */
int range_day_of(const char *prefix, const char *name, char *date);

struct range_days {
	char (*dates)[TIME_DATE_LEN];
	size_t n;
};

/*
 * The sorted dates of the files "<prefix>-YYYY-MM-DD<suffix>" (".json" day
 * files, ".jsonl" logs) in dirfd within r; dirfd -1 gives none.  Release
 * with range_days_free().
 */
int range_list(int dirfd, const char *prefix, const char *suffix,
               const struct range *r, struct range_days *days,
               struct error *err);

void range_days_free(struct range_days *days);

/*
 * fn(date, doc, ctx, err) for every day file of prefix in r, oldest first,
 * doc borrowed for the call.  A day file that does not parse is an error
 * naming it: a range report must not quietly leave a day out.  Stops at
 * the first fn that returns -1 (it sets err).
 */
int range_each(struct docs *docs, const char *prefix, const struct range *r,
               int (*fn)(const char *date, const json_t *doc, void *ctx,
                         struct error *err),
               void *ctx, struct error *err);

/*
 * How a tool adds its day files up into one summary: new() starts it,
 * range_each() calls add() with it as ctx, finish() records the range.
 */
struct range_sum {
	json_t *(*new)(void);
	int (*add)(const char *date, const json_t *day, void *ctx,
	           struct error *err);
	int (*finish)(json_t *acc, const struct range *r);
};

/* The day files of prefix in r added up by sum: a new reference, or NULL. */
json_t *range_sum_new(struct docs *docs, const char *prefix,
                      const struct range *r, const struct range_sum *sum,
                      struct error *err);

/*
 * A range_sum's finish(): acc's "range" member {since, until, days}, an
 * open end at the first or last date of acc's daily_stats.  -1: no memory.
 */
int range_finish(json_t *acc, const struct range *r);

/*
 * Add the numbers of add into acc, recursively: numbers summed (integers
 * stay integers), objects merged, arrays of numbers summed element-wise,
 * members acc lacks copied, anything else left as acc has it.  For keys a
 * report need not know (token counts, projects).  -1 when out of memory.
 */
int range_add(json_t *acc, const json_t *add);

#endif
