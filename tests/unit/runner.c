/*
 * The unit-test runner: every suite listed in suites.h, in one process per
 * test (Check's fork mode), so a crash fails one test and not the run.
 * Usage: unit_tests [SUITE]   (CK_RUN_CASE selects a tcase, as Check does)
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int main(int argc, char **argv)
{
	SRunner *runner = srunner_create(NULL);
	int failed;

#define SUITE(name)                                                   \
	if (argc < 2 || strcmp(argv[1], #name) == 0)                  \
		srunner_add_suite(runner, name##_suite());
#include "suites.h"
#undef SUITE
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
