/*
 * docs: the JSON documents of a data directory, as the apply functions see
 * them.
 *
 * A tool's apply function takes a struct docs and one log record, asks for
 * the documents the record changes by file name ("usage-summary.json",
 * "usage-2026-11-25.json") and edits them in place.  It touches no files:
 * docs loads a document on first use and docs_write() replaces those that
 * changed; docs_new_memory() keeps everything in memory (tests, prune).
 *
 * Positions.  While the store replays log lines it tells docs the position
 * of the line being applied (docs_set_position).  A document that already
 * holds that line (its log_position is at or past it: a checkpoint was
 * killed after replacing it but before replacing the summary) is handed
 * out as a scratch copy, so applying the line again changes nothing.
 *
 * Ownership: documents returned by docs_get() and docs_peek() are
 * borrowed; they live until docs_free().  NULL means the document could
 * not be loaded (I/O error, newer schema_version): docs_error() says why,
 * and apply should fail.
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
 * Documents of the directory dirfd (borrowed, must outlive docs), loaded
 * on demand with O_NOFOLLOW.  A document that does not parse starts
 * afresh and docs_corrupt() names it; with quarantine set it is first
 * moved aside to "<name>.corrupt-<UTC time>" (writers, under the lock),
 * else left where it is (readers write nothing).
 */
struct docs *docs_new_dir(int dirfd, int quarantine);

void docs_free(struct docs *docs);

/* The directory the documents come from, or -1 (memory). */
int docs_dirfd(const struct docs *docs);

/*
 * The document called name, to change: loaded, or a new object holding
 * just {"schema_version": 1} when there is none.  Marks it changed.
 */
json_t *docs_get(struct docs *docs, const char *name);

/* The document called name, to read only, or NULL when there is none. */
json_t *docs_peek(struct docs *docs, const char *name);

/* Why the last docs_get/docs_peek returned NULL. */
const struct error *docs_error(const struct docs *docs);

/* Position of the line being applied (see above); NULL: none. */
void docs_set_position(struct docs *docs, const struct log_position *pos);

/* Name of the last corrupt document found (see docs_new_dir), or NULL. */
const char *docs_corrupt(const struct docs *docs);

/*
 * Write every changed document with its new log_position, atomically
 * (temp file, rename); day documents first and the document named
 * last_name last, so that it is never ahead of the others.
 */
int docs_write(struct docs *docs, const char *last_name, struct error *err);

/*
 * Forget every document, for a rebuild: from now on documents start empty
 * and the files on disk are not read (docs_write replaces them).
 */
void docs_reset(struct docs *docs);

/*
 * Do not write name at the next docs_write() (its changes so far are
 * dropped).  For a rebuild from a prune's base, whose day files before it
 * were deleted (prune.h).
 */
void docs_discard(struct docs *docs, const char *name);

/* Call fn for every document held, in name order. */
void docs_each(struct docs *docs,
               void (*fn)(const char *name, json_t *doc, void *ctx), void *ctx);

/* ---- single files ---- */

/*
 * Load name from dirfd with O_NOFOLLOW: a new reference, or NULL with
 * errno ENOENT when it does not exist, EINVAL when it is not a JSON object
 * (err filled), or another errno (err filled).
 */
json_t *docs_load(int dirfd, const char *name, struct error *err);

/*
 * Replace name in dirfd atomically with doc (temp file ".<name>.XXXXXX",
 * one write, rename), compact.
 */
int docs_replace(int dirfd, const char *name, const json_t *doc,
                 struct error *err);

/*
 * Read and write a log_position member; read gives "" / 0 when absent,
 * and offset -1 (invalid) when the member's offset is not an integer.
 */
void docs_position_get(const json_t *doc, struct log_position *pos);
void docs_position_set(json_t *doc, const struct log_position *pos);
int docs_position_cmp(const struct log_position *a,
                      const struct log_position *b);

#endif
