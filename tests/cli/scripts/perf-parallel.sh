#!/bin/bash
# perf-metrics: 16 processes x 30 samples at once (a session each: start,
# 28 commands, end): nothing lost, every file parses, and the summaries
# equal a rebuild.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
writer() {
	local s="w$1"
	CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=$s "$pm" </dev/null || echo fail >>"$tmp/failed"
	for i in $(seq 1 28); do
		CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=$s \
			CODEX_COMMAND="cmd$(( i % 4 )) arg" "$pm" </dev/null || echo fail >>"$tmp/failed"
	done
	CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=$s "$pm" </dev/null || echo fail >>"$tmp/failed"
}
for w in $(seq 1 16); do writer "$w" & done
wait
[ -e "$tmp/failed" ] && fail "$(wc -l <"$tmp/failed") events failed"
[ "$(lines metrics)" = 480 ] || fail "log has $(lines metrics) lines"
check performance-metrics.json .performance_summary.total_measurements 480
check performance-metrics.json '[.commands[].count]|add' 448
check performance-metrics.json .commands.cmd0.count 112
check performance-metrics.json '.sessions|length' 16
check performance-metrics.json '[.sessions[]|.measurements]|unique' '[30]'
check performance-metrics.json '[.sessions[]|.command_count]|unique' '[28]'
check performance-metrics.json '[.sessions[]|has("end_time")]|unique' '[true]'
n=$(cat "$data"/metrics-2*.json | jq -s '[.[].performance_summary.total_measurements]|add')
[ "$n" = 480 ] || fail "day files count $n samples"
for f in "$data"/*.json; do
	jq -e . "$f" >/dev/null || fail "$f does not parse"
done
ls -a "$data" | grep -q '^\..*\.[0-9a-f]\{6\}$' && fail "temp files left: $(ls -a "$data")"
cp "$data/performance-metrics.json" "$tmp/live.json"
"$pm" --rebuild || fail "rebuild"
diff <(jq -S 'del(.log_position)' "$tmp/live.json") \
	<(jq -S 'del(.log_position)' "$data/performance-metrics.json") || fail "rebuild differs"
echo ok
