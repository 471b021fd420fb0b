#include <check.h>

/* placeholder until the suite is written */
Suite *input_suite(void)
{
	return suite_create("input");
}
