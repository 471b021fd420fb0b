#!/bin/bash
# perf-metrics: --rebuild equals the live documents, day files included; a
# writer that dies before replacing the documents loses nothing; a corrupt
# summary is moved aside and rebuilt; a newer one stops everything.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
ev() { env "$@" "$pm" </dev/null || fail "event $*"; }
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=a CODEX_MODEL=gpt-5 CODEX_TIMESTAMP=2026-11-20T23:50:00Z
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=a CODEX_COMMAND='["git","status"]' CODEX_TIMESTAMP=2026-11-21T00:05:00Z
ev CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=a CODEX_TIMESTAMP=2026-11-21T00:06:00Z
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=b CODEX_COMMAND='make' CODEX_TIMESTAMP=2026-11-21T00:07:00Z
ev CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=a CODEX_TIMESTAMP=2026-11-21T00:20:00Z
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=c CODEX_PERF_ALERT_CPU=0 CODEX_TIMESTAMP=2026-11-21T01:00:00Z 2>/dev/null
mkdir "$tmp/live"; cp "$data"/*.json "$tmp/live/"
"$pm" --rebuild >"$tmp/out" || fail "rebuild"
[ -s "$tmp/out" ] && fail "rebuild wrote to stdout"
for f in "$tmp"/live/*.json; do
	diff <(jq -S 'del(.log_position)' "$f") \
		<(jq -S 'del(.log_position)' "$data/$(basename "$f")") || fail "$(basename "$f") differs"
done
check metrics-2026-11-20.json '.sessions.a.duration_ms' 1800000
check performance-metrics.json '.performance_summary.alerts.cpu' 1

# Every rename fails: the sample is logged but no document replaced; the
# next event applies it first.
FAULTS=rename CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=c \
	CODEX_TIMESTAMP=2026-11-21T01:01:00Z faulty "$pm" </dev/null 2>"$tmp/err" && fail "rename fault not reported"
grep -q "^perf-metrics: cannot replace" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "more than one line: $(cat "$tmp/err")"
check performance-metrics.json .performance_summary.total_measurements 6
ev CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=c CODEX_TIMESTAMP=2026-11-21T01:02:00Z
check performance-metrics.json .performance_summary.total_measurements 8
check performance-metrics.json .sessions.c.task_count 2

# SIGKILL at random moments: afterwards the summary equals a rebuild.
for i in $(seq 1 30); do
	CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=c CODEX_COMMAND="c$((i % 3))" "$pm" </dev/null &
	pid=$!
	sleep "0.00$((RANDOM % 9))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
ev CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=c
counts_all metrics
cp "$data/performance-metrics.json" "$tmp/live.json"
"$pm" --rebuild || fail "rebuild after kills"
diff <(jq -S 'del(.log_position)' "$tmp/live.json") \
	<(jq -S 'del(.log_position)' "$data/performance-metrics.json") || fail "rebuild differs after kills"

# A corrupt summary is kept aside and rebuilt before the new sample.
n=$(lines metrics)
corrupt_kept metrics c
check performance-metrics.json .performance_summary.total_measurements "$((n + 1))"

newer_refused metrics c
echo ok
