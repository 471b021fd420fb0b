/*
 * collect: the "tokens" and "limits" log records one event brings
 * (docs/design.md §5a, §5d).
 *
 * Two sources, never both for one session: Codex's PostModelRequest hands
 * the hook the call's usage (ev->token_usage), which marks the session as
 * counted from its hooks; otherwise, at task_complete and session_end, the
 * agent's transcript (ev->transcript_path, or for Codex notify the rollout
 * found by thread id under $CODEX_HOME/sessions/YYYY/MM/DD/) gives what it
 * gained since the last read, one record per model, and one "limits"
 * record of the last rate_limits snapshot read (read for sessions counted
 * from hooks too).  The read cursors live in COLLECT_STATE in the data
 * directory.
 *
 * Under the store's lock, after the event is logged:
 *	c = collect_new(&ev, docs, dirfd, &err);    // NULL: no memory or err
 *	store_append(st, collect_records(c), ...);
 *	collect_save(c, &err);  // after the records are durable; -1: warn,
 *	collect_free(c);        // the next read counts those lines again
 * A transcript that cannot be read does not fail the event: no records,
 * and collect_warning() says why.
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

#endif
