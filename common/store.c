/*
 * Rules of this file (docs/design.md §4):
 * - A writer works under an flock on the tool's lock file, which is never
 *   renamed or removed.  A view takes no lock and writes nothing.
 * - The logs are the truth: an event's lines go in one write(), durable by
 *   fdatasync() before the lock is released; a failed write or sync takes
 *   them back.
 * - The log appended to is today's, or the newest when the clock went
 *   back, so that logs read in date order are in the order of arrival.
 * - A mid-turn event reads no document (the checkpoint rule needs only the
 *   summary's mtime).  Loaded documents catch up with the lines after the
 *   summary's log_position; a position past its log's end means a rebuild.
 * - The summary is written last, never ahead of a day file.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "portable.h"
#include "prune.h"
#include "range.h"
#include "timeutil.h"

#define STALE_TEMP_SECONDS 60
#define CHECKPOINT_MS_DEFAULT 1000
/* The last line of a log is looked for in this many bytes from its end. */
#define LAST_LINE_MAX 65536

struct store {
	const struct store_tool *tool;
	struct store_options opts;
	int view;  /* a reader's: no lock, nothing written */
	int dirfd; /* -1: an empty view */
	int lockfd;
	int logfd;
	char logdate[TIME_DATE_LEN]; /* date of the log appended to */
	char logname[64];
	long long logsize; /* its size after mending and appending */
	long long mended;  /* its size after mending, before appending */
	int log_created;
	int summary_missing;
	int64_t summary_age_ms;
	int sweep;                   /* remove stale temps at the checkpoint */
	struct docs *docs;           /* loaded by store_docs(), or NULL */
	struct log_position applied; /* how far docs have applied the logs */
};

void store_options_from_env(struct store_options *opts)
{
	const char *v = getenv("CODEX_ANALYTICS_LOCK_TIMEOUT");
	char *end;
	double seconds;
	long ms;

	opts->lock_timeout_ms = 10000;
	if (v != NULL && *v != '\0') {
		seconds = strtod(v, &end);
		if (*end == '\0' && seconds >= 0 && seconds <= 3600)
			opts->lock_timeout_ms = (int)(seconds * 1000);
	}
	v = getenv("CODEX_ANALYTICS_FSYNC");
	opts->fsync = !(v != NULL && strcmp(v, "0") == 0);
	v = getenv("CODEX_ANALYTICS_CHECKPOINT_MS");
	opts->checkpoint_ms = CHECKPOINT_MS_DEFAULT;
	if (v != NULL && *v != '\0') {
		errno = 0;
		ms = strtol(v, &end, 10);
		if (*end == '\0' && errno == 0 && ms >= 0 && ms <= 86400000L)
			opts->checkpoint_ms = ms;
	}
	opts->warn = NULL;
}

static void warn(const struct store *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(const struct store *st, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (st->opts.warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	st->opts.warn(msg);
}

/* ---- the data directory ---- */

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

char *store_data_dir(const char *dir_opt, struct error *err)
{
	const char *base;
	char *dir = NULL;

	if (dir_opt != NULL)
		return strdup(dir_opt);
	if ((base = env("CODEX_ANALYTICS_DIR")) != NULL)
		return strdup(base);
	if ((base = env("CODEX_HOME")) != NULL) {
		if (asprintf(&dir, "%s/analytics", base) == -1)
			dir = NULL;
	} else if ((base = env("HOME")) != NULL) {
		if (asprintf(&dir, "%s/.codex/analytics", base) == -1)
			dir = NULL;
	} else {
		error_set(err, 0,
		          "cannot find the data directory: "
		          "HOME is not set (use --data-dir)");
		return NULL;
	}
	if (dir == NULL)
		error_set(err, ENOMEM, "cannot find the data directory");
	return dir;
}

int store_mkdir(const char *dir, struct error *err)
{
	char *path = strdup(dir);
	char *p;
	int ret = -1;

	if (path == NULL) {
		error_set(err, ENOMEM, "cannot create '%s'", dir);
		return -1;
	}
	for (p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			error_set(err, errno, "cannot create '%s'", path);
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	ret = 0;
out:
	free(path);
	return ret;
}

int store_dirfd(const struct store *st)
{
	return st->dirfd;
}

/* ---- the lock ---- */

static int lock_take(struct store *st, struct error *err)
{
	const char *name = st->tool->lock_name;
	int64_t deadline = time_monotonic_ms() + st->opts.lock_timeout_ms;
	long nap_us = 100;

	st->lockfd = openat(st->dirfd, name,
	                    O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (st->lockfd == -1) {
		error_set(err, errno,
		          errno == ELOOP ? "refusing symlink '%s'"
		                         : "cannot open '%s'",
		          name);
		return -1;
	}
	/*
	 * Poll with a growing nap rather than block: a blocking flock cannot
	 * be bounded without signals, and a hook must never hang.
	 */
	while (flock(st->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			error_set(err, errno, "cannot lock '%s'", name);
			return -1;
		}
		if (time_monotonic_ms() >= deadline) {
			error_set(err, 0,
			          "cannot lock '%s': held by another process "
			          "for over %g s",
			          name, st->opts.lock_timeout_ms / 1000.0);
			return -1;
		}
		struct timespec nap = {0, nap_us * 1000};

		nanosleep(&nap, NULL);
		if (nap_us < 5000)
			nap_us *= 2;
	}
	return 0;
}

/* ---- logs ---- */

static int log_name(const struct store_tool *tool, const char *date, char *buf,
                    size_t len)
{
	int n = snprintf(buf, len, "%s-%s.jsonl", tool->prefix, date);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Open a log for reading: a regular file (a FIFO would block), or -1. */
static int log_open_read(int dirfd, const char *name, struct stat *sb,
                         struct error *err)
{
	int fd =
	    openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd == -1 || fstat(fd, sb) == -1) {
		if (errno != ENOENT)
			error_set(err, errno,
			          errno == ELOOP ? "refusing symlink '%s'"
			                         : "cannot open '%s'",
			          name);
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb->st_mode)) {
		error_set(err, 0, "'%s' is not a regular file", name);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* The last newline of buf[0..len), or NULL. */
static char *last_newline(char *buf, size_t len)
{
	while (len > 0)
		if (buf[--len] == '\n')
			return buf + len;
	return NULL;
}

/* Read len bytes at offset into a new NUL-terminated buffer. */
static char *read_at(int fd, long long offset, size_t len, size_t *got)
{
	char *buf = malloc(len + 1);
	ssize_t r;

	*got = 0;
	while (buf != NULL && *got < len) {
		r = pread(fd, buf + *got, len - *got, offset + (off_t)*got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		*got += (size_t)r;
	}
	if (buf != NULL)
		buf[*got] = '\0';
	return buf;
}

int store_replay_log(int dirfd, const struct store_tool *tool,
                     struct docs *docs, const char *date, long long offset,
                     long long *end, void (*warn_fn)(const char *),
                     struct error *err)
{
	char name[64], msg[160];
	struct log_position pos;
	struct stat sb;
	char *buf = NULL, *line, *nl;
	size_t got;
	int fd, ret = -1;

	*end = offset;
	if (log_name(tool, date, name, sizeof(name)) == -1) {
		error_set(err, ENAMETOOLONG, "cannot name the log");
		return -1;
	}
	fd = log_open_read(dirfd, name, &sb, err);
	if (fd == -1)
		return errno == ENOENT ? 0 : -1;
	if (offset >= sb.st_size) {
		ret = 0;
		goto out;
	}
	buf = read_at(fd, offset, (size_t)(sb.st_size - offset), &got);
	if (buf == NULL) {
		error_set(err, ENOMEM, "cannot read '%s'", name);
		goto out;
	}
	memcpy(pos.date, date, TIME_DATE_LEN);
	for (line = buf; (nl = memchr(line, '\n', got - (size_t)(line - buf)));
	     line = nl + 1) {
		json_t *rec = json_loadb(line, (size_t)(nl - line), 0, NULL);
		int r;

		pos.offset = *end = offset + (nl + 1 - buf);
		if (rec == NULL) {
			snprintf(msg, sizeof(msg),
			         "skipped an invalid line at byte %lld of '%s'",
			         offset + (long long)(line - buf), name);
			if (warn_fn != NULL && nl > line)
				warn_fn(msg);
			continue;
		}
		docs_set_position(docs, &pos);
		r = tool->apply(docs, rec, err);
		json_decref(rec);
		if (r == -1)
			goto out;
	}
	ret = 0;
out:
	docs_set_position(docs, NULL);
	free(buf);
	close(fd);
	return ret;
}

/* Open the log to append to; cut off a killed writer's torn last line. */
static int log_open(struct store *st, struct error *err)
{
	struct stat sb;
	char c;
	off_t end, at;
	char buf[4096];

	if (log_name(st->tool, st->logdate, st->logname, sizeof(st->logname)) ==
	    -1) {
		error_set(err, ENAMETOOLONG, "cannot name the log");
		return -1;
	}
	st->logfd =
	    openat(st->dirfd, st->logname,
	           O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (st->logfd == -1 || fstat(st->logfd, &sb) == -1) {
		error_set(err, errno,
		          errno == ELOOP ? "refusing symlink '%s'"
		                         : "cannot open '%s'",
		          st->logname);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		error_set(err, 0, "'%s' is not a regular file", st->logname);
		return -1;
	}
	st->log_created = sb.st_size == 0;
	end = sb.st_size;
	if (end > 0 && pread(st->logfd, &c, 1, end - 1) == 1 && c != '\n') {
		/* Find the last newline, reading backwards. */
		at = end;
		while (at > 0) {
			off_t from = at > (off_t)sizeof(buf)
			                 ? at - (off_t)sizeof(buf)
			                 : 0;
			ssize_t n =
			    pread(st->logfd, buf, (size_t)(at - from), from);

			if (n <= 0) {
				error_set(err, errno, "cannot read '%s'",
				          st->logname);
				return -1;
			}
			while (n > 0 && buf[n - 1] != '\n')
				n--;
			if (n > 0) {
				at = from + n;
				break;
			}
			at = from;
		}
		if (ftruncate(st->logfd, at) == -1) {
			error_set(err, errno, "cannot mend '%s'", st->logname);
			return -1;
		}
		warn(st, "cut a torn line of %lld bytes off '%s'",
		     (long long)(end - at), st->logname);
		end = at;
	}
	st->logsize = st->mended = end;
	return 0;
}

/* The same for an older log, that a writer killed before midnight left. */
static void log_cut(struct store *st, const char *date, long long at)
{
	char name[64];
	struct stat sb;
	int fd;

	if (st->view || log_name(st->tool, date, name, sizeof(name)) == -1)
		return;
	fd = openat(st->dirfd, name,
	            O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd != -1 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size > at && ftruncate(fd, (off_t)at) == 0)
		warn(st, "cut a torn line of %lld bytes off '%s'",
		     (long long)sb.st_size - at, name);
	if (fd != -1)
		close(fd);
}

/* Apply the lines of the logs from `from` on; st->applied follows. */
static int replay_from(struct store *st, const struct log_position *from,
                       struct error *err)
{
	struct range r = {"", ""};
	struct range_days logs = {0};
	void (*warn_fn)(const char *) = st->view ? NULL : st->opts.warn;
	long long end;
	int ret = -1;

	st->applied = *from;
	/* Today's log is the newest: no need to list the directory. */
	if (from->date[0] != '\0' && strcmp(from->date, st->logdate) == 0) {
		if (store_replay_log(st->dirfd, st->tool, st->docs, from->date,
		                     from->offset, &end, warn_fn, err) == -1)
			return -1;
		st->applied.offset = end;
		return 0;
	}
	snprintf(r.since, sizeof(r.since), "%s", from->date);
	if (range_list(st->dirfd, st->tool->prefix, ".jsonl", &r, &logs, err) ==
	    -1)
		return -1;
	st->sweep = 1;
	for (size_t i = 0; i < logs.n; i++) {
		long long offset =
		    strcmp(logs.dates[i], from->date) == 0 ? from->offset : 0;

		if (store_replay_log(st->dirfd, st->tool, st->docs,
		                     logs.dates[i], offset, &end, warn_fn,
		                     err) == -1)
			goto out;
		memcpy(st->applied.date, logs.dates[i], TIME_DATE_LEN);
		st->applied.offset = end;
		if (strcmp(logs.dates[i], st->logdate) != 0)
			log_cut(st, logs.dates[i], end);
	}
	ret = 0;
out:
	range_days_free(&logs);
	return ret;
}

/* Forget the documents and replay every log, from a prune's base. */
static int rebuild(struct store *st, struct error *err)
{
	struct log_position start = {"", 0};

	docs_reset(st->docs);
	if (st->dirfd != -1 && (prune_base_seed(st->dirfd, st->tool, st->docs,
	                                        &start, err) == -1 ||
	                        replay_from(st, &start, err) == -1))
		return -1;
	prune_base_discard(st->docs, st->tool, &start);
	return 0;
}

/* Size of the log of date, -1 when there is none. */
static long long log_size(const struct store *st, const char *date)
{
	char name[64];
	struct stat sb;

	if (log_name(st->tool, date, name, sizeof(name)) == -1 ||
	    fstatat(st->dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	return sb.st_size;
}

/*
 * log_position comes from a file anyone who can write the directory may
 * edit: its date names a file only when it is a real date.  None at all is
 * valid: a summary from before the logs.
 */
static int position_valid(const json_t *doc, const struct log_position *pos)
{
	if (json_object_get(doc, "log_position") == NULL)
		return 1;
	return pos->offset >= 0 && time_date_valid(pos->date);
}

/* Where the documents stand: the summary's position, -1: rebuild them. */
static int start_of(struct store *st, struct log_position *pos,
                    struct error *err)
{
	const char *summary = st->tool->summary_name;
	json_t *doc = docs_peek(st->docs, summary);

	if (doc == NULL && docs_corrupt(st->docs) != NULL) {
		warn(st,
		     st->view ? "'%s' does not parse: %s"
		              : "'%s' did not parse: moved to '%s' and "
		                "rebuilt from the logs",
		     summary,
		     st->view ? "read from the logs" : docs_corrupt(st->docs));
		return -1;
	}
	if (doc == NULL && docs_error(st->docs)->what[0] != '\0') {
		*err = *docs_error(st->docs);
		return -2;
	}
	if (doc == NULL)
		return -1; /* no summary: whatever logs there are make it */
	docs_position_get(doc, pos);
	/* Our own lines, appended since, do not count. */
	if (position_valid(doc, pos) &&
	    (pos->date[0] == '\0' ||
	     (st->logfd != -1 && strcmp(pos->date, st->logdate) == 0
	          ? st->mended
	          : log_size(st, pos->date)) >= pos->offset))
		return 0;
	warn(st,
	     "'%s' is ahead of its log or has an invalid log_position: "
	     "rebuilt from the logs",
	     summary);
	return -1;
}

/*
 * Bring the documents up to the end of the logs; the summary's position
 * moves past invalid lines too, so that they are not read again.
 */
static int catch_up(struct store *st, struct error *err)
{
	struct log_position pos = st->applied;
	int from;

	if (st->docs == NULL) {
		st->docs = st->dirfd == -1 ? docs_new_memory()
		                           : docs_new_dir(st->dirfd, !st->view);
		if (st->docs == NULL) {
			error_set(err, ENOMEM, "cannot load the documents");
			return -1;
		}
		from = start_of(st, &pos, err);
		if (from == -2)
			return -1;
		if (from == -1)
			return rebuild(st, err);
	}
	if (replay_from(st, &pos, err) == -1)
		return -1;
	if (docs_corrupt(st->docs) != NULL) {
		warn(st, "'%s' did not parse: rebuilt from the logs",
		     docs_corrupt(st->docs));
		return rebuild(st, err);
	}
	if (docs_position_cmp(&pos, &st->applied) < 0 &&
	    docs_advance(st->docs, st->tool->summary_name, &st->applied) ==
	        -1) {
		*err = *docs_error(st->docs);
		return -1;
	}
	return 0;
}

struct docs *store_docs(struct store *st, struct error *err)
{
	return catch_up(st, err) == -1 ? NULL : st->docs;
}

/*
 * Whoever can write the data directory can plant files and rewrite logs:
 * one others can write (sticky or not) gets a warning on every event.
 */
static void warn_if_writable(const struct store *st, const char *dir)
{
	struct stat sb;

	if (fstat(st->dirfd, &sb) == 0 && (sb.st_mode & (S_IWGRP | S_IWOTH)))
		warn(st,
		     "data directory '%s' is writable by %s (mode %04o): "
		     "chmod 700 it",
		     dir, sb.st_mode & S_IWOTH ? "others" : "its group",
		     (unsigned)(sb.st_mode & 07777));
}

static struct store *store_new(const struct store_tool *tool,
                               const struct store_options *opts,
                               struct error *err)
{
	struct store *st = calloc(1, sizeof(*st));

	if (st == NULL) {
		error_set(err, ENOMEM, "cannot open the data directory");
		return NULL;
	}
	st->tool = tool;
	st->opts = *opts;
	st->dirfd = st->lockfd = st->logfd = -1;
	time_local_date(time_now_ms(), st->logdate);
	return st;
}

/*
 * The summary's age (the checkpoint rule), and the log to append to:
 * today's, or the summary's log date when later (the clock went back).
 */
static void look_at_summary(struct store *st)
{
	struct stat sb;
	struct log_position pos;
	char date[TIME_DATE_LEN];
	json_t *doc;
	int64_t mtime;

	if (fstatat(st->dirfd, st->tool->summary_name, &sb,
	            AT_SYMLINK_NOFOLLOW) == -1) {
		st->summary_missing = 1;
		return;
	}
	mtime = (int64_t)sb.st_mtime * 1000 + portable_mtime_ns(&sb) / 1000000;
	st->summary_age_ms = time_now_ms() - mtime;
	time_local_date(mtime, date);
	if (strcmp(date, st->logdate) <= 0)
		return;
	doc = docs_load(st->dirfd, st->tool->summary_name, NULL);
	docs_position_get(doc, &pos);
	if (doc != NULL && position_valid(doc, &pos) &&
	    strcmp(pos.date, st->logdate) > 0)
		memcpy(st->logdate, pos.date, TIME_DATE_LEN);
	json_decref(doc);
}

static struct store *open_locked(const char *dir, const struct store_tool *tool,
                                 const struct store_options *opts,
                                 struct error *err)
{
	struct store *st = store_new(tool, opts, err);

	if (st == NULL)
		return NULL;
	/* mkdir -p only when the directory is missing, not on every event. */
	st->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd == -1 && errno == ENOENT && store_mkdir(dir, err) == 0)
		st->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd == -1) {
		if (err->what[0] == '\0' || errno != ENOENT)
			error_set(err, errno, "cannot open '%s'", dir);
		goto fail;
	}
	warn_if_writable(st, dir);
	if (lock_take(st, err) == -1)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

struct store *store_open(const char *dir, const struct store_tool *tool,
                         const struct store_options *opts, struct error *err)
{
	struct store *st = open_locked(dir, tool, opts, err);

	if (st == NULL)
		return NULL;
	look_at_summary(st);
	if (log_open(st, err) == -1) {
		store_close(st);
		return NULL;
	}
	return st;
}

struct store *store_view(const char *dir, const struct store_tool *tool,
                         const struct store_options *opts, struct error *err)
{
	struct store *st = store_new(tool, opts, err);

	if (st == NULL)
		return NULL;
	st->view = 1;
	st->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd == -1 && errno != ENOENT) {
		error_set(err, errno, "cannot open '%s'", dir);
		store_close(st);
		return NULL;
	}
	return st;
}

int store_rebuild_dir(const char *dir, const struct store_tool *tool,
                      const struct store_options *opts, struct error *err)
{
	struct store *st = open_locked(dir, tool, opts, err);
	int ret = -1;

	if (st == NULL)
		return -1;
	st->docs = docs_new_dir(st->dirfd, 1);
	if (st->docs == NULL)
		error_set(err, ENOMEM, "cannot rebuild");
	else if (rebuild(st, err) == 0)
		ret = docs_write(st->docs, tool->summary_name, err);
	store_close(st);
	return ret;
}

/* Take back a failed append's lines; the errno to report. */
static int take_back(struct store *st, int errnum)
{
	return ftruncate(st->logfd, st->logsize) == -1 ? errno : errnum;
}

int store_append(struct store *st, json_t *records, struct error *err)
{
	size_t len = 0, cap = 4096, need, i;
	json_t *rec;
	char *buf = malloc(cap), *grown;
	ssize_t w;
	int ret = -1;

	if (buf == NULL)
		goto nomem;
	json_array_foreach(records, i, rec)
	{
		while ((need = json_dumpb(rec, buf + len, cap - len,
		                          DOCS_JSON_FLAGS)) +
		           1 >
		       cap - len) {
			if (need == 0)
				goto nomem;
			cap = (len + need + 1) * 2;
			grown = realloc(buf, cap);
			if (grown == NULL)
				goto nomem;
			buf = grown;
		}
		if (need == 0)
			goto nomem;
		len += need;
		buf[len++] = '\n';
	}
	w = len > 0 ? write(st->logfd, buf, len) : 0;
	if (w != (ssize_t)len) {
		error_set(err, take_back(st, w == -1 ? errno : ENOSPC),
		          "cannot write '%s'", st->logname);
		goto out;
	}
	/*
	 * A new log's directory entry must survive a power loss too.  Synced
	 * first: macOS' F_FULLFSYNC of the log then flushes the drive's cache
	 * with the entry in it.
	 */
	if (len > 0 && st->log_created && st->opts.fsync &&
	    fsync(st->dirfd) == -1 && errno != EINVAL) {
		error_set(err, take_back(st, errno),
		          "cannot sync the data directory");
		goto out;
	}
	if (len > 0 && st->opts.fsync && portable_datasync(st->logfd) == -1) {
		error_set(err, take_back(st, errno), "cannot sync '%s'",
		          st->logname);
		goto out;
	}
	st->log_created = 0;
	st->logsize += (long long)len;
	ret = 0;
	goto out;
nomem:
	error_set(err, ENOMEM, "cannot write '%s'", st->logname);
out:
	free(buf);
	return ret;
}

int store_checkpoint_due(struct store *st, const char *type)
{
	static const char *const boundaries[] = {
	    "session_start", "task_start", "task_complete", "session_end"};

	/* Once a session, stale temps of killed checkpoints are swept. */
	st->sweep |= strcmp(type, "session_start") == 0;
	for (size_t i = 0; i < sizeof(boundaries) / sizeof(*boundaries); i++)
		if (strcmp(type, boundaries[i]) == 0)
			return 1;
	return st->summary_missing ||
	       st->summary_age_ms >= st->opts.checkpoint_ms;
}

/* A temp file of docs_replace(): ".<document name>.XXXXXX" of this tool. */
static int is_temp(const struct store *st, const char *name)
{
	size_t len = strlen(name);
	const char *doc = name + 1;

	if (name[0] != '.' || len < 9 || name[len - 7] != '.' ||
	    strspn(name + len - 6, "0123456789abcdef") != 6)
		return 0;
	if (*doc == '.') /* a hidden document, such as ".usage-tokens.json" */
		doc++;
	return strncmp(doc, st->tool->prefix, strlen(st->tool->prefix)) == 0 ||
	       strncmp(doc, st->tool->summary_name,
	               strlen(st->tool->summary_name)) == 0;
}

/* Remove the temp files a killed checkpoint left, older than a minute. */
static void sweep_temps(struct store *st)
{
	int fd = openat(st->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd == -1 ? NULL : fdopendir(fd);
	time_t now = time(NULL);
	struct dirent *e;
	struct stat sb;

	if (dir == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	while ((e = readdir(dir)) != NULL)
		if (is_temp(st, e->d_name) &&
		    fstatat(st->dirfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) ==
		        0 &&
		    S_ISREG(sb.st_mode) &&
		    now - sb.st_mtime > STALE_TEMP_SECONDS)
			unlinkat(st->dirfd, e->d_name, 0);
	closedir(dir);
}

int store_checkpoint(struct store *st, struct error *err)
{
	if (catch_up(st, err) == -1 ||
	    docs_write(st->docs, st->tool->summary_name, err) == -1)
		return -1;
	if (st->sweep || st->summary_missing)
		sweep_temps(st);
	return 0;
}

json_t *store_last_record(const char *dir, const struct store_tool *tool,
                          int64_t *written_ms, struct error *err)
{
	char today[TIME_DATE_LEN], date[TIME_DATE_LEN], name[64];
	struct stat sb;
	json_t *rec = NULL;
	char *buf = NULL, *end, *start;
	size_t got, len;
	int dirfd, fd = -1;

	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd == -1) {
		if (errno != ENOENT)
			error_set(err, errno, "cannot open '%s'", dir);
		return NULL;
	}
	time_local_date(time_now_ms(), today);
	for (int back = 0; back < 2 && fd == -1; back++) {
		time_date_add(today, -back, date);
		if (log_name(tool, date, name, sizeof(name)) == -1)
			break;
		fd = log_open_read(dirfd, name, &sb, err);
		if (fd == -1 && errno != ENOENT)
			goto out;
		if (fd != -1 && sb.st_size == 0) {
			close(fd);
			fd = -1;
		}
	}
	errno = ENOENT;
	if (fd == -1)
		goto out;
	*written_ms =
	    (int64_t)sb.st_mtime * 1000 + portable_mtime_ns(&sb) / 1000000;
	len = sb.st_size < LAST_LINE_MAX ? (size_t)sb.st_size : LAST_LINE_MAX;
	buf = read_at(fd, sb.st_size - (off_t)len, len, &got);
	if (buf == NULL) {
		error_set(err, ENOMEM, "cannot read '%s'", name);
		goto out;
	}
	/* The last complete line: a torn tail is not read. */
	end = last_newline(buf, got);
	if (end == NULL)
		goto out;
	*end = '\0';
	start = last_newline(buf, (size_t)(end - buf));
	start = start != NULL ? start + 1 : buf;
	if (start == buf && got < (size_t)sb.st_size)
		goto out; /* longer than we looked at: no sample of ours */
	rec = json_loadb(start, (size_t)(end - start), 0, NULL);
	if (!json_is_object(rec)) {
		json_decref(rec);
		rec = NULL;
	}
out:
	free(buf);
	if (fd != -1)
		close(fd);
	close(dirfd);
	return rec;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	docs_free(st->docs);
	if (st->logfd != -1)
		close(st->logfd);
	if (st->lockfd != -1)
		close(st->lockfd); /* releases the flock */
	if (st->dirfd != -1)
		close(st->dirfd);
	free(st);
}
