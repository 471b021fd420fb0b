#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perf-metrics/running.h"
#include "perf-metrics/sample.h"
#include "suite.h"
#include "timeutil.h"

/* A fixture /proc tree (CODEX_ANALYTICS_PROC_ROOT) in a temp directory. */
static char root[UNIT_TMPDIR_MAX];
static int rootfd = -1;

/* /proc/stat: total 10000 ticks, busy 1500 (guest 0). */
#define STAT_TOTAL 10000
#define STAT_BUSY 1500

/* A previous reading ms ago with the given counters. */
static struct sample_reading reading(int64_t ago_ms, uint64_t total,
                                     uint64_t busy)
{
	struct sample_reading r;

	r.time_ms = time_now_ms() - ago_ms;
	r.cpu.total = total;
	r.cpu.busy = busy;
	return r;
}

/*
 * A reading a second before the test, 1000 ticks and 500 of them busy
 * before the fixture's /proc/stat: 50 % busy since.  Set by setup().
 */
static struct sample_reading half_busy;

static void setup(void)
{
	rootfd = unit_tmpdir(root, "test_sample");
	unit_put(rootfd, "stat",
	         "cpu  1000 0 500 8000 500 0 0 0 0 0\n"
	         "cpu0 500 0 250 4000 250 0 0 0 0 0\n"
	         "cpu1 500 0 250 4000 250 0 0 0 0 0\n"
	         "intr 12345 0 0\nctxt 999\nbtime 1700000000\n");
	unit_put(rootfd, "meminfo",
	         "MemTotal:       16384000 kB\n"
	         "MemFree:         1000000 kB\n"
	         "MemAvailable:    4096000 kB\n"
	         "Buffers:          100000 kB\n"
	         "Cached:          2000000 kB\n"
	         "SwapCached:            0 kB\n"
	         "SwapTotal:       2000000 kB\n"
	         "SwapFree:        1500000 kB\n");
	unit_put(rootfd, "loadavg", "0.52 0.48 0.40 1/234 5678\n");
	/* This process, run by an agent called codex (the runner's pid). */
	unit_put_process(rootfd, getpid(), "unit_tests", getppid(), 1, 1, 12345,
	                 "1000");
	unit_put_process(rootfd, getppid(), "codex", 1, 250, 50, 12345,
	                 "204800");
	setenv("CODEX_ANALYTICS_PROC_ROOT", root, 1);
	unsetenv("CODEX_PERF_SAMPLE_MS");
	unsetenv("CODEX_PERF_DISK_PATH");
	unsetenv("CODEX_PERF_ALERT_CPU");
	unsetenv("CODEX_PERF_ALERT_MEM");
	unsetenv("CODEX_PERF_ALERT_DISK");
	half_busy = reading(1000, STAT_TOTAL - 1000, STAT_BUSY - 500);
}

static void teardown(void)
{
	unit_rmdir(root, rootfd);
}

static void options(struct sample_options *o)
{
	memset(o, 0, sizeof(*o));
	o->sample_ms = 0;
	o->disk_path = root;
}

static void event_init(struct event *ev, const char *type, json_t *data)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = (char *)type;
	ev->session_id = (char *)"s1";
	strcpy(ev->timestamp, "2026-11-25T10:00:00.000Z");
	ev->source = "env";
	ev->data = data != NULL ? data : json_object();
}

static json_t *take(const char *type, const struct sample_options *o,
                    const struct sample_reading *prev,
                    struct sample_reading *now)
{
	struct event ev;
	struct error err = {0};
	json_t *s;

	event_init(&ev, type, NULL);
	s = sample_new(&ev, o, prev, &err);
	ck_assert_msg(s != NULL, "sample_new: %s", err.what);
	ck_assert_int_eq(sample_reading_of(s, time_now_ms(), now), 1);
	json_decref(ev.data);
	return s;
}

static double fig(const json_t *s, const char *key)
{
	ck_assert_msg(json_is_number(json_object_get(s, key)), "%s missing",
	              key);
	return json_number_value(json_object_get(s, key));
}

START_TEST(test_sample_cpu_percent)
{
	struct platform_cpu a = {9000, 1000}, b = {10000, 1500};
	struct platform_cpu same = {9000, 1000}, back = {8000, 900};
	struct platform_cpu too_busy = {9100, 1200};

	ck_assert_double_eq_tol(sample_cpu_percent(&a, &b), 50.0, 1e-9);
	ck_assert_double_eq(sample_cpu_percent(&a, &same), -1);
	ck_assert_double_eq(sample_cpu_percent(&a, &back), -1);
	ck_assert_double_eq(sample_cpu_percent(&a, &too_busy), -1);
	ck_assert_double_eq(sample_cpu_percent(&b, &a), -1);
}
END_TEST

START_TEST(test_sample_round)
{
	ck_assert_double_eq_tol(sample_round(66.66666, 1), 66.7, 1e-9);
	ck_assert_double_eq_tol(sample_round(95.25, 1), 95.3, 1e-9);
	ck_assert_double_eq_tol(sample_round(3.90625, 2), 3.91, 1e-9);
	ck_assert_double_eq_tol(sample_round(0.004, 2), 0.0, 1e-9);
	ck_assert_double_eq_tol(sample_round(12, 1), 12.0, 1e-9);
}
END_TEST

START_TEST(test_sample_new_from_state)
{
	struct sample_options o;
	struct sample_reading prev, now;
	json_t *s;

	options(&o);
	s = take("task_start", &o, &half_busy, &now);
	ck_assert_double_eq_tol(fig(s, "cpu_percent"), 50.0, 1e-9);
	ck_assert_uint_eq(now.cpu.total, STAT_TOTAL);
	ck_assert_uint_eq(now.cpu.busy, STAT_BUSY);
	ck_assert_int_le(now.time_ms, time_now_ms());
	json_decref(s);
	/* 200 busy of 300: 66.666... rounded to one decimal. */
	prev = reading(1000, STAT_TOTAL - 300, STAT_BUSY - 200);
	s = take("task_start", &o, &prev, &now);
	ck_assert_double_eq_tol(fig(s, "cpu_percent"), 66.7, 1e-9);
	json_decref(s);
}
END_TEST

START_TEST(test_sample_new_second_reading)
{
	struct sample_options o;
	struct sample_reading stale =
	    reading(61000, STAT_TOTAL - 1000, STAT_BUSY - 500);
	struct sample_reading future =
	    reading(-5000, STAT_TOTAL - 1000, STAT_BUSY - 500);
	struct sample_reading ahead =
	    reading(1000, STAT_TOTAL + 1000, STAT_BUSY + 500);
	struct sample_reading same = reading(1000, STAT_TOTAL, STAT_BUSY);
	struct sample_reading now;
	const struct sample_reading *prevs[] = {NULL, &stale, &future, &ahead,
	                                        &same};
	json_t *s;

	/*
	 * No usable previous reading: a second one, sample_ms (0) later, on a
	 * /proc/stat that does not move, gives 0.0.
	 */
	options(&o);
	for (size_t i = 0; i < sizeof(prevs) / sizeof(prevs[0]); i++) {
		s = take("session_start", &o, prevs[i], &now);
		ck_assert_double_eq(fig(s, "cpu_percent"), 0.0);
		ck_assert_uint_eq(now.cpu.total, STAT_TOTAL);
		json_decref(s);
	}
}
END_TEST

START_TEST(test_sample_new_figures)
{
	static const char *const keys[] = {
	    "event",
	    "session_id",
	    "timestamp",
	    "cpu_percent",
	    "cpu_ticks",
	    "memory_percent",
	    "memory_available_gb",
	    "disk_percent",
	    "disk_free_gb",
	    "disk_path",
	    "swap_percent",
	    "load_avg",
	    "cpu_count",
	    "agent",
	};
	struct sample_options o;
	struct sample_reading now;
	json_t *s, *agent, *load;
	const char *key;
	json_t *v;
	size_t i = 0;
	long tck = sysconf(_SC_CLK_TCK);

	options(&o);
	s = take("task_start", &o, NULL, &now);
	json_object_foreach(s, key, v)
	{
		ck_assert_msg(i < sizeof(keys) / sizeof(keys[0]),
		              "extra key %s", key);
		ck_assert_str_eq(key, keys[i]);
		i++;
	}
	ck_assert_uint_eq(i, sizeof(keys) / sizeof(keys[0]));
	ck_assert_str_eq(json_string_value(json_object_get(s, "event")),
	                 "task_start");
	ck_assert_str_eq(json_string_value(json_object_get(s, "timestamp")),
	                 "2026-11-25T10:00:00.000Z");
	ck_assert_double_eq_tol(fig(s, "memory_percent"), 75.0, 1e-9);
	ck_assert_double_eq_tol(fig(s, "memory_available_gb"), 3.91, 1e-9);
	ck_assert_double_eq_tol(fig(s, "swap_percent"), 25.0, 1e-9);
	ck_assert(fig(s, "disk_percent") >= 0 && fig(s, "disk_percent") <= 100);
	ck_assert(fig(s, "disk_free_gb") >= 0);
	ck_assert_str_eq(json_string_value(json_object_get(s, "disk_path")),
	                 root);
	ck_assert_int_ge(json_integer_value(json_object_get(s, "cpu_count")),
	                 1);
	load = json_object_get(s, "load_avg");
	ck_assert_int_eq(json_array_size(load), 3);
	ck_assert_double_eq_tol(json_number_value(json_array_get(load, 0)),
	                        0.52, 1e-9);
	ck_assert_double_eq_tol(json_number_value(json_array_get(load, 2)),
	                        0.40, 1e-9);
	agent = json_object_get(s, "agent");
	ck_assert_int_eq(json_integer_value(json_object_get(agent, "pid")),
	                 getppid());
	ck_assert_str_eq(json_string_value(json_object_get(agent, "name")),
	                 "codex");
	ck_assert_double_eq_tol(
	    json_number_value(json_object_get(agent, "rss_mb")), 200.0, 1e-9);
	ck_assert_double_eq_tol(
	    json_number_value(json_object_get(agent, "cpu_seconds")),
	    sample_round(300.0 / (double)tck, 2), 1e-9);
	json_decref(s);
}
END_TEST

START_TEST(test_sample_new_event_fields)
{
	struct sample_options o;
	struct error err = {0};
	struct event ev;
	json_t *s;

	options(&o);
	event_init(&ev, "command_start", json_pack("{s:s}", "command", "make"));
	ev.model = (char *)"gpt-5";
	s = sample_new(&ev, &o, NULL, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(json_string_value(json_object_get(s, "model")),
	                 "gpt-5");
	ck_assert_str_eq(json_string_value(json_object_get(s, "command")),
	                 "make");
	ck_assert_ptr_null(json_object_get(s, "duration_ms"));
	json_decref(s);
	json_decref(ev.data);

	event_init(&ev, "session_end", json_pack("{s:i}", "duration", 4321));
	s = sample_new(&ev, &o, NULL, &err);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(json_integer_value(json_object_get(s, "duration_ms")),
	                 4321);
	ck_assert_ptr_null(json_object_get(s, "command"));
	ck_assert_ptr_null(json_object_get(s, "model"));
	json_decref(s);
	json_decref(ev.data);

	/* A disk path that does not exist cannot be sampled. */
	event_init(&ev, "task_start", NULL);
	o.disk_path = "/nonexistent/disk/path";
	ck_assert_ptr_null(sample_new(&ev, &o, NULL, &err));
	ck_assert_msg(strstr(err.what, "/nonexistent/disk/path") != NULL, "%s",
	              err.what);
	json_decref(ev.data);
}
END_TEST

START_TEST(test_sample_alerts)
{
	struct sample_options o;
	struct sample_reading now;
	char line[128];
	json_t *s, *alerts;

	options(&o);
	o.cpu = (struct sample_threshold){1, 50, "50"};
	o.memory = (struct sample_threshold){1, 75, "75.0"};
	o.disk = (struct sample_threshold){1, 100.5, "100.5"};
	s = take("task_start", &o, &half_busy, &now);
	alerts = json_object_get(s, "alerts");
	ck_assert_int_eq(json_array_size(alerts), 2);
	ck_assert_str_eq(json_string_value(json_array_get(alerts, 0)), "cpu");
	ck_assert_str_eq(json_string_value(json_array_get(alerts, 1)),
	                 "memory");
	ck_assert_int_eq(sample_alert_describe(s, &o, 0, line, sizeof(line)),
	                 0);
	ck_assert_str_eq(line, "cpu 50.0% >= 50%");
	ck_assert_int_eq(sample_alert_describe(s, &o, 1, line, sizeof(line)),
	                 0);
	ck_assert_str_eq(line, "memory 75.0% >= 75.0%");
	ck_assert_int_eq(sample_alert_describe(s, &o, 2, line, sizeof(line)),
	                 -1);
	json_decref(s);
	/* Under every threshold: no "alerts" member at all. */
	o.cpu.percent = 50.1;
	o.memory.set = 0;
	s = take("task_start", &o, &half_busy, &now);
	ck_assert_ptr_null(json_object_get(s, "alerts"));
	json_decref(s);
}
END_TEST

START_TEST(test_sample_options_from_env)
{
	struct sample_options o;

	sample_options_from_env(&o);
	ck_assert_int_eq(o.sample_ms, SAMPLE_DEFAULT_MS);
	ck_assert_str_eq(o.disk_path, "/");
	ck_assert(!o.cpu.set && !o.memory.set && !o.disk.set);
	ck_assert_str_eq(o.warning, "");

	setenv("CODEX_PERF_SAMPLE_MS", "0", 1);
	setenv("CODEX_PERF_DISK_PATH", "/home", 1);
	setenv("CODEX_PERF_ALERT_CPU", "90", 1);
	setenv("CODEX_PERF_ALERT_MEM", "85.5", 1);
	setenv("CODEX_PERF_ALERT_DISK", "", 1);
	sample_options_from_env(&o);
	ck_assert_int_eq(o.sample_ms, 0);
	ck_assert_str_eq(o.disk_path, "/home");
	ck_assert(o.cpu.set && o.memory.set && !o.disk.set);
	ck_assert_double_eq(o.cpu.percent, 90);
	ck_assert_str_eq(o.cpu.text, "90");
	ck_assert_str_eq(o.memory.text, "85.5");
	ck_assert_str_eq(o.warning, "");

	setenv("CODEX_PERF_SAMPLE_MS", "5000", 1);
	sample_options_from_env(&o);
	ck_assert_int_eq(o.sample_ms, SAMPLE_DEFAULT_MS);
	ck_assert_ptr_nonnull(strstr(o.warning, "CODEX_PERF_SAMPLE_MS"));
	setenv("CODEX_PERF_SAMPLE_MS", "50", 1);
	setenv("CODEX_PERF_ALERT_CPU", "90%", 1);
	sample_options_from_env(&o);
	ck_assert_int_eq(o.sample_ms, 50);
	ck_assert(!o.cpu.set);
	ck_assert_ptr_nonnull(strstr(o.warning, "CODEX_PERF_ALERT_CPU"));
	/* Every setting ignored is named, not only the last. */
	setenv("CODEX_PERF_SAMPLE_MS", "5000", 1);
	setenv("CODEX_PERF_ALERT_MEM", "y", 1);
	sample_options_from_env(&o);
	ck_assert_ptr_nonnull(strstr(o.warning, "CODEX_PERF_SAMPLE_MS"));
	ck_assert_ptr_nonnull(strstr(o.warning, "CODEX_PERF_ALERT_CPU"));
	ck_assert_ptr_nonnull(strstr(o.warning, "CODEX_PERF_ALERT_MEM"));
	unsetenv("CODEX_PERF_ALERT_MEM");
}
END_TEST

START_TEST(test_sample_reading_of)
{
	struct sample_reading back;
	json_t *s =
	    json_pack("{s:{s:I,s:I}}", "cpu_ticks", "total",
	              (json_int_t)123456789, "busy", (json_int_t)2345678);
	json_t *bad;

	ck_assert_int_eq(sample_reading_of(s, 1764064800123LL, &back), 1);
	ck_assert_int_eq(back.time_ms, 1764064800123LL);
	ck_assert_uint_eq(back.cpu.total, 123456789);
	ck_assert_uint_eq(back.cpu.busy, 2345678);
	ck_assert_int_eq(sample_reading_of(NULL, 1, &back), 0);
	/* busy over total, not numbers, missing, no timestamp: no reading */
	bad =
	    json_pack("{s:s,s:{s:i,s:i}}", "timestamp", "2025-11-25T10:00:00Z",
	              "cpu_ticks", "total", 5, "busy", 6);
	ck_assert_int_eq(sample_reading_of(bad, 1, &back), 0);
	json_decref(bad);
	bad =
	    json_pack("{s:s,s:{s:s,s:i}}", "timestamp", "2025-11-25T10:00:00Z",
	              "cpu_ticks", "total", "5", "busy", 1);
	ck_assert_int_eq(sample_reading_of(bad, 1, &back), 0);
	json_decref(bad);
	bad = json_pack("{s:s}", "timestamp", "2025-11-25T10:00:00Z");
	ck_assert_int_eq(sample_reading_of(bad, 1, &back), 0);
	json_decref(bad);
	json_decref(s);
}
END_TEST

START_TEST(test_sample_wanted)
{
	ck_assert(sample_wanted("session_start"));
	ck_assert(sample_wanted("command_start"));
	ck_assert(sample_wanted("task_start"));
	ck_assert(sample_wanted("session_end"));
	ck_assert(sample_wanted("command_end"));
	ck_assert(!sample_wanted("task_complete"));
	ck_assert(!sample_wanted("SessionStart"));
	ck_assert(!sample_wanted(NULL));
}
END_TEST

START_TEST(test_sample_type)
{
	struct event ev = {0};

	ev.type = "error";
	ev.data =
	    json_pack("{s:s,s:s}", "error", "Exit code 1", "context", "Bash");
	ck_assert_ptr_null(sample_type(&ev));
	/* A failed shell tool (PostToolUseFailure) ends its command. */
	json_object_set_new(ev.data, "command", json_string("make"));
	ck_assert_str_eq(sample_type(&ev), "command_end");
	ev.type = "command_end";
	ck_assert_str_eq(sample_type(&ev), "command_end");
	ev.type = "task_complete";
	ck_assert_ptr_null(sample_type(&ev));
	json_decref(ev.data);
}
END_TEST

START_TEST(test_running_marked)
{
	static const struct {
		const char *env;
		size_t len;
		int marked;
	} rows[] = {
#define ROW(s, m) {s, sizeof(s) - 1, m}
	    ROW("CODEX_THREAD_ID=s1\0CODEX_TOOL_CALL_ID=call_2\0", 1),
	    ROW("CODEX_THREAD_ID=other\0CODEX_TOOL_CALL_ID=call_2\0", 0),
	    ROW("CODEX_TOOL_CALL_ID=call_2\0", 1),
	    /* Every child of an npm-installed codex has it, hooks too. */
	    ROW("CODEX_MANAGED_BY_NPM=1\0", 0),
	    ROW("CLAUDECODE=1\0AI_AGENT=claude-code_2-1-197_agent\0"
	        "CLAUDE_CODE_SESSION_ID=s1\0",
	        1),
	    ROW("CLAUDECODE=1\0", 1),
	    ROW("CLAUDECODE=1\0AI_AGENT=claude-code_2-1-197_harness\0", 0),
	    ROW("CLAUDECODE=1\0CLAUDE_CODE_SESSION_ID=s2\0", 0),
	    ROW("CLAUDECODE=0\0", 0),
	    ROW("PATH=/bin\0", 0),
	    ROW("", 0),
#undef ROW
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ck_assert_msg(running_marked(rows[i].env, rows[i].len, "s1") ==
		                  rows[i].marked,
		              "row %zu", i);
}
END_TEST

Suite *sample_suite(void)
{
	Suite *s = suite_create("sample");

	UNIT_CASE(s, "sample", setup, teardown, test_sample_cpu_percent,
	          test_sample_round, test_sample_new_from_state,
	          test_sample_new_second_reading, test_sample_new_figures,
	          test_sample_new_event_fields, test_sample_alerts,
	          test_sample_options_from_env, test_sample_reading_of,
	          test_sample_wanted, test_sample_type, test_running_marked);
	return s;
}
