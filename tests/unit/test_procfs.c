#include <check.h>

/* placeholder until the suite is written */
Suite *procfs_suite(void)
{
	return suite_create("procfs");
}
