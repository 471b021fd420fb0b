/*
 * toolmain: the main() both tools share.  It parses the command line, runs
 * the mode asked for (the tool's own runners for the hook, --report and
 * --statusline; --rebuild, --prune, --help and --version here), prints
 * errors and warnings on stderr in the tool's name, and makes sure stdout
 * was written.  Unlike the rest of common/, it prints: it is the tools'
 * main(), written once.
 *
 *	static const struct tool_main tu = {.prog = "track-usage", ...};
 *	int main(int argc, char **argv) { return tool_main(argc, argv, &tu); }
 */
#ifndef COMMON_TOOLMAIN_H
#define COMMON_TOOLMAIN_H

#include <stdio.h>

#include "cli.h"
#include "store.h"

struct tool_main {
	const char *prog;               /* the name in messages */
	const struct store_tool *store; /* its documents: --rebuild, --prune */
	void (*usage)(FILE *out);       /* --help */
	/* The tool's runners: each returns an exit status (cli.h). */
	int (*hook)(const struct cli_options *o);
	int (*report)(const struct cli_options *o);
	int (*statusline)(const struct cli_options *o); /* NULL: not offered */
	int by;                         /* 1: --by is offered */
};

/* Run the tool; its exit status. */
int tool_main(int argc, char **argv, const struct tool_main *t);

/* "PROG: what err says", "PROG: warning: msg" and, with DEBUG=1,
 * "PROG: debug: step arg" on stderr: one line each. */
void tool_error(const struct error *err);
void tool_warning(const char *msg);
void tool_debug(const char *step, const char *arg);

#endif
