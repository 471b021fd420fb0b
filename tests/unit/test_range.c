#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "range.h"
#include "suite.h"

START_TEST(test_range_parse_date)
{
	struct error err = {0};

	ck_assert_int_eq(range_parse_date("2026-02-28", "--since", &err), 0);
	ck_assert_int_eq(range_parse_date("2026-02-29", "--since", &err), -1);
	ck_assert_str_eq(err.what, "invalid date '2026-02-29' for --since "
	                           "(YYYY-MM-DD)");
	ck_assert_int_eq(range_parse_date("2026-1-01", "--until", &err), -1);
	ck_assert_int_eq(range_parse_date("yesterday", "--until", &err), -1);
	ck_assert_int_eq(range_parse_date("", "--until", &err), -1);
}
END_TEST

START_TEST(test_range_parse_days)
{
	struct error err = {0};
	long n = -1;

	ck_assert_int_eq(range_parse_days("7", "--days", 1, &n, &err), 0);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(range_parse_days("0", "--prune", 0, &n, &err), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(range_parse_days("0", "--days", 1, &n, &err), -1);
	ck_assert_str_eq(err.what,
	                 "invalid number of days '0' for --days (1 to 36500)");
	ck_assert_int_eq(range_parse_days("-3", "--days", 1, &n, &err), -1);
	ck_assert_int_eq(range_parse_days("+3", "--days", 1, &n, &err), -1);
	ck_assert_int_eq(range_parse_days("3d", "--days", 1, &n, &err), -1);
	ck_assert_int_eq(range_parse_days("36501", "--days", 1, &n, &err), -1);
	ck_assert_int_eq(
	    range_parse_days("99999999999999999999", "--days", 1, &n, &err),
	    -1);
}
END_TEST

START_TEST(test_range_resolve)
{
	struct error err = {0};
	struct range r;

	ck_assert_int_eq(range_resolve(NULL, NULL, 7, "2026-03-02", &r, &err),
	                 0);
	ck_assert_str_eq(r.since, "2026-02-24");
	ck_assert_str_eq(r.until, "2026-03-02");
	ck_assert_int_eq(range_limited(&r), 1);
	ck_assert_int_eq(
	    range_resolve(NULL, "2026-01-01", 1, "2026-03-02", &r, &err), 0);
	ck_assert_str_eq(r.since, "2026-01-01");
	ck_assert_str_eq(r.until, "2026-01-01");
	ck_assert_int_eq(
	    range_resolve("2026-01-05", NULL, 0, "2026-03-02", &r, &err), 0);
	ck_assert_str_eq(r.since, "2026-01-05");
	ck_assert_str_eq(r.until, "");
	ck_assert_int_eq(range_resolve(NULL, NULL, 0, "2026-03-02", &r, &err),
	                 0);
	ck_assert_int_eq(range_limited(&r), 0);
	ck_assert_int_eq(range_resolve("2026-01-05", "2026-01-04", 0,
	                               "2026-03-02", &r, &err),
	                 -1);
	ck_assert_int_eq(
	    range_resolve("2026-01-05", NULL, 3, "2026-03-02", &r, &err), -1);
}
END_TEST

START_TEST(test_range_contains)
{
	struct range r = {"2026-01-02", "2026-01-04"};
	struct range open = {"", ""};

	ck_assert_int_eq(range_contains(&r, "2026-01-01"), 0);
	ck_assert_int_eq(range_contains(&r, "2026-01-02"), 1);
	ck_assert_int_eq(range_contains(&r, "2026-01-04"), 1);
	ck_assert_int_eq(range_contains(&r, "2026-01-05"), 0);
	ck_assert_int_eq(range_contains(&open, "1999-01-05"), 1);
	ck_assert_int_eq(range_span("2026-02-27", "2026-03-01"), 3);
	ck_assert_int_eq(range_span("2024-02-27", "2024-03-01"), 4);
	ck_assert_int_eq(range_span("2026-01-01", "2026-01-01"), 1);
	ck_assert_int_eq(range_span("2026-01-02", "2026-01-01"), 0);
	ck_assert_int_eq(range_span("1970-01-01", "2026-01-01"), 20455);
}
END_TEST

START_TEST(test_range_day_of)
{
	char date[TIME_DATE_LEN];

	ck_assert_int_eq(range_day_of("usage", "usage-2026-11-25.json", date),
	                 0);
	ck_assert_str_eq(date, "2026-11-25");
	ck_assert_int_eq(range_day_of("usage", "usage-2026-11-25.jsonl", date),
	                 -1);
	ck_assert_int_eq(range_day_of("usage", "usage-summary.json", date), -1);
	ck_assert_int_eq(range_day_of("usage", "usage-base.json", date), -1);
	ck_assert_int_eq(range_day_of("usage", "metrics-2026-11-25.json", date),
	                 -1);
	ck_assert_int_eq(range_day_of("usage", "usage-2026-11-31.json", date),
	                 -1);
	ck_assert_int_eq(
	    range_day_of("usage", "usage-2026-11-25.json.corrupt-x", date), -1);
}
END_TEST

struct seen {
	char dates[8][TIME_DATE_LEN];
	json_int_t values[8];
	int n;
};

static int collect(const char *date, const json_t *doc, void *ctx,
                   struct error *err)
{
	struct seen *s = ctx;

	(void)err;
	snprintf(s->dates[s->n], TIME_DATE_LEN, "%s", date);
	s->values[s->n++] = json_integer_value(json_object_get(doc, "v"));
	return 0;
}

/* range_each() over the documents of dirfd (-1: a memory view). */
static int each(int dirfd, const struct range *r, struct seen *s,
                struct error *err)
{
	struct docs *docs =
	    dirfd == -1 ? docs_new_memory() : docs_new_dir(dirfd, 0);
	int ret = range_each(docs, "usage", r, collect, s, err);

	docs_free(docs);
	return ret;
}

static json_t *sum_of(int dirfd, const struct range *r,
                      const struct range_sum *sum, struct error *err)
{
	struct docs *docs =
	    dirfd == -1 ? docs_new_memory() : docs_new_dir(dirfd, 0);
	json_t *acc = range_sum_new(docs, "usage", r, sum, err);

	docs_free(docs);
	return acc;
}

START_TEST(test_range_each)
{
	char dir[UNIT_TMPDIR_MAX];
	struct range r = {"2026-01-02", ""};
	struct range all = {"", ""};
	struct seen s = {0};
	struct error err = {0};
	int dirfd;

	dirfd = unit_tmpdir(dir, "test_range");
	unit_put(dirfd, "usage-2026-01-03.json", "{\"v\":3}");
	unit_put(dirfd, "usage-2026-01-01.json", "{\"v\":1}");
	unit_put(dirfd, "usage-2026-01-02.json", "{\"v\":2}");
	unit_put(dirfd, "usage-2026-01-02.jsonl", "{}\n");
	unit_put(dirfd, "usage-summary.json", "{\"v\":9}");
	unit_put(dirfd, "metrics-2026-01-02.json", "{\"v\":8}");
	ck_assert_int_eq(each(dirfd, &r, &s, &err), 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.dates[0], "2026-01-02");
	ck_assert_int_eq(s.values[0], 2);
	ck_assert_str_eq(s.dates[1], "2026-01-03");
	ck_assert_int_eq(s.values[1], 3);
	/* A symlink is refused, never followed. */
	ck_assert_int_eq(
	    symlinkat("usage-2026-01-01.json", dirfd, "usage-2026-01-09.json"),
	    0);
	s.n = 0;
	ck_assert_int_eq(each(dirfd, &all, &s, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.what, "usage-2026-01-09.json"));
	/* No data directory yet: no days. */
	s.n = 0;
	ck_assert_int_eq(each(-1, &all, &s, &err), 0);
	ck_assert_int_eq(s.n, 0);
	/* A day the log has and no day file yet: from the view's memory. */
	{
		struct docs *docs = docs_new_dir(dirfd, 0);

		json_object_set_new(docs_get(docs, "usage-2026-01-05.json"),
		                    "v", json_integer(5));
		s.n = 0;
		ck_assert_int_eq(
		    range_each(docs, "usage", &r, collect, &s, &err),
		    -1); /* the symlink still stands */
		ck_assert_int_eq(unlinkat(dirfd, "usage-2026-01-09.json", 0),
		                 0);
		s.n = 0;
		ck_assert_int_eq(
		    range_each(docs, "usage", &r, collect, &s, &err), 0);
		ck_assert_int_eq(s.n, 3);
		ck_assert_str_eq(s.dates[2], "2026-01-05");
		ck_assert_int_eq(s.values[2], 5);
		docs_free(docs);
	}
	unit_rmdir(dir, dirfd);
}
END_TEST

static json_t *sum_new(void)
{
	return json_pack("{s:i}", "v", 0);
}

static int sum_add(const char *date, const json_t *doc, void *ctx,
                   struct error *err)
{
	(void)date;
	(void)err;
	return range_add(ctx, doc);
}

static int sum_finish(json_t *acc, const struct range *r)
{
	return json_object_set_new(acc, "since", json_string(r->since));
}

START_TEST(test_range_sum_new)
{
	static const struct range_sum sum = {sum_new, sum_add, sum_finish};
	char dir[UNIT_TMPDIR_MAX];
	struct range r = {"2026-01-02", ""};
	struct error err = {0};
	json_t *acc;
	int dirfd;

	dirfd = unit_tmpdir(dir, "test_range");
	unit_put(dirfd, "usage-2026-01-01.json", "{\"v\":1}");
	unit_put(dirfd, "usage-2026-01-02.json", "{\"v\":2}");
	unit_put(dirfd, "usage-2026-01-03.json", "{\"v\":4}");
	acc = sum_of(dirfd, &r, &sum, &err);
	ck_assert_ptr_nonnull(acc);
	ck_assert_int_eq(json_integer_value(json_object_get(acc, "v")), 6);
	ck_assert_str_eq(json_string_value(json_object_get(acc, "since")),
	                 "2026-01-02");
	json_decref(acc);
	/* A day that does not parse is an error naming it, not left out. */
	unit_put(dirfd, "usage-2026-01-03.json", "{\"v\":");
	ck_assert_ptr_null(sum_of(dirfd, &r, &sum, &err));
	ck_assert_ptr_nonnull(strstr(err.what, "usage-2026-01-03.json"));
	/* No data directory yet: the sum of no days. */
	acc = sum_of(-1, &r, &sum, &err);
	ck_assert_ptr_nonnull(acc);
	ck_assert_int_eq(json_integer_value(json_object_get(acc, "v")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(acc, "since")),
	                 "2026-01-02");
	json_decref(acc);
	unit_rmdir(dir, dirfd);
}
END_TEST

START_TEST(test_range_add)
{
	json_t *acc = json_loads("{\"a\":1,\"m\":{\"git\":2},\"h\":[1,2],"
	                         "\"r\":0.5,\"s\":\"x\"}",
	                         0, NULL);
	json_t *add = json_loads("{\"a\":2,\"m\":{\"git\":1,\"ls\":4},"
	                         "\"h\":[1,1,5],\"r\":1,\"s\":\"y\","
	                         "\"t\":{\"input\":3}}",
	                         0, NULL);
	json_t *want = json_loads("{\"a\":3,\"m\":{\"git\":3,\"ls\":4},"
	                          "\"h\":[2,3,5],\"r\":1.5,\"s\":\"x\","
	                          "\"t\":{\"input\":3}}",
	                          0, NULL);

	ck_assert_int_eq(range_add(acc, add), 0);
	ck_assert_msg(json_equal(acc, want), "%s", json_dumps(acc, 0));
	ck_assert(json_is_integer(json_object_get(acc, "a")));
	json_decref(acc);
	json_decref(add);
	json_decref(want);
}
END_TEST

Suite *range_suite(void)
{
	Suite *s = suite_create("range");

	UNIT_CASE(s, "range", NULL, NULL, test_range_parse_date,
	          test_range_parse_days, test_range_resolve,
	          test_range_contains, test_range_day_of, test_range_each,
	          test_range_sum_new, test_range_add);
	return s;
}
