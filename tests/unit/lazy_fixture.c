#include "lazy_fixture.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"

static char lazy_dir[64];
static int lazy_fd = -1;

void lazy_fixture_open(const char *name)
{
	snprintf(lazy_dir, sizeof(lazy_dir), "/tmp/%s.XXXXXX", name);
	ck_assert_ptr_nonnull(mkdtemp(lazy_dir));
	lazy_fd = open(lazy_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(lazy_fd, 0);
}

void lazy_fixture_apply(lazy_apply_fn apply, const char *const *lazy,
			const char *summary, json_t *rec)
{
	struct error err = {0};
	struct docs *d;

	if (lazy_fd == -1)
		return;
	d = docs_new_dir(lazy_fd);
	ck_assert_ptr_nonnull(d);
	docs_set_lazy(d, lazy);
	ck_assert_int_eq(apply(d, rec, &err), 0);
	ck_assert_int_eq(docs_write(d, summary, &err), 0);
	docs_free(d);
}

static void same_file(const char *name, json_t *doc, void *ctx)
{
	int fd = openat(lazy_fd, name, O_RDONLY);
	char *want, *got;
	struct stat sb;
	size_t n;

	(void)ctx;
	ck_assert_msg(fd >= 0, "%s: not written", name);
	ck_assert_int_eq(fstat(fd, &sb), 0);
	got = malloc((size_t)sb.st_size + 1);
	ck_assert_int_eq(read(fd, got, (size_t)sb.st_size), sb.st_size);
	got[sb.st_size] = '\0';
	close(fd);
	want = codec_dump(doc, &n);
	ck_assert_msg(strcmp(want, got) == 0, "%s: %s, want %s", name, got,
		      want);
	free(want);
	free(got);
}

void lazy_fixture_close(struct docs *docs)
{
	char cmd[128];

	docs_each(docs, same_file, NULL);
	close(lazy_fd);
	lazy_fd = -1;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", lazy_dir);
	ck_assert_int_eq(system(cmd), 0);
}
