#!/bin/bash
# Codex CLI: what a command cost and what the session left running.  One
# command burns half a second of CPU, one leaves a `setsid sleep`
# behind (Codex kills the rest of a command's process group when it ends).
# perf-metrics is wired to PostToolUse (examples/), so that each
# command's end is sampled.
. "$(dirname "$0")/lib.bash"
need_agent codex
marker=3001$$ # the sleep's argument: finds it, and only it, to kill it
leave_sleeps "$marker"

start_mock responses <<EOF2
{"steps": [
  {"tool": "exec_command", "input": {"cmd": "python3 -c 'import time; all(time.process_time() < 0.5 for _ in iter(int, 1))'"},
   "usage": {"input_tokens": 10, "output_tokens": 1}},
  {"tool": "exec_command", "input": {"cmd": "setsid sleep $marker </dev/null >/dev/null 2>&1 &"},
   "usage": {"input_tokens": 10, "output_tokens": 1}},
  {"text": "$M_REPLY: done", "usage": {"input_tokens": 10, "output_tokens": 1}}
 ],
 "default": {"text": "unexpected request", "usage": {"input_tokens": 1, "output_tokens": 1}}}
EOF2
codex_setup gpt-5.1-codex

codex_prompt "$M_PROMPT: burn and leave"
codex_hooks_ok
pgrep -x -f "sleep $marker" >/dev/null || fail "the setsid sleep did not survive the session"

check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","command_start","command_end","session_end"]'
check METRICS 'map(select(.event=="command_end")|.tool_use_id|type)' '["string","string"]'
check METRICS 'map(.agent|has("children_cpu_seconds"))|all' 'true'
check_burn 2
# The setsid sleep is left running, and only what the session started.
pids=$(sleep_pids)
check performance-metrics.json ".sessions[\"$sid\"].left_running|map(select(.name==\"sleep\")|.pid)|sort" "$pids"
check performance-metrics.json ".sessions[\"$sid\"].left_running|map(.started|test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z$\"))|all" 'true'
perf_report
grep -q '^Most Expensive Commands by CPU Time:$' "$tmp/report" &&
	grep -Eq "^  .{8,} +$(echo "$pids" | jq -r '.[0]') +sleep " "$tmp/report" ||
	fail "report: $(cat "$tmp/report")"
