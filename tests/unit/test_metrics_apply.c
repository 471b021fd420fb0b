#include <check.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "docs.h"
#include "perf-metrics/apply.h"
#include "suite.h"
#include "tally.h"

static struct docs *docs;

static void setup(void)
{
	docs = unit_docs_new("UTC");
}

static void teardown(void)
{
	docs_free(docs);
}

/* A sample as sample_new() makes it, with the figures that matter here. */
static json_t *sample(const char *event, const char *id, const char *ts,
                      double cpu, double mem)
{
	return json_pack(
	    "{s:s,s:s,s:s,s:f,s:f,s:f,s:f,s:f,s:s,s:f,s:[f,f,f],s:i}", "event",
	    event, "session_id", id, "timestamp", ts, "cpu_percent", cpu,
	    "memory_percent", mem, "memory_available_gb", 3.5, "disk_percent",
	    61.2, "disk_free_gb", 100.25, "disk_path", "/", "swap_percent", 0.0,
	    "load_avg", 0.5, 0.4, 0.3, "cpu_count", 8);
}

static void apply(json_t *s)
{
	struct error err = {0};

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(metrics_apply(docs, s, &err), 0);
	json_decref(s);
}

static void apply_with(json_t *s, const char *key, json_t *value)
{
	ck_assert_int_eq(json_object_set_new(s, key, value), 0);
	apply(s);
}

/* The value at a path of keys, like jq's .a.b.c. */
static json_t *at(json_t *doc, ...)
{
	va_list ap;
	const char *key;

	va_start(ap, doc);
	while (doc != NULL && (key = va_arg(ap, const char *)) != NULL)
		doc = json_object_get(doc, key);
	va_end(ap);
	return doc;
}

#define NUM(...) json_number_value(at(__VA_ARGS__, NULL))
#define INT(...) json_integer_value(at(__VA_ARGS__, NULL))
#define STR(...) json_string_value(at(__VA_ARGS__, NULL))

static json_t *summary(void)
{
	json_t *s = docs_peek(docs, METRICS_SUMMARY);

	ck_assert_ptr_nonnull(s);
	return s;
}

static json_t *day(const char *date)
{
	char name[40];
	json_t *d;

	metrics_day_name(date, name, sizeof(name));
	d = docs_peek(docs, name);
	ck_assert_ptr_nonnull(d);
	return d;
}

/* One session across midnight: start, a command, a task, the end. */
static void midnight_session(json_t *end_duration)
{
	apply(
	    sample("session_start", "s1", "2026-11-24T23:50:00.000Z", 10, 40));
	apply_with(
	    sample("command_start", "s1", "2026-11-25T00:05:00.000Z", 50, 42),
	    "command", json_string("make"));
	apply(sample("task_start", "s1", "2026-11-25T00:10:00.000Z", 30, 44));
	if (end_duration != NULL)
		apply_with(sample("session_end", "s1",
		                  "2026-11-25T00:20:00.000Z", 20, 46),
		           "duration_ms", end_duration);
	else
		apply(sample("session_end", "s1", "2026-11-25T00:20:00.000Z",
		             20, 46));
}

START_TEST(test_metrics_apply_midnight)
{
	json_t *s, *entry;

	midnight_session(NULL);
	entry = at(day("2026-11-24"), "sessions", "s1", NULL);
	ck_assert_ptr_nonnull(entry);
	ck_assert_str_eq(STR(entry, "start_time"), "2026-11-24T23:50:00.000Z");
	ck_assert_str_eq(STR(entry, "end_time"), "2026-11-25T00:20:00.000Z");
	ck_assert_str_eq(STR(entry, "model"), "unknown");
	ck_assert_int_eq(INT(entry, "duration_ms"), 1800000);
	ck_assert_int_eq(INT(entry, "command_count"), 1);
	ck_assert_int_eq(INT(entry, "task_count"), 1);
	ck_assert_double_eq_tol(NUM(entry, "start_metrics", "cpu_percent"), 10,
	                        1e-9);
	ck_assert_double_eq_tol(NUM(entry, "end_metrics", "memory_percent"), 46,
	                        1e-9);
	ck_assert_double_eq_tol(NUM(entry, "end_metrics", "disk_free_gb"),
	                        100.25, 1e-9);
	/* The session belongs to the day it started, not to the day it ended.
	 */
	ck_assert_ptr_null(at(day("2026-11-25"), "sessions", "s1", NULL));
	ck_assert_int_eq(
	    json_object_size(at(day("2026-11-25"), "sessions", NULL)), 0);
	/* Each day's summary counts the samples taken on it. */
	ck_assert_int_eq(
	    INT(day("2026-11-24"), "performance_summary", "total_measurements"),
	    1);
	ck_assert_int_eq(
	    INT(day("2026-11-25"), "performance_summary", "total_measurements"),
	    3);
	ck_assert_double_eq_tol(
	    NUM(day("2026-11-25"), "performance_summary", "avg_cpu_usage"),
	    100.0 / 3, 1e-9);
	ck_assert_int_eq(
	    json_array_size(at(day("2026-11-25"), "cpu_trend", NULL)), 3);
	ck_assert_str_eq(STR(day("2026-11-24"), "date"), "2026-11-24");
	/* The summary's entry and the day's are the same. */
	s = summary();
	ck_assert(json_equal(at(s, "sessions", "s1", NULL), entry));
	ck_assert_str_eq(STR(s, "latest", "event"), "session_end");
}
END_TEST

START_TEST(test_metrics_apply_averages)
{
	json_t *e, *s;

	midnight_session(NULL);
	e = at(summary(), "sessions", "s1", NULL);
	/* All four samples count, the start's and the end's included. */
	ck_assert_int_eq(INT(e, "measurements"), 4);
	ck_assert_int_eq(INT(e, "performance_summary", "measurements"), 4);
	ck_assert_double_eq_tol(NUM(e, "performance_summary", "avg_cpu"), 27.5,
	                        1e-9);
	ck_assert_double_eq_tol(NUM(e, "performance_summary", "avg_memory"), 43,
	                        1e-9);
	ck_assert_double_eq_tol(NUM(e, "peak_cpu"), 50, 1e-9);
	ck_assert_double_eq_tol(NUM(e, "peak_memory"), 46, 1e-9);
	ck_assert_double_eq_tol(NUM(e, "performance_summary", "peak_memory"),
	                        46, 1e-9);
	ck_assert_double_eq_tol(NUM(e, "performance_summary", "cpu_sum"), 110,
	                        1e-9);
	s = summary();
	ck_assert_int_eq(INT(s, "performance_summary", "total_measurements"),
	                 4);
	ck_assert_double_eq_tol(NUM(s, "performance_summary", "avg_cpu_usage"),
	                        27.5, 1e-9);
	ck_assert_double_eq_tol(NUM(s, "performance_summary", "peak_cpu_usage"),
	                        50, 1e-9);
	ck_assert_double_eq_tol(
	    NUM(s, "performance_summary", "avg_memory_usage"), 43, 1e-9);
	ck_assert_double_eq_tol(
	    NUM(s, "performance_summary", "peak_memory_usage"), 46, 1e-9);
	/* A start without its end: a run, its cost not known. */
	ck_assert_int_eq(INT(s, "commands", "make", "count"), 1);
	ck_assert_int_eq(INT(s, "commands", "make", "measured"), 0);
	ck_assert_ptr_null(at(s, "commands", "make", "avg_cpu", NULL));
	ck_assert_ptr_null(at(e, "open_commands", NULL));
}
END_TEST

START_TEST(test_metrics_apply_peak_low)
{
	json_t *e;

	/* Peaks start at the first sample, even when every figure is 0. */
	apply(sample("session_start", "z", "2026-11-24T10:00:00Z", 0, 0));
	apply(sample("session_end", "z", "2026-11-24T10:00:01Z", 0, 0));
	e = at(summary(), "sessions", "z", NULL);
	ck_assert_double_eq(NUM(e, "peak_cpu"), 0);
	ck_assert_int_eq(INT(e, "duration_ms"), 1000);
}
END_TEST

START_TEST(test_metrics_apply_duration)
{
	midnight_session(json_integer(1234));
	ck_assert_int_eq(INT(summary(), "sessions", "s1", "duration_ms"), 1234);
	ck_assert_int_eq(
	    INT(day("2026-11-24"), "sessions", "s1", "duration_ms"), 1234);
}
END_TEST

START_TEST(test_metrics_apply_not_open)
{
	json_t *s;

	apply_with(
	    sample("command_start", "ghost", "2026-11-24T10:00:00Z", 80, 50),
	    "command", json_string("git"));
	apply(sample("session_end", "ghost", "2026-11-24T10:01:00Z", 20, 50));
	s = summary();
	ck_assert_int_eq(json_object_size(at(s, "sessions", NULL)), 0);
	ck_assert_int_eq(
	    json_object_size(at(day("2026-11-24"), "sessions", NULL)), 0);
	ck_assert_int_eq(INT(s, "performance_summary", "total_measurements"),
	                 2);
	ck_assert_int_eq(INT(s, "commands", "git", "count"), 1);
	/* After its end a session takes no more samples; a new start reopens.
	 */
	apply(sample("session_start", "a", "2026-11-24T11:00:00Z", 1, 1));
	apply(sample("session_end", "a", "2026-11-24T11:10:00Z", 1, 1));
	apply(sample("task_start", "a", "2026-11-24T11:20:00Z", 1, 1));
	ck_assert_int_eq(INT(summary(), "sessions", "a", "task_count"), 0);
	ck_assert_int_eq(INT(summary(), "sessions", "a", "measurements"), 2);
	apply(sample("session_start", "a", "2026-11-24T12:00:00Z", 1, 1));
	ck_assert_ptr_null(at(summary(), "sessions", "a", "end_time", NULL));
	ck_assert_int_eq(INT(summary(), "sessions", "a", "measurements"), 1);
}
END_TEST

START_TEST(test_metrics_apply_repeated_start)
{
	apply(sample("session_start", "r", "2026-11-24T10:00:00Z", 10, 10));
	apply_with(sample("session_start", "r", "2026-11-24T10:05:00Z", 30, 10),
	           "model", json_string("gpt-5"));
	ck_assert_str_eq(STR(summary(), "sessions", "r", "start_time"),
	                 "2026-11-24T10:00:00Z");
	ck_assert_int_eq(INT(summary(), "sessions", "r", "measurements"), 2);
	/* A session opened without a model takes the first one named. */
	ck_assert_str_eq(STR(summary(), "sessions", "r", "model"), "gpt-5");
}
END_TEST

START_TEST(test_metrics_apply_open_24h)
{
	apply(sample("session_start", "old", "2026-11-20T10:00:00Z", 10, 10));
	/* Over 24 h later the session is no longer open. */
	apply(sample("task_start", "old", "2026-11-21T10:00:01Z", 10, 10));
	ck_assert_int_eq(INT(summary(), "sessions", "old", "task_count"), 0);
	apply(sample("task_start", "old", "2026-11-20T11:00:00Z", 10, 10));
	ck_assert_int_eq(INT(summary(), "sessions", "old", "task_count"), 1);
}
END_TEST

START_TEST(test_metrics_apply_commands_cap)
{
	char name[32];
	json_t *cmds;

	for (int i = 0; i < TALLY_MAX_NAMES + 5; i++) {
		snprintf(name, sizeof(name), "cmd%04d", i);
		apply_with(sample("command_start", "s", "2026-11-24T10:00:00Z",
		                  i % 100, 1),
		           "command", json_string(name));
	}
	apply_with(sample("command_start", "s", "2026-11-24T10:00:00Z", 99, 1),
	           "command", json_string("cmd0000"));
	cmds = at(summary(), "commands", NULL);
	ck_assert_int_eq(json_object_size(cmds), TALLY_MAX_NAMES + 1);
	ck_assert_int_eq(INT(cmds, "(other)", "count"), 5);
	ck_assert_ptr_null(at(cmds, "cmd1000", NULL));
	/* Names already held still count under their own name. */
	ck_assert_int_eq(INT(cmds, "cmd0000", "count"), 2);
}
END_TEST

START_TEST(test_metrics_apply_sessions_cap)
{
	char id[32], ts[40];
	json_t *sessions;

	/* An open session, then 150 newer sessions that start and end. */
	apply(sample("session_start", "long", "2026-11-24T00:00:00Z", 1, 1));
	for (int i = 0; i < 150; i++) {
		snprintf(id, sizeof(id), "s%03d", i);
		snprintf(ts, sizeof(ts), "2026-11-24T%02d:%02d:00Z", 1 + i / 60,
		         i % 60);
		apply(sample("session_start", id, ts, 1, 1));
		apply(sample("session_end", id, ts, 1, 1));
	}
	sessions = at(summary(), "sessions", NULL);
	/* The 100 newest, and the open one, started less than 24 h ago. */
	ck_assert_int_eq(json_object_size(sessions), METRICS_MAX_SESSIONS + 1);
	ck_assert_ptr_nonnull(at(sessions, "long", NULL));
	ck_assert_ptr_nonnull(at(sessions, "s149", NULL));
	ck_assert_ptr_nonnull(at(sessions, "s050", NULL));
	ck_assert_ptr_null(at(sessions, "s049", NULL));
	/* The day file keeps them all. */
	ck_assert_int_eq(
	    json_object_size(at(day("2026-11-24"), "sessions", NULL)), 151);
	/* A day later the open one is no longer kept. */
	apply(sample("session_start", "next", "2026-11-25T01:00:00Z", 1, 1));
	sessions = at(summary(), "sessions", NULL);
	ck_assert_int_eq(json_object_size(sessions), METRICS_MAX_SESSIONS);
	ck_assert_ptr_null(at(sessions, "long", NULL));
	ck_assert_ptr_nonnull(at(sessions, "next", NULL));
}
END_TEST

START_TEST(test_metrics_apply_alerts)
{
	json_t *ps;

	apply_with(sample("task_start", "a", "2026-11-24T10:00:00Z", 95, 50),
	           "alerts", json_pack("[s,s]", "cpu", "disk"));
	apply_with(sample("task_start", "a", "2026-11-24T10:00:01Z", 95, 50),
	           "alerts", json_pack("[s]", "cpu"));
	apply(sample("task_start", "a", "2026-11-24T10:00:02Z", 5, 50));
	ps = at(summary(), "performance_summary", "alerts", NULL);
	ck_assert_int_eq(INT(ps, "cpu"), 2);
	ck_assert_int_eq(INT(ps, "memory"), 0);
	ck_assert_int_eq(INT(ps, "disk"), 1);
	ps = at(day("2026-11-24"), "performance_summary", "alerts", NULL);
	ck_assert_int_eq(INT(ps, "cpu"), 2);
	ck_assert_int_eq(INT(ps, "disk"), 1);
}
END_TEST

START_TEST(test_metrics_apply_trend)
{
	json_t *trend;
	char ts[40];

	for (int i = 0; i < METRICS_TREND + 10; i++) {
		snprintf(ts, sizeof(ts), "2026-11-24T10:%02d:00Z", i);
		apply(sample("task_start", "a", ts, i, 1));
	}
	trend = at(day("2026-11-24"), "cpu_trend", NULL);
	ck_assert_int_eq(json_array_size(trend), METRICS_TREND);
	ck_assert_double_eq(json_number_value(json_array_get(trend, 0)), 10);
	ck_assert_double_eq(
	    json_number_value(json_array_get(trend, METRICS_TREND - 1)),
	    METRICS_TREND + 9);
}
END_TEST

START_TEST(test_metrics_apply_positions)
{
	struct log_position pos = {"2026-11-25", 0};
	json_t *recs[3], *before;
	struct error err = {0};
	int i;

	/* As the store applies records: each one at its log position. */
	recs[0] =
	    sample("session_start", "p", "2026-11-24T23:59:00.000Z", 10, 10);
	recs[1] = sample("task_start", "p", "2026-11-25T00:01:00.000Z", 20, 10);
	recs[2] =
	    sample("session_end", "p", "2026-11-25T00:02:00.000Z", 30, 10);
	for (i = 0; i < 3; i++) {
		pos.offset = 100 * (i + 1);
		docs_set_position(docs, &pos);
		ck_assert_int_eq(metrics_apply(docs, recs[i], &err), 0);
	}
	ck_assert_int_eq(
	    INT(day("2026-11-24"), "sessions", "p", "measurements"), 3);
	ck_assert_int_eq(INT(day("2026-11-24"), "sessions", "p", "task_count"),
	                 1);
	ck_assert_int_eq(INT(summary(), "sessions", "p", "duration_ms"),
	                 180000);
	/* A record the documents already hold changes nothing again. */
	before = json_deep_copy(summary());
	pos.offset = 200;
	docs_set_position(docs, &pos);
	ck_assert_int_eq(metrics_apply(docs, recs[1], &err), 0);
	docs_set_position(docs, NULL);
	ck_assert(json_equal(before, summary()));
	ck_assert_int_eq(INT(day("2026-11-24"), "sessions", "p", "task_count"),
	                 1);
	json_decref(before);
	for (i = 0; i < 3; i++)
		json_decref(recs[i]);
}
END_TEST

START_TEST(test_metrics_apply_invalid)
{
	struct error err = {0};
	json_t *bad = json_pack("{s:s}", "event", "task_start");

	ck_assert_int_eq(metrics_apply(docs, bad, &err), 0);
	json_object_set_new(bad, "session_id", json_string("x"));
	json_object_set_new(bad, "timestamp", json_string("yesterday"));
	ck_assert_int_eq(metrics_apply(docs, bad, &err), 0);
	json_decref(bad);
	bad = json_integer(1);
	ck_assert_int_eq(metrics_apply(docs, bad, &err), 0);
	ck_assert_ptr_null(docs_peek(docs, METRICS_SUMMARY));
	json_decref(bad);
}
END_TEST

/* A command sample as sample_new() makes it, with the agent's figures. */
static json_t *cmd(const char *event, const char *id, const char *ts,
                   const char *name, const char *tool_use_id, long pid,
                   double children, long total, long busy)
{
	json_t *s = sample(event, id, ts, 10, 40);

	if (name != NULL)
		json_object_set_new(s, "command", json_string(name));
	if (tool_use_id != NULL)
		json_object_set_new(s, "tool_use_id", json_string(tool_use_id));
	json_object_set_new(
	    s, "cpu_ticks",
	    json_pack("{s:i,s:i}", "total", (int)total, "busy", (int)busy));
	json_object_set_new(s, "agent",
	                    json_pack("{s:i,s:s,s:f,s:f,s:f}", "pid", (int)pid,
	                              "name", "codex", "rss_mb", 100.0,
	                              "cpu_seconds", 1.0,
	                              "children_cpu_seconds", children));
	return s;
}

/* A command sample of session "s", agent pid 42, at 10:00:sec, applied. */
static void command(const char *event, int sec, const char *name,
                    const char *tool_use_id, double children, long total,
                    long busy)
{
	char ts[32];

	snprintf(ts, sizeof(ts), "2026-11-24T10:00:%02dZ", sec);
	apply(
	    cmd(event, "s", ts, name, tool_use_id, 42, children, total, busy));
}

static void open_session(const char *id)
{
	apply(cmd("session_start", id, "2026-11-24T10:00:00Z", NULL, NULL, 42,
	          1.0, 1000, 100));
}

START_TEST(test_metrics_apply_command_by_id)
{
	json_t *s, *c;

	open_session("s");
	/* Two at once, ending in the other order. */
	command("command_start", 1, "make", "t1", 1.0, 1000, 100);
	command("command_start", 2, "cargo", "t2", 1.5, 1100, 150);
	command("command_end", 5, "cargo", "t2", 2.25, 1300, 250);
	command("command_end", 11, "make", "t1", 2.5, 2000, 600);
	s = summary();
	c = at(s, "commands", "cargo", NULL);
	ck_assert_int_eq(INT(c, "count"), 1);
	ck_assert_int_eq(INT(c, "measured"), 1);
	ck_assert_int_eq(INT(c, "wall_ms"), 3000);
	ck_assert_double_eq_tol(NUM(c, "cpu_seconds"), 0.75, 1e-9);
	ck_assert_double_eq_tol(NUM(c, "system_cpu_percent_sum"), 50, 1e-9);
	c = at(s, "commands", "make", NULL);
	ck_assert_int_eq(INT(c, "wall_ms"), 10000);
	ck_assert_int_eq(INT(c, "max_wall_ms"), 10000);
	ck_assert_double_eq_tol(NUM(c, "cpu_seconds"), 1.5, 1e-9);
	ck_assert_double_eq_tol(NUM(c, "max_cpu_seconds"), 1.5, 1e-9);
	ck_assert_double_eq_tol(NUM(c, "system_cpu_percent_sum"), 50, 1e-9);
	ck_assert_double_eq_tol(NUM(s, "sessions", "s", "command_cpu_seconds"),
	                        2.25, 1e-9);
	ck_assert_int_eq(
	    json_array_size(at(s, "sessions", "s", "open_commands", NULL)), 0);
}
END_TEST

START_TEST(test_metrics_apply_command_last_open)
{
	json_t *c;

	open_session("s");
	/* No ids (the environment protocol): the last command open. */
	command("command_start", 1, "ls", NULL, 1.0, 1000, 100);
	command("command_start", 2, "git", NULL, 1.0, 1000, 100);
	command("command_end", 3, NULL, NULL, 1.1, 1000, 100);
	c = at(summary(), "commands", NULL);
	ck_assert_int_eq(INT(c, "git", "measured"), 1);
	ck_assert_int_eq(INT(c, "git", "wall_ms"), 1000);
	ck_assert_int_eq(INT(c, "ls", "measured"), 0);
	/* An end whose id no start had takes only a start without an id. */
	command("command_start", 4, "npm", "t5", 1.0, 1000, 100);
	command("command_end", 9, "ls", "t9", 1.0, 1000, 100);
	c = at(summary(), "commands", NULL);
	ck_assert_int_eq(INT(c, "ls", "measured"), 1);
	ck_assert_int_eq(INT(c, "ls", "wall_ms"), 8000);
	ck_assert_int_eq(INT(c, "npm", "measured"), 0);
}
END_TEST

START_TEST(test_metrics_apply_command_bad_input)
{
	json_t *s, *c;

	open_session("s");
	/* An end without its start: nothing counted, nothing negative. */
	command("command_end", 1, "rm", "t0", 9.0, 1000, 100);
	s = summary();
	ck_assert_ptr_null(at(s, "commands", "rm", NULL));
	/* An id used again: the newer start stands, the end matches once. */
	command("command_start", 2, "make", "t1", 1.0, 1000, 100);
	command("command_start", 4, "make", "t1", 2.0, 1000, 100);
	command("command_end", 5, "make", "t1", 2.5, 1000, 100);
	command("command_end", 6, "make", "t1", 3.0, 1000, 100);
	c = at(summary(), "commands", "make", NULL);
	ck_assert_int_eq(INT(c, "count"), 2);
	ck_assert_int_eq(INT(c, "measured"), 1);
	ck_assert_int_eq(INT(c, "wall_ms"), 1000);
	ck_assert_double_eq_tol(NUM(c, "cpu_seconds"), 0.5, 1e-9);
	/* Counters backwards (agent restarted), another pid, the clock back:
	 * each figure counts 0. */
	command("command_start", 10, "cc", "a", 5.0, 5000, 500);
	command("command_end", 9, "cc", "a", 0.5, 10, 1);
	command("command_start", 10, "cc", "b", 1.0, 5000, 500);
	apply(cmd("command_end", "s", "2026-11-24T10:00:12Z", "cc", "b", 43,
	          9.0, 5000, 500));
	c = at(summary(), "commands", "cc", NULL);
	ck_assert_int_eq(INT(c, "measured"), 2);
	ck_assert_int_eq(INT(c, "wall_ms"), 2000);
	ck_assert_double_eq_tol(NUM(c, "cpu_seconds"), 0, 1e-9);
	ck_assert_double_eq_tol(NUM(c, "system_cpu_percent_sum"), 0, 1e-9);
	ck_assert_double_eq_tol(
	    NUM(summary(), "sessions", "s", "command_cpu_seconds"), 0.5, 1e-9);
}
END_TEST

START_TEST(test_metrics_apply_command_caps)
{
	char id[16];
	json_t *s;

	/* A session never opened: its commands count, their cost unknown. */
	apply(cmd("command_start", "ghost", "2026-11-24T10:00:01Z", "make",
	          "t1", 42, 1.0, 1000, 100));
	apply(cmd("command_end", "ghost", "2026-11-24T10:00:02Z", "make", "t1",
	          42, 2.0, 1000, 100));
	s = summary();
	ck_assert_int_eq(INT(s, "commands", "make", "count"), 1);
	ck_assert_int_eq(INT(s, "commands", "make", "measured"), 0);
	/* At most METRICS_OPEN_COMMANDS starts wait for their end. */
	open_session("s");
	for (int i = 0; i < METRICS_OPEN_COMMANDS + 4; i++) {
		snprintf(id, sizeof(id), "t%d", i);
		command("command_start", 3, "ls", id, 1.0, 1000, 100);
	}
	s = summary();
	ck_assert_int_eq(
	    json_array_size(at(s, "sessions", "s", "open_commands", NULL)),
	    METRICS_OPEN_COMMANDS);
	/* The oldest went: its end is not matched. */
	command("command_end", 4, "ls", "t0", 1.0, 1000, 100);
	ck_assert_int_eq(INT(summary(), "commands", "ls", "measured"), 0);
	apply(cmd("session_end", "s", "2026-11-24T10:00:05Z", NULL, NULL, 42,
	          1.0, 1000, 100));
	ck_assert_ptr_null(
	    at(summary(), "sessions", "s", "open_commands", NULL));
}
END_TEST

START_TEST(test_metrics_apply_agent_rss)
{
	json_t *s, *rec, *left;

	open_session("s");
	rec = cmd("task_start", "s", "2026-11-24T10:00:01Z", NULL, NULL, 42,
	          1.0, 1000, 100);
	json_object_set_new(json_object_get(rec, "agent"), "rss_mb",
	                    json_real(300.5));
	json_object_set_new(rec, "alerts", json_pack("[s]", "agent_memory"));
	apply(rec);
	rec = cmd("session_end", "s", "2026-11-24T10:00:02Z", NULL, NULL, 42,
	          1.0, 1000, 100);
	json_object_set_new(json_object_get(rec, "agent"), "rss_mb",
	                    json_real(150.0));
	left = json_pack("[{s:i,s:s,s:f,s:f,s:s}]", "pid", 7, "name", "sleep",
	                 "rss_mb", 1.5, "cpu_seconds", 0.0, "started",
	                 "2026-11-24T10:00:01.000Z");
	json_object_set_new(rec, "left_running", left);
	apply(rec);
	s = at(summary(), "sessions", "s", NULL);
	ck_assert_double_eq_tol(NUM(s, "agent_rss_start_mb"), 100, 1e-9);
	ck_assert_double_eq_tol(NUM(s, "agent_rss_peak_mb"), 300.5, 1e-9);
	ck_assert_double_eq_tol(NUM(s, "agent_rss_end_mb"), 150, 1e-9);
	ck_assert_int_eq(json_array_size(at(s, "left_running", NULL)), 1);
	ck_assert_int_eq(
	    INT(summary(), "performance_summary", "alerts", "agent_memory"), 1);
}
END_TEST

Suite *metrics_apply_suite(void)
{
	Suite *s = suite_create("metrics_apply");

	UNIT_CASE(
	    s, "metrics_apply", setup, teardown, test_metrics_apply_midnight,
	    test_metrics_apply_averages, test_metrics_apply_peak_low,
	    test_metrics_apply_duration, test_metrics_apply_not_open,
	    test_metrics_apply_repeated_start, test_metrics_apply_open_24h,
	    test_metrics_apply_commands_cap, test_metrics_apply_sessions_cap,
	    test_metrics_apply_alerts, test_metrics_apply_trend,
	    test_metrics_apply_positions, test_metrics_apply_invalid);
	UNIT_CASE(s, "metrics_apply commands", setup, teardown,
	          test_metrics_apply_command_by_id,
	          test_metrics_apply_command_last_open,
	          test_metrics_apply_command_bad_input,
	          test_metrics_apply_command_caps,
	          test_metrics_apply_agent_rss);
	return s;
}
