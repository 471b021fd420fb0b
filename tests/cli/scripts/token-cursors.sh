#!/bin/bash
# Token cursors (track-usage/collect.c): no transcript line counts twice,
# not after a pause of more than a day, not after the state file was lost
# to corruption (an open session is then read from the transcript's end,
# a new one from its start).
. "$(dirname "$0")/lib.bash"
t="$tmp/t"
mkdir -p "$t"
line() { # line SESSION MSG-ID: an assistant message of 110 tokens
	printf '{"type":"assistant","requestId":"r-%s","message":{"id":"%s","model":"claude-opus-4-8","usage":{"input_tokens":100,"output_tokens":10}}}\n' \
		"$2" "$2" >>"$t/$1.jsonl"
}
ev() { # ev SESSION EVENT TIME
	printf '{"session_id":"%s","transcript_path":"%s","cwd":"/p","hook_event_name":"%s"}' \
		"$1" "$t/$1.jsonl" "$2" | CODEX_TIMESTAMP=$3 "$tu" 2>>"$tmp/err" || fail "$2 of $1 at $3"
}
total() { # total WANT
	local got
	got=$(jq .tokens.total "$data/usage-summary.json")
	[ "$got" = "$1" ] || fail "tokens: $got, expected $1 ($2)"
}

# A pause of more than a day: a's cursor is kept, its lines count once.
ev a SessionStart 2026-01-01T00:00:00Z
line a m1
ev a Stop 2026-01-01T00:01:00Z
line b m2
line b m3
ev b SessionStart 2026-01-02T01:00:00Z
ev b Stop 2026-01-02T01:01:00Z
line a m4
ev a Stop 2026-01-02T02:00:00Z
total 440 "after a pause"

# A state file that cannot be read: c (open since before) is read from
# its transcript's end, d (started after) from its start.
ev c SessionStart 2026-01-03T00:00:00Z
line c m5
ev c Stop 2026-01-03T00:01:00Z
total 550 "c's first turn"
echo garbage >"$data/.usage-tokens.json"
line c m6
: >"$tmp/err"
ev c Stop 2026-01-03T00:02:00Z
grep -q "token cursors start again" "$tmp/err" || fail "no warning: $(cat "$tmp/err")"
total 550 "c's cursor lost: its history is not counted again"
line c m7
ev c Stop 2026-01-03T00:03:00Z
total 660 "c after the reset"
line d m8
ev d SessionStart 2026-01-03T00:05:00Z
ev d Stop 2026-01-03T00:06:00Z
total 770 "a session started after the reset"
jq -e . "$data/.usage-tokens.json" >/dev/null || fail "state file not replaced"
echo ok
