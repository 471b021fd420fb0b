/*
 * codec: the JSON text of documents and log lines, read and written fast.
 *
 * A hook event reads and rewrites whole documents, so turning text into
 * jansson values and back is most of what an event costs beyond its file
 * work (docs/performance.md).  json_loadb and json_dumps are general and
 * slow at it (a character at a time, printf and strtod for every real);
 * this module does the same for what the tools write, and leaves anything
 * unusual to jansson:
 *
 *	doc = codec_load(buf, len);        // like json_loadb(buf, len, 0, NULL)
 *	text = codec_dump(doc, &len);      // like json_dumps(doc, JSON_COMPACT)
 *	free(text);
 *
 * codec_load() accepts exactly what json_loadb(buf, len, 0, NULL) accepts
 * when the top-level value is an object, and gives the same values: on
 * anything it does not handle itself (a top-level array, deep nesting, a
 * number that does not fit, "\u0000", invalid UTF-8, a syntax error) it
 * hands the whole text to json_loadb.  NULL: not valid JSON (or no memory).
 *
 * codec_dump() writes compact JSON (no spaces), object members in their
 * insertion order, strings escaped as json_dumps does.  Reals are written
 * in the shortest decimal form that reads back as the same double, with a
 * "." or an exponent so that they read back as reals: "12.3" where
 * json_dumps writes "12.300000000000001".  Returns a new NUL-terminated
 * string (length in *len) that the caller frees with free(), or NULL when
 * out of memory or doc holds a string that is not valid UTF-8.
 *
 * Assumption: LC_NUMERIC is "C" (the tools never set it), so that strtod
 * and snprintf use "." for reals; a real that strtod does not read whole is
 * left to json_loadb all the same.
 */
#ifndef COMMON_CODEC_H
#define COMMON_CODEC_H

#include <jansson.h>
#include <stddef.h>

json_t *codec_load(const char *buf, size_t len);

char *codec_dump(const json_t *json, size_t *len);

/*
 * Lazy maps.  A hook event changes one entry of a document's big maps (a
 * session among a hundred, one date of daily_stats), yet reading every
 * entry into values and writing them back again is what an event costs
 * beyond its file work once the documents are full.  codec_load_lazy()
 * reads the members named in names that are objects ("sessions": member
 * of the top-level object; "summary.command_types": member of its member
 * "summary") as a lazy map: its entries are checked and indexed, not read.
 * In its place the document holds an empty object, the map's holder, which
 * receives the entries asked for or set through codec_map_*();
 * codec_dump_lazy() writes the others back as their text, in place.
 *
 *	doc = codec_load_lazy(buf, len, names, &lazy);  // buf outlives lazy
 *	m = codec_lazy_map(lazy, json_object_get(doc, "sessions"));
 *	codec_map_get(m, "s1", &s);                     // s to read or change
 *	codec_map_set_new(m, "s2", json_object());
 *	text = codec_dump_lazy(doc, lazy, &len);
 *	codec_lazy_free(lazy);
 *	json_decref(doc);
 *
 * Equivalence.  A document is accepted or refused exactly as by
 * codec_load(): anything codec_load() would leave to json_loadb (or a key
 * repeated in a lazy map) makes codec_load_lazy() read the whole document
 * as codec_load() does, with *lazy NULL (also NULL when no map was found).
 * The entries behave as the members of a jansson object: codec_dump_lazy()
 * writes what codec_dump() would write of the same document read whole,
 * members in the same order (an entry set keeps its place, a new one goes
 * last, a deleted one goes), except that an entry never taken is written
 * as its text was.  Text that codec_dump() wrote is written back the same.
 *
 * Rule: a holder's entries are read and changed through codec_map_*()
 * only: json_object_get() on a holder sees only the entries taken so far.
 *
 * Errors: the int functions return -1 when out of memory (and
 * codec_map_del when key is absent); NULL from codec_load_lazy as from
 * codec_load.  codec_lazy_map() returns a map borrowed from lazy, or NULL
 * when map is no holder of lazy.  lazy keeps a reference to each holder.
 */
struct codec_lazy;
struct codec_map;

json_t *codec_load_lazy(const char *buf, size_t len,
			const char *const *names, struct codec_lazy **lazy);
/*
 * codec_load_lazy() for text known to be, unchanged, what codec_dump() or
 * codec_dump_lazy() wrote: the entries of lazy maps are not checked, only
 * bounded (strings and nesting followed).  On text that is not such, an
 * entry may fail to read later (codec_map_get gives -1) or text be copied
 * through unchecked: callers must prove where the text comes from.
 */
json_t *codec_load_trusted(const char *buf, size_t len,
			   const char *const *names, struct codec_lazy **lazy);
char *codec_dump_lazy(const json_t *json, struct codec_lazy *lazy,
		      size_t *len);
void codec_lazy_free(struct codec_lazy *lazy);
struct codec_map *codec_lazy_map(struct codec_lazy *lazy, const json_t *map);

/* The entry key (borrowed) into *value, NULL when there is none. */
int codec_map_get(struct codec_map *m, const char *key, json_t **value);
/* Set entry key to value, stealing the reference (json_object_set_new). */
int codec_map_set_new(struct codec_map *m, const char *key, json_t *value);
int codec_map_del(struct codec_map *m, const char *key);
size_t codec_map_size(const struct codec_map *m);
/*
 * Call fn for every key, in the order codec_dump_lazy() writes them,
 * until it returns non-zero (returned); fn must not change the map.
 */
int codec_map_each(struct codec_map *m,
		   int (*fn)(const char *key, void *ctx), void *ctx);
/*
 * A new reference to member of the object entry key into *value (NULL:
 * no such entry or member), reading that member only.
 */
int codec_map_peek(struct codec_map *m, const char *key, const char *member,
		   json_t **value);
/* Read every entry into the holder, in order: from now on a plain object. */
int codec_map_whole(struct codec_map *m);
int codec_lazy_whole(struct codec_lazy *lazy);

/*
 * Write the shortest form of the finite real v (see above) into buf, which
 * holds at least CODEC_REAL_MAX bytes; returns its length.
 */
#define CODEC_REAL_MAX 32
size_t codec_real(double v, char *buf);

#endif
