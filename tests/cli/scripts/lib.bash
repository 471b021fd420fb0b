# Shared by the scripted command-line tests: sourced, never run.
# Arguments of every script: BUILD-DIR FAULTS-SHIM
set -u
build=$(cd "$1" && pwd)
shim=${2:-}
tu="$build/track-usage/track-usage"
pm="$build/perf-metrics/perf-metrics"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="$tmp/data"
export CODEX_ANALYTICS_DIR="$data" HOME="$tmp" TZ=UTC
unset CODEX_HOME CODEX_SESSION_ID CODEX_MODEL DEBUG CLAUDECODE CODEX_MANAGED_BY_NPM
# An LD_PRELOAD shim under ASan needs this.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fail() { echo "FAIL $(basename "$0"): $*" >&2; exit 1; }
check() { # check FILE FILTER EXPECTED
	local got
	got=$(jq -c "$2" "$data/$1" 2>&1)
	[ "$got" = "$3" ] || fail "$1 $2: got $got, expected $3"
}
lines() { cat "$data"/"$1"-*.jsonl 2>/dev/null | wc -l; }

# TEST_WRAPPER (e.g. "valgrind -q --error-exitcode=99 ...") runs every
# tool under it: wrapper scripts stand in for the programs.
if [ -n "${TEST_WRAPPER:-}" ]; then
	mkdir -p "$tmp/wrap"
	for p in track-usage perf-metrics; do
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$TEST_WRAPPER" \
			"$build/$p/$p" >"$tmp/wrap/$p"
		chmod +x "$tmp/wrap/$p"
	done
	tu="$tmp/wrap/track-usage" pm="$tmp/wrap/perf-metrics"
fi

# faulty PROGRAM [ARG...]: PROGRAM with the fault shim (FAULTS and
# FAULT_AFTER as faults.c says).  A shim works only on a dynamically linked
# program: a static build (STATIC=ON) has a dynamically linked twin of each
# tool, PROGRAM-dynamic, made of the same objects.
faulty() {
	local p=$1
	shift
	[ -x "$p-dynamic" ] && p=$p-dynamic
	LD_PRELOAD="$shim" "$p" "$@"
}

skip() { echo "skipped: $*"; exit 77; }
# The tool's program for a prefix: usage or metrics.
prog_of() { if [ "$1" = usage ]; then echo "$tu"; else echo "$pm"; fi; }
summary_of() { if [ "$1" = usage ]; then echo usage-summary.json; else echo performance-metrics.json; fi; }
all_parse() { # every document and every log line parses
	local f
	for f in "$data"/*.json "$data"/.*.json; do
		[ -f "$f" ] || continue
		jq -e . "$f" >/dev/null 2>&1 || fail "$(basename "$f") does not parse"
	done
	for f in "$data"/*.jsonl; do
		[ -f "$f" ] || continue
		jq -c . "$f" >/dev/null 2>&1 || fail "$(basename "$f") has a line that does not parse"
		[ ! -s "$f" ] || [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] ||
			fail "$(basename "$f") ends in a torn line"
	done
}
temps() { # the temp files in the data directory, one a line
	(cd "$data" && ls -A) | grep -E '^\..+\.[0-9a-zA-Z]{6}$' || true
}
snapshot() { # checksums of the documents and logs, to compare later
	(cd "$data" && md5sum ./*.json ./*.jsonl 2>/dev/null)
}
rebuild_equals() { # rebuild_equals PREFIX: --rebuild gives the live documents
	local prog name f
	prog=$(prog_of "$1")
	rm -rf "$tmp/live"
	mkdir "$tmp/live"
	cp "$data/$(summary_of "$1")" "$data/$1"-2*.json "$tmp/live/"
	"$prog" --rebuild >/dev/null || fail "$1: rebuild exit $?"
	for f in "$tmp"/live/*.json; do
		name=$(basename "$f")
		diff <(jq -S 'del(.log_position)' "$f") \
			<(jq -S 'del(.log_position)' "$data/$name") >&2 ||
			fail "$1: $name differs from its rebuild"
	done
}
counts_all() { # counts_all PREFIX: the summary counts every line of the log
	if [ "$1" = usage ]; then
		check usage-summary.json .total_events "$(lines usage)"
	else
		check performance-metrics.json .performance_summary.total_measurements "$(lines metrics)"
	fi
}
failed_cleanly() { # failed_cleanly WHAT MESSAGE BEFORE: the failed run's
	# stderr ($tmp/err) is one line matching the extended regex MESSAGE,
	# its stdout ($tmp/out) empty; the documents are as in BEFORE (a
	# snapshot of the .json files), no temp file is left, and all parses
	[ -s "$tmp/out" ] && fail "$1: stdout"
	[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$1: not one line: $(cat "$tmp/err")"
	grep -Eq "^$2\$" "$tmp/err" || fail "$1: message: $(cat "$tmp/err")"
	[ "$(snapshot | grep '\.json$')" = "$3" ] || fail "$1: a document changed"
	[ -z "$(temps)" ] || fail "$1: temp files left: $(temps)"
	all_parse
}
corrupt_kept() { # corrupt_kept PREFIX SESSION: a summary that does not parse
	# is moved aside, with a warning, and rebuilt by SESSION's next event
	local summary
	summary=$(summary_of "$1")
	echo 'not json' >"$data/$summary"
	CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=$2 "$(prog_of "$1")" </dev/null 2>"$tmp/err" ||
		fail "$1: event after the corrupt summary: $(cat "$tmp/err")"
	grep -q "did not parse" "$tmp/err" || fail "$1: no warning: $(cat "$tmp/err")"
	ls "$data/$summary".corrupt-* >/dev/null || fail "$1: corrupt file not kept"
}
newer_refused() { # newer_refused PREFIX SESSION: with a summary of a newer
	# schema SESSION's event fails, the summary is left untouched and
	# nothing is logged
	local summary n
	summary=$(summary_of "$1")
	jq '.schema_version = 2' "$data/$summary" >"$tmp/new" && cp "$tmp/new" "$data/$summary"
	n=$(lines "$1")
	CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=$2 "$(prog_of "$1")" </dev/null 2>"$tmp/err" &&
		fail "$1: newer schema accepted"
	grep -q "newer version" "$tmp/err" || fail "$1: message: $(cat "$tmp/err")"
	[ "$(lines "$1")" = "$n" ] || fail "$1: logged despite newer schema"
	cmp -s "$tmp/new" "$data/$summary" || fail "$1: newer summary changed"
}
