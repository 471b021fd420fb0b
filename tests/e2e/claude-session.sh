#!/bin/bash
# Claude Code, one whole `claude -p` session through both hooks: two Bash
# commands, three model calls, one reply.
. "$(dirname "$0")/lib.bash"
need_agent claude-code

# Usage figures of the three model calls, as the Messages API reports them.
# The first answer has two blocks (text, tool_use): Claude Code writes it as
# two transcript lines with the same message id and usage, counted once.
start_mock messages <<EOF
{"steps": [
  {"text": "$M_REPLY: first the notes.",
   "tool": "Bash", "input": {"command": "cat $M_ARG.txt", "description": "Read the notes"},
   "usage": {"input_tokens": 120, "cache_creation_input_tokens": 900, "cache_read_input_tokens": 0, "output_tokens": 30}},
  {"tool": "Bash", "input": {"command": "ls -la", "description": "List the files"},
   "usage": {"input_tokens": 15, "cache_creation_input_tokens": 60, "cache_read_input_tokens": 900, "output_tokens": 40}},
  {"text": "$M_REPLY: the notes are read",
   "usage": {"input_tokens": 10, "cache_creation_input_tokens": 50, "cache_read_input_tokens": 960, "output_tokens": 50}}
 ],
 "default": {"text": "side answer", "usage": {"input_tokens": 7, "output_tokens": 3}}}
EOF
printf '%s\n' "$M_OUTPUT" >"$work/$M_ARG.txt"
claude_setup install

prompt="$M_PROMPT: read the notes"
t0=$(time_ms)
(cd "$work" && "${claude_run[@]}" -p "$prompt" "${claude_args[@]}") \
	>"$agent_out" 2>"$agent_err" </dev/null || fail "claude exited $?"
t1=$(time_ms)
grep -qF "$M_REPLY" "$agent_out" || fail "the reply did not reach claude's output"
transcript=$(claude_transcript)
grep -qF "$M_OUTPUT" "$transcript" || fail "the command did not run"
claude_hooks_ok "$transcript"
jq -s -e 'map(select(.type=="assistant")|.message.id)|[length,(unique|length)]==[4,3]' \
	"$transcript" >/dev/null || fail "the transcript is not as this test expects"
sid=$(basename "$transcript" .jsonl)
model=$(jq -s -r 'map(select(.method=="POST" and .auxiliary==false))|.[0].body.model' "$tmp/mock.log")

check usage-summary.json .total_sessions 1
check usage-summary.json .completed_sessions 1
check usage-summary.json .total_events 8
check usage-summary.json .total_tasks 1
check usage-summary.json .total_commands 2
check usage-summary.json .total_errors 0
check usage-summary.json .most_used_commands '{"cat":1,"ls":1}'
check usage-summary.json .command_failures '{}'
check usage-summary.json .open_sessions '{}'
check usage-summary.json '.event_types' \
	'{"command_end":2,"command_start":2,"session_end":1,"session_start":1,"task_complete":1,"task_start":1}'
check LOG 'map(.session_id)|unique' "[\"$sid\"]"
check LOG 'map(select(.type!="tokens")|.source)|unique' '["stdin"]'
check LOG 'map(select(.type=="tokens")|.source)|unique' '["transcript"]'
check LOG 'map(select(.type=="task_start"))|map(.data.prompt_chars)' "[${#prompt}]"
check LOG 'map(select(.type=="command_end"))|map(.data.command)' '["cat","ls"]'

check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","command_start","command_end","session_end"]'
check METRICS 'map(.session_id)|unique' "[\"$sid\"]"
check METRICS 'map(.agent.name)|unique' '["claude"]'
check performance-metrics.json ".sessions[\"$sid\"]|[.measurements,.command_count,.task_count]" '[7,2,1]'

# In -p mode SessionStart names no model: the session is "unknown" until the
# transcript's tokens name it (docs/design.md §5a).
check usage-summary.json .models_used "{\"$model\":1}"
check usage-summary.json .providers_used '{"anthropic":1}'
check_tokens '{"cache_write_input":1010,"cached_input":1860,"input":3015,"output":120,"reasoning_output":0,"total":3135}' \
	"$model"

jq -s -e 'map(select(.method=="POST" and .auxiliary==false))|map(.step)==[0,1,2]' "$tmp/mock.log" >/dev/null ||
	fail "unexpected model requests"
check_private
check_project
check_modes
# Wired by --install-hooks (with the status line); every event attributed
# to Claude Code, and the doctor finds it complete.
check LOG 'map(select(.type!="tokens")|.agent)|unique' '["claude"]'
doctor >"$tmp/doctor.out"
grep -q "^claude: PreToolUse: track-usage, perf-metrics$" "$tmp/doctor.out" &&
	grep -q "^claude: status line: track-usage$" "$tmp/doctor.out" &&
	grep -q "^claude: last event recorded: " "$tmp/doctor.out" &&
	! grep -q "^claude: .*missing" "$tmp/doctor.out" ||
	fail "doctor: $(cat "$tmp/doctor.out")"
log "claude -p took $((t1 - t0)) ms (model $model)"
