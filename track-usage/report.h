/*
 * report: the usage report, text or JSON, from the documents alone.
 *
 * Reads usage-summary.json (and nothing else for the full report); never
 * writes, never takes the lock, never reads a log.  A data directory with no
 * summary gives the short "no data yet in <dir>" report.
 */
#ifndef TRACK_USAGE_REPORT_H
#define TRACK_USAGE_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "cli.h" /* struct report_options */
#include "error.h"

/*
 * Print the report of summary (the parsed usage-summary.json, or NULL when
 * there is none) to out.  dir is only named in the "no data yet" line.
 * Returns 0, or -1 when writing fails (errno set).
 */
int usage_report(FILE *out, const json_t *summary, const char *dir,
		 const struct report_options *opts);

#endif
