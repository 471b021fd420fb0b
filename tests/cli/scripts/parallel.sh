#!/bin/bash
# 16 processes x 50 events at once: nothing lost, every file parses.
. "$(dirname "$0")/lib.bash"
writer() {
	for i in $(seq 1 50); do
		CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID="w$1" \
			CODEX_COMMAND="cmd$(( i % 5 )) arg" "$tu" </dev/null || echo fail >>"$tmp/failed"
	done
}
for w in $(seq 1 16); do writer "$w" & done
wait
[ -e "$tmp/failed" ] && fail "$(wc -l <"$tmp/failed") events failed"
[ "$(lines usage)" = 800 ] || fail "log has $(lines usage) lines"
"$tu" --checkpoint || fail "checkpoint"
check usage-summary.json .total_events 800
check usage-summary.json .total_commands 800
check usage-summary.json '.most_used_commands.cmd0' 160
check usage-summary.json '[.daily_stats[].events]|add' 800
for f in "$data"/*.json; do jq -e . "$f" >/dev/null || fail "$f does not parse"; done
echo ok
