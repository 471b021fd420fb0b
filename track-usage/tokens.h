/*
 * tokens: token counts, normalised (docs/design.md §5a).
 *
 * Each agent reports usage in its own shape; struct tokens is the one the
 * documents keep, as {input, cached_input, ...} objects:
 *	input             all input tokens, cached ones included
 *	cached_input      input tokens read from the prompt cache
 *	cache_write_input input tokens written to the prompt cache
 *	output            output tokens (Codex counts reasoning in them)
 *	reasoning_output  Codex's reasoning tokens, informational
 *	total             input + output
 * A count that is missing, negative or not an integer reads as 0.
 */
#ifndef TRACK_USAGE_TOKENS_H
#define TRACK_USAGE_TOKENS_H

#include <jansson.h>

struct tokens {
	json_int_t input;
	json_int_t cached_input;
	json_int_t cache_write_input;
	json_int_t output;
	json_int_t reasoning_output;
	json_int_t total;
};

/* The keys of struct tokens, in its order, as the documents name them. */
extern const char *const tokens_keys[6];

/* Codex's usage (rollout token_count, PostModelRequest token_usage). */
void tokens_from_codex(struct tokens *t, const json_t *usage);

/* Claude Code's message.usage. */
void tokens_from_claude(struct tokens *t, const json_t *usage);

/* A document's {input, cached_input, ...} object. */
void tokens_from_json(struct tokens *t, const json_t *o);

/* A new {input, cached_input, ...} object, or NULL: no memory. */
json_t *tokens_json_new(const struct tokens *t);

/* Add t to the counts of object o (missing start at 0); -1: no memory. */
int tokens_add_json(json_t *o, const struct tokens *t);

void tokens_add(struct tokens *sum, const struct tokens *t);

/* *d = a - b, member by member, none below 0. */
void tokens_sub(struct tokens *d, const struct tokens *a,
                const struct tokens *b);

int tokens_zero(const struct tokens *t);

#endif
