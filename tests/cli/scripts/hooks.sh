#!/bin/bash
# --install-hooks, --uninstall-hooks and --doctor on scratch agent
# configurations: merged, idempotent, undone byte for byte, and refused,
# with nothing changed, on a file it cannot safely change.
. "$(dirname "$0")/lib.bash"
export CLAUDE_CONFIG_DIR="$tmp/claude" CODEX_HOME="$tmp/codex"
export PATH="$build/perf-metrics:$PATH"
tu_path=$(readlink -f "$build/track-usage/track-usage")
pm_path=$(readlink -f "$build/perf-metrics/perf-metrics")
snap() { (cd "$tmp" && find claude codex -type f 2>/dev/null | sort | xargs -r md5sum); }

# Nothing there yet: install creates, uninstall leaves nothing behind.
"$tu" --install-hooks all >"$tmp/out" || fail "install: exit $?"
grep -q "^claude: added 13 hooks to " "$tmp/out" || fail "install said: $(cat "$tmp/out")"
jq -e --arg t "$tu_path" --arg p "$pm_path" '
	(.hooks.SessionStart[0].hooks | map(.command)) == [$t, $p] and
	.hooks.PreToolUse[0].matcher == "*" and
	.statusLine.command == "\($t) --statusline"' "$CLAUDE_CONFIG_DIR/settings.json" >/dev/null ||
	fail "settings.json: $(cat "$CLAUDE_CONFIG_DIR/settings.json")"
jq -e --arg t "$tu_path" '.hooks.SessionEnd[0].hooks[0] == {type: "command", command: $t, timeout: 3}' \
	"$CODEX_HOME/hooks.json" >/dev/null || fail "hooks.json: $(cat "$CODEX_HOME/hooks.json")"
[ "$(head -1 "$CODEX_HOME/config.toml")" = "notify = [\"$tu_path\"]" ] || fail "notify: $(cat "$CODEX_HOME/config.toml")"
before=$(snap)
"$tu" --install-hooks all >/dev/null || fail "second install"
[ "$(snap)" = "$before" ] || fail "a second install changed something"
"$tu" --uninstall-hooks all >/dev/null || fail "uninstall: exit $?"
[ -z "$(find "$tmp/claude" "$tmp/codex" -type f)" ] || fail "left behind: $(find "$tmp/claude" "$tmp/codex" -type f)"

# A user's own configuration: kept, and restored byte for byte.
mkdir -p "$tmp/claude" "$tmp/codex"
printf '{\n  "model": "opus",\n  "statusLine": {"type": "command", "command": "my-line"},\n  "hooks": {\n    "Stop": [\n      {\n        "hooks": [\n          {\n            "type": "command",\n            "command": "my-stop"\n          }\n        ]\n      }\n    ]\n  }\n}\n' \
	>"$tmp/claude/settings.json"
printf 'model = "gpt-5"\nnotify = ["my-notify"]\n\n[tui]\nnotifications = true\n' >"$tmp/codex/config.toml"
cp "$tmp/claude/settings.json" "$tmp/settings.orig"
cp "$tmp/codex/config.toml" "$tmp/config.orig"
"$tu" --install-hooks all --dry-run >"$tmp/out" || fail "dry run"
grep -q '^+.*"command": "'"$tu_path"'"' "$tmp/out" || fail "dry run shows no diff: $(cat "$tmp/out")"
cmp -s "$tmp/claude/settings.json" "$tmp/settings.orig" || fail "a dry run changed settings.json"
[ -e "$tmp/codex/hooks.json" ] && fail "a dry run wrote hooks.json"
"$tu" --install-hooks all >"$tmp/out" || fail "install over a user's files"
grep -q "a status line is already set (my-line): left alone" "$tmp/out" || fail "status line: $(cat "$tmp/out")"
grep -q "notify is already set in .*config.toml: left alone" "$tmp/out" || fail "notify: $(cat "$tmp/out")"
jq -e '.model == "opus" and .statusLine.command == "my-line" and
	(.hooks.Stop[0].hooks[0].command == "my-stop") and (.hooks.Stop | length) == 2' \
	"$tmp/claude/settings.json" >/dev/null || fail "user's keys lost: $(cat "$tmp/claude/settings.json")"
ls "$tmp/claude"/settings.json.bak-* >/dev/null 2>&1 || fail "no backup of settings.json"
cmp -s "$tmp/codex/config.toml" "$tmp/config.orig" || fail "config.toml changed although notify was set"
"$tu" --uninstall-hooks all >/dev/null || fail "uninstall from a user's files"
jq -S . "$tmp/claude/settings.json" | diff - <(jq -S . "$tmp/settings.orig") >&2 || fail "settings.json not restored"
[ -e "$tmp/codex/hooks.json" ] && fail "hooks.json left behind"

# The doctor: what is missing, then complete once wired and trusted.
rm -rf "$tmp/claude" "$tmp/codex"
"$tu" --doctor >"$tmp/out" 2>"$tmp/err" && fail "doctor: complete with nothing wired"
grep -q "^claude: SessionStart: missing track-usage, perf-metrics$" "$tmp/out" || fail "doctor: $(cat "$tmp/out")"
"$tu" --install-hooks all >/dev/null || fail "install"
"$tu" --doctor >"$tmp/out" && fail "doctor: codex's hooks trusted before anyone trusted them"
grep -q "^codex: hooks not trusted yet" "$tmp/out" || fail "doctor on trust: $(cat "$tmp/out")"
printf '\n[hooks.state."%s:session_start:0:0"]\ntrusted_hash = "sha256:0"\n' "$CODEX_HOME/hooks.json" >>"$CODEX_HOME/config.toml"
CLAUDECODE=1 CODEX_EVENT_TYPE=session_start CODEX_SESSION_ID=c1 "$tu" </dev/null || fail "event"
"$tu" --doctor >"$tmp/out" || fail "doctor after install: $(cat "$tmp/out")"
grep -q "^claude: last event recorded: $(date -u +%Y-%m-%d)T" "$tmp/out" || fail "doctor's last event: $(cat "$tmp/out")"
grep -q "^codex: no event recorded in the last week$" "$tmp/out" || fail "doctor's codex: $(cat "$tmp/out")"
"$tu" --doctor --data-dir "$tmp/ro" >/dev/null || fail "doctor: a missing data directory is no problem"

# Files it cannot safely change: refused, one line, nothing changed.
refused() { # refused PATTERN: the next install fails with PATTERN
	before=$(snap)
	"$tu" --install-hooks claude >/dev/null 2>"$tmp/err" && fail "$1: accepted"
	grep -q "^track-usage: .*$1" "$tmp/err" || fail "$1: said $(cat "$tmp/err")"
	[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$1: more than one line"
	[ "$(snap)" = "$before" ] || fail "$1: something changed"
}
echo '{"hooks": ' >"$tmp/claude/settings.json"
refused "is not JSON"
echo '{"hooks": []}' >"$tmp/claude/settings.json"
refused '"hooks" is not a JSON object'
echo '{"hooks": {"Stop": {}}}' >"$tmp/claude/settings.json"
refused "hooks.Stop is not an array"
echo '{}' >"$tmp/real.json"
rm "$tmp/claude/settings.json"
ln -s "$tmp/real.json" "$tmp/claude/settings.json"
refused "refusing symlink"
[ "$(cat "$tmp/real.json")" = '{}' ] || fail "the symlink's target changed"
rm "$tmp/claude/settings.json"
if [ "$(id -u)" != 0 ]; then
	echo '{}' >"$tmp/claude/settings.json"
	chmod 444 "$tmp/claude/settings.json"
	refused "cannot change"
fi
"$tu" --install-hooks emacs 2>/dev/null; [ $? = 64 ] || fail "an unknown agent is not a usage error"
"$tu" --report --dry-run 2>/dev/null; [ $? = 64 ] || fail "--dry-run without an install is not a usage error"
echo ok
