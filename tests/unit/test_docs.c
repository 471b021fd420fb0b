#include <check.h>

/* placeholder until the suite is written */
Suite *docs_suite(void)
{
	return suite_create("docs");
}
