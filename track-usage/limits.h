/*
 * limits: the plan windows of a subscription (docs/design.md §5d): how
 * much of each is used, when it resets, and the pace.
 *
 * The agents hand the figures over; nothing is fetched.  Codex writes
 * them into its rollout (token_count lines' payload.rate_limits), Claude
 * Code passes them to its status line command.  Either becomes one
 * "limits" log record (docs/data-format.md#limits), a record and not an
 * event, like "tokens":
 *	rec = limits_from_codex(rate_limits, id, timestamp, time_ms);
 *	rec = limits_from_claude(payload, id, timestamp, time_ms);
 * New references, or NULL when the input holds no usable figure (or no
 * memory).  Windows are named by their length: LIMITS_5H, LIMITS_WEEKLY,
 * else "<N>m".  A figure that is not sane is left out, never guessed: a
 * negative or absurd percentage, a reset time before 1970 or more than
 * LIMITS_RESET_MAX_S after the record, a cost over LIMITS_COST_MAX or a
 * line count over LIMITS_LINES_MAX.  apply checks a logged record again
 * with the same functions (the log is input like any other).
 *
 * Readers see a summary's window as it stands at now_ms:
 *	limits_read(window, now_ms, &v);
 *	at = limits_reach(&v, percent, now_ms);
 * (a window whose reset time has passed reads as reset, 0% used).
 * Nothing here touches a file.
 */
#ifndef TRACK_USAGE_LIMITS_H
#define TRACK_USAGE_LIMITS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define LIMITS_5H "5h"
#define LIMITS_WEEKLY "weekly"
#define LIMITS_NAME_LEN 24
#define LIMITS_PERCENT_MAX 1000.0 /* above: not a percentage */
#define LIMITS_RESET_MAX_S (400LL * 24 * 60 * 60)
#define LIMITS_RESET_LAST_S 253402300799LL /* 9999-12-31T23:59:59Z */
#define LIMITS_COST_MAX 1e6                /* USD a session reports */
#define LIMITS_LINES_MAX 1000000000LL      /* lines a session reports */
#define LIMITS_HOUR_MS (60LL * 60 * 1000)

/* 1 and *out when v is a sane percentage (0 to LIMITS_PERCENT_MAX). */
int limits_percent(const json_t *v, double *out);

void limits_window_name(json_int_t minutes, char name[LIMITS_NAME_LEN]);

/*
 * A sane reset time of v, epoch seconds or an RFC 3339 string, for a
 * record at time_ms: after 1970 and at most LIMITS_RESET_MAX_S after the
 * record.  In epoch seconds, or 0.
 */
json_int_t limits_reset_time(const json_t *v, int64_t time_ms);

/*
 * The known and sane figures of a record's "reported", a new object (NULL:
 * no memory): cost_usd (a real, 0 to LIMITS_COST_MAX), lines_added and
 * lines_removed (integers, 0 to LIMITS_LINES_MAX), context_percent (a
 * real, a percentage).  Anything else is left out.
 */
json_t *limits_reported_new(const json_t *reported);

json_t *limits_from_codex(const json_t *rate_limits, const char *id,
                          const char *timestamp, int64_t time_ms);

json_t *limits_from_claude(const json_t *payload, const char *id,
                           const char *timestamp, int64_t time_ms);

/*
 * 1 when record (limits_from_claude's) says anything the summary does not
 * hold yet: a window's percentage or reset time, or one of the session's
 * reported figures.  Reset times that moved by a minute or less are the
 * same (Claude Code's drift by seconds between calls).
 */
int limits_changed(const json_t *summary, const json_t *record);

/*
 * Each window of the summary's "limits", agents and windows in byte order
 * (so that output never depends on hash order): fn(arg, agent, window
 * name, window) until it returns -1.  The number of windows, or -1.
 */
int limits_each(const json_t *summary,
                int (*fn)(void *arg, const char *agent, const char *name,
                          const json_t *window),
                void *arg);

/*
 * A summary window's reset time in ms; 0 when not known (absent, or not
 * between 1970 and LIMITS_RESET_LAST_S).
 */
int64_t limits_resets_ms(const json_t *window);

/* One window of the summary, read at a time. */
struct limits_view {
	double used;        /* percent; 0 after a reset */
	int64_t resets_ms;  /* 0: not known */
	int64_t updated_ms; /* the reading's time; now_ms when not known */
	int reset;          /* 1: resets_ms has passed */
	int has_burn;       /* 0: not enough records in the last hour */
	double burn;        /* percent per hour, never negative */
	int64_t full_ms; /* limits_reach(v, 100, now_ms) below 100%; else 0 */
};

void limits_read(const json_t *window, int64_t now_ms, struct limits_view *v);

/*
 * When the window reaches percent at this pace, counted from the reading
 * (not from now_ms) and kept at or after now_ms: in ms, or 0 when it is
 * above percent already, the pace is not known or nil, the time is
 * further than anyone waits, or the reset comes first.  Exactly at
 * percent with a rise: now_ms.
 */
int64_t limits_reach(const struct limits_view *v, double percent,
                     int64_t now_ms);

/*
 * A time as the report says it, local: "15:40" today, "Thu 09:00" within
 * a week, else "2026-12-24 09:00".  Returns buf.
 */
const char *limits_when(int64_t at_ms, int64_t now_ms, char *buf, size_t len);

/* A span: "45 min", "1 h 20 min", "3 d 4 h".  Returns buf. */
const char *limits_span(int64_t ms, char *buf, size_t len);

#endif
