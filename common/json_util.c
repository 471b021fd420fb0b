#include "json_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **json_util_sorted_keys(const json_t *obj, json_type type, size_t *n)
{
	const char **keys = calloc(json_object_size(obj) + 1, sizeof(*keys));
	const char *key;
	json_t *v;

	*n = 0;
	if (keys == NULL)
		return NULL;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (json_typeof(v) == type)
			keys[(*n)++] = key;
	}
	qsort(keys, *n, sizeof(*keys), by_key);
	return keys;
}

int json_util_print(FILE *out, const json_t *o)
{
	if (o == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (json_dumpf(o, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) == -1)
		return -1;
	return fputc('\n', out) == EOF ? -1 : 0;
}
