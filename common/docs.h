/*
 * docs: the JSON documents of a data directory, as the apply functions see
 * them.
 *
 * A tool's apply function asks docs for the documents a log record changes
 * by name ("usage-summary.json", "usage-2026-11-25.json") and edits them in
 * place, touching no file: docs loads a document on first use, and
 * docs_write() replaces those that changed.  docs_new_memory() keeps
 * everything in memory (tests, prune).
 *
 * While the store replays the log it sets the position of the line being
 * applied (docs_set_position).  A document already at or past it (a
 * checkpoint killed between replacing it and the summary) is handed out as
 * a scratch copy, so applying the line again changes nothing.
 *
 * Documents from docs_get() and docs_peek() are borrowed until docs_free().
 * NULL means the document could not be loaded (I/O error, newer
 * schema_version): docs_error() says why, and apply should fail.
 */
#ifndef COMMON_DOCS_H
#define COMMON_DOCS_H

#include <jansson.h>

#include "error.h"

#define SCHEMA_VERSION 1
/* How every document and log line is written: compact, reals exact. */
#define DOCS_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(17))

/* A place in the sequence of logs: just after a line of log <date>. */
struct log_position {
	char date[11]; /* "" = before everything */
	long long offset;
};

struct docs;

struct docs *docs_new_memory(void);

/*
 * The documents of dirfd (borrowed), loaded with O_NOFOLLOW.  One that
 * does not parse starts afresh and docs_corrupt() names it; with
 * quarantine (writers, under the lock) it is first moved aside to
 * "<name>.corrupt-<UTC time>", else left where it is.
 */
struct docs *docs_new_dir(int dirfd, int quarantine);

void docs_free(struct docs *docs);

/* The directory the documents come from, or -1 (memory). */
int docs_dirfd(const struct docs *docs);

/* name, to change: loaded, or new as {"schema_version": 1}. */
json_t *docs_get(struct docs *docs, const char *name);

/*
 * Mark name (loaded, or new) as holding the logs up to pos, e.g. after
 * lines that did not change it; never moves it back.  -1: see docs_error().
 */
int docs_advance(struct docs *docs, const char *name,
                 const struct log_position *pos);

/* name, to read only, or NULL when there is none. */
json_t *docs_peek(struct docs *docs, const char *name);

/* Why the last docs_get() or docs_peek() returned NULL. */
const struct error *docs_error(const struct docs *docs);

void docs_set_position(struct docs *docs, const struct log_position *pos);

/* The last corrupt document found, or NULL. */
const char *docs_corrupt(const struct docs *docs);

/*
 * Write every changed document with its log_position; last_name last, so
 * that the summary is never ahead of the day files.
 */
int docs_write(struct docs *docs, const char *last_name, struct error *err);

/* Forget every document: from now on they start empty, the disk unread. */
void docs_reset(struct docs *docs);

/* Do not write name at the next docs_write() (a rebuild from prune's base). */
void docs_discard(struct docs *docs, const char *name);

/* fn for every document held, in name order. */
void docs_each(struct docs *docs,
               void (*fn)(const char *name, json_t *doc, void *ctx), void *ctx);

/*
 * name from dirfd (O_NOFOLLOW): a new reference, or NULL with err and
 * errno: ENOENT (err untouched), EINVAL (not a JSON object), ENOTSUP
 * (newer schema_version), or the system's.
 */
json_t *docs_load(int dirfd, const char *name, struct error *err);

/*
 * Replace name in dirfd with doc: temp file ".<name>.XXXXXX", one write,
 * rename.  durable: the temp file and the directory fsynced too.
 */
int docs_replace(int dirfd, const char *name, const json_t *doc, int durable,
                 struct error *err);

/* log_position: "" / 0 when absent, offset -1 when not an integer. */
void docs_position_get(const json_t *doc, struct log_position *pos);
void docs_position_set(json_t *doc, const struct log_position *pos);
int docs_position_cmp(const struct log_position *a,
                      const struct log_position *b);

#endif
