/*
 * platform: the file-reading layer, on a fixture /proc tree written at test
 * time into a temp directory (CODEX_ANALYTICS_PROC_ROOT), and live against
 * this machine's /proc and statvfs.
 *
 * The agent walk starts at the real getppid() (the runner, in Check's fork
 * mode), so the fixture tree holds a directory named after it.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "platform.h"
#include "procfs.h"
#include "suite.h"

#define KIB 1024ULL

/* Fixture pids above any pid_max, so never the runner's. */
#define SH_PID 5000001L
#define AGENT_PID 5000002L

static char root[UNIT_TMPDIR_MAX];
static int rootfd = -1;

static void setup(void)
{
	rootfd = unit_tmpdir(root, "test_platform");
	/* procfs' fixtures: the figures of its test_stat "guest" row,
	 * test_meminfo and test_loadavg. */
	unit_put(rootfd, "stat", unit_fixture("proc/stat"));
	unit_put(rootfd, "meminfo", unit_fixture("proc/meminfo"));
	unit_put(rootfd, "loadavg", unit_fixture("proc/loadavg"));
	setenv("CODEX_ANALYTICS_PROC_ROOT", root, 1);
}

static void teardown(void)
{
	unsetenv("CODEX_ANALYTICS_PROC_ROOT");
	unit_rmdir(root, rootfd);
}

/* The hook's ancestors: getppid() is a bash, run by sh, run by codex. */
static void put_agent_chain(void)
{
	unit_put_process(rootfd, getppid(), "bash", SH_PID, 1, 2, 500, "3000");
	unit_put_process(rootfd, SH_PID, "sh", AGENT_PID, 1, 1, 400, "1500");
	/* utime 12345 + stime 655 = 13000 ticks; VmRSS 204800 kB. */
	unit_put_process(rootfd, AGENT_PID, "codex", 1, 12345, 655, 123456,
	                 "204800");
}

static double ticks_to_seconds(unsigned long ticks)
{
	return (double)ticks / (double)sysconf(_SC_CLK_TCK);
}

/*
 * platform_cpu_times, platform_memory, platform_loadavg on the fixture
 */

static void assert_cpu_times(uint64_t total, uint64_t busy)
{
	struct platform_cpu cpu;

	ck_assert_int_eq(platform_cpu_times(&cpu), 0);
	ck_assert_uint_eq(cpu.total, total);
	ck_assert_uint_eq(cpu.busy, busy);
}

START_TEST(test_cpu_times)
{
	/* As procfs' "guest" row. */
	assert_cpu_times(95050, 13850);
}
END_TEST

START_TEST(test_cpu_times_long)
{
	char *text;
	size_t len = 100000, off;

	/* Only the first line counts: a long intr line is cut unread. */
	text = malloc(len);
	ck_assert_ptr_nonnull(text);
	off = (size_t)snprintf(text, len, "cpu  1 2 3 4 5 6 7 8 9 10\nintr");
	while (off < len - 100)
		off += (size_t)snprintf(text + off, len - off, " %zu", off);
	unit_put(rootfd, "stat", text);
	free(text);
	assert_cpu_times(36, 27);
}
END_TEST

START_TEST(test_cpu_times_missing)
{
	struct platform_cpu cpu;

	ck_assert_int_eq(unlinkat(rootfd, "stat", 0), 0);
	unit_assert_fails(platform_cpu_times(&cpu), ENOENT);
	unit_put(rootfd, "stat", "garbage\n");
	unit_assert_fails(platform_cpu_times(&cpu), EINVAL);
}
END_TEST

START_TEST(test_cpu_times_empty_root)
{
	struct platform_cpu cpu;

	/* An empty variable counts as unset: the real /proc. */
	setenv("CODEX_ANALYTICS_PROC_ROOT", "", 1);
	ck_assert_int_eq(platform_cpu_times(&cpu), 0);
	ck_assert_uint_gt(cpu.total, 0);
	ck_assert_uint_le(cpu.busy, cpu.total);
}
END_TEST

START_TEST(test_memory)
{
	struct platform_memory mem;

	ck_assert_int_eq(platform_memory(&mem), 0);
	ck_assert_uint_eq(mem.total, 16303428 * KIB);
	ck_assert_uint_eq(mem.available, 9876540 * KIB);
	ck_assert_uint_eq(mem.swap_total, 2097148 * KIB);
	ck_assert_uint_eq(mem.swap_free, 1048572 * KIB);
}
END_TEST

START_TEST(test_memory_zoneinfo)
{
	struct platform_memory mem;
	double low = 10.0 * (double)sysconf(_SC_PAGESIZE), expect;

	/* No MemAvailable, no zoneinfo: MemFree + Cached = 400 kB. */
	unit_put(rootfd, "meminfo",
	         "MemTotal: 1000000 kB\nMemFree: 100 kB\nCached: 300 kB\n"
	         "Active(file): 120 kB\nInactive(file): 80 kB\n"
	         "SReclaimable: 100 kB\n");
	ck_assert_int_eq(platform_memory(&mem), 0);
	ck_assert_uint_eq(mem.available, 400 * KIB);
	ck_assert_uint_eq(mem.swap_total, 0);

	/*
	 * With zoneinfo, low = 10 pages.  MemFree 102400, pagecache 204800,
	 * SReclaimable 102400 bytes; for 4 KiB pages low = 40960 and
	 * available = 102400 - 40960 + (204800 - 40960) + (102400 - 40960)
	 * = 286720.
	 */
	unit_put(rootfd, "zoneinfo",
	         "Node 0, zone   Normal\n  pages free 25\n"
	         "        min      8\n        low      10\n"
	         "        high     12\n");
	expect = 102400 - low + 204800 - (102400 < low ? 102400 : low) +
	         102400 - (51200 < low ? 51200 : low);
	if (sysconf(_SC_PAGESIZE) == 4096)
		ck_assert_double_eq(expect, 286720);
	ck_assert_int_eq(platform_memory(&mem), 0);
	ck_assert_uint_eq(mem.available, expect < 0 ? 0 : (uint64_t)expect);
}
END_TEST

START_TEST(test_loadavg)
{
	double load[3];

	ck_assert_int_eq(platform_loadavg(load), 0);
	ck_assert_double_eq(load[0], 0.52);
	ck_assert_double_eq(load[1], 0.48);
	ck_assert_double_eq(load[2], 0.40);
	unit_put(rootfd, "loadavg", "1.25\n");
	unit_assert_fails(platform_loadavg(load), EINVAL);
}
END_TEST

/*
 * platform_agent and platform_process on the fixture
 */

/* platform_agent finds the process pid called name, and fills p. */
static void assert_agent(struct platform_process *p, long pid, const char *name)
{
	ck_assert_int_eq(platform_agent(p), 0);
	ck_assert_int_eq(p->pid, pid);
	ck_assert_str_eq(p->name, name);
}

START_TEST(test_agent_chain)
{
	struct platform_process p;

	put_agent_chain();
	assert_agent(&p, AGENT_PID, "codex");
	ck_assert_uint_eq(p.start_ticks, 123456);
	ck_assert_uint_eq(p.rss_bytes, 204800 * KIB);
	ck_assert_double_eq_tol(p.cpu_seconds, ticks_to_seconds(13000), 1e-9);
}
END_TEST

START_TEST(test_agent_parent_not_shell)
{
	struct platform_process p;

	/* A parent that is no shell is the agent (a kernel-thread-like
	 * status without VmRSS: 0 bytes). */
	unit_put_process(rootfd, getppid(), "claude", 1, 7, 3, 99, NULL);
	assert_agent(&p, getppid(), "claude");
	ck_assert_uint_eq(p.start_ticks, 99);
	ck_assert_uint_eq(p.rss_bytes, 0);
	ck_assert_double_eq_tol(p.cpu_seconds, ticks_to_seconds(10), 1e-9);
}
END_TEST

START_TEST(test_agent_all_shells)
{
	struct platform_process p;

	/* bash <- -zsh <- pid 0: no agent above, so the parent. */
	unit_put_process(rootfd, getppid(), "bash", SH_PID, 1, 2, 500, "3000");
	unit_put_process(rootfd, SH_PID, "-zsh", 0, 1, 1, 400, "1500");
	assert_agent(&p, getppid(), "bash");
	ck_assert_uint_eq(p.start_ticks, 500);
	ck_assert_uint_eq(p.rss_bytes, 3000 * KIB);
}
END_TEST

START_TEST(test_agent_gone)
{
	struct platform_process p;

	/* The sh above the parent has gone: the parent. */
	unit_put_process(rootfd, getppid(), "sh", SH_PID, 1, 2, 500, "3000");
	assert_agent(&p, getppid(), "sh");
}
END_TEST

START_TEST(test_agent_loop)
{
	struct platform_process p;

	/* Shells that name each other as parents: the walk stops at 32
	 * levels with the parent. */
	unit_put_process(rootfd, getppid(), "sh", SH_PID, 1, 2, 500, "3000");
	unit_put_process(rootfd, SH_PID, "bash", getppid(), 1, 1, 400, "1500");
	assert_agent(&p, getppid(), "sh");
}
END_TEST

START_TEST(test_agent_no_parent)
{
	struct platform_process p;

	unit_assert_fails(platform_agent(&p), ENOENT);
}
END_TEST

START_TEST(test_process)
{
	struct platform_process p;

	put_agent_chain();
	ck_assert_int_eq(platform_process(SH_PID, &p), 0);
	ck_assert_int_eq(p.pid, SH_PID);
	ck_assert_str_eq(p.name, "sh");
	ck_assert_uint_eq(p.start_ticks, 400);
	ck_assert_uint_eq(p.rss_bytes, 1500 * KIB);
	ck_assert_double_eq_tol(p.cpu_seconds, ticks_to_seconds(2), 1e-9);
	unit_assert_fails(platform_process(AGENT_PID + 1, &p), ENOENT);
	unit_assert_fails(platform_process(0, &p), EINVAL);
}
END_TEST

START_TEST(test_process_long_status)
{
	struct platform_process p;
	char name[64], *text;
	size_t len = 200000, off;

	/* A status whose Groups line outgrows the stack buffer. */
	put_agent_chain();
	text = malloc(len);
	ck_assert_ptr_nonnull(text);
	off = (size_t)snprintf(text, len, "Name:\tcodex\nGroups:\t");
	while (off < len - 100)
		off += (size_t)snprintf(text + off, len - off, "%zu ", off);
	snprintf(text + off, len - off, "\nVmRSS:\t   777 kB\n");
	snprintf(name, sizeof(name), "%ld/status", AGENT_PID);
	unit_put(rootfd, name, text);
	free(text);
	ck_assert_int_eq(platform_process(AGENT_PID, &p), 0);
	ck_assert_uint_eq(p.rss_bytes, 777 * KIB);
}
END_TEST

/*
 * Live: this machine's /proc and file systems, read independently.  Tests
 * that read /proc drop the fixture root first.
 */

/* A /proc/meminfo value in bytes, read with stdio. */
static unsigned long long meminfo_bytes(const char *key)
{
	char line[256], name[64];
	unsigned long long kb, found = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%63[^:]: %llu", name, &kb) == 2 &&
		    strcmp(name, key) == 0)
			found = kb * 1024;
	fclose(f);
	return found;
}

/* This process's name, read from /proc/self/comm. */
static const char *live_comm(void)
{
	static char comm[64];
	FILE *f = fopen("/proc/self/comm", "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return comm;
}

static unsigned long long diff(unsigned long long a, unsigned long long b)
{
	return a > b ? a - b : b - a;
}

START_TEST(test_memory_live)
{
	struct platform_memory mem;
	unsigned long long total = meminfo_bytes("MemTotal");

	unsetenv("CODEX_ANALYTICS_PROC_ROOT");

	ck_assert_int_eq(platform_memory(&mem), 0);
	ck_assert_uint_eq(mem.total, total);
	ck_assert_uint_eq(mem.swap_total, meminfo_bytes("SwapTotal"));
	/* Available and free swap move while other programs run. */
	ck_assert_uint_le(diff(mem.available, meminfo_bytes("MemAvailable")),
	                  total / 20);
	ck_assert_uint_le(diff(mem.swap_free, meminfo_bytes("SwapFree")),
	                  total / 20);
	ck_assert_uint_le(mem.available, mem.total);
}
END_TEST

START_TEST(test_disk_live)
{
	struct platform_disk disk;
	struct statvfs st;
	unsigned long long used, avail, slack;

	unsetenv("CODEX_ANALYTICS_PROC_ROOT");

	ck_assert_int_eq(platform_disk("/", &disk), 0);
	ck_assert_int_eq(statvfs("/", &st), 0);
	/* psutil: used = (f_blocks - f_bfree) · f_frsize, free = f_bavail ·
	 * f_frsize, total = used + free. */
	used = (unsigned long long)(st.f_blocks - st.f_bfree) * st.f_frsize;
	avail = (unsigned long long)st.f_bavail * st.f_frsize;
	/* Other programs write meanwhile: 1 % of the disk, at least 64 MiB. */
	slack = (used + avail) / 100 + 64 * 1024 * 1024ULL;
	ck_assert_uint_le(diff(disk.used, used), slack);
	ck_assert_uint_le(diff(disk.free, avail), slack);
	ck_assert_uint_eq(disk.total, disk.used + disk.free);
	ck_assert_uint_gt(disk.total, 0);
}
END_TEST

START_TEST(test_disk_missing)
{
	struct platform_disk disk;

	unit_assert_fails(platform_disk("/nonexistent/codex-analytics", &disk),
	                  ENOENT);
}
END_TEST

START_TEST(test_cpu_count_live)
{
	ck_assert_int_eq(platform_cpu_count(), sysconf(_SC_NPROCESSORS_ONLN));
	ck_assert_int_ge(platform_cpu_count(), 1);
}
END_TEST

START_TEST(test_process_live)
{
	struct platform_process p;

	unsetenv("CODEX_ANALYTICS_PROC_ROOT");

	ck_assert_int_eq(platform_process(getpid(), &p), 0);
	ck_assert_int_eq(p.pid, getpid());
	ck_assert_str_eq(p.name, live_comm());
	ck_assert_uint_gt(p.rss_bytes, 0);
	ck_assert_uint_gt(p.start_ticks, 0);
	ck_assert(p.cpu_seconds >= 0);
}
END_TEST

START_TEST(test_agent_live)
{
	struct platform_process p, parent;

	unsetenv("CODEX_ANALYTICS_PROC_ROOT");

	/* Whatever runs the tests: a non-shell ancestor, or the parent. */
	ck_assert_int_eq(platform_agent(&p), 0);
	ck_assert_int_gt(p.pid, 0);
	ck_assert_int_eq(platform_process(getppid(), &parent), 0);
	if (p.pid != getppid())
		ck_assert(procfs_is_shell(parent.name));
	else
		ck_assert_str_eq(p.name, parent.name);
}
END_TEST

/*
 * platform_processes, platform_process_environ on the fixture
 */

struct seen {
	long pid[16];
	int64_t start_ms[16];
	double children[16];
	size_t n;
	size_t stop_after; /* 0: never */
};

static int see(const struct platform_process *p, void *ctx)
{
	struct seen *w = ctx;

	ck_assert_uint_lt(w->n, 16);
	w->pid[w->n] = p->pid;
	w->start_ms[w->n] = p->start_ms;
	w->children[w->n] = p->children_cpu_seconds;
	w->n++;
	return w->stop_after != 0 && w->n == w->stop_after;
}

static int seen_has(const struct seen *w, long pid)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->pid[i] == pid)
			return 1;
	return 0;
}

START_TEST(test_processes)
{
	struct platform_walk w = {getuid(), 400, 100, 0};
	struct seen got = {0};
	long hz = sysconf(_SC_CLK_TCK);
	char name[64];
	int partial = -1;

	put_agent_chain(); /* starts 500, 400 and 123456 */
	unit_put_process(rootfd, AGENT_PID + 1, "sleep", 1, 0, 0, 450, "1800");
	unit_put_process(rootfd, AGENT_PID + 2, "zombie", 1, 0, 0, 460, NULL);
	snprintf(name, sizeof(name), "%ld/stat", AGENT_PID + 2);
	unit_put(rootfd, name,
	         "5000004 (zombie) Z 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
	         "460 0 0\n");
	/* cutime 300 + cstime 100 ticks. */
	snprintf(name, sizeof(name), "%ld/stat", AGENT_PID + 1);
	unit_put(rootfd, name,
	         "5000003 (sleep) S 1 1 1 0 -1 0 0 0 0 0 1 1 300 100 20 0 1 0 "
	         "450 0 0\n");
	unit_put(rootfd, "self", "not a process");
	ck_assert_int_eq(platform_processes(&w, see, &got, &partial), 0);
	ck_assert_int_eq(partial, 0);
	/* Started after 400 ticks, not a zombie: sh (400) is not. */
	ck_assert_uint_eq(got.n, 3);
	ck_assert(seen_has(&got, getppid()));
	ck_assert(seen_has(&got, AGENT_PID));
	ck_assert(seen_has(&got, AGENT_PID + 1));
	for (size_t i = 0; i < got.n; i++)
		if (got.pid[i] == AGENT_PID + 1) {
			ck_assert_int_eq(got.start_ms[i],
			                 1764000000000LL + 450 * 1000 / hz);
			ck_assert_double_eq_tol(got.children[i],
			                        ticks_to_seconds(400), 1e-9);
		}
	/* The bounds: one process looked at, then a partial walk. */
	memset(&got, 0, sizeof(got));
	w.max_visit = 1;
	ck_assert_int_eq(platform_processes(&w, see, &got, &partial), 0);
	ck_assert_int_eq(partial, 1);
	ck_assert_uint_le(got.n, 1);
	/* fn stops the walk: not a partial one. */
	memset(&got, 0, sizeof(got));
	w.max_visit = 100;
	got.stop_after = 1;
	ck_assert_int_eq(platform_processes(&w, see, &got, &partial), 0);
	ck_assert_uint_eq(got.n, 1);
	ck_assert_int_eq(partial, 0);
	/* Another user's processes are not listed. */
	memset(&got, 0, sizeof(got));
	w.uid = getuid() + 1;
	ck_assert_int_eq(platform_processes(&w, see, &got, &partial), 0);
	ck_assert_uint_eq(got.n, 0);
}
END_TEST

START_TEST(test_process_environ)
{
	static const char env[] = "A=1\0CLAUDECODE=1\0";
	char path[256], buf[8];
	size_t n = 99;
	FILE *f;

	put_agent_chain();
	snprintf(path, sizeof(path), "%s/%ld/environ", root, AGENT_PID);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(env, 1, sizeof(env) - 1, f), sizeof(env) - 1);
	ck_assert_int_eq(fclose(f), 0);
	/* Cut to the buffer: len - 1 bytes. */
	ck_assert_int_eq(
	    platform_process_environ(AGENT_PID, buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, sizeof(buf) - 1);
	ck_assert_int_eq(memcmp(buf, env, n), 0);
	unit_assert_fails(
	    platform_process_environ(SH_PID, buf, sizeof(buf), &n), ENOENT);
	ck_assert_uint_eq(n, 0);
}
END_TEST

Suite *platform_suite(void)
{
	Suite *s = suite_create("platform");

	UNIT_CASE(s, "platform_cpu_times", setup, teardown, test_cpu_times,
	          test_cpu_times_long, test_cpu_times_missing,
	          test_cpu_times_empty_root);
	UNIT_CASE(s, "platform_memory", setup, teardown, test_memory,
	          test_memory_zoneinfo, test_memory_live);
	UNIT_CASE(s, "platform_disk", setup, teardown, test_disk_live,
	          test_disk_missing);
	UNIT_CASE(s, "platform_loadavg", setup, teardown, test_loadavg);
	UNIT_CASE(s, "platform_cpu_count", setup, teardown,
	          test_cpu_count_live);
	UNIT_CASE(s, "platform_agent", setup, teardown, test_agent_chain,
	          test_agent_parent_not_shell, test_agent_all_shells,
	          test_agent_gone, test_agent_loop, test_agent_no_parent,
	          test_agent_live);
	UNIT_CASE(s, "platform_process", setup, teardown, test_process,
	          test_process_long_status, test_process_live);
	UNIT_CASE(s, "platform_processes", setup, teardown, test_processes,
	          test_process_environ);
	return s;
}
