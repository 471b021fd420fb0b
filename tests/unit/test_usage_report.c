#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "suite.h"
#include "timeutil.h"

/* docs/design.md §5's example figures, with more names than a list shows. */
static const char summary_text[] =
    "{\"schema_version\":1,\"total_sessions\":45,"
    "\"total_events\":1234567,\"total_commands\":5670,"
    "\"total_tasks\":89,\"total_errors\":28395,"
    "\"completed_sessions\":40,\"total_session_duration\":30000000,"
    "\"avg_session_duration\":750000.0,\"error_rate\":2.3,"
    "\"first_use\":\"2026-11-20T23:50:00.000Z\","
    "\"last_use\":\"2026-11-22T12:30:00.000Z\","
    "\"models_used\":{\"gpt-4\":30,\"claude-sonnet-4-5\":15},"
    "\"providers_used\":{\"openai\":30,\"anthropic\":15},"
    "\"most_used_commands\":{\"ls\":45,\"git\":45,\"npm\":1200,\"a\":1,"
    "\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8},"
    "\"command_failures\":{\"npm\":3},"
    "\"most_used_tools\":{\"Edit\":9},"
    "\"errors_by_context\":{\"api\":1,\"Bash\":5},"
    "\"event_types\":{\"session_start\":45},"
    "\"hourly_activity\":[8,0,0,0,0,0,0,0,0,2,4,0,0,0,0,0,0,0,0,0,0,0,0,1],"
    "\"abandoned_sessions\":2,"
    "\"daily_stats\":{"
    "\"2026-11-22\":{\"sessions\":0,\"events\":3,\"commands\":1,"
    "\"tasks\":1,\"errors\":0,\"total_duration\":0},"
    "\"2026-11-20\":{\"sessions\":4,\"events\":3,\"commands\":0,"
    "\"tasks\":1,\"errors\":0,\"total_duration\":1800000},"
    "\"2026-11-21\":{\"sessions\":1,\"events\":8,\"commands\":2,"
    "\"tasks\":0,\"errors\":1,\"total_duration\":60000}},"
    "\"open_sessions\":{}}";

static const char opening[] = "📊 Codex Usage Analytics Report\n"
                              "================================\n"
                              "Total Sessions: 45\n"
                              "Total Events: 1,234,567\n"
                              "Total Commands: 5,670\n"
                              "Total Tasks: 89\n"
                              "Error Rate: 2.3%\n"
                              "Average Session Duration: 12.5 minutes\n"
                              "\n"
                              "Most Used Models:\n"
                              "  gpt-4: 30 sessions\n"
                              "  claude-sonnet-4-5: 15 sessions\n"
                              "\n"
                              "Most Used Commands:\n"
                              "  npm: 1,200 times\n"
                              "  git: 45 times\n"
                              "  ls: 45 times\n"
                              "  h: 8 times\n"
                              "  g: 7 times\n"
                              "  f: 6 times\n"
                              "  e: 5 times\n"
                              "  d: 4 times\n"
                              "  c: 3 times\n"
                              "  b: 2 times\n";

/* What follows the opening block, in ASCII, 40 columns. */
static const char sections[] =
    "\n"
    "First Use: 2026-11-20 23:50 UTC\n"
    "Last Use: 2026-11-22 12:30 UTC\n"
    "\n"
    "Activity by Hour of Day:\n"
    "  00 8 #################################\n"
    "  01 0\n"
    "  02 0\n"
    "  03 0\n"
    "  04 0\n"
    "  05 0\n"
    "  06 0\n"
    "  07 0\n"
    "  08 0\n"
    "  09 2 ########\n"
    "  10 4 #################\n"
    "  11 0\n"
    "  12 0\n"
    "  13 0\n"
    "  14 0\n"
    "  15 0\n"
    "  16 0\n"
    "  17 0\n"
    "  18 0\n"
    "  19 0\n"
    "  20 0\n"
    "  21 0\n"
    "  22 0\n"
    "  23 1 ####\n"
    "\n"
    "Sessions per Day:\n"
    "  2026-11-20 4 #########################\n"
    "  2026-11-21 1 ######\n"
    "  2026-11-22 0\n"
    "\n"
    "Commands per Day:\n"
    "  2026-11-20 0\n"
    "  2026-11-21 2 #########################\n"
    "  2026-11-22 1 #############\n"
    "\n"
    "Session Minutes per Day:\n"
    "  2026-11-20 #__ 2026-11-22 (max 30.0 min)\n"
    "\n"
    "Most Failing Commands:\n"
    "  npm: 3 failures\n"
    "\n"
    "Errors by Context:\n"
    "  Bash: 5 errors\n"
    "  api: 1 error\n"
    "\n"
    "Abandoned Sessions: 2 (open over 24 h, closed without a duration)\n";

static json_t *summary;
static char *buf;
static size_t len;
static FILE *out;

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	summary = json_loads(summary_text, 0, NULL);
	ck_assert_ptr_nonnull(summary);
	out = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(out);
}

static void teardown(void)
{
	if (out != NULL)
		fclose(out);
	out = NULL;
	json_decref(summary);
	free(buf);
	buf = NULL;
}

/* A fresh output buffer for a second report in one test. */
static void reopen(void)
{
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(out);
}

/* Run the report into buf; returns its result. */
static int report(const json_t *s, enum report_format format, int color,
                  int columns, int utf8)
{
	struct report_options opts = {
	    .format = format, .color = color, .columns = columns, .utf8 = utf8};
	int ret = usage_report(out, s, "/data", &opts);

	ck_assert_int_eq(fclose(out), 0);
	out = NULL;
	return ret;
}

START_TEST(test_usage_report_text)
{
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 40, 0), 0);
	ck_assert_msg(strncmp(buf, opening, strlen(opening)) == 0,
	              "opening block differs:\n%s", buf);
	ck_assert_str_eq(buf + strlen(opening), sections);
}
END_TEST

/* Tools by total time; no section when no tool call was timed. */
START_TEST(test_usage_report_tools)
{
	json_t *s = json_deep_copy(summary);
	const char *at;

	json_object_set_new(
	    s, "tools",
	    json_pack("{s:{s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i}}", "Edit",
	              "calls", 4, "failures", 0, "total_ms", 1200, "max_ms",
	              900, "Bash", "calls", 3, "failures", 1, "total_ms", 95000,
	              "max_ms", 61000));
	ck_assert_int_eq(report(s, REPORT_TEXT, 0, 80, 0), 0);
	at = strstr(buf, "Tools (by total time):\n");
	ck_assert_msg(at != NULL, "%s", buf);
	ck_assert_msg(strstr(at, "Bash") < strstr(at, "Edit"), "%s", at);
	ck_assert_ptr_nonnull(strstr(at, "1 min 35 s"));
	ck_assert_ptr_nonnull(strstr(at, "1 min 1 s"));
	ck_assert_ptr_nonnull(strstr(at, "300 ms"));
	ck_assert_ptr_null(strstr(sections, "Tools"));
	reopen();
	ck_assert_int_eq(report(s, REPORT_JSON, 0, 80, 0), 0);
	ck_assert_ptr_nonnull(strstr(buf, "\"max_ms\": 61000"));
	json_decref(s);
}
END_TEST

START_TEST(test_usage_report_utf8)
{
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 40, 1), 0);
	/* 33 columns for the largest, 8 of 8 of them. */
	ck_assert_ptr_nonnull(
	    strstr(buf, "  00 8 █████████████████████████████████\n"));
	/* 2 of 8: 8.25 columns, in eighths of a block. */
	ck_assert_ptr_nonnull(strstr(buf, "  09 2 ████████▎\n"));
	ck_assert_ptr_null(strchr(buf, '#'));
}
END_TEST

START_TEST(test_usage_report_width)
{
	char line[256];
	FILE *in;

	/* Wide: bars stop at 60 columns. */
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 200, 0), 0);
	ck_assert_ptr_nonnull(strstr(buf, "  00 8 "
	                                  "##########"
	                                  "##########"
	                                  "##########"
	                                  "##########"
	                                  "##########"
	                                  "##########"
	                                  "\n"));
	/* Every line fits 80 columns at 80. */
	reopen();
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	in = fmemopen(buf, len, "r");
	while (fgets(line, sizeof(line), in) != NULL)
		ck_assert_uint_le(strlen(line), 81);
	fclose(in);
}
END_TEST

START_TEST(test_usage_report_color)
{
	const char *p;
	int bold = 0;

	ck_assert_int_eq(report(summary, REPORT_TEXT, 1, 80, 0), 0);
	ck_assert_ptr_nonnull(
	    strstr(buf, "\033[1m📊 Codex Usage Analytics Report\033[0m\n"));
	ck_assert_ptr_nonnull(
	    strstr(buf, "\n\033[1mMost Used Models:\033[0m\n"));
	for (p = buf; (p = strstr(p, "\033[1m")) != NULL; p++)
		bold++;
	/* The title and eight headings, nothing else. */
	ck_assert_int_eq(bold, 9);
}
END_TEST

START_TEST(test_usage_report_names)
{
	json_t *s = json_pack("{s:i,s:{s:i,s:i}}", "total_events", 1,
	                      "most_used_commands", "evil\033[2Jname", 2,
	                      "a-very-long-command-name-that-does-not-fit", 1);

	ck_assert_int_eq(report(s, REPORT_TEXT, 0, 40, 0), 0);
	ck_assert_ptr_nonnull(strstr(buf, "  evil?[2Jname: 2 times\n"));
	ck_assert_ptr_nonnull(
	    strstr(buf, "  a-very-long-command-name-tha~: 1 time\n"));
	/* Empty lists say so. */
	ck_assert_ptr_nonnull(strstr(buf, "Most Used Models:\n  (none)\n"));
	ck_assert_ptr_null(strstr(buf, "Abandoned"));
	json_decref(s);
}
END_TEST

START_TEST(test_usage_report_no_data)
{
	json_t *empty = json_pack("{s:i}", "schema_version", 1);

	ck_assert_int_eq(report(NULL, REPORT_TEXT, 1, 80, 1), 0);
	ck_assert_str_eq(buf, "No data yet in /data.\n");
	reopen();
	ck_assert_int_eq(report(empty, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_str_eq(buf, "No data yet in /data.\n");
	json_decref(empty);
	/* Plan windows recorded before any event: shown all the same. */
	empty = json_loads("{\"limits\":{\"codex\":{\"5h\":{\"used_"
	                   "percent\":40,\"resets_at\":1577880000}}}}",
	                   0, NULL);
	reopen();
	ck_assert_int_eq(report(empty, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_str_eq(buf,
	                 "No data yet in /data.\n\nPlan limits:\n  codex "
	                 "5h: reset at 2020-01-01 12:00, no reading since\n");
	json_decref(empty);
}
END_TEST

START_TEST(test_usage_report_json)
{
	json_t *o, *a;

	ck_assert_int_eq(report(summary, REPORT_JSON, 1, 80, 1), 0);
	o = json_loads(buf, 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "total_events")),
	                 1234567);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(o, "abandoned_sessions")), 2);
	ck_assert(json_real_value(json_object_get(o, "error_rate")) == 2.3);
	ck_assert(json_real_value(json_object_get(o, "avg_session_duration")) ==
	          750000.0);
	ck_assert_str_eq(json_string_value(json_object_get(o, "first_use")),
	                 "2026-11-20T23:50:00.000Z");
	a = json_object_get(o, "most_used_commands");
	ck_assert_uint_eq(json_array_size(a), 10);
	ck_assert_str_eq(
	    json_string_value(json_object_get(json_array_get(a, 1), "name")),
	    "git");
	ck_assert_int_eq(
	    json_integer_value(json_object_get(json_array_get(a, 0), "count")),
	    1200);
	a = json_object_get(o, "errors_by_context");
	ck_assert_str_eq(
	    json_string_value(json_object_get(json_array_get(a, 0), "name")),
	    "Bash");
	a = json_object_get(o, "hourly_activity");
	ck_assert_uint_eq(json_array_size(a), 24);
	a = json_object_get(o, "recent_days");
	ck_assert_uint_eq(json_array_size(a), 3);
	ck_assert_str_eq(
	    json_string_value(json_object_get(json_array_get(a, 0), "date")),
	    "2026-11-20");
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_array_get(a, 0), "total_duration")),
	                 1800000);
	ck_assert_ptr_null(strstr(buf, "\033"));
	json_decref(o);
}
END_TEST

START_TEST(test_usage_report_json_no_data)
{
	json_t *o, *a;

	ck_assert_int_eq(report(NULL, REPORT_JSON, 0, 80, 0), 0);
	o = json_loads(buf, 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "total_events")),
	                 0);
	ck_assert(json_is_array(json_object_get(o, "models_used")));
	ck_assert_uint_eq(json_array_size(json_object_get(o, "models_used")),
	                  0);
	a = json_object_get(o, "hourly_activity");
	ck_assert_uint_eq(json_array_size(a), 24);
	ck_assert(json_is_array(json_object_get(o, "recent_days")));
	ck_assert_uint_eq(json_array_size(json_object_get(o, "recent_days")),
	                  0);
	ck_assert_ptr_null(json_object_get(o, "first_use"));
	json_decref(o);
}
END_TEST

START_TEST(test_usage_report_recent_days)
{
	json_t *s = json_pack("{s:i,s:{}}", "total_events", 1, "daily_stats");
	json_t *daily = json_object_get(s, "daily_stats"), *o, *a;
	char date[16];

	for (int d = 1; d <= 20; d++) {
		snprintf(date, sizeof(date), "2026-03-%02d", d);
		json_object_set_new(daily, date,
		                    json_pack("{s:i}", "sessions", d));
	}
	ck_assert_int_eq(report(s, REPORT_JSON, 0, 80, 0), 0);
	o = json_loads(buf, 0, NULL);
	a = json_object_get(o, "recent_days");
	ck_assert_uint_eq(json_array_size(a), 14);
	ck_assert_str_eq(
	    json_string_value(json_object_get(json_array_get(a, 0), "date")),
	    "2026-03-07");
	ck_assert_str_eq(
	    json_string_value(json_object_get(json_array_get(a, 13), "date")),
	    "2026-03-20");
	json_decref(o);
	json_decref(s);
}
END_TEST

START_TEST(test_usage_report_write_error)
{
	struct report_options opts = {.format = REPORT_TEXT, .columns = 80};
	FILE *full = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(full);
	setvbuf(full, NULL, _IONBF, 0);
	ck_assert_int_eq(usage_report(full, summary, "/data", &opts), -1);
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_int_eq(usage_report(full, NULL, "/data", &opts), -1);
	opts.format = REPORT_JSON;
	ck_assert_int_eq(usage_report(full, summary, "/data", &opts), -1);
	fclose(full);
}
END_TEST

START_TEST(test_usage_report_range)
{
	json_object_set_new(summary, "range",
	                    json_pack("{s:s,s:s,s:i}", "since", "2026-11-20",
	                              "until", "2026-11-22", "days", 3));
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	/* Then first and last use, when the day files keep them. */
	ck_assert_ptr_nonnull(
	    strstr(buf, "\nRange: 2026-11-20 to 2026-11-22 (3 days)\n"
	                "First Use: "));
	reopen();
	json_object_del(summary, "first_use");
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_ptr_nonnull(
	    strstr(buf, "\nRange: 2026-11-20 to 2026-11-22 (3 days)\n"));
	ck_assert_ptr_null(strstr(buf, "First Use"));
	reopen();
	ck_assert_int_eq(report(summary, REPORT_JSON, 0, 80, 0), 0);
	ck_assert_ptr_nonnull(strstr(buf, "\"range\": {"));
	/* A range without events. */
	reopen();
	json_object_set_new(summary, "total_events", json_integer(0));
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_str_eq(buf,
	                 "No data from 2026-11-20 to 2026-11-22 in /data.\n");
	/* A range that is not an object (a hand edit): no range at all. */
	reopen();
	json_object_set_new(summary, "range", json_integer(5));
	json_object_set_new(summary, "total_events", json_integer(3));
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_ptr_null(strstr(buf, "Range:"));
	ck_assert_ptr_nonnull(strstr(buf, "First Use:"));
	/* Dates that are not strings (a hand edit): "?", never a NULL. */
	reopen();
	json_object_set_new(
	    summary, "range",
	    json_pack("{s:i,s:n,s:i}", "since", 1, "until", "days", 1));
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_ptr_nonnull(strstr(buf, "Range: ? to ? (1 day)\n"));
	reopen();
	json_object_set_new(summary, "total_events", json_integer(0));
	ck_assert_int_eq(report(summary, REPORT_TEXT, 0, 80, 0), 0);
	ck_assert_str_eq(buf, "No data from ? to ? in /data.\n");
}
END_TEST

START_TEST(test_usage_report_csv)
{
	ck_assert_int_eq(report(summary, REPORT_CSV, 0, 80, 0), 0);
	ck_assert_str_eq(buf, "date,sessions,events,commands,tasks,errors,"
	                      "completed_sessions,total_duration,tokens\n"
	                      "2026-11-20,4,3,0,1,0,0,1800000,0\n"
	                      "2026-11-21,1,8,2,0,1,0,60000,0\n"
	                      "2026-11-22,0,3,1,1,0,0,0,0\n");
}
END_TEST

START_TEST(test_usage_report_prometheus)
{
	ck_assert_int_eq(report(summary, REPORT_PROMETHEUS, 0, 80, 0), 0);
	ck_assert_ptr_nonnull(strstr(buf, "# TYPE codex_usage_sessions_total "
	                                  "counter\ncodex_usage_sessions_total "
	                                  "45\n"));
	ck_assert_ptr_nonnull(
	    strstr(buf, "\ncodex_usage_session_duration_seconds_total "
	                "30000\n"));
	/* 28,395 errors of 1,234,567 events, as a ratio. */
	ck_assert_ptr_nonnull(
	    strstr(buf, "\ncodex_usage_error_ratio 0.0229999667899758"));
	ck_assert_ptr_nonnull(
	    strstr(buf, "\ncodex_usage_commands_by_name_total{command=\"npm\"} "
	                "1200\n"));
	ck_assert_ptr_nonnull(strstr(
	    buf, "\ncodex_usage_first_use_timestamp_seconds 1795218600\n"));
	ck_assert_ptr_null(strstr(buf, "%"));
}
END_TEST

/*
 * Plan limits (docs/design.md §5d) at 2026-12-07T10:40Z, UTC: a window
 * that runs out before its reset, one that lasts, one reset, one whose
 * pace is not known, one used up.
 */
#define LIMITS_NOW "2026-12-07T10:40:00Z"
#define LIMITS                                                                 \
	"{\"limits\":{\"codex\":{\"5h\":{\"used_percent\":60,\"resets_at\":"   \
	"1796655600,\"updated\":\"2026-12-07T10:30:00.000Z\",\"burn_per_"      \
	"hour\":20},\"weekly\":{\"used_percent\":17,\"resets_at\":1796893200," \
	"\"updated\":\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":0}},"      \
	"\"claude\":{\"5h\":{\"used_percent\":90,\"resets_at\":1796637600,"    \
	"\"updated\":\"2026-12-07T09:00:00.000Z\",\"burn_per_hour\":5},"       \
	"\"weekly\":{\"used_percent\":17,\"updated\":\"2026-12-07T10:30:00."   \
	"000Z\",\"burn_per_hour\":null},\"60m\":{\"used_percent\":100,"        \
	"\"updated\":\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":3}}}}"

static const char limits_text[] =
    "\nPlan limits:\n"
    "  claude 5h: reset at 10:00, no reading since\n"
    "  claude 60m: 100% used; used up\n"
    "  claude weekly: 17% used; pace not known yet\n"
    "  codex 5h: 60% used, resets 15:00; 20.0%/h, at this pace 100% at "
    "12:30, 2 h 30 min before it resets\n"
    "  codex weekly: 17% used, resets Thu 09:00; 0.0%/h, lasts until it "
    "resets\n";

START_TEST(test_usage_report_limits)
{
	struct report_options opts = {.columns = 80};
	json_t *s = json_loads(LIMITS, 0, NULL), *j, *want;
	int64_t now;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(time_parse_rfc3339(LIMITS_NOW, &now), 0);
	ck_assert_int_eq(usage_report_limits(out, s, &opts, now), 0);
	ck_assert_int_eq(fclose(out), 0);
	out = NULL;
	ck_assert_str_eq(buf, limits_text);

	j = usage_limits_json(s, now);
	want = json_loads(
	    "{\"used_percent\":60.0,\"resets_at\":1796655600,\"updated\":"
	    "\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":20,\"reset\":false,"
	    "\"full_at\":1796646600}",
	    0, NULL);
	ck_assert(json_equal(json_object_get(json_object_get(j, "codex"), "5h"),
	                     want));
	ck_assert(json_is_true(json_object_get(
	    json_object_get(json_object_get(j, "claude"), "5h"), "reset")));
	json_decref(want);
	json_decref(j);

	reopen();
	ck_assert_int_eq(usage_export_prometheus(out, s, now), 0);
	ck_assert_int_eq(fclose(out), 0);
	out = NULL;
	ck_assert_ptr_nonnull(
	    strstr(buf, "\ncodex_analytics_limit_used_percent{agent=\"claude\","
	                "window=\"5h\"} 0\n"));
	ck_assert_ptr_nonnull(
	    strstr(buf, "\ncodex_analytics_limit_used_percent{agent=\"codex\","
	                "window=\"5h\"} 60\n"));
	ck_assert_ptr_nonnull(strstr(
	    buf, "\ncodex_analytics_limit_resets_at_seconds{agent=\"codex\","
	         "window=\"weekly\"} 1796893200\n"));
	/* No reset time known: no sample. */
	ck_assert_ptr_null(strstr(buf, "resets_at_seconds{agent=\"claude\","
	                               "window=\"weekly\"}"));
	json_decref(s);
}
END_TEST

/*
 * A cost both reported by the agent and estimated from prices: each
 * labelled by its origin (docs/design.md §5d); lines changed as reported.
 */
START_TEST(test_usage_report_reported)
{
	json_t *prices =
	    json_loads("{\"gpt-4\":{\"input\":1,\"output\":10}}", 0, NULL);
	struct report_options opts = {.columns = 80, .prices = prices};

	json_object_set_new(summary, "tokens",
	                    json_pack("{s:i,s:i,s:i}", "input", 1000000,
	                              "output", 100000, "total", 1100000));
	json_object_set_new(summary, "tokens_by_model",
	                    json_pack("{s:{s:i,s:i,s:i}}", "gpt-4", "input",
	                              1000000, "output", 100000, "total",
	                              1100000));
	json_object_set_new(summary, "reported_cost_usd", json_real(0.25));
	json_object_set_new(summary, "lines_added", json_integer(1200));
	json_object_set_new(summary, "lines_removed", json_integer(30));
	ck_assert_int_eq(usage_report(out, summary, "/data", &opts), 0);
	ck_assert_int_eq(fclose(out), 0);
	out = NULL;
	ck_assert_ptr_nonnull(
	    strstr(buf, "\nEstimated Cost: $2.00 (estimated from prices)\n"
	                "Reported Cost: $0.2500 (reported by the agent)\n"
	                "Lines Changed: +1,200 -30 (reported by the agent)\n"));
	json_decref(prices);
}
END_TEST

Suite *usage_report_suite(void)
{
	Suite *s = suite_create("usage_report");

	UNIT_CASE(s, "usage_report", setup, teardown, test_usage_report_text,
	          test_usage_report_tools, test_usage_report_utf8,
	          test_usage_report_width, test_usage_report_color,
	          test_usage_report_names, test_usage_report_no_data,
	          test_usage_report_json, test_usage_report_json_no_data,
	          test_usage_report_recent_days, test_usage_report_write_error,
	          test_usage_report_range, test_usage_report_csv,
	          test_usage_report_prometheus, test_usage_report_limits,
	          test_usage_report_reported);
	return s;
}
