/*
 * tally: name-keyed counts with a bound on the number of names.
 *
 * A tally is a JSON object {name: count} such as "most_used_commands".
 * Nothing in a document may grow with history (docs/design.md §4), so a tally
 *holds at most TALLY_MAX_NAMES names besides TALLY_OTHER; once it is full, a
 *new name counts under TALLY_OTHER instead.  Names already present keep
 * counting under their own name.
 *
 *	tally_add(summary_commands, "git", 1);        // {"git": 1}
 *	n = tally_top(map, top, 10);                  // the 10 largest
 *
 * A map whose values are objects rather than counts (perf-metrics'
 * commands) uses tally_key() to pick the member to update.
 *
 * Errors: tally_add() returns -1 only when out of memory.  Nothing here
 * prints, and nothing allocates that the caller must free, apart from what
 * tally_top() writes into the caller's array (borrowed pointers).
 */
#ifndef COMMON_TALLY_H
#define COMMON_TALLY_H

#include <jansson.h>
#include <stddef.h>

#define TALLY_MAX_NAMES 1000
#define TALLY_OTHER "(other)"

/*
 * The member of map that name counts under: name itself when map holds it
 * or still has room, else TALLY_OTHER.  Returns name or TALLY_OTHER.
 */
const char *tally_key(const json_t *map, const char *name);

/* Add n to the count of name in map (see tally_key); 0, or -1: no memory. */
int tally_add(json_t *map, const char *name, json_int_t n);

struct tally_entry {
	const char *name; /* borrowed from the map */
	json_int_t count;
};

/*
 * The at most max members of map with the largest integer counts, into
 * top[]: by count, largest first, ties by name (byte order), so the order
 * never depends on the hash.  Members that are not integers are skipped.
 * Returns how many were written.
 */
size_t tally_top(const json_t *map, struct tally_entry *top, size_t max);

#endif
