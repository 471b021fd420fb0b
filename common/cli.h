/*
 * cli: what both tools' main() share: exit codes, reading a hook event from
 * its channels, and what the terminal allows (colour, width, Unicode).
 *
 * Nothing here prints or exits; main() decides what the user sees.
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

enum cli_color_mode { CLI_COLOR_AUTO, CLI_COLOR_NEVER, CLI_COLOR_ALWAYS };

enum cli_mode {
	CLI_HOOK,
	CLI_REPORT,
	CLI_REBUILD,
	CLI_CHECKPOINT,
	CLI_STATUSLINE, /* track-usage only */
	CLI_PRUNE,
	CLI_HELP,
	CLI_VERSION,
};

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_PROMETHEUS };

/* The command line both tools accept (docs/design.md §8). */
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
	const char *by;          /* --by: "day", "week", "month", "session",
	                          * "project" (track-usage), or NULL */
};

/* What a report may use of the terminal; main() fills it in. */
struct report_options {
	enum report_format format;
	int color;          /* 1: ANSI colour allowed */
	int columns;        /* width to fit */
	int utf8;           /* 1: Unicode block characters allowed */
	const void *prices; /* track-usage: the price file (json_t), or NULL */
};

/*
 * Parse argv into o.  -1 with err ("unknown option '--x'") on a usage
 * error, for main() to print and exit EXIT_USAGE: an unknown option or
 * format, an invalid date or count of days, a range or --output without
 * --report, a range with --format prometheus (which exports the
 * cumulative figures only).
 */
int cli_parse(int argc, char **argv, struct cli_options *o, struct error *err);

/*
 * The report options for stdout, or for the --output file (no terminal:
 * colour only with --color=always, width $COLUMNS or 80): colour, width and
 * Unicode as allowed.
 */
void cli_report_options(const struct cli_options *o, struct report_options *r);

/*
 * The shared runner (tmux's cmd_entry is the model): a tool is a table of
 * what differs, and cli_run() runs the mode of the command line.  The
 * tool's own modes (its hook, track-usage's status line) are entries; the
 * report's skeleton (a view, the --output file) is shared and calls the
 * tool's report.  cli_run returns the status to exit with and, when it is
 * not EXIT_RECORDED, err says why: main() speaks.
 */
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
	void (*warn)(const char *msg);
	const struct cli_entry *entries; /* ends with a NULL run */
};

int cli_run(const struct cli_tool *t, const struct cli_options *o,
            struct error *err);

/*
 * Read the event of a hook run: stdin (pipe, socket or file, bounded) and
 * o's notify JSON, merged with the environment by event_parse(), and, for
 * a tool that records projects, the event's project named.  -1 with err
 * when no channel names an event type or stdin cannot be read.
 */
int cli_read_event(const struct cli_options *o, const struct cli_tool *t,
                   struct event *ev, struct error *err);

/*
 * A report's view of o's data directory (store_view): its documents with
 * the log applied, never written.  *dir gets the directory's name (free
 * it; it may be set on failure too).  NULL with err.
 */
struct store *cli_open_view(const struct cli_options *o,
                            const struct cli_tool *t, char **dir,
                            struct error *err);

/*
 * The summary a report prints, a new reference in *summary (NULL when
 * there is none yet): the tool's summary, or for a range, and for CSV (one
 * row per day, every day), the day files of the range added up by sum.
 * today is the local date a range ends at by default.  0, or -1 with err.
 */
int cli_report_summary(const struct cli_options *o,
                       const struct store_tool *tool,
                       const struct range_sum *sum, struct docs *docs,
                       const char *today, json_t **summary, struct error *err);

/* 1 when DEBUG=1: one line per step on stderr. */
int cli_debug(void);

#endif
