/*
 * bench-floor: the physical floor of one hook event (docs/design.md §7).
 *
 * It does the file work the design requires of one event and nothing
 * else, with plain system calls and no JSON, so the time it takes is the
 * limit of the design on the machine at hand, and a tool's time divided
 * by it says how much the tool adds.
 *
 *	bench-floor [-n] [-s] [-c] DIR PREFIX LINE_BYTES \
 *		[SUMMARY_BYTES DAY_BYTES]
 *
 * The append floor (no option), in the order the tools do it:
 *	open DIR, open and flock ".PREFIX.lock" (created 0600)
 *	open "PREFIX-DATE.jsonl" (DATE: local today) O_APPEND, fstat it,
 *	    read its last byte (a torn line would be cut there), append
 *	    LINE_BYTES in one write, fdatasync it (-n: not), and fsync DIR
 *	    when the log was new
 *	close the lock
 * -s, the perf floor: before the lock, the reads of a perf-metrics sample:
 *	the last line of the newest log (the last 4 KiB of today's),
 *	/proc/stat, /proc/meminfo, /proc/loadavg, the parent's
 *	/proc/PID/stat and status, statvfs("/") and the number of CPUs.
 * -c, the checkpoint floor: under the lock, before the append, read
 *	"PREFIX-summary.json" and "PREFIX-DATE.json"; after it, replace the
 *	day file, then the summary: a temp file ".NAME.XXXXXX"
 *	(O_EXCL|O_NOFOLLOW), one write of exactly SUMMARY_BYTES or DAY_BYTES
 *	(what was read, padded or cut), close, rename.  Not synced: the
 *	design does not sync the documents.
 *
 * DIR is the tool's own data directory (the floor's files have their own
 * PREFIX), so the directory and the disk are the same for both, and the
 * bench passes the sizes of the tool's own line and documents.  Exit 0, or
 * 1 with a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define NAME_LEN 256

static const char *prog = "bench-floor";

static int fail(const char *what, const char *name)
{
	fprintf(stderr, "%s: %s '%s': %s\n", prog, what, name, strerror(errno));
	return -1;
}

/* Read the whole of name into a new buffer of at least want bytes. */
static char *read_doc(int dirfd, const char *name, size_t want)
{
	struct stat sb;
	size_t cap, n = 0;
	ssize_t r;
	char *buf;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno != ENOENT) {
		fail("cannot open", name);
		return NULL;
	}
	sb.st_size = 0;
	if (fd != -1 && fstat(fd, &sb) == -1) {
		fail("cannot stat", name);
		close(fd);
		return NULL;
	}
	cap = (size_t)sb.st_size > want ? (size_t)sb.st_size : want;
	buf = malloc(cap + 1);
	if (buf == NULL) {
		if (fd != -1)
			close(fd);
		return NULL;
	}
	memset(buf, ' ', cap);
	while (fd != -1 && n < cap &&
	       (r = read(fd, buf + n, cap - n)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			fail("cannot read", name);
			free(buf);
			close(fd);
			return NULL;
		}
		n += (size_t)r;
	}
	if (fd != -1)
		close(fd);
	return buf;
}

/* Replace name with len bytes of buf: temp file, one write, rename. */
static int replace_doc(int dirfd, const char *name, const char *buf,
		       size_t len)
{
	char tmp[NAME_LEN + 16];
	unsigned seed = (unsigned)getpid() * 2654435761u;
	int fd = -1;

	for (int tries = 0; fd == -1 && tries < 100; tries++) {
		snprintf(tmp, sizeof(tmp), ".%s.%06x", name,
			 (seed + (unsigned)tries) & 0xffffff);
		fd = openat(dirfd, tmp,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0600);
		if (fd == -1 && errno != EEXIST)
			return fail("cannot create", tmp);
	}
	if (fd == -1)
		return fail("cannot create", tmp);
	if (write(fd, buf, len) != (ssize_t)len) {
		close(fd);
		return fail("cannot write", tmp);
	}
	if (close(fd) == -1)
		return fail("cannot write", tmp);
	if (renameat(dirfd, tmp, dirfd, name) == -1)
		return fail("cannot rename", tmp);
	return 0;
}

/* Read a /proc file into buf; -1 on error. */
static int read_proc(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;

	if (fd == -1)
		return fail("cannot open", path);
	while (n < len - 1 && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
	return 0;
}

/* The last complete line of the log: its last 4 KiB, unparsed. */
static int read_last_line(int dirfd, const char *name)
{
	char buf[4096];
	struct stat sb;
	off_t len;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1)
		return errno == ENOENT ? 0 : fail("cannot open", name);
	if (fstat(fd, &sb) == -1) {
		close(fd);
		return fail("cannot stat", name);
	}
	len = sb.st_size < (off_t)sizeof(buf) ? sb.st_size : (off_t)sizeof(buf);
	if (len > 0 && pread(fd, buf, (size_t)len, sb.st_size - len) != len) {
		close(fd);
		return fail("cannot read", name);
	}
	close(fd);
	return 0;
}

/* What perf-metrics reads for a sample, unparsed. */
static int sample(int dirfd, const char *logname)
{
	char buf[8192], path[64];
	struct statvfs sv;

	if (read_last_line(dirfd, logname) == -1 ||
	    read_proc("/proc/stat", buf, 4096) == -1 ||
	    read_proc("/proc/meminfo", buf, sizeof(buf)) == -1 ||
	    read_proc("/proc/loadavg", buf, sizeof(buf)) == -1)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)getppid());
	if (read_proc(path, buf, sizeof(buf)) == -1)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)getppid());
	if (read_proc(path, buf, sizeof(buf)) == -1)
		return -1;
	if (statvfs("/", &sv) == -1)
		return fail("cannot statvfs", "/");
	return sysconf(_SC_NPROCESSORS_ONLN) > 0 ? 0 : -1;
}

static size_t size_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v > (1u << 30)) {
		fprintf(stderr, "%s: not a size: '%s'\n", prog, s);
		exit(64);
	}
	return (size_t)v;
}

int main(int argc, char **argv)
{
	int do_sample = 0, checkpoint = 0, sync_log = 1, opt;
	int dirfd = -1, lockfd = -1, logfd = -1;
	char lock[NAME_LEN], logname[NAME_LEN], day[NAME_LEN];
	char summary[NAME_LEN], date[16];
	char *sbuf = NULL, *dbuf = NULL, *line = NULL, c;
	size_t line_len, summary_len = 0, day_len = 0;
	struct stat sb;
	struct tm tm;
	time_t now = time(NULL);
	int ret = 1;

	while ((opt = getopt(argc, argv, "nsc")) != -1) {
		if (opt == 'n')
			sync_log = 0;
		else if (opt == 's')
			do_sample = 1;
		else if (opt == 'c')
			checkpoint = 1;
		else
			return 64;
	}
	if (argc - optind != 3 + 2 * checkpoint) {
		fprintf(stderr,
			"usage: %s [-n] [-s] [-c] DIR PREFIX LINE_BYTES "
			"[SUMMARY_BYTES DAY_BYTES]\n",
			prog);
		return 64;
	}
	const char *dir = argv[optind], *prefix = argv[optind + 1];

	line_len = size_arg(argv[optind + 2]);
	if (checkpoint) {
		summary_len = size_arg(argv[optind + 3]);
		day_len = size_arg(argv[optind + 4]);
	}
	if (line_len < 1 || strlen(prefix) > 64)
		return 64;
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	snprintf(lock, sizeof(lock), ".%s.lock", prefix);
	snprintf(logname, sizeof(logname), "%s-%s.jsonl", prefix, date);
	snprintf(day, sizeof(day), "%s-%s.json", prefix, date);
	snprintf(summary, sizeof(summary), "%s-summary.json", prefix);

	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd == -1) {
		fail("cannot open", dir);
		goto out;
	}
	if (do_sample && sample(dirfd, logname) == -1)
		goto out;
	lockfd = openat(dirfd, lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
			0600);
	if (lockfd == -1 || flock(lockfd, LOCK_EX) == -1) {
		fail("cannot lock", lock);
		goto out;
	}
	if (checkpoint &&
	    ((sbuf = read_doc(dirfd, summary, summary_len)) == NULL ||
	     (dbuf = read_doc(dirfd, day, day_len)) == NULL))
		goto out;

	logfd = openat(dirfd, logname,
		       O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (logfd == -1 || fstat(logfd, &sb) == -1) {
		fail("cannot open", logname);
		goto out;
	}
	if (sb.st_size > 0 && pread(logfd, &c, 1, sb.st_size - 1) != 1) {
		fail("cannot read", logname);
		goto out;
	}
	line = malloc(line_len);
	if (line == NULL)
		goto out;
	memset(line, 'x', line_len - 1);
	line[line_len - 1] = '\n';
	if (write(logfd, line, line_len) != (ssize_t)line_len ||
	    (sync_log && fdatasync(logfd) == -1)) {
		fail("cannot append to", logname);
		goto out;
	}
	if (sync_log && sb.st_size == 0 && fsync(dirfd) == -1) {
		fail("cannot sync", dir);
		goto out;
	}
	if (checkpoint && (replace_doc(dirfd, day, dbuf, day_len) == -1 ||
			   replace_doc(dirfd, summary, sbuf, summary_len) == -1))
		goto out;
	ret = 0;
out:
	free(line);
	free(sbuf);
	free(dbuf);
	if (logfd != -1)
		close(logfd);
	if (lockfd != -1)
		close(lockfd);
	if (dirfd != -1)
		close(dirfd);
	return ret;
}
