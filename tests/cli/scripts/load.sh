#!/bin/bash
# Load: 32 processes x 100 mixed events, every event sent to both tools at
# once, in one data directory.  Nothing is lost: summary totals, daily
# totals, day files and log line counts all equal the events sent; every
# file parses; both tools' documents equal their rebuild.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
W=32 N=100
# One cycle of ten events: a session with a task, two commands, a tool, an
# error and an event neither tool knows.  perf-metrics samples six.
cycle=(session_start task_start command_start command_end tool_use command_start error task_complete notification session_end)
writer() {
	local i t
	for i in $(seq 0 $((N - 1))); do
		t=${cycle[i % 10]}
		env CODEX_EVENT_TYPE=$t CODEX_SESSION_ID="w$1" CODEX_COMMAND="cmd$((i % 3)) -x" \
			CODEX_EXIT_CODE=$((i % 2)) CODEX_ERROR=e CODEX_CONTEXT=c "$tu" </dev/null ||
			echo "usage $t" >>"$tmp/failed"
		env CODEX_EVENT_TYPE=$t CODEX_SESSION_ID="w$1" CODEX_COMMAND="cmd$((i % 3)) -x" \
			"$pm" </dev/null || echo "metrics $t" >>"$tmp/failed"
	done
}
start=$(date +%s%N)
for w in $(seq 1 $W); do writer "$w" & done
wait
ms=$((($(date +%s%N) - start) / 1000000))
[ -e "$tmp/failed" ] && fail "$(wc -l <"$tmp/failed") events failed: $(sort "$tmp/failed" | uniq -c | head)"
all_parse
[ -z "$(temps)" ] || fail "temp files left: $(temps)"
total=$((W * N))
[ "$(lines usage)" = $total ] || fail "usage logs have $(lines usage) lines"
check usage-summary.json .total_events $total
check usage-summary.json .total_commands $((total / 5))
check usage-summary.json .total_tasks $((total / 10))
check usage-summary.json .total_errors $((total / 10))
check usage-summary.json .total_sessions $((total / 10))
check usage-summary.json .completed_sessions $((total / 10))
check usage-summary.json .event_types.notification $((total / 10))
check usage-summary.json '[.daily_stats[].events]|add' $total
check usage-summary.json '[.daily_stats[].commands]|add' $((total / 5))
check usage-summary.json '.hourly_activity|add' $total
check usage-summary.json '.open_sessions|length' 0
n=$(cat "$data"/usage-2*.json | jq -s '[.[].summary.total_events]|add')
[ "$n" = $total ] || fail "usage day files count $n events"
samples=$((total * 6 / 10))
[ "$(lines metrics)" = $samples ] || fail "metrics logs have $(lines metrics) lines"
check performance-metrics.json .performance_summary.total_measurements $samples
check performance-metrics.json '[.commands[].count]|add' $((total / 5))
check performance-metrics.json '.sessions|length' $W
n=$(cat "$data"/metrics-2*.json | jq -s '[.[].performance_summary.total_measurements]|add')
[ "$n" = $samples ] || fail "metrics day files count $n samples"
rebuild_equals usage
rebuild_equals metrics
echo "ok: $W writers x $N events x 2 tools = $((2 * total)) hook runs ($total usage events, $samples samples) in $ms ms"
