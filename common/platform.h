/*
 * platform: what the operating system tells about the machine and the
 * agent, one implementation per OS chosen by CMake (platform-linux.c reads
 * /proc, below $CODEX_ANALYTICS_PROC_ROOT when set, for tests;
 * platform-unsupported.c fails with ENOSYS).
 *
 * Every function returns 0, or -1 with errno.  Nothing is left for the
 * caller to free.
 */
#ifndef COMMON_PLATFORM_H
#define COMMON_PLATFORM_H

#include <stdint.h>
#include <sys/types.h>

/* Aggregate CPU time in clock ticks, as psutil counts it. */
struct platform_cpu {
	uint64_t total; /* user+nice+system+idle+iowait+irq+softirq+steal */
	uint64_t busy;  /* total - idle - iowait */
};

struct platform_memory {
	uint64_t total;      /* bytes, MemTotal */
	uint64_t available;  /* bytes, MemAvailable (or psutil's estimate) */
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
	pid_t ppid;
	uid_t uid;     /* its owner: set by platform_processes() only */
	char state;    /* 'R', 'S', 'Z', ... (field 3 of /proc/PID/stat) */
	char name[64]; /* comm, as UTF-8 */
	uint64_t start_ticks; /* field 22 of /proc/PID/stat, since boot */
	int64_t
	    start_ms; /* since the epoch: platform_processes() only, else -1 */
	uint64_t rss_bytes;          /* VmRSS */
	double cpu_seconds;          /* utime + stime */
	double children_cpu_seconds; /* cutime + cstime: children it reaped */
};

/* The bounds of a walk over the processes (platform_processes). */
struct platform_walk {
	uid_t uid;              /* only this user's processes */
	uint64_t started_after; /* only those with a later start_ticks */
	size_t max_visit;       /* look at no more processes than this */
	int budget_ms;          /* and stop after this long (0: no limit) */
};

int platform_cpu_times(struct platform_cpu *cpu);
int platform_memory(struct platform_memory *mem);
int platform_disk(const char *path, struct platform_disk *disk);
int platform_loadavg(double load[3]);
int platform_cpu_count(void); /* online CPUs, or -1 */

/*
 * The agent: the first ancestor of this process that is not a shell
 * (procfs_is_shell), at most 32 levels up from getppid(); the parent when
 * every ancestor is a shell or the walk cannot go on.  Fails when the
 * parent, or the status of the process chosen, cannot be read.
 */
int platform_agent(struct platform_process *proc);

/* The figures of one process; errno ENOENT when there is no such process. */
int platform_process(pid_t pid, struct platform_process *proc);

/*
 * Call fn(proc, ctx) for each live process (not a zombie) that w selects,
 * with every member of struct platform_process; fn returns 0 to go on, 1
 * to stop, -1 to fail (with errno).  *partial is set to 1 when a bound of w
 * stopped the walk, else 0.  Processes that exit meanwhile are skipped.  -1
 * when the list of processes cannot be read (or fn failed, with its errno).
 */
int platform_processes(const struct platform_walk *w,
                       int (*fn)(const struct platform_process *, void *),
                       void *ctx, int *partial);

/*
 * The environment pid started with: "NAME=value" entries each ending in
 * NUL, cut to len bytes, into buf; *n the bytes stored.  EACCES for another
 * user's process.
 */
int platform_process_environ(pid_t pid, char *buf, size_t len, size_t *n);

#endif
