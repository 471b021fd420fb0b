#!/bin/bash
# A symlink planted at a data file or the lock file is refused (exit 1, one
# line), never followed, and left in place.
. "$(dirname "$0")/lib.bash"
export CODEX_EVENT_TYPE=task_start CODEX_SESSION_ID=s
for f in usage-summary.json .usage.lock "usage-$(date +%F).jsonl"; do
	rm -rf "$data"; mkdir -p "$data"
	echo '{"secret":1}' >"$tmp/target"
	ln -s "$tmp/target" "$data/$f"
	"$tu" </dev/null 2>"$tmp/err" && fail "$f: symlink accepted"
	[ $? = 1 ] || fail "$f: exit status"
	grep -q "symlink" "$tmp/err" || fail "$f: message $(cat "$tmp/err")"
	[ -L "$data/$f" ] || fail "$f: symlink removed"
	[ "$(cat "$tmp/target")" = '{"secret":1}' ] || fail "$f: target changed"
done
echo ok
