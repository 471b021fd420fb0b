#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "project.h"
#include "suite.h"

static char root[UNIT_TMPDIR_MAX];

static void setup(void)
{
	close(unit_tmpdir(root, "test_project"));
}

static void teardown(void)
{
	unit_rmdir(root, -1);
}

/* mkdir -p root/rel */
static void dir(const char *rel)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	ck_assert_int_eq(system(cmd), 0);
}

/* A file root/rel. */
static void file(const char *rel)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("gitdir: /elsewhere\n", f);
	fclose(f);
}

/* project_name_new(root/rel, root/home_rel or NULL) must be want (NULL: none).
 */
static void expect(const char *rel, const char *home_rel, const char *want)
{
	char d[512], h[512];
	char *got;

	snprintf(d, sizeof(d), "%s/%s", root, rel);
	snprintf(h, sizeof(h), "%s/%s", root, home_rel ? home_rel : "");
	got = project_name_new(d, home_rel ? h : NULL);
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: got %s", rel, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		              "%s: got %s, want %s", rel, got ? got : "(null)",
		              want);
	free(got);
}

START_TEST(test_project_name_nested)
{
	dir("src/app/.git");
	dir("src/app/lib/deep/er");
	expect("src/app/lib/deep/er", NULL, "app");
	expect("src/app", NULL, "app");
	expect("src/app/lib/./deep/../deep//er/", NULL, "app");
}
END_TEST

/* The nearest .git wins: a submodule inside a project. */
START_TEST(test_project_name_nearest)
{
	dir("outer/.git");
	dir("outer/vendor/inner");
	file("outer/vendor/inner/.git");
	expect("outer/vendor/inner/src", NULL, "inner");
	expect("outer/vendor", NULL, "outer");
}
END_TEST

/* No .git up to $HOME: the working directory's own name. */
START_TEST(test_project_name_no_git)
{
	dir("home/.git"); /* a dotfiles repository in $HOME: not examined */
	dir("home/notes/2026");
	expect("home/notes/2026", "home", "2026");
	expect("home/notes/2026", NULL, "home");
}
END_TEST

/* A worktree: .git is a file. */
START_TEST(test_project_name_worktree)
{
	dir("wt/feature x/sub");
	file("wt/feature x/.git");
	expect("wt/feature x/sub", NULL, "feature x");
}
END_TEST

/* A repo checkout: .git is a symlink to the repository; a dangling one
 * is no project. */
START_TEST(test_project_name_git_symlink)
{
	char target[512], link[512];

	dir("r/.repo/projects/app.git");
	dir("r/app/src");
	dir("r/gone/src");
	snprintf(target, sizeof(target), "%s/r/.repo/projects/app.git", root);
	snprintf(link, sizeof(link), "%s/r/app/.git", root);
	ck_assert_int_eq(symlink(target, link), 0);
	snprintf(link, sizeof(link), "%s/r/gone/.git", root);
	ck_assert_int_eq(symlink("/nonexistent/x.git", link), 0);
	expect("r/app/src", NULL, "app");
	expect("r/gone/src", NULL, "src");
}
END_TEST

START_TEST(test_project_name_unicode)
{
	dir("projets/café ☕/src");
	dir("projets/café ☕/.git");
	expect("projets/café ☕/src", NULL, "café ☕");
}
END_TEST

/* A directory that does not exist here still has a name; "/" has none. */
START_TEST(test_project_name_missing)
{
	char *got = project_name_new("/nonexistent/u/proj", "/nonexistent/u");

	ck_assert_str_eq(got, "proj");
	free(got);
	ck_assert_ptr_null(project_name_new("/", NULL));
	ck_assert_ptr_null(project_name_new("", NULL));
	ck_assert_ptr_null(project_name_new("///", NULL));
	got = project_name_new("rel/dir", NULL);
	ck_assert_str_eq(got, "dir");
	free(got);
}
END_TEST

/* Control characters never reach the documents; the name is bounded. */
START_TEST(test_project_name_cut)
{
	char long_name[400];
	char *got;

	got = project_name_new("/nonexistent/a\tb\nc", NULL);
	ck_assert_str_eq(got, "a?b?c");
	free(got);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[0] = '/';
	long_name[sizeof(long_name) - 1] = '\0';
	got = project_name_new(long_name, NULL);
	ck_assert_uint_eq(strlen(got), PROJECT_NAME_MAX);
	free(got);
}
END_TEST

/* An event's project: of its cwd, else of the hook's; none when off. */
static const struct {
	const char *projects; /* CODEX_ANALYTICS_PROJECTS, or NULL: unset */
	const char *cwd;      /* the event's, under root, or NULL: none */
	const char *want;
} events[] = {
    {NULL, "src/app/lib", "app"},
    {NULL, "elsewhere", "elsewhere"},
    {NULL, NULL, "app"}, /* the hook runs in src/app/lib */
    {"1", "src/app", "app"},
    {"0", "src/app", NULL},
    {"0", NULL, NULL},
};

START_TEST(test_project_name_event)
{
	struct event ev = {0};
	char cwd[512], here[512];

	dir("src/app/.git");
	dir("src/app/lib");
	dir("elsewhere");
	snprintf(here, sizeof(here), "%s/src/app/lib", root);
	ck_assert_int_eq(chdir(here), 0);
	if (events[_i].projects != NULL)
		setenv("CODEX_ANALYTICS_PROJECTS", events[_i].projects, 1);
	else
		unsetenv("CODEX_ANALYTICS_PROJECTS");
	snprintf(cwd, sizeof(cwd), "%s/%s", root,
	         events[_i].cwd != NULL ? events[_i].cwd : "");
	ev.cwd = events[_i].cwd != NULL ? strdup(cwd) : NULL;
	ck_assert_int_eq(project_name_event(&ev), 0);
	ck_assert_pstr_eq(ev.project, events[_i].want);
	event_free(&ev);
}
END_TEST

Suite *project_suite(void)
{
	Suite *s = suite_create("project");

	UNIT_CASE(s, "project_name_new", setup, teardown,
	          test_project_name_nested, test_project_name_nearest,
	          test_project_name_no_git, test_project_name_worktree,
	          test_project_name_git_symlink, test_project_name_unicode,
	          test_project_name_missing, test_project_name_cut);
	UNIT_LOOP_CASE(s, "project_name_event", setup, teardown,
	               {test_project_name_event,
	                (int)(sizeof(events) / sizeof(events[0]))});
	return s;
}
