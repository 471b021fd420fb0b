#!/bin/bash
# Codex CLI interrupted: SIGINT while a long command runs.  Codex fires
# Interrupt and SessionEnd, and neither Stop nor notify.
. "$(dirname "$0")/lib.bash"
need_agent codex

start_mock responses <<EOF
{"steps": [
  {"tool": "exec_command", "input": {"cmd": "cat $M_ARG.txt; sleep 60"},
   "usage": {"input_tokens": 1100, "cached_tokens": 100, "output_tokens": 20, "reasoning_tokens": 3}},
  {"text": "$M_REPLY: never sent",
   "usage": {"input_tokens": 1, "cached_tokens": 0, "output_tokens": 1, "reasoning_tokens": 0}}
 ],
 "default": {"text": "unexpected request", "usage": {"input_tokens": 1, "output_tokens": 1}}}
EOF
printf '%s\n' "$M_OUTPUT" >"$work/$M_ARG.txt"
codex_setup gpt-5.1-codex

prompt="$M_PROMPT: read the notes slowly"
"${codex_run[@]}" "$prompt" >"$agent_out" 2>"$agent_err" </dev/null &
agent_pid=$!
wait_for_event command_start
# The agent is timeout's child: the npm launcher, which passes signals on to
# the native binary, whose child runs the command (bash execs its last
# command: sleep).
launcher=$(pgrep -P "$agent_pid" | head -n 1)
[ -n "$launcher" ] || fail "no agent process under $agent_pid"
native=$(pgrep -P "$launcher" -x codex | head -n 1)
[ -n "$native" ] || native=$launcher # a launcher that execs the binary (Node 23+)
sleeper=
for i in $(seq 200); do
	sleeper=$(pgrep -P "$native" -x sleep | head -n 1)
	[ -n "$sleeper" ] && break
	sleep 0.05
done
[ -n "$sleeper" ] || fail "the long command is not running"
# SIGINT to the agent, as a terminal's ^C would.
t0=$(time_ms)
kill -INT "$launcher"
rc=0
wait "$agent_pid" || rc=$?
t1=$(time_ms)
{ [ $rc -eq 124 ] || [ $rc -eq 137 ]; } && fail "codex did not stop on SIGINT"
codex_hooks_ok
grep -q '^hook: Interrupt Completed' "$agent_err" || fail "no Interrupt hook ran"
# The command was killed with its turn.
for i in $(seq 40); do
	kill -0 "$sleeper" 2>/dev/null || break
	sleep 0.05
done
kill -0 "$sleeper" 2>/dev/null && fail "the command outlived the session"

codex_session_id

# SessionStart, UserPromptSubmit, Pre/PostModelRequest, PreToolUse,
# Interrupt (kept under its own name), SessionEnd; a late notify would
# show as an eighth event.
wait_events 7
sleep 0.5
check usage-summary.json .total_events 7
check usage-summary.json '.event_types' \
	'{"Interrupt":1,"command_start":1,"model_request":1,"model_response":1,"session_end":1,"session_start":1,"task_start":1}'
check_one_session
check usage-summary.json .total_tasks 1
check usage-summary.json .total_commands 1
check usage-summary.json .most_used_commands '{"cat":1}'
check usage-summary.json .total_errors 0
check LOG 'map(.type)|index("Interrupt") < index("session_end")' true

check METRICS 'map(.event)' '["session_start","task_start","command_start","session_end"]'
check performance-metrics.json ".sessions[\"$sid\"]|[.measurements,.command_count,.task_count]" '[4,1,1]'

check_tokens '{"cache_write_input":0,"cached_input":100,"input":1100,"output":20,"reasoning_output":3,"total":1120}' \
	gpt-5.1-codex
check LOG 'map(select(.type=="tokens"))|length' 1
jq -s -e 'map(select(.method=="POST"))|map(.step)==[0]' "$tmp/mock.log" >/dev/null ||
	fail "unexpected model requests"
check_private
check_project
check_modes
log "codex exited $rc $((t1 - t0)) ms after SIGINT"
