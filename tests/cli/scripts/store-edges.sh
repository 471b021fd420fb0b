#!/bin/bash
# Store edge cases (common/store.c): a torn line in an earlier day's log is
# cut off at the next catch-up or rebuild; a FIFO named like a log is an
# error, never a hang; a failed sync of the data directory takes the line
# back (exit 1 means not recorded); a log_position whose offset is not an
# integer makes a rebuild, never a second count of the log.
. "$(dirname "$0")/lib.bash"
today=$(date +%F)
y2=$(date -d '2 days ago' +%F)
y1=$(date -d yesterday +%F)
ev() { CODEX_EVENT_TYPE=$1 CODEX_SESSION_ID=s "$tu" </dev/null 2>>"$tmp/err"; }
lines_total() { cat "$data"/usage-*.jsonl | wc -l; }

# A torn line in an earlier day's log: cut by the next event's catch-up.
ev session_start || fail "first event"
mv "$data/usage-$today.jsonl" "$data/usage-$y2.jsonl"
"$tu" --rebuild || fail "rebuild"
printf '{"type":"task_st' >>"$data/usage-$y2.jsonl"
: >"$tmp/err"
ev task_start || fail "event after a torn earlier log: $(cat "$tmp/err")"
[ "$(tail -c 1 "$data/usage-$y2.jsonl" | od -An -c | tr -d ' ')" = '\n' ] || fail "torn line not cut"
jq -e . "$data/usage-$y2.jsonl" >/dev/null || fail "earlier log not JSON Lines"
grep -q "cut a torn line of 16 bytes off 'usage-$y2.jsonl'" "$tmp/err" || fail "message: $(cat "$tmp/err")"
check usage-summary.json .total_events "$(lines_total)"
# The same, cut by --rebuild.
printf '{"type":"task_st' >>"$data/usage-$y2.jsonl"
"$tu" --rebuild 2>"$tmp/err" || fail "rebuild over a torn earlier log"
grep -q "cut a torn line" "$tmp/err" || fail "rebuild: $(cat "$tmp/err")"
jq -e . "$data/usage-$y2.jsonl" >/dev/null || fail "earlier log not JSON Lines after --rebuild"

# A FIFO named like a log: exit 1 at once, no hang.
mkfifo "$data/usage-$y1.jsonl"
timeout 10 "$tu" --rebuild 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "rebuild over a FIFO: exit $rc"
grep -q "'usage-$y1.jsonl' is not a regular file" "$tmp/err" || fail "FIFO message: $(cat "$tmp/err")"
rm "$data/usage-$y1.jsonl"
y3=$(date -d '3 days ago' +%F)
mkfifo "$data/usage-$y3.jsonl"
timeout 10 "$tu" --prune 1 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "prune over a FIFO: exit $rc"
grep -q "'usage-$y3.jsonl' is not a regular file" "$tmp/err" || fail "prune FIFO message: $(cat "$tmp/err")"
rm "$data/usage-$y3.jsonl"
"$tu" --rebuild || fail "rebuild after the FIFO"

# A log_position offset that is not an integer: rebuilt, not counted twice.
ev command_start || fail "event"
jq -c '.log_position.offset = "500"' "$data/usage-summary.json" >"$tmp/s" && cat "$tmp/s" >"$data/usage-summary.json"
: >"$tmp/err"
ev task_complete || fail "event after an edited position"
check usage-summary.json .total_events "$(lines_total)"

# The data directory's sync (before the log's) fails for a new log: exit 1,
# and the line is taken back.
rm -rf "$data"
CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=f FAULTS=fsync FAULT_AFTER=0 faulty "$tu" </dev/null 2>"$tmp/err" &&
	fail "a failed directory sync accepted"
grep -q "cannot sync the data directory" "$tmp/err" || fail "sync message: $(cat "$tmp/err")"
[ "$(lines_total)" = 0 ] || fail "the line of a failed event stayed in the log"
ev session_start || fail "event after the failed sync"
check usage-summary.json .total_events 1
echo ok
