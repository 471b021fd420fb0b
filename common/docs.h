/*
 * docs: the JSON documents of a data directory, as the apply functions see
 * them.
 *
 * A tool's apply function takes a struct docs and one log record, asks for
 * the documents the record changes by file name ("usage-summary.json",
 * "usage-2026-11-25.json") and edits them in place.  It touches no files: the
 * store (store.h) loads documents on first use and writes back those that
 * changed; tests use docs_new_memory(), where every document starts empty.
 *
 * Positions.  While the store replays log lines, it tells docs the position
 * of the line being applied (docs_set_position).  A document that already
 * holds that line (its log_position is at or past it: a writer was killed
 * after replacing it but before replacing the summary) is handed out as a
 * scratch copy, so applying the line again changes nothing on disk.
 *
 * Ownership: documents returned by docs_get() are borrowed; they live until
 * docs_free().  Returned NULL means the document could not be loaded (I/O
 * error, newer schema_version): docs_error() says why, and apply should fail.
 */
#ifndef COMMON_DOCS_H
#define COMMON_DOCS_H

#include <jansson.h>

#include "error.h"

#define SCHEMA_VERSION 1

/* A place in the sequence of logs: just after a line of log <date>. */
struct log_position {
	char date[11]; /* "" = before everything */
	long long offset;
};

struct docs;

/* Documents kept in memory only (tests, rebuild into memory). */
struct docs *docs_new_memory(void);

/*
 * Documents of the directory dirfd (borrowed, must outlive docs), loaded on
 * demand with O_NOFOLLOW.  A document that does not parse is moved aside to
 * "<name>.corrupt-<UTC time>", starts afresh, and docs_corrupt() names it.
 */
struct docs *docs_new_dir(int dirfd);

void docs_free(struct docs *docs);

/*
 * The document called name, to change: loaded, or a new object holding just
 * {"schema_version": 1} when there is none.  Marks it changed.
 */
json_t *docs_get(struct docs *docs, const char *name);

/* The document called name, to read only, or NULL when there is none. */
json_t *docs_peek(struct docs *docs, const char *name);

/*
 * Lazy maps (codec.h).  Before anything is loaded, names the members of
 * documents read as lazy maps: "sessions" (a member of a document),
 * "summary.command_types" (a member of its member "summary").  names must
 * outlive docs.  Only documents read from disk have lazy maps; in memory,
 * and after docs_reset(), every map is a plain object.
 *
 * Apply functions read and change these maps through docs_map_*() only,
 * which on any other object do what json_object_* do: json_object_get() on
 * a lazy map sees only the entries already asked for.  docs_map_get()
 * returns the entry (borrowed, to read or change in place) or NULL; when
 * reading an entry runs out of memory it returns NULL too, and the next
 * docs_write() fails (so that a wrong guess is never written).
 * docs_map_each() calls fn for every key in order until fn returns
 * non-zero, which it returns; fn must not change the map.  docs_map_peek()
 * returns a new reference to member of the object entry key, reading only
 * that member, or NULL.
 */
void docs_set_lazy(struct docs *docs, const char *const *names);
json_t *docs_map_get(struct docs *docs, json_t *map, const char *key);
int docs_map_set_new(struct docs *docs, json_t *map, const char *key,
		     json_t *value);
int docs_map_del(struct docs *docs, json_t *map, const char *key);
size_t docs_map_size(struct docs *docs, const json_t *map);
int docs_map_each(struct docs *docs, json_t *map,
		  int (*fn)(const char *key, void *ctx), void *ctx);
json_t *docs_map_peek(struct docs *docs, json_t *map, const char *key,
		      const char *member);

/*
 * Sidecar: fd (borrowed, a file of this tool's that only the lock holder
 * writes, e.g. the lock file) keeps the identity of the files docs_write()
 * wrote.  Before anything is loaded.  A document whose file is, by fstat
 * after reading, the very file written is read without checking its lazy
 * maps' text (codec_load_trusted); any other is checked as usual.
 * docs_trusted() counts the documents read so since docs_new_dir().
 */
void docs_set_sidecar(struct docs *docs, int fd);
unsigned docs_trusted(const struct docs *docs);

/* Why the last docs_get/docs_peek returned NULL. */
const struct error *docs_error(const struct docs *docs);

/* Position of the line being applied (see above). */
void docs_set_position(struct docs *docs, const struct log_position *pos);

/*
 * The name a corrupt document was moved aside to, when one was found since
 * docs_new_dir() or docs_reset(), else NULL (borrowed).
 */
const char *docs_corrupt(const struct docs *docs);

/*
 * Write every changed document with its new log_position, atomically (temp
 * file, rename), compact; day documents first and the document named
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
 * dropped; a later docs_get() marks it changed again).  For a rebuild from
 * a checkpoint, whose day files before it were pruned (prune.h).
 */
void docs_discard(struct docs *docs, const char *name);

/* Call fn for every document held, in name order (lazy maps read whole). */
void docs_each(struct docs *docs, void (*fn)(const char *name, json_t *doc, void *ctx),
	       void *ctx);

/* ---- document files, for readers outside the lock (reports) ---- */

/*
 * Load name from dirfd with O_NOFOLLOW.  NULL with errno ENOENT when it does
 * not exist; NULL and err filled on any other failure.
 */
json_t *docs_load(int dirfd, const char *name, struct error *err);

/*
 * Load name from dirfd into *doc when it exists: *doc NULL and 0 when it
 * does not, or when dirfd is -1 (no data directory yet); -1 with err on
 * any other failure.  For reports, where no data is not an error.
 */
int docs_load_optional(int dirfd, const char *name, json_t **doc,
		       struct error *err);

/*
 * Replace name in dirfd atomically with doc (temp file ".<name>.XXXXXX",
 * json_dumpfd, rename; flags as json_dumpfd).
 */
int docs_replace(int dirfd, const char *name, const json_t *doc, size_t flags,
		 struct error *err);

/*
 * Read and write a log_position member; read gives "" / 0 when absent, and
 * offset -1 (invalid) when the member's offset is not an integer.
 */
void docs_position_get(const json_t *doc, struct log_position *pos);
void docs_position_set(json_t *doc, const struct log_position *pos);
int docs_position_cmp(const struct log_position *a, const struct log_position *b);

#endif
