#include <check.h>

/* placeholder until the suite is written */
Suite *store_suite(void)
{
	return suite_create("store");
}
