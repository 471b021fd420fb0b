/*
 * apply: what one track-usage log record does to the documents.
 *
 * usage_apply() is the only place where events become counts.  The hook
 * calls it for the event it just logged, the store calls it for lines a
 * killed writer left unapplied, and --rebuild calls it for every line of
 * every log: so live figures and rebuilt ones cannot disagree.
 *
 * It is pure over jansson objects: it reads and edits, through docs_get(),
 * "usage-summary.json" and the day files "usage-YYYY-MM-DD.json" (the local
 * date of the record's timestamp, and for an event of an open session, or
 * one it abandons, also the day that session started), and touches no
 * files.  Keys are those of docs/design.md §5; a session closed after 24 h open
 * has "abandoned": true in its day file entry.
 *
 * "tokens" records (docs/design.md §5a) are not agent events: they add to the
 * token counts (summary tokens and tokens_by_model, the day's tokens, the
 * session's tokens in its start day's entry) and nothing else.  One that
 * did not come from a transcript marks the open session
 * "token_source": "hook", so that its transcript is never read.
 *
 * Returns 0, or -1 with err when a document cannot be had (docs_error()).
 * A record that is not an object or lacks type/timestamp is ignored (0): the
 * log is replayed as it is.
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

/*
 * The model of the session's open entry in the summary, or NULL (borrowed).
 * The hook uses it to fill an event's model when the event names none.
 */
const char *usage_open_model(struct docs *docs, const char *session_id);

#endif
