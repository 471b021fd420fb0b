/*
 * Rules of this file:
 * - A price must be a number >= 0; a model whose prices are not all valid
 *   has no price, so a typo shows as "no price" rather than a wrong cost.
 */
#include "prices.h"

#include "json_util.h"

json_t *prices_load(const char *path, struct error *err)
{
	json_error_t jerr;
	json_t *p = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (p == NULL) {
		error_set(err, 0, "cannot read the price file '%.200s': %s",
		          path, jerr.text);
		return NULL;
	}
	if (!json_is_object(p)) {
		error_set(
		    err, 0,
		    "'%.200s' is not a price file (a JSON object of models)",
		    path);
		json_decref(p);
		return NULL;
	}
	return p;
}

/* Price member key of a model, or dflt when absent; -1 when invalid. */
static double price(const json_t *model, const char *key, double dflt)
{
	const json_t *v = json_object_get(model, key);
	double d;

	if (v == NULL)
		return dflt;
	d = json_number_value(v);
	return json_is_number(v) && d >= 0 && d < 1e9 ? d : -1;
}

int prices_cost(const json_t *prices, const char *model, const struct tokens *t,
                double *usd)
{
	const json_t *m = json_object_get(prices, model);
	double in = price(m, "input", -1);
	double cached = price(m, "cached_input", in);
	double write = price(m, "cache_write_input", in);
	double out = price(m, "output", -1);
	json_int_t plain = t->input - t->cached_input - t->cache_write_input;

	if (!json_is_object(m) || in < 0 || cached < 0 || write < 0 || out < 0)
		return 0;
	if (plain < 0)
		plain = 0;
	*usd =
	    ((double)plain * in + (double)t->cached_input * cached +
	     (double)t->cache_write_input * write + (double)t->output * out) /
	    1e6;
	return 1;
}

double prices_total(const json_t *prices, const json_t *by_model, int *unpriced)
{
	const char *model;
	struct tokens n;
	double sum = 0, usd;
	json_t *v;

	*unpriced = 0;
	json_object_foreach((json_t *)by_model, model, v)
	{
		tokens_from_json(&n, v);
		if (prices_cost(prices, model, &n, &usd))
			sum += usd;
		else if (n.total > 0)
			(*unpriced)++;
	}
	return sum;
}
