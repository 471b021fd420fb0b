#!/bin/bash
# perf-metrics on the live system: its figures agree with /proc/meminfo,
# statvfs (python's os.statvfs) and the CPU count, within what moves
# between the two readings; a fresh last sample spares the second reading.
. "$(dirname "$0")/lib.bash"
unset CODEX_ANALYTICS_PROC_ROOT CODEX_PERF_SAMPLE_MS CODEX_PERF_DISK_PATH
command -v python3 >/dev/null || skip "no python3"
disk=$tmp/disk
mkdir -p "$disk"
CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=live CODEX_PERF_DISK_PATH="$disk" \
	"$pm" </dev/null || fail "exit $?"
rec=$(cat "$data"/metrics-*.jsonl)
get() { jq -r "$1" <<<"$rec"; }
# within VALUE EXPECTED TOLERANCE
within() {
	python3 -c 'import sys; v, e, t = map(float, sys.argv[1:4]); sys.exit(abs(v - e) > t)' "$@"
}
read -r mem_pct mem_gb swap_pct < <(python3 - <<'PY'
m = {}
for line in open("/proc/meminfo"):
    k, v = line.split(":")
    m[k] = int(v.split()[0]) * 1024
total, avail = m["MemTotal"], m["MemAvailable"]
swap = m["SwapTotal"]
print((total - avail) / total * 100, avail / 1024**3,
      (swap - m["SwapFree"]) / swap * 100 if swap else 0)
PY
)
within "$(get .memory_percent)" "$mem_pct" 3 || fail "memory_percent $(get .memory_percent), /proc/meminfo says $mem_pct"
within "$(get .memory_available_gb)" "$mem_gb" 0.5 || fail "memory_available_gb $(get .memory_available_gb), /proc/meminfo says $mem_gb"
within "$(get .swap_percent)" "$swap_pct" 2 || fail "swap_percent $(get .swap_percent), /proc/meminfo says $swap_pct"
read -r disk_pct disk_gb < <(python3 - "$disk" <<'PY'
import os, sys
s = os.statvfs(sys.argv[1])
used = (s.f_blocks - s.f_bfree) * s.f_frsize
free = s.f_bavail * s.f_frsize
print(used / (used + free) * 100 if used + free else 0, free / 1024**3)
PY
)
within "$(get .disk_percent)" "$disk_pct" 0.5 || fail "disk_percent $(get .disk_percent), statvfs says $disk_pct"
within "$(get .disk_free_gb)" "$disk_gb" 0.5 || fail "disk_free_gb $(get .disk_free_gb), statvfs says $disk_gb"
df_pct=$(df -P "$disk" | awk 'NR==2 {sub("%", "", $5); print $5}')
within "$(get .disk_percent)" "$df_pct" 1.5 || fail "disk_percent $(get .disk_percent), df says $df_pct%"
[ "$(get .disk_path)" = "$disk" ] || fail "disk_path $(get .disk_path)"
[ "$(get .cpu_count)" = "$(getconf _NPROCESSORS_ONLN)" ] || fail "cpu_count $(get .cpu_count)"
python3 -c 'import sys; c = float(sys.argv[1]); sys.exit(not 0 <= c <= 100)' "$(get .cpu_percent)" ||
	fail "cpu_percent $(get .cpu_percent)"
[ "$(get '.load_avg|length')" = 3 ] || fail "load_avg $(get .load_avg)"
# The agent: an ancestor of this script that is not a shell.
apid=$(get .agent.pid)
[ "$apid" != null ] || fail "no agent"
p=$$ found=
while [ "$p" -gt 1 ]; do
	[ "$p" = "$apid" ] && found=1 && break
	p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null || echo 1)
done
[ -n "$found" ] || fail "agent $apid is not an ancestor"
case $(get .agent.name) in sh|bash|dash|zsh|ksh|fish) fail "agent is a shell: $(get .agent.name)";; esac
# Rounding: one decimal for percentages, two for GB.
jq -e '[.cpu_percent,.memory_percent,.disk_percent,.swap_percent] | all((. * 10 | . == (. | round)))' \
	<<<"$rec" >/dev/null || fail "percentages not rounded to 1 decimal: $rec"

# The sample logged above is fresh: the next one takes its CPU counters
# as the first reading, and no second one (CODEX_PERF_SAMPLE_MS would be
# slept otherwise).
log=$(ls "$data"/metrics-*.jsonl | tail -1)
tail -1 "$log" | jq -e '.cpu_ticks.total >= .cpu_ticks.busy' >/dev/null ||
	fail "last sample: $(tail -1 "$log")"
start=$(date +%s%N)
CODEX_PERF_SAMPLE_MS=1000 CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=live "$pm" </dev/null || fail "exit $?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 900 ] || fail "a fresh sample still took $ms ms"
# A stale one (the log last written over a minute ago) does.
touch -d '61 seconds ago' "$log"
start=$(date +%s%N)
CODEX_PERF_SAMPLE_MS=300 CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=live "$pm" </dev/null || fail "exit $?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -ge 300 ] || fail "a stale sample took only $ms ms"
check performance-metrics.json .sessions.live.measurements 3
echo ok
