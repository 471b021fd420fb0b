/*
 * Rules of this file:
 * - The walk goes up by text, not "..": a symlinked directory names the
 *   project it is reached through, and one not visible here has a name.
 * - ".", ".." and repeated slashes are dropped first (clean_new()).
 * - At most PROJECT_DEPTH_MAX lookups, whatever a hostile path's depth.
 */
#include "project.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "utf8.h"

#define PROJECT_DEPTH_MAX 64

/*
 * Clean copy of an absolute or relative path: no empty, "." or ".."
 * components (".." removes the one before), no trailing slash.
 */
static char *clean_new(const char *dir)
{
	char *out = malloc(strlen(dir) + 2);
	const char *p = dir, *end;
	size_t n = 0, len;

	if (out == NULL)
		return NULL;
	if (*p == '/')
		out[n++] = '/';
	while (*p != '\0') {
		while (*p == '/')
			p++;
		end = strchr(p, '/');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 1)
				n--; /* the slash before it */
		} else {
			if (n > 0 && out[n - 1] != '/')
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
	return out;
}

static int has_git(const char *dir)
{
	char *path = malloc(strlen(dir) + 6);
	struct stat sb;
	int ret;

	if (path == NULL)
		return 0;
	strcpy(path, dir);
	strcat(path, "/.git");
	/* Followed: repo checkouts link .git to the real repository. */
	ret = stat(path, &sb) == 0 &&
	      (S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode));
	free(path);
	return ret;
}

static const char *last_component(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

char *project_name_new(const char *dir, const char *home)
{
	char *path = NULL, *clean_home = NULL, *slash, *name = NULL;
	const char *found = NULL;
	size_t len;
	int depth = 0;

	if (dir == NULL || (path = clean_new(dir)) == NULL)
		goto out;
	if (home != NULL && home[0] != '\0' &&
	    (clean_home = clean_new(home)) == NULL)
		goto out;
	len = strlen(path);
	if (len == 0 || strcmp(path, "/") == 0)
		goto out;
	/* Walk up from path; path is cut in place at each step. */
	for (;;) {
		if (strcmp(path, "/") == 0 || path[0] == '\0' ||
		    (clean_home != NULL && strcmp(path, clean_home) == 0) ||
		    depth++ == PROJECT_DEPTH_MAX)
			break;
		if (has_git(path)) {
			found = last_component(path);
			break;
		}
		slash = strrchr(path, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
		if (slash == path)
			strcpy(path, "/");
	}
	if (found == NULL) {
		free(path);
		path = clean_new(dir);
		if (path == NULL)
			goto out;
		found = last_component(path);
	}
	if (found[0] != '\0')
		name = utf8_cut(found, PROJECT_NAME_MAX);
out:
	free(path);
	free(clean_home);
	return name;
}

int project_name_event(struct event *ev)
{
	const char *off = getenv("CODEX_ANALYTICS_PROJECTS");
	const char *dir = ev->cwd;
	char here[4096];

	if (off != NULL && strcmp(off, "0") == 0)
		return 0;
	if (dir == NULL)
		dir = getcwd(here, sizeof(here));
	if (dir == NULL)
		return 0;
	errno = 0;
	ev->project = project_name_new(dir, getenv("HOME"));
	return ev->project == NULL && errno == ENOMEM ? -1 : 0;
}
