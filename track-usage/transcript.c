/*
 * Rules of this file (docs/design.md §5a):
 * - A line is parsed only when it names "turn_context", "token_count" or
 *   "assistant": a compacted Codex line can be megabytes naming none.
 * - Codex token_count: last_token_usage counts, else the difference of
 *   total_token_usage from the previous total; an equal total is a repeat
 *   (written again around a compaction) and counts nothing.
 * - Claude Code writes a message as a line per content block, each with
 *   the usage so far: a message.id and requestId count once, each later
 *   line what it adds.
 * - The cursor changes only when a read succeeds.
 */
#include "transcript.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "json_util.h"
#include "tally.h"
#include "utf8.h"

#define UNKNOWN "unknown"

void transcript_usage_init(struct transcript_usage *u)
{
	memset(u, 0, sizeof(*u));
}

void transcript_usage_release(struct transcript_usage *u)
{
	json_decref(u->rate_limits);
	u->rate_limits = NULL;
}

/* Add t to model's entry of u; the last entry is kept for "(other)". */
static void usage_add(struct transcript_usage *u, const char *model,
                      const struct tokens *t)
{
	size_t i;

	if (tokens_zero(t))
		return;
	for (i = 0; i < u->n; i++) {
		if (strcmp(u->model[i].name, model) == 0)
			break;
	}
	if (i == u->n && u->n == TRANSCRIPT_MODELS_MAX - 1)
		model = TALLY_OTHER;
	for (i = 0; i < u->n; i++) {
		if (strcmp(u->model[i].name, model) == 0)
			break;
	}
	if (i == u->n) {
		snprintf(u->model[i].name, sizeof(u->model[i].name), "%s",
		         model);
		memset(&u->model[i].tokens, 0, sizeof(u->model[i].tokens));
		u->n++;
	}
	tokens_add(&u->model[i].tokens, t);
}

/* model cleaned and cut to whole characters (it goes into JSON), or NULL. */
static char *model_new(const char *model)
{
	char *clean = event_model_clean(model);
	char *cut =
	    clean != NULL ? utf8_cut(clean, TRANSCRIPT_MODEL_LEN - 1) : NULL;

	free(clean);
	return cut;
}

static int codex_turn_context(json_t *cursor, const json_t *payload)
{
	const char *name = str(payload, "model");
	char *model = name != NULL ? model_new(name) : NULL;
	int ret = name != NULL && model == NULL ? -1 : 0;

	if (model != NULL && model[0] != '\0')
		ret = json_object_set_new(cursor, "model", json_string(model));
	free(model);
	return ret;
}

static int codex_token_count(json_t *cursor, const json_t *payload,
                             struct transcript_usage *u)
{
	const json_t *info = json_object_get(payload, "info");
	const json_t *last = json_object_get(info, "last_token_usage");
	const json_t *total = json_object_get(info, "total_token_usage");
	const json_t *prev_json = json_object_get(cursor, "total");
	const char *model = str(cursor, "model");
	json_t *limits = json_object_get(payload, "rate_limits");
	struct tokens t, now, prev;

	/* Limits come with usage or alone, in a line whose info is null. */
	if (json_is_object(limits)) {
		json_decref(u->rate_limits);
		u->rate_limits = json_incref(limits);
	}
	if (!json_is_object(info))
		return 0;
	if (json_is_object(total)) {
		tokens_from_codex(&now, total);
		if (json_is_object(prev_json)) {
			tokens_from_json(&prev, prev_json);
			if (memcmp(&now, &prev, sizeof(now)) == 0)
				return 0; /* a repeat */
		} else {
			memset(&prev, 0, sizeof(prev));
		}
		if (json_object_set_new(cursor, "total", tokens_json_new(&now)))
			return -1;
		if (json_is_object(last))
			tokens_from_codex(&t, last);
		else
			tokens_sub(&t, &now, &prev);
	} else if (json_is_object(last)) {
		tokens_from_codex(&t, last);
	} else {
		return 0;
	}
	usage_add(u, model != NULL ? model : UNKNOWN, &t);
	return 0;
}

static int claude_assistant(json_t *cursor, const json_t *line,
                            struct transcript_usage *u)
{
	const json_t *message = json_object_get(line, "message");
	const json_t *usage = json_object_get(message, "usage");
	const char *id = str(message, "id");
	const char *request = str(line, "requestId");
	const char *seen = str(cursor, "message");
	json_t *counted_json = json_object_get(cursor, "counted");
	struct tokens t, counted, add;
	char key[512], cut_id[251], cut_request[251], *model;

	if (!json_is_object(usage))
		return 0;
	tokens_from_claude(&t, usage);
	/* Whole characters only: the key is kept as a JSON string. */
	utf8_cut_into(cut_id, id != NULL ? id : "", 250);
	utf8_cut_into(cut_request, request != NULL ? request : "", 250);
	snprintf(key, sizeof(key), "%s/%s", cut_id, cut_request);
	if (id != NULL && seen != NULL && strcmp(key, seen) == 0 &&
	    json_is_object(counted_json)) {
		/* Another line of the message counted last: what it adds. */
		tokens_from_json(&counted, counted_json);
		tokens_sub(&add, &t, &counted);
		tokens_add(&counted, &add);
		t = add;
		if (json_object_set_new(cursor, "counted",
		                        tokens_json_new(&counted)))
			return -1;
	} else if (json_object_set_new(cursor, "message", json_string(key)) ||
	           json_object_set_new(cursor, "counted",
	                               tokens_json_new(&t))) {
		return -1;
	}
	model = model_new(str_or(message, "model", UNKNOWN));
	if (model == NULL)
		return -1;
	usage_add(u, model[0] != '\0' ? model : UNKNOWN, &t);
	free(model);
	return 0;
}

static int may_hold_usage(const char *line, size_t len)
{
	static const char *const words[] = {"\"turn_context\"",
	                                    "\"token_count\"", "\"assistant\""};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (memmem(line, len, words[i], strlen(words[i])) != NULL)
			return 1;
	}
	return 0;
}

/* One complete line (without its newline); -1: no memory. */
static int scan_line(json_t *cursor, const char *line, size_t len,
                     struct transcript_usage *u)
{
	json_t *root, *payload;
	const char *type;
	int ret = 0;

	if (len > TRANSCRIPT_LINE_MAX || !may_hold_usage(line, len))
		return 0;
	root = json_loadb(line, len, 0, NULL);
	if (root == NULL)
		return 0; /* not JSON: skipped */
	type = str(root, "type");
	payload = json_object_get(root, "payload");
	if (type == NULL)
		ret = 0;
	else if (strcmp(type, "turn_context") == 0)
		ret = codex_turn_context(cursor, payload);
	else if (strcmp(type, "event_msg") == 0 &&
	         strcmp(str_or(payload, "type", ""), "token_count") == 0)
		ret = codex_token_count(cursor, payload, u);
	else if (strcmp(type, "assistant") == 0)
		ret = claude_assistant(cursor, root, u);
	json_decref(root);
	return ret;
}

int transcript_scan(json_t *cursor, const char *buf, size_t len,
                    struct transcript_usage *u)
{
	const char *p = buf, *end = buf + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (scan_line(cursor, p, (size_t)(nl - p), u) == -1)
			return -1;
		p = nl + 1;
	}
	return 0;
}

void transcript_file_key(const char *path, char key[TRANSCRIPT_KEY_LEN])
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	snprintf(key, TRANSCRIPT_KEY_LEN, "%016llx", (unsigned long long)h);
}

/*
 * The cursor for path: a copy of cursor, or a fresh one when path is new.
 * A cursor of an earlier version names its transcript by "path": taken
 * over, the path dropped.
 */
static json_t *cursor_for(const json_t *cursor, const char *path)
{
	char key[TRANSCRIPT_KEY_LEN];
	const char *was = str(cursor, "file"), *old = str(cursor, "path");
	json_t *copy;

	transcript_file_key(path, key);
	if ((was == NULL || strcmp(was, key) != 0) &&
	    (old == NULL || strcmp(old, path) != 0))
		return json_pack("{s:s,s:i}", "file", key, "offset", 0);
	copy = json_deep_copy(cursor);
	if (copy != NULL) {
		json_object_del(copy, "path");
		if (json_object_set_new(copy, "file", json_string(key)) == -1) {
			json_decref(copy);
			copy = NULL;
		}
	}
	return copy;
}

int transcript_read(const char *path, json_t *cursor,
                    struct transcript_usage *u, struct error *err)
{
	return transcript_read_budget(path, cursor, u, TRANSCRIPT_READ_MS, err);
}

int transcript_read_budget(const char *path, json_t *cursor,
                           struct transcript_usage *u, long budget_ms,
                           struct error *err)
{
	long long deadline = time_monotonic_ms() + budget_ms;
	struct transcript_usage got = *u;
	json_t *work = NULL;
	char *buf = NULL, *nl;
	struct stat sb;
	long long pos, limit;
	size_t have = 0, start, want;
	ssize_t n;
	int fd, skip, ret = -1;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		error_set(err, errno, "cannot open the transcript '%.200s'",
		          path);
		return -1;
	}
	/* got holds its own reference: *u keeps its own until success. */
	json_incref(got.rate_limits);
	if (fstat(fd, &sb) == -1) {
		error_set(err, errno, "cannot read the transcript '%.200s'",
		          path);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		error_set(err, 0,
		          "cannot read the transcript '%.200s': not a file",
		          path);
		goto out;
	}
	work = cursor_for(cursor, path);
	buf = malloc(TRANSCRIPT_LINE_MAX);
	if (work == NULL || buf == NULL) {
		error_set(err, ENOMEM, "cannot read the transcript");
		goto out;
	}
	pos = json_integer_value(json_object_get(work, "offset"));
	skip = json_is_true(json_object_get(work, "skip"));
	if (pos < 0 || pos > sb.st_size) {
		/* Replaced or truncated: start again from its end. */
		pos = sb.st_size;
		skip = 0;
	}
	limit = sb.st_size - pos > TRANSCRIPT_READ_MAX
	            ? pos + TRANSCRIPT_READ_MAX
	            : sb.st_size;
	while (pos + (long long)have < limit) {
		want = (size_t)(TRANSCRIPT_LINE_MAX - have);
		if ((long long)want > limit - pos - (long long)have)
			want = (size_t)(limit - pos - (long long)have);
		n = pread(fd, buf + have, want, pos + (long long)have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			error_set(err, errno,
			          "cannot read the transcript '%.200s'", path);
			goto out;
		}
		if (n == 0)
			break; /* it shrank while we read */
		have += (size_t)n;
		start = 0;
		while ((nl = memchr(buf + start, '\n', have - start)) != NULL) {
			if (skip)
				skip = 0; /* the end of a line too long */
			else if (scan_line(work, buf + start,
			                   (size_t)(nl - buf) - start,
			                   &got) == -1)
				goto nomem;
			start = (size_t)(nl - buf) + 1;
		}
		if (start == 0 && have == TRANSCRIPT_LINE_MAX) {
			skip = 1; /* a line too long: skipped unparsed */
			start = have;
		}
		memmove(buf, buf + start, have - start);
		pos += (long long)start;
		have -= start;
		if (time_monotonic_ms() >= deadline)
			break; /* the rest at the next read */
	}
	if (json_object_set_new(work, "offset", json_integer(pos)) ||
	    json_object_set_new(work, "skip", json_boolean(skip)) ||
	    json_object_clear(cursor) || json_object_update(cursor, work))
		goto nomem;
	json_decref(u->rate_limits);
	*u = got;
	ret = 0;
	goto out;
nomem:
	error_set(err, ENOMEM, "cannot read the transcript");
out:
	if (ret == -1)
		json_decref(got.rate_limits);
	json_decref(work);
	free(buf);
	close(fd);
	return ret;
}
