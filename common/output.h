/*
 * output: where a report goes: stdout, or a file replaced atomically
 * (--output FILE).
 *
 * A file that other programs read while it changes (node_exporter's
 * textfile collector) is never seen half written: the report goes to a
 * temp file ".<name>.XXXXXX" beside it, flushed, fsynced and renamed over
 * FILE when complete, the directory synced; a failed report leaves FILE as
 * it was.  A new file gets mode 0666 less the umask (a collector may run as
 * another user); a replaced file of the user's keeps its mode.
 *
 * FILE a symlink: its target is replaced, the link kept, but only a link
 * of the user's or root's is followed.  stdout or stderr however spelt
 * (/dev/stdout, /proc/self/fd/1, the file stdout appends to): written as
 * it is.  A FIFO or character device of the user's or root's: written in
 * place (a FIFO nobody reads is an error, never a hang).  Anything else is
 * an error.
 *
 *	output_open(&o, path, &err);      // path NULL: stdout
 *	fprintf(o.fp, ...);
 *	output_commit(&o, &err);          // or output_abort(&o)
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
