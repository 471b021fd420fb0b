/*
 * portable: the few calls whose spelling differs between the systems the
 * tools build on (perf-metrics' figures are platform.h's).
 */
#ifndef COMMON_PORTABLE_H
#define COMMON_PORTABLE_H

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Make fd's data durable.  macOS has no fdatasync, and its fsync does not
 * flush the drive's cache: F_FULLFSYNC does (docs/design.md §4).
 */
static inline int portable_datasync(int fd)
{
#ifdef F_FULLFSYNC
	if (fcntl(fd, F_FULLFSYNC) == 0)
		return 0;
	return fsync(fd);
#else
	return fdatasync(fd);
#endif
}

/* The nanoseconds of a file's modification time. */
static inline long portable_mtime_ns(const struct stat *sb)
{
#ifdef __APPLE__
	return sb->st_mtimespec.tv_nsec;
#else
	return sb->st_mtim.tv_nsec;
#endif
}

#endif
