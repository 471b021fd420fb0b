#!/bin/bash
# perf-metrics as a hook: events it does not sample write nothing at all
# (not even the data directory) and say nothing; the state file of earlier
# versions is ignored and removed at a session's start.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
for t in task_complete error tool_use PostToolUse Stop notification; do
	CODEX_EVENT_TYPE=$t CODEX_SESSION_ID=u "$pm" </dev/null >"$tmp/out" 2>"$tmp/err" || fail "$t: exit $?"
	[ -s "$tmp/out" ] || [ -s "$tmp/err" ] && fail "$t: output $(cat "$tmp/out" "$tmp/err")"
done
printf '%s' '{"session_id":"u","hook_event_name":"PostToolUse","tool_name":"Edit","tool_input":{"file_path":"/x"}}' |
	"$pm" >"$tmp/out" 2>"$tmp/err" || fail "PostToolUse on stdin: exit $?"
"$pm" '{"type":"agent-turn-complete","thread-id":"t1","turn-id":"1"}' </dev/null || fail "notify: exit $?"
[ -e "$data" ] && fail "data directory created: $(ls -a "$data")"

# A sampled event: silent on stdout, files 0600 in a 0700 directory.
CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=s "$pm" </dev/null >"$tmp/out" || fail "exit $?"
[ -s "$tmp/out" ] && fail "stdout: $(cat "$tmp/out")"
[ "$(stat -c %a "$data")" = 700 ] || fail "directory mode $(stat -c %a "$data")"
for f in "$data"/* "$data"/.metrics.lock; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f mode $(stat -c %a "$f")"
done
# The previous CPU reading is the last sample's: no state file.
jq -e '.cpu_ticks.total > 0 and .cpu_ticks.busy >= 0' "$data"/metrics-*.jsonl >/dev/null ||
	fail "no cpu_ticks in the sample"
[ -e "$data/.metrics-state.json" ] && fail "a state file was written"
# An earlier version's state file, even a symlink: ignored, then removed.
echo '{"secret":1}' >"$tmp/target"
ln -s "$tmp/target" "$data/.metrics-state.json"
CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=s "$pm" </dev/null || fail "old state file: exit $?"
CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=s2 "$pm" </dev/null || fail "old state file: exit $?"
[ -L "$data/.metrics-state.json" ] && fail "old state file not removed"
[ "$(cat "$tmp/target")" = '{"secret":1}' ] || fail "target changed"
# Lock held by someone else: exit 1 within the timeout, never 2.
exec 9>>"$data/.metrics.lock"
flock 9
CODEX_ANALYTICS_LOCK_TIMEOUT=0.3 CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=s "$pm" </dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "lock held: exit $rc"
grep -q "^perf-metrics: cannot lock" "$tmp/err" || fail "message: $(cat "$tmp/err")"
exec 9>&-
# A read-only data directory: exit 1 with one line.
if [ "$(id -u)" != 0 ]; then
	chmod 500 "$data"
	CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=s "$pm" </dev/null 2>"$tmp/err" && fail "read-only accepted"
	chmod 700 "$data"
fi
# Full disk: the log write fails, exit 1, nothing half-written.
FAULTS=write CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=s \
	faulty "$pm" </dev/null 2>"$tmp/err" && fail "full disk accepted"
grep -q "No space left on device" "$tmp/err" || fail "message: $(cat "$tmp/err")"
CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=s "$pm" </dev/null || fail "after full disk: exit $?"
check performance-metrics.json .sessions.s.measurements 3
echo ok
