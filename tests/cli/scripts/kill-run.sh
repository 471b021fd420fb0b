#!/bin/bash
# Crashes: 2,000 events per tool from 4 writers while another process
# SIGKILLs hook processes at random moments.  Afterwards every document
# parses; every event a hook reported recorded (exit 0) is in the log;
# temp files the killed hooks left are removed once stale; a torn log line
# is cut off by the next append; and the documents equal a replay of the
# surviving log lines (--rebuild).
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
W=4 N=500
mkdir -p "$tmp/pids" "$tmp/ok"
types=(session_start command_start task_start command_start session_end)
writer() {
	local i p t
	for i in $(seq 1 $N); do
		t=${types[i % 5]}
		for p in "$tu" "$pm"; do
			CODEX_EVENT_TYPE=$t CODEX_SESSION_ID="w$1" CODEX_COMMAND="c$((i % 3))" \
				"$p" </dev/null 2>/dev/null &
			echo "$p" >"$tmp/pids/$!"
			if wait $!; then echo >>"$tmp/ok/$(basename "$p").$1"; fi
			rm -f "$tmp/pids/$!"
		done
	done
}
# Kill a running hook now and then.  Only our own hooks: the pid must be
# one a writer started and still run one of the two programs.
killer() {
	local pid
	while [ ! -e "$tmp/done" ]; do
		sleep "0.0$((RANDOM % 10))"
		pid=$(ls "$tmp/pids" 2>/dev/null | shuf -n 1)
		[ -n "$pid" ] || continue
		case $(readlink "/proc/$pid/exe" 2>/dev/null) in
		"$build"/track-usage/track-usage | "$build"/perf-metrics/perf-metrics)
			kill -KILL "$pid" 2>/dev/null && echo >>"$tmp/kills" ;;
		esac
	done
}
killer &
killer_pid=$!
for w in $(seq 1 $W); do writer "$w" 2>/dev/null & done
wait $(jobs -p | grep -v "^$killer_pid\$")
touch "$tmp/done"
wait "$killer_pid"
kills=$(cat "$tmp/kills" 2>/dev/null | wc -l)
ok_usage=$(cat "$tmp"/ok/track-usage.* 2>/dev/null | wc -l)
ok_metrics=$(cat "$tmp"/ok/perf-metrics.* 2>/dev/null | wc -l)
[ "$kills" -gt 0 ] || fail "no hook was killed"

all_parse
# A hook killed mid-append leaves a torn line: count them before the
# next append mends them.
torn=0
for f in "$data"/*.jsonl; do
	[ -s "$f" ] && [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ] && torn=$((torn + 1))
done
# Every event reported recorded is in the log (killed ones may be too).
[ "$(lines usage)" -ge "$ok_usage" ] || fail "usage: $ok_usage recorded, $(lines usage) logged"
[ "$(lines metrics)" -ge "$ok_metrics" ] || fail "metrics: $ok_metrics recorded, $(lines metrics) logged"

# Temps left by killed hooks go once they are a minute old.
left=$(temps | wc -l)
for f in $(temps); do touch -d '2 minutes ago' "$data/$f"; done
# A torn line, as a writer killed mid-write leaves it.
printf '{"type":"command_start","session_id":"torn","timest' >>"$data/usage-$(date +%F).jsonl"
printf '{"event":"session_start","sess' >>"$data/metrics-$(date +%F).jsonl"
logged_usage=$(lines usage) logged_metrics=$(lines metrics)
CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=final "$tu" </dev/null 2>"$tmp/err" || fail "usage after the run: exit $?"
grep -q "warning: cut a torn line of 51 bytes off 'usage-" "$tmp/err" || fail "no torn-line warning: $(cat "$tmp/err")"
CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=final "$pm" </dev/null 2>"$tmp/err" || fail "metrics after the run: exit $?"
grep -q "warning: cut a torn line of 30 bytes off 'metrics-" "$tmp/err" || fail "no torn-line warning: $(cat "$tmp/err")"
# Stale temps go at the next session's start.
sweep() { # sweep PATTERN PROG
	temps | grep -Eq "$1" || return 0
	CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=sweep "$2" </dev/null ||
		fail "$1: exit $?"
	temps | grep -Eq "$1" && fail "$1: stale temp files left after a session start: $(temps)"
}
# (a hidden document's temp starts with two dots: "..usage-tokens.json.…")
sweep '^\.\.?usage' "$tu"
sweep '^\.\.?(metrics|performance)' "$pm"
[ -z "$(temps)" ] || fail "stale temp files left: $(temps)"
all_parse
counts_all usage
counts_all metrics
rebuild_equals usage
rebuild_equals metrics
echo "ok: $((W * N)) events per tool, $kills hooks killed, $ok_usage + $ok_metrics reported recorded," \
	"$logged_usage + $logged_metrics logged, $torn torn lines, $left temp files left"
