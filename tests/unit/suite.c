/* Test registration and scratch directories shared by the test files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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
