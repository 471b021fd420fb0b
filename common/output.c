#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * FILE as it is not a regular file: written in place (o->tmp stays NULL).
 * -1 with err.
 */
static int open_in_place(struct output *o, const char *path,
			 struct error *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);

	o->path = strdup(path);
	if (fd == -1 || o->path == NULL ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		error_set(err, fd == -1 || o->path != NULL ? errno : ENOMEM,
			  "cannot write '%s'", path);
		if (fd != -1)
			close(fd);
		output_abort(o);
		return -1;
	}
	return 0;
}

int output_open(struct output *o, const char *path, struct error *err)
{
	const char *slash;
	char *target = NULL;
	struct stat sb;
	mode_t mask;
	int fd = -1, n;

	memset(o, 0, sizeof(*o));
	if (path == NULL) {
		o->fp = stdout;
		return 0;
	}
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		/* Replace the link's target, not the link. */
		target = realpath(path, NULL);
		if (target == NULL) {
			error_set(err, errno, "cannot write '%s'", path);
			return -1;
		}
		path = target;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		n = open_in_place(o, path, err);
		free(target);
		return n;
	}
	o->path = strdup(path);
	free(target);
	path = o->path;
	slash = strrchr(path, '/');
	/* ".name.XXXXXX" next to name, so that rename() stays in one fs. */
	n = slash != NULL ? asprintf(&o->tmp, "%.*s.%s.XXXXXX",
	                             (int)(slash - path + 1), path, slash + 1)
	                  : asprintf(&o->tmp, ".%s.XXXXXX", path);
	if (o->path == NULL || n == -1) {
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
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
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
	char *dir = slash == NULL ? strdup(".")
		    : slash == path ? strdup("/")
				    : strndup(path, (size_t)(slash - path));
	int fd = dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

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
