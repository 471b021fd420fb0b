#include <check.h>

/* placeholder until the suite is written */
Suite *event_suite(void)
{
	return suite_create("event");
}
