/*
 * apply: what one track-usage log record does to the documents.
 *
 * usage_apply() is the only place where events become counts: the hook
 * calls it for the event it just logged, the store for lines a killed
 * writer left unapplied, --rebuild for every line, so live and rebuilt
 * figures cannot disagree.  It edits, through docs_get(), the summary and
 * the day files (the record's local date, and the start day of the session
 * an event belongs to or abandons), keys as docs/design.md §5 says, and
 * touches no files.  "tokens" records (§5a) only add to token counts,
 * "limits" records (§5d) only set plan windows and reported figures.
 *
 * Returns 0, or -1 with err when a document cannot be had.  A record that
 * is not an object or lacks type/timestamp is ignored: the log is replayed
 * as it is.
 */
#ifndef TRACK_USAGE_APPLY_H
#define TRACK_USAGE_APPLY_H

#include <jansson.h>

#include "docs.h"
#include "error.h"

#define USAGE_SUMMARY "usage-summary.json"
#define USAGE_PREFIX "usage"

int usage_apply(struct docs *docs, json_t *record, struct error *err);

/* The session's entry in open_sessions, or NULL (borrowed). */
const json_t *usage_open_session(struct docs *docs, const char *session_id);

/* The model of the session's open entry, or NULL (borrowed). */
const char *usage_open_model(struct docs *docs, const char *session_id);

#endif
