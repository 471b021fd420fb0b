#!/bin/bash
# Files, for both tools: directories 0700 and files 0600 whatever the
# umask; a data directory others can write gets a one-line warning on
# stderr (never stdout) and the event is still recorded; a symlink at any
# data file or lock file is refused (exit 1, one line), never followed and
# left in place, and no document changes; a log_position naming no real date reaches no file name.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
today=$(date +%F)
ev() { CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=p "$@" </dev/null; }

# Modes, with a umask that would give everyone everything.
for prefix in usage metrics; do
	prog=$(prog_of "$prefix")
	rm -rf "$tmp/deep"
	(umask 000 && CODEX_ANALYTICS_DIR="$tmp/deep/er/data" ev "$prog") || fail "$prefix: exit $?"
	for d in "$tmp/deep" "$tmp/deep/er" "$tmp/deep/er/data"; do
		[ "$(stat -c %a "$d")" = 700 ] || fail "$prefix: $d mode $(stat -c %a "$d")"
	done
	for f in "$tmp"/deep/er/data/* "$tmp"/deep/er/data/.[!.]*; do
		[ "$(stat -c %a "$f")" = 600 ] || fail "$prefix: $(basename "$f") mode $(stat -c %a "$f")"
	done
done

# A data directory others can write: warned about, still recorded.
mkdir -p "$data"
for mode in 700 750 770 707 1777 2770; do
	chmod "$mode" "$data"
	for prefix in usage metrics; do
		prog=$(prog_of "$prefix")
		name=$(basename "$prog")
		n=$(lines "$prefix")
		ev "$prog" >"$tmp/out" 2>"$tmp/err" || fail "$name $mode: exit $?"
		[ -s "$tmp/out" ] && fail "$name $mode: stdout $(cat "$tmp/out")"
		[ "$(lines "$prefix")" = $((n + 1)) ] || fail "$name $mode: not recorded"
		case $mode in
		700 | 750)
			[ -s "$tmp/err" ] && fail "$name $mode: $(cat "$tmp/err")" ;;
		*)
			[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name $mode: $(cat "$tmp/err")"
			grep -q "^$name: warning: data directory '$data' is writable by \(its group\|others\) (mode [0-7]*$mode): chmod 700 it\$" \
				"$tmp/err" || fail "$name $mode: message $(cat "$tmp/err")" ;;
		esac
	done
done
chmod 700 "$data"

# A symlink at each data file and at the lock file.
usage_files=(usage-summary.json "usage-$today.json" "usage-$today.jsonl" .usage.lock)
metrics_files=(performance-metrics.json "metrics-$today.json" "metrics-$today.jsonl" .metrics.lock)
for prefix in usage metrics; do
	prog=$(prog_of "$prefix")
	name=$(basename "$prog")
	if [ "$prefix" = usage ]; then files=("${usage_files[@]}"); else files=("${metrics_files[@]}"); fi
	for f in "${files[@]}"; do
		rm -rf "$data"
		ev "$prog" || fail "$name: first event"
		echo '{"secret":1}' >"$tmp/target"
		chmod 644 "$tmp/target"
		rm -f "$data/$f"
		ln -s "$tmp/target" "$data/$f"
		before=$(snapshot | grep '\.json$')
		ev "$prog" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ "$rc" = 1 ] || fail "$name $f: exit $rc"
		[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name $f: $(cat "$tmp/err")"
		grep -q "^$name: refusing symlink '$f'" "$tmp/err" || fail "$name $f: message $(cat "$tmp/err")"
		[ -L "$data/$f" ] || fail "$name $f: symlink removed"
		[ "$(cat "$tmp/target")" = '{"secret":1}' ] || fail "$name $f: target changed"
		[ "$(stat -c %a "$tmp/target")" = 644 ] || fail "$name $f: target mode changed"
		# A day file is loaded after the append: the line stays in the
		# log, to be counted once the symlink is gone, as after a crash.
		[ "$(snapshot | grep '\.json$')" = "$before" ] || fail "$name $f: a document changed"
	done
done

# A log_position that is no date: never part of a file name; the
# documents are rebuilt from the logs instead.
for prefix in usage metrics; do
	prog=$(prog_of "$prefix")
	name=$(basename "$prog")
	summary=$(summary_of "$prefix")
	for date in "9/../../aa" "../../../x" "9999-99-99" "" "$today"; do
		rm -rf "$data" "$tmp/aa.jsonl"
		mkdir -p "$data/$prefix-9"
		ev "$prog" || fail "$name: first event"
		offset=0
		[ "$date" = "$today" ] && offset=-5
		jq --arg d "$date" --argjson o "$offset" '.log_position = {date: $d, offset: $o}' \
			"$data/$summary" >"$tmp/s" && cp "$tmp/s" "$data/$summary"
		ev "$prog" 2>"$tmp/err" || fail "$name '$date': exit $?"
		grep -q "invalid log_position: rebuilt from the logs" "$tmp/err" ||
			fail "$name '$date': $(cat "$tmp/err")"
		[ -e "$tmp/aa.jsonl" ] && fail "$name '$date': wrote outside the data directory"
		ls "$data" | grep -qv "^$prefix-9\$\|^$prefix-$today\.jsonl\?\$\|^$summary\$" &&
			fail "$name '$date': unexpected file: $(ls "$data")"
		rmdir "$data/$prefix-9"
		if [ "$prefix" = usage ]; then
			check usage-summary.json .total_events 2
		else
			check performance-metrics.json .performance_summary.total_measurements 2
		fi
	done
done
echo ok
