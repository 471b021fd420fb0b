/*
 * procfs: parsers for the text of Linux /proc files.
 *
 * Each parser takes the file's contents as a NUL-terminated buffer, so tests
 * feed them fixtures; platform-linux.c reads the files and calls them.
 * Each returns 0, or -1 with errno = EINVAL when the text lacks what is
 * needed or a number in it is not a plain decimal that fits in 64 bits.
 * Parsers never allocate and never depend on the locale.  Formulas follow
 * psutil (psutil/_pslinux.py; see docs/metrics.md).
 */
#ifndef COMMON_PROCFS_H
#define COMMON_PROCFS_H

#include "platform.h"

/*
 * The first line of /proc/stat that starts with "cpu " (the aggregate of all
 * CPUs; the kernel writes it first).  It needs at least the four fields user,
 * nice, system and idle; missing later fields count 0, fields after
 * guest_nice are ignored.
 */
int procfs_parse_stat(const char *buf, struct platform_cpu *cpu);

/*
 * /proc/meminfo; values in kB are turned into bytes (×1024, as psutil).
 * MemTotal and MemFree are required; SwapTotal and SwapFree count 0 when
 * missing.  available is MemAvailable, clamped as psutil does (above
 * MemTotal: MemFree).  When MemAvailable is missing (kernels before 3.14) or
 * 0 (a kernel bug, psutil issue 1915), available is psutil's estimate: see
 * procfs_parse_meminfo_zoneinfo.  This function estimates as psutil does when
 * /proc/zoneinfo cannot be read: MemFree + Cached.
 */
int procfs_parse_meminfo(const char *buf, struct platform_memory *mem);

/*
 * 1 when available must be estimated from meminfo text (MemAvailable missing
 * or 0), so that the caller reads /proc/zoneinfo for
 * procfs_parse_meminfo_zoneinfo; else 0.
 */
int procfs_meminfo_needs_zoneinfo(const char *buf);

/*
 * procfs_parse_meminfo with the text of /proc/zoneinfo (NULL when it could
 * not be read) and the page size in bytes, for psutil's estimate
 * (calculate_avail_vmem, after the kernel's own MemAvailable of 3.14):
 *
 *   low       = sum of the zones' "low" watermarks × page_size
 *   pagecache = Active(file) + Inactive(file)
 *   available = MemFree − low
 *             + pagecache − min(pagecache / 2, low)
 *             + SReclaimable − min(SReclaimable / 2, low)
 *
 * truncated to bytes, 0 when negative, MemFree when above MemTotal; and
 * MemFree + Cached when zoneinfo is NULL or one of Active(file),
 * Inactive(file) and SReclaimable is missing.  zoneinfo is not looked at when
 * MemAvailable can serve.
 */
int procfs_parse_meminfo_zoneinfo(const char *buf, const char *zoneinfo,
                                  unsigned long page_size,
                                  struct platform_memory *mem);

/* /proc/loadavg: the 1, 5 and 15 minute load averages. */
int procfs_parse_loadavg(const char *buf, double load[3]);

/*
 * /proc/PID/stat: name (comm, which may hold spaces and parentheses: it ends
 * at the last ')'), parent pid (field 4), start time in ticks since boot
 * (field 22) and utime + stime in ticks (fields 14 and 15).  name is cut to
 * name_len - 1 bytes on a character boundary, and bytes that are not UTF-8
 * are replaced by '?' (the kernel cuts comm at 15 bytes, possibly inside a
 * character; JSON wants UTF-8).  Any output pointer may be NULL.
 */
int procfs_parse_pid_stat(const char *buf, char *name, unsigned long name_len,
                          long *ppid, uint64_t *start_ticks,
                          uint64_t *cpu_ticks);

/* VmRSS from /proc/PID/status, in bytes (0 for kernel threads without it). */
int procfs_parse_status_rss(const char *buf, uint64_t *rss_bytes);

/*
 * 1 when a process name (comm) is a shell: sh, ash, dash, bash, rbash, zsh,
 * ksh, ksh93, mksh, pdksh, oksh, yash, posh, fish, csh, tcsh, nu, elvish,
 * xonsh, pwsh or busybox (whose sh is often run by that name), also with a
 * login shell's leading '-'; or a name ending in ".sh" (a script run through
 * its #! line: the kernel names the process after the script).  Else 0.
 */
int procfs_is_shell(const char *name);

#endif
