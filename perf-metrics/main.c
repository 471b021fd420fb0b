/*
 * perf-metrics: system performance during AI coding agent work, run as a
 * hook.
 *
 * Hook mode (no mode option): one event's straight line,
 *	read the event from its channels      cli_read_event     (common/)
 *	not a sampled event: exit 0, nothing written
 *	read the last sample logged            store_last_record  (common/)
 *	take the sample                        sample_new         (sample.c)
 *	lock, mend the log                     store_open         (common/)
 *	append the sample, sync                store_append       (common/)
 *	at a turn or session boundary, or a
 *	  second after the last one, checkpoint store_checkpoint  (common/ +
 *apply.c) silent on stdout, exit 0 or 1, never 2.  The sample is taken before
 *the lock is taken, so that its short wait for a second CPU reading (when the
 * last sample is stale) never holds up other hooks.
 *
 * Other modes: --report (a view: the documents and the log lines after
 * them, read without the lock), --checkpoint, --rebuild, --prune.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"
#include "output.h"
#include "range.h"
#include "report.h"
#include "sample.h"
#include "store.h"
#include "timeutil.h"

static const char *prog = "perf-metrics";

static const struct store_tool tool = {
    .lock_name = ".metrics.lock",
    .prefix = METRICS_PREFIX,
    .summary_name = METRICS_SUMMARY,
    .apply = metrics_apply,
};

/* How a range report adds the day files up (report.h). */
static const struct range_sum days_sum = {
    .new = metrics_days_new,
    .add = metrics_days_add_cb,
    .finish = metrics_days_finish,
};

static void usage(FILE *out)
{
	fprintf(
	    out,
	    "Usage: %s [--data-dir DIR] [NOTIFY-JSON]\n"
	    "       %s --report [--format FORMAT] [--since DATE] [--until "
	    "DATE]\n"
	    "                   [--days N] [--output FILE] [--no-color] "
	    "[--data-dir DIR]\n"
	    "       %s --checkpoint | --rebuild [--data-dir DIR]\n"
	    "       %s --prune DAYS [--data-dir DIR]\n"
	    "\n"
	    "Sample CPU, memory and disk use on an AI coding agent's events "
	    "(run as\n"
	    "a hook: session_start, task_start, command_start and session_end "
	    "are\n"
	    "sampled, other events ignored), or report on the samples.\n"
	    "\n"
	    "  --report          print the performance report\n"
	    "  --format FORMAT   text (default), json, csv (one row per day) "
	    "or\n"
	    "                    prometheus (node_exporter textfile format)\n"
	    "  --json            same as --format json\n"
	    "  --since DATE      report from DATE (YYYY-MM-DD, local), from "
	    "the day files\n"
	    "  --until DATE      report up to DATE, included\n"
	    "  --days N          report the last N days, today included\n"
	    "  --output FILE     write the report to FILE atomically, not "
	    "stdout\n"
	    "  --checkpoint      bring the summaries up to the log now (for "
	    "jq)\n"
	    "  --rebuild         recompute every summary from the JSON Lines "
	    "logs\n"
	    "  --prune DAYS      fold the logs older than DAYS days into the "
	    "base\n"
	    "                    metrics-base.json, then delete them and their "
	    "day files\n"
	    "  --data-dir DIR    data directory (default "
	    "$CODEX_ANALYTICS_DIR,\n"
	    "                    $CODEX_HOME/analytics, ~/.codex/analytics)\n"
	    "  --no-color        no colour, even on a terminal\n"
	    "  --color=WHEN      auto, always or never\n"
	    "  --help            show this help\n"
	    "  --version         show the version\n"
	    "\n"
	    "Environment: CODEX_PERF_ALERT_CPU, CODEX_PERF_ALERT_MEM,\n"
	    "CODEX_PERF_ALERT_DISK (alert thresholds, percent), "
	    "CODEX_PERF_DISK_PATH\n"
	    "(default /), CODEX_PERF_SAMPLE_MS (CPU sampling interval when no "
	    "recent\n"
	    "reading is kept, default 100).\n"
	    "\n"
	    "Exit status: 0 recorded (or ignored), 1 could not record, 64 "
	    "usage error.\n",
	    prog, prog, prog, prog);
}

static void say_error(const struct error *err)
{
	char buf[512];

	fprintf(stderr, "%s: %s\n", prog, error_text(err, buf, sizeof(buf)));
}

static void say_warning(const char *msg)
{
	fprintf(stderr, "%s: warning: %s\n", prog, msg);
}

/* DEBUG=1: one line per step. */
static void debug(const char *step, const char *arg)
{
	if (cli_debug())
		fprintf(stderr, "%s: debug: %s %s\n", prog, step, arg);
}

/* One line on stderr per threshold the sample is at or over. */
static void say_alerts(const json_t *sample, const struct sample_options *so)
{
	char line[128];

	for (size_t i = 0;
	     sample_alert_describe(sample, so, i, line, sizeof(line)) == 0; i++)
		fprintf(stderr, "%s: alert: %s\n", prog, line);
}

static int run_hook(const struct cli_options *o)
{
	struct event ev = {0};
	struct error err = {0};
	struct sample_options so;
	struct store_options sopts;
	struct store *st = NULL;
	json_t *previous = NULL, *record = NULL, *lines = NULL;
	struct sample_reading prev;
	int64_t written_ms = 0;
	char *dir = NULL;
	int due, status = EXIT_FAILED;

	if (cli_read_event(o->notify_json, &ev, &err) == -1)
		goto out;
	if (ev.warning[0] != '\0')
		say_warning(ev.warning);
	if (ev.debug_warning[0] != '\0' && cli_debug())
		say_warning(ev.debug_warning);
	debug("read event", ev.type);
	if (!sample_wanted(ev.type)) {
		debug("not sampled:", ev.type);
		status = EXIT_RECORDED;
		goto out;
	}
	dir = store_data_dir(o->data_dir, &err);
	if (dir == NULL)
		goto out;
	previous = store_last_record(dir, &tool, &written_ms, &err);
	if (previous == NULL && err.what[0] != '\0')
		goto out;
	debug(previous != NULL ? "read the last sample in"
	                       : "no last sample in",
	      dir);
	sample_options_from_env(&so);
	if (so.warning[0] != '\0')
		say_warning(so.warning);
	record = sample_new(&ev, &so,
			    sample_reading_of(previous, written_ms, &prev)
				    ? &prev
				    : NULL,
			    &err);
	if (record == NULL)
		goto out;
	debug("sampled", ev.type);
	say_alerts(record, &so);
	store_options_from_env(&sopts);
	sopts.warn = say_warning;
	st = store_open(dir, &tool, &sopts, &err);
	if (st == NULL)
		goto out;
	debug("locked", dir);
	lines = json_pack("[O]", record);
	if (lines == NULL) {
		error_set(&err, ENOMEM, "cannot record the sample");
		goto out;
	}
	/* A checkpoint's documents are read first: a newer version's
	 * stop the event before anything is logged. */
	due = store_checkpoint_due(st, ev.type);
	if (due && store_docs(st, &err) == NULL)
		goto out;
	if (store_append(st, lines, &err) == -1)
		goto out;
	debug("logged", ev.type);
	if (due && store_checkpoint(st, &err) == -1)
		goto out;
	if (due)
		debug("checkpointed", ev.type);
	/* Earlier versions kept the last reading in a file of their own. */
	if (strcmp(ev.type, "session_start") == 0)
		unlinkat(store_dirfd(st), ".metrics-state.json", 0);
	status = EXIT_RECORDED;
out:
	if (status != EXIT_RECORDED)
		say_error(&err);
	store_close(st);
	json_decref(previous);
	json_decref(record);
	json_decref(lines);
	event_free(&ev);
	free(dir);
	return status;
}

static int run_rebuild(const struct cli_options *o)
{
	struct error err = {0};

	if ((o->mode == CLI_CHECKPOINT
	         ? cli_checkpoint(o, &tool, say_warning, &err)
	         : cli_rebuild(o, &tool, say_warning, &err)) == -1) {
		say_error(&err);
		return EXIT_FAILED;
	}
	return EXIT_RECORDED;
}

/* --prune DAYS: under the lock; says on stdout what it removed. */
static int run_prune(const struct cli_options *o)
{
	struct error err = {0};
	struct prune_result res;
	char line[256];

	if (cli_prune(o, &tool, say_warning, &res, &err) == -1) {
		say_error(&err);
		return EXIT_FAILED;
	}
	prune_describe(&res, line, sizeof(line));
	printf("%s\n", line);
	return EXIT_RECORDED;
}

static int run_report(const struct cli_options *o)
{
	struct error err = {0};
	struct report_options ropts;
	struct output out = {0};
	json_t *summary = NULL, *today;
	char date[TIME_DATE_LEN], day[40];
	char *dir = NULL;
	struct store *view;
	struct docs *docs;
	int status = EXIT_FAILED;

	view = cli_open_view(o, &tool, say_warning, &dir, &err);
	if (view == NULL)
		goto out;
	docs = store_docs(view, &err);
	time_local_date(time_now_ms(), date);
	metrics_day_name(date, day, sizeof(day));
	if (cli_report_summary(o, &tool, &days_sum, docs, date, &summary,
	                       &err) == -1)
		goto out;
	today = docs_peek(docs, day);
	cli_report_options(o, &ropts);
	if (output_open(&out, o->output, &err) == -1)
		goto out;
	if (metrics_report(out.fp, summary, today, date, dir, &ropts) == -1) {
		error_set(&err, errno, "cannot write the report");
		output_abort(&out);
		goto out;
	}
	if (output_commit(&out, &err) == -1)
		goto out;
	status = EXIT_RECORDED;
out:
	if (status != EXIT_RECORDED)
		say_error(&err);
	store_close(view);
	json_decref(summary);
	free(dir);
	return status;
}

int main(int argc, char **argv)
{
	struct cli_options o;
	struct error err = {0};
	int status;

	/* Seed jansson's hashes here: by default it reads /dev/urandom. */
	json_object_seed((size_t)getpid() ^ (size_t)time_now_ms());
	if (cli_parse(argc, argv, &o, &err) == -1) {
		say_error(&err);
		return EXIT_USAGE;
	}
	if (o.by != NULL) {
		fprintf(stderr, "%s: --by is track-usage's (see --help)\n",
		        prog);
		return EXIT_USAGE;
	}
	switch (o.mode) {
	case CLI_HOOK:
		return run_hook(&o);
	case CLI_HELP:
		usage(stdout);
		status = EXIT_RECORDED;
		break;
	case CLI_VERSION:
		printf("%s (codex-analytics) %s\n", prog, PROJECT_VERSION);
		status = EXIT_RECORDED;
		break;
	case CLI_REPORT:
		status = run_report(&o);
		break;
	case CLI_STATUSLINE:
		fprintf(stderr,
		        "%s: --statusline is track-usage's (see --help)\n",
		        prog);
		status = EXIT_USAGE;
		break;
	case CLI_PRUNE:
		status = run_prune(&o);
		break;
	default: /* CLI_REBUILD, CLI_CHECKPOINT */
		status = run_rebuild(&o);
		break;
	}
	if (fclose(stdout) == EOF && status == EXIT_RECORDED) {
		fprintf(stderr, "%s: cannot write to stdout: %s\n", prog,
		        strerror(errno));
		status = EXIT_FAILED;
	}
	return status;
}
