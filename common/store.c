/*
 * Rules of this file (DESIGN §4):
 * - Everything below store_open() happens under an flock on the tool's lock
 *   file, which is never renamed or removed.
 * - The logs are the truth.  A line is appended with one write() and made
 *   durable with fdatasync() before any document shows it.
 * - The log appended to is that of today's local date, or of the newest log
 *   date when the clock went back, so that logs read in date order are always
 *   the order of arrival.
 * - The summary is written last and so is never ahead of a day file.  Its
 *   log_position tells what the documents hold: lines after it are applied
 *   before the new event; a position past the end of its log (the log was
 *   truncated or replaced) means a rebuild.
 * - Work per event does not grow with history: the fast path stats today's
 *   log only; listing the directory happens when the date changed since the
 *   last event, on catch-up and on rebuild.
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

#include "codec.h"
#include "prune.h"
#include "range.h"
#include "timeutil.h"

#define STALE_TEMP_SECONDS 60
/*
 * Stale temps are swept whenever the directory is listed anyway, and each
 * time today's log crosses a multiple of this size: a killed writer's temp
 * files do not wait for the next day, and the sweep costs one readdir per
 * few hundred events.
 */
#define SWEEP_LOG_BYTES 65536

struct store {
	const struct store_tool *tool;
	struct store_options opts;
	int dirfd;
	int lockfd;
	int logfd;
	char logdate[TIME_DATE_LEN]; /* date of the log appended to */
	char logname[64];
	long long logsize;           /* its size after mending */
	int log_created;
	struct docs *docs;
};

struct log_list {
	char (*dates)[TIME_DATE_LEN];
	size_t n;
};

void store_options_from_env(struct store_options *opts)
{
	const char *v = getenv("CODEX_ANALYTICS_LOCK_TIMEOUT");
	char *end;
	double seconds;

	opts->lock_timeout_ms = 10000;
	if (v != NULL && *v != '\0') {
		seconds = strtod(v, &end);
		if (*end == '\0' && seconds >= 0 && seconds <= 3600)
			opts->lock_timeout_ms = (int)(seconds * 1000);
	}
	v = getenv("CODEX_ANALYTICS_FSYNC");
	opts->fsync = !(v != NULL && strcmp(v, "0") == 0);
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
		error_set(err, 0, "cannot find the data directory: "
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

int store_open_dir(const char *dir, struct error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd == -1)
		error_set(err, errno, "cannot open '%s'", dir);
	return fd;
}

/* ---- the lock ---- */

/* A clock for waits: never stepped, unlike the time of day. */
static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int lock_take(struct store *st, struct error *err)
{
	const char *name = st->tool->lock_name;
	int64_t deadline = monotonic_ms() + st->opts.lock_timeout_ms;
	long nap_us = 100;

	st->lockfd = openat(st->dirfd, name,
			    O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (st->lockfd == -1) {
		error_set(err, errno, errno == ELOOP ? "refusing symlink '%s'"
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
		if (monotonic_ms() >= deadline) {
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

static int log_name(const struct store *st, const char *date, char *buf,
		    size_t len)
{
	int n = snprintf(buf, len, "%s-%s.jsonl", st->tool->prefix, date);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The date of a log file name of this tool, or -1 when it is not one. */
static int log_date_of(const struct store *st, const char *name, char *date)
{
	return range_file_date(st->tool->prefix, ".jsonl", name, date);
}

static int by_date(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A temp file of docs_replace(): ".<document name>.XXXXXX" of this tool. */
static int is_temp(const struct store *st, const char *name)
{
	size_t len = strlen(name);
	const char *doc = name + 1;

	if (name[0] != '.' || len < 9 || name[len - 7] != '.' ||
	    strspn(name + len - 6, "0123456789abcdef") != 6)
		return 0;
	if (*doc == '.') /* a hidden document, such as ".metrics-state.json" */
		doc++;
	return strncmp(doc, st->tool->prefix, strlen(st->tool->prefix)) == 0 ||
	       strncmp(doc, st->tool->summary_name,
		       strlen(st->tool->summary_name)) == 0;
}

/*
 * The dates of the logs at or after from (all when from is ""), sorted;
 * removes stale temp files on the way, since it reads the directory anyway.
 */
static int log_list(struct store *st, const char *from, struct log_list *list,
		    struct error *err)
{
	int fd = openat(st->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd == -1 ? NULL : fdopendir(fd);
	struct dirent *e;
	size_t cap = 0;
	time_t now = time(NULL);
	struct stat sb;
	char date[TIME_DATE_LEN];

	list->dates = NULL;
	list->n = 0;
	if (dir == NULL) {
		error_set(err, errno, "cannot read the data directory");
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((e = readdir(dir)) != NULL) {
		if (is_temp(st, e->d_name) &&
		    fstatat(st->dirfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(sb.st_mode) && now - sb.st_mtime > STALE_TEMP_SECONDS)
			unlinkat(st->dirfd, e->d_name, 0);
		if (log_date_of(st, e->d_name, date) == -1 ||
		    strcmp(date, from) < 0)
			continue;
		if (list->n == cap) {
			cap = cap ? cap * 2 : 16;
			void *more = realloc(list->dates, cap * sizeof(*list->dates));

			if (more == NULL) {
				closedir(dir);
				error_set(err, ENOMEM, "cannot list the logs");
				return -1;
			}
			list->dates = more;
		}
		memcpy(list->dates[list->n++], date, TIME_DATE_LEN);
	}
	closedir(dir);
	qsort(list->dates, list->n, sizeof(*list->dates), by_date);
	return 0;
}

/*
 * Open the log to append to and mend a torn last line: whatever follows the
 * last newline is what a killed writer left, and it is cut off.
 */
static int log_open(struct store *st, const char *date, struct error *err)
{
	struct stat sb;
	char c;
	off_t end, at;
	char buf[4096];

	memcpy(st->logdate, date, TIME_DATE_LEN);
	if (log_name(st, date, st->logname, sizeof(st->logname)) == -1) {
		error_set(err, ENAMETOOLONG, "cannot name the log");
		return -1;
	}
	st->logfd = openat(st->dirfd, st->logname,
			   O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
			   0600);
	if (st->logfd == -1 || fstat(st->logfd, &sb) == -1) {
		error_set(err, errno, errno == ELOOP ? "refusing symlink '%s'"
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
			off_t from = at > (off_t)sizeof(buf) ? at - (off_t)sizeof(buf) : 0;
			ssize_t n = pread(st->logfd, buf, (size_t)(at - from), from);

			if (n <= 0) {
				error_set(err, errno, "cannot read '%s'", st->logname);
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
	st->logsize = end;
	return 0;
}

/*
 * Cut the torn last line (from at on) off the log name, under the lock: a
 * writer killed before midnight leaves it in a log nobody appends to again.
 */
static void log_cut(struct store *st, const char *name, long long at,
		    long long end)
{
	int fd = openat(st->dirfd, name,
			O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd != -1 && ftruncate(fd, (off_t)at) == 0)
		warn(st, "cut a torn line of %lld bytes off '%s'", end - at,
		     name);
	if (fd != -1)
		close(fd);
}

/*
 * Apply the complete lines of the log of date from offset on.  A last line
 * without a newline (torn) is never applied: it is cut off.  A log that is
 * not a regular file (a FIFO would block) is an error.
 */
static int log_replay(struct store *st, const char *date, long long offset,
		      struct error *err)
{
	char name[64];
	struct log_position pos;
	char *buf = NULL, *line, *nl;
	long long size;
	struct stat sb;
	int fd = -1, ret = -1;
	ssize_t r;
	size_t got = 0;

	if (log_name(st, date, name, sizeof(name)) == -1) {
		error_set(err, ENAMETOOLONG, "cannot name the log");
		return -1;
	}
	fd = openat(st->dirfd, name,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &sb) == -1) {
		error_set(err, errno, "cannot open '%s'", name);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		error_set(err, 0, "'%s' is not a regular file", name);
		goto out;
	}
	size = sb.st_size;
	if (offset >= size) {
		ret = 0;
		goto out;
	}
	buf = malloc((size_t)(size - offset) + 1);
	if (buf == NULL) {
		error_set(err, errno, "cannot read '%s'", name);
		goto out;
	}
	while (got < (size_t)(size - offset)) {
		r = pread(fd, buf + got, (size_t)(size - offset) - got,
			  offset + (off_t)got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	memcpy(pos.date, date, TIME_DATE_LEN);
	for (line = buf; (nl = memchr(line, '\n', got - (size_t)(line - buf)));
	     line = nl + 1) {
		json_t *rec = codec_load(line, (size_t)(nl - line));

		pos.offset = offset + (nl + 1 - buf);
		if (rec == NULL) {
			if (nl > line)
				warn(st, "skipped an invalid line at byte %lld of '%s'",
				     offset + (long long)(line - buf), name);
			continue;
		}
		docs_set_position(st->docs, &pos);
		int r2 = st->tool->apply(st->docs, rec, err);

		json_decref(rec);
		if (r2 == -1)
			goto out;
	}
	/* The log appended to is mended by log_open(). */
	if ((size_t)(line - buf) < got && strcmp(name, st->logname) != 0)
		log_cut(st, name, offset + (long long)(line - buf),
			offset + (long long)got);
	ret = 0;
out:
	docs_set_position(st->docs, NULL);
	free(buf);
	if (fd != -1)
		close(fd);
	return ret;
}

static int replay_from(struct store *st, const struct log_position *from,
		       struct error *err)
{
	struct log_list list;
	int ret = -1;

	if (log_list(st, from->date, &list, err) == -1)
		return -1;
	for (size_t i = 0; i < list.n; i++) {
		long long offset =
			strcmp(list.dates[i], from->date) == 0 ? from->offset : 0;

		if (log_replay(st, list.dates[i], offset, err) == -1)
			goto out;
	}
	ret = 0;
out:
	free(list.dates);
	return ret;
}

int store_rebuild(struct store *st, struct error *err)
{
	struct log_position start = {"", 0};

	docs_reset(st->docs);
	/* Pruned logs live on in the checkpoint: start from it. */
	if (prune_base_seed(st->dirfd, st->tool, st->docs, &start, err) == -1 ||
	    replay_from(st, &start, err) == -1)
		return -1;
	prune_base_discard(st->docs, st->tool, &start);
	return 0;
}

/* Size of the log of date, -1 when there is none. */
static long long log_size(struct store *st, const char *date)
{
	char name[64];
	struct stat sb;

	if (log_name(st, date, name, sizeof(name)) == -1 ||
	    fstatat(st->dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	return sb.st_size;
}

/*
 * A document's log_position comes from a file anyone who can write the
 * data directory may have edited: its date becomes part of a file name only
 * when it is a real date, and a negative offset is no position (an empty
 * date neither: the documents would hold counts no line accounts for).  No
 * log_position at all is valid: a summary from before the logs.
 */
static int position_valid(const json_t *doc, const struct log_position *pos)
{
	if (json_object_get(doc, "log_position") == NULL)
		return 1;
	return pos->offset >= 0 && time_date_valid(pos->date);
}

/* Bring the documents up to the end of the logs (see the rules above). */
static int catch_up(struct store *st, struct error *err)
{
	const char *summary = st->tool->summary_name;
	struct log_position pos;
	json_t *doc = docs_peek(st->docs, summary);
	const char *aside;
	long long size;

	if (doc == NULL && (aside = docs_corrupt(st->docs)) != NULL) {
		warn(st, "'%s' did not parse: moved to '%s' and rebuilt from the logs",
		     summary, aside);
		return store_rebuild(st, err);
	}
	if (doc == NULL) {
		if (docs_error(st->docs)->what[0] != '\0') {
			*err = *docs_error(st->docs);
			return -1;
		}
		/* No summary: whatever logs there are make it. */
		return store_rebuild(st, err);
	}
	docs_position_get(doc, &pos);
	if (!position_valid(doc, &pos))
		goto rebuild;
	if (strcmp(pos.date, st->logdate) == 0) {
		if (pos.offset == st->logsize)
			return 0; /* the fast path */
		if (pos.offset > st->logsize)
			goto rebuild;
		return replay_from(st, &pos, err);
	}
	size = pos.date[0] != '\0' ? log_size(st, pos.date) : 0;
	if (size < pos.offset)
		goto rebuild;
	return replay_from(st, &pos, err);
rebuild:
	warn(st,
	     "'%s' is ahead of its log or has an invalid log_position: "
	     "rebuilt from the logs",
	     summary);
	return store_rebuild(st, err);
}

/*
 * Whoever can write the data directory can plant files or symlinks in it
 * and rewrite the logs: a directory others can write gets a warning on
 * every event (a sticky one too: they can still create files).
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

static struct store *open_store(const char *dir, const struct store_tool *tool,
				const struct store_options *opts, int rebuild,
				struct error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	char today[TIME_DATE_LEN];
	struct log_position pos;
	json_t *summary;

	if (st == NULL) {
		error_set(err, ENOMEM, "cannot open the data directory");
		return NULL;
	}
	st->tool = tool;
	st->opts = *opts;
	st->dirfd = st->lockfd = st->logfd = -1;
	/* mkdir -p only when the directory is missing, not on every event. */
	st->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd == -1 && errno == ENOENT) {
		if (store_mkdir(dir, err) == -1)
			goto fail;
		st->dirfd = store_open_dir(dir, err);
	} else if (st->dirfd == -1) {
		error_set(err, errno, "cannot open '%s'", dir);
	}
	if (st->dirfd == -1)
		goto fail;
	warn_if_writable(st, dir);
	if (lock_take(st, err) == -1)
		goto fail;
	st->docs = docs_new_dir(st->dirfd);
	if (st->docs == NULL) {
		error_set(err, ENOMEM, "cannot open the data directory");
		goto fail;
	}
	docs_set_lazy(st->docs, tool->lazy);
	docs_set_sidecar(st->docs, st->lockfd);
	/* A newer summary stops everything, before the log is touched. */
	summary = docs_peek(st->docs, tool->summary_name);
	if (summary == NULL && docs_error(st->docs)->what[0] != '\0') {
		*err = *docs_error(st->docs);
		goto fail;
	}
	time_local_date(time_now_ms(), today);
	docs_position_get(summary, &pos);
	if (log_open(st,
	             position_valid(summary, &pos) &&
	                     strcmp(pos.date, today) > 0
	                 ? pos.date
	                 : today,
	             err) == -1)
		goto fail;
	if ((rebuild ? store_rebuild(st, err) : catch_up(st, err)) == -1)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

struct store *store_open(const char *dir, const struct store_tool *tool,
			 const struct store_options *opts, struct error *err)
{
	return open_store(dir, tool, opts, 0, err);
}

int store_rebuild_dir(const char *dir, const struct store_tool *tool,
		      const struct store_options *opts, struct error *err)
{
	struct store *st = open_store(dir, tool, opts, 1, err);
	int ret;

	if (st == NULL)
		return -1;
	ret = store_commit(st, err);
	store_close(st);
	return ret;
}

/*
 * Append records[0..n) to the log as n lines in one write and one
 * fdatasync, then apply each at its own position.  A write or sync that
 * fails takes every line back: none of them is recorded.
 */
static int append(struct store *st, json_t *const *records, size_t n,
		  struct error *err)
{
	struct log_position pos;
	size_t len = 0, cap = 0, one, i;
	long long *ends = calloc(n, sizeof(*ends));
	char *buf = NULL, *line, *grown;
	ssize_t w;
	int ret = -1, saved;

	if (ends == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		line = codec_dump(records[i], &one);
		if (line == NULL)
			goto nomem;
		if (len + one + 1 > cap) {
			cap = (len + one + 1) * 2;
			grown = realloc(buf, cap);
			if (grown == NULL) {
				free(line);
				goto nomem;
			}
			buf = grown;
		}
		memcpy(buf + len, line, one);
		free(line);
		len += one;
		buf[len++] = '\n';
		ends[i] = st->logsize + (long long)len;
	}
	w = write(st->logfd, buf, len);
	if (w != (ssize_t)len) {
		saved = w == -1 ? errno : ENOSPC;
		/* Take back a partial line now rather than at the next event. */
		if (w > 0 && ftruncate(st->logfd, st->logsize) == -1)
			saved = errno;
		error_set(err, saved, "cannot write '%s'", st->logname);
		goto out;
	}
	if (st->opts.fsync && fdatasync(st->logfd) == -1) {
		/*
		 * Not durable, so not recorded: take the lines back, or the
		 * next event would count an event reported as failed.
		 */
		saved = errno;
		if (ftruncate(st->logfd, st->logsize) == -1)
			saved = errno;
		error_set(err, saved, "cannot sync '%s'", st->logname);
		goto out;
	}
	if (st->log_created && st->opts.fsync) {
		/* A new log's directory entry must survive a power loss too. */
		if (fsync(st->dirfd) == -1 && errno != EINVAL) {
			/* Not recorded either: as for fdatasync above. */
			saved = errno;
			if (ftruncate(st->logfd, st->logsize) == -1)
				saved = errno;
			error_set(err, saved, "cannot sync the data directory");
			goto out;
		}
		st->log_created = 0;
	}
	st->logsize += (long long)len;
	if ((st->logsize - (long long)len) / SWEEP_LOG_BYTES !=
	    st->logsize / SWEEP_LOG_BYTES) {
		struct log_list list;
		struct error ignored;

		if (log_list(st, st->logdate, &list, &ignored) == 0)
			free(list.dates);
	}
	memcpy(pos.date, st->logdate, TIME_DATE_LEN);
	ret = 0;
	for (i = 0; ret == 0 && i < n; i++) {
		pos.offset = ends[i];
		docs_set_position(st->docs, &pos);
		ret = st->tool->apply(st->docs, records[i], err);
		docs_set_position(st->docs, NULL);
		if (ret == 0 && docs_corrupt(st->docs) != NULL) {
			warn(st, "a document did not parse: moved to '%s' and "
				 "rebuilt from the logs",
			     docs_corrupt(st->docs));
			/* The rebuild applies the rest of the lines too. */
			ret = store_rebuild(st, err);
			break;
		}
	}
	goto out;
nomem:
	error_set(err, ENOMEM, "cannot write '%s'", st->logname);
out:
	free(buf);
	free(ends);
	return ret;
}

int store_append(struct store *st, json_t *record, struct error *err)
{
	return append(st, &record, 1, err);
}

int store_append_all(struct store *st, json_t *records, struct error *err)
{
	size_t n = json_array_size(records);
	json_t **v = calloc(n + 1, sizeof(*v));
	int ret;

	if (v == NULL) {
		error_set(err, ENOMEM, "cannot write '%s'", st->logname);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(records, i);
	ret = n > 0 ? append(st, v, n, err) : 0;
	free(v);
	return ret;
}

int store_commit(struct store *st, struct error *err)
{
	return docs_write(st->docs, st->tool->summary_name, err);
}

struct docs *store_docs(struct store *st)
{
	return st->docs;
}

int store_dirfd(const struct store *st)
{
	return st->dirfd;
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
