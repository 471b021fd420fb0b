#!/bin/bash
# --format prometheus --output, read by the real collector: Debian's
# prometheus-node-exporter (installed by .ci/run; skipped when missing) on
# the loopback interface with only the textfile collector, pointed at the
# files both tools export.  One scrape must serve every exported sample
# with its value, and report no textfile scrape error.
. "$(dirname "$0")/lib.bash"
ne=$(command -v prometheus-node-exporter || command -v node_exporter) || {
	echo "skip: prometheus-node-exporter is not installed"
	exit 77
}
command -v curl >/dev/null || { echo "skip: no curl"; exit 77; }
export CODEX_ANALYTICS_FSYNC=0 CODEX_PERF_SAMPLE_MS=0 CODEX_PERF_ALERT_CPU=0
ev() { env "$@" "$tu" </dev/null && env "$@" "$pm" </dev/null 2>/dev/null || fail "event $*"; }
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=s1 CODEX_MODEL=gpt-5
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=s1 CODEX_COMMAND='["git","status"]'
ev CODEX_EVENT_TYPE=command_start CODEX_SESSION_ID=s1 CODEX_COMMAND='["we\"ird\\name","x"]'
ev CODEX_EVENT_TYPE=error CODEX_SESSION_ID=s1 CODEX_CONTEXT='tool "x"' CODEX_ERROR=boom
ev CODEX_EVENT_TYPE=session_end CODEX_SESSION_ID=s1 CODEX_DURATION=61500
ev CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=s2 CODEX_MODEL=claude-sonnet-4-5
mkdir "$tmp/textfile"
"$tu" --report --format prometheus --output "$tmp/textfile/track-usage.prom" || fail "track-usage export"
"$pm" --report --format prometheus --output "$tmp/textfile/perf-metrics.prom" || fail "perf-metrics export"
grep -q 'command="we\\"ird\\\\name"' "$tmp/textfile/track-usage.prom" || fail "escaping: $(cat "$tmp/textfile/track-usage.prom")"

# A free port on loopback, then node_exporter with the textfile collector.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ne" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$tmp/textfile" \
	>"$tmp/ne.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
	curl -sf "http://127.0.0.1:$port/metrics" >"$tmp/scrape" && break
	sleep 0.1
done
[ -s "$tmp/scrape" ] || fail "no scrape: $(cat "$tmp/ne.log")"
grep -qx 'node_textfile_scrape_error 0' "$tmp/scrape" || fail "scrape error: $(grep textfile "$tmp/scrape"; cat "$tmp/ne.log")"

# Every exported sample is served, with the same value; HELP and TYPE too.
n=0
while read -r series value; do
	got=$(S="$series" awk '$1 == ENVIRON["S"] { print $2 }' "$tmp/scrape")
	[ -n "$got" ] || fail "not served: $series"
	awk -v a="$value" -v b="$got" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * (a < 0 ? -a : a) + 1e-12) }' ||
		fail "$series: exported $value, served $got"
	n=$((n + 1))
done < <(cat "$tmp/textfile"/*.prom | grep -v '^#')
[ "$n" -gt 40 ] || fail "only $n samples exported"
for name in codex_usage_sessions_total codex_perf_memory_available_bytes; do
	grep -q "^# TYPE $name " "$tmp/scrape" || fail "no TYPE for $name"
done
echo "ok ($n samples served)"
