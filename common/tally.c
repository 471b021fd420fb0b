/*
 * Rules of this file:
 * - A full tally has TALLY_MAX_NAMES + 1 members, TALLY_OTHER included.
 * - tally_top() keeps the best max by insertion: no allocation, and cheap
 *   for the small max reports use.
 */
#include "tally.h"

#include <string.h>

const char *tally_key(const json_t *map, const char *name)
{
	size_t names = json_object_size(map);

	if (json_object_get(map, name) != NULL)
		return name;
	if (json_object_get(map, TALLY_OTHER) != NULL)
		names--;
	return names < TALLY_MAX_NAMES ? name : TALLY_OTHER;
}

int tally_add(json_t *map, const char *name, json_int_t n)
{
	const char *key = tally_key(map, name);
	json_int_t now = json_integer_value(json_object_get(map, key));

	return json_object_set_new(map, key, json_integer(now + n));
}

/* 1 when a ranks before b: larger count, then smaller name. */
static int before(const struct tally_entry *a, const struct tally_entry *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	return strcmp(a->name, b->name) < 0;
}

size_t tally_top(const json_t *map, struct tally_entry *top, size_t max)
{
	struct tally_entry e;
	const char *name;
	json_t *v;
	size_t n = 0, i;

	if (max == 0)
		return 0;
	json_object_foreach((json_t *)map, name, v)
	{
		if (!json_is_integer(v))
			continue;
		e.name = name;
		e.count = json_integer_value(v);
		if (n == max && !before(&e, &top[n - 1]))
			continue;
		if (n < max)
			n++;
		/* Shift worse entries down one place; the last drops out. */
		for (i = n - 1; i > 0 && before(&e, &top[i - 1]); i--)
			top[i] = top[i - 1];
		top[i] = e;
	}
	return n;
}
