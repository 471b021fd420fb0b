/*
 * procfs: the /proc parsers on fixture text (tests/unit/fixtures/proc/).
 * Every expected value is worked out by hand below from psutil's formulas.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "perf-metrics/sample.h"
#include "procfs.h"
#include "suite.h"

#define KIB 1024ULL

/*
 * Malformed text: each parser, through a wrapper that takes only the text,
 * fails with EINVAL on every text of the list.
 */
static void assert_malformed(int (*parse)(const char *text),
                             const char *const *bad)
{
	for (; *bad != NULL; bad++) {
		errno = 0;
		ck_assert_msg(parse(*bad) == -1 && errno == EINVAL, "\"%s\"",
		              *bad);
	}
}

#define ASSERT_MALFORMED(parse, ...)                                           \
	assert_malformed((parse), (const char *const[]){__VA_ARGS__, NULL})

static int parse_stat(const char *text)
{
	struct platform_cpu cpu;

	return procfs_parse_stat(text, &cpu);
}

static int parse_meminfo(const char *text)
{
	struct platform_memory mem;

	return procfs_parse_meminfo(text, &mem);
}

static int parse_loadavg(const char *text)
{
	double load[3] = {9, 9, 9};
	int ret = procfs_parse_loadavg(text, load);

	/* Nothing is written on failure. */
	if (ret == -1)
		ck_assert(load[0] == 9 && load[1] == 9 && load[2] == 9);
	return ret;
}

static int parse_pid_stat(const char *text)
{
	char name[64];
	long ppid;
	uint64_t start, ticks;

	return procfs_parse_pid_stat(text, name, sizeof(name), &ppid, &start,
	                             &ticks);
}

static int parse_status_rss(const char *text)
{
	uint64_t rss;

	return procfs_parse_status_rss(text, &rss);
}

/*
 * procfs_parse_stat
 */

static const struct {
	const char *what;
	const char *fixture; /* under fixtures/; NULL: text */
	const char *text;
	uint64_t total, busy;
} stat_rows[] = {
    /*
     * cpu  10000 500 3000 80000 1200 100 200 50 4000 300
     * total = 10000 + 500 + 3000 + 80000 + 1200 + 100 + 200 + 50 = 95050
     *         (guest 4000 and guest_nice 300 are already in user and nice)
     * busy  = 95050 - 80000 (idle) - 1200 (iowait) = 13850
     */
    {"guest", "proc/stat", NULL, 95050, 13850},
    /* Seven fields.  total = 100+0+50+800+20+5+5 = 980,
     * busy = 980 - 800 - 20 = 160. */
    {"Linux 2.6.0", "proc/stat-2.6.0", NULL, 980, 160},
    /* Four fields, no iowait. */
    {"Linux 2.4", NULL, "cpu  100 0 50 850\n", 1000, 150},
    /* Fields after guest_nice are ignored. */
    {"future kernel", NULL, "cpu  1 2 3 4 5 6 7 8 9 10 11 12", 36, 27},
    /* "cpu0" is one CPU, not the aggregate; no trailing newline is fine. */
    {"aggregate line", NULL, "cpu0 1 1 1 1\ncpu  10 20 30 40", 100, 60},
};

START_TEST(test_stat)
{
	struct platform_cpu cpu;
	size_t i;

	for (i = 0; i < sizeof(stat_rows) / sizeof(stat_rows[0]); i++) {
		const char *what = stat_rows[i].what;
		const char *text = stat_rows[i].fixture != NULL
		                       ? unit_fixture(stat_rows[i].fixture)
		                       : stat_rows[i].text;

		ck_assert_msg(procfs_parse_stat(text, &cpu) == 0, "%s", what);
		ck_assert_msg(cpu.total == stat_rows[i].total, "%s: total %llu",
		              what, (unsigned long long)cpu.total);
		ck_assert_msg(cpu.busy == stat_rows[i].busy, "%s: busy %llu",
		              what, (unsigned long long)cpu.busy);
	}
}
END_TEST

START_TEST(test_stat_backwards)
{
	struct platform_cpu before, after, rebooted;

	/*
	 * Counters that go backwards.  The parser reads each reading as it is;
	 * the delta is the tool's (sample_cpu_percent in perf-metrics).
	 *
	 * before: total 95050, busy 13850 (as the "guest" row of test_stat, no
	 * guest). after:  cpu  10300 500 3100 80500 1100 100 200 50: iowait
	 * went back from 1200 to 1100, which Linux allows (proc(5)). total =
	 * 10300+500+3100+80500+1100+100+200+50 = 95850, busy = 95850 - 80500 -
	 * 1100 = 14250. Δtotal = 800, Δbusy = 400: 50.0 %. (psutil clamps each
	 * field's delta at 0 before summing: Δtotal = 300+100+500+0 = 900,
	 * 400/900 = 44.4 %.  The two counters kept per reading cannot do that;
	 * docs/metrics.md.) rebooted: cpu  100 0 50 800 20: total 970, busy
	 * 150, both below before: no forward movement, so the tool takes a
	 * second reading instead (-1 from sample_cpu_percent).
	 */
	ck_assert_int_eq(
	    procfs_parse_stat(unit_fixture("proc/stat-before"), &before), 0);
	ck_assert_uint_eq(before.total, 95050);
	ck_assert_uint_eq(before.busy, 13850);
	ck_assert_int_eq(
	    procfs_parse_stat(unit_fixture("proc/stat-iowait-back"), &after),
	    0);
	ck_assert_uint_eq(after.total, 95850);
	ck_assert_uint_eq(after.busy, 14250);
	ck_assert_double_eq_tol(sample_cpu_percent(&before, &after), 50.0,
	                        1e-9);
	ck_assert_int_eq(
	    procfs_parse_stat(unit_fixture("proc/stat-rebooted"), &rebooted),
	    0);
	ck_assert_uint_eq(rebooted.total, 970);
	ck_assert_uint_eq(rebooted.busy, 150);
	ck_assert(sample_cpu_percent(&before, &rebooted) < 0);
}
END_TEST

START_TEST(test_stat_malformed)
{
	ASSERT_MALFORMED(
	    parse_stat, "", "intr 1 2 3\nctxt 4\n", "cpu0 1 2 3 4\n",
	    "cpu  1 2 3\n", "cpu  1 2 x 4\n", "cpu  1 2 3x 4\n",
	    "cpu  -1 2 3 4\n", "cpu  99999999999999999999 0 0 0\n",
	    /* Each field fits in 64 bits but their sum does not. */
	    "cpu  18446744073709551615 1 0 0\n");
}
END_TEST

/*
 * procfs_parse_meminfo, procfs_parse_meminfo_zoneinfo,
 * procfs_meminfo_needs_zoneinfo
 */

static void assert_memory(const struct platform_memory *got,
                          struct platform_memory want)
{
	ck_assert_uint_eq(got->total, want.total);
	ck_assert_uint_eq(got->available, want.available);
	ck_assert_uint_eq(got->swap_total, want.swap_total);
	ck_assert_uint_eq(got->swap_free, want.swap_free);
}

START_TEST(test_meminfo)
{
	struct platform_memory mem;
	const char *text = unit_fixture("proc/meminfo");

	/* kB × 1024: MemTotal 16303428 kB = 16694710272 B, MemAvailable
	 * 9876540 kB = 10113576960 B, SwapTotal 2097148 kB = 2147479552 B,
	 * SwapFree 1048572 kB = 1073737728 B. */
	ck_assert_int_eq(procfs_parse_meminfo(text, &mem), 0);
	assert_memory(&mem,
	              (struct platform_memory){16694710272ULL, 10113576960ULL,
	                                       2147479552ULL, 1073737728ULL});
	ck_assert_int_eq(procfs_meminfo_needs_zoneinfo(text), 0);
	/* zoneinfo is not looked at when MemAvailable serves. */
	ck_assert_int_eq(
	    procfs_parse_meminfo_zoneinfo(text, "  low x\n", 4096, &mem), 0);
	ck_assert_uint_eq(mem.available, 10113576960ULL);
}
END_TEST

START_TEST(test_meminfo_no_available)
{
	struct platform_memory mem;
	const char *text = unit_fixture("proc/meminfo-3.10");

	/*
	 * Linux 3.10: no MemAvailable.  In bytes: MemFree 1024000000, Cached
	 * 3072000000, Active(file) 1536000000, Inactive(file) 1228800000,
	 * SReclaimable 307200000.
	 *
	 * Without zoneinfo, psutil's fallback: MemFree + Cached = 4096000000.
	 */
	ck_assert_int_eq(procfs_meminfo_needs_zoneinfo(text), 1);
	ck_assert_int_eq(procfs_parse_meminfo(text, &mem), 0);
	assert_memory(
	    &mem, (struct platform_memory){8000000 * KIB, 4096000000ULL, 0, 0});

	/*
	 * With zoneinfo: low = (8 + 1000 + 3000 + 0) pages × 4096 = 16416768.
	 * pagecache = 1536000000 + 1228800000 = 2764800000, minus
	 * min(1382400000, low) = 2748383232; slab 307200000 minus
	 * min(153600000, low) = 290783232.
	 * available = 1024000000 - 16416768 + 2748383232 + 290783232
	 *           = 4046749696.
	 */
	ck_assert_int_eq(procfs_parse_meminfo_zoneinfo(
	                     text, unit_fixture("proc/zoneinfo"), 4096, &mem),
	                 0);
	ck_assert_uint_eq(mem.available, 4046749696ULL);

	/*
	 * A low watermark of 200000 pages = 819200000 B, more than half the
	 * slab: pagecache 2764800000 - 819200000 = 1945600000; slab
	 * 307200000 - 153600000 = 153600000.  available = 1024000000 -
	 * 819200000 + 1945600000 + 153600000 = 2304000000.
	 */
	ck_assert_int_eq(
	    procfs_parse_meminfo_zoneinfo(
	        text, "Node 0, zone Normal\n  low  200000\n", 4096, &mem),
	    0);
	ck_assert_uint_eq(mem.available, 2304000000ULL);
}
END_TEST

START_TEST(test_meminfo_oldest)
{
	struct platform_memory mem;

	/* Linux 2.6.18: no Active(file) nor SReclaimable, so psutil uses
	 * MemFree + Cached even with zoneinfo: (500000 + 600000) kB =
	 * 1126400000 B. */
	ck_assert_int_eq(procfs_parse_meminfo_zoneinfo(
	                     unit_fixture("proc/meminfo-2.6.18"),
	                     unit_fixture("proc/zoneinfo"), 4096, &mem),
	                 0);
	assert_memory(&mem,
	              (struct platform_memory){2048000000ULL, 1126400000ULL,
	                                       1024000000ULL, 1024000000ULL});
}
END_TEST

START_TEST(test_meminfo_clamps)
{
	struct platform_memory mem;
	const char *zero = "MemTotal: 1000 kB\nMemFree: 100 kB\n"
	                   "MemAvailable: 0 kB\nCached: 300 kB\n";
	const char *above = "MemTotal: 1000 kB\nMemFree: 100 kB\n"
	                    "MemAvailable: 5000 kB\n";
	const char *negative = "MemTotal: 1000 kB\nMemFree: 10 kB\n"
	                       "Cached: 0 kB\nActive(file): 0 kB\n"
	                       "Inactive(file): 0 kB\nSReclaimable: 0 kB\n";

	/* MemAvailable 0 (psutil issue 1915): estimated, here MemFree +
	 * Cached = 400 kB. */
	ck_assert_int_eq(procfs_meminfo_needs_zoneinfo(zero), 1);
	ck_assert_int_eq(procfs_parse_meminfo(zero, &mem), 0);
	ck_assert_uint_eq(mem.available, 400 * KIB);
	/* Above MemTotal (a container's view): MemFree. */
	ck_assert_int_eq(procfs_parse_meminfo(above, &mem), 0);
	ck_assert_uint_eq(mem.available, 100 * KIB);
	/* An estimate below 0: 10240 - 100 × 4096 < 0, so 0. */
	ck_assert_int_eq(
	    procfs_parse_meminfo_zoneinfo(negative, "low 100\n", 4096, &mem),
	    0);
	ck_assert_uint_eq(mem.available, 0);
}
END_TEST

START_TEST(test_meminfo_malformed)
{
	struct platform_memory mem;

	ASSERT_MALFORMED(parse_meminfo, "", "MemFree: 1 kB\n",
	                 "MemTotal: 1 kB\n", "MemTotal: x kB\nMemFree: 1 kB\n",
	                 "MemTotal: 1 MB\nMemFree: 1 kB\n",
	                 "MemTotal: 1 kB\nMemFree: 1 kB\nSwapFree: -1 kB\n",
	                 /* 2^64 / 1024 kB does not fit in 64 bits of bytes. */
	                 "MemTotal: 18014398509481984 kB\nMemFree: 1 kB\n");
	/* Lines it does not need may hold anything. */
	ck_assert_int_eq(procfs_parse_meminfo("Odd line\nMemTotal: 2 kB\n"
	                                      "Weird: ?\n\nMemFree: 1 kB",
	                                      &mem),
	                 0);
	ck_assert_uint_eq(mem.total, 2 * KIB);
	ck_assert_uint_eq(mem.available, 1 * KIB);
	unit_assert_fails(
	    procfs_parse_meminfo_zoneinfo(unit_fixture("proc/meminfo-3.10"),
	                                  "        low      x\n", 4096, &mem),
	    EINVAL);
}
END_TEST

/*
 * procfs_parse_loadavg
 */

START_TEST(test_loadavg)
{
	double load[3];

	ck_assert_int_eq(
	    procfs_parse_loadavg(unit_fixture("proc/loadavg"), load), 0);
	/* The nearest doubles, as strtod in the C locale gives them. */
	ck_assert_double_eq(load[0], 0.52);
	ck_assert_double_eq(load[1], 0.48);
	ck_assert_double_eq(load[2], 0.40);
	ck_assert_int_eq(procfs_parse_loadavg("123.45 7 0.10", load), 0);
	ck_assert_double_eq(load[0], 123.45);
	ck_assert_double_eq(load[1], 7.0);
	ck_assert_double_eq(load[2], 0.1);
}
END_TEST

START_TEST(test_loadavg_malformed)
{
	ASSERT_MALFORMED(parse_loadavg, "", "0.52 0.48\n", "0,52 0,48 0,40\n",
	                 "-0.52 0.48 0.40\n", "0.52 .48 0.40\n",
	                 "0.52 1. 0.40\n", "0.52 0.4.8 0.40\n",
	                 "99999999999999999 0 0\n");
}
END_TEST

/*
 * procfs_parse_pid_stat
 */

static const struct {
	const char *fixture; /* under fixtures/ */
	const char *name;
	long ppid;
	uint64_t start, ticks;
} pid_stat_rows[] = {
    /* "4242 (a) (b c) S 4321 ...": comm "a) (b c" ends at the last ')';
     * field 4 ppid 4321; utime 1500 + stime 250 = 1750; field 22
     * starttime 987654. */
    {"proc/pid-stat-spaces", "a) (b c", 4321, 987654, 1750},
    /* kthreadd: ppid 0, utime 3 + stime 7, starttime 24. */
    {"proc/pid-stat-kthread", "kthreadd", 0, 24, 10},
};

START_TEST(test_pid_stat)
{
	char name[64];
	long ppid;
	uint64_t start, ticks;
	size_t i;

	for (i = 0; i < sizeof(pid_stat_rows) / sizeof(pid_stat_rows[0]); i++) {
		const char *what = pid_stat_rows[i].fixture;

		ppid = -1;
		ck_assert_msg(procfs_parse_pid_stat(unit_fixture(what), name,
		                                    sizeof(name), &ppid, &start,
		                                    &ticks) == 0,
		              "%s", what);
		ck_assert_msg(strcmp(name, pid_stat_rows[i].name) == 0,
		              "%s: name %s", what, name);
		ck_assert_msg(ppid == pid_stat_rows[i].ppid, "%s: ppid %ld",
		              what, ppid);
		ck_assert_msg(start == pid_stat_rows[i].start, "%s: start %llu",
		              what, (unsigned long long)start);
		ck_assert_msg(ticks == pid_stat_rows[i].ticks, "%s: ticks %llu",
		              what, (unsigned long long)ticks);
		/* Every output is optional. */
		ck_assert_msg(procfs_parse_pid_stat(unit_fixture(what), NULL, 0,
		                                    NULL, NULL, NULL) == 0,
		              "%s: no outputs", what);
	}
}
END_TEST

/* A pid's stat with this comm gives name in a buffer of size bytes. */
static void assert_comm(const char *comm, size_t size, const char *name)
{
	char text[256], got[64];

	snprintf(text, sizeof(text),
	         "7 (%s) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 0\n",
	         comm);
	ck_assert_int_eq(
	    procfs_parse_pid_stat(text, got, size, NULL, NULL, NULL), 0);
	ck_assert_str_eq(got, name);
}

START_TEST(test_pid_stat_name)
{
	/* A comm cut by the kernel inside "é" (c3 a9): the lone c3 is '?'. */
	assert_comm("caf\xc3", 64, "caf?");
	/* Valid UTF-8 is kept. */
	assert_comm("h\xc3\xa9llo", 64, "h\xc3\xa9llo");
	/* Cut to 3 bytes on a character boundary: "h\xc3\xa9" fits. */
	assert_comm("h\xc3\xa9llo", 4, "h\xc3\xa9");
	/* Cut to 2 bytes: "é" does not fit whole, so only "h". */
	assert_comm("h\xc3\xa9llo", 3, "h");
	/* An empty comm is a name too. */
	assert_comm("", 64, "");
}
END_TEST

START_TEST(test_pid_stat_malformed)
{
	ASSERT_MALFORMED(
	    parse_pid_stat, "", "42",
	    "x (sh) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5\n",
	    "42 (sh S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5\n",
	    "42 sh) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5\n",
	    /* Cut before field 22. */
	    "42 (sh) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0\n",
	    /* ppid, utime, stime, starttime not numbers. */
	    "42 (sh) S -1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5\n",
	    "42 (sh) S 1 1 1 0 -1 0 0 0 0 0 x 2 0 0 20 0 1 0 5\n",
	    "42 (sh) S 1 1 1 0 -1 0 0 0 0 0 1 2x 0 0 20 0 1 0 5\n",
	    "42 (sh) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5.0\n",
	    /* utime + stime overflows. */
	    "42 (sh) S 1 1 1 0 -1 0 0 0 0 0 18446744073709551615 1 0 0 20 0 1 "
	    "0 5\n");
}
END_TEST

/*
 * procfs_parse_status_rss
 */

START_TEST(test_status_rss)
{
	uint64_t rss = 1;

	/* VmRSS: 123456 kB = 126418944 B. */
	ck_assert_int_eq(
	    procfs_parse_status_rss(unit_fixture("proc/status"), &rss), 0);
	ck_assert_uint_eq(rss, 126418944ULL);
	/* A kernel thread has no VmRSS: 0. */
	ck_assert_int_eq(
	    procfs_parse_status_rss(unit_fixture("proc/status-kthread"), &rss),
	    0);
	ck_assert_uint_eq(rss, 0);
}
END_TEST

START_TEST(test_status_rss_malformed)
{
	ASSERT_MALFORMED(parse_status_rss, "VmRSS:\t 12\n", "VmRSS:\t x kB\n",
	                 "VmRSS:\t 12 kBytes\n",
	                 "Name:\tx\nVmRSS:\t18014398509481984 kB\n");
}
END_TEST

/*
 * procfs_is_shell
 */

START_TEST(test_is_shell)
{
	static const char *const shells[] = {
	    "sh",  "bash", "zsh",   "dash",    "fish",    "ksh",   "mksh",
	    "csh", "tcsh", "ash",   "yash",    "busybox", "-bash", "-zsh",
	    "nu",  "pwsh", "rbash", "hook.sh", "-sh"};
	static const char *const others[] = {
	    "codex", "claude",    "node", "python3", "bash5", "shell",
	    "",      "-",         ".sh",  "sh.real", "Bash",  "tmux: server",
	    "sshd",  "unit_tests"};
	size_t i;

	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		ck_assert_msg(procfs_is_shell(shells[i]), "%s", shells[i]);
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_msg(!procfs_is_shell(others[i]), "%s", others[i]);
}
END_TEST

/* Every field of struct procfs_pid_stat, from fixtures and rows. */
START_TEST(test_pid_stat_fields)
{
	static const struct {
		const char *text;
		int ret;
		char state;
		long ppid;
		uint64_t utime, stime, cutime, cstime, start;
	} rows[] = {
	    {"1 (codex) S 9 1 1 0 -1 0 0 0 0 0 120 13 52 8 20 0 8 0 5000 0 0",
	     0, 'S', 9, 120, 13, 52, 8, 5000},
	    {"2 (sleep) Z 1 2 2 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0", 0, 'Z', 1,
	     0, 0, 0, 0, 7},
	    /* A negative or missing children's time, a two-letter state. */
	    {"3 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1 -1 0 20 0 1 0 7", -1, 0, 0, 0, 0,
	     0, 0, 0},
	    {"3 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1", -1, 0, 0, 0, 0, 0, 0, 0},
	    {"3 (x) SS 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 7", -1, 0, 0, 0, 0,
	     0, 0, 0},
	    /* cutime + cstime would wrap. */
	    {"3 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1 18446744073709551615 1 20 0 1 "
	     "0 7",
	     -1, 0, 0, 0, 0, 0, 0, 0},
	};
	struct procfs_pid_stat st;
	char name[64];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&st, 0, sizeof(st));
		ck_assert_msg(procfs_parse_pid_stat_fields(rows[i].text, name,
		                                           sizeof(name),
		                                           &st) == rows[i].ret,
		              "row %zu", i);
		if (rows[i].ret == -1)
			continue;
		ck_assert_int_eq(st.state, rows[i].state);
		ck_assert_int_eq(st.ppid, rows[i].ppid);
		ck_assert_uint_eq(st.utime, rows[i].utime);
		ck_assert_uint_eq(st.stime, rows[i].stime);
		ck_assert_uint_eq(st.cutime, rows[i].cutime);
		ck_assert_uint_eq(st.cstime, rows[i].cstime);
		ck_assert_uint_eq(st.start_ticks, rows[i].start);
	}
	/* The fixture: fields 16-17 are 10 and 20. */
	ck_assert_int_eq(
	    procfs_parse_pid_stat_fields(unit_fixture("proc/pid-stat-spaces"),
	                                 NULL, 0, &st),
	    0);
	ck_assert_uint_eq(st.cutime, 10);
	ck_assert_uint_eq(st.cstime, 20);
	ck_assert_int_eq(st.state, 'S');
}
END_TEST

START_TEST(test_btime)
{
	static const struct {
		const char *text;
		int ret;
		uint64_t btime;
	} rows[] = {
	    {"cpu  1 2 3 4\nbtime 1764000000\nprocesses 3\n", 0, 1764000000},
	    {"btime 5", 0, 5},
	    {"cpu  1 2 3 4\n", -1, 0},
	    {"btime x\n", -1, 0},
	    {"btime 12x\n", -1, 0},
	};
	uint64_t b;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		b = 0;
		ck_assert_msg(procfs_parse_btime(rows[i].text, &b) ==
		                  rows[i].ret,
		              "row %zu", i);
		if (rows[i].ret == 0)
			ck_assert_uint_eq(b, rows[i].btime);
	}
}
END_TEST

START_TEST(test_environ_get)
{
	static const char env[] = "A=1\0CLAUDECODE=1\0AI_AGENT=c_agent\0"
	                          "EMPTY=\0CODEX_THREAD_ID=abc\0CUT=xy";
	size_t len = sizeof(env) - 1; /* the last entry cut: no NUL */

	ck_assert_str_eq(procfs_environ_get(env, len, "A"), "1");
	ck_assert_str_eq(procfs_environ_get(env, len, "CLAUDECODE"), "1");
	ck_assert_str_eq(procfs_environ_get(env, len, "AI_AGENT"), "c_agent");
	ck_assert_str_eq(procfs_environ_get(env, len, "EMPTY"), "");
	ck_assert_str_eq(procfs_environ_get(env, len, "CODEX_THREAD_ID"),
	                 "abc");
	ck_assert_ptr_null(procfs_environ_get(env, len, "CUT"));
	ck_assert_ptr_null(procfs_environ_get(env, len, "AI"));
	ck_assert_ptr_null(procfs_environ_get(env, len, "CLAUDECODE=1"));
	ck_assert_ptr_null(procfs_environ_get(env, 0, "A"));
	/* Cut inside the second entry: only the first is whole. */
	ck_assert_ptr_null(procfs_environ_get(env, 8, "CLAUDECODE"));
	ck_assert_str_eq(procfs_environ_get(env, 8, "A"), "1");
}
END_TEST

Suite *procfs_suite(void)
{
	Suite *s = suite_create("procfs");

	UNIT_CASE(s, "procfs_parse_stat", NULL, NULL, test_stat,
	          test_stat_backwards, test_stat_malformed);
	UNIT_CASE(s, "procfs_parse_meminfo", NULL, NULL, test_meminfo,
	          test_meminfo_no_available, test_meminfo_oldest,
	          test_meminfo_clamps, test_meminfo_malformed);
	UNIT_CASE(s, "procfs_parse_loadavg", NULL, NULL, test_loadavg,
	          test_loadavg_malformed);
	UNIT_CASE(s, "procfs_parse_pid_stat", NULL, NULL, test_pid_stat,
	          test_pid_stat_name, test_pid_stat_malformed);
	UNIT_CASE(s, "procfs_parse_pid_stat_fields", NULL, NULL,
	          test_pid_stat_fields);
	UNIT_CASE(s, "procfs_parse_btime", NULL, NULL, test_btime);
	UNIT_CASE(s, "procfs_environ_get", NULL, NULL, test_environ_get);
	UNIT_CASE(s, "procfs_parse_status_rss", NULL, NULL, test_status_rss,
	          test_status_rss_malformed);
	UNIT_CASE(s, "procfs_is_shell", NULL, NULL, test_is_shell);
	return s;
}
