#!/bin/bash
# perf-metrics --report: text and JSON, from the documents only; fits
# $COLUMNS; ASCII or Unicode as the locale allows; never writes.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0 NO_COLOR=1
"$pm" --report >"$tmp/out" || fail "empty report: exit $?"
grep -q "^No performance data yet in $data\$" "$tmp/out" || fail "empty report: $(cat "$tmp/out")"
[ -e "$data" ] && fail "report created the data directory"
"$pm" --report --json >"$tmp/out" || fail "empty json report: exit $?"
jq -e '.summary.total_measurements == 0 and (.recent_sessions | length) == 0' "$tmp/out" >/dev/null ||
	fail "empty json: $(cat "$tmp/out")"

ev() { env "$@" "$pm" </dev/null || fail "event $*"; }
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=first-session-with-a-rather-long-identifier CODEX_MODEL=gpt-5-codex
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=first-session-with-a-rather-long-identifier CODEX_COMMAND='cargo build'
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=first-session-with-a-rather-long-identifier CODEX_COMMAND='git status'
ev CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=first-session-with-a-rather-long-identifier CODEX_DURATION=90000
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=second
before=$(ls -la --time-style=full-iso "$data"; md5sum "$data"/*)
LC_ALL=C COLUMNS=100 "$pm" --report >"$tmp/out" || fail "report: exit $?"
for want in '^Codex Performance Report$' '^Measurements: 5$' '^Average CPU: [0-9]+\.[0-9]%$' \
	'^Peak Memory: [0-9]+\.[0-9]%$' '^Alerts: cpu 0, memory 0, disk 0, agent memory 0$' \
	'^  Memory: [0-9]+\.[0-9]% used, [0-9]+\.[0-9]{2} GB available$' \
	'^  Disk \(/\): [0-9]+\.[0-9]% used, [0-9]+\.[0-9]{2} GB free$' \
	'^Recent Sessions:$' '^  SESSION +STARTED +DURATION' ' 1\.5 min ' ' open ' \
	'^Most Expensive Commands by CPU Time:$' '^Most Expensive Commands by Wall Time:$' \
	'^  cargo ' '^  git ' '^Left Running' \
	"^Today's CPU and Memory:\$" '^  CPU    [_.~=+*#-]{5}$' \
	'^  Memory [_.~=+*#-]{5}$' '^  5 samples today'; do
	grep -Eq -- "$want" "$tmp/out" || fail "no '$want' in: $(cat "$tmp/out")"
done
grep -q $'\033' "$tmp/out" && fail "colour with NO_COLOR"
# Unicode when the locale allows it.
if locale -a 2>/dev/null | grep -qi '^C\.utf-\?8$'; then
	LC_ALL=C.UTF-8 "$pm" --report >"$tmp/out" || fail "utf-8 report: exit $?"
	grep -q '^📈 Codex Performance Report$' "$tmp/out" || fail "no emoji title: $(head -2 "$tmp/out")"
	grep -Eq '^  CPU    [▁▂▃▄▅▆▇█]{5}$' "$tmp/out" || fail "no sparkline: $(cat "$tmp/out")"
fi
# Narrow terminals: the tables fit.
for cols in 40 60 80; do
	LC_ALL=C COLUMNS=$cols "$pm" --report >"$tmp/out" || fail "report at $cols: exit $?"
	awk -v c="$cols" '/^  [^ ]/ && !/: / && !/samples today/ && length($0) > c { print; bad = 1 } END { exit bad }' \
		"$tmp/out" || fail "lines over $cols columns"
done
"$pm" --report --json >"$tmp/out" || fail "json report: exit $?"
jq -e '.summary.total_measurements == 5
	and (.recent_sessions | map(.session_id)) == ["first-session-with-a-rather-long-identifier", "second"]
	and .recent_sessions[0].duration_ms == 90000
	and .recent_sessions[0].model == "gpt-5-codex"
	and (.top_commands | map(.command) | sort) == ["cargo", "git"]
	and (.today.cpu_trend | length) == 5
	and .latest.event == "session_start"
	and (.summary | has("cpu_sum") | not)' "$tmp/out" >/dev/null || fail "json: $(cat "$tmp/out")"
"$pm" --report --format=json --no-color | jq -e . >/dev/null || fail "--format=json"
after=$(ls -la --time-style=full-iso "$data"; md5sum "$data"/*)
[ "$before" = "$after" ] || fail "the report changed the data directory"
# A full stdout is an error.
if [ -w /dev/full ]; then
	"$pm" --report >/dev/full 2>"$tmp/err" && fail "full stdout accepted"
	grep -q '^perf-metrics: ' "$tmp/err" || fail "message: $(cat "$tmp/err")"
fi
"$pm" --help | grep -q -- '--report' || fail "help"
# A command name of 40 three-byte characters (120 bytes, kept whole): the
# report is valid UTF-8, no cell cut through a character.
name=$(printf '数%.0s' $(seq 40))
CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=u CODEX_PERF_SAMPLE_MS=0 \
	CODEX_COMMAND="[\"$name\"]" "$pm" </dev/null || fail "long name"
for cols in 200 60; do
	LANG=C.UTF-8 COLUMNS=$cols "$pm" --report --no-color >"$tmp/report" || fail "report, $cols columns"
	iconv -f UTF-8 -t UTF-8 "$tmp/report" >/dev/null 2>&1 || fail "invalid UTF-8 at $cols columns"
done
echo ok
