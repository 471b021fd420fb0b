#!/bin/bash
# Every file of examples/ works as shipped: each hook command of each agent
# configuration runs with what that agent sends for its event and is
# counted; the notify line, the cron lines and the Prometheus rules and
# Grafana queries name programs, options and metrics that exist.
. "$(dirname "$0")/lib.bash"
ex="$(cd "$(dirname "$0")/../../.." && pwd)/examples"
export PATH="$build/track-usage:$build/perf-metrics:$PATH"
export CODEX_ANALYTICS_FSYNC=0 CODEX_PERF_SAMPLE_MS=0
use() { export CODEX_ANALYTICS_DIR="$tmp/$1"; data="$tmp/$1"; }

python3 -c 'import tomllib' 2>/dev/null || skip "python3 without tomllib (3.11 or later) cannot read the TOML examples"
# hooks.toml: the executor sets CODEX_* variables and runs the command.
use toml
python3 - "$ex/hooks-toml/hooks.toml" >"$tmp/toml.lines" <<'PY' || fail "hooks.toml does not parse"
import sys, tomllib
for h in tomllib.load(open(sys.argv[1], "rb"))["hooks"]:
    print(h["event"] + "\t" + h["command"])
PY
while IFS=$'\t' read -r event command; do
	CODEX_EVENT_TYPE=$event CODEX_SESSION_ID=t1 CODEX_MODEL=gpt-5 CODEX_COMMAND='["make"]' \
		CODEX_EXIT_CODE=0 sh -c "$command" </dev/null 2>"$tmp/err" || fail "hooks.toml: $event: $command"
done <"$tmp/toml.lines"
check usage-summary.json '[.total_events, .total_sessions, .completed_sessions, .total_commands, .total_tasks, .total_errors]' '[7,1,1,1,1,1]'
check performance-metrics.json '.performance_summary.total_measurements' 4

# Codex hooks.json and Claude Code settings.json: JSON on stdin per event.
payload() { # EVENT SESSION
	jq -cn --arg e "$1" --arg s "$2" '{hook_event_name: $e, session_id: $s, cwd: "/tmp",
		model: "gpt-5", source: "startup", prompt: "hi", tool_name: "Bash",
		tool_input: {command: "git status"}, tool_response: {}, reason: "exit"}'
}
for f in codex/hooks.json claude-code/settings.json; do
	use "$(dirname "$f")"
	jq -r '.hooks | to_entries[] | .key as $e | .value[].hooks[] | "\($e)\t\(.command)"' \
		"$ex/$f" >"$tmp/hooks" || fail "$f does not parse"
	for event in SessionStart UserPromptSubmit PreToolUse PostToolUse Stop SessionEnd; do
		while IFS=$'\t' read -r e command; do
			[ "$e" = "$event" ] || continue
			# From a file: jq in a pipe can start later than a
			# hook waits for its first byte on a loaded machine.
			payload "$event" s1 >"$tmp/payload"
			sh -c "$command" <"$tmp/payload" || fail "$f: $event: $command"
		done <"$tmp/hooks"
	done
	check usage-summary.json '[.total_sessions, .completed_sessions, .total_commands, .total_tasks]' '[1,1,1,1]'
	check performance-metrics.json '.performance_summary.total_measurements' 5
done

# Codex notify: the command and the JSON as its last argument.
use notify
cmd=$(python3 -c 'import sys, tomllib; print(" ".join(tomllib.load(open(sys.argv[1], "rb"))["notify"]))' \
	"$ex/codex/notify.toml") || fail "notify.toml does not parse"
$cmd '{"type":"agent-turn-complete","thread-id":"th1","turn-id":"1","cwd":"/tmp","input-messages":["hi"]}' \
	</dev/null >/dev/null 2>&1 || fail "notify: $cmd"
check usage-summary.json '.event_types' '{"task_complete":1}'

# crontab: every job runs (the textfile directory made a temp one).
use cron
mkdir -p "$tmp/ne"
payload SessionStart c1 >"$tmp/payload"
track-usage <"$tmp/payload" && perf-metrics <"$tmp/payload" || fail "cron data"
grep -Ev '^(#|[A-Z_]+=|$)' "$ex/cron/crontab" | cut -d' ' -f6- |
	sed "s|/var/lib/prometheus/node-exporter|$tmp/ne|g" >"$tmp/jobs"
[ "$(wc -l <"$tmp/jobs")" = 5 ] || fail "cron jobs: $(cat "$tmp/jobs")"
while IFS= read -r job; do
	sh -c "$job" >"$tmp/job.out" 2>&1 || fail "cron job failed: $job: $(cat "$tmp/job.out")"
done <"$tmp/jobs"
# The budget check mails (prints) only when it is not OK: no plan window
# is recorded yet, so it says UNKNOWN.
check_job=$(grep -- '--check' "$tmp/jobs") || fail "no --check cron job"
out=$(sh -c "$check_job") || fail "check job: $check_job"
case $out in "USAGE UNKNOWN - "*) ;; *) fail "check job printed: $out" ;; esac
CODEX_ANALYTICS_BUDGETS= out=$(sh -c "${check_job/window=90/tokens\/week=1G}") &&
	[ -z "$out" ] || fail "check job printed when OK: $out"
grep -q '^codex_usage_sessions_total 1$' "$tmp/ne/track-usage.prom" || fail "cron export"
[ -s "$tmp/ne/perf-metrics.prom" ] || fail "cron perf export"

# Nagios: the command definition runs as a plugin, with its arguments.
line=$(sed -n 's/^ *command_line *//p' "$ex/nagios/codex-analytics.cfg")
args=$(sed -n 's/^ *check_command *check_codex_usage!//p' "$ex/nagios/codex-analytics.cfg")
IFS='!' read -r a1 a2 a3 <<<"$args"
[ -n "$a3" ] || fail "nagios: check_command arguments: $args"
line=${line//\$ARG1\$/$data}
line=${line//\$ARG2\$/$a2}
line=${line//\$ARG3\$/$a3}
out=$(sh -c "${line#/usr/bin/}")
rc=$?
[ "$rc" = 3 ] && case $out in "USAGE UNKNOWN - "*) true ;; *) false ;; esac ||
	fail "nagios: $line: exit $rc: $out"
grep -q 'command\[check_codex_usage\]=/usr/bin/track-usage --check' \
	"$ex/nagios/codex-analytics.cfg" || fail "nagios: no NRPE command"

# Prometheus rules and Grafana queries name metrics that are exported.
cat "$tmp/ne"/*.prom | sed -n 's/^# TYPE \(codex_[a-z_]*\) .*/\1/p' | sort -u >"$tmp/exported"
echo codex_usage_tokens_total >>"$tmp/exported" # once tokens are counted
for f in prometheus/alerts.yml prometheus/grafana.md; do
	grep -oE 'codex_[a-z_]+' "$ex/$f" | sort -u | while read -r m; do
		grep -qx "$m" "$tmp/exported" || fail "$f names $m, which is not exported"
	done || exit 1
done
if command -v promtool >/dev/null; then
	promtool check rules "$ex/prometheus/alerts.yml" >/dev/null || fail "promtool: alerts.yml"
fi
echo ok
