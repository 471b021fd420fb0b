#!/bin/bash
# A full disk, for real: the data directory on a small tmpfs filled to the
# last byte.  Each tool exits 1 with a one-line "No space left on device",
# every document stays as it was, no temp file is left, and once there is
# room again the next event records and the documents equal their rebuild.
# Mounting needs root: otherwise (or when the mount fails, as in a
# container without the capability) the test says so and is skipped (77).
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
[ "$(id -u)" = 0 ] || skip "not root: cannot mount a tmpfs"
mkdir -p "$data"
mount -t tmpfs -o size=256k,mode=0700 tmpfs "$data" 2>"$tmp/err" ||
	skip "cannot mount a tmpfs: $(cat "$tmp/err")"
trap 'umount "$data" 2>/dev/null; rm -rf "$tmp"' EXIT
for prefix in usage metrics; do
	prog=$(prog_of "$prefix")
	name=$(basename "$prog")
	for i in 1 2 3; do
		CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID="d$i" "$prog" </dev/null ||
			fail "$name: event $i"
	done
	# Fill it up to the last block, then try until a write fails: the
	# log's last page may still have room for a line or two.
	dd if=/dev/zero of="$data/filler" bs=4k 2>/dev/null
	dd if=/dev/zero of="$data/filler2" bs=1 2>/dev/null
	failed=
	for i in $(seq 1 50); do
		before=$(snapshot | grep '\.json$')
		CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=d1 "$prog" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ "$rc" = 0 ] && continue
		[ "$rc" = 1 ] || fail "$name: exit $rc"
		failed=$i
		break
	done
	[ -n "$failed" ] || fail "$name: 50 events fitted on a full disk"
	failed_cleanly "$name" "$name: cannot [a-z]+ '[^']+': No space left on device" "$before"
	msg=$(cat "$tmp/err")
	rm -f "$data/filler" "$data/filler2"
	CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=d1 "$prog" </dev/null || fail "$name: event after the disk had room"
	counts_all "$prefix"
	rebuild_equals "$prefix"
	echo "$name: event $failed on the full disk failed: $msg"
done
echo ok
