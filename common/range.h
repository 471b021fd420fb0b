/*
 * range: a range of local dates, and the day files of a data directory
 * that fall in it.
 *
 * Reports limited with --since/--until/--days read the day files
 * "<prefix>-YYYY-MM-DD.json" of the range, as a reader's view holds them
 * (store_view: the log lines after their checkpoint applied), never whole
 * logs: the summaries keep only recent days, the day files keep every day. This
 *module parses the options into a range and hands out the day files in it, in
 *date order; what a report adds up from them is the report's business.
 *
 * Calling sequence:
 *	struct range r;
 *	range_resolve(since, until, days, today, &r, &err);  // -1: usage error
 *	range_each(docs, "usage", &r, add_day, ctx, &err);    // oldest first
 *
 * Dates are "YYYY-MM-DD" strings; byte order is date order.  An empty
 * since or until is an open end.  Errors: -1 with err filled; nothing here
 * prints.  range_each() passes each day file to fn as a borrowed document,
 * released when fn returns.
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

/*
 * Check a --since/--until argument: 0 when s is a valid "YYYY-MM-DD", else
 * -1 with err ("invalid date '2026-13-01' for --since (YYYY-MM-DD)").
 */
int range_parse_date(const char *s, const char *option, struct error *err);

/*
 * Parse a count of days (--days, --prune): a decimal integer from min to
 * RANGE_DAYS_MAX, else -1 with err naming option.
 */
int range_parse_days(const char *s, const char *option, long min, long *days,
                     struct error *err);

/*
 * The range of the options: since and until as given (NULL: open), or,
 * with days > 0, the days days that end at until (or at today).  -1 with err
 * when since is after until, or days comes with since.
 */
int range_resolve(const char *since, const char *until, long days,
                  const char *today, struct range *r, struct error *err);

/* 1 when the range has an end (any option was given), else 0. */
int range_limited(const struct range *r);

/* 1 when date is in r. */
int range_contains(const struct range *r, const char *date);

/* Number of calendar days from a to b, both included (0 when b < a). */
long range_span(const char *a, const char *b);

/*
 * The date of a file name "<prefix>-YYYY-MM-DD<suffix>" into date
 * (TIME_DATE_LEN bytes): 0, or -1 when name is not one.
 */
int range_file_date(const char *prefix, const char *suffix, const char *name,
                    char *date);

/*
 * The date of a day file name "<prefix>-YYYY-MM-DD.json" into date
 * (TIME_DATE_LEN bytes): 0, or -1 when name is not one.
 */
int range_day_of(const char *prefix, const char *name, char *date);

struct range_days {
	char (*dates)[TIME_DATE_LEN];
	size_t n;
};

/*
 * The dates of the files "<prefix>-YYYY-MM-DD<suffix>" in dirfd within r,
 * sorted: day files (".json") or logs (".jsonl").  dirfd -1 (no data
 * directory yet) gives none.  Release with range_days_free().
 */
int range_list(int dirfd, const char *prefix, const char *suffix,
               const struct range *r, struct range_days *days,
               struct error *err);

void range_days_free(struct range_days *days);

/*
 * Call fn(date, doc, ctx) for every day file of prefix in r, oldest first
 * (fn reads members a day lacks as counting nothing).  A day file that
 * does not parse, or is not a JSON object, is an error naming it (-1 with
 * err): a range report must not quietly leave a day out.  Stops at the
 * first fn that returns -1 (it sets err) and returns -1.
 */
int range_each(struct docs *docs, const char *prefix, const struct range *r,
               int (*fn)(const char *date, const json_t *doc, void *ctx,
                         struct error *err),
               void *ctx, struct error *err);

/*
 * How a tool adds its day files up into one summary for a range report
 * (track-usage days.h, perf-metrics report.h): new() starts it, add() is
 * called by range_each() with it as ctx, finish() records the range.
 */
struct range_sum {
	json_t *(*new)(void);
	int (*add)(const char *date, const json_t *day, void *ctx,
	           struct error *err);
	int (*finish)(json_t *acc, const struct range *r);
};

/*
 * The day files of prefix in r added up by sum: a new reference, or NULL
 * with err (a day file that does not parse, or out of memory).
 */
json_t *range_sum_new(struct docs *docs, const char *prefix,
                      const struct range *r, const struct range_sum *sum,
                      struct error *err);

/*
 * Add the numbers of add into acc, recursively: integers and reals are
 * summed (an integer stays an integer), objects merged member by member,
 * arrays of numbers summed element by element; members of add that acc
 * lacks are copied.  What is neither (strings, booleans) is left as acc
 * has it.  For summing day summaries whose keys a report need not know
 * (token counts, projects).  -1 when out of memory.
 */
int range_add(json_t *acc, const json_t *add);

#endif
