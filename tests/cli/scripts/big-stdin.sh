#!/bin/bash
# 9 MiB on stdin is read and recorded (the cap is at least 8 MiB), and
# 100 MiB is drained and still recorded from the environment.
. "$(dirname "$0")/lib.bash"
python3 -c '
import json, sys
pad = "x" * (9 * 1024 * 1024)
sys.stdout.write(json.dumps({"hook_event_name": "PostToolUse", "session_id": "big",
    "tool_name": "Bash", "tool_input": {"command": "cat big.log"},
    "tool_response": {"stdout": pad, "exit_code": 0}}))' >"$tmp/big.json"
"$tu" <"$tmp/big.json" || fail "9 MiB: exit $?"
cat "$tmp/big.json" | "$tu" || fail "9 MiB pipe: exit $?"
"$tu" --checkpoint || fail "checkpoint"
check usage-summary.json .event_types '{"command_end":2}'
grep -q xxxx "$data"/usage-*.jsonl && fail "tool output stored"
head -c 104857600 /dev/zero | tr '\0' ' ' |
	CODEX_EVENT_TYPE=error CODEX_SESSION_ID=big "$tu" 2>/dev/null || fail "100 MiB: exit $?"
"$tu" --checkpoint || fail "checkpoint"
check usage-summary.json .total_errors 1
echo ok
