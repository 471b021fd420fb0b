#!/bin/bash
# docs/hooks.md shows the exact files the sessions run (examples/) and the
# agent versions they pin (versions): they must not drift apart.
set -u
e2e=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$e2e/../.." && pwd)
. "$e2e/versions"
doc="$src/docs/hooks.md"
fail() { echo "FAIL e2e docs-examples: $*" >&2; exit 1; }
for f in examples/codex/config.toml examples/claude-code/settings.json; do
	python3 - "$doc" "$src/$f" <<'EOF' || fail "$f is not shown verbatim in docs/hooks.md"
import sys
doc, ex = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
sys.exit(0 if ex in doc else 1)
EOF
done
jq -e . "$src/examples/claude-code/settings.json" >/dev/null || fail "settings.json is not JSON"
# tomllib: Python 3.11 and later
if python3 -c 'import tomllib' 2>/dev/null; then
	python3 -c 'import sys, tomllib; tomllib.load(open(sys.argv[1], "rb"))' \
		"$src/examples/codex/config.toml" || fail "config.toml is not TOML"
fi
grep -qF "Codex CLI $CODEX_VERSION" "$doc" || fail "docs/hooks.md does not name Codex CLI $CODEX_VERSION"
grep -qF "Claude Code $CLAUDE_CODE_VERSION" "$doc" || fail "docs/hooks.md does not name Claude Code $CLAUDE_CODE_VERSION"
grep -qF "Codex CLI $CODEX_VERSION" "$src/examples/codex/config.toml" ||
	fail "examples/codex/config.toml does not name Codex CLI $CODEX_VERSION"
exit 0
