/*
 * procfs: parsers for the text of Linux /proc files.
 *
 * Each parser takes the file's contents as a NUL-terminated buffer, so tests
 * feed them fixtures; platform-linux.c reads the files and calls them.
 * Each returns 0, or -1 with errno = EINVAL when the text lacks what is
 * needed.  Formulas follow psutil (see docs/metrics.md).
 */
#ifndef COMMON_PROCFS_H
#define COMMON_PROCFS_H

#include "platform.h"

/* First "cpu " line of /proc/stat. */
int procfs_parse_stat(const char *buf, struct platform_cpu *cpu);

/*
 * /proc/meminfo.  Without MemAvailable (kernels before 3.14), available is
 * estimated as psutil does: MemFree + Active(file) + Inactive(file) +
 * SReclaimable, else MemFree + Cached + Buffers.
 */
int procfs_parse_meminfo(const char *buf, struct platform_memory *mem);

/* /proc/loadavg. */
int procfs_parse_loadavg(const char *buf, double load[3]);

/*
 * /proc/PID/stat: name (comm, which may hold spaces and parentheses), parent
 * pid, start time (field 22) and utime+stime in ticks.
 */
int procfs_parse_pid_stat(const char *buf, char *name, unsigned long name_len,
			  long *ppid, uint64_t *start_ticks, uint64_t *cpu_ticks);

/* VmRSS from /proc/PID/status, in bytes (0 for kernel threads without it). */
int procfs_parse_status_rss(const char *buf, uint64_t *rss_bytes);

/* 1 when a process name (comm) is a shell. */
int procfs_is_shell(const char *name);

#endif
