/*
 * timeutil: RFC 3339 parsing, the storage form, local dates and hours under
 * several TZ settings (POSIX TZ strings, so no zone files are needed), and
 * calendar arithmetic.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "suite.h"
#include "timeutil.h"

#define T_2026_11_25 1795577288000LL /* 2026-11-25T03:28:08Z */

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static const struct {
	const char *text;
	int64_t ms;
} valid_times[] = {
    {"1970-01-01T00:00:00Z", 0},
    {"2000-01-01T00:00:00Z", 946684800000LL},
    {"2026-11-25T03:28:08Z", T_2026_11_25},
    {"2026-11-25T03:28:08.1Z", T_2026_11_25 + 100},
    {"2026-11-25T03:28:08.12Z", T_2026_11_25 + 120},
    {"2026-11-25T03:28:08.123Z", T_2026_11_25 + 123},
    {"2026-11-25T03:28:08.123456Z", T_2026_11_25 + 123},
    {"2026-11-25T03:28:08.123456789Z", T_2026_11_25 + 123},
    {"2026-11-25T03:28:08.999999999Z", T_2026_11_25 + 999}, /* truncated */
    {"2026-11-25T03:28:08.000Z", T_2026_11_25},
    {"2026-11-25T04:28:08+01:00", T_2026_11_25},
    {"2026-11-24T22:58:08.5-04:30", T_2026_11_25 + 500},
    {"2026-11-25T03:28:08+00:00", T_2026_11_25},
    {"2026-11-25T03:28:08-00:00", T_2026_11_25},
    {"2026-11-25T17:28:08.123+14:00", T_2026_11_25 + 123},
    {"2026-11-25t03:28:08z", T_2026_11_25},
    {"2026-11-25 03:28:08Z", T_2026_11_25},
    {"2024-02-29T12:00:00Z", 1709208000000LL},
    {"2016-12-31T23:59:60Z", 1483228800000LL}, /* leap second */
    {"1970-01-01T01:00:00+01:00", 0},
    {"9999-12-31T23:59:59.999Z", 253402300799999LL},
};

static const char *const invalid_times[] = {
    "",
    "2026-11-25",
    "2026-11-25T03:28:08",
    "2026-11-25T03:28Z",
    "2026-11-25T03:28:08.Z",
    "2026-11-25T03:28:08.1234567890Z",
    "2026-13-01T00:00:00Z",
    "2026-00-01T00:00:00Z",
    "2026-11-00T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-11-25T24:00:00Z",
    "2026-11-25T03:60:00Z",
    "2026-11-25T03:28:61Z",
    "2026-11-25T03:28:08+01:60",
    "2026-11-25T03:28:08+24:00",
    "2026-11-25T03:28:08+0100",
    "2026-11-25T03:28:08+01",
    "2026-11-25T03:28:08Z ",
    " 2026-11-25T03:28:08Z",
    "2026-11-25T03:28:08ZZ",
    "2026-11-25X03:28:08Z",
    "2026-1-25T03:28:08Z",
    "2026-11-25T3:28:08Z",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "10000-01-01T00:00:00Z",
    "yesterday",
    "1764041288",
};

START_TEST(test_parse_valid)
{
	int64_t ms = -1;

	ck_assert_msg(time_parse_rfc3339(valid_times[_i].text, &ms) == 0,
	              "rejected %s", valid_times[_i].text);
	ck_assert_msg(ms == valid_times[_i].ms, "%s: %lld",
	              valid_times[_i].text, (long long)ms);
}
END_TEST

START_TEST(test_parse_invalid)
{
	int64_t ms = 42;

	ck_assert_msg(time_parse_rfc3339(invalid_times[_i], &ms) == -1,
	              "accepted '%s'", invalid_times[_i]);
	ck_assert_int_eq(ms, 42);
}
END_TEST

START_TEST(test_parse_null)
{
	int64_t ms;

	ck_assert_int_eq(time_parse_rfc3339(NULL, &ms), -1);
}
END_TEST

static const struct {
	int64_t ms;
	const char *text;
} formats[] = {
    {0, "1970-01-01T00:00:00.000Z"},
    {T_2026_11_25, "2026-11-25T03:28:08.000Z"},
    {T_2026_11_25 + 7, "2026-11-25T03:28:08.007Z"},
    {T_2026_11_25 + 999, "2026-11-25T03:28:08.999Z"},
    {1709208000000LL, "2024-02-29T12:00:00.000Z"},
    {253402300799999LL, "9999-12-31T23:59:59.999Z"},
    {-1, "1970-01-01T00:00:00.000Z"},                /* clamped */
    {253402300800000LL, "9999-12-31T23:59:59.999Z"}, /* clamped */
};

START_TEST(test_format_utc)
{
	char buf[TIME_UTC_LEN];

	memset(buf, 'x', sizeof(buf));
	time_format_utc(formats[_i].ms, buf);
	ck_assert_str_eq(buf, formats[_i].text);
	ck_assert_uint_eq(strlen(buf), TIME_UTC_LEN - 1);
}
END_TEST

/* Whatever parses, formats to the same instant at millisecond precision. */
START_TEST(test_format_round_trip)
{
	char buf[TIME_UTC_LEN];
	int64_t ms, again;

	ck_assert_int_eq(time_parse_rfc3339(valid_times[_i].text, &ms), 0);
	time_format_utc(ms, buf);
	ck_assert_int_eq(time_parse_rfc3339(buf, &again), 0);
	ck_assert_int_eq(again, ms);
}
END_TEST

static const struct {
	const char *tz;
	int64_t ms;
	const char *date;
	int hour;
} locals[] = {
    {"UTC0", T_2026_11_25, "2026-11-25", 3},
    {"EST5", T_2026_11_25, "2026-11-24", 22},
    {"JST-9", T_2026_11_25, "2026-11-25", 12},
    {"IST-5:30", T_2026_11_25, "2026-11-25", 8},
    {"NZST-12NZDT,M9.5.0,M4.1.0/3", T_2026_11_25, "2026-11-25", 16},
    /* 2026-07-01T03:00:00Z: summer time, UTC-4 */
    {"EST5EDT,M3.2.0,M11.1.0", 1782874800000LL, "2026-06-30", 23},
    /* 2026-12-31T23:30:00Z: still last year in the west, new year east */
    {"EST5", 1798759800000LL, "2026-12-31", 18},
    {"CET-1", 1798759800000LL, "2027-01-01", 0},
};

START_TEST(test_local_date)
{
	char buf[TIME_DATE_LEN];

	set_tz(locals[_i].tz);
	time_local_date(locals[_i].ms, buf);
	ck_assert_str_eq(buf, locals[_i].date);
}
END_TEST

/* The midnight of the local date of ms: the first ms of that date. */
START_TEST(test_local_midnight)
{
	char buf[TIME_DATE_LEN];
	int64_t m;

	set_tz(locals[_i].tz);
	m = time_local_midnight(locals[_i].date);
	ck_assert_int_le(m, locals[_i].ms);
	time_local_date(m, buf);
	ck_assert_str_eq(buf, locals[_i].date);
	time_local_date(m - 1, buf);
	ck_assert_str_ne(buf, locals[_i].date);
}
END_TEST

START_TEST(test_local_hour)
{
	set_tz(locals[_i].tz);
	ck_assert_int_eq(time_local_hour(locals[_i].ms), locals[_i].hour);
}
END_TEST

/* Every hour of a UTC day, one by one. */
START_TEST(test_local_hour_utc_day)
{
	int h;
	int64_t day = 946684800000LL; /* 2000-01-01T00:00:00Z */

	set_tz("UTC0");
	for (h = 0; h < 24; h++) {
		ck_assert_int_eq(time_local_hour(day + h * 3600000LL), h);
		ck_assert_int_eq(time_local_hour(day + h * 3600000LL + 3599999),
		                 h);
	}
}
END_TEST

static const struct {
	const char *text;
	int valid;
} dates[] = {
    {"2026-11-25", 1}, {"2024-02-29", 1},
    {"2000-02-29", 1}, {"1970-01-01", 1},
    {"9999-12-31", 1}, {"2026-01-31", 1},
    {"2026-02-29", 0}, {"1900-02-29", 0},
    {"2026-11-31", 0}, {"2026-00-10", 0},
    {"2026-13-10", 0}, {"2026-11-00", 0},
    {"2026-1-05", 0},  {"2026-11-25x", 0},
    {"2026/11/25", 0}, {"20261125", 0},
    {"", 0},           {"2026-11-2", 0},
    {"../../etc", 0},  {"2026-11-25T00:00:00Z", 0},
};

START_TEST(test_date_valid)
{
	ck_assert_msg(time_date_valid(dates[_i].text) == dates[_i].valid, "%s",
	              dates[_i].text);
}
END_TEST

START_TEST(test_date_valid_null)
{
	ck_assert_int_eq(time_date_valid(NULL), 0);
}
END_TEST

static const struct {
	const char *in;
	int n;
	const char *out;
} adds[] = {
    {"2026-11-25", 0, "2026-11-25"},
    {"2026-11-25", 1, "2026-11-26"},
    {"2026-11-30", 1, "2026-12-01"},
    {"2026-12-31", 1, "2027-01-01"},
    {"2027-01-01", -1, "2026-12-31"},
    {"2024-02-28", 1, "2024-02-29"},
    {"2024-03-01", -1, "2024-02-29"},
    {"2026-03-01", -1, "2026-02-28"},
    {"2026-11-25", -365, "2025-11-25"},
    {"2000-01-01", 36525, "2100-01-01"},
    {"1970-01-01", -1, "1969-12-31"},
    {"9999-12-31", 1, "9999-12-31"},  /* clamped */
    {"0000-01-01", -1, "0000-01-01"}, /* clamped */
    {"2026-02-30", 1, ""},            /* invalid in */
};

START_TEST(test_date_add)
{
	char out[TIME_DATE_LEN];

	time_date_add(adds[_i].in, adds[_i].n, out);
	ck_assert_msg(strcmp(out, adds[_i].out) == 0, "%s %+d: %s", adds[_i].in,
	              adds[_i].n, out);
}
END_TEST

static const struct {
	const char *in, *out;
} weeks[] = {
    {"2026-11-25", "2026-W48"},
    {"2026-12-31", "2026-W53"}, /* a Thursday: 2026 has 53 weeks */
    {"2027-01-01", "2026-W53"}, /* Friday of the same week */
    {"2027-01-03", "2026-W53"}, /* Sunday */
    {"2027-01-04", "2027-W01"}, /* Monday */
    {"2024-12-30", "2025-W01"}, /* Monday of a week whose Thursday is in 2025 */
    {"2021-01-03", "2020-W53"},
    {"2020-01-01", "2020-W01"},
    {"1970-01-01", "1970-W01"},
    {"2026-02-30", ""},
};

START_TEST(test_date_week)
{
	char out[TIME_WEEK_LEN];

	time_date_week(weeks[_i].in, out);
	ck_assert_msg(strcmp(out, weeks[_i].out) == 0, "%s: %s", weeks[_i].in,
	              out);
}
END_TEST

START_TEST(test_now_ms)
{
	/*
	 * time() reads a coarse clock that can be a second ahead of
	 * CLOCK_REALTIME just after a tick: allow a second either side.
	 */
	int64_t before = ((int64_t)time(NULL) - 1) * 1000;
	int64_t now = time_now_ms();
	int64_t after = ((int64_t)time(NULL) + 1) * 1000;

	ck_assert(now >= before && now <= after);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *timeutil_suite(void)
{
	Suite *s = suite_create("timeutil");

	UNIT_LOOP_CASE(s, "time_parse_rfc3339", NULL, NULL,
	               {test_parse_valid, N(valid_times)},
	               {test_parse_invalid, N(invalid_times)},
	               {test_parse_null, 1});
	UNIT_LOOP_CASE(s, "time_format_utc", NULL, NULL,
	               {test_format_utc, N(formats)},
	               {test_format_round_trip, N(valid_times)});
	UNIT_LOOP_CASE(s, "time_local_date", NULL, NULL,
	               {test_local_date, N(locals)},
	               {test_local_midnight, N(locals)});
	UNIT_LOOP_CASE(s, "time_local_hour", NULL, NULL,
	               {test_local_hour, N(locals)},
	               {test_local_hour_utc_day, 1});
	UNIT_LOOP_CASE(s, "time_date_valid", NULL, NULL,
	               {test_date_valid, N(dates)}, {test_date_valid_null, 1});
	UNIT_LOOP_CASE(s, "time_date_add", NULL, NULL,
	               {test_date_add, N(adds)});
	UNIT_LOOP_CASE(s, "time_date_week", NULL, NULL,
	               {test_date_week, N(weeks)});
	UNIT_CASE(s, "time_now_ms", NULL, NULL, test_now_ms);
	return s;
}
