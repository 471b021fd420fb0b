/*
 * prices: an estimated cost of tokens (docs/design.md §5a), from the price
 * file CODEX_ANALYTICS_PRICES, model name → USD per million tokens:
 *	{"gpt-5.1-codex": {"input": 1.25, "cached_input": 0.125, "output": 10}}
 * "cached_input" and "cache_write_input" default to the input price.
 * Members that are not objects (a "date", a note) are ignored.  Nothing is
 * ever fetched.
 *
 *	json_t *p = prices_load(path, &err);       // new reference, or NULL
 *	if (prices_cost(p, model, &tokens, &usd))  // 1: model has a price
 */
#ifndef TRACK_USAGE_PRICES_H
#define TRACK_USAGE_PRICES_H

#include <jansson.h>

#include "error.h"
#include "tokens.h"

json_t *prices_load(const char *path, struct error *err);

int prices_cost(const json_t *prices, const char *model, const struct tokens *t,
                double *usd);

/*
 * The cost of every model of a tokens_by_model map; *unpriced gets how
 * many models with tokens have no price.
 */
double prices_total(const json_t *prices, const json_t *by_model,
                    int *unpriced);

#endif
