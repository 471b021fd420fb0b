#!/bin/bash
# Claude Code: what a command cost and what the session left running.  One
# command burns half a second of CPU, one fails (PostToolUseFailure
# ends it), two leave a sleep behind: `setsid` and `nohup ... &` (Claude
# Code kills nothing).  --install-hooks wires perf-metrics to PostToolUse
# and PostToolUseFailure, so that each command's end is sampled.
. "$(dirname "$0")/lib.bash"
need_agent claude-code
m1=3002$$ m2=3003$$ # the sleeps' arguments: find them, and only them
leave_sleeps "$m1" "$m2"

start_mock messages <<EOF2
{"steps": [
  {"tool": "Bash", "input": {"command": "python3 -c 'import time; all(time.process_time() < 0.5 for _ in iter(int, 1))'", "description": "Burn"},
   "usage": {"input_tokens": 10, "output_tokens": 1}},
  {"tool": "Bash", "input": {"command": "sh -c 'exit 3'", "description": "Fail"},
   "usage": {"input_tokens": 10, "output_tokens": 1}},
  {"tool": "Bash", "input": {"command": "setsid sleep $m1 </dev/null >/dev/null 2>&1 &", "description": "Leave one"},
   "usage": {"input_tokens": 10, "output_tokens": 1}},
  {"tool": "Bash", "input": {"command": "nohup sleep $m2 >/dev/null 2>&1 &", "description": "Leave another"},
   "usage": {"input_tokens": 10, "output_tokens": 1}},
  {"text": "$M_REPLY: done", "usage": {"input_tokens": 10, "output_tokens": 1}}
 ],
 "default": {"text": "side answer", "usage": {"input_tokens": 7, "output_tokens": 3}}}
EOF2
claude_setup install

claude_prompt "$M_PROMPT: burn and leave"
claude_hooks_ok "$(claude_transcript)"
pgrep -x -f "sleep $m1" >/dev/null && pgrep -x -f "sleep $m2" >/dev/null ||
	fail "the sleeps did not survive the session"

check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","command_start","command_end","command_start","command_end","command_start","command_end","session_end"]'
check METRICS 'map(select(.event|startswith("command"))|.tool_use_id|type)|unique' '["string"]'
check METRICS 'map(.agent.name)|unique' '["claude"]'
check_burn 4
check performance-metrics.json ".sessions[\"$sid\"].left_running|map(select(.name==\"sleep\")|.pid)|sort" "$(sleep_pids)"
perf_report
grep -q '^Left Running' "$tmp/report" || fail "report: $(cat "$tmp/report")"
