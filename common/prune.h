/*
 * prune: fold the old logs into a checkpoint and delete them (--prune DAYS,
 * docs/design.md §8).
 *
 * The logs are the truth and every summary is a replay of them, so a log
 * cannot simply be deleted: first the summary as it stood at the end of
 * the newest log to go is written, durably, to the checkpoint
 * "<prefix>-base.json" (usage-base.json, metrics-base.json) with that
 * log_position; then the logs before it and the day files of their days
 * are deleted.  A rebuild (store_rebuild) starts from the checkpoint and
 * replays only the logs after it, so the summaries keep their totals.
 *
 *	struct prune_result res;
 *	prune_run(dir, &tool, &opts, days, &res, &err);   // under the lock
 *
 * Which logs go: those dated before today minus days (local dates), except
 * the log the summary has applied last (the one hooks append to), which
 * always stays.  Day files dated before the cutoff and not after the
 * newest log removed go with them.  A crash at any point leaves the data
 * directory consistent: the checkpoint is fsynced and renamed into place
 * before anything is deleted, and a rebuild ignores logs older than it.
 *
 * Errors: -1 with err; nothing prints.
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

/*
 * What a prune did, as one line for the user (no newline) into buf:
 * "pruned 3 logs and 3 day files before 2026-08-27; usage-base.json holds
 * their totals (through 2026-08-26)", or "nothing to prune: ...".
 */
void prune_describe(const struct prune_result *res, char *buf, size_t len);

/* Fold the logs older than days days into the checkpoint, then delete. */
int prune_run(const char *dir, const struct store_tool *tool,
              const struct store_options *opts, long days,
              struct prune_result *res, struct error *err);

/* The checkpoint's name, "<prefix>-base.json"; -1 when it does not fit. */
int prune_base_name(const struct store_tool *tool, char *buf, size_t len);

/*
 * For a rebuild into docs (just reset): when dirfd holds a checkpoint, make
 * it the summary of docs and set *start to its log_position; else leave
 * *start as it is.  0, or -1 with err (unreadable or newer checkpoint).
 */
int prune_base_seed(int dirfd, const struct store_tool *tool, struct docs *docs,
                    struct log_position *start, struct error *err);

/*
 * After a rebuild into docs from the checkpoint at start: leave the day
 * files dated on or before the checkpoint's log date unwritten.  Prune
 * deleted them; a later log may still name their day (a session that
 * started before the checkpoint and ended after it), and a rebuild must not
 * bring back a part of a day the live documents no longer have.
 */
void prune_base_discard(struct docs *docs, const struct store_tool *tool,
                        const struct log_position *start);

#endif
