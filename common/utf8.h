/*
 * utf8: the one UTF-8 decoder, and cuts that keep characters whole.
 *
 * Strings may hold anything: bytes that start no well-formed character
 * (stray continuation, overlong form, surrogate, past U+10FFFF, cut short)
 * are never an error.  utf8_next() calls them UTF8_BAD; the cuts replace
 * each such byte by '?', and utf8_chars() counts each as one.
 *
 *	for (const char *p = s; *p != '\0'; p += utf8_next(p, &cp))
 *		width += columns_of(cp);
 *	char *name = utf8_cut(s, 128);   // a new string: free(name)
 */
#ifndef COMMON_UTF8_H
#define COMMON_UTF8_H

#include <stddef.h>

#define UTF8_BAD 0x110000UL /* past Unicode: bytes that are no character */

/*
 * Length (1-4) of the character at s (not at its NUL), its code point in
 * *cp.  Bad bytes: UTF8_BAD, over the lead byte and the continuation bytes
 * it announced, as a terminal shows one replacement character for them.
 */
size_t utf8_next(const char *s, unsigned long *cp);

size_t utf8_chars(const char *s);

/*
 * At most max bytes of s into out (max + 1 bytes), cut to a whole
 * character, bad bytes and control characters (C0, DEL, C1) made '?'.
 * Returns the length written.
 */
size_t utf8_cut_into(char *out, const char *s, size_t max);

/* utf8_cut_into() into a new string; NULL when out of memory (or s NULL). */
char *utf8_cut(const char *s, size_t max);

/*
 * s as a message may quote it, cut into buf (len bytes), so that no
 * argument or setting can write escape sequences to a terminal.
 */
const char *utf8_shown(const char *s, char *buf, size_t len);

#endif
