#!/bin/bash
# Write failures through the fault shim (faults.so, as jq tests its I/O
# errors), for both tools: a failed log write, document write, fdatasync or
# rename gives exit 1 and a one-line message, leaves every document as it
# was and no temp file behind; a failed log write or fdatasync leaves the
# log as it was too.  The next event then records normally.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
# FAULTS  FAULT_AFTER  MESSAGE  LOG LINES ADDED
cases=(
	"write 0 cannot write '[a-z]+-[0-9-]+\\.jsonl': No space left on device 0"
	"write 1 cannot (write|replace) '\\.?[a-z-]+(-[0-9-]+)?\\.json[^']*': No space left on device 1"
	"fsync 0 cannot sync '[a-z]+-[0-9-]+\\.jsonl': Input/output error 0"
	"rename 0 cannot replace '[a-z-]+(-[0-9-]+)?\\.json': Input/output error 1"
)
for prefix in usage metrics; do
	prog=$(prog_of "$prefix")
	name=$(basename "$prog")
	CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=f "$prog" </dev/null || fail "$name: first event"
	for c in "${cases[@]}"; do
		read -r faults after rest <<<"$c"
		added=${rest##* } msg=${rest% *}
		before=$(snapshot | grep '\.json$')
		n=$(lines "$prefix")
		FAULTS=$faults FAULT_AFTER=$after CODEX_EVENT_TYPE=task_start \
			CODEX_SESSION_ID=f faulty "$prog" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ "$rc" = 1 ] || fail "$name $faults/$after: exit $rc"
		failed_cleanly "$name $faults/$after" "$name: $msg" "$before"
		[ "$(lines "$prefix")" = $((n + added)) ] || fail "$name $faults/$after: log has $(lines "$prefix") lines, expected $((n + added))"
	done
	CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=f "$prog" </dev/null || fail "$name: event after the faults"
	counts_all "$prefix"
	rebuild_equals "$prefix"
done
echo ok
