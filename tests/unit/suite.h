/*
 * What every test file shares: the registration of its tests, and a
 * scratch directory under /tmp.
 *
 * Registration: one call per test case, in the order they run.
 *
 *	Suite *docs_suite(void)
 *	{
 *		Suite *s = suite_create("docs");
 *
 *		UNIT_CASE(s, "docs_get", NULL, NULL, test_get, test_cmp);
 *		UNIT_LOOP_CASE(s, "docs_parse", setup, teardown,
 *		               {test_parse, N(parses)}, {test_load, 1});
 *		return s;
 *	}
 *
 * UNIT_CASE takes tests run once; UNIT_LOOP_CASE loop tests, {test, n} run
 * for _i in 0..n-1 (n = 1: once).  setup/teardown are a checked fixture, or
 * NULL.  Both return the test case, which the suite owns, for
 * tcase_set_timeout() and the like.
 *
 * Scratch directory: unit_tmpdir() makes /tmp/<name>.XXXXXX in dir (at
 * least UNIT_TMPDIR_MAX bytes) and returns an fd on it; unit_rmdir() closes
 * the fd (if not -1) and removes the tree; unit_put() writes text to the
 * file name (relative to dirfd), replacing it.  All fail the test on error.
 *
 * unit_put_process() writes <pid>/stat and <pid>/status under dirfd, as
 * Linux's /proc has them: a process comm whose parent is ppid, with utime
 * and stime, starttime start (all in clock ticks) and VmRSS rss_kb (NULL:
 * none, as a kernel thread).
 *
 * unit_fixture() returns the text of tests/unit/fixtures/<name> in one of
 * two buffers taken in turn: it lasts until the second call after it, so
 * one call under test may take two fixtures.
 *
 * unit_docs_new(tz) sets TZ to tz for the test and returns new in-memory
 * documents (docs_new_memory), which the caller frees with docs_free().
 *
 * unit_assert_fails(call, e): call returns -1 with errno e.
 */
#ifndef UNIT_SUITE_H
#define UNIT_SUITE_H

#include <check.h>
#include <errno.h>

#include "docs.h"

TCase *unit_case(Suite *s, const char *name, SFun setup, SFun teardown,
                 const TTest *const tests[]);

#define UNIT_CASE(s, name, setup, teardown, ...)                               \
	unit_case((s), (name), (setup), (teardown),                            \
	          (const TTest *const[]){__VA_ARGS__, NULL})

struct unit_loop {
	const TTest *test;
	int n; /* run for _i in 0..n-1 */
};

TCase *unit_loop_case(Suite *s, const char *name, SFun setup, SFun teardown,
                      const struct unit_loop loops[]);

#define UNIT_LOOP_CASE(s, name, setup, teardown, ...)                          \
	unit_loop_case((s), (name), (setup), (teardown),                       \
	               (const struct unit_loop[]){__VA_ARGS__, {NULL, 0}})

#define UNIT_TMPDIR_MAX 64

int unit_tmpdir(char *dir, const char *name);
void unit_rmdir(const char *dir, int fd);
void unit_put(int dirfd, const char *name, const char *text);
void unit_put_process(int dirfd, long pid, const char *comm, long ppid,
                      unsigned long utime, unsigned long stime,
                      unsigned long start, const char *rss_kb);
const char *unit_fixture(const char *name);
struct docs *unit_docs_new(const char *tz);

#define unit_assert_fails(call, e)                                             \
	do {                                                                   \
		errno = 0;                                                     \
		ck_assert_int_eq((call), -1);                                  \
		ck_assert_int_eq(errno, (e));                                  \
	} while (0)

#endif
