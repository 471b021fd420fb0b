#!/bin/bash
# Codex CLI, one whole `codex exec` session through both hooks and notify:
# two shell commands, three model calls, one reply.
. "$(dirname "$0")/lib.bash"
need_agent codex

# Usage figures of the three model calls (input, cached, output, reasoning),
# and the plan's rate limits as the API's headers give them (docs/design.md
# §5d): the first response's, then other figures in the next two.
reset5h=$(($(date +%s) + 3 * 3600))
resetwk=$(($(date +%s) + 3 * 86400))
limits() {
	printf '{"x-codex-primary-used-percent": "%s", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "%s", "x-codex-secondary-used-percent": "%s", "x-codex-secondary-window-minutes": "10080", "x-codex-secondary-reset-at": "%s", "x-codex-credits-has-credits": "true", "x-codex-credits-unlimited": "false", "x-codex-credits-balance": "%s"}' \
		"$1" "$reset5h" "$2" "$resetwk" "$3"
}
start_mock responses <<EOF
{"steps": [
  {"tool": "exec_command", "input": {"cmd": "cat $M_ARG.txt"},
   "usage": {"input_tokens": 1200, "cached_tokens": 200, "output_tokens": 30, "reasoning_tokens": 5},
   "headers": $(limits 12.5 40 17.25)},
  {"tool": "exec_command", "input": {"cmd": "ls -la"},
   "usage": {"input_tokens": 1500, "cached_tokens": 1000, "output_tokens": 40, "reasoning_tokens": 0},
   "headers": $(limits 31.5 41 17.00)},
  {"text": "$M_REPLY: the notes are read",
   "usage": {"input_tokens": 1800, "cached_tokens": 1400, "output_tokens": 50, "reasoning_tokens": 10},
   "headers": $(limits 31.5 41 17.00)}
 ],
 "default": {"text": "unexpected request", "usage": {"input_tokens": 1, "output_tokens": 1}}}
EOF
printf '%s\n' "$M_OUTPUT" >"$work/$M_ARG.txt"
codex_setup gpt-5.1-codex install

prompt="$M_PROMPT: read the notes"
t0=$(time_ms)
"${codex_run[@]}" "$prompt" >"$agent_out" 2>"$agent_err" </dev/null ||
	fail "codex exited $?"
t1=$(time_ms)
grep -qF "$M_REPLY" "$agent_out" || fail "the reply did not reach codex's output"
grep -qF "$M_OUTPUT" "$agent_err" || fail "the command did not run"
codex_hooks_ok

# The session id is the thread id that names the rollout.
rollout=$(find "$codex_home/sessions" -name 'rollout-*.jsonl' | head -n 1)
[ -n "$rollout" ] || fail "no rollout"
sid=$(basename "$rollout" .jsonl | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')

# 14 hook events and notify's agent-turn-complete
wait_events 15
for _ in $(seq 200); do
	grep -qs '"source":"notify"' "$data"/usage-*.jsonl && break
	sleep 0.05
done
t2=$(time_ms)
check usage-summary.json .total_sessions 1
check usage-summary.json .completed_sessions 1
check usage-summary.json .total_events 15
check usage-summary.json .total_tasks 1
check usage-summary.json .total_commands 2
check usage-summary.json .total_errors 0
check usage-summary.json .most_used_commands '{"cat":1,"ls":1}'
check usage-summary.json .command_failures '{}'
check usage-summary.json .models_used '{"gpt-5.1-codex":1}'
check usage-summary.json .providers_used '{"openai":1}'
check usage-summary.json .open_sessions '{}'
check usage-summary.json '.event_types' \
	'{"command_end":2,"command_start":2,"model_request":3,"model_response":3,"session_end":1,"session_start":1,"task_complete":2,"task_start":1}'
check LOG 'map(.session_id)|unique' "[\"$sid\"]"
check LOG 'map(select(.type!="tokens" and .type!="limits")|.source)|group_by(.)|map({(.[0]):length})|add' '{"notify":1,"stdin":14}'
check LOG 'map(select(.type=="session_start"))|map(.data.model)' '["gpt-5.1-codex"]'
check LOG 'map(select(.type=="task_start"))|map(.data.prompt_chars)' "[${#prompt}]"
# Codex's PostToolUse carries the output as a string and no exit code.
check LOG 'map(select(.type=="command_end"))|map([.data.command,(.data|has("exit_code"))])' '[["cat",false],["ls",false]]'
check LOG 'map(select(.type=="model_response"))|map(.data.status)' '["completed","completed","completed"]'

# perf-metrics: samples of session_start, task_start, each command_start and
# session_end, all of this session, each naming the agent process.
check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","command_start","command_end","session_end"]'
check METRICS 'map(.session_id)|unique' "[\"$sid\"]"
check METRICS 'map(.agent.name)|unique' '["codex"]'
check performance-metrics.json ".sessions[\"$sid\"]|[.measurements,.command_count,.task_count,.model]" \
	'[7,2,1,"gpt-5.1-codex"]'

# Tokens (docs/design.md §5a): the mock's figures, from PostModelRequest's
# token_usage.
check_tokens '{"cache_write_input":0,"cached_input":2600,"input":4500,"output":120,"reasoning_output":15,"total":4620}' \
	gpt-5.1-codex
check LOG 'map(select(.type=="tokens"))|length' 3

# Plan limits (docs/design.md §5d): Codex wrote the headers into the
# rollout's token_count lines; the hooks logged the last snapshot at Stop,
# SessionEnd or notify, and the summary holds the last figures.
check LOG '[.[]|select(.type=="limits")]|length > 0' true
check LOG '[.[]|select(.type=="limits")]|last|[.agent,.session_id,(.windows|map([.name,.window_minutes,(.used_percent*10|round),.resets_at])),.credits]' \
	"[\"codex\",\"$sid\",[[\"5h\",300,315,$reset5h],[\"weekly\",10080,410,$resetwk]],{\"balance\":\"17.00\",\"has_credits\":true,\"unlimited\":false}]"
check usage-summary.json '.limits.codex["5h"]|[(.used_percent*10|round),.resets_at,.window_minutes]' "[315,$reset5h,300]"
check usage-summary.json '.limits.codex.weekly|[(.used_percent*10|round),.resets_at]' "[410,$resetwk]"
# Not events: the totals above hold.
"$tu" --report --format prometheus --data-dir "$data" >"$tmp/prom" || fail "prometheus"
grep -qx 'codex_analytics_limit_used_percent{agent="codex",window="5h"} 31.5' "$tmp/prom" ||
	fail "prometheus: $(grep limit "$tmp/prom")"
rc=0; out=$("$tu" --check --budget window=95 --data-dir "$data") || rc=$?
[ $rc = 0 ] && [[ $out == "USAGE OK - codex 5h window 32% "* ]] || fail "--check: $rc $out"
rc=0; out=$("$tu" --check --budget window=30 --data-dir "$data") || rc=$?
[ $rc = 2 ] && [[ $out == "USAGE CRITICAL - codex 5h window 32% "* ]] || fail "--check 30: $rc $out"
"$tu" --report --data-dir "$data" | grep -q '^  codex 5h: 32% used, resets ' || fail "report: no plan limits"

# The model saw exactly the scripted calls: nothing retried, no extra turn.
jq -s -e 'map(select(.method=="POST"))|map(.step)==[0,1,2]' "$tmp/mock.log" >/dev/null ||
	fail "unexpected model requests"
check_private
check_project
check_modes
# Wired by --install-hooks; every event attributed to Codex, and the
# doctor says so (the hooks are not trusted: the session bypassed that).
check LOG 'map(select(.type!="tokens" and .type!="limits")|.agent)|unique' '["codex"]'
doctor >"$tmp/doctor.out"
grep -q "^codex: SessionStart: track-usage, perf-metrics$" "$tmp/doctor.out" &&
	grep -q "^codex: last event recorded: " "$tmp/doctor.out" &&
	grep -q "^codex: hooks not trusted yet" "$tmp/doctor.out" ||
	fail "doctor: $(cat "$tmp/doctor.out")"
log "codex exec took $((t1 - t0)) ms; notify landed $((t2 - t1)) ms after exit"
