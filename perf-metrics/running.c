/*
 * Rules of this file:
 * - Only session_end pays for this: one walk over /proc, bounded in
 *   processes and time (running.h), one environment read per candidate
 *   that passed every cheaper test.
 * - A process's ancestry is followed only through the candidates (this
 *   user's processes started after the agent): a parent started earlier
 *   is the agent itself, or pid 1 or a subreaper that adopted an orphan,
 *   or a process this session did not start.
 */
#include "running.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_util.h"
#include "procfs.h"
#include "sample.h"
#include "timeutil.h"

#define MIB (1024.0 * 1024.0)
#define ENV_MAX (64 * 1024)
#define MAX_DEPTH 64

struct candidates {
	struct platform_process *v;
	size_t n;
	int full;
};

static int collect(const struct platform_process *p, void *ctx)
{
	struct candidates *c = ctx;

	if (c->n == RUNNING_MAX_CANDIDATES) {
		c->full = 1;
		return 1;
	}
	c->v[c->n++] = *p;
	return 0;
}

static const struct platform_process *find(const struct candidates *c,
                                           pid_t pid)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].pid == pid)
			return &c->v[i];
	return NULL;
}

/* 1 when pid is this hook or one of its ancestors among the candidates. */
static int is_self(const struct candidates *c, pid_t pid)
{
	const struct platform_process *p = find(c, getpid());

	for (int d = 0; p != NULL && d < MAX_DEPTH; d++) {
		if (p->pid == pid)
			return 1;
		p = find(c, p->ppid);
	}
	return pid == getpid();
}

/*
 * 1 when p descends from the agent, or from a process older than the agent
 * (orphaned); 0 when its line leads to a process started after the agent
 * that is no candidate, or loops.
 */
static int from_agent(const struct candidates *c,
                      const struct platform_process *p, pid_t agent)
{
	for (int d = 0; d < MAX_DEPTH; d++) {
		const struct platform_process *parent;

		if (p->ppid == agent || p->ppid <= 1)
			return 1;
		parent = find(c, p->ppid);
		if (parent == NULL)
			return 1; /* an older process: a subreaper, a shell */
		p = parent;
	}
	return 0;
}

int running_marked(const char *env, size_t len, const char *session_id)
{
	static const char *const ids[] = {"CODEX_THREAD_ID", "CODEX_SESSION_ID",
	                                  "CLAUDE_CODE_SESSION_ID"};
	const char *v, *agent;
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		v = procfs_environ_get(env, len, ids[i]);
		if (v != NULL && strcmp(v, session_id) != 0)
			return 0;
	}
	if (procfs_environ_get(env, len, "CODEX_TOOL_CALL_ID") != NULL ||
	    procfs_environ_get(env, len, "CODEX_THREAD_ID") != NULL)
		return 1;
	v = procfs_environ_get(env, len, "CLAUDECODE");
	if (v == NULL || strcmp(v, "1") != 0)
		return 0;
	agent = procfs_environ_get(env, len, "AI_AGENT");
	n = agent != NULL ? strlen(agent) : 0;
	return !(n >= 8 && strcmp(agent + n - 8, "_harness") == 0);
}

/* Largest RSS first, then by pid. */
static int by_rss(const void *a, const void *b)
{
	const struct platform_process *x =
	    *(const struct platform_process *const *)a;
	const struct platform_process *y =
	    *(const struct platform_process *const *)b;

	if (x->rss_bytes != y->rss_bytes)
		return x->rss_bytes < y->rss_bytes ? 1 : -1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static json_t *entry_new(const struct platform_process *p)
{
	char started[TIME_UTC_LEN];

	time_format_utc(p->start_ms, started);
	return json_pack(
	    "{s:I,s:s,s:f,s:f,s:s}", "pid", (json_int_t)p->pid, "name", p->name,
	    "rss_mb", sample_round((double)p->rss_bytes / MIB, 1),
	    "cpu_seconds", sample_round(p->cpu_seconds, 2), "started", started);
}

json_t *running_new(const struct platform_process *agent,
                    const char *session_id)
{
	struct platform_walk w = {getuid(), agent->start_ticks,
	                          RUNNING_MAX_VISIT, RUNNING_BUDGET_MS};
	struct candidates c = {NULL, 0, 0};
	const struct platform_process **listed = NULL;
	char *env = NULL;
	json_t *a = NULL;
	size_t n = 0, len, i;
	int partial, saved;

	c.v = malloc(RUNNING_MAX_CANDIDATES * sizeof(*c.v));
	listed = malloc(RUNNING_MAX_CANDIDATES * sizeof(*listed));
	env = malloc(ENV_MAX);
	if (c.v == NULL || listed == NULL || env == NULL)
		goto out;
	if (platform_processes(&w, collect, &c, &partial) == -1)
		goto out;
	for (i = 0; i < c.n; i++) {
		const struct platform_process *p = &c.v[i];

		if (p->pid == agent->pid || is_self(&c, p->pid) ||
		    !from_agent(&c, p, agent->pid) ||
		    platform_process_environ(p->pid, env, ENV_MAX, &len) ==
		        -1 ||
		    !running_marked(env, len, session_id))
			continue;
		listed[n++] = p;
	}
	qsort(listed, n, sizeof(*listed), by_rss);
	a = json_array();
	for (i = 0; a != NULL && i < n && i < RUNNING_MAX_LISTED; i++)
		if (json_array_append_new(a, entry_new(listed[i])) == -1) {
			json_decref(a);
			a = NULL;
		}
out:
	saved = errno;
	free(c.v);
	free(listed);
	free(env);
	errno = saved;
	return a;
}
