#!/bin/bash
# perf-metrics and the agent process, on a fixture /proc tree made here (the
# agent is the hook's parent: this script, whose pid is known only now):
# the CPU its reaped children used between a command's start and end is
# the command's cost, a counter that went backwards costs 0, the agent's
# RSS start/peak/end and its alert, and at session_end the processes the
# session left running.
. "$(dirname "$0")/lib.bash"
export CODEX_PERF_SAMPLE_MS=0
cases=$(cd "$(dirname "$0")/../cases" && pwd)
proc="$tmp/proc"
mkdir -p "$proc"
cp "$cases/perf-session/proc/meminfo" "$cases/perf-session/proc/loadavg" "$proc/"
printf 'cpu  1000 0 500 8000 500 0 0 0 0 0\nbtime 1764000000\n' >"$proc/stat"
export CODEX_ANALYTICS_PROC_ROOT="$proc"
me=$$
# agent PID: "pid (comm) state ppid ... utime(14) stime cutime cstime ... starttime(22)"
agent() { # agent UTIME CUTIME CSTIME RSS_KB
	mkdir -p "$proc/$me"
	echo "$me (codex) S 1 $me $me 0 -1 0 0 0 0 0 $1 10 $2 $3 20 0 8 0 5000 0 0" >"$proc/$me/stat"
	printf 'Name:\tcodex\nVmRSS:\t%s kB\n' "$4" >"$proc/$me/status"
}
# A process of the fixture: PID PPID NAME START RSS_KB ENVIRON
proc_entry() {
	mkdir -p "$proc/$1"
	echo "$1 ($3) S $2 $1 $1 0 -1 0 0 0 0 0 150 50 0 0 20 0 1 0 $4 0 0" >"$proc/$1/stat"
	printf 'Name:\t%s\nVmRSS:\t%s kB\n' "$3" "$5" >"$proc/$1/status"
	printf "$6" >"$proc/$1/environ"
}
hook() { "$pm" || fail "hook $CODEX_EVENT_TYPE: exit $?"; }
export CODEX_SESSION_ID=sess-1
agent 100 50 10 102400
CODEX_EVENT_TYPE=session_start hook
agent 110 50 10 204800
CODEX_EVENT_TYPE=command_start CODEX_COMMAND='python3 burn.py' hook
# 0.52 s of children CPU reaped (52 ticks at 100 Hz)
agent 120 92 20 153600
CODEX_EVENT_TYPE=command_end CODEX_COMMAND='python3 burn.py' hook
CODEX_EVENT_TYPE=command_start CODEX_COMMAND='make' hook
# The agent restarted: its counters went backwards.  Costs 0, not less.
agent 5 1 1 153600
CODEX_PERF_ALERT_AGENT_MB=100 CODEX_EVENT_TYPE=command_end CODEX_COMMAND='make' hook 2>"$tmp/err"
grep -q '^perf-metrics: alert: agent_memory 150.0 MB >= 100 MB$' "$tmp/err" || fail "alert: $(cat "$tmp/err")"
# Left running: a setsid-escaped child of the session (ppid 1, Codex's
# markers), one still under the agent (Claude Code's), one of another
# session, a hook (Claude Code's harness marker), an older process, and a
# zombie: only the first two.
proc_entry 7001 1 sleep 6000 2048 'CODEX_THREAD_ID=sess-1\0CODEX_TOOL_CALL_ID=call_2\0'
proc_entry 7002 "$me" node 6100 4096 'CLAUDECODE=1\0AI_AGENT=claude-code_2_agent\0'
proc_entry 7003 1 sleep 6200 1024 'CODEX_THREAD_ID=other\0'
proc_entry 7004 "$me" sh 6300 1024 'CLAUDECODE=1\0AI_AGENT=claude-code_2_harness\0'
proc_entry 7005 1 sleep 4000 1024 'CODEX_THREAD_ID=sess-1\0'
proc_entry 7006 1 sleep 6400 1024 'CODEX_THREAD_ID=sess-1\0'
sed -i 's/ S 1 / Z 1 /' "$proc/7006/stat"
agent 130 92 20 122880
CODEX_EVENT_TYPE=session_end hook
"$pm" --checkpoint || fail "checkpoint"
s='.sessions["sess-1"]'
check performance-metrics.json "$s|[.agent_rss_start_mb,.agent_rss_peak_mb,.agent_rss_end_mb]" '[100,200,120]'
check performance-metrics.json "$s.command_cpu_seconds" '0.52'
check performance-metrics.json '.commands.python3|[.count,.measured,.cpu_seconds,.max_cpu_seconds]' '[1,1,0.52,0.52]'
check performance-metrics.json '.commands.make|[.count,.measured,.cpu_seconds]' '[1,1,0]'
check performance-metrics.json '.performance_summary.alerts.agent_memory' '1'
check performance-metrics.json "$s.left_running|map([.pid,.name,.rss_mb,.cpu_seconds])" '[[7002,"node",4,2],[7001,"sleep",2,2]]'
# start 6000 ticks after a boot at 1764000000 s, at 100 ticks a second
check performance-metrics.json "$s.left_running[1].started" '"2025-11-24T16:01:00.000Z"'
cat "$data"/metrics-*.jsonl | jq -s -e 'map(.agent.children_cpu_seconds)==[0.6,0.6,1.12,1.12,0.02,1.12]' >/dev/null ||
	fail "children_cpu_seconds: $(cat "$data"/metrics-*.jsonl | jq -s -c 'map(.agent)')"
# A report shows them.
COLUMNS=120 "$pm" --report >"$tmp/out" || fail "report"
grep -Eq '^  python3 +1 +0\.52 s ' "$tmp/out" || fail "report: $(cat "$tmp/out")"
grep -Eq '^  sess-1 +7002 +node ' "$tmp/out" || fail "report: $(cat "$tmp/out")"
# A rebuild gives the same documents.
cp "$data/performance-metrics.json" "$tmp/before.json"
"$pm" --rebuild || fail "rebuild"
[ "$(jq -S 'del(.log_position)' "$tmp/before.json")" = "$(jq -S 'del(.log_position)' "$data/performance-metrics.json")" ] ||
	fail "rebuild differs: $(diff <(jq -S . "$tmp/before.json") <(jq -S . "$data/performance-metrics.json"))"
