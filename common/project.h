/*
 * project: the name of the project an event's working directory belongs to
 * (docs/design.md §5b).
 *
 * The name of the nearest enclosing directory of dir that holds ".git" (a
 * directory, or a file as in worktrees and submodules), examining neither
 * home nor "/"; else the last component of dir itself.  Only the name is
 * ever returned, never a path: "/home/u/src/codex-analytics/common" gives
 * "codex-analytics".
 *
 *	char *name = project_name_new(ev.cwd, getenv("HOME"));
 *	...
 *	free(name);
 *
 * or, for a parsed event (cli_read_event() does it; event_free() frees it):
 *
 *	if (project_name_event(&ev) == -1) ...;   // out of memory
 *
 * dir may be one the hook cannot see (an agent on another mount): every
 * lookup that fails counts as "no .git here".  The name is cut to
 * PROJECT_NAME_MAX bytes of UTF-8 with control characters replaced.
 * Returns a new string, or NULL when dir names no directory ("", "/") or
 * no memory.
 */
#ifndef COMMON_PROJECT_H
#define COMMON_PROJECT_H

#define PROJECT_NAME_MAX 128

struct event;

char *project_name_new(const char *dir, const char *home);

/*
 * ev->project: the project of ev->cwd, else of the hook's own working
 * directory; none (NULL) with CODEX_ANALYTICS_PROJECTS=0.  -1 only when
 * out of memory.
 */
int project_name_event(struct event *ev);

#endif
