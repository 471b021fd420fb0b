/*
 * input: read an agent's JSON payload from stdin without ever hanging
 * (docs/design.md §2).
 *
 * Only a pipe, a socket or a regular file is read, never a TTY.  The first
 * byte must come within first_ms; reading then goes on until EOF or until
 * the bytes hold one complete JSON value, total_ms at most: a pipe left
 * open is given up at the deadline, which is no error.  At most cap bytes
 * are kept, the rest read and dropped (a writer never blocks).
 *
 *	input_read(0, &opts, &in, &err);   // -1 only on a read error
 *	... in.buf (NUL-terminated, NULL when nothing was read) ...
 *	input_release(&in);
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
	char *buf;
	size_t len;
	int truncated; /* cut by the cap or the deadline: the start of a
	                * value whose end was not read */
};

void input_options_default(struct input_options *opts);

int input_read(int fd, const struct input_options *opts, struct input *in,
               struct error *err);

void input_release(struct input *in);

#endif
