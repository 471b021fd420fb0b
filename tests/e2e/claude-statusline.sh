#!/bin/bash
# Claude Code's status line, live: an interactive session (in a private
# tmux server: `claude -p` never runs the status line) of a subscriber
# (an OAuth token: only then does Claude Code pass the plan's windows),
# wired by --install-hooks.  The mock sends the windows as the Messages
# API's headers; the status line must show them and record them as a
# `limits` record (docs/design.md §5d).
. "$(dirname "$0")/lib.bash"
need_agent claude-code
command -v tmux >/dev/null || skip "tmux is not installed"

now=$(date +%s)
reset_5h=$((now + 3600))
reset_7d=$((now + 86400))
headers=$(jq -cn --arg r5 "$reset_5h" --arg r7 "$reset_7d" '{
	"anthropic-ratelimit-unified-status": "allowed",
	"anthropic-ratelimit-unified-5h-utilization": "0.125",
	"anthropic-ratelimit-unified-5h-reset": $r5,
	"anthropic-ratelimit-unified-5h-status": "allowed",
	"anthropic-ratelimit-unified-7d-utilization": "0.4",
	"anthropic-ratelimit-unified-7d-reset": $r7,
	"anthropic-ratelimit-unified-7d-status": "allowed",
	"anthropic-ratelimit-unified-representative-claim": "five_hour",
	"anthropic-ratelimit-unified-reset": $r5}')
start_mock messages <<EOF
{"steps": [{"text": "$M_REPLY: hello", "headers": $headers,
            "usage": {"input_tokens": 100, "output_tokens": 10}}],
 "default": {"text": "side answer", "headers": $headers,
             "usage": {"input_tokens": 7, "output_tokens": 3}}}
EOF
claude_setup install
jq -e '.statusLine.command | endswith("--statusline")' "$tmp/settings.json" >/dev/null ||
	fail "--install-hooks did not wire the status line"
# What a user who has started Claude Code before has: no onboarding, the
# folder trusted.
jq -n --arg w "$work" '{hasCompletedOnboarding: true, theme: "dark",
	numStartups: 5, customApiKeyResponses: {approved: ["dummy"], rejected: []},
	projects: {($w): {hasTrustDialogAccepted: true,
	hasCompletedProjectOnboarding: true, allowedTools: []}}}' \
	>"$claude_config/.claude.json"
# A subscriber's token, a terminal, and the terminal's foreground: a TUI
# that timeout put in a process group of its own stops at its first read.
run=()
for a in "${claude_run[@]}"; do
	case $a in
	ANTHROPIC_API_KEY=*) run+=(CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-dummy) ;;
	TERM=*) run+=(TERM=xterm-256color) ;;
	timeout) run+=(timeout --foreground) ;;
	*) run+=("$a") ;;
	esac
done

tmux=(tmux -S "$tmp/tmux.sock" -f /dev/null)
screen() { "${tmux[@]}" capture-pane -p -t s 2>/dev/null; }
# wait_screen PATTERN SECONDS: until PATTERN (an ERE) shows on the screen
wait_screen() {
	local i
	for i in $(seq $(($2 * 4))); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.25
	done
	screen >"$tmp/screen.txt"
	fail "'$1' did not show in ${2}s; the screen: $(cat "$tmp/screen.txt")"
}
trap 'rc=$?; "${tmux[@]}" kill-server 2>/dev/null; (exit $rc); cleanup' EXIT
"${tmux[@]}" new-session -d -s s -x 200 -y 40 -c "$work" \
	"$(printf '%q ' "${run[@]}" --settings "$tmp/settings.json") 2>$(printf '%q' "$agent_err")" ||
	fail "tmux did not start"

# Before the first reply: the line, with nothing of the plan yet.
wait_screen "today" 60
"${tmux[@]}" send-keys -t s -l "$M_PROMPT: say hello"
sleep 1
"${tmux[@]}" send-keys -t s Enter
wait_screen "$M_REPLY" 60
# After it: the windows, as the status line shows them (12.5%: 12 or 13).
wait_screen "5h 1[23]% .* wk 40%" 30
"${tmux[@]}" send-keys -t s -l "/exit"
sleep 1
"${tmux[@]}" send-keys -t s Enter
for i in $(seq 40); do
	"${tmux[@]}" has-session -t s 2>/dev/null || break
	sleep 0.25
done

sid=$(basename "$(claude_transcript)" .jsonl)
check LOG '[.[]|select(.type=="limits")]|length > 0' true
check LOG "[.[]|select(.type==\"limits\")]|last|[.agent,.session_id,(.windows|map([.name,.window_minutes,(.used_percent*10|round),.resets_at]))]" \
	"[\"claude\",\"$sid\",[[\"5h\",300,125,$reset_5h],[\"weekly\",10080,400,$reset_7d]]]"
check LOG '[.[]|select(.type=="limits")]|last|.reported|has("cost_usd")' true
"$tu" --checkpoint --data-dir "$data" || fail "--checkpoint"
check usage-summary.json '.limits.claude|map_values([(.used_percent*10|round),.resets_at])' \
	"{\"5h\":[125,$reset_5h],\"weekly\":[400,$reset_7d]}"
check usage-summary.json ".reported[\"$sid\"]|has(\"cost_usd\")" true
check usage-summary.json .total_sessions 1
check_private
log "ok: the live status line showed and recorded the plan's windows"
