/*
 * transcript: the token usage an agent's transcript gained since the last
 * read (docs/design.md §5a).
 *
 * A transcript is a JSON Lines file the agent appends to: a Codex rollout
 * (turn_context lines name the model, token_count lines give usage and
 * the plan's rate limits) or a
 * Claude Code session (assistant lines with message.usage).  A cursor, a
 * small object the caller keeps per session, remembers where the last read
 * stopped and the little it must know across reads:
 *	{"file", "offset", "skip", "model", "total", "message", "counted"}
 * Nothing else of the transcript is kept anywhere.
 *
 *	transcript_usage_init(&u);
 *	if (transcript_read(path, cursor, &u, &err) == -1) ...   // warn only
 *	for (i = 0; i < u.n; i++) ... u.model[i].name, u.model[i].tokens
 *
 * A read takes at most TRANSCRIPT_READ_MAX bytes of complete lines, or
 * TRANSCRIPT_READ_MS of work (an agent kills a slow hook); the next read
 * goes on from there.  Lines over TRANSCRIPT_LINE_MAX, and lines that
 * cannot hold usage, are skipped unparsed.  A missing file reads as empty;
 * one shorter than the offset was replaced: the cursor moves to its end.
 * -1 with err on a failed read, the cursor unchanged.
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
#define TRANSCRIPT_MODELS_MAX 8 /* in one read; more count as "(other)" */
#define TRANSCRIPT_MODEL_LEN 128
#define TRANSCRIPT_KEY_LEN 17 /* a transcript's key: 16 hex digits */

/*
 * The usage of one read, per model, in the order the models appeared, and
 * the last Codex rate_limits snapshot that was not null (§5d; a new
 * reference: transcript_usage_release()).
 */
struct transcript_usage {
	size_t n;
	struct {
		char name[TRANSCRIPT_MODEL_LEN];
		struct tokens tokens;
	} model[TRANSCRIPT_MODELS_MAX];
	json_t *rate_limits;
};

void transcript_usage_init(struct transcript_usage *u);

void transcript_usage_release(struct transcript_usage *u);

/*
 * The key a cursor names its transcript by ("file"): a hash of the path,
 * which is never kept (a Claude Code path spells out the project's).
 */
void transcript_file_key(const char *path, char key[TRANSCRIPT_KEY_LEN]);

int transcript_read(const char *path, json_t *cursor,
                    struct transcript_usage *u, struct error *err);

/* transcript_read() with a time budget of budget_ms (tests). */
int transcript_read_budget(const char *path, json_t *cursor,
                           struct transcript_usage *u, long budget_ms,
                           struct error *err);

/*
 * The pure part, for tests: apply len bytes of lines to cursor (a last
 * line without a newline counts as complete); -1: no memory.
 */
int transcript_scan(json_t *cursor, const char *buf, size_t len,
                    struct transcript_usage *u);

#endif
