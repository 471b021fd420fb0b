# Shared by the end-to-end sessions: sourced, never run.
# Arguments of every session script: BUILD-DIR
#
# Rules:
# - One scripted session per script, against the mock model server on
#   127.0.0.1 (mock-model-server.py), with a fresh data directory, agent
#   home and config: nothing of the user's own agent set-up is read.
# - The agents get the configuration of examples/ with the bare program
#   names replaced by the built programs' absolute paths (Codex's login
#   shell resets PATH, see examples/codex/config.toml).
# - Every agent run and every wait is bounded; the mock server has its own
#   caps on requests and on lifetime.
# - The agents come from install-agents (a cache outside the tree): exit 77
#   (skip) when npm or the registry is missing; under CI=true that is a
#   failure.
# - Markers: distinctive strings go into the prompt, a command's argument,
#   the command's output and the model's reply; none may reach the data
#   directory (check_private).
set -u
e2e=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$e2e/../.." && pwd)
. "$e2e/versions"
build=$(cd "$1" && pwd)
tu="$build/track-usage/track-usage"
pm="$build/perf-metrics/perf-metrics"
name=$(basename "$0" .sh)
agent_timeout=${E2E_AGENT_TIMEOUT:-120}

# The markers of this run (never stored: check_private).
M_PROMPT=e2e-prompt-marker-c41d9
M_ARG=e2e-arg-marker-88f02
M_OUTPUT=e2e-output-marker-5b7e1
M_REPLY=e2e-reply-marker-e093a

tmp=$(mktemp -d "${TMPDIR:-/tmp}/e2e-$name.XXXXXX")
data="$tmp/data"
work="$tmp/work"
mkdir -p "$tmp/home" "$work"
mock_pid=
agent_pid= # an agent run in the background, under timeout
agent_out="$tmp/agent.out"
agent_err="$tmp/agent.err"

cleanup() {
	local rc=$?
	if [ -n "$agent_pid" ] && kill -0 "$agent_pid" 2>/dev/null; then
		kill "$agent_pid" 2>/dev/null # timeout passes it on to the agent
		wait "$agent_pid" 2>/dev/null
	fi
	if [ -n "$mock_pid" ]; then
		kill "$mock_pid" 2>/dev/null
		wait "$mock_pid" 2>/dev/null
	fi
	if [ "${E2E_KEEP:-}" = 1 ] || { [ $rc -ne 0 ] && [ $rc -ne 77 ] && [ "${E2E_KEEP:-}" != 0 ]; }; then
		echo "e2e $name: files kept in $tmp" >&2
	else
		rm -rf "$tmp"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "e2e $name: $*" >&2; }

# What a failure needs to be read from CTest's output.
diagnose() {
	echo "--- agent stderr (last 40 lines)" >&2
	tail -n 40 "$agent_err" >&2 2>/dev/null
	echo "--- data directory" >&2
	ls -la "$data" >&2 2>/dev/null
	echo "--- usage log" >&2
	cat "$data"/usage-*.jsonl >&2 2>/dev/null
	echo "--- mock server requests" >&2
	jq -c '{n, method, path, step, auxiliary}' "$tmp/mock.log" >&2 2>/dev/null
}

fail() {
	echo "FAIL e2e $name: $*" >&2
	diagnose
	exit 1
}

skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL e2e $name: would skip under CI=true: $*" >&2
		exit 1
	fi
	echo "SKIP e2e $name: $*" >&2
	exit 77
}

[ -x "$tu" ] && [ -x "$pm" ] || fail "the programs are not built in $build"
command -v jq >/dev/null || skip "jq is not installed"
command -v python3 >/dev/null || skip "python3 is not installed"

# need_agent codex|claude-code: install (or find) the pinned agent
need_agent() {
	local rc=0
	"$e2e/install-agents" "$1" || rc=$?
	case $rc in
	0) ;;
	77) exit 77 ;;
	*) fail "cannot install $1" ;;
	esac
	case $1 in
	codex) codex="$cache/codex-$CODEX_VERSION/node_modules/.bin/codex" ;;
	claude-code) claude="$cache/claude-code-$CLAUDE_CODE_VERSION/node_modules/.bin/claude" ;;
	esac
}

# start_mock responses|messages: serve the script on stdin; sets $port
start_mock() {
	cat >"$tmp/mock-script.json"
	jq -e . "$tmp/mock-script.json" >/dev/null || fail "bad mock script"
	python3 "$e2e/mock-model-server.py" --api "$1" \
		--script "$tmp/mock-script.json" --port-file "$tmp/port" \
		--log "$tmp/mock.log" --max-requests 40 \
		--lifetime $((agent_timeout + 60)) 2>"$tmp/mock.err" &
	mock_pid=$!
	local i
	for i in $(seq 100); do
		[ -s "$tmp/port" ] && break
		kill -0 "$mock_pid" 2>/dev/null || fail "mock server died: $(cat "$tmp/mock.err")"
		sleep 0.05
	done
	port=$(cat "$tmp/port" 2>/dev/null) || fail "mock server did not start"
}

# The environment of an agent run: nothing from ours but what is named.
agent_env() {
	local nodedir
	nodedir=$(dirname "$(command -v node)")
	agent_env=(env -i "PATH=$nodedir:/usr/local/bin:/usr/bin:/bin"
		"HOME=$tmp/home" LANG=C.UTF-8 TZ=UTC TERM=dumb SHELL=/bin/bash
		"CODEX_ANALYTICS_DIR=$data")
}

# with_programs FILE: the example FILE with the built programs' paths
with_programs() {
	sed -e "s|\"track-usage\"|\"$tu\"|g" -e "s|\"perf-metrics\"|\"$pm\"|g" "$1"
}

# install_hooks AGENT: wire the programs as a user does, with
# `track-usage --install-hooks AGENT` (perf-metrics found on PATH)
install_hooks() {
	PATH="$(dirname "$pm"):$PATH" CODEX_HOME="$tmp/codex-home" \
		CLAUDE_CONFIG_DIR="$tmp/claude-config" \
		"$tu" --install-hooks "$1" >"$tmp/install.out" ||
		fail "--install-hooks $1: $(cat "$tmp/install.out")"
}

# doctor AGENT: `track-usage --doctor` of the session's configuration
doctor() {
	PATH="$(dirname "$pm"):$PATH" CODEX_HOME="$tmp/codex-home" \
		CLAUDE_CONFIG_DIR="$tmp/claude-config" CODEX_ANALYTICS_DIR="$data" \
		"$tu" --doctor
}

# codex_setup [MODEL [install]]: $CODEX_HOME wired to the mock provider,
# the hooks from examples/codex/config.toml or, with "install", by
# --install-hooks; sets the codex_run array
codex_setup() {
	codex_model=${1:-gpt-5.1-codex}
	codex_home="$tmp/codex-home"
	mkdir -p "$codex_home"
	{
		# Top-level keys first: the example's notify is top-level too, and
		# the tables come after it.
		cat <<-EOF
			model = "$codex_model"
			model_provider = "mock"
			approval_policy = "never"
			sandbox_mode = "danger-full-access"

		EOF
		[ "${2:-}" = install ] || with_programs "$src/examples/codex/config.toml"
		cat <<-EOF

			[features]
			plugins = false

			[model_providers.mock]
			name = "mock"
			base_url = "http://127.0.0.1:$port/v1"
			wire_api = "responses"
			env_key = "MOCK_API_KEY"
			request_max_retries = 0
			stream_max_retries = 0
		EOF
	} >"$codex_home/config.toml"
	grep -q '"track-usage"\|"perf-metrics"' "$codex_home/config.toml" &&
		fail "a program name was left unreplaced in config.toml"
	[ "${2:-}" = install ] && install_hooks codex
	agent_env
	codex_run=("${agent_env[@]}" "CODEX_HOME=$codex_home" MOCK_API_KEY=dummy
		timeout -k 5 "$agent_timeout" "$codex" exec --skip-git-repo-check
		-C "$work" -s danger-full-access --dangerously-bypass-hook-trust)
}

# claude_setup [install]: settings from examples/claude-code/settings.json
# or, with "install", written by --install-hooks; sets the claude_run
# array (run it from $work)
claude_setup() {
	claude_config="$tmp/claude-config"
	mkdir -p "$claude_config"
	if [ "${1:-}" = install ]; then
		install_hooks claude
		cp "$claude_config/settings.json" "$tmp/settings.json"
	else
		with_programs "$src/examples/claude-code/settings.json" >"$tmp/settings.json"
	fi
	jq -e . "$tmp/settings.json" >/dev/null || fail "settings.json is not JSON"
	grep -q '"track-usage"\|"perf-metrics"' "$tmp/settings.json" &&
		fail "a program name was left unreplaced in settings.json"
	agent_env
	claude_run=("${agent_env[@]}" "CLAUDE_CONFIG_DIR=$claude_config"
		"ANTHROPIC_BASE_URL=http://127.0.0.1:$port" ANTHROPIC_API_KEY=dummy
		IS_SANDBOX=1 DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1
		CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL=1
		timeout -k 5 "$agent_timeout" "$claude")
	claude_args=(--settings "$tmp/settings.json" --permission-mode bypassPermissions)
}

# codex_prompt PROMPT [OPTION...]: one `codex exec` of PROMPT (the options
# before it) to its end; the model's reply must reach codex's output
codex_prompt() {
	local prompt=$1
	shift
	"${codex_run[@]}" "$@" "$prompt" >"$agent_out" 2>"$agent_err" </dev/null ||
		fail "codex exited $?"
	grep -qF "$M_REPLY" "$agent_out" || fail "the reply did not reach codex's output"
}

# claude_prompt PROMPT: one `claude -p PROMPT` from $work to its end; the
# model's reply must reach claude's output
claude_prompt() {
	(cd "$work" && "${claude_run[@]}" -p "$1" "${claude_args[@]}") \
		>"$agent_out" 2>"$agent_err" </dev/null || fail "claude exited $?"
	grep -qF "$M_REPLY" "$agent_out" || fail "the reply did not reach claude's output"
}

# codex_session_id: sets sid, the thread id that names the rollout
codex_session_id() {
	local rollout
	rollout=$(find "$codex_home/sessions" -name 'rollout-*.jsonl' | head -n 1)
	sid=$(basename "$rollout" .jsonl | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
	[ -n "$sid" ] || fail "no rollout"
}

# The Claude Code transcript of the one session ($claude_config/projects/…)
claude_transcript() {
	local t
	t=$(find "$claude_config/projects" -name '*.jsonl' 2>/dev/null | head -n 1)
	[ -n "$t" ] || fail "no Claude Code transcript"
	echo "$t"
}

# usage_log / metrics_log: every record of the logs as one JSON array
usage_log() { cat "$data"/usage-*.jsonl 2>/dev/null | jq -s -c .; }
metrics_log() { cat "$data"/metrics-*.jsonl 2>/dev/null | jq -s -c .; }

# wait_events N: Codex does not wait for notify, so its event may land
# after the agent exits; wait (at most 10 s) for N events in the log
wait_events() {
	local i n=0
	for i in $(seq 200); do
		n=$(cat "$data"/usage-*.jsonl 2>/dev/null | wc -l)
		[ "$n" -ge "$1" ] && return 0
		sleep 0.05
	done
	fail "expected $1 events in the usage log, found $n"
}

# wait_for_event TYPE: until the usage log has an event of TYPE (bounded)
wait_for_event() {
	local i
	for i in $(seq "${2:-600}"); do
		grep -qs "\"type\":\"$1\"" "$data"/usage-*.jsonl && return 0
		sleep 0.05
	done
	fail "no $1 event arrived"
}

# check WHAT FILTER EXPECTED: jq -S -c FILTER on WHAT (a file of the data
# directory, LOG for the usage log, METRICS for the metrics log) equals
# EXPECTED (so objects are written with their keys sorted)
check() {
	local got
	case $1 in
	LOG) got=$(usage_log | jq -S -c "$2" 2>&1) ;;
	METRICS) got=$(metrics_log | jq -S -c "$2" 2>&1) ;;
	*) got=$(jq -S -c "$2" "$data/$1" 2>&1) ;;
	esac
	[ "$got" = "$3" ] || fail "$1 $2: got $got, expected $3"
}

# check_tokens TOKENS MODEL: the summary's tokens are TOKENS (sorted keys),
# all of them of MODEL and of the one day (docs/design.md §5a).
check_tokens() {
	local total
	total=$(jq -r .total <<<"$1")
	check usage-summary.json .tokens "$1"
	check usage-summary.json '.tokens_by_model|map_values(.total)' "{\"$2\":$total}"
	check usage-summary.json '[.daily_stats[].tokens]' "[$total]"
}

# check_one_session: the log holds one session, $sid, and the summary has it
# completed
check_one_session() {
	check usage-summary.json .total_sessions 1
	check usage-summary.json .completed_sessions 1
	check usage-summary.json .open_sessions '{}'
	check LOG 'map(.session_id)|unique' "[\"$sid\"]"
}

# check_private [MARKER...]: none of the markers (default: all four) is
# stored anywhere in the data directory
check_private() {
	local m hits
	[ $# -gt 0 ] || set -- "$M_PROMPT" "$M_ARG" "$M_OUTPUT" "$M_REPLY"
	for m; do
		hits=$(grep -r -l -F -e "$m" "$data" 2>/dev/null)
		[ -z "$hits" ] || fail "'$m' is stored in: $hits"
	done
}

# check_project: every event names the session's working directory's
# project by its name (docs/design.md §5b), and the directory's path is stored
# nowhere
check_project() {
	local hits
	check usage-summary.json '.projects|keys' "[\"$(basename "$work")\"]"
	hits=$(grep -r -l -F -e "$work" "$data" 2>/dev/null)
	[ -z "$hits" ] || fail "the working directory's path is stored in: $hits"
}

# check_modes: the data directory is 0700 and its files 0600
check_modes() {
	local bad
	[ "$(stat -c %a "$data")" = 700 ] || fail "data directory mode $(stat -c %a "$data")"
	bad=$(find "$data" -type f ! -perm 600)
	[ -z "$bad" ] || fail "files not 0600: $bad"
}

# codex_hooks_ok: Codex reported no hook as failed or blocked
codex_hooks_ok() {
	local bad
	bad=$(grep -E '^hook: .* (Failed|Blocked|Stopped)' "$agent_err")
	[ -z "$bad" ] || fail "Codex reported: $bad"
}

# claude_hooks_ok TRANSCRIPT: Claude Code recorded no hook error, and no
# hook printed on stdout
claude_hooks_ok() {
	local bad
	bad=$(jq -c 'select(.attachment.type? // "" | test("^hook_(non_blocking_error|blocking_error|error|cancelled)"))
		| .attachment | {hookName, stderr, exitCode, command}' "$1")
	[ -z "$bad" ] || fail "Claude Code recorded a hook error: $bad"
	bad=$(jq -c 'select((.attachment.stdout? // "") != "") | .attachment | {hookName, stdout}' "$1")
	[ -z "$bad" ] || fail "a hook printed on stdout: $bad"
	bad=$(grep -E 'hook .*failed' "$agent_err")
	[ -z "$bad" ] || fail "Claude Code reported: $bad"
}

# leave_sleeps MARKER...: the session leaves `sleep MARKER` processes
# running; kill them, by pid, at the end whatever happens
leave_sleeps() {
	sleep_markers=("$@")
	trap 'rc=$?; kill_sleeps; (exit $rc); cleanup' EXIT
}
kill_sleeps() {
	local p
	for p in $(sleep_pids | jq -r '.[]'); do kill "$p" 2>/dev/null; done
}

# sleep_pids: the pids of the sleeps left running, as a sorted JSON array
sleep_pids() {
	local m
	for m in "${sleep_markers[@]}"; do pgrep -x -f "sleep $m"; done |
		jq -R -s -c 'split("\n")|map(select(.!="")|tonumber)|sort'
}

# check_burn MEASURED: after a checkpoint, the command that burns 0.5 s of
# CPU (its own CPU time, not its wall time: a loaded machine gives it less
# CPU per second) is charged 0.35 to 1.0 s (the interpreter's start and the
# hooks' own processes fall in the window too), MEASURED commands have
# figures, and the one session (sid, set here) has its agent's memory and
# the commands' CPU
check_burn() {
	local burn metrics="$data/performance-metrics.json"
	CODEX_ANALYTICS_DIR="$data" "$pm" --checkpoint || fail "checkpoint"
	burn=$(jq -r '[.commands[]|select(.measured > 0)|.max_cpu_seconds]|max' "$metrics")
	jq -n -e "$burn >= 0.35 and $burn <= 1.0" >/dev/null ||
		fail "the burn cost $burn s of CPU: $(jq -c .commands "$metrics")"
	jq -e "[.commands[]|.measured]|add == $1" "$metrics" >/dev/null ||
		fail "commands: $(jq -c .commands "$metrics")"
	sid=$(jq -r '.sessions|keys[0]' "$metrics")
	check performance-metrics.json ".sessions[\"$sid\"]|[(.agent_rss_start_mb > 0),(.agent_rss_peak_mb >= .agent_rss_end_mb),(.command_cpu_seconds >= 0.35),has(\"open_commands\")]" '[true,true,true,false]'
}

# perf_report: `perf-metrics --report` into $tmp/report; its sessions shown
perf_report() {
	CODEX_ANALYTICS_DIR="$data" COLUMNS=120 "$pm" --report >"$tmp/report" || fail "report"
	log "report:"
	sed -n '/^Recent Sessions/,/^Today/p' "$tmp/report" >&2
}

# time_ms: a monotonic-enough wall clock in milliseconds, for the timings
time_ms() { date +%s%3N; }
