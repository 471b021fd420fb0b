#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docs.h"
#include "suite.h"

static char dir[UNIT_TMPDIR_MAX];
static int dirfd_;

static void setup(void)
{
	dirfd_ = unit_tmpdir(dir, "test_docs");
}

static void teardown(void)
{
	unit_rmdir(dir, dirfd_);
}

/* In-memory documents for the docs_get tests; p1 comes before p2. */
static struct docs *mem;
static const struct log_position p1 = {"2026-11-24", 100};
static const struct log_position p2 = {"2026-11-25", 10};

static void setup_memory(void)
{
	mem = docs_new_memory();
	ck_assert_ptr_nonnull(mem);
}

static void teardown_memory(void)
{
	docs_free(mem);
}

START_TEST(test_docs_get_memory)
{
	json_t *a = docs_get(mem, "a.json");

	ck_assert_ptr_null(docs_peek(mem, "b.json"));
	ck_assert_int_eq(
	    json_integer_value(json_object_get(a, "schema_version")), 1);
	json_object_set_new(a, "n", json_integer(1));
	ck_assert_ptr_eq(docs_get(mem, "a.json"), a);
	ck_assert_ptr_eq(docs_peek(mem, "a.json"), a);
}
END_TEST

START_TEST(test_docs_get_position)
{
	struct log_position got;
	json_t *a, *copy;

	docs_set_position(mem, &p1);
	a = docs_get(mem, "a.json");
	json_object_set_new(a, "n", json_integer(1));
	ck_assert_int_eq(docs_write(mem, NULL, NULL), 0);
	docs_position_get(a, &got);
	ck_assert_str_eq(got.date, "2026-11-24");
	ck_assert_int_eq(got.offset, 100);

	/* A record the document holds already: a scratch copy. */
	copy = docs_get(mem, "a.json");
	ck_assert_ptr_ne(copy, a);
	json_object_set_new(copy, "n", json_integer(99));
	ck_assert_int_eq(json_integer_value(json_object_get(a, "n")), 1);

	docs_set_position(mem, &p2);
	ck_assert_ptr_eq(docs_get(mem, "a.json"), a);
}
END_TEST

START_TEST(test_docs_advance)
{
	struct log_position got;
	json_t *a;

	docs_set_position(mem, &p2);
	a = docs_get(mem, "a.json");
	docs_set_position(mem, NULL);

	/* Moving to where it is, or back, keeps it as it is: no copy. */
	ck_assert_int_eq(docs_advance(mem, "a.json", &p2), 0);
	ck_assert_int_eq(docs_advance(mem, "a.json", &p1), 0);
	ck_assert_int_eq(docs_write(mem, NULL, NULL), 0);
	ck_assert_ptr_eq(docs_peek(mem, "a.json"), a);
	docs_position_get(a, &got);
	ck_assert_int_eq(docs_position_cmp(&got, &p2), 0);

	/* A new document starts at the position given. */
	ck_assert_int_eq(docs_advance(mem, "b.json", &p1), 0);
	ck_assert_int_eq(docs_write(mem, NULL, NULL), 0);
	docs_position_get(docs_peek(mem, "b.json"), &got);
	ck_assert_int_eq(docs_position_cmp(&got, &p1), 0);
}
END_TEST

START_TEST(test_docs_position_cmp)
{
	struct log_position a = {"2026-11-24", 100}, b = {"2026-11-25", 1};
	struct log_position c = {"2026-11-25", 2}, none = {"", 0};

	ck_assert_int_lt(docs_position_cmp(&a, &b), 0);
	ck_assert_int_lt(docs_position_cmp(&b, &c), 0);
	ck_assert_int_gt(docs_position_cmp(&c, &a), 0);
	ck_assert_int_eq(docs_position_cmp(&c, &c), 0);
	ck_assert_int_lt(docs_position_cmp(&none, &a), 0);
}
END_TEST

START_TEST(test_docs_write_dir)
{
	struct docs *docs = docs_new_dir(dirfd_, 1);
	struct log_position p = {"2026-11-25", 42};
	struct stat sb;
	json_t *doc;

	docs_set_position(docs, &p);
	json_object_set_new(docs_get(docs, "x.json"), "k", json_string("v"));
	ck_assert_int_eq(docs_write(docs, "x.json", NULL), 0);
	docs_free(docs);

	doc = docs_load(dirfd_, "x.json", NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "k")), "v");
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_object_get(doc, "log_position"), "offset")),
	                 42);
	json_decref(doc);
	ck_assert_int_eq(fstatat(dirfd_, "x.json", &sb, 0), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
}
END_TEST

START_TEST(test_docs_load_missing)
{
	struct error err = {0};

	errno = 0;
	ck_assert_ptr_null(docs_load(dirfd_, "none.json", &err));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(test_docs_load_invalid)
{
	struct error err = {0};

	unit_put(dirfd_, "bad.json", "{");
	ck_assert_ptr_null(docs_load(dirfd_, "bad.json", &err));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(err.what, "not a valid document"));
	unit_put(dirfd_, "array.json", "[1]");
	ck_assert_ptr_null(docs_load(dirfd_, "array.json", &err));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_docs_load_symlink)
{
	struct error err = {0};
	struct docs *docs = docs_new_dir(dirfd_, 1);

	unit_put(dirfd_, "real.json", "{\"schema_version\":1}");
	ck_assert_int_eq(symlinkat("real.json", dirfd_, "link.json"), 0);
	ck_assert_ptr_null(docs_load(dirfd_, "link.json", &err));
	ck_assert_ptr_nonnull(strstr(err.what, "symlink"));
	ck_assert_ptr_null(docs_get(docs, "link.json"));
	ck_assert_ptr_nonnull(strstr(docs_error(docs)->what, "symlink"));
	docs_free(docs);
}
END_TEST

START_TEST(test_docs_load_newer)
{
	struct error err = {0};

	unit_put(dirfd_, "new.json", "{\"schema_version\":2}");
	ck_assert_ptr_null(docs_load(dirfd_, "new.json", &err));
	ck_assert_ptr_nonnull(strstr(err.what, "newer version"));
}
END_TEST

START_TEST(test_docs_corrupt)
{
	struct docs *docs = docs_new_dir(dirfd_, 1);
	json_t *doc;
	const char *aside;
	struct stat sb;

	unit_put(dirfd_, "bad.json", "{\"schema_version\":1,");
	ck_assert_ptr_null(docs_corrupt(docs));
	doc = docs_get(docs, "bad.json");
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(json_object_size(doc), 1);
	aside = docs_corrupt(docs);
	ck_assert_ptr_nonnull(aside);
	ck_assert_int_eq(strncmp(aside, "bad.json.corrupt-", 17), 0);
	ck_assert_int_eq(fstatat(dirfd_, aside, &sb, 0), 0);
	ck_assert_int_eq(fstatat(dirfd_, "bad.json", &sb, 0), -1);
	docs_free(docs);
}
END_TEST

START_TEST(test_docs_reset)
{
	struct docs *docs = docs_new_dir(dirfd_, 1);

	unit_put(dirfd_, "a.json", "{\"schema_version\":1,\"n\":5}");
	ck_assert_int_eq(
	    json_integer_value(json_object_get(docs_get(docs, "a.json"), "n")),
	    5);
	docs_reset(docs);
	ck_assert_ptr_null(json_object_get(docs_get(docs, "a.json"), "n"));
	docs_free(docs);
}
END_TEST

/* A reader's documents: a corrupt one is named, left in place, empty. */
START_TEST(test_docs_corrupt_view)
{
	struct docs *docs = docs_new_dir(dirfd_, 0);
	struct stat sb;

	unit_put(dirfd_, "bad.json", "{\"schema_version\":1,");
	ck_assert_ptr_null(docs_peek(docs, "bad.json"));
	ck_assert_str_eq(docs_corrupt(docs), "bad.json");
	ck_assert_int_eq(fstatat(dirfd_, "bad.json", &sb, 0), 0);
	docs_free(docs);
}
END_TEST

/* Reals are written so that they read back exactly. */
START_TEST(test_docs_replace_exact)
{
	const double v[] = {0.1, 61.2, 1.0 / 3, 1e-300, 123456789.123456789};
	json_t *doc = json_object(), *back;

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		json_array_append_new(
		    json_object_get(doc, "v") != NULL
		        ? json_object_get(doc, "v")
		        : (json_object_set_new(doc, "v", json_array()),
		           json_object_get(doc, "v")),
		    json_real(v[i]));
	ck_assert_int_eq(docs_replace(dirfd_, "r.json", doc, 0, NULL), 0);
	back = docs_load(dirfd_, "r.json", NULL);
	ck_assert_ptr_nonnull(back);
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		ck_assert(json_real_value(json_array_get(
		              json_object_get(back, "v"), i)) == v[i]);
	json_decref(doc);
	json_decref(back);
}
END_TEST

Suite *docs_suite(void)
{
	Suite *s = suite_create("docs");

	UNIT_CASE(s, "docs_get", setup_memory, teardown_memory,
	          test_docs_get_memory, test_docs_get_position,
	          test_docs_advance, test_docs_position_cmp);
	UNIT_CASE(s, "docs_load", setup, teardown, test_docs_write_dir,
	          test_docs_load_missing, test_docs_load_invalid,
	          test_docs_load_symlink, test_docs_load_newer,
	          test_docs_corrupt, test_docs_corrupt_view, test_docs_reset,
	          test_docs_replace_exact);
	return s;
}
