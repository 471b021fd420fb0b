#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "views.h"

static json_t *doc(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	ck_assert_msg(j != NULL, "bad fixture %s", text);
	return j;
}

static void add(json_t *v, const char *date, const char *text)
{
	json_t *d = doc(text);

	ck_assert_int_eq(views_add_day(v, date, d), 0);
	json_decref(d);
}

static void expect(json_t *v, const char *path, const char *want)
{
	json_t *got = json_object_get(v, path), *w = doc(want);
	char *s = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);

	ck_assert_msg(json_equal(got, w), "%s: got %s, want %s", path, s, want);
	free(s);
	json_decref(w);
}

/* The key of row i of a finished view. */
static const char *row_key(const json_t *v, size_t i)
{
	return json_string_value(json_object_get(
	    json_array_get(json_object_get(v, "rows"), i), "key"));
}

#define DAY(sessions, events, tokens)                                          \
	"{\"summary\":{\"total_sessions\":" #sessions                          \
	",\"total_events\":" #events                                           \
	",\"total_commands\":1,\"total_tasks\":1,\"total_errors\":0,"          \
	"\"total_duration\":60000,\"tokens\":{\"total\":" #tokens "}}}"

/* ISO weeks across a year boundary; a day without events has no row. */
START_TEST(test_views_week)
{
	json_t *v = views_new("week");

	add(v, "2027-01-04", DAY(1, 2, 10));
	add(v, "2026-12-31", DAY(1, 3, 5));
	add(v, "2027-01-03", DAY(0, 1, 0));
	add(v, "2027-01-05", DAY(0, 0, 0));
	/* A day file from before tokens were counted. */
	add(v, "2026-12-29", "{\"summary\":{\"total_events\":1}}");
	ck_assert_int_eq(views_finish(v), 0);
	expect(v, "rows",
	       "[{\"key\":\"2026-W53\",\"sessions\":1,\"events\":5,"
	       "\"commands\":2,\"tasks\":2,\"errors\":0,\"tokens\":5,"
	       "\"duration\":120000},"
	       "{\"key\":\"2027-W01\",\"sessions\":1,\"events\":2,"
	       "\"commands\":2,\"tasks\":2,\"errors\":0,\"tokens\":10,"
	       "\"duration\":120000}]");
	expect(v, "total",
	       "{\"sessions\":2,\"events\":7,\"commands\":4,\"tasks\":4,"
	       "\"errors\":0,\"tokens\":15,\"duration\":240000}");
	ck_assert_ptr_null(json_object_get(v, "acc"));
	json_decref(v);
}
END_TEST

/* Sessions from their start day's entries, oldest start first. */
START_TEST(test_views_session)
{
	json_t *v = views_new("session");

	add(v, "2026-11-25",
	    "{\"sessions\":{\"late\":{\"start_time\":\"2026-11-25T20:00:00Z\","
	    "\"events\":3,\"commands\":2,\"tokens\":{\"total\":7},"
	    "\"duration\":1000},"
	    "\"early\":{\"start_time\":\"2026-11-25T08:00:00Z\",\"events\":1}}"
	    "}");
	add(v, "2026-11-24",
	    "{\"sessions\":{\"old\":{\"start_time\":\"2026-11-24T08:00:00Z\","
	    "\"events\":2,\"errors\":1}}}");
	ck_assert_int_eq(views_finish(v), 0);
	expect(v, "rows",
	       "[{\"key\":\"old\",\"sessions\":1,\"events\":2,\"commands\":0,"
	       "\"tasks\":0,\"errors\":1,\"tokens\":0,\"duration\":0},"
	       "{\"key\":\"early\",\"sessions\":1,\"events\":1,\"commands\":0,"
	       "\"tasks\":0,\"errors\":0,\"tokens\":0,\"duration\":0},"
	       "{\"key\":\"late\",\"sessions\":1,\"events\":3,\"commands\":2,"
	       "\"tasks\":0,\"errors\":0,\"tokens\":7,\"duration\":1000}]");
	json_decref(v);
}
END_TEST

/* Projects: most events first, ties by name; a month key is YYYY-MM. */
START_TEST(test_views_project_month)
{
	json_t *v = views_new("project"), *p, *m;

	p = doc("{\"b\":{\"events\":2,\"sessions\":1},\"a\":{\"events\":2},"
	        "\"c\":{\"events\":5,\"tokens\":9},\"idle\":{\"events\":0}}");
	ck_assert_int_eq(views_add_projects(v, p), 0);
	json_decref(p);
	ck_assert_int_eq(views_finish(v), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(v, "rows")), 3);
	ck_assert_str_eq(row_key(v, 0), "c");
	ck_assert_str_eq(row_key(v, 1), "a");
	json_decref(v);
	m = views_new("month");
	add(m, "2026-11-30", DAY(1, 1, 0));
	add(m, "2026-12-01", DAY(1, 1, 0));
	ck_assert_int_eq(views_finish(m), 0);
	ck_assert_str_eq(row_key(m, 1), "2026-12");
	json_decref(m);
}
END_TEST

Suite *views_suite(void)
{
	Suite *s = suite_create("views");

	UNIT_CASE(s, "views_finish", NULL, NULL, test_views_week,
	          test_views_session, test_views_project_month);
	return s;
}
