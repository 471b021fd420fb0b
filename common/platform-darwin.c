/*
 * platform on macOS: the kernel's counters through Mach and sysctl, turned
 * into psutil's figures by psutil.c.
 *
 * Rules of this file:
 * - Reading is all this file does; the arithmetic is psutil.c's, which the
 *   tests run on any system.  What psutil reads, this reads: CPU ticks of
 *   host_processor_info, hw.memsize, host_statistics64(HOST_VM_INFO64),
 *   vm.swapusage, getloadavg, statvfs, hw.logicalcpu; of a process,
 *   sysctl(KERN_PROC_PID) for its name, parent and start time (any
 *   process) and proc_pidinfo(PROC_PIDTASKINFO) for its RSS and CPU time
 *   (the user's own processes, else EPERM).
 * - A process's start_ticks is its start time in microseconds since the
 *   Epoch: like Linux's ticks since boot, it tells two processes of one pid
 *   apart, which is all it is used for.
 * - Every Mach port right taken is given back; kernel errors become errno
 *   EIO (ENOENT for a process that is gone).
 */
#include "platform.h"

#include <errno.h>
#include <libproc.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/sysctl.h>
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

/* Name, parent and start time of pid, from the kernel's process table. */
static int process_kinfo(pid_t pid, struct platform_process *proc, pid_t *ppid)
{
	struct kinfo_proc kp;
	char comm[sizeof(kp.kp_proc.p_comm) + 1];
	size_t len = sizeof(kp);
	int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, 0};

	memset(proc, 0, sizeof(*proc));
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
	proc->pid = pid;
	/* p_comm: the kernel cuts the name at MAXCOMLEN bytes, maybe inside
	 * a character. */
	memcpy(comm, kp.kp_proc.p_comm, sizeof(kp.kp_proc.p_comm));
	comm[sizeof(comm) - 1] = '\0';
	utf8_cut_into(proc->name, comm, sizeof(proc->name) - 1);
	proc->start_ticks = (uint64_t)kp.kp_proc.p_starttime.tv_sec * 1000000u +
	                    (uint64_t)kp.kp_proc.p_starttime.tv_usec;
	*ppid = kp.kp_eproc.e_ppid;
	return 0;
}

/* RSS and CPU time of pid (the user's own processes). */
static int process_task(struct platform_process *proc)
{
	static mach_timebase_info_data_t base;
	struct proc_taskinfo ti;
	int n;

	if (base.denom == 0 && mach_timebase_info(&base) != KERN_SUCCESS) {
		errno = EIO;
		return -1;
	}
	n = proc_pidinfo(proc->pid, PROC_PIDTASKINFO, 0, &ti, sizeof(ti));
	if (n <= 0) {
		if (errno == ESRCH)
			errno = ENOENT;
		return -1;
	}
	if ((size_t)n < sizeof(ti)) {
		errno = EIO;
		return -1;
	}
	proc->rss_bytes = ti.pti_resident_size;
	return psutil_darwin_cpu_seconds(ti.pti_total_user, ti.pti_total_system,
	                                 base.numer, base.denom,
	                                 &proc->cpu_seconds);
}

int platform_process(pid_t pid, struct platform_process *proc)
{
	struct platform_process p;
	pid_t ppid;

	if (process_kinfo(pid, &p, &ppid) == -1 || process_task(&p) == -1)
		return -1;
	*proc = p;
	return 0;
}

int platform_agent(struct platform_process *proc)
{
	struct platform_process parent, cur;
	pid_t ppid;
	int depth;

	if (process_kinfo(getppid(), &parent, &ppid) == -1)
		return -1;
	cur = parent;
	for (depth = 1; procfs_is_shell(cur.name); depth++) {
		/* ppid 0: the parent of launchd. */
		if (depth == AGENT_MAX_DEPTH || ppid <= 0 ||
		    process_kinfo(ppid, &cur, &ppid) == -1) {
			cur = parent;
			break;
		}
	}
	if (process_task(&cur) == -1)
		return -1;
	*proc = cur;
	return 0;
}
