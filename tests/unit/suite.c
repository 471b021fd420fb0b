/* Test registration and scratch directories shared by the test files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
