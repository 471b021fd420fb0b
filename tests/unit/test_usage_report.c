#include <check.h>

/* placeholder until the suite is written */
Suite *usage_report_suite(void)
{
	return suite_create("usage_report");
}
