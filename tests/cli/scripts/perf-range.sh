#!/bin/bash
# perf-metrics over a range of days reads the day files: over the full
# range the same summary and recent sessions as the cumulative
# performance-metrics.json (which keeps only 100 sessions); CSV has one row
# per day; --output writes the file atomically.
. "$(dirname "$0")/lib.bash"
mkdir -p "$data"
# 40 days, 3 sessions a day, each: start, 2 commands, end; CPU and memory
# vary, every 9th sample over the CPU alert.
awk 'BEGIN {
	k = 0
	for (d = 0; d < 40; d++) {
		cmd = "date -u -d \"2026-03-01 +" d " days\" +%F"
		cmd | getline day; close(cmd)
		for (s = 0; s < 3; s++) {
			split("session_start command_start command_start session_end", ev, " ")
			for (e = 1; e <= 4; e++) {
				k++
				cpu = (k * 37) % 100 + 0.5; mem = 20 + (k * 13) % 60
				al = (k % 9 == 0) ? ",\"alerts\":[\"cpu\"]" : ""
				c = (e == 2) ? ",\"command\":\"make\"" : (e == 3) ? ",\"command\":\"git\"" : ""
				du = (e == 4) ? ",\"duration_ms\":60000" : ""
				printf "{\"event\":\"%s\",\"session_id\":\"d%ds%d\",\"timestamp\":\"%sT1%d:0%d:00.000Z\",\"model\":\"gpt-5\"%s,\"cpu_percent\":%.1f,\"memory_percent\":%.1f,\"memory_available_gb\":3.5,\"disk_percent\":50.0,\"disk_free_gb\":100.0,\"disk_path\":\"/\",\"swap_percent\":0.0,\"load_avg\":[1,1,1],\"cpu_count\":4%s%s}\n", ev[e], d, s, day, s, e, c, cpu, mem, al, du
			}
		}
	}
}' >"$data/metrics-2026-04-10.jsonl"
"$pm" --rebuild || fail "rebuild"
check performance-metrics.json '.sessions | length' 100
"$pm" --report --json >"$tmp/all" || fail "report"
"$pm" --report --json --since 2026-03-01 --until 2026-04-09 >"$tmp/range" || fail "range report"
jq -e '.summary.total_measurements == 480 and .summary.alerts.cpu == 53' "$tmp/all" >/dev/null ||
	fail "fixture: $(jq -c .summary "$tmp/all")"
# Equal, averages to the last few bits (summed in another order).
jq -n --slurpfile a "$tmp/all" --slurpfile b "$tmp/range" -e '
	def close(x; y): ((x - y) | fabs) < 1e-9;
	$a[0].summary as $s | $b[0].summary as $r |
	$s.total_measurements == $r.total_measurements and $s.alerts == $r.alerts and
	$s.peak_cpu_usage == $r.peak_cpu_usage and $s.peak_memory_usage == $r.peak_memory_usage and
	close($s.avg_cpu_usage; $r.avg_cpu_usage) and close($s.avg_memory_usage; $r.avg_memory_usage) and
	$a[0].recent_sessions == $b[0].recent_sessions' >/dev/null ||
	fail "range differs: $(jq -c .summary "$tmp/all") vs $(jq -c .summary "$tmp/range")"
jq -e '.range == {"since":"2026-03-01","until":"2026-04-09","days":40} and (.days | length) == 40
	and has("top_commands") == false' "$tmp/range" >/dev/null || fail "range shape: $(jq -c .range "$tmp/range")"
"$pm" --report --format csv >"$tmp/csv" || fail "csv"
head -1 "$tmp/csv" | grep -qx 'date,measurements,avg_cpu,peak_cpu,avg_memory,peak_memory,alerts_cpu,alerts_memory,alerts_disk,sessions' ||
	fail "csv header: $(head -1 "$tmp/csv")"
[ "$(wc -l <"$tmp/csv")" = 41 ] || fail "csv rows"
[ "$(awk -F, 'NR > 1 { n += $2; a += $7; s += $10 } END { print n, a, s }' "$tmp/csv")" = "480 53 120" ] ||
	fail "csv sums: $(cat "$tmp/csv")"
LC_ALL=C "$pm" --report --days 3 --until 2026-03-03 >"$tmp/text" || fail "text"
grep -qx 'Range: 2026-03-01 to 2026-03-03 (3 days)' "$tmp/text" || fail "text: $(cat "$tmp/text")"
grep -qx 'Measurements: 36' "$tmp/text" || fail "text: $(cat "$tmp/text")"
grep -Eqx '  CPU    [_.~=+*#-]{3}' "$tmp/text" || fail "no daily sparkline: $(cat "$tmp/text")"
# A day file without alerts (a hand edit) counted none, not the range's
# alerts so far.
d="$data/metrics-2026-03-20.json"
jq -c 'del(.performance_summary.alerts)' "$d" >"$tmp/d" && cat "$tmp/d" >"$d"
"$pm" --report --format csv --since 2026-03-18 --until 2026-03-20 >"$tmp/csv" || fail "csv over an edited day"
grep '^2026-03-20,' "$tmp/csv" | cut -d, -f7-9 | grep -qx '0,0,0' || fail "edited day's alerts: $(cat "$tmp/csv")"
# --output: the file, and nothing on stdout.
"$pm" --report --format prometheus --output "$tmp/perf.prom" >"$tmp/out" || fail "output"
[ -s "$tmp/out" ] && fail "stdout with --output"
grep -qx 'codex_perf_samples_total 480' "$tmp/perf.prom" || fail "prom: $(cat "$tmp/perf.prom")"
grep -qx 'codex_perf_alerts_total{resource="cpu"} 53' "$tmp/perf.prom" || fail "prom alerts"
grep -q 'session' "$tmp/perf.prom" && grep -v '^#' "$tmp/perf.prom" | grep -q 'd1s' && fail "session id in a label"
"$pm" --report --output "$tmp/no/such/dir/r.txt" 2>"$tmp/err" && fail "output into a missing directory"
grep -q "^perf-metrics: cannot write '$tmp/no/such/dir/r.txt': No such file or directory$" "$tmp/err" ||
	fail "message: $(cat "$tmp/err")"
# A symlink at FILE: its target is replaced, the link kept.  A FIFO (or a
# device): written in place, never replaced by a regular file.
mkdir "$tmp/real"
echo old >"$tmp/real/t.prom"
ln -s "$tmp/real/t.prom" "$tmp/link.prom"
"$pm" --report --format prometheus --output "$tmp/link.prom" || fail "output through a symlink"
[ -L "$tmp/link.prom" ] || fail "the symlink was replaced"
grep -qx 'codex_perf_samples_total 480' "$tmp/real/t.prom" || fail "the link's target not written"
mkfifo "$tmp/fifo"
# Nobody reads it: an error at once, never a hang.
timeout 10 "$pm" --report --output "$tmp/fifo" 2>"$tmp/err"
[ $? = 1 ] || fail "a FIFO nobody reads: not exit 1"
grep -qx "perf-metrics: cannot write '$tmp/fifo': no process reads the FIFO" "$tmp/err" ||
	fail "FIFO message: $(cat "$tmp/err")"
cat "$tmp/fifo" >"$tmp/from-fifo" &
# The reader may not have opened it yet: try until it has.
for i in $(seq 100); do
	"$pm" --report --format prometheus --output "$tmp/fifo" 2>/dev/null && break
	sleep 0.05
done
wait
[ -p "$tmp/fifo" ] || fail "the FIFO was replaced"
grep -qx 'codex_perf_samples_total 480' "$tmp/from-fifo" || fail "nothing came through the FIFO"
# /dev/stdout is the descriptor as it is: a pipe, or a file appended to.
for out in /dev/stdout /dev/fd/1 /proc/self/fd/1 /dev//stdout; do
	"$pm" --report --format prometheus --output $out | grep -qx 'codex_perf_samples_total 480' ||
		fail "output to $out in a pipe"
done
echo old >"$tmp/appended"
"$pm" --report --format prometheus --output /dev/stdout >>"$tmp/appended" || fail "output to /dev/stdout"
"$pm" --report --format prometheus --output /proc/self/fd/1 >>"$tmp/appended" || fail "output to /proc/self/fd/1"
"$pm" --report --format prometheus --output "$tmp/appended" >>"$tmp/appended" || fail "output to the file stdout appends to"
head -1 "$tmp/appended" | grep -qx old || fail "stdout opened with >> was replaced"
[ "$(grep -cx 'codex_perf_samples_total 480' "$tmp/appended")" = 3 ] || fail "not appended three times"
grep -qx 'codex_perf_samples_total 480' "$tmp/appended" || fail "nothing appended"
# A dangling link: its target is created.  A file replaced keeps its mode.
ln -s "$tmp/real/new.prom" "$tmp/dangling"
"$pm" --report --format prometheus --output "$tmp/dangling" || fail "output through a dangling link"
[ -L "$tmp/dangling" ] && [ -s "$tmp/real/new.prom" ] || fail "a dangling link's target not created"
chmod 600 "$tmp/real/t.prom"
"$pm" --report --format prometheus --output "$tmp/link.prom" || fail "output through a symlink again"
[ "$(stat -c %a "$tmp/real/t.prom")" = 600 ] || fail "mode not kept: $(stat -c %a "$tmp/real/t.prom")"
ln -s loop1 "$tmp/loop2" && ln -s loop2 "$tmp/loop1"
"$pm" --report --output "$tmp/loop1" 2>"$tmp/err" && fail "output through a loop of links"
grep -q "^perf-metrics: cannot write '$tmp/loop1': Too many levels of symbolic links$" "$tmp/err" ||
	fail "loop message: $(cat "$tmp/err")"
# Another user's link is not followed (a root cron job must not replace a
# file through a link planted in a shared directory).
if [ "$(id -u)" -eq 0 ]; then
	echo secret >"$tmp/real/secret"
	ln -s "$tmp/real/secret" "$tmp/planted"
	chown -h 65534 "$tmp/planted"
	"$pm" --report --output "$tmp/planted" 2>"$tmp/err" && fail "another user's link followed"
	grep -qx "perf-metrics: cannot write '$tmp/planted': not following another user's symbolic link" "$tmp/err" ||
		fail "planted link message: $(cat "$tmp/err")"
	grep -qx secret "$tmp/real/secret" || fail "the planted link's target was changed"
	# Another user's FIFO is refused; another user's file is replaced
	# with a mode of its own, never the planted one.
	mkfifo "$tmp/their-fifo" && chown 65534 "$tmp/their-fifo"
	exec 3<>"$tmp/their-fifo" # a reader, so that only its owner refuses it
	"$pm" --report --output "$tmp/their-fifo" 2>"$tmp/err" && fail "another user's FIFO written"
	exec 3>&-
	grep -qx "perf-metrics: cannot write '$tmp/their-fifo': not writing to another user's FIFO or device" "$tmp/err" ||
		fail "their FIFO message: $(cat "$tmp/err")"
	echo x >"$tmp/theirs" && chown 65534 "$tmp/theirs" && chmod 777 "$tmp/theirs"
	(umask 022 && "$pm" --report --output "$tmp/theirs") || fail "output over another user's file"
	[ "$(stat -c %a "$tmp/theirs")" = 644 ] || fail "mode of another user's file taken: $(stat -c %a "$tmp/theirs")"
fi
# A name of 250 bytes still has a temp file next to it.
long=$(printf 'r%.0s' $(seq 250))
"$pm" --report --output "$tmp/$long" || fail "output to a 250-byte name"
[ -s "$tmp/$long" ] || fail "nothing written to a 250-byte name"
"$pm" --report --output "$tmp/real" 2>"$tmp/err" && fail "output into a directory"
grep -q "^perf-metrics: cannot write '$tmp/real': Is a directory$" "$tmp/err" || fail "directory message: $(cat "$tmp/err")"
echo ok
