/*
 * running: the processes a session left running, for its session_end
 * sample (docs/metrics.md, "Left running").
 *
 *	json_t *a = running_new(&agent, session_id);   // [] when none
 *
 * A process is listed when it belongs to this user, started after the
 * agent process, is no zombie, is not this hook or one of its ancestors,
 * descends from the agent or from a process older than the agent (pid 1, a
 * subreaper: it was orphaned), and carries a tool command's marker in its
 * environment (running_marked()).  At most RUNNING_MAX_LISTED, largest RSS
 * first, each {pid, name, rss_mb, cpu_seconds, started}.  The walk over
 * the processes stops after RUNNING_MAX_VISIT of them or RUNNING_BUDGET_MS.
 *
 * Returns a new reference, or NULL when the processes cannot be listed or
 * memory runs out (the sample is then logged without left_running).
 */
#ifndef PERF_METRICS_RUNNING_H
#define PERF_METRICS_RUNNING_H

#include <jansson.h>
#include <stddef.h>

#include "platform.h"

#define RUNNING_MAX_LISTED 32
#define RUNNING_MAX_VISIT 4096
#define RUNNING_MAX_CANDIDATES 1024
#define RUNNING_BUDGET_MS 50

json_t *running_new(const struct platform_process *agent,
                    const char *session_id);

/*
 * 1 when an environment (platform_process_environ()'s len bytes) is that of
 * a tool command of session_id: CODEX_TOOL_CALL_ID or CODEX_THREAD_ID set
 * (Codex), or CLAUDECODE=1 with an AI_AGENT that does not end in
 * "_harness" (Claude Code's hooks have that suffix, its tool commands
 * "_agent"); and CODEX_THREAD_ID, CODEX_SESSION_ID and
 * CLAUDE_CODE_SESSION_ID, when set, equal to session_id.  Else 0.
 */
int running_marked(const char *env, size_t len, const char *session_id);

#endif
