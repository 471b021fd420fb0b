#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "days.h"
#include "suite.h"

/* Events over four days: a session across midnight, one abandoned. */
static const char *const records[] = {
    "{\"type\":\"session_start\",\"session_id\":\"A\",\"timestamp\":"
    "\"2026-11-20T23:50:00Z\",\"data\":{\"model\":\"gpt-5\","
    "\"provider\":\"openai\"}}",
    "{\"type\":\"task_start\",\"session_id\":\"A\",\"timestamp\":"
    "\"2026-11-20T23:55:00Z\",\"data\":{}}",
    "{\"type\":\"command_start\",\"session_id\":\"A\",\"timestamp\":"
    "\"2026-11-21T00:05:00Z\",\"data\":{\"command\":\"npm\"}}",
    "{\"type\":\"command_end\",\"session_id\":\"A\",\"timestamp\":"
    "\"2026-11-21T00:06:00Z\",\"data\":{\"command\":\"npm\","
    "\"exit_code\":1}}",
    "{\"type\":\"session_end\",\"session_id\":\"A\",\"timestamp\":"
    "\"2026-11-21T00:20:00Z\",\"data\":{}}",
    "{\"type\":\"session_start\",\"session_id\":\"B\",\"timestamp\":"
    "\"2026-11-21T09:00:00Z\",\"data\":{\"model\":\"claude\","
    "\"provider\":\"anthropic\"}}",
    "{\"type\":\"error\",\"session_id\":\"B\",\"timestamp\":"
    "\"2026-11-21T09:10:00Z\",\"data\":{\"context\":\"api\"}}",
    "{\"type\":\"tool_use\",\"session_id\":\"B\",\"timestamp\":"
    "\"2026-11-21T09:11:00Z\",\"data\":{\"tool\":\"Edit\"}}",
    "{\"type\":\"command_start\",\"session_id\":\"C\",\"timestamp\":"
    "\"2026-11-23T10:00:00Z\",\"data\":{\"command\":\"git\"}}",
    "{\"type\":\"session_end\",\"session_id\":\"C\",\"timestamp\":"
    "\"2026-11-23T10:30:00Z\",\"data\":{\"duration\":60000}}",
};

static const char *const same_keys[] = {
    "total_sessions",
    "total_events",
    "total_commands",
    "total_tasks",
    "total_errors",
    "completed_sessions",
    "total_session_duration",
    "abandoned_sessions",
    "tokens",
    "projects",
    "avg_session_duration",
    "error_rate",
    "models_used",
    "providers_used",
    "most_used_commands",
    "command_failures",
    "most_used_tools",
    "errors_by_context",
    "event_types",
    "hourly_activity",
    "tokens_by_model",
    "first_use",
    "last_use",
};

struct fold {
	json_t *acc;
	const struct range *r;
};

static void add_day(const char *name, json_t *doc, void *ctx)
{
	struct fold *f = ctx;
	char date[TIME_DATE_LEN];

	if (range_day_of(USAGE_PREFIX, name, date) == 0 &&
	    range_contains(f->r, date))
		ck_assert_int_eq(usage_days_add(f->acc, date, doc), 0);
}

static json_t *fold(struct docs *docs, const struct range *r)
{
	struct fold f = {usage_days_new(), r};

	ck_assert_ptr_nonnull(f.acc);
	docs_each(docs, add_day, &f);
	ck_assert_int_eq(usage_days_finish(f.acc, r), 0);
	return f.acc;
}

static struct docs *replay(void)
{
	struct docs *docs = docs_new_memory();
	struct error err = {0};

	setenv("TZ", "UTC", 1);
	tzset();
	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		json_t *rec = json_loads(records[i], 0, NULL);

		ck_assert_ptr_nonnull(rec);
		ck_assert_int_eq(usage_apply(docs, rec, &err), 0);
		json_decref(rec);
	}
	return docs;
}

START_TEST(test_usage_days_equal_summary)
{
	struct docs *docs = replay();
	struct range all = {"", ""};
	json_t *summary = docs_peek(docs, USAGE_SUMMARY);
	json_t *acc = fold(docs, &all), *stats;

	for (size_t i = 0; i < sizeof(same_keys) / sizeof(same_keys[0]); i++)
		ck_assert_msg(
		    json_equal(json_object_get(acc, same_keys[i]),
		               json_object_get(summary, same_keys[i])),
		    "%s differs", same_keys[i]);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(acc, "abandoned_sessions")), 1);
	/* daily_stats: the summary's figures, and completed_sessions. */
	stats =
	    json_object_get(json_object_get(acc, "daily_stats"), "2026-11-21");
	ck_assert_int_eq(json_integer_value(json_object_get(stats, "events")),
	                 6);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(stats, "completed_sessions")),
	    0);
	ck_assert_str_eq(json_string_value(json_object_get(
	                     json_object_get(acc, "range"), "since")),
	                 "2026-11-20");
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_object_get(acc, "range"), "days")),
	                 4);
	json_decref(acc);
	docs_free(docs);
}
END_TEST

START_TEST(test_usage_days_range)
{
	struct docs *docs = replay();
	struct range r = {"2026-11-21", "2026-11-22"};
	json_t *acc = fold(docs, &r);

	/* B's day: B started, A's events after midnight, A's end counts on
	 * its start day (2026-11-20), outside the range. */
	ck_assert_int_eq(
	    json_integer_value(json_object_get(acc, "total_events")), 6);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(acc, "total_sessions")), 1);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(acc, "completed_sessions")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_object_get(acc, "range"), "days")),
	                 2);
	json_decref(acc);
	docs_free(docs);
}
END_TEST

START_TEST(test_usage_days_tokens)
{
	/* Day files that count tokens (docs/design.md §5a): summed when
	 * present. */
	json_t *acc = usage_days_new();
	json_t *d1 = json_loads("{\"summary\":{\"total_events\":2,\"tokens\":"
	                        "{\"input\":10,\"output\":5,\"total\":15}}}",
	                        0, NULL);
	json_t *d2 = json_loads("{\"summary\":{\"total_events\":1}}", 0, NULL);
	json_t *d3 = json_loads("{\"summary\":{\"tokens\":{\"input\":1,"
	                        "\"output\":1,\"total\":2}}}",
	                        0, NULL);
	struct range all = {"", ""};
	json_t *want =
	    json_loads("{\"input\":11,\"output\":6,\"total\":17}", 0, NULL);

	ck_assert_int_eq(usage_days_add(acc, "2026-01-01", d1), 0);
	ck_assert_int_eq(usage_days_add(acc, "2026-01-02", d2), 0);
	ck_assert_int_eq(usage_days_add(acc, "2026-01-03", d3), 0);
	ck_assert_int_eq(usage_days_finish(acc, &all), 0);
	ck_assert(json_equal(json_object_get(acc, "tokens"), want));
	ck_assert_int_eq(
	    json_integer_value(json_object_get(
	        json_object_get(json_object_get(acc, "daily_stats"),
	                        "2026-01-01"),
	        "tokens")),
	    15);
	ck_assert_ptr_null(json_object_get(
	    json_object_get(json_object_get(acc, "daily_stats"), "2026-01-02"),
	    "tokens"));
	json_decref(acc);
	json_decref(d1);
	json_decref(d2);
	json_decref(d3);
	json_decref(want);
}
END_TEST

/* The range of days a, b (NULL: none) as usage_days_finish() leaves it. */
static json_t *fold2(const char *a, const char *b)
{
	json_t *acc = usage_days_new();
	struct range all = {"", ""};
	const char *days[] = {a, b};

	for (int i = 0; i < 2 && days[i] != NULL; i++) {
		json_t *d = json_loads(days[i], 0, NULL);

		ck_assert_ptr_nonnull(d);
		ck_assert_int_eq(
		    usage_days_add(acc, i ? "2026-01-02" : "2026-01-01", d), 0);
		json_decref(d);
	}
	ck_assert_int_eq(usage_days_finish(acc, &all), 0);
	return acc;
}

static const char *acc_str(const json_t *acc, const char *key)
{
	return json_string_value(json_object_get(acc, key));
}

/*
 * First and last use are the earliest and latest of the days'; a day of
 * no events ("") says nothing; a day file written before day files kept
 * first_use or tokens_by_model, on a day that counted events or tokens,
 * leaves that figure out of the range rather than give part of it.
 */
START_TEST(test_usage_days_older_files)
{
	const char *now =
	    "{\"summary\":{\"total_events\":2,\"first_use\":"
	    "\"2026-01-02T08:00:00.000Z\",\"last_use\":"
	    "\"2026-01-02T09:00:00.000Z\",\"tokens\":{\"total\":15},"
	    "\"tokens_by_model\":{\"gpt-5\":{\"total\":15}}}}";
	const char *earlier =
	    "{\"summary\":{\"total_events\":1,\"first_use\":"
	    "\"2026-01-01T07:00:00.000Z\",\"last_use\":"
	    "\"2026-01-01T07:00:00.000Z\",\"tokens_by_model\":{}}}";
	const char *none = "{\"summary\":{\"total_events\":0,\"first_use\":"
	                   "\"\",\"last_use\":\"\",\"tokens_by_model\":{}}}";
	const char *older = "{\"summary\":{\"total_events\":3,\"tokens\":"
	                    "{\"total\":2}}}";
	const char *older_quiet = "{\"summary\":{\"total_events\":0}}";
	json_t *acc;

	acc = fold2(now, earlier);
	ck_assert_str_eq(acc_str(acc, "first_use"), "2026-01-01T07:00:00.000Z");
	ck_assert_str_eq(acc_str(acc, "last_use"), "2026-01-02T09:00:00.000Z");
	ck_assert_int_eq(
	    json_integer_value(json_object_get(
	        json_object_get(json_object_get(acc, "tokens_by_model"),
	                        "gpt-5"),
	        "total")),
	    15);
	json_decref(acc);

	acc = fold2(none, now);
	ck_assert_str_eq(acc_str(acc, "first_use"), "2026-01-02T08:00:00.000Z");
	json_decref(acc);

	/* Either order: the older file's day counted events and tokens. */
	for (int i = 0; i < 2; i++) {
		acc = i ? fold2(older, now) : fold2(now, older);
		ck_assert_ptr_null(json_object_get(acc, "first_use"));
		ck_assert_ptr_null(json_object_get(acc, "last_use"));
		ck_assert_ptr_null(json_object_get(acc, "tokens_by_model"));
		ck_assert_int_eq(json_integer_value(json_object_get(
		                     json_object_get(acc, "tokens"), "total")),
		                 17);
		json_decref(acc);
	}
	/* An older file of a day that counted nothing takes nothing away. */
	acc = fold2(older_quiet, now);
	ck_assert_str_eq(acc_str(acc, "first_use"), "2026-01-02T08:00:00.000Z");
	ck_assert_ptr_nonnull(json_object_get(acc, "tokens_by_model"));
	json_decref(acc);
}
END_TEST

Suite *usage_days_suite(void)
{
	Suite *s = suite_create("usage_days");

	UNIT_CASE(s, "usage_days_add", NULL, NULL,
	          test_usage_days_equal_summary, test_usage_days_range,
	          test_usage_days_tokens, test_usage_days_older_files);
	return s;
}
