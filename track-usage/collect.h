/*
 * collect: the "tokens" log records one event brings (docs/design.md §5a).
 *
 * Two sources, never both for one session:
 * - Codex's PostModelRequest hands the call's usage to the hook
 *   (ev->token_usage): one record, and the session is marked (by
 *   usage_apply, in open_sessions) as counted from its hooks.
 * - Otherwise, on task_complete and session_end, the agent's transcript:
 *   ev->transcript_path, or for Codex notify the rollout found by thread id
 *   under $CODEX_HOME/sessions/YYYY/MM/DD/ (the event's local date, then the
 *   day before).  What it gained since the last read becomes one record per
 *   model; the cursors live in COLLECT_STATE in the data directory, one per
 *   session, dropped 24 h after their session's last read.
 *
 * Calling sequence, under the store's lock, after the event is logged:
 *	struct collect *c = collect_new(&ev, docs, dirfd, &err);
 *	for each record in collect_records(c): store_append(...)
 *	collect_save(c, &err);     // the cursors, after the records are durable
 *	collect_free(c);
 *
 * A transcript that cannot be read does not fail the event: collect_new()
 * then returns no records and says why in collect_warning().  NULL from
 * collect_new() means no memory.  collect_save() returns -1 with err when
 * the state file cannot be replaced (the records are logged: the next read
 * of the session counts its lines again, so the caller should say so).
 */
#ifndef TRACK_USAGE_COLLECT_H
#define TRACK_USAGE_COLLECT_H

#include <jansson.h>

#include "docs.h"
#include "error.h"
#include "event.h"

#define COLLECT_STATE ".usage-tokens.json"

struct collect;

struct collect *collect_new(const struct event *ev, struct docs *docs,
                            int dirfd, struct error *err);

/* The records to log, an array (borrowed; empty when there are none). */
json_t *collect_records(const struct collect *c);

/* Why a transcript was not read, or NULL (borrowed). */
const char *collect_warning(const struct collect *c);

int collect_save(struct collect *c, struct error *err);

void collect_free(struct collect *c);

/*
 * The rollout file of Codex thread id under sessions_dir for the local date
 * of time_ms or the day before: a new string, or NULL when there is none
 * (errno ENOENT) or no memory.
 */
char *collect_find_rollout(const char *sessions_dir, const char *id,
                           int64_t time_ms);

#endif
