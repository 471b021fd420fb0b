/*
 * A user typing at a terminal is never waited for: input_read() on a
 * terminal returns at once with no payload, whatever is typed.  Its own
 * program, not a Check case, so that a machine without pseudo-terminals
 * reports a skip (exit 77), never a pass.
 */
#define _XOPEN_SOURCE 600
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "input.h"

#define SKIP 77

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int fail(const char *what)
{
	fprintf(stderr, "FAIL unit.tty: %s\n", what);
	return EXIT_FAILURE;
}

int main(void)
{
	struct input_options o = {1000, 2000, 1024 * 1024};
	struct input in = {0};
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
	int64_t start;

	if (master == -1) {
		fprintf(stderr, "unit.tty: no pseudo-terminal here: skipped\n");
		return SKIP;
	}
	if (grantpt(master) == -1 || unlockpt(master) == -1 ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) == -1)
		return fail("cannot open the pseudo-terminal's other end");
	if (write(master, "{}\n", 3) != 3)
		return fail("cannot type into the terminal");
	start = mono_ms();
	if (input_read(slave, &o, &in, NULL) != 0)
		return fail("input_read failed on a terminal");
	if (mono_ms() - start >= 100)
		return fail("input_read waited for a terminal");
	if (in.buf != NULL)
		return fail("input_read took what was typed as a payload");
	return EXIT_SUCCESS;
}
