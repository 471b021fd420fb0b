/*
 * timeutil: the project's notion of time.
 *
 * Instants are int64_t milliseconds since the Unix epoch (UTC).  They are
 * stored as "YYYY-MM-DDTHH:MM:SS.mmmZ" (fraction truncated, never rounded).
 * The day and hour an event belongs to are local (TZ is honoured), computed
 * with localtime_r.  All functions are pure apart from time_now_ms() and the
 * process's TZ setting; none allocates.
 */
#ifndef COMMON_TIMEUTIL_H
#define COMMON_TIMEUTIL_H

#include <stdint.h>

#define TIME_UTC_LEN 25  /* "2026-11-25T03:28:08.123Z" plus NUL */
#define TIME_DATE_LEN 11 /* "2026-11-25" plus NUL */

int64_t time_now_ms(void);

/*
 * Parse RFC 3339: "YYYY-MM-DDTHH:MM:SS[.f{0,9}](Z|±HH:MM)" ('t', 'z' and a
 * space for 'T' accepted).  Returns 0 and sets *ms, or -1 when s is not a
 * valid timestamp (out-of-range fields, trailing bytes, years before 1970 or
 * after 9999).
 */
int time_parse_rfc3339(const char *s, int64_t *ms);

/* Write the storage form of ms into buf (TIME_UTC_LEN bytes). */
void time_format_utc(int64_t ms, char *buf);

/* Local calendar date "YYYY-MM-DD" of ms into buf (TIME_DATE_LEN bytes). */
void time_local_date(int64_t ms, char *buf);

/* Local hour of day, 0-23. */
int time_local_hour(int64_t ms);

/* 1 when s is exactly a valid "YYYY-MM-DD" date, else 0. */
int time_date_valid(const char *s);

/*
 * The date n days after (n < 0: before) the valid date in, into out
 * (TIME_DATE_LEN bytes).  Calendar arithmetic, no time zone involved.
 */
void time_date_add(const char *in, int n, char *out);

#define TIME_WEEK_LEN 9 /* "2026-W47" plus NUL */

/*
 * The ISO 8601 week "YYYY-Www" of the valid date in, into out
 * (TIME_WEEK_LEN bytes): weeks start on Monday, and week 1 is the one
 * holding the year's first Thursday, so 2026-12-31 is in 2026-W53 and
 * 2027-01-04 in 2027-W01.  "" when in is not a valid date.
 */
void time_date_week(const char *in, char *out);

#endif
