/*
 * output: where a report goes: stdout, or a file replaced atomically
 * (--output FILE).
 *
 * A report written to a file that other programs read while it changes
 * (node_exporter's textfile collector, a web server) must never be seen
 * half written: it goes to a temp file ".<name>.XXXXXX" in the file's
 * directory, is flushed and fsynced, and renamed over FILE only when
 * complete, and the directory is synced.  A report that fails leaves FILE
 * as it was.
 *
 * FILE a symlink: its target is replaced (created when the link dangles),
 * the link kept; only a link of the user running the report, or of root,
 * is followed, another's is an error.  (Links among the directories on the
 * way are the kernel's to follow, under its fs.protected_symlinks rule.)
 * stdout or stderr however spelt (/dev/stdout, /dev/fd/1, /proc/self/fd/1,
 * the file stdout appends to): that descriptor, written as it is.  A FIFO
 * or a character device of the user's or root's: written in place, never
 * replaced; a FIFO nobody reads is an error, never a hang.  Anything else
 * (a directory, a block device, another user's FIFO) is an error.
 *
 *	struct output o;
 *	output_open(&o, path, &err);      // path NULL: stdout
 *	fprintf(o.fp, ...);
 *	output_commit(&o, &err);          // or output_abort(&o) on failure
 *
 * A new file gets mode 0666 less the umask, like any file a shell
 * redirection creates, so that a collector running as another user can
 * read it; a file of the user's own that is replaced keeps its permission
 * bits.  Errors: -1 with err; nothing prints.
 */
#ifndef COMMON_OUTPUT_H
#define COMMON_OUTPUT_H

#include <stdio.h>

#include "error.h"

struct output {
	FILE *fp;   /* write the report here */
	char *path; /* NULL: stdout */
	char *tmp;  /* NULL: written in place (or stdout) */
};

int output_open(struct output *o, const char *path, struct error *err);

/* Flush; for a file also fsync, close and rename into place. */
int output_commit(struct output *o, struct error *err);

/* Drop what was written to a file (stdout is left alone). */
void output_abort(struct output *o);

#endif
