/*
 * platform: what the operating system tells about the machine and the agent.
 *
 * One header, one implementation per OS chosen by CMake (platform-linux.c
 * reads /proc; platform-unsupported.c fails every call with ENOSYS).  Shared
 * code never tests for an OS.
 *
 * On Linux, /proc is read below $CODEX_ANALYTICS_PROC_ROOT when that is set
 * (tests point it at fixture trees), else below /proc.
 *
 * Every function returns 0, or -1 with errno set.  Nothing allocates.
 */
#ifndef COMMON_PLATFORM_H
#define COMMON_PLATFORM_H

#include <stdint.h>
#include <sys/types.h>

/* Aggregate CPU time in clock ticks, as psutil counts it. */
struct platform_cpu {
	uint64_t total; /* user+nice+system+idle+iowait+irq+softirq+steal (no
	                   guest) */
	uint64_t busy;  /* total - idle - iowait */
};

struct platform_memory {
	uint64_t total;      /* bytes, MemTotal */
	uint64_t available;  /* bytes, MemAvailable (estimated as psutil does
	                        when absent) */
	uint64_t swap_total; /* bytes */
	uint64_t swap_free;  /* bytes */
};

struct platform_disk {
	uint64_t total; /* used + available to unprivileged users, bytes */
	uint64_t used;  /* (f_blocks - f_bfree) * f_frsize */
	uint64_t free;  /* f_bavail * f_frsize */
};

struct platform_process {
	pid_t pid;
	char name[64];        /* comm, as UTF-8 (see procfs_parse_pid_stat) */
	uint64_t start_ticks; /* field 22 of /proc/PID/stat */
	uint64_t rss_bytes;   /* VmRSS */
	double cpu_seconds;   /* utime + stime */
};

int platform_cpu_times(struct platform_cpu *cpu);
int platform_memory(struct platform_memory *mem);
int platform_disk(const char *path, struct platform_disk *disk);
int platform_loadavg(double load[3]);
int platform_cpu_count(void); /* online CPUs, or -1 */

/*
 * The agent process: the first ancestor of this process that is not a shell
 * (sh, bash, zsh, dash, fish, ksh, ...: procfs_is_shell).  Walks up from
 * getppid() at most 32 levels; falls back to the parent when every ancestor
 * is a shell, or when the walk cannot go on (an ancestor is gone or cannot be
 * read, or pid 0 is reached).  Fails when the parent, or the status of the
 * process chosen, cannot be read.
 * With the proc root redirected, the walk still starts at the real getppid()
 * and reads the fixture tree.
 */
int platform_agent(struct platform_process *proc);

/* The figures of one process; errno ENOENT when there is no such process. */
int platform_process(pid_t pid, struct platform_process *proc);

#endif
