/*
 * track-usage: usage analytics for AI coding agents, run as a hook.
 *
 * One event's straight line (hook mode):
 *	read the event from its channels   cli_read_event     common/cli.c
 *	lock, mend the log                  store_open         common/store.c
 *	at a boundary, the documents
 *	  caught up with the log            store_docs         common/, apply.c
 *	the tokens the event brings         collect_new        collect.c
 *	append them and the event, sync     store_append       common/store.c
 *	at a boundary, or a second after
 *	  the last one, checkpoint          store_checkpoint   common/, apply.c
 * silent on stdout, exit 0 or 1, never 2.  The other modes are
 * common/cli.c's, with this tool's report and status line, both read from
 * a view (the documents and the log lines after them, without the lock).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apply.h"
#include "budget.h"
#include "cli.h"
#include "collect.h"
#include "days.h"
#include "hooks.h"
#include "input.h"
#include "json_util.h"
#include "limits.h"
#include "prices.h"
#include "range.h"
#include "report.h"
#include "statusline.h"
#include "store.h"
#include "timeutil.h"
#include "utf8.h"
#include "views.h"

static const char help[] =
    "Usage: track-usage [--data-dir DIR] [NOTIFY-JSON]\n"
    "       track-usage --report [--format FORMAT] [--since DATE]\n"
    "                   [--until DATE] [--days N] [--by KEY]\n"
    "                   [--output FILE] [--no-color] [--data-dir DIR]\n"
    "       track-usage --checkpoint | --rebuild [--data-dir DIR]\n"
    "       track-usage --prune DAYS [--data-dir DIR]\n"
    "       track-usage --statusline [--data-dir DIR] < STATUS-JSON\n"
    "       track-usage --check [--budget KEY=VALUE]... [--data-dir DIR]\n"
    "       track-usage --install-hooks|--uninstall-hooks AGENT [--dry-run]\n"
    "       track-usage --doctor [--data-dir DIR]\n"
    "\n"
    "Record one event of an AI coding agent (run as a hook), or report on\n"
    "them.  The event comes from CODEX_* environment variables, a JSON\n"
    "payload on stdin (Codex and Claude Code hooks) or a JSON argument\n"
    "(Codex notify).\n"
    "\n"
    "  --report          print the usage report\n" CLI_HELP_REPORT
    "  --by KEY          a table with a row per day, week, month, session\n"
    "                    or project, and a total row\n"
    "  --checkpoint      bring the summaries up to the log now (for jq)\n"
    "  --rebuild         recompute every summary from the JSON Lines logs\n"
    "  --prune DAYS      fold the logs older than DAYS days into the base\n"
    "                    usage-base.json, then delete them and their day\n"
    "                    files\n"
    "  --statusline      one line for a status bar (Claude Code\n"
    "                    statusLine, tmux status-right): this session's\n"
    "                    figures, today's, the plan windows\n"
    "  --check           usage against budgets, one line and the exit\n"
    "                    status of a Nagios plugin (0 OK, 1 WARNING,\n"
    "                    2 CRITICAL, 3 UNKNOWN)\n"
    "  --budget KEY=VALUE  a budget of --check: tokens/day, tokens/week,\n"
    "                    tokens/month (2M, 500k), cost/day, cost/week,\n"
    "                    cost/month (USD, with a price file) or window\n"
    "                    (percent of a plan window); repeatable; default\n"
    "                    $CODEX_ANALYTICS_BUDGETS (comma-separated)\n"
    "  --install-hooks AGENT   wire both programs into codex, claude or\n"
    "                    all (and Claude Code's status line, Codex notify)\n"
    "  --uninstall-hooks AGENT take them out again\n"
    "  --dry-run         show the change as a diff, change nothing\n"
    "  --doctor          say what is wired, what is missing, whether the\n"
    "                    programs run and the data directory is "
    "writable\n" CLI_HELP_COMMON "\n"
    "Exit status: 0 recorded, 1 could not record, 64 usage error;\n"
    "--check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n";

static const struct store_tool store_tool = {
    .lock_name = ".usage.lock",
    .prefix = USAGE_PREFIX,
    .summary_name = USAGE_SUMMARY,
    .apply = usage_apply,
};

/* How a range report adds the day files up (days.h). */
static const struct range_sum days_sum = {
    .new = usage_days_new,
    .add = usage_days_add_cb,
    .finish = usage_days_finish,
};

/*
 * Log the event's tokens (§5a), then the event (a session_end closes the
 * session its tokens count in), in one write and sync; checkpoint when
 * due; save the transcript cursors.  A transcript that cannot be read, or
 * cursors that cannot be saved, cost a warning, never the event.
 */
static int log_event(struct store *st, const struct event *ev, json_t *record,
                     struct error *err)
{
	int due = store_checkpoint_due(st, ev->type);
	struct docs *docs = due ? store_docs(st, err) : NULL;
	struct collect *c = NULL;
	struct error save = {0};
	json_t *lines = NULL;
	char buf[300];
	int ret = -1;

	if (due && docs == NULL)
		return -1;
	c = collect_new(ev, docs, store_dirfd(st), err);
	if (c == NULL)
		goto out; /* err says why */
	lines = json_copy(collect_records(c));
	if (lines == NULL || json_array_append(lines, record) == -1) {
		error_set(err, ENOMEM, "cannot record the event");
		goto out;
	}
	if (collect_warning(c) != NULL)
		cli_warn(collect_warning(c));
	if (store_append(st, lines, err) == -1)
		goto out;
	cli_debug(json_array_size(lines) > 1 ? "logged with tokens" : "logged",
	          ev->type);
	if (due && store_checkpoint(st, err) == -1)
		goto out;
	if (due)
		cli_debug("checkpointed", ev->type);
	if (collect_save(c, &save) == -1)
		cli_warn(error_text(&save, buf, sizeof(buf)));
	ret = 0;
out:
	json_decref(lines);
	collect_free(c);
	return ret;
}

static int run_hook(const struct cli_options *o, const struct cli_tool *t,
                    struct error *err)
{
	struct event ev = {0};
	struct store *st = NULL;
	json_t *record = NULL;
	char *dir = NULL;
	int status = EXIT_FAILED;

	if (cli_read_event(o, t, &ev, err) == -1 ||
	    (dir = store_data_dir(o->data_dir, err)) == NULL ||
	    (st = cli_open_store(dir, t, err)) == NULL)
		goto out;
	record = event_record_new(&ev);
	if (record == NULL) {
		error_set(err, ENOMEM, "cannot record the event");
		goto out;
	}
	if (log_event(st, &ev, record, err) == 0)
		status = EXIT_RECORDED;
out:
	store_close(st);
	json_decref(record);
	event_free(&ev);
	free(dir);
	return status;
}

/*
 * The table of --by (views.h): project rows from the summary, or with a
 * range from the day files, like every other kind of row.
 */
static json_t *by_table(const struct cli_options *o, struct docs *docs,
                        const char *today, struct error *err)
{
	json_t *view = views_new(o->by);
	struct range r;

	if (range_resolve(o->since, o->until, o->days, today, &r, err) == -1)
		goto fail;
	if (view == NULL)
		goto nomem;
	if (strcmp(o->by, "project") == 0 && !range_limited(&r)) {
		if (views_add_projects(
		        view, json_object_get(docs_peek(docs, USAGE_SUMMARY),
		                              "projects")))
			goto nomem;
	} else if (range_each(docs, USAGE_PREFIX, &r, views_add_day_cb, view,
	                      err) == -1) {
		goto fail;
	}
	if (views_finish(view) == 0)
		return view;
nomem:
	error_set(err, ENOMEM, "cannot build the table");
fail:
	json_decref(view);
	return NULL;
}

static int report(FILE *out, const struct cli_options *o, struct docs *docs,
                  const char *dir, struct error *err)
{
	const char *prices_file = getenv("CODEX_ANALYTICS_PRICES");
	struct report_options ropts;
	json_t *data = NULL, *prices = NULL;
	char today[TIME_DATE_LEN];
	int ret = -1;

	time_local_date(time_now_ms(), today);
	if (o->by != NULL)
		data = by_table(o, docs, today, err);
	else if (cli_report_summary(o, &store_tool, &days_sum, docs, today,
	                            &data, err) == -1)
		return -1;
	if (o->by != NULL && data == NULL)
		return -1;
	cli_report_options(o, &ropts);
	if (prices_file != NULL && prices_file[0] != '\0') {
		prices = prices_load(prices_file, err);
		if (prices == NULL)
			goto out;
		ropts.prices = prices;
	}
	ret = o->by != NULL ? views_print(out, data, &ropts)
	                    : usage_report(out, data, dir, &ropts);
	if (ret == -1)
		error_set(err, errno, "cannot write the report");
out:
	json_decref(data);
	json_decref(prices);
	return ret;
}

/* The status line's payload (Claude Code): a JSON object, or NULL. */
static json_t *statusline_payload(void)
{
	struct input_options iopts;
	struct input in = {0};
	struct error err = {0};
	json_t *payload = NULL;

	input_options_default(&iopts);
	iopts.first_ms = 50; /* Claude Code writes it at once */
	iopts.cap = 1 << 20;
	if (input_read(STDIN_FILENO, &iopts, &in, &err) == 0 && in.buf != NULL)
		payload = json_loadb(in.buf, in.len, 0, NULL);
	input_release(&in);
	if (!json_is_object(payload)) {
		json_decref(payload);
		return NULL;
	}
	return payload;
}

/*
 * Log rec, what the payload says of the plan's windows and the session's
 * figures when it differs from the summary (§5d).  The lock is tried
 * once, never waited for: a busy hook costs this record, never the status
 * line's time, and the next call records it.  Nothing is checkpointed.
 */
static void statusline_record(const char *dir, const struct cli_tool *t,
                              const json_t *summary, const json_t *rec)
{
	char buf[300];
	struct store_options sopts;
	struct error err = {0};
	struct store *st = NULL;
	json_t *lines = NULL;

	if (!limits_changed(summary, rec))
		return;
	store_options_from_env(&sopts);
	sopts.lock_timeout_ms = 0;
	sopts.warn = cli_warn;
	lines = json_pack("[O]", rec);
	st = lines != NULL ? store_open(dir, t->store, &sopts, &err) : NULL;
	if (st == NULL || store_append(st, lines, &err) == -1)
		cli_debug("limits not recorded", error_text(&err, buf, 300));
	else
		cli_debug("logged", "limits");
	store_close(st);
	json_decref(lines);
}

/*
 * --statusline: one line from a view, exit 0 whatever happens; a data
 * directory that cannot be read is named on stderr and shows as no data.
 */
static int run_statusline(const struct cli_options *o, const struct cli_tool *t,
                          struct error *err)
{
	struct statusline_input in = {.now_ms = time_now_ms()};
	struct report_options ropts;
	char today[TIME_DATE_LEN], date[TIME_DATE_LEN], name[64], buf[400];
	char ts[TIME_UTC_LEN];
	json_t *payload = statusline_payload(), *limits = NULL;
	const char *id = str(payload, "session_id");
	char *dir = NULL;
	struct store *view = cli_open_view(o, t, &dir, err);
	struct docs *docs = view != NULL ? store_docs(view, err) : NULL;

	if (id != NULL && id[0] == '\0')
		id = NULL;
	if (docs != NULL) {
		time_local_date(in.now_ms, today);
		snprintf(name, sizeof(name), "%s-%s.json", USAGE_PREFIX, today);
		in.summary = docs_peek(docs, USAGE_SUMMARY);
		in.today = in.session_day = docs_peek(docs, name);
		if (usage_statusline_session_date(in.summary, id, date) == 0 &&
		    strcmp(date, today) != 0) {
			snprintf(name, sizeof(name), "%s-%s.json", USAGE_PREFIX,
			         date);
			in.session_day = docs_peek(docs, name);
		}
		in.session_id = id;
		in.payload = payload;
		/* One record: what the line shows and what is logged. */
		time_format_utc(in.now_ms, ts);
		if (payload != NULL)
			limits = limits_from_claude(payload, id ? id : "-", ts,
			                            in.now_ms);
		in.limits = limits;
		if (id != NULL && limits != NULL)
			statusline_record(dir, t, in.summary, limits);
	} else {
		cli_warn(error_text(err, buf, sizeof(buf)));
	}
	cli_report_options(o, &ropts);
	if (usage_statusline(stdout, &in, &ropts) == -1 ||
	    fflush(stdout) == EOF) {
		snprintf(buf, sizeof(buf), "cannot write the status line: %s",
		         strerror(errno));
		cli_warn(buf);
	}
	store_close(view);
	free(dir);
	json_decref(limits);
	json_decref(payload);
	return EXIT_RECORDED;
}

/* The budgets of --budget, else of CODEX_ANALYTICS_BUDGETS. */
static int check_budgets(const struct cli_options *o, struct budget *b,
                         size_t *n, struct error *err)
{
	const char *env = getenv("CODEX_ANALYTICS_BUDGETS");

	*n = 0;
	if (o->budgets > CLI_BUDGETS_MAX) {
		error_set(err, 0, "more than %d --budget", CLI_BUDGETS_MAX);
		return -1;
	}
	for (int i = 0; i < o->budgets; i++) {
		if (budget_add(o->budget[i], b, BUDGETS_MAX, n, err) == -1)
			return -1;
	}
	if (o->budgets > 0 || env == NULL)
		return 0;
	return budget_list(env, b, BUDGETS_MAX, n, err);
}

/*
 * --check (docs/design.md §5d): a reader, as --report is; whatever goes
 * wrong is UNKNOWN, said on the one line a monitoring system shows.
 */
static int run_check(const struct cli_options *o, const struct cli_tool *t,
                     struct error *err)
{
	struct budget b[BUDGETS_MAX];
	struct budget_input in = {.now_ms = time_now_ms()};
	const char *prices_file = getenv("CODEX_ANALYTICS_PRICES");
	json_t *prices = NULL, *sums[BUDGET_PERIODS] = {NULL};
	struct store *view = NULL;
	struct docs *docs = NULL;
	struct error why = {0};
	char *dir = NULL, buf[400], shown[256];
	struct stat st;
	struct range r;
	int64_t start, end;
	size_t n;
	int status = BUDGET_UNKNOWN;

	(void)err;
	if (check_budgets(o, b, &n, &why) == -1)
		goto unknown;
	if (prices_file != NULL && prices_file[0] != '\0' &&
	    (prices = prices_load(prices_file, &why)) == NULL)
		goto unknown;
	view = cli_open_view(o, t, &dir, &why);
	docs = view != NULL ? store_docs(view, &why) : NULL;
	if (docs == NULL)
		goto unknown;
	/* A report of a missing directory is empty; a check of one is a
	 * wrong path, never OK (with no budget, budget_check says so). */
	if (n > 0 && stat(dir, &st) == -1) {
		error_set(&why, errno == ENOENT ? 0 : errno,
		          "no data directory '%s'",
		          utf8_shown(dir, shown, sizeof(shown)));
		goto unknown;
	}
	in.summary = docs_peek(docs, USAGE_SUMMARY);
	in.prices = prices;
	for (size_t i = 0; i < n; i++) {
		enum budget_period p = b[i].period;

		if (b[i].what == BUDGET_WINDOW || sums[p] != NULL)
			continue;
		budget_period(p, in.now_ms, r.since, &start, &end);
		time_local_date(in.now_ms, r.until);
		sums[p] =
		    range_sum_new(docs, USAGE_PREFIX, &r, &days_sum, &why);
		if (sums[p] == NULL)
			goto unknown;
		in.periods[p] = sums[p];
	}
	status = budget_check(stdout, b, n, &in);
	goto out;
unknown:
	printf("USAGE UNKNOWN - %s\n", error_text(&why, buf, sizeof(buf)));
out:
	for (size_t i = 0; i < BUDGET_PERIODS; i++)
		json_decref(sums[i]);
	json_decref(prices);
	store_close(view);
	free(dir);
	return status;
}

/* --install-hooks, --uninstall-hooks AGENT and --doctor (hooks.h). */
static int run_hooks(const struct cli_options *o, const struct cli_tool *t,
                     struct error *err)
{
	struct hooks_options ho = {
	    .agents = o->agent != NULL ? hooks_agents(o->agent) : HOOKS_ALL,
	    .data_dir = o->data_dir,
	    .dry_run = o->dry_run,
	    .out = stdout,
	};
	char *self = NULL, *perf = NULL;
	int status = EXIT_FAILED;

	(void)t;
	if (ho.agents == -1) {
		error_set(err, 0, "unknown agent '%s' (codex, claude or all)",
		          o->agent);
		return EXIT_USAGE;
	}
	if (hooks_programs(&self, &perf, err) == -1)
		return EXIT_FAILED;
	ho.track_usage = self;
	ho.perf_metrics = perf;
	if (o->mode == CLI_DOCTOR)
		status = hooks_doctor(&ho) == 0 ? EXIT_RECORDED : EXIT_FAILED;
	else if ((o->mode == CLI_INSTALL_HOOKS
	              ? hooks_install(&ho, err)
	              : hooks_uninstall(&ho, err)) == 0)
		status = EXIT_RECORDED;
	if (o->mode == CLI_DOCTOR && status != EXIT_RECORDED)
		error_set(err, 0, "the hooks are not complete (see above)");
	free(self);
	free(perf);
	return status;
}

static const struct cli_entry entries[] = {
    {CLI_HOOK, run_hook},
    {CLI_STATUSLINE, run_statusline},
    {CLI_INSTALL_HOOKS, run_hooks},
    {CLI_UNINSTALL_HOOKS, run_hooks},
    {CLI_DOCTOR, run_hooks},
    {CLI_CHECK, run_check},
    {CLI_HOOK, NULL},
};

static const struct cli_tool tool = {
    .prog = "track-usage",
    .help = help,
    .store = &store_tool,
    .by = 1,
    .projects = 1,
    .report = report,
    .entries = entries,
};

int main(int argc, char **argv)
{
	return cli_main(&tool, argc, argv);
}
