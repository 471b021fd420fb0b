/*
 * input: read an agent's JSON payload from stdin without ever hanging.
 *
 * Rules (docs/design.md §2): stdin is read only when it is a pipe, a socket
 * or a regular file, never a TTY.  The first byte must come within first_ms;
 * after that reading goes on until EOF or until the bytes read so far hold
 * one complete JSON value, at most total_ms in all.  At most cap bytes are
 * kept; anything beyond is read and dropped (so the writer never blocks on a
 * full pipe).  A pipe that stays open is given up on at the deadline: that is
 * not an error.  in.truncated says the payload was cut, by the cap or by the
 * deadline: the bytes kept are the start of a value whose end was not read.
 *
 * Calling sequence: struct input in; input_read(0, &opts, &in, &err); ...;
 * input_release(&in).  in.buf is NUL-terminated and owned by in.
 */
#ifndef COMMON_INPUT_H
#define COMMON_INPUT_H

#include <stddef.h>

#include "error.h"

struct input_options {
	int first_ms; /* wait for the first byte; default 200 */
	int total_ms; /* whole read; default 2000 */
	size_t cap;   /* bytes kept; default 16 MiB */
};

struct input {
	char *buf; /* NUL-terminated, NULL when nothing was read */
	size_t len;
	int truncated; /* cut: more than cap bytes, or total_ms ran out
	                * before the value was complete */
};

/* Defaults as above. */
void input_options_default(struct input_options *opts);

/* Returns 0 (also when nothing was read) or -1 on a read error. */
int input_read(int fd, const struct input_options *opts, struct input *in,
               struct error *err);

void input_release(struct input *in);

#endif
