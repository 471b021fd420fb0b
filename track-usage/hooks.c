/*
 * Rules of this file:
 * - Our hooks are those whose command is the absolute path of one of our
 *   programs.  A hook that names the program otherwise (a hand-written
 *   "track-usage") counts as wired, so it is never doubled, and is left
 *   alone by an uninstall.
 * - Nothing is changed unless everything can be: a file that is not JSON,
 *   a "hooks" member of the wrong type, a symlink or a read-only file stop
 *   the whole command before anything is written.
 * - A file the install created is removed by the uninstall once nothing
 *   else is in it, so that installing then uninstalling leaves the
 *   configuration as it was.
 */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"
#include "store.h"
#include "timeutil.h"

enum { TU = 1, PM = 2 };

/* One event an agent fires, the programs it runs, and how. */
struct wire {
	const char *event;
	int tools;
	const char *matcher; /* tool events: "*" */
	int timeout;         /* seconds */
};

static const struct wire claude_wires[] = {
    {"SessionStart", TU | PM, NULL, 5},
    {"UserPromptSubmit", TU | PM, NULL, 5},
    {"PreToolUse", TU | PM, "*", 5},
    {"PostToolUse", TU | PM, "*", 5},
    {"PostToolUseFailure", TU | PM, "*", 5},
    {"Stop", TU, NULL, 5},
    {"SessionEnd", TU | PM, NULL, 5},
};

/* Codex clamps SessionEnd and Interrupt hooks to 3 s. */
static const struct wire codex_wires[] = {
    {"SessionStart", TU | PM, NULL, 5},
    {"UserPromptSubmit", TU | PM, NULL, 5},
    {"PreModelRequest", TU, NULL, 5},
    {"PostModelRequest", TU, NULL, 5},
    {"PreToolUse", TU | PM, "*", 5},
    {"PostToolUse", TU | PM, "*", 5},
    {"Stop", TU, NULL, 5},
    {"Interrupt", TU, NULL, 3},
    {"SessionEnd", TU | PM, NULL, 3},
};

/* One agent's configuration: the JSON file of its hooks. */
struct target {
	const char *agent; /* "claude", "codex" */
	const struct wire *wires;
	size_t n;
	char dir[4096];
	char json[4200]; /* settings.json or hooks.json */
	char toml[4200]; /* codex: config.toml, else "" */
	char *json_text; /* as read, NULL: no file */
	char *toml_text;
};

int hooks_agents(const char *arg)
{
	if (strcmp(arg, "codex") == 0)
		return HOOKS_CODEX;
	if (strcmp(arg, "claude") == 0)
		return HOOKS_CLAUDE;
	return strcmp(arg, "all") == 0 ? HOOKS_ALL : -1;
}

/* The executable called name in dir, a new string, or NULL. */
static char *in_dir(const char *dir, size_t len, const char *name)
{
	char *path = NULL, *real;

	if (asprintf(&path, "%.*s/%s", (int)len, dir, name) == -1)
		return NULL;
	real = access(path, X_OK) == 0 ? realpath(path, NULL) : NULL;
	free(path);
	return real;
}

/* name's absolute path: beside self (when not NULL), else on $PATH. */
static char *find_program(const char *self, const char *name)
{
	const char *p = getenv("PATH"), *end;
	char *found = NULL;

	if (self != NULL && strrchr(self, '/') != NULL)
		found = in_dir(self, (size_t)(strrchr(self, '/') - self), name);
	for (; found == NULL && p != NULL && *p != '\0';
	     p = end + (*end != 0)) {
		end = p + strcspn(p, ":");
		if (end > p && *p == '/')
			found = in_dir(p, (size_t)(end - p), name);
	}
	return found;
}

int hooks_programs(char **self, char **perf, struct error *err)
{
	/* Linux names the running program; elsewhere $PATH does. */
	*self = realpath("/proc/self/exe", NULL);
	if (*self == NULL)
		*self = find_program(NULL, "track-usage");
	*perf = find_program(*self, "perf-metrics");
	if (*self == NULL) {
		error_set(err, errno, "cannot find track-usage's own path");
		return -1;
	}
	return 0;
}

static const char *program(const struct hooks_options *o, int tool)
{
	return tool == TU ? o->track_usage : o->perf_metrics;
}

static const char *name_of(int tool)
{
	return tool == TU ? "track-usage" : "perf-metrics";
}

static void say(const struct hooks_options *o, const struct target *t,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(const struct hooks_options *o, const struct target *t,
                const char *fmt, ...)
{
	va_list ap;

	fprintf(o->out, "%s: ", t->agent);
	va_start(ap, fmt);
	vfprintf(o->out, fmt, ap);
	va_end(ap);
	fputc('\n', o->out);
}

/* The file's text into *text (NULL: no such file); -1 with err. */
static int slurp(const char *path, char **text, struct error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	FILE *fp;
	struct stat sb;
	size_t len = 0, cap = 4096;
	char *buf = NULL;

	*text = NULL;
	if (fd == -1 && errno == ENOENT)
		return 0;
	if (fd == -1 || fstat(fd, &sb) == -1) {
		error_set(err, errno,
		          errno == ELOOP ? "refusing symlink '%s'"
		                         : "cannot read '%s'",
		          path);
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		error_set(err, 0, "'%s' is not a regular file", path);
		return -1;
	}
	fp = fdopen(fd, "r");
	while (fp != NULL && (buf = realloc(*text, cap)) != NULL) {
		*text = buf;
		len += fread(buf + len, 1, cap - len - 1, fp);
		buf[len] = '\0';
		if (len < cap - 1)
			break;
		cap *= 2;
	}
	if (fp == NULL || buf == NULL || ferror(fp)) {
		error_set(err, errno, "cannot read '%s'", path);
		free(*text);
		*text = NULL;
		if (fp != NULL)
			fclose(fp);
		else
			close(fd);
		return -1;
	}
	fclose(fp);
	return 0;
}

static int target_open(struct target *t, int agent, struct error *err)
{
	const char *env =
	    getenv(agent == HOOKS_CLAUDE ? "CLAUDE_CONFIG_DIR" : "CODEX_HOME");
	const char *home = getenv("HOME");
	int n;

	memset(t, 0, sizeof(*t));
	t->agent = agent == HOOKS_CLAUDE ? "claude" : "codex";
	t->wires = agent == HOOKS_CLAUDE ? claude_wires : codex_wires;
	t->n = agent == HOOKS_CLAUDE
	           ? sizeof(claude_wires) / sizeof(*claude_wires)
	           : sizeof(codex_wires) / sizeof(*codex_wires);
	if (env != NULL && env[0] != '\0')
		n = snprintf(t->dir, sizeof(t->dir), "%s", env);
	else if (home != NULL && home[0] != '\0')
		n = snprintf(t->dir, sizeof(t->dir), "%s/%s", home,
		             agent == HOOKS_CLAUDE ? ".claude" : ".codex");
	else
		n = -1;
	if (n < 0 || (size_t)n >= sizeof(t->dir)) {
		error_set(err, 0,
		          "cannot find %s's configuration: HOME is "
		          "not set",
		          t->agent);
		return -1;
	}
	snprintf(t->json, sizeof(t->json), "%s/%s", t->dir,
	         agent == HOOKS_CLAUDE ? "settings.json" : "hooks.json");
	if (agent == HOOKS_CODEX)
		snprintf(t->toml, sizeof(t->toml), "%s/config.toml", t->dir);
	return slurp(t->json, &t->json_text, err) == -1 ||
	               (t->toml[0] != '\0' &&
	                slurp(t->toml, &t->toml_text, err) == -1)
	           ? -1
	           : 0;
}

static void target_close(struct target *t)
{
	free(t->json_text);
	free(t->toml_text);
}

/* The JSON file's object (a new one when there is no file); NULL with err. */
static json_t *json_of(const struct target *t, struct error *err)
{
	json_error_t jerr;
	json_t *root, *hooks;

	if (t->json_text == NULL)
		return json_object();
	root = json_loads(t->json_text, 0, &jerr);
	if (root == NULL) {
		error_set(err, 0, "'%s' is not JSON: %s (line %d)", t->json,
		          jerr.text, jerr.line);
		return NULL;
	}
	hooks = json_object_get(root, "hooks");
	if (!json_is_object(root) ||
	    (hooks != NULL && !json_is_object(hooks))) {
		error_set(err, 0, "'%s': %s is not a JSON object", t->json,
		          json_is_object(root) ? "\"hooks\"" : "the file");
		json_decref(root);
		return NULL;
	}
	return root;
}

/* 1 when hook h runs tool: our program, or a command naming it. */
static int runs(const json_t *h, const char *ours, const char *name)
{
	const char *cmd = json_string_value(json_object_get(h, "command"));
	const char *end, *base;

	if (cmd == NULL)
		return 0;
	if (ours != NULL && strcmp(cmd, ours) == 0)
		return 1;
	end = cmd + strcspn(cmd, " \t");
	for (base = end; base > cmd && base[-1] != '/'; base--)
		;
	return (size_t)(end - base) == strlen(name) &&
	       strncmp(base, name, (size_t)(end - base)) == 0;
}

/* 1 when an event's groups (an array) hold a hook that runs tool. */
static int wired(const json_t *groups, const struct hooks_options *o, int tool)
{
	size_t i, j;
	json_t *g, *h;

	json_array_foreach(groups, i, g)
	{
		json_array_foreach(json_object_get(g, "hooks"), j, h)
		{
			if (runs(h, program(o, tool), name_of(tool)))
				return 1;
		}
	}
	return 0;
}

/* Add the hooks root lacks; the number added, or -1 with err. */
static int add_hooks(json_t *root, const struct target *t,
                     const struct hooks_options *o, struct error *err)
{
	json_t *hooks = json_object_get(root, "hooks"), *groups, *group, *list;
	int added = 0;

	if (hooks == NULL &&
	    json_object_set_new(root, "hooks", hooks = json_object()) == -1)
		goto nomem;
	for (size_t i = 0; i < t->n; i++) {
		const struct wire *w = &t->wires[i];

		groups = json_object_get(hooks, w->event);
		if (groups != NULL && !json_is_array(groups)) {
			error_set(err, 0, "'%s': hooks.%s is not an array",
			          t->json, w->event);
			return -1;
		}
		list = json_array();
		for (int tool = TU; tool <= PM; tool++)
			if ((w->tools & tool) && program(o, tool) != NULL &&
			    !wired(groups, o, tool))
				json_array_append_new(
				    list, json_pack("{s:s,s:s,s:i}", "type",
				                    "command", "command",
				                    program(o, tool), "timeout",
				                    w->timeout));
		if (json_array_size(list) == 0) {
			json_decref(list);
			continue;
		}
		group = w->matcher != NULL
		            ? json_pack("{s:s,s:o}", "matcher", w->matcher,
		                        "hooks", list)
		            : json_pack("{s:o}", "hooks", list);
		if (groups == NULL)
			json_object_set_new(hooks, w->event,
			                    groups = json_array());
		if (group == NULL || json_array_append_new(groups, group) == -1)
			goto nomem;
		added += (int)json_array_size(list);
	}
	return added;
nomem:
	error_set(err, ENOMEM, "cannot change '%s'", t->json);
	return -1;
}

/* Take our hooks out of root; the number removed. */
static int remove_hooks(json_t *root, const struct hooks_options *o)
{
	json_t *hooks = json_object_get(root, "hooks"), *groups, *g, *list;
	const char *event;
	void *tmp;
	int removed = 0;

	json_object_foreach_safe(hooks, tmp, event, groups)
	{
		for (size_t i = json_array_size(groups); i-- > 0;) {
			g = json_array_get(groups, i);
			list = json_object_get(g, "hooks");
			for (size_t j = json_array_size(list); j-- > 0;) {
				const char *cmd =
				    json_string_value(json_object_get(
				        json_array_get(list, j), "command"));

				if (cmd == NULL ||
				    (strcmp(cmd, o->track_usage) != 0 &&
				     (o->perf_metrics == NULL ||
				      strcmp(cmd, o->perf_metrics) != 0)))
					continue;
				json_array_remove(list, j);
				removed++;
			}
			if (json_is_array(list) && json_array_size(list) == 0)
				json_array_remove(groups, i);
		}
		if (json_is_array(groups) && json_array_size(groups) == 0)
			json_object_del(hooks, event);
	}
	if (json_is_object(hooks) && json_object_size(hooks) == 0)
		json_object_del(root, "hooks");
	return removed;
}

/* The status line command we write: "<track-usage> --statusline". */
static char *statusline_command(const struct hooks_options *o)
{
	char *cmd = NULL;

	return asprintf(&cmd, "%s --statusline", o->track_usage) == -1 ? NULL
	                                                               : cmd;
}

/* The top-level notify line we write into config.toml. */
static char *notify_line(const struct hooks_options *o)
{
	char *line = NULL;

	if (strpbrk(o->track_usage, "\"\\\n") != NULL)
		return NULL; /* no path worth escaping for TOML */
	return asprintf(&line, "notify = [\"%s\"]\n", o->track_usage) == -1
	           ? NULL
	           : line;
}

/*
 * The top-level notify line of a config.toml (a key before any table),
 * or NULL; its length in *len.
 */
static const char *toml_notify(const char *text, size_t *len)
{
	const char *p = text;

	while (p != NULL && *p != '\0') {
		const char *s = p + strspn(p, " \t");
		const char *nl = strchr(p, '\n');

		*len = nl != NULL ? (size_t)(nl - p) + 1 : strlen(p);
		if (*s == '[')
			return NULL;
		if (strncmp(s, "notify", 6) == 0 &&
		    s[6 + strspn(s + 6, " \t")] == '=')
			return p;
		p = nl != NULL ? nl + 1 : NULL;
	}
	return NULL;
}

/* Print the change of one file as a unified diff (diff -u). */
static void show_diff(const char *path, const char *old, const char *new,
                      FILE *out)
{
	char a[] = "/tmp/hooks-old.XXXXXX", b[] = "/tmp/hooks-new.XXXXXX";
	int fa = mkstemp(a), fb = mkstemp(b);
	char la[4300], lb[4300];
	pid_t pid;
	int st;

	snprintf(la, sizeof(la), "%s", path);
	snprintf(lb, sizeof(lb), "%s (new)", path);
	if (fa != -1 && fb != -1 &&
	    write(fa, old ? old : "", old ? strlen(old) : 0) >= 0 &&
	    write(fb, new ? new : "", new ? strlen(new) : 0) >= 0) {
		char *argv[] = {"diff", "-u", "-L", la, "-L", lb, a, b, NULL};
		posix_spawn_file_actions_t fa_;

		fflush(out);
		posix_spawn_file_actions_init(&fa_);
		posix_spawn_file_actions_adddup2(&fa_, fileno(out), 1);
		if (posix_spawnp(&pid, "diff", &fa_, NULL, argv, NULL) == 0)
			waitpid(pid, &st, 0);
		posix_spawn_file_actions_destroy(&fa_);
	}
	if (fa != -1)
		close(fa), unlink(a);
	if (fb != -1)
		close(fb), unlink(b);
}

/* Copy old, the text of path, to path.bak-<UTC time>. */
static int backup(const char *path, const char *old, struct error *err)
{
	char name[4300], stamp[TIME_UTC_LEN];
	int fd;

	time_format_utc(time_now_ms(), stamp);
	snprintf(name, sizeof(name), "%s.bak-%s", path, stamp);
	fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	          0600);
	if (fd == -1 || write(fd, old, strlen(old)) != (ssize_t)strlen(old) ||
	    close(fd) == -1) {
		error_set(err, errno, "cannot back up '%s'", path);
		if (fd != -1)
			close(fd);
		return -1;
	}
	return 0;
}

/* Replace path's text old with new (NULL: remove the file). */
static int replace(const char *path, const char *old, const char *new,
                   const struct hooks_options *o, struct error *err)
{
	struct output out = {0};

	if (old != NULL && new != NULL && strcmp(old, new) == 0)
		return 0;
	if (o->dry_run) {
		show_diff(path, old, new, o->out);
		return 0;
	}
	/* A file that held only what we take out needs no copy. */
	if (old != NULL && new != NULL && backup(path, old, err) == -1)
		return -1;
	if (new == NULL) {
		if (unlink(path) == -1) {
			error_set(err, errno, "cannot remove '%s'", path);
			return -1;
		}
		return 0;
	}
	if (output_open(&out, path, err) == -1)
		return -1;
	if (fputs(new, out.fp) == EOF) {
		error_set(err, errno, "cannot write '%s'", path);
		output_abort(&out);
		return -1;
	}
	return output_commit(&out, err);
}

/* A file we would change must be ours to change. */
static int writable(const char *path, const char *text, struct error *err)
{
	if (text != NULL && access(path, W_OK) == -1) {
		error_set(err, errno, "cannot change '%s'", path);
		return -1;
	}
	return 0;
}

static char *dump(const json_t *root)
{
	char *text = json_dumps(root, JSON_INDENT(2)), *line = NULL;

	if (text != NULL && asprintf(&line, "%s\n", text) == -1)
		line = NULL;
	free(text);
	return line;
}

/* One agent: the new texts of its files, said and written. */
static int apply_to(struct target *t, int install,
                    const struct hooks_options *o, struct error *err)
{
	json_t *root = json_of(t, err), *sl;
	char *json_new = NULL, *toml_new = NULL, *line = NULL, *mine = NULL;
	const char *at;
	size_t len = 0;
	int n, ret = -1;

	if (root == NULL)
		return -1;
	n = install ? add_hooks(root, t, o, err) : remove_hooks(root, o);
	if (n == -1)
		goto out;
	say(o, t, "%s%s %d hook%s %s %s", o->dry_run ? "would " : "",
	    install ? (o->dry_run ? "add" : "added")
	            : (o->dry_run ? "remove" : "removed"),
	    n, n == 1 ? "" : "s", install ? "to" : "from", t->json);
	mine = statusline_command(o);
	sl = json_object_get(root, "statusLine");
	if (strcmp(t->agent, "claude") == 0 && mine != NULL) {
		const char *cmd =
		    json_string_value(json_object_get(sl, "command"));

		if (install && sl == NULL)
			json_object_set_new(root, "statusLine",
			                    json_pack("{s:s,s:s}", "type",
			                              "command", "command",
			                              mine));
		else if (!install && cmd != NULL && strcmp(cmd, mine) == 0)
			json_object_del(root, "statusLine");
		else if (install && (cmd == NULL || strcmp(cmd, mine) != 0))
			say(o, t,
			    "a status line is already set (%s): left alone",
			    cmd != NULL ? cmd : "not a command");
	}
	/* A file that holds nothing but what we took out goes. */
	if (!(t->json_text == NULL && !install) &&
	    !(json_object_size(root) == 0 && !install)) {
		json_new = dump(root);
		if (json_new == NULL)
			goto nomem;
	}
	if (t->toml[0] != '\0' && (line = notify_line(o)) != NULL) {
		const char *text = t->toml_text != NULL ? t->toml_text : "";

		at = toml_notify(text, &len);
		if (install && at == NULL) {
			if (asprintf(&toml_new, "%s%s", line, text) == -1)
				goto nomem;
		} else if (install && (len != strlen(line) ||
		                       strncmp(at, line, len) != 0)) {
			say(o, t, "notify is already set in %s: left alone",
			    t->toml);
		} else if (!install && at != NULL && len == strlen(line) &&
		           strncmp(at, line, len) == 0) {
			toml_new = malloc(strlen(text) + 1);
			if (toml_new == NULL)
				goto nomem;
			memcpy(toml_new, text, (size_t)(at - text));
			strcpy(toml_new + (at - text), at + len);
		}
	}
	if (writable(t->json, t->json_text, err) == -1 ||
	    (toml_new != NULL && writable(t->toml, t->toml_text, err) == -1))
		goto out;
	if (install && !o->dry_run && store_mkdir(t->dir, err) == -1)
		goto out;
	if (replace(t->json, t->json_text, json_new, o, err) == -1)
		goto out;
	if (toml_new != NULL &&
	    replace(t->toml, t->toml_text, toml_new[0] ? toml_new : NULL, o,
	            err) == -1)
		goto out;
	if (toml_new != NULL)
		say(o, t, "%s%s notify in %s", o->dry_run ? "would " : "",
		    install ? "set" : (o->dry_run ? "remove" : "removed"),
		    t->toml);
	ret = 0;
	goto out;
nomem:
	error_set(err, ENOMEM, "cannot change %s's configuration", t->agent);
out:
	json_decref(root);
	free(json_new);
	free(toml_new);
	free(line);
	free(mine);
	return ret;
}

/*
 * Every agent's target is read and checked before any is written, so
 * that a bad file of one leaves the other unchanged too.
 */
static int run(const struct hooks_options *o, int install, struct error *err)
{
	struct target t[2];
	int agents[2] = {HOOKS_CODEX, HOOKS_CLAUDE}, opened = 0, ret = -1;
	json_t *check;

	for (int i = 0; i < 2; i++) {
		if (!(o->agents & agents[i]))
			continue;
		if (target_open(&t[opened], agents[i], err) == -1)
			goto out;
		opened++;
		check = json_of(&t[opened - 1], err);
		if (check == NULL)
			goto out;
		json_decref(check);
	}
	for (int i = 0; i < opened; i++)
		if (apply_to(&t[i], install, o, err) == -1)
			goto out;
	ret = 0;
out:
	for (int i = 0; i < opened; i++)
		target_close(&t[i]);
	return ret;
}

int hooks_install(const struct hooks_options *o, struct error *err)
{
	return run(o, 1, err);
}

int hooks_uninstall(const struct hooks_options *o, struct error *err)
{
	return run(o, 0, err);
}

/* 1 when program runs: `program --version` exits 0. */
static int program_runs(const char *path)
{
	char *argv[] = {(char *)path, "--version", NULL};
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st = -1;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, path, &fa, NULL, argv, NULL) == 0)
		waitpid(pid, &st, 0);
	posix_spawn_file_actions_destroy(&fa);
	return st == 0;
}

/* Codex lines "[[hooks.EVENT.hooks]]" then "command = ..." running tool. */
static int toml_wired(const char *text, const char *event, const char *name)
{
	char head[96];
	const char *p = text, *cmd;

	snprintf(head, sizeof(head), "[[hooks.%s.hooks]]", event);
	while (text != NULL && (p = strstr(p, head)) != NULL) {
		p += strlen(head);
		cmd = strstr(p, "command");
		if (cmd != NULL &&
		    (strstr(p, "[[") == NULL || cmd < strstr(p, "[[")) &&
		    strstr(cmd, name) != NULL &&
		    strstr(cmd, name) < strchr(cmd, '\n'))
			return 1;
	}
	return 0;
}

/*
 * The timestamp of the last event the agent recorded in dir's logs of the
 * last week into when; 0, or -1 when there is none.
 */
static int last_event(const char *dir, const char *agent, char *when,
                      size_t len)
{
	char today[TIME_DATE_LEN], date[TIME_DATE_LEN], path[4200], key[32];
	char *text, *line, *found = NULL;
	struct error err = {0};
	json_t *rec;

	snprintf(key, sizeof(key), "\"agent\":\"%s\"", agent);
	time_local_date(time_now_ms(), today);
	for (int back = 0; back < 7 && found == NULL; back++) {
		time_date_add(today, -back, date);
		snprintf(path, sizeof(path), "%s/usage-%s.jsonl", dir, date);
		if (slurp(path, &text, &err) == -1 || text == NULL)
			continue;
		for (line = strtok(text, "\n"); line != NULL;
		     line = strtok(NULL, "\n"))
			if (strstr(line, key) != NULL)
				found = line;
		rec = found != NULL ? json_loads(found, 0, NULL) : NULL;
		snprintf(
		    when, len, "%s",
		    json_string_value(json_object_get(rec, "timestamp"))
		        ? json_string_value(json_object_get(rec, "timestamp"))
		        : "");
		json_decref(rec);
		free(text);
	}
	return found != NULL && when[0] != '\0' ? 0 : -1;
}

static int doctor_one(struct target *t, const struct hooks_options *o,
                      const char *data)
{
	char when[TIME_UTC_LEN + 8];
	struct error err = {0};
	json_t *root = json_of(t, &err), *hooks;
	char buf[400], *mine = statusline_command(o);
	int problems = 0;

	if (root == NULL) {
		say(o, t, "%s", error_text(&err, buf, sizeof(buf)));
		free(mine);
		return 1;
	}
	hooks = json_object_get(root, "hooks");
	for (size_t i = 0; i < t->n; i++) {
		const struct wire *w = &t->wires[i];
		json_t *groups = json_object_get(hooks, w->event);
		char have[64] = "", missing[64] = "";

		for (int tool = TU; tool <= PM; tool++) {
			char *into;

			if (!(w->tools & tool))
				continue;
			into = wired(groups, o, tool) ||
			               toml_wired(t->toml_text, w->event,
			                          name_of(tool))
			           ? have
			           : missing;
			snprintf(into + strlen(into), 64 - strlen(into), "%s%s",
			         into[0] ? ", " : "", name_of(tool));
		}
		if (missing[0] != '\0') {
			say(o, t, "%s: missing %s", w->event, missing);
			problems++;
		} else {
			say(o, t, "%s: %s", w->event, have);
		}
	}
	if (strcmp(t->agent, "claude") == 0) {
		const char *cmd = json_string_value(json_object_get(
		    json_object_get(root, "statusLine"), "command"));

		say(o, t, "status line: %s",
		    cmd == NULL                              ? "not set"
		    : mine != NULL && strcmp(cmd, mine) == 0 ? "track-usage"
		                                             : cmd);
	} else {
		size_t len = 0;
		const char *at = t->toml_text != NULL
		                     ? toml_notify(t->toml_text, &len)
		                     : NULL;
		char trust[4300];

		if (at == NULL) {
			say(o, t,
			    "notify: missing (turn ends of sessions "
			    "without hooks are not counted)");
			problems++;
		} else {
			say(o, t, "notify: %.*s", (int)len - 1, at);
		}
		if (t->toml_text != NULL && strstr(t->toml_text, "[[hooks.") &&
		    json_object_size(hooks) > 0)
			say(o, t,
			    "hooks in both %s and %s: Codex warns and runs "
			    "both; keep one",
			    t->json, t->toml);
		snprintf(trust, sizeof(trust), "[hooks.state.\"%s:", t->json);
		if (json_object_size(hooks) > 0 &&
		    (t->toml_text == NULL ||
		     strstr(t->toml_text, trust) == NULL)) {
			say(o, t,
			    "hooks not trusted yet: start codex and choose "
			    "\"Trust all and continue\" (codex exec skips "
			    "untrusted hooks; --dangerously-bypass-hook-trust "
			    "runs them)");
			problems++;
		}
	}
	if (data != NULL && last_event(data, t->agent, when, sizeof(when)) == 0)
		say(o, t, "last event recorded: %s", when);
	else
		say(o, t, "no event recorded in the last week");
	json_decref(root);
	free(mine);
	return problems;
}

int hooks_doctor(const struct hooks_options *o)
{
	struct target t;
	struct error err = {0};
	char buf[400];
	int problems = 0, agents[2] = {HOOKS_CODEX, HOOKS_CLAUDE};
	const char *tools[2] = {o->track_usage, o->perf_metrics};
	char *dir = store_data_dir(o->data_dir, &err);
	struct stat sb;

	for (int i = 0; i < 2; i++) {
		if (tools[i] == NULL || !program_runs(tools[i])) {
			fprintf(o->out, "%s: does not run (%s)\n",
			        name_of(i + 1),
			        tools[i] != NULL ? tools[i] : "not found");
			problems++;
		}
	}
	if (dir == NULL || (stat(dir, &sb) == 0 && access(dir, W_OK) == -1)) {
		fprintf(o->out, "data directory: %s\n",
		        dir == NULL ? error_text(&err, buf, sizeof(buf))
		                    : "not writable");
		problems++;
	} else {
		fprintf(o->out, "data directory: %s%s\n", dir,
		        stat(dir, &sb) == 0 ? ""
		                            : " (created by the first event)");
	}
	for (int i = 0; i < 2; i++) {
		if (!(o->agents & agents[i]))
			continue;
		if (target_open(&t, agents[i], &err) == -1) {
			fprintf(o->out, "%s\n",
			        error_text(&err, buf, sizeof(buf)));
			problems++;
			continue;
		}
		problems += doctor_one(&t, o, dir);
		target_close(&t);
	}
	free(dir);
	return problems;
}
