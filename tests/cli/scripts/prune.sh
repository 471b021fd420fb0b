#!/bin/bash
# --prune DAYS folds the old logs into the checkpoint (usage-base.json,
# metrics-base.json), deletes them and their day files under the lock,
# says what it removed, and leaves the summaries' totals intact: --rebuild
# from the checkpoint gives the live summary again, before and after more
# events and a second prune.  The log hooks append to always stays.
. "$(dirname "$0")/lib.bash"
export CODEX_ANALYTICS_FSYNC=0 CODEX_PERF_SAMPLE_MS=0
mkdir -p "$data"
day() { date -u -d "today $1 days" +%F; }
# Eleven days of logs, today-10 .. today, a session a day; the session of
# today-6 ends after midnight, in the log of today-5.
for i in $(seq 10 -1 0); do
	d=$(day -$i) h=10
	[ "$i" = 6 ] && h=23
	{
		printf '{"type":"session_start","session_id":"s%d","timestamp":"%sT%d:30:00Z","source":"env","data":{"model":"gpt-5","provider":"openai"}}\n' "$i" "$d" "$h"
		printf '{"type":"command_start","session_id":"s%d","timestamp":"%sT%d:31:00Z","source":"env","data":{"command":"git"}}\n' "$i" "$d" "$h"
		if [ "$i" = 5 ]; then
			printf '{"type":"session_end","session_id":"s6","timestamp":"%sT00:30:00Z","source":"env","data":{}}\n' "$d"
		fi
		if [ "$i" != 6 ]; then
			printf '{"type":"session_end","session_id":"s%d","timestamp":"%sT%d:45:00Z","source":"env","data":{}}\n' "$i" "$d" "$h"
		fi
	} >"$data/usage-$d.jsonl"
done
"$tu" --rebuild || fail "rebuild"
summary() { jq -S . "$data/usage-summary.json"; }
summary >"$tmp/before"
jq -e '.total_sessions == 11 and .completed_sessions == 11' "$tmp/before" >/dev/null || fail "fixture"

"$tu" --prune 5 >"$tmp/out" || fail "prune: exit $?"
grep -qx "pruned 5 logs and 5 day files before $(day -5); usage-base.json holds their totals (through $(day -6))" "$tmp/out" ||
	fail "prune said: $(cat "$tmp/out")"
[ "$(ls "$data"/usage-*.jsonl | wc -l)" = 6 ] || fail "logs left: $(ls "$data")"
[ -e "$data/usage-$(day -6).json" ] && fail "day file of a pruned log left"
[ -e "$data/usage-$(day -5).json" ] || fail "day file of a kept log deleted"
summary | diff -u "$tmp/before" - >&2 || fail "prune changed the summary"
check usage-base.json '.log_position.date' "\"$(day -6)\""
check usage-base.json '.total_sessions' 5
check usage-base.json '.open_sessions | keys' '["s6"]'

# --rebuild starts from the base: the same summary.
"$tu" --rebuild || fail "rebuild after prune"
summary | diff -u "$tmp/before" - >&2 || fail "rebuild after prune differs"
# s6 ended in a kept log, but its pruned start day does not come back.
[ -e "$data/usage-$(day -6).json" ] && fail "rebuild brought back a pruned day file"

# Live events after the prune, then a second prune on top of the first.
CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=late "$tu" </dev/null || fail "event"
CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=late CODEX_COMMAND=make "$tu" </dev/null || fail "event"
"$tu" --checkpoint || fail "checkpoint"
summary >"$tmp/live"
"$tu" --prune 2 >"$tmp/out" || fail "second prune"
grep -q "^pruned 3 logs and 3 day files before $(day -2);" "$tmp/out" || fail "second prune said: $(cat "$tmp/out")"
check usage-base.json '.total_sessions' 8
summary | diff -u "$tmp/live" - >&2 || fail "second prune changed the summary"
"$tu" --rebuild || fail "rebuild after the second prune"
summary | diff -u "$tmp/live" - >&2 || fail "rebuild after the second prune differs"
jq -e '.total_sessions == 12 and .total_commands == 12' "$tmp/live" >/dev/null || fail "totals: $(cat "$tmp/live")"

# Nothing older: nothing to do.  Today's log is never removed, even by 0.
"$tu" --prune 30 >"$tmp/out" || fail "prune 30"
grep -qx "nothing to prune: no log before $(day -30)" "$tmp/out" || fail "prune 30 said: $(cat "$tmp/out")"
"$tu" --prune 0 >"$tmp/out" || fail "prune 0"
[ -e "$data/usage-$(day 0).jsonl" ] || fail "today's log removed"
"$tu" --rebuild && summary | diff -u "$tmp/live" - >&2 || fail "rebuild after prune 0 differs"

# The lock: a prune waits for it and gives up as a hook does.
exec 9>"$data/.usage.lock"
flock 9
CODEX_ANALYTICS_LOCK_TIMEOUT=0.2 "$tu" --prune 1 >/dev/null 2>"$tmp/err" && fail "pruned without the lock"
grep -q "cannot lock" "$tmp/err" || fail "lock message: $(cat "$tmp/err")"
exec 9>&-

# perf-metrics: the same with its own files.
for i in 4 3 2 1 0; do
	d=$(day -$i)
	printf '{"event":"session_start","session_id":"p%d","timestamp":"%sT10:00:00.000Z","cpu_percent":%d.5,"memory_percent":40.0}\n' "$i" "$d" "$i" >"$data/metrics-$d.jsonl"
done
"$pm" --rebuild || fail "perf rebuild"
jq -S 'del(.sessions)' "$data/performance-metrics.json" >"$tmp/perf"
"$pm" --prune 2 >"$tmp/out" || fail "perf prune"
grep -q "^pruned 2 logs and 2 day files before $(day -2); metrics-base.json holds" "$tmp/out" || fail "perf prune said: $(cat "$tmp/out")"
"$pm" --rebuild || fail "perf rebuild after prune"
jq -S 'del(.sessions)' "$data/performance-metrics.json" | diff -u "$tmp/perf" - >&2 || fail "perf rebuild differs"
check performance-metrics.json '.sessions | keys' '["p0","p1","p2","p3","p4"]'
echo ok
