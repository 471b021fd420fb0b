/*
 * Rules of this file:
 * - total is always input + output (docs/design.md §5a): Codex's
 *   total_tokens is the same sum, Claude Code reports none.
 * - Counts read are clamped to TOKENS_MAX and sums to TOKENS_SUM_MAX: a
 *   hostile transcript cannot make a sum overflow.
 */
#include "tokens.h"

#include <stddef.h>

#define TOKENS_MAX ((json_int_t)1 << 52)     /* one count read */
#define TOKENS_SUM_MAX ((json_int_t)1 << 60) /* a sum of counts */

const char *const tokens_keys[6] = {
    "input",  "cached_input",     "cache_write_input",
    "output", "reasoning_output", "total",
};

/* Member key of o as a count. */
static json_int_t count(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v < 0 ? 0 : v > TOKENS_MAX ? TOKENS_MAX : v;
}

/* The members of struct tokens in the order of tokens_keys. */
static const size_t offsets[6] = {
    offsetof(struct tokens, input),
    offsetof(struct tokens, cached_input),
    offsetof(struct tokens, cache_write_input),
    offsetof(struct tokens, output),
    offsetof(struct tokens, reasoning_output),
    offsetof(struct tokens, total),
};

static json_int_t get(const struct tokens *t, size_t i)
{
	return *(const json_int_t *)((const char *)t + offsets[i]);
}

static void set(struct tokens *t, size_t i, json_int_t v)
{
	*(json_int_t *)((char *)t + offsets[i]) = v;
}

void tokens_from_codex(struct tokens *t, const json_t *usage)
{
	t->input = count(usage, "input_tokens");
	t->cached_input = count(usage, "cached_input_tokens");
	t->cache_write_input = count(usage, "cache_write_input_tokens");
	t->output = count(usage, "output_tokens");
	t->reasoning_output = count(usage, "reasoning_output_tokens");
	t->total = t->input + t->output;
}

void tokens_from_claude(struct tokens *t, const json_t *usage)
{
	t->cached_input = count(usage, "cache_read_input_tokens");
	t->cache_write_input = count(usage, "cache_creation_input_tokens");
	t->input = count(usage, "input_tokens") + t->cached_input +
	           t->cache_write_input;
	t->output = count(usage, "output_tokens");
	t->reasoning_output = 0;
	t->total = t->input + t->output;
}

void tokens_from_json(struct tokens *t, const json_t *o)
{
	for (size_t i = 0; i < 6; i++)
		set(t, i, count(o, tokens_keys[i]));
	t->total = t->input + t->output;
}

json_t *tokens_json_new(const struct tokens *t)
{
	json_t *o = json_object();

	if (o != NULL && tokens_add_json(o, t) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int tokens_add_json(json_t *o, const struct tokens *t)
{
	struct tokens now;
	int bad = 0;

	tokens_from_json(&now, o);
	tokens_add(&now, t);
	for (size_t i = 0; i < 6; i++)
		bad |= json_object_set_new(o, tokens_keys[i],
		                           json_integer(get(&now, i)));
	return bad ? -1 : 0;
}

void tokens_add(struct tokens *sum, const struct tokens *t)
{
	json_int_t v;

	/* Both terms are at most 2^60 here: the sum cannot overflow. */
	for (size_t i = 0; i < 6; i++) {
		v = get(sum, i) + get(t, i);
		set(sum, i, v > TOKENS_SUM_MAX ? TOKENS_SUM_MAX : v);
	}
}

void tokens_sub(struct tokens *d, const struct tokens *a,
                const struct tokens *b)
{
	json_int_t v;

	for (size_t i = 0; i < 6; i++) {
		v = get(a, i) - get(b, i);
		set(d, i, v < 0 ? 0 : v);
	}
	d->total = d->input + d->output;
}

int tokens_zero(const struct tokens *t)
{
	for (size_t i = 0; i < 6; i++) {
		if (get(t, i) != 0)
			return 0;
	}
	return 1;
}
