#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "docs.h"
#include "input.h"
#include "json_util.h"
#include "output.h"
#include "project.h"
#include "utf8.h"

static const char *prog = "";

void cli_warn(const char *msg)
{
	fprintf(stderr, "%s: warning: %s\n", prog, msg);
}

static int debugging(void)
{
	const char *v = getenv("DEBUG");

	return v != NULL && strcmp(v, "1") == 0;
}

void cli_debug(const char *step, const char *arg)
{
	if (debugging())
		fprintf(stderr, "%s: debug: %s %s\n", prog, step, arg);
}

int cli_read_event(const struct cli_options *o, const struct cli_tool *t,
                   struct event *ev, struct error *err)
{
	struct input_options opts;
	struct input in = {0};
	struct event_input ein = {0};
	int ret;

	input_options_default(&opts);
	if (input_read(STDIN_FILENO, &opts, &in, err) == -1)
		return -1;
	ein.stdin_buf = in.buf;
	ein.stdin_len = in.len;
	ein.stdin_truncated = in.truncated;
	ein.notify_json = o->notify_json;
	ret = event_parse(ev, &ein, err);
	input_release(&in);
	if (ret == -1)
		return -1;
	if (t->projects && project_name_event(ev) == -1) {
		error_set(err, ENOMEM, "cannot name the event's project");
		event_free(ev);
		return -1;
	}
	if (ev->warning[0] != '\0')
		cli_warn(ev->warning);
	if (ev->debug_warning[0] != '\0' && debugging())
		cli_warn(ev->debug_warning);
	cli_debug("read event", ev->type);
	return 0;
}

/* The data directory of o, and the store's options. */
static char *store_setup(const struct cli_options *o,
                         struct store_options *sopts, struct error *err)
{
	store_options_from_env(sopts);
	sopts->warn = cli_warn;
	return store_data_dir(o->data_dir, err);
}

struct store *cli_open_store(const char *dir, const struct cli_tool *t,
                             struct error *err)
{
	struct store_options sopts;
	struct store *st;

	store_options_from_env(&sopts);
	sopts.warn = cli_warn;
	st = store_open(dir, t->store, &sopts, err);
	if (st != NULL)
		cli_debug("locked", dir);
	return st;
}

static int run_rebuild(const struct cli_options *o, const struct cli_tool *t,
                       struct error *err)
{
	struct store_options sopts;
	char *dir = store_setup(o, &sopts, err);
	int ret =
	    dir != NULL ? store_rebuild_dir(dir, t->store, &sopts, err) : -1;

	free(dir);
	return ret == 0 ? EXIT_RECORDED : EXIT_FAILED;
}

static int run_checkpoint(const struct cli_options *o, const struct cli_tool *t,
                          struct error *err)
{
	char *dir = store_data_dir(o->data_dir, err);
	struct store *st = dir != NULL ? cli_open_store(dir, t, err) : NULL;
	int ret = st != NULL ? store_checkpoint(st, err) : -1;

	store_close(st);
	free(dir);
	return ret == 0 ? EXIT_RECORDED : EXIT_FAILED;
}

/* --prune DAYS: under the lock; says on stdout what it removed. */
static int run_prune(const struct cli_options *o, const struct cli_tool *t,
                     struct error *err)
{
	struct store_options sopts;
	struct prune_result res;
	char *dir = store_setup(o, &sopts, err);
	char line[256];
	int ret = -1;

	if (dir != NULL)
		ret =
		    prune_run(dir, t->store, &sopts, o->prune_days, &res, err);
	free(dir);
	if (ret == -1)
		return EXIT_FAILED;
	prune_describe(&res, line, sizeof(line));
	printf("%s\n", line);
	return EXIT_RECORDED;
}

struct store *cli_open_view(const struct cli_options *o,
                            const struct cli_tool *t, char **dir,
                            struct error *err)
{
	struct store_options sopts;
	struct store *st;

	*dir = store_setup(o, &sopts, err);
	if (*dir == NULL)
		return NULL;
	st = store_view(*dir, t->store, &sopts, err);
	if (st != NULL && store_docs(st, err) == NULL) {
		store_close(st);
		return NULL;
	}
	return st;
}

int cli_report_summary(const struct cli_options *o,
                       const struct store_tool *tool,
                       const struct range_sum *sum, struct docs *docs,
                       const char *today, json_t **summary, struct error *err)
{
	struct range r;

	*summary = NULL;
	if (range_resolve(o->since, o->until, o->days, today, &r, err) == -1)
		return -1;
	if (!range_limited(&r) && o->format != REPORT_CSV) {
		*summary = json_incref(docs_peek(docs, tool->summary_name));
		return 0;
	}
	*summary = range_sum_new(docs, tool->prefix, &r, sum, err);
	return *summary == NULL ? -1 : 0;
}

/* --report: the tool's report of a view, to stdout or the --output file. */
static int run_report(const struct cli_options *o, const struct cli_tool *t,
                      struct error *err)
{
	struct output out = {0};
	char *dir = NULL;
	struct store *view = cli_open_view(o, t, &dir, err);
	int status = EXIT_FAILED;

	if (view == NULL || output_open(&out, o->output, err) == -1)
		goto out;
	if (t->report(out.fp, o, store_docs(view, err), dir, err) == -1) {
		output_abort(&out);
		goto out;
	}
	if (output_commit(&out, err) == 0)
		status = EXIT_RECORDED;
out:
	store_close(view);
	free(dir);
	return status;
}

static int run_help(const struct cli_options *o, const struct cli_tool *t,
                    struct error *err)
{
	(void)o;
	(void)err;
	fputs(t->help, stdout);
	return EXIT_RECORDED;
}

static int run_version(const struct cli_options *o, const struct cli_tool *t,
                       struct error *err)
{
	(void)o;
	(void)err;
	printf("%s (codex-analytics) %s\n", t->prog, PROJECT_VERSION);
	return EXIT_RECORDED;
}

static const struct cli_entry shared[] = {
    {CLI_REPORT, run_report},
    {CLI_REBUILD, run_rebuild},
    {CLI_CHECKPOINT, run_checkpoint},
    {CLI_PRUNE, run_prune},
    {CLI_HELP, run_help},
    {CLI_VERSION, run_version},
    {CLI_HOOK, NULL},
};

/* The mode of the command line: the tool's entry, else the shared one. */
static int run_mode(const struct cli_tool *t, const struct cli_options *o,
                    struct error *err)
{
	const struct cli_entry *e;
	int status = -1;

	if (o->by != NULL && !t->by) {
		error_set(err, 0, "--by is track-usage's (see --help)");
		return EXIT_USAGE;
	}
	for (e = t->entries; e->run != NULL && status == -1; e++)
		if (e->mode == o->mode)
			status = e->run(o, t, err);
	for (e = shared; e->run != NULL && status == -1; e++)
		if (e->mode == o->mode)
			status = e->run(o, t, err);
	if (status == -1) {
		error_set(err, 0, "--%s is track-usage's (see --help)",
		          o->mode_name);
		return EXIT_USAGE;
	}
	/* A status bar has no use for an exit code: --statusline says 0. */
	if (o->mode != CLI_HOOK && fclose(stdout) == EOF &&
	    status == EXIT_RECORDED && o->mode != CLI_STATUSLINE) {
		error_set(err, errno, "cannot write to stdout");
		status = EXIT_FAILED;
	}
	return status;
}

/* Colour on fd: ALWAYS; NEVER; AUTO = a TTY, NO_COLOR unset, TERM not dumb. */
static int cli_color(int fd, enum cli_color_mode mode)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (mode != CLI_COLOR_AUTO)
		return mode == CLI_COLOR_ALWAYS;
	if (no != NULL && *no != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fd);
}

/* Columns to fit: $COLUMNS, else the terminal's width, else 80. */
static int cli_columns(int fd)
{
	const char *v = getenv("COLUMNS");
	struct winsize ws;
	long n;
	char *end;

	if (v != NULL && *v != '\0') {
		n = strtol(v, &end, 10);
		if (*end == '\0' && n >= 20 && n <= 1000)
			return (int)n;
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* 1 when the locale's character set is UTF-8 (after setlocale). */
static int cli_utf8(void)
{
	const char *set = nl_langinfo(CODESET);

	return set != NULL &&
	       (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
}

/*
 * Set the mode of a mode option (opt: its name); a second, other mode is a
 * usage error, never the last one winning (--report --prune 30 would
 * delete logs).  *given: the mode option seen so far, or NULL.
 */
/* A word an option takes, and what it stands for. */
struct word {
	const char *word;
	int value;
};

static const struct word formats[] = {
    {"text", REPORT_TEXT},
    {"json", REPORT_JSON},
    {"csv", REPORT_CSV},
    {"prometheus", REPORT_PROMETHEUS},
};
static const struct word colors[] = {
    {"auto", CLI_COLOR_AUTO},
    {"always", CLI_COLOR_ALWAYS},
    {"never", CLI_COLOR_NEVER},
};
static const struct word views[] = {
    {"day", 0}, {"week", 0}, {"month", 0}, {"session", 0}, {"project", 0},
};

/* The index of arg in words, or -1: "unknown WHAT 'arg' (a, b or c)". */
static int pick(const char *arg, const struct word *words, size_t n,
                const char *what, struct error *err)
{
	char list[128] = "", shown[41];
	size_t used = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(arg, words[i].word) == 0)
			return (int)i;
		if (used < sizeof(list))
			used += (size_t)snprintf(list + used,
			                         sizeof(list) - used, "%s%s",
			                         i == 0       ? ""
			                         : i == n - 1 ? " or "
			                                      : ", ",
			                         words[i].word);
	}
	error_set(err, 0, "unknown %s '%s' (%s)", what,
	          utf8_shown(arg, shown, sizeof(shown)), list);
	return -1;
}

static int set_mode(struct cli_options *o, enum cli_mode mode, const char *opt,
                    const char **given, struct error *err)
{
	if (*given != NULL && o->mode != mode) {
		error_set(err, 0, "--%s and --%s cannot go together", *given,
		          opt);
		return -1;
	}
	o->mode = mode;
	o->mode_name = *given = opt;
	return 0;
}

/* What only makes sense together (see cli.h); format: a format was given. */
static int check_combination(const struct cli_options *o, int format,
                             struct error *err)
{
	int range = o->since != NULL || o->until != NULL || o->days > 0;

	if (format && o->mode != CLI_REPORT) {
		error_set(err, 0, "--format and --json need --report");
		return -1;
	}

	if ((range || o->output != NULL) && o->mode != CLI_REPORT) {
		error_set(err, 0, "%s needs --report",
		          range ? "a range (--since, --until, --days)"
		                : "--output");
		return -1;
	}
	if (o->days > 0 && o->since != NULL) {
		error_set(err, 0, "--days and --since cannot go together");
		return -1;
	}
	if (o->since != NULL && o->until != NULL &&
	    strcmp(o->since, o->until) > 0) {
		error_set(err, 0, "--since %s is after --until %s", o->since,
		          o->until);
		return -1;
	}
	if (o->dry_run && o->mode != CLI_INSTALL_HOOKS &&
	    o->mode != CLI_UNINSTALL_HOOKS) {
		error_set(err, 0,
		          "--dry-run needs --install-hooks or "
		          "--uninstall-hooks");
		return -1;
	}
	if (o->by != NULL && o->mode != CLI_REPORT) {
		error_set(err, 0, "--by needs --report");
		return -1;
	}
	if (o->budgets > 0 && o->mode != CLI_CHECK) {
		error_set(err, 0, "--budget needs --check");
		return -1;
	}
	if ((o->by != NULL || range) && o->format == REPORT_PROMETHEUS) {
		error_set(
		    err, 0,
		    "--format prometheus exports the totals and takes no %s",
		    o->by != NULL ? "--by" : "range");
		return -1;
	}
	return 0;
}

int cli_parse(int argc, char **argv, struct cli_options *o, struct error *err)
{
	enum {
		OPT_FORMAT = 256,
		OPT_COLOR,
		OPT_NO_COLOR,
		OPT_DATA_DIR,
		OPT_SINCE,
		OPT_UNTIL,
		OPT_DAYS,
		OPT_OUTPUT,
		OPT_PRUNE,
		OPT_BY,
		OPT_DRY_RUN,
		OPT_BUDGET,
		OPT_MODE = 512, /* OPT_MODE + mode: a mode option */
	};
	static const struct option longopts[] = {
	    {"report", no_argument, NULL, OPT_MODE + CLI_REPORT},
	    {"rebuild", no_argument, NULL, OPT_MODE + CLI_REBUILD},
	    {"checkpoint", no_argument, NULL, OPT_MODE + CLI_CHECKPOINT},
	    {"statusline", no_argument, NULL, OPT_MODE + CLI_STATUSLINE},
	    {"install-hooks", required_argument, NULL,
	     OPT_MODE + CLI_INSTALL_HOOKS},
	    {"uninstall-hooks", required_argument, NULL,
	     OPT_MODE + CLI_UNINSTALL_HOOKS},
	    {"doctor", no_argument, NULL, OPT_MODE + CLI_DOCTOR},
	    {"check", no_argument, NULL, OPT_MODE + CLI_CHECK},
	    {"budget", required_argument, NULL, OPT_BUDGET},
	    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	    {"by", required_argument, NULL, OPT_BY},
	    {"json", no_argument, NULL, 'j'},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"data-dir", required_argument, NULL, OPT_DATA_DIR},
	    {"no-color", no_argument, NULL, OPT_NO_COLOR},
	    {"color", required_argument, NULL, OPT_COLOR},
	    {"since", required_argument, NULL, OPT_SINCE},
	    {"until", required_argument, NULL, OPT_UNTIL},
	    {"days", required_argument, NULL, OPT_DAYS},
	    {"output", required_argument, NULL, OPT_OUTPUT},
	    {"prune", required_argument, NULL, OPT_PRUNE},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	const char *mode = NULL;
	char buf[41];
	int c, idx, w, format = 0;

	memset(o, 0, sizeof(*o));
	o->mode = CLI_HOOK;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, &idx)) != -1) {
		if (c >= OPT_MODE) {
			if (set_mode(o, (enum cli_mode)(c - OPT_MODE),
			             longopts[idx].name, &mode, err) == -1)
				return -1;
			if (longopts[idx].has_arg)
				o->agent = optarg;
			continue;
		}
		switch (c) {
		case 'h':
			o->mode = CLI_HELP;
			return 0;
		case 'V':
			o->mode = CLI_VERSION;
			return 0;
		case OPT_DRY_RUN:
			o->dry_run = 1;
			break;
		case OPT_BUDGET:
			/* More are counted: --check says UNKNOWN for them. */
			if (o->budgets < CLI_BUDGETS_MAX)
				o->budget[o->budgets] = optarg;
			o->budgets++;
			break;
		case 'j':
			o->format = REPORT_JSON;
			format = 1;
			break;
		case OPT_FORMAT:
			format = 1;
			if ((w = pick(optarg, formats, ARRAY_SIZE(formats),
			              "format", err)) == -1)
				return -1;
			o->format = (enum report_format)formats[w].value;
			break;
		case OPT_SINCE:
			if (range_parse_date(optarg, "--since", err) == -1)
				return -1;
			o->since = optarg;
			break;
		case OPT_UNTIL:
			if (range_parse_date(optarg, "--until", err) == -1)
				return -1;
			o->until = optarg;
			break;
		case OPT_DAYS:
			if (range_parse_days(optarg, "--days", 1, &o->days,
			                     err) == -1)
				return -1;
			break;
		case OPT_BY:
			if ((w = pick(optarg, views, ARRAY_SIZE(views), "--by",
			              err)) == -1)
				return -1;
			o->by = views[w].word;
			break;
		case OPT_OUTPUT:
			if (*optarg == '\0') {
				error_set(err, 0, "--output needs a file");
				return -1;
			}
			o->output = optarg;
			break;
		case OPT_PRUNE:
			if (range_parse_days(optarg, "--prune", 0,
			                     &o->prune_days, err) == -1 ||
			    set_mode(o, CLI_PRUNE, "prune", &mode, err))
				return -1;
			break;
		case OPT_DATA_DIR:
			if (*optarg == '\0') {
				error_set(err, 0,
				          "--data-dir needs a directory");
				return -1;
			}
			o->data_dir = optarg;
			break;
		case OPT_NO_COLOR:
			o->color = CLI_COLOR_NEVER;
			break;
		case OPT_COLOR:
			if ((w = pick(optarg, colors, ARRAY_SIZE(colors),
			              "colour mode", err)) == -1)
				return -1;
			o->color = (enum cli_color_mode)colors[w].value;
			break;
		case ':':
			error_set(
			    err, 0, "option '%s' needs a value",
			    utf8_shown(argv[optind - 1], buf, sizeof(buf)));
			return -1;
		default:
			error_set(
			    err, 0, "unknown option '%s' (see --help)",
			    utf8_shown(argv[optind - 1], buf, sizeof(buf)));
			return -1;
		}
	}
	/* The one argument allowed is Codex notify's JSON object. */
	if (optind < argc) {
		const char *arg = argv[optind];

		if (o->mode != CLI_HOOK || optind != argc - 1 ||
		    arg[strspn(arg, " \t\r\n")] != '{') {
			error_set(err, 0,
			          "unexpected argument '%s' (see --help)",
			          utf8_shown(arg, buf, sizeof(buf)));
			return -1;
		}
		o->notify_json = arg;
	}
	return check_combination(o, format, err);
}

void cli_report_options(const struct cli_options *o, struct report_options *r)
{
	int fd = o->output != NULL ? -1 : STDOUT_FILENO;

	setlocale(LC_CTYPE, "");
	memset(r, 0, sizeof(*r));
	r->format = o->format;
	r->color = o->format == REPORT_TEXT && cli_color(fd, o->color);
	r->columns = cli_columns(fd);
	r->utf8 = cli_utf8();
}

int cli_main(const struct cli_tool *t, int argc, char **argv)
{
	struct cli_options o;
	struct error err = {0};
	char buf[512];
	int status;

	prog = t->prog;
	/* Seed jansson's hashes here: by default it reads /dev/urandom. */
	json_object_seed((size_t)getpid() ^ (size_t)time_now_ms());
	status = cli_parse(argc, argv, &o, &err) == -1 ? EXIT_USAGE
	                                               : run_mode(t, &o, &err);
	/* --check says its status on stdout; stderr only for a failure. */
	if (status != EXIT_RECORDED &&
	    (o.mode != CLI_CHECK || err.what[0] != '\0'))
		fprintf(stderr, "%s: %s\n", prog,
		        error_text(&err, buf, sizeof(buf)));
	return status;
}
