/*
 * timeutil: the project's notion of time.
 *
 * Instants are int64_t milliseconds since the Unix epoch, stored as
 * "YYYY-MM-DDTHH:MM:SS.mmmZ" (fraction truncated, never rounded).  The day
 * and hour an event belongs to are local (TZ honoured).  Nothing here
 * allocates; everything but the clocks and TZ is pure.
 */
#ifndef COMMON_TIMEUTIL_H
#define COMMON_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_UTC_LEN 25  /* "2026-11-25T03:28:08.123Z" plus NUL */
#define TIME_DATE_LEN 11 /* "2026-11-25" plus NUL */
#define TIME_WEEK_LEN 9  /* "2026-W47" plus NUL */

int64_t time_now_ms(void);

/* A clock for deadlines: never stepped, unlike the time of day. */
int64_t time_monotonic_ms(void);

/*
 * RFC 3339: "YYYY-MM-DDTHH:MM:SS[.f{0,9}](Z|±HH:MM)" ('t', 'z' and ' ' for
 * 'T' accepted).  0 and *ms, or -1: out-of-range fields, trailing bytes,
 * years before 1970 or after 9999.
 */
int time_parse_rfc3339(const char *s, int64_t *ms);

/* The storage form of ms into buf (TIME_UTC_LEN bytes). */
void time_format_utc(int64_t ms, char *buf);

/* The local date "YYYY-MM-DD" of ms into buf (TIME_DATE_LEN bytes). */
void time_local_date(int64_t ms, char *buf);

int time_local_hour(int64_t ms);

/* The local midnight that starts date "YYYY-MM-DD", in ms. */
int64_t time_local_midnight(const char *date);

/*
 * The local "YYYY-MM-DD HH:MM" (" ZONE" after it with zone) of the stored
 * timestamp ts (NULL allowed) into buf; "-" when ts is none.  Returns buf.
 */
const char *time_local_minute(const char *ts, int zone, char *buf, size_t len);

/* 1 when s is exactly a valid "YYYY-MM-DD" date, else 0. */
int time_date_valid(const char *s);

/*
 * The date n days after (n < 0: before) the valid date in, into out
 * (TIME_DATE_LEN bytes; "" when in is not valid).  No time zone involved.
 */
void time_date_add(const char *in, int n, char *out);

/*
 * The ISO 8601 week "YYYY-Www" of the valid date in, into out
 * (TIME_WEEK_LEN bytes; "" when in is not valid): weeks start on Monday,
 * week 1 holds the year's first Thursday (2026-12-31 is in 2026-W53).
 */
void time_date_week(const char *in, char *out);

#endif
