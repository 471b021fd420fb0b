#!/bin/bash
# track-usage --statusline (docs/design.md §5b): one line and exit 0, with and
# without a Claude Code payload, on an empty data directory, with stdin
# left open, and never a write to the data directory.
. "$(dirname "$0")/lib.bash"
sl() { "$tu" --statusline "$@" 2>"$tmp/err"; }
[ "$(sl </dev/null)" = "no usage data yet" ] || fail "empty: $(sl </dev/null)"
[ ! -e "$data" ] || fail "the status line created the data directory"
hook() { printf '%s' "$1" | "$tu" || fail "hook $1"; }
hook '{"session_id":"s1","hook_event_name":"SessionStart","cwd":"/p"}'
hook '{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"make"}}'
hook '{"session_id":"s1","hook_event_name":"PostModelRequest","model":"gpt-5","token_usage":{"input_tokens":1500,"output_tokens":20}}'
hook '{"session_id":"s2","hook_event_name":"SessionStart"}'
before=$(cd "$data" && ls -lA --time-style=full-iso)
export LANG=C.UTF-8
got=$(printf '{"session_id":"s1","model":{"id":"claude-opus-4-8","display_name":"Opus"},"workspace":{"current_dir":"/p"}}' | sl)
[[ $got =~ ^session\ [0-9]+s\ ·\ 1\ cmds\ ·\ 1.5k\ tok\ │\ today\ 2\ sessions\ ·\ 1\ cmds\ ·\ 1.5k\ tok\ ·\ [0-9]+s$ ]] ||
	fail "with a payload: $got"
got=$(LANG=C sl </dev/null)
[[ $got =~ ^today\ 2\ sessions,\ 1\ cmds,\ 1.5k\ tok,\ [0-9]+s$ ]] || fail "without a payload: $got"
# A pipe nobody writes to or closes: the line still comes, at once.
mkfifo "$tmp/fifo"
sleep 30 >"$tmp/fifo" &
holder=$!
start=$(date +%s%N)
got=$(sl <"$tmp/fifo")
kill "$holder"
# (Not timed under a wrapper such as valgrind, which is 20-50 times slower.)
[ -n "${TEST_WRAPPER:-}" ] || [ $((($(date +%s%N) - start) / 1000000)) -lt 2000 ] ||
	fail "waited on an open stdin"
[[ $got =~ ^today ]] || fail "open stdin: $got"
# Garbage on stdin, a corrupt summary: still one line and exit 0.
got=$(echo 'not json' | sl) || fail "garbage stdin: exit $?"
[[ $got =~ ^today ]] || fail "garbage stdin: $got"
[ "$before" = "$(cd "$data" && ls -lA --time-style=full-iso)" ] || fail "the status line changed the data directory"
# The examples run as written, with the programs on PATH.
src=$(cd "$(dirname "$0")/../../.." && pwd)
export PATH="$(dirname "$tu"):$PATH"
cmd=$(jq -r .statusLine.command "$src/examples/claude-code/statusline.json")
got=$(printf '{"session_id":"s1"}' | sh -c "$cmd") || fail "examples/claude-code/statusline.json"
[[ $got =~ ^session ]] || fail "examples/claude-code/statusline.json: $got"
cmd=$(sed -n "s/^set -g status-right '#(\(.*\))'\$/\1/p" "$src/examples/tmux.conf")
[ -n "$cmd" ] || fail "no command in examples/tmux.conf"
got=$(sh -c "$cmd" </dev/null) || fail "examples/tmux.conf"
[[ $got =~ ^today ]] || fail "examples/tmux.conf: $got"
cp "$data/usage-summary.json" "$tmp/good"
echo '{' >"$data/usage-summary.json"
got=$(sl </dev/null) || fail "corrupt summary: exit $?"
[[ $got =~ ^today\ 2\ sessions ]] || fail "corrupt summary: not read from the logs: $got"
grep -q "track-usage: .*does not parse" "$tmp/err" || fail "corrupt summary: no message"
[ "$(cat "$data/usage-summary.json")" = "{" ] || fail "corrupt summary: a reader moved or changed it"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "more than one line on stderr"
"$pm" --statusline </dev/null 2>/dev/null; [ $? = 64 ] || fail "perf-metrics --statusline is not a usage error"
# A status line that cannot be written: said on stderr, still exit 0.
"$tu" --statusline </dev/null >/dev/full 2>"$tmp/err" || fail "exit $? when stdout is full"
grep -q "cannot write" "$tmp/err" || fail "full stdout: $(cat "$tmp/err")"
echo ok
