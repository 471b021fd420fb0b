/*
 * The store with a toy tool whose apply counts records in toy-summary.json
 * and in the day file named by the record's "day".
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "suite.h"
#include "timeutil.h"

static char dir[UNIT_TMPDIR_MAX];
static int dirfd_;
static char today[TIME_DATE_LEN];
static char logname[64];

static int toy_apply(struct docs *docs, json_t *rec, struct error *err)
{
	char day[64];
	json_t *sum = docs_get(docs, "toy-summary.json");
	json_t *d;

	snprintf(day, sizeof(day), "toy-%s.json",
	         json_string_value(json_object_get(rec, "day")));
	d = docs_get(docs, day);
	if (sum == NULL || d == NULL) {
		*err = *docs_error(docs);
		return -1;
	}
	json_object_set_new(
	    sum, "n",
	    json_integer(json_integer_value(json_object_get(sum, "n")) + 1));
	json_object_set_new(
	    d, "n",
	    json_integer(json_integer_value(json_object_get(d, "n")) + 1));
	return 0;
}

static const struct store_tool toy = {
    .lock_name = ".toy.lock",
    .prefix = "toy",
    .summary_name = "toy-summary.json",
    .apply = toy_apply,
};

static struct store_options opts = {
    .lock_timeout_ms = 300, .fsync = 1, .checkpoint_ms = 60000};

static void setup(void)
{
	dirfd_ = unit_tmpdir(dir, "test_store");
	time_local_date(time_now_ms(), today);
	snprintf(logname, sizeof(logname), "toy-%s.jsonl", today);
}

static void teardown(void)
{
	unit_rmdir(dir, dirfd_);
}

/* One event of type through the whole sequence of a hook. */
static int hook(const char *type, const char *day)
{
	struct error err = {0};
	struct store *st = store_open(dir, &toy, &opts, &err);
	json_t *recs = json_pack("[{s:s}]", "day", day);
	int ret = -1;

	if (st != NULL && store_append(st, recs, &err) == 0 &&
	    (!store_checkpoint_due(st, type) ||
	     store_checkpoint(st, &err) == 0))
		ret = 0;
	json_decref(recs);
	store_close(st);
	return ret;
}

/* One turn boundary (always checkpointed) per day given, each a success. */
static void events(const char *const *days)
{
	for (; *days != NULL; days++)
		ck_assert_msg(hook("task_start", *days) == 0, "event on %s",
		              *days);
}

#define EVENTS(...) events((const char *const[]){__VA_ARGS__, NULL})

/* The count of name as a reader sees it (the log applied in memory). */
static json_int_t view_count(const char *name)
{
	struct error err = {0};
	struct store *st = store_view(dir, &toy, &opts, &err);
	struct docs *docs = st != NULL ? store_docs(st, &err) : NULL;
	json_int_t n;

	ck_assert_ptr_nonnull(docs);
	n = json_integer_value(json_object_get(docs_peek(docs, name), "n"));
	store_close(st);
	return n;
}

static json_int_t count(const char *name)
{
	json_t *doc = docs_load(dirfd_, name, NULL);
	json_int_t n = json_integer_value(json_object_get(doc, "n"));

	json_decref(doc);
	return n;
}

/* The counts in toy-summary.json, toy-d1.json and toy-d2.json. */
static void assert_counts(json_int_t summary, json_int_t d1, json_int_t d2)
{
	ck_assert_int_eq(count("toy-summary.json"), summary);
	ck_assert_int_eq(count("toy-d1.json"), d1);
	ck_assert_int_eq(count("toy-d2.json"), d2);
}

static void append_raw(const char *name, const char *text)
{
	int fd = openat(dirfd_, name, O_WRONLY | O_APPEND | O_CREAT, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static off_t size_of(const char *name)
{
	struct stat sb;

	ck_assert_int_eq(fstatat(dirfd_, name, &sb, 0), 0);
	return sb.st_size;
}

START_TEST(test_store_append)
{
	EVENTS("d1", "d1", "d2");
	assert_counts(3, 2, 1);
	ck_assert_int_eq(size_of(logname), 3 * strlen("{\"day\":\"d1\"}\n"));
}
END_TEST

/* Several lines in one write: each applied once, at its own position. */
START_TEST(test_store_append_several)
{
	struct error err = {0};
	struct store *st = store_open(dir, &toy, &opts, &err);
	json_t *recs = json_pack("[{s:s},{s:s},{s:s}]", "day", "d1", "day",
	                         "d2", "day", "d1");
	json_t *sum;
	struct log_position pos;

	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(store_append(st, recs, &err), 0);
	ck_assert_int_eq(store_checkpoint(st, &err), 0);
	store_close(st);
	json_decref(recs);
	assert_counts(3, 2, 1);
	ck_assert_int_eq(size_of(logname), 3 * strlen("{\"day\":\"d1\"}\n"));
	sum = docs_load(dirfd_, "toy-summary.json", NULL);
	docs_position_get(sum, &pos);
	ck_assert_int_eq(pos.offset, size_of(logname));
	json_decref(sum);
	/* The next event finds nothing to catch up. */
	EVENTS("d2");
	ck_assert_int_eq(count("toy-summary.json"), 4);
}
END_TEST

/* Mid-turn events only append; readers and the next checkpoint see them. */
START_TEST(test_store_mid_turn)
{
	EVENTS("d1");
	ck_assert_int_eq(hook("command_start", "d1"), 0);
	ck_assert_int_eq(hook("tool_use", "d2"), 0);
	ck_assert_int_eq(count("toy-summary.json"), 1);
	ck_assert_int_eq(size_of(logname), 3 * strlen("{\"day\":\"d1\"}\n"));
	ck_assert_int_eq(view_count("toy-summary.json"), 3);
	ck_assert_int_eq(view_count("toy-d2.json"), 1);
	ck_assert_int_eq(count("toy-summary.json"),
	                 1); /* readers write nothing */
	EVENTS("d1");
	ck_assert_int_eq(count("toy-summary.json"), 4);
	ck_assert_int_eq(count("toy-d2.json"), 1);
}
END_TEST

/* The age rule: checkpoint_ms 0 checkpoints every event. */
START_TEST(test_store_checkpoint_age)
{
	struct store_options saved = opts;

	ck_assert_int_eq(hook("command_start", "d1"), 0); /* no summary yet */
	ck_assert_int_eq(count("toy-summary.json"), 1);
	ck_assert_int_eq(hook("command_start", "d1"), 0);
	ck_assert_int_eq(count("toy-summary.json"), 1);
	opts.checkpoint_ms = 0;
	ck_assert_int_eq(hook("command_start", "d1"), 0);
	opts = saved;
	ck_assert_int_eq(count("toy-summary.json"), 3);
}
END_TEST

/* A reader takes no lock and never reads or cuts a torn line. */
START_TEST(test_store_view)
{
	off_t before;
	int fd;

	EVENTS("d1");
	append_raw(logname, "{\"day\":\"d1\"}\n{\"day\":\"d");
	before = size_of(logname);
	fd = openat(dirfd_, ".toy.lock", O_RDWR);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	ck_assert_int_eq(view_count("toy-summary.json"), 2);
	ck_assert_int_eq(view_count("toy-d1.json"), 2);
	close(fd);
	ck_assert_int_eq(size_of(logname), before);
	ck_assert_int_eq(count("toy-summary.json"), 1);
}
END_TEST

/* No data directory yet: an empty view, and nothing created. */
START_TEST(test_store_view_missing)
{
	struct error err = {0};
	char path[128];
	struct store *st;
	struct stat sb;

	snprintf(path, sizeof(path), "%s/none", dir);
	st = store_view(path, &toy, &opts, &err);
	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_null(docs_peek(store_docs(st, &err), "toy-summary.json"));
	store_close(st);
	ck_assert_int_eq(stat(path, &sb), -1);
}
END_TEST

/* The last complete line of today's log, or of yesterday's. */
START_TEST(test_store_last_record)
{
	struct error err = {0};
	char yesterday[TIME_DATE_LEN], name[64];
	int64_t written = 0;
	json_t *rec;

	ck_assert_ptr_null(store_last_record(dir, &toy, &written, &err));
	time_date_add(today, -1, yesterday);
	snprintf(name, sizeof(name), "toy-%s.jsonl", yesterday);
	append_raw(name, "{\"day\":\"y1\"}\n{\"day\":\"y2\"}\n");
	rec = store_last_record(dir, &toy, &written, &err);
	ck_assert_str_eq(json_string_value(json_object_get(rec, "day")), "y2");
	json_decref(rec);
	append_raw(logname, "{\"day\":\"t1\"}\n{\"day\":\"t");
	rec = store_last_record(dir, &toy, &written, &err);
	ck_assert_str_eq(json_string_value(json_object_get(rec, "day")), "t1");
	ck_assert_int_le(written, time_now_ms());
	ck_assert_int_gt(written, time_now_ms() - 60000);
	json_decref(rec);
}
END_TEST

START_TEST(test_store_open_catch_up)
{
	EVENTS("d1");
	/* A writer killed after its append: the line is in the log only. */
	append_raw(logname, "{\"day\":\"d2\"}\n");
	EVENTS("d1");
	assert_counts(3, 2, 1);
}
END_TEST

START_TEST(test_store_open_day_file_ahead)
{
	json_t *doc;
	struct log_position pos;

	EVENTS("d1");
	/* Killed after replacing the day file, before the summary. */
	append_raw(logname, "{\"day\":\"d1\"}\n");
	doc = docs_load(dirfd_, "toy-d1.json", NULL);
	json_object_set_new(doc, "n", json_integer(2));
	strcpy(pos.date, today);
	pos.offset = size_of(logname);
	docs_position_set(doc, &pos);
	ck_assert_int_eq(docs_replace(dirfd_, "toy-d1.json", doc, 0, NULL), 0);
	json_decref(doc);

	EVENTS("d1");
	ck_assert_int_eq(count("toy-summary.json"), 3);
	ck_assert_int_eq(count("toy-d1.json"), 3);
}
END_TEST

START_TEST(test_store_open_torn_line)
{
	EVENTS("d1");
	append_raw(logname, "{\"day\":\"d");
	EVENTS("d1");
	ck_assert_int_eq(count("toy-summary.json"), 2);
	ck_assert_int_eq(size_of(logname), 2 * strlen("{\"day\":\"d1\"}\n"));
}
END_TEST

START_TEST(test_store_open_log_truncated)
{
	int fd;

	EVENTS("d1", "d1");
	/* The log lost its last line: the summary is past its end. */
	fd = openat(dirfd_, logname, O_WRONLY);
	ck_assert_int_eq(ftruncate(fd, strlen("{\"day\":\"d1\"}\n")), 0);
	close(fd);
	EVENTS("d2");
	assert_counts(2, 1, 1);
}
END_TEST

START_TEST(test_store_open_no_summary)
{
	EVENTS("d1", "d2");
	ck_assert_int_eq(unlinkat(dirfd_, "toy-summary.json", 0), 0);
	EVENTS("d2");
	ck_assert_int_eq(count("toy-summary.json"), 3);
	ck_assert_int_eq(count("toy-d2.json"), 2);
}
END_TEST

START_TEST(test_store_open_older_logs)
{
	/* Lines of an earlier day's log that the summary has not seen. */
	append_raw("toy-2000-01-01.jsonl",
	           "{\"day\":\"d0\"}\n{\"day\":\"d0\"}\nnot json\n");
	EVENTS("d1");
	ck_assert_int_eq(count("toy-summary.json"), 3);
	ck_assert_int_eq(count("toy-d0.json"), 2);
}
END_TEST

START_TEST(test_store_open_lock_timeout)
{
	struct error err = {0};
	int fd;

	EVENTS("d1");
	fd = openat(dirfd_, ".toy.lock", O_RDWR);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	ck_assert_ptr_null(store_open(dir, &toy, &opts, &err));
	ck_assert_ptr_nonnull(strstr(err.what, "cannot lock"));
	close(fd);
	EVENTS("d1");
}
END_TEST

START_TEST(test_store_rebuild)
{
	struct error err = {0};

	EVENTS("d1", "d2");
	/* Wrong figures in a document: the rebuild replaces them. */
	{
		json_t *doc = docs_load(dirfd_, "toy-d1.json", NULL);

		json_object_set_new(doc, "n", json_integer(77));
		ck_assert_int_eq(
		    docs_replace(dirfd_, "toy-d1.json", doc, 0, NULL), 0);
		json_decref(doc);
	}
	ck_assert_int_eq(store_rebuild_dir(dir, &toy, &opts, &err), 0);
	ck_assert_int_eq(count("toy-summary.json"), 2);
	ck_assert_int_eq(count("toy-d1.json"), 1);
}
END_TEST

static void assert_data_dir(const char *flag, const char *want)
{
	char *d = store_data_dir(flag, NULL);

	ck_assert_str_eq(d, want);
	free(d);
}

START_TEST(test_store_data_dir)
{
	unsetenv("CODEX_ANALYTICS_DIR");
	unsetenv("CODEX_HOME");
	setenv("HOME", "/h", 1);
	assert_data_dir(NULL, "/h/.codex/analytics");
	setenv("CODEX_HOME", "", 1);
	assert_data_dir(NULL, "/h/.codex/analytics");
	setenv("CODEX_HOME", "/c", 1);
	assert_data_dir(NULL, "/c/analytics");
	setenv("CODEX_ANALYTICS_DIR", "/a", 1);
	assert_data_dir(NULL, "/a");
	assert_data_dir("/opt", "/opt");
}
END_TEST

START_TEST(test_store_mkdir)
{
	char path[128];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	ck_assert_int_eq(store_mkdir(path, NULL), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	ck_assert_int_eq(store_mkdir(path, NULL), 0);
}
END_TEST

Suite *store_suite(void)
{
	Suite *s = suite_create("store");

	UNIT_CASE(s, "store_open", setup, teardown, test_store_append,
	          test_store_append_several, test_store_mid_turn,
	          test_store_checkpoint_age, test_store_view,
	          test_store_view_missing, test_store_last_record,
	          test_store_open_catch_up, test_store_open_day_file_ahead,
	          test_store_open_torn_line, test_store_open_log_truncated,
	          test_store_open_no_summary, test_store_open_older_logs,
	          test_store_open_lock_timeout, test_store_rebuild);
	UNIT_CASE(s, "store_data_dir", setup, teardown, test_store_data_dir,
	          test_store_mkdir);
	return s;
}
