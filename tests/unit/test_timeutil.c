#include <check.h>

/* placeholder until the suite is written */
Suite *timeutil_suite(void)
{
	return suite_create("timeutil");
}
