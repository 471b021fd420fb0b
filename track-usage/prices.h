/*
 * prices: an estimated cost of tokens from a price file (docs/design.md §5a).
 *
 * The file is CODEX_ANALYTICS_PRICES: a JSON object, model name → USD per
 * million tokens,
 *	{"gpt-5.1-codex": {"input": 1.25, "cached_input": 0.125, "output": 10}}
 * with optional "cache_write_input" (else the input price) and
 * "cached_input" (else the input price).  Members whose value is not an
 * object (a "date" or a note) are ignored.  Nothing is ever fetched.
 *
 *	json_t *p = prices_load(path, &err);       // new reference, or NULL
 *	if (prices_cost(p, model, &tokens, &usd))  // 1: model has a price
 *
 * Input tokens are priced as three parts: cached (cached_input), written
 * to the cache (cache_write_input) and the rest (input).
 */
#ifndef TRACK_USAGE_PRICES_H
#define TRACK_USAGE_PRICES_H

#include <jansson.h>

#include "error.h"
#include "tokens.h"

/* The price file at path; NULL with err when it cannot be read or is not a
 * price file. */
json_t *prices_load(const char *path, struct error *err);

/* The cost of t on model in USD into *usd: 1, or 0 when model has no price. */
int prices_cost(const json_t *prices, const char *model, const struct tokens *t,
                double *usd);

#endif
