/*
 * psutil: the arithmetic of platform-darwin.c (and of statvfs) on fixture
 * counters, so that figures a Mac would report are checked on any system.
 * Each expected value is worked out by hand from psutil's formulas; the
 * percentages are those psutil prints, rounded as perf-metrics rounds.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "perf-metrics/sample.h"
#include "psutil.h"
#include "suite.h"

#define GIB 1073741824ULL

/*
 * psutil_darwin_cpu: per-CPU ticks in Mach's order user, system, idle,
 * nice.
 */

static const struct {
	const char *what;
	unsigned ncpu;
	uint32_t ticks[2][PSUTIL_DARWIN_STATES];
	uint64_t total, busy;
} cpu_rows[] = {
    /* total = 100 + 50 + 800 + 50, busy = total - idle 800 */
    {"one CPU", 1, {{100, 50, 800, 50}}, 1000, 200},
    /* (1000 + 500 + 8000 + 20) + (2000 + 700 + 6000 + 0) = 18220, idle
     * 14000 */
    {"two CPUs", 2, {{1000, 500, 8000, 20}, {2000, 700, 6000, 0}}, 18220, 4220},
    /* Counters at their 32-bit limit add up in 64 bits: 4 × (2^32 - 1). */
    {"near the wrap",
     2,
     {{UINT32_MAX, 0, UINT32_MAX, 0}, {UINT32_MAX, 0, UINT32_MAX, 0}},
     4ULL * UINT32_MAX,
     2ULL * UINT32_MAX},
};

START_TEST(test_darwin_cpu)
{
	struct platform_cpu cpu;

	for (size_t i = 0; i < sizeof(cpu_rows) / sizeof(cpu_rows[0]); i++) {
		ck_assert_int_eq(psutil_darwin_cpu(&cpu_rows[i].ticks[0][0],
		                                   cpu_rows[i].ncpu, &cpu),
		                 0);
		ck_assert_msg(cpu.total == cpu_rows[i].total, "%s: total %llu",
		              cpu_rows[i].what, (unsigned long long)cpu.total);
		ck_assert_msg(cpu.busy == cpu_rows[i].busy, "%s: busy %llu",
		              cpu_rows[i].what, (unsigned long long)cpu.busy);
	}
	unit_assert_fails(psutil_darwin_cpu(&cpu_rows[0].ticks[0][0], 0, &cpu),
	                  EINVAL);
}
END_TEST

START_TEST(test_darwin_cpu_percent)
{
	/* Two readings 200 ticks apart, 100 of them busy: psutil's
	 * cpu_percent 50.0, as perf-metrics computes it. */
	const uint32_t before[] = {100, 50, 800, 50},
	               after[] = {160, 70, 900, 70};
	struct platform_cpu a, b;

	ck_assert_int_eq(psutil_darwin_cpu(before, 1, &a), 0);
	ck_assert_int_eq(psutil_darwin_cpu(after, 1, &b), 0);
	ck_assert_double_eq(sample_cpu_percent(&a, &b), 50.0);
}
END_TEST

/*
 * psutil_darwin_memory
 */

static const struct {
	const char *what;
	struct psutil_darwin_vm vm;
	uint64_t available, swap_free;
	double percent, swap_percent;
} memory_rows[] = {
    /* Apple silicon, 16 GiB, 16 KiB pages: available = (290000 + 20000) ×
     * 16384 = 5079040000; percent = (17179869184 - 5079040000) /
     * 17179869184 = 70.44 %; swap 1 GiB used of 2 GiB. */
    {"16 GiB, 16 KiB pages",
     {17179869184ULL, 16384, 300000, 290000, 150000, 20000, 5000, 2 * GIB, GIB},
     5079040000ULL,
     GIB,
     70.4,
     50.0},
    /* Intel, 8 GiB, 4 KiB pages: (400000 + 300000) × 4096 = 2867200000;
     * (8589934592 - 2867200000) / 8589934592 = 66.62 %; no swap. */
    {"8 GiB, 4 KiB pages",
     {8 * GIB, 4096, 600000, 400000, 300000, 300000, 1000, 0, 0},
     2867200000ULL,
     0,
     66.6,
     0.0},
    /* More inactive and free pages than memory (a counter read mid-way):
     * available is at most the total; more swap used than there is: no
     * swap free. */
    {"clamped",
     {GIB, 4096, 0, 200000, 0, 100000, 0, GIB, 2 * GIB},
     GIB,
     0,
     0.0,
     100.0},
};

START_TEST(test_darwin_memory)
{
	struct platform_memory mem;

	for (size_t i = 0; i < sizeof(memory_rows) / sizeof(memory_rows[0]);
	     i++) {
		const char *what = memory_rows[i].what;
		double percent, swap = 0;

		ck_assert_int_eq(psutil_darwin_memory(&memory_rows[i].vm, &mem),
		                 0);
		ck_assert_msg(mem.total == memory_rows[i].vm.memsize, "%s",
		              what);
		ck_assert_msg(mem.available == memory_rows[i].available,
		              "%s: available %llu", what,
		              (unsigned long long)mem.available);
		ck_assert_msg(mem.swap_total == memory_rows[i].vm.swap_total,
		              "%s", what);
		ck_assert_msg(mem.swap_free == memory_rows[i].swap_free, "%s",
		              what);
		/* The figures perf-metrics records from these. */
		percent = sample_round((double)(mem.total - mem.available) /
		                           (double)mem.total * 100.0,
		                       1);
		if (mem.swap_total > 0)
			swap = sample_round(
			    (double)(mem.swap_total - mem.swap_free) /
			        (double)mem.swap_total * 100.0,
			    1);
		ck_assert_msg(percent == memory_rows[i].percent, "%s: %.1f %%",
		              what, percent);
		ck_assert_msg(swap == memory_rows[i].swap_percent,
		              "%s: swap %.1f %%", what, swap);
	}
}
END_TEST

START_TEST(test_darwin_memory_invalid)
{
	struct psutil_darwin_vm vm = {GIB, 4096, 1, 1, 1, 1, 0, 0, 0};
	struct platform_memory mem;

	vm.memsize = 0;
	unit_assert_fails(psutil_darwin_memory(&vm, &mem), EINVAL);
	vm.memsize = GIB;
	vm.page_size = 0;
	unit_assert_fails(psutil_darwin_memory(&vm, &mem), EINVAL);
}
END_TEST

/*
 * psutil_darwin_cpu_seconds
 */

static const struct {
	const char *what;
	uint64_t user, system;
	uint32_t numer, denom;
	double seconds;
} seconds_rows[] = {
    /* Intel: Mach time is nanoseconds. */
    {"Intel", 1500000000, 500000000, 1, 1, 2.0},
    /* Apple silicon, 24 MHz: 24000000 × 125 / 3 ns = 1 s, and 0.5 s. */
    {"Apple silicon", 24000000, 12000000, 125, 3, 1.5},
    /* One tick: 125 / 3 = 41 ns, in integers as psutil computes it. */
    {"one tick", 1, 0, 125, 3, 41e-9},
    /* 3e17 ticks: psutil's 3e17 × 125 would pass 64 bits; 1e17 × 125 ns =
     * 12500000000 s. */
    {"past 64 bits", 300000000000000000ULL, 0, 125, 3, 12500000000.0},
};

START_TEST(test_darwin_cpu_seconds)
{
	double s;

	for (size_t i = 0; i < sizeof(seconds_rows) / sizeof(seconds_rows[0]);
	     i++) {
		ck_assert_int_eq(
		    psutil_darwin_cpu_seconds(
		        seconds_rows[i].user, seconds_rows[i].system,
		        seconds_rows[i].numer, seconds_rows[i].denom, &s),
		    0);
		ck_assert_msg(s == seconds_rows[i].seconds, "%s: %.17g",
		              seconds_rows[i].what, s);
	}
	unit_assert_fails(psutil_darwin_cpu_seconds(1, 1, 0, 1, &s), EINVAL);
	unit_assert_fails(psutil_darwin_cpu_seconds(1, 1, 1, 0, &s), EINVAL);
}
END_TEST

/*
 * psutil_darwin_state
 */

START_TEST(test_darwin_state)
{
	/* SIDL, SRUN, SSLEEP, SSTOP, SZOMB; anything else. */
	static const char want[] = "?IRSTZ?";

	for (int i = 0; i < (int)sizeof(want) - 1; i++)
		ck_assert_int_eq(psutil_darwin_state(i), want[i]);
	ck_assert_int_eq(psutil_darwin_state(-1), '?');
}
END_TEST

/*
 * psutil_darwin_environ: blocks as sysctl(KERN_PROCARGS2) lays them out,
 * after argc: the executable's path, NUL padding, the arguments, the
 * environment, an empty string and the kernel's own "apple" strings.
 */

#define ENV_BLOCK                                                              \
	"/bin/zsh\0\0\0\0-zsh\0-c\0CLAUDECODE=1\0HOME=/Users/me\0\0"           \
	"executable_path=/bin/zsh\0"

static const struct {
	const char *what;
	int argc;
	const char *block;
	size_t len, buflen;
	const char *env;
	size_t n;
} environ_rows[] = {
    {"two entries", 2, ENV_BLOCK, sizeof(ENV_BLOCK) - 1, 64,
     "CLAUDECODE=1\0HOME=/Users/me\0", 28},
    /* Cut to buflen - 1 bytes: the entry cut loses its NUL. */
    {"cut", 2, ENV_BLOCK, sizeof(ENV_BLOCK) - 1, 10, "CLAUDECOD", 9},
    {"cut after an entry", 2, ENV_BLOCK, sizeof(ENV_BLOCK) - 1, 14,
     "CLAUDECODE=1\0", 13},
    /* A block that ends inside an entry, as a kernel's short copy. */
    {"block cut", 2, ENV_BLOCK, 31, 64, "CLAUDECODE=", 11},
    {"no environment", 1, "/bin/true\0\0true\0\0apple=1\0", 25, 64, "", 0},
    {"more arguments than strings", 9, ENV_BLOCK, sizeof(ENV_BLOCK) - 1, 64, "",
     0},
    {"nothing after argc", 0, "", 0, 64, "", 0},
};

START_TEST(test_darwin_environ)
{
	char block[256], buf[64];
	size_t n;

	for (size_t i = 0; i < sizeof(environ_rows) / sizeof(environ_rows[0]);
	     i++) {
		const char *what = environ_rows[i].what;

		memcpy(block, &environ_rows[i].argc, sizeof(int));
		memcpy(block + sizeof(int), environ_rows[i].block,
		       environ_rows[i].len);
		memset(buf, 'x', sizeof(buf));
		ck_assert_msg(psutil_darwin_environ(
		                  block, sizeof(int) + environ_rows[i].len, buf,
		                  environ_rows[i].buflen, &n) == 0,
		              "%s", what);
		ck_assert_msg(n == environ_rows[i].n, "%s: n %zu", what, n);
		ck_assert_msg(memcmp(buf, environ_rows[i].env, n) == 0, "%s",
		              what);
		ck_assert_msg(buf[n] == '\0', "%s: no NUL after", what);
	}
}
END_TEST

START_TEST(test_darwin_environ_invalid)
{
	char block[16] = {0}, buf[8];
	int argc = -1;
	size_t n = 1;

	unit_assert_fails(psutil_darwin_environ(block, 3, buf, sizeof(buf), &n),
	                  EINVAL);
	ck_assert_uint_eq(n, 0);
	unit_assert_fails(
	    psutil_darwin_environ(block, sizeof(block), buf, 1, &n), EINVAL);
	memcpy(block, &argc, sizeof(argc));
	unit_assert_fails(
	    psutil_darwin_environ(block, sizeof(block), buf, sizeof(buf), &n),
	    EINVAL);
}
END_TEST

/*
 * psutil_disk
 */

static const struct {
	const char *what;
	uint64_t blocks, bfree, bavail, frsize;
	uint64_t used, free;
	double percent;
} disk_rows[] = {
    /* used = (1000 - 400) × 4096, free = 350 × 4096 (50 blocks reserved
     * for root count as neither): 2457600 / 3891200 = 63.16 %. */
    {"reserved blocks", 1000, 400, 350, 4096, 2457600, 1433600, 63.2},
    /* More free than total blocks (nonsense some file systems report). */
    {"bfree past blocks", 100, 200, 200, 512, 0, 102400, 0.0},
    /* An empty volume of 1 MiB blocks. */
    {"empty", 10, 10, 10, 1048576, 0, 10485760, 0.0},
};

START_TEST(test_disk)
{
	struct platform_disk d;

	for (size_t i = 0; i < sizeof(disk_rows) / sizeof(disk_rows[0]); i++) {
		const char *what = disk_rows[i].what;

		ck_assert_int_eq(
		    psutil_disk(disk_rows[i].blocks, disk_rows[i].bfree,
		                disk_rows[i].bavail, disk_rows[i].frsize, &d),
		    0);
		ck_assert_msg(d.used == disk_rows[i].used, "%s: used %llu",
		              what, (unsigned long long)d.used);
		ck_assert_msg(d.free == disk_rows[i].free, "%s: free %llu",
		              what, (unsigned long long)d.free);
		ck_assert_msg(d.total == d.used + d.free, "%s", what);
		ck_assert_msg(
		    sample_round((double)d.used / (double)d.total * 100.0, 1) ==
		        disk_rows[i].percent,
		    "%s", what);
	}
	unit_assert_fails(psutil_disk(1, 1, 1, 0, &d), EINVAL);
}
END_TEST

Suite *psutil_suite(void)
{
	Suite *s = suite_create("psutil");

	UNIT_CASE(s, "psutil_darwin_cpu", NULL, NULL, test_darwin_cpu,
	          test_darwin_cpu_percent);
	UNIT_CASE(s, "psutil_darwin_memory", NULL, NULL, test_darwin_memory,
	          test_darwin_memory_invalid);
	UNIT_CASE(s, "psutil_darwin_cpu_seconds", NULL, NULL,
	          test_darwin_cpu_seconds);
	UNIT_CASE(s, "psutil_darwin_state", NULL, NULL, test_darwin_state);
	UNIT_CASE(s, "psutil_darwin_environ", NULL, NULL, test_darwin_environ,
	          test_darwin_environ_invalid);
	UNIT_CASE(s, "psutil_disk", NULL, NULL, test_disk);
	return s;
}
