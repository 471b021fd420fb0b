/*
 * Rules of this file (docs/design.md §2):
 * - A pipe or socket is read only when poll() says so, and O_NONBLOCK is
 *   never set: stdin's open file description may be shared with the agent
 *   or a shell, whose flags would change too (a socket: MSG_DONTWAIT).
 * - Deadlines run on the monotonic clock from the call, and total_ms holds
 *   even while bytes keep coming (a writer faster than a hook under
 *   valgrind).  Missing them is no error.
 * - Cut by the cap or by total_ms alike: truncated, and the parser salvages
 *   the members before the cut.
 * - Reading stops at EOF or once the bytes hold one complete object or
 *   array: Claude Code writes its JSON and a newline to a socket it may
 *   keep open.  The scanner only counts brackets outside strings; jansson
 *   judges the bytes later, and it sees the bytes dropped over the cap too.
 */
#include "input.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "timeutil.h"

#define DEFAULT_FIRST_MS 200
#define DEFAULT_TOTAL_MS 2000
#define DEFAULT_CAP (16u << 20)
#define FIRST_ALLOC 4096
#define DRAIN_SIZE 65536

/* Where a bracket-counting look at the bytes so far has got to. */
struct scan {
	int depth;
	int in_string;
	int escape;
	int scalar;   /* the value is not an object or array: wait for EOF */
	int complete; /* one object or array has been closed */
};

struct reader {
	struct input *in;
	size_t size; /* allocated bytes of in->buf */
	size_t cap;
	struct scan scan;
};

void input_options_default(struct input_options *opts)
{
	opts->first_ms = DEFAULT_FIRST_MS;
	opts->total_ms = DEFAULT_TOTAL_MS;
	opts->cap = DEFAULT_CAP;
}

static void scan_feed(struct scan *sc, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !sc->complete && !sc->scalar; i++) {
		char c = p[i];

		if (sc->in_string) {
			if (sc->escape)
				sc->escape = 0;
			else if (c == '\\')
				sc->escape = 1;
			else if (c == '"')
				sc->in_string = 0;
			continue;
		}
		switch (c) {
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			break;
		case '{':
		case '[':
			sc->depth++;
			break;
		case '}':
		case ']':
			if (sc->depth > 0 && --sc->depth == 0)
				sc->complete = 1;
			break;
		case '"':
			if (sc->depth > 0)
				sc->in_string = 1;
			else
				sc->scalar = 1;
			break;
		default:
			if (sc->depth == 0)
				sc->scalar = 1;
			break;
		}
	}
}

/* Room for at least one more byte kept (and the NUL); -1 when out of memory. */
static int grow(struct reader *r)
{
	size_t size;
	char *buf;

	if (r->in->len + 1 < r->size)
		return 0;
	size = r->size == 0 ? FIRST_ALLOC : r->size * 2;
	if (size > r->cap + 1 || size < r->size)
		size = r->cap + 1;
	buf = realloc(r->in->buf, size);
	if (buf == NULL)
		return -1;
	r->in->buf = buf;
	r->size = size;
	return 0;
}

/*
 * One read(); returns the byte count, 0 at EOF, -1 with errno.  Bytes go
 * into the buffer while under the cap, else into a scratch buffer and away.
 */
static ssize_t read_some(struct reader *r, int fd, int socket)
{
	char drain[DRAIN_SIZE];
	char *dst = drain;
	size_t room = sizeof(drain);
	ssize_t n;

	if (r->in->len < r->cap) {
		if (grow(r) == -1)
			return -1;
		dst = r->in->buf + r->in->len;
		room = r->size - 1 - r->in->len;
	}
	if (socket)
		n = recv(fd, dst, room, MSG_DONTWAIT);
	else
		n = read(fd, dst, room);
	if (n <= 0)
		return n;
	scan_feed(&r->scan, dst, (size_t)n);
	if (dst == drain)
		r->in->truncated = 1;
	else
		r->in->len += (size_t)n;
	return n;
}

/* A regular file cannot block: read to EOF, or to one read past the cap. */
static int read_file(struct reader *r, int fd)
{
	ssize_t n;

	do {
		n = read_some(r, fd, 0);
	} while ((n > 0 && !r->in->truncated) || (n == -1 && errno == EINTR));
	return n == -1 ? -1 : 0;
}

static int read_stream(struct reader *r, int fd, int socket,
                       const struct input_options *opts)
{
	int64_t start = time_monotonic_ms();
	int64_t first = start + opts->first_ms;
	int64_t end = start + opts->total_ms;
	struct pollfd pfd;
	int64_t left, now;
	ssize_t n;
	int ready;

	for (;;) {
		now = time_monotonic_ms();
		if (now >= end)
			goto deadline;
		left = (r->in->len == 0 && !r->in->truncated && first < end
		            ? first
		            : end) -
		       now;
		if (left < 0)
			left = 0;
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (left > INT32_MAX)
			left = INT32_MAX;
		ready = poll(&pfd, 1, (int)left);
		if (ready == -1 && errno == EINTR)
			continue;
		if (ready == -1)
			return -1;
		if (pfd.revents & POLLNVAL)
			return 0;
		if (ready == 0)
			goto deadline;
		n = read_some(r, fd, socket);
		if (n == 0 || r->scan.complete)
			return 0;
		if (n == -1 && errno != EINTR && errno != EAGAIN &&
		    errno != EWOULDBLOCK) {
			/*
			 * A writer that reset the connection after some bytes:
			 * keep them, the parser judges; with none, say why.
			 */
			if (errno == ENOMEM)
				return -1;
			return r->in->len > 0 || r->in->truncated ? 0 : -1;
		}
	}
deadline:
	/* Bytes with no complete value yet: the value was cut. */
	if (r->in->len > 0)
		r->in->truncated = 1;
	return 0;
}

int input_read(int fd, const struct input_options *opts, struct input *in,
               struct error *err)
{
	struct input_options defaults;
	struct reader r = {.in = in};
	struct stat sb;
	int ret = -1;
	int saved;

	memset(in, 0, sizeof(*in));
	if (opts == NULL) {
		input_options_default(&defaults);
		opts = &defaults;
	}
	r.cap = opts->cap > SIZE_MAX / 2 ? SIZE_MAX / 2 : opts->cap;
	if (fstat(fd, &sb) == -1) {
		if (errno == EBADF)
			ret = 0; /* no stdin at all: no payload */
		else
			error_set(err, errno, "cannot read stdin");
		goto out;
	}
	if (S_ISREG(sb.st_mode))
		ret = read_file(&r, fd);
	else if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))
		ret = read_stream(&r, fd, S_ISSOCK(sb.st_mode), opts);
	else
		ret = 0; /* a TTY or a device: no payload */
	if (ret == -1)
		error_set(err, errno, "cannot read stdin");
out:
	saved = errno;
	if (ret == -1 || in->len == 0) {
		/* nothing kept: buf is NULL, whatever was dropped */
		free(in->buf);
		in->buf = NULL;
		in->len = 0;
	}
	if (ret == -1)
		in->truncated = 0;
	if (in->buf != NULL)
		in->buf[in->len] = '\0';
	errno = saved;
	return ret;
}

void input_release(struct input *in)
{
	free(in->buf);
	memset(in, 0, sizeof(*in));
}
