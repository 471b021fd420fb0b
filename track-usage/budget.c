/*
 * Rules of this file (docs/design.md §5d):
 * - One line, "USAGE STATUS - what | perfdata": the budgets at the worst
 *   status say what they are, every budget gives its performance data.
 * - Worst first: CRITICAL, WARNING, UNKNOWN, OK, as Nagios ranks them.
 * - A pace is measured over at least an hour of its period, so that the
 *   first minutes after midnight do not project a day from one command.
 * - Performance data labels are stable names (tokens_day, codex_5h), so
 *   that a graph keeps its series.
 */
#include "budget.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_util.h"
#include "limits.h"
#include "prices.h"
#include "timeutil.h"
#include "utf8.h"

#define RESULTS_MAX 64

static const struct {
	const char *key;
	enum budget_what what;
	enum budget_period period;
} keys[] = {
    {"tokens/day", BUDGET_TOKENS, BUDGET_DAY},
    {"tokens/week", BUDGET_TOKENS, BUDGET_WEEK},
    {"tokens/month", BUDGET_TOKENS, BUDGET_MONTH},
    {"cost/day", BUDGET_COST, BUDGET_DAY},
    {"cost/week", BUDGET_COST, BUDGET_WEEK},
    {"cost/month", BUDGET_COST, BUDGET_MONTH},
    {"window", BUDGET_WINDOW, BUDGET_DAY},
};

static const struct {
	const char *label, *words;
} periods[BUDGET_PERIODS] = {
    {"day", "today"}, {"week", "this week"}, {"month", "this month"}};

static const char *const status_names[] = {"OK", "WARNING", "CRITICAL",
                                           "UNKNOWN"};
static const int status_rank[] = {0, 2, 3, 1};

static int value_parse(const char *s, enum budget_what what, double *v)
{
	char *end;
	double mult = 1;

	if (what == BUDGET_COST && *s == '$')
		s++;
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || errno != 0)
		return -1;
	if (what == BUDGET_TOKENS && *end != '\0' && end[1] == '\0') {
		const char *p = strchr("kKmMgG", *end);

		if (p == NULL)
			return -1;
		mult = p[0] == 'k' || p[0] == 'K'   ? 1e3
		       : p[0] == 'm' || p[0] == 'M' ? 1e6
		                                    : 1e9;
		end++;
	} else if (what == BUDGET_WINDOW && *end == '%') {
		end++;
	}
	*v *= mult;
	return *end == '\0' && isfinite(*v) && *v > 0 &&
	               (what != BUDGET_WINDOW || *v <= LIMITS_PERCENT_MAX)
	           ? 0
	           : -1;
}

int budget_parse(const char *spec, struct budget *b, struct error *err)
{
	const char *eq = strchr(spec, '=');
	size_t klen = eq != NULL ? (size_t)(eq - spec) : 0;
	char shown[41];

	for (size_t i = 0; eq != NULL && i < ARRAY_SIZE(keys); i++) {
		if (strlen(keys[i].key) != klen ||
		    strncmp(spec, keys[i].key, klen) != 0)
			continue;
		b->what = keys[i].what;
		b->period = keys[i].period;
		if (value_parse(eq + 1, b->what, &b->limit) == 0)
			return 0;
		error_set(err, 0, "bad value in budget '%s'",
		          utf8_shown(spec, shown, sizeof(shown)));
		return -1;
	}
	error_set(err, 0,
	          "unknown budget '%s' (tokens/day, tokens/week, tokens/month, "
	          "cost/day, cost/week, cost/month or window, as KEY=VALUE)",
	          utf8_shown(spec, shown, sizeof(shown)));
	return -1;
}

int budget_add(const char *spec, struct budget *b, size_t max, size_t *n,
               struct error *err)
{
	struct budget one;
	size_t i;

	if (budget_parse(spec, &one, err) == -1)
		return -1;
	for (i = 0; i < *n; i++)
		if (b[i].what == one.what &&
		    (one.what == BUDGET_WINDOW || b[i].period == one.period))
			break;
	if (i == max) {
		error_set(err, 0, "more than %zu budgets", max);
		return -1;
	}
	b[i] = one;
	*n += i == *n;
	return 0;
}

int budget_list(const char *list, struct budget *b, size_t max, size_t *n,
                struct error *err)
{
	char *copy = strdup(list), *save = NULL, *item;
	int ret = 0;

	if (copy == NULL) {
		error_set(err, ENOMEM, "cannot read the budgets");
		return -1;
	}
	for (item = strtok_r(copy, ", \t", &save); ret == 0 && item != NULL;
	     item = strtok_r(NULL, ", \t", &save)) {
		ret = budget_add(item, b, max, n, err);
	}
	free(copy);
	return ret;
}

void budget_period(enum budget_period period, int64_t now_ms, char since[11],
                   int64_t *start, int64_t *end)
{
	char today[TIME_DATE_LEN], next[32];
	time_t now = (time_t)(now_ms / 1000);
	struct tm tm;
	int y, m;

	time_local_date(now_ms, today);
	localtime_r(&now, &tm);
	if (period == BUDGET_DAY) {
		snprintf(since, TIME_DATE_LEN, "%s", today);
		time_date_add(today, 1, next);
	} else if (period == BUDGET_WEEK) {
		time_date_add(today, -((tm.tm_wday + 6) % 7), since);
		time_date_add(since, 7, next);
	} else {
		y = atoi(today);
		m = atoi(today + 5);
		snprintf(since, TIME_DATE_LEN, "%.7s-01", today);
		snprintf(next, sizeof(next), "%04d-%02d-01",
		         m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	}
	*start = time_local_midnight(since);
	*end = time_local_midnight(next);
}

struct result {
	enum budget_status status;
	char text[160];
	char perf[96];
};

struct results {
	struct result r[RESULTS_MAX];
	size_t n;
};

/* Append to r's text, cut where it is full. */
static void say(struct result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(struct result *r, const char *fmt, ...)
{
	size_t len = strlen(r->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->text + len, sizeof(r->text) - len, fmt, ap);
	va_end(ap);
}

static struct result *result_add(struct results *rs, enum budget_status s)
{
	struct result *r = &rs->r[rs->n < RESULTS_MAX ? rs->n++ : 0];

	memset(r, 0, sizeof(*r));
	r->status = s;
	return r;
}

/* 950, 12.3k, 2M, 1.5G; $1.23 */
static const char *amount(double v, enum budget_what what, char *buf,
                          size_t len)
{
	if (what == BUDGET_COST)
		snprintf(buf, len, "$%.2f", v);
	else if (v < 1000)
		snprintf(buf, len, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.4gk", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, len, "%.4gM", v / 1e6);
	else
		snprintf(buf, len, "%.4gG", v / 1e9);
	return buf;
}

/* A tokens or cost budget over its period. */
static void period_check(struct results *rs, const struct budget *b,
                         const struct budget_input *in)
{
	const json_t *sum = in->periods[b->period];
	const char *what = b->what == BUDGET_COST ? "cost" : "tokens";
	char since[TIME_DATE_LEN], used_s[32], limit_s[32], pace_s[32];
	int64_t start, end, elapsed;
	double used, pace;
	int unpriced;
	struct result *r;

	if (b->what == BUDGET_COST && in->prices == NULL) {
		say(result_add(rs, BUDGET_UNKNOWN),
		    "cost/%s needs a price file (CODEX_ANALYTICS_PRICES)",
		    periods[b->period].label);
		return;
	}
	used = b->what == BUDGET_COST
	           ? prices_total(in->prices,
	                          json_object_get(sum, "tokens_by_model"),
	                          &unpriced)
	           : (double)integer(json_object_get(sum, "tokens"), "total");
	budget_period(b->period, in->now_ms, since, &start, &end);
	elapsed = in->now_ms - start > LIMITS_HOUR_MS ? in->now_ms - start
	                                              : LIMITS_HOUR_MS;
	pace = end > start && elapsed < end - start
	           ? used * (double)(end - start) / (double)elapsed
	           : used;
	r = result_add(rs, used > b->limit   ? BUDGET_CRITICAL
	                   : pace > b->limit ? BUDGET_WARNING
	                                     : BUDGET_OK);
	amount(used, b->what, used_s, sizeof(used_s));
	amount(b->limit, b->what, limit_s, sizeof(limit_s));
	say(r, "%s %s %s of %s", what, periods[b->period].words, used_s,
	    limit_s);
	if (r->status == BUDGET_WARNING)
		say(r, ", %s at this pace",
		    amount(pace, b->what, pace_s, sizeof(pace_s)));
	snprintf(r->perf, sizeof(r->perf),
	         b->what == BUDGET_COST ? "%s_%s=%.2f;;%.2f;0"
	                                : "%s_%s=%.0f;;%.0f;0",
	         what, periods[b->period].label, used, b->limit);
}

/* A window budget and what it is checked with. */
struct window_check {
	struct results *rs;
	const struct budget *b;
	int64_t now;
};

/* One plan window against a window budget. */
static int window_check(void *arg, const char *agent, const char *name,
                        const json_t *w)
{
	const struct window_check *wc = arg;
	const struct budget *b = wc->b;
	int64_t now = wc->now;
	struct limits_view v;
	struct result *r;
	char when[32], reach[32] = "";
	int64_t at;

	limits_read(w, now, &v);
	at = limits_reach(&v, b->limit, now);
	r = result_add(wc->rs, v.used > b->limit ? BUDGET_CRITICAL
	                       : at > 0          ? BUDGET_WARNING
	                                         : BUDGET_OK);
	if (v.resets_ms > 0)
		limits_when(v.resets_ms, now, when, sizeof(when));
	if (at > 0)
		limits_when(at, now, reach, sizeof(reach));
	if (v.reset) {
		say(r, "%s %s window reset", agent, name);
	} else {
		say(r, "%s %s window %.0f%%", agent, name, v.used);
		if (v.resets_ms > 0)
			say(r, " (resets %s)", when);
		if (at > 0)
			say(r, ", %.0f%% at %s at this pace", b->limit, reach);
	}
	snprintf(r->perf, sizeof(r->perf), "%s_%s=%.0f%%;;%.0f;0;100", agent,
	         name, v.used, b->limit);
	return 0;
}

static void windows_check(struct results *rs, const struct budget *b,
                          const struct budget_input *in)
{
	struct window_check wc = {rs, b, in->now_ms};

	if (limits_each(in->summary, window_check, &wc) <= 0)
		say(result_add(rs, BUDGET_UNKNOWN),
		    "no plan window recorded yet");
}

enum budget_status budget_check(FILE *out, const struct budget *b, size_t n,
                                const struct budget_input *in)
{
	struct results *rs = calloc(1, sizeof(*rs));
	enum budget_status worst = BUDGET_OK;
	const char *sep = "";
	int bad = 0;

	if (rs == NULL)
		return BUDGET_UNKNOWN;
	for (size_t i = 0; i < n; i++) {
		if (b[i].what == BUDGET_WINDOW)
			windows_check(rs, &b[i], in);
		else
			period_check(rs, &b[i], in);
	}
	if (n == 0)
		say(result_add(rs, BUDGET_UNKNOWN),
		    "no budget given (--budget KEY=VALUE or "
		    "CODEX_ANALYTICS_BUDGETS)");
	for (size_t i = 0; i < rs->n; i++)
		if (status_rank[rs->r[i].status] > status_rank[worst])
			worst = rs->r[i].status;
	bad |= fprintf(out, "USAGE %s - ", status_names[worst]) < 0;
	for (size_t i = 0; i < rs->n; i++) {
		if (rs->r[i].status != worst)
			continue;
		bad |= fprintf(out, "%s%s", sep, rs->r[i].text) < 0;
		sep = ", ";
	}
	sep = " | ";
	for (size_t i = 0; i < rs->n; i++) {
		if (rs->r[i].perf[0] == '\0')
			continue;
		bad |= fprintf(out, "%s%s", sep, rs->r[i].perf) < 0;
		sep = " ";
	}
	bad |= fputc('\n', out) == EOF;
	free(rs);
	return bad ? BUDGET_UNKNOWN : worst;
}
