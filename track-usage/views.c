/*
 * Rules of this file:
 * - While rows are added, v holds "acc": {key: row, with "order" to sort
 *   by}; views_finish() makes it the sorted "rows" and the "total".
 * - A figure missing or mistyped reads as 0: old day files still add up.
 */
#include "views.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "json_util.h"
#include "portable.h"
#include "table.h"
#include "timeutil.h"

#define NUM 32

/* A row's figures, and where a day file's summary keeps each. */
static const struct {
	const char *key;
	const char *day;     /* in a day file's summary */
	const char *session; /* in a session's entry */
} figures[] = {
    {"sessions", "total_sessions", NULL},
    {"events", "total_events", "events"},
    {"commands", "total_commands", "commands"},
    {"tasks", "total_tasks", "tasks"},
    {"errors", "total_errors", "errors"},
    {"tokens", "tokens", "tokens"},
    {"duration", "total_duration", "duration"},
};

/* A figure of o; tokens are an object whose total counts. */
static json_int_t figure(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_object(v) ? integer(v, "total") : json_integer_value(v);
}

static int add(json_t *o, const char *key, json_int_t n)
{
	return json_object_set_new(o, key, json_integer(figure(o, key) + n));
}

json_t *views_new(const char *by)
{
	return json_pack("{s:s,s:{}}", "by", by, "acc");
}

/* The row of key, created with order when new. */
static json_t *row(json_t *v, const char *key, const char *order)
{
	json_t *acc = json_object_get(v, "acc");
	json_t *r = json_object_get(acc, key);

	if (r != NULL)
		return r;
	r = json_pack("{s:s}", "order", order);
	if (r == NULL || json_object_set_new(acc, key, r) == -1)
		return NULL;
	return r;
}

static int add_sessions(json_t *v, const json_t *day)
{
	const json_t *sessions = json_object_get(day, "sessions");
	const char *id, *start;
	json_t *s, *r;
	int bad = 0;

	json_object_foreach((json_t *)sessions, id, s)
	{
		start = json_string_value(json_object_get(s, "start_time"));
		r = row(v, id, start != NULL ? start : "");
		if (r == NULL)
			return -1;
		bad |= add(r, "sessions", 1);
		for (size_t i = 1; i < ARRAY_SIZE(figures); i++)
			bad |= add(r, figures[i].key,
			           figure(s, figures[i].session));
	}
	return bad ? -1 : 0;
}

int views_add_day(json_t *v, const char *date, const json_t *day)
{
	const char *by = json_string_value(json_object_get(v, "by"));
	const json_t *summary = json_object_get(day, "summary");
	char key[TIME_DATE_LEN];
	json_t *r;
	int bad = 0;

	if (strcmp(by, "session") == 0)
		return add_sessions(v, day);
	if (strcmp(by, "project") == 0)
		return views_add_projects(v,
		                          json_object_get(summary, "projects"));
	if (strcmp(by, "week") == 0)
		time_date_week(date, key);
	else if (strcmp(by, "month") == 0)
		snprintf(key, sizeof(key), "%.7s", date);
	else
		snprintf(key, sizeof(key), "%s", date);
	if (key[0] == '\0')
		return 0; /* not a date */
	r = row(v, key, key);
	if (r == NULL)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(figures); i++)
		bad |= add(r, figures[i].key, figure(summary, figures[i].day));
	return bad ? -1 : 0;
}

int views_add_day_cb(const char *date, const json_t *day, void *ctx,
                     struct error *err)
{
	if (views_add_day(ctx, date, day) == -1) {
		error_set(err, ENOMEM, "cannot add up the days");
		return -1;
	}
	return 0;
}

int views_add_projects(json_t *v, const json_t *projects)
{
	const char *name;
	json_t *p, *r;
	int bad = 0;

	json_object_foreach((json_t *)projects, name, p)
	{
		r = row(v, name, name);
		if (r == NULL)
			return -1;
		for (size_t i = 0; i < ARRAY_SIZE(figures); i++)
			bad |=
			    add(r, figures[i].key, figure(p, figures[i].key));
	}
	return bad ? -1 : 0;
}

/* qsort_r order: by events first when *projects, then order, then key. */
static int compare(const void *a, const void *b, void *projects)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t ex = figure(x, "events"), ey = figure(y, "events");
	int c;

	if (*(int *)projects && ex != ey)
		return ex > ey ? -1 : 1;
	c = strcmp(json_string_value(json_object_get(x, "order")),
	           json_string_value(json_object_get(y, "order")));
	if (c != 0)
		return c;
	return strcmp(json_string_value(json_object_get(x, "key")),
	              json_string_value(json_object_get(y, "key")));
}

int views_finish(json_t *v)
{
	json_t *acc = json_object_get(v, "acc");
	json_t *rows = json_array(), *total = json_object(), *r;
	json_t **list = calloc(json_object_size(acc) + 1, sizeof(*list));
	const char *key;
	size_t n = 0;
	int projects =
	    strcmp(json_string_value(json_object_get(v, "by")), "project") == 0;
	int bad = rows == NULL || total == NULL || list == NULL;

	json_object_foreach(acc, key, r)
	{
		if (bad || figure(r, "events") == 0)
			continue; /* no events, no row */
		bad |= json_object_set_new(r, "key", json_string(key));
		list[n++] = r;
	}
	if (!bad && n > 1)
		portable_qsort_r(list, n, sizeof(*list), compare, &projects);
	for (size_t i = 0; i < ARRAY_SIZE(figures); i++)
		bad |=
		    json_object_set_new(total, figures[i].key, json_integer(0));
	for (size_t i = 0; !bad && i < n; i++) {
		r = json_pack("{s:O}", "key", json_object_get(list[i], "key"));
		for (size_t f = 0; r != NULL && f < ARRAY_SIZE(figures); f++) {
			json_int_t x = figure(list[i], figures[f].key);

			bad |= json_object_set_new(r, figures[f].key,
			                           json_integer(x));
			bad |= add(total, figures[f].key, x);
		}
		bad |= r == NULL || json_array_append_new(rows, r);
	}
	free(list);
	if (!bad) {
		json_object_del(v, "acc");
		bad |= json_object_set_new(v, "rows", rows);
		bad |= json_object_set_new(v, "total", total);
		return bad ? -1 : 0;
	}
	json_decref(rows);
	json_decref(total);
	return -1;
}

/* ---- printing ---- */

static const struct table_column columns[] = {
    {NULL, NULL, 0, 12, 0}, /* the key: title and CSV name from "by" */
    {"SESSIONS", "sessions", 1, 0, 0},
    {"EVENTS", "events", 1, 0, 2},
    {"COMMANDS", "commands", 1, 0, 0},
    {"TASKS", "tasks", 1, 0, 3},
    {"ERRORS", "errors", 1, 0, 1},
    {"TOKENS", "tokens", 1, 0, 0},
    {"HOURS", "duration", 1, 0, 0},
};

/* The cells of row r: numbers with separators in text, plain in CSV. */
static void cells_of(const json_t *r, int csv, char cells[][NUM],
                     const char **ptrs)
{
	json_int_t x;

	ptrs[0] = json_string_value(json_object_get(r, "key"));
	if (ptrs[0] == NULL)
		ptrs[0] = "total";
	for (size_t f = 0; f < ARRAY_SIZE(figures); f++) {
		x = figure(r, figures[f].key);
		if (csv)
			snprintf(cells[f + 1], NUM, "%lld", (long long)x);
		else if (strcmp(figures[f].key, "duration") == 0)
			snprintf(cells[f + 1], NUM, "%.1f",
			         (double)x / 3600000.0);
		else
			chart_thousands(x, cells[f + 1], NUM);
		ptrs[f + 1] = cells[f + 1];
	}
}

static int print_table(FILE *out, const json_t *v,
                       const struct report_options *opts)
{
	const char *by = json_string_value(json_object_get(v, "by"));
	struct table_column cols[ARRAY_SIZE(columns)];
	char title[16], cells[ARRAY_SIZE(columns)][NUM];
	const char *ptrs[ARRAY_SIZE(columns)];
	int csv = opts->format == REPORT_CSV;
	struct table *t;
	json_t *r;
	size_t i;
	int ret = -1;

	memcpy(cols, columns, sizeof(cols));
	for (i = 0; by[i] != '\0' && i < sizeof(title) - 1; i++)
		title[i] =
		    (char)(by[i] >= 'a' && by[i] <= 'z' ? by[i] - 32 : by[i]);
	title[i] = '\0';
	cols[0].title = title;
	cols[0].key = by;
	if (csv)
		cols[ARRAY_SIZE(cols) - 1].key = "duration_ms";
	t = table_new(cols, ARRAY_SIZE(cols));
	if (t == NULL)
		return -1;
	json_array_foreach(json_object_get(v, "rows"), i, r)
	{
		cells_of(r, csv, cells, ptrs);
		if (table_add(t, ptrs, 0) == -1)
			goto out;
	}
	cells_of(json_object_get(v, "total"), csv, cells, ptrs);
	if (table_add(t, ptrs, TABLE_TOTAL) == -1)
		goto out;
	if (csv)
		ret = table_csv(t, out);
	else if (table_rows(t) == 1)
		ret = fprintf(out, "No %s has events.\n", by) < 0 ? -1 : 0;
	else
		ret = table_print(t, out, (size_t)opts->columns, opts->utf8);
out:
	table_free(t);
	return ret;
}

int views_print(FILE *out, const json_t *v, const struct report_options *opts)
{
	if (opts->format == REPORT_JSON)
		return json_util_print(out, v);
	return print_table(out, v, opts);
}
