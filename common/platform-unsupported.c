/*
 * platform on systems without an implementation yet: every call fails with
 * ENOSYS, so perf-metrics says what is missing instead of guessing.
 */
#include "platform.h"

#include <errno.h>

static int unsupported(void)
{
	errno = ENOSYS;
	return -1;
}

int platform_cpu_times(struct platform_cpu *cpu)
{
	(void)cpu;
	return unsupported();
}

int platform_memory(struct platform_memory *mem)
{
	(void)mem;
	return unsupported();
}

int platform_disk(const char *path, struct platform_disk *disk)
{
	(void)path;
	(void)disk;
	return unsupported();
}

int platform_loadavg(double load[3])
{
	(void)load;
	return unsupported();
}

int platform_cpu_count(void)
{
	return unsupported();
}

int platform_agent(struct platform_process *proc)
{
	(void)proc;
	return unsupported();
}

int platform_process(pid_t pid, struct platform_process *proc)
{
	(void)pid;
	(void)proc;
	return unsupported();
}

int platform_processes(const struct platform_walk *w,
                       int (*fn)(const struct platform_process *, void *),
                       void *ctx, int *partial)
{
	(void)w;
	(void)fn;
	(void)ctx;
	*partial = 0;
	return unsupported();
}

int platform_process_environ(pid_t pid, char *buf, size_t len, size_t *n)
{
	(void)pid;
	(void)buf;
	(void)len;
	*n = 0;
	return unsupported();
}
