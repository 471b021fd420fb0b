/*
 * prune: fold the old logs into a checkpoint and delete them (--prune
 * DAYS, docs/design.md §8).
 *
 * The logs are the truth, so none is simply deleted: first the summary as
 * it stood at the end of the newest log to go is written durably to
 * "<prefix>-base.json" with that log_position; then the logs before it and
 * their day files are deleted.  A rebuild starts from the checkpoint and
 * replays only the later logs, so the totals stay.  The log the summary
 * applied last (hooks append to it) always stays.  A crash at any point
 * leaves the directory consistent.
 *
 *	prune_run(dir, &tool, &opts, days, &res, &err);   // takes the lock
 *	prune_describe(&res, line, sizeof(line));
 *
 * Errors: -1 with err.
 */
#ifndef COMMON_PRUNE_H
#define COMMON_PRUNE_H

#include <stddef.h>

#include "docs.h"
#include "error.h"
#include "store.h"
#include "timeutil.h"

struct prune_result {
	char cutoff[TIME_DATE_LEN]; /* logs before this date were candidates */
	char base_date[TIME_DATE_LEN]; /* the checkpoint's log date, or "" */
	char base_name[64];            /* "usage-base.json" */
	size_t logs;                   /* logs deleted */
	size_t days;                   /* day files deleted */
};

int prune_run(const char *dir, const struct store_tool *tool,
              const struct store_options *opts, long days,
              struct prune_result *res, struct error *err);

/* "pruned 3 logs and 3 day files before ...", or "nothing to prune: ...". */
void prune_describe(const struct prune_result *res, char *buf, size_t len);

/*
 * A rebuild into docs (just reset): with a checkpoint in dirfd, make it
 * the summary and set *start to its log_position.  -1 with err.
 */
int prune_base_seed(int dirfd, const struct store_tool *tool, struct docs *docs,
                    struct log_position *start, struct error *err);

/*
 * After that rebuild: leave unwritten the day files dated up to the
 * checkpoint's log date.  Prune deleted them, and a later log may still
 * name their day (a session across the checkpoint): a rebuild must not
 * bring back part of a day the live documents no longer have.
 */
void prune_base_discard(struct docs *docs, const struct store_tool *tool,
                        const struct log_position *start);

#endif
