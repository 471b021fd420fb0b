/*
 * platform on Linux: read /proc, let procfs.c parse it.
 *
 * Rules of this file:
 * - Every /proc file is read below the proc root: $CODEX_ANALYTICS_PROC_ROOT
 *   when set and not empty, else /proc (htop's PROCDIR idea), so tests run
 *   on fixture trees.  Other sources (statvfs, sysconf, getppid) are not
 *   redirected.
 * - Reading is all this file does; the text is parsed by procfs.c.
 * - A file is read into a stack buffer that holds what the kernel writes
 *   today; one that outgrows it (a status with a long Groups line, a large
 *   zoneinfo) moves to the heap, up to PROC_MAX_TEXT.  Only /proc/stat is
 *   cut instead: its first line is all that is needed.
 */
#include "platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"

#define PROC_MAX_TEXT (16 * 1024 * 1024)
#define AGENT_MAX_DEPTH 32

static const char *proc_root(void)
{
	const char *root = getenv("CODEX_ANALYTICS_PROC_ROOT");

	return root != NULL && *root != '\0' ? root : "/proc";
}

/*
 * The text of the file rel below the proc root, NUL-terminated, or NULL with
 * errno.  It is read into buf (len bytes) when it fits.  A longer text is cut
 * to len - 1 bytes when cut is set, else it moves to a new heap buffer *heap
 * that the caller frees (*heap is NULL otherwise).
 */
static const char *proc_read_n(const char *rel, char *buf, size_t len, int cut,
                               char **heap, size_t *n_out)
{
	char path[PATH_MAX], *text = buf, *grown;
	const char *ret = NULL;
	size_t cap = len, used = 0;
	ssize_t n;
	int fd = -1, saved, w;

	*heap = NULL;
	w = snprintf(path, sizeof(path), "%s/%s", proc_root(), rel);
	if (w < 0 || (size_t)w >= sizeof(path)) {
		errno = ENAMETOOLONG;
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		goto out;
	for (;;) {
		if (used == cap - 1) {
			if (cut)
				break;
			if (cap >= PROC_MAX_TEXT) {
				errno = EFBIG;
				goto out;
			}
			grown = realloc(*heap, cap * 2);
			if (grown == NULL)
				goto out;
			if (*heap == NULL)
				memcpy(grown, buf, used);
			*heap = text = grown;
			cap *= 2;
		}
		n = read(fd, text + used, cap - 1 - used);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto out;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	text[used] = '\0';
	if (n_out != NULL)
		*n_out = used;
	ret = text;
out:
	saved = errno;
	if (fd != -1)
		close(fd);
	if (ret == NULL) {
		free(*heap);
		*heap = NULL;
	}
	errno = saved;
	return ret;
}

static const char *proc_read(const char *rel, char *buf, size_t len, int cut,
                             char **heap)
{
	return proc_read_n(rel, buf, len, cut, heap, NULL);
}

int platform_cpu_times(struct platform_cpu *cpu)
{
	char buf[4096], *heap = NULL;
	const char *text;

	text = proc_read("stat", buf, sizeof(buf), 1, &heap);
	if (text == NULL)
		return -1;
	return procfs_parse_stat(text, cpu);
}

int platform_memory(struct platform_memory *mem)
{
	char buf[8192], zbuf[16384], *heap = NULL, *zheap = NULL;
	const char *text, *zone = NULL;
	long page;
	int ret = -1, saved;

	text = proc_read("meminfo", buf, sizeof(buf), 0, &heap);
	if (text == NULL)
		goto out;
	/* Only kernels without a usable MemAvailable need zoneinfo; when it
	 * cannot be read, psutil's own fallback applies (zone stays NULL). */
	if (procfs_meminfo_needs_zoneinfo(text))
		zone = proc_read("zoneinfo", zbuf, sizeof(zbuf), 0, &zheap);
	page = sysconf(_SC_PAGESIZE);
	ret = procfs_parse_meminfo_zoneinfo(
	    text, zone, page > 0 ? (unsigned long)page : 4096, mem);
out:
	saved = errno;
	free(heap);
	free(zheap);
	errno = saved;
	return ret;
}

/* psutil's disk_usage: space reserved for root counts as neither. */
int platform_disk(const char *path, struct platform_disk *disk)
{
	struct statvfs st;
	uint64_t frsize, used_blocks;

	if (statvfs(path, &st) == -1)
		return -1;
	frsize = st.f_frsize != 0 ? st.f_frsize : st.f_bsize;
	/* f_bfree above f_blocks is nonsense some file systems report. */
	used_blocks = st.f_blocks > st.f_bfree ? st.f_blocks - st.f_bfree : 0;
	disk->used = used_blocks * frsize;
	disk->free = (uint64_t)st.f_bavail * frsize;
	disk->total = disk->used + disk->free;
	return 0;
}

int platform_loadavg(double load[3])
{
	char buf[256], *heap = NULL;
	const char *text;
	int ret, saved;

	text = proc_read("loadavg", buf, sizeof(buf), 0, &heap);
	if (text == NULL)
		return -1;
	ret = procfs_parse_loadavg(text, load);
	saved = errno;
	free(heap);
	errno = saved;
	return ret;
}

int platform_cpu_count(void)
{
	long n;

	errno = 0;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1) {
		if (errno == 0)
			errno = EINVAL;
		return -1;
	}
	return n > INT_MAX ? INT_MAX : (int)n;
}

static double clock_ticks(void)
{
	long hz = sysconf(_SC_CLK_TCK);

	return (double)(hz > 0 ? hz : 100);
}

/* The figures of pid its stat file holds; *ppid its parent. */
static int process_stat(pid_t pid, struct platform_process *proc, long *ppid)
{
	char rel[32], buf[2048], *heap = NULL;
	struct procfs_pid_stat st;
	const char *text;
	int ret = -1, saved;

	memset(proc, 0, sizeof(*proc));
	proc->start_ms = -1;
	if (pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	snprintf(rel, sizeof(rel), "%ld/stat", (long)pid);
	text = proc_read(rel, buf, sizeof(buf), 0, &heap);
	if (text == NULL)
		goto out;
	if (procfs_parse_pid_stat_fields(text, proc->name, sizeof(proc->name),
	                                 &st) == -1)
		goto out;
	proc->pid = pid;
	proc->ppid = st.ppid > INT_MAX ? 0 : (pid_t)st.ppid;
	proc->state = st.state;
	proc->start_ticks = st.start_ticks;
	proc->cpu_seconds = (double)(st.utime + st.stime) / clock_ticks();
	proc->children_cpu_seconds =
	    (double)(st.cutime + st.cstime) / clock_ticks();
	*ppid = st.ppid;
	ret = 0;
out:
	saved = errno;
	free(heap);
	errno = saved;
	return ret;
}

static int process_rss(pid_t pid, uint64_t *rss_bytes)
{
	char rel[32], buf[4096], *heap = NULL;
	const char *text;
	int ret = -1, saved;

	snprintf(rel, sizeof(rel), "%ld/status", (long)pid);
	text = proc_read(rel, buf, sizeof(buf), 0, &heap);
	if (text == NULL)
		goto out;
	ret = procfs_parse_status_rss(text, rss_bytes);
out:
	saved = errno;
	free(heap);
	errno = saved;
	return ret;
}

int platform_process(pid_t pid, struct platform_process *proc)
{
	struct platform_process p;
	long ppid;

	if (process_stat(pid, &p, &ppid) == -1 ||
	    process_rss(pid, &p.rss_bytes) == -1)
		return -1;
	*proc = p;
	return 0;
}

int platform_agent(struct platform_process *proc)
{
	struct platform_process parent, cur;
	pid_t pid = getppid();
	long ppid;
	int depth;

	if (process_stat(pid, &parent, &ppid) == -1)
		return -1;
	cur = parent;
	for (depth = 1; procfs_is_shell(cur.name); depth++) {
		/* ppid 0: the parent of init, or of a kernel thread. */
		if (depth == AGENT_MAX_DEPTH || ppid <= 0 || ppid > INT_MAX ||
		    process_stat((pid_t)ppid, &cur, &ppid) == -1) {
			cur = parent;
			break;
		}
	}
	if (process_rss(cur.pid, &cur.rss_bytes) == -1)
		return -1;
	*proc = cur;
	return 0;
}

/* Boot time in ms since the epoch, from the btime line of /proc/stat. */
static int boot_time_ms(int64_t *ms)
{
	char buf[8192], *heap = NULL;
	const char *text;
	uint64_t btime;
	int ret = -1, saved;

	/* btime follows a line per CPU: the whole file is read. */
	text = proc_read("stat", buf, sizeof(buf), 0, &heap);
	if (text != NULL && procfs_parse_btime(text, &btime) == 0 &&
	    btime < (uint64_t)INT64_MAX / 1000) {
		*ms = (int64_t)btime * 1000;
		ret = 0;
	}
	saved = errno;
	free(heap);
	errno = saved;
	return ret;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Rules of the walk: the owner is read from the /proc/PID directory (one
 * fstatat, no file read) and the start time from stat before status is
 * read, so the processes of other users and older ones cost little; the
 * bounds are checked at every process.
 */
int platform_processes(const struct platform_walk *w,
                       int (*fn)(const struct platform_process *, void *),
                       void *ctx, int *partial)
{
	struct platform_process p;
	struct dirent *de;
	struct stat st;
	DIR *dir = NULL;
	int64_t boot_ms, deadline;
	size_t visited = 0;
	long ppid, v;
	char *end;
	int ret = -1, saved, stop = 0;

	*partial = 0;
	deadline = w->budget_ms > 0 ? monotonic_ms() + w->budget_ms : 0;
	if (boot_time_ms(&boot_ms) == -1)
		return -1;
	dir = opendir(proc_root());
	if (dir == NULL)
		return -1;
	while (!stop && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		errno = 0;
		v = strtol(de->d_name, &end, 10);
		if (*end != '\0' || errno != 0 || v <= 0 || v > INT_MAX)
			continue;
		if (visited == w->max_visit ||
		    (deadline != 0 && monotonic_ms() >= deadline)) {
			*partial = 1;
			break;
		}
		visited++;
		if (fstatat(dirfd(dir), de->d_name, &st, 0) == -1 ||
		    st.st_uid != w->uid)
			continue;
		if (process_stat((pid_t)v, &p, &ppid) == -1 ||
		    p.start_ticks <= w->started_after || p.state == 'Z' ||
		    p.state == 'X' || process_rss(p.pid, &p.rss_bytes) == -1)
			continue; /* gone meanwhile, or not one of those wanted
			           */
		p.uid = st.st_uid;
		p.start_ms = boot_ms + (int64_t)((double)p.start_ticks /
		                                 clock_ticks() * 1000.0);
		errno = 0;
		stop = fn(&p, ctx);
		if (stop < 0)
			goto out;
	}
	ret = 0;
out:
	saved = errno;
	closedir(dir);
	errno = saved;
	return ret;
}

int platform_process_environ(pid_t pid, char *buf, size_t len, size_t *n)
{
	char rel[32], *heap = NULL;
	const char *text;

	*n = 0;
	if (pid <= 0 || len < 2) {
		errno = EINVAL;
		return -1;
	}
	snprintf(rel, sizeof(rel), "%ld/environ", (long)pid);
	/* Cut, never grown: the markers looked for come early in practice,
	 * and a walk must not allocate per process. */
	text = proc_read_n(rel, buf, len, 1, &heap, n);
	return text == NULL ? -1 : 0;
}
