/*
 * Rules of this file:
 * - Short: numbers compact (12.3k, 1.2M), durations in the largest unit
 *   that keeps them short (45s, 12m, 1.5h).
 * - Read only: a member missing or mistyped reads 0.
 * - Unicode separators and colour only as the report options allow.
 */
#include "statusline.h"

#include <string.h>
#include <time.h>

#include "json_util.h"
#include "timeutil.h"

#define DIM "\033[2m"
#define RESET "\033[0m"

/* 950, 12.3k, 1.2M */
static const char *compact(json_int_t n, char *buf, size_t len)
{
	if (n < 1000)
		snprintf(buf, len, "%lld", (long long)n);
	else if (n < 999950)
		snprintf(buf, len, "%.1fk", (double)n / 1e3);
	else if (n < 999950000)
		snprintf(buf, len, "%.1fM", (double)n / 1e6);
	else
		snprintf(buf, len, "%.1fG", (double)n / 1e9);
	return buf;
}

/* 45s, 12m, 1.5h */
static const char *duration(int64_t ms, char *buf, size_t len)
{
	if (ms < 0)
		ms = 0;
	if (ms < 60000)
		snprintf(buf, len, "%llds", (long long)(ms / 1000));
	else if (ms < 3600000)
		snprintf(buf, len, "%lldm", (long long)(ms / 60000));
	else
		snprintf(buf, len, "%.1fh", (double)ms / 3600000.0);
	return buf;
}

/* Local midnight at the start of the day of ms. */
static int64_t midnight(int64_t ms)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	if (localtime_r(&secs, &tm) == NULL)
		return ms;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/*
 * Time so far of an open session entry, from its start or from since if
 * later; 0 when its start is unusable.
 */
static int64_t open_for(const json_t *entry, int64_t since, int64_t now)
{
	int64_t start;
	const char *ts =
	    json_string_value(json_object_get(entry, "start_time"));

	if (ts == NULL || time_parse_rfc3339(ts, &start) == -1 || start > now)
		return 0;
	return now - (start > since ? start : since);
}

int usage_statusline_session_date(const json_t *summary, const char *id,
                                  char date[11])
{
	const json_t *open = json_object_get(summary, "open_sessions");
	const json_t *s = id != NULL ? json_object_get(open, id) : NULL;
	const char *ts = json_string_value(json_object_get(s, "start_time"));
	int64_t start;

	if (ts == NULL || time_parse_rfc3339(ts, &start) == -1)
		return -1;
	time_local_date(start, date);
	return 0;
}

int usage_statusline(FILE *out, const struct statusline_input *in,
                     const struct report_options *opts)
{
	const json_t *open = json_object_get(in->summary, "open_sessions");
	const json_t *day = json_object_get(in->today, "summary");
	const json_t *s = NULL, *entry = NULL, *v;
	const char *sep = opts->utf8 ? " · " : ", ";
	const char *bar = opts->utf8 ? " │ " : " | ";
	const char *dim = opts->color ? DIM : "",
	           *reset = opts->color ? RESET : "";
	char a[32], b[32], c[32], d[32];
	int64_t active = integer(day, "total_duration");
	int64_t since = midnight(in->now_ms);
	const char *id;
	int n;

	if (in->summary == NULL) {
		n = fprintf(out, "no usage data yet\n");
		return n < 0 ? -1 : 0;
	}
	if (in->session_id != NULL) {
		s = json_object_get(open, in->session_id);
		entry = json_object_get(
		    json_object_get(in->session_day, "sessions"),
		    in->session_id);
	}
	if (s != NULL &&
	    fprintf(out, "%ssession%s %s%s%lld cmds%s%s tok%s", dim, reset,
	            duration(open_for(s, 0, in->now_ms), a, sizeof(a)), sep,
	            (long long)integer(entry, "commands"), sep,
	            compact(integer(json_object_get(entry, "tokens"), "total"),
	                    b, sizeof(b)),
	            bar) < 0)
		return -1;
	/* Active time: today's completed sessions, and today's part of those
	 * open now. */
	json_object_foreach((json_t *)open, id, v) active +=
	    open_for(v, since, in->now_ms);
	n = fprintf(out, "%stoday%s %lld session%s%s%lld cmds%s%s tok%s%s\n",
	            dim, reset, (long long)integer(day, "total_sessions"),
	            integer(day, "total_sessions") == 1 ? "" : "s", sep,
	            (long long)integer(day, "total_commands"), sep,
	            compact(integer(json_object_get(day, "tokens"), "total"), c,
	                    sizeof(c)),
	            sep, duration(active, d, sizeof(d)));
	return n < 0 ? -1 : 0;
}
