#!/bin/bash
# A pipe left open never makes the hook hang; the event is recorded.
. "$(dirname "$0")/lib.bash"
start=$(date +%s%N)
CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=s "$tu" < <(sleep 4) || fail "exit $?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 3000 ] || fail "took $ms ms"
# Half a JSON value and then silence: the deadline ends the read.
CODEX_EVENT_TYPE=task_complete "$tu" 2>"$tmp/err" \
	< <(printf '{"hook_event_name":"Stop","session_id":"s"'; sleep 4) || fail "exit $?"
check usage-summary.json .total_events 2
check usage-summary.json .event_types '{"task_start":1,"task_complete":1}'
echo "ok ($ms ms)"
