# Shared by the scripted command-line tests: sourced, never run.
# Arguments of every script: BUILD-DIR FAULTS-SHIM
set -u
build=$1
shim=${2:-}
tu="$build/track-usage/track-usage"
pm="$build/perf-metrics/perf-metrics"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="$tmp/data"
export CODEX_ANALYTICS_DIR="$data" HOME="$tmp" TZ=UTC
unset CODEX_HOME CODEX_SESSION_ID CODEX_MODEL DEBUG
# An LD_PRELOAD shim under ASan needs this.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fail() { echo "FAIL $(basename "$0"): $*" >&2; exit 1; }
check() { # check FILE FILTER EXPECTED
	local got
	got=$(jq -c "$2" "$data/$1" 2>&1)
	[ "$got" = "$3" ] || fail "$1 $2: got $got, expected $3"
}
lines() { cat "$data"/"$1"-*.jsonl 2>/dev/null | wc -l; }
