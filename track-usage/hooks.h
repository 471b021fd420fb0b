/*
 * hooks: wire track-usage and perf-metrics into an agent's configuration,
 * take them out again, and say what is wired (--install-hooks,
 * --uninstall-hooks, --doctor).
 *
 *	struct hooks_options o = {.agents = HOOKS_ALL, .track_usage = path,
 *				  .perf_metrics = path2, .out = stdout};
 *	hooks_install(&o, &err);     // or hooks_uninstall(), hooks_doctor()
 *
 * Claude Code: settings.json ($CLAUDE_CONFIG_DIR, else ~/.claude), merged
 * with jansson, every other key and hook kept; the status line only when
 * none is set.  Codex: $CODEX_HOME/hooks.json (else ~/.codex), and a
 * top-level `notify` line inserted at the top of config.toml when it has
 * none; config.toml is otherwise never rewritten.  A changed file is
 * backed up to <file>.bak-<UTC time>, then replaced atomically; a dry run
 * prints the change as a diff and writes nothing.  Running it twice
 * changes nothing.  What it says goes to o->out, one line per change or
 * finding.  -1 with err (nothing changed); hooks_doctor() returns the
 * number of problems found.
 */
#ifndef TRACK_USAGE_HOOKS_H
#define TRACK_USAGE_HOOKS_H

#include <stdio.h>

#include "error.h"

enum { HOOKS_CODEX = 1, HOOKS_CLAUDE = 2, HOOKS_ALL = 3 };

struct hooks_options {
	int agents;               /* HOOKS_CODEX, HOOKS_CLAUDE or both */
	const char *track_usage;  /* absolute paths written as the commands */
	const char *perf_metrics; /* NULL: not installed, not wired */
	const char *data_dir;     /* for the doctor */
	int dry_run;
	FILE *out;
};

/* The agents named by arg ("codex", "claude", "all"), or -1. */
int hooks_agents(const char *arg);

/*
 * The absolute path of this program (track-usage) and of perf-metrics
 * beside it or on $PATH, new strings; *perf NULL when it is not found.
 * -1 with err when this program cannot be found.
 */
int hooks_programs(char **self, char **perf, struct error *err);

int hooks_install(const struct hooks_options *o, struct error *err);
int hooks_uninstall(const struct hooks_options *o, struct error *err);
int hooks_doctor(const struct hooks_options *o);

#endif
