#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "statusline.h"
#include "suite.h"
#include "timeutil.h"

static char *line_with(const char *payload, const char *summary,
                       const char *today, const char *id, const char *now,
                       int utf8)
{
	struct report_options opts = {.columns = 80, .utf8 = utf8};
	struct statusline_input in = {.session_id = id};
	json_t *p = payload ? json_loads(payload, 0, NULL) : NULL;
	json_t *s = summary ? json_loads(summary, 0, NULL) : NULL;
	json_t *t = today ? json_loads(today, 0, NULL) : NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(time_parse_rfc3339(now, &in.now_ms), 0);
	in.summary = s;
	in.today = t;
	in.session_day = t;
	in.payload = p;
	in.limits =
	    p != NULL ? limits_from_claude(p, "-", "-", in.now_ms) : NULL;
	ck_assert_int_eq(usage_statusline(out, &in, &opts), 0);
	json_decref((json_t *)in.limits);
	fclose(out);
	json_decref(s);
	json_decref(t);
	json_decref(p);
	return buf;
}

static char *line(const char *summary, const char *today, const char *id,
                  const char *now, int utf8)
{
	return line_with(NULL, summary, today, id, now, utf8);
}

#define SUMMARY                                                                \
	"{\"open_sessions\":{\"S\":{\"start_time\":"                           \
	"\"2026-11-25T09:00:00.000Z\"},\"Y\":{\"start_time\":"                 \
	"\"2026-11-24T23:00:00.000Z\"}}}"
#define TODAY                                                                  \
	"{\"sessions\":{\"S\":{\"commands\":5,\"tokens\":{\"total\":12345}}}," \
	"\"summary\":{\"total_sessions\":3,\"total_commands\":42,"             \
	"\"total_duration\":1800000,\"tokens\":{\"total\":1234567}}}"

START_TEST(test_statusline_session)
{
	char *got = line(SUMMARY, TODAY, "S", "2026-11-25T09:12:30Z", 1);

	/* Active: 30 min completed + 12.5 min of S + 9 h 12.5 min of Y today.
	 */
	ck_assert_str_eq(got, "session 12m · 5 cmds · 12.3k tok │ today 3 "
	                      "sessions · 42 cmds · 1.2M tok · 9.9h\n");
	free(got);
}
END_TEST

START_TEST(test_statusline_no_session)
{
	char *got =
	    line(SUMMARY, TODAY, "unknown-id", "2026-11-25T00:00:40Z", 0);

	ck_assert_str_eq(got, "today 3 sessions, 42 cmds, 1.2M tok, 30m\n");
	free(got);
	got = line(SUMMARY, TODAY, NULL, "2026-11-25T00:00:40Z", 0);
	ck_assert_str_eq(got, "today 3 sessions, 42 cmds, 1.2M tok, 30m\n");
	free(got);
}
END_TEST

/* No day file today, or no data at all. */
START_TEST(test_statusline_empty)
{
	char *got = line("{}", NULL, NULL, "2026-11-25T10:00:00Z", 0);

	ck_assert_str_eq(got, "today 0 sessions, 0 cmds, 0 tok, 0s\n");
	free(got);
	got = line(NULL, NULL, "S", "2026-11-25T10:00:00Z", 1);
	ck_assert_str_eq(got, "no usage data yet\n");
	free(got);
}
END_TEST

/*
 * Claude Code 2.1.197's payload (docs/design.md §5d): live tokens and
 * cost for the session, and its plan windows; 5h resets at 15:40 today,
 * the week on Thursday (not within a day: no time shown).
 */
#define PAYLOAD                                                                \
	"{\"session_id\":\"S\",\"cost\":{\"total_cost_usd\":0.08040125,"       \
	"\"total_duration_ms\":3578,\"total_lines_added\":0},"                 \
	"\"context_window\":{\"total_input_tokens\":12349,"                    \
	"\"total_output_tokens\":87,\"used_percentage\":1},\"rate_limits\":{"  \
	"\"five_hour\":{\"used_percentage\":42,\"resets_at\":1795621200},"     \
	"\"seven_day\":{\"used_percentage\":17.4,\"resets_at\":1795798800}}}"

static const struct {
	const char *payload, *summary, *id;
	int utf8;
	const char *want;
} limits_lines[] = {
    {PAYLOAD, SUMMARY, "S", 1,
     "session 12m · 5 cmds · 12.4k tok · $0.08 │ today 3 sessions · 42 "
     "cmds · 1.2M tok · 9.9h │ 5h 42% ↻15:40 · wk 17%\n"},
    {PAYLOAD, SUMMARY, "S", 0,
     "session 12m, 5 cmds, 12.4k tok, $0.08 | today 3 sessions, 42 cmds, "
     "1.2M tok, 9.9h | 5h 42% (15:40), wk 17%\n"},
    /* A session not open yet: the payload's own figures. */
    {PAYLOAD, "{}", "S", 1,
     "session 3s · 5 cmds · 12.4k tok · $0.08 │ today 3 sessions · 42 "
     "cmds · 1.2M tok · 30m │ 5h 42% ↻15:40 · wk 17%\n"},
    {PAYLOAD, NULL, "S", 1,
     "session 3s · 5 cmds · 12.4k tok · $0.08 │ today 3 sessions · 42 "
     "cmds · 1.2M tok · 30m │ 5h 42% ↻15:40 · wk 17%\n"},
    /* No payload (tmux): every agent's windows of the summary; a window
     * whose reset has passed reads as reset. */
    {NULL,
     "{\"limits\":{\"codex\":{\"5h\":{\"used_percent\":12.5,"
     "\"resets_at\":1795596000},\"weekly\":{\"used_percent\":40}},"
     "\"claude\":{\"5h\":{\"used_percent\":42,\"resets_at\":"
     "1795621200}}}}",
     NULL, 1,
     "today 3 sessions · 42 cmds · 1.2M tok · 30m │ claude 5h 42% "
     "↻15:40 · codex 5h reset · codex wk 40%\n"},
    {NULL,
     "{\"limits\":{\"codex\":{\"5h\":{\"used_percent\":12.5,"
     "\"resets_at\":1795621200}}}}",
     NULL, 1, "today 3 sessions · 42 cmds · 1.2M tok · 30m │ 5h 12% ↻15:40\n"},
    /* Claude's payload without windows: Codex's say they are Codex's,
     * Claude's own need no name. */
    {"{\"session_id\":\"S\",\"cost\":{\"total_cost_usd\":0.5}}",
     "{\"limits\":{\"codex\":{\"5h\":{\"used_percent\":12.5,"
     "\"resets_at\":1795621200}}}}",
     "S", 1,
     "session 0s · 5 cmds · 12.3k tok · $0.50 │ today 3 sessions · 42 cmds "
     "· 1.2M tok · 30m │ codex 5h 12% ↻15:40\n"},
    {"{\"session_id\":\"S\",\"cost\":{\"total_cost_usd\":0.5}}",
     "{\"limits\":{\"claude\":{\"5h\":{\"used_percent\":12.5,"
     "\"resets_at\":1795621200}}}}",
     "S", 1,
     "session 0s · 5 cmds · 12.3k tok · $0.50 │ today 3 sessions · 42 cmds "
     "· 1.2M tok · 30m │ 5h 12% ↻15:40\n"},
    /* Token totals whose sum overflows are not figures. */
    {"{\"session_id\":\"S\",\"context_window\":{\"total_input_tokens\":"
     "9223372036854775807,\"total_output_tokens\":10}}",
     "{}", "S", 1, "today 3 sessions · 42 cmds · 1.2M tok · 30m\n"},
};

START_TEST(test_statusline_limits)
{
	char *got = line_with(
	    limits_lines[_i].payload, limits_lines[_i].summary, TODAY,
	    limits_lines[_i].id, "2026-11-25T09:12:30Z", limits_lines[_i].utf8);

	ck_assert_str_eq(got, limits_lines[_i].want);
	free(got);
}
END_TEST

Suite *statusline_suite(void)
{
	Suite *s = suite_create("statusline");

	/* UTC, so that "today" starts at 00:00Z. */
	setenv("TZ", "UTC", 1);
	UNIT_CASE(s, "usage_statusline", NULL, NULL, test_statusline_session,
	          test_statusline_no_session, test_statusline_empty);
	UNIT_LOOP_CASE(s, "usage_statusline", NULL, NULL,
	               {test_statusline_limits,
	                (int)(sizeof(limits_lines) / sizeof(limits_lines[0]))});
	return s;
}
