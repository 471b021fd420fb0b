/*
 * Rules of this file:
 * - Only "<prefix>-YYYY-MM-DD.json" with a valid date is a day file: the
 *   summary, the checkpoint, logs, temp and quarantined files never match.
 * - Day files are opened with O_NOFOLLOW (docs_load), as every data file.
 */
#include "range.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docs.h"
#include "json_util.h"
#include "utf8.h"

int range_parse_date(const char *s, const char *option, struct error *err)
{
	char buf[41];

	if (time_date_valid(s))
		return 0;
	error_set(err, 0, "invalid date '%s' for %s (YYYY-MM-DD)",
	          utf8_shown(s, buf, sizeof(buf)), option);
	return -1;
}

int range_parse_days(const char *s, const char *option, long min, long *days,
                     struct error *err)
{
	char *end, buf[41];
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || n < min ||
	    n > RANGE_DAYS_MAX) {
		error_set(err, 0,
		          "invalid number of days '%s' for %s (%ld to %d)",
		          utf8_shown(s, buf, sizeof(buf)), option, min,
		          RANGE_DAYS_MAX);
		return -1;
	}
	*days = n;
	return 0;
}

int range_resolve(const char *since, const char *until, long days,
                  const char *today, struct range *r, struct error *err)
{
	memset(r, 0, sizeof(*r));
	if (days > 0 && since != NULL) {
		error_set(err, 0, "--days and --since cannot go together");
		return -1;
	}
	if (since != NULL)
		snprintf(r->since, sizeof(r->since), "%s", since);
	if (until != NULL)
		snprintf(r->until, sizeof(r->until), "%s", until);
	if (days > 0) {
		if (r->until[0] == '\0')
			snprintf(r->until, sizeof(r->until), "%s", today);
		time_date_add(r->until, (int)-(days - 1), r->since);
	}
	if (r->since[0] != '\0' && r->until[0] != '\0' &&
	    strcmp(r->since, r->until) > 0) {
		error_set(err, 0, "--since %s is after --until %s", r->since,
		          r->until);
		return -1;
	}
	return 0;
}

int range_limited(const struct range *r)
{
	return r->since[0] != '\0' || r->until[0] != '\0';
}

int range_contains(const struct range *r, const char *date)
{
	return (r->since[0] == '\0' || strcmp(date, r->since) >= 0) &&
	       (r->until[0] == '\0' || strcmp(date, r->until) <= 0);
}

/* Days since 1970-01-01 of a valid date (civil calendar, no time zone). */
static long day_number(const char *date)
{
	long y = atol(date), m = atol(date + 5), d = atol(date + 8);
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long range_span(const char *a, const char *b)
{
	long n = day_number(b) - day_number(a) + 1;

	return n > 0 ? n : 0;
}

/* The date of a file name "<prefix>-YYYY-MM-DD<suffix>": 0, or -1. */
static int file_date(const char *prefix, const char *suffix, const char *name,
                     char *date)
{
	size_t plen = strlen(prefix);

	if (strncmp(name, prefix, plen) != 0 || name[plen] != '-' ||
	    strlen(name + plen + 1) != 10 + strlen(suffix) ||
	    strcmp(name + plen + 11, suffix) != 0)
		return -1;
	memcpy(date, name + plen + 1, 10);
	date[10] = '\0';
	return time_date_valid(date) ? 0 : -1;
}

int range_day_of(const char *prefix, const char *name, char *date)
{
	return file_date(prefix, ".json", name, date);
}

static int by_date(const void *a, const void *b)
{
	return strcmp(a, b);
}

int range_list(int dirfd, const char *prefix, const char *suffix,
               const struct range *r, struct range_days *days,
               struct error *err)
{
	DIR *dir = NULL;
	struct dirent *e;
	char date[TIME_DATE_LEN];
	size_t cap = 0;
	void *v;
	int fd, ret = -1;

	days->dates = NULL;
	days->n = 0;
	if (dirfd == -1)
		return 0;
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd == -1 ? NULL : fdopendir(fd);
	if (dir == NULL) {
		error_set(err, errno, "cannot read the data directory");
		if (fd != -1)
			close(fd);
		return -1;
	}
	while ((e = readdir(dir)) != NULL) {
		if (file_date(prefix, suffix, e->d_name, date) == -1 ||
		    !range_contains(r, date))
			continue;
		v = array_grow(days->dates, days->n, &cap, sizeof(*days->dates),
		               32);
		if (v == NULL) {
			error_set(err, ENOMEM, "cannot list the days");
			goto out;
		}
		days->dates = v;
		memcpy(days->dates[days->n++], date, TIME_DATE_LEN);
	}
	if (days->n > 0)
		qsort(days->dates, days->n, sizeof(*days->dates), by_date);
	ret = 0;
out:
	closedir(dir);
	if (ret == -1)
		range_days_free(days);
	return ret;
}

void range_days_free(struct range_days *days)
{
	free(days->dates);
	days->dates = NULL;
	days->n = 0;
}

struct held {
	const char *prefix;
	const struct range *r;
	struct range_days *days;
	int failed;
};

/* Add the date of a day file held in memory (not on disk yet) to days. */
static void add_held(const char *name, json_t *doc, void *ctx)
{
	struct held *h = ctx;
	char date[TIME_DATE_LEN];
	void *v;

	(void)doc;
	if (range_day_of(h->prefix, name, date) == -1 ||
	    !range_contains(h->r, date))
		return;
	v = realloc(h->days->dates, (h->days->n + 1) * sizeof(*h->days->dates));
	if (v == NULL) {
		h->failed = 1;
		return;
	}
	h->days->dates = v;
	memcpy(h->days->dates[h->days->n++], date, TIME_DATE_LEN);
}

int range_each(struct docs *docs, const char *prefix, const struct range *r,
               int (*fn)(const char *date, const json_t *doc, void *ctx,
                         struct error *err),
               void *ctx, struct error *err)
{
	struct range_days days;
	struct held h = {prefix, r, &days, 0};
	char name[64];
	json_t *doc;
	int ret = -1;

	if (range_list(docs_dirfd(docs), prefix, ".json", r, &days, err) == -1)
		return -1;
	docs_each(docs, add_held, &h);
	if (h.failed) {
		error_set(err, ENOMEM, "cannot list the days");
		goto out;
	}
	if (days.n > 0)
		qsort(days.dates, days.n, sizeof(*days.dates), by_date);
	for (size_t i = 0; i < days.n; i++) {
		if (i > 0 && strcmp(days.dates[i], days.dates[i - 1]) == 0)
			continue;
		snprintf(name, sizeof(name), "%s-%s.json", prefix,
		         days.dates[i]);
		doc = docs_peek(docs, name);
		if (doc == NULL && docs_corrupt(docs) != NULL) {
			error_set(err, 0, "'%s' is not a valid document", name);
			goto out;
		}
		if (doc == NULL && docs_error(docs)->what[0] != '\0') {
			*err = *docs_error(docs);
			goto out;
		}
		if (doc == NULL)
			continue; /* removed since the listing (--prune) */
		if (fn(days.dates[i], doc, ctx, err) == -1)
			goto out;
	}
	ret = 0;
out:
	range_days_free(&days);
	return ret;
}

json_t *range_sum_new(struct docs *docs, const char *prefix,
                      const struct range *r, const struct range_sum *sum,
                      struct error *err)
{
	json_t *acc = sum->new ();

	if (acc == NULL)
		goto nomem;
	if (range_each(docs, prefix, r, sum->add, acc, err) == -1) {
		json_decref(acc);
		return NULL;
	}
	if (sum->finish(acc, r) == -1)
		goto nomem;
	return acc;
nomem:
	json_decref(acc);
	error_set(err, ENOMEM, "cannot add up the days");
	return NULL;
}

int range_finish(json_t *acc, const struct range *r)
{
	size_t n;
	const char **dates = json_util_sorted_keys(
	    json_object_get(acc, "daily_stats"), JSON_OBJECT, &n);
	const char *since = r->since[0] ? r->since : n ? dates[0] : "";
	const char *until = r->until[0] ? r->until : n ? dates[n - 1] : "";
	int ret = dates == NULL ? -1 : 0;

	if (ret == 0)
		ret = json_object_set_new(
		    acc, "range",
		    json_pack("{s:s,s:s,s:I}", "since", since, "until", until,
		              "days",
		              (json_int_t)(since[0] && until[0]
		                               ? range_span(since, until)
		                               : 0)));
	free(dates);
	if (ret == -1)
		errno = ENOMEM;
	return ret;
}

/* a + v: an integer when both are, else a real. */
static json_t *sum_new(const json_t *a, const json_t *v)
{
	if (json_is_integer(a) && json_is_integer(v))
		return json_integer(json_integer_value(a) +
		                    json_integer_value(v));
	return json_real(json_number_value(a) + json_number_value(v));
}

int range_add(json_t *acc, const json_t *add)
{
	const char *key;
	json_t *v, *a;
	int bad = 0;

	if (json_is_object(acc) && json_is_object(add)) {
		json_object_foreach((json_t *)add, key, v)
		{
			a = json_object_get(acc, key);
			if (a == NULL)
				bad = json_object_set_new(acc, key,
				                          json_deep_copy(v));
			else if (json_is_number(a) && json_is_number(v))
				bad = json_object_set_new(acc, key,
				                          sum_new(a, v));
			else
				bad = range_add(a, v);
			if (bad)
				return -1;
		}
	}
	if (json_is_array(acc) && json_is_array(add)) {
		for (size_t i = 0; !bad && i < json_array_size(add); i++) {
			v = json_array_get(add, i);
			a = json_array_get(acc, i);
			if (a == NULL)
				bad = json_array_append_new(acc,
				                            json_deep_copy(v));
			else if (json_is_number(a) && json_is_number(v))
				bad = json_array_set_new(acc, i, sum_new(a, v));
		}
	}
	return bad ? -1 : 0;
}
