/*
 * event: the parser's pieces against the examples of docs/design.md §2
 * (command names, event names, models, providers), then event_parse() on
 * what real agents send, a row per case: CODEX_* variables by hand, a
 * Codex hook's compact line, Claude Code's JSON and newline, Codex
 * notify's argument, failed tools (whose error text is never kept),
 * payloads cut short or unreadable.  Each row says the whole event and,
 * through it, its exact log record.
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
#include "platform.h"
#include "suite.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- event_command_name ---- */

static const struct {
	const char *command;
	size_t len; /* of the output buffer; 0: 64 */
	const char *name;
} commands[] = {
    /* docs/design.md §2 */
    {"[\"git\",\"status\"]", 0, "git"},
    {"[\"/usr/bin/git\",\"log\"]", 0, "git"},
    {"bash -lc 'cd src && make -j4'", 0, "make"},
    {"[\"bash\",\"-lc\",\"FOO=1 npm test\"]", 0, "npm"},
    {"ls -la", 0, "ls"},
    {"", 0, "unknown"},
    /* more of the same rules */
    {"   ", 0, "unknown"},
    {"[]", 0, "unknown"},
    {"git status", 0, "git"},
    {"/usr/bin/python3 -m pytest", 0, "python3"},
    {"FOO=1 BAR=2 make", 0, "make"},
    {"sh -c \"cd /tmp && ls\"", 0, "ls"},
    {"zsh -ic 'npm run build'", 0, "npm"},
    {"dash -c 'echo hi'", 0, "echo"},
    {"/bin/bash -c 'cargo build'", 0, "cargo"},
    {"bash --norc -c 'make'", 0, "make"},
    {"bash script.sh", 0, "bash"},
    {"bash -c", 0, "bash"},
    {"bash", 0, "bash"},
    {"BASH -c 'make'", 0, "BASH"}, /* wrappers are matched exactly */
    {"cd src && cargo test", 0, "cargo"},
    {"cd \"my dir\" && make", 0, "make"},
    {"cd src; make", 0, "make"},
    {"cd src", 0, "cd"},
    {"(cd src && make)", 0, "make"},
    {"bash -lc \"bash -c 'go test ./...'\"", 0, "go"},
    {"[\"bash\",\"-lc\",\"cd /repo && FOO=bar pytest -q\"]", 0, "pytest"},
    {"[\"/bin/sh\",\"-c\",\"rg foo | head\"]", 0, "rg"},
    {"git log | head", 0, "git"},
    {"git log|head", 0, "git"},
    {"# a comment\nls", 0, "ls"},
    {"echo \"a b\" > out", 0, "echo"},
    {"'/opt/my tools/bin/run' x", 0, "run"},
    {"./configure --prefix=/usr", 0, "configure"},
    {"[not json", 0, "[not"},
    {"[\"FOO=1\",\"env\"]", 0, "env"},
    {"  ls", 0, "ls"},
    {"{ make; }", 0, "make"},
    {"/usr/bin/", 0, "unknown"},
    {NULL, 16, "unknown"},
    /* the name fits len, cut to a whole character; controls become '?' */
    {"averylongname --x", 5, "aver"},
    {"\xc3\xa9\xc3\xa9\xc3\xa9", 4, "\xc3\xa9"},
    {"a\001b", 5, "a?b"},
};

START_TEST(test_command_name)
{
	size_t len = commands[_i].len != 0 ? commands[_i].len : 64;
	char out[64];

	memset(out, 'x', sizeof(out));
	event_command_name(commands[_i].command, out, len);
	ck_assert_msg(strcmp(out, commands[_i].name) == 0, "'%s' gave '%s'",
	              commands[_i].command, out);
}
END_TEST

/* ---- event_normalise_type, event_is_shell_tool ---- */

/* The internal types and the names that mean them ("name:tool_name"). */
static const struct {
	const char *type; /* NULL: none, the name is kept as received */
	const char *names[10];
} types[] = {
    {"session_start",
     {"session_start", "SessionStart", "sessionstart", "SESSION_START"}},
    {"session_end", {"session_end", "SessionEnd"}},
    {"task_start", {"task_start", "UserPromptSubmit"}},
    {"task_complete",
     {"task_complete", "task_end", "Stop", "stop", "agent-turn-complete"}},
    {"command_start",
     {"command_start", "exec_before", "exec.before", "PreToolUse:Bash",
      "PreToolUse:shell", "PreToolUse:exec_command", "PreToolUse:local_shell",
      "PreToolUse:shell_command", "PreToolUse:bash"}},
    {"command_end",
     {"command_end", "command_complete", "exec_after", "exec.after",
      "PostToolUse:Bash", "PostToolUse:shell", "PostToolUse:exec_command",
      "PostToolUse:local_shell", "PostToolUse:shell_command"}},
    {"tool_use",
     {"PreToolUse:Edit", "PreToolUse:Write", "PreToolUse:apply_patch",
      "PreToolUse:mcp__github__create_issue", "PreToolUse", "patch_before",
      "mcp_tool_before"}},
    {"tool_end",
     {"PostToolUse:Edit", "PostToolUse:mcp__x__y", "PostToolUse", "patch_after",
      "mcp_tool_after"}},
    {"model_request", {"PreModelRequest"}},
    {"model_response", {"PostModelRequest"}},
    {"error",
     {"error", "error_occurred", "error.occurred", "task_error",
      "PostToolUseFailure:Bash", "PostToolUseFailure:Edit"}},
    {NULL, {"Notification", "SubagentStop", "PreCompact", ""}},
};

START_TEST(test_normalise_type)
{
	const char *want = types[_i].type, *got;
	char name[64], *tool;

	for (int j = 0; j < N(types[_i].names) && types[_i].names[j]; j++) {
		snprintf(name, sizeof(name), "%s", types[_i].names[j]);
		tool = strchr(name, ':');
		if (tool != NULL)
			*tool++ = '\0';
		got = event_normalise_type(name, tool);
		ck_assert_msg(got == want || (got != NULL && want != NULL &&
		                              strcmp(got, want) == 0),
		              "%s gave %s", types[_i].names[j],
		              got ? got : "NULL");
	}
	ck_assert_ptr_null(event_normalise_type(NULL, NULL));
}
END_TEST

static const struct {
	const char *tool;
	int shell;
} tools[] = {
    {"Bash", 1},        {"bash", 1},
    {"shell", 1},       {"exec_command", 1},
    {"local_shell", 1}, {"shell_command", 1},
    {"Edit", 0},        {"Write", 0},
    {"apply_patch", 0}, {"mcp__bash__run", 0},
    {"BashOutput", 0},  {"", 0},
    {NULL, 0},
};

START_TEST(test_is_shell_tool)
{
	ck_assert_int_eq(event_is_shell_tool(tools[_i].tool), tools[_i].shell);
}
END_TEST

/* ---- event_model_clean, event_provider_infer ---- */

/* A model as named, cleaned, and its provider. */
static const struct {
	const char *model;
	const char *clean; /* NULL: the model unchanged */
	const char *provider;
} models[] = {
    {"claude-opus-4-8[1m]", "claude-opus-4-8", "anthropic"},
    {"claude-sonnet-4-5[1m] ", "claude-sonnet-4-5", "anthropic"},
    {" gpt-4o ", "gpt-4o", "unknown"}, /* cleaned first by the parser */
    {"model [beta]", "model", "unknown"},
    {"[1m]", NULL, "unknown"},
    {"a[b]c", NULL, "unknown"},
    {"openai/gpt-4o", NULL, "openai"},
    {"anthropic/claude-3-opus", NULL, "anthropic"},
    {"google/gemini-2.5-pro", NULL, "google"},
    {"gpt-4", NULL, "openai"},
    {"gpt-4o", NULL, "openai"},
    {"GPT-4o", NULL, "openai"},
    {"gpt-5.1-codex", NULL, "openai"},
    {"codex-mini-latest", NULL, "openai"},
    {"o1", NULL, "openai"},
    {"o3", NULL, "openai"},
    {"o4", NULL, "openai"},
    {"o1-preview", NULL, "openai"},
    {"o3-mini", NULL, "openai"},
    {"o4-mini-high", NULL, "openai"},
    {"o1x", NULL, "unknown"},
    {"o5", NULL, "unknown"},
    {"gpt4", NULL, "unknown"},
    {"claude-opus-4-8", NULL, "anthropic"},
    {"Claude-3.5-Sonnet", NULL, "anthropic"},
    {"gemini-2.5-pro", NULL, "google"},
    {"models/gemini-1.5-pro", NULL, "google"},
    {"openrouter/anthropic/claude-3.5-sonnet", NULL, "anthropic"},
    {"llama3", NULL, "unknown"},
    {"unknown", NULL, "unknown"},
    {"", NULL, "unknown"},
    {NULL, NULL, "unknown"},
};

START_TEST(test_model)
{
	char *clean = event_model_clean(models[_i].model);

	ck_assert_pstr_eq(clean, models[_i].clean != NULL ? models[_i].clean
	                                                  : models[_i].model);
	ck_assert_str_eq(event_provider_infer(models[_i].model),
	                 models[_i].provider);
	free(clean);
}
END_TEST

/* ---- event_parse and event_record_new ---- */

/*
 * One parse: what the channels hold, and the event expected as JSON with
 * its fields (type, session_id, source, timestamp, model, provider, cwd,
 * transcript_path, data, token_usage), absent ones absent, but for these
 * defaults: the agent process's session id, source "env", the time of the
 * parse, data {}.  JSON here is written with ' for ", which check() swaps
 * back (no input holds another ').
 */
struct parse_case {
	const char *env[7]; /* "NAME=value" */
	const char *in;     /* stdin */
	int cut;            /* stdin was cut at the size cap */
	const char *notify; /* the notify argument */
	int no_input;       /* event_parse(&ev, NULL, &err) */

	const char *want;      /* the event */
	const char *err;       /* or: the parse fails, err.what holding this */
	const char *warning;   /* a part of ev->warning; NULL: empty */
	const char *debug;     /* a part of ev->debug_warning; NULL: empty */
	const char *secret[2]; /* texts the log record must not hold */
};

static const struct parse_case parses[] = {
    /* By hand: only the variables. */
    {.env = {"CODEX_EVENT_TYPE=session_start", "CODEX_SESSION_ID=s1",
             "CODEX_TIMESTAMP=2026-11-25T03:28:08Z", "CODEX_MODEL=gpt-4",
             "CODEX_WORKDIR=/home/u/proj"},
     .want = "{'type':'session_start','session_id':'s1','timestamp':"
             "'2026-11-25T03:28:08.000Z','model':'gpt-4','provider':'openai',"
             "'cwd':'/home/u/proj'}"},
    /* One executor sets only the event type and the timestamp. */
    {.env = {"CODEX_EVENT_TYPE=task_start",
             "CODEX_TIMESTAMP=2026-11-25T03:28:08Z"},
     .want = "{'type':'task_start','timestamp':'2026-11-25T03:28:08.000Z'}"},
    /* An empty variable counts as unset. */
    {.env = {"CODEX_EVENT_TYPE=", "CODEX_SESSION_ID=", "CODEX_MODEL=",
             "CODEX_TIMESTAMP=", "CODEX_DURATION="},
     .in = "{'hook_event_name':'SessionEnd','session_id':'from-stdin',"
           "'model':'claude-opus-4-8'}",
     .want = "{'type':'session_end','session_id':'from-stdin','source':"
             "'stdin','model':'claude-opus-4-8','provider':'anthropic'}"},
    /* Codex hook: one compact line, no newline. */
    {.in = "{'session_id':'019a-codex','transcript_path':'/home/u/.codex/"
           "sessions/2026/11/25/rollout-x.jsonl','cwd':'/home/u/proj',"
           "'hook_event_name':'PreToolUse','model':'gpt-5.1-codex',"
           "'permission_mode':'bypassPermissions','turn_id':'t7','tool_name':"
           "'Bash','tool_use_id':'call_1','tool_input':{'command':'cargo "
           "test --all'}}",
     .want = "{'type':'command_start','session_id':'019a-codex','source':"
             "'stdin','agent':'codex','model':'gpt-5.1-codex','provider':"
             "'openai','cwd':"
             "'/home/u/proj','transcript_path':'/home/u/.codex/sessions/2026/"
             "11/25/rollout-x.jsonl','data':{'command':'cargo','tool':"
             "'Bash','tool_use_id':'call_1'}}",
     .secret = {"--all", "transcript"}},
    /* Claude Code's PostToolUse: the call's id and its duration. */
    {.in = "{'session_id':'c-2','hook_event_name':'PostToolUse','tool_name':"
           "'Edit','tool_use_id':'toolu_1','duration_ms':310,"
           "'tool_input':{'file_path':'/a'},'tool_response':{'x':1}}",
     .want = "{'type':'tool_end','session_id':'c-2','source':'stdin','data':"
             "{'tool':'Edit','tool_use_id':'toolu_1','duration':310}}"},
    /* ... and a failure's; a negative duration is none. */
    {.in = "{'session_id':'c-2','hook_event_name':'PostToolUseFailure',"
           "'tool_name':'Bash','tool_use_id':'toolu_2','duration_ms':-4,"
           "'tool_input':{'command':'false'},'error':'Exit code 1'}",
     .want = "{'type':'error','session_id':'c-2','source':'stdin','data':{"
             "'error':'Exit code 1','context':'Bash','command':'false',"
             "'exit_code':1,'tool_use_id':'toolu_2'}}"},
    /* Claude Code's hooks run with CLAUDECODE=1: the agent is named. */
    {.env = {"CLAUDECODE=1", "CODEX_EVENT_TYPE=task_start"},
     .want = "{'type':'task_start','agent':'claude'}"},
    /* Claude Code: the JSON and a newline; SessionStart names a model. */
    {.in = "{'session_id':'c-1','transcript_path':'/home/u/.claude/projects/"
           "p/c-1.jsonl','cwd':'/home/u/p','hook_event_name':'SessionStart',"
           "'source':'startup','model':'claude-opus-4-8[1m]'}\n",
     .want = "{'type':'session_start','session_id':'c-1','source':'stdin',"
             "'model':'claude-opus-4-8','provider':'anthropic','cwd':"
             "'/home/u/p','transcript_path':'/home/u/.claude/projects/p/"
             "c-1.jsonl'}"},
    /* Claude Code's -p SessionStart names no model: "unknown" in the log. */
    {.in = "{'hook_event_name':'SessionStart','session_id':'c-2'}\n",
     .want = "{'type':'session_start','session_id':'c-2','source':'stdin'}"},
    /* Claude Code's status line hands the model as an object. */
    {.in = "{'hook_event_name':'SessionStart','model':{'id':"
           "'claude-sonnet-4-5','display_name':'Sonnet'}}",
     .want = "{'type':'session_start','source':'stdin','model':"
             "'claude-sonnet-4-5','provider':'anthropic'}"},
    /* The provider: the variable, a "name/" prefix, or the name. */
    {.env = {"CODEX_EVENT_TYPE=session_start", "CODEX_MODEL=Ollama/qwen3:32b"},
     .want = "{'type':'session_start','model':'Ollama/qwen3:32b',"
             "'provider':'ollama'}"},
    {.env = {"CODEX_EVENT_TYPE=session_start", "CODEX_MODEL=openai/gpt-4o"},
     .want = "{'type':'session_start','model':'openai/gpt-4o','provider':"
             "'openai'}"},
    {.env = {"CODEX_EVENT_TYPE=session_start", "CODEX_MODEL=openai/gpt-4o",
             "CODEX_PROVIDER=azure"},
     .want = "{'type':'session_start','model':'openai/gpt-4o','provider':"
             "'azure'}"},
    /* Claude Code's UserPromptSubmit: the prompt is counted, never kept. */
    {.in = "{'session_id':'c-1','hook_event_name':'UserPromptSubmit',"
           "'prompt':'na\xc3\xafve caf\xc3\xa9 secret \xe6\x97\xa5"
           "\xf0\x9f\x98\x80'}\n",
     .want = "{'type':'task_start','session_id':'c-1','source':'stdin',"
             "'data':{'prompt_chars':20}}",
     .secret = {"secret", "caf"}},
    {.env = {"CODEX_EVENT_TYPE=task_start", "CODEX_TASK_ID=task-9",
             "CODEX_PROMPT=\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e password"},
     .want = "{'type':'task_start','data':{'task_id':'task-9',"
             "'prompt_chars':12}}",
     .secret = {"password"}},
    /* Another executor: pretty JSON on stdin and variables; env wins. */
    {.env = {"CODEX_EVENT_TYPE=command_start", "CODEX_SESSION_ID=env-session",
             "CODEX_MODEL=gpt-4o", "CODEX_WORKING_DIR=/env/dir",
             "CODEX_COMMAND=[\"git\",\"status\"]",
             "CODEX_TIMESTAMP=2026-11-25T04:28:08.123456+01:00"},
     .in = "{\n  'hook_event_name': 'SessionStart',\n  'session_id': "
           "'stdin-session',\n  'model': 'claude-opus-4-8',\n  'cwd': "
           "'/stdin/dir',\n  'transcript_path': '/t.jsonl',\n  'tool_input': "
           "{'command': 'make'}\n}\n",
     .want = "{'type':'command_start','session_id':'env-session','source':"
             "'stdin','timestamp':'2026-11-25T03:28:08.123Z','model':"
             "'gpt-4o','provider':'openai','cwd':'/env/dir',"
             "'transcript_path':'/t.jsonl','data':{'command':'git'}}"},
    /* CODEX_WORKDIR wins over CODEX_WORKING_DIR. */
    {.env = {"CODEX_EVENT_TYPE=task_start", "CODEX_WORKDIR=/a",
             "CODEX_WORKING_DIR=/b"},
     .want = "{'type':'task_start','cwd':'/a'}"},
    /* Codex notify: the JSON as the last argument, stdin /dev/null. */
    {.notify = "{'type':'agent-turn-complete','thread-id':'019a-t','turn-id':"
               "'turn-3','cwd':'/home/u/proj','client':'codex-tui',"
               "'input-messages':['rename the secret thing'],"
               "'last-assistant-message':'done, private'}",
     .want = "{'type':'task_complete','session_id':'019a-t','source':"
             "'notify','agent':'codex','cwd':'/home/u/proj','data':{"
             "'task_id':'turn-3'}}",
     .secret = {"secret", "private"}},
    /* Only the command's name, unless CODEX_ANALYTICS_LOG_ARGS=1. */
    {.env = {"CODEX_EVENT_TYPE=exec_before",
             "CODEX_COMMAND=[\"git\",\"commit\",\"-m\",\"secret\"]"},
     .want = "{'type':'command_start','data':{'command':'git'}}",
     .secret = {"secret"}},
    {.env = {"CODEX_EVENT_TYPE=exec_before", "CODEX_ANALYTICS_LOG_ARGS=0",
             "CODEX_COMMAND=[\"git\",\"commit\",\"-m\",\"secret\"]"},
     .want = "{'type':'command_start','data':{'command':'git'}}",
     .secret = {"secret"}},
    {.env = {"CODEX_EVENT_TYPE=command_start", "CODEX_ANALYTICS_LOG_ARGS=1",
             "CODEX_COMMAND=[\"git\",\"commit\",\"-m\",\"a msg\"]"},
     .want = "{'type':'command_start','data':{'command':'git','argv':"
             "['git','commit','-m','a msg']}}"},
    /* ... and of a plain string, its shell words */
    {.env = {"CODEX_EVENT_TYPE=command_start", "CODEX_ANALYTICS_LOG_ARGS=1",
             "CODEX_COMMAND=bash -lc 'cd src && make -j4'"},
     .want = "{'type':'command_start','data':{'command':'make','argv':"
             "['bash','-lc','cd src && make -j4']}}"},
    /* exec_after: name, exit code and duration from the variables */
    {.env = {"CODEX_EVENT_TYPE=exec.after", "CODEX_COMMAND=npm test",
             "CODEX_EXIT_CODE=3", "CODEX_DURATION=1234.9"},
     .want = "{'type':'command_end','data':{'command':'npm','exit_code':3,"
             "'duration':1234}}"},
    /* task_complete: {task_id, success, duration} */
    {.env = {"CODEX_EVENT_TYPE=task_end", "CODEX_TASK_ID=t-1",
             "CODEX_SUCCESS=true", "CODEX_DURATION=5000"},
     .want = "{'type':'task_complete','data':{'task_id':'t-1','success':true,"
             "'duration':5000}}"},
    {.env = {"CODEX_EVENT_TYPE=task_end", "CODEX_TASK_ID=t-1",
             "CODEX_SUCCESS=false", "CODEX_DURATION=5000"},
     .want = "{'type':'task_complete','data':{'task_id':'t-1','success':"
             "false,'duration':5000}}"},
    {.env = {"CODEX_EVENT_TYPE=task_end", "CODEX_TASK_ID=t-1",
             "CODEX_SUCCESS=maybe", "CODEX_DURATION=5000"},
     .want = "{'type':'task_complete','data':{'task_id':'t-1','duration':"
             "5000}}",
     .debug = "invalid CODEX_SUCCESS 'maybe'"},
    /* Claude Code's Stop: no task id, nothing but the event */
    {.in = "{'session_id':'c','transcript_path':'/t','hook_event_name':"
           "'Stop','stop_hook_active':false}\n",
     .want = "{'type':'task_complete','session_id':'c','source':'stdin',"
             "'transcript_path':'/t'}"},
    /* Codex's PostModelRequest: status in data, token counts beside it */
    {.in = "{'hook_event_name':'PostModelRequest','session_id':'x','model':"
           "'gpt-5.1-codex','status':'completed','token_usage':{"
           "'input_tokens':100,'cached_input_tokens':40,'output_tokens':7,"
           "'reasoning_output_tokens':3,'total_tokens':107,'extra':'no'}}",
     .want = "{'type':'model_response','session_id':'x','source':'stdin',"
             "'model':'gpt-5.1-codex','provider':'openai','data':{'status':"
             "'completed'},'token_usage':{'input_tokens':100,"
             "'cached_input_tokens':40,'output_tokens':7,"
             "'reasoning_output_tokens':3,'total_tokens':107}}"},
    {.in = "{'hook_event_name':'PreModelRequest'}",
     .want = "{'type':'model_request','source':'stdin'}"},
    /* an event the table does not know keeps its name */
    {.in = "{'hook_event_name':'Notification','message':'Claude needs your "
           "permission'}",
     .want = "{'type':'Notification','source':'stdin'}"},
    /* Unparseable stdin beside CODEX_EVENT_TYPE: a warning, the env event */
    {.env = {"CODEX_EVENT_TYPE=session_end", "CODEX_SESSION_ID=s"},
     .in = "this is not json\n",
     .want = "{'type':'session_end','session_id':'s'}",
     .warning = "stdin is not a JSON object (line 1, column"},
    {.env = {"CODEX_EVENT_TYPE=session_end", "CODEX_SESSION_ID=s"},
     .in = "[1,2,3]",
     .want = "{'type':'session_end','session_id':'s'}",
     .warning = "stdin is not a JSON object (line 1, column 1)"},
    /* ... and without an event type anywhere: -1 and why */
    {.in = "{'hook_event_name':", .err = "no event type"},
    {.err = "no event type in the environment, stdin or arguments"},
    {.in = "{'session_id':'s'}", .err = "no event type"},
    {.in = "  \n", .err = "no event type"},
    {.no_input = 1, .err = "no event type"},
    /* Whitespace on stdin is no payload: no warning. */
    {.env = {"CODEX_EVENT_TYPE=task_start"},
     .in = "\n",
     .want = "{'type':'task_start'}"},
    /*
     * A payload cut short (at the size cap or the read deadline): the
     * members before the cut are used (hook_event_name, session_id, and
     * here tool_input, which ends before it).
     */
    {.in = "{'hook_event_name':'PostToolUse','session_id':'s9','cwd':'/p',"
           "'tool_name':'Bash','tool_input':{'command':'ls -R /'},"
           "'tool_response':{'stdout':'aaaaaaaaaaaaaaaaaaaaaaaaaa",
     .cut = 1,
     .want = "{'type':'command_end','session_id':'s9','source':'stdin',"
             "'cwd':'/p','data':{'command':'ls','tool':'Bash'}}",
     .warning = "stdin was cut at the size cap"},
    /* cut inside a member: the scan stops there; a cut number is not taken */
    {.in = "{'hook_event_name':'Stop','session_id':'s1','n':12",
     .cut = 1,
     .want = "{'type':'task_complete','session_id':'s1','source':'stdin'}",
     .warning = "stdin was cut"},
    /* the event name itself is cut: nothing to go on ... */
    {.in = "{'session_id':'s1','hook_event_na", .cut = 1, .err = "no event"},
    /* ... unless the environment names the event */
    {.env = {"CODEX_EVENT_TYPE=SessionEnd"},
     .in = "{'session_id':'s1','hook_event_na",
     .cut = 1,
     .want = "{'type':'session_end','session_id':'s1','source':'stdin'}",
     .warning = "stdin was cut"},
    /* braces and quotes inside strings do not fool the salvage */
    {.in = "{'x':'}{\\'','hook_event_name':'UserPromptSubmit','prompt':"
           "'\\'}','session_id':'s\\u00e9','tool_in",
     .cut = 1,
     .want = "{'type':'task_start','session_id':'s\xc3\xa9','source':"
             "'stdin','data':{'prompt_chars':2}}",
     .warning = "stdin was cut"},
    /*
     * A reply jansson will not load (invalid UTF-8, a number past 64
     * bits): the members read are recorded, with a warning.
     */
    {.notify = "{'type':'agent-turn-complete','thread-id':'t9','turn-id':"
               "'u1','input-messages':[1e999999,99999999999999999999],"
               "'last-assistant-message':'bad \xff byte','cwd':'/home/u/p'}",
     .want = "{'type':'task_complete','session_id':'t9','source':'notify',"
             "'agent':'codex','cwd':'/home/u/p','data':{'task_id':'u1'}}",
     .warning = "the notify argument has a value that cannot be read"},
    /* a notify argument that does not parse, alone or beside the env */
    {.notify = "{not json",
     .err = "the notify argument is not a JSON object and no event type is "
            "in the environment or stdin"},
    {.env = {"CODEX_EVENT_TYPE=task_complete"},
     .notify = "{not json",
     .want = "{'type':'task_complete'}",
     .warning = "the notify argument is not a JSON object"},
};

static const char *const variables[] = {
    "CODEX_EVENT_TYPE",       "CODEX_SESSION_ID",
    "CODEX_TIMESTAMP",        "CODEX_MODEL",
    "CODEX_PROVIDER",         "CODEX_DURATION",
    "CODEX_COMMAND",          "CODEX_WORKDIR",
    "CODEX_WORKING_DIR",      "CODEX_EXIT_CODE",
    "CODEX_TASK_ID",          "CODEX_PROMPT",
    "CODEX_SUCCESS",          "CODEX_ERROR",
    "CODEX_CONTEXT",          "CODEX_ANALYTICS_LOG_ARGS",
    "CLAUDE_CODE_SESSION_ID", "CLAUDECODE",
    "CODEX_MANAGED_BY_NPM"};

static void setup(void)
{
	for (int i = 0; i < N(variables); i++)
		unsetenv(variables[i]);
}

/* "NAME=value" into the environment. */
static void put_env(const char *assignment)
{
	char name[64];
	size_t n = strcspn(assignment, "=");

	ck_assert_uint_lt(n, sizeof(name));
	memcpy(name, assignment, n);
	name[n] = '\0';
	ck_assert_int_eq(setenv(name, assignment + n + 1, 1), 0);
}

/* s with ' for ", in buf (len bytes); NULL stays NULL. */
static char *quotes(const char *s, char *buf, size_t len)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; s[i] != '\0' && i < len - 1; i++)
		buf[i] = s[i] == '\'' ? '"' : s[i];
	buf[i] = '\0';
	ck_assert_uint_lt(i, len - 1);
	return buf;
}

/* The session id the parser derives when no channel names one. */
static const char *agent_id(void)
{
	static char id[64];
	struct platform_process agent;

	if (platform_agent(&agent) == 0)
		snprintf(id, sizeof(id), "agent-%ld-%llu", (long)agent.pid,
		         (unsigned long long)agent.start_ticks);
	else
		snprintf(id, sizeof(id), "unknown");
	return id;
}

/* The event as a row says it: defaults left out (see parse_case). */
static json_t *event_json(const struct event *ev, int now)
{
	json_t *o = json_pack(
	    "{s:s, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "type",
	    ev->type, "session_id",
	    strcmp(ev->session_id, agent_id()) != 0 ? ev->session_id : NULL,
	    "source", strcmp(ev->source, "env") != 0 ? ev->source : NULL,
	    "agent", ev->agent, "timestamp", now ? NULL : ev->timestamp,
	    "model", ev->model, "provider", ev->provider, "cwd", ev->cwd,
	    "transcript_path", ev->transcript_path);

	ck_assert_ptr_nonnull(o);
	if (json_object_size(ev->data) > 0)
		json_object_set(o, "data", ev->data);
	if (ev->token_usage != NULL)
		json_object_set(o, "token_usage", ev->token_usage);
	return o;
}

/* v as compact JSON must be want. */
static void expect_json(const json_t *v, const char *want, const char *what)
{
	char *text = json_dumps(v, JSON_COMPACT);

	ck_assert_msg(text != NULL && strcmp(text, want) == 0, "%s: %s, not %s",
	              what, text ? text : "none", want);
	free(text);
}

/* A warning slot: empty when part is NULL, else holding part. */
static void expect_part(const char *slot, const char *part)
{
	ck_assert_msg(part != NULL ? strstr(slot, part) != NULL : *slot == '\0',
	              "'%s' lacks '%s'", slot, part ? part : "");
}

/*
 * The log record of ev, to the byte: its data in order, or for a
 * session_start the model and provider; no text of secret in it.
 */
static void expect_record(const struct event *ev, const json_t *want,
                          const char *const secret[2])
{
	json_t *rec = event_record_new(ev);
	json_t *data = json_object_get(want, "data");
	char *text = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;
	char line[2048];

	snprintf(line, sizeof(line),
	         "{\"type\":\"%s\",\"session_id\":\"%s\",\"timestamp\":\"%s\","
	         "\"source\":\"%s\",%s%s%s\"data\":",
	         ev->type, ev->session_id, ev->timestamp, ev->source,
	         ev->agent != NULL ? "\"agent\":\"" : "",
	         ev->agent != NULL ? ev->agent : "",
	         ev->agent != NULL ? "\"," : "");
	if (strcmp(ev->type, "session_start") == 0)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
		         "{\"model\":\"%s\",\"provider\":\"%s\"}}",
		         ev->model != NULL ? ev->model : "unknown",
		         ev->provider != NULL ? ev->provider : "unknown");
	else
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
		         "%s}", text != NULL ? text : "{}");
	expect_json(rec, line, "record");
	for (int i = 0; i < 2 && secret[i] != NULL; i++)
		ck_assert_msg(strstr(line, secret[i]) == NULL, "%s", line);
	free(text);
	json_decref(rec);
}

static void check(const struct parse_case *c)
{
	char in_text[1024], notify[1024], want_text[1024], stamp[TIME_UTC_LEN];
	struct event_input in = {quotes(c->in, in_text, sizeof(in_text)), 0,
	                         c->cut,
	                         quotes(c->notify, notify, sizeof(notify))};
	struct error err = {0};
	struct event ev;
	json_t *want, *got;
	int64_t before;
	int ret, now;

	in.stdin_len = in.stdin_buf != NULL ? strlen(in.stdin_buf) : 0;
	for (int i = 0; i < N(c->env) && c->env[i] != NULL; i++)
		put_env(c->env[i]);
	before = time_now_ms();
	ret = event_parse(&ev, c->no_input ? NULL : &in, &err);
	if (c->err != NULL) {
		ck_assert_int_eq(ret, -1);
		ck_assert_msg(strstr(err.what, c->err) != NULL, "%s", err.what);
		ck_assert_ptr_null(ev.type);
		return;
	}
	ck_assert_msg(ret == 0, "%s", err.what);
	now = ev.time_ms >= before && ev.time_ms <= time_now_ms();
	time_format_utc(ev.time_ms, stamp);
	ck_assert_str_eq(ev.timestamp, stamp);
	ck_assert_ptr_null(ev.project);
	want =
	    json_loads(quotes(c->want, want_text, sizeof(want_text)), 0, NULL);
	ck_assert_ptr_nonnull(want);
	if (json_object_size(json_object_get(want, "data")) == 0)
		json_object_del(want, "data"); /* {} is the default */
	got = event_json(&ev, now);
	ck_assert_msg(json_equal(got, want), "event: %s",
	              json_dumps(got, JSON_COMPACT));
	expect_part(ev.warning, c->warning);
	expect_part(ev.debug_warning, c->debug);
	expect_record(&ev, want, c->secret);
	json_decref(got);
	json_decref(want);
	event_free(&ev);
}

START_TEST(test_parse)
{
	check(&parses[_i]);
}
END_TEST

/* Claude Code's PostToolUseFailure payload, of session c-1. */
#define FAILED(tool, input, error)                                             \
	"{'session_id':'c-1','hook_event_name':'PostToolUseFailure',"          \
	"'tool_name':'" tool "','tool_input':" input ",'error':" error "}\n"

/*
 * Errors with a tool and a text.  A failed tool's error is its output:
 * only "Exit code N" (or "tool failed") is stored, never a byte of the
 * text; an agent's own error keeps its text.  The session is c-1 when
 * stdin names it.
 */
static const struct {
	const char *var; /* a variable besides stdin, or NULL */
	const char *in;
	const char *data;
	const char *secret;
} failures[] = {
    /* Claude Code: a Bash tool that failed */
    {NULL,
     FAILED("Bash", "{'command':'cd src && make -j4'}",
            "'Exit code 2\\nmake: *** [all] Error 2'"),
     "{'error':'Exit code 2','context':'Bash','command':'make','exit_code':2}",
     "[all]"},
    /* a failing `cat .env` prints the secrets it was asked to show */
    {NULL,
     FAILED("Bash", "{'command':'cat .env'}",
            "'Exit code 1\\nAPI_KEY=sk-secret\\n'"),
     "{'error':'Exit code 1','context':'Bash','command':'cat','exit_code':1}",
     "sk-secret"},
    /* no "Exit code N" prefix: a fixed text, no exit_code */
    {NULL,
     FAILED("Bash", "{'command':'sleep 999'}",
            "'Command timed out: sk-secret'"),
     "{'error':'tool failed','context':'Bash','command':'sleep'}", "sk-secret"},
    /* other tools: the tool is the context, the text is dropped */
    {NULL,
     FAILED("Edit", "{'file_path':'/x'}",
            "'String to replace not found: API_KEY=sk-secret'"),
     "{'error':'tool failed','context':'Edit'}", "sk-secret"},
    {NULL,
     FAILED("Read", "{'file_path':'.env'}",
            "'Exit code 1\\nAPI_KEY=sk-secret'"),
     "{'error':'Exit code 1','context':'Read','exit_code':1}", "sk-secret"},
    {NULL, FAILED("mcp__db__query", "{}", "{'message':'sk-secret'}"),
     "{'error':'tool failed','context':'mcp__db__query'}", "sk-secret"},
    /* an integer exit code in tool_response; its text is never read */
    {NULL,
     "{'hook_event_name':'PostToolUseFailure','tool_name':'exec_command',"
     "'tool_input':{'command':['cat','.env']},'tool_response':{'exit_code':3,"
     "'stdout':'sk-secret'},'error':'sk-secret'}",
     "{'error':'Exit code 3','context':'exec_command','command':'cat',"
     "'exit_code':3}",
     "sk-secret"},
    /* the environment renames the event: stdin's error is still output */
    {"CODEX_EVENT_TYPE=error",
     FAILED("Bash", "{'command':'cat .env'}",
            "'Exit code 1\\nAPI_KEY=sk-secret'"),
     "{'error':'Exit code 1','context':'Bash','command':'cat','exit_code':1}",
     "sk-secret"},
    /* CODEX_ERROR beside a tool failure is no more than its code */
    {"CODEX_ERROR=Exit code 5\nAPI_KEY=sk-secret",
     FAILED("Bash", "{'command':'cat .env'}", "'x'"),
     "{'error':'Exit code 5','context':'Bash','command':'cat','exit_code':5}",
     "sk-secret"},
    /* an agent's own error keeps its text, cut and cleaned */
    {NULL, "{'hook_event_name':'error','error':'rate limited\\n'}",
     "{'error':'rate limited?'}", NULL},
    {NULL, "{'hook_event_name':'error','error':{'message':'no network'}}",
     "{'error':'no network'}", NULL},
    {"CODEX_ERROR=model overloaded",
     "{'hook_event_name':'task_error','tool_name':'Bash'}",
     "{'error':'model overloaded','context':'Bash'}", NULL},
};

START_TEST(test_parse_failure)
{
	char want[512];
	struct parse_case c = {.env = {failures[_i].var},
	                       .in = failures[_i].in,
	                       .want = want,
	                       .secret = {failures[_i].secret}};

	snprintf(want, sizeof(want),
	         "{'type':'error',%s'source':'stdin','data':%s}",
	         strstr(failures[_i].in, "'c-1'") ? "'session_id':'c-1'," : "",
	         failures[_i].data);
	check(&c);
}
END_TEST

/* session_end: {duration}, from CODEX_DURATION, truncated. */
static const struct {
	const char *value;
	long long ms; /* -1: invalid, left out with a debug note */
} durations[] = {
    {"1234", 1234}, {"1234.5", 1234}, {"0", 0},    {"1234.", 1234}, {"abc", -1},
    {"-5", -1},     {"12ms", -1},     {"1e3", -1}, {".5", -1},
};

START_TEST(test_parse_duration)
{
	char var[64], want[64], debug[64];
	struct parse_case c = {.env = {"CODEX_EVENT_TYPE=session_end", var},
	                       .want = want};

	snprintf(var, sizeof(var), "CODEX_DURATION=%s", durations[_i].value);
	if (durations[_i].ms >= 0) {
		snprintf(want, sizeof(want),
		         "{'type':'session_end','data':{'duration':%lld}}",
		         durations[_i].ms);
	} else {
		snprintf(want, sizeof(want), "{'type':'session_end'}");
		snprintf(debug, sizeof(debug), "invalid CODEX_DURATION '%s'",
		         durations[_i].value);
		c.debug = debug;
	}
	check(&c);
}
END_TEST

/* CODEX_TIMESTAMP: RFC 3339 in, UTC with milliseconds out. */
static const struct {
	const char *value;     /* NULL: unset */
	const char *timestamp; /* NULL: the time now (invalid: a debug note) */
} stamps[] = {
    {"2026-11-25T03:28:08Z", "2026-11-25T03:28:08.000Z"},
    {"2026-11-25T03:28:08.123456789Z", "2026-11-25T03:28:08.123Z"},
    {"2026-11-24T22:58:08.5-04:30", "2026-11-25T03:28:08.500Z"},
    {"2026-11-25t04:28:08.9+01:00", "2026-11-25T03:28:08.900Z"},
    {"yesterday", NULL},
    {"2026-02-30T00:00:00Z", NULL},
    {"2026-11-25T03:28:08", NULL},
    {"1764041288", NULL},
    {NULL, NULL},
};

START_TEST(test_parse_timestamp)
{
	char var[64], want[128] = "{'type':'task_start'}";
	struct parse_case c = {.env = {"CODEX_EVENT_TYPE=task_start"},
	                       .want = want};

	snprintf(var, sizeof(var), "CODEX_TIMESTAMP=%s", stamps[_i].value);
	if (stamps[_i].value != NULL)
		c.env[1] = var;
	if (stamps[_i].timestamp != NULL)
		snprintf(want, sizeof(want),
		         "{'type':'task_start','timestamp':'%s'}",
		         stamps[_i].timestamp);
	else if (stamps[_i].value != NULL)
		c.debug = "CODEX_TIMESTAMP";
	check(&c);
}
END_TEST

/* The session id: CODEX_SESSION_ID, stdin, notify, Claude Code's. */
static const struct {
	const char *env_id, *stdin_id, *thread_id, *claude_id;
	const char *id;
} sessions[] = {
    {"e", "s", "t", "c", "e"},   {NULL, "s", "t", "c", "s"},
    {NULL, NULL, "t", "c", "t"}, {NULL, NULL, NULL, "c", "c"},
    {"", "", NULL, "c", "c"},
};

START_TEST(test_parse_session_order)
{
	char env_id[64], claude_id[64], text[64], notify[128], want[128];
	struct parse_case c = {.env = {"CODEX_EVENT_TYPE=task_start"},
	                       .in = text,
	                       .notify = notify,
	                       .want = want};
	int n = 1;

	snprintf(env_id, sizeof(env_id), "CODEX_SESSION_ID=%s",
	         sessions[_i].env_id);
	snprintf(claude_id, sizeof(claude_id), "CLAUDE_CODE_SESSION_ID=%s",
	         sessions[_i].claude_id);
	if (sessions[_i].env_id != NULL)
		c.env[n++] = env_id;
	if (sessions[_i].claude_id != NULL)
		c.env[n++] = claude_id;
	snprintf(text, sizeof(text), "{'session_id':'%s'}",
	         sessions[_i].stdin_id ? sessions[_i].stdin_id : "");
	snprintf(notify, sizeof(notify),
	         "{'type':'agent-turn-complete','thread-id':'%s'}",
	         sessions[_i].thread_id ? sessions[_i].thread_id : "");
	snprintf(want, sizeof(want),
	         "{'type':'task_start','session_id':'%s','source':'stdin'}",
	         sessions[_i].id);
	check(&c);
}
END_TEST

/* PostToolUse of a shell tool: the exit code from tool_response. */
static const struct {
	const char *response;
	int code; /* -1: none */
} responses[] = {
    {"{'exit_code':1,'stdout':'private output'}", 1},
    {"{'exitCode':127}", 127},
    {"{'exit_code':'1'}", -1},
    {"{'stdout':'','stderr':'','interrupted':false}", -1},
    {"'a string'", -1},
};

START_TEST(test_parse_exit_code)
{
	char text[256], want[160], code[32] = "";
	struct parse_case c = {.in = text, .want = want, .secret = {"private"}};

	snprintf(text, sizeof(text),
	         "{'hook_event_name':'PostToolUse','tool_name':'exec_command',"
	         "'tool_input':{'command':['bash','-lc','pytest -q']},"
	         "'tool_response':%s}",
	         responses[_i].response);
	if (responses[_i].code >= 0)
		snprintf(code, sizeof(code), ",'exit_code':%d",
		         responses[_i].code);
	snprintf(want, sizeof(want),
	         "{'type':'command_end','source':'stdin','data':{'command':"
	         "'pytest'%s,'tool':'exec_command'}}",
	         code);
	check(&c);
}
END_TEST

/* Tools: by stdin's tool_name, or by the event's own name. */
static const struct {
	const char *in;
	const char *type, *tool; /* tool NULL: none */
} tool_events[] = {
    {"{'hook_event_name':'PreToolUse','tool_name':'Edit'}", "tool_use", "Edit"},
    {"{'hook_event_name':'PostToolUse','tool_name':'mcp__gh__pr'}", "tool_end",
     "mcp__gh__pr"},
    {"{'hook_event_name':'patch_before'}", "tool_use", "apply_patch"},
    {"{'hook_event_name':'patch_after'}", "tool_end", "apply_patch"},
    {"{'hook_event_name':'mcp_tool_before'}", "tool_use", "mcp"},
    {"{'hook_event_name':'mcp_tool_after'}", "tool_end", "mcp"},
    {"{'hook_event_name':'PreToolUse'}", "tool_use", NULL},
};

START_TEST(test_parse_tools)
{
	char want[128];
	struct parse_case c = {.in = tool_events[_i].in, .want = want};

	if (tool_events[_i].tool != NULL)
		snprintf(want, sizeof(want),
		         "{'type':'%s','source':'stdin','data':{'tool':'%s'}}",
		         tool_events[_i].type, tool_events[_i].tool);
	else
		snprintf(want, sizeof(want), "{'type':'%s','source':'stdin'}",
		         tool_events[_i].type);
	check(&c);
}
END_TEST

/*
 * The data of every type, with every variable set: nothing a type does
 * not own leaks into its data.
 */
static const struct {
	const char *type;
	const char *data;
} all_set[] = {
    {"session_start", "{}"},
    {"session_end", "{'duration':10}"},
    {"task_start", "{'task_id':'t','prompt_chars':1}"},
    {"task_complete", "{'task_id':'t','success':true,'duration':10}"},
    {"command_start", "{'command':'ls'}"},
    {"command_end", "{'command':'ls','exit_code':0,'duration':10}"},
    {"tool_use", "{}"},
    {"tool_end", "{'duration':10}"},
    {"error", "{'error':'e','context':'c'}"},
    {"model_request", "{}"},
    {"model_response", "{}"},
    {"SubagentStop", "{}"},
};

START_TEST(test_parse_all_variables)
{
	char type[64], want[256];
	struct parse_case c = {.env = {type, "CODEX_DURATION=10",
	                               "CODEX_COMMAND=ls -la",
	                               "CODEX_EXIT_CODE=0", "CODEX_TASK_ID=t",
	                               "CODEX_PROMPT=p", "CODEX_SUCCESS=true"},
	                       .want = want};

	snprintf(type, sizeof(type), "CODEX_EVENT_TYPE=%s", all_set[_i].type);
	snprintf(want, sizeof(want),
	         "{'type':'%s','session_id':'s','model':'gpt-4','provider':"
	         "'openai','data':%s}",
	         all_set[_i].type, all_set[_i].data);
	put_env("CODEX_SESSION_ID=s");
	put_env("CODEX_MODEL=gpt-4");
	put_env("CODEX_ERROR=e");
	put_env("CODEX_CONTEXT=c");
	check(&c);
}
END_TEST

/* n copies of unit, then a NUL, into buf. */
static char *repeat(char *buf, const char *unit, int n)
{
	size_t len = strlen(unit);

	for (int i = 0; i < n; i++)
		memcpy(buf + (size_t)i * len, unit, len);
	buf[(size_t)n * len] = '\0';
	return buf;
}

/*
 * Every string an agent hands over is cut: ids and names to 128 bytes, an
 * unknown event name to 64, error text and context to 256 of valid UTF-8.
 */
START_TEST(test_parse_long)
{
	char id[400], text[1001], ctx[601], name[200];
	struct event_input in = {0};
	struct error err = {0};
	struct event ev;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_SESSION_ID", repeat(id, "i", 399), 1);
	setenv("CODEX_TASK_ID", id, 1);
	setenv("CODEX_MODEL", id, 1);
	ck_assert_int_eq(event_parse(&ev, &in, &err), 0);
	ck_assert_uint_eq(strlen(ev.session_id), 128);
	ck_assert_uint_eq(strlen(ev.model), 128);
	ck_assert_uint_eq(
	    strlen(json_string_value(json_object_get(ev.data, "task_id"))),
	    128);
	event_free(&ev);

	setup();
	repeat(name, "n", 199);
	name[3] = '\n';
	setenv("CODEX_EVENT_TYPE", name, 1);
	ck_assert_int_eq(event_parse(&ev, &in, &err), 0);
	ck_assert_uint_eq(strlen(ev.type), 64);
	ck_assert_int_eq(ev.type[3], '?');
	event_free(&ev);

	setup();
	setenv("CODEX_EVENT_TYPE", "error_occurred", 1);
	setenv("CODEX_ERROR", repeat(text, "\xc3\xa9", 500), 1);
	setenv("CODEX_CONTEXT", repeat(ctx, "c", 600), 1);
	ck_assert_int_eq(event_parse(&ev, &in, &err), 0);
	ck_assert_str_eq(ev.type, "error");
	ck_assert_uint_eq(json_object_size(ev.data), 2);
	text[256] = ctx[256] = '\0'; /* 128 whole characters */
	ck_assert_str_eq(json_string_value(json_object_get(ev.data, "error")),
	                 text);
	ck_assert_str_eq(json_string_value(json_object_get(ev.data, "context")),
	                 ctx);
	event_free(&ev);
}
END_TEST

/* The project, when the tool names one, comes right after the source. */
START_TEST(test_record_project)
{
	struct event_input in = {0};
	struct error err = {0};
	struct event ev;
	char line[256], want[256];
	json_t *rec;

	setenv("CODEX_EVENT_TYPE", "task_start", 1);
	setenv("CODEX_SESSION_ID", "s", 1);
	ck_assert_int_eq(event_parse(&ev, &in, &err), 0);
	ev.project = strdup("app");
	snprintf(line, sizeof(line),
	         "{'type':'task_start','session_id':'s','timestamp':'%s',"
	         "'source':'env','project':'app','data':{}}",
	         ev.timestamp);
	quotes(line, want, sizeof(want));
	rec = event_record_new(&ev);
	expect_json(rec, want, "record");
	json_decref(rec);
	event_free(&ev);
}
END_TEST

Suite *event_suite(void)
{
	Suite *s = suite_create("event");

	UNIT_LOOP_CASE(s, "event_pieces", NULL, NULL,
	               {test_command_name, N(commands)},
	               {test_normalise_type, N(types)},
	               {test_is_shell_tool, N(tools)}, {test_model, N(models)});
	UNIT_LOOP_CASE(s, "event_parse", setup, NULL, {test_parse, N(parses)},
	               {test_parse_failure, N(failures)},
	               {test_parse_duration, N(durations)},
	               {test_parse_timestamp, N(stamps)},
	               {test_parse_session_order, N(sessions)},
	               {test_parse_exit_code, N(responses)},
	               {test_parse_tools, N(tool_events)},
	               {test_parse_all_variables, N(all_set)},
	               {test_parse_long, 1}, {test_record_project, 1});
	return s;
}
