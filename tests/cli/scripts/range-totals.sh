#!/bin/bash
# A report over a range of days reads the day files, and over the full range
# gives the same totals as the cumulative summary, even past the 90 days
# daily_stats keeps; ranges that split it add up to it; the CSV has one row
# per day that adds up to it too; bad ranges are usage errors (exit 64).
. "$(dirname "$0")/lib.bash"
mkdir -p "$data"
# 120 days of events, written as a log and turned into documents by
# --rebuild: a session a day (every 7th one across midnight), 1-3 commands,
# an error every 5th day, a failed command every 4th, one session left
# open for good (abandoned when the next day's events arrive).
awk 'BEGIN {
	for (d = 0; d < 120; d++) {
		cmd = "date -u -d \"2026-01-01 +" d " days\" +%F"
		cmd | getline day; close(cmd)
		h = (d % 7 == 3) ? "23:50" : "10:00"
		printf "{\"type\":\"session_start\",\"session_id\":\"s%d\",\"timestamp\":\"%sT%s:00Z\",\"source\":\"env\",\"data\":{\"model\":\"%s\",\"provider\":\"openai\"}}\n", d, day, h, (d % 2) ? "gpt-5" : "o3"
		for (c = 0; c <= d % 3; c++)
			printf "{\"type\":\"command_start\",\"session_id\":\"s%d\",\"timestamp\":\"%sT%s:3%dZ\",\"source\":\"env\",\"data\":{\"command\":\"%s\"}}\n", d, day, h, c, (c == 1) ? "npm" : "git"
		if (d % 4 == 0)
			printf "{\"type\":\"command_end\",\"session_id\":\"s%d\",\"timestamp\":\"%sT%s:40Z\",\"source\":\"env\",\"data\":{\"command\":\"git\",\"exit_code\":1}}\n", d, day, h
		if (d % 5 == 0)
			printf "{\"type\":\"error\",\"session_id\":\"s%d\",\"timestamp\":\"%sT%s:45Z\",\"source\":\"env\",\"data\":{\"context\":\"api\"}}\n", d, day, h
		printf "{\"type\":\"task_start\",\"session_id\":\"s%d\",\"timestamp\":\"%sT%s:50Z\",\"source\":\"env\",\"data\":{}}\n", d, day, h
		if (d == 60)
			continue
		e = (d % 7 == 3) ? "23:59" : "10:0" (d % 10)
		cmd = "date -u -d \"2026-01-01 +" d + (d % 7 == 3) " days\" +%F"
		cmd | getline eday; close(cmd)
		if (d % 7 == 3)
			e = "00:20"
		printf "{\"type\":\"session_end\",\"session_id\":\"s%d\",\"timestamp\":\"%sT%s:00Z\",\"source\":\"env\",\"data\":{}}\n", d, eday, e
	}
}' >"$data/usage-2026-05-01.jsonl"
"$tu" --rebuild || fail "rebuild"
check usage-summary.json '.daily_stats | length' 90
[ "$(ls "$data"/usage-2026-*.json | wc -l)" = 120 ] || fail "not 120 day files"

# Every key of the report but the range, first and last use included.
totals() { jq -S 'del(.range)'; }
"$tu" --report --json | totals >"$tmp/all" || fail "report"
check usage-summary.json .abandoned_sessions 1
jq -e '.total_sessions == 120 and .total_events > 500' "$tmp/all" >/dev/null || fail "fixture: $(cat "$tmp/all")"
for args in "--since 2026-01-01 --until 2026-04-30" "--since 2025-12-01" \
	"--until 2026-04-30 --days 120" "--until 2026-05-31 --days 365"; do
	# shellcheck disable=SC2086
	"$tu" --report --json $args >"$tmp/range" || fail "report $args"
	totals <"$tmp/range" | diff -u "$tmp/all" - >&2 || fail "range $args differs from the summary"
done
jq -c .range "$tmp/range" | grep -qx '{"since":"2025-06-01","until":"2026-05-31","days":365}' ||
	fail "range: $(jq -c .range "$tmp/range")"

# Two halves add up to the whole.
"$tu" --report --json --until 2026-02-14 >"$tmp/a" || fail "first half"
"$tu" --report --json --since 2026-02-15 >"$tmp/b" || fail "second half"
for k in total_sessions total_events total_commands total_tasks total_errors \
	completed_sessions total_session_duration abandoned_sessions; do
	sum=$(jq -s ".[0].$k + .[1].$k" "$tmp/a" "$tmp/b")
	want=$(jq ".$k" "$tmp/all")
	[ "$sum" = "$want" ] || fail "$k: halves add up to $sum, not $want"
done
jq -e '.range.days == 45' "$tmp/a" >/dev/null || fail "first half: $(jq -c .range "$tmp/a")"

# CSV: a header and 120 rows whose columns add up to the totals.
"$tu" --report --format csv >"$tmp/csv" || fail "csv"
head -1 "$tmp/csv" | grep -qx 'date,sessions,events,commands,tasks,errors,completed_sessions,total_duration,tokens' ||
	fail "csv header: $(head -1 "$tmp/csv")"
[ "$(wc -l <"$tmp/csv")" = 121 ] || fail "csv rows: $(wc -l <"$tmp/csv")"
got=$(awk -F, 'NR > 1 { s += $2; e += $3; c += $4; d += $8 } END { print s, e, c, d }' "$tmp/csv")
want=$(jq -r '"\(.total_sessions) \(.total_events) \(.total_commands) \(.total_session_duration)"' "$tmp/all")
[ "$got" = "$want" ] || fail "csv sums $got, summary $want"
"$tu" --report --format csv --since 2026-04-30 | diff - <(printf '%s\n' \
	date,sessions,events,commands,tasks,errors,completed_sessions,total_duration,tokens \
	2026-04-30,1,6,3,1,0,1,540000,0) >&2 || fail "csv of one day"

# A range with no day files, and the text form.
"$tu" --report --since 2027-01-01 | grep -qx "No data from 2027-01-01 to  in $data." || fail "empty range"
"$tu" --report --since 2026-04-01 --until 2026-04-30 >"$tmp/text" || fail "text"
grep -qx 'Range: 2026-04-01 to 2026-04-30 (30 days)' "$tmp/text" || fail "range line: $(cat "$tmp/text")"
grep -qx 'Total Sessions: 30' "$tmp/text" || fail "text totals"
# No report replays whole logs: it reads only the lines of the newest log
# after the checkpoint.
newest=$(cd "$data" && ls usage-*.jsonl | sort | tail -1)
strace -f -e trace=openat -o "$tmp/trace" "$tu" --report --days 400 >/dev/null 2>&1 &&
	grep 'jsonl' "$tmp/trace" | grep -qv "$newest" &&
	fail "a range report opened a log other than the newest"
echo ok
