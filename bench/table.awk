# bench/table.awk: the table of bench/run (see there) from the results of
# bench-runs and the sizes and instruction counts bench/run collects.
#
# Input lines, tab-separated (times in microseconds, memory in KiB):
#	T name runs failures median p10 p90 min maxrss cpu   a case's runs
#	R name base pairs median p10 p90 all                 its paired ratios
#	Q dir round name runs failures total maxrss cpu      a session replay
#	S name value                                         a size
#	I name instructions                                  a callgrind count
# Variables: md (1: a Markdown table), events, days, usage_midturn,
# usage_checkpoint, metrics_midturn, metrics_checkpoint.  One row per
# figure: figure, value, floor (or what it is compared with), ratio,
# target, met (PASS or MISS; empty for figures without a target).
#
# The event types of a kind (mid-turn or checkpoint) do the same work, so
# their targets are judged on the kind: the median of the paired ratios of
# all its types together (a few hundred pairs, where one type has 31); the
# rows of the single types follow it, for information.
$1 == "T" { med[$2] = $5 / 1000; rss[$2] = $9; bad[$2] = $4 > 0; cpu[$2] = $10 / 1000 }
$1 == "R" { pr[$2, $3] = $5; all[$2, $3] = $8 }
$1 == "S" { size[$2] = $3 }
$1 == "I" { ins[$2] = $3 }
$1 == "Q" {
	q[$2, $3, $4] = $7 / 1000; qruns[$2, $3, $4] = $5
	if ($6 > 0) qbad[$2] = 1
	if ($4 !~ /^floor:/ && $8 > sessionrss) sessionrss = $8
	if ($3 > nrounds) nrounds = $3
}
function ms(v) {
	return v >= 100 ? sprintf("%.0f ms", v) : v >= 10 ? sprintf("%.1f ms", v) : sprintf("%.2f ms", v)
}
function ok(c) { return (c in med) && !bad[c] }
function row(fig, val, base, ratio, target, met) {
	nrows++
	F[nrows] = fig; V[nrows] = val; B[nrows] = base; R[nrows] = ratio
	T[nrows] = target; M[nrows] = met
}
function verdict(good) { return good ? "PASS" : "MISS" }
# A ratio as shown, and as compared with its target: the third decimal is
# below what a run can tell.
function r2(v) { return sprintf("%.2f", v) + 0 }
# Case c against case b (shown as bname): the median ratio of their paired
# runs, or when they were not paired the ratio of their medians; limit: the
# target ratio, or "" for a figure shown for information.
function cmp(fig, c, bname, b, limit,    target, r) {
	target = limit == "" ? "" : "<= " sprintf("%.2f", limit) "x"
	if (!ok(c) || !ok(b)) {
		row(fig, ok(c) ? ms(med[c]) : "FAILED", bname, "", target, limit == "" ? "" : "MISS")
		return
	}
	r = r2(((c, b) in pr) ? pr[c, b] : med[c] / med[b])
	row(fig, ms(med[c]), bname " " ms(med[b]), sprintf("%.2fx", r), target,
	    limit == "" ? "" : verdict(r <= limit))
}
# Case c under limit (in ms); the CPU time it took is shown beside it.
function lim(fig, c, limit,    target) {
	target = limit == "" ? "" : limit >= 1000 ? "< " limit / 1000 " s" : "< " limit " ms"
	if (!ok(c))
		row(fig, "FAILED", "", "", target, "MISS")
	else
		row(fig, ms(med[c]), "CPU " ms(cpu[c]), "", target,
		    limit == "" ? "" : verdict(med[c] < limit))
}
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# An original hook: run side by side (case c, paired with tool t's
# command_start), else its published figure (published ms, shown as shown).
function original(name, c, t, published, shown,    base) {
	if (c in med) {
		cmp("original " name " hook, command_start", c, t, t ":command_start:empty", "")
		return
	}
	base = t ":command_start:year"
	if (ok(base))
		row("original " name " hook (published figure, not run)", shown,
		    t " command_start " ms(med[base]), sprintf("%.0fx", published / med[base]), "", "")
}
function kib(b) { return sprintf("%.1f KiB", b / 1024) }
# Add the paired ratios of case c and its base b to the pool P (np values).
function pool(c, b,    v, i, n) {
	n = split(all[c, b], v, ",")
	for (i = 1; i <= n; i++)
		P[++np] = v[i] + 0
}
# The row of a kind of event of tool t in directory hist: the types ty[1..n]
# against base (a floor, or "empty": the same type in the empty directory).
function kind(fig, t, hist, n, base, bname, limit,    i, c, b, vals, nv, r, failed) {
	np = 0; nv = 0; failed = 0
	for (i = 1; i <= n; i++) {
		c = t ":" ty[i] ":" hist
		b = base == "empty" ? t ":" ty[i] ":empty" : base
		if (!ok(c) || !ok(b)) { failed = 1; continue }
		pool(c, b)
		vals[++nv] = med[c]
	}
	fig = fig " (" n " type" (n > 1 ? "s" : "") ", " np " pairs)"
	if (failed || np == 0) {
		row(fig, "FAILED", "", "", "<= " sprintf("%.2f", limit) "x", "MISS")
		return
	}
	r = r2(median(P, np))
	row(fig, base == "empty" ? "" : ms(median(vals, nv)),
	    base == "empty" ? "paired with empty" : bname " " ms(med[base]),
	    sprintf("%.2fx", r), "<= " sprintf("%.2f", limit) "x", verdict(r <= limit))
}
# The hook events of tool t: mid-turn (which == "mid"), checkpoint or both.
function types(t, which, out,    s) {
	s = t == "track-usage" ? (which != "checkpoint" ? usage_midturn : "") " " (which != "mid" ? usage_checkpoint : "") \
	                       : (which != "checkpoint" ? metrics_midturn : "") " " (which != "mid" ? metrics_checkpoint : "")
	return split(s, out, " ")
}
END {
	split("track-usage perf-metrics", tl, " ")
	split("empty year", hl, " ")
	afloor["track-usage"] = "append floor"; afloor["perf-metrics"] = "perf floor"

	# ---- floors ----
	row("do-nothing program", ms(med["nothing"]), "", "", "", "")
	for (h = 1; h <= 2; h++)
		for (k = 1; k <= 2; k++) {
			t = tl[k]; hist = hl[h]
			cmp(t " " afloor[t] ", " hist, t ":floor:" hist, "do-nothing", "nothing", "")
			split(size[t ":doc-bytes:" hist], db, " ")
			cmp(t " checkpoint floor, " hist " (documents " kib(db[1]) " + " kib(db[2]) ")",
			    t ":checkpoint-floor:" hist, "do-nothing", "nothing", "")
		}

	# ---- mid-turn and checkpoint events ----
	for (k = 1; k <= 2; k++) {
		t = tl[k]
		n = types(t, "mid", ty)
		for (h = 1; h <= 2; h++) {
			kind(t " mid-turn event, " hl[h], t, hl[h], n, t ":floor:" hl[h], afloor[t], 1.25)
			for (i = 1; i <= n; i++)
				cmp(t " " ty[i] ", " hl[h], t ":" ty[i] ":" hl[h], afloor[t], t ":floor:" hl[h], "")
		}
		kind(t " mid-turn event, year/empty", t, "year", n, "empty", "", 1.1)
		for (i = 1; i <= n; i++)
			cmp(t " " ty[i] ", year/empty", t ":" ty[i] ":year", "empty", t ":" ty[i] ":empty", "")
		n = types(t, "checkpoint", ty)
		for (h = 1; h <= 2; h++) {
			kind(t " checkpoint event, " hl[h], t, hl[h], n, t ":checkpoint-floor:" hl[h],
			     "checkpoint floor", 1.75)
			for (i = 1; i <= n; i++)
				cmp(t " " ty[i] ", " hl[h], t ":" ty[i] ":" hl[h], "checkpoint floor",
				    t ":checkpoint-floor:" hl[h], "")
		}
	}
	# The part of an event that does not wait: CPU time (user and system,
	# exec and page faults included), median of the types' medians.
	for (k = 1; k <= 2; k++) {
		t = tl[k]
		for (w = 1; w <= 2; w++) {
			which = w == 1 ? "mid" : "checkpoint"
			n = types(t, which, ty)
			for (h = 1; h <= 2; h++) {
				nv = 0
				for (i = 1; i <= n; i++)
					if (ok(t ":" ty[i] ":" hl[h]))
						cv[++nv] = cpu[t ":" ty[i] ":" hl[h]]
				b = t ":" (w == 1 ? "floor:" : "checkpoint-floor:") hl[h]
				if (nv == 0 || !ok(b))
					continue
				c = median(cv, nv)
				row("CPU time, " t " " (w == 1 ? "mid-turn" : "checkpoint") " event, " hl[h],
				    ms(c), (w == 1 ? afloor[t] : "checkpoint floor") " " ms(cpu[b]),
				    sprintf("%.2fx", c / cpu[b]), "", "")
			}
		}
	}
	if ("perf-metrics:tool_use:empty" in med)
		cmp("perf-metrics tool_use (not sampled), empty", "perf-metrics:tool_use:empty",
		    "do-nothing", "nothing", "")
	if ("perf-metrics:session_end:procs" in med)
		cmp("perf-metrics session_end, empty, " size["procs"] " more processes",
		    "perf-metrics:session_end:procs", "checkpoint floor",
		    "perf-metrics:checkpoint-floor:procs", "")

	# ---- the recorded session ----
	for (h = 1; h <= 2; h++) {
		hist = hl[h]; n = 0
		for (r = 1; r <= nrounds; r++) {
			tt = q[hist, r, "track-usage"] + q[hist, r, "perf-metrics"]
			ff = q[hist, r, "floor:track-usage"] + q[hist, r, "floor:perf-metrics"]
			if (tt == 0 || ff == 0)
				continue
			n++
			tot[n] = tt; flo[n] = ff; rat[n] = tt / ff
			ut[n] = q[hist, r, "track-usage"]; uf[n] = q[hist, r, "floor:track-usage"]
			mt[n] = q[hist, r, "perf-metrics"]; mf[n] = q[hist, r, "floor:perf-metrics"]
			nev = qruns[hist, r, "track-usage"]
			nruns = nev + qruns[hist, r, "perf-metrics"]
		}
		if (n == 0)
			continue
		fig = "session, " hist ": " nev " events, " nruns " hook runs, both tools"
		if (qbad[hist]) {
			row(fig, "FAILED", "", "", "<= 1.40x", "MISS")
			continue
		}
		rr = r2(median(rat, n))
		row(fig, ms(median(tot, n)), "append floor " ms(median(flo, n)),
		    sprintf("%.2fx", rr), "<= 1.40x", verdict(rr <= 1.4))
		for (i = 1; i <= n; i++) rat[i] = ut[i] / uf[i]
		row("session, " hist ": track-usage's share", ms(median(ut, n)),
		    "append floor " ms(median(uf, n)), sprintf("%.2fx", r2(median(rat, n))), "", "")
		for (i = 1; i <= n; i++) rat[i] = mt[i] / mf[i]
		row("session, " hist ": perf-metrics' share", ms(median(mt, n)),
		    "append floor " ms(median(mf, n)), sprintf("%.2fx", r2(median(rat, n))), "", "")
	}

	# ---- reports, rebuild ----
	for (k = 1; k <= 2; k++) {
		t = tl[k]
		lim(t " --report, year", t ":report:year", 100)
		lim(t " --report, year + " size[t ":tail-lines"] " lines past the checkpoint",
		    t ":report:year-tail", 100)
		lim(t " --report --days " days ", year", t ":report-days:year", 1000)
		if (t == "track-usage") {
			lim("track-usage --statusline, year", "track-usage:statusline:year", 10)
			lim("track-usage --statusline, year + " size[t ":tail-lines"] " lines",
			    "track-usage:statusline:year-tail", "")
		}
		lim(t " --rebuild, " events " events", t ":rebuild", 10000)
	}

	# ---- sizes and memory ----
	s = size["track-usage:summary-bytes"]
	row("usage-summary.json after the year", kib(s), "", "", "< 64 KiB", verdict(s < 65536))
	row("performance-metrics.json after the year", kib(size["perf-metrics:summary-bytes"]), "", "", "", "")
	peak = 0; pname = ""
	for (c in rss)
		if (c ~ /^(track-usage|perf-metrics):/ && c !~ /floor|report|rebuild|statusline/ && rss[c] > peak) {
			peak = rss[c]; pname = c
		}
	if (sessionrss > peak) { peak = sessionrss; pname = "session replay" }
	row("peak RSS of a hook event (" pname ")", sprintf("%.1f MiB", peak / 1024), "", "",
	    "< 8 MiB", verdict(peak > 0 && peak < 8192))

	# ---- the original hooks ----
	original("Node.js", "original:node", "track-usage", 125, "~125 ms")
	original("Python", "original:python", "perf-metrics", 1100, "~1.1 s")
	if ("node-start" in med)
		cmp("node -e 0 (start-up only)", "node-start", "do-nothing", "nothing", "")
	if ("python-start" in med)
		cmp("python3 -c pass (start-up only)", "python-start", "do-nothing", "nothing", "")

	# ---- instructions ----
	if ("nothing" in ins)
		row("instructions, do-nothing", sprintf("%.3f M", ins["nothing"] / 1e6), "", "", "", "")
	for (k = 1; k <= 2; k++) {
		t = tl[k]
		split("floor command_start checkpoint-floor task_start", what, " ")
		for (i = 1; i <= 4; i++) {
			c = t ":" what[i] ":year"
			b = i == 1 || i == 3 ? "nothing" : t ":" what[i - 1] ":year"
			bn = i == 1 || i == 3 ? "do-nothing" : i == 2 ? afloor[t] : "checkpoint floor"
			if (!(c in ins) || !(b in ins))
				continue
			name = what[i] == "floor" ? afloor[t] : what[i] == "checkpoint-floor" ? "checkpoint floor" : what[i]
			row("instructions, " t " " name ", year", sprintf("%.3f M", ins[c] / 1e6),
			    bn " " sprintf("%.3f M", ins[b] / 1e6), sprintf("%.1fx", ins[c] / ins[b]), "", "")
		}
	}

	if (md) {
		print "| figure | value | floor | ratio | target | met |"
		print "|---|---:|---|---:|---|---|"
		for (i = 1; i <= nrows; i++)
			printf "| %s | %s | %s | %s | %s | %s |\n", F[i], V[i], B[i], R[i], T[i], M[i]
	} else {
		w1 = 6; w2 = 5; w3 = 5; w4 = 5; w5 = 6
		for (i = 1; i <= nrows; i++) {
			if (length(F[i]) > w1) w1 = length(F[i])
			if (length(V[i]) > w2) w2 = length(V[i])
			if (length(B[i]) > w3) w3 = length(B[i])
			if (length(R[i]) > w4) w4 = length(R[i])
			if (length(T[i]) > w5) w5 = length(T[i])
		}
		fmt = "%-" w1 "s  %" w2 "s  %-" w3 "s  %" w4 "s  %-" w5 "s  %s\n"
		printf fmt, "figure", "value", "floor", "ratio", "target", "met"
		for (i = 1; i <= nrows; i++)
			printf fmt, F[i], V[i], B[i], R[i], T[i], M[i]
	}
}
