/*
 * faults: an LD_PRELOAD shim that makes chosen system calls fail, the way
 * jq tests its I/O errors, so tests can see what a full disk or a failed
 * rename does to the data.
 *
 *	FAULTS=write,fsync,rename  FAULT_AFTER=N  LD_PRELOAD=faults.so prog
 *
 * write fails with ENOSPC on fds above 2 (stderr still works), fsync and
 * fdatasync with EIO, rename and renameat with EIO; FAULT_AFTER lets the
 * first N matching calls through.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int armed(const char *call)
{
	static long passed = -1;
	const char *faults = getenv("FAULTS");
	const char *after = getenv("FAULT_AFTER");

	if (faults == NULL || strstr(faults, call) == NULL)
		return 0;
	if (passed < 0)
		passed = after != NULL ? atol(after) : 0;
	if (passed > 0) {
		passed--;
		return 0;
	}
	return 1;
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

ssize_t write(int fd, const void *buf, size_t len)
{
	if (fd > 2 && armed("write")) {
		errno = ENOSPC;
		return -1;
	}
	return REAL("write", ssize_t(*)(int, const void *, size_t))(fd, buf, len);
}

int fsync(int fd)
{
	if (armed("fsync")) {
		errno = EIO;
		return -1;
	}
	return REAL("fsync", int (*)(int))(fd);
}

int fdatasync(int fd)
{
	if (armed("fsync")) {
		errno = EIO;
		return -1;
	}
	return REAL("fdatasync", int (*)(int))(fd);
}

int rename(const char *from, const char *to)
{
	if (armed("rename")) {
		errno = EIO;
		return -1;
	}
	return REAL("rename", int (*)(const char *, const char *))(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	if (armed("rename")) {
		errno = EIO;
		return -1;
	}
	return REAL("renameat", int (*)(int, const char *, int, const char *))(
		fromfd, from, tofd, to);
}
