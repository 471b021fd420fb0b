#!/bin/bash
# Codex CLI compacting its context mid-turn (model_auto_compact_token_limit
# below the first call's usage): SessionStart comes again with source
# "compact", and it is still one session.
. "$(dirname "$0")/lib.bash"
need_agent codex

# The compaction request (Codex's "CONTEXT CHECKPOINT COMPACTION" prompt)
# gets the default answer, the summary.
start_mock responses <<EOF
{"steps": [
  {"tool": "exec_command", "input": {"cmd": "cat $M_ARG.txt"},
   "usage": {"input_tokens": 6000, "cached_tokens": 0, "output_tokens": 30, "reasoning_tokens": 0}},
  {"text": "$M_REPLY: read after compaction",
   "usage": {"input_tokens": 1500, "cached_tokens": 1000, "output_tokens": 40, "reasoning_tokens": 0}}
 ],
 "default": {"text": "Summary: the notes file was read.",
   "usage": {"input_tokens": 700, "cached_tokens": 0, "output_tokens": 50, "reasoning_tokens": 0}}}
EOF
printf '%s\n' "$M_OUTPUT" >"$work/$M_ARG.txt"
codex_setup gpt-5.1-codex

t0=$(time_ms)
codex_prompt "$M_PROMPT: read the notes" -c model_auto_compact_token_limit=5000
t1=$(time_ms)
grep -q '^context compacted' "$agent_err" || fail "codex did not compact"
codex_hooks_ok
jq -s -e 'map(select(.method=="POST"))|map(.step)==[0,"default",1]' "$tmp/mock.log" >/dev/null ||
	fail "expected a call, the compaction, a call"

codex_session_id

# The compaction call fires no Pre/PostModelRequest.
wait_events 12
check usage-summary.json .total_events 12
check usage-summary.json '.event_types' \
	'{"command_end":1,"command_start":1,"model_request":2,"model_response":2,"session_end":1,"session_start":2,"task_complete":2,"task_start":1}'
check_one_session
check usage-summary.json .models_used '{"gpt-5.1-codex":1}'
check usage-summary.json .total_tasks 1
check usage-summary.json .most_used_commands '{"cat":1}'
day=$(usage_log | jq -r '.[0].timestamp[0:10]')
check "usage-$day.json" '.sessions|length' 1
check "usage-$day.json" '.summary.total_sessions' 1

# perf-metrics samples both session_starts, in the one session.
check METRICS 'map(.event)' '["session_start","task_start","command_start","command_end","session_start","session_end"]'
check performance-metrics.json '.sessions|length' 1
check performance-metrics.json ".sessions[\"$sid\"]|[.measurements,.command_count,.task_count]" '[6,1,1]'
check performance-metrics.json ".sessions[\"$sid\"].start_time" \
	"$(metrics_log | jq -c '.[0].timestamp')"

# Tokens: by docs/design.md §5a a Codex session with PostModelRequest events counts
# those alone, and the compaction call has none (its 700 + 50 are only in
# the rollout's token_count lines).
check_tokens '{"cache_write_input":0,"cached_input":1000,"input":7500,"output":70,"reasoning_output":0,"total":7570}' \
	gpt-5.1-codex
check LOG 'map(select(.type=="tokens"))|length' 2
check_private
check_project
check_modes
log "codex exec with a compaction took $((t1 - t0)) ms"
