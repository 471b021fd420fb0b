#!/bin/bash
# Claude Code: what a command cost and what the session left running.  One
# command burns half a second of CPU, one fails (PostToolUseFailure
# ends it), two leave a sleep behind: `setsid` and `nohup ... &` (Claude
# Code kills nothing).  --install-hooks wires perf-metrics to PostToolUse
# and PostToolUseFailure, so that each command's end is sampled.
. "$(dirname "$0")/lib.bash"
need_agent claude-code
m1=3002$$ m2=3003$$ # the sleeps' arguments: find them, and only them

kill_left() {
	local p
	for p in $(pgrep -x -f "sleep $m1") $(pgrep -x -f "sleep $m2"); do
		kill "$p" 2>/dev/null
	done
}
trap 'rc=$?; kill_left; (exit $rc); cleanup' EXIT

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

(cd "$work" && "${claude_run[@]}" -p "$M_PROMPT: burn and leave" "${claude_args[@]}") \
	>"$agent_out" 2>"$agent_err" </dev/null || fail "claude exited $?"
grep -qF "$M_REPLY" "$agent_out" || fail "the reply did not reach claude's output"
claude_hooks_ok "$(claude_transcript)"
pgrep -x -f "sleep $m1" >/dev/null && pgrep -x -f "sleep $m2" >/dev/null ||
	fail "the sleeps did not survive the session"

check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","command_start","command_end","command_start","command_end","command_start","command_end","session_end"]'
check METRICS 'map(select(.event|startswith("command"))|.tool_use_id|type)|unique' '["string"]'
check METRICS 'map(.agent.name)|unique' '["claude"]'
CODEX_ANALYTICS_DIR="$data" "$pm" --checkpoint || fail "checkpoint"
burn=$(jq -r '[.commands[]|select(.measured > 0)|.max_cpu_seconds]|max' "$data/performance-metrics.json")
jq -n -e "$burn >= 0.35 and $burn <= 1.0" >/dev/null ||
	fail "the burn cost $burn s of CPU: $(jq -c .commands "$data/performance-metrics.json")"
jq -e '[.commands[]|.measured]|add == 4' "$data/performance-metrics.json" >/dev/null ||
	fail "commands: $(jq -c .commands "$data/performance-metrics.json")"
sid=$(jq -r '.sessions|keys[0]' "$data/performance-metrics.json")
check performance-metrics.json ".sessions[\"$sid\"]|[(.agent_rss_start_mb > 0),(.agent_rss_peak_mb >= .agent_rss_end_mb),(.command_cpu_seconds >= 0.35),has(\"open_commands\")]" '[true,true,true,false]'
pids=$( (pgrep -x -f "sleep $m1"; pgrep -x -f "sleep $m2") | jq -R -s -c 'split("\n")|map(select(.!="")|tonumber)|sort')
check performance-metrics.json ".sessions[\"$sid\"].left_running|map(select(.name==\"sleep\")|.pid)|sort" "$pids"
CODEX_ANALYTICS_DIR="$data" COLUMNS=120 "$pm" --report >"$tmp/report" || fail "report"
grep -q '^Left Running' "$tmp/report" || fail "report: $(cat "$tmp/report")"
log "report:"
sed -n '/^Recent Sessions/,/^Today/p' "$tmp/report" >&2
