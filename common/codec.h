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
 * Write the shortest form of the finite real v (see above) into buf, which
 * holds at least CODEC_REAL_MAX bytes; returns its length.
 */
#define CODEC_REAL_MAX 32
size_t codec_real(double v, char *buf);

#endif
