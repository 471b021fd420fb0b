#!/bin/bash
# A writer that dies between its log append and its checkpoint (here:
# every rename fails) leaves the line in the log; the next checkpoint
# counts it.  Then the same with a real SIGKILL at random moments.
. "$(dirname "$0")/lib.bash"
export CODEX_SESSION_ID=s1
CODEX_EVENT_TYPE=session_start "$tu" </dev/null || fail "first event"
FAULTS=rename CODEX_EVENT_TYPE=task_start faulty "$tu" </dev/null 2>"$tmp/err" &&
	fail "rename fault not reported"
grep -q "cannot replace" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "more than one line: $(cat "$tmp/err")"
check usage-summary.json .total_events 1
[ "$(lines usage)" = 2 ] || fail "log has $(lines usage) lines"
CODEX_EVENT_TYPE=command_start CODEX_COMMAND=make "$tu" </dev/null || fail "third event"
"$tu" --checkpoint || fail "checkpoint"
check usage-summary.json .total_events 3
check usage-summary.json .total_tasks 1
check usage-summary.json .most_used_commands '{"make":1}'
day=$(ls "$data"/usage-2*.json | head -1)
check "$(basename "$day")" .summary.total_commands 1

# SIGKILL at random moments: afterwards the summary equals a rebuild.
for i in $(seq 1 40); do
	CODEX_EVENT_TYPE=command_start CODEX_COMMAND="c$((i % 3))" "$tu" </dev/null &
	pid=$!
	sleep "0.00$((RANDOM % 9))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
CODEX_EVENT_TYPE=task_start "$tu" </dev/null || fail "event after kills"
n=$(lines usage)
check usage-summary.json .total_events "$n"
cp "$data/usage-summary.json" "$tmp/live.json"
"$tu" --rebuild >/dev/null || fail "rebuild"
diff <(jq -S 'del(.log_position)' "$tmp/live.json") \
	<(jq -S 'del(.log_position)' "$data/usage-summary.json") || fail "rebuild differs"
echo ok
