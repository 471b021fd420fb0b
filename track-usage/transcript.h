/*
 * transcript: the token usage an agent's transcript gained since the last
 * read (docs/design.md §5a).
 *
 * A transcript is a JSON Lines file the agent appends to: a Codex rollout
 * (turn_context lines name the model, event_msg/token_count lines give
 * usage) or a Claude Code session (assistant lines with message.usage).
 * Reads are incremental: a cursor, a small JSON object the caller keeps per
 * session in its state file, remembers where the last read stopped and the
 * little it must know across reads:
 *	{"file", "offset", "skip", "model", "total", "message", "counted"}
 * (the current Codex model, the last Codex total_token_usage, the last
 * Claude message.id/requestId and what was counted of it).  Nothing else of
 * the transcript is kept anywhere.
 *
 *	json_t *cursor = json_object();              // or the state file's
 *	struct transcript_usage u;
 *	transcript_usage_init(&u);
 *	if (transcript_read(path, cursor, &u, &err) == -1) ...   // warn only
 *	for (i = 0; i < u.n; i++) ... u.model[i].name, u.model[i].tokens
 *
 * transcript_read() reads at most TRANSCRIPT_READ_MAX bytes after the
 * cursor's offset, complete lines only, through a buffer of
 * TRANSCRIPT_LINE_MAX bytes: lines longer than that, and lines that cannot
 * hold usage, are skipped without being parsed.  It also stops, at a whole
 * buffer, after TRANSCRIPT_READ_MS of work (an agent kills a slow hook):
 * the next read goes on from there.  A missing file reads as
 * empty (0); a file shorter than the offset was replaced or truncated: the
 * cursor moves to its end, and nothing is counted twice.  -1 with err on a
 * failed read; the cursor is then unchanged.
 *
 * transcript_scan() is the pure part, for tests: it applies a buffer of
 * lines (a last line without a newline counts as complete) to the cursor.
 */
#ifndef TRACK_USAGE_TRANSCRIPT_H
#define TRACK_USAGE_TRANSCRIPT_H

#include <jansson.h>
#include <stddef.h>

#include "error.h"
#include "tokens.h"

#define TRANSCRIPT_READ_MAX (64L << 20)
#define TRANSCRIPT_READ_MS 300
#define TRANSCRIPT_LINE_MAX (1L << 20)
#define TRANSCRIPT_MODELS_MAX                                                  \
	8 /* models in one read; more count as "(other)" */
#define TRANSCRIPT_MODEL_LEN 128
#define TRANSCRIPT_KEY_LEN 17 /* a transcript's key: 16 hex digits */

/* The usage of one read, per model, in the order the models appeared. */
struct transcript_usage {
	size_t n;
	struct {
		char name[TRANSCRIPT_MODEL_LEN];
		struct tokens tokens;
	} model[TRANSCRIPT_MODELS_MAX];
};

void transcript_usage_init(struct transcript_usage *u);

/*
 * The key a cursor names its transcript by ("file"): a hash of the path,
 * which is never kept (a Claude Code transcript's path spells out the
 * project's directory).
 */
void transcript_file_key(const char *path, char key[TRANSCRIPT_KEY_LEN]);

int transcript_read(const char *path, json_t *cursor,
                    struct transcript_usage *u, struct error *err);

/* transcript_read() with a time budget of budget_ms (tests). */
int transcript_read_budget(const char *path, json_t *cursor,
                           struct transcript_usage *u, long budget_ms,
                           struct error *err);

/* Apply len bytes of lines to cursor, adding their usage to u; -1: no memory.
 */
int transcript_scan(json_t *cursor, const char *buf, size_t len,
                    struct transcript_usage *u);

#endif
