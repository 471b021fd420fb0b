/* Test registration and scratch directories shared by the test files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "suite.h"

static TCase *new_case(Suite *s, const char *name, SFun setup, SFun teardown)
{
	TCase *tc = tcase_create(name);

	if (setup != NULL || teardown != NULL)
		tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

TCase *unit_case(Suite *s, const char *name, SFun setup, SFun teardown,
                 const TTest *const tests[])
{
	TCase *tc = new_case(s, name, setup, teardown);

	for (; *tests != NULL; tests++)
		tcase_add_test(tc, *tests);
	return tc;
}

TCase *unit_loop_case(Suite *s, const char *name, SFun setup, SFun teardown,
                      const struct unit_loop loops[])
{
	TCase *tc = new_case(s, name, setup, teardown);

	for (; loops->test != NULL; loops++)
		tcase_add_loop_test(tc, loops->test, 0, loops->n);
	return tc;
}

int unit_tmpdir(char *dir, const char *name)
{
	int fd;

	snprintf(dir, UNIT_TMPDIR_MAX, "/tmp/%s.XXXXXX", name);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	return fd;
}

void unit_rmdir(const char *dir, int fd)
{
	char cmd[UNIT_TMPDIR_MAX + 16];

	if (fd >= 0)
		close(fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

void unit_put(int dirfd, const char *name, const char *text)
{
	size_t len = strlen(text);
	int fd =
	    openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	ck_assert_msg(fd >= 0, "cannot create %s", name);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

const char *unit_fixture(const char *name)
{
	static char buffers[2][65536];
	static int next;
	char *text = buffers[next++ % 2];
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES_DIR, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(text, 1, sizeof(buffers[0]) - 1, f);
	ck_assert(!ferror(f) && feof(f));
	fclose(f);
	text[n] = '\0';
	return text;
}

struct docs *unit_docs_new(const char *tz)
{
	struct docs *docs;

	ck_assert_int_eq(setenv("TZ", tz, 1), 0);
	tzset();
	docs = docs_new_memory();
	ck_assert_ptr_nonnull(docs);
	return docs;
}

void unit_put_process(int dirfd, long pid, const char *comm, long ppid,
                      unsigned long utime, unsigned long stime,
                      unsigned long start, const char *rss_kb)
{
	char name[64], text[1024];

	snprintf(name, sizeof(name), "%ld", pid);
	ck_assert_int_eq(mkdirat(dirfd, name, 0700), 0);
	snprintf(text, sizeof(text),
	         "%ld (%s) S %ld %ld %ld 34816 %ld 4194560 1500 0 2 0 %lu %lu "
	         "0 0 20 0 8 0 %lu 1234567890 25600 18446744073709551615 1 1 "
	         "0 0 0 0 0 4096 17475 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	         pid, comm, ppid, pid, pid, pid, utime, stime, start);
	snprintf(name, sizeof(name), "%ld/stat", pid);
	unit_put(dirfd, name, text);
	snprintf(text, sizeof(text),
	         "Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%ld\n"
	         "Pid:\t%ld\nPPid:\t%ld\nGroups:\t4 24 27\n%s%s%sThreads:\t8\n",
	         comm, pid, pid, ppid, rss_kb != NULL ? "VmRSS:\t" : "",
	         rss_kb != NULL ? rss_kb : "", rss_kb != NULL ? " kB\n" : "");
	snprintf(name, sizeof(name), "%ld/status", pid);
	unit_put(dirfd, name, text);
}
