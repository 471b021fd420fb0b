#include "toolmain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prune.h"
#include "timeutil.h"

static const char *prog = "codex-analytics"; /* tool_main() names the tool */

void tool_error(const struct error *err)
{
	char buf[512];

	fprintf(stderr, "%s: %s\n", prog, error_text(err, buf, sizeof(buf)));
}

void tool_warning(const char *msg)
{
	fprintf(stderr, "%s: warning: %s\n", prog, msg);
}

void tool_debug(const char *step, const char *arg)
{
	if (cli_debug())
		fprintf(stderr, "%s: debug: %s %s\n", prog, step, arg);
}

/* The data directory and the store's options from the environment. */
static char *store_setup(const struct cli_options *o,
			 struct store_options *sopts, struct error *err)
{
	store_options_from_env(sopts);
	sopts->warn = tool_warning;
	return store_data_dir(o->data_dir, err);
}

static int run_rebuild(const struct tool_main *t, const struct cli_options *o)
{
	struct error err = {0};
	struct store_options sopts;
	char *dir = store_setup(o, &sopts, &err);
	int status = EXIT_FAILED;

	if (dir != NULL && store_rebuild_dir(dir, t->store, &sopts, &err) == 0)
		status = EXIT_RECORDED;
	else
		tool_error(&err);
	free(dir);
	return status;
}

/* --prune DAYS: under the lock; says on stdout what it removed. */
static int run_prune(const struct tool_main *t, const struct cli_options *o)
{
	struct error err = {0};
	struct store_options sopts;
	struct prune_result res;
	char line[256];
	char *dir = store_setup(o, &sopts, &err);
	int status = EXIT_FAILED;

	if (dir != NULL &&
	    prune_run(dir, t->store, &sopts, o->prune_days, &res, &err) == 0) {
		prune_describe(&res, line, sizeof(line));
		printf("%s\n", line);
		status = EXIT_RECORDED;
	} else {
		tool_error(&err);
	}
	free(dir);
	return status;
}

/* An option of the other tool's: a usage error. */
static int not_ours(const char *option)
{
	fprintf(stderr, "%s: %s is not an option of %s (see --help)\n", prog,
		option, prog);
	return EXIT_USAGE;
}

int tool_main(int argc, char **argv, const struct tool_main *t)
{
	struct cli_options o;
	struct error err = {0};
	int status;

	prog = t->prog;
	/* Seed jansson's hashes here: by default it reads /dev/urandom. */
	json_object_seed((size_t)getpid() ^ (size_t)time_now_ms());
	if (cli_parse(argc, argv, &o, &err) == -1) {
		tool_error(&err);
		return EXIT_USAGE;
	}
	if (o.by != NULL && !t->by)
		return not_ours("--by");
	switch (o.mode) {
	case CLI_HOOK:
		return t->hook(&o); /* stdout is not the hook's */
	case CLI_HELP:
		t->usage(stdout);
		status = EXIT_RECORDED;
		break;
	case CLI_VERSION:
		printf("%s (codex-analytics) %s\n", prog, PROJECT_VERSION);
		status = EXIT_RECORDED;
		break;
	case CLI_REPORT:
		status = t->report(&o);
		break;
	case CLI_STATUSLINE:
		status = t->statusline != NULL ? t->statusline(&o)
					       : not_ours("--statusline");
		break;
	case CLI_PRUNE:
		status = run_prune(t, &o);
		break;
	default:
		status = run_rebuild(t, &o);
		break;
	}
	if (fclose(stdout) == EOF && status == EXIT_RECORDED) {
		fprintf(stderr, "%s: cannot write to stdout: %s\n", prog,
			strerror(errno));
		status = EXIT_FAILED;
	}
	return status;
}
