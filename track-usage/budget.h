/*
 * budget: track-usage --check, usage against budgets for cron, CI and
 * monitoring systems (docs/design.md §5d), in the Nagios plugin
 * convention: one line on stdout, performance data after '|', and the
 * status as the exit code.
 *
 *	if (budget_parse("tokens/day=2M", &b[n++], &err) == -1) ...
 *	in = {summary, periods (budget_period()), prices, now_ms};
 *	status = budget_check(stdout, b, n, &in);
 *
 * Budgets: tokens/day|week|month (a count, "2M", "500k"), cost/day|week|
 * month (USD, with a price file), window (percent of any plan window).
 * A budget is CRITICAL when exceeded (above it; exactly at it is not),
 * WARNING when the pace so far (at
 * least an hour of the period counted) exceeds it by the period's end, or
 * for a window by its reset.  Periods are local: today, the ISO week
 * (from Monday), the calendar month.  Nothing here reads a file.
 */
#ifndef TRACK_USAGE_BUDGET_H
#define TRACK_USAGE_BUDGET_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

enum budget_status {
	BUDGET_OK = 0,
	BUDGET_WARNING = 1,
	BUDGET_CRITICAL = 2,
	BUDGET_UNKNOWN = 3,
};

enum budget_what { BUDGET_TOKENS, BUDGET_COST, BUDGET_WINDOW };

enum budget_period { BUDGET_DAY, BUDGET_WEEK, BUDGET_MONTH, BUDGET_PERIODS };

#define BUDGETS_MAX 16

struct budget {
	enum budget_what what;
	enum budget_period period; /* not for BUDGET_WINDOW */
	double limit;
};

/* "KEY=VALUE"; -1 with err when it is not a budget. */
int budget_parse(const char *spec, struct budget *b, struct error *err);

/*
 * Add the budget "KEY=VALUE" to b[max], *n of them so far: one given for a
 * key already there replaces it (the last one given wins).  -1 with err
 * when it is not a budget or b is full.
 */
int budget_add(const char *spec, struct budget *b, size_t max, size_t *n,
               struct error *err);

/* A comma-separated list (CODEX_ANALYTICS_BUDGETS), each budget_add()ed. */
int budget_list(const char *list, struct budget *b, size_t max, size_t *n,
                struct error *err);

/*
 * The local dates period covers at now_ms (since: its first day) and
 * its bounds in ms, [*start, *end).
 */
void budget_period(enum budget_period period, int64_t now_ms, char since[11],
                   int64_t *start, int64_t *end);

struct budget_input {
	const json_t *summary;                 /* for the plan windows */
	const json_t *periods[BUDGET_PERIODS]; /* day files added up, or NULL */
	const json_t *prices;                  /* NULL: no price file */
	int64_t now_ms;
};

/* Print the line and return the status; BUDGET_UNKNOWN when writing fails. */
enum budget_status budget_check(FILE *out, const struct budget *b, size_t n,
                                const struct budget_input *in);

#endif
