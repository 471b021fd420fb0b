#!/bin/bash
# --rebuild equals the live summaries, day files included; a corrupt
# summary is moved aside and rebuilt from the logs on the next event.
. "$(dirname "$0")/lib.bash"
ev() { env "$@" "$tu" </dev/null || fail "event $*"; }
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=a CODEX_MODEL=gpt-5 CODEX_TIMESTAMP=2026-11-20T23:50:00Z
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=a CODEX_COMMAND='["git","status"]' CODEX_TIMESTAMP=2026-11-21T00:05:00Z
ev CODEX_EVENT_TYPE=command_end CODEX_SESSION_ID=a CODEX_COMMAND='git status' CODEX_EXIT_CODE=1 CODEX_TIMESTAMP=2026-11-21T00:06:00Z
ev CODEX_EVENT_TYPE=error CODEX_SESSION_ID=a CODEX_ERROR=boom CODEX_CONTEXT=tool CODEX_TIMESTAMP=2026-11-21T00:07:00Z
ev CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=a CODEX_TIMESTAMP=2026-11-21T00:20:00Z
mkdir "$tmp/live"; cp "$data"/*.json "$tmp/live/"
"$tu" --rebuild >/dev/null || fail "rebuild"
for f in "$tmp"/live/*.json; do
	diff <(jq -S . "$f") <(jq -S . "$data/$(basename "$f")") || fail "$(basename "$f") differs"
done
corrupt_kept usage b
check usage-summary.json .total_events 6
check usage-summary.json .completed_sessions 1
check usage-summary.json .total_session_duration 1800000
newer_refused usage b
echo ok
