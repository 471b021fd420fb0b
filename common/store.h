/*
 * store: one tool's data directory: lock, write-ahead log, documents.
 *
 * The rules are those of DESIGN §4.  The JSON Lines logs
 * "<prefix>-YYYY-MM-DD.jsonl" (local date of arrival) are the source of
 * truth; the documents (the summary and "<prefix>-YYYY-MM-DD.json" day files)
 * are views of them that remember, in log_position, how far they have
 * applied the logs.
 *
 * Calling sequence of one hook event:
 *	st = store_open(dir, &tool, &opts, &err);  // mkdir, lock, mend, catch up
 *	store_append(st, record, &err);            // log line + fdatasync, apply
 *	store_commit(st, &err);                    // replace changed documents
 *	store_close(st);                           // unlock, free
 * A rebuild (--rebuild) is store_rebuild_dir(), which does the same with
 * every log replayed from the beginning instead of a catch-up; the
 * beginning is the checkpoint --prune leaves (prune.h), when there is one.
 *
 * store_open() takes the lock with a bounded wait, removes stale temp files,
 * cuts a torn last line off today's log, loads the summary (a corrupt one is
 * quarantined and rebuilt; a newer schema_version fails with "written by a
 * newer version") and applies the log lines the summary has not seen yet.
 *
 * Errors: -1 or NULL, with err filled.  Warnings that do not stop the event
 * (quarantined document, invalid log line skipped) go to opts->warn.
 */
#ifndef COMMON_STORE_H
#define COMMON_STORE_H

#include <jansson.h>

#include "docs.h"
#include "error.h"

struct store_tool {
	/* ".usage.lock"; it also keeps the documents' identities (docs.h) */
	const char *lock_name;
	const char *prefix;       /* "usage": logs usage-DATE.jsonl, day files usage-DATE.json */
	const char *summary_name; /* "usage-summary.json" */
	/* Apply one log record to the documents; -1 with err on failure. */
	int (*apply)(struct docs *docs, json_t *record, struct error *err);
	/* Members read as lazy maps (docs_set_lazy), NULL-terminated; or NULL. */
	const char *const *lazy;
};

struct store_options {
	int lock_timeout_ms; /* CODEX_ANALYTICS_LOCK_TIMEOUT (s), default 10 s */
	int fsync;           /* fdatasync the log (CODEX_ANALYTICS_FSYNC, default 1) */
	void (*warn)(const char *msg);
};

struct store;

/* Options from the environment. */
void store_options_from_env(struct store_options *opts);

struct store *store_open(const char *dir, const struct store_tool *tool,
			 const struct store_options *opts, struct error *err);

/* Append record to today's log as one line, then apply it. */
int store_append(struct store *st, json_t *record, struct error *err);

/*
 * Append the records of an array as lines, in one write and one
 * fdatasync, then apply each in order: all are recorded or none.
 */
int store_append_all(struct store *st, json_t *records, struct error *err);

/* Forget all documents and replay every log from the beginning. */
int store_rebuild(struct store *st, struct error *err);

/*
 * --rebuild: open dir like store_open, but replay every log into fresh
 * documents instead of catching up (so the logs are read once), commit,
 * close.
 */
int store_rebuild_dir(const char *dir, const struct store_tool *tool,
		      const struct store_options *opts, struct error *err);

/* Replace the documents that changed. */
int store_commit(struct store *st, struct error *err);

/* The documents (borrowed), e.g. to read the summary after an event. */
struct docs *store_docs(struct store *st);

/* The data directory's fd (borrowed), for the tool's own files in it. */
int store_dirfd(const struct store *st);

void store_close(struct store *st);

/* ---- the data directory ---- */

/*
 * The data directory: dir_opt (--data-dir) when not NULL, else
 * $CODEX_ANALYTICS_DIR, else $CODEX_HOME/analytics, else
 * $HOME/.codex/analytics (empty variables count as unset).  Returns a new
 * string, or NULL with err when none can be found.
 */
char *store_data_dir(const char *dir_opt, struct error *err);

/* mkdir -p dir with mode 0700. */
int store_mkdir(const char *dir, struct error *err);

/* Open dir as a directory fd (O_DIRECTORY|O_CLOEXEC), -1 with err. */
int store_open_dir(const char *dir, struct error *err);

#endif
