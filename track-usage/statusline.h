/*
 * statusline: one short line of figures for an agent's status bar
 * (docs/design.md §5b): Claude Code's statusLine, tmux's status-right.
 *
 * It runs several times a second while an agent works, so it reads two
 * small documents and nothing else: the summary (open sessions, their start)
 * and today's day file (today's counts, and the session's when it started
 * today; a session that started on an earlier day brings that day's file,
 * which the caller passes as session_day).
 *
 *	usage_statusline(stdout, &in, &opts);
 *
 * The line, session first when one is named and known:
 *	"session 12m · 5 cmds · 12.3k tok │ today 3 sessions · 42 cmds · 120k
 *tok · 1.5h" "today" counts sessions started today, commands run today, tokens
 *read today, and active time: the durations of the completed sessions that
 * started today plus today's part of the sessions open now.  No data: "no usage
 *data yet". Returns 0, or -1 when writing fails (errno set).
 */
#ifndef TRACK_USAGE_STATUSLINE_H
#define TRACK_USAGE_STATUSLINE_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h" /* struct report_options */

struct statusline_input {
	const json_t *summary; /* usage-summary.json, or NULL */
	const json_t *today;   /* usage-<today>.json, or NULL */
	const json_t
	    *session_day; /* the file of the day the session started, or NULL */
	const char *session_id; /* from the agent's payload, or NULL */
	int64_t now_ms;
};

int usage_statusline(FILE *out, const struct statusline_input *in,
                     const struct report_options *opts);

/*
 * The local date the open session id started (YYYY-MM-DD) into date, from
 * the summary: 0, or -1 when it is not open.
 */
int usage_statusline_session_date(const json_t *summary, const char *id,
                                  char date[11]);

#endif
