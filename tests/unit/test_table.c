#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "table.h"

static const struct table_column cols[] = {
    {"NAME", "name", 0, 6, 0},
    {"RUNS", "runs", 1, 0, 0},
    {"NOTE", "note", 0, 0, 1},
};

static char *buf;
static size_t len;

static struct table *sample(void)
{
	struct table *t = table_new(cols, 3);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(
	    table_add(t, (const char *[]){"git", "1,200", "ok"}, 0), 0);
	ck_assert_int_eq(
	    table_add(t, (const char *[]){"make-all-things", "3", "a,\"b\""},
	              0),
	    0);
	ck_assert_int_eq(
	    table_add(t, (const char *[]){"total", "1,203", NULL}, TABLE_TOTAL),
	    0);
	ck_assert_uint_eq(table_rows(t), 3);
	return t;
}

static void teardown(void)
{
	free(buf);
	buf = NULL;
}

static const char *print(struct table *t, size_t width, int utf8, int csv)
{
	FILE *out;

	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(
	    csv ? table_csv(t, out) : table_print(t, out, width, utf8), 0);
	fclose(out);
	return buf;
}

/*
 * The sample table printed width columns wide (0: no limit), NAME's soft
 * width soft (0: none).  Too narrow, NOTE goes first, then NAME is cut, not
 * below 6; with a soft width NAME is cut to it first and NOTE stays, and when
 * NOTE goes all the same, NAME gets back the room it left.
 */
static const struct {
	size_t soft, width;
	int utf8;
	const char *want;
} prints[] = {
    {0, 0, 0,
     "  NAME              RUNS  NOTE\n"
     "  git              1,200  ok\n"
     "  make-all-things      3  a,\"b\"\n"
     "  -----------------------------\n"
     "  total            1,203\n"},
    {0, 20, 0,
     "  NAME          RUNS\n"
     "  git          1,200\n"
     "  make-all-t~      3\n"
     "  ------------------\n"
     "  total        1,203\n"},
    {0, 10, 1,
     "  NAME     RUNS\n"
     "  git     1,200\n"
     "  make-…      3\n"
     "  ─────────────\n"
     "  total   1,203\n"},
    {8, 28, 0,
     "  NAME           RUNS  NOTE\n"
     "  git           1,200  ok\n"
     "  make-all-th~      3  a,\"b\"\n"
     "  --------------------------\n"
     "  total         1,203\n"},
    {8, 22, 0,
     "  NAME            RUNS\n"
     "  git            1,200\n"
     "  make-all-thi~      3\n"
     "  --------------------\n"
     "  total          1,203\n"},
    {8, 16, 0,
     "  NAME      RUNS\n"
     "  git      1,200\n"
     "  make-a~      3\n"
     "  --------------\n"
     "  total    1,203\n"},
};

START_TEST(test_table_print)
{
	struct table *t = sample();

	if (prints[_i].soft > 0)
		table_soft(t, prints[_i].soft);
	ck_assert_str_eq(print(t, prints[_i].width, prints[_i].utf8, 0),
	                 prints[_i].want);
	table_free(t);
}
END_TEST

START_TEST(test_table_csv)
{
	struct table *t = sample();

	/* Keys as the header, RFC 4180 quoting, no total row. */
	ck_assert_str_eq(print(t, 0, 0, 1),
	                 "name,runs,note\n"
	                 "git,\"1,200\",ok\n"
	                 "make-all-things,3,\"a,\"\"b\"\"\"\n");
	table_free(t);
}
END_TEST

START_TEST(test_table_wide)
{
	struct table *t = table_new(cols, 3);

	/* Wide characters take two columns: the RUNS column stays aligned. */
	table_add(t, (const char *[]){"日本語", "1", NULL}, 0);
	table_add(t, (const char *[]){"abc", "22", NULL}, 0);
	ck_assert_str_eq(print(t, 0, 1, 0), "  NAME    RUNS  NOTE\n"
	                                    "  日本語     1\n"
	                                    "  abc       22\n");
	/* Cut to the 6 columns NAME keeps: a whole character and the mark. */
	table_add(t, (const char *[]){"プロジェクト", "3", NULL}, 0);
	ck_assert_str_eq(print(t, 12, 1, 0), "  NAME    RUNS\n"
	                                     "  日本語     1\n"
	                                     "  abc       22\n"
	                                     "  プロ…      3\n");
	table_free(t);
}
END_TEST

/* Without a soft width, NOTE goes first. */
START_TEST(test_table_soft)
{
	struct table *t = sample();

	ck_assert_ptr_null(strstr(print(t, 28, 0, 0), "NOTE"));
	table_free(t);
}
END_TEST

START_TEST(test_table_color)
{
	struct table *t = table_new(cols, 3);

	/* A colour wraps the cell's text, never its padding; CSV has none. */
	table_add_color(t, (const char *[]){"git", "7", "ok"},
	                (const char *[]){NULL, "\033[31m", ""}, 0);
	table_add(t, (const char *[]){"make", "12", "x"}, 0);
	ck_assert_str_eq(print(t, 0, 0, 0), "  NAME  RUNS  NOTE\n"
	                                    "  git      \033[31m7\033[0m  ok\n"
	                                    "  make    12  x\n");
	ck_assert_str_eq(print(t, 0, 0, 1), "name,runs,note\n"
	                                    "git,7,ok\n"
	                                    "make,12,x\n");
	table_free(t);
}
END_TEST

START_TEST(test_table_control)
{
	struct table *t = table_new(cols, 3);

	table_add(t, (const char *[]){"a\033[31mb", "1", "x\ny"}, 0);
	ck_assert_ptr_nonnull(strstr(print(t, 0, 0, 0), "a?[31mb"));
	ck_assert_ptr_nonnull(strstr(buf, "x?y"));
	ck_assert_ptr_nonnull(strstr(print(t, 0, 0, 1), "\"x\ny\""));
	table_free(t);
}
END_TEST

Suite *table_suite(void)
{
	Suite *s = suite_create("table");

	UNIT_LOOP_CASE(
	    s, "table", NULL, teardown,
	    {test_table_print, (int)(sizeof(prints) / sizeof(*prints))},
	    {test_table_csv, 1}, {test_table_wide, 1}, {test_table_soft, 1},
	    {test_table_color, 1}, {test_table_control, 1});
	return s;
}
