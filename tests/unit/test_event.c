/*
 * event: every example of docs/design.md §2 as a table (command names,
 * event names, providers, models, UTF-8 cuts), then event_parse() on what
 * real agents send: CODEX_* variables by hand, a Codex hook's compact line,
 * Claude Code's JSON and newline, Codex notify's argument, failed tools
 * (whose error text is never kept), a payload cut short; the merge rules,
 * the privacy rules and the data keys of every type.
 *
 * Each test runs in its own process (Check's fork mode), so setenv() does
 * not leak; the fixture clears every variable the parser reads, since the
 * tests may themselves run under an agent that sets them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

#define T_2026_11_25 1795577288000LL /* 2026-11-25T03:28:08Z */

static const char *const variables[] = {
	"CODEX_EVENT_TYPE", "CODEX_SESSION_ID",	 "CODEX_TIMESTAMP",
	"CODEX_MODEL",	    "CODEX_PROVIDER",	 "CODEX_DURATION",
	"CODEX_COMMAND",    "CODEX_WORKDIR",	 "CODEX_WORKING_DIR",
	"CODEX_EXIT_CODE",  "CODEX_TASK_ID",	 "CODEX_PROMPT",
	"CODEX_SUCCESS",    "CODEX_ERROR",	 "CODEX_CONTEXT",
	"CLAUDE_CODE_SESSION_ID", "CODEX_ANALYTICS_LOG_ARGS",
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void clear_env(void)
{
	int i;

	for (i = 0; i < N(variables); i++)
		unsetenv(variables[i]);
}

/* Parse with stdin text (NULL: none) and a notify argument (NULL: none). */
static int parse(struct event *ev, const char *text, int truncated,
		 const char *notify, struct error *err)
{
	struct event_input in = {0};

	in.stdin_buf = text;
	in.stdin_len = text != NULL ? strlen(text) : 0;
	in.stdin_truncated = truncated;
	in.notify_json = notify;
	return event_parse(ev, &in, err);
}

static void parse_ok(struct event *ev, const char *text, const char *notify)
{
	struct error err = {0};

	ck_assert_msg(parse(ev, text, 0, notify, &err) == 0, "%s", err.what);
	ck_assert_ptr_nonnull(ev->type);
	ck_assert_ptr_nonnull(ev->session_id);
	ck_assert_ptr_nonnull(ev->data);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of obj, sorted and joined by commas. */
static const char *keys(const json_t *obj)
{
	static char buf[512];
	const char *names[32];
	const char *key;
	json_t *v;
	size_t n = 0, i;

	json_object_foreach((json_t *)obj, key, v) {
		(void)v;
		if (n < 32)
			names[n++] = key;
	}
	qsort(names, n, sizeof(names[0]), cmp_str);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, ",");
		strcat(buf, names[i]);
	}
	return buf;
}

static const char *get_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static json_int_t get_int(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
	return json_integer_value(v);
}

/* The record as a log line, for "is this text anywhere" checks. */
static char *record_text(const struct event *ev)
{
	json_t *rec = event_record_new(ev);
	char *s;

	ck_assert_ptr_nonnull(rec);
	s = json_dumps(rec, JSON_COMPACT);
	json_decref(rec);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* ---- event_command_name ---- */

static const struct {
	const char *command;
	const char *name;
} commands[] = {
	/* docs/design.md §2 */
	{"[\"git\",\"status\"]", "git"},
	{"[\"/usr/bin/git\",\"log\"]", "git"},
	{"bash -lc 'cd src && make -j4'", "make"},
	{"[\"bash\",\"-lc\",\"FOO=1 npm test\"]", "npm"},
	{"ls -la", "ls"},
	{"", "unknown"},
	/* more of the same rules */
	{"   ", "unknown"},
	{"[]", "unknown"},
	{"git status", "git"},
	{"/usr/bin/python3 -m pytest", "python3"},
	{"FOO=1 BAR=2 make", "make"},
	{"sh -c \"cd /tmp && ls\"", "ls"},
	{"zsh -ic 'npm run build'", "npm"},
	{"dash -c 'echo hi'", "echo"},
	{"/bin/bash -c 'cargo build'", "cargo"},
	{"bash --norc -c 'make'", "make"},
	{"bash script.sh", "bash"},
	{"bash -c", "bash"},
	{"bash", "bash"},
	{"cd src && cargo test", "cargo"},
	{"cd \"my dir\" && make", "make"},
	{"cd src; make", "make"},
	{"cd src", "cd"},
	{"(cd src && make)", "make"},
	{"bash -lc \"bash -c 'go test ./...'\"", "go"},
	{"[\"bash\",\"-lc\",\"cd /repo && FOO=bar pytest -q\"]", "pytest"},
	{"[\"/bin/sh\",\"-c\",\"rg foo | head\"]", "rg"},
	{"git log | head", "git"},
	{"git log|head", "git"},
	{"# a comment\nls", "ls"},
	{"echo \"a b\" > out", "echo"},
	{"'/opt/my tools/bin/run' x", "run"},
	{"./configure --prefix=/usr", "configure"},
	{"[not json", "[not"},
	{"[\"FOO=1\",\"env\"]", "env"},
	{"  ls", "ls"},
	{"{ make; }", "make"},
	{"/usr/bin/", "unknown"},
};

START_TEST(test_command_name)
{
	char out[64];

	memset(out, 'x', sizeof(out));
	event_command_name(commands[_i].command, out, sizeof(out));
	ck_assert_msg(strcmp(out, commands[_i].name) == 0, "'%s' gave '%s'",
		      commands[_i].command, out);
}
END_TEST

START_TEST(test_command_name_null)
{
	char out[16];

	event_command_name(NULL, out, sizeof(out));
	ck_assert_str_eq(out, "unknown");
}
END_TEST

/* The name fits len, cut to a whole character; control bytes become '?'. */
START_TEST(test_command_name_cut)
{
	char out[5];

	event_command_name("averylongname --x", out, sizeof(out));
	ck_assert_str_eq(out, "aver");
	event_command_name("\xc3\xa9\xc3\xa9\xc3\xa9", out, 4);
	ck_assert_str_eq(out, "\xc3\xa9");
	event_command_name("a\001b", out, sizeof(out));
	ck_assert_str_eq(out, "a?b");
}
END_TEST

/* ---- event_normalise_type ---- */

static const struct {
	const char *name;
	const char *tool;
	const char *type;
} types[] = {
	{"session_start", NULL, "session_start"},
	{"SessionStart", NULL, "session_start"},
	{"sessionstart", NULL, "session_start"},
	{"SESSION_START", NULL, "session_start"},
	{"session_end", NULL, "session_end"},
	{"SessionEnd", NULL, "session_end"},
	{"task_start", NULL, "task_start"},
	{"UserPromptSubmit", NULL, "task_start"},
	{"task_complete", NULL, "task_complete"},
	{"task_end", NULL, "task_complete"},
	{"Stop", NULL, "task_complete"},
	{"stop", NULL, "task_complete"},
	{"agent-turn-complete", NULL, "task_complete"},
	{"command_start", NULL, "command_start"},
	{"exec_before", NULL, "command_start"},
	{"exec.before", NULL, "command_start"},
	{"PreToolUse", "Bash", "command_start"},
	{"PreToolUse", "shell", "command_start"},
	{"PreToolUse", "exec_command", "command_start"},
	{"PreToolUse", "local_shell", "command_start"},
	{"PreToolUse", "shell_command", "command_start"},
	{"PreToolUse", "bash", "command_start"},
	{"command_end", NULL, "command_end"},
	{"command_complete", NULL, "command_end"},
	{"exec_after", NULL, "command_end"},
	{"exec.after", NULL, "command_end"},
	{"PostToolUse", "Bash", "command_end"},
	{"PostToolUse", "shell", "command_end"},
	{"PostToolUse", "exec_command", "command_end"},
	{"PostToolUse", "local_shell", "command_end"},
	{"PostToolUse", "shell_command", "command_end"},
	{"PreToolUse", "Edit", "tool_use"},
	{"PreToolUse", "Write", "tool_use"},
	{"PreToolUse", "apply_patch", "tool_use"},
	{"PreToolUse", "mcp__github__create_issue", "tool_use"},
	{"PreToolUse", NULL, "tool_use"},
	{"patch_before", NULL, "tool_use"},
	{"mcp_tool_before", NULL, "tool_use"},
	{"PostToolUse", "Edit", "tool_end"},
	{"PostToolUse", "mcp__x__y", "tool_end"},
	{"PostToolUse", NULL, "tool_end"},
	{"patch_after", NULL, "tool_end"},
	{"mcp_tool_after", NULL, "tool_end"},
	{"PreModelRequest", NULL, "model_request"},
	{"PostModelRequest", NULL, "model_response"},
	{"error", NULL, "error"},
	{"error_occurred", NULL, "error"},
	{"error.occurred", NULL, "error"},
	{"task_error", NULL, "error"},
	{"PostToolUseFailure", "Bash", "error"},
	{"PostToolUseFailure", "Edit", "error"},
	{"Notification", NULL, NULL},
	{"SubagentStop", NULL, NULL},
	{"PreCompact", NULL, NULL},
	{"", NULL, NULL},
};

START_TEST(test_normalise_type)
{
	const char *t = event_normalise_type(types[_i].name, types[_i].tool);

	if (types[_i].type == NULL)
		ck_assert_msg(t == NULL, "%s gave %s", types[_i].name, t);
	else
		ck_assert_msg(t != NULL && strcmp(t, types[_i].type) == 0,
			      "%s/%s gave %s", types[_i].name,
			      types[_i].tool ? types[_i].tool : "-",
			      t ? t : "NULL");
}
END_TEST

/* ---- event_is_shell_tool ---- */

static const struct {
	const char *tool;
	int shell;
} tools[] = {
	{"Bash", 1},	      {"bash", 1},	      {"shell", 1},
	{"exec_command", 1},  {"local_shell", 1},     {"shell_command", 1},
	{"Edit", 0},	      {"Write", 0},	      {"apply_patch", 0},
	{"mcp__bash__run", 0}, {"BashOutput", 0},     {"", 0},
	{NULL, 0},
};

START_TEST(test_is_shell_tool)
{
	ck_assert_int_eq(event_is_shell_tool(tools[_i].tool), tools[_i].shell);
}
END_TEST

/* ---- event_model_clean ---- */

static const struct {
	const char *model;
	const char *clean;
} models[] = {
	{"claude-opus-4-8[1m]", "claude-opus-4-8"},
	{"claude-sonnet-4-5[1m] ", "claude-sonnet-4-5"},
	{"gpt-5.1-codex", "gpt-5.1-codex"},
	{" gpt-4o ", "gpt-4o"},
	{"model [beta]", "model"},
	{"[1m]", "[1m]"},
	{"a[b]c", "a[b]c"},
	{"openai/gpt-4o", "openai/gpt-4o"},
	{"", ""},
};

START_TEST(test_model_clean)
{
	char *m = event_model_clean(models[_i].model);

	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m, models[_i].clean);
	free(m);
}
END_TEST

/* ---- event_provider_infer ---- */

static const struct {
	const char *model;
	const char *provider;
} providers[] = {
	{"openai/gpt-4o", "openai"},
	{"anthropic/claude-3-opus", "anthropic"},
	{"google/gemini-2.5-pro", "google"},
	{"gpt-4", "openai"},
	{"gpt-4o", "openai"},
	{"GPT-4o", "openai"},
	{"gpt-5.1-codex", "openai"},
	{"codex-mini-latest", "openai"},
	{"o1", "openai"},
	{"o3", "openai"},
	{"o4", "openai"},
	{"o1-preview", "openai"},
	{"o3-mini", "openai"},
	{"o4-mini-high", "openai"},
	{"o1x", "unknown"},
	{"o5", "unknown"},
	{"gpt4", "unknown"},
	{"claude-opus-4-8", "anthropic"},
	{"Claude-3.5-Sonnet", "anthropic"},
	{"gemini-2.5-pro", "google"},
	{"models/gemini-1.5-pro", "google"},
	{"openrouter/anthropic/claude-3.5-sonnet", "anthropic"},
	{"llama3", "unknown"},
	{"unknown", "unknown"},
	{"", "unknown"},
	{NULL, "unknown"},
};

START_TEST(test_provider_infer)
{
	ck_assert_str_eq(event_provider_infer(providers[_i].model),
			 providers[_i].provider);
}
END_TEST

/* ---- event_cut_utf8 and event_utf8_chars ---- */

static const struct {
	const char *in;
	size_t max;
	const char *out;
} cuts[] = {
	{"hello", 256, "hello"},
	{"hello", 3, "hel"},
	{"h\xc3\xa9llo", 2, "h"},
	{"h\xc3\xa9llo", 3, "h\xc3\xa9"},
	{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, "\xe6\x97\xa5"},
	{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6, "\xe6\x97\xa5\xe6\x9c\xac"},
	{"\xf0\x9f\x98\x80", 3, ""},
	{"\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80"},
	{"a\nb\tc\x7f", 10, "a?b?c?"},
	{"Exit code 2\nmake: error", 256, "Exit code 2?make: error"},
	{"\xff\xfeok", 10, "??ok"},
	{"\xc0\xaf", 10, "??"},             /* overlong '/' */
	{"\xed\xa0\x80", 10, "???"},        /* surrogate */
	{"\xf4\x90\x80\x80", 10, "????"},   /* past U+10FFFF */
	{"a\xe6\x97", 10, "a??"},           /* cut sequence */
	{"\xc2\x85x", 10, "?x"},            /* C1 control */
	{"", 5, ""},
	{"abc", 0, ""},
};

START_TEST(test_cut_utf8)
{
	char *s = event_cut_utf8(cuts[_i].in, cuts[_i].max);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, cuts[_i].out);
	ck_assert_uint_le(strlen(s), cuts[_i].max);
	free(s);
}
END_TEST

/* 300 two-byte characters: 128 of them, 256 bytes, never half of one. */
START_TEST(test_cut_utf8_long)
{
	char in[601], *s;
	int i;

	for (i = 0; i < 300; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	in[600] = '\0';
	s = event_cut_utf8(in, 256);
	ck_assert_uint_eq(strlen(s), 256);
	ck_assert_uint_eq(event_utf8_chars(s), 128);
	free(s);
	s = event_cut_utf8(in + 1, 256); /* starts mid-character */
	ck_assert_uint_eq(strlen(s), 255);
	ck_assert_int_eq(s[0], '?');
	ck_assert_uint_eq(event_utf8_chars(s), 128);
	free(s);
}
END_TEST

static const struct {
	const char *s;
	size_t chars;
} counts[] = {
	{"", 0},
	{"hello", 5},
	{"h\xc3\xa9llo", 5},
	{"na\xc3\xafve caf\xc3\xa9", 10},
	{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3},
	{"\xf0\x9f\x98\x80!", 2},
	{"\xff", 1},
	{"a\xe6\x97", 3},
};

START_TEST(test_utf8_chars)
{
	ck_assert_uint_eq(event_utf8_chars(counts[_i].s), counts[_i].chars);
}
END_TEST

/* ---- event_parse ---- */

/* By hand: only the variables. */
START_TEST(test_parse_env)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "session_start", 1);
	setenv("CODEX_SESSION_ID", "s1", 1);
	setenv("CODEX_TIMESTAMP", "2026-11-25T03:28:08Z", 1);
	setenv("CODEX_MODEL", "gpt-4", 1);
	setenv("CODEX_WORKDIR", "/home/u/proj", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, "session_start");
	ck_assert_str_eq(ev.session_id, "s1");
	ck_assert_int_eq(ev.time_ms, T_2026_11_25);
	ck_assert_str_eq(ev.timestamp, "2026-11-25T03:28:08.000Z");
	ck_assert_str_eq(ev.model, "gpt-4");
	ck_assert_str_eq(ev.provider, "openai");
	ck_assert_str_eq(ev.cwd, "/home/u/proj");
	ck_assert_str_eq(ev.source, "env");
	ck_assert_ptr_null(ev.transcript_path);
	ck_assert_str_eq(ev.warning, "");
	ck_assert_str_eq(ev.debug_warning, "");
	event_free(&ev);
}
END_TEST

/* One executor sets only the event type and the timestamp. */
START_TEST(test_parse_env_minimal)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_TIMESTAMP", "2026-11-25T03:28:08Z", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, "task_start");
	ck_assert_ptr_null(ev.model);
	ck_assert_ptr_null(ev.provider);
	ck_assert_ptr_null(ev.cwd);
	ck_assert_str_eq(keys(ev.data), "");
	/* the agent process names the session */
	ck_assert_msg(strncmp(ev.session_id, "agent-", 6) == 0 ||
			      strcmp(ev.session_id, "unknown") == 0,
		      "%s", ev.session_id);
	event_free(&ev);
}
END_TEST

/* The fallback id is stable: two parses in one process agree. */
START_TEST(test_parse_agent_session)
{
	struct event a, b;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	parse_ok(&a, NULL, NULL);
	parse_ok(&b, NULL, NULL);
	ck_assert_str_eq(a.session_id, b.session_id);
	event_free(&a);
	event_free(&b);
}
END_TEST

/* An empty variable counts as unset. */
START_TEST(test_parse_env_empty)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "", 1);
	setenv("CODEX_SESSION_ID", "", 1);
	setenv("CODEX_MODEL", "", 1);
	setenv("CODEX_TIMESTAMP", "", 1);
	setenv("CODEX_DURATION", "", 1);
	parse_ok(&ev, "{\"hook_event_name\":\"SessionEnd\",\"session_id\":"
		      "\"from-stdin\",\"model\":\"claude-opus-4-8\"}",
		 NULL);
	ck_assert_str_eq(ev.type, "session_end");
	ck_assert_str_eq(ev.session_id, "from-stdin");
	ck_assert_str_eq(ev.model, "claude-opus-4-8");
	ck_assert_str_eq(keys(ev.data), "");
	ck_assert_str_eq(ev.debug_warning, "");
	event_free(&ev);
}
END_TEST

/* Codex hook: one compact line, no newline. */
START_TEST(test_parse_codex_hook)
{
	static const char line[] =
		"{\"session_id\":\"019a-codex\",\"transcript_path\":"
		"\"/home/u/.codex/sessions/2026/11/25/rollout-x.jsonl\","
		"\"cwd\":\"/home/u/proj\",\"hook_event_name\":\"PreToolUse\",\"model\":\"gpt-5.1-"
		"codex\",\"permission_mode\":\"bypassPermissions\",\"turn_id\":"
		"\"t7\",\"tool_name\":\"Bash\",\"tool_use_id\":\"call_1\","
		"\"tool_input\":{\"command\":\"cargo test --all\"}}";
	struct event ev;
	char *text;

	parse_ok(&ev, line, NULL);
	ck_assert_str_eq(ev.type, "command_start");
	ck_assert_str_eq(ev.session_id, "019a-codex");
	ck_assert_str_eq(ev.source, "stdin");
	ck_assert_str_eq(ev.cwd, "/home/u/proj");
	ck_assert_str_eq(ev.model, "gpt-5.1-codex");
	ck_assert_str_eq(ev.provider, "openai");
	ck_assert_str_eq(ev.transcript_path,
			 "/home/u/.codex/sessions/2026/11/25/rollout-x.jsonl");
	ck_assert_str_eq(keys(ev.data), "command");
	ck_assert_str_eq(get_str(ev.data, "command"), "cargo");
	text = record_text(&ev);
	ck_assert_ptr_null(strstr(text, "--all"));
	ck_assert_ptr_null(strstr(text, "transcript"));
	free(text);
	event_free(&ev);
}
END_TEST

/* Claude Code: the JSON and a newline; SessionStart carries a model. */
START_TEST(test_parse_claude_session_start)
{
	struct event ev;
	json_t *rec;

	parse_ok(&ev,
		 "{\"session_id\":\"c-1\",\"transcript_path\":"
		 "\"/home/u/.claude/projects/p/c-1.jsonl\",\"cwd\":\"/home/u/p\",\"hook_event_"
		 "name\":\"SessionStart\",\"source\":\"startup\",\"model\":"
		 "\"claude-opus-4-8[1m]\"}\n",
		 NULL);
	ck_assert_str_eq(ev.type, "session_start");
	ck_assert_str_eq(ev.model, "claude-opus-4-8");
	ck_assert_str_eq(ev.provider, "anthropic");
	ck_assert_str_eq(ev.source, "stdin");
	rec = event_record_new(&ev);
	ck_assert_str_eq(keys(rec), "data,session_id,source,timestamp,type");
	ck_assert_str_eq(keys(json_object_get(rec, "data")), "model,provider");
	ck_assert_str_eq(get_str(json_object_get(rec, "data"), "model"),
			 "claude-opus-4-8");
	ck_assert_str_eq(get_str(json_object_get(rec, "data"), "provider"),
			 "anthropic");
	ck_assert_str_eq(get_str(rec, "source"), "stdin");
	ck_assert_str_eq(get_str(rec, "session_id"), "c-1");
	ck_assert_str_eq(get_str(rec, "type"), "session_start");
	ck_assert_str_eq(get_str(rec, "timestamp"), ev.timestamp);
	json_decref(rec);
	event_free(&ev);
}
END_TEST

/* Claude Code's -p SessionStart names no model: "unknown" in the record. */
START_TEST(test_parse_session_start_no_model)
{
	struct event ev;
	json_t *rec;

	parse_ok(&ev, "{\"hook_event_name\":\"SessionStart\",\"session_id\":"
		      "\"c-2\"}\n",
		 NULL);
	ck_assert_ptr_null(ev.model);
	ck_assert_ptr_null(ev.provider);
	rec = event_record_new(&ev);
	ck_assert_str_eq(get_str(json_object_get(rec, "data"), "model"),
			 "unknown");
	ck_assert_str_eq(get_str(json_object_get(rec, "data"), "provider"),
			 "unknown");
	json_decref(rec);
	event_free(&ev);
}
END_TEST

/* Claude Code's status line hands the model as an object. */
START_TEST(test_parse_model_object)
{
	struct event ev;

	parse_ok(&ev, "{\"hook_event_name\":\"SessionStart\",\"model\":{\"id\":"
		      "\"claude-sonnet-4-5\",\"display_name\":\"Sonnet\"}}",
		 NULL);
	ck_assert_str_eq(ev.model, "claude-sonnet-4-5");
	event_free(&ev);
}
END_TEST

/* The provider: the variable, a "name/" prefix, or the name. */
START_TEST(test_parse_provider)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "session_start", 1);
	setenv("CODEX_MODEL", "Ollama/qwen3:32b", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.provider, "ollama");
	event_free(&ev);
	setenv("CODEX_MODEL", "openai/gpt-4o", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.provider, "openai");
	event_free(&ev);
	setenv("CODEX_PROVIDER", "azure", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.provider, "azure");
	ck_assert_str_eq(ev.model, "openai/gpt-4o");
	event_free(&ev);
}
END_TEST

/* Claude Code's UserPromptSubmit: the prompt is counted, never kept. */
START_TEST(test_parse_prompt_privacy)
{
	struct event ev;
	char *text;

	parse_ok(&ev,
		 "{\"session_id\":\"c-1\",\"hook_event_name\":"
		 "\"UserPromptSubmit\",\"prompt\":\"na\xc3\xafve caf\xc3\xa9 secret \xe6\x97\xa5"
		 "\xf0\x9f\x98\x80\"}\n",
		 NULL);
	ck_assert_str_eq(ev.type, "task_start");
	ck_assert_str_eq(keys(ev.data), "prompt_chars");
	ck_assert_int_eq(get_int(ev.data, "prompt_chars"), 20);
	text = record_text(&ev);
	ck_assert_ptr_null(strstr(text, "secret"));
	ck_assert_ptr_null(strstr(text, "caf"));
	free(text);
	event_free(&ev);
}
END_TEST

START_TEST(test_parse_prompt_env)
{
	struct event ev;
	char *text;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_TASK_ID", "task-9", 1);
	setenv("CODEX_PROMPT",
	       "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e password", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(keys(ev.data), "prompt_chars,task_id");
	ck_assert_int_eq(get_int(ev.data, "prompt_chars"), 12);
	ck_assert_str_eq(get_str(ev.data, "task_id"), "task-9");
	text = record_text(&ev);
	ck_assert_ptr_null(strstr(text, "password"));
	free(text);
	event_free(&ev);
}
END_TEST

/* Another executor: pretty JSON on stdin and variables; env wins. */
START_TEST(test_parse_env_wins)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "command_start", 1);
	setenv("CODEX_SESSION_ID", "env-session", 1);
	setenv("CODEX_MODEL", "gpt-4o", 1);
	setenv("CODEX_WORKING_DIR", "/env/dir", 1);
	setenv("CODEX_COMMAND", "[\"git\",\"status\"]", 1);
	setenv("CODEX_TIMESTAMP", "2026-11-25T04:28:08.123456+01:00", 1);
	parse_ok(&ev,
		 "{\n  \"hook_event_name\": \"SessionStart\",\n"
		 "  \"session_id\": \"stdin-session\",\n"
		 "  \"model\": \"claude-opus-4-8\",\n"
		 "  \"cwd\": \"/stdin/dir\",\n"
		 "  \"transcript_path\": \"/t.jsonl\",\n"
		 "  \"tool_input\": {\"command\": \"make\"}\n}\n",
		 NULL);
	ck_assert_str_eq(ev.type, "command_start");
	ck_assert_str_eq(ev.session_id, "env-session");
	ck_assert_str_eq(ev.model, "gpt-4o");
	ck_assert_str_eq(ev.provider, "openai");
	ck_assert_str_eq(ev.cwd, "/env/dir");
	ck_assert_str_eq(ev.transcript_path, "/t.jsonl");
	ck_assert_str_eq(ev.source, "stdin");
	ck_assert_str_eq(ev.timestamp, "2026-11-25T03:28:08.123Z");
	ck_assert_str_eq(get_str(ev.data, "command"), "git");
	event_free(&ev);
}
END_TEST

/* CODEX_WORKDIR wins over CODEX_WORKING_DIR. */
START_TEST(test_parse_workdir)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_WORKDIR", "/a", 1);
	setenv("CODEX_WORKING_DIR", "/b", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.cwd, "/a");
	event_free(&ev);
}
END_TEST

static const struct {
	const char *env_id;
	const char *stdin_id;
	const char *thread_id;
	const char *claude_id;
	const char *id;
} sessions[] = {
	{"e", "s", "t", "c", "e"},
	{NULL, "s", "t", "c", "s"},
	{NULL, NULL, "t", "c", "t"},
	{NULL, NULL, NULL, "c", "c"},
	{"", "", NULL, "c", "c"},
};

/* Session id order: CODEX_SESSION_ID, stdin, notify, CLAUDE_CODE_SESSION_ID. */
START_TEST(test_parse_session_order)
{
	char text[128], notify[128];
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	if (sessions[_i].env_id != NULL)
		setenv("CODEX_SESSION_ID", sessions[_i].env_id, 1);
	if (sessions[_i].claude_id != NULL)
		setenv("CLAUDE_CODE_SESSION_ID", sessions[_i].claude_id, 1);
	snprintf(text, sizeof(text), "{\"session_id\":\"%s\"}",
		 sessions[_i].stdin_id ? sessions[_i].stdin_id : "");
	snprintf(notify, sizeof(notify),
		 "{\"type\":\"agent-turn-complete\",\"thread-id\":\"%s\"}",
		 sessions[_i].thread_id ? sessions[_i].thread_id : "");
	parse_ok(&ev, text, notify);
	ck_assert_str_eq(ev.session_id, sessions[_i].id);
	event_free(&ev);
}
END_TEST

/* Codex notify: the JSON as the last argument, stdin /dev/null. */
START_TEST(test_parse_notify)
{
	struct event ev;
	char *text;

	parse_ok(&ev, NULL,
		 "{\"type\":\"agent-turn-complete\",\"thread-id\":\"019a-t\","
		 "\"turn-id\":\"turn-3\",\"cwd\":\"/home/u/proj\",\"client\":"
		 "\"codex-tui\",\"input-messages\":[\"rename the secret "
		 "thing\"],\"last-assistant-message\":\"done, private\"}");
	ck_assert_str_eq(ev.type, "task_complete");
	ck_assert_str_eq(ev.session_id, "019a-t");
	ck_assert_str_eq(ev.source, "notify");
	ck_assert_str_eq(ev.cwd, "/home/u/proj");
	ck_assert_str_eq(keys(ev.data), "task_id");
	ck_assert_str_eq(get_str(ev.data, "task_id"), "turn-3");
	text = record_text(&ev);
	ck_assert_ptr_null(strstr(text, "secret"));
	ck_assert_ptr_null(strstr(text, "private"));
	free(text);
	event_free(&ev);
}
END_TEST

/* Claude Code's PostToolUseFailure payload. */
#define FAILED(tool, input, error)                                             \
	"{\"session_id\":\"c-1\",\"hook_event_name\":"                         \
	"\"PostToolUseFailure\",\"tool_name\":\"" tool                         \
	"\",\"tool_input\":" input ",\"error\":" error "}\n"

/*
 * Error events with a tool and a text.  A failed tool's error is its output:
 * only "Exit code N" (or "tool failed") is stored, never a byte of the text;
 * an agent's own error keeps its text.  secret: a string that must not be
 * anywhere in the record.
 */
static const struct {
	const char *var, *value; /* one variable set besides stdin, or NULL */
	const char *text;        /* stdin */
	const char *keys;
	const char *error;
	const char *context;     /* NULL: not checked */
	int code;                /* -1: no exit_code */
	const char *command;     /* NULL: not checked */
	const char *secret;
} failures[] = {
	/* Claude Code: a Bash tool that failed */
	{NULL, NULL,
	 FAILED("Bash", "{\"command\":\"cd src && make -j4\"}",
		"\"Exit code 2\\nmake: *** [all] Error 2\""),
	 "command,context,error,exit_code", "Exit code 2", "Bash", 2, "make",
	 "[all]"},
	/* a failing `cat .env` prints the secrets it was asked to show */
	{NULL, NULL,
	 FAILED("Bash", "{\"command\":\"cat .env\"}",
		"\"Exit code 1\\nAPI_KEY=sk-secret\\n\""),
	 "command,context,error,exit_code", "Exit code 1", "Bash", 1, "cat",
	 "sk-secret"},
	/* no "Exit code N" prefix: a fixed text, no exit_code */
	{NULL, NULL,
	 FAILED("Bash", "{\"command\":\"sleep 999\"}",
		"\"Command timed out: sk-secret\""),
	 "command,context,error", "tool failed", "Bash", -1, "sleep",
	 "sk-secret"},
	/* other tools: the tool is the context, the text is dropped */
	{NULL, NULL,
	 FAILED("Edit", "{\"file_path\":\"/x\"}",
		"\"String to replace not found: API_KEY=sk-secret\""),
	 "context,error", "tool failed", "Edit", -1, NULL, "sk-secret"},
	{NULL, NULL,
	 FAILED("Read", "{\"file_path\":\".env\"}",
		"\"Exit code 1\\nAPI_KEY=sk-secret\""),
	 "context,error,exit_code", "Exit code 1", "Read", 1, NULL,
	 "sk-secret"},
	{NULL, NULL,
	 FAILED("mcp__db__query", "{}", "{\"message\":\"sk-secret\"}"),
	 "context,error", "tool failed", "mcp__db__query", -1, NULL,
	 "sk-secret"},
	/* an integer exit code in tool_response; its text is never read */
	{NULL, NULL,
	 "{\"hook_event_name\":\"PostToolUseFailure\",\"tool_name\":"
	 "\"exec_command\",\"tool_input\":{\"command\":[\"cat\",\".env\"]},"
	 "\"tool_response\":{\"exit_code\":3,\"stdout\":\"sk-secret\"},"
	 "\"error\":\"sk-secret\"}",
	 "command,context,error,exit_code", "Exit code 3", "exec_command", 3,
	 "cat", "sk-secret"},
	/* the environment renames the event: stdin's error is still output */
	{"CODEX_EVENT_TYPE", "error",
	 FAILED("Bash", "{\"command\":\"cat .env\"}",
		"\"Exit code 1\\nAPI_KEY=sk-secret\""),
	 "command,context,error,exit_code", "Exit code 1", "Bash", 1, "cat",
	 "sk-secret"},
	/* CODEX_ERROR beside a tool failure is no more than its code */
	{"CODEX_ERROR", "Exit code 5\nAPI_KEY=sk-secret",
	 FAILED("Bash", "{\"command\":\"cat .env\"}", "\"x\""),
	 "command,context,error,exit_code", "Exit code 5", "Bash", 5, "cat",
	 "sk-secret"},
	/* an agent's own error keeps its text, cut and cleaned */
	{NULL, NULL,
	 "{\"hook_event_name\":\"error\",\"error\":\"rate limited\\n\"}",
	 "error", "rate limited?", NULL, -1, NULL, NULL},
	{NULL, NULL,
	 "{\"hook_event_name\":\"error\",\"error\":{\"message\":\"no "
	 "network\"}}",
	 "error", "no network", NULL, -1, NULL, NULL},
	{"CODEX_ERROR", "model overloaded",
	 "{\"hook_event_name\":\"task_error\",\"tool_name\":\"Bash\"}",
	 "context,error", "model overloaded", "Bash", -1, NULL, NULL},
};

START_TEST(test_parse_tool_failure)
{
	struct event ev;
	char *rec;

	if (failures[_i].var != NULL)
		setenv(failures[_i].var, failures[_i].value, 1);
	parse_ok(&ev, failures[_i].text, NULL);
	ck_assert_str_eq(ev.type, "error");
	ck_assert_str_eq(keys(ev.data), failures[_i].keys);
	ck_assert_str_eq(get_str(ev.data, "error"), failures[_i].error);
	if (failures[_i].context != NULL)
		ck_assert_str_eq(get_str(ev.data, "context"),
				 failures[_i].context);
	if (failures[_i].code >= 0)
		ck_assert_int_eq(get_int(ev.data, "exit_code"),
				 failures[_i].code);
	if (failures[_i].command != NULL)
		ck_assert_str_eq(get_str(ev.data, "command"),
				 failures[_i].command);
	rec = record_text(&ev);
	if (failures[_i].secret != NULL)
		ck_assert_msg(strstr(rec, failures[_i].secret) == NULL, "%s",
			      rec);
	free(rec);
	event_free(&ev);
}
END_TEST

/* Error text and context: at most 256 bytes of valid UTF-8. */
START_TEST(test_parse_error_cut)
{
	char text[1001], ctx[601];
	struct event ev;
	int i;

	for (i = 0; i < 500; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2);
	text[1000] = '\0';
	memset(ctx, 'c', 600);
	ctx[600] = '\0';
	setenv("CODEX_EVENT_TYPE", "error_occurred", 1);
	setenv("CODEX_ERROR", text, 1);
	setenv("CODEX_CONTEXT", ctx, 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, "error");
	ck_assert_str_eq(keys(ev.data), "context,error");
	ck_assert_uint_eq(strlen(get_str(ev.data, "error")), 256);
	ck_assert_uint_eq(event_utf8_chars(get_str(ev.data, "error")), 128);
	ck_assert_uint_eq(strlen(get_str(ev.data, "context")), 256);
	event_free(&ev);
}
END_TEST

/* Only the command's name, unless CODEX_ANALYTICS_LOG_ARGS=1. */
START_TEST(test_parse_command_privacy)
{
	struct event ev;
	char *text;

	setenv("CODEX_EVENT_TYPE", "exec_before", 1);
	setenv("CODEX_COMMAND", "[\"git\",\"commit\",\"-m\",\"secret\"]", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, "command_start");
	ck_assert_str_eq(keys(ev.data), "command");
	ck_assert_str_eq(get_str(ev.data, "command"), "git");
	text = record_text(&ev);
	ck_assert_ptr_null(strstr(text, "secret"));
	free(text);
	event_free(&ev);

	setenv("CODEX_ANALYTICS_LOG_ARGS", "0", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(keys(ev.data), "command");
	event_free(&ev);
}
END_TEST

START_TEST(test_parse_log_args)
{
	struct event ev;
	json_t *argv;

	setenv("CODEX_ANALYTICS_LOG_ARGS", "1", 1);
	setenv("CODEX_EVENT_TYPE", "command_start", 1);
	setenv("CODEX_COMMAND", "[\"git\",\"commit\",\"-m\",\"a msg\"]", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(keys(ev.data), "argv,command");
	argv = json_object_get(ev.data, "argv");
	ck_assert_uint_eq(json_array_size(argv), 4);
	ck_assert_str_eq(json_string_value(json_array_get(argv, 3)), "a msg");
	event_free(&ev);

	/* a plain string: its shell words */
	setenv("CODEX_COMMAND", "bash -lc 'cd src && make -j4'", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(get_str(ev.data, "command"), "make");
	argv = json_object_get(ev.data, "argv");
	ck_assert_uint_eq(json_array_size(argv), 3);
	ck_assert_str_eq(json_string_value(json_array_get(argv, 2)),
			 "cd src && make -j4");
	event_free(&ev);
}
END_TEST

/* exec_after: name, exit code and duration from the variables. */
START_TEST(test_parse_command_end_env)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "exec.after", 1);
	setenv("CODEX_COMMAND", "npm test", 1);
	setenv("CODEX_EXIT_CODE", "3", 1);
	setenv("CODEX_DURATION", "1234.9", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, "command_end");
	ck_assert_str_eq(keys(ev.data), "command,duration,exit_code");
	ck_assert_str_eq(get_str(ev.data, "command"), "npm");
	ck_assert_int_eq(get_int(ev.data, "exit_code"), 3);
	ck_assert_int_eq(get_int(ev.data, "duration"), 1234);
	event_free(&ev);
}
END_TEST

static const struct {
	const char *response;
	int has_code;
	int code;
} responses[] = {
	{"{\"exit_code\":1,\"stdout\":\"private output\"}", 1, 1},
	{"{\"exitCode\":127}", 1, 127},
	{"{\"exit_code\":\"1\"}", 0, 0},
	{"{\"stdout\":\"\",\"stderr\":\"\",\"interrupted\":false}", 0, 0},
	{"\"a string\"", 0, 0},
};

/* PostToolUse of a shell tool: the exit code from tool_response. */
START_TEST(test_parse_command_end_stdin)
{
	char text[512];
	struct event ev;
	char *rec;

	snprintf(text, sizeof(text),
		 "{\"hook_event_name\":\"PostToolUse\",\"tool_name\":"
		 "\"exec_command\",\"tool_input\":{\"command\":"
		 "[\"bash\",\"-lc\",\"pytest -q\"]},\"tool_response\":%s}",
		 responses[_i].response);
	parse_ok(&ev, text, NULL);
	ck_assert_str_eq(ev.type, "command_end");
	ck_assert_str_eq(get_str(ev.data, "command"), "pytest");
	if (responses[_i].has_code) {
		ck_assert_str_eq(keys(ev.data), "command,exit_code");
		ck_assert_int_eq(get_int(ev.data, "exit_code"),
				 responses[_i].code);
	} else {
		ck_assert_str_eq(keys(ev.data), "command");
	}
	rec = record_text(&ev);
	ck_assert_ptr_null(strstr(rec, "private"));
	free(rec);
	event_free(&ev);
}
END_TEST

static const struct {
	const char *value;
	int valid;
	long long ms;
} durations[] = {
	{"1234", 1, 1234},  {"1234.5", 1, 1234}, {"0", 1, 0},
	{"1234.", 1, 1234}, {"abc", 0, 0},	 {"-5", 0, 0},
	{"12ms", 0, 0},	    {"1e3", 0, 0},	 {".5", 0, 0},
};

/* session_end: {duration}, from CODEX_DURATION, truncated. */
START_TEST(test_parse_duration)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "session_end", 1);
	setenv("CODEX_DURATION", durations[_i].value, 1);
	parse_ok(&ev, NULL, NULL);
	if (durations[_i].valid) {
		ck_assert_str_eq(keys(ev.data), "duration");
		ck_assert_int_eq(get_int(ev.data, "duration"),
				 durations[_i].ms);
		ck_assert_str_eq(ev.debug_warning, "");
	} else {
		ck_assert_str_eq(keys(ev.data), "");
		ck_assert_str_ne(ev.debug_warning, "");
	}
	ck_assert_str_eq(ev.warning, "");
	event_free(&ev);
}
END_TEST

/* task_complete: {task_id, success, duration}. */
START_TEST(test_parse_task_complete)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_end", 1);
	setenv("CODEX_TASK_ID", "t-1", 1);
	setenv("CODEX_SUCCESS", "true", 1);
	setenv("CODEX_DURATION", "5000", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, "task_complete");
	ck_assert_str_eq(keys(ev.data), "duration,success,task_id");
	ck_assert(json_is_true(json_object_get(ev.data, "success")));
	event_free(&ev);
	setenv("CODEX_SUCCESS", "false", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert(json_is_false(json_object_get(ev.data, "success")));
	event_free(&ev);
	setenv("CODEX_SUCCESS", "maybe", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(keys(ev.data), "duration,task_id");
	ck_assert_str_ne(ev.debug_warning, "");
	event_free(&ev);
}
END_TEST

/* Claude Code's Stop: no task id, nothing but the event. */
START_TEST(test_parse_stop)
{
	struct event ev;

	parse_ok(&ev,
		 "{\"session_id\":\"c\",\"transcript_path\":\"/t\","
		 "\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}\n",
		 NULL);
	ck_assert_str_eq(ev.type, "task_complete");
	ck_assert_str_eq(keys(ev.data), "");
	ck_assert_str_eq(ev.transcript_path, "/t");
	event_free(&ev);
}
END_TEST

static const struct {
	const char *text;
	const char *type;
	const char *tool;
} tool_events[] = {
	{"{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Edit\"}",
	 "tool_use", "Edit"},
	{"{\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"mcp__gh__pr\"}",
	 "tool_end", "mcp__gh__pr"},
	{"{\"hook_event_name\":\"patch_before\"}", "tool_use", "apply_patch"},
	{"{\"hook_event_name\":\"patch_after\"}", "tool_end", "apply_patch"},
	{"{\"hook_event_name\":\"mcp_tool_before\"}", "tool_use", "mcp"},
	{"{\"hook_event_name\":\"mcp_tool_after\"}", "tool_end", "mcp"},
	{"{\"hook_event_name\":\"PreToolUse\"}", "tool_use", NULL},
};

START_TEST(test_parse_tools)
{
	struct event ev;

	parse_ok(&ev, tool_events[_i].text, NULL);
	ck_assert_str_eq(ev.type, tool_events[_i].type);
	if (tool_events[_i].tool != NULL) {
		ck_assert_str_eq(keys(ev.data), "tool");
		ck_assert_str_eq(get_str(ev.data, "tool"),
				 tool_events[_i].tool);
	} else {
		ck_assert_str_eq(keys(ev.data), "");
	}
	event_free(&ev);
}
END_TEST

/* Codex's PostModelRequest: status in data, token counts beside it. */
START_TEST(test_parse_model_response)
{
	struct event ev;

	parse_ok(&ev,
		 "{\"hook_event_name\":\"PostModelRequest\","
		 "\"session_id\":\"x\",\"model\":\"gpt-5.1-codex\","
		 "\"status\":\"completed\",\"token_usage\":{"
		 "\"input_tokens\":100,\"cached_input_tokens\":40,\"output_tokens\":7,\"reasoning_output_tokens\":3,"
		 "\"total_tokens\":107,\"extra\":\"no\"}}",
		 NULL);
	ck_assert_str_eq(ev.type, "model_response");
	ck_assert_str_eq(keys(ev.data), "status");
	ck_assert_str_eq(get_str(ev.data, "status"), "completed");
	ck_assert_ptr_nonnull(ev.token_usage);
	ck_assert_str_eq(keys(ev.token_usage),
			 "cached_input_tokens,input_tokens,output_tokens,"
			 "reasoning_output_tokens,total_tokens");
	ck_assert_int_eq(get_int(ev.token_usage, "input_tokens"), 100);
	event_free(&ev);
	parse_ok(&ev, "{\"hook_event_name\":\"PreModelRequest\"}", NULL);
	ck_assert_str_eq(ev.type, "model_request");
	ck_assert_str_eq(keys(ev.data), "");
	ck_assert_ptr_null(ev.token_usage);
	event_free(&ev);
}
END_TEST

/*
 * The data keys of every type, exactly, with every variable set: nothing a
 * type does not own leaks into its data.
 */
static const struct {
	const char *type;
	const char *keys;
} data_keys[] = {
	{"session_start", ""},
	{"session_end", "duration"},
	{"task_start", "prompt_chars,task_id"},
	{"task_complete", "duration,success,task_id"},
	{"command_start", "command"},
	{"command_end", "command,duration,exit_code"},
	{"tool_use", ""},
	{"tool_end", ""},
	{"error", "context,error"},
	{"model_request", ""},
	{"model_response", ""},
	{"SubagentStop", ""},
};

START_TEST(test_parse_data_keys)
{
	struct event ev;
	json_t *rec;

	setenv("CODEX_EVENT_TYPE", data_keys[_i].type, 1);
	setenv("CODEX_SESSION_ID", "s", 1);
	setenv("CODEX_MODEL", "gpt-4", 1);
	setenv("CODEX_DURATION", "10", 1);
	setenv("CODEX_COMMAND", "ls -la", 1);
	setenv("CODEX_EXIT_CODE", "0", 1);
	setenv("CODEX_TASK_ID", "t", 1);
	setenv("CODEX_PROMPT", "p", 1);
	setenv("CODEX_SUCCESS", "true", 1);
	setenv("CODEX_ERROR", "e", 1);
	setenv("CODEX_CONTEXT", "c", 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_str_eq(ev.type, data_keys[_i].type);
	ck_assert_str_eq(keys(ev.data), data_keys[_i].keys);
	rec = event_record_new(&ev);
	ck_assert_str_eq(keys(rec), "data,session_id,source,timestamp,type");
	if (strcmp(ev.type, "session_start") == 0)
		ck_assert_str_eq(keys(json_object_get(rec, "data")),
				 "model,provider");
	else
		ck_assert(json_equal(json_object_get(rec, "data"), ev.data));
	json_decref(rec);
	event_free(&ev);
}
END_TEST

/* An event the table does not know keeps its name, cut and cleaned. */
START_TEST(test_parse_unknown_type)
{
	char name[200];
	struct event ev;

	parse_ok(&ev, "{\"hook_event_name\":\"Notification\",\"message\":"
		      "\"Claude needs your permission\"}",
		 NULL);
	ck_assert_str_eq(ev.type, "Notification");
	ck_assert_str_eq(keys(ev.data), "");
	event_free(&ev);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	name[3] = '\n';
	setenv("CODEX_EVENT_TYPE", name, 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_uint_eq(strlen(ev.type), 64);
	ck_assert_int_eq(ev.type[3], '?');
	event_free(&ev);
}
END_TEST

static const struct {
	const char *value;
	const char *timestamp; /* NULL: the current time, with a debug note */
} stamps[] = {
	{"2026-11-25T03:28:08Z", "2026-11-25T03:28:08.000Z"},
	{"2026-11-25T03:28:08.123456789Z", "2026-11-25T03:28:08.123Z"},
	{"2026-11-24T22:58:08.5-04:30", "2026-11-25T03:28:08.500Z"},
	{"2026-11-25t04:28:08.9+01:00", "2026-11-25T03:28:08.900Z"},
	{"yesterday", NULL},
	{"2026-02-30T00:00:00Z", NULL},
	{"2026-11-25T03:28:08", NULL},
	{"1764041288", NULL},
};

START_TEST(test_parse_timestamp)
{
	int64_t before = time_now_ms(), after;
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_TIMESTAMP", stamps[_i].value, 1);
	parse_ok(&ev, NULL, NULL);
	after = time_now_ms();
	ck_assert_str_eq(ev.warning, "");
	if (stamps[_i].timestamp != NULL) {
		ck_assert_str_eq(ev.timestamp, stamps[_i].timestamp);
		ck_assert_str_eq(ev.debug_warning, "");
	} else {
		ck_assert(ev.time_ms >= before && ev.time_ms <= after);
		ck_assert_ptr_nonnull(
			strstr(ev.debug_warning, "CODEX_TIMESTAMP"));
	}
	event_free(&ev);
}
END_TEST

START_TEST(test_parse_timestamp_missing)
{
	int64_t before = time_now_ms(), after;
	struct event ev;
	char buf[TIME_UTC_LEN];

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	parse_ok(&ev, NULL, NULL);
	after = time_now_ms();
	ck_assert(ev.time_ms >= before && ev.time_ms <= after);
	time_format_utc(ev.time_ms, buf);
	ck_assert_str_eq(ev.timestamp, buf);
	ck_assert_str_eq(ev.debug_warning, "");
	event_free(&ev);
}
END_TEST

/* Unparseable stdin beside CODEX_EVENT_TYPE: a warning, the env event. */
START_TEST(test_parse_bad_stdin_env)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "session_end", 1);
	setenv("CODEX_SESSION_ID", "s", 1);
	parse_ok(&ev, "this is not json\n", NULL);
	ck_assert_str_eq(ev.type, "session_end");
	ck_assert_str_eq(ev.source, "env");
	ck_assert_str_ne(ev.warning, "");
	event_free(&ev);
	parse_ok(&ev, "[1,2,3]", NULL); /* JSON, but not an object */
	ck_assert_str_ne(ev.warning, "");
	ck_assert_str_eq(ev.source, "env");
	event_free(&ev);
}
END_TEST

/* ... and without an event type anywhere: -1 and why. */
START_TEST(test_parse_bad_stdin_no_type)
{
	struct error err = {0};
	struct event ev;

	ck_assert_int_eq(parse(&ev, "{\"hook_event_name\":", 0, NULL, &err),
			 -1);
	ck_assert_ptr_nonnull(strstr(err.what, "no event type"));
	ck_assert_ptr_null(ev.type);
}
END_TEST

START_TEST(test_parse_no_type)
{
	struct error err = {0};
	struct event ev;

	ck_assert_int_eq(parse(&ev, NULL, 0, NULL, &err), -1);
	ck_assert_str_eq(
		err.what, "no event type in the environment, stdin or arguments");
	ck_assert_int_eq(parse(&ev, "{\"session_id\":\"s\"}", 0, NULL, &err),
			 -1);
	ck_assert_int_eq(parse(&ev, "  \n", 0, NULL, &err), -1);
	ck_assert_int_eq(event_parse(&ev, NULL, &err), -1);
}
END_TEST

/* Whitespace on stdin is no payload: no warning. */
START_TEST(test_parse_blank_stdin)
{
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	parse_ok(&ev, "\n", NULL);
	ck_assert_str_eq(ev.source, "env");
	ck_assert_str_eq(ev.warning, "");
	event_free(&ev);
}
END_TEST

/*
 * A payload cut short (at the size cap or the read deadline): the members
 * before the cut are used (hook_event_name, session_id, and here tool_input,
 * which ends before it).
 */
START_TEST(test_parse_truncated)
{
	struct error err = {0};
	struct event ev;

	ck_assert_int_eq(
		parse(&ev,
		      "{\"hook_event_name\":\"PostToolUse\","
		      "\"session_id\":\"s9\",\"cwd\":\"/p\",\"tool_name\":\"Bash\",\"tool_input\":{"
		      "\"command\":\"ls -R /\"},\"tool_response\":{\"stdout\":"
		      "\"aaaaaaaaaaaaaaaaaaaaaaaaaa",
		      1, NULL, &err),
		0);
	ck_assert_str_eq(ev.type, "command_end");
	ck_assert_str_eq(ev.session_id, "s9");
	ck_assert_str_eq(ev.cwd, "/p");
	ck_assert_str_eq(ev.source, "stdin");
	ck_assert_str_eq(keys(ev.data), "command");
	ck_assert_str_eq(get_str(ev.data, "command"), "ls");
	ck_assert_str_ne(ev.warning, "");
	event_free(&ev);
}
END_TEST

/* Cut inside a member: the scan stops there; a cut number is not taken. */
START_TEST(test_parse_truncated_mid_member)
{
	struct error err = {0};
	struct event ev;

	ck_assert_int_eq(parse(&ev,
			       "{\"hook_event_name\":\"Stop\","
			       "\"session_id\":\"s1\",\"n\":12",
			       1, NULL, &err),
			 0);
	ck_assert_str_eq(ev.type, "task_complete");
	ck_assert_str_eq(ev.session_id, "s1");
	event_free(&ev);
	/* the event name itself is cut: nothing to go on */
	ck_assert_int_eq(parse(&ev, "{\"session_id\":\"s1\",\"hook_event_na",
			       1, NULL, &err),
			 -1);
	/* ... unless the environment names the event */
	setenv("CODEX_EVENT_TYPE", "SessionEnd", 1);
	ck_assert_int_eq(parse(&ev, "{\"session_id\":\"s1\",\"hook_event_na",
			       1, NULL, &err),
			 0);
	ck_assert_str_eq(ev.type, "session_end");
	ck_assert_str_eq(ev.session_id, "s1");
	event_free(&ev);
}
END_TEST

/* Braces and quotes inside strings do not fool the salvage. */
START_TEST(test_parse_truncated_strings)
{
	struct error err = {0};
	struct event ev;

	ck_assert_int_eq(
		parse(&ev,
		      "{\"x\":\"}{\\\"\",\"hook_event_name\":"
		      "\"UserPromptSubmit\",\"prompt\":\"\\\"}\","
		      "\"session_id\":\"s\\u00e9\",\"tool_in",
		      1, NULL, &err),
		0);
	ck_assert_str_eq(ev.type, "task_start");
	ck_assert_str_eq(ev.session_id, "s\xc3\xa9");
	ck_assert_int_eq(get_int(ev.data, "prompt_chars"), 2);
	event_free(&ev);
}
END_TEST

/* Every string an agent hands over is cut; ids keep at most 128 bytes. */
START_TEST(test_parse_long_fields)
{
	char id[400];
	struct event ev;

	memset(id, 'i', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_SESSION_ID", id, 1);
	setenv("CODEX_TASK_ID", id, 1);
	setenv("CODEX_MODEL", id, 1);
	parse_ok(&ev, NULL, NULL);
	ck_assert_uint_eq(strlen(ev.session_id), 128);
	ck_assert_uint_eq(strlen(ev.model), 128);
	ck_assert_uint_eq(strlen(get_str(ev.data, "task_id")), 128);
	event_free(&ev);
}
END_TEST

/*
 * A reply jansson will not load (invalid UTF-8, a number past 64 bits):
 * the members read are recorded, with a warning.
 */
START_TEST(test_parse_notify_unloadable)
{
	struct event ev;

	parse_ok(&ev, NULL,
		 "{\"type\":\"agent-turn-complete\",\"thread-id\":\"t9\","
		 "\"turn-id\":\"u1\",\"input-messages\":[1e999999,"
		 "99999999999999999999],\"last-assistant-message\":\"bad \xff "
		 "byte\",\"cwd\":\"/home/u/p\"}");
	ck_assert_str_eq(ev.type, "task_complete");
	ck_assert_str_eq(ev.session_id, "t9");
	ck_assert_str_eq(ev.source, "notify");
	ck_assert_str_eq(ev.cwd, "/home/u/p");
	ck_assert_str_eq(get_str(ev.data, "task_id"), "u1");
	ck_assert_ptr_nonnull(strstr(ev.warning, "the notify argument has a "
						 "value that cannot be read"));
	event_free(&ev);
}
END_TEST

/* A notify argument that does not parse, beside the environment. */
START_TEST(test_parse_bad_notify)
{
	struct error err = {0};
	struct event ev;

	ck_assert_int_eq(parse(&ev, NULL, 0, "{not json", &err), -1);
	ck_assert_str_eq(err.what,
			 "the notify argument is not a JSON object and no "
			 "event type is in the environment or stdin");
	setenv("CODEX_EVENT_TYPE", "task_complete", 1);
	parse_ok(&ev, NULL, "{not json");
	ck_assert_str_ne(ev.warning, "");
	ck_assert_str_eq(ev.source, "env");
	event_free(&ev);
}
END_TEST

static void setup(void)
{
	clear_env();
}

Suite *event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *name = tcase_create("event_command_name");
	TCase *type = tcase_create("event_normalise_type");
	TCase *shell = tcase_create("event_is_shell_tool");
	TCase *model = tcase_create("event_model_clean");
	TCase *provider = tcase_create("event_provider_infer");
	TCase *cut = tcase_create("event_cut_utf8");
	TCase *chars = tcase_create("event_utf8_chars");
	TCase *parse_ = tcase_create("event_parse");
	TCase *record = tcase_create("event_record_new");

	tcase_add_loop_test(name, test_command_name, 0, N(commands));
	tcase_add_test(name, test_command_name_null);
	tcase_add_test(name, test_command_name_cut);
	suite_add_tcase(s, name);
	tcase_add_loop_test(type, test_normalise_type, 0, N(types));
	suite_add_tcase(s, type);
	tcase_add_loop_test(shell, test_is_shell_tool, 0, N(tools));
	suite_add_tcase(s, shell);
	tcase_add_loop_test(model, test_model_clean, 0, N(models));
	suite_add_tcase(s, model);
	tcase_add_loop_test(provider, test_provider_infer, 0, N(providers));
	suite_add_tcase(s, provider);
	tcase_add_loop_test(cut, test_cut_utf8, 0, N(cuts));
	tcase_add_test(cut, test_cut_utf8_long);
	suite_add_tcase(s, cut);
	tcase_add_loop_test(chars, test_utf8_chars, 0, N(counts));
	suite_add_tcase(s, chars);

	tcase_add_checked_fixture(parse_, setup, NULL);
	tcase_add_test(parse_, test_parse_env);
	tcase_add_test(parse_, test_parse_env_minimal);
	tcase_add_test(parse_, test_parse_agent_session);
	tcase_add_test(parse_, test_parse_env_empty);
	tcase_add_test(parse_, test_parse_codex_hook);
	tcase_add_test(parse_, test_parse_model_object);
	tcase_add_test(parse_, test_parse_provider);
	tcase_add_test(parse_, test_parse_prompt_privacy);
	tcase_add_test(parse_, test_parse_prompt_env);
	tcase_add_test(parse_, test_parse_env_wins);
	tcase_add_test(parse_, test_parse_workdir);
	tcase_add_loop_test(parse_, test_parse_session_order, 0, N(sessions));
	tcase_add_test(parse_, test_parse_notify);
	tcase_add_loop_test(parse_, test_parse_tool_failure, 0, N(failures));
	tcase_add_test(parse_, test_parse_error_cut);
	tcase_add_test(parse_, test_parse_command_privacy);
	tcase_add_test(parse_, test_parse_log_args);
	tcase_add_test(parse_, test_parse_command_end_env);
	tcase_add_loop_test(parse_, test_parse_command_end_stdin, 0,
			    N(responses));
	tcase_add_loop_test(parse_, test_parse_duration, 0, N(durations));
	tcase_add_test(parse_, test_parse_task_complete);
	tcase_add_test(parse_, test_parse_stop);
	tcase_add_loop_test(parse_, test_parse_tools, 0, N(tool_events));
	tcase_add_test(parse_, test_parse_model_response);
	tcase_add_test(parse_, test_parse_unknown_type);
	tcase_add_loop_test(parse_, test_parse_timestamp, 0, N(stamps));
	tcase_add_test(parse_, test_parse_timestamp_missing);
	tcase_add_test(parse_, test_parse_bad_stdin_env);
	tcase_add_test(parse_, test_parse_bad_stdin_no_type);
	tcase_add_test(parse_, test_parse_no_type);
	tcase_add_test(parse_, test_parse_blank_stdin);
	tcase_add_test(parse_, test_parse_truncated);
	tcase_add_test(parse_, test_parse_truncated_mid_member);
	tcase_add_test(parse_, test_parse_truncated_strings);
	tcase_add_test(parse_, test_parse_long_fields);
	tcase_add_test(parse_, test_parse_bad_notify);
	tcase_add_test(parse_, test_parse_notify_unloadable);
	suite_add_tcase(s, parse_);

	tcase_add_checked_fixture(record, setup, NULL);
	tcase_add_test(record, test_parse_claude_session_start);
	tcase_add_test(record, test_parse_session_start_no_model);
	tcase_add_loop_test(record, test_parse_data_keys, 0, N(data_keys));
	suite_add_tcase(s, record);
	return s;
}
