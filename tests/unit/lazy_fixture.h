/*
 * lazy_fixture: run an apply test with every record also applied as a
 * hook applies it: to documents read from a directory with their lazy maps
 * (docs.h), then written back.  At the end each file must be, byte for
 * byte, what the documents in memory (a --rebuild) write.  Shared by the
 * usage_apply and metrics_apply suites.
 *
 *	lazy_fixture_open("test_usage_apply");         // in a setup
 *	lazy_fixture_apply(usage_apply, usage_lazy, USAGE_SUMMARY, rec);
 *	lazy_fixture_close(docs);                      // in a teardown
 *
 * lazy_fixture_apply() does nothing when no fixture is open.
 */
#ifndef TESTS_LAZY_FIXTURE_H
#define TESTS_LAZY_FIXTURE_H

#include <jansson.h>

#include "docs.h"

typedef int (*lazy_apply_fn)(struct docs *docs, json_t *rec,
			     struct error *err);

void lazy_fixture_open(const char *name);

void lazy_fixture_apply(lazy_apply_fn apply, const char *const *lazy,
			const char *summary, json_t *rec);

/* Compare every document of docs with its file, then remove the directory. */
void lazy_fixture_close(struct docs *docs);

#endif
