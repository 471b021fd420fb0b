/*
 * Rules of this file:
 * - Everything happens under the tool's lock, after the documents have
 *   caught up with the logs.
 * - The checkpoint is the logs being removed replayed in memory on top of
 *   the previous one, by the same apply as every other replay.
 * - It is the only copy of what those logs held: fsynced, renamed and the
 *   directory fsynced before the first unlink.
 */
#include "prune.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "range.h"

static int base_name(const struct store_tool *tool, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s-base.json", tool->prefix);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int prune_base_seed(int dirfd, const struct store_tool *tool, struct docs *docs,
                    struct log_position *start, struct error *err)
{
	char name[64];
	json_t *base, *summary;
	int ret = -1;

	if (base_name(tool, name, sizeof(name)) == -1) {
		error_set(err, ENAMETOOLONG, "cannot name the checkpoint");
		return -1;
	}
	base = docs_load(dirfd, name, err);
	if (base == NULL)
		return errno == ENOENT ? 0 : -1;
	summary = docs_get(docs, tool->summary_name);
	if (summary == NULL) {
		*err = *docs_error(docs);
		goto out;
	}
	if (json_object_update(summary, base) == -1) {
		error_set(err, ENOMEM, "cannot load '%s'", name);
		goto out;
	}
	docs_position_get(base, start);
	ret = 0;
out:
	json_decref(base);
	return ret;
}

struct discard {
	const struct store_tool *tool;
	const char *until;
	struct docs *docs;
	json_t *names;
};

static void collect_old(const char *name, json_t *doc, void *ctx)
{
	struct discard *d = ctx;
	char date[TIME_DATE_LEN];

	(void)doc;
	if (range_day_of(d->tool->prefix, name, date) == 0 &&
	    strcmp(date, d->until) <= 0)
		json_array_append_new(d->names, json_string(name));
}

void prune_base_discard(struct docs *docs, const struct store_tool *tool,
                        const struct log_position *start)
{
	struct discard d = {tool, start->date, docs, json_array()};
	size_t i;
	json_t *name;

	if (start->date[0] == '\0' || d.names == NULL) {
		json_decref(d.names);
		return;
	}
	/* Collected first: docs_each() must not see its documents change. */
	docs_each(docs, collect_old, &d);
	json_array_foreach(d.names, i, name)
	    docs_discard(docs, json_string_value(name));
	json_decref(d.names);
}

/* The checkpoint after replaying logs[] on top of the current one. */
static json_t *checkpoint_new(int dirfd, const struct store_tool *tool,
                              const struct range_days *logs,
                              struct log_position *at, struct error *err)
{
	struct docs *mem = docs_new_memory();
	struct log_position start = {"", 0};
	json_t *summary = NULL;
	long long end;

	if (mem == NULL) {
		error_set(err, ENOMEM, "cannot prune");
		return NULL;
	}
	if (prune_base_seed(dirfd, tool, mem, &start, err) == -1)
		goto out;
	*at = start;
	for (size_t i = 0; i < logs->n; i++) {
		int c = strcmp(logs->dates[i], start.date);

		if (c < 0)
			continue; /* already in the checkpoint */
		if (store_replay_log(dirfd, tool, mem, logs->dates[i],
		                     c == 0 ? start.offset : 0, &end, NULL,
		                     err) == -1)
			goto out;
		memcpy(at->date, logs->dates[i], TIME_DATE_LEN);
		at->offset = end;
	}
	summary = docs_peek(mem, tool->summary_name);
	summary = summary != NULL
	              ? json_deep_copy(summary)
	              : json_pack("{s:i}", "schema_version", SCHEMA_VERSION);
	if (summary == NULL) {
		error_set(err, ENOMEM, "cannot prune");
		goto out;
	}
	docs_position_set(summary, at);
out:
	docs_free(mem);
	return summary;
}

/* Unlink the day files of prefix dated before limit; counts them. */
static int drop_days(int dirfd, const char *prefix, const char *limit,
                     size_t *n, struct error *err)
{
	struct range r = {"", ""};
	struct range_days days;
	char name[64];

	time_date_add(limit, -1, r.until);
	if (range_list(dirfd, prefix, ".json", &r, &days, err) == -1)
		return -1;
	for (size_t i = 0; i < days.n; i++) {
		snprintf(name, sizeof(name), "%s-%s.json", prefix,
		         days.dates[i]);
		if (unlinkat(dirfd, name, 0) == -1 && errno != ENOENT) {
			error_set(err, errno, "cannot delete '%s'", name);
			range_days_free(&days);
			return -1;
		}
		(*n)++;
	}
	range_days_free(&days);
	return 0;
}

int prune_run(const char *dir, const struct store_tool *tool,
              const struct store_options *opts, long days,
              struct prune_result *res, struct error *err)
{
	struct store *st = NULL;
	struct range_days logs = {0};
	struct log_position pos, at;
	char today[TIME_DATE_LEN], limit[TIME_DATE_LEN], name[64], after[12];
	json_t *base = NULL;
	int dirfd, ret = -1;

	memset(res, 0, sizeof(*res));
	time_local_date(time_now_ms(), today);
	time_date_add(today, (int)-days, res->cutoff);
	if (base_name(tool, res->base_name, sizeof(res->base_name)) == -1) {
		error_set(err, ENAMETOOLONG, "cannot name the checkpoint");
		return -1;
	}
	st = store_open(dir, tool, opts, err);
	if (st == NULL || store_checkpoint(st, err) == -1)
		goto out;
	dirfd = store_dirfd(st);
	/* The log the summary applied last stays: hooks append to it. */
	docs_position_get(docs_peek(store_docs(st, err), tool->summary_name),
	                  &pos);
	snprintf(limit, sizeof(limit), "%s", res->cutoff);
	if (pos.date[0] != '\0' && strcmp(pos.date, limit) < 0)
		snprintf(limit, sizeof(limit), "%s", pos.date);
	if (pos.date[0] == '\0')
		limit[0] = '\0'; /* no summary yet: nothing to fold */
	if (limit[0] != '\0') {
		struct range r = {"", ""};

		time_date_add(limit, -1, r.until);
		if (range_list(dirfd, tool->prefix, ".jsonl", &r, &logs, err) ==
		    -1)
			goto out;
	}
	if (logs.n == 0) {
		ret = 0;
		goto out;
	}
	base = checkpoint_new(dirfd, tool, &logs, &at, err);
	if (base == NULL || docs_replace(dirfd, res->base_name, base, 1, err))
		goto out;
	memcpy(res->base_date, at.date, TIME_DATE_LEN);
	for (size_t i = 0; i < logs.n; i++) {
		snprintf(name, sizeof(name), "%s-%s.jsonl", tool->prefix,
		         logs.dates[i]);
		if (unlinkat(dirfd, name, 0) == -1 && errno != ENOENT) {
			error_set(err, errno, "cannot delete '%s'", name);
			goto out;
		}
		res->logs++;
	}
	/* Day files up to the newest log removed, and before the cutoff. */
	time_date_add(at.date, 1, after);
	if (drop_days(dirfd, tool->prefix,
	              strcmp(after, res->cutoff) < 0 ? after : res->cutoff,
	              &res->days, err) == -1)
		goto out;
	if (fsync(dirfd) == -1 && errno != EINVAL) {
		error_set(err, errno, "cannot sync the data directory");
		goto out;
	}
	ret = 0;
out:
	json_decref(base);
	range_days_free(&logs);
	store_close(st);
	return ret;
}

void prune_describe(const struct prune_result *res, char *buf, size_t len)
{
	if (res->logs == 0)
		snprintf(buf, len, "nothing to prune: no log before %s",
		         res->cutoff);
	else
		snprintf(buf, len,
		         "pruned %zu log%s and %zu day file%s before %s; %s "
		         "holds their totals (through %s)",
		         res->logs, res->logs == 1 ? "" : "s", res->days,
		         res->days == 1 ? "" : "s", res->cutoff, res->base_name,
		         res->base_date);
}
