/* Plan windows (docs/design.md §5d): records, apply, reading. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "docs.h"
#include "json_util.h"
#include "limits.h"
#include "suite.h"
#include "timeutil.h"
#include "transcript.h"

#define T0 "2026-12-07T10:00:00.000Z" /* 1796637600 */
#define T0_S 1796637600LL

static int64_t ms(const char *ts)
{
	int64_t v;

	ck_assert_int_eq(time_parse_rfc3339(ts, &v), 0);
	return v;
}

/* got (stolen, NULL allowed) must equal the JSON text want ("null"). */
static void same(json_t *got, const char *want, const char *what)
{
	json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);
	char *text = got != NULL ? json_dumps(got, JSON_COMPACT) : NULL;

	ck_assert_msg(w != NULL, "bad expected JSON %s", want);
	ck_assert_msg(got == NULL ? json_is_null(w) : json_equal(got, w),
	              "%s: got %s, want %s", what, text ? text : "NULL", want);
	free(text);
	json_decref(w);
	json_decref(got);
}

/* ---- limits_window_name ---- */

static const struct {
	json_int_t minutes;
	const char *name;
} names[] = {{300, "5h"}, {10080, "weekly"}, {60, "60m"}, {1440, "1440m"}};

START_TEST(test_limits_window_name)
{
	char name[LIMITS_NAME_LEN];

	limits_window_name(names[_i].minutes, name);
	ck_assert_str_eq(name, names[_i].name);
}
END_TEST

/* ---- limits_from_codex: rate_limits -> the record's members ---- */

static const struct {
	const char *rate_limits;
	const char *want; /* {windows, plan?, credits?}, or null: no record */
} codex[] = {
    /* Codex CLI 0.169.0, as its rollout has it. */
    {"{\"limit_id\":\"codex\",\"limit_name\":null,\"primary\":{\"used_"
     "percent\":12.5,\"window_minutes\":300,\"resets_at\":1796641200},"
     "\"secondary\":{\"used_percent\":40.0,\"window_minutes\":10080,"
     "\"resets_at\":1797000000},\"credits\":{\"has_credits\":true,"
     "\"unlimited\":false,\"balance\":\"17.25\"},\"individual_limit\":null,"
     "\"plan_type\":\"plus\",\"rate_limit_reached_type\":null}",
     "{\"windows\":[{\"name\":\"5h\",\"window_minutes\":300,\"used_"
     "percent\":12.5,\"resets_at\":1796641200},{\"name\":\"weekly\","
     "\"window_minutes\":10080,\"used_percent\":40.0,\"resets_at\":"
     "1797000000}],\"plan\":\"plus\",\"credits\":{\"has_credits\":true,"
     "\"unlimited\":false,\"balance\":\"17.25\"}}"},
    /* Slots swapped: named by length. */
    {"{\"primary\":{\"used_percent\":3,\"window_minutes\":10080},"
     "\"secondary\":null}",
     "{\"windows\":[{\"name\":\"weekly\",\"window_minutes\":10080,"
     "\"used_percent\":3.0}]}"},
    /* No length: the slot's name. Over 100 after a 429: as given. */
    {"{\"primary\":{\"used_percent\":100.0,\"resets_at\":1796641200}}",
     "{\"windows\":[{\"name\":\"primary\",\"used_percent\":100.0,"
     "\"resets_at\":1796641200}]}"},
    /* Not sane: negative, absurd, not a number; reset in 5 years. */
    {"{\"primary\":{\"used_percent\":-1,\"window_minutes\":300},"
     "\"secondary\":{\"used_percent\":5000,\"window_minutes\":10080}}",
     "null"},
    {"{\"primary\":{\"used_percent\":\"12\",\"window_minutes\":300}}", "null"},
    {"{\"primary\":{\"used_percent\":1,\"window_minutes\":300,"
     "\"resets_at\":1950000000}}",
     "{\"windows\":[{\"name\":\"5h\",\"window_minutes\":300,"
     "\"used_percent\":1.0}]}"},
    /* A reset in the past is kept: readers show the window as reset. */
    {"{\"primary\":{\"used_percent\":7,\"window_minutes\":60,"
     "\"resets_at\":1700000000}}",
     "{\"windows\":[{\"name\":\"60m\",\"window_minutes\":60,"
     "\"used_percent\":7.0,\"resets_at\":1700000000}]}"},
    /* A reset time as an RFC 3339 string. */
    {"{\"primary\":{\"used_percent\":1,\"window_minutes\":300,"
     "\"resets_at\":\"2026-12-07T15:00:00Z\"}}",
     "{\"windows\":[{\"name\":\"5h\",\"window_minutes\":300,"
     "\"used_percent\":1.0,\"resets_at\":1796655600}]}"},
    {"{\"primary\":null,\"secondary\":null,\"credits\":null}", "null"},
    /* Credits alone say nothing about a window: no record. */
    {"{\"credits\":{\"has_credits\":false,\"balance\":\"0\"}}", "null"},
};

START_TEST(test_limits_from_codex)
{
	json_t *in = json_loads(codex[_i].rate_limits, 0, NULL);
	json_t *rec = limits_from_codex(in, "S", T0, T0_S * 1000), *got = NULL;

	ck_assert_ptr_nonnull(in);
	if (rec != NULL) {
		ck_assert_str_eq(
		    json_string_value(json_object_get(rec, "type")), "limits");
		ck_assert_str_eq(
		    json_string_value(json_object_get(rec, "agent")), "codex");
		ck_assert_str_eq(
		    json_string_value(json_object_get(rec, "timestamp")), T0);
		got = json_deep_copy(rec);
		json_object_del(got, "type");
		json_object_del(got, "agent");
		json_object_del(got, "timestamp");
		json_object_del(got, "session_id");
		json_object_del(got, "reported");
	}
	same(got, codex[_i].want, codex[_i].rate_limits);
	json_decref(rec);
	json_decref(in);
}
END_TEST

/* ---- limits_from_claude: the status line's payload ---- */

/* Claude Code 2.1.197, a subscriber's, after the first reply. */
#define CLAUDE_PAYLOAD                                                         \
	"{\"session_id\":\"22ff75b0\",\"transcript_path\":\"/t/22ff75b0."      \
	"jsonl\",\"cwd\":\"/scratch\",\"effort\":{\"level\":\"high\"},"        \
	"\"model\":{\"id\":\"claude-opus-4-8[1m]\",\"display_name\":\"Opus "   \
	"4.8 (1M context)\"},\"version\":\"2.1.197\",\"cost\":{\"total_cost_"  \
	"usd\":0.08040125,\"total_duration_ms\":3578,\"total_api_duration_"    \
	"ms\":274,\"total_lines_added\":0,\"total_lines_removed\":0},"         \
	"\"context_window\":{\"total_input_tokens\":12349,\"total_output_"     \
	"tokens\":87,\"context_window_size\":1000000,\"current_usage\":{"      \
	"\"input_tokens\":4,\"output_tokens\":87,\"cache_creation_input_"      \
	"tokens\":12345,\"cache_read_input_tokens\":0},\"used_percentage\":1," \
	"\"remaining_percentage\":99},\"exceeds_200k_tokens\":false,"          \
	"\"rate_limits\":{\"five_hour\":{\"used_percentage\":42,\"resets_"     \
	"at\":1796621365},\"seven_day\":{\"used_percentage\":17,\"resets_"     \
	"at\":1797049765}}}"

static const struct {
	const char *payload;
	const char *want; /* {windows, reported}, or null */
} claude[] = {
    {CLAUDE_PAYLOAD,
     "{\"windows\":[{\"name\":\"5h\",\"window_minutes\":300,\"used_"
     "percent\":42.0,\"resets_at\":1796621365},{\"name\":\"weekly\","
     "\"window_minutes\":10080,\"used_percent\":17.0,\"resets_at\":"
     "1797049765}],\"reported\":{\"cost_usd\":0.08040125,\"lines_added\":0,"
     "\"lines_removed\":0,\"context_percent\":1.0}}"},
    /* An API-key user: no rate_limits; a float percentage; one window. */
    {"{\"session_id\":\"s\",\"cost\":{\"total_cost_usd\":1.5,\"total_lines_"
     "added\":12}}",
     "{\"windows\":[],\"reported\":{\"cost_usd\":1.5,\"lines_added\":12}}"},
    {"{\"session_id\":\"s\",\"rate_limits\":{\"seven_day\":{\"used_"
     "percentage\":17.5}}}",
     "{\"windows\":[{\"name\":\"weekly\",\"window_minutes\":10080,"
     "\"used_percent\":17.5}],\"reported\":{}}"},
    /* Before the first reply: nulls. */
    {"{\"session_id\":\"s\",\"cost\":{\"total_cost_usd\":null},"
     "\"rate_limits\":{\"five_hour\":{\"used_percentage\":null}},"
     "\"context_window\":{\"used_percentage\":null}}",
     "null"},
    {"{\"session_id\":\"s\",\"cost\":{\"total_cost_usd\":-3,\"total_lines_"
     "removed\":-1}}",
     "null"},
    /* Absurd figures are left out; a reset time as an RFC 3339 string. */
    {"{\"session_id\":\"s\",\"cost\":{\"total_cost_usd\":1e308,\"total_"
     "lines_added\":9223372036854775807,\"total_lines_removed\":"
     "1000000000},\"rate_limits\":{\"five_hour\":{\"used_percentage\":5,"
     "\"resets_at\":\"2026-12-07T15:00:00Z\"}}}",
     "{\"windows\":[{\"name\":\"5h\",\"window_minutes\":300,\"used_"
     "percent\":5.0,\"resets_at\":1796655600}],\"reported\":{\"lines_"
     "removed\":1000000000}}"},
};

START_TEST(test_limits_from_claude)
{
	json_t *in = json_loads(claude[_i].payload, 0, NULL);
	json_t *rec = limits_from_claude(in, "s", T0, T0_S * 1000), *got = NULL;

	ck_assert_ptr_nonnull(in);
	if (rec != NULL) {
		ck_assert_str_eq(
		    json_string_value(json_object_get(rec, "agent")), "claude");
		got = json_pack("{s:O,s:O}", "windows",
		                json_object_get(rec, "windows"), "reported",
		                json_object_get(rec, "reported"));
	}
	same(got, claude[_i].want, claude[_i].payload);
	json_decref(rec);
	json_decref(in);
}
END_TEST

/* ---- apply: the summary's windows, burn rate, reported figures ---- */

static struct docs *docs;

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	docs = docs_new_memory();
	ck_assert_ptr_nonnull(docs);
}

static void teardown(void)
{
	docs_free(docs);
}

/* A limits record of agent at ts: windows and reported as JSON texts. */
static json_t *limits_rec(const char *id, const char *ts, const char *agent,
                          const char *windows, const char *reported)
{
	json_t *rec = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "type", "limits",
	                        "session_id", id, "timestamp", ts, "agent",
	                        agent, "windows", json_loads(windows, 0, NULL),
	                        "reported", json_loads(reported, 0, NULL));

	ck_assert_ptr_nonnull(rec);
	return rec;
}

static void apply_to(struct docs *d, json_t *rec)
{
	struct error err = {{0}, 0};

	ck_assert_int_eq(usage_apply(d, rec, &err), 0);
}

static json_t *at(const char *doc, const char *path)
{
	json_t *v = docs_peek(docs, doc);
	char buf[256], *save = NULL, *seg;

	snprintf(buf, sizeof(buf), "%s", path);
	for (seg = strtok_r(buf, ".", &save); seg != NULL && v != NULL;
	     seg = strtok_r(NULL, ".", &save))
		v = json_object_get(v, seg);
	return v;
}

static void expect(const char *doc, const char *path, const char *want)
{
	json_t *v = at(doc, path);

	same(v != NULL ? json_incref(v) : NULL, want, path);
}

#define W5(pct, reset)                                                         \
	"[{\"name\":\"5h\",\"window_minutes\":300,\"used_percent\":" pct       \
	",\"resets_at\":" reset "}]"

struct rec {
	const char *id, *ts, *agent, *windows, *reported;
};

static void apply_recs(struct docs *d, const struct rec *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *rec = limits_rec(r[i].id, r[i].ts, r[i].agent,
		                         r[i].windows, r[i].reported);

		apply_to(d, rec);
		json_decref(rec);
	}
}

/* The records of one sequence, applied in order. */
static const struct rec seq[] = {
    {"S", "2026-12-07T09:00:00Z", "codex", W5("10", "1796641200"), "{}"},
    /* More than an hour later: the 09:00 reading has left the hour. */
    {"S", "2026-12-07T10:00:00Z", "codex", W5("20", "1796641200"), "{}"},
    {"S", "2026-12-07T10:30:00Z", "codex", W5("30", "1796641200"), "{}"},
    /* An older reading (a notify late): nothing changes. */
    {"S", "2026-12-07T10:10:00Z", "codex", W5("90", "1796641200"), "{}"},
    /* Claude's session, cumulative figures. */
    {"C", "2026-12-07T10:00:00Z", "claude", "[]",
     "{\"cost_usd\":0.5,\"lines_added\":10,\"lines_removed\":2}"},
    {"C", "2026-12-07T10:05:00Z", "claude", "[]",
     "{\"cost_usd\":0.75,\"lines_added\":25,\"lines_removed\":2}"},
    /* Not applied: a bad agent, a bad window. */
    {"X", "2026-12-07T10:06:00Z", "Codex!", W5("50", "1796641200"), "{}"},
    {"X", "2026-12-07T10:06:00Z", "claude",
     "[{\"name\":\"../x\",\"used_percent\":1},{\"name\":\"5h\"}]", "{}"},
};

static void apply_seq(struct docs *d, size_t from, size_t to)
{
	apply_recs(d, seq + from, to - from);
}

START_TEST(test_limits_apply)
{
	apply_seq(docs, 0, ARRAY_SIZE(seq));
	/* Not events. */
	expect(USAGE_SUMMARY, "total_events", "0");
	expect(USAGE_SUMMARY, "limits.codex.5h.used_percent", "30.0");
	expect(USAGE_SUMMARY, "limits.codex.5h.resets_at", "1796641200");
	expect(USAGE_SUMMARY, "limits.codex.5h.window_minutes", "300");
	expect(USAGE_SUMMARY, "limits.codex.5h.updated",
	       "\"2026-12-07T10:30:00.000Z\"");
	/* 20% at 10:00, 30% at 10:30: 20% an hour. */
	expect(USAGE_SUMMARY, "limits.codex.5h.burn_per_hour", "20.0");
	ck_assert_ptr_null(at(USAGE_SUMMARY, "limits.claude"));
	expect(USAGE_SUMMARY, "reported.C.cost_usd", "0.75");
	expect(USAGE_SUMMARY, "reported.C.lines_added", "25");
	expect(USAGE_SUMMARY, "reported_cost_usd", "0.75");
	expect(USAGE_SUMMARY, "lines_added", "25");
	expect(USAGE_SUMMARY, "lines_removed", "2");
	expect("usage-2026-12-07.json", "summary.lines_added", "25");
	expect("usage-2026-12-07.json", "summary.total_events", "0");
}
END_TEST

/* A reset, or a lower percentage, starts the window anew. */
START_TEST(test_limits_apply_reset)
{
	static const char *const recs[][2] = {
	    {"2026-12-07T10:00:00Z", W5("80", "1796641200")},
	    {"2026-12-07T10:30:00Z", W5("90", "1796641200")},
	    /* 11:00 is the reset time: a new window. */
	    {"2026-12-07T11:00:00Z", W5("1", "1796659200")},
	};
	json_t *rec;

	for (size_t i = 0; i < ARRAY_SIZE(recs); i++) {
		rec = limits_rec("S", recs[i][0], "codex", recs[i][1], "{}");
		apply_to(docs, rec);
		json_decref(rec);
	}
	expect(USAGE_SUMMARY, "limits.codex.5h.used_percent", "1.0");
	expect(USAGE_SUMMARY, "limits.codex.5h.burn_per_hour", "null");
	expect(USAGE_SUMMARY, "limits.codex.5h.points",
	       "[[1796641200000,1.0]]");
}
END_TEST

/*
 * The log is input: figures no agent sends are left out, never an error
 * that would stop every later checkpoint (a cost that sums to infinity,
 * a line count that wraps, a reset time that overflows in ms).
 */
START_TEST(test_limits_apply_hostile)
{
	static const struct rec recs[] = {
	    {"x", "2026-12-07T10:00:00Z", "claude", "[]",
	     "{\"cost_usd\":1e308,\"lines_added\":9223372036854775807}"},
	    {"y", "2026-12-07T10:01:00Z", "claude", "[]",
	     "{\"cost_usd\":1e308,\"lines_removed\":-9223372036854775807}"},
	    {"z", "2026-12-07T10:02:00Z", "claude", "[]",
	     "{\"cost_usd\":2.5,\"lines_added\":7,\"junk\":1,\"more\":[1]}"},
	    {"x", "2026-12-07T10:03:00Z", "codex",
	     W5("10", "9223372036854775807"), "{}"},
	    {"x", "2026-12-07T10:04:00Z", "codex",
	     W5("20", "9223372036854775807"), "{}"},
	};
	apply_recs(docs, recs, ARRAY_SIZE(recs));
	expect(USAGE_SUMMARY, "reported_cost_usd", "2.5");
	expect(USAGE_SUMMARY, "lines_added", "7");
	expect(USAGE_SUMMARY, "lines_removed", "0");
	ck_assert_ptr_null(at(USAGE_SUMMARY, "reported.x"));
	/* Only the figures known are kept. */
	expect(USAGE_SUMMARY, "reported.z",
	       "{\"cost_usd\":2.5,\"lines_added\":7,\"updated\":"
	       "\"2026-12-07T10:02:00.000Z\"}");
	expect(USAGE_SUMMARY, "limits.codex.5h.resets_at", "null");
	expect(USAGE_SUMMARY, "limits.codex.5h.used_percent", "20.0");
}
END_TEST

/*
 * A session's figures count their rises once: a record older than the
 * last one applied changes nothing, even later in the log; a lower figure
 * in a newer record is the session counting again from 0 (a new process).
 */
START_TEST(test_limits_apply_reported_order)
{
	static const struct rec recs[] = {
	    {"C", "2026-12-07T10:00:00Z", "claude", "[]",
	     "{\"cost_usd\":0.5,\"lines_added\":10}"},
	    {"C", "2026-12-07T10:05:00Z", "claude", "[]",
	     "{\"cost_usd\":0.75,\"lines_added\":25}"},
	    /* Written before the 10:05 one, logged after it. */
	    {"C", "2026-12-07T10:03:00Z", "claude", "[]",
	     "{\"cost_usd\":0.6,\"lines_added\":20}"},
	    /* A new process of the session. */
	    {"C", "2026-12-07T10:10:00Z", "claude", "[]",
	     "{\"cost_usd\":0.25,\"lines_added\":4}"},
	};

	apply_recs(docs, recs, ARRAY_SIZE(recs));
	expect(USAGE_SUMMARY, "reported_cost_usd", "1.0");
	expect(USAGE_SUMMARY, "lines_added", "29");
	expect(USAGE_SUMMARY, "reported.C.cost_usd", "0.25");
	expect(USAGE_SUMMARY, "reported.C.updated",
	       "\"2026-12-07T10:10:00.000Z\"");
}
END_TEST

/*
 * The burn is over the last hour however many readings came: one a
 * minute for 70 minutes, 0 to 10% in the first hour, then 2% a minute.
 * Over the last hour that is about 29%/h; the eleven newest minutes
 * alone would say 66%/h.
 */
START_TEST(test_limits_apply_burn_hour)
{
	int64_t t0 = ms("2026-12-07T09:00:00Z");
	char ts[TIME_UTC_LEN], used[32], windows[160];
	json_t *rec;
	double burn;

	for (int m = 0; m <= 70; m++) {
		snprintf(used, sizeof(used), "%.6f",
		         m <= 60 ? m / 6.0 : 10 + 2.0 * (m - 60));
		snprintf(windows, sizeof(windows), W5("%s", "1796655600"),
		         used);
		time_format_utc(t0 + m * 60000LL, ts);
		rec = limits_rec("S", ts, "codex", windows, "{}");
		apply_to(docs, rec);
		json_decref(rec);
	}
	ck_assert_int_le(
	    json_array_size(at(USAGE_SUMMARY, "limits.codex.5h.points")), 12);
	burn = json_number_value(
	    at(USAGE_SUMMARY, "limits.codex.5h.burn_per_hour"));
	ck_assert_msg(burn > 27 && burn < 32, "burn %f", burn);
}
END_TEST

/*
 * docs/design.md §4's invariant: documents checkpointed half-way (written
 * and read back as text) and brought up to the end equal one replay.
 */
START_TEST(test_limits_apply_checkpoint)
{
	struct docs *half = docs_new_memory();
	const char *docnames[] = {USAGE_SUMMARY, "usage-2026-12-07.json"};
	char *a, *b;
	json_t *text;

	ck_assert_ptr_nonnull(half);
	apply_seq(docs, 0, ARRAY_SIZE(seq));
	apply_seq(half, 0, 3);
	for (size_t i = 0; i < ARRAY_SIZE(docnames); i++) {
		a = json_dumps(docs_peek(half, docnames[i]),
		               JSON_COMPACT | JSON_REAL_PRECISION(17));
		text = json_loads(a, 0, NULL);
		json_object_clear(docs_get(half, docnames[i]));
		json_object_update(docs_get(half, docnames[i]), text);
		json_decref(text);
		free(a);
	}
	apply_seq(half, 3, ARRAY_SIZE(seq));
	for (size_t i = 0; i < ARRAY_SIZE(docnames); i++) {
		a = json_dumps(docs_peek(docs, docnames[i]),
		               JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
		b = json_dumps(docs_peek(half, docnames[i]),
		               JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	docs_free(half);
}
END_TEST

/* ---- limits_read: a window at a time ---- */

static const struct {
	const char *window;
	const char *now;
	double used;
	int reset, has_burn;
	double burn;
	const char *full; /* NULL: lasts until it resets */
} reads[] = {
    /* 30% at 10:30, 20%/h, resets 11:00: lasts. */
    {"{\"used_percent\":30,\"resets_at\":1796641200,\"updated\":"
     "\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":20}",
     "2026-12-07T10:40:00Z", 30, 0, 1, 20, NULL},
    /* 60% at 10:30, 20%/h, resets at 15:00: 100% at 12:30, counted
     * from the reading, not from now. */
    {"{\"used_percent\":60,\"resets_at\":1796655600,\"updated\":"
     "\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":20}",
     "2026-12-07T10:40:00Z", 60, 0, 1, 20, "2026-12-07T12:30:00Z"},
    /* A reset time no date can hold reads as not known. */
    {"{\"used_percent\":60,\"resets_at\":9223372036854775807,"
     "\"updated\":\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":20}",
     "2026-12-07T10:40:00Z", 60, 0, 1, 20, "2026-12-07T12:30:00Z"},
    /* A rise too slow for anyone to wait for: no projection. */
    {"{\"used_percent\":60,\"updated\":\"2026-12-07T10:30:00.000Z\","
     "\"burn_per_hour\":1e-300}",
     "2026-12-07T10:40:00Z", 60, 0, 1, 1e-300, NULL},
    /* The reset has passed. */
    {"{\"used_percent\":60,\"resets_at\":1796641200,\"updated\":"
     "\"2026-12-07T10:30:00.000Z\",\"burn_per_hour\":20}",
     "2026-12-07T11:00:00Z", 0, 1, 0, 0, NULL},
    /* No reading for over an hour: nothing rose. */
    {"{\"used_percent\":60,\"resets_at\":1796655600,\"updated\":"
     "\"2026-12-07T08:30:00.000Z\",\"burn_per_hour\":20}",
     "2026-12-07T10:40:00Z", 60, 0, 1, 0, NULL},
    /* One reading: pace not known.  Used up already: no projection. */
    {"{\"used_percent\":60,\"updated\":\"2026-12-07T10:30:00.000Z\","
     "\"burn_per_hour\":null}",
     "2026-12-07T10:40:00Z", 60, 0, 0, 0, NULL},
    {"{\"used_percent\":120,\"updated\":\"2026-12-07T10:30:00.000Z\","
     "\"burn_per_hour\":5}",
     "2026-12-07T10:40:00Z", 120, 0, 1, 5, NULL},
    /* A hand-edited negative burn reads 0. */
    {"{\"used_percent\":10,\"updated\":\"2026-12-07T10:30:00.000Z\","
     "\"burn_per_hour\":-5}",
     "2026-12-07T10:40:00Z", 10, 0, 1, 0, NULL},
};

START_TEST(test_limits_read)
{
	json_t *w = json_loads(reads[_i].window, 0, NULL);
	struct limits_view v;

	ck_assert_ptr_nonnull(w);
	limits_read(w, ms(reads[_i].now), &v);
	ck_assert_double_eq(v.used, reads[_i].used);
	ck_assert_int_eq(v.reset, reads[_i].reset);
	ck_assert_int_eq(v.has_burn, reads[_i].has_burn);
	ck_assert_double_eq(v.burn, reads[_i].burn);
	ck_assert_int_eq(v.full_ms,
	                 reads[_i].full != NULL ? ms(reads[_i].full) : 0);
	json_decref(w);
}
END_TEST

/* ---- limits_reach: when a window reaches a percentage ---- */

static const struct {
	double used, burn, percent;
	int has_burn, reset;
	const char *updated, *resets, *now;
	const char *want; /* NULL: 0 */
} reaches[] = {
    /* 60% at 10:30, 20%/h: 90% at 12:00. */
    {60, 20, 90, 1, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     "2026-12-07T12:00:00Z"},
    /* Due before now by the pace: now, never in the past. */
    {60, 20, 62, 1, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     "2026-12-07T10:40:00Z"},
    /* Exactly at it, rising: now.  Above it: 0. */
    {90, 20, 90, 1, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     "2026-12-07T10:40:00Z"},
    {91, 20, 90, 1, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     NULL},
    /* The reset comes first. */
    {60, 20, 90, 1, 0, "2026-12-07T10:30:00Z", "2026-12-07T11:00:00Z",
     "2026-12-07T10:40:00Z", NULL},
    /* No pace, no rise, a pace too slow to wait for, a reset window. */
    {60, 0, 90, 0, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     NULL},
    {60, 0, 90, 1, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     NULL},
    {60, 1e-300, 90, 1, 0, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     NULL},
    {0, 20, 90, 1, 1, "2026-12-07T10:30:00Z", NULL, "2026-12-07T10:40:00Z",
     NULL},
};

START_TEST(test_limits_reach)
{
	struct limits_view v = {
	    .used = reaches[_i].used,
	    .resets_ms = reaches[_i].resets ? ms(reaches[_i].resets) : 0,
	    .updated_ms = ms(reaches[_i].updated),
	    .reset = reaches[_i].reset,
	    .has_burn = reaches[_i].has_burn,
	    .burn = reaches[_i].burn,
	};

	ck_assert_int_eq(
	    limits_reach(&v, reaches[_i].percent, ms(reaches[_i].now)),
	    reaches[_i].want != NULL ? ms(reaches[_i].want) : 0);
}
END_TEST

/* ---- limits_when, limits_span ---- */

START_TEST(test_limits_when)
{
	int64_t now = ms("2026-12-07T10:00:00Z"); /* a Monday */
	char buf[32];

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(limits_when(ms("2026-12-07T15:40:00Z"), now, buf, 32),
	                 "15:40");
	ck_assert_str_eq(limits_when(ms("2026-12-10T09:00:00Z"), now, buf, 32),
	                 "Thu 09:00");
	ck_assert_str_eq(limits_when(ms("2026-12-24T09:00:00Z"), now, buf, 32),
	                 "2026-12-24 09:00");
	ck_assert_str_eq(limits_span(80 * 60000, buf, 32), "1 h 20 min");
	ck_assert_str_eq(limits_span(120 * 60000, buf, 32), "2 h");
	ck_assert_str_eq(limits_span(59 * 60000 + 1, buf, 32), "1 h");
	ck_assert_str_eq(limits_span(-5, buf, 32), "0 min");
	ck_assert_str_eq(limits_span(50LL * 3600000, buf, 32), "2 d 2 h");
}
END_TEST

/* ---- limits_changed ---- */

static const struct {
	const char *record;
	int changed;
} changes[] = {
    {"{\"agent\":\"claude\",\"session_id\":\"C\",\"windows\":[{\"name\":"
     "\"5h\",\"used_percent\":42.0,\"resets_at\":1796621365}],"
     "\"reported\":{\"cost_usd\":0.5}}",
     0},
    /* The reset time drifts by seconds: the same. */
    {"{\"agent\":\"claude\",\"session_id\":\"C\",\"windows\":[{\"name\":"
     "\"5h\",\"used_percent\":42.0,\"resets_at\":1796621368}]}",
     0},
    {"{\"agent\":\"claude\",\"session_id\":\"C\",\"windows\":[{\"name\":"
     "\"5h\",\"used_percent\":43.0,\"resets_at\":1796621365}]}",
     1},
    {"{\"agent\":\"claude\",\"session_id\":\"C\",\"windows\":[{\"name\":"
     "\"weekly\",\"used_percent\":1.0}]}",
     1},
    {"{\"agent\":\"claude\",\"session_id\":\"C\",\"windows\":[],"
     "\"reported\":{\"cost_usd\":0.6}}",
     1},
    {"{\"agent\":\"claude\",\"session_id\":\"D\",\"windows\":[],"
     "\"reported\":{\"cost_usd\":0.5}}",
     1},
};

START_TEST(test_limits_changed)
{
	json_t *summary = json_loads(
	    "{\"limits\":{\"claude\":{\"5h\":{\"used_percent\":42.0,"
	    "\"resets_at\":1796621365}}},\"reported\":{\"C\":{\"cost_usd\":0.5,"
	    "\"updated\":\"2026-12-07T10:00:00.000Z\"}}}",
	    0, NULL);
	json_t *rec = json_loads(changes[_i].record, 0, NULL);

	ck_assert_ptr_nonnull(summary);
	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(limits_changed(summary, rec), changes[_i].changed);
	json_decref(rec);
	json_decref(summary);
}
END_TEST

/* ---- transcript: the last rate_limits of a rollout that is not null ---- */

START_TEST(test_limits_transcript)
{
	static const char rollout[] =
	    "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
	    "\"info\":null,\"rate_limits\":{\"primary\":{\"used_percent\":1}}}}"
	    "\n"
	    "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
	    "\"info\":{\"last_token_usage\":{\"input_tokens\":5}},"
	    "\"rate_limits\":{\"primary\":{\"used_percent\":2}}}}\n"
	    "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
	    "\"info\":null,\"rate_limits\":null}}\n";
	struct transcript_usage u;
	json_t *cursor = json_object();

	transcript_usage_init(&u);
	ck_assert_int_eq(
	    transcript_scan(cursor, rollout, sizeof(rollout) - 1, &u), 0);
	ck_assert_ptr_nonnull(u.rate_limits);
	ck_assert_double_eq(
	    json_number_value(json_object_get(
	        json_object_get(u.rate_limits, "primary"), "used_percent")),
	    2);
	ck_assert_int_eq(u.n, 1);
	transcript_usage_release(&u);
	ck_assert_ptr_null(u.rate_limits);
	json_decref(cursor);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *limits_suite(void)
{
	Suite *s = suite_create("limits");

	UNIT_LOOP_CASE(s, "limits_window_name", NULL, NULL,
	               {test_limits_window_name, N(names)});
	UNIT_LOOP_CASE(s, "limits_from_codex", NULL, NULL,
	               {test_limits_from_codex, N(codex)});
	UNIT_LOOP_CASE(s, "limits_from_claude", NULL, NULL,
	               {test_limits_from_claude, N(claude)});
	UNIT_CASE(s, "usage_apply", setup, teardown, test_limits_apply,
	          test_limits_apply_reset, test_limits_apply_hostile,
	          test_limits_apply_reported_order, test_limits_apply_burn_hour,
	          test_limits_apply_checkpoint);
	UNIT_LOOP_CASE(s, "limits_read", NULL, NULL,
	               {test_limits_read, N(reads)});
	UNIT_LOOP_CASE(s, "limits_reach", NULL, NULL,
	               {test_limits_reach, N(reaches)});
	UNIT_CASE(s, "limits_when", NULL, NULL, test_limits_when);
	UNIT_LOOP_CASE(s, "limits_changed", NULL, NULL,
	               {test_limits_changed, N(changes)});
	UNIT_CASE(s, "transcript_scan", NULL, NULL, test_limits_transcript);
	return s;
}
