/*
 * statusline: one short line of figures for an agent's status bar
 * (docs/design.md §5b): Claude Code's statusLine, tmux's status-right.
 *
 * It runs several times a second, so it reads the summary (open sessions)
 * and today's day file, plus the file of the day the session started when
 * that was earlier (session_day).  One line:
 *	session 12m · 5 cmds · 12.3k tok │
 *	today 3 sessions · 42 cmds · 120k tok · 1.5h
 * "today": sessions started, commands run and tokens read today, and the
 * active time of today's completed sessions plus today's part of the open
 * ones.  No data: "no usage data yet".  -1 when writing fails.
 */
#ifndef TRACK_USAGE_STATUSLINE_H
#define TRACK_USAGE_STATUSLINE_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h" /* struct report_options */

struct statusline_input {
	const json_t *summary;     /* usage-summary.json, or NULL */
	const json_t *today;       /* usage-<today>.json, or NULL */
	const json_t *session_day; /* the session's start day file, or NULL */
	const char *session_id;    /* from the agent's payload, or NULL */
	const json_t *payload; /* the agent's status-line payload, or NULL */
	const json_t *limits;  /* limits_from_claude() of it, or NULL */
	int64_t now_ms;
};

int usage_statusline(FILE *out, const struct statusline_input *in,
                     const struct report_options *opts);

/* The local start date of the open session id into date, or -1. */
int usage_statusline_session_date(const json_t *summary, const char *id,
                                  char date[11]);

#endif
