#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "docs.h"
#include "perf-metrics/apply.h"
#include "perf-metrics/report.h"
#include "suite.h"

static struct docs *docs;
static char *text;
static size_t text_len;

static void setup(void)
{
	docs = unit_docs_new("UTC");
	text = NULL;
}

static void teardown(void)
{
	docs_free(docs);
	free(text);
}

static void apply(const char *event, const char *id, const char *ts, double cpu,
                  double mem, const char *command)
{
	struct error err = {0};
	json_t *s = json_pack(
	    "{s:s,s:s,s:s,s:f,s:f,s:f,s:f,s:f,s:s,s:f,s:[f,f,f],s:i}", "event",
	    event, "session_id", id, "timestamp", ts, "cpu_percent", cpu,
	    "memory_percent", mem, "memory_available_gb", 3.5, "disk_percent",
	    61.2, "disk_free_gb", 100.25, "disk_path", "/", "swap_percent", 1.5,
	    "load_avg", 0.5, 0.25, 0.125, "cpu_count", 8);

	if (command != NULL)
		json_object_set_new(s, "command", json_string(command));
	ck_assert_int_eq(metrics_apply(docs, s, &err), 0);
	json_decref(s);
}

static void history(void)
{
	apply("session_start", "first-session", "2026-11-24T10:00:00.000Z", 10,
	      40, NULL);
	apply("command_start", "first-session", "2026-11-24T10:01:00.000Z", 90,
	      41, "cargo");
	apply("command_start", "first-session", "2026-11-24T10:02:00.000Z", 20,
	      42, "git");
	apply("session_end", "first-session", "2026-11-24T10:30:00.000Z", 40,
	      43, NULL);
	apply("session_start", "a-very-long-session-id-0123456789abcdef",
	      "2026-11-24T11:00:00.000Z", 5, 50, NULL);
}

static void report(const char *date, enum report_format format, int columns,
                   int utf8)
{
	struct report_options o = {
	    .format = format, .columns = columns, .utf8 = utf8};
	char name[40];
	FILE *out;

	free(text);
	text = NULL;
	out = open_memstream(&text, &text_len);

	ck_assert_ptr_nonnull(out);
	metrics_day_name(date, name, sizeof(name));
	ck_assert_int_eq(metrics_report(out, docs_peek(docs, METRICS_SUMMARY),
	                                docs_peek(docs, name), date, "/data",
	                                &o),
	                 0);
	ck_assert_int_eq(fclose(out), 0);
}

static void has(const char *needle)
{
	ck_assert_msg(strstr(text, needle) != NULL, "'%s' not in:\n%s", needle,
	              text);
}

START_TEST(test_metrics_report_empty)
{
	report("2026-11-24", REPORT_TEXT, 80, 0);
	ck_assert_str_eq(text, "No performance data yet in /data\n");
}
END_TEST

START_TEST(test_metrics_report_text)
{
	history();
	report("2026-11-24", REPORT_TEXT, 120, 0);
	has("Codex Performance Report\n========================\n");
	has("Measurements: 5\n");
	has("Average CPU: 33.0%\n");
	has("Peak CPU: 90.0%\n");
	has("Average Memory: 43.2%\n");
	has("Alerts: cpu 0, memory 0, disk 0, agent memory 0\n");
	has("  Memory: 50.0% used, 3.50 GB available\n");
	has("  Disk (/): 61.2% used, 100.25 GB free\n");
	has("  Load Average: 0.50 0.25 0.12 (8 CPUs)\n");
	has("first-session");
	has("30.0 min");
	has("open");
	/* Commands by average CPU, highest first. */
	ck_assert_ptr_nonnull(strstr(text, "cargo"));
	ck_assert(strstr(text, "cargo") < strstr(text, "git "));
	/* ASCII sparkline of 10, 90, 20, 40, 5 on a 0-100 scale. */
	has("\nToday's CPU and Memory:\n");
	has("  CPU    .*.~_\n");
	has("  Memory ");
	has("5 samples today, CPU avg 33.0%, peak 90.0%; memory avg 43.2%");
}
END_TEST

START_TEST(test_metrics_report_utf8)
{
	history();
	report("2026-11-24", REPORT_TEXT, 120, 1);
	has("📈 Codex Performance Report\n");
	has("▂▇▂▄▁");
	report("2026-11-23", REPORT_TEXT, 120, 1);
	has("no samples yet today");
}
END_TEST

START_TEST(test_metrics_report_fits)
{
	int widths[] = {20, 40, 60, 80};

	history();
	for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		char *line, *save = NULL;

		report("2026-11-24", REPORT_TEXT, widths[w], 1);
		for (line = strtok_r(text, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			/* Table rows and the sparkline must fit; prose may
			 * wrap. */
			if (line[0] == ' ' && line[1] == ' ' &&
			    line[2] != ' ' && strstr(line, ": ") == NULL &&
			    strstr(line, "samples today") == NULL)
				ck_assert_msg(
				    chart_width(line) <= (size_t)widths[w],
				    "%d columns: '%s'", widths[w], line);
		}
	}
}
END_TEST

START_TEST(test_metrics_report_json)
{
	json_t *o, *sessions, *cmds;

	history();
	report("2026-11-24", REPORT_JSON, 80, 0);
	o = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(json_object_get(o, "summary"),
	                                       "total_measurements")),
	    5);
	ck_assert_ptr_null(
	    json_object_get(json_object_get(o, "summary"), "cpu_sum"));
	sessions = json_object_get(o, "recent_sessions");
	ck_assert_int_eq(json_array_size(sessions), 2);
	/* Newest last. */
	ck_assert_str_eq(json_string_value(json_object_get(
	                     json_array_get(sessions, 0), "session_id")),
	                 "first-session");
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_array_get(sessions, 0), "duration_ms")),
	                 1800000);
	cmds = json_object_get(o, "top_commands");
	ck_assert_str_eq(json_string_value(json_object_get(
	                     json_array_get(cmds, 0), "command")),
	                 "cargo");
	ck_assert_int_eq(json_array_size(json_object_get(
	                     json_object_get(o, "today"), "cpu_trend")),
	                 5);
	ck_assert_str_eq(json_string_value(json_object_get(
	                     json_object_get(o, "latest"), "event")),
	                 "session_start");
	/* Reals print as they were logged. */
	ck_assert_ptr_nonnull(strstr(text, "\"disk_percent\": 61.2"));
	json_decref(o);
	docs_free(docs);
	docs = docs_new_memory();
	report("2026-11-24", REPORT_JSON, 80, 0);
	o = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_null(json_object_get(o, "latest"));
	ck_assert_int_eq(json_array_size(json_object_get(o, "recent_sessions")),
	                 0);
	json_decref(o);
}
END_TEST

/* A command sample with the agent's figures (docs/design.md §6). */
static void apply_cmd(const char *event, const char *ts, const char *command,
                      const char *id, double children)
{
	struct error err = {0};
	json_t *s = json_pack(
	    "{s:s,s:s,s:s,s:f,s:f,s:{s:i,s:i},s:{s:i,s:s,s:f,s:f,s:f}}",
	    "event", event, "session_id", "cost", "timestamp", ts,
	    "cpu_percent", 10.0, "memory_percent", 40.0, "cpu_ticks", "total",
	    1000, "busy", 100, "agent", "pid", 42, "name", "codex", "rss_mb",
	    250.0, "cpu_seconds", 1.0, "children_cpu_seconds", children);

	if (command != NULL)
		json_object_set_new(s, "command", json_string(command));
	if (id != NULL)
		json_object_set_new(s, "tool_use_id", json_string(id));
	if (strcmp(event, "session_end") == 0)
		json_object_set_new(
		    s, "left_running",
		    json_pack("[{s:i,s:s,s:f,s:f,s:s}]", "pid", 4242, "name",
		              "sleep", "rss_mb", 1.5, "cpu_seconds", 0.0,
		              "started", "2026-11-24T12:00:30.000Z"));
	ck_assert_int_eq(metrics_apply(docs, s, &err), 0);
	json_decref(s);
}

START_TEST(test_metrics_report_commands)
{
	json_t *o;

	apply_cmd("session_start", "2026-11-24T12:00:00.000Z", NULL, NULL, 0);
	/* cargo: little time, much CPU; sleep: long, no CPU. */
	apply_cmd("command_start", "2026-11-24T12:00:01.000Z", "cargo", "a", 0);
	apply_cmd("command_end", "2026-11-24T12:00:03.000Z", "cargo", "a", 7.5);
	apply_cmd("command_start", "2026-11-24T12:00:04.000Z", "sleep", "b",
	          7.5);
	apply_cmd("command_end", "2026-11-24T12:01:34.000Z", "sleep", "b", 7.5);
	apply_cmd("session_end", "2026-11-24T12:02:00.000Z", NULL, NULL, 7.5);
	report("2026-11-24", REPORT_TEXT, 120, 0);
	has("Most Expensive Commands by CPU Time:\n"
	    "  COMMAND  RUNS   CPU S     WALL  LONGEST\n"
	    "  cargo       1  7.50 s    2.0 s    2.0 s\n"
	    "  sleep       1  0.00 s  1.5 min  1.5 min\n");
	has("Most Expensive Commands by Wall Time:\n"
	    "  COMMAND  RUNS   CPU S     WALL  LONGEST\n"
	    "  sleep       1  0.00 s  1.5 min  1.5 min\n");
	has("Left Running (by recent sessions, at their end):\n"
	    "  SESSION   PID  NAME      RSS     CPU  STARTED\n"
	    "  cost     4242  sleep  1.5 MB  0.00 s  2026-11-24 12:00\n");
	has("250.0 MB");
	has("7.50 s");
	report("2026-11-24", REPORT_JSON, 80, 0);
	o = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(o, "top_commands"), 0),
	        "command")),
	    "cargo");
	ck_assert_str_eq(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(o, "top_commands_by_wall"), 0),
	        "command")),
	    "sleep");
	ck_assert_double_eq_tol(
	    json_number_value(json_object_get(
	        json_array_get(json_object_get(o, "recent_sessions"), 0),
	        "command_cpu_seconds")),
	    7.5, 1e-9);
	json_decref(o);
	report("2026-11-24", REPORT_PROMETHEUS, 80, 0);
	has("codex_perf_command_cpu_seconds_total{command=\"cargo\"} 7.5\n");
	has("codex_perf_command_wall_seconds_total{command=\"sleep\"} 90\n");
	has("codex_perf_alerts_total{resource=\"agent_memory\"} 0\n");
}
END_TEST

START_TEST(test_chart)
{
	char buf[64];
	double v[] = {0, 14.3, 50, 100, 150, -5};

	ck_assert_str_eq(chart_thousands(0, buf, sizeof(buf)), "0");
	ck_assert_str_eq(chart_thousands(999, buf, sizeof(buf)), "999");
	ck_assert_str_eq(chart_thousands(1000, buf, sizeof(buf)), "1,000");
	ck_assert_str_eq(chart_thousands(-1234567, buf, sizeof(buf)),
	                 "-1,234,567");
	ck_assert_str_eq(chart_sparkline(v, 6, 0, 100, 0, buf, sizeof(buf)),
	                 "_.=##_");
	ck_assert_str_eq(chart_sparkline(v, 4, 0, 100, 1, buf, sizeof(buf)),
	                 "▁▂▅█");
	ck_assert_str_eq(chart_sparkline(v, 4, 0, 100, 1, buf, 7), "▁▂");
	ck_assert_uint_eq(chart_width("▁▂▅█"), 4);
	ck_assert_str_eq(chart_fit("abcdef", 4, 0, buf, sizeof(buf)), "abc~");
	ck_assert_str_eq(chart_fit("abcdef", 4, 1, buf, sizeof(buf)), "abc…");
	ck_assert_str_eq(chart_fit("abc", 4, 1, buf, sizeof(buf)), "abc");
	ck_assert_str_eq(chart_fit("ééééé", 3, 0, buf, sizeof(buf)), "éé~");
	/* Columns as a terminal shows them: CJK two, combining marks none. */
	ck_assert_uint_eq(chart_width("日本語"), 6);
	ck_assert_uint_eq(chart_width("e\u0301te\u0301"), 3);
	ck_assert_uint_eq(chart_width("한국 ｘ🙂"), 9);
	ck_assert_uint_eq(chart_width("✅❌⚡⭐🟢🫠🀄"), 14);
	/* Decomposed Hangul and kana (macOS file names): one character. */
	ck_assert_uint_eq(chart_width("\u1112\u1161\u11ab"), 2);
	ck_assert_uint_eq(chart_width("\u304b\u3099"), 2);
	ck_assert_uint_eq(chart_width("a\xff\xe6\x97"
	                              "b"),
	                  4);
	ck_assert_str_eq(chart_fit("日本語の計画", 7, 1, buf, sizeof(buf)),
	                 "日本語…");
	ck_assert_str_eq(chart_fit("日本語の計画", 6, 0, buf, sizeof(buf)),
	                 "日本~");
	ck_assert_str_eq(chart_fit("e\u0301te\u0301s", 3, 0, buf, sizeof(buf)),
	                 "e\u0301t~");
	/* Stray continuation bytes are characters, never dropped. */
	ck_assert_str_eq(chart_fit("ab\x80\x80\x80"
	                           "cdef",
	                           4, 0, buf, sizeof(buf)),
	                 "ab\x80~");
	/* The buffer limits: narrow in columns, long in bytes, cut whole. */
	ck_assert_str_eq(chart_fit("ab\u200b\u200b\u200b", 10, 0, buf, 9),
	                 "ab\u200b~");
	ck_assert_str_eq(chart_fit("日本語", 10, 1, buf, 8), "日…");
	ck_assert_str_eq(chart_fit("日本語", 10, 1, buf, 3), "");
}
END_TEST

Suite *metrics_report_suite(void)
{
	Suite *s = suite_create("metrics_report");

	UNIT_CASE(s, "metrics_report", setup, teardown,
	          test_metrics_report_empty, test_metrics_report_text,
	          test_metrics_report_utf8, test_metrics_report_fits,
	          test_metrics_report_json, test_metrics_report_commands);
	UNIT_CASE(s, "chart", NULL, NULL, test_chart);
	return s;
}
