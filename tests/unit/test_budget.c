/* track-usage --check (docs/design.md §5d): budgets, periods, the line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget.h"
#include "suite.h"
#include "timeutil.h"

static int64_t ms(const char *ts)
{
	int64_t v;

	ck_assert_int_eq(time_parse_rfc3339(ts, &v), 0);
	return v;
}

/* ---- budget_parse ---- */

static const struct {
	const char *spec;
	int ok;
	enum budget_what what;
	enum budget_period period;
	double limit;
} specs[] = {
    {"tokens/day=2M", 1, BUDGET_TOKENS, BUDGET_DAY, 2e6},
    {"tokens/week=500k", 1, BUDGET_TOKENS, BUDGET_WEEK, 5e5},
    {"tokens/month=1.5G", 1, BUDGET_TOKENS, BUDGET_MONTH, 1.5e9},
    {"tokens/day=1200", 1, BUDGET_TOKENS, BUDGET_DAY, 1200},
    {"cost/day=$5", 1, BUDGET_COST, BUDGET_DAY, 5},
    {"cost/month=120.50", 1, BUDGET_COST, BUDGET_MONTH, 120.5},
    {"window=90", 1, BUDGET_WINDOW, BUDGET_DAY, 90},
    {"window=85.5%", 1, BUDGET_WINDOW, BUDGET_DAY, 85.5},
    {"window=0", 0, 0, 0, 0},
    {"window=5000", 0, 0, 0, 0},
    {"tokens/day=2X", 0, 0, 0, 0},
    {"tokens/day=2MM", 0, 0, 0, 0},
    {"tokens/day=-1", 0, 0, 0, 0},
    {"tokens/day=", 0, 0, 0, 0},
    {"cost/day=5k", 0, 0, 0, 0},
    {"tokens/year=1", 0, 0, 0, 0},
    {"window", 0, 0, 0, 0},
    {"=90", 0, 0, 0, 0},
};

START_TEST(test_budget_parse)
{
	struct budget b;
	struct error err = {{0}, 0};
	int ret = budget_parse(specs[_i].spec, &b, &err);

	ck_assert_msg((ret == 0) == specs[_i].ok, "%s", specs[_i].spec);
	if (!specs[_i].ok) {
		ck_assert_ptr_nonnull(strstr(err.what, "budget"));
		return;
	}
	ck_assert_int_eq(b.what, specs[_i].what);
	if (b.what != BUDGET_WINDOW)
		ck_assert_int_eq(b.period, specs[_i].period);
	ck_assert_double_eq(b.limit, specs[_i].limit);
}
END_TEST

START_TEST(test_budget_list)
{
	struct budget b[3];
	struct error err = {{0}, 0};
	size_t n = 0;

	ck_assert_int_eq(
	    budget_list(" tokens/day=2M, window=90,,", b, 3, &n, &err), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(b[1].what, BUDGET_WINDOW);
	n = 0;
	ck_assert_int_eq(budget_list("tokens/day=1,tokens/week=1,"
	                             "tokens/month=1,cost/day=1",
	                             b, 3, &n, &err),
	                 -1);
	/* A key given again: the last one wins, in its place. */
	n = 0;
	ck_assert_int_eq(budget_list("window=1,tokens/day=5,window=2,window=3",
	                             b, 2, &n, &err),
	                 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(b[0].what, BUDGET_WINDOW);
	ck_assert_double_eq(b[0].limit, 3);
	ck_assert_double_eq(b[1].limit, 5);
	ck_assert_int_eq(budget_add("tokens/week=1", b, 2, &n, &err), -1);
	ck_assert_int_eq(budget_add("tokens/day=7", b, 2, &n, &err), 0);
	ck_assert_double_eq(b[1].limit, 7);
	n = 0;
	ck_assert_int_eq(budget_list("window=1,nope", b, 3, &n, &err), -1);
}
END_TEST

/* ---- budget_period: local periods ---- */

static const struct {
	enum budget_period period;
	const char *now, *since, *start, *end;
} spans[] = {
    /* Thursday 2026-12-10 in UTC-5. */
    {BUDGET_DAY, "2026-12-10T15:00:00Z", "2026-12-10", "2026-12-10T05:00:00Z",
     "2026-12-11T05:00:00Z"},
    {BUDGET_WEEK, "2026-12-10T15:00:00Z", "2026-12-07", "2026-12-07T05:00:00Z",
     "2026-12-14T05:00:00Z"},
    {BUDGET_MONTH, "2026-12-10T15:00:00Z", "2026-12-01", "2026-12-01T05:00:00Z",
     "2027-01-01T05:00:00Z"},
    /* 03:00Z is still Sunday the 13th locally: the week of the 7th. */
    {BUDGET_WEEK, "2026-12-14T03:00:00Z", "2026-12-07", "2026-12-07T05:00:00Z",
     "2026-12-14T05:00:00Z"},
};

START_TEST(test_budget_period)
{
	char since[11];
	int64_t start, end;

	setenv("TZ", "EST5", 1);
	tzset();
	budget_period(spans[_i].period, ms(spans[_i].now), since, &start, &end);
	ck_assert_str_eq(since, spans[_i].since);
	ck_assert_int_eq(start, ms(spans[_i].start));
	ck_assert_int_eq(end, ms(spans[_i].end));
}
END_TEST

/* ---- budget_check: the line and the status ---- */

/*
 * At 2026-12-07T12:00Z (UTC): half the day gone; codex's 5h window at 60%
 * rising 20%/h, resetting at 15:00; its weekly window at 91% resetting
 * Thursday 09:00; claude's 5h window reset at 10:00.
 */
#define NOW "2026-12-07T12:00:00Z"
#define SUMMARY                                                                \
	"{\"limits\":{\"codex\":{\"5h\":{\"used_percent\":60,\"resets_at\":"   \
	"1796655600,\"updated\":\"2026-12-07T11:50:00.000Z\",\"burn_per_"      \
	"hour\":20},\"weekly\":{\"used_percent\":91,\"resets_at\":1796893200," \
	"\"updated\":\"2026-12-07T11:50:00.000Z\",\"burn_per_hour\":0}},"      \
	"\"claude\":{\"5h\":{\"used_percent\":99,\"resets_at\":1796637600}}}}"
#define TODAY                                                                  \
	"{\"tokens\":{\"total\":1200000},\"tokens_by_model\":{\"gpt-5\":{"     \
	"\"input\":1000000,\"output\":200000,\"total\":1200000}}}"
#define PRICES "{\"gpt-5\":{\"input\":1.25,\"output\":10}}"

static const struct {
	const char *budgets;
	int prices;
	enum budget_status status;
	const char *line;
} checks[] = {
    {"tokens/day=3M", 0, BUDGET_OK,
     "USAGE OK - tokens today 1.2M of 3M | tokens_day=1200000;;3000000;0"},
    {"tokens/day=1.5G", 0, BUDGET_OK,
     "USAGE OK - tokens today 1.2M of 1.5G | "
     "tokens_day=1200000;;1500000000;0"},
    /* 1.2M by noon: 2.4M by midnight. */
    {"tokens/day=2M", 0, BUDGET_WARNING,
     "USAGE WARNING - tokens today 1.2M of 2M, 2.4M at this pace | "
     "tokens_day=1200000;;2000000;0"},
    {"tokens/day=1M", 0, BUDGET_CRITICAL,
     "USAGE CRITICAL - tokens today 1.2M of 1M | "
     "tokens_day=1200000;;1000000;0"},
    /* $1.25 + $2 = $3.25. */
    {"cost/day=5", 1, BUDGET_WARNING,
     "USAGE WARNING - cost today $3.25 of $5.00, $6.50 at this pace | "
     "cost_day=3.25;;5.00;0"},
    {"cost/day=5", 0, BUDGET_UNKNOWN,
     "USAGE UNKNOWN - cost/day needs a price file (CODEX_ANALYTICS_PRICES)"},
    {"window=95", 0, BUDGET_WARNING,
     /* 35% at 20%/h from the 11:50 reading, not from now. */
     "USAGE WARNING - codex 5h window 60% (resets 15:00), 95% at 13:35 at "
     "this pace | claude_5h=0%;;95;0;100 codex_5h=60%;;95;0;100 "
     "codex_weekly=91%;;95;0;100"},
    /* Given twice: the last one wins, one set of figures. */
    {"window=50,window=95", 0, BUDGET_WARNING,
     "USAGE WARNING - codex 5h window 60% (resets 15:00), 95% at 13:35 at "
     "this pace | claude_5h=0%;;95;0;100 codex_5h=60%;;95;0;100 "
     "codex_weekly=91%;;95;0;100"},
    /* Exactly at a budget is not over it: weekly at 91% without a rise
     * is OK, 1.2M of 1.2M by noon only WARNING. */
    {"window=91", 0, BUDGET_WARNING,
     "USAGE WARNING - codex 5h window 60% (resets 15:00), 91% at 13:23 at "
     "this pace | claude_5h=0%;;91;0;100 codex_5h=60%;;91;0;100 "
     "codex_weekly=91%;;91;0;100"},
    {"tokens/day=1.2M", 0, BUDGET_WARNING,
     "USAGE WARNING - tokens today 1.2M of 1.2M, 2.4M at this pace | "
     "tokens_day=1200000;;1200000;0"},
    {"window=90", 0, BUDGET_CRITICAL,
     "USAGE CRITICAL - codex weekly window 91% (resets Thu 09:00) | "
     "claude_5h=0%;;90;0;100 codex_5h=60%;;90;0;100 "
     "codex_weekly=91%;;90;0;100"},
    /* The worst status speaks; every budget gives its figures. */
    {"window=95,tokens/day=1M", 0, BUDGET_CRITICAL,
     "USAGE CRITICAL - tokens today 1.2M of 1M | claude_5h=0%;;95;0;100 "
     "codex_5h=60%;;95;0;100 codex_weekly=91%;;95;0;100 "
     "tokens_day=1200000;;1000000;0"},
    {"", 0, BUDGET_UNKNOWN,
     "USAGE UNKNOWN - no budget given (--budget KEY=VALUE or "
     "CODEX_ANALYTICS_BUDGETS)"},
};

START_TEST(test_budget_check)
{
	struct budget b[BUDGETS_MAX];
	struct budget_input in = {0};
	struct error err = {{0}, 0};
	json_t *summary = json_loads(SUMMARY, 0, NULL);
	json_t *today = json_loads(TODAY, 0, NULL);
	json_t *prices = json_loads(PRICES, 0, NULL);
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *out = open_memstream(&buf, &len);

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_int_eq(
	    budget_list(checks[_i].budgets, b, BUDGETS_MAX, &n, &err), 0);
	in.summary = summary;
	in.periods[BUDGET_DAY] = today;
	in.prices = checks[_i].prices ? prices : NULL;
	in.now_ms = ms(NOW);
	ck_assert_int_eq(budget_check(out, b, n, &in), checks[_i].status);
	fclose(out);
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(buf[len - 1], '\n');
	buf[len - 1] = '\0';
	ck_assert_str_eq(buf, checks[_i].line);
	free(buf);
	json_decref(summary);
	json_decref(today);
	json_decref(prices);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *budget_suite(void)
{
	Suite *s = suite_create("budget");

	UNIT_LOOP_CASE(s, "budget_parse", NULL, NULL,
	               {test_budget_parse, N(specs)}, {test_budget_list, 1});
	UNIT_LOOP_CASE(s, "budget_period", NULL, NULL,
	               {test_budget_period, N(spans)});
	UNIT_LOOP_CASE(s, "budget_check", NULL, NULL,
	               {test_budget_check, N(checks)});
	return s;
}
