/*
 * psutil: what psutil makes of a system's raw readings (counters, a
 * process's state, its argument block), apart from the calls that read
 * them, so that the tests run it on fixture values on any system
 * (docs/metrics.md).  platform-darwin.c reads macOS' and calls these; they
 * depend on no system header.
 *
 * Each function fills its output from the values given and returns 0, or
 * -1 with errno EINVAL when the values cannot be the system's (a zero page
 * size, memory total or time base, a short argument block).  Nothing
 * allocates.
 */
#ifndef COMMON_PSUTIL_H
#define COMMON_PSUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"

/*
 * macOS' CPU ticks: host_processor_info(PROCESSOR_CPU_LOAD_INFO) gives
 * each CPU's cpu_ticks[4], 32-bit counters in this order (Mach's
 * CPU_STATE_*).
 */
enum {
	PSUTIL_DARWIN_USER,
	PSUTIL_DARWIN_SYSTEM,
	PSUTIL_DARWIN_IDLE,
	PSUTIL_DARWIN_NICE,
	PSUTIL_DARWIN_STATES
};

/*
 * psutil's cpu_percent on macOS from ncpu CPUs' ticks (ncpu ×
 * PSUTIL_DARWIN_STATES values): total = user + nice + system + idle, busy =
 * total - idle (macOS counts no iowait).  The sum is the kernel's
 * HOST_CPU_LOAD_INFO, which psutil reads, but in 64 bits: that one wraps
 * after 2^32 ticks of all CPUs together (50 days of 10 CPUs at 100 Hz), a
 * CPU's own counter after 497 days.  ncpu 0: EINVAL.
 */
int psutil_darwin_cpu(const uint32_t *ticks, unsigned ncpu,
                      struct platform_cpu *cpu);

/*
 * macOS' memory: hw.memsize in bytes, the page counts of
 * host_statistics64(HOST_VM_INFO64) and vm.swapusage in bytes.
 */
struct psutil_darwin_vm {
	uint64_t memsize;   /* hw.memsize */
	uint64_t page_size; /* sysconf(_SC_PAGESIZE), as psutil */
	uint64_t active, inactive, wired, free, speculative; /* pages */
	uint64_t swap_total, swap_used;                      /* xsw_usage */
};

/*
 * psutil's virtual_memory and swap_memory on macOS: available = (inactive
 * + free) pages, at most the total; swap_free = swap_total - swap_used, so
 * that the swap percent is psutil's used / total.
 */
int psutil_darwin_memory(const struct psutil_darwin_vm *vm,
                         struct platform_memory *mem);

/*
 * A process's CPU time in seconds from proc_pidinfo(PROC_PIDTASKINFO)'s
 * pti_total_user and pti_total_system, which are in Mach absolute time
 * units: nanoseconds × denom / numer of mach_timebase_info (1/1 on Intel,
 * 125/3 on Apple silicon), converted as psutil does.
 */
int psutil_darwin_cpu_seconds(uint64_t user, uint64_t system, uint32_t numer,
                              uint32_t denom, double *seconds);

/*
 * A process's state as Linux's stat file letters it, from kinfo_proc's
 * p_stat (SIDL 1, SRUN 2, SSLEEP 3, SSTOP 4, SZOMB 5; psutil's idle,
 * running, sleeping, stopped, zombie): 'I', 'R', 'S', 'T', 'Z'; '?' for
 * any other value.
 */
char psutil_darwin_state(int p_stat);

/*
 * The environment in sysctl(KERN_PROCARGS2)'s len bytes at args: argc (an
 * int), the executable's path, NUL padding, argc arguments, then the
 * "NAME=value" entries, each ending in NUL, up to an empty string or the
 * end, as psutil's environ reads them.  Into buf, as
 * platform_process_environ() gives them: the entries with their NULs, cut
 * to buflen - 1 bytes (a cut entry loses its NUL), then a NUL; *n the bytes
 * before it.  EINVAL when args cannot be such a block or buflen < 2.
 */
int psutil_darwin_environ(const char *args, size_t len, char *buf,
                          size_t buflen, size_t *n);

/*
 * psutil's disk_usage from statvfs(3) on any POSIX system: used = (f_blocks
 * - f_bfree) × f_frsize (0 when f_bfree exceeds f_blocks), free = f_bavail ×
 * f_frsize, total = used + free (space reserved for root counts as
 * neither).  Pass f_bsize for frsize where f_frsize is 0.
 */
int psutil_disk(uint64_t blocks, uint64_t bfree, uint64_t bavail,
                uint64_t frsize, struct platform_disk *disk);

#endif
