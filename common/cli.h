/*
 * cli: what both tools' main() share: the command line (docs/design.md
 * §8), exit codes, reading a hook event, and what the terminal allows.
 *
 * A tool is a table of what differs (tmux's cmd_entry is the model):
 * main() calls cli_main(&tool, argc, argv), which runs the mode of the
 * command line: the tool's own entries (its hook, track-usage's status
 * line), else the shared ones (report, rebuild, checkpoint, prune, help,
 * version).  An entry returns the exit status, and when it is not
 * EXIT_RECORDED err says why, for cli_main() to print.
 */
#ifndef COMMON_CLI_H
#define COMMON_CLI_H

#include <stdio.h>

#include "error.h"
#include "event.h"
#include "prune.h"
#include "range.h"
#include "store.h"

enum {
	EXIT_RECORDED = 0, /* recorded, or deliberately ignored */
	EXIT_FAILED = 1,   /* could not record; never 2 (agents block on 2) */
	EXIT_USAGE = 64,   /* bad command line outside hook mode (EX_USAGE) */
};

/* The help of the options both tools take, for main()'s help text. */
#define CLI_HELP_REPORT                                                        \
	"  --format FORMAT   text (default), json, csv (one row per day) or\n" \
	"                    prometheus (node_exporter textfile format)\n"     \
	"  --json            same as --format json\n"                          \
	"  --since DATE      report from DATE (YYYY-MM-DD, local), from the\n" \
	"                    day files\n"                                      \
	"  --until DATE      report up to DATE, included\n"                    \
	"  --days N          report the last N days, today included\n"         \
	"  --output FILE     write the report to FILE, atomically\n"
#define CLI_HELP_COMMON                                                        \
	"  --data-dir DIR    data directory (default $CODEX_ANALYTICS_DIR,\n"  \
	"                    $CODEX_HOME/analytics, ~/.codex/analytics)\n"     \
	"  --no-color        no colour, even on a terminal\n"                  \
	"  --color=WHEN      auto, always or never\n"                          \
	"  --help            show this help\n"                                 \
	"  --version         show the version\n"

enum cli_color_mode { CLI_COLOR_AUTO, CLI_COLOR_NEVER, CLI_COLOR_ALWAYS };

#define CLI_BUDGETS_MAX 16

enum cli_mode {
	CLI_HOOK,
	CLI_REPORT,
	CLI_REBUILD,
	CLI_CHECKPOINT,
	CLI_STATUSLINE, /* track-usage only, as the three below */
	CLI_INSTALL_HOOKS,
	CLI_UNINSTALL_HOOKS,
	CLI_DOCTOR,
	CLI_CHECK, /* track-usage only: Nagios exit codes, not a hook's */
	CLI_PRUNE,
	CLI_HELP,
	CLI_VERSION,
};

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_PROMETHEUS };

struct cli_options {
	enum cli_mode mode;
	const char *data_dir; /* --data-dir, or NULL */
	enum report_format format;
	enum cli_color_mode color;
	const char *notify_json; /* the one argument allowed: notify's JSON */
	const char *since;       /* --since, a valid date, or NULL */
	const char *until;       /* --until, a valid date, or NULL */
	long days;               /* --days, or 0 */
	const char *output;      /* --output FILE, or NULL: stdout */
	long prune_days;         /* --prune DAYS (mode CLI_PRUNE) */
	const char *by;          /* --by (track-usage), or NULL */
	const char *mode_name;   /* the mode option given ("report"), or NULL */
	const char *agent;       /* --install-hooks/--uninstall-hooks AGENT */
	int dry_run;             /* --dry-run */
	const char *budget[CLI_BUDGETS_MAX]; /* --budget KEY=VALUE (--check) */
	int budgets; /* how many given: over CLI_BUDGETS_MAX, the first kept */
};

/* What a report may use of the terminal (cli_report_options()). */
struct report_options {
	enum report_format format;
	int color;          /* 1: ANSI colour allowed */
	int columns;        /* width to fit */
	int utf8;           /* 1: Unicode block characters allowed */
	const void *prices; /* track-usage: the price file (json_t), or NULL */
};

struct cli_tool;

struct cli_entry {
	enum cli_mode mode;
	int (*run)(const struct cli_options *o, const struct cli_tool *t,
	           struct error *err);
};

struct cli_tool {
	const char *prog;
	const char *help; /* the text of --help */
	const struct store_tool *store;
	int by;       /* takes --by */
	int projects; /* records the events' projects */
	/* Write the report of docs (a view of dir) to out; -1 with err. */
	int (*report)(FILE *out, const struct cli_options *o, struct docs *docs,
	              const char *dir, struct error *err);
	const struct cli_entry *entries; /* ends with a NULL run */
};

int cli_main(const struct cli_tool *t, int argc, char **argv);

/*
 * Parse argv into o.  -1 with err on a usage error: an unknown option or
 * format, an invalid date or count of days, a range or --output without
 * --report, a range or --by with --format prometheus.
 */
int cli_parse(int argc, char **argv, struct cli_options *o, struct error *err);

/* "prog: warning: msg" on stderr: every store's and event's warnings. */
void cli_warn(const char *msg);

/* DEBUG=1: "prog: debug: step arg" on stderr. */
void cli_debug(const char *step, const char *arg);

/*
 * The event of a hook run: stdin (bounded, never waited on past its
 * deadline) and o's notify JSON, parsed by event_parse(), with its project
 * named when t records projects and its warnings said.  -1 with err when
 * no channel names an event type or stdin cannot be read.
 */
int cli_read_event(const struct cli_options *o, const struct cli_tool *t,
                   struct event *ev, struct error *err);

/* store_open() of dir with the options of the environment; NULL with err. */
struct store *cli_open_store(const char *dir, const struct cli_tool *t,
                             struct error *err);

/*
 * A report's view of o's data directory, caught up with the log; *dir
 * gets the directory's name (free it, also on failure).  NULL with err.
 */
struct store *cli_open_view(const struct cli_options *o,
                            const struct cli_tool *t, char **dir,
                            struct error *err);

/*
 * The summary a report prints, a new reference in *summary (NULL: none
 * yet): the tool's, or for a range, and for CSV (a row per day), the day
 * files of the range added up by sum.  today ends a --days range.
 */
int cli_report_summary(const struct cli_options *o,
                       const struct store_tool *tool,
                       const struct range_sum *sum, struct docs *docs,
                       const char *today, json_t **summary, struct error *err);

/* Colour, width and Unicode for stdout, or for the --output file. */
void cli_report_options(const struct cli_options *o, struct report_options *r);

#endif
