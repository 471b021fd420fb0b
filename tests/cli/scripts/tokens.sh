#!/bin/bash
# Tokens (docs/design.md §5a) through real-shaped hook payloads: Claude Code Stop
# and SessionEnd with a growing transcript, a repeated Stop, Codex
# PostModelRequest (its rollout then never read), Codex notify finding the
# rollout by thread id, --rebuild giving the same figures, the report with
# a price file, and no transcript text anywhere in the data directory.
. "$(dirname "$0")/lib.bash"
claude="$tmp/claude/-home-u-proj/5d1c.jsonl"
mkdir -p "$(dirname "$claude")"
hook() { # hook JSON: one event on stdin, exit 0, silent
	printf '%s' "$1" | "$tu" >"$tmp/out" 2>"$tmp/err" || fail "exit $? for $1: $(cat "$tmp/err")"
	[ ! -s "$tmp/out" ] || fail "stdout: $(cat "$tmp/out")"
	[ ! -s "$tmp/err" ] || fail "stderr: $(cat "$tmp/err")"
}
claude_line() { # claude_line MSG-ID REQ-ID INPUT CACHE-WRITE CACHE-READ OUTPUT
	printf '{"parentUuid":"p","type":"assistant","requestId":"%s","message":{"id":"%s","type":"message","role":"assistant","model":"claude-opus-4-8","content":[{"type":"text","text":"SECRET reply"}],"usage":{"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,"output_tokens":%d}}}\n' \
		"$2" "$1" "$3" "$4" "$5" "$6" >>"$claude"
}
payload() { # payload EVENT [EXTRA]
	printf '{"session_id":"5d1c","transcript_path":"%s","cwd":"/home/u/proj","hook_event_name":"%s"%s}' \
		"$claude" "$1" "${2:-}"
}
tokens_records() { cat "$data"/usage-*.jsonl | jq -s -c "map(select(.type==\"tokens\"))|$1"; }

# --- Claude Code: a turn on two lines of one message, then one more ---
printf '{"type":"user","message":{"role":"user","content":"SECRET prompt"}}\n' >"$claude"
hook "$(payload SessionStart ',"source":"startup"')"
claude_line msg_1 req_1 120 900 0 30
claude_line msg_1 req_1 120 900 0 30
claude_line msg_2 req_2 15 60 900 40
hook "$(payload Stop ',"stop_hook_active":false')"
check usage-summary.json .tokens \
	'{"input":1995,"cached_input":900,"cache_write_input":960,"output":70,"reasoning_output":0,"total":2065}'
# A repeated Stop adds nothing and logs nothing.
hook "$(payload Stop ',"stop_hook_active":false')"
[ "$(tokens_records length)" = 1 ] || fail "repeated Stop logged tokens"
# The last message comes after Stop, half a line first: SessionEnd counts
# the complete line only, then nothing more.
claude_line msg_3 req_3 10 50 960 50
printf '{"type":"assistant","requestId":"req_4","mess' >>"$claude"
hook "$(payload SessionEnd ',"reason":"other"')"
check usage-summary.json '.tokens.total' 3135
check usage-summary.json '.tokens_by_model|map_values(.total)' '{"claude-opus-4-8":3135}'
check usage-summary.json '[.daily_stats[].tokens]' '[3135]'
check usage-summary.json .total_events 4
check usage-summary.json '.event_types|has("tokens")' false
day=$(cd "$data" && ls usage-2*.json)
check "$day" '.sessions["5d1c"].tokens.total' 3135
check "$day" '.summary.tokens.output' 120
tokens_records 'map(.source)|unique' | grep -qx '\["transcript"\]' || fail "source"

# --- Codex hooks: PostModelRequest carries the usage; Stop must not read
# the rollout too ---
rollout="$tmp/codex/sessions/r.jsonl"
mkdir -p "$(dirname "$rollout")"
printf '%s\n' '{"type":"turn_context","payload":{"model":"gpt-5.1-codex"}}' \
	'{"type":"event_msg","payload":{"type":"token_count","info":{"last_token_usage":{"input_tokens":999,"output_tokens":9}}}}' >"$rollout"
cx() { printf '{"session_id":"019a","transcript_path":"%s","cwd":"/p","hook_event_name":"%s","model":"gpt-5.1-codex"%s}' "$rollout" "$1" "${2:-}"; }
hook "$(cx SessionStart)"
hook "$(cx PostModelRequest ',"turn_id":"t","status":"completed","error":null,"token_usage":{"input_tokens":1200,"cached_input_tokens":200,"cache_write_input_tokens":0,"output_tokens":30,"reasoning_output_tokens":5,"total_tokens":1230}')"
hook "$(cx Stop)"
hook "$(cx SessionEnd)"
check usage-summary.json '.tokens_by_model["gpt-5.1-codex"]' \
	'{"input":1200,"cached_input":200,"cache_write_input":0,"output":30,"reasoning_output":5,"total":1230}'

# --- Codex notify: the rollout found by thread id under $CODEX_HOME ---
export CODEX_HOME="$tmp/codex"
dir="$CODEX_HOME/sessions/$(date +%Y/%m/%d)"
mkdir -p "$dir"
printf '%s\n' '{"type":"session_meta","payload":{"id":"019b-thread","base_instructions":"SECRET"}}' \
	'{"type":"turn_context","payload":{"model":"gpt-5"}}' \
	'{"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10}}}}' \
	>"$dir/rollout-2026-11-25T10-00-00-019b-thread.jsonl"
"$tu" '{"type":"agent-turn-complete","thread-id":"019b-thread","turn-id":"1","cwd":"/p","input-messages":["SECRET"],"last-assistant-message":"SECRET"}' \
	</dev/null || fail "notify"
check usage-summary.json '.tokens_by_model["gpt-5"].total' 110
# A thread with no rollout: recorded, nothing counted, no warning.
"$tu" '{"type":"agent-turn-complete","thread-id":"019c-none","turn-id":"1"}' </dev/null 2>"$tmp/err" || fail "notify without rollout"
[ ! -s "$tmp/err" ] || fail "stderr: $(cat "$tmp/err")"
check usage-summary.json '.tokens.total' 4475
# A notify after SessionEnd of a session counted from Codex hooks: its
# rollout is still never read.
cp "$rollout" "$dir/rollout-2026-11-25T09-00-00-019a.jsonl"
"$tu" '{"type":"agent-turn-complete","thread-id":"019a","turn-id":"2","cwd":"/p"}' </dev/null ||
	fail "notify after SessionEnd"
check usage-summary.json '.tokens_by_model["gpt-5.1-codex"].total' 1230
check usage-summary.json '.tokens.total' 4475

# Tokens count for the project of the event that brought them.
check usage-summary.json '.projects|map_values(.tokens)|with_entries(select(.value>0))' '{"proj":3135,"p":1340}'

# --- An unreadable transcript: the event counts, a warning, no tokens ---
printf '{"session_id":"dir","transcript_path":"%s","hook_event_name":"Stop"}' "$tmp" |
	"$tu" 2>"$tmp/err" || fail "unreadable transcript failed the event"
grep -q "warning: cannot read the transcript" "$tmp/err" || fail "no warning: $(cat "$tmp/err")"
check usage-summary.json '.tokens.total' 4475

# --- A symlink at the cursors' file: refused like any data file's ---
mv "$data/.usage-tokens.json" "$tmp/cursors"
echo '{"secret":1}' >"$tmp/target"
ln -s "$tmp/target" "$data/.usage-tokens.json"
n=$(cat "$data"/usage-*.jsonl | wc -l)
printf '%s' "$(payload Stop)" | "$tu" 2>"$tmp/err" && fail "symlinked cursors accepted"
grep -q "^track-usage: refusing symlink '.usage-tokens.json'" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ -L "$data/.usage-tokens.json" ] && [ "$(cat "$tmp/target")" = '{"secret":1}' ] || fail "symlink or target changed"
[ "$(cat "$data"/usage-*.jsonl | wc -l)" = "$n" ] || fail "logged despite the symlink"
rm "$data/.usage-tokens.json" && mv "$tmp/cursors" "$data/.usage-tokens.json"

# --- Nothing of the transcripts in the data directory ---
! grep -rq SECRET "$data" || fail "transcript text reached the data directory"
! grep -q "$tmp/claude" "$data"/*.json "$data"/.*.json "$data"/*.jsonl || fail "a transcript path in the data directory"

# --- --rebuild gives the same token figures ---
mkdir "$tmp/live" && cp "$data"/*.json "$tmp/live/"
"$tu" --rebuild || fail "rebuild"
for f in "$tmp"/live/*.json; do
	diff <(jq -S . "$f") <(jq -S . "$data/$(basename "$f")") >&2 || fail "$(basename "$f") differs after --rebuild"
done

# --- The report: tokens line, tokens by model, cost with a price file ---
"$tu" --report --no-color >"$tmp/report" 2>&1 || fail "report: $(cat "$tmp/report")"
grep -qx 'Total Tokens: 4,475 (input 4,315, cached input 2,060, output 160)' "$tmp/report" ||
	fail "tokens line: $(grep Tokens "$tmp/report")"
grep -q '^  claude-opus-4-8: 3,135 tokens' "$tmp/report" || fail "tokens by model"
printf '{"date":"2026-11-25","gpt-5":{"input":1,"cached_input":0.1,"output":10},"gpt-5.1-codex":{"input":1,"output":10}}' >"$tmp/prices.json"
CODEX_ANALYTICS_PRICES="$tmp/prices.json" "$tu" --report --no-color >"$tmp/report" || fail "report with prices"
grep -qx 'Estimated Cost: \$0.0017 (1 model without a price)' "$tmp/report" ||
	fail "cost line: $(grep Cost "$tmp/report")"
CODEX_ANALYTICS_PRICES="$tmp/prices.json" "$tu" --report --json >"$tmp/report.json" || fail "json report"
[ "$(jq -c '[.cost_usd, .models_without_price, (.tokens_by_model|map(.model))]' "$tmp/report.json")" = \
	'[0.0017,1,["claude-opus-4-8","gpt-5.1-codex","gpt-5"]]' ] || fail "json: $(jq -c . "$tmp/report.json")"
# A range over every day, from the day files: the same tokens, per model
# and priced, and the same first and last use.
keys='[.tokens, .tokens_by_model, .cost_usd, .first_use, .last_use]'
CODEX_ANALYTICS_PRICES="$tmp/prices.json" "$tu" --report --json --since 2000-01-01 >"$tmp/range.json" ||
	fail "range report"
[ "$(jq -c "$keys" "$tmp/range.json")" = "$(jq -c "$keys" "$tmp/report.json")" ] ||
	fail "range: $(jq -c "$keys" "$tmp/range.json"), summary: $(jq -c "$keys" "$tmp/report.json")"
jq -e '.first_use | length > 0' "$tmp/range.json" >/dev/null || fail "range without first use"
"$tu" --report --no-color --since 2000-01-01 >"$tmp/report" || fail "range text report"
grep -q '^  claude-opus-4-8: 3,135 tokens' "$tmp/report" || fail "range: tokens by model"
grep -q '^First Use: ' "$tmp/report" || fail "range: first use"
# The dated example price file in examples/ prices the Codex models.
src=$(cd "$(dirname "$0")/../../.." && pwd)
CODEX_ANALYTICS_PRICES="$src/examples/prices-2026-11-25.json" "$tu" --report --json >"$tmp/report.json" ||
	fail "report with examples/prices-2026-11-25.json"
[ "$(jq -c '[.models_without_price, (.tokens_by_model|map(has("cost_usd")))]' "$tmp/report.json")" = '[1,[false,true,true]]' ] ||
	fail "example prices: $(jq -c . "$tmp/report.json")"
# Day files of an older version, without tokens_by_model and first and last
# use: later events do not half-fill them, so a range leaves those figures
# out rather than show part of a day; --rebuild gives them back.
for f in "$data"/usage-2*.json; do
	jq -c 'del(.summary.tokens_by_model, .summary.first_use, .summary.last_use)' "$f" >"$tmp/old" ||
		fail "strip $f"
	cat "$tmp/old" >"$f"
done
CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=late CODEX_COMMAND=ls "$tu" </dev/null || fail "event on an older day file"
for f in "$data"/usage-2*.json; do
	jq -e '.summary | has("first_use") or has("tokens_by_model") | not' "$f" >/dev/null ||
		fail "$(basename "$f") half-filled: $(jq -c .summary "$f")"
done
"$tu" --report --json --since 2000-01-01 >"$tmp/range.json" || fail "range report on older day files"
jq -e 'has("first_use") or has("last_use") or has("tokens_by_model") or has("cost_usd") | not' "$tmp/range.json" >/dev/null ||
	fail "older day files: $(jq -c "$keys" "$tmp/range.json")"
CODEX_ANALYTICS_PRICES="$tmp/prices.json" "$tu" --report --no-color --since 2000-01-01 >"$tmp/report" ||
	fail "range text report on older day files"
grep -q '^Total Tokens: 4,475 ' "$tmp/report" || fail "older day files: no tokens line"
grep -q 'Estimated Cost\|^First Use' "$tmp/report" && fail "older day files: $(grep 'Cost\|First' "$tmp/report")"
"$tu" --rebuild || fail "rebuild after the older day files"
"$tu" --report --json --since 2000-01-01 >"$tmp/range.json" || fail "range report after --rebuild"
"$tu" --report --json >"$tmp/report.json" || fail "report after --rebuild"
[ "$(jq -c "$keys" "$tmp/range.json")" = "$(jq -c "$keys" "$tmp/report.json")" ] ||
	fail "after --rebuild, range: $(jq -c "$keys" "$tmp/range.json"), summary: $(jq -c "$keys" "$tmp/report.json")"
CODEX_ANALYTICS_PRICES="$tmp/none.json" "$tu" --report 2>"$tmp/err" >/dev/null && fail "missing price file accepted"
grep -q "cannot read the price file" "$tmp/err" || fail "price file message: $(cat "$tmp/err")"
echo ok
