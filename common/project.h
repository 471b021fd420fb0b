/*
 * project: the name of the project a working directory belongs to
 * (docs/design.md §5b): that of the nearest enclosing directory holding
 * ".git" (a directory, or a file as in worktrees), home and "/" never
 * examined; else the last component of dir.  Only a name, never a path:
 * "/home/u/src/codex-analytics/common" gives "codex-analytics".
 *
 * dir may be one the hook cannot see (another mount): a lookup that fails
 * counts as "no .git here".  The name is cut to PROJECT_NAME_MAX bytes of
 * UTF-8, control characters replaced.
 */
#ifndef COMMON_PROJECT_H
#define COMMON_PROJECT_H

#define PROJECT_NAME_MAX 128

struct event;

/* A new string, or NULL when dir names no directory ("", "/") or no memory. */
char *project_name_new(const char *dir, const char *home);

/*
 * ev->project: the project of ev->cwd, else of the hook's own working
 * directory; none with CODEX_ANALYTICS_PROJECTS=0.  -1 when out of memory.
 */
int project_name_event(struct event *ev);

#endif
