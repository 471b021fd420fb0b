#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* /dev/stdout, /dev/stderr or /dev/fd/N: that descriptor, else -1. */
static int named_fd(const char *path)
{
	const char *digits;
	char *end;
	long fd;

	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	if (strncmp(path, "/dev/fd/", 8) != 0)
		return -1;
	digits = path + 8;
	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	fd = strtol(digits, &end, 10);
	return *end == '\0' && errno == 0 && fd <= INT_MAX ? (int)fd : -1;
}

/*
 * Written in place (o->tmp stays NULL): fd, a descriptor of our own (the
 * report closes it), or -1 when its open failed.  -1 with err.
 */
static int in_place(struct output *o, int fd, const char *path,
                    struct error *err)
{
	o->path = strdup(path);
	if (fd == -1 || o->path == NULL || (o->fp = fdopen(fd, "w")) == NULL) {
		error_set(err, fd == -1 || o->path != NULL ? errno : ENOMEM,
		          "cannot write '%s'", path);
		if (fd != -1)
			close(fd);
		output_abort(o);
		return -1;
	}
	return 0;
}

/*
 * path with its last component's links followed (the directories on the
 * way are the kernel's, under fs.protected_symlinks): the name a report
 * replaces, a new string, or NULL with err.  Only a link of the user's or
 * root's is followed: root's cron job must not replace /etc/shadow through
 * a link another user planted (realpath() would get round the kernel).
 */
static char *follow(const char *path, struct error *err)
{
	char *name = strdup(path), *next = NULL, link[PATH_MAX];
	struct stat sb;
	ssize_t n;

	for (int hops = 0; name != NULL; hops++) {
		if (lstat(name, &sb) == -1 || !S_ISLNK(sb.st_mode))
			return name; /* not a link: a file, or none yet */
		if (hops == 40) {
			error_set(err, ELOOP, "cannot write '%s'", path);
			goto fail;
		}
		if (sb.st_uid != geteuid() && sb.st_uid != 0) {
			error_set(err, 0,
			          "cannot write '%s': not following another "
			          "user's symbolic link",
			          path);
			goto fail;
		}
		n = readlink(name, link, sizeof(link) - 1);
		if (n == -1) {
			error_set(err, errno, "cannot write '%s'", path);
			goto fail;
		}
		link[n] = '\0';
		/* A relative target is relative to the link's directory. */
		if (link[0] == '/' || strchr(name, '/') == NULL)
			next = strdup(link);
		else if (asprintf(&next, "%.*s%s",
		                  (int)(strrchr(name, '/') - name + 1), name,
		                  link) == -1)
			next = NULL;
		free(name);
		name = next;
	}
	error_set(err, ENOMEM, "cannot write the report");
fail:
	free(name);
	return NULL;
}

/* 1 when path names fd's open file (another spelling of /dev/stdout). */
static int same_file(const char *path, int fd)
{
	struct stat a, b;

	return stat(path, &a) == 0 && fstat(fd, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * What path is now: none yet or a regular file (0, *mode its own when it
 * is ours), or a FIFO or device to write in place (1, *fd open on it); -1
 * with err.  Opened once, without following a link, blocking or
 * truncating: what was opened decides, so no swap between a check and a
 * use can send a report where it must not go.
 */
static int classify(const char *path, int *fd, mode_t *mode, struct error *err)
{
	struct stat sb;
	int flags;

	*fd = open(path,
	           O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd == -1 && errno == ENOENT)
		return 0;
	if (*fd == -1 && errno == ENXIO) {
		error_set(err, 0,
		          "cannot write '%s': no process reads the FIFO", path);
		return -1;
	}
	if (*fd == -1 || fstat(*fd, &sb) == -1) {
		error_set(err, errno, "cannot write '%s'", path);
		goto fail;
	}
	if (S_ISREG(sb.st_mode)) {
		if (sb.st_uid == geteuid()) /* a file replaced keeps its mode */
			*mode = sb.st_mode & 0777;
		close(*fd);
		*fd = -1;
		return 0;
	}
	if (!S_ISFIFO(sb.st_mode) && !S_ISCHR(sb.st_mode)) {
		error_set(err, 0,
		          "cannot write '%s': not a file, FIFO or "
		          "character device",
		          path);
		goto fail;
	}
	if (sb.st_uid != geteuid() && sb.st_uid != 0) {
		error_set(err, 0,
		          "cannot write '%s': not writing to another "
		          "user's FIFO or device",
		          path);
		goto fail;
	}
	flags = fcntl(*fd, F_GETFL);
	if (flags == -1 || fcntl(*fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		error_set(err, errno, "cannot write '%s'", path);
		goto fail;
	}
	return 1;
fail:
	if (*fd != -1)
		close(*fd);
	*fd = -1;
	return -1;
}

int output_open(struct output *o, const char *path, struct error *err)
{
	const char *slash, *base;
	mode_t mode;
	int fd, n;

	memset(o, 0, sizeof(*o));
	if (path == NULL) {
		o->fp = stdout;
		return 0;
	}
	/* stdout or stderr however spelt: that descriptor as it is. */
	fd = named_fd(path);
	for (int std = STDOUT_FILENO; fd == -1 && std <= STDERR_FILENO; std++)
		if (same_file(path, std))
			fd = std;
	if (fd != -1)
		return in_place(o, fcntl(fd, F_DUPFD_CLOEXEC, 3), path, err);
	o->path = follow(path, err);
	if (o->path == NULL)
		return -1;
	path = o->path;
	mode = umask(0);
	umask(mode);
	mode = 0666 & ~mode;
	n = classify(path, &fd, &mode, err);
	if (n == -1)
		goto fail;
	if (n == 1) { /* a FIFO, a device: written in place */
		char *name = o->path;

		o->path = NULL;
		n = in_place(o, fd, name, err);
		free(name);
		return n;
	}
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	/*
	 * ".name.XXXXXX" next to name, so that rename() stays in one fs; the
	 * name cut so that a name of up to NAME_MAX bytes still has one.
	 */
	n = asprintf(&o->tmp, "%.*s.%.200s.XXXXXX", (int)(base - path), path,
	             base);
	if (n == -1) {
		o->tmp = NULL;
		error_set(err, ENOMEM, "cannot write the report");
		goto fail;
	}
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd == -1) {
		error_set(err, errno, "cannot write '%s'", path);
		free(o->tmp);
		o->tmp = NULL;
		goto fail;
	}
	if (fchmod(fd, mode) == -1 || (o->fp = fdopen(fd, "w")) == NULL) {
		error_set(err, errno, "cannot write '%s'", path);
		close(fd);
		goto fail;
	}
	return 0;
fail:
	output_abort(o);
	return -1;
}

/* Make the rename of path durable: sync its directory (best effort). */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL   ? strdup(".")
	            : slash == path ? strdup("/")
	                            : strndup(path, (size_t)(slash - path));
	int fd =
	    dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (fd != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int output_commit(struct output *o, struct error *err)
{
	const char *name = o->path != NULL ? o->path : "the report";
	int ret = -1;

	if (fflush(o->fp) == EOF || ferror(o->fp)) {
		error_set(err, errno, "cannot write %s%s%s", o->path ? "'" : "",
		          name, o->path ? "'" : "");
		goto out;
	}
	if (o->path == NULL)
		return 0;
	if (o->tmp == NULL) { /* written in place */
		if (fclose(o->fp) == EOF) {
			o->fp = NULL;
			error_set(err, errno, "cannot write '%s'", name);
			goto out;
		}
		o->fp = NULL;
		ret = 0;
		goto out;
	}
	if (fsync(fileno(o->fp)) == -1) {
		error_set(err, errno, "cannot write '%s'", name);
		goto out;
	}
	if (fclose(o->fp) == EOF) {
		o->fp = NULL;
		error_set(err, errno, "cannot write '%s'", name);
		goto out;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->path) == -1) {
		error_set(err, errno, "cannot replace '%s'", name);
		goto out;
	}
	free(o->tmp);
	o->tmp = NULL;
	sync_dir(o->path);
	ret = 0;
out:
	output_abort(o);
	return ret;
}

void output_abort(struct output *o)
{
	int saved = errno;

	if (o->path != NULL && o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	errno = saved;
}
