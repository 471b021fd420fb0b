/*
 * portable: the few calls whose spelling differs between the systems the
 * tools build on (perf-metrics' figures are platform.h's).
 */
#ifndef COMMON_PORTABLE_H
#define COMMON_PORTABLE_H

#include <fcntl.h>
#include <stdlib.h>
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

/*
 * qsort_r with glibc's (and musl's) order of arguments: macOS' takes arg
 * before the comparison and passes it first, and compiles the glibc call
 * with only a warning.
 */
#ifdef __APPLE__
struct portable_sort {
	int (*cmp)(const void *, const void *, void *);
	void *arg;
};

static inline int portable_sort_cmp(void *sort, const void *a, const void *b)
{
	const struct portable_sort *s = sort;

	return s->cmp(a, b, s->arg);
}
#endif

static inline void
portable_qsort_r(void *base, size_t n, size_t size,
                 int (*cmp)(const void *, const void *, void *), void *arg)
{
#ifdef __APPLE__
	struct portable_sort s = {cmp, arg};

	qsort_r(base, n, size, &s, portable_sort_cmp);
#else
	qsort_r(base, n, size, cmp, arg);
#endif
}

#endif
