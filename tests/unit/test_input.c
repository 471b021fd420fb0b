/*
 * input_read on every kind of stdin an agent leaves a hook: a pipe closed
 * after a compact line (Codex), a socket holding JSON and a newline that
 * stays open (Claude Code), a pipe left open with nothing or half a value, a
 * flood over the cap, regular files, /dev/null, a TTY, no stdin at all.
 * Writers are child processes, so the reader sees what a hook sees.  A value
 * cut by the deadline is then parsed as the tools parse it (cli.c): it must
 * be salvaged as one cut at the cap is.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "input.h"
#include "suite.h"

#define MIB (1024 * 1024)

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w <= 0)
			_exit(1);
		p += w;
		n -= (size_t)w;
	}
}

/*
 * A child that writes parts[] to fd, pause_ms apart, then holds fd open for
 * hold_ms before it exits.  The parent's copy of fd is closed.
 */
static pid_t writer(int fd, const char *const *parts, int pause_ms, int hold_ms)
{
	pid_t pid = fork();
	int i;

	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		for (i = 0; parts[i] != NULL; i++) {
			if (i > 0)
				sleep_ms(pause_ms);
			write_all(fd, parts[i], strlen(parts[i]));
		}
		sleep_ms(hold_ms);
		_exit(0);
	}
	close(fd);
	return pid;
}

/*
 * A child that runs body on the write end of a new pipe, then exits 0.
 * Returns its pid and the read end in *rd; the child's copy of the read end
 * and the parent's of the write end are closed.
 */
static pid_t pipe_child(int *rd, void (*body)(int wr))
{
	int p[2];
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(p[0]);
		body(p[1]);
		_exit(0);
	}
	close(p[1]);
	*rd = p[0];
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

static void options(struct input_options *o, int first_ms, int total_ms,
                    size_t cap)
{
	o->first_ms = first_ms;
	o->total_ms = total_ms;
	o->cap = cap;
}

/*
 * input_read(first_ms, total_ms, a cap of 1 MiB) on one end of a pipe, or
 * with sock a socket pair, whose other end a writer() of parts holds for
 * hold_ms; the writer is gone on return.  Returns how long the read took,
 * in ms.
 */
static int64_t read_writer(int sock, const char *const *parts, int pause_ms,
                           int hold_ms, int first_ms, int total_ms,
                           struct input *in)
{
	struct input_options o;
	int64_t start, took;
	int p[2];
	pid_t pid;

	if (sock)
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, p), 0);
	else
		ck_assert_int_eq(pipe(p), 0);
	pid = writer(p[1], parts, pause_ms, hold_ms);
	options(&o, first_ms, total_ms, MIB);
	start = mono_ms();
	ck_assert_int_eq(input_read(p[0], &o, in, NULL), 0);
	took = mono_ms() - start;
	reap(pid);
	close(p[0]);
	return took;
}

START_TEST(test_options_default)
{
	struct input_options o;

	input_options_default(&o);
	ck_assert_int_eq(o.first_ms, 200);
	ck_assert_int_eq(o.total_ms, 2000);
	ck_assert_uint_ge(o.cap, 8u * MIB);
}
END_TEST

/* Codex: one compact line, no newline, then the pipe is closed. */
START_TEST(test_pipe_closed)
{
	static const char line[] =
	    "{\"session_id\":\"s1\",\"hook_event_name\":\"SessionStart\"}";
	const char *parts[] = {line, NULL};
	struct input in;

	read_writer(0, parts, 0, 0, 1000, 3000, &in);
	ck_assert_ptr_nonnull(in.buf);
	ck_assert_str_eq(in.buf, line);
	ck_assert_uint_eq(in.len, strlen(line));
	ck_assert_int_eq(in.truncated, 0);
	input_release(&in);
	ck_assert_ptr_null(in.buf);
}
END_TEST

/* A writer that keeps the pipe open and says nothing: first_ms, no more. */
START_TEST(test_pipe_open_silent)
{
	const char *parts[] = {NULL};
	struct input in;
	int64_t took = read_writer(0, parts, 0, 10000, 100, 2000, &in);

	ck_assert_int_ge(took, 90);
	ck_assert_int_lt(took, 600);
	ck_assert_ptr_null(in.buf);
	ck_assert_uint_eq(in.len, 0);
	input_release(&in);
}
END_TEST

/*
 * Half a value and a pipe left open: total_ms, and the half is kept, marked
 * as cut (the deadline cuts as the cap does).
 */
START_TEST(test_pipe_open_incomplete)
{
	const char *parts[] = {"{\"hook_event_name\":\"Stop\",", NULL};
	struct input in;
	int64_t took = read_writer(0, parts, 0, 10000, 200, 400, &in);

	ck_assert_int_ge(took, 380);
	ck_assert_int_lt(took, 1000);
	ck_assert_str_eq(in.buf, parts[0]);
	ck_assert_int_eq(in.truncated, 1);
	input_release(&in);
}
END_TEST

/*
 * A writer that keeps sending a large value, slower than the deadline (a
 * hook under valgrind, a loaded machine): the read ends at total_ms, cut,
 * and the event is recorded from the members before the cut.
 */
START_TEST(test_pipe_slow_writer)
{
	static const char head[] =
	    "{\"hook_event_name\":\"PostToolUse\",\"session_id\":\"slow\","
	    "\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"make\"},"
	    "\"tool_response\":\"";
	const char *parts[] = {head,   "xxxx", "xxxx", "xxxx", "xxxx", "xxxx",
	                       "xxxx", "xxxx", "xxxx", "xxxx", "xxxx", NULL};
	struct event_input ein = {0};
	struct error err = {0};
	struct event ev;
	struct input in;
	int64_t took;

	unsetenv("CODEX_EVENT_TYPE");
	unsetenv("CODEX_SESSION_ID");
	unsetenv("CODEX_COMMAND");
	took = read_writer(0, parts, 100, 10000, 200, 350, &in);
	ck_assert_int_ge(took, 340);
	ck_assert_int_lt(took, 1000);
	ck_assert_int_eq(in.truncated, 1);
	ck_assert_int_eq(strncmp(in.buf, head, strlen(head)), 0);
	ein.stdin_buf = in.buf;
	ein.stdin_len = in.len;
	ein.stdin_truncated = in.truncated;
	ck_assert_msg(event_parse(&ev, &ein, &err) == 0, "%s", err.what);
	ck_assert_str_eq(ev.type, "command_end");
	ck_assert_str_eq(ev.session_id, "slow");
	ck_assert_str_eq(ev.source, "stdin");
	ck_assert_str_eq(json_string_value(json_object_get(ev.data, "command")),
	                 "make");
	ck_assert_ptr_nonnull(strstr(ev.warning, "cut"));
	event_free(&ev);
	input_release(&in);
}
END_TEST

/* '{' and then spaces without end. */
static void write_endless(int fd)
{
	char buf[65536];

	memset(buf, ' ', sizeof(buf));
	buf[0] = '{';
	for (;;) {
		write_all(fd, buf, sizeof(buf));
		buf[0] = ' ';
	}
}

/*
 * A writer that never stops: total_ms ends the read even if the pipe is
 * never found empty (a reader slowed down by valgrind).  Closing the read
 * end ends the writer (SIGPIPE).
 */
START_TEST(test_pipe_endless)
{
	struct input_options o;
	struct input in;
	int64_t start;
	int rd, status;
	pid_t pid = pipe_child(&rd, write_endless);

	options(&o, 200, 300, 4096);
	start = mono_ms();
	ck_assert_int_eq(input_read(rd, &o, &in, NULL), 0);
	ck_assert_int_lt(mono_ms() - start, 1000);
	ck_assert_uint_eq(in.len, 4096);
	ck_assert_int_eq(in.truncated, 1);
	input_release(&in);
	close(rd);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}
END_TEST

/* A complete value on a pipe left open: no wait for EOF. */
START_TEST(test_pipe_open_complete)
{
	const char *parts[] = {"{\"a\":[1,2,{\"b\":\"}\"}]}", NULL};
	struct input in;

	ck_assert_int_lt(read_writer(0, parts, 0, 10000, 1000, 3000, &in), 500);
	ck_assert_str_eq(in.buf, parts[0]);
	input_release(&in);
}
END_TEST

/* The first byte after first_ms: given up on, nothing read. */
START_TEST(test_pipe_late_first_byte)
{
	const char *parts[] = {"", "{}", NULL};
	struct input in;

	ck_assert_int_lt(read_writer(0, parts, 400, 10000, 50, 2000, &in), 350);
	ck_assert_ptr_null(in.buf);
	input_release(&in);
}
END_TEST

/* 9 MiB: a Stop event whose "k" is a string of x. */
static void write_9mib(int fd)
{
	const size_t size = 9 * MIB;
	char *big = malloc(size);

	if (big == NULL)
		_exit(1);
	memset(big, 'x', size);
	memcpy(big, "{\"hook_event_name\":\"Stop\",\"k\":\"", 31);
	memcpy(big + size - 3, "\"}\n", 3);
	write_all(fd, big, size);
}

/*
 * 9 MiB from a child: 8 MiB kept, the rest drained (the child finishes its
 * writes and exits by itself), truncated set.
 */
START_TEST(test_pipe_over_cap)
{
	struct input_options o;
	struct input in;
	int rd, status;
	pid_t pid = pipe_child(&rd, write_9mib);

	options(&o, 2000, 10000, 8 * MIB);
	ck_assert_int_eq(input_read(rd, &o, &in, NULL), 0);
	ck_assert_uint_eq(in.len, 8 * MIB);
	ck_assert_int_eq(in.truncated, 1);
	ck_assert_int_eq(in.buf[in.len], '\0');
	ck_assert_int_eq(strncmp(in.buf, "{\"hook_event_name\":", 19), 0);
	ck_assert_int_eq(in.buf[in.len - 1], 'x');
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	input_release(&in);
	close(rd);
}
END_TEST

/*
 * Claude Code: JSON and a newline on a socket that stays open.  Read as soon
 * as the value is complete, well before total_ms.
 */
START_TEST(test_socket_open)
{
	static const char msg[] =
	    "{\"session_id\":\"c1\",\"hook_event_name\":\"PreToolUse\","
	    "\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo "
	    "'{\\\"x\\\"'\"}}\n";
	const char *parts[] = {msg, NULL};
	struct input in;

	ck_assert_int_lt(read_writer(1, parts, 0, 10000, 1000, 3000, &in), 500);
	ck_assert_str_eq(in.buf, msg);
	input_release(&in);
}
END_TEST

/*
 * A value in pieces, the first ending inside a string that holds a closing
 * brace: the scanner must not call it complete early.
 */
START_TEST(test_socket_pieces)
{
	const char *parts[] = {"{\"a\":\"}", "\\\"}\",\"b\":[", "]}\n", NULL};
	struct input in;

	ck_assert_int_lt(read_writer(1, parts, 100, 10000, 1000, 3000, &in),
	                 1500);
	ck_assert_str_eq(in.buf, "{\"a\":\"}\\\"}\",\"b\":[]}\n");
	input_release(&in);
}
END_TEST

static int temp_file(const char *content, size_t len)
{
	char path[] = "/tmp/test_input.XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ne(fd, -1);
	unlink(path);
	if (len > 0)
		ck_assert_int_eq(write(fd, content, len), (ssize_t)len);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* A regular file: read whole, or cut at the cap (a file at the cap is not). */
static const struct {
	const char *text;
	size_t cap;
	const char *want;
	int truncated;
} files[] = {
    {"{\n  \"hook_event_name\": \"Stop\"\n}\n", MIB,
     "{\n  \"hook_event_name\": \"Stop\"\n}\n", 0},
    {"0123456789abcdef", 10, "0123456789", 1},
    {"0123456789", 10, "0123456789", 0},
};

START_TEST(test_file)
{
	struct input_options o;
	struct input in;
	int fd = temp_file(files[_i].text, strlen(files[_i].text));

	options(&o, 10, 10, files[_i].cap);
	ck_assert_int_eq(input_read(fd, &o, &in, NULL), 0);
	ck_assert_str_eq(in.buf, files[_i].want);
	ck_assert_int_eq(in.truncated, files[_i].truncated);
	input_release(&in);
	close(fd);
}
END_TEST

START_TEST(test_file_empty)
{
	struct input_options o;
	struct input in;
	int fd = temp_file("", 0);

	input_options_default(&o);
	ck_assert_int_eq(input_read(fd, &o, &in, NULL), 0);
	ck_assert_ptr_null(in.buf);
	ck_assert_uint_eq(in.len, 0);
	ck_assert_int_eq(in.truncated, 0);
	input_release(&in);
	close(fd);
}
END_TEST

/* Codex notify: stdin is /dev/null, a character device: nothing, at once. */
START_TEST(test_dev_null)
{
	struct input_options o;
	struct input in;
	int fd = open("/dev/null", O_RDONLY);

	ck_assert_int_ne(fd, -1);
	input_options_default(&o);
	ck_assert_int_eq(input_read(fd, &o, &in, NULL), 0);
	ck_assert_ptr_null(in.buf);
	ck_assert_uint_eq(in.len, 0);
	close(fd);
}
END_TEST

/* No stdin at all (closed fd): no payload, not an error. */
START_TEST(test_closed_fd)
{
	struct input_options o;
	struct input in;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	close(p[0]);
	close(p[1]);
	input_options_default(&o);
	ck_assert_int_eq(input_read(p[0], &o, &in, NULL), 0);
	ck_assert_ptr_null(in.buf);
}
END_TEST

Suite *input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *read;

	UNIT_CASE(s, "input_options_default", NULL, NULL, test_options_default);
	read = UNIT_CASE(
	    s, "input_read", NULL, NULL, test_pipe_closed,
	    test_pipe_open_silent, test_pipe_open_incomplete,
	    test_pipe_slow_writer, test_pipe_endless, test_pipe_open_complete,
	    test_pipe_late_first_byte, test_pipe_over_cap, test_socket_open,
	    test_socket_pieces, test_file_empty, test_dev_null, test_closed_fd);
	tcase_add_loop_test(read, test_file, 0,
	                    (int)(sizeof(files) / sizeof(files[0])));
	tcase_set_timeout(read, 20);
	return s;
}
