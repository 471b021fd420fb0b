#!/bin/bash
# Claude Code, a session whose command fails: PostToolUseFailure is counted
# as an error with the tool as its context, and as a failure of the command
# (exit code from the error's "Exit code N" prefix).
. "$(dirname "$0")/lib.bash"
need_agent claude-code

start_mock messages <<EOF
{"steps": [
  {"tool": "Bash", "input": {"command": "ls -l $M_ARG.txt", "description": "Look for the notes"},
   "usage": {"input_tokens": 200, "cache_creation_input_tokens": 800, "cache_read_input_tokens": 0, "output_tokens": 25}},
  {"text": "$M_REPLY: there are no notes",
   "usage": {"input_tokens": 20, "cache_creation_input_tokens": 40, "cache_read_input_tokens": 800, "output_tokens": 35}}
 ],
 "default": {"text": "side answer", "usage": {"input_tokens": 7, "output_tokens": 3}}}
EOF
claude_setup

t0=$(time_ms)
claude_prompt "$M_PROMPT: find the notes"
t1=$(time_ms)
transcript=$(claude_transcript)
claude_hooks_ok "$transcript"
sid=$(basename "$transcript" .jsonl)
model=$(jq -s -r 'map(select(.method=="POST" and .auxiliary==false))|.[0].body.model' "$tmp/mock.log")

# SessionStart, UserPromptSubmit, PreToolUse, PostToolUseFailure (no
# PostToolUse), Stop, SessionEnd
check_one_session
check usage-summary.json .total_events 6
check usage-summary.json .total_tasks 1
check usage-summary.json .total_commands 1
check usage-summary.json .total_errors 1
check usage-summary.json '.error_rate*100|round' 1667
check usage-summary.json .most_used_commands '{"ls":1}'
check usage-summary.json .command_failures '{"ls":1}'
check usage-summary.json .errors_by_context '{"Bash":1}'
check usage-summary.json '.event_types' \
	'{"command_start":1,"error":1,"session_end":1,"session_start":1,"task_complete":1,"task_start":1}'
day=$(usage_log | jq -r '.[0].timestamp[0:10]')
check "usage-$day.json" '.summary|[.total_errors,.error_count,.errors_by_context,.command_failures]' \
	'[1,1,{"Bash":1},{"ls":1}]'
check LOG 'map(select(.type=="error"))|map(.data|[.context,.command,.exit_code,(.error|startswith("Exit code 2"))])' \
	'[["Bash","ls",2,true]]'

check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","session_end"]'
check METRICS 'map(.session_id)|unique' "[\"$sid\"]"
check performance-metrics.json ".sessions[\"$sid\"]|[.measurements,.command_count,.task_count]" '[5,1,1]'

check_tokens '{"cache_write_input":840,"cached_input":800,"input":1860,"output":60,"reasoning_output":0,"total":1920}' \
	"$model"
check usage-summary.json .models_used "{\"$model\":1}"

# The error text is kept (docs/design.md §2: cut to 256 bytes), and Claude Code's
# error text is the command's output: the argument and output may appear
# there and nowhere else.  The prompt and the reply appear nowhere.
check_private_except_error() {
	local m hits
	for m in "$M_ARG"; do
		hits=$(grep -r -l -F -e "$m" "$data" | grep -v '/usage-[0-9-]*\.jsonl$')
		[ -z "$hits" ] || fail "'$m' is stored in: $hits"
		usage_log | jq -c 'map(if .type=="error" then del(.data.error) else . end)' |
			grep -qF -e "$m" && fail "'$m' is stored outside an error text"
	done
	return 0
}
check_private_except_error
check_private "$M_PROMPT" "$M_REPLY"
check_project
log "claude -p took $((t1 - t0)) ms"
