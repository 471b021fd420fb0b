/*
 * perf-metrics: system performance during AI coding agent work, as a hook.
 *
 * One event's straight line (hook mode):
 *	read the event from its channels   cli_read_event     common/cli.c
 *	not a sampled event: exit 0, nothing written
 *	read the last sample logged         store_last_record  common/store.c
 *	take the sample                     sample_new         sample.c
 *	lock, mend the log                  store_open         common/store.c
 *	at a boundary, the documents
 *	  caught up with the log            store_docs         common/, apply.c
 *	append the sample, sync             store_append       common/store.c
 *	at a boundary, or a second after
 *	  the last one, checkpoint          store_checkpoint   common/, apply.c
 * silent on stdout, exit 0 or 1, never 2.  The sample is taken before the
 * lock, so that its short wait for a second CPU reading never holds up
 * other hooks.  The other modes are common/cli.c's, with this report.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"
#include "report.h"
#include "sample.h"
#include "store.h"
#include "timeutil.h"

static const char help[] =
    "Usage: perf-metrics [--data-dir DIR] [NOTIFY-JSON]\n"
    "       perf-metrics --report [--format FORMAT] [--since DATE]\n"
    "                    [--until DATE] [--days N] [--output FILE]\n"
    "                    [--no-color] [--data-dir DIR]\n"
    "       perf-metrics --checkpoint | --rebuild [--data-dir DIR]\n"
    "       perf-metrics --prune DAYS [--data-dir DIR]\n"
    "\n"
    "Sample CPU, memory and disk use on an AI coding agent's events (run\n"
    "as a hook: session_start, task_start, command_start, command_end and\n"
    "session_end are sampled, other events ignored), or report on the\n"
    "samples.\n"
    "\n"
    "  --report          print the performance report\n" CLI_HELP_REPORT
    "  --checkpoint      bring the summaries up to the log now (for jq)\n"
    "  --rebuild         recompute every summary from the JSON Lines logs\n"
    "  --prune DAYS      fold the logs older than DAYS days into the base\n"
    "                    metrics-base.json, then delete them and their day\n"
    "                    files\n" CLI_HELP_COMMON "\n"
    "Environment: CODEX_PERF_ALERT_CPU, CODEX_PERF_ALERT_MEM,\n"
    "CODEX_PERF_ALERT_DISK (alert thresholds, percent),\n"
    "CODEX_PERF_ALERT_AGENT_MB (the agent's memory, MiB), "
    "CODEX_PERF_DISK_PATH\n"
    "(default /), CODEX_PERF_SAMPLE_MS (CPU sampling interval when the last\n"
    "sample is over a minute old, default 100).\n"
    "\n"
    "Exit status: 0 recorded (or ignored), 1 could not record, 64 usage\n"
    "error.\n";

static const struct store_tool store_tool = {
    .lock_name = ".metrics.lock",
    .prefix = METRICS_PREFIX,
    .summary_name = METRICS_SUMMARY,
    .apply = metrics_apply,
};

/* How a range report adds the day files up (report.h). */
static const struct range_sum days_sum = {
    .new = metrics_days_new,
    .add = metrics_days_add_cb,
    .finish = range_finish,
};

/* One line on stderr per threshold the sample is at or over. */
static void say_alerts(const json_t *sample, const struct sample_options *so)
{
	char line[128];

	for (size_t i = 0;
	     sample_alert_describe(sample, so, i, line, sizeof(line)) == 0; i++)
		fprintf(stderr, "perf-metrics: alert: %s\n", line);
}

/* The sample of ev, against the last one logged in dir when it serves. */
static json_t *take_sample(const struct event *ev, const char *dir,
                           struct error *err)
{
	struct sample_options so;
	struct sample_reading prev;
	int64_t written_ms = 0;
	json_t *last = store_last_record(dir, &store_tool, &written_ms, err);
	json_t *sample = NULL;

	if (last == NULL && err->what[0] != '\0')
		return NULL;
	cli_debug(last != NULL ? "read the last sample in"
	                       : "no last sample in",
	          dir);
	sample_options_from_env(&so);
	if (so.warning[0] != '\0')
		cli_warn(so.warning);
	sample = sample_new(
	    ev, &so, sample_reading_of(last, written_ms, &prev) ? &prev : NULL,
	    err);
	json_decref(last);
	if (sample != NULL)
		say_alerts(sample, &so);
	return sample;
}

static int run_hook(const struct cli_options *o, const struct cli_tool *t,
                    struct error *err)
{
	struct event ev = {0};
	struct store *st = NULL;
	json_t *lines = NULL;
	char *dir = NULL;
	int due, status = EXIT_FAILED;

	if (cli_read_event(o, t, &ev, err) == -1)
		goto out;
	if (sample_type(&ev) == NULL) {
		cli_debug("not sampled:", ev.type);
		status = EXIT_RECORDED;
		goto out;
	}
	if ((dir = store_data_dir(o->data_dir, err)) == NULL ||
	    (lines = json_array()) == NULL ||
	    json_array_append_new(lines, take_sample(&ev, dir, err)) == -1)
		goto out;
	cli_debug("sampled", ev.type);
	if ((st = cli_open_store(dir, t, err)) == NULL)
		goto out;
	/* A checkpoint's documents are read first: a newer version's stop
	 * the event before anything is logged. */
	due = store_checkpoint_due(st, sample_type(&ev));
	if ((due && store_docs(st, err) == NULL) ||
	    store_append(st, lines, err) == -1 ||
	    (due && store_checkpoint(st, err) == -1))
		goto out;
	cli_debug(due ? "logged and checkpointed" : "logged", sample_type(&ev));
	/* The last reading's own file, from before it was in the log, goes. */
	if (strcmp(ev.type, "session_start") == 0)
		unlinkat(store_dirfd(st), ".metrics-state.json", 0);
	status = EXIT_RECORDED;
out:
	if (status != EXIT_RECORDED && err->what[0] == '\0')
		error_set(err, ENOMEM, "cannot record the sample");
	store_close(st);
	json_decref(lines);
	event_free(&ev);
	free(dir);
	return status;
}

static int report(FILE *out, const struct cli_options *o, struct docs *docs,
                  const char *dir, struct error *err)
{
	struct report_options ropts;
	json_t *summary;
	char date[TIME_DATE_LEN], day[40];
	int ret;

	time_local_date(time_now_ms(), date);
	metrics_day_name(date, day, sizeof(day));
	if (cli_report_summary(o, &store_tool, &days_sum, docs, date, &summary,
	                       err) == -1)
		return -1;
	cli_report_options(o, &ropts);
	ret = metrics_report(out, summary, docs_peek(docs, day), date, dir,
	                     &ropts);
	if (ret == -1)
		error_set(err, errno, "cannot write the report");
	json_decref(summary);
	return ret;
}

static const struct cli_entry entries[] = {
    {CLI_HOOK, run_hook},
    {CLI_HOOK, NULL},
};

static const struct cli_tool tool = {
    .prog = "perf-metrics",
    .help = help,
    .store = &store_tool,
    .report = report,
    .entries = entries,
};

int main(int argc, char **argv)
{
	return cli_main(&tool, argc, argv);
}
