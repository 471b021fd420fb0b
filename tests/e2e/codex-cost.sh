#!/bin/bash
# Codex CLI: what a command cost and what the session left running.  One
# command burns half a second of CPU, one leaves a `setsid sleep`
# behind (Codex kills the rest of a command's process group when it ends).
# perf-metrics is wired to PostToolUse (examples/), so that each
# command's end is sampled.
. "$(dirname "$0")/lib.bash"
need_agent codex
marker=3001$$ # the sleep's argument: finds it, and only it, to kill it

# Kill what the session left, by pid, at the end whatever happens.
kill_left() {
	local p
	for p in $(pgrep -x -f "sleep $marker"); do kill "$p" 2>/dev/null; done
}
trap 'rc=$?; kill_left; (exit $rc); cleanup' EXIT

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

"${codex_run[@]}" "$M_PROMPT: burn and leave" >"$agent_out" 2>"$agent_err" </dev/null ||
	fail "codex exited $?"
grep -qF "$M_REPLY" "$agent_out" || fail "the reply did not reach codex's output"
codex_hooks_ok
pgrep -x -f "sleep $marker" >/dev/null || fail "the setsid sleep did not survive the session"

check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","command_start","command_end","session_end"]'
check METRICS 'map(select(.event=="command_end")|.tool_use_id|type)' '["string","string"]'
check METRICS 'map(.agent|has("children_cpu_seconds"))|all' 'true'
CODEX_ANALYTICS_DIR="$data" "$pm" --checkpoint || fail "checkpoint"
# The burn: 0.5 s of CPU (its own CPU time, not its wall time: a loaded
# machine gives it less CPU per second), charged 0.35 to 1.0 s (the
# interpreter's start and the hooks' own processes fall in the window too).
burn=$(jq -r '[.commands[]|select(.measured > 0)|.max_cpu_seconds]|max' "$data/performance-metrics.json")
jq -n -e "$burn >= 0.35 and $burn <= 1.0" >/dev/null ||
	fail "the burn cost $burn s of CPU: $(jq -c .commands "$data/performance-metrics.json")"
jq -e '[.commands[]|.measured]|add == 2' "$data/performance-metrics.json" >/dev/null ||
	fail "commands: $(jq -c .commands "$data/performance-metrics.json")"
sid=$(jq -r '.sessions|keys[0]' "$data/performance-metrics.json")
check performance-metrics.json ".sessions[\"$sid\"]|[(.agent_rss_start_mb > 0),(.agent_rss_peak_mb >= .agent_rss_end_mb),(.command_cpu_seconds >= 0.35),has(\"open_commands\")]" '[true,true,true,false]'
# The setsid sleep is left running, and only what the session started.
pids=$(pgrep -x -f "sleep $marker" | sort | jq -R -s -c 'split("\n")|map(select(.!="")|tonumber)')
check performance-metrics.json ".sessions[\"$sid\"].left_running|map(select(.name==\"sleep\")|.pid)" "$pids"
check performance-metrics.json ".sessions[\"$sid\"].left_running|map(.started|test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z$\"))|all" 'true'
CODEX_ANALYTICS_DIR="$data" COLUMNS=120 "$pm" --report >"$tmp/report" || fail "report"
grep -q '^Most Expensive Commands by CPU Time:$' "$tmp/report" &&
	grep -Eq "^  .{8,} +$(echo "$pids" | jq -r '.[0]') +sleep " "$tmp/report" ||
	fail "report: $(cat "$tmp/report")"
log "report:"
sed -n '/^Recent Sessions/,/^Today/p' "$tmp/report" >&2
