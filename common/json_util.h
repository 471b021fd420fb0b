/*
 * json_util: lenient reads of object members, for code that takes a
 * missing or mistyped member (a hand-edited document) as 0, NULL or a
 * default; and the keys of an object in byte order, so that output never
 * depends on jansson's hash order.
 */
#ifndef COMMON_JSON_UTIL_H
#define COMMON_JSON_UTIL_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * v, an array of *cap elements of size bytes with n in use, with room for
 * one more: moved when it was full (capacity doubled, first to start
 * with).  NULL when memory ran out, v then unchanged.
 */
static inline void *array_grow(void *v, size_t n, size_t *cap, size_t size,
                               size_t first)
{
	size_t more = *cap ? *cap * 2 : first;

	if (n < *cap)
		return v;
	v = realloc(v, more * size);
	if (v != NULL)
		*cap = more;
	return v;
}

static inline const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static inline const char *str_or(const json_t *o, const char *key,
                                 const char *dflt)
{
	const char *s = str(o, key);

	return s != NULL ? s : dflt;
}

static inline double num(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static inline json_int_t integer(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/*
 * o as a report prints it, and a newline: indented, reals to 15 digits
 * (95.2, not 95.200000000000003).  -1 when writing fails, or with errno
 * ENOMEM when o is NULL (the report could not be built).
 */
int json_util_print(FILE *out, const json_t *o);

/*
 * The keys of obj whose values are of type, sorted, in a new array of
 * borrowed keys (free it); *n gets how many.  NULL when out of memory.
 */
const char **json_util_sorted_keys(const json_t *obj, json_type type,
                                   size_t *n);

#endif
