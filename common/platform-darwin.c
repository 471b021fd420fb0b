/*
 * platform on macOS: the kernel's counters through Mach and sysctl, turned
 * into psutil's figures by psutil.c.
 *
 * Rules of this file:
 * - Reading is all this file does; the arithmetic and the decoding are
 *   psutil.c's, which the tests run on any system.  What psutil reads, this
 *   reads: CPU ticks of host_processor_info, hw.memsize,
 *   host_statistics64(HOST_VM_INFO64), vm.swapusage, getloadavg, statvfs,
 *   hw.logicalcpu; of a process, sysctl(KERN_PROC) for its name, parent,
 *   owner, state and start time (any process),
 *   proc_pidinfo(PROC_PIDTASKINFO) for its RSS and CPU time and
 *   proc_pid_rusage for its reaped children's CPU time (the user's own
 *   processes), sysctl(KERN_PROCARGS2) for its environment.
 * - A process's start_ticks is its start time in microseconds since the
 *   epoch: like Linux's ticks since boot it orders processes by start and
 *   tells two processes of one pid apart, which is all it is used for.
 * - Every Mach port right and buffer taken is given back; kernel errors
 *   become errno EIO, a process that is gone ENOENT.
 */
#include "platform.h"

#include <errno.h>
#include <libproc.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/sysctl.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "psutil.h"
#include "utf8.h"

#define AGENT_MAX_DEPTH 32

_Static_assert(CPU_STATE_USER == PSUTIL_DARWIN_USER &&
                   CPU_STATE_SYSTEM == PSUTIL_DARWIN_SYSTEM &&
                   CPU_STATE_IDLE == PSUTIL_DARWIN_IDLE &&
                   CPU_STATE_NICE == PSUTIL_DARWIN_NICE &&
                   CPU_STATE_MAX == PSUTIL_DARWIN_STATES,
               "Mach's CPU states are in psutil.h's order");
_Static_assert(SIDL == 1 && SRUN == 2 && SSLEEP == 3 && SSTOP == 4 &&
                   SZOMB == 5,
               "p_stat values are psutil_darwin_state()'s");

int platform_cpu_times(struct platform_cpu *cpu)
{
	processor_info_array_t info = NULL;
	mach_msg_type_number_t count = 0;
	natural_t ncpu = 0;
	mach_port_t host = mach_host_self();
	kern_return_t kr;
	int ret, saved;

	kr = host_processor_info(host, PROCESSOR_CPU_LOAD_INFO, &ncpu, &info,
	                         &count);
	mach_port_deallocate(mach_task_self(), host);
	if (kr != KERN_SUCCESS) {
		errno = EIO;
		return -1;
	}
	if ((size_t)count < (size_t)ncpu * PSUTIL_DARWIN_STATES) {
		errno = EIO;
		ret = -1;
	} else {
		/* integer_t holds the unsigned counters bit for bit. */
		ret = psutil_darwin_cpu((const uint32_t *)info, ncpu, cpu);
	}
	saved = errno;
	vm_deallocate(mach_task_self(), (vm_address_t)info,
	              (vm_size_t)count * sizeof(*info));
	errno = saved;
	return ret;
}

int platform_memory(struct platform_memory *mem)
{
	struct psutil_darwin_vm vm = {0};
	vm_statistics64_data_t st;
	mach_msg_type_number_t count = HOST_VM_INFO64_COUNT;
	struct xsw_usage swap;
	size_t len;
	mach_port_t host;
	kern_return_t kr;
	long page;

	len = sizeof(vm.memsize);
	if (sysctlbyname("hw.memsize", &vm.memsize, &len, NULL, 0) == -1)
		return -1;
	len = sizeof(swap);
	if (sysctlbyname("vm.swapusage", &swap, &len, NULL, 0) == -1)
		return -1;
	host = mach_host_self();
	kr =
	    host_statistics64(host, HOST_VM_INFO64, (host_info64_t)&st, &count);
	mach_port_deallocate(mach_task_self(), host);
	if (kr != KERN_SUCCESS) {
		errno = EIO;
		return -1;
	}
	page = sysconf(_SC_PAGESIZE);
	vm.page_size = page > 0 ? (uint64_t)page : 0;
	vm.active = st.active_count;
	vm.inactive = st.inactive_count;
	vm.wired = st.wire_count;
	vm.free = st.free_count;
	vm.speculative = st.speculative_count;
	vm.swap_total = swap.xsu_total;
	vm.swap_used = swap.xsu_used;
	return psutil_darwin_memory(&vm, mem);
}

int platform_disk(const char *path, struct platform_disk *disk)
{
	struct statvfs st;

	if (statvfs(path, &st) == -1)
		return -1;
	return psutil_disk(st.f_blocks, st.f_bfree, st.f_bavail,
	                   st.f_frsize != 0 ? st.f_frsize : st.f_bsize, disk);
}

int platform_loadavg(double load[3])
{
	if (getloadavg(load, 3) != 3) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int platform_cpu_count(void)
{
	int n = 0;
	size_t len = sizeof(n);

	if (sysctlbyname("hw.logicalcpu", &n, &len, NULL, 0) == -1)
		return -1;
	if (n < 1) {
		errno = EINVAL;
		return -1;
	}
	return n;
}

/* What the process table says of a process: all but its figures. */
static void from_kinfo(const struct kinfo_proc *kp, struct platform_process *p)
{
	/* p_comm: the kernel cuts the name at MAXCOMLEN bytes, maybe inside
	 * a character. */
	char comm[sizeof(kp->kp_proc.p_comm) + 1];

	memset(p, 0, sizeof(*p));
	p->pid = kp->kp_proc.p_pid;
	p->ppid = kp->kp_eproc.e_ppid;
	p->uid = kp->kp_eproc.e_ucred.cr_uid;
	p->state = psutil_darwin_state(kp->kp_proc.p_stat);
	memcpy(comm, kp->kp_proc.p_comm, sizeof(kp->kp_proc.p_comm));
	comm[sizeof(comm) - 1] = '\0';
	utf8_cut_into(p->name, comm, sizeof(p->name) - 1);
	p->start_ticks = (uint64_t)kp->kp_proc.p_starttime.tv_sec * 1000000u +
	                 (uint64_t)kp->kp_proc.p_starttime.tv_usec;
	p->start_ms = -1;
}

/* The process table's entry of pid. */
static int process_kinfo(pid_t pid, struct platform_process *proc)
{
	struct kinfo_proc kp;
	size_t len = sizeof(kp);
	int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, 0};

	if (pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	mib[3] = pid;
	if (sysctl(mib, 4, &kp, &len, NULL, 0) == -1)
		return -1;
	/* No such process: the call succeeds with nothing written. */
	if (len == 0) {
		errno = ENOENT;
		return -1;
	}
	from_kinfo(&kp, proc);
	proc->uid = 0; /* platform.h: set by platform_processes() only */
	return 0;
}

/* errno for a call about pid that failed with err: ENOENT when it is gone. */
static int gone_or(pid_t pid, int err)
{
	return kill(pid, 0) == -1 && errno == ESRCH ? ENOENT : err;
}

/* RSS and CPU times of proc->pid (the user's own processes). */
static int process_figures(struct platform_process *proc)
{
	static mach_timebase_info_data_t base;
	struct proc_taskinfo ti;
	struct rusage_info_v2 ru;
	int n;

	if (base.denom == 0 && mach_timebase_info(&base) != KERN_SUCCESS) {
		errno = EIO;
		return -1;
	}
	n = proc_pidinfo(proc->pid, PROC_PIDTASKINFO, 0, &ti, sizeof(ti));
	if (n != (int)sizeof(ti)) {
		errno = gone_or(proc->pid, n == 0 ? errno : EIO);
		return -1;
	}
	if (proc_pid_rusage(proc->pid, RUSAGE_INFO_V2, (rusage_info_t *)&ru) ==
	    -1) {
		errno = gone_or(proc->pid, errno);
		return -1;
	}
	proc->rss_bytes = ti.pti_resident_size;
	/* The rusage times are in Mach time units too, as the task's. */
	if (psutil_darwin_cpu_seconds(ti.pti_total_user, ti.pti_total_system,
	                              base.numer, base.denom,
	                              &proc->cpu_seconds) == -1)
		return -1;
	return psutil_darwin_cpu_seconds(
	    ru.ri_child_user_time, ru.ri_child_system_time, base.numer,
	    base.denom, &proc->children_cpu_seconds);
}

int platform_process(pid_t pid, struct platform_process *proc)
{
	struct platform_process p;

	if (process_kinfo(pid, &p) == -1 || process_figures(&p) == -1)
		return -1;
	*proc = p;
	return 0;
}

int platform_agent(struct platform_process *proc)
{
	struct platform_process parent, cur;
	int depth;

	if (process_kinfo(getppid(), &parent) == -1)
		return -1;
	cur = parent;
	for (depth = 1; procfs_is_shell(cur.name); depth++) {
		/* ppid 0: the parent of launchd. */
		if (depth == AGENT_MAX_DEPTH || cur.ppid <= 0 ||
		    process_kinfo(cur.ppid, &cur) == -1) {
			cur = parent;
			break;
		}
	}
	if (process_figures(&cur) == -1)
		return -1;
	*proc = cur;
	return 0;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The process table's entries of uid's processes, in a new array (*procs,
 * *n) that the caller frees.  The table can grow between the call that
 * sizes it and the one that reads it: then again, with room to spare, as
 * psutil does.
 */
static int user_processes(uid_t uid, struct kinfo_proc **procs, size_t *n)
{
	int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_UID, (int)uid};
	struct kinfo_proc *buf = NULL;
	size_t size;

	for (int tries = 0; tries < 8; tries++) {
		size = 0;
		if (sysctl(mib, 4, NULL, &size, NULL, 0) == -1)
			return -1;
		size += size / 8 + sizeof(*buf);
		buf = malloc(size);
		if (buf == NULL)
			return -1;
		if (sysctl(mib, 4, buf, &size, NULL, 0) == 0) {
			*procs = buf;
			*n = size / sizeof(*buf);
			return 0;
		}
		free(buf);
		buf = NULL;
		if (errno != ENOMEM)
			return -1;
	}
	errno = ENOMEM;
	return -1;
}

/*
 * Rules of the walk: one sysctl lists the user's processes with their
 * parents, states and start times, so only those that w selects cost a
 * call each (their figures); the bounds are checked at every process.
 */
int platform_processes(const struct platform_walk *w,
                       int (*fn)(const struct platform_process *, void *),
                       void *ctx, int *partial)
{
	struct kinfo_proc *procs = NULL;
	struct platform_process p;
	size_t n = 0, visited = 0;
	int64_t deadline;
	int ret = -1, saved, stop = 0;

	*partial = 0;
	deadline = w->budget_ms > 0 ? monotonic_ms() + w->budget_ms : 0;
	if (user_processes(w->uid, &procs, &n) == -1)
		return -1;
	for (size_t i = 0; !stop && i < n; i++) {
		if (procs[i].kp_proc.p_pid <= 0)
			continue;
		if (visited == w->max_visit ||
		    (deadline != 0 && monotonic_ms() >= deadline)) {
			*partial = 1;
			break;
		}
		visited++;
		from_kinfo(&procs[i], &p);
		if (p.uid != w->uid || p.start_ticks <= w->started_after ||
		    p.state == 'Z' || process_figures(&p) == -1)
			continue; /* gone meanwhile, or not one of those wanted
			           */
		p.start_ms = (int64_t)(p.start_ticks / 1000);
		errno = 0;
		stop = fn(&p, ctx);
		if (stop < 0)
			goto out;
	}
	ret = 0;
out:
	saved = errno;
	free(procs);
	errno = saved;
	return ret;
}

int platform_process_environ(pid_t pid, char *buf, size_t len, size_t *n)
{
	int mib[3] = {CTL_KERN, KERN_PROCARGS2, (int)pid}, argmax = 0;
	size_t size = sizeof(argmax);
	char *args = NULL;
	int ret = -1, saved;

	*n = 0;
	if (pid <= 0 || len < 2) {
		errno = EINVAL;
		return -1;
	}
	if (sysctlbyname("kern.argmax", &argmax, &size, NULL, 0) == -1)
		return -1;
	size = argmax > 0 ? (size_t)argmax : 0;
	args = malloc(size);
	if (args == NULL)
		goto out;
	if (sysctl(mib, 3, args, &size, NULL, 0) == -1) {
		/* EINVAL: another user's process, a zombie, or none. */
		errno = gone_or(pid, errno == EINVAL ? EACCES : errno);
		goto out;
	}
	ret = psutil_darwin_environ(args, size, buf, len, n);
out:
	saved = errno;
	free(args);
	errno = saved;
	return ret;
}
