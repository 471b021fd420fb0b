/* Every Check suite of the runner: SUITE(name) declares name_suite(). */
SUITE(timeutil)
SUITE(input)
SUITE(event)
SUITE(docs)
SUITE(store)
SUITE(procfs)
SUITE(usage_apply)
SUITE(usage_report)
