/*
 * Rules of this file:
 * - UTC arithmetic is the days-from-civil algorithm (proleptic Gregorian),
 *   never mktime() with a TZ trick: exact, pure, TZ left alone.
 * - Only the local date and hour use localtime_r, so TZ and the system's
 *   zone rules are honoured as by every other program.
 * - Instants are clamped to the years 1970-9999, so TIME_UTC_LEN and
 *   TIME_DATE_LEN buffers always suffice.
 * - A leap second (":60") counts as the next minute's first, as in POSIX.
 */
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MS_PER_DAY 86400000LL
#define MAX_MS (2932897LL * MS_PER_DAY - 1) /* 9999-12-31T23:59:59.999Z */

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Exactly n decimal digits at s into *out; 0, or -1 when one is not a digit. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* v as exactly width decimal digits (v < 10^width); returns the end. */
static char *put_digits(char *p, int64_t v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

static char *put_date(char *p, int y, int m, int d)
{
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	return put_digits(p, d, 2);
}

static int64_t clamp_ms(int64_t ms)
{
	if (ms < 0)
		return 0;
	return ms > MAX_MS ? MAX_MS : ms;
}

int64_t time_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return (int64_t)time(NULL) * 1000;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int time_parse_rfc3339(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, frac = 0, n;
	int64_t secs, total;
	const char *p;

	if (s == NULL || digits(s, 4, &y) == -1 || s[4] != '-' ||
	    digits(s + 5, 2, &mo) == -1 || s[7] != '-' ||
	    digits(s + 8, 2, &d) == -1 ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) == -1 || s[13] != ':' ||
	    digits(s + 14, 2, &mi) == -1 || s[16] != ':' ||
	    digits(s + 17, 2, &sec) == -1)
		return -1;
	p = s + 19;
	if (*p == '.') {
		/* 1-9 digits; only milliseconds are kept, truncated. */
		for (n = 0, p++; *p >= '0' && *p <= '9'; n++, p++) {
			if (n < 3)
				frac = frac * 10 + (*p - '0');
		}
		if (n == 0 || n > 9)
			return -1;
		for (; n < 3; n++)
			frac *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		if (digits(p + 1, 2, &oh) == -1 || p[3] != ':' ||
		    digits(p + 4, 2, &om) == -1 || oh > 23 || om > 59)
			return -1;
		if (*p == '-') {
			oh = -oh;
			om = -om;
		}
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > month_days(y, mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	       (oh * 3600 + om * 60);
	total = secs * 1000 + frac;
	if (total < 0 || total > MAX_MS)
		return -1;
	*ms = total;
	return 0;
}

void time_format_utc(int64_t ms, char *buf)
{
	int64_t days, rest;
	int y, m, d;
	char *p;

	ms = clamp_ms(ms);
	days = ms / MS_PER_DAY;
	rest = ms % MS_PER_DAY;
	civil_from_days(days, &y, &m, &d);
	p = put_date(buf, y, m, d);
	*p++ = 'T';
	p = put_digits(p, rest / 3600000, 2);
	*p++ = ':';
	p = put_digits(p, rest / 60000 % 60, 2);
	*p++ = ':';
	p = put_digits(p, rest / 1000 % 60, 2);
	*p++ = '.';
	p = put_digits(p, rest % 1000, 3);
	*p++ = 'Z';
	*p = '\0';
}

/* Broken-down local time of ms; UTC when the C library cannot say. */
static void local_tm(int64_t ms, struct tm *tm)
{
	time_t secs = (time_t)(clamp_ms(ms) / 1000);
	int y, m, d;

	if (localtime_r(&secs, tm) != NULL && tm->tm_year + 1900 >= 0 &&
	    tm->tm_year + 1900 <= 9999)
		return;
	civil_from_days(secs / 86400, &y, &m, &d);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = (int)(secs % 86400 / 3600);
}

void time_local_date(int64_t ms, char *buf)
{
	struct tm tm;

	local_tm(ms, &tm);
	*put_date(buf, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) = '\0';
}

int64_t time_local_midnight(const char *date)
{
	struct tm tm = {0};

	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

int time_local_hour(int64_t ms)
{
	struct tm tm;

	local_tm(ms, &tm);
	return tm.tm_hour;
}

const char *time_local_minute(const char *ts, int zone, char *buf, size_t len)
{
	int64_t ms;
	time_t secs;
	struct tm tm;

	if (ts != NULL && time_parse_rfc3339(ts, &ms) == 0) {
		secs = (time_t)(ms / 1000);
		if (localtime_r(&secs, &tm) != NULL &&
		    strftime(buf, len,
		             zone ? "%Y-%m-%d %H:%M %Z" : "%Y-%m-%d %H:%M",
		             &tm) > 0)
			return buf;
	}
	snprintf(buf, len, "-");
	return buf;
}

/* Any four-digit year: a date is a calendar date, not an instant. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || digits(s, 4, y) == -1 || s[4] != '-' ||
	    digits(s + 5, 2, m) == -1 || s[7] != '-' ||
	    digits(s + 8, 2, d) == -1 || s[10] != '\0')
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

int time_date_valid(const char *s)
{
	int y, m, d;

	return parse_date(s, &y, &m, &d) == 0;
}

/* Results beyond 0000-01-01 and 9999-12-31 are clamped to them. */
void time_date_add(const char *in, int n, char *out)
{
	static const int64_t first = -719528; /* 0000-01-01 */
	static const int64_t last = 2932896;  /* 9999-12-31 */
	int64_t days;
	int y, m, d;

	if (parse_date(in, &y, &m, &d) == -1) {
		out[0] = '\0';
		return;
	}
	days = days_from_civil(y, m, d) + n;
	if (days < first)
		days = first;
	if (days > last)
		days = last;
	civil_from_days(days, &y, &m, &d);
	*put_date(out, y, m, d) = '\0';
}

void time_date_week(const char *in, char *out)
{
	int64_t days, thursday;
	int y, m, d, wday, week;

	if (parse_date(in, &y, &m, &d) == -1) {
		out[0] = '\0';
		return;
	}
	days = days_from_civil(y, m, d);
	/* 1970-01-01 was a Thursday: Monday = 0 ... Sunday = 6. */
	wday = (int)(((days + 3) % 7 + 7) % 7);
	/* The week belongs to the year of its Thursday. */
	thursday = days - wday + 3;
	civil_from_days(thursday, &y, &m, &d);
	week = (int)((thursday - days_from_civil(y, 1, 1)) / 7) + 1;
	/* y is 0-9999 and week 1-53: the bounds only tell the compiler. */
	snprintf(out, TIME_WEEK_LEN, "%04u-W%02u", (unsigned)y % 10000u,
	         (unsigned)week % 100u);
}
