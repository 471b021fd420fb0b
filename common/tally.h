/*
 * tally: name-keyed counts with a bound on the number of names.
 *
 * A tally is a JSON object {name: count} such as "most_used_commands".
 * Nothing in a document may grow with history (docs/design.md §4): a tally
 * holds at most TALLY_MAX_NAMES names besides TALLY_OTHER, under which new
 * names count once it is full.
 *
 *	tally_add(summary_commands, "git", 1);        // {"git": 1}
 *	n = tally_top(map, top, 10);                  // the 10 largest
 *
 * Nothing here allocates; tally_add() fails (-1) only when out of memory.
 */
#ifndef COMMON_TALLY_H
#define COMMON_TALLY_H

#include <jansson.h>
#include <stddef.h>

#define TALLY_MAX_NAMES 1000
#define TALLY_OTHER "(other)"

/*
 * The member name counts under: name when map holds it or has room, else
 * TALLY_OTHER.  For maps whose values are objects (perf-metrics' commands).
 */
const char *tally_key(const json_t *map, const char *name);

int tally_add(json_t *map, const char *name, json_int_t n);

struct tally_entry {
	const char *name; /* borrowed from the map */
	json_int_t count;
};

/*
 * The at most max members with the largest integer counts into top[],
 * largest first, ties by name, so the order never depends on the hash.
 * Returns how many.
 */
size_t tally_top(const json_t *map, struct tally_entry *top, size_t max);

#endif
