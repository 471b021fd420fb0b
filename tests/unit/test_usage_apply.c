#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "docs.h"
#include "suite.h"
#include "tally.h"
#include "timeutil.h"

#define SUMMARY USAGE_SUMMARY

static struct docs *docs;

static void setup(void)
{
	/* Local time 5 hours behind UTC, no DST: POSIX TZ, no tzdata needed. */
	setenv("TZ", "EST5", 1);
	tzset();
	docs = docs_new_memory();
	ck_assert_ptr_nonnull(docs);
}

static void teardown(void)
{
	docs_free(docs);
}

static int apply_rec(json_t *rec, struct error *err)
{
	return usage_apply(docs, rec, err);
}

/* Apply one record; data is stolen (NULL: {}). */
static void apply(const char *type, const char *id, const char *ts,
                  json_t *data)
{
	struct error err = {{0}, 0};
	json_t *rec;

	if (data == NULL)
		data = json_object();
	rec = json_pack("{s:s,s:s,s:s,s:s,s:o}", "type", type, "session_id", id,
	                "timestamp", ts, "source", "env", "data", data);

	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(apply_rec(rec, &err), 0);
	json_decref(rec);
}

/*
 * The member of document name at path ("a.b.3": members, or array indexes
 * for arrays) must equal the JSON text want.  "-" as want: must be absent.
 */
static void expect(const char *name, const char *path, const char *want)
{
	json_t *v = docs_peek(docs, name), *w;
	char buf[256], *save = NULL, *seg;
	char *got;

	ck_assert_msg(v != NULL, "%s: no such document", name);
	snprintf(buf, sizeof(buf), "%s", path);
	for (seg = strtok_r(buf, ".", &save); seg != NULL && v != NULL;
	     seg = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(seg, NULL, 10))
		                     : json_object_get(v, seg);
	if (strcmp(want, "-") == 0) {
		ck_assert_msg(v == NULL, "%s %s: present", name, path);
		return;
	}
	w = json_loads(want, JSON_DECODE_ANY, NULL);
	ck_assert_msg(w != NULL, "bad expected JSON %s", want);
	got = v != NULL ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	ck_assert_msg(v != NULL && json_equal(v, w), "%s %s: got %s, want %s",
	              name, path, got != NULL ? got : "(absent)", want);
	free(got);
	json_decref(w);
}

/*
 * docs/design.md §5's rules in one run, local time UTC-5: a session crossing
 * midnight (A), a repeated start, a session_end with (C) and without (D) a
 * duration and no session, an event of no session (E), a session
 * abandoned after 24 h (B).
 */
START_TEST(test_usage_apply_multi_day)
{
	apply("session_start", "A", "2026-11-20T23:50:00-05:00",
	      json_pack("{s:s,s:s}", "model", "gpt-5", "provider", "openai"));
	apply("session_start", "A", "2026-11-20T23:51:00-05:00",
	      json_pack("{s:s,s:s}", "model", "gpt-5", "provider", "openai"));
	apply("task_start", "A", "2026-11-20T23:55:00-05:00",
	      json_pack("{s:s,s:i}", "task_id", "t1", "prompt_chars", 5));
	apply("command_start", "A", "2026-11-21T00:05:00-05:00",
	      json_pack("{s:s}", "command", "npm"));
	apply("command_end", "A", "2026-11-21T00:06:00-05:00",
	      json_pack("{s:s,s:i}", "command", "npm", "exit_code", 1));
	apply("session_end", "A", "2026-11-21T00:20:00-05:00", NULL);
	apply("session_start", "B", "2026-11-21T09:00:00-05:00",
	      json_pack("{s:s,s:s}", "model", "claude-sonnet-4-5", "provider",
	                "anthropic"));
	apply("command_start", "B", "2026-11-21T09:01:00-05:00",
	      json_pack("{s:s}", "command", "ls"));
	apply("session_end", "C", "2026-11-21T10:00:00-05:00",
	      json_pack("{s:i}", "duration", 60000));
	apply("session_end", "D", "2026-11-21T10:05:00-05:00", NULL);
	apply("error", "B", "2026-11-21T10:10:00-05:00",
	      json_pack("{s:s,s:s}", "error", "boom", "context", "api"));
	apply("command_start", "E", "2026-11-22T12:00:00-05:00",
	      json_pack("{s:s}", "command", "git"));
	apply("task_start", "B", "2026-11-22T12:00:00-05:00", NULL);
	apply("session_end", "B", "2026-11-22T12:30:00-05:00", NULL);

	expect(SUMMARY, "schema_version", "1");
	expect(SUMMARY, "total_events", "14");
	expect(SUMMARY, "total_sessions", "2");
	expect(SUMMARY, "total_commands", "3");
	expect(SUMMARY, "total_tasks", "2");
	expect(SUMMARY, "total_errors", "1");
	expect(SUMMARY, "completed_sessions", "2");
	expect(SUMMARY, "total_session_duration", "1860000");
	expect(SUMMARY, "avg_session_duration", "930000.0");
	expect(SUMMARY, "error_rate", "7.142857142857143");
	expect(SUMMARY, "abandoned_sessions", "1");
	expect(SUMMARY, "first_use", "\"2026-11-21T04:50:00.000Z\"");
	expect(SUMMARY, "last_use", "\"2026-11-22T17:30:00.000Z\"");
	expect(SUMMARY, "models_used", "{\"gpt-5\":1,\"claude-sonnet-4-5\":1}");
	expect(SUMMARY, "providers_used", "{\"openai\":1,\"anthropic\":1}");
	expect(SUMMARY, "most_used_commands", "{\"npm\":1,\"ls\":1,\"git\":1}");
	expect(SUMMARY, "command_failures", "{\"npm\":1}");
	expect(SUMMARY, "most_used_tools", "{}");
	expect(SUMMARY, "errors_by_context", "{\"api\":1}");
	expect(SUMMARY, "event_types",
	       "{\"session_start\":3,\"task_start\":2,\"command_start\":3,"
	       "\"command_end\":1,\"session_end\":4,\"error\":1}");
	expect(SUMMARY, "hourly_activity",
	       "[3,0,0,0,0,0,0,0,0,2,3,0,3,0,0,0,0,0,0,0,0,0,0,3]");
	expect(SUMMARY, "open_sessions", "{}");
	expect(SUMMARY, "daily_stats",
	       "{\"2026-11-20\":{\"sessions\":1,\"events\":3,\"commands\":0,"
	       "\"tasks\":1,\"errors\":0,\"total_duration\":1800000,"
	       "\"tokens\":0},"
	       "\"2026-11-21\":{\"sessions\":1,\"events\":8,\"commands\":2,"
	       "\"tasks\":0,\"errors\":1,\"total_duration\":60000,"
	       "\"tokens\":0},"
	       "\"2026-11-22\":{\"sessions\":0,\"events\":3,\"commands\":1,"
	       "\"tasks\":1,\"errors\":0,\"total_duration\":0,\"tokens\":0}}");

	/* A belongs to the day it started; its command counts in its entry
	 * there, and in the counters of the day it ran. */
	expect("usage-2026-11-20.json", "date", "\"2026-11-20\"");
	expect("usage-2026-11-20.json", "sessions",
	       "{\"A\":{\"start_time\":\"2026-11-21T04:50:00.000Z\","
	       "\"model\":\"gpt-5\",\"provider\":\"openai\",\"commands\":1,"
	       "\"tasks\":1,\"errors\":0,\"events\":6,"
	       "\"end_time\":\"2026-11-21T05:20:00.000Z\","
	       "\"duration\":1800000}}");
	expect("usage-2026-11-20.json", "summary",
	       "{\"total_sessions\":1,\"total_events\":3,\"total_commands\":0,"
	       "\"total_tasks\":1,\"total_errors\":0,\"completed_sessions\":1,"
	       "\"total_duration\":1800000,\"models_used\":{\"gpt-5\":1},"
	       "\"providers_used\":{\"openai\":1},\"command_types\":{},"
	       "\"command_failures\":{},\"most_used_tools\":{},"
	       "\"errors_by_context\":{},"
	       "\"event_types\":{\"session_start\":2,\"task_start\":1},"
	       "\"hourly_activity\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
	       "0,0,0,0,3],\"error_count\":0,\"tokens\":{\"input\":0,"
	       "\"cached_input\":0,\"cache_write_input\":0,\"output\":0,"
	       "\"reasoning_output\":0,\"total\":0},\"projects\":{},"
	       "\"tokens_by_model\":{},"
	       "\"first_use\":\"2026-11-21T04:50:00.000Z\","
	       "\"last_use\":\"2026-11-21T04:55:00.000Z\",\"tools\":{},"
	       "\"lines_added\":0,\"lines_removed\":0}");
	/* A day's first and last use are its own events' (local days). */
	expect("usage-2026-11-21.json", "summary.first_use",
	       "\"2026-11-21T05:05:00.000Z\"");
	expect("usage-2026-11-21.json", "summary.last_use",
	       "\"2026-11-21T15:10:00.000Z\"");

	expect("usage-2026-11-21.json", "summary.total_sessions", "1");
	expect("usage-2026-11-21.json", "summary.total_events", "8");
	expect("usage-2026-11-21.json", "summary.total_commands", "2");
	expect("usage-2026-11-21.json", "summary.completed_sessions", "1");
	expect("usage-2026-11-21.json", "summary.total_duration", "60000");
	expect("usage-2026-11-21.json", "summary.total_errors", "1");
	expect("usage-2026-11-21.json", "summary.error_count", "1");
	expect("usage-2026-11-21.json", "summary.command_types",
	       "{\"npm\":1,\"ls\":1}");
	expect("usage-2026-11-21.json", "summary.command_failures",
	       "{\"npm\":1}");
	expect("usage-2026-11-21.json", "summary.models_used",
	       "{\"claude-sonnet-4-5\":1}");
	expect("usage-2026-11-21.json", "sessions.B",
	       "{\"start_time\":\"2026-11-21T14:00:00.000Z\","
	       "\"model\":\"claude-sonnet-4-5\",\"provider\":\"anthropic\","
	       "\"commands\":1,\"tasks\":0,\"errors\":1,\"events\":3,"
	       "\"abandoned\":true}");
	expect("usage-2026-11-21.json", "sessions.C", "-");
	expect("usage-2026-11-21.json", "sessions.D", "-");

	expect("usage-2026-11-22.json", "sessions", "{}");
	expect("usage-2026-11-22.json", "summary.total_events", "3");
	expect("usage-2026-11-22.json", "summary.total_commands", "1");
	expect("usage-2026-11-22.json", "summary.total_tasks", "1");
	expect("usage-2026-11-22.json", "summary.completed_sessions", "0");
	expect("usage-2026-11-22.json", "summary.command_types", "{\"git\":1}");
}
END_TEST

START_TEST(test_usage_apply_repeated_start)
{
	apply("session_start", "S", "2026-11-20T10:00:00Z",
	      json_pack("{s:s,s:s}", "model", "m1", "provider", "p1"));
	apply("session_start", "S", "2026-11-20T10:05:00Z",
	      json_pack("{s:s,s:s}", "model", "m2", "provider", "p2"));

	expect(SUMMARY, "total_sessions", "1");
	expect(SUMMARY, "total_events", "2");
	expect(SUMMARY, "event_types", "{\"session_start\":2}");
	expect(SUMMARY, "models_used", "{\"m1\":1}");
	expect(SUMMARY, "providers_used", "{\"p1\":1}");
	expect(SUMMARY, "open_sessions",
	       "{\"S\":{\"start_time\":\"2026-11-20T10:00:00.000Z\","
	       "\"model\":\"m1\",\"provider\":\"p1\"}}");
	expect("usage-2026-11-20.json", "summary.total_sessions", "1");
	expect("usage-2026-11-20.json", "summary.total_events", "2");
	expect("usage-2026-11-20.json", "sessions.S.model", "\"m1\"");

	/* Ended, the id can start a new session. */
	apply("session_end", "S", "2026-11-20T10:10:00Z", NULL);
	apply("session_start", "S", "2026-11-20T11:00:00Z", NULL);
	expect(SUMMARY, "total_sessions", "2");
	expect(SUMMARY, "models_used", "{\"m1\":1,\"unknown\":1}");
	expect(SUMMARY, "open_sessions.S.provider", "\"unknown\"");
}
END_TEST

START_TEST(test_usage_apply_end_not_open)
{
	apply("session_end", "C", "2026-11-20T10:00:00Z",
	      json_pack("{s:i}", "duration", 90000));
	expect(SUMMARY, "completed_sessions", "1");
	expect(SUMMARY, "total_session_duration", "90000");
	expect(SUMMARY, "avg_session_duration", "90000.0");
	expect(SUMMARY, "total_sessions", "0");
	expect("usage-2026-11-20.json", "summary.completed_sessions", "1");
	expect("usage-2026-11-20.json", "summary.total_duration", "90000");
	expect("usage-2026-11-20.json", "sessions", "{}");
	expect(SUMMARY, "daily_stats.2026-11-20.total_duration", "90000");

	apply("session_end", "D", "2026-11-20T10:05:00Z", NULL);
	expect(SUMMARY, "completed_sessions", "1");
	expect(SUMMARY, "total_session_duration", "90000");
	expect(SUMMARY, "total_events", "2");
	expect(SUMMARY, "event_types", "{\"session_end\":2}");
	expect(SUMMARY, "open_sessions", "{}");
}
END_TEST

START_TEST(test_usage_apply_duration_given)
{
	/* The agent's duration wins over end minus start. */
	apply("session_start", "S", "2026-11-20T10:00:00Z", NULL);
	apply("session_end", "S", "2026-11-20T10:30:00Z",
	      json_pack("{s:i}", "duration", 1234));
	expect(SUMMARY, "total_session_duration", "1234");
	expect("usage-2026-11-20.json", "sessions.S.duration", "1234");

	/* An end before its start (clocks): 0, never negative. */
	apply("session_start", "T", "2026-11-20T11:00:00Z", NULL);
	apply("session_end", "T", "2026-11-20T10:59:00Z", NULL);
	expect("usage-2026-11-20.json", "sessions.T.duration", "0");
	expect(SUMMARY, "completed_sessions", "2");
}
END_TEST

START_TEST(test_usage_apply_abandoned)
{
	apply("session_start", "S", "2026-11-20T10:00:00Z", NULL);
	/* Exactly 24 h: still open. */
	apply("command_start", "S", "2026-11-21T10:00:00Z",
	      json_pack("{s:s}", "command", "ls"));
	expect(SUMMARY, "abandoned_sessions", "0");
	expect("usage-2026-11-20.json", "sessions.S.commands", "1");

	/* One millisecond more: closed as abandoned, before this event. */
	apply("command_start", "S", "2026-11-21T10:00:00.001Z",
	      json_pack("{s:s}", "command", "ls"));
	expect(SUMMARY, "abandoned_sessions", "1");
	expect(SUMMARY, "open_sessions", "{}");
	expect("usage-2026-11-20.json", "sessions.S.abandoned", "true");
	expect("usage-2026-11-20.json", "sessions.S.commands", "1");
	expect("usage-2026-11-20.json", "sessions.S.duration", "-");
	expect("usage-2026-11-20.json", "sessions.S.end_time", "-");
	expect(SUMMARY, "total_commands", "2");

	/* Its end comes too late: not completed, no duration. */
	apply("session_end", "S", "2026-11-21T10:01:00Z", NULL);
	expect(SUMMARY, "completed_sessions", "0");
	expect(SUMMARY, "total_session_duration", "0");
	expect("usage-2026-11-20.json", "summary.completed_sessions", "0");

	/* A start more than 24 h after an open start opens it anew. */
	apply("session_start", "R", "2026-11-22T10:00:00Z", NULL);
	apply("session_start", "R", "2026-11-23T10:00:01Z", NULL);
	expect(SUMMARY, "abandoned_sessions", "2");
	expect(SUMMARY, "total_sessions", "3");
	expect(SUMMARY, "open_sessions.R.start_time",
	       "\"2026-11-23T10:00:01.000Z\"");
	expect("usage-2026-11-22.json", "sessions.R.abandoned", "true");
	expect("usage-2026-11-23.json", "sessions.R.abandoned", "-");
}
END_TEST

START_TEST(test_usage_apply_failures)
{
	apply("command_end", "S", "2026-11-20T10:00:00Z",
	      json_pack("{s:s,s:i}", "command", "make", "exit_code", 2));
	apply("command_end", "S", "2026-11-20T10:01:00Z",
	      json_pack("{s:s,s:i}", "command", "make", "exit_code", 0));
	apply("command_end", "S", "2026-11-20T10:02:00Z",
	      json_pack("{s:s}", "command", "make"));
	/* A failed shell tool (PostToolUseFailure). */
	apply("error", "S", "2026-11-20T10:03:00Z",
	      json_pack("{s:s,s:s,s:s,s:i}", "error", "Exit code 1", "context",
	                "Bash", "command", "false", "exit_code", 1));
	apply("error", "S", "2026-11-20T10:04:00Z",
	      json_pack("{s:s}", "error", "no context"));

	expect(SUMMARY, "command_failures", "{\"make\":1,\"false\":1}");
	expect("usage-2026-11-20.json", "summary.command_failures",
	       "{\"make\":1,\"false\":1}");
	expect(SUMMARY, "errors_by_context", "{\"Bash\":1,\"unknown\":1}");
	expect(SUMMARY, "total_errors", "2");
	expect(SUMMARY, "total_commands", "0");
	expect(SUMMARY, "most_used_commands", "{}");
	expect("usage-2026-11-20.json", "summary.error_count", "2");
}
END_TEST

START_TEST(test_usage_apply_tools)
{
	apply("tool_use", "S", "2026-11-20T10:00:00Z",
	      json_pack("{s:s}", "tool", "Edit"));
	apply("tool_use", "S", "2026-11-20T10:00:01Z",
	      json_pack("{s:s}", "tool", "Edit"));
	apply("tool_end", "S", "2026-11-20T10:00:02Z",
	      json_pack("{s:s}", "tool", "Edit"));
	apply("tool_use", "S", "2026-11-20T10:00:03Z", NULL);
	apply("agent-thing", "S", "2026-11-20T10:00:04Z", NULL);

	expect(SUMMARY, "most_used_tools", "{\"Edit\":2,\"unknown\":1}");
	expect("usage-2026-11-20.json", "summary.most_used_tools",
	       "{\"Edit\":2,\"unknown\":1}");
	expect(SUMMARY, "event_types",
	       "{\"tool_use\":3,\"tool_end\":1,\"agent-thing\":1}");
	expect(SUMMARY, "total_events", "5");
}
END_TEST

/* Tool calls timed: the agent's duration, else Post minus Pre by id. */
START_TEST(test_usage_apply_tool_times)
{
	apply("session_start", "S", "2026-11-20T10:00:00Z", NULL);
	/* Codex: no duration; Pre and Post of one tool_use_id, 1.5 s apart */
	apply("command_start", "S", "2026-11-20T10:00:01Z",
	      json_pack("{s:s,s:s,s:s}", "command", "ls", "tool", "Bash",
	                "tool_use_id", "c1"));
	apply("command_end", "S", "2026-11-20T10:00:02.500Z",
	      json_pack("{s:s,s:s,s:s}", "command", "ls", "tool", "Bash",
	                "tool_use_id", "c1"));
	/* Claude Code: duration_ms given; a non-zero exit is a failure */
	apply("command_start", "S", "2026-11-20T10:00:03Z",
	      json_pack("{s:s,s:s,s:s}", "command", "make", "tool", "Bash",
	                "tool_use_id", "t2"));
	apply("command_end", "S", "2026-11-20T10:00:09Z",
	      json_pack("{s:s,s:i,s:i,s:s,s:s}", "command", "make", "exit_code",
	                2, "duration", 310, "tool", "Bash", "tool_use_id",
	                "t2"));
	/* PostToolUseFailure: the tool is the context */
	apply("tool_use", "S", "2026-11-20T10:00:10Z",
	      json_pack("{s:s,s:s}", "tool", "Read", "tool_use_id", "t3"));
	apply("error", "S", "2026-11-20T10:00:11Z",
	      json_pack("{s:s,s:s,s:s,s:i}", "error", "tool failed", "context",
	                "Read", "tool_use_id", "t3", "duration", 14));
	/* A Post without its Pre, one before its Pre, an id used again */
	apply("tool_end", "S", "2026-11-20T10:00:12Z",
	      json_pack("{s:s,s:s}", "tool", "Edit", "tool_use_id", "nope"));
	apply("tool_use", "S", "2026-11-20T10:00:20Z",
	      json_pack("{s:s,s:s}", "tool", "Edit", "tool_use_id", "t4"));
	apply("tool_use", "S", "2026-11-20T10:00:21Z",
	      json_pack("{s:s,s:s}", "tool", "Edit", "tool_use_id", "t4"));
	apply("tool_end", "S", "2026-11-20T10:00:19Z",
	      json_pack("{s:s,s:s}", "tool", "Edit", "tool_use_id", "t4"));
	/* An agent's own error is no tool call */
	apply("error", "S", "2026-11-20T10:00:30Z",
	      json_pack("{s:s,s:s}", "error", "overloaded", "context", "api"));

	expect(SUMMARY, "tools.Bash",
	       "{\"calls\":2,\"failures\":1,\"total_ms\":1810,"
	       "\"max_ms\":1500}");
	expect(SUMMARY, "tools.Read",
	       "{\"calls\":1,\"failures\":1,\"total_ms\":14,\"max_ms\":14}");
	expect(SUMMARY, "tools.Edit",
	       "{\"calls\":2,\"failures\":0,\"total_ms\":0,\"max_ms\":0}");
	expect(SUMMARY, "tools.api", "-");
	expect("usage-2026-11-20.json", "summary.tools.Bash.total_ms", "1810");
	expect(SUMMARY, "open_sessions.S.tool_calls", "{}");
}
END_TEST

START_TEST(test_usage_apply_name_cap)
{
	char name[32], ts[32];
	json_t *commands;

	for (int i = 0; i < TALLY_MAX_NAMES + 5; i++) {
		snprintf(name, sizeof(name), "cmd%04d", i);
		snprintf(ts, sizeof(ts), "2026-11-20T10:%02d:%02dZ", i / 60,
		         i % 60);
		apply("command_start", "S", ts,
		      json_pack("{s:s}", "command", name));
	}
	/* A name already held keeps counting under its own name. */
	apply("command_start", "S", "2026-11-20T11:00:00Z",
	      json_pack("{s:s}", "command", "cmd0000"));

	commands =
	    json_object_get(docs_peek(docs, SUMMARY), "most_used_commands");
	ck_assert_uint_eq(json_object_size(commands), TALLY_MAX_NAMES + 1);
	expect(SUMMARY, "most_used_commands.(other)", "5");
	expect(SUMMARY, "most_used_commands.cmd0000", "2");
	expect(SUMMARY, "most_used_commands.cmd0999", "1");
	expect(SUMMARY, "most_used_commands.cmd1000", "-");
	expect("usage-2026-11-20.json", "summary.command_types.(other)", "5");
	expect(SUMMARY, "total_commands", "1006");
}
END_TEST

START_TEST(test_usage_apply_daily_90)
{
	char ts[40], date[TIME_DATE_LEN];
	json_t *daily;

	for (int i = 0; i < 95; i++) {
		time_date_add("2026-01-01", i, date);
		snprintf(ts, sizeof(ts), "%sT12:00:00Z", date);
		apply("task_start", "S", ts, NULL);
	}
	daily = json_object_get(docs_peek(docs, SUMMARY), "daily_stats");
	ck_assert_uint_eq(json_object_size(daily), 90);
	/* The five oldest dropped; their day files and the totals keep them. */
	expect(SUMMARY, "daily_stats.2026-01-05", "-");
	expect(SUMMARY, "daily_stats.2026-01-06.tasks", "1");
	expect(SUMMARY, "daily_stats.2026-04-05.events", "1");
	expect("usage-2026-01-01.json", "summary.total_tasks", "1");
	expect(SUMMARY, "total_tasks", "95");

	/* An event older than every kept date is not kept either. */
	apply("task_start", "S", "2025-12-01T12:00:00Z", NULL);
	ck_assert_uint_eq(json_object_size(daily), 90);
	expect(SUMMARY, "daily_stats.2025-12-01", "-");
	expect(SUMMARY, "total_tasks", "96");
}
END_TEST

START_TEST(test_usage_apply_rates)
{
	apply("session_start", "S", "2026-11-20T10:00:00Z", NULL);
	apply("session_end", "S", "2026-11-20T10:00:01Z", NULL);
	apply("session_start", "T", "2026-11-20T10:00:00Z", NULL);
	apply("session_end", "T", "2026-11-20T10:00:02Z", NULL);
	expect(SUMMARY, "avg_session_duration", "1500.0");
	expect(SUMMARY, "error_rate", "0.0");

	apply("error", "T", "2026-11-20T10:00:03Z", NULL);
	apply("error", "T", "2026-11-20T10:00:03Z", NULL);
	apply("error", "T", "2026-11-20T10:00:03Z", NULL);
	expect(SUMMARY, "total_events", "7");
	expect(SUMMARY, "error_rate", "42.857142857142854");
	expect("usage-2026-11-20.json", "summary.error_count", "3");
	expect(SUMMARY, "daily_stats.2026-11-20.errors", "3");
	/* S and T are closed: their entries count no error. */
	expect("usage-2026-11-20.json", "sessions.T.errors", "0");
}
END_TEST

START_TEST(test_usage_apply_hourly_tz)
{
	/* India: UTC+5:30, so 20:00Z is 01:30 the next local day. */
	setenv("TZ", "IST-5:30", 1);
	tzset();
	apply("task_start", "S", "2026-11-20T20:00:00Z", NULL);
	expect(SUMMARY, "hourly_activity.1", "1");
	expect(SUMMARY, "daily_stats.2026-11-21.tasks", "1");
	expect("usage-2026-11-21.json", "summary.hourly_activity.1", "1");
	expect("usage-2026-11-21.json", "date", "\"2026-11-21\"");
	ck_assert_ptr_null(docs_peek(docs, "usage-2026-11-20.json"));

	setenv("TZ", "UTC0", 1);
	tzset();
	apply("task_start", "S", "2026-11-20T20:00:00Z", NULL);
	expect(SUMMARY, "hourly_activity.20", "1");
	expect("usage-2026-11-20.json", "summary.hourly_activity.20", "1");
}
END_TEST

START_TEST(test_usage_apply_first_last)
{
	apply("tool_use", "S", "2026-11-20T10:00:00Z", NULL);
	apply("tool_use", "S", "2026-11-19T10:00:00.5+02:00", NULL);
	apply("tool_use", "S", "2026-11-21T10:00:00Z", NULL);
	apply("tool_use", "S", "2026-11-20T12:00:00Z", NULL);
	expect(SUMMARY, "first_use", "\"2026-11-19T08:00:00.500Z\"");
	expect(SUMMARY, "last_use", "\"2026-11-21T10:00:00.000Z\"");
}
END_TEST

START_TEST(test_usage_apply_ignored)
{
	struct error err = {{0}, 0};
	json_t *recs[] = {
	    json_pack("[]"),
	    json_pack("{s:s}", "type", "task_start"),
	    json_pack("{s:s,s:s}", "type", "task_start", "timestamp",
	              "yesterday"),
	    json_pack("{s:s}", "timestamp", "2026-11-20T10:00:00Z"),
	};

	for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		ck_assert_int_eq(apply_rec(recs[i], &err), 0);
		json_decref(recs[i]);
	}
	ck_assert_ptr_null(docs_peek(docs, SUMMARY));

	/* No session id, no data: an event, no session. */
	recs[0] = json_pack("{s:s,s:s}", "type", "session_start", "timestamp",
	                    "2026-11-20T10:00:00Z");
	ck_assert_int_eq(apply_rec(recs[0], NULL), 0);
	json_decref(recs[0]);
	expect(SUMMARY, "total_events", "1");
	expect(SUMMARY, "total_sessions", "0");
}
END_TEST

START_TEST(test_usage_apply_replay)
{
	struct log_position p1 = {"2026-11-21", 100}, p2 = {"2026-11-21", 200};
	json_t *before, *rec;
	char *a, *b;

	/* A session crossing midnight, as the store replays it. */
	docs_set_position(docs, &p1);
	apply("session_start", "S", "2026-11-20T23:00:00-05:00", NULL);
	docs_set_position(docs, &p2);
	apply("session_end", "S", "2026-11-21T01:00:00-05:00", NULL);
	before = docs_peek(docs, SUMMARY);
	a = json_dumps(before, JSON_SORT_KEYS);

	/* The same line again: every document holds it, nothing changes. */
	rec =
	    json_pack("{s:s,s:s,s:s,s:{}}", "type", "session_end", "session_id",
	              "S", "timestamp", "2026-11-21T01:00:00-05:00", "data");
	ck_assert_int_eq(usage_apply(docs, rec, NULL), 0);
	json_decref(rec);
	b = json_dumps(docs_peek(docs, SUMMARY), JSON_SORT_KEYS);
	ck_assert_str_eq(a, b);
	expect("usage-2026-11-20.json", "summary.completed_sessions", "1");
	expect("usage-2026-11-20.json", "summary.total_duration", "7200000");
	free(a);
	free(b);
}
END_TEST

/* A tokens record of data {model, input, cached_input, output}, from source. */
static void apply_tokens(const char *id, const char *ts, const char *source,
                         const char *model, int input, int cached, int output)
{
	json_t *rec =
	    json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:i,s:i,s:i,s:i}}", "type",
	              "tokens", "session_id", id, "timestamp", ts, "source",
	              source, "data", "model", model, "input", input,
	              "cached_input", cached, "output", output, "total", 1);

	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(apply_rec(rec, NULL), 0);
	json_decref(rec);
}

/*
 * docs/design.md §5a: tokens count in the summary, per model, in the day of the
 * record and in the session's entry of the day it started; they are not
 * events.  total is input + output whatever the record says.
 */
START_TEST(test_usage_apply_tokens)
{
	apply("session_start", "S", "2026-11-20T23:50:00-05:00",
	      json_pack("{s:s}", "model", "gpt-5"));
	apply_tokens("S", "2026-11-21T00:10:00-05:00", "transcript", "gpt-5",
	             1000, 200, 50);
	apply_tokens("S", "2026-11-21T00:20:00-05:00", "transcript",
	             "claude-opus-4-8", 10, 0, 5);
	/* No session: the day and the totals only. */
	apply_tokens("X", "2026-11-21T00:30:00-05:00", "transcript", "gpt-5", 1,
	             1, 1);

	expect(SUMMARY, "total_events", "1");
	expect(SUMMARY, "event_types", "{\"session_start\":1}");
	expect(SUMMARY, "tokens",
	       "{\"input\":1011,\"cached_input\":201,\"cache_write_input\":0,"
	       "\"output\":56,\"reasoning_output\":0,\"total\":1067}");
	expect(SUMMARY, "tokens_by_model.gpt-5.total", "1052");
	expect(SUMMARY, "tokens_by_model.claude-opus-4-8.total", "15");
	expect(SUMMARY, "daily_stats.2026-11-20.tokens", "0");
	expect(SUMMARY, "daily_stats.2026-11-21.tokens", "1067");
	expect("usage-2026-11-21.json", "summary.tokens.total", "1067");
	expect("usage-2026-11-21.json", "summary.tokens_by_model.gpt-5.total",
	       "1052");
	expect("usage-2026-11-21.json",
	       "summary.tokens_by_model.claude-opus-4-8.output", "5");
	expect("usage-2026-11-20.json", "summary.tokens_by_model", "{}");
	expect("usage-2026-11-21.json", "summary.total_events", "0");
	expect("usage-2026-11-20.json", "sessions.S.tokens.total", "1065");
	expect("usage-2026-11-20.json", "sessions.S.tokens.cached_input",
	       "200");
	/* From transcripts: the session is not marked. */
	expect(SUMMARY, "open_sessions.S.token_source", "-");
	apply_tokens("S", "2026-11-21T00:40:00-05:00", "stdin", "gpt-5", 1, 0,
	             0);
	expect(SUMMARY, "open_sessions.S.token_source", "\"hook\"");
}
END_TEST

/*
 * A day file written before day files kept tokens_by_model and first and
 * last use: later records do not half-fill them (a range would then show
 * part of a day as the whole); a new day file has them from the start.
 */
START_TEST(test_usage_apply_older_day_file)
{
	json_t *old = docs_get(docs, "usage-2026-11-21.json");

	ck_assert_int_eq(
	    json_object_set_new(old, "summary",
	                        json_pack("{s:i}", "total_events", 4)),
	    0);
	apply("command_start", "X", "2026-11-21T10:00:00-05:00",
	      json_pack("{s:s}", "command", "ls"));
	apply_tokens("X", "2026-11-21T10:01:00-05:00", "transcript", "gpt-5",
	             10, 0, 5);
	expect("usage-2026-11-21.json", "summary.total_events", "5");
	expect("usage-2026-11-21.json", "summary.tokens.total", "15");
	expect("usage-2026-11-21.json", "summary.first_use", "-");
	expect("usage-2026-11-21.json", "summary.last_use", "-");
	expect("usage-2026-11-21.json", "summary.tokens_by_model", "-");
	expect(SUMMARY, "tokens_by_model.gpt-5.total", "15");

	apply("command_start", "X", "2026-11-22T10:00:00-05:00",
	      json_pack("{s:s}", "command", "ls"));
	expect("usage-2026-11-22.json", "summary.first_use",
	       "\"2026-11-22T15:00:00.000Z\"");
	expect("usage-2026-11-22.json", "summary.tokens_by_model", "{}");
}
END_TEST

/* Apply one record of project (NULL: none); data is stolen (NULL: {}). */
static void apply_in(const char *project, const char *type, const char *id,
                     const char *ts, json_t *data)
{
	json_t *rec = json_pack("{s:s,s:s,s:s,s:s,s:o}", "type", type,
	                        "session_id", id, "timestamp", ts, "source",
	                        "stdin", "data", data ? data : json_object());

	if (project != NULL)
		json_object_set_new(rec, "project", json_string(project));
	ck_assert_int_eq(apply_rec(rec, NULL), 0);
	json_decref(rec);
}

/* docs/design.md §5b: sessions, events, commands and tokens per project. */
START_TEST(test_usage_apply_projects)
{
	apply_in("app", "session_start", "S", "2026-11-20T10:00:00Z", NULL);
	apply_in("app", "command_start", "S", "2026-11-20T10:01:00Z",
	         json_pack("{s:s}", "command", "make"));
	apply_in("lib", "command_start", "S", "2026-11-21T08:02:00Z", NULL);
	apply_in(NULL, "task_start", "S", "2026-11-21T08:03:00Z", NULL);
	apply_in("", "task_start", "S", "2026-11-21T08:03:00Z", NULL);
	apply_in(
	    "app", "tokens", "S", "2026-11-21T08:04:00Z",
	    json_pack("{s:s,s:i,s:i}", "model", "m", "input", 10, "output", 5));
	/* A repeated start is an event, not a session. */
	apply_in("app", "session_start", "S", "2026-11-21T08:05:00Z", NULL);

	expect(SUMMARY, "projects",
	       "{\"app\":{\"sessions\":1,\"events\":3,\"commands\":1,"
	       "\"tasks\":0,\"errors\":0,\"tokens\":15,\"duration\":0},"
	       "\"lib\":{\"sessions\":0,\"events\":1,\"commands\":1,"
	       "\"tasks\":0,\"errors\":0,\"tokens\":0,\"duration\":0}}");
	expect("usage-2026-11-20.json", "summary.projects.app.events", "2");
	expect("usage-2026-11-21.json", "summary.projects.app",
	       "{\"sessions\":0,\"events\":1,\"commands\":0,\"tasks\":0,"
	       "\"errors\":0,\"tokens\":15,\"duration\":0}");
	/* Tasks, errors and the duration of a session that ends. */
	apply_in("app", "task_start", "S", "2026-11-21T08:06:00Z", NULL);
	apply_in("app", "error", "S", "2026-11-21T08:07:00Z", NULL);
	apply_in("app", "session_end", "S", "2026-11-21T08:10:00Z", NULL);
	expect(SUMMARY, "projects.app.tasks", "1");
	expect(SUMMARY, "projects.app.errors", "1");
	expect(SUMMARY, "projects.app.duration", "79800000");
}
END_TEST

/* A session started without a model takes its first tokens' model. */
START_TEST(test_usage_apply_tokens_name_model)
{
	apply("session_start", "S", "2026-11-20T10:00:00Z", NULL);
	apply("session_start", "T", "2026-11-20T10:00:00Z", NULL);
	expect(SUMMARY, "models_used", "{\"unknown\":2}");
	apply_tokens("S", "2026-11-20T10:01:00Z", "transcript",
	             "claude-opus-4-8", 1, 0, 1);
	apply_tokens("S", "2026-11-20T10:02:00Z", "transcript", "gpt-5", 1, 0,
	             1);
	expect(SUMMARY, "models_used", "{\"unknown\":1,\"claude-opus-4-8\":1}");
	expect(SUMMARY, "providers_used", "{\"unknown\":1,\"anthropic\":1}");
	expect(SUMMARY, "open_sessions.S.model", "\"claude-opus-4-8\"");
	expect("usage-2026-11-20.json", "sessions.S.provider", "\"anthropic\"");
	expect("usage-2026-11-20.json", "summary.models_used",
	       "{\"unknown\":1,\"claude-opus-4-8\":1}");
}
END_TEST

START_TEST(test_usage_open_model)
{
	ck_assert_ptr_null(usage_open_model(docs, "S"));
	apply("session_start", "S", "2026-11-20T10:00:00Z",
	      json_pack("{s:s,s:s}", "model", "gpt-5", "provider", "openai"));
	ck_assert_str_eq(usage_open_model(docs, "S"), "gpt-5");
	ck_assert_ptr_null(usage_open_model(docs, "T"));
	ck_assert_ptr_null(usage_open_model(docs, NULL));
	apply("session_end", "S", "2026-11-20T10:10:00Z", NULL);
	ck_assert_ptr_null(usage_open_model(docs, "S"));
}
END_TEST

Suite *usage_apply_suite(void)
{
	Suite *s = suite_create("usage_apply");

	UNIT_CASE(s, "usage_apply", setup, teardown, test_usage_apply_multi_day,
	          test_usage_apply_repeated_start,
	          test_usage_apply_end_not_open,
	          test_usage_apply_duration_given, test_usage_apply_abandoned,
	          test_usage_apply_failures, test_usage_apply_tools,
	          test_usage_apply_tool_times, test_usage_apply_name_cap,
	          test_usage_apply_daily_90, test_usage_apply_rates,
	          test_usage_apply_hourly_tz, test_usage_apply_first_last,
	          test_usage_apply_ignored, test_usage_apply_replay,
	          test_usage_apply_tokens, test_usage_apply_tokens_name_model,
	          test_usage_apply_projects, test_usage_apply_older_day_file);
	UNIT_CASE(s, "usage_open_model", setup, teardown,
	          test_usage_open_model);
	return s;
}
