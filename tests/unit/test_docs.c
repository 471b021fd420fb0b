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

static char dir[64];
static int dirfd_;

static void setup(void)
{
	strcpy(dir, "/tmp/test_docs.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	dirfd_ = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dirfd_, 0);
}

static void teardown(void)
{
	char cmd[128];

	close(dirfd_);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	int fd = openat(dirfd_, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

START_TEST(test_docs_get_memory)
{
	struct docs *docs = docs_new_memory();
	json_t *a = docs_get(docs, "a.json");

	ck_assert_ptr_null(docs_peek(docs, "b.json"));
	ck_assert_int_eq(json_integer_value(json_object_get(a, "schema_version")), 1);
	json_object_set_new(a, "n", json_integer(1));
	ck_assert_ptr_eq(docs_get(docs, "a.json"), a);
	ck_assert_ptr_eq(docs_peek(docs, "a.json"), a);
	docs_free(docs);
}
END_TEST

START_TEST(test_docs_get_position)
{
	struct docs *docs = docs_new_memory();
	struct log_position p1 = {"2026-11-24", 100}, p2 = {"2026-11-25", 10};
	struct log_position got;
	json_t *a, *copy;

	docs_set_position(docs, &p1);
	a = docs_get(docs, "a.json");
	json_object_set_new(a, "n", json_integer(1));
	ck_assert_int_eq(docs_write(docs, NULL, NULL), 0);
	docs_position_get(a, &got);
	ck_assert_str_eq(got.date, "2026-11-24");
	ck_assert_int_eq(got.offset, 100);

	/* A record the document holds already: a scratch copy. */
	copy = docs_get(docs, "a.json");
	ck_assert_ptr_ne(copy, a);
	json_object_set_new(copy, "n", json_integer(99));
	ck_assert_int_eq(json_integer_value(json_object_get(a, "n")), 1);

	docs_set_position(docs, &p2);
	ck_assert_ptr_eq(docs_get(docs, "a.json"), a);
	docs_free(docs);
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
	struct docs *docs = docs_new_dir(dirfd_);
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

START_TEST(test_docs_load_optional)
{
	struct error err = {0};
	json_t *doc;

	ck_assert_int_eq(docs_load_optional(-1, "x.json", &doc, &err), 0);
	ck_assert_ptr_null(doc);
	ck_assert_int_eq(docs_load_optional(dirfd_, "none.json", &doc, &err), 0);
	ck_assert_ptr_null(doc);
	put("x.json", "{\"schema_version\":1}");
	ck_assert_int_eq(docs_load_optional(dirfd_, "x.json", &doc, &err), 0);
	ck_assert_ptr_nonnull(doc);
	json_decref(doc);
	put("bad.json", "{");
	ck_assert_int_eq(docs_load_optional(dirfd_, "bad.json", &doc, &err), -1);
}
END_TEST

START_TEST(test_docs_load_symlink)
{
	struct error err = {0};
	struct docs *docs = docs_new_dir(dirfd_);

	put("real.json", "{\"schema_version\":1}");
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

	put("new.json", "{\"schema_version\":2}");
	ck_assert_ptr_null(docs_load(dirfd_, "new.json", &err));
	ck_assert_ptr_nonnull(strstr(err.what, "newer version"));
}
END_TEST

START_TEST(test_docs_corrupt)
{
	struct docs *docs = docs_new_dir(dirfd_);
	json_t *doc;
	const char *aside;
	struct stat sb;

	put("bad.json", "{\"schema_version\":1,");
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
	struct docs *docs = docs_new_dir(dirfd_);

	put("a.json", "{\"schema_version\":1,\"n\":5}");
	ck_assert_int_eq(json_integer_value(json_object_get(docs_get(docs, "a.json"), "n")), 5);
	docs_reset(docs);
	ck_assert_ptr_null(json_object_get(docs_get(docs, "a.json"), "n"));
	docs_free(docs);
}
END_TEST

static const char *const lazy_names[] = {"m", NULL};

/* The text of file name in the data directory, as a new string. */
static char *slurp(const char *name)
{
	char *buf = malloc(65536);
	int fd = openat(dirfd_, name, O_RDONLY);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, 65535);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

static int count_key(const char *key, void *ctx)
{
	(void)key;
	return ++*(int *)ctx == 2 ? 7 : 0;
}

/*
 * A document read from disk with lazy maps: entries are asked for, set and
 * deleted through docs_map_*, the rest is written back as it was.
 */
START_TEST(test_docs_map_lazy)
{
	struct docs *docs = docs_new_dir(dirfd_);
	json_t *doc, *m, *e;
	char *text;
	int n = 0;

	put("a.json", "{\"schema_version\":1,\"m\":{\"x\":{\"r\":1.50},"
		      "\"y\":{\"r\":2},\"z\":3},\"k\":1}");
	docs_set_lazy(docs, lazy_names);
	doc = docs_get(docs, "a.json");
	m = json_object_get(doc, "m");
	/* Only the entries asked for are in the holder. */
	ck_assert_uint_eq(json_object_size(m), 0);
	ck_assert_uint_eq(docs_map_size(docs, m), 3);
	e = docs_map_get(docs, m, "y");
	ck_assert_int_eq(json_integer_value(json_object_get(e, "r")), 2);
	json_object_set_new(e, "r", json_integer(20));
	ck_assert_int_eq(docs_map_set_new(docs, m, "w", json_integer(4)), 0);
	ck_assert_int_eq(docs_map_del(docs, m, "z"), 0);
	ck_assert_int_eq(docs_map_del(docs, m, "z"), -1);
	e = docs_map_peek(docs, m, "x", "r");
	ck_assert(json_real_value(e) == 1.5);
	json_decref(e);
	ck_assert_int_eq(docs_map_each(docs, m, count_key, &n), 7);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(docs_write(docs, "a.json", NULL), 0);
	docs_free(docs);
	text = slurp("a.json");
	ck_assert_str_eq(text, "{\"schema_version\":1,\"m\":{\"x\":{\"r\":1.50},"
			       "\"y\":{\"r\":20},\"w\":4},\"k\":1}");
	free(text);
}
END_TEST

/* In memory, and for plain objects, docs_map_* are json_object_*. */
START_TEST(test_docs_map_plain)
{
	struct docs *docs = docs_new_memory();
	json_t *m = json_object(), *v;
	int n = 0;

	docs_set_lazy(docs, lazy_names);
	json_object_set_new(docs_get(docs, "a.json"), "m", m);
	ck_assert_int_eq(docs_map_set_new(docs, m, "a", json_integer(1)), 0);
	ck_assert_int_eq(docs_map_set_new(docs, m, "b", json_integer(2)), 0);
	ck_assert_ptr_eq(docs_map_get(docs, m, "a"), json_object_get(m, "a"));
	ck_assert_uint_eq(docs_map_size(docs, m), 2);
	v = docs_map_peek(docs, m, "a", "x");
	ck_assert_ptr_null(v);
	ck_assert_int_eq(docs_map_each(docs, m, count_key, &n), 7);
	ck_assert_int_eq(docs_map_del(docs, m, "a"), 0);
	ck_assert_int_eq(docs_map_del(docs, m, "a"), -1);
	ck_assert_uint_eq(docs_map_size(docs, m), 1);
	docs_free(docs);
}
END_TEST

/*
 * A record the document holds already: the copy handed out has every
 * entry (its maps are read whole first), and the file is left alone.
 */
START_TEST(test_docs_map_scratch)
{
	struct docs *docs = docs_new_dir(dirfd_);
	struct log_position held = {"2026-11-25", 10};
	const char *orig = "{\"schema_version\":1,\"m\":{\"x\":1,\"y\":2},"
			   "\"log_position\":{\"date\":\"2026-11-25\","
			   "\"offset\":20}}";
	json_t *doc, *m;
	char *text;

	put("a.json", orig);
	docs_set_lazy(docs, lazy_names);
	docs_set_position(docs, &held);
	doc = docs_get(docs, "a.json");
	m = json_object_get(doc, "m");
	ck_assert_uint_eq(json_object_size(m), 2);
	ck_assert_int_eq(json_integer_value(docs_map_get(docs, m, "y")), 2);
	docs_map_set_new(docs, m, "y", json_integer(3));
	ck_assert_int_eq(docs_write(docs, NULL, NULL), 0);
	docs_free(docs);
	text = slurp("a.json");
	ck_assert_str_eq(text, orig);
	free(text);
}
END_TEST

/* ---- reading unchecked the files docs_write wrote ---- */

#define TRUST_N 40
#define TRUST_S "quote \" back \\ brace } ] bracket [ {"

static int trust_sidecar(void)
{
	int fd = openat(dirfd_, ".lock", O_RDWR | O_CREAT, 0600);

	ck_assert_int_ge(fd, 0);
	return fd;
}

static struct docs *trust_docs(int side)
{
	struct docs *docs = docs_new_dir(dirfd_);

	docs_set_lazy(docs, lazy_names);
	if (side != -1)
		docs_set_sidecar(docs, side);
	return docs;
}

/* Write t.json, its map m long enough to cross in blocks, with escapes. */
static void trust_write(int side)
{
	struct docs *docs = trust_docs(side);
	json_t *doc = docs_get(docs, "t.json"), *m = json_object();
	char key[16];

	ck_assert_int_eq(json_object_set_new(doc, "m", m), 0);
	for (int i = 0; i < TRUST_N; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		json_object_set_new(
			m, key,
			json_pack("{s:i,s:s,s:[f,f,[]],s:{s:s},s:{}}", "n", i,
				  "s", i % 3 ? "plain text of some length here" : TRUST_S,
				  "a", 1.5, 2.25, "o", "k",
				  "padding padding padding padding padding", "e"));
	}
	json_object_set_new(doc, "after", json_string("}]"));
	ck_assert_int_eq(docs_write(docs, NULL, NULL), 0);
	docs_free(docs);
}

/* Read t.json, check it; 1 when it was read unchecked. */
static unsigned trust_read_n(int side, size_t n)
{
	struct docs *docs = trust_docs(side);
	json_t *doc = docs_peek(docs, "t.json"), *m, *e;
	unsigned trusted;

	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_null(docs_corrupt(docs));
	m = json_object_get(doc, "m");
	ck_assert_uint_eq(docs_map_size(docs, m), n);
	e = docs_map_get(docs, m, "k9");
	ck_assert_int_eq(json_integer_value(json_object_get(e, "n")), 9);
	ck_assert_str_eq(json_string_value(json_object_get(e, "s")), TRUST_S);
	e = docs_map_get(docs, m, "k39");
	ck_assert_int_eq(json_integer_value(json_object_get(e, "n")), 39);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "after")), "}]");
	trusted = docs_trusted(docs);
	docs_free(docs);
	return trusted;
}

static unsigned trust_read(int side)
{
	return trust_read_n(side, TRUST_N);
}

/* The text of name, in a new buffer. */
static char *slurp_len(const char *name, size_t *len)
{
	int fd = openat(dirfd_, name, O_RDONLY);
	struct stat sb;
	char *buf;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &sb), 0);
	buf = malloc((size_t)sb.st_size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(read(fd, buf, (size_t)sb.st_size), sb.st_size);
	buf[sb.st_size] = '\0';
	*len = (size_t)sb.st_size;
	close(fd);
	return buf;
}

/* Change entry k5 and write t.json again, reading it with side or not. */
static char *trust_change(int side, size_t *len)
{
	struct docs *docs = trust_docs(side);
	json_t *doc = docs_get(docs, "t.json");
	json_t *m = json_object_get(doc, "m");

	json_object_set_new(docs_map_get(docs, m, "k5"), "n", json_integer(55));
	docs_map_set_new(docs, m, "new", json_string(TRUST_S));
	ck_assert_int_eq(docs_write(docs, NULL, NULL), 0);
	docs_free(docs);
	return slurp_len("t.json", len);
}

/*
 * Make the sidecar give t.json's present identity with the hash it had:
 * what a change in place within the clock tick of the write looks like.
 */
static void trust_same_tick(int side)
{
	char buf[512], out[512], *at;
	struct stat sb;
	ssize_t n = pread(side, buf, sizeof(buf) - 1, 0);
	int len;

	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	at = strstr(buf, "\"t.json\":\"");
	ck_assert_ptr_nonnull(at);
	at = strchr(at + 10, '"');
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(fstatat(dirfd_, "t.json", &sb, 0), 0);
	len = snprintf(out, sizeof(out),
		       "{\"t.json\":\"%ju:%ju:%jd:%jd.%09ld:%jd.%09ld:%.16s\"}",
		       (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino,
		       (intmax_t)sb.st_size, (intmax_t)sb.st_mtim.tv_sec,
		       (long)sb.st_mtim.tv_nsec, (intmax_t)sb.st_ctim.tv_sec,
		       (long)sb.st_ctim.tv_nsec, at - 16);
	ck_assert_int_eq(ftruncate(side, 0), 0);
	ck_assert_int_eq(pwrite(side, out, (size_t)len, 0), len);
}

START_TEST(test_docs_trust_unchanged)
{
	int side = trust_sidecar();
	size_t n1, n2, n0;
	char *before, *a, *b;

	trust_write(side);
	ck_assert_uint_eq(trust_read(side), 1);
	ck_assert_uint_eq(trust_read(side), 1); /* reading changes nothing */
	ck_assert_uint_eq(trust_read(-1), 0);   /* no sidecar: checked */
	trust_same_tick(side); /* the sidecar as it was: still trusted */
	ck_assert_uint_eq(trust_read(side), 1);

	/* Read unchecked or checked, the same document is written. */
	before = slurp_len("t.json", &n0);
	a = trust_change(side, &n1);
	ck_assert_uint_eq(trust_read_n(side, TRUST_N + 1), 1); /* its own */
	put("t.json", before);
	b = trust_change(-1, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(a, b, n1), 0);
	free(before);
	free(a);
	free(b);
	close(side);
}
END_TEST

/*
 * The sidecar is rewritten in place, never truncated, at one size; a write
 * torn after its first bytes (the previous identities' tail) trusts nothing.
 */
static void trust_torn(int side)
{
	char before[64], *text;
	struct stat sb;
	size_t len;

	trust_write(side);
	ck_assert_int_eq(fstat(side, &sb), 0);
	ck_assert_int_eq(sb.st_size, 4095);
	ck_assert_int_eq(pread(side, before, sizeof(before), 0),
			 (ssize_t)sizeof(before));
	text = trust_change(side, &len);
	ck_assert_int_eq(fstat(side, &sb), 0);
	ck_assert_int_eq(sb.st_size, 4095);
	ck_assert_uint_eq(trust_read_n(side, TRUST_N + 1), 1);
	/* The new identity's head, the old one's tail: the other way round. */
	ck_assert_int_eq(pwrite(side, before, 40, 0), 40);
	ck_assert_uint_eq(trust_read_n(side, TRUST_N + 1), 0);
	free(text);

	/* Too long to be read: trusts nothing, and the next write mends it. */
	ck_assert_int_eq(ftruncate(side, 5000), 0);
	ck_assert_uint_eq(trust_read_n(side, TRUST_N + 1), 0);
	trust_write(side);
	ck_assert_int_eq(fstat(side, &sb), 0);
	ck_assert_int_eq(sb.st_size, 4095);
	ck_assert_uint_eq(trust_read(side), 1);
}

START_TEST(test_docs_trust_changed)
{
	int side = trust_sidecar();
	struct timespec times[2] = {{1, 0}, {1, 0}};
	size_t len;
	char *text, *digit;
	int fd;

	/* touch */
	trust_write(side);
	ck_assert_int_eq(utimensat(dirfd_, "t.json", times, 0), 0);
	ck_assert_uint_eq(trust_read(side), 0);

	/* Rewritten in place, same size, at once (the same clock tick). */
	trust_write(side);
	text = slurp_len("t.json", &len);
	digit = strstr(text, "\"n\":3,");
	ck_assert_ptr_nonnull(digit);
	digit[4] = '4'; /* k3 says 4, k4 too: still valid */
	fd = openat(dirfd_, "t.json", O_WRONLY);
	ck_assert_int_eq(pwrite(fd, text, len, 0), (ssize_t)len);
	close(fd);
	trust_same_tick(side);
	ck_assert_uint_eq(trust_read(side), 0);
	free(text);

	/* Replaced by another file with the very same text. */
	trust_write(side);
	text = slurp_len("t.json", &len);
	put("t2.json", text);
	ck_assert_int_eq(renameat(dirfd_, "t2.json", dirfd_, "t.json"), 0);
	ck_assert_uint_eq(trust_read(side), 0);
	free(text);

	/* A torn or foreign sidecar trusts nothing. */
	trust_write(side);
	ck_assert_int_eq(ftruncate(side, 20), 0);
	ck_assert_uint_eq(trust_read(side), 0);
	trust_torn(side);
	trust_write(side);
	ck_assert_int_eq(pwrite(side, "{\"t.json\":\"1:2:3\"}", 18, 0), 18);
	ck_assert_int_eq(ftruncate(side, 18), 0);
	ck_assert_uint_eq(trust_read(side), 0);
	close(side);
}
END_TEST

/* Written behind the tool's back, same size, at once: still found corrupt. */
START_TEST(test_docs_trust_corrupt)
{
	int side = trust_sidecar();
	struct docs *docs;
	size_t len;
	char *text, *digit;
	const char *aside;
	json_t *doc;
	struct stat sb;
	int fd;

	trust_write(side);
	text = slurp_len("t.json", &len);
	digit = strstr(text, "\"n\":3,");
	ck_assert_ptr_nonnull(digit);
	digit[4] = 'x'; /* bounds intact, not JSON */
	fd = openat(dirfd_, "t.json", O_WRONLY);
	ck_assert_int_eq(pwrite(fd, text, len, 0), (ssize_t)len);
	close(fd);
	free(text);
	trust_same_tick(side);

	docs = trust_docs(side);
	doc = docs_get(docs, "t.json");
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(json_object_size(doc), 1); /* afresh */
	ck_assert_uint_eq(docs_trusted(docs), 0);
	aside = docs_corrupt(docs);
	ck_assert_ptr_nonnull(aside);
	ck_assert_int_eq(strncmp(aside, "t.json.corrupt-", 15), 0);
	ck_assert_int_eq(fstatat(dirfd_, aside, &sb, 0), 0);
	docs_free(docs);
	close(side);
}
END_TEST

Suite *docs_suite(void)
{
	Suite *s = suite_create("docs");
	TCase *mem = tcase_create("docs_get");
	TCase *dir_case = tcase_create("docs_load");
	TCase *map = tcase_create("docs_map");

	tcase_add_test(mem, test_docs_get_memory);
	tcase_add_test(mem, test_docs_get_position);
	tcase_add_test(mem, test_docs_position_cmp);
	suite_add_tcase(s, mem);
	tcase_add_checked_fixture(dir_case, setup, teardown);
	tcase_add_test(dir_case, test_docs_write_dir);
	tcase_add_test(dir_case, test_docs_load_missing);
	tcase_add_test(dir_case, test_docs_load_optional);
	tcase_add_test(dir_case, test_docs_load_symlink);
	tcase_add_test(dir_case, test_docs_load_newer);
	tcase_add_test(dir_case, test_docs_corrupt);
	tcase_add_test(dir_case, test_docs_reset);
	suite_add_tcase(s, dir_case);
	tcase_add_checked_fixture(map, setup, teardown);
	tcase_add_test(map, test_docs_map_lazy);
	tcase_add_test(map, test_docs_map_plain);
	tcase_add_test(map, test_docs_map_scratch);
	tcase_add_test(map, test_docs_trust_unchanged);
	tcase_add_test(map, test_docs_trust_changed);
	tcase_add_test(map, test_docs_trust_corrupt);
	suite_add_tcase(s, map);
	return s;
}
