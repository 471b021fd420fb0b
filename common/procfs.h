/*
 * procfs: parsers of the text of Linux /proc files.
 *
 * Each takes the file's contents as a NUL-terminated buffer, so tests feed
 * fixtures (platform-linux.c reads the files), and returns 0, or -1 with
 * errno EINVAL when the text lacks what is needed or a number is not a
 * plain decimal that fits in 64 bits.  Nothing allocates or depends on the
 * locale.  Formulas are psutil's (psutil/_pslinux.py, docs/metrics.md).
 */
#ifndef COMMON_PROCFS_H
#define COMMON_PROCFS_H

#include "platform.h"

/*
 * The "cpu " line of /proc/stat (all CPUs): user, nice, system and idle
 * required, later fields 0 when missing, those after guest_nice ignored.
 */
int procfs_parse_stat(const char *buf, struct platform_cpu *cpu);

/*
 * /proc/meminfo, kB values in bytes.  MemTotal and MemFree required, swap
 * 0 when missing.  available: MemAvailable, clamped as psutil does; when
 * it is missing or 0, psutil's estimate without zoneinfo, MemFree + Cached.
 */
int procfs_parse_meminfo(const char *buf, struct platform_memory *mem);

/* 1 when MemAvailable is missing or 0: read /proc/zoneinfo to estimate. */
int procfs_meminfo_needs_zoneinfo(const char *buf);

/*
 * procfs_parse_meminfo() with /proc/zoneinfo (NULL: unreadable) and the
 * page size, for psutil's calculate_avail_vmem:
 *   low       = sum of the zones' "low" watermarks × page_size
 *   pagecache = Active(file) + Inactive(file)
 *   available = MemFree − low + pagecache − min(pagecache / 2, low)
 *             + SReclaimable − min(SReclaimable / 2, low)
 * 0 when negative, MemFree when above MemTotal; MemFree + Cached when
 * zoneinfo is NULL or a member is missing.
 */
int procfs_parse_meminfo_zoneinfo(const char *buf, const char *zoneinfo,
                                  unsigned long page_size,
                                  struct platform_memory *mem);

/* /proc/loadavg: the 1, 5 and 15 minute load averages. */
int procfs_parse_loadavg(const char *buf, double load[3]);

/*
 * /proc/PID/stat: comm (ending at the last ')': it may hold either
 * parenthesis), ppid, start time and utime + stime in ticks.  The kernel
 * cuts comm at 15 bytes, maybe inside a character: name gets it cut to
 * name_len - 1 bytes of UTF-8, bad bytes '?'.  Any output may be NULL.
 */
int procfs_parse_pid_stat(const char *buf, char *name, unsigned long name_len,
                          long *ppid, uint64_t *start_ticks,
                          uint64_t *cpu_ticks);

/* The fields of /proc/PID/stat perf-metrics reads; times in clock ticks. */
struct procfs_pid_stat {
	char state;              /* field 3: R, S, D, Z (zombie), X, ... */
	long ppid;               /* field 4 */
	uint64_t utime, stime;   /* fields 14-15: its own CPU */
	uint64_t cutime, cstime; /* fields 16-17: its reaped children's */
	uint64_t start_ticks;    /* field 22: since boot */
};

/*
 * procfs_parse_pid_stat() with every field of struct procfs_pid_stat (st
 * may be NULL); utime + stime and cutime + cstime never wrap.
 */
int procfs_parse_pid_stat_fields(const char *buf, char *name,
                                 unsigned long name_len,
                                 struct procfs_pid_stat *st);

/* The "btime" line of /proc/stat: boot time in seconds since the epoch. */
int procfs_parse_btime(const char *buf, uint64_t *btime);

/*
 * The value of the variable name in /proc/PID/environ (len bytes of
 * NUL-terminated "NAME=value" entries, maybe cut by the reader: an entry
 * without its NUL does not count), a pointer into buf, or NULL.
 */
const char *procfs_environ_get(const char *buf, size_t len, const char *name);

/* VmRSS from /proc/PID/status, in bytes (0 for kernel threads without it). */
int procfs_parse_status_rss(const char *buf, uint64_t *rss_bytes);

/*
 * 1 when comm names a shell (sh, bash, zsh, fish, busybox, ...; a login
 * shell's leading '-' allowed) or a script run through its #! line (a name
 * ending in ".sh"), else 0.
 */
int procfs_is_shell(const char *name);

#endif
