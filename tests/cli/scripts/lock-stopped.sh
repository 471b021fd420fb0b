#!/bin/bash
# Lock contention: a process that took the lock and was then stopped
# (SIGSTOP, as a debugger or ^Z leaves it) makes each tool give up after
# CODEX_ANALYTICS_LOCK_TIMEOUT with exit 1 and one line, never hang and
# never write; once the holder is gone the next event records.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0 CODEX_ANALYTICS_LOCK_TIMEOUT=0.5
for prefix in usage metrics; do
	prog=$(prog_of "$prefix")
	name=$(basename "$prog")
	lock=.usage.lock
	[ "$prefix" = metrics ] && lock=.metrics.lock
	CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=l "$prog" </dev/null || fail "$name: first event"
	rm -f "$tmp/locked"
	(
		exec 9>>"$data/$lock"
		flock 9
		touch "$tmp/locked"
		kill -STOP "$BASHPID"
	) &
	holder=$!
	for i in $(seq 1 100); do
		[ -e "$tmp/locked" ] && [ "$(awk '{print $3}' "/proc/$holder/stat")" = T ] && break
		sleep 0.05
	done
	[ "$(awk '{print $3}' "/proc/$holder/stat")" = T ] || fail "$name: the holder did not stop"
	before=$(snapshot)
	start=$(date +%s%N)
	timeout 20 env CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=l "$prog" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	kill -KILL "$holder"
	kill -CONT "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	[ "$rc" = 124 ] && fail "$name: hung"
	[ "$rc" = 1 ] || fail "$name: exit $rc"
	[ -s "$tmp/out" ] && fail "$name: stdout"
	[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name: $(cat "$tmp/err")"
	grep -q "^$name: cannot lock '$lock': held by another process for over 0.5 s\$" "$tmp/err" ||
		fail "$name: message $(cat "$tmp/err")"
	# Waited the bound, and not much longer (generous for a loaded machine).
	[ "$ms" -ge 500 ] || fail "$name: gave up after $ms ms"
	[ "$ms" -lt 5000 ] || fail "$name: took $ms ms"
	[ "$(snapshot)" = "$before" ] || fail "$name: data changed"
	CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=l "$prog" </dev/null || fail "$name: after the holder died: exit $?"
	echo "$name: gave up after $ms ms"
done
echo ok
