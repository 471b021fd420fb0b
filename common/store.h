/*
 * store: one tool's data directory: lock, write-ahead log, checkpoints.
 *
 * The JSON Lines logs "<prefix>-YYYY-MM-DD.jsonl" (local date of arrival)
 * are the truth; the documents (the summary and the day files) are
 * checkpoints of them that remember, in log_position, how far they have
 * applied the logs (docs/design.md §4).
 *
 * A hook event:
 *	st = store_open(dir, &tool, &opts, &err);   // lock, mend the log
 *	store_append(st, records, &err);            // one write + fdatasync
 *	if (store_checkpoint_due(st, ev.type))
 *		store_checkpoint(st, &err);         // apply the tail, replace
 *	store_close(st);                            // unlock
 * A reader: st = store_view(...); store_docs(st, &err): the documents with
 * every complete log line applied in memory, no lock, nothing written.
 *
 * Errors: -1 or NULL with err.  Warnings that do not stop the event (a
 * torn line cut, a corrupt document rebuilt) go to opts->warn.
 */
#ifndef COMMON_STORE_H
#define COMMON_STORE_H

#include <jansson.h>

#include "docs.h"
#include "error.h"

struct store_tool {
	const char *lock_name; /* ".usage.lock" */
	const char *prefix;    /* "usage": usage-DATE.jsonl, usage-DATE.json */
	const char *summary_name; /* "usage-summary.json" */
	/* Apply one log record to the documents; -1 with err on failure. */
	int (*apply)(struct docs *docs, json_t *record, struct error *err);
};

struct store_options {
	int lock_timeout_ms; /* CODEX_ANALYTICS_LOCK_TIMEOUT (s), default 10 */
	int fsync;           /* CODEX_ANALYTICS_FSYNC, default 1 */
	long checkpoint_ms;  /* CODEX_ANALYTICS_CHECKPOINT_MS, default 1000 */
	void (*warn)(const char *msg);
};

struct store;

/* Options from the environment (an invalid value keeps the default). */
void store_options_from_env(struct store_options *opts);

struct store *store_open(const char *dir, const struct store_tool *tool,
                         const struct store_options *opts, struct error *err);

/* The records of an array as lines, in one write and one sync. */
int store_append(struct store *st, json_t *records, struct error *err);

/*
 * 1 when an event of type is followed by a checkpoint: a session or turn
 * boundary, no summary yet, or a summary older than checkpoint_ms.
 */
int store_checkpoint_due(struct store *st, const char *type);

/* Apply the log lines the documents lack and replace the documents. */
int store_checkpoint(struct store *st, struct error *err);

/* The documents caught up with the log (borrowed), or NULL with err. */
struct docs *store_docs(struct store *st, struct error *err);

void store_close(struct store *st);

/* --rebuild: every log replayed into fresh documents, under the lock. */
int store_rebuild_dir(const char *dir, const struct store_tool *tool,
                      const struct store_options *opts, struct error *err);

/* A reader's view; a directory that does not exist yet is an empty one. */
struct store *store_view(const char *dir, const struct store_tool *tool,
                         const struct store_options *opts, struct error *err);

/*
 * The last complete line of the newest log (today's, or the day before's)
 * as a new reference, read without the lock, and in *written_ms the log's
 * mtime; NULL when there is none (errno ENOENT) or with err.
 */
json_t *store_last_record(const char *dir, const struct store_tool *tool,
                          int64_t *written_ms, struct error *err);

/*
 * Replay the complete lines of the log of date from offset on into docs;
 * *end gets the offset after the last one.  Invalid lines are skipped
 * (said to warn when not NULL).
 */
int store_replay_log(int dirfd, const struct store_tool *tool,
                     struct docs *docs, const char *date, long long offset,
                     long long *end, void (*warn)(const char *),
                     struct error *err);

/*
 * The data directory: dir_opt (--data-dir), else $CODEX_ANALYTICS_DIR,
 * $CODEX_HOME/analytics or $HOME/.codex/analytics (empty counts as unset).
 * A new string, or NULL with err.
 */
char *store_data_dir(const char *dir_opt, struct error *err);

/* mkdir -p dir with mode 0700. */
int store_mkdir(const char *dir, struct error *err);

/* The data directory's fd (borrowed), -1 for an empty view. */
int store_dirfd(const struct store *st);

#endif
